"""Migrations that could fail half-way on existing data check it first and say what to correct."""

import importlib
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from metrics.models import Observation

amounts_in_exact_digits = importlib.import_module("metrics.migrations.0007_amounts_in_exact_digits")


def apps_before_0007():
    """The models as migration 0007 sees them: amounts of up to 18 digits."""
    return MigrationLoader(connection).project_state(("metrics", "0006_caseload_undated_clash_code")).apps


def test_0007_names_the_rows_whose_amounts_no_longer_fit(published):
    too_large, fitting = Observation.objects.order_by("pk")[:2]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The column as 0006 left it; the test's transaction undoes it. The check of the
            # fixtures' deferred foreign keys runs now, as ALTER TABLE refuses pending ones.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE metrics_observation ALTER COLUMN value TYPE numeric(18, 4)")
        cursor.execute(
            "UPDATE metrics_observation SET value = %s WHERE id = %s", [Decimal("12345678901234.5678"), too_large.pk]
        )
        cursor.execute(
            "UPDATE metrics_observation SET value = %s WHERE id = %s", [Decimal("99999999999.9999"), fitting.pk]
        )
    with pytest.raises(CommandError, match="Correct them") as refused:
        amounts_in_exact_digits.check_amounts_fit(apps_before_0007())
    assert f"metrics_observation.value (at most 11 digits before the point): id {too_large.pk} = 1234" in str(
        refused.value
    )
    assert f"id {fitting.pk} =" not in str(refused.value)


def test_0007_lets_amounts_that_fit_through(published):
    amounts_in_exact_digits.check_amounts_fit(apps_before_0007())


def test_0007_checks_before_it_alters_a_column():
    first, *rest = amounts_in_exact_digits.Migration.operations
    assert first.code is amounts_in_exact_digits.refuse_amounts_that_do_not_fit
    assert rest and all(operation.describe().startswith("Alter field") for operation in rest)


@pytest.mark.postgres
def test_year_statistics_sample_300_000_rows(db):
    """Migration 0008: ANALYZE samples 300 rows per unit of the largest target, so estimated counts stay close."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute"
            " WHERE attrelid = 'metrics_observation'::regclass AND attname = 'year'"
        )
        assert cursor.fetchone() == (1000,)


observation_value_kind = importlib.import_module("metrics.migrations.0009_observation_value_kind")


def test_0009_infers_the_kind_the_fixtures_state_for_the_rows_published_before_it(published):
    """Rows of a database from before 0009 get the kind the fixture import then states explicitly.

    The two refugee counts came with issue 24 itself, after 0009, and only by import.
    """
    from django.apps import apps

    stated = dict(Observation.objects.values_list("pk", "value_kind"))
    later = Observation.objects.filter(indicator__in=["refugees_arriving", "refugees_new_at_jobcenter"])
    before = Observation.objects.exclude(pk__in=later).exclude(unit="percent_change")
    before.update(value_kind="not_stated")
    Observation.history.exclude(unit="percent_change").update(value_kind="not_stated")
    editor = SimpleNamespace(connection=connection, execute=lambda sql: connection.cursor().execute(sql))
    observation_value_kind.infer_value_kinds(apps, editor)
    inferred = dict(Observation.objects.exclude(pk__in=later).values_list("pk", "value_kind"))
    assert inferred == {pk: kind for pk, kind in stated.items() if pk in inferred}
    assert set(inferred.values()) == {"point_in_time", "annual_average", "period_total", "change", "not_stated"}
    for row in Observation.history.exclude(id__in=later):
        assert row.value_kind == stated[row.id]
