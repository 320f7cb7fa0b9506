"""Downloads of a list: CSV in two dialects, XLSX and GeoJSON, holding every matching row.

CSV is written by a small streaming writer over Python's csv module rather than
djangorestframework-csv: that package's last release is from 2023, it cannot write a
decimal comma, and it renders from DRF's fully built `.data`. Rows here are serialized
one at a time from `queryset.iterator()` (or, where a list's fields are all columns,
formatted straight from `values_list()`: jobcenter_api.readpath.rows), so memory stays flat
however large the file.
XLSX uses openpyxl's write-only mode, which spills rows to a temporary file.
"""

import csv
import datetime as dt
import json
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from functools import cached_property
from itertools import chain, islice
from typing import Any

import orjson
from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from rest_framework import renderers, serializers
from rest_framework.renderers import BaseRenderer

Row = dict[str, Any]
#: Rows per piece of a streamed CSV: some 120 kB of observations.
ROWS_PER_CHUNK = 200
LINE_END = "\r\n"


#: orjson leaves to DRF's encoder what it would write otherwise (datetimes: DRF writes `Z` and milliseconds).
ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSON renderer, with compact bodies written by orjson.

    `json.dumps` took about a tenth of an uncached list page's CPU (docs/performance.md);
    orjson writes the same JSON about four times faster. What orjson does not write itself
    goes to DRF's encoder (its `default`: datetimes, decimals, lazy text, UUIDs), and what it
    refuses (an integer beyond 64 bits, a key that is not text) falls back to DRF's own
    `render`, as does an indented body, so a body is what DRF would write, with two
    differences: a float NaN or infinity is `null` where DRF raises (no stored decimal is
    one), and a float below 0.0001 may be spelt otherwise (`0.00001` or `1e-7` for DRF's
    `1e-05` and `1e-07`; stored amounts have four decimal places at most).
    drf-orjson-renderer was not taken: it writes datetimes in orjson's form and an object
    it does not know as `null`.
    """

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        if data is None or self.ensure_ascii or not self.compact:
            return super().render(data, accepted_media_type, renderer_context)
        if self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            body = orjson.dumps(data, default=self.encoder_class().default, option=ORJSON_OPTIONS)
        except orjson.JSONEncodeError:
            return super().render(data, accepted_media_type, renderer_context)
        # As DRF does: U+2028 and U+2029 escaped, so the body is also valid JavaScript.
        return body.replace("\u2028".encode(), b"\\u2028").replace("\u2029".encode(), b"\\u2029")


def columns_of(serializer: serializers.BaseSerializer, prefix: str = "") -> list[str]:
    """The flat column names of a serializer's rows: nested objects joined with `_`."""
    names: list[str] = []
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.Serializer):
            names.extend(columns_of(field, f"{prefix}{name}_"))
        else:
            names.append(f"{prefix}{name}")
    return names


