"""The landing page: key figures with their qualifiers and sources, SVG charts, downloads, two languages."""

import datetime as dt
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
GERMAN_FIGURES = ["rund 3,3 %", "annähernd 10 %", "mehr als 29.000", "2.132", "−23,9 %", "224", "2.670", "80 Mio. €"]


def test_landing_page_shows_the_figures_in_german_by_default(client, published):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert '<html lang="de">' in page
    assert 'name="viewport"' in page
    for figure in GERMAN_FIGURES:
        assert figure in page, figure
    assert "2005–2016: mehr als 29.000" in page  # the span, as a labelled range
    assert "PD 380-2017 Jobcenter Mayen-Koblenz ist ein Erfolgsmodell" in page
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in page
    assert "/api/v1/metrics/?format=csv-de" in page
    assert "/api/v1/metrics/?format=xlsx" in page
    assert "/api/docs/" in page
    assert "Accept-Language" in response["Vary"]
    assert response["Link"] == '<https://www.govdata.de/dl-de/by-2-0>; rel="license"'


def test_landing_page_switches_to_english(client, published):
    page = client.get("/?lang=en").content.decode()
    assert '<html lang="en">' in page
    for figure in ["about 3.3 %", "nearly 10 %", "more than 29,000", "€80 million"]:
        assert figure in page, figure
    assert "format=csv-de&amp;lang=en" in page


def test_landing_page_loads_nothing_from_elsewhere(client, published):
    page = client.get("/").content.decode()
    assert "<script" not in page
    loaded = re.findall(r'<(?:link|img|script)[^>]+(?:href|src)="([^"]+)"', page)
    assert loaded  # the stylesheet
    assert all(url.startswith(("/", "data:")) for url in loaded), loaded


def test_annual_chart_draws_only_calendar_years(client, published):
    from metrics.models import Indicator, Observation

    # A month of the test database only: it must not become a bar in the annual chart.
    existing = Observation.objects.get(indicator="staff")
    Observation.objects.create(
        indicator=Indicator.objects.get(code="staff"), area=existing.area, period_start=dt.date(2017, 3, 1),
        period_end=dt.date(2017, 3, 31), value=230, value_kind="point_in_time", source=existing.source,
        source_quote="test",
    )  # fmt: skip
    page = client.get("/").content.decode()
    annual = page.split('id="chart-staff-1"')[1].split("</figure>")[0]
    monthly = page.split('id="chart-staff-2"')[1].split("</figure>")[0]
    assert "Jahreswerte" in annual and "Monatswerte" in monthly
    assert annual.count('<rect class="bar') == 1 and "<circle" not in annual
    assert monthly.count("<circle") == 1 and '<rect class="bar' not in monthly
    assert "2017-03" in monthly


def test_a_current_value_and_an_annual_average_are_never_drawn_in_one_chart(client, published):
    page = client.get("/").content.decode()
    charts = re.findall(r'<figure class="chart-figure" id="chart-unemployment_rate-\d+">(.*?)</figure>', page, re.S)
    current = [chart for chart in charts if "2017: rund 3,3 %" in chart]
    average = [chart for chart in charts if "2017: 3,5 %" in chart]
    assert len(current) == len(average) == 1
    assert current != average
    assert "Arbeitslosenquote – Stichtags- und aktuelle Werte" in current[0]
    assert "Arbeitslosenquote – Jahresdurchschnitte" in average[0]
    assert "2024: 3,9 %" in average[0] and "annähernd 10 %" not in average[0]


@pytest.mark.browser
def test_landing_page_in_chromium_shows_figures_and_charts_offline(live_server, transactional_db):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    from metrics.importers import import_documents
    from tests.conftest import CHROMIUM, fixture_documents

    import_documents(documents=fixture_documents())
    requested = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844}, locale="de-DE")
            page.on("request", lambda request: requested.append(request.url))
            response = page.goto(live_server.url + "/")
            assert response.status == 200
            text = page.inner_text("body")
            for figure in GERMAN_FIGURES:
                assert figure in text, figure
            charts = page.locator("svg.chart")
            assert page.locator("#budget svg.chart").count() == 1
            sections = page.locator("section.indicator")
            assert sections.count() >= 4
            for index in range(sections.count()):
                assert sections.nth(index).locator("svg.chart").count() >= 1
            for index in range(charts.count()):
                box = charts.nth(index).bounding_box()
                assert box["width"] > 200 and box["height"] > 50
                assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # fits a phone's width
            assert page.locator("svg.chart rect.bar").count() >= 8
            assert page.locator("svg.chart circle.dot").count() >= 1
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=ARTIFACTS / "landing-phone-de.png", full_page=True)

            page.click("#lang-switch")
            page.wait_for_load_state()
            assert "about 3.3 %" in page.inner_text("body")
            page.screenshot(path=ARTIFACTS / "landing-phone-en.png", full_page=True)
        finally:
            browser.close()
    assert requested
    hosts = {urlsplit(url).hostname for url in requested if not url.startswith("data:")}
    assert hosts <= {"127.0.0.1", "localhost"}, hosts


@pytest.mark.parametrize("lang", ["de", "en"])
def test_downloads_offer_json_stat_and_sdmx_csv_with_their_codes(client, published, lang):
    page = client.get(f"/?lang={lang}").content.decode()
    suffix = "&amp;lang=en" if lang == "en" else ""
    for fmt in ("jsonstat", "sdmx-csv"):
        href = f"/api/v1/metrics/?format={fmt}{suffix}"
        assert f'href="{href}"' in page
        assert client.get(href.replace("&amp;", "&")).status_code == 200
    assert 'href="/api/v1/sdmx/dataflow/"' in page
