"""The figures from the verified public sources of issues #8 and #24, as the API serves them.

Expectations are written out here, from the pages themselves, not read back from
fixtures/: a changed figure, quote or period in the fixture file fails a test.
"""

import calendar

import pytest

from metrics.importers import import_documents
from tests.conftest import fixture_documents

BA_2013_07 = "blick-aktuell-2013-07-03"
BA_2013_08 = "blick-aktuell-2013-08-29"
BA_2013_10 = "blick-aktuell-2013-10-30"
BA_2014_01 = "blick-aktuell-2014-01-31"
BA_2014_08 = "blick-aktuell-2014-08-30"
WFG_2018 = "wfg-myk-arbeitsmarkt-2018"
BA_2018_08 = "blick-aktuell-2018-08-30"
BA_2018_11 = "blick-aktuell-2018-11-30"
BA_2019_10 = "blick-aktuell-2019-10-04"
RZ_2019_11 = "rhein-zeitung-arid-2194919"
WS_2020 = "wochenspiegel-arid-68550"
BA_2021_02 = "blick-aktuell-2021-02-01"
TV_2022_02 = "tv-mittelrhein-2022-02-01"
WFG_2025 = "wfg-myk-arbeitsmarkt-2025"
AA_2025_08 = "arbeitsagentur-koblenz-mayen-2025-08-29"
BA_2017_09 = "blick-aktuell-2017-09-14"
RZ_2016_01 = "rhein-zeitung-2016-01-24"
RZ_KREISTAG = "rhein-zeitung-arid-1241541"
RZ_2011_12 = "rhein-zeitung-2011-12-02"
PRESS_RELEASE = "kvmyk-pd-380-2017"
NOW, AVERAGE, TOTAL, CHANGE, NOT_STATED = "point_in_time", "annual_average", "period_total", "change", "not_stated"
KREISTAG = (
    "2013 sei es gelungen, die Zahl der Bedarfsgemeinschaften um 3 Prozent, die der erwerbsfähigen "
    "Leistungsbezieher um 4 und die der Langzeitleistungsbezieher um 15 Prozent zu reduzieren."
)

