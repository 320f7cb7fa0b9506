"""Reads beyond a queryset attribute (metrics/selectors.py), apart from the views that serve them."""

import datetime as dt
from decimal import Decimal

from locations.models import Source
from metrics import selectors
from metrics.models import Indicator, Observation


def test_year_counts_count_each_collection_per_year(published):
    counts = selectors.year_counts()
    assert counts[2017] == {
        "metrics": Observation.objects.filter(year=2017).count(),
        "refugees": 1,
        "budgets": 1,
    }
    assert counts[2005] == {"metrics": Observation.objects.filter(year=2005).count(), "refugees": 0, "budgets": 0}


def test_year_summaries_are_the_years_in_order_with_their_counts(published):
    summaries = selectors.year_summaries()
    assert [row["year"] for row in summaries] == sorted(selectors.year_counts())
    assert all(set(row) == {"year", "metrics", "refugees", "budgets"} for row in summaries)


def test_a_year_without_data_has_no_content(published):
    assert selectors.year_content(year=1990) is None


def test_a_years_content_brings_its_sources_in_a_fixed_number_of_queries(published, django_assert_num_queries):
    # metrics, refugees, budgets; then their sources, breakdowns and categories: one query each; and,
    # outside a request, the data version (which releases are public) for each of the three.
    with django_assert_num_queries(11):
        content = selectors.year_content(year=2017)
        titles = {figure.source.title for figure in [*content["metrics"], *content["refugees"], *content["budgets"]]}
        assert [budget.fiscal_year for budget in content["budgets"]] == [2017]
        assert len(content["refugees"][0].breakdowns.all()) == 1
        assert len(content["budgets"][0].categories.all()) == 3
    assert titles


def test_group_series_orders_areas_by_code_and_keeps_the_points_order(published):
    indicator = Indicator.objects.get(code="long_term_recipients_change")
    points = list(Observation.objects.filter(indicator=indicator).select_related("area").order_by("-area_id"))
    series = selectors.group_series(indicator=indicator, observations=points)
    assert series["indicator"] == "long_term_recipients_change"
    assert [group["area"] for group in series["series"]] == ["07", "07137", "DG"]
    assert series["series"][0]["area_name"] == "Rheinland-Pfalz"


def test_pivot_gives_a_contested_period_one_column_per_source(published):
    indicator = Indicator.objects.get(code="unemployment_rate")
    template = Observation.objects.filter(indicator=indicator, year=2017).select_related("area").first()
    other = Source.objects.exclude(pk=template.source_id).first()
    twin = Observation(
        indicator=indicator, area=template.area, period_start=template.period_start,
        period_end=template.period_end, granularity=template.granularity, value=Decimal("3.4"),
        qualifier=template.qualifier, value_kind=template.value_kind, source=other, year=template.year,
    )  # fmt: skip
    table = selectors.pivot_series(indicator=indicator, observations=[template, twin])
    assert table["periods"] == sorted([f"2017 ({template.source_id})", f"2017 ({other.pk})"])
    (row,) = table["rows"]
    assert row["values"] == {f"2017 ({template.source_id})": template.value, f"2017 ({other.pk})": Decimal("3.4")}
    assert selectors.pivot_columns(table) == ["area", "area_name", "value_kind", *table["periods"]]
    assert selectors.pivot_rows(table)[0][f"2017 ({other.pk})"] == 3.4


def test_a_series_as_of_a_day_before_the_data_is_empty(published):
    indicator = Indicator.objects.get(code="staff")
    before = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    assert selectors.published_indicator(code="staff", as_of=before) is None
    observations = selectors.series_observations(Observation.objects.all(), indicator=indicator)
    assert selectors.series_points(observations) == list(Observation.objects.filter(indicator=indicator))
