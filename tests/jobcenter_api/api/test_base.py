"""What every endpoint shares: the root's links, the allow-list of parameters, JSON errors."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError

from tests import endpoints
from tests.assertions import assert_bad_parameter, assert_json, assert_not_found
from tests.bad_parameters import BAD_ON_EVERY_ENDPOINT, BAD_PARAMETERS

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("name", endpoints.names(api=True))
@pytest.mark.parametrize(("query", "parameter"), BAD_ON_EVERY_ENDPOINT)
def test_every_endpoint_rejects_unknown_parameter_bad_lang_and_unknown_format(api, published, name, query, parameter):
    assert_bad_parameter(api.get(f"{endpoints.path(name)}?{query}"), parameter)


@pytest.mark.parametrize(("name", "query", "parameter"), BAD_PARAMETERS)
def test_a_bad_parameter_is_a_400_naming_it(api, published, name, query, parameter):
    assert_bad_parameter(api.get(f"{endpoints.path(name)}?{query}"), parameter)


def test_an_empty_item_in_a_comma_list_says_so(api, published):
    (message,) = assert_bad_parameter(api.get("/api/v1/metrics/?ordering=,"), "ordering")
    assert "empty" in message


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


@pytest.mark.parametrize("name", endpoints.names(api=True, json=True))
def test_every_endpoint_answers_json_with_license_link(api, published, name):
    query = "lang=en&format=json" if endpoints.BY_NAME[name].takes_format else "lang=en"
    response = api.get(endpoints.path(f"{name}?{query}"))
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


UNKNOWN_API_PATHS = [
    "/api/v1/nothing/",
    "/api/v2/",
    "/api/v1/metrics/1/extra/",
    "/api/v1/budgets/categories/%C2%84/",
    "/api/v1/changes/feed.atom/x",
    "/api/",
    "/api",
]


@pytest.mark.parametrize("path", [*UNKNOWN_API_PATHS, "/nothing"])
def test_unknown_url_is_a_json_404_with_debug_off(api, db, settings, path):
    settings.DEBUG = False
    assert_not_found(api.get(path))


@pytest.mark.parametrize("path", UNKNOWN_API_PATHS)
def test_unknown_api_url_is_a_json_404_under_debug_too(api, db, settings, path):
    """`make run` runs with DEBUG, where Django answers a 404 with its HTML debug page, not handler404."""
    settings.DEBUG = True
    outside = api.get("/nothing")
    assert outside.status_code == 404 and outside["Content-Type"].startswith("text/html"), "not Django's debug 404"
    assert b"technical_404" in outside.content or b"Page not found" in outside.content
    assert_not_found(api.get(path))


DEBUG_PROCESS = """
from django.core.management import call_command
from django.conf import settings
from django.test import Client

call_command("migrate", verbosity=0)
client = Client(HTTP_HOST="localhost")
for path in ["/nothing", "/api/v1/budgets/categories/%C2%84/"]:
    response = client.get(path)
    print(settings.DEBUG, response.status_code, response["Content-Type"].split(";")[0])
"""


def test_make_run_answers_an_unknown_api_path_with_the_json_404(tmp_path):
    """As `make run` starts it (DEBUG=true from the environment), in a process of its own."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DEBUG": "true", "DATABASE_URL": "sqlite:///:memory:"}
    completed = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", DEBUG_PROCESS],
        cwd=tmp_path,  # no .env here: only the variables above
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    lines = [line for line in completed.stdout.splitlines() if line.startswith(("True", "False"))]
    assert lines == ["True 404 text/html", "True 404 application/json"], completed.stdout


@pytest.mark.parametrize("debug", [False, True])
def test_a_missing_slash_under_api_is_still_added(api, db, settings, debug):
    settings.DEBUG = debug
    response = api.get("/api/v1/metrics?year=2017")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/metrics/?year=2017"


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
