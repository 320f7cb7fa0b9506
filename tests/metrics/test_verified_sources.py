"""The figures from the verified public sources of issue #8, as the API serves them.

Expectations are written out here, from the pages themselves, not read back from
fixtures/: a changed figure, quote or period in the fixture file fails a test.
"""

import calendar

import pytest

from metrics.importers import import_documents
from tests.conftest import fixture_documents

BA_2013_08 = "blick-aktuell-2013-08-29"
BA_2013_10 = "blick-aktuell-2013-10-30"
BA_2014_01 = "blick-aktuell-2014-01-31"
WFG_2018 = "wfg-myk-arbeitsmarkt-2018"
BA_2018_08 = "blick-aktuell-2018-08-30"
BA_2019_10 = "blick-aktuell-2019-10-04"
BA_2021_02 = "blick-aktuell-2021-02-01"
WFG_2025 = "wfg-myk-arbeitsmarkt-2025"
BA_2017_09 = "blick-aktuell-2017-09-14"
PRESS_RELEASE = "kvmyk-pd-380-2017"

# (indicator, period: a calendar month YYYY-MM or year YYYY, value, qualifier, source, words the quote must contain)
FIGURES = [
    ("unemployed", "2013-08", 5487, "exact", BA_2013_08, "Die Zahl sank um 55 auf 5.487"),
    ("unemployment_rate", "2013-08", 4.8, "exact", BA_2013_08, "sinkt um 0,1 auf 4,8 Prozent"),
    ("unemployed_sgb3", "2013-08", 2324, "exact", BA_2013_08, "2.324 arbeitslose Menschen nach SGB III"),
    ("unemployed_sgb2", "2013-08", 3163, "exact", BA_2013_08, "3.163 beziehen Grundsicherung nach SGB II"),
    ("unemployed", "2013-10", 5101, "exact", BA_2013_10, "wo Ende Oktober 5.101 Menschen arbeitslos"),
    ("unemployment_rate", "2013-10", 4.5, "exact", BA_2013_10, "mit 4,5 Prozent nicht verändert"),
    ("unemployed", "2014-01", 6256, "exact", BA_2014_01, "um 1.088 auf 6.256 angestiegen"),
    ("unemployment_rate", "2014-01", 5.5, "exact", BA_2014_01, "auf nun 5,5 Prozent"),
    ("unemployed_sgb3", "2014-01", 3073, "exact", BA_2014_01, "im SGB III um 820 auf 3.073"),
    ("unemployed_sgb2", "2014-01", 3183, "exact", BA_2014_01, "3.183 arbeits-lose Menschen im SGB II"),
    ("unemployment_rate", "2016", 3.9, "exact", WFG_2018, "im Jahr 2016 mit 3,9 %"),
    ("unemployment_rate", "2017", 3.5, "exact", WFG_2018, "durchschnittliche ALQ 2017 im Landkreis bei 3,5 %"),
    ("unemployed", "2018-07", 4004, "exact", WFG_2018, "im Juli 4.004 Personen arbeitslos"),
    ("unemployment_rate", "2018-07", 3.4, "exact", WFG_2018, "im Juli 2018 bei 3,4 %"),
    ("unemployed", "2018-08", 3924, "exact", BA_2018_08, "wo derzeit 3.924 Menschen als arbeitslos gelten"),
    ("unemployment_rate", "2018-08", 3.4, "exact", BA_2018_08, "Die Arbeitslosenquote liegt bei 3,4 Prozent"),
    ("unemployed", "2019-09", 3390, "exact", BA_2019_10, "zum Monatsende 3.390 Arbeitslose gezählt"),
    ("unemployment_rate", "2019-09", 2.9, "exact", BA_2019_10, "sinkt auf 2,9 Prozent"),
    ("unemployed_sgb3", "2019-09", 1764, "exact", BA_2019_10, "1.764 Menschen nach SGB III"),
    ("unemployed", "2021-01", 4715, "exact", BA_2021_02, "Ende Januar 4.715 Arbeitslose"),
    ("unemployment_rate", "2021-01", 4, "exact", BA_2021_02, "um 0,4 Punkte auf 4 Prozent"),
    ("unemployment_rate", "2020-01", 3.3, "exact", BA_2021_02, "Im Januar 2020 lag sie bei 3,3 Prozent"),
    ("unemployed_sgb3", "2021-01", 2965, "exact", BA_2021_02, "im SGB III zum Monatsende 2.965"),
    ("unemployment_rate", "2024", 3.9, "exact", WFG_2025, "durchschnittliche ALQ 2024 im Landkreis bei 3,9 %"),
    ("unemployed", "2025-03", 4970, "exact", WFG_2025, "im März 4.970 Personen arbeitslos"),
    (
        "refugee_share_sgb2", "2017-09", 20, "more_than", BA_2017_09,
        "Über 20 Prozent der SGB II-Leistungsbezieher sind mittlerweile Flüchtlinge.",
    ),
]  # fmt: skip

