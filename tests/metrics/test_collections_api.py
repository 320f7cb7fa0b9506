"""The metrics app's other collections: series, years, refugees, budgets; and their 404s and 401s."""

import pytest

from metrics.models import Observation
from tests.assertions import assert_json, assert_not_found, results
from tests.factories import (
    synthetic_budget,
)
from tests.metrics.test_api import SOURCE, values

# -- series ----------------------------------------------------------------------------------


def test_series_shape(api, published):
    body = assert_json(api.get("/api/v1/indicators/integrations_into_work/series/"), 200)
    for point in body["series"][0]["points"]:
        assert point.pop("permalink") == point.pop("cite")["permalink"]
    assert body["series"][0].pop("area_name") == "Landkreis Mayen-Koblenz"
    assert body == {
        "indicator": "integrations_into_work",
        "unit": "persons",
        "series": [
            {
                "area": "07137",
                "value_kind": "period_total",
                "points": [
                    {
                        "year": 2016,
                        "period_start": "2005-01-01",
                        "period_end": "2016-12-31",
                        "granularity": "span",
                        "value": 29000,
                        "qualifier": "more_than",
                        "value_kind": "period_total",
                        "status": "final",
                        "derived": False,
                        "source": SOURCE,
                    },
                    {
                        "year": 2016,
                        "period_start": "2016-01-01",
                        "period_end": "2016-12-31",
                        "granularity": "year",
                        "value": 2132,
                        "qualifier": "exact",
                        "value_kind": "period_total",
                        "status": "final",
                        "derived": False,
                        "source": SOURCE,
                    },
                ],
            }
        ],
    }


def test_series_shows_both_sources_of_one_period_each_in_the_series_of_its_kind(api, published):
    body = assert_json(api.get("/api/v1/indicators/unemployment_rate/series/?granularity=year&year_min=2017"), 200)
    points = [
        (series["value_kind"], p["year"], p["value"], p["source"])
        for series in body["series"]
        for p in series["points"]
        if p["year"] == 2017
    ]
    assert sorted(points, key=str) == sorted(
        [("point_in_time", 2017, 3.3, SOURCE), ("annual_average", 2017, 3.5, "wfg-myk-arbeitsmarkt-2018")], key=str
    )


@pytest.mark.parametrize(
    "code", ["unemployment_rate", "unemployed", "long_term_recipients_change", "integrations_into_work", "staff"]
)
def test_a_series_never_mixes_two_kinds_of_value(api, published, code):
    body = assert_json(api.get(f"/api/v1/indicators/{code}/series/"), 200)
    keys = [(series["area"], series["value_kind"]) for series in body["series"]]
    assert len(keys) == len(set(keys))
    for series in body["series"]:
        assert {point["value_kind"] for point in series["points"]} == {series["value_kind"]}


def test_series_filter_by_value_kind_keeps_one_kind(api, published):
    query = "area=07137&value_kind=annual_average"
    body = assert_json(api.get(f"/api/v1/indicators/unemployment_rate/series/?{query}"), 200)
    (series,) = body["series"]
    assert series["value_kind"] == "annual_average"
    assert [(p["year"], p["value"]) for p in series["points"]] == [(2017, 3.5), (2024, 3.9)]
    rows = assert_json(api.get("/api/v1/indicators/unemployment_rate/series/?value_kind=period_total"), 200)
    assert rows["series"] == []


def series_values(response) -> dict[str, list]:
    body = assert_json(response, 200)
    return {series["area"]: [point["value"] for point in series["points"]] for series in body["series"]}


SERIES_FILTERS = [
    ("long_term_recipients_change", "", {"07": [-7.7], "07137": [-15, -23.9], "DG": [-11.8]}),
    ("long_term_recipients_change", "area=07137,DG", {"07137": [-15, -23.9], "DG": [-11.8]}),
    ("long_term_recipients_change", "area=SYN01", {}),
    ("integrations_into_work", "granularity=span", {"07137": [29000]}),
    ("integrations_into_work", "granularity=year", {"07137": [2132]}),
    ("integrations_into_work", "granularity=month", {}),
    ("long_term_recipients_change", "year_min=2016", {"07": [-7.7], "07137": [-23.9], "DG": [-11.8]}),
    ("long_term_recipients_change", "year_min=2017", {}),
    ("unemployment_rate", "year_max=2010", {"07137": [10]}),
    ("unemployment_rate", "year_max=2004", {}),
    ("unemployment_rate", "year_min=2005&year_max=2005", {"07137": [10]}),
]