# (indicator, period: a calendar month YYYY-MM or year YYYY, value, qualifier, kind of value, source,
#  words the quote must contain)
FIGURES = [
    ("unemployed", "2013-06", 5262, "exact", NOW, BA_2013_07, "seit Mai um 192 auf nun 5.262"),
    ("unemployment_rate", "2013-06", 4.6, "exact", NOW, BA_2013_07, "Die Arbeitslosenquote liegt bei 4,6 Prozent"),
    ("unemployed", "2013-08", 5487, "exact", NOW, BA_2013_08, "Die Zahl sank um 55 auf 5.487"),
    ("unemployment_rate", "2013-08", 4.8, "exact", NOW, BA_2013_08, "sinkt um 0,1 auf 4,8 Prozent"),
    ("unemployment_rate", "2012-08", 5.1, "exact", NOW, BA_2013_08, "Im August 2012 lag sie bei 5,1 Prozent."),
    ("unemployed_sgb3", "2013-08", 2324, "exact", NOW, BA_2013_08, "2.324 arbeitslose Menschen nach SGB III"),
    ("unemployed_sgb2", "2013-08", 3163, "exact", NOW, BA_2013_08, "3.163 beziehen Grundsicherung nach SGB II"),
    ("unemployed", "2013-10", 5101, "exact", NOW, BA_2013_10, "wo Ende Oktober 5.101 Menschen arbeitslos"),
    ("unemployment_rate", "2013-10", 4.5, "exact", NOW, BA_2013_10, "mit 4,5 Prozent nicht verändert"),
    ("unemployed", "2014-01", 6256, "exact", NOW, BA_2014_01, "in dem die Zahl der Arbeitslosen um 1.088 auf 6.256"),
    ("unemployment_rate", "2014-01", 5.5, "exact", NOW, BA_2014_01, "auf nun 5,5 Prozent"),
    ("unemployed_sgb3", "2014-01", 3073, "exact", NOW, BA_2014_01, "im SGB III um 820 auf 3.073"),
    ("unemployed_sgb2", "2014-01", 3183, "exact", NOW, BA_2014_01, "3.183 arbeits-lose Menschen im SGB II"),
    ("unemployed", "2014-08", 5554, "exact", NOW, BA_2014_08, "im Landkreis Mayen-Koblenz 5.554 arbeitslose Menschen"),
    ("unemployment_rate", "2014-08", 4.9, "exact", NOW, BA_2014_08, "Die Arbeitslosenquote steigt auf 4,9 Prozent."),
    ("unemployment_rate", "2014-07", 4.8, "exact", NOW, BA_2014_08, "im Vormonat als auch im Vorjahr lag sie bei 4,8"),
    ("unemployed_sgb3", "2014-08", 2292, "exact", NOW, BA_2014_08, "im Landkreis um elf auf 2.292"),
    ("unemployment_rate", "2016", 3.9, "exact", NOT_STATED, WFG_2018, "im Jahr 2016 mit 3,9 %"),
    ("unemployment_rate", "2017", 3.5, "exact", AVERAGE, WFG_2018, "durchschnittliche ALQ 2017 im Landkreis bei 3,5 %"),
    ("unemployed", "2018-07", 4004, "exact", NOW, WFG_2018, "im Juli 4.004 Personen arbeitslos"),
    ("unemployment_rate", "2018-07", 3.4, "exact", NOW, WFG_2018, "im Juli 2018 bei 3,4 %"),
    ("unemployed", "2018-08", 3924, "exact", NOW, BA_2018_08, "wo derzeit 3.924 Menschen als arbeitslos gelten"),
    ("unemployment_rate", "2018-08", 3.4, "exact", NOW, BA_2018_08, "Die Arbeitslosenquote liegt bei 3,4 Prozent"),
    ("unemployed", "2018-11", 3507, "exact", NOW, BA_2018_11, "wo derzeit 3.507 Arbeitslose gezählt werden"),
    ("unemployment_rate", "2018-11", 3, "exact", NOW, BA_2018_11, "liegt im Kreis bei 3,0 Prozent"),
    ("unemployed", "2019-09", 3390, "exact", NOW, BA_2019_10, "zum Monatsende 3.390 Arbeitslose gezählt"),
    ("unemployment_rate", "2019-09", 2.9, "exact", NOW, BA_2019_10, "sinkt auf 2,9 Prozent"),
    ("unemployed_sgb3", "2019-09", 1764, "exact", NOW, BA_2019_10, "1.764 Menschen nach SGB III"),
    ("unemployment_rate", "2019-11", 2.8, "exact", NOW, RZ_2019_11, "(November 2019: 2,8 Prozent)"),
    ("unemployed", "2020", 4269, "exact", AVERAGE, WS_2020, "Jahr durchschnittlich 4.269 Menschen arbeitslos"),
    ("unemployed", "2021-01", 4715, "exact", NOW, BA_2021_02, "Ende Januar 4.715 Arbeitslose"),
    ("unemployment_rate", "2021-01", 4, "exact", NOW, BA_2021_02, "um 0,4 Punkte auf 4 Prozent"),
    ("unemployment_rate", "2020-01", 3.3, "exact", NOW, BA_2021_02, "Im Januar 2020 lag sie bei 3,3 Prozent"),
    ("unemployed_sgb3", "2021-01", 2965, "exact", NOW, BA_2021_02, "im SGB III zum Monatsende 2.965"),
    ("unemployed", "2022-01", 3927, "exact", NOW, TV_2022_02, "zählten die Statistiker 3.927 arbeitslose Menschen"),
    ("unemployment_rate", "2022-01", 3.3, "exact", NOW, TV_2022_02, "auf 3,3 Prozent an"),
    ("unemployed", "2020-01", 3895, "exact", NOW, TV_2022_02, "im Landkreis Mayen-Koblenz waren es 3.895"),
    ("unemployment_rate", "2024", 3.9, "exact", AVERAGE, WFG_2025, "durchschnittliche ALQ 2024 im Landkreis bei 3,9 %"),
    ("unemployed", "2025-03", 4970, "exact", NOW, WFG_2025, "im März 4.970 Personen arbeitslos"),
    ("unemployed", "2025-08", 4942, "exact", NOW, AA_2025_08, "wo aktuell 4.942 Arbeitslose gezählt werden"),
    ("unemployment_rate", "2025-08", 4.1, "exact", NOW, AA_2025_08, "Die Arbeitslosenquote liegt mit 4,1 Prozent"),
    (
        "refugee_share_sgb2", "2017-09", 20, "more_than", NOW, BA_2017_09,
        "Über 20 Prozent der SGB II-Leistungsbezieher sind mittlerweile Flüchtlinge.",
    ),
    (
        "refugees_arriving", "2015", 2000, "approximately", TOTAL, RZ_2016_01,
        "im vergangenen Jahr rund 2000 Flüchtlinge in den Landkreis kamen",
    ),
    (
        "refugees_new_at_jobcenter", "2016-01", 20, "exact", TOTAL, RZ_2016_01,
        "20 Flüchtlinge pro Monat klopfen bei ihm an",
    ),
    ("benefit_households_change", "2013", -3, "exact", CHANGE, RZ_KREISTAG, KREISTAG),
    ("employable_beneficiaries_change", "2013", -4, "exact", CHANGE, RZ_KREISTAG, KREISTAG),
    ("long_term_recipients_change", "2013", -15, "exact", CHANGE, RZ_KREISTAG, KREISTAG),
]  # fmt: skip

