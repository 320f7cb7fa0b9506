"""Every figure carries a ready citation and a permalink that leads back to it."""

import pytest

LICENSE = "Datenlizenz Deutschland – Namensnennung – Version 2.0, dl-de/by-2-0"
SOURCE = {
    "publisher": "Kreisverwaltung Mayen-Koblenz",
    "title": "PD 380-2017 Jobcenter Mayen-Koblenz ist ein Erfolgsmodell",
    "date": "2017",
    "source_url": (
        "http://www.kvmyk.de/kv_myk/Aktuelles/Pressearchiv%202017/"
        "PD%20380-2017%20Jobcenter%20Mayen-Koblenz%20ist%20ein%20Erfolgsmodell/"
    ),
}


def assert_cited(item, detail_path):
    assert item["permalink"] == f"http://testserver{detail_path}"
    cite = item["cite"]
    assert {key: cite[key] for key in SOURCE} == SOURCE
    assert cite["permalink"] == item["permalink"]
    assert cite["license"] == LICENSE
    assert cite["text"] == (
        "Kreisverwaltung Mayen-Koblenz: PD 380-2017 Jobcenter Mayen-Koblenz ist ein Erfolgsmodell (2017). "
        f"Open-Data-API Jobcenter Mayen-Koblenz, {item['permalink']}. {LICENSE}"
    )


@pytest.mark.parametrize(
    ("list_path", "detail_path"),
    [
        ("/api/v1/metrics/", "/api/v1/metrics/{id}/"),
        ("/api/v1/refugees/", "/api/v1/refugees/{id}/"),
        ("/api/v1/budgets/", "/api/v1/budgets/{fiscal_year}/"),
    ],
)
def test_every_figure_in_lists_and_details_is_cited(api, published, list_path, detail_path):
    items = api.get(list_path).json()["results"]
    assert items
    for item in items:
        path = detail_path.format(**item)
        if item["source"] == "kvmyk-pd-380-2017":
            assert_cited(item, path)
        else:
            assert item["permalink"] == item["cite"]["permalink"] == f"http://testserver{path}"
            assert item["cite"]["license"] == LICENSE
        detail = api.get(item["permalink"])
        assert detail.status_code == 200
        assert detail.json() == item


def test_series_points_and_year_details_are_cited(api, published):
    series = api.get("/api/v1/indicators/unemployment_rate/series/?source=kvmyk-pd-380-2017").json()
    (point,) = [p for s in series["series"] for p in s["points"] if p["period_start"] == "2017-01-01"]
    assert_cited(point, point["permalink"].removeprefix("http://testserver"))
    assert api.get(point["permalink"]).json()["value"] == 3.3
    year = api.get("/api/v1/years/2017/").json()
    for item in [*year["metrics"], *year["refugees"]]:
        assert item["permalink"].startswith("http://testserver/api/v1/")
    assert_cited(year["budgets"][0], "/api/v1/budgets/2017/")
    assert all(item["cite"]["permalink"] == item["permalink"] for item in year["metrics"])


def test_a_source_without_a_date_is_cited_without_one(api, published):
    items = api.get("/api/v1/metrics/?source=wfg-myk-arbeitsmarkt-2018&limit=1").json()["results"]
    cite = items[0]["cite"]
    assert cite["date"] is None
    assert cite["text"].startswith(f"{cite['publisher']}: {cite['title']}. Open-Data-API Jobcenter Mayen-Koblenz, ")


def test_a_permalink_does_not_carry_the_request_format(api, published):
    body = b"".join(api.get("/api/v1/metrics/?format=csv&lang=en").streaming_content).decode()
    first = api.get("/api/v1/metrics/?limit=1").json()["results"][0]["id"]
    assert f"http://testserver/api/v1/metrics/{first}/," in body
    assert "format=csv" not in body


def test_the_schema_lists_every_format(api, published):
    schema = api.get("/api/schema/?format=json").json()
    metrics = schema["paths"]["/api/v1/metrics/"]["get"]
    content = metrics["responses"]["200"]["content"]
    assert set(content) == {
        "application/json",
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.sdmx.data+csv",
    }
    assert content["text/csv"]["schema"]["type"] == "string"
    assert content["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]["schema"]["format"] == "binary"
    format_parameter = next(p for p in metrics["parameters"] if p["name"] == "format")
    assert format_parameter["schema"]["enum"] == ["csv", "csv-de", "json", "jsonstat", "sdmx-csv", "xlsx"]
    locations = schema["paths"]["/api/v1/locations/"]["get"]["responses"]["200"]["content"]
    assert locations["application/geo+json"]["schema"]["properties"]["type"]["enum"] == ["FeatureCollection"]
    series = schema["paths"]["/api/v1/indicators/{code}/series/"]["get"]
    assert "text/csv" in series["responses"]["200"]["content"]
    assert any(p["name"] == "shape" for p in series["parameters"])
    detail = schema["paths"]["/api/v1/metrics/{id}/"]["get"]["responses"]["200"]["content"]
    assert set(detail) == {"application/json"}
    assert "cite" in schema["components"]["schemas"]["Observation"]["properties"]