def flatten(row: Row, prefix: str = "") -> Row:
    """A JSON object as one flat row; lists stay one cell (written as JSON text)."""
    flat: Row = {}
    for key, value in row.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}_"))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def plain_decimal(value: float | Decimal) -> str:
    """A number without exponent or trailing zeros: 3.3, 0.0001, 80000000.5."""
    text = format(Decimal(repr(value)) if isinstance(value, float) else value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def download_filename(name: str, extension: str, suffix: str = "") -> str:
    """What the file holds and the day it was made: `jobcenter-myk_metrics_2026-11-25_de.csv`."""
    return f"jobcenter-myk_{name}_{dt.date.today().isoformat()}{suffix}.{extension}"


class DownloadRenderer(BaseRenderer):
    """A format that holds every row of a list and answers with a file download."""

    extension = ""
    filename_suffix = ""
    #: The body's schema in OpenAPI (jobcenter_api.api.schema puts it under this media type).
    openapi_schema: dict = {}

    def response(self, *, columns: Sequence[str], rows: Iterable[Row], name: str) -> HttpResponseBase:
        raise NotImplementedError

    def attachment(self, name: str) -> str:
        return f'attachment; filename="{download_filename(name, self.extension, self.filename_suffix)}"'


class CSVRenderer(DownloadRenderer):
    """RFC 4180 CSV: comma, dot decimals, UTF-8; the first row names the columns."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"
    extension = "csv"
    delimiter = ","
    decimal_separator = "."
    byte_order_mark = ""
    openapi_schema = {
        "type": "string",
        "description": (
            "CSV of every matching row (not one page), with a header row of the JSON field names; "
            "nested objects are flattened with `_` (`cite_permalink`), lists are JSON text. "
            "`?format=csv` (or `Accept: text/csv`): comma, dot decimals, UTF-8. "
            "`?format=csv-de`: semicolon, decimal comma, UTF-8 with byte order mark, for a German Excel."
        ),
    }

    def cell(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, (float, Decimal)):
            return plain_decimal(value).replace(".", self.decimal_separator)
        if isinstance(value, (list, dict)):
            return json.dumps(value, ensure_ascii=False)
        return str(value)

    def quote(self, text: str) -> str:
        """`text` as csv.writer writes a cell (quoted only where it must be), at a fraction of its cost.

        csv.writer spends ~14 µs on an observation's row; the fast path quotes each
        distinct text once instead (tests/jobcenter_api/readpath/test_csv_rows.py pins the equality).
        """
        if self.special_characters.search(text):
            return '"' + text.replace('"', '""') + '"'
        return text

    @cached_property
    def special_characters(self) -> re.Pattern:
        return re.compile(f'[{re.escape(self.delimiter)}"\r\n]')

    def lines(self, rows: Iterable[Sequence[Any]]) -> Iterator[str]:
        """Each row of cells as one line, written by csv.writer into a buffer that is emptied."""
        buffer = _LineBuffer()
        writer = csv.writer(buffer, delimiter=self.delimiter, lineterminator=LINE_END)
        for row in rows:
            writer.writerow(row)
            yield buffer.take()

    def response(self, *, columns: Sequence[str], rows: Iterable[Row], name: str) -> HttpResponseBase:
        cells = ([self.cell(flat.get(column)) for column in columns] for flat in map(flatten, rows))
        return self.lines_response(columns=columns, lines=self.lines(cells), name=name)

    def lines_response(self, *, columns: Sequence[str], lines: Iterable[str], name: str) -> HttpResponseBase:
        """The header, then `lines` (each ending in CRLF), yielded many lines at a time."""
        lines = iter(lines)
        pieces = iter(lambda: "".join(islice(lines, ROWS_PER_CHUNK)), "")
        header = self.byte_order_mark + next(self.lines([columns]))
        body = (piece.encode(self.charset) for piece in chain([header], pieces))
        response = StreamingHttpResponse(body, content_type=f"text/csv; charset={self.charset}; header=present")
        response["Content-Disposition"] = self.attachment(name)
        return response


class GermanCSVRenderer(CSVRenderer):
    """CSV as a German Excel opens it: semicolon, decimal comma, UTF-8 with byte order mark."""

    format = "csv-de"
    delimiter = ";"
    decimal_separator = ","
    byte_order_mark = "\ufeff"
    filename_suffix = "_de"


class _LineBuffer:
    """A write target for csv.writer that hands back what was written since the last take."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts.clear()
        return text


class XLSXRenderer(DownloadRenderer):
    """An Excel workbook with one sheet: numbers as numbers, the header row as in the CSV."""

    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None
    render_style = "binary"
    extension = "xlsx"
    openapi_schema = {
        "type": "string",
        "format": "binary",
        "description": "Every matching row as an Excel workbook; the columns are those of the CSV.",
    }

    @staticmethod
    def cell(value: Any) -> Any:
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, (list, dict)):
            return json.dumps(value, ensure_ascii=False)
        if isinstance(value, str):
            return ILLEGAL_CHARACTERS_RE.sub("", value)
        return value

    def workbook(self, columns: Sequence[str], rows: Iterable[Row], title: str) -> tempfile.SpooledTemporaryFile:
        """The workbook in a temporary file: write-only mode keeps rows out of memory."""
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(columns)
        for row in rows:
            flat = flatten(row)
            sheet.append([self.cell(flat.get(column)) for column in columns])
        file = tempfile.SpooledTemporaryFile(max_size=1 << 20)
        workbook.save(file)
        file.seek(0)
        return file

    def response(self, *, columns: Sequence[str], rows: Iterable[Row], name: str) -> HttpResponseBase:
        response = FileResponse(self.workbook(columns, rows, name), content_type=self.media_type)
        response["Content-Disposition"] = self.attachment(name)
        return response


GEOJSON_SCHEMA = {
    "type": "object",
    "description": "An RFC 7946 FeatureCollection; a site without known coordinates has a null geometry.",
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "id": {"type": "string"},
                    "geometry": {
                        "type": "object",
                        "nullable": True,
                        "properties": {
                            "type": {"type": "string", "enum": ["Point"]},
                            "coordinates": {
                                "type": "array",
                                "items": {"type": "number"},
                                "minItems": 2,
                                "maxItems": 2,
                                "description": "Longitude, latitude (WGS 84).",
                            },
                        },
                        "required": ["type", "coordinates"],
                    },
                    "properties": {"type": "object", "additionalProperties": True},
                },
                "required": ["type", "geometry", "properties"],
            },
        },
    },
    "required": ["type", "features"],
}


class GeoJSONRenderer(DownloadRenderer):
    """Sites as an RFC 7946 FeatureCollection; no coordinates means a null geometry."""

    media_type = "application/geo+json"
    format = "geojson"
    charset = None
    extension = "geojson"
    id_field = "slug"
    openapi_schema = GEOJSON_SCHEMA

    def feature(self, row: Row) -> Row:
        properties = {key: value for key, value in row.items() if key not in ("latitude", "longitude")}
        latitude, longitude = row.get("latitude"), row.get("longitude")
        geometry = None
        if latitude is not None and longitude is not None:
            geometry = {"type": "Point", "coordinates": [longitude, latitude]}
        return {"type": "Feature", "id": row[self.id_field], "geometry": geometry, "properties": properties}

    def chunks(self, rows: Iterable[Row]) -> Iterator[str]:
        yield '{"type": "FeatureCollection", "features": ['
        for index, row in enumerate(rows):
            yield ("," if index else "") + json.dumps(self.feature(row), ensure_ascii=False)
        yield "]}"

    def response(self, *, columns: Sequence[str], rows: Iterable[Row], name: str) -> HttpResponseBase:
        response = StreamingHttpResponse((chunk.encode() for chunk in self.chunks(rows)), content_type=self.media_type)
        response["Content-Disposition"] = self.attachment(name)
        return response


DOWNLOAD_RENDERERS: tuple[type[DownloadRenderer], ...] = (CSVRenderer, GermanCSVRenderer, XLSXRenderer)
