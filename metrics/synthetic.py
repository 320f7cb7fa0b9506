"""Synthetic observations for benchmarks: never in fixtures, always under `SYN…` areas.

Rows go in period by period (as real monthly statistics would arrive), for 405
synthetic Jobcenters (as many as Germany has) and ten synthetic indicators, by
COPY on PostgreSQL and by `bulk_create` in batches elsewhere.
"""

import calendar
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper

from dataversion.services import bump_version
from locations.models import Area, AreaLevel, Source
from metrics.models import Indicator, Observation
from metrics.models.vocabulary import Granularity, Qualifier, Status, Unit, ValueKind

AREA_PREFIX = "SYN"
AREA_COUNT = 405
INDICATOR_COUNT = 10
SOURCE_ID = "synthetic-benchmark"
FIRST_YEAR = 1900
QUOTE = "Synthetische Benchmark-Daten, keine echten Werte."
BATCH_SIZE = 50_000
COLUMNS = (
    "indicator_id", "area_id", "period_start", "period_end", "year", "granularity", "value", "unit",
    "qualifier", "value_kind", "status", "derived", "source_id", "source_quote", "note",
)  # fmt: skip


@dataclass(frozen=True)
class SyntheticResult:
    observations: int
    areas: int
    indicators: int


def area_codes() -> list[str]:
    return [f"{AREA_PREFIX}{n:03d}" for n in range(1, AREA_COUNT + 1)]


def indicator_codes() -> list[str]:
    return [f"syn_indicator_{n:02d}" for n in range(1, INDICATOR_COUNT + 1)]


def _months() -> Iterator[tuple[dt.date, dt.date]]:
    year, month = FIRST_YEAR, 1
    while year <= 2100:
        yield dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _rows(count: int, units: dict[str, str]) -> Iterator[tuple]:
    """`count` rows: every indicator and area for a month, then the next month."""
    areas, made = area_codes(), 0
    for start, end in _months():
        for indicator, unit in units.items():
            for area in areas:
                if made == count:
                    return
                value = f"{(made * 7919) % 100_000 / 100:.2f}"
                yield (
                    indicator, area, start, end, end.year, Granularity.MONTH, value, unit,
                    Qualifier.EXACT, ValueKind.POINT_IN_TIME, Status.FINAL, False, SOURCE_ID, QUOTE, "",
                )  # fmt: skip
                made += 1
    if made < count:
        raise ValueError(f"At most {made} synthetic observations fit into the years {FIRST_YEAR}..2100.")


def _copy(rows: Iterator[tuple]) -> None:
    """PostgreSQL's COPY, a batch at a time, so memory stays flat.

    The plain indexes (not those of constraints) are dropped first and built again
    after the load, which is several times faster than updating them row by row;
    the table is locked meanwhile, which a benchmark's load can afford.
    """
    columns = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes i WHERE schemaname = current_schema() "
            "AND tablename = 'metrics_observation' "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        # Check the foreign keys row by row rather than queueing millions of checks for the
        # commit (an index cannot be built while checks are pending). Ends with the transaction.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        _copy_batches(cursor, rows, columns)
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)


def _copy_batches(cursor: CursorWrapper, rows: Iterator[tuple], columns: str) -> None:
    while True:
        buffer = io.StringIO()
        n = 0
        for row in rows:
            buffer.write("\t".join("t" if v is True else "f" if v is False else str(v) for v in row) + "\n")
            n += 1
            if n == BATCH_SIZE:
                break
        if n == 0:
            return
        buffer.seek(0)
        cursor.cursor.copy_expert(f"COPY metrics_observation ({columns}) FROM STDIN", buffer)


def _bulk_create(rows: Iterator[tuple]) -> None:
    batch: list[Observation] = []
    for row in rows:
        batch.append(Observation(**dict(zip(COLUMNS, row, strict=True))))
        if len(batch) == BATCH_SIZE:
            Observation.objects.bulk_create(batch)
            batch = []
    Observation.objects.bulk_create(batch)


def clear_synthetic() -> int:
    """Delete every synthetic row (areas `SYN…`, the synthetic indicators and source)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM metrics_observation WHERE source_id = %s", [SOURCE_ID])
            deleted = cursor.rowcount
        Area.objects.filter(code__startswith=AREA_PREFIX).delete()
        Indicator.objects.filter(code__in=indicator_codes()).delete()
        Source.objects.filter(id=SOURCE_ID).delete()
        bump_version()
    return deleted


def generate_observations(*, count: int) -> SyntheticResult:
    """Add `count` synthetic observations in one transaction (all or nothing)."""
    if count < 0:
        raise ValueError("The number of observations must not be negative.")
    with transaction.atomic():
        if Observation.objects.filter(source_id=SOURCE_ID).exists():
            raise ValueError("Synthetic observations exist already; clear them first (--clear).")
        Source.objects.get_or_create(
            id=SOURCE_ID,
            defaults={"title": "Synthetic benchmark data", "publisher": "generate_synthetic", "published": "2026"},
        )
        for code in area_codes():
            Area.objects.get_or_create(
                code=code,
                defaults={
                    "name_de": f"Synthetisch {code}",
                    "name_en": f"Synthetic {code}",
                    "level": AreaLevel.DISTRICT,
                },
            )
        units = {}
        for n, code in enumerate(indicator_codes()):
            unit = Unit.PERSONS if n % 2 else Unit.PERCENT
            Indicator.objects.get_or_create(
                code=code,
                defaults={
                    "name_de": f"Synthetischer Indikator {n + 1}",
                    "name_en": f"Synthetic indicator {n + 1}",
                    "definition_de": QUOTE,
                    "definition_en": "Synthetic benchmark data, not real figures.",
                    "unit": unit,
                },
            )
            units[code] = unit
        rows = _rows(count, units)
        if connection.vendor == "postgresql":
            _copy(rows)
        else:
            _bulk_create(rows)
        bump_version()
    return SyntheticResult(observations=count, areas=AREA_COUNT, indicators=INDICATOR_COUNT)
