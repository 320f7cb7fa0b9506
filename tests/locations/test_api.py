"""The locations app's endpoints: areas, sites and sources."""

import pytest

from tests.assertions import assert_json, assert_not_found, results

SOURCE = "kvmyk-pd-380-2017"


def test_areas_list(api, published):
    assert results(api.get("/api/v1/areas/")) == [
        {"code": "07", "name": "Rheinland-Pfalz", "name_de": "Rheinland-Pfalz", "name_en": "Rhineland-Palatinate",
         "level": "state"},
        {"code": "07137", "name": "Landkreis Mayen-Koblenz", "name_de": "Landkreis Mayen-Koblenz",
         "name_en": "District of Mayen-Koblenz", "level": "district"},
        {"code": "DG", "name": "Deutschland", "name_de": "Deutschland", "name_en": "Germany", "level": "country"},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [("level=state", ["07"]), ("level=country", ["DG"]), ("level=district", ["07137"]), ("level=municipality", [])],
)
def test_areas_filter_by_level(api, published, query, expected):
    assert [row["code"] for row in results(api.get(f"/api/v1/areas/?{query}"))] == expected


def test_area_detail_by_regional_key_in_both_languages(api, published):
    assert assert_json(api.get("/api/v1/areas/DG/"), 200)["name"] == "Deutschland"
    assert assert_json(api.get("/api/v1/areas/DG/?lang=en"), 200)["name"] == "Germany"
    assert assert_json(api.get("/api/v1/areas/07137/"), 200)["level"] == "district"


def test_locations_list_the_five_sites(api, published):
    assert [row["slug"] for row in results(api.get("/api/v1/locations/"))] == [
        "andernach", "bendorf", "koblenz", "mayen", "weissenthurm",
    ]  # fmt: skip


def test_location_detail(api, published):
    site = assert_json(api.get("/api/v1/locations/bendorf/"), 200)
    assert site["city"] == "Bendorf"
    assert site["municipality_code"] == "07137203"
    assert site["source"] == SOURCE


def test_sources_list_and_detail(api, published):
    rows = {row["id"]: row for row in results(api.get("/api/v1/sources/"))}
    assert list(rows) == sorted(rows)
    assert assert_json(api.get(f"/api/v1/sources/{SOURCE}/"), 200) == rows[SOURCE]


@pytest.mark.parametrize(
    "path",
    ["/api/v1/areas/XX/", "/api/v1/areas/07-1/", "/api/v1/locations/nowhere/", "/api/v1/sources/nope/"],
)  # fmt: skip
def test_unknown_code_in_path_is_a_json_404(api, published, settings, path):
    settings.DEBUG = False
    assert_not_found(api.get(path))


@pytest.mark.parametrize("path", ["/api/v1/locations/%00/", "/api/v1/sources/x%00/", "/api/v1/areas/A%00/"])
def test_nul_in_path_is_a_json_400(api, published, settings, path):
    settings.DEBUG = False
    response = api.get(path)
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    assert "NUL" in response.json()["detail"]