# id: (publisher, published, url); no source states a license.
SOURCES = {
    BA_2013_07: ("Blick aktuell", "2013-07-03", "https://www.blick-aktuell.de/Koblenz/Frischer-Wind-am-Arbeitsmarkt-25973.html"),
    BA_2013_08: ("Blick aktuell", "2013-08-29", "https://www.blick-aktuell.de/Bendorf/Wenig-Bewegung-am-Arbeitsmarkt-33757.html"),
    BA_2013_10: ("Blick aktuell", "2013-10-30", "https://www.blick-aktuell.de/Koblenz/Der-Arbeitsmarktentspannt-sich-weiter-45476.html"),
    BA_2014_01: ("Blick aktuell", "2014-01-31", "https://www.blick-aktuell.de/Mayen/Deutliches-Plusbei-der-Arbeitslosigkeit-59749.html"),
    BA_2014_08: ("Blick aktuell", "2014-08-30", "https://www.blick-aktuell.de/Bendorf/Arbeitsmarkt-verharrtim-Sommerloch-94457.html"),
    WFG_2018: (
        "WFG - Wirtschaftsförderungsgesellschaft am Mittelrhein mbH", None,
        "https://www.wfg-myk.de/Wirtschaftsfoerderung/Standortinformationen/Zahlen-und-Fakten/Arbeitsmarkt/",
    ),
    BA_2018_08: ("Blick aktuell", "2018-08-30", "https://www.blick-aktuell.de/Berichte/Auch-der-Arbeitsmarkt-beendetseine-Sommerpause-345421.html"),
    BA_2018_11: ("Blick aktuell", "2018-11-30", "https://www.blick-aktuell.de/Berichte/Noch-keine-Winterflaute-amArbeitsmarkt-erkennbar-362255.html"),
    BA_2019_10: ("Blick aktuell", "2019-10-04", "https://www.blick-aktuell.de/Berichte/Arbeitsmarkt-entspannt-sich-weiter-413399.html"),
    RZ_2019_11: (
        "Rhein-Zeitung", None,
        "https://www.rhein-zeitung.de/region/aus-den-lokalredaktionen/andernach-und-mayen_artikel,-arbeitsmarkt-lockdown-hinterlaesst-im-kreis-myk-geringe-spuren-_arid,2194919.html",
    ),
    WS_2020: (
        "WochenSpiegel", None,
        "https://www.wochenspiegellive.de/eifel/kreis-mayen-koblenz/mayen/artikel/arbeitslosigkeit-nimmt-zum-jahresende-leicht-zu-68550/",
    ),
    BA_2021_02: (
        "Blick aktuell", "2021-02-01",
        "https://www.blick-aktuell.de/Berichte/Winter-und-Lockdownlassen-Arbeitslosigkeit-ansteigen-465119.html?bPrint=true",
    ),
    TV_2022_02: (
        "TV Mittelrhein", "2022-02-01",
        "http://www.tv-mittelrhein.de/mediathek/news/1556/Trotz_saisonbedingtem_Anstieg_Arbeitslosigkeitszahlen_in_Mayen_Koblenz_auf_Vor_Corona_Niveau.html",
    ),
    WFG_2025: ("Wirtschaftsförderungsgesellschaft am Mittelrhein mbH", None, "https://www.wfg-myk.de/standort/statistik/arbeitsmarkt/"),
    AA_2025_08: (
        "Agentur für Arbeit Koblenz-Mayen", "2025-08-29",
        "https://www.arbeitsagentur.de/vor-ort/koblenz-mayen/presse/2025-40-stadt-kokreis-myk-kaum-bewegung-am-regionalen-arbeitsmarkt",
    ),
    BA_2017_09: ("Blick aktuell", "2017-09-14", "https://www.blick-aktuell.de/Politik/Roger-Lewentzbesucht-Fluechtlingsprojekt-286984.html"),
    "nr-kurier-2017-05-16": (
        "NR-Kurier", "2017-05-16",
        "https://nr-kurier.de/artikel/57916-neues-jobcenter-ist-ein-gewinn-fuer-bendorfer-innenstadt",
    ),
    RZ_2016_01: (
        "Rhein-Zeitung", "2016-01-24",
        "https://www.rhein-zeitung.de/region/aus-den-lokalredaktionen/andernach-und-mayen_artikel,-fluechtlingsbetreuung-jobcenter-auf-andrang-vorbereitet-_arid,1431077.html",
    ),
    RZ_KREISTAG: (
        "Rhein-Zeitung", None,
        "https://www.rhein-zeitung.de/lokales/koblenz-region/kreistag-stellt-jobcenter-mayen-koblenz-ein-gutes-zeugnis-aus_arid-1241541.html",
    ),
    RZ_2011_12: (
        "Rhein-Zeitung", "2011-12-02",
        "https://www.rhein-zeitung.de/startseite_artikel,-den-schalter-umlegen-kreis-mayenkoblenz-will-geraeuscharm-jobcenter-uebernehmen-_arid,345742.html",
    ),
}  # fmt: skip

