"""A site's municipality key is published with the source that states it, or not at all.

Before this, keys were published without a source (issue 24). No source row can be named
here, so every key without one is withdrawn (set to null), with a history record so that
`as_of` and revisions show when; the fixture import then sets each key again together with
the page that states it. The constraint holds from then on.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

WITHDRAWN = "Municipality key withdrawn: no source states it (issue 24)."


def withdraw_unsourced_keys(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        # Check the history rows' foreign keys now: PostgreSQL refuses the index this migration
        # builds at its end, and the constraint it adds, on a table with checks still pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    Location = apps.get_model("locations", "Location")
    HistoricalLocation = apps.get_model("locations", "HistoricalLocation")
    names = [field.attname for field in Location._meta.concrete_fields]
    now = timezone.now()
    for location in Location.objects.filter(municipality_code__isnull=False, municipality_code_source__isnull=True):
        location.municipality_code = None
        location.save(update_fields=["municipality_code"])
        HistoricalLocation.objects.create(
            **{name: getattr(location, name) for name in names},
            history_date=now,
            history_type="~",
            history_change_reason=WITHDRAWN,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("locations", "0003_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicallocation",
            name="municipality_code_source",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The source that states the municipality key; null exactly where the key is null.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="locations.source",
            ),
        ),
        migrations.AddField(
            model_name="location",
            name="municipality_code_source",
            field=models.ForeignKey(
                blank=True,
                help_text="The source that states the municipality key; null exactly where the key is null.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="municipality_codes",
                to="locations.source",
            ),
        ),
        migrations.RunPython(withdraw_unsourced_keys, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="location",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("municipality_code__isnull", True), ("municipality_code_source__isnull", True)),
                    models.Q(("municipality_code__isnull", False), ("municipality_code_source__isnull", False)),
                    _connector="OR",
                ),
                name="location_municipality_code_with_source",
                violation_error_message="A municipality key and the source that states it are given together.",
            ),
        ),
    ]
