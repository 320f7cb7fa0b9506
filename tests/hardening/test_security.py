"""Secure by default, in-process: CORS, the admin, throttling, and a CSP our own pages live with."""

import pytest
from django.contrib.auth.models import User
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle
from rest_framework.views import APIView

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
def anon_rate_of_two(monkeypatch, settings):
    """THROTTLE_ANON=2/minute: DRF reads its throttle settings once, at import, so patch where it reads them."""
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr(APIView, "throttle_classes", [AnonRateThrottle])
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": None})
    yield
    cache.clear()


def test_the_settings_wire_the_rates_to_drf(settings):
    rest = settings.REST_FRAMEWORK
    assert rest["DEFAULT_THROTTLE_RATES"] == {
        "anon": settings.THROTTLE_ANON or None,
        "user": settings.THROTTLE_USER or None,
    }
    expected = [
        *(["rest_framework.throttling.AnonRateThrottle"] if settings.THROTTLE_ANON else []),
        *(["rest_framework.throttling.UserRateThrottle"] if settings.THROTTLE_USER else []),
    ]
    assert rest["DEFAULT_THROTTLE_CLASSES"] == expected
    assert [f"{c.__module__}.{c.__name__}" for c in api_settings.DEFAULT_THROTTLE_CLASSES] == expected


def test_past_the_rate_a_429_json_with_retry_after(api, published, anon_rate_of_two):
    assert api.get("/api/v1/metrics/").status_code == 200
    assert api.get("/api/v1/areas/").status_code == 200
    response = api.get("/api/v1/sources/")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert 0 < int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"].lower()


# ConditionalCacheMiddleware (the caching issue) answers cache hits and 304s before any
# DRF view runs, so DRF's throttles never see them. Fix: apply the throttles in a
# middleware before it (and drop them from DRF to count once). Strict: passes => remove.
@pytest.mark.xfail(reason="cache hits bypass DRF's throttles (jobcenter_api.caching, issue 5)", strict=True)
def test_the_throttle_comes_before_a_response_the_cache_would_serve(api, published, anon_rate_of_two):
    """The same request three times: the third would be a cache hit, and is a 429 all the same."""
    first = api.get("/api/v1/metrics/?year=2017")
    assert api.get("/api/v1/metrics/?year=2017").content == first.content
    assert api.get("/api/v1/metrics/?year=2017").status_code == 429


def test_the_health_checks_are_never_throttled(api, db, anon_rate_of_two):
    assert {api.get("/healthz").status_code for _ in range(5)} == {200}
    assert {api.get("/readyz").status_code for _ in range(5)} == {200}


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
