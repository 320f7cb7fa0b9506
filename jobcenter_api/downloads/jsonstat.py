"""JSON-stat 2.0 of the observations: one dataset with the dimensions indicator, area and time.

A fourth dimension, source, appears only where two sources give a value for the same
indicator, area and period (both are published, none is chosen). Values are an array when
every cell of the cube has one, else an object keyed by index, as Eurostat answers; `status`
is always such an object, and only for values that are not exact or not final: the qualifier
code (`approximately`), the SDMX status letter in lower case (`p`, `e`), or both joined by a
space, with their labels under `extension.status`. The document is built in memory: a
dimension's categories must precede the values that index them.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import orjson
from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from jobcenter_api.api.fields import plain_number
from jobcenter_api.downloads.renderers import DownloadRenderer
from jobcenter_api.downloads.statistical import (
    OBS_STATUS_LABELS,
    STRUCTURE_ID,
    ObservationRow,
    codes_url,
    link_header,
    observation_rows,
    related_model,
)
from jobcenter_api.http.caching import last_modified
from jobcenter_api.http.language import data_language

DIMENSION_LABELS = {
    "de": {"indicator": "Indikator", "area": "Gebiet", "time": "Zeitraum", "source": "Quelle"},
    "en": {"indicator": "Indicator", "area": "Area", "time": "Period", "source": "Source"},
}
UNIT_SYMBOLS = {"percent": "%", "percent_change": "%", "EUR": "€"}


def decimals(values: Iterable[Decimal]) -> int:
    """The most decimal places any of the values needs (3.3 → 1, 29000 → 0)."""
    return max((max(0, -value.normalize().as_tuple().exponent) for value in values), default=0)


def status_code(row: ObservationRow) -> str | None:
    """The qualifier unless exact, the status letter unless final (A); None for an exact, final value."""
    parts = [row.qualifier] if row.qualifier != "exact" else []
    if row.obs_status != "A":
        parts.append(row.obs_status.lower())
    return " ".join(parts) or None


def status_label(code: str, qualifiers: dict[str, str]) -> str:
    words = [OBS_STATUS_LABELS[part.upper()] if len(part) == 1 else qualifiers.get(part, part) for part in code.split()]
    return "; ".join(words)


def period_text(row: ObservationRow) -> str:
    if row.granularity == "span" and (row.period_start.month, row.period_start.day) == (1, 1):
        if (row.period_end.month, row.period_end.day) == (12, 31):
            return f"{row.period_start.year}–{row.period_end.year}"
    if row.granularity == "span":
        return f"{row.period_start.isoformat()}/{row.period_end.isoformat()}"
    return row.time_period


def _category(index: list[str], labels: dict[str, str]) -> dict:
    return {"index": index, "label": {code: labels.get(code, code) for code in index}}


def dataset(queryset: QuerySet, request: HttpRequest) -> dict[str, Any]:
    """The observations of `queryset` as one JSON-stat 2.0 dataset, names in the request's language."""
    language = data_language()
    rows = list(observation_rows(queryset))
    times = {row.time_period: row for row in rows}
    cells = {(row.indicator, row.area, row.time_period) for row in rows}
    by_source = len(cells) < len(rows)  # two sources give a value for one indicator, area and period

    indicators = related_model(queryset, "indicator").objects.filter(code__in={r.indicator for r in rows})
    areas = related_model(queryset, "area").objects.filter(code__in={r.area for r in rows})
    sources = list(related_model(queryset, "source").objects.filter(pk__in={r.source for r in rows}).order_by("pk"))
    indicator_index = sorted({r.indicator for r in rows})
    area_index = sorted({r.area for r in rows})
    time_index = sorted(times, key=lambda t: (times[t].period_end, times[t].period_start))
    source_index = [source.pk for source in sources]
    values_by_indicator = defaultdict(list)
    for row in rows:
        values_by_indicator[row.indicator].append(row.value)

    indicator_category = _category(indicator_index, {i.code: getattr(i, f"name_{language}") for i in indicators})
    indicator_category["unit"] = {
        i.code: {
            "label": i.unit,
            "decimals": decimals(values_by_indicator[i.code]),
            **({"symbol": UNIT_SYMBOLS[i.unit]} if i.unit in UNIT_SYMBOLS else {}),
        }
        for i in indicators
    }
    labels = DIMENSION_LABELS[language]
    dimension = {
        "indicator": {"label": labels["indicator"], "category": indicator_category},
        "area": {
            "label": labels["area"],
            "category": _category(area_index, {a.code: getattr(a, f"name_{language}") for a in areas}),
        },
        "time": {"label": labels["time"], "category": _category(time_index, {t: period_text(times[t]) for t in times})},
    }
    ids = ["indicator", "area", "time"]
    positions = [{code: n for n, code in enumerate(index)} for index in (indicator_index, area_index, time_index)]
    if by_source:
        ids.append("source")
        dimension["source"] = {
            "label": labels["source"],
            "category": _category(source_index, {s.pk: s.title for s in sources}),
        }
        positions.append({code: n for n, code in enumerate(source_index)})
    sizes = [len(position) for position in positions]

    values: dict[int, int | float | None] = {}
    status: dict[str, str] = {}
    for row in rows:
        keys = [row.indicator, row.area, row.time_period]
        if by_source:
            keys.append(row.source)
        offset = 0
        for key, position, size in zip(keys, positions, sizes, strict=True):
            offset = offset * size + position[key]
        values[offset] = plain_number(row.value)
        code = status_code(row)
        if code is not None:
            status[str(offset)] = code

    cube = 1
    for size in sizes:
        cube *= size
    value: Any = (
        [values[n] for n in range(cube)] if len(values) == cube else {str(n): values[n] for n in sorted(values)}
    )
    qualifiers = dict(queryset.model._meta.get_field("qualifier").choices)
    license_text = f"{settings.LICENSE_NAME} ({settings.LICENSE_ID})"
    document: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "href": request.build_absolute_uri(),
        "label": settings.PUBLISHER,
        "source": "; ".join(f"{s.publisher}: {s.title}" for s in sources) or settings.PUBLISHER,
        "updated": last_modified(request).astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "id": ids,
        "size": sizes,
        "role": {"time": ["time"], "geo": ["area"], "metric": ["indicator"]},
        "dimension": dimension,
        "value": value,
        "link": {
            "describedby": [{"href": codes_url(request), "type": "application/json", "label": STRUCTURE_ID}],
            "license": [{"href": settings.LICENSE_URL, "label": license_text}],
        },
        "extension": {
            "license": {"name": settings.LICENSE_NAME, "id": settings.LICENSE_ID, "url": settings.LICENSE_URL},
            "publisher": settings.PUBLISHER,
            "sources": [
                {"id": s.pk, "title": s.title, "publisher": s.publisher, "published": s.published, "url": s.url}
                for s in sources
            ],
            "status": {code: status_label(code, qualifiers) for code in sorted(set(status.values()))},
            "codes": codes_url(request),
            "dataflow": STRUCTURE_ID,
        },
    }
    if status:
        document["status"] = status
    return document