# id: (publisher, published, url); no source states a license.
SOURCES = {
    BA_2013_08: ("Blick aktuell", "2013-08-29", "https://www.blick-aktuell.de/Bendorf/Wenig-Bewegung-am-Arbeitsmarkt-33757.html"),
    BA_2013_10: ("Blick aktuell", "2013-10-30", "https://www.blick-aktuell.de/Koblenz/Der-Arbeitsmarktentspannt-sich-weiter-45476.html"),
    BA_2014_01: ("Blick aktuell", "2014-01-31", "https://www.blick-aktuell.de/Mayen/Deutliches-Plusbei-der-Arbeitslosigkeit-59749.html"),
    WFG_2018: (
        "WFG - Wirtschaftsförderungsgesellschaft am Mittelrhein mbH", None,
        "https://www.wfg-myk.de/Wirtschaftsfoerderung/Standortinformationen/Zahlen-und-Fakten/Arbeitsmarkt/",
    ),
    BA_2018_08: ("Blick aktuell", "2018-08-30", "https://www.blick-aktuell.de/Berichte/Auch-der-Arbeitsmarkt-beendetseine-Sommerpause-345421.html"),
    BA_2019_10: ("Blick aktuell", "2019-10-04", "https://www.blick-aktuell.de/Berichte/Arbeitsmarkt-entspannt-sich-weiter-413399.html"),
    BA_2021_02: (
        "Blick aktuell", "2021-02-01",
        "https://www.blick-aktuell.de/Berichte/Winter-und-Lockdownlassen-Arbeitslosigkeit-ansteigen-465119.html?bPrint=true",
    ),
    WFG_2025: ("Wirtschaftsförderungsgesellschaft am Mittelrhein mbH", None, "https://www.wfg-myk.de/standort/statistik/arbeitsmarkt/"),
    BA_2017_09: ("Blick aktuell", "2017-09-14", "https://www.blick-aktuell.de/Politik/Roger-Lewentzbesucht-Fluechtlingsprojekt-286984.html"),
    "nr-kurier-2017-05-16": (
        "NR-Kurier", "2017-05-16",
        "https://nr-kurier.de/artikel/57916-neues-jobcenter-ist-ein-gewinn-fuer-bendorfer-innenstadt",
    ),
}  # fmt: skip

# The unemployment rate series of the Landkreis: every confirmed point, (period_start, granularity, value, source).
RATE_SERIES = [
    ("2005-01-01", "year", 10, PRESS_RELEASE),
    ("2013-08-01", "month", 4.8, BA_2013_08),
    ("2013-10-01", "month", 4.5, BA_2013_10),
    ("2014-01-01", "month", 5.5, BA_2014_01),
    ("2016-01-01", "year", 3.9, WFG_2018),
    ("2017-01-01", "year", 3.3, PRESS_RELEASE),
    ("2017-01-01", "year", 3.5, WFG_2018),
    ("2018-07-01", "month", 3.4, WFG_2018),
    ("2018-08-01", "month", 3.4, BA_2018_08),
    ("2019-09-01", "month", 2.9, BA_2019_10),
    ("2020-01-01", "month", 3.3, BA_2021_02),
    ("2021-01-01", "month", 4, BA_2021_02),
    ("2024-01-01", "year", 3.9, WFG_2025),
]

SERIES_URL = "/api/v1/indicators/unemployment_rate/series/"


def _points(response) -> list[tuple]:
    """The points in period order; two sources for one period may come in either order."""
    assert response.status_code == 200, response.content
    (series,) = response.json()["series"]
    assert series["area"] == "07137"
    points = [(p["period_start"], p["granularity"], p["value"], p["source"]) for p in series["points"]]
    assert [point[0] for point in points] == sorted(point[0] for point in points)
    return sorted(points)


def _period(period: str) -> tuple[str, str, str]:
    """period_start, period_end and granularity of 'YYYY' or 'YYYY-MM'."""
    if len(period) == 4:
        return f"{period}-01-01", f"{period}-12-31", "year"
    year, month = map(int, period.split("-"))
    return f"{period}-01", f"{period}-{calendar.monthrange(year, month)[1]:02d}", "month"