# The unemployment rate of the Landkreis: every confirmed point, (period_start, granularity, kind, value, source).
RATE_POINTS = [
    ("2005-01-01", "year", NOT_STATED, 10, PRESS_RELEASE),
    ("2012-08-01", "month", NOW, 5.1, BA_2013_08),
    ("2013-06-01", "month", NOW, 4.6, BA_2013_07),
    ("2013-08-01", "month", NOW, 4.8, BA_2013_08),
    ("2013-10-01", "month", NOW, 4.5, BA_2013_10),
    ("2014-01-01", "month", NOW, 5.5, BA_2014_01),
    ("2014-07-01", "month", NOW, 4.8, BA_2014_08),
    ("2014-08-01", "month", NOW, 4.9, BA_2014_08),
    ("2016-01-01", "year", NOT_STATED, 3.9, WFG_2018),
    ("2017-01-01", "year", AVERAGE, 3.5, WFG_2018),
    ("2017-01-01", "year", NOW, 3.3, PRESS_RELEASE),
    ("2018-07-01", "month", NOW, 3.4, WFG_2018),
    ("2018-08-01", "month", NOW, 3.4, BA_2018_08),
    ("2018-11-01", "month", NOW, 3, BA_2018_11),
    ("2019-09-01", "month", NOW, 2.9, BA_2019_10),
    ("2019-11-01", "month", NOW, 2.8, RZ_2019_11),
    ("2020-01-01", "month", NOW, 3.3, BA_2021_02),
    ("2021-01-01", "month", NOW, 4, BA_2021_02),
    ("2022-01-01", "month", NOW, 3.3, TV_2022_02),
    ("2024-01-01", "year", AVERAGE, 3.9, WFG_2025),
    ("2025-08-01", "month", NOW, 4.1, AA_2025_08),
]

