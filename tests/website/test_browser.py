"""The front page and an embed page in headless Chromium: charts show, nothing leaves this machine, axe-core is content.

axe-core comes from npm (package.json; `make test` installs it into node_modules) and is
injected into each page; a violation of impact serious or critical fails the test.
Screenshots at 375 and 1280 px go to test-artifacts/ for a person to look at.
"""

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent.parent
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
PAGES = {
    "landing-de": "/",
    "landing-en": "/?lang=en",
    "embed-unemployment-rate": "/embed/indicators/unemployment_rate/",
    "embed-comparison-en": "/embed/indicators/long_term_recipients_change/?lang=en",
}
WIDTHS = (375, 1280)


def axe_available() -> None:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE} is missing: make test installs axe-core with npm ci")
        pytest.skip("axe-core is not installed: run `npm ci` (make test does)")


@pytest.fixture
def site(live_server, transactional_db):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API runs an event loop
    from metrics.importers import import_documents
    from tests.conftest import fixture_documents

    import_documents(documents=fixture_documents())
    return live_server.url


def serious(violations: list[dict]) -> list[dict]:
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.browser
def test_pages_in_chromium_are_accessible_fit_a_phone_and_load_only_local_files(site):
    from playwright.sync_api import sync_playwright

    axe_available()
    ARTIFACTS.mkdir(exist_ok=True)
    outside: list[str] = []
    measured = {}

    def keep_local(route, request) -> None:
        host = urlsplit(request.url).hostname
        if request.url.startswith("data:") or host in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for width in WIDTHS:
                # bypass_csp: axe is injected as an inline script, which our pages' policy would block.
                context = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE", bypass_csp=True)
                context.route("**/*", keep_local)
                page = context.new_page()
                for name, path in PAGES.items():
                    response = page.goto(site + path, wait_until="networkidle")
                    assert response.status == 200, path
                    # Lazy charts below the fold load when a reader scrolls there: load them all now.
                    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
                    page.wait_for_function("[...document.images].every(i => i.complete)", timeout=60_000)
                    images = page.evaluate(
                        "[...document.images].map(i => [i.currentSrc, i.naturalWidth, i.getBoundingClientRect().width])"
                    )
                    assert images, path
                    for src, natural, shown in images:
                        assert natural > 0, src  # the chart loaded and rendered
                        assert shown <= width, src
                    assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
                    measured[(name, width)] = page.evaluate("document.documentElement.scrollHeight")
                    page.screenshot(path=ARTIFACTS / f"{name}-{width}.png", full_page=True)
                    page.screenshot(path=ARTIFACTS / f"{name}-{width}-top.png")
                    for section in ("chart-unemployment_rate", "comparison", "budget"):
                        if page.locator(f"#{section}").count():
                            page.locator(f"#{section}").screenshot(path=ARTIFACTS / f"{name}-{width}-{section}.png")
                    page.add_script_tag(path=str(AXE))
                    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
                    assert serious(result["violations"]) == [], (path, width, json.dumps(serious(result["violations"])))
                context.close()
        finally:
            browser.close()
    assert outside == []
    (ARTIFACTS / "page-heights.json").write_text(
        json.dumps({f"{n}@{w}": h for (n, w), h in measured.items()}, indent=1)
    )
    assert measured[("landing-de", 1280)] < 11_834  # the page of old, read as a reader would


@pytest.mark.browser
def test_embed_page_is_readable_from_320_to_1200_pixels(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for width in (320, 600, 1200):
                page = browser.new_page(viewport={"width": width, "height": 800})
                page.goto(site + "/embed/indicators/unemployment_rate/", wait_until="networkidle")
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                image = page.locator("img").first
                box = image.bounding_box()
                natural = image.evaluate("i => [i.naturalWidth, i.naturalHeight]")
                assert box["width"] > width * 0.9 and natural[0] > 0
                # A phone gets the narrow picture, whose text is not shrunk below half its size.
                assert box["width"] / natural[0] >= 0.5, (width, natural)
                assert page.context.cookies() == []
                page.close()
        finally:
            browser.close()
