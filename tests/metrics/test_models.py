"""The invariants live in the database: a direct save that skips clean() is refused too."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from metrics.models import Budget, BudgetCategory, Observation, RefugeeBreakdown, RefugeeCaseload
from metrics.models.vocabulary import Granularity, Unit, ValueKind, granularity_of
from tests.factories import SYNTHETIC_QUOTE, synthetic_area, synthetic_indicator, synthetic_source


@pytest.fixture
def observation_fields(db) -> dict:
    return {
        "indicator": synthetic_indicator("syn_count", Unit.PERSONS),
        "area": synthetic_area("SYN01"),
        "period_start": dt.date(2017, 1, 1),
        "period_end": dt.date(2017, 12, 31),
        "value": Decimal(5),
        "source": synthetic_source(),
        "source_quote": SYNTHETIC_QUOTE,
    }


@pytest.fixture
def caseload(db) -> RefugeeCaseload:
    return RefugeeCaseload.objects.create(year=2017, total=10, source=synthetic_source(), source_quote=SYNTHETIC_QUOTE)


@pytest.fixture
def budget(db) -> Budget:
    return Budget.objects.create(fiscal_year=2017, total=100, source=synthetic_source(), source_quote=SYNTHETIC_QUOTE)


def assert_refused(obj, field: str | None = None) -> None:
    """full_clean() names the problem, and a save() that skips it is refused by the database."""
    with pytest.raises(ValidationError) as error:
        obj.full_clean()
    if field is not None:
        assert field in error.value.message_dict, error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


def test_one_observation_per_indicator_area_period_and_source(observation_fields):
    Observation.objects.create(**observation_fields)
    assert_refused(Observation(**{**observation_fields, "value": Decimal(6)}))


def test_a_second_source_may_give_the_same_period_another_value(observation_fields):
    Observation.objects.create(**observation_fields)
    other = Observation(**{**observation_fields, "value": Decimal(6), "source": synthetic_source("syn-other")})
    other.full_clean()
    other.save()
    assert Observation.objects.count() == 2


def test_a_negative_value_only_for_a_change_indicator(observation_fields):
    assert_refused(Observation(**{**observation_fields, "value": Decimal(-1)}), "value")
    change = synthetic_indicator("syn_change", Unit.PERCENT_CHANGE)
    allowed = Observation(**{**observation_fields, "indicator": change, "value": Decimal("-23.9")})
    allowed.full_clean()
    allowed.save()


def test_a_negative_value_is_refused_even_by_a_bulk_update(observation_fields):
    obs = Observation.objects.create(**observation_fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Observation.objects.filter(pk=obs.pk).update(value=Decimal(-1))


def test_value_kind_from_its_fixed_set(observation_fields):
    assert_refused(Observation(**observation_fields, value_kind="current"), "value_kind")


def test_a_change_is_a_value_of_unit_percent_change_and_back(observation_fields):
    assert_refused(Observation(**observation_fields, value_kind=ValueKind.CHANGE), "value_kind")
    change = synthetic_indicator("syn_change", Unit.PERCENT_CHANGE)
    wrong = Observation(**{**observation_fields, "indicator": change, "value_kind": ValueKind.POINT_IN_TIME})
    assert_refused(wrong, "value_kind")


def test_a_percent_change_nobody_classified_is_a_change(observation_fields):
    change = synthetic_indicator("syn_change", Unit.PERCENT_CHANGE)
    assert Observation.objects.create(**{**observation_fields, "indicator": change}).value_kind == ValueKind.CHANGE
    assert Observation.objects.create(**observation_fields).value_kind == ValueKind.NOT_STATED


def test_a_wrong_kind_is_refused_even_by_a_bulk_update(observation_fields):
    obs = Observation.objects.create(**observation_fields)
    for kind in ("current", ValueKind.CHANGE):
        with pytest.raises(IntegrityError), transaction.atomic():
            Observation.objects.filter(pk=obs.pk).update(value_kind=kind)


@pytest.mark.parametrize("model", ["observation", "caseload", "budget", "category"])
def test_qualifier_from_its_fixed_set(observation_fields, caseload, budget, model):
    obj = {
        "observation": Observation(**observation_fields),
        "caseload": caseload,
        "budget": budget,
        "category": BudgetCategory(
            budget=budget, code="c", name_de="c", name_en="c", amount=1, source_quote=SYNTHETIC_QUOTE
        ),
    }[model]
    obj.qualifier = "roughly"
    assert_refused(obj, "qualifier")


@pytest.mark.parametrize("share", [Decimal("-0.1"), Decimal("100.01"), Decimal(101)])
def test_share_within_0_and_100(caseload, share):
    assert_refused(RefugeeBreakdown(caseload=caseload, dimension="d", group="g", share_percent=share))


@pytest.mark.parametrize("share", [Decimal(0), Decimal(100), Decimal("62")])
def test_shares_at_the_bounds_are_accepted(caseload, share):
    breakdown = RefugeeBreakdown(caseload=caseload, dimension="d", group=str(share), share_percent=share)
    breakdown.full_clean()
    breakdown.save()


def test_one_undated_caseload_per_year_and_source(caseload):
    assert caseload.reference_date is None
    assert_refused(RefugeeCaseload(year=2017, total=11, source=caseload.source, source_quote=SYNTHETIC_QUOTE))
    dated = RefugeeCaseload(
        year=2017, reference_date=dt.date(2017, 9, 30), total=11, source=caseload.source, source_quote=SYNTHETIC_QUOTE
    )
    dated.full_clean()
    dated.save()


def test_breakdown_needs_a_count_or_a_share(caseload):
    assert_refused(RefugeeBreakdown(caseload=caseload, dimension="d", group="g"))


def test_counts_and_amounts_are_not_negative(caseload, budget):
    assert_refused(RefugeeBreakdown(caseload=caseload, dimension="d", group="g", count=-1), "count")
    caseload.total = -1
    assert_refused(caseload, "total")
    budget.total = Decimal(-1)
    assert_refused(budget)
    category = BudgetCategory(
        budget=Budget.objects.get(pk=budget.pk), code="c", name_de="c", name_en="c", amount=-1,
        source_quote=SYNTHETIC_QUOTE,
    )  # fmt: skip
    assert_refused(category)


def test_a_period_does_not_end_before_it_starts(observation_fields):
    fields = {**observation_fields, "period_start": dt.date(2017, 12, 31), "period_end": dt.date(2017, 1, 1)}
    assert_refused(Observation(**fields), "period_end")


@pytest.mark.parametrize(
    ("start", "end", "granularity"),
    [
        (dt.date(2017, 1, 1), dt.date(2017, 12, 31), Granularity.YEAR),
        (dt.date(2016, 2, 1), dt.date(2016, 2, 29), Granularity.MONTH),
        (dt.date(2017, 2, 1), dt.date(2017, 2, 28), Granularity.MONTH),
        (dt.date(2005, 1, 1), dt.date(2016, 12, 31), Granularity.SPAN),
        (dt.date(2017, 1, 1), dt.date(2017, 6, 30), Granularity.SPAN),
        (dt.date(2017, 2, 1), dt.date(2017, 2, 27), Granularity.SPAN),
        (dt.date(2017, 1, 2), dt.date(2017, 12, 31), Granularity.SPAN),
    ],
)
def test_granularity_follows_from_the_period(start, end, granularity):
    assert granularity_of(start, end) == granularity


def test_year_and_unit_follow_from_period_and_indicator(observation_fields):
    obs = Observation.objects.create(**{**observation_fields, "period_start": dt.date(2005, 1, 1)})
    assert (obs.year, obs.granularity, obs.unit) == (2017, Granularity.SPAN, Unit.PERSONS)


@pytest.mark.postgres
def test_postgres_names_the_violated_constraint(observation_fields):
    """On PostgreSQL the driver reports which constraint refused the row (SQLite gives only text)."""
    assert connection.vendor == "postgresql"
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Observation.objects.create(**{**observation_fields, "value": Decimal(-1)})
    assert error.value.__cause__.diag.constraint_name == "observation_negative_only_for_change"
    Observation.objects.create(**observation_fields)
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Observation.objects.create(**observation_fields)
    assert error.value.__cause__.diag.constraint_name == "observation_unique_per_period_and_source"


@pytest.mark.postgres
def test_postgres_refuses_a_share_over_100_in_a_raw_update(caseload):
    breakdown = RefugeeBreakdown.objects.create(caseload=caseload, dimension="d", group="g", share_percent=62)
    with pytest.raises(IntegrityError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE metrics_refugeebreakdown SET share_percent = 150 WHERE id = %s", [breakdown.pk])
    assert error.value.__cause__.diag.constraint_name == "breakdown_share_0_100"