class JSONStatRenderer(DownloadRenderer):
    """One JSON-stat 2.0 dataset holding every matching figure."""

    # JSON-stat's own media type: readers (pyjstat, Eurostat's clients) ask for it with `Accept: application/json`.
    media_type = "application/json"
    #: Documented beside the JSON list under application/json (jobcenter_api.api.schema).
    openapi_beside_json = True
    format = "jsonstat"
    charset = None
    extension = "json"
    filename_suffix = "_jsonstat"
    openapi_schema = {
        "type": "object",
        "description": (
            "`?format=jsonstat`: every matching figure (not one page) as one JSON-stat 2.0 dataset "
            "(https://json-stat.org/full/): dimensions indicator (with its unit), area, time and, where two "
            "sources give a value for one period, source; labels in the requested language; `status` per value "
            "(qualifier, and `p`/`e` for a provisional or estimated figure); the sources and license in `source` "
            "and `extension`; the codes at /api/v1/sdmx/dataflow/ (`link.describedby`)."
        ),
        "properties": {
            "version": {"type": "string", "enum": ["2.0"]},
            "class": {"type": "string", "enum": ["dataset"]},
            "id": {"type": "array", "items": {"type": "string"}},
            "size": {"type": "array", "items": {"type": "integer"}},
            "dimension": {"type": "object", "additionalProperties": True},
            "value": {"oneOf": [{"type": "array", "items": {"type": "number"}}, {"type": "object"}]},
            "status": {"type": "object", "additionalProperties": {"type": "string"}},
            "extension": {"type": "object", "additionalProperties": True},
        },
        "required": ["version", "class", "id", "size", "dimension", "value"],
    }

    def response(self, **kwargs) -> HttpResponseBase:
        raise NotImplementedError("JSON-stat is written from a queryset of observations (queryset_response).")

    def queryset_response(self, queryset: QuerySet, *, request: HttpRequest, name: str) -> HttpResponseBase:
        body = orjson.dumps(dataset(queryset, request))
        response = HttpResponse(body, content_type=self.media_type)
        response["Content-Disposition"] = self.attachment(name)
        response["Link"] = link_header(request)
        return response
