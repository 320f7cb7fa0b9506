"""Every observation says what kind of value it is (issue 24): the kind of existing rows.

The rules read what the rows already say, most certain first: a percent change is a change;
a month's value is one at a point in time (its count day); a yearly value whose quote says
'durchschnittlich…' is an annual average; integrations into work are totals over their period;
a value whose note calls it current ('current', 'derzeit', 'aktuell', 'mittlerweile') is a
point in time. Anything else is not stated. History rows get the same, so vintages agree.
Set-based updates, so a table of millions of rows takes seconds. The fixture import then
sets every published row's kind explicitly.
"""

from django.db import migrations, models
from django.db.models import Q

CURRENT_WORDS = ("current", "derzeit", "aktuell", "mittlerweile")


def infer_value_kinds(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        # PostgreSQL refuses the constraints added below on a table with checks still pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for name in ("Observation", "HistoricalObservation"):
        rows = apps.get_model("metrics", name).objects
        rows.filter(unit="percent_change").update(value_kind="change")
        unset = rows.filter(value_kind="not_stated")
        unset.filter(granularity="month").update(value_kind="point_in_time")
        unset.filter(granularity="year", source_quote__icontains="durchschnittlich").update(value_kind="annual_average")
        unset.filter(indicator_id="integrations_into_work").update(value_kind="period_total")
        current = Q()
        for word in CURRENT_WORDS:
            current |= Q(note__icontains=word)
        unset.filter(current).update(value_kind="point_in_time")


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0008_year_statistics_sample"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalobservation",
            name="value_kind",
            field=models.CharField(
                choices=[
                    ("point_in_time", "point in time (a count or rate on a month's count day, or 'derzeit')"),
                    ("annual_average", "annual average (durchschnittlich)"),
                    ("period_total", "total over the period"),
                    ("change", "change over the period (percent)"),
                    ("not_stated", "not stated by the source"),
                ],
                default="not_stated",
                help_text="What kind of value this is. point_in_time: a value at one moment, such as a month's count or rate on its count day, or a value the source gives as current ('derzeit', 'aktuell'), filed under the source's period; annual_average: the average over a calendar year ('durchschnittlich'); period_total: a total over the whole period (e.g. people integrated into work in a year); change: a change over the period in percent (only indicators of unit percent_change); not_stated: the source gives a value for the period without saying which of these it is. Values of different kinds are never one series.",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="observation",
            name="value_kind",
            field=models.CharField(
                choices=[
                    ("point_in_time", "point in time (a count or rate on a month's count day, or 'derzeit')"),
                    ("annual_average", "annual average (durchschnittlich)"),
                    ("period_total", "total over the period"),
                    ("change", "change over the period (percent)"),
                    ("not_stated", "not stated by the source"),
                ],
                default="not_stated",
                help_text="What kind of value this is. point_in_time: a value at one moment, such as a month's count or rate on its count day, or a value the source gives as current ('derzeit', 'aktuell'), filed under the source's period; annual_average: the average over a calendar year ('durchschnittlich'); period_total: a total over the whole period (e.g. people integrated into work in a year); change: a change over the period in percent (only indicators of unit percent_change); not_stated: the source gives a value for the period without saying which of these it is. Values of different kinds are never one series.",
                max_length=20,
            ),
        ),
        migrations.RunPython(infer_value_kinds, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="observation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("value_kind__in", ["point_in_time", "annual_average", "period_total", "change", "not_stated"])
                ),
                name="observation_value_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="observation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("value_kind", "change"), ("unit", "percent_change")),
                    models.Q(
                        models.Q(("value_kind", "change"), _negated=True),
                        models.Q(("unit", "percent_change"), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="observation_change_kind_for_change_unit",
                violation_error_message="A change (value_kind change) is a value of unit percent_change, and back.",
            ),
        ),
    ]
