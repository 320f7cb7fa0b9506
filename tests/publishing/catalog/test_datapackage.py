"""The Frictionless Data Package: what a data tool loads from /api/v1/datapackage.json."""

import json
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.urls import reverse
from frictionless import Package, validate

from locations.models import Source
from metrics.importers import import_documents
from publishing.catalog.datasets import TABLES
from tests.conftest import fixture_documents


def descriptor(api) -> dict:
    response = api.get("/api/v1/datapackage.json")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def flat_keys(row: dict, prefix: str = "") -> list[str]:
    """A JSON row's keys as CSV columns: nested objects flattened with `_`, lists kept as one column."""
    keys = []
    for key, value in row.items():
        if isinstance(value, dict):
            keys.extend(flat_keys(value, f"{prefix}{key}_"))
        else:
            keys.append(f"{prefix}{key}")
    return keys


def resources(api) -> dict[str, dict]:
    return {resource["name"]: resource for resource in descriptor(api)["resources"]}


def test_descriptor_is_a_valid_tabular_data_package(api, db):
    report = Package.validate_descriptor(descriptor(api))
    assert report.valid, report.flatten(["type", "note"])


def test_every_table_is_a_csv_resource_at_an_absolute_url(api, db):
    found = resources(api)
    assert set(found) == {*TABLES, "metrics-sdmx"}
    assert found.pop("metrics-sdmx")["path"] == "http://testserver/api/v1/metrics/?format=sdmx-csv&lang=de"
    for name, resource in found.items():
        assert resource["path"] == f"http://testserver{reverse(TABLES[name].route)}?format=csv"
        assert resource["format"] == "csv"
        assert resource["mediatype"] == "text/csv"


@pytest.mark.parametrize("name", sorted(TABLES))
def test_field_names_are_the_json_field_names(api, published, name):
    resource = resources(api)[name]
    rows = api.get(resource["path"].removeprefix("http://testserver").removesuffix("?format=csv")).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert rows, f"the fixtures give {name} no row"
    assert [field["name"] for field in resource["schema"]["fields"]] == flat_keys(rows[0])


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_field_has_a_type_and_a_description(api, db, name):
    for field in resources(api)[name]["schema"]["fields"]:
        assert field["type"] in {"string", "integer", "number", "boolean", "date", "datetime", "array"}
        assert field["description"], f"{name}.{field['name']} has no description"


@pytest.mark.parametrize(
    ("name", "column", "type_"),
    [
        ("metrics", "value", "number"),
        ("metrics", "year", "integer"),
        ("metrics", "period_start", "date"),
        ("metrics", "derived", "boolean"),
        ("refugees", "total", "integer"),
        ("refugee-breakdowns", "share_percent", "number"),
        ("budgets", "total", "number"),
        ("budgets", "unitemized_amount", "number"),
        ("locations", "latitude", "number"),
        ("sources", "url", "string"),
        ("locations", "services", "array"),
        ("locations", "facts", "array"),
        ("refugees", "breakdowns", "array"),
        ("budgets", "categories", "array"),
    ],
)
def test_field_types(api, db, name, column, type_):
    fields = {field["name"]: field for field in resources(api)[name]["schema"]["fields"]}
    assert fields[column]["type"] == type_


def test_descriptions_carry_units(api, db):
    fields = {field["name"]: field for field in resources(api)["budgets"]["schema"]["fields"]}
    assert "EUR" in fields["total"]["description"]
    metrics = {field["name"]: field for field in resources(api)["metrics"]["schema"]["fields"]}
    assert "percent" in metrics["value"]["description"]
    assert metrics["unit"]["constraints"]["enum"] == ["percent", "percent_change", "persons", "EUR"]


@pytest.mark.parametrize(
    ("name", "primary_key"),
    [
        ("metrics", ["id"]),
        ("indicators", ["code"]),
        ("areas", ["code"]),
        ("sources", ["id"]),
        ("locations", ["slug"]),
        ("budgets", ["fiscal_year"]),
    ],
)
def test_primary_keys(api, db, name, primary_key):
    assert resources(api)[name]["schema"]["primaryKey"] == primary_key


@pytest.mark.parametrize(
    ("name", "column", "target", "target_field"),
    [
        ("metrics", "indicator", "indicators", "code"),
        ("metrics", "area", "areas", "code"),
        ("metrics", "source", "sources", "id"),
        ("locations", "source", "sources", "id"),
        ("refugees", "source", "sources", "id"),
        ("refugee-breakdowns", "caseload", "refugees", "id"),
        ("budgets", "source", "sources", "id"),
        ("budget-categories", "fiscal_year", "budgets", "fiscal_year"),
        ("budget-categories", "parent", "", "code"),
    ],
)
def test_foreign_keys_follow_the_models(api, db, name, column, target, target_field):
    foreign_keys = resources(api)[name]["schema"]["foreignKeys"]
    assert {"fields": [column], "reference": {"resource": target, "fields": [target_field]}} in foreign_keys


def test_license_and_sources_travel_with_the_package(api, published):
    package = descriptor(api)
    assert package["licenses"] == [
        {"name": "dl-de-by-2.0", "path": settings.LICENSE_URL, "title": settings.LICENSE_NAME}
    ]
    sources = {source["title"]: source.get("path") for source in package["sources"]}
    assert len(sources) == Source.objects.count()
    [(title, path)] = [(t, p) for t, p in sources.items() if "PD 380-2017" in t]
    assert title.startswith("Kreisverwaltung Mayen-Koblenz: ")
    assert path == Source.objects.get(id="kvmyk-pd-380-2017").url


def test_unknown_query_parameter_is_a_400(api, db):
    response = api.get("/api/v1/datapackage.json", {"resource": "metrics"})
    assert response.status_code == 400
    assert "resource" in response.json()


@pytest.fixture
def published_live(transactional_db, live_server):
    import_documents(documents=fixture_documents())
    return live_server


def test_frictionless_validates_every_resource_against_the_running_server(published_live):
    base = published_live.url
    with urllib.request.urlopen(f"{base}/api/v1/datapackage.json", timeout=10) as answer:
        package = json.load(answer)
    report = validate(package)
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])


def test_descriptor_claims_no_date_of_its_own(api, published):
    """When data changed is the catalogue's dct:modified (from the change log); a `created` here would contradict it.

    The only dates are the sources' publication dates, in their titles.
    """
    package = descriptor(api)
    assert not {"created", "modified", "lastModified"} & set(package)
    assert not any({"created", "modified", "lastModified"} & set(resource) for resource in package["resources"])
