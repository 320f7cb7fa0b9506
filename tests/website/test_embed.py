"""The embed page (framed anywhere, nothing from elsewhere, no cookie), oEmbed, and Datawrapper's live data."""

import re

import pytest
from csp.constants import NONE

EMBED = "/embed/indicators/unemployment_rate/"


def csp(response) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip())


def test_embed_page_may_be_framed_anywhere_and_other_pages_may_not(client, published):
    page = client.get(EMBED)
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "X-Frame-Options" not in page
    assert csp(page)["frame-ancestors"] == "*"
    for other in ("/", "/api/docs/", "/api/v1/", "/oembed?url=x"):
        response = client.get(other)
        assert response["X-Frame-Options"] == "DENY", other
        assert csp(response)["frame-ancestors"] == f"'{NONE.strip(chr(39))}'", other


def test_embed_page_sets_no_cookie_and_loads_only_our_own_files(client, published):
    response = client.get(EMBED + "?lang=en&area=07137")
    assert not response.cookies
    page = response.content.decode()
    loaded = re.findall(r'<(?:link|img|script|source)[^>]+(?:href|src|srcset)="([^"]+)"', page)
    assert any("/chart.svg?" in url for url in loaded)
    assert all(url.startswith(("/", "data:")) for url in loaded), loaded
    assert "<script" not in page
    assert "area=07137" in page and "lang=en" in page  # the page's filters reach the chart and the data links


def test_embed_page_has_source_citation_data_links_and_oembed_discovery(client, published):
    page = client.get(EMBED).content.decode()
    caption = page.split("<figcaption>")[1].split("</figcaption>")[0]
    assert (
        "Quelle: " in caption
        and "Blick aktuell (2013)" in caption
        and "Kreisverwaltung Mayen-Koblenz (2017)" in caption
    )
    assert "dl-de/by-2-0" in caption and "Stand:" in caption
    assert "Zitieren" in page
    for link in ("format=csv", "chart.png", "chart.vl.json"):
        assert link in page
    discovery = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', page)
    assert discovery
    oembed = client.get(discovery.group(1).replace("&amp;", "&"))
    assert oembed.status_code == 200 and oembed.json()["type"] == "rich"
    assert "<table" in page and "rund 3,3 %" in page  # the values as a table, the text alternative


@pytest.mark.parametrize(("query", "field"), [("bogus=1", "bogus"), ("year_min=abc", "year_min"), ("lang=xx", "lang")])
def test_embed_page_bad_parameter_is_a_400_naming_it(client, published, query, field):
    response = client.get(f"{EMBED}?{query}")
    assert response.status_code == 400 and field in response.json()


def test_embed_page_unknown_indicator_is_a_404(client, published):
    response = client.get("/embed/indicators/nope/")
    assert response.status_code == 404 and response.json()["detail"]


def test_oembed_gives_rich_iframe_code(client, published):
    url = f"http://testserver{EMBED}?lang=en"
    response = client.get("/oembed", {"url": url, "format": "json", "maxwidth": "600"})
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == "1.0" and body["type"] == "rich" and body["width"] == 600
    assert body["title"] == "Unemployment rate"
    assert f'src="{url}"' in body["html"] and body["html"].startswith("<iframe")


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"url": "https://elsewhere.example/embed/indicators/staff/"}, 400, "url"),
        ({"url": "http://testserver/api/v1/"}, 400, "url"),
        ({"url": "http://testserver/embed/indicators/staff/", "format": "xml"}, 400, "format"),
        ({"url": "http://testserver/embed/indicators/staff/", "bogus": "1"}, 400, "bogus"),
        ({"url": "http://testserver/embed/indicators/staff/?year_min=x"}, 400, "year_min"),
        ({}, 400, "url"),
        ({"url": "http://testserver/embed/indicators/nope/"}, 404, "detail"),
    ],
)
def test_oembed_bad_url_is_a_json_error(client, published, params, status, field):
    response = client.get("/oembed", params)
    assert response.status_code == status and response["Content-Type"] == "application/json"
    assert field in response.json()


def test_series_csv_works_as_datawrappers_external_data_url(client, published):
    response = client.get(
        "/api/v1/indicators/unemployment_rate/series/?format=csv&shape=wide", HTTP_ORIGIN="https://app.datawrapper.de"
    )
    assert response.status_code == 200  # no redirect
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("text/csv")
    header = b"".join(response.streaming_content if response.streaming else [response.content]).decode().splitlines()[0]
    assert header.startswith("area,area_name,")


def test_datawrapper_metadata_has_title_intro_source_byline_and_notes(client, published):
    response = client.get("/api/v1/indicators/unemployment_rate/series/datawrapper.json?lang=de")
    assert response.status_code == 200 and response["ETag"]
    body = response.json()
    assert body["title"] == "Arbeitslosenquote"
    describe = body["describe"]
    assert describe["intro"] and "Kreisverwaltung Mayen-Koblenz" in describe["source-name"]
    assert describe["source-url"].endswith("/api/v1/indicators/unemployment_rate/series/")
    assert describe["byline"] == "Kreisverwaltung Mayen-Koblenz – Jobcenter Mayen-Koblenz"
    assert body["annotate"]["notes"].startswith("Stand: ") and "≈ rund" in body["annotate"]["notes"]
    english = client.get("/api/v1/indicators/unemployment_rate/series/datawrapper.json?lang=en").json()
    assert english["annotate"]["notes"].startswith("as of: ")


def test_datawrapper_metadata_marks_provisional_values(client, published):
    from dataversion.services import bump_version
    from metrics.models import Observation

    Observation.objects.filter(indicator="staff").update(status="provisional")
    bump_version()
    notes = client.get("/api/v1/indicators/staff/series/datawrapper.json").json()["annotate"]["notes"]
    assert "2017: vorläufig" in notes


def test_datawrapper_metadata_is_strict(client, published):
    assert "width" in client.get("/api/v1/indicators/staff/series/datawrapper.json?width=300").json()
    assert client.get("/api/v1/indicators/nope/series/datawrapper.json").status_code == 404