SERIES_URL = "/api/v1/indicators/unemployment_rate/series/"


def _points(response) -> list[tuple]:
    """Every point of the Landkreis's series; each series holds one kind of value, in period order."""
    assert response.status_code == 200, response.content
    series = response.json()["series"]
    assert {s["area"] for s in series} <= {"07137"}
    kinds = [s["value_kind"] for s in series]
    assert len(kinds) == len(set(kinds))
    points = []
    for s in series:
        starts = [p["period_start"] for p in s["points"]]
        assert starts == sorted(starts)
        points += [(p["period_start"], p["granularity"], p["value_kind"], p["value"], p["source"]) for p in s["points"]]
        assert {p["value_kind"] for p in s["points"]} == {s["value_kind"]}
    return sorted(points, key=str)


def _period(period: str) -> tuple[str, str, str]:
    """period_start, period_end and granularity of 'YYYY' or 'YYYY-MM'."""
    if len(period) == 4:
        return f"{period}-01-01", f"{period}-12-31", "year"
    year, month = map(int, period.split("-"))
    return f"{period}-01", f"{period}-{calendar.monthrange(year, month)[1]:02d}", "month"


@pytest.mark.parametrize(
    ("indicator", "period", "value", "qualifier", "kind", "source", "words"), FIGURES, ids=lambda v: str(v)[:24]
)
def test_each_verified_figure_is_served_with_qualifier_kind_quote_and_source(
    api, published, indicator, period, value, qualifier, kind, source, words
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
    assert row["value_kind"] == kind


def test_the_new_sources_publish_nothing_but_these_figures_and_only_for_the_landkreis(api, published):
    new_sources = ",".join(sorted({figure[5] for figure in FIGURES}))
    rows = api.get("/api/v1/metrics/", {"source": new_sources, "limit": 1000}).json()["results"]
    assert {row["area"] for row in rows} == {"07137"}
    served = sorted((r["indicator"], r["period_start"], r["source"]) for r in rows)
    assert served == sorted((f[0], _period(f[1])[0], f[5]) for f in FIGURES)


@pytest.mark.parametrize(("source_id", "expected"), SOURCES.items())
def test_each_new_source_is_a_source_row_with_date_as_the_page_shows_it(api, published, source_id, expected):
    body = api.get(f"/api/v1/sources/{source_id}/").json()
    assert (body["publisher"], body["published"], body["url"]) == expected
    assert body["license"] is None


def test_series_returns_every_confirmed_rate_point_with_its_source_and_kind(api, published):
    assert _points(api.get(SERIES_URL, {"area": "07137"})) == sorted(RATE_POINTS, key=str)


@pytest.mark.parametrize("granularity", ["year", "month"])
def test_series_gives_the_annual_and_the_monthly_points_apart(api, published, granularity):
    points = _points(api.get(SERIES_URL, {"area": "07137", "granularity": granularity}))
    assert points == sorted((point for point in RATE_POINTS if point[1] == granularity), key=str)


@pytest.mark.parametrize("kind", [NOW, AVERAGE, NOT_STATED, TOTAL])
def test_series_filtered_by_kind_is_one_series_of_that_kind(api, published, kind):
    points = _points(api.get(SERIES_URL, {"area": "07137", "value_kind": kind}))
    assert points == sorted((point for point in RATE_POINTS if point[2] == kind), key=str)


def test_series_has_no_span_points_for_the_rate(api, published):
    assert api.get(SERIES_URL, {"area": "07137", "granularity": "span"}).json()["series"] == []


def test_2017_has_two_rates_from_two_sources_in_the_metrics_list(api, published):
    params = {"indicator": "unemployment_rate", "area": "07137", "year": 2017, "granularity": "year"}
    rows = api.get("/api/v1/metrics/", params).json()["results"]
    assert sorted((r["value"], r["qualifier"], r["value_kind"], r["source"]) for r in rows) == [
        (3.3, "approximately", NOW, PRESS_RELEASE),
        (3.5, "exact", AVERAGE, WFG_2018),
    ]


@pytest.mark.parametrize(
    ("granularity", "count"), [("month", 16), ("year", 5), ("span", 0)], ids=["month", "year", "span"]
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
        ("refugees_arriving", "persons", "Flüchtlinge, die in den Landkreis kommen", ""),
        ("refugees_new_at_jobcenter", "persons", "Flüchtlinge, die sich neu an das Jobcenter wenden", ""),
        (
            "benefit_households_change", "percent_change", "Veränderung der Zahl der Bedarfsgemeinschaften",
            "§ 7 Abs. 3 SGB II",
        ),
        (
            "employable_beneficiaries_change", "percent_change",
            "Veränderung der Zahl der erwerbsfähigen Leistungsberechtigten", "§ 7 Abs. 1 SGB II",
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


def test_every_fixture_observation_states_its_kind_of_value():
    rows = [row for _, document in fixture_documents() for row in document.get("observations", [])]
    assert rows and all(row.get("value_kind") in {NOW, AVERAGE, TOTAL, CHANGE, NOT_STATED} for row in rows)


def test_the_kreistag_figures_say_they_are_reported_speech(api, published):
    rows = api.get("/api/v1/metrics/", {"source": RZ_KREISTAG}).json()["results"]
    assert len(rows) == 3
    for row in rows:
        assert row["note"].startswith("Reported speech")
        assert "Georg Hollmann" in row["note"] and "not a statement of the Jobcenter" in row["note"]
    source = api.get(f"/api/v1/sources/{RZ_KREISTAG}/").json()
    assert "reported speech" in source["note"]


def test_the_2011_takeover_is_a_dated_fact_of_a_source_not_a_figure(api, published):
    source = api.get(f"/api/v1/sources/{RZ_2011_12}/").json()
    assert "Am 1. Januar übernimmt der Landkreis Mayen-Koblenz das Jobcenter" in source["note"]
    assert "since 1 January 2012" in source["note"]
    assert api.get("/api/v1/metrics/", {"source": RZ_2011_12}).json()["count"] == 0


def test_january_2014_cites_the_first_publication_and_names_the_reprint(api, published):
    source = api.get(f"/api/v1/sources/{BA_2014_01}/").json()
    assert source["title"] == "Deutliches Plus bei der Arbeitslosigkeit"
    assert "https://www.blick-aktuell.de/Koblenz/Keine-grossen-Ueberraschungen-60881.html" in source["note"]
    assert api.get("/api/v1/sources/blick-aktuell-2014-02-06/").status_code == 404


def test_figures_read_from_a_comparison_or_cut_off_stay_out(api, published):
    """1.750 (January 2021, the next word cut off), a May 2013 rate by arithmetic, the 2020 values without a year."""
    values = {
        (row["indicator"], row["period_start"], row["value"])
        for row in api.get("/api/v1/metrics/", {"area": "07137", "limit": 1000}).json()["results"]
    }
    assert not any(value == 1750 for _, _, value in values)
    assert ("unemployment_rate", "2013-05-01", 4.8) not in values
    assert not any(start == "2020-11-01" for _, start, _ in values)
