"""A larger statistics sample of `metrics_observation`, so estimated counts stay within 2 %.

ANALYZE samples 300 rows per unit of the largest statistics target among the columns it
reads. With year's target at 250 (0005) that was 75,000 rows; at 5 million rows each year
is about 1 % of the table, some 730 sampled rows, and `make bench` saw year counts off by
up to 7 % from one ANALYZE to the next. A target of 1,000 samples 300,000 rows: errors
within 1.5 % at 2 million rows (within about 2 % at 5 million), for an ANALYZE of some 2 s
instead of 0.5 s. Indicator and area frequencies come from the same larger sample.
"""

import importlib

from django.db import migrations

year_statistics = importlib.import_module("metrics.migrations.0005_year_statistics")

YEAR_STATISTICS_TARGET = 1000


class Migration(migrations.Migration):
    dependencies = [("metrics", "0007_amounts_in_exact_digits")]

    operations = [
        migrations.RunPython(
            year_statistics.set_target(YEAR_STATISTICS_TARGET, analyze=True),
            year_statistics.set_target(year_statistics.YEAR_STATISTICS_TARGET, analyze=False),
            elidable=False,
        ),
    ]