@pytest.mark.parametrize(("code", "query", "expected"), SERIES_FILTERS)
def test_series_filters(api, empty_codes, code, query, expected):
    assert series_values(api.get(f"/api/v1/indicators/{code}/series/?{query}")) == expected


def test_series_points_are_ordered_by_period(api, published):
    # The 2005-2016 span ends with the 2016 year: both end 2016-12-31, the longer one first.
    body = assert_json(api.get("/api/v1/indicators/integrations_into_work/series/"), 200)
    assert [point["value"] for point in body["series"][0]["points"]] == [29000, 2132]


# -- years -----------------------------------------------------------------------------------


def test_years_list_counts_per_year(api, published):
    rows = results(api.get("/api/v1/years/"))
    assert [row["year"] for row in rows] == sorted({*Observation.objects.values_list("year", flat=True), 2017})
    by_year = {row["year"]: row for row in rows}
    assert by_year[2005] == {
        "year": 2005,
        "metrics": Observation.objects.filter(year=2005).count(),
        "refugees": 0,
        "budgets": 0,
    }
    assert by_year[2016]["metrics"] == Observation.objects.filter(year=2016).count() >= 5
    assert (by_year[2017]["refugees"], by_year[2017]["budgets"]) == (1, 1)


def test_years_list_paginates(api, published):
    years = [row["year"] for row in results(api.get("/api/v1/years/"))]
    body = assert_json(api.get("/api/v1/years/?limit=1&offset=1"), 200)
    assert body["count"] == len(years)
    assert [row["year"] for row in body["results"]] == years[1:2]


def test_year_detail_has_everything_published_for_it(api, published):
    body = assert_json(api.get("/api/v1/years/2017/"), 200)
    assert body["year"] == 2017
    assert {3.3, 224} <= set(values(body["metrics"]))
    assert {row["year"] for row in body["metrics"]} == {2017}
    assert len(body["metrics"]) == Observation.objects.filter(year=2017).count()
    assert [caseload["total"] for caseload in body["refugees"]] == [2670]
    assert [budget["total"] for budget in body["budgets"]] == [80000000]
    assert body["budgets"][0]["unitemized_amount"] == 13000000
    only_metrics = assert_json(api.get("/api/v1/years/2005/"), 200)
    assert (values(only_metrics["metrics"]), only_metrics["refugees"], only_metrics["budgets"]) == ([10], [], [])


# -- refugees --------------------------------------------------------------------------------


def test_refugees_with_breakdowns(api, published):
    (caseload,) = results(api.get("/api/v1/refugees/"))
    assert caseload["year"] == 2017
    assert caseload["total"] == 2670
    assert caseload["reference_date"] is None
    assert caseload["breakdowns"] == [
        {
            "dimension": "age_group",
            "group": "15-50",
            "count": 1655,
            "share_percent": 62,
            "derived": True,
            "source_quote": "62 Prozent von ihnen sind zwischen 15 und 50 Jahren alt.",
            "note": caseload["breakdowns"][0]["note"],
        }
    ]
    assert assert_json(api.get(f"/api/v1/refugees/{caseload['id']}/"), 200) == caseload


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2017", [2670]),
        ("year=2016", []),
        ("year_min=2017", [2670]),
        ("year_min=2018", []),
        ("year_max=2017", [2670]),
        ("year_max=2016", []),
    ],
)
def test_refugees_filters(api, published, query, expected):
    assert [row["total"] for row in results(api.get(f"/api/v1/refugees/?{query}"))] == expected


def test_refugee_breakdowns_flat(api, published):
    (row,) = results(api.get("/api/v1/refugees/breakdowns/"))
    caseload = results(api.get("/api/v1/refugees/"))[0]
    assert row["caseload"] == caseload["id"]
    assert row["year"] == 2017
    assert (row["dimension"], row["group"], row["count"], row["share_percent"], row["derived"]) == (
        "age_group",
        "15-50",
        1655,
        62,
        True,
    )


