"""schema.org Dataset JSON-LD on the front page (read with extruct, as search engines do), sitemap and robots.txt."""

import xml.etree.ElementTree as ET

import extruct
import pytest

from publishing.catalog.datasets import DATASETS

REQUIRED = (
    "name", "description", "license", "creator", "publisher", "temporalCoverage", "spatialCoverage",
    "distribution", "dateModified", "isAccessibleForFree",
)  # fmt: skip


@pytest.mark.parametrize("language", ["de", "en"])
def test_landing_page_describes_every_data_set_as_schema_org_dataset(client, published, language):
    html = client.get(f"/?lang={language}").content.decode()
    found = extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld"])["json-ld"]
    datasets = [item for item in found if item.get("@type") == "Dataset"]
    assert [d["name"] for d in datasets] == [spec.title[language] for spec in DATASETS]
    for dataset in datasets:
        for field in REQUIRED:
            assert dataset.get(field) not in (None, "", []), (dataset["name"], field)
        assert dataset["license"] == "https://www.govdata.de/dl-de/by-2-0"
        assert dataset["isAccessibleForFree"] is True
        assert dataset["creator"]["@type"] == "Organization"
        start, end = dataset["temporalCoverage"].split("/")
        assert start <= end
        for download in dataset["distribution"]:
            assert download["@type"] == "DataDownload"
            assert download["contentUrl"].startswith("http://testserver/api/v1/")
            assert "/" in download["encodingFormat"]
    metrics = datasets[0]
    assert metrics["temporalCoverage"] == "2005-01-01/2025-08-31"  # to August 2025 (fixtures/)
    formats = {d["encodingFormat"] for d in metrics["distribution"]}
    assert {"application/json", "text/csv"} <= formats


def test_distribution_urls_answer(client, published):
    html = client.get("/").content.decode()
    found = extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld"])["json-ld"]
    urls = {d["contentUrl"] for item in found for d in item["distribution"]}
    for url in sorted(urls):
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, url


def test_sitemap_lists_the_pages_and_every_chart_page(client, published):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and "xml" in response["Content-Type"]
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", ns)]
    assert "http://testserver/" in locations and "http://testserver/?lang=en" in locations
    assert "http://testserver/embed/indicators/unemployment_rate/" in locations
    for location in locations:
        assert client.get(location.removeprefix("http://testserver")).status_code == 200, location


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines and "User-agent: *" in lines
