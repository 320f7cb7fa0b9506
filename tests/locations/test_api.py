"""The locations app's endpoints: areas, sites and sources."""

import csv
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from locations.models import Location
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


# slug: (municipality key, the source that states it, the key as that page writes it); Weißenthurm: no page found.
MUNICIPALITY_KEYS = {
    "andernach": ("07137003", "wikipedia-de-andernach", "07 1 37 003"),
    "bendorf": ("07137203", "de-academic-bendorf", "07 1 37 203"),
    "koblenz": ("07111000", "wikipedia-de-koblenz-2007", "07 1 11 000"),
    "mayen": ("07137068", "de-academic-mayen", "07 1 37 068"),
    "weissenthurm": (None, None, None),
}


def test_each_municipality_key_is_shown_beside_the_source_that_states_it(api, published):
    sites = {row["slug"]: row for row in results(api.get("/api/v1/locations/"))}
    assert {slug: (row["municipality_code"], row["municipality_code_source"]) for slug, row in sites.items()} == {
        slug: (code, source) for slug, (code, source, _) in MUNICIPALITY_KEYS.items()
    }
    fields = list(sites["mayen"])
    assert fields.index("municipality_code_source") == fields.index("municipality_code") + 1
    for code, source_id, written in MUNICIPALITY_KEYS.values():
        if source_id is not None:
            source = assert_json(api.get(f"/api/v1/sources/{source_id}/"), 200)
            assert f"'Gemeindeschlüssel: {written}'" in source["note"]
            assert source["url"].startswith("http")
            assert written.replace(" ", "") == code


@pytest.mark.parametrize("fmt", ["csv", "csv-de", "geojson"])
def test_municipality_key_and_source_are_in_every_download(api, published, fmt):
    response = api.get(f"/api/v1/locations/?format={fmt}")
    body = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    if fmt == "geojson":
        features = {f["id"]: f["properties"] for f in json.loads(body)["features"]}
        assert features["bendorf"]["municipality_code_source"] == "de-academic-bendorf"
        assert features["weissenthurm"]["municipality_code_source"] is None
        return
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(body), delimiter=";" if fmt == "csv-de" else ",")}
    assert (rows["bendorf"]["municipality_code"], rows["bendorf"]["municipality_code_source"]) == (
        "07137203", "de-academic-bendorf",
    )  # fmt: skip
    assert (rows["weissenthurm"]["municipality_code"], rows["weissenthurm"]["municipality_code_source"]) == ("", "")


@pytest.mark.parametrize(
    ("code", "source"), [("07137999", None), (None, "kvmyk-pd-380-2017")], ids=["key-without-source", "source-alone"]
)
def test_the_database_refuses_a_key_without_its_source_and_a_source_without_a_key(published, code, source):
    with pytest.raises(IntegrityError), transaction.atomic():
        Location.objects.filter(slug="weissenthurm").update(municipality_code=code, municipality_code_source=source)
    site = Location.objects.get(slug="weissenthurm")
    assert (site.municipality_code, site.municipality_code_source_id) == (None, None)


def test_a_key_needs_its_source_in_full_clean_too(published):
    site = Location.objects.get(slug="weissenthurm")
    site.municipality_code = "07137999"
    with pytest.raises(ValidationError) as refused:
        site.full_clean()
    assert "municipality_code_source" in refused.value.message_dict
