"""Secure by default, in-process: CORS, the admin, throttling, and a CSP our own pages live with."""

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from jobcenter_api.http.throttling import ClientRateThrottle
from tests.conftest import CHROMIUM
from tests.hardening.servers import parse_policy


def test_reads_are_open_to_every_origin_without_credentials(api, published):
    response = api.get("/api/v1/metrics/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "X-Request-ID" in response["Access-Control-Expose-Headers"]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_browsers_may_not_write_from_other_origins(api, db, method):
    response = api.options(
        "/api/v1/metrics/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )
    allowed = {m.strip() for m in response.get("Access-Control-Allow-Methods", "").split(",")}
    assert method not in allowed
    assert allowed <= {"GET", "HEAD", "OPTIONS"}


def test_the_admin_sends_anonymous_visitors_to_its_login(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_admin_is_closed_to_users_who_are_not_staff(client, db):
    client.force_login(User.objects.create_user("reader", password="x" * 20))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_admin_is_open_to_staff(client, db):
    client.force_login(User.objects.create_user("editor", password="x" * 20, is_staff=True))
    assert client.get("/admin/").status_code == 200


@pytest.fixture
def anon_rate_of_two(settings):
    """THROTTLE_ANON=2/minute, from a clean count (the counts live in the cache)."""
    settings.THROTTLE_ANON = "2/minute"
    yield
    cache.clear()


@pytest.fixture
def token_client(db) -> APIClient:
    """A client with a valid token of a user who is no editor (reads only)."""
    user = User.objects.create_user("reader")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def assert_throttled(response) -> None:
    """DRF's 429: JSON detail, a Retry-After within the period, readable by any origin."""
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    retry_after = int(response["Retry-After"])
    assert 0 < retry_after <= 60
    assert response.json() == {"detail": f"Request was throttled. Expected available in {retry_after} seconds."}


def test_throttling_is_one_middleware_before_the_response_cache_and_none_in_drf(settings):
    middleware = settings.MIDDLEWARE
    throttle = middleware.index("jobcenter_api.http.throttling.ThrottleMiddleware")
    assert middleware.index("corsheaders.middleware.CorsMiddleware") < throttle
    assert middleware.index("jobcenter_api.http.request_limits.RequestLimitsMiddleware") < throttle
    assert throttle < middleware.index("jobcenter_api.http.caching.ConditionalCacheMiddleware")
    assert api_settings.DEFAULT_THROTTLE_CLASSES == []


def test_no_rate_set_means_no_throttling(api, published, settings):
    settings.THROTTLE_ANON = settings.THROTTLE_USER = ""
    assert {api.get("/api/v1/areas/").status_code for _ in range(5)} == {200}


def test_past_the_rate_a_429_json_with_retry_after(api, published, anon_rate_of_two):
    assert api.get("/api/v1/metrics/").status_code == 200
    assert api.get("/api/v1/areas/").status_code == 200
    response = api.get("/api/v1/sources/", HTTP_ORIGIN="https://example.org")
    assert_throttled(response)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Retry-After" in response["Access-Control-Expose-Headers"]


def test_the_throttle_comes_before_a_response_the_cache_would_serve(api, published, anon_rate_of_two):
    """The same request three times: the third would be a cache hit, and is a 429 all the same."""
    first = api.get("/api/v1/metrics/?year=2017")
    assert api.get("/api/v1/metrics/?year=2017").content == first.content
    assert_throttled(api.get("/api/v1/metrics/?year=2017"))


def test_the_throttle_comes_before_a_304(api, published, anon_rate_of_two):
    etag = api.get("/api/v1/areas/")["ETag"]
    assert api.get("/api/v1/areas/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert_throttled(api.get("/api/v1/areas/", HTTP_IF_NONE_MATCH=etag))


def test_the_schema_and_writes_count_too(api, published, anon_rate_of_two):
    assert api.get("/api/schema/").status_code == 200
    assert api.post("/api/v1/metrics/", {}, format="json").status_code == 401
    assert_throttled(api.get("/api/schema/"))


def test_clients_are_counted_by_address(api, published, anon_rate_of_two):
    assert [api.get("/api/v1/areas/").status_code for _ in range(3)] == [200, 200, 429]
    assert api.get("/api/v1/areas/", REMOTE_ADDR="192.0.2.7").status_code == 200


def test_a_client_cannot_pick_its_address_with_x_forwarded_for(api, published, anon_rate_of_two):
    """Without NUM_PROXIES the connection's address counts, whatever the header says."""
    statuses = [api.get("/api/v1/areas/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)]
    assert statuses == [200, 200, 429]


def test_behind_one_proxy_the_address_it_adds_counts(api, published, anon_rate_of_two, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    chosen = [api.get("/api/v1/areas/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 192.0.2.1") for n in range(3)]
    assert [response.status_code for response in chosen] == [200, 200, 429]
    assert api.get("/api/v1/areas/", HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 200


def test_a_token_has_its_own_rate_apart_from_the_address(api, token_client, published, settings):
    settings.THROTTLE_ANON, settings.THROTTLE_USER = "1/minute", "3/minute"
    assert [api.get("/api/v1/areas/").status_code for _ in range(2)] == [200, 429]
    assert [token_client.get("/api/v1/areas/").status_code for _ in range(3)] == [200, 200, 200]
    assert_throttled(token_client.get("/api/v1/areas/"))
    assert len(cache.get(f"throttle_user_{User.objects.get(username='reader').pk}")) == 3


def test_a_token_is_not_throttled_when_only_the_anonymous_rate_is_set(token_client, published, anon_rate_of_two):
    assert {token_client.get("/api/v1/areas/").status_code for _ in range(4)} == {200}


def test_an_invalid_token_counts_as_anonymous_and_stays_a_401(api, published, anon_rate_of_two, settings):
    settings.THROTTLE_USER = "100/minute"
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert [api.get("/api/v1/areas/").status_code for _ in range(2)] == [401, 401]
    assert_throttled(api.get("/api/v1/areas/"))


def test_a_throttled_token_costs_no_token_query(api, published, anon_rate_of_two, settings):
    """The user a header names is remembered: a flood of made-up tokens past the rate queries nothing."""
    settings.THROTTLE_USER = "100/minute"
    api.credentials(HTTP_AUTHORIZATION="Token made-up")
    assert [api.get("/api/v1/areas/").status_code for _ in range(2)] == [401, 401]
    with CaptureQueriesContext(connection) as queries:
        assert_throttled(api.get("/api/v1/areas/"))
    assert [query["sql"] for query in queries if "authtoken" in query["sql"]] == []


def test_the_health_checks_are_never_throttled(api, db, anon_rate_of_two):
    assert {api.get("/healthz").status_code for _ in range(5)} == {200}
    assert {api.get("/readyz").status_code for _ in range(5)} == {200}


class BrokenCache:
    def get(self, *args, **kwargs):
        raise ConnectionError("cache down")

    set = get


def test_a_cache_that_is_down_lets_requests_through(api, published, anon_rate_of_two, monkeypatch):
    monkeypatch.setattr(ClientRateThrottle, "cache", BrokenCache())
    assert {api.get("/api/v1/areas/").status_code for _ in range(4)} == {200}


# The docs pages in a real browser: they must render under our CSP with no violation.


# Redoc's footer shows its vendor's logo from a CDN; our policy blocks it, as it should.
BLOCKED_ON_PURPOSE = "Loading the image 'https://cdn.redoc.ly/"


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "rendered", "inline_styles"),
    [("/api/docs/", ".opblock", "'nonce-"), ("/api/redoc/", "h1", "'unsafe-inline'")],
)
def test_the_docs_render_under_the_content_security_policy(
    live_server, transactional_db, path, rendered, inline_styles
):
    from playwright.sync_api import sync_playwright

    messages: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.on("console", lambda message: messages.append(message.text))
        response = page.goto(f"{live_server.url}{path}")
        policy = parse_policy(response.headers["content-security-policy"])
        page.wait_for_selector(rendered, timeout=20_000)
        browser.close()
    assert policy["script-src"] == ["'self'"]
    assert any(source.startswith(inline_styles) for source in policy["style-src"])
    violations = [m for m in messages if "Content Security Policy" in m and not m.startswith(BLOCKED_ON_PURPOSE)]
    assert violations == []