@pytest.mark.parametrize(
    ("indicator", "period", "value", "qualifier", "source", "words"), FIGURES, ids=lambda v: str(v)[:24]
)
def test_each_verified_figure_is_served_with_qualifier_quote_and_source(
    api, published, indicator, period, value, qualifier, source, words
):
    start, end, granularity = _period(period)
    response = api.get("/api/v1/metrics/", {"indicator": indicator, "area": "07137", "source": source})
    rows = [row for row in response.json()["results"] if row["period_start"] == start]
    assert len(rows) == 1, rows
    row = rows[0]
    assert (row["period_end"], row["value"], row["qualifier"], row["source"]) == (end, value, qualifier, source)
    assert words in row["source_quote"]
    assert row["note"]
    assert row["derived"] is False
    assert row["granularity"] == granularity


def test_the_new_sources_publish_nothing_but_these_figures_and_only_for_the_landkreis(api, published):
    new_sources = ",".join(sorted({figure[4] for figure in FIGURES}))
    rows = api.get("/api/v1/metrics/", {"source": new_sources, "limit": 1000}).json()["results"]
    assert {row["area"] for row in rows} == {"07137"}
    served = sorted((r["indicator"], r["period_start"], r["source"]) for r in rows)
    assert served == sorted((f[0], _period(f[1])[0], f[4]) for f in FIGURES)


@pytest.mark.parametrize(("source_id", "expected"), SOURCES.items())
def test_each_new_source_is_a_source_row_with_date_as_the_page_shows_it(api, published, source_id, expected):
    body = api.get(f"/api/v1/sources/{source_id}/").json()
    assert (body["publisher"], body["published"], body["url"]) == expected
    assert body["license"] is None


def test_series_returns_every_confirmed_rate_point_with_its_source(api, published):
    assert _points(api.get(SERIES_URL, {"area": "07137"})) == RATE_SERIES


@pytest.mark.parametrize("granularity", ["year", "month"])
def test_series_gives_the_annual_and_the_monthly_points_apart(api, published, granularity):
    points = _points(api.get(SERIES_URL, {"area": "07137", "granularity": granularity}))
    assert points == [point for point in RATE_SERIES if point[1] == granularity]


def test_series_has_no_span_points_for_the_rate(api, published):
    assert api.get(SERIES_URL, {"area": "07137", "granularity": "span"}).json()["series"] == []


def test_2017_has_two_rates_from_two_sources_in_the_metrics_list(api, published):
    params = {"indicator": "unemployment_rate", "area": "07137", "year": 2017, "granularity": "year"}
    rows = api.get("/api/v1/metrics/", params).json()["results"]
    assert sorted((r["value"], r["qualifier"], r["source"]) for r in rows) == [
        (3.3, "approximately", PRESS_RELEASE),
        (3.5, "exact", WFG_2018),
    ]


@pytest.mark.parametrize(
    ("granularity", "count"), [("month", 8), ("year", 5), ("span", 0)], ids=["month", "year", "span"]
)
def test_metrics_list_filters_the_rate_by_granularity(api, published, granularity, count):
    params = {"indicator": "unemployment_rate", "area": "07137", "granularity": granularity}
    rows = api.get("/api/v1/metrics/", params).json()["results"]
    assert len(rows) == count
    assert {row["granularity"] for row in rows} <= {granularity}


def test_unknown_granularity_is_a_400_naming_the_parameter(api, published):
    response = api.get(SERIES_URL, {"area": "07137", "granularity": "quarter"})
    assert response.status_code == 400
    assert "granularity" in response.json()


@pytest.mark.parametrize(
    ("code", "unit", "name_de", "legal_basis"),
    [
        ("unemployed", "persons", "Arbeitslose", "§ 16 SGB III; § 53a SGB II"),
        ("unemployed_sgb2", "persons", "Arbeitslose im Rechtskreis SGB II", "§ 53a SGB II"),
        ("unemployed_sgb3", "persons", "Arbeitslose im Rechtskreis SGB III", "§ 16 SGB III"),
        (
            "refugee_share_sgb2", "percent", "Anteil der Flüchtlinge an den SGB II-Leistungsbeziehern",
            "SGB II (Grundsicherung für Arbeitsuchende)",
        ),
    ],
)  # fmt: skip
def test_new_indicators_have_german_and_english_definitions(api, published, code, unit, name_de, legal_basis):
    body = api.get(f"/api/v1/indicators/{code}/").json()
    assert (body["unit"], body["name_de"], body["legal_basis"]) == (unit, name_de, legal_basis)
    assert body["name_en"]
    assert body["definition_de"] != body["definition_en"]
    assert len(body["definition_de"]) > 100
    assert len(body["definition_en"]) > 100


def test_loading_the_fixtures_again_changes_nothing(published):
    again = import_documents(documents=fixture_documents())
    assert sum(again.created.values()) == 0
    assert sum(again.updated.values()) == 0
    assert again.unchanged == published.created
    assert published.created["location_facts"] == 6
