"""Nasty input: each a 4xx JSON error naming what is wrong, never a 500, nothing written.

Query parameters and path parameters come from the live OpenAPI schema, so every
filter and slug an endpoint gains is covered without touching this file.
"""

import json
import re
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from drf_spectacular.generators import SchemaGenerator

from tests import endpoints
from tests.hardening.editors import editor_token

LONG = "x" * 10_000
FORTY_NINES = "9" * 40
SQL_LIKE = ["' OR '1'='1", "1; DROP TABLE metrics_observation; --", "1 UNION SELECT password FROM auth_user"]
PATH_LIKE = ["../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd", "%2e%2e%2f"]
NUL = "a\x00b"

SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
GET_OPERATIONS = [(path, item["get"]) for path, item in SCHEMA["paths"].items() if "get" in item]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def concrete(path: str) -> str:
    """The schema's path with its parameter filled in with an object that exists (tests/endpoints.py)."""
    unnamed = PLACEHOLDER.sub("{}", path)
    (name,) = [endpoint.name for endpoint in endpoints.ENDPOINTS if endpoint.unnamed_path == unnamed]
    return endpoints.path(name)


QUERY_PARAMETERS = {
    path: [parameter["name"] for parameter in operation.get("parameters", []) if parameter["in"] == "query"]
    for path, operation in GET_OPERATIONS
}
SLUG_PATHS = [path for path, _ in GET_OPERATIONS if PLACEHOLDER.search(path)]
NASTY_VALUES = {"10,000 characters": LONG, "NUL": NUL, **{v: v for v in SQL_LIKE + PATH_LIKE}}


def data_counts() -> dict[str, int]:
    models = [*apps.get_app_config("metrics").get_models(), *apps.get_app_config("locations").get_models()]
    return {model._meta.label: model.objects.count() for model in models}


@pytest.fixture
def nothing_written(published):
    before = data_counts()
    yield
    assert data_counts() == before


def assert_json_error(response, status: int | None = None, field: str | None = None) -> dict:
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    if status is not None:
        assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    if field is not None:
        assert field in body, body
    return body


def get(api, path: str, **params: str):
    return api.get(f"{path}?{urlencode(params)}" if params else path)


def test_the_schema_gives_every_parameter_to_test():
    assert sum(map(len, QUERY_PARAMETERS.values())) > 30
    assert len(SLUG_PATHS) >= 8


@pytest.mark.parametrize("path", QUERY_PARAMETERS)
def test_nasty_query_values_are_a_400_naming_the_parameter(api, nothing_written, path):
    """10,000 characters, NUL, SQL- and path-like strings in every query parameter."""
    url = concrete(path)
    wrong = []
    for name in QUERY_PARAMETERS[path]:
        for label, value in NASTY_VALUES.items():
            response = get(api, url, **{name: value})
            is_json = response["Content-Type"].startswith("application/json")
            if response.status_code != 400 or not is_json or name not in response.json():
                wrong.append((name, label, response.status_code, response.content[:200]))
    assert wrong == []


def test_a_nul_byte_in_a_query_name_is_a_400(api, nothing_written):
    assert_json_error(api.get("/api/v1/metrics/?ye%00ar=2017"), 400, "ye\\0ar")


@pytest.mark.parametrize("throttled", [False, True])
def test_a_nul_byte_in_a_header_is_a_400_naming_it(api, nothing_written, settings, throttled):
    """Even where the throttle would look the token up (PostgreSQL cannot take NUL)."""
    if throttled:
        settings.THROTTLE_ANON = settings.THROTTLE_USER = "1000/minute"
    response = api.post(WRITE_PATH, {}, format="json", HTTP_AUTHORIZATION=f"Token {NUL}")
    assert_json_error(response, 400, "Authorization")
    assert_json_error(api.get("/api/v1/areas/", HTTP_ACCEPT_LANGUAGE=NUL), 400, "Accept-Language")


@pytest.mark.parametrize("path", SLUG_PATHS)
def test_nasty_path_parameters_are_a_json_4xx(api, nothing_written, path):
    """10,000 characters, SQL- and path-like strings are a 404; NUL is a 400."""
    wrong = []
    for label, value in NASTY_VALUES.items():
        response = api.get(PLACEHOLDER.sub(quote(value, safe=""), path))
        expected = 400 if value == NUL else 404
        is_json = response["Content-Type"].startswith("application/json")
        if response.status_code != expected or not is_json or "detail" not in response.json():
            wrong.append((label, response.status_code, response.content[:200]))
    assert wrong == []


