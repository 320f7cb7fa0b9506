"""Production settings on a real gunicorn: secure by default, one JSON log line per request, shared throttles."""

import json
import os
import secrets
import subprocess
import sys

import pytest

from tests.hardening.servers import ROOT, Gunicorn, get, load_database, parse_policy, production_env

HTTPS = {"X-Forwarded-Proto": "https"}


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('production') / 'db.sqlite3'}"
    load_database(production_env(DATABASE_URL=url))
    return url


@pytest.fixture(scope="module")
def server(database):
    """gunicorn as deployed behind a TLS-terminating proxy that sets X-Forwarded-Proto."""
    server = Gunicorn(production_env(DATABASE_URL=database), workers=1)
    yield server
    server.stop()


def log_lines(server: Gunicorn) -> list[dict]:
    return [json.loads(line) for line in server.log.read_text().splitlines() if line.startswith("{")]


def test_production_settings_pass_the_deploy_check_with_no_warning():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(SECRET_KEY=secrets.token_urlsafe(50)),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_plain_http_is_redirected_to_https(server):
    status, headers, _ = get(f"{server.url}/api/v1/")
    assert status == 301
    assert headers["Location"] == f"https://127.0.0.1:{server.port}/api/v1/"


def test_health_checks_answer_over_plain_http(server):
    assert get(f"{server.url}/healthz")[0] == 200
    assert get(f"{server.url}/readyz")[0] == 200


def test_https_responses_carry_the_security_headers(server):
    status, headers, _ = get(f"{server.url}/api/v1/", HTTPS)
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    csp = parse_policy(headers["Content-Security-Policy"])
    assert csp["default-src"] == csp["script-src"] == ["'self'"]
    assert csp["frame-ancestors"] == csp["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["style-src"]


def test_the_ssl_redirect_can_be_switched_off_where_tls_ends_at_a_proxy(database):
    server = Gunicorn(production_env(DATABASE_URL=database, SECURE_SSL_REDIRECT="false"), workers=1)
    try:
        assert get(f"{server.url}/api/v1/")[0] == 200
    finally:
        server.stop()


def test_every_request_is_one_json_log_line_with_its_id(server):
    secret = "s3cr3t-token-value"
    get(f"{server.url}/api/v1/metrics/?year=2017", {**HTTPS, "Authorization": f"Token {secret}"})
    get(f"{server.url}/api/v1/areas/?token={secret}", {**HTTPS, "X-Request-ID": "proxy-42"})
    status, headers, _ = get(f"{server.url}/no/such/page", {**HTTPS, "X-Request-ID": "bad id\twith spaces"})
    assert status == 404
    lines = log_lines(server)
    metrics, areas, missing = lines[-3:]
    assert metrics["method"] == "GET"
    assert metrics["path"] == "/api/v1/metrics/"
    assert metrics["query"] == "year=2017"
    assert metrics["status"] == 401  # an unknown token, logged without its value
    assert metrics["duration_ms"] > 0
    assert len(metrics["request_id"]) == 32
    assert areas["request_id"] == "proxy-42"
    assert areas["query"] == "token=[redacted]"
    assert missing["status"] == 404
    assert missing["request_id"] == headers["X-Request-ID"] != "bad id\twith spaces"
    assert secret not in server.log.read_text()


def test_the_request_id_is_returned(server):
    _, headers, _ = get(f"{server.url}/api/v1/", {**HTTPS, "X-Request-ID": "abc-123"})
    assert headers["X-Request-ID"] == "abc-123"


REDIS_URL = os.environ.get("JOBCENTER_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")
# The anonymous throttle's key for 127.0.0.1 (DRF's format) in Django's cache (no prefix, version 1).
THROTTLE_KEY = ":1:throttle_anon_127.0.0.1"


def redis_missing() -> str | None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        return f"needs Redis at {REDIS_URL} (set JOBCENTER_TEST_REDIS_URL): {error}"
    return None


@pytest.mark.skipif(bool(redis_missing()) and not os.environ.get("CI"), reason=redis_missing() or "")
def test_the_anonymous_rate_is_shared_by_every_process_through_redis(database):
    """Two gunicorn servers, one Redis: three requests to one use up the rate of both.

    The repeated reads are cache hits: the throttle counts them all the same.
    """
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.delete(THROTTLE_KEY)
    env = production_env(
        DATABASE_URL=database, SECURE_SSL_REDIRECT="false", THROTTLE_ANON="3/minute", REDIS_URL=REDIS_URL
    )
    first, second = Gunicorn(env, workers=2), Gunicorn(env, workers=2)
    try:
        assert [get(f"{first.url}/api/v1/areas/")[0] for _ in range(3)] == [200, 200, 200]
        status, headers, body = get(f"{second.url}/api/v1/areas/")
        assert status == 429
        assert headers["Content-Type"].startswith("application/json")
        assert 0 < int(headers["Retry-After"]) <= 60
        assert "throttled" in json.loads(body)["detail"].lower()
    finally:
        first.stop()
        second.stop()
        client.delete(THROTTLE_KEY)
