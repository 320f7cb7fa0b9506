"""Sessions, login and messages run for the admin and not for the API, whose answers keep every header."""

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from jobcenter_api.http.browser import (
    BrowserAuthenticationMiddleware,
    BrowserMessageMiddleware,
    BrowserSessionMiddleware,
)

# What the API's middleware adds to each of its reads, whatever answered it.
API_HEADERS = [
    "ETag",
    "Last-Modified",
    "Cache-Control",
    "Vary",
    "Content-Language",
    "Access-Control-Allow-Origin",
    "Access-Control-Expose-Headers",
    "Link",
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
    "X-Request-ID",
]


@pytest.mark.parametrize(
    ("path", "sees_browser_state"), [("/api/v1/metrics/", False), ("/api/docs/", False), ("/admin/", True)]
)
def test_sessions_login_and_messages_run_outside_the_api_only(path, sees_browser_state):
    seen = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen.update({name: hasattr(request, name) for name in ("session", "user", "_messages")})
        return HttpResponse()

    handler = BrowserSessionMiddleware(BrowserAuthenticationMiddleware(BrowserMessageMiddleware(view)))
    handler(RequestFactory().get(path))
    assert seen == {"session": sees_browser_state, "user": sees_browser_state, "_messages": sees_browser_state}


def test_api_reads_carry_every_header_on_a_200_a_cache_hit_and_a_304(api, published):
    cache.clear()
    origin = {"HTTP_ORIGIN": "https://example.org"}
    first = api.get("/api/v1/metrics/", **origin)
    cached = api.get("/api/v1/metrics/", **origin)
    not_modified = api.get("/api/v1/metrics/", HTTP_IF_NONE_MATCH=first["ETag"], **origin)
    assert [first.status_code, cached.status_code, not_modified.status_code] == [200, 200, 304]
    for response in (first, cached, not_modified):
        assert [name for name in API_HEADERS if not response.has_header(name)] == []
        assert "Set-Cookie" not in response
        assert response["Link"] == '<https://www.govdata.de/dl-de/by-2-0>; rel="license"'
    assert first["ETag"] == cached["ETag"] == not_modified["ETag"]
    assert first["X-Request-ID"] != cached["X-Request-ID"] != not_modified["X-Request-ID"]


def test_a_staff_session_does_not_authenticate_an_api_write(client, published):
    client.force_login(User.objects.create_user("editor", password="x" * 20, is_staff=True, is_superuser=True))
    response = client.post("/api/v1/metrics/", {}, content_type="application/json")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_the_admin_logs_in_through_its_form_with_csrf(db):
    User.objects.create_user("editor", password="x" * 20, is_staff=True)
    browser = Client(enforce_csrf_checks=True)
    credentials = {"username": "editor", "password": "x" * 20, "next": "/admin/"}
    assert browser.post("/admin/login/", credentials).status_code == 403
    browser.get("/admin/login/")
    token = browser.cookies["csrftoken"].value
    response = browser.post("/admin/login/", {**credentials, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert browser.get("/admin/").status_code == 200


def test_the_admin_shows_a_message_after_a_change(db):
    user = User.objects.create_user("editor", password="x" * 20, is_staff=True, is_superuser=True)
    browser = Client()
    browser.force_login(user)
    response = browser.post(
        f"/admin/auth/user/{user.pk}/change/",
        {"username": "editor2", "password": user.password, "is_active": "on", "is_staff": "on", "is_superuser": "on",
         "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00", "last_login_0": "", "last_login_1": ""},
        follow=True,
    )  # fmt: skip
    assert response.status_code == 200
    assert [str(message) for message in response.context["messages"]]
