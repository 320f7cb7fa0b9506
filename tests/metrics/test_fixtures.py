"""The published figures, each as DESIGN.md's table gives it, served with qualifier, quote and source.

The expected values are written out here from the table in DESIGN.md (and the press release),
not read back from fixtures/, so a wrong fixture fails.
"""

import pytest

from tests.assertions import assert_json, results

SOURCE = "kvmyk-pd-380-2017"

# indicator, area, period_start, period_end, granularity, value, unit, qualifier, fragment of the German sentence
OBSERVATIONS = [
    ("unemployment_rate", "07137", "2005-01-01", "2005-12-31", "year", 10, "percent", "nearly",
     "annähernd 10 Prozent"),
    ("unemployment_rate", "07137", "2017-01-01", "2017-12-31", "year", 3.3, "percent", "approximately",
     "rund 3,3 Prozent"),
    ("integrations_into_work", "07137", "2005-01-01", "2016-12-31", "span", 29000, "persons", "more_than",
     "mehr als 29.000"),
    ("integrations_into_work", "07137", "2016-01-01", "2016-12-31", "year", 2132, "persons", "exact",
     "2.132 Männern und Frauen"),
    ("long_term_recipients_change", "07137", "2016-01-01", "2016-12-31", "year", -23.9, "percent_change", "exact",
     "um 23,9 Prozent gesenkt"),
    ("long_term_recipients_change", "DG", "2016-01-01", "2016-12-31", "year", -11.8, "percent_change", "exact",
     "Bund (minus 11,8 Prozent)"),
    ("long_term_recipients_change", "07", "2016-01-01", "2016-12-31", "year", -7.7, "percent_change", "exact",
     "Land (minus 7,7 Prozent)"),
    ("staff", "07137", "2017-01-01", "2017-12-31", "year", 224, "persons", "exact",
     "224 Mitarbeiter"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("indicator", "area", "start", "end", "granularity", "value", "unit", "qualifier", "quote"), OBSERVATIONS
)
def test_each_figure_is_served_with_qualifier_period_quote_and_source(
    api, published, indicator, area, start, end, granularity, value, unit, qualifier, quote
):
    rows = results(api.get(f"/api/v1/metrics/?indicator={indicator}&area={area}&year={end[:4]}&source={SOURCE}"))
    (row,) = [row for row in rows if row["period_start"] == start]
    assert row["period_end"] == end
    assert row["year"] == int(end[:4])
    assert row["granularity"] == granularity
    assert row["value"] == value and type(row["value"]) is type(value)
    assert row["unit"] == unit
    assert row["qualifier"] == qualifier
    assert row["derived"] is False
    assert row["source"] == SOURCE
    assert quote in row["source_quote"]


def test_no_figure_of_the_press_release_beyond_the_table(api, published):
    rows = results(api.get(f"/api/v1/metrics/?source={SOURCE}"))
    served = {(r["indicator"], r["area"], r["period_start"], r["period_end"], r["value"]) for r in rows}
    assert served == {(o[0], o[1], o[2], o[3], o[5]) for o in OBSERVATIONS}


def test_figures_stated_as_current_or_as_this_period_say_so_in_their_note(api, published):
    rows = results(api.get(f"/api/v1/metrics/?source={SOURCE}"))
    notes = {(r["indicator"], r["area"], r["year"]): r["note"] for r in rows}
    assert "derzeit" in notes[("unemployment_rate", "07137", 2017)]
    assert "In diesem Zeitraum" in notes[("long_term_recipients_change", "07137", 2016)]
    span_note = next(r["note"] for r in rows if r["granularity"] == "span")
    assert "12 years" in span_note and "2005-2016" in span_note


def test_refugees_2670_in_care_and_62_percent_aged_15_to_50(api, published):
    (caseload,) = results(api.get("/api/v1/refugees/"))
    assert (caseload["year"], caseload["total"], caseload["qualifier"]) == (2017, 2670, "exact")
    assert caseload["reference_date"] is None
    assert caseload["source"] == SOURCE
    assert "2.670 Flüchtlinge betreut" in caseload["source_quote"]
    (group,) = caseload["breakdowns"]
    assert (group["dimension"], group["group"], group["share_percent"]) == ("age_group", "15-50", 62)
    assert "62 Prozent" in group["source_quote"] and "zwischen 15 und 50 Jahren" in group["source_quote"]
    # The count is not in the source: derived from the share, and marked so with its formula.
    assert group["count"] == round(2670 * 62 / 100) == 1655
    assert group["derived"] is True
    assert "2670" in group["note"] and "62" in group["note"]


# code, amount, fragment of the German sentence
BUDGET_CATEGORIES = [
    ("passive_benefits", 59000000, "Passiven Hilfen wie Arbeitslosengeld II oder Mieten sind dies 59 Millionen Euro"),
    ("integration", 7200000, "Integrationshilfen 7,2 Millionen"),
    ("education_participation", 800000, "Bildung und Teilhabe 800.000 Euro"),
]


def test_budget_2017_of_80_million_with_its_listed_categories(api, published):
    budget = assert_json(api.get("/api/v1/budgets/2017/"), 200)
    assert (budget["total"], budget["currency"], budget["qualifier"]) == (80000000, "EUR", "exact")
    assert "Finanzvolumen von 80 Millionen Euro" in budget["source_quote"]
    assert budget["source"] == SOURCE
    categories = {c["code"]: c for c in budget["categories"]}
    assert set(categories) == {code for code, _, _ in BUDGET_CATEGORIES}
    for code, amount, quote in BUDGET_CATEGORIES:
        assert categories[code]["amount"] == amount
        assert categories[code]["qualifier"] == "exact"
        assert quote in categories[code]["source_quote"]
        assert categories[code]["children"] == []


def test_budget_rest_of_13_million_is_derived_not_a_category(api, published):
    budget = assert_json(api.get("/api/v1/budgets/2017/"), 200)
    assert budget["unitemized_amount"] == 80000000 - 59000000 - 7200000 - 800000 == 13000000
    assert budget["unitemized_note"].startswith("Derived")
    assert "unitemized" not in {c["code"] for c in budget["categories"]}
    assert "um nur einige Beispiele zu nennen" in budget["categories"][0]["source_quote"]


# slug, city, municipality key (Weißenthurm: not verified, so null)
LOCATIONS = [
    ("andernach", "Andernach", "07137003"),
    ("bendorf", "Bendorf", "07137203"),
    ("koblenz", "Koblenz", "07111000"),
    ("mayen", "Mayen", "07137068"),
    ("weissenthurm", "Weißenthurm", None),
]


def test_five_sites_with_municipality_keys_and_nothing_the_source_does_not_give(api, published):
    sites = results(api.get("/api/v1/locations/"))
    assert [(s["slug"], s["city"], s["municipality_code"]) for s in sites] == LOCATIONS
    for site in sites:
        unknown = ("street", "postal_code", "latitude", "longitude", "phone", "email", "opening_hours", "services")
        assert {name: site[name] for name in unknown} == dict.fromkeys(unknown)
        assert site["source"] == SOURCE
        assert "fünf Standorten in Mayen, Koblenz, Weißenthurm, Andernach und Bendorf" in site["source_quote"]


def test_the_source_row(api, published):
    source = assert_json(api.get(f"/api/v1/sources/{SOURCE}/"), 200)
    assert source["title"].startswith("PD 380-2017 Jobcenter Mayen-Koblenz ist ein Erfolgsmodell")
    assert source["publisher"] == "Kreisverwaltung Mayen-Koblenz"
    assert source["published"] == "2017"
    assert source["url"] == (
        "http://www.kvmyk.de/kv_myk/Aktuelles/Pressearchiv%202017/"
        "PD%20380-2017%20Jobcenter%20Mayen-Koblenz%20ist%20ein%20Erfolgsmodell/"
    )
    assert source["license"] is None


def test_areas_are_the_regional_keys(api, published):
    areas = {a["code"]: (a["name_de"], a["level"]) for a in results(api.get("/api/v1/areas/"))}
    assert areas == {
        "07137": ("Landkreis Mayen-Koblenz", "district"),
        "07": ("Rheinland-Pfalz", "state"),
        "DG": ("Deutschland", "country"),
    }