def test_a_path_traversal_outside_the_api_is_a_json_404(api, nothing_written):
    assert_json_error(api.get("/api/v1/../../../etc/passwd"), 404)
    assert_json_error(api.get("/static/../../jobcenter_api/settings.py"), 404)


def test_a_huge_limit_is_capped_not_refused(api, nothing_written):
    """As documented: `limit` is capped at 1000. Absurd numbers elsewhere are rows of tests/bad_parameters.py."""
    response = get(api, "/api/v1/metrics/", limit="9" * 40 + "0" * 100)
    assert response.status_code == 200
    assert response.json()["next"] is None


def test_year_min_above_year_max_says_so(api, published):
    body = get(api, "/api/v1/metrics/", year_min="2017", year_max="2005").json()
    assert body == {"year_min": ["year_min must not be greater than year_max."]}


def test_the_largest_offset_is_an_empty_page(api, published):
    response = get(api, "/api/v1/metrics/", offset="1000000000")
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_an_unknown_url_is_a_json_404(api, nothing_written):
    assert assert_json_error(api.get("/no/such/page"), 404) == {"detail": "Not found."}


def test_a_disallowed_host_is_a_json_400(api, nothing_written):
    assert_json_error(api.get("/api/v1/", HTTP_HOST="evil.example"), 400, "detail")


def test_too_many_query_fields_are_a_json_400(api, nothing_written):
    query = "&".join(f"f{i}=1" for i in range(1100))
    assert_json_error(api.get(f"/api/v1/metrics/?{query}"), 400, "detail")


def test_an_undeclared_method_is_a_405_whatever_the_parameters(api, nothing_written):
    response = api.generic("TRACE", "/api/v1/areas/?level=country&limit=1")
    assert_json_error(response, 405, "detail")
    assert response["Allow"] == "GET, HEAD, OPTIONS"


# Bodies. Writes belong to the publishing issue: these go to the real write endpoint
# (with an editor's token once it exists) and to a view that parses with our parser.

WRITE_PATH = "/api/v1/metrics/"
NOT_UTF8 = '{"note": "caf\xe9"}'.encode("latin-1")
DEEP_JSON = b"[" * 100_000 + b"]" * 100_000


def write_headers() -> dict[str, str]:
    token = editor_token()
    return {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}


@pytest.mark.parametrize(
    "body",
    [NOT_UTF8, DEEP_JSON, b"{", b"\xff\xfe\x00", b'{"note": "a\\u0000b"}'],
    ids=["latin-1", "deep", "cut", "bom", "nul"],
)
def test_a_malformed_body_to_the_write_endpoint_is_a_4xx_and_writes_nothing(api, nothing_written, body):
    assert_json_error(api.generic("POST", WRITE_PATH, body, "application/json", **write_headers()))


@pytest.mark.urls("tests.hardening.urls")
@pytest.mark.parametrize(
    ("body", "message"),
    [
        (NOT_UTF8, "JSON parse error"),
        (DEEP_JSON, "nested too deeply"),
        (b"{", "JSON parse error"),
        (b'{"note": "a\\u0000b"}', "NUL"),
        (b'[{"a\\u0000": 1}]', "NUL"),
    ],
    ids=["latin-1", "deep", "cut", "nul-value", "nul-key"],
)
def test_a_malformed_body_is_a_400_from_our_parser(api, nothing_written, body, message):
    body = assert_json_error(api.generic("POST", "/test/echo/", body, "application/json"), 400, "detail")
    assert message in body["detail"]


@pytest.mark.urls("tests.hardening.urls")
def test_a_body_within_the_limit_is_parsed(api, settings):
    response = api.generic("POST", "/test/echo/", json.dumps({"a": [1] * 1000}), "application/json")
    assert response.json() == {"received": "dict"}


@pytest.mark.urls("tests.hardening.urls")
@pytest.mark.parametrize("path", [WRITE_PATH, "/test/echo/"])
def test_a_body_over_the_size_limit_is_a_413_before_it_is_read(api, nothing_written, settings, path):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"note": "x" * 2000})
    response = api.generic("POST", path, body, "application/json", **write_headers())
    assert assert_json_error(response, 413) == {"detail": "The request body is larger than 1000 bytes."}


@pytest.mark.urls("tests.hardening.urls")
@pytest.mark.parametrize("path", ["/test/too-big/", "/test/too-big-drf/"])
def test_django_request_data_too_big_is_a_json_413(api, nothing_written, path):
    assert_json_error(api.post(path), 413, "detail")