@pytest.mark.parametrize(
    ("query", "count"),
    [("year=2017", 1), ("year=2016", 0), ("dimension=age_group", 1), ("dimension=sex", 0)],
)
def test_refugee_breakdowns_filters(api, published, query, count):
    assert len(results(api.get(f"/api/v1/refugees/breakdowns/?{query}"))) == count


# -- budgets ---------------------------------------------------------------------------------


def test_budget_tree_with_unitemized_rest(api, published):
    budget = assert_json(api.get("/api/v1/budgets/2017/"), 200)
    assert (budget["fiscal_year"], budget["total"], budget["currency"]) == (2017, 80000000, "EUR")
    assert {c["code"]: (c["amount"], c["children"]) for c in budget["categories"]} == {
        "passive_benefits": (59000000, []),
        "integration": (7200000, []),
        "education_participation": (800000, []),
    }
    assert budget["unitemized_amount"] == 13000000
    assert "13000000" in budget["unitemized_note"]
    assert results(api.get("/api/v1/budgets/")) == [budget]


def test_budget_tree_nests_children_and_counts_only_top_level_in_the_rest(api, published):
    synthetic_budget(1901, total=1000)
    budget = assert_json(api.get("/api/v1/budgets/1901/?lang=en"), 200)
    tree = {c["code"]: [child["code"] for child in c["children"]] for c in budget["categories"]}
    assert tree == {"syn_parent": ["syn_child"], "syn_other": []}
    assert budget["categories"][0]["name"] in {"Parent", "Other"}
    assert budget["unitemized_amount"] == 1000 - 300 - 200


@pytest.mark.parametrize(("query", "expected"), [("fiscal_year=2017", [2017]), ("fiscal_year=2016", [])])
def test_budgets_filter_by_fiscal_year(api, published, query, expected):
    assert [row["fiscal_year"] for row in results(api.get(f"/api/v1/budgets/?{query}"))] == expected


CATEGORY_FILTERS = [
    ("", {"passive_benefits", "integration", "education_participation", "syn_parent", "syn_child", "syn_other"}),
    ("fiscal_year=2017", {"passive_benefits", "integration", "education_participation"}),
    ("fiscal_year=2016", set()),
    ("parent=none", {"passive_benefits", "integration", "education_participation", "syn_parent", "syn_other"}),
    ("parent=syn_parent", {"syn_child"}),
    ("parent=passive_benefits", set()),
    ("parent=none&fiscal_year=1901", {"syn_parent", "syn_other"}),
]


@pytest.mark.parametrize(("query", "expected"), CATEGORY_FILTERS)
def test_budget_categories_filters(api, published, query, expected):
    synthetic_budget(1901)
    assert {row["code"] for row in results(api.get(f"/api/v1/budgets/categories/?{query}"))} == expected


def test_budget_categories_flat_rows(api, published):
    synthetic_budget(1901)
    rows = {row["code"]: row for row in results(api.get("/api/v1/budgets/categories/?lang=en"))}
    assert rows["syn_child"]["parent"] == "syn_parent"
    assert rows["syn_child"]["fiscal_year"] == 1901
    assert rows["passive_benefits"]["parent"] is None
    assert rows["passive_benefits"]["amount"] == 59000000
    assert rows["passive_benefits"]["name"] == "Passive benefits"


# -- 404s ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/indicators/nope/",
        "/api/v1/indicators/nope/series/",
        "/api/v1/metrics/999999/",
        "/api/v1/metrics/99999999999999999999/",
        "/api/v1/metrics/abc/",
        "/api/v1/years/1990/",
        "/api/v1/years/abcd/",
        "/api/v1/years/20170/",
        "/api/v1/refugees/999999/",
        "/api/v1/refugees/abc/",
        "/api/v1/budgets/2016/",
        "/api/v1/budgets/abcd/",
        "/api/v1/refugees/breakdowns/999999/",
        "/api/v1/budgets/categories/999999/",
    ],
)
def test_unknown_path_value_is_a_json_404(api, published, settings, path):
    settings.DEBUG = False
    assert_not_found(api.get(path))


def test_writes_without_a_token_are_a_json_401(api, published):
    response = api.post("/api/v1/metrics/", {"value": 1}, format="json")
    assert set(assert_json(response, 401)) == {"detail"}
