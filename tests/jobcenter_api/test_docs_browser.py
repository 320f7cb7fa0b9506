"""Swagger UI and Redoc in headless Chromium: the operations show, and nothing loads from outside."""

from urllib.parse import urlsplit

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
TAGS = ["catalogue", "metrics", "refugees", "budgets", "locations", "years"]


def open_page(url: str, wait_for: str) -> tuple[str, list[str], list[tuple[str, int]], list[str]]:
    """The page's text once the selector `wait_for` shows, the requests sent, the responses, and page errors.

    A request the page's Content-Security-Policy blocks is never sent, so it is left out; every other
    request is kept, whether it succeeded or not.
    """
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    blocked: list[str] = []
    responses: list[tuple[str, int]] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.on("requestfailed", lambda request: request.failure == "csp" and blocked.append(request.url))
            page.on("response", lambda response: responses.append((response.url, response.status)))
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(url, wait_until="networkidle")
            page.locator(wait_for).first.wait_for(timeout=30_000)
            page.wait_for_load_state("networkidle")
            text = page.inner_text("body")
        finally:
            browser.close()
    return text, [url for url in requests if url not in blocked], responses, errors


def is_local(url: str) -> bool:
    """A request to this machine: loopback, inline data, or a blob made by a page from loopback."""
    parts = urlsplit(url)
    if parts.scheme == "blob":
        parts = urlsplit(url.removeprefix("blob:"))
    return parts.scheme == "data" or parts.hostname in LOCAL_HOSTS


def assert_only_local(requests: list[str]) -> None:
    outside = [url for url in requests if not is_local(url)]
    assert not outside, outside


def test_is_local():
    assert is_local("http://localhost:8000/static/x.js")
    assert is_local("blob:http://127.0.0.1:8000/0a1b")
    assert is_local("data:image/svg+xml;base64,AAAA")
    assert not is_local("https://cdn.redoc.ly/redoc/logo-mini.svg")
    assert not is_local("blob:https://example.org/0a1b")
    assert not is_local("https://fonts.googleapis.com/css2?family=Roboto")


@pytest.mark.browser
def test_swagger_ui_shows_the_operations_from_local_files_only(live_server):
    text, requests, responses, errors = open_page(f"{live_server.url}/api/docs/", ".opblock-summary-path")
    assert "/api/v1/metrics/" in text
    assert "/api/v1/indicators/{code}/series/" in text
    assert "Jobcenter Mayen-Koblenz open-data API" in text
    for tag in TAGS:
        assert tag in text
    assert not errors, errors
    assert_only_local(requests)
    statics = [(url, status) for url, status in responses if "/static/" in url]
    assert any(url.endswith("swagger-ui-bundle.js") for url, _ in statics), statics
    assert all(status == 200 for _, status in statics), statics
    assert any(urlsplit(url).path == "/api/schema/" for url in requests), requests


@pytest.mark.browser
def test_redoc_shows_the_operations_from_local_files_only(live_server):
    text, requests, responses, errors = open_page(f"{live_server.url}/api/redoc/", "h2:has-text('List observations')")
    assert "List observations" in text
    assert "/api/v1/metrics/" in text
    for tag in TAGS:
        assert tag in text
    assert not errors, errors
    assert_only_local(requests)
    statics = [(url, status) for url, status in responses if "/static/" in url]
    assert any(url.endswith("redoc.standalone.js") for url, _ in statics), statics
    assert all(status == 200 for _, status in statics), statics
