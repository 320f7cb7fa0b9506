"""The landing page: key figures with their qualifiers and sources, SVG charts, downloads, two languages."""

import re

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
    assert "Einbetten / Embed" in page
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
    scripts = re.findall(r"<script([^>]*)>", page)
    assert scripts == [' type="application/ld+json"']  # data for search engines, never run
    loaded = re.findall(r'<(?:link|img|script|source)[^>]+(?:href|src|srcset)="([^"]+)"', page)
    assert loaded  # the stylesheet and the charts
    assert all(url.startswith(("/", "data:", "?lang=")) for url in loaded), loaded


def test_key_figures_come_first_with_period_and_source(client, published):
    page = client.get("/").content.decode()
    key = page.split('id="key-figures"')[1].split("</section>")[0]
    # The newest rate is the Agentur für Arbeit's for August 2025 (fixtures/labour-market-2013-2025.json).
    assert "Arbeitslosenquote im Landkreis · 2025-08" in key and "4,1 %" in key
    assert "Agentur für Arbeit Koblenz-Mayen" in key
    for figure in ("224", "2.132", "2.670", "80 Mio. €"):
        assert figure in key, figure
    assert page.index('id="key-figures"') < page.index('id="charts"') < page.index('id="comparison"')
    assert page.index('id="comparison"') < page.index('id="downloads"') < page.index('id="docs"')


def test_every_indicator_has_a_chart_with_text_alternative_and_embed_code(client, published):
    from metrics.models import Indicator

    page = client.get("/?lang=en").content.decode()
    for indicator in Indicator.objects.filter(observations__isnull=False).distinct():
        figure = page.split(f'id="chart-{indicator.code}"')[1].split("</figure>")[0]
        assert f"/api/v1/indicators/{indicator.code}/chart.svg?lang=en" in figure
        alt = re.search(r'<img [^>]*alt="([^"]+)"', figure).group(1)
        assert alt.startswith(indicator.name_en.replace("'", "&#x27;"))
        assert "<table" in figure  # the values
        assert "Einbetten / Embed" in figure
        assert f"/embed/indicators/{indicator.code}/?lang=en" in figure
        assert re.search(rf"/embed/indicators/{indicator.code}/\?lang=en&amp;amp;as_of=\d{{4}}-\d{{2}}-\d{{2}}", figure)
    comparison = page.split('id="comparison"')[1].split("</section>")[0]
    assert 'id="chart-long_term_recipients_change"' in comparison


def test_source_sentences_are_folded(client, published):
    page = client.get("/").content.decode()
    quote = "um 23,9 Prozent gesenkt"
    assert quote in page
    before = page[: page.index(quote)]
    assert before.rfind("<details") > before.rfind("</details>")  # inside an open <details> element
