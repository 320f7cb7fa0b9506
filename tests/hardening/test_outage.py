"""A database outage is a 503 JSON, and the same process serves again once the database is back."""

import json
import os

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from tests.hardening.servers import Gunicorn, PostgresCluster, get, load_database, postgres_bin, production_env


@pytest.fixture
def database_down(monkeypatch):
    """Every use of a connection fails as it does when PostgreSQL is stopped."""

    def refuse(self) -> None:
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)


def assert_unavailable(response) -> None:
    assert response.status_code == 503, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/api/v1/metrics/", "/api/v1/locations/bendorf/", "/api/v1/years/"])
def test_api_requests_are_a_503_when_the_database_is_down(api, database_down, path):
    # The response cache's middleware asks the database first, outside DRF: Django's
    # handler500 answers then, as in a real server (the test client would re-raise).
    api.raise_request_exception = False
    response = api.get(path)
    assert_unavailable(response)
    assert response["Retry-After"] == "30"


@pytest.mark.django_db(transaction=True)
def test_readyz_is_a_503_when_the_database_is_down(api, database_down):
    api.raise_request_exception = False
    response = api.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_when_the_database_is_down(api, database_down):
    assert api.get("/healthz").status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.hardening.urls")
def test_a_plain_django_view_is_a_503_when_the_database_is_down(api, database_down):
    """Outside DRF, Django's handler500 sees the OperationalError and answers 503."""
    api.raise_request_exception = False
    assert_unavailable(api.get("/test/plain-query/"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.hardening.urls")
def test_a_plain_django_view_is_a_500_json_for_other_errors(api):
    api.raise_request_exception = False
    response = api.get("/test/plain-error/")
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error."}


def cluster_tools_missing() -> str | None:
    if postgres_bin() is None:
        return "needs PostgreSQL's server binaries (initdb, pg_ctl): apt-get install postgresql"
    if os.geteuid() == 0 and not os.path.exists("/usr/sbin/runuser"):
        return "needs runuser to run initdb as the postgres user"
    return None


@pytest.mark.skipif(bool(cluster_tools_missing()) and not os.environ.get("CI"), reason=cluster_tools_missing() or "")
def test_the_same_server_process_serves_again_after_postgresql_comes_back():
    """gunicorn on a PostgreSQL cluster of its own: stop the cluster, 503s; start it, 200s, same worker."""
    cluster = PostgresCluster()
    server = None
    try:
        env = production_env(DATABASE_URL=cluster.url, SECURE_SSL_REDIRECT="false")
        load_database(env)
        server = Gunicorn(env, workers=1)
        workers = server.worker_pids()
        assert get(f"{server.url}/readyz")[0] == 200
        assert get(f"{server.url}/api/v1/metrics/")[0] == 200

        cluster.stop()
        for path in ("/readyz", "/api/v1/metrics/", "/api/v1/indicators/staff/series/"):
            status, headers, body = get(f"{server.url}{path}")
            assert status == 503, body[:300]
            assert headers["Content-Type"].startswith("application/json")
            assert "detail" in json.loads(body)

        cluster.start()
        status, _, body = get(f"{server.url}/api/v1/metrics/")
        assert status == 200, body[:300]
        assert json.loads(body)["count"] > 0
        assert get(f"{server.url}/readyz")[0] == 200
        assert server.worker_pids() == workers
    finally:
        if server is not None:
            server.stop()
        cluster.remove()
