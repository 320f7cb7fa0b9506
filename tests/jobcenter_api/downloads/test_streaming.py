"""A CSV of 100,000 rows streams: memory does not grow with the size of the file."""

import datetime as dt
import tracemalloc

from django.http import StreamingHttpResponse

from locations.models import Area, AreaLevel, Source
from metrics.models import Indicator, Observation
from metrics.models.vocabulary import Granularity, Unit

SYNTHETIC_AREAS = 50
MONTHS_PER_AREA = 2000  # 50 x 2000 = 100,000 observations


def synthetic_observations() -> int:
    """Monthly values under area codes SYN00..SYN49: made at run time, never in fixtures/."""
    areas = Area.objects.bulk_create(
        Area(code=f"SYN{i:02d}", name_de=f"Synthetisch {i}", name_en=f"Synthetic {i}", level=AreaLevel.DISTRICT)
        for i in range(SYNTHETIC_AREAS)
    )
    indicator = Indicator.objects.get(code="staff")
    source = Source.objects.get(pk="kvmyk-pd-380-2017")
    rows = []
    for area in areas:
        for month in range(MONTHS_PER_AREA):
            year, month0 = 1900 + month // 12, month % 12
            start = dt.date(year, month0 + 1, 1)
            end = (dt.date(year + (month0 == 11), (month0 + 1) % 12 + 1, 1)) - dt.timedelta(days=1)
            rows.append(
                Observation(
                    indicator=indicator, area=area, period_start=start, period_end=end, year=year,
                    granularity=Granularity.MONTH, value=month + 0.5, unit=Unit.PERSONS, source=source,
                    source_quote="synthetic", note="synthetic benchmark row",
                )
            )  # fmt: skip
    Observation.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def test_csv_of_100k_rows_streams_with_flat_memory(api, published):
    synthetic = synthetic_observations()
    assert synthetic == 100_000
    expected_rows = Observation.objects.count()
    # Warm up first, so that the measurement holds what one download keeps, not the modules it imports.
    b"".join(api.get("/api/v1/metrics/?format=csv&area=07137").streaming_content)

    tracemalloc.start()
    try:
        response = api.get("/api/v1/metrics/?format=csv")
        assert isinstance(response, StreamingHttpResponse)
        assert response.streaming
        total_bytes = lines = 0
        for chunk in response.streaming_content:
            total_bytes += len(chunk)
            lines += chunk.count(b"\r\n")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert lines == expected_rows + 1  # the header, then every row: not one page
    assert total_bytes > 50_000_000
    # Everything held at once would be at least the body itself; streaming keeps a small fraction.
    print(f"peak {peak} bytes for a body of {total_bytes} bytes")
    assert peak < total_bytes / 20, (peak, total_bytes)


def test_sdmx_csv_of_100k_rows_streams_with_flat_memory(api, published):
    synthetic_observations()
    expected_rows = Observation.objects.count()
    b"".join(api.get("/api/v1/metrics/?format=sdmx-csv&area=07137").streaming_content)

    tracemalloc.start()
    try:
        response = api.get("/api/v1/metrics/?format=sdmx-csv")
        assert isinstance(response, StreamingHttpResponse)
        total_bytes = lines = 0
        for chunk in response.streaming_content:
            total_bytes += len(chunk)
            lines += chunk.count(b"\r\n")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert lines == expected_rows + 1
    assert total_bytes > 15_000_000
    print(f"peak {peak} bytes for a body of {total_bytes} bytes")
    # A line is shorter than the CSV's (no citation): the body is smaller, what one chunk holds the same.
    assert peak < total_bytes / 10, (peak, total_bytes)
