"""A download costs the same number of queries for 3 rows as for 30 (rows come in chunks of 500)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from locations.models import Area, AreaLevel, Source
from metrics.models import Indicator, Observation, RefugeeBreakdown, RefugeeCaseload


def queries_for(api, path):
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


def add_rows(first_year, n):
    """Synthetic rows of years before 1950, observations under area SYN99: test data only."""
    source = Source.objects.get(pk="kvmyk-pd-380-2017")
    area, _ = Area.objects.get_or_create(
        code="SYN99", defaults={"name_de": "Synthetisch", "name_en": "Synthetic", "level": AreaLevel.DISTRICT}
    )
    indicator = Indicator.objects.get(code="staff")
    for year in range(first_year, first_year + n):
        Observation.objects.create(
            indicator=indicator, area=area, period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31),
            value=1, source=source, source_quote="synthetic",
        )  # fmt: skip
        caseload = RefugeeCaseload.objects.create(year=year, total=10, source=source, source_quote="synthetic")
        RefugeeBreakdown.objects.create(caseload=caseload, dimension="age_group", group="all", count=10)


@pytest.mark.parametrize("fmt", ["csv", "csv-de", "xlsx"])
@pytest.mark.parametrize(
    "url",
    ["/api/v1/metrics/?year_max=1950", "/api/v1/refugees/?year_max=1950", "/api/v1/refugees/breakdowns/?"],
)
def test_download_query_count_does_not_grow_with_rows(api, published, url, fmt):
    url = f"{url}&format={fmt}"
    add_rows(1901, 3)
    few = queries_for(api, url)
    add_rows(1904, 27)
    assert queries_for(api, url) == few


@pytest.mark.parametrize("fmt", ["jsonstat", "sdmx-csv"])
@pytest.mark.parametrize("url", ["/api/v1/metrics/?year_max=1950", "/api/v1/indicators/staff/series/?year_max=1950"])
def test_statistical_formats_query_count_does_not_grow_with_rows(api, published, url, fmt):
    url = f"{url}&format={fmt}"
    add_rows(1901, 3)
    few = queries_for(api, url)
    add_rows(1904, 27)
    assert queries_for(api, url) == few
