"""The OpenAPI schema: generated without warnings, committed as docs/openapi.yaml, complete."""

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests import endpoints

ROOT = Path(__file__).resolve().parents[3]
COMMITTED = ROOT / "docs" / "openapi.yaml"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> str:
    """What `manage.py spectacular --validate --fail-on-warn` writes now."""
    out = tmp_path_factory.mktemp("schema") / "openapi.yaml"
    completed = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn", "--file", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Warning" not in completed.stderr, completed.stderr
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def schema(generated) -> dict:
    return yaml.safe_load(generated)


def test_committed_schema_is_what_the_code_generates(generated):
    assert COMMITTED.read_text(encoding="utf-8") == generated, "docs/openapi.yaml is stale: run `make schema`"


def _unnamed(path: str) -> str:
    return re.sub(r"\{\w+\}", "{}", path)


def api_routes() -> set[str]:
    """Every route under /api/v1/ of the URL conf (tests/endpoints.py), in the schema's form."""
    return {endpoint.unnamed_path for endpoint in endpoints.ENDPOINTS if endpoint.is_api}


def documented(schema: dict) -> set[str]:
    return {_unnamed(path) for path in schema["paths"]}


def test_every_api_path_of_the_urlconf_is_documented(schema):
    routes = api_routes()
    assert len(routes) >= 20
    assert routes <= documented(schema), routes - documented(schema)


def test_nothing_is_documented_that_does_not_exist(schema):
    assert documented(schema) <= api_routes()


def test_every_operation_documents_400_and_each_path_value_404(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"200", "201", "204"} & set(responses), (path, method)
            assert "400" in responses, (path, method)
            if "{" in path:
                assert "404" in responses, (path, method)
            if not path.endswith(".atom"):  # the feed has no names to translate
                assert "lang" in {p["name"] for p in operation.get("parameters", [])}, (path, method)


def test_every_operation_documents_the_429_of_a_rate_limit(schema):
    """jobcenter_api.http.throttling answers past THROTTLE_ANON/THROTTLE_USER on every path under /api/."""
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            throttled = operation["responses"].get("429", {})
            assert throttled.get("content", {}).get("application/json"), (path, method)
            assert throttled["headers"]["Retry-After"]["schema"] == {"type": "integer"}, (path, method)


def test_error_shapes_are_components(schema):
    components = schema["components"]["schemas"]
    messages = {"type": "array", "items": {"type": "string"}}
    assert messages in components["ValidationError"]["additionalProperties"]["oneOf"]
    assert components["DetailError"]["required"] == ["detail"]


def test_a_write_documents_the_400_of_a_body_that_is_not_json(schema):
    """DRF's parser answers `{"detail": "JSON parse error…"}`: no field to name."""
    bad_request = schema["paths"]["/api/v1/metrics/"]["post"]["responses"]["400"]["content"]["application/json"]
    refs = {option["$ref"].rsplit("/", 1)[1] for option in bad_request["schema"]["oneOf"]}
    assert refs == {"ValidationError", "DetailError"}
    assert "409" in schema["paths"]["/api/v1/metrics/"]["post"]["responses"]


def test_request_decimals_state_their_places_and_magnitude(schema):
    """A value with more decimal places or whole digits than its column is a 400, so the schema says so."""
    components = schema["components"]["schemas"]
    value = components["ObservationRequest"]["properties"]["value"]
    assert value["x-decimal-places"] == 4
    assert (value["maximum"], value["exclusiveMaximum"]) == (10**11, True)
    assert components["BudgetRequest"]["properties"]["total"]["x-decimal-places"] == 2
    assert components["LocationRequest"]["properties"]["latitude"]["x-decimal-places"] == 6


def test_no_schema_states_a_multiple_of_that_real_figures_fail(schema):
    """Float division makes -23.9 no multiple of 0.0001 in jsonschema or ajv: no `multipleOf` anywhere."""
    assert "multipleOf" not in json.dumps(schema)
    value = schema["components"]["schemas"]["ObservationRequest"]["properties"]["value"]
    # OpenAPI 3.0's schemas are JSON Schema draft 4 (a boolean exclusiveMaximum).
    validator = jsonschema.Draft4Validator(value)
    assert [list(validator.iter_errors(figure)) for figure in (-23.9, -11.8, 3.3)] == [[], [], []]


def test_text_that_may_not_be_blank_asks_for_a_character_python_does_not_strip(schema):
    """DRF strips what str.isspace() calls whitespace; a field with only that is blank, a 400."""
    name = schema["components"]["schemas"]["LocationRequest"]["properties"]["name"]
    every = [chr(code) for code in range(0x110000)]
    assert [char for char in every if (re.search(name["pattern"], char) is None) != char.isspace()] == []
    assert "pattern" not in schema["components"]["schemas"]["ObservationRequest"]["properties"]["note"]


def test_request_dates_of_observations_lie_in_the_published_years(schema):
    period = schema["components"]["schemas"]["ObservationRequest"]["properties"]["period_end"]
    assert period["format"] == "date" and re.match(period["pattern"], "2100-12-31")
    assert not re.match(period["pattern"], "2101-01-01")


def test_every_filter_is_a_documented_parameter(schema):
    parameters = {p["name"] for p in schema["paths"]["/api/v1/metrics/"]["get"]["parameters"]}
    assert parameters >= {
        "indicator", "area", "year", "year_min", "year_max", "last", "granularity", "qualifier", "source",
        "ordering", "limit", "offset", "lang",
    }  # fmt: skip
    series = {p["name"] for p in schema["paths"]["/api/v1/indicators/{code}/series/"]["get"]["parameters"]}
    assert series >= {"area", "granularity", "year_min", "year_max", "code", "lang"}


def test_description_states_license_and_source(schema):
    info = schema["info"]
    assert info["license"]["url"] == "https://www.govdata.de/dl-de/by-2-0"
    assert "PD 380-2017" in info["description"]
    assert "dl-de/by-2-0" in info["description"]


def test_schema_is_served(api, db):
    response = api.get("/api/schema/?format=json")
    assert response.status_code == 200
    assert documented(response.json()) == api_routes()


def test_every_operation_has_a_summary(schema):
    missing = [
        (path, method) for path, item in schema["paths"].items() for method, op in item.items() if not op.get("summary")
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("path", "method", "summary"),
    [
        ("/api/v1/metrics/", "get", "List observations"),
        ("/api/v1/metrics/{id}/", "get", "One observation"),
        ("/api/v1/metrics/", "post", "Publish an observation (editors)"),
        ("/api/v1/metrics/{id}/", "patch", "Correct fields of an observation (editors)"),
        ("/api/v1/areas/", "get", "List areas"),
        ("/api/v1/sources/{id}/", "delete", "Remove a source no figure cites (editors)"),
        ("/api/v1/locations/", "get", "List the Jobcenter's sites"),
        ("/api/v1/budgets/categories/{id}/", "delete", "Withdraw a budget category and its children (editors)"),
    ],
)
def test_crud_summaries_are_built_from_the_record_names(schema, path, method, summary):
    """By JobcenterAutoSchema from the model's verbose names and the view's few words (schema_name, schema_verbs …)."""
    assert schema["paths"][path][method]["summary"] == summary
