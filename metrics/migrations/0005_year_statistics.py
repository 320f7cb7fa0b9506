"""Every possible year in PostgreSQL's statistics of `metrics_observation.year`.

A list's `count` beyond 10,000 rows is the planner's estimate. With more distinct years in
the table than the column's statistics target (100 by default), the planner estimates a
year range from a histogram and was 16 % short at 5 million rows. A target of at least 201,
the number of years the table allows (1900..2100), keeps every year with its own frequency.
Extended statistics (CREATE STATISTICS) did not help: the columns are not what is
correlated, and a multi-column MCV list of indicator x year does not fit in its target.
Django has no model option for a column's statistics target, hence SQL; SQLite has none.
"""

from collections.abc import Callable

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

YEAR_STATISTICS_TARGET = 250


def set_target(target: int, *, analyze: bool) -> Callable[[StateApps, BaseDatabaseSchemaEditor], None]:
    def run(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE metrics_observation ALTER COLUMN year SET STATISTICS {target}")
            if analyze:  # the target only shapes the statistics at the next ANALYZE: take them now
                schema_editor.execute("ANALYZE metrics_observation (year)")

    return run


class Migration(migrations.Migration):
    dependencies = [("metrics", "0004_bounds_and_undated_caseload")]

    operations = [
        # -1: back to default_statistics_target.
        migrations.RunPython(
            set_target(YEAR_STATISTICS_TARGET, analyze=True), set_target(-1, analyze=False), elidable=False
        ),
    ]
