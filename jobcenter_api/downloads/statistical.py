"""What JSON-stat and SDMX-CSV share: observations as plain rows, SDMX time periods, status codes, the dataflow.

Both formats read the observations straight from the filtered queryset's `values_list()`
(every matching row, in chunks), so neither goes through the JSON serializer. The
codes they use are documented at /api/v1/sdmx/dataflow/ (metrics.api.codes).
"""

import calendar
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, NamedTuple

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse

AGENCY = "JCMYK"
DATAFLOW = "DF_JOBCENTER"
DATAFLOW_VERSION = "1.0"
STRUCTURE_ID = f"{AGENCY}:{DATAFLOW}({DATAFLOW_VERSION})"
CODES_ROUTE = "sdmx-dataflow"

#: Our publication status (DESIGN.md) as SDMX CL_OBS_STATUS; a row without a status is final (A).
OBS_STATUS = {"final": "A", "provisional": "P", "estimated": "E"}
OBS_STATUS_LABELS = {"A": "Normal value", "P": "Provisional value", "E": "Estimated value"}
#: Observation fields another issue adds: read (and shown) as soon as the model has them, nothing else to change.
OPTIONAL_FIELDS = ("status", "value_kind")
ROW_FIELDS = (
    "indicator_id", "area_id", "period_start", "period_end", "granularity", "value", "qualifier", "source_id",
    "source_quote",
)  # fmt: skip
CHUNK_SIZE = 500


class ObservationRow(NamedTuple):
    indicator: str
    area: str
    period_start: dt.date
    period_end: dt.date
    granularity: str
    value: Decimal
    qualifier: str
    source: str
    source_quote: str
    extra: dict[str, Any]

    @property
    def obs_status(self) -> str:
        return OBS_STATUS[self.extra.get("status") or "final"]

    @property
    def time_period(self) -> str:
        return sdmx_time_period(self.period_start, self.period_end, self.granularity)

    @property
    def value_kind(self) -> str | None:
        return self.extra.get("value_kind")


def optional_fields(queryset: QuerySet) -> tuple[str, ...]:
    """The optional fields the observation model (or its history) has today."""
    names = {field.name for field in queryset.model._meta.get_fields()}
    return tuple(name for name in OPTIONAL_FIELDS if name in names)


def observation_rows(queryset: QuerySet) -> Iterator[ObservationRow]:
    """Every row of `queryset` as plain values, read in chunks: memory stays flat."""
    extra = optional_fields(queryset)
    values = queryset.values_list(*ROW_FIELDS, *extra).iterator(chunk_size=CHUNK_SIZE)
    width = len(ROW_FIELDS)
    for row in values:
        yield ObservationRow(*row[:width], extra=dict(zip(extra, row[width:], strict=True)))


def related_model(queryset: QuerySet, field: str) -> Any:
    """The model an observation's foreign key points to (indicator, area, source), without importing the app."""
    return queryset.model._meta.get_field(field).related_model


def _months(start: dt.date, end: dt.date) -> int | None:
    """Whole calendar months from `start` to `end`, or None if the span does not fill them."""
    if start.day != 1 or end.day != calendar.monthrange(end.year, end.month)[1]:
        return None
    return (end.year - start.year) * 12 + end.month - start.month + 1


def sdmx_time_period(start: dt.date, end: dt.date, granularity: str) -> str:
    """SDMX time: `2017` (year), `2013-08` (month), else a time range `2005-01-01/P12Y` (start and duration)."""
    if granularity == "year":
        return str(end.year)
    if granularity == "month":
        return f"{end.year}-{end.month:02d}"
    months = _months(start, end)
    if months is None:
        duration = f"P{(end - start).days + 1}D"
    elif months % 12 == 0:
        duration = f"P{months // 12}Y"
    else:
        duration = f"P{months}M"
    return f"{start.isoformat()}/{duration}"


def codes_url(request: HttpRequest) -> str:
    """Where the dataflow and its code lists are documented."""
    return request.build_absolute_uri(reverse(CODES_ROUTE))


def link_header(request: HttpRequest) -> str:
    """The codes (`describedby`) and, as every answer has, the data license."""
    return f'<{codes_url(request)}>; rel="describedby", <{settings.LICENSE_URL}>; rel="license"'
