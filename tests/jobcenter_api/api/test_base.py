"""What every endpoint shares: the root's links, the allow-list of parameters, JSON errors."""

import pytest
from django.db import DatabaseError

from tests.assertions import assert_bad_parameter, assert_json, assert_not_found

ENDPOINTS = [
    "/api/v1/",
    "/api/v1/indicators/",
    "/api/v1/indicators/unemployment_rate/",
    "/api/v1/indicators/unemployment_rate/series/",
    "/api/v1/areas/",
    "/api/v1/areas/07137/",
    "/api/v1/metrics/",
    "/api/v1/metrics/{metric}/",
    "/api/v1/years/",
    "/api/v1/years/2017/",
    "/api/v1/locations/",
    "/api/v1/locations/mayen/",
    "/api/v1/refugees/",
    "/api/v1/refugees/{caseload}/",
    "/api/v1/refugees/breakdowns/",
    "/api/v1/budgets/",
    "/api/v1/budgets/2017/",
    "/api/v1/budgets/categories/",
    "/api/v1/sources/",
    "/api/v1/sources/kvmyk-pd-380-2017/",
]
# Endpoints that answer in other formats than JSON, but check their parameters the same way.
CATALOGUE = ["/api/v1/catalog", "/api/v1/catalog.ttl", "/api/v1/catalog.jsonld", "/api/v1/datapackage.json"]


@pytest.fixture
def endpoint(published, request):
    from metrics.models import Observation, RefugeeCaseload

    ids = {"metric": Observation.objects.first().pk, "caseload": RefugeeCaseload.objects.first().pk}
    return request.param.format(**ids)


@pytest.mark.parametrize("endpoint", ENDPOINTS + CATALOGUE, indirect=True)
@pytest.mark.parametrize(
    ("query", "name"),
    [("yaer=2016", "yaer"), ("lang=fr", "lang"), ("format=xml", "format"), ("format=pdf", "format")],
)
def test_every_endpoint_rejects_unknown_parameter_bad_lang_and_unknown_format(api, endpoint, query, name):
    assert_bad_parameter(api.get(f"{endpoint}?{query}"), name)


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/metrics/?area=07137&area=07", "area"),
        ("/api/v1/metrics/?year=2016&year=2017", "year"),
        ("/api/v1/indicators/staff/series/?area=07137&area=07137", "area"),
        ("/api/v1/budgets/?limit=1&limit=2", "limit"),
        ("/api/v1/?lang=de&lang=en", "lang"),
    ],
)
def test_a_repeated_parameter_is_a_400_not_its_last_value(api, published, path, name):
    (message,) = assert_bad_parameter(api.get(path), name)
    assert "comma list" in message


@pytest.mark.parametrize("endpoint", ENDPOINTS, indirect=True)
def test_every_endpoint_answers_json_with_license_link(api, endpoint):
    response = api.get(f"{endpoint}?lang=en&format=json")
    assert_json(response, 200)
    assert response["Link"] == '<https://www.govdata.de/dl-de/by-2-0>; rel="license"'
    assert response["Content-Language"] == "en"


def test_unacceptable_accept_header_is_a_json_406(api, published):
    response = api.get("/api/v1/metrics/", HTTP_ACCEPT="application/xml")
    assert set(assert_json(response, 406)) == {"detail"}


def test_root_links_every_collection_and_each_resolves(api, published):
    body = assert_json(api.get("/api/v1/"), 200)
    assert body["license"] == {
        "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
        "id": "dl-de/by-2-0",
        "url": "https://www.govdata.de/dl-de/by-2-0",
    }
    assert "Mayen-Koblenz" in body["publisher"]
    lists = {
        "indicators", "areas", "metrics", "years", "locations", "refugees", "refugee_breakdowns", "budgets",
        "budget_categories", "sources",
    }  # fmt: skip
    assert lists <= set(body["collections"])
    for name, url in body["collections"].items():
        assert url.startswith("http://testserver/api/v1/")
        response = api.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        if name in lists:
            assert "results" in assert_json(response, 200)
    assert api.get(body["docs"]).status_code == 200
    assert api.get(body["schema"]).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/nothing/", "/nothing", "/api/v2/", "/api/v1/metrics/1/extra/"])
def test_unknown_url_is_a_json_404_with_debug_off(api, db, settings, path):
    settings.DEBUG = False
    assert_not_found(api.get(path))


def test_healthz_and_readyz(api, db):
    assert assert_json(api.get("/healthz"), 200) == {"status": "ok"}
    assert assert_json(api.get("/readyz"), 200) == {"status": "ok", "databases": {"default": {"status": "ok"}}}


def test_readyz_is_503_when_the_database_does_not_answer(api, db, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr("jobcenter_api.views.connection.cursor", broken)
        response = api.get("/readyz")
    assert assert_json(response, 503)["status"] == "unavailable"


def test_cors_is_open_for_reads(api, published):
    response = api.get("/api/v1/metrics/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_whitenoise_serves_the_docs_static_files_without_collectstatic(api, db):
    response = api.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]
    assert b"SwaggerUI" in b"".join(response.streaming_content)[:2_000_000]
