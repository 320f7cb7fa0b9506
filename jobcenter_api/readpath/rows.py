"""A declared list's JSON page rows and CSV lines, written from `values_list()` by its read plan.

Both follow jobcenter_api.readpath.plan field by field. A JSON row is the zipped stored values of
its column fields, with those that need it (a number, a date) written by their field and the
templated fields filled in; a CSV line is each column's cell, formatted once per distinct value
where values repeat (codes, texts) and quoted as csv.writer quotes
(`CSVRenderer.quote`), plus each templated field's cells, made once per combination of
related rows with the key left open. The plan itself is worked out once per serializer,
data version, language and site, in a process cache (dataversion.caches).
"""

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import lru_cache
from itertools import groupby
from operator import call, itemgetter
from typing import Any, NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import QuerySet
from django.urls import get_script_prefix
from rest_framework import serializers

from dataversion.caches import ProcessCache
from jobcenter_api.api.fields import NumberField
from jobcenter_api.downloads.renderers import LINE_END, CSVRenderer, columns_of, flatten
from jobcenter_api.http.language import data_language
from jobcenter_api.readpath.plan import KEY_MARK, Column, Plan, Templated, Unreadable, Values, plan

#: What an integer or an ISO date is written with.
DIGITS = "-0123456789"
#: Significant digits that a decimal keeps through a float and back (DBL_DIG).
FLOAT_DIGITS = 15
#: Formatted cells a download keeps per column: bounded, so memory stays flat whatever the data.
CELLS_PER_COLUMN = 1024

JSONRow = Callable[[Values], dict[str, Any]]
Cell = Callable[[Any], str]


class ValueRows(NamedTuple):
    """A JSON page's rows as `values_list()` tuples, and how one becomes the serializer's row."""

    queryset: QuerySet
    represent: JSONRow


class ListPlan(NamedTuple):
    plan: Plan
    json_row: JSONRow


#: Read plans by what a row's output depends on (`list_plan`), with their JSON row writers.
plans: ProcessCache[tuple, ListPlan] = ProcessCache("row plans", size=64, per_version=True)


def json_row_writer(plan: Plan) -> JSONRow:
    """A function from a row's values to the serializer's JSON row, in the serializer's field order."""
    columns = [part for part in plan.parts if isinstance(part, Column)]
    names = [part.name for part in columns]
    converted = [(part.name, plan.index[part.attname], part.json) for part in columns if part.json is not None]
    templated = [(part.name, part.json) for part in plan.parts if isinstance(part, Templated)]
    order = [part.name for part in plan.parts]
    positions = [plan.index[part.attname] for part in columns]
    take = itemgetter(*positions) if len(positions) > 1 else (lambda values: tuple(values[i] for i in positions))

    if plan.aligned and order == names + [name for name, _ in templated]:

        def start(values: Values) -> dict[str, Any]:
            return dict(zip(names, values, strict=False))  # stops at the last column field's value

    else:
        keys = dict.fromkeys(order)

        def start(values: Values) -> dict[str, Any]:
            row = keys.copy()
            row.update(zip(names, take(values), strict=True))
            return row

    def write(values: Values) -> dict[str, Any]:
        row = start(values)
        for name, index, convert in converted:
            value = values[index]
            if value is not None:
                row[name] = convert(value)
        for name, fill in templated:
            row[name] = fill(values)
        return row

    return write


def list_plan(serializer: serializers.Serializer, model: type[models.Model], *, using: str, version: str) -> ListPlan:
    """The read plan of a declared list, kept per serializer, view, data version, language and site.

    The site is part of it because permalinks are absolute; the version because templated fields
    hold their related rows' text.
    """
    request = serializer.context.get("request")
    site = None if request is None else request.build_absolute_uri(get_script_prefix())
    view = type(serializer.context.get("view"))
    key = (type(serializer), view, model, using, data_language(), site)

    def build() -> ListPlan:
        try:
            found = plan(serializer, model, using=using, version=version)
        except Unreadable as exc:
            # jobcenter_api.readpath.checks refuses to start with such a list; this is its runtime twin.
            raise ImproperlyConfigured(f"{type(serializer).__name__} declares rows from values: {exc}") from exc
        return ListPlan(found, json_row_writer(found))

    return plans.get_or_build(key, build, version=version)


def json_rows(serializer: serializers.Serializer, queryset: QuerySet, *, version: str) -> ValueRows:
    """The queryset's rows as `values_list()` tuples and the function that writes each as `serializer` does."""
    found = list_plan(serializer, queryset.model, using=queryset.db, version=version)
    return ValueRows(queryset.prefetch_related(None).values_list(*found.plan.selected), found.json_row)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _number(renderer: CSVRenderer, fallback: Cell) -> Cell:
    """NumberField's cell without the float of its JSON number where that changes nothing.

    The JSON number is an int, or a float; a decimal of at most 15 significant digits
    (DBL_DIG) comes back from a float's shortest repr with the same digits, so its cell
    is the normalized decimal written out. Longer ones take the serializer's own way.
    """
    separator = renderer.decimal_separator

    def number(value: Decimal | None) -> str:
        if value is None:
            return ""
        normal = value.normalize()
        text = str(normal)
        if "E" in text:
            text = format(normal, "f")
        if "." not in text:
            return str(int(normal))
        if len(text.lstrip("-").replace(".", "").lstrip("0")) > FLOAT_DIGITS:
            return fallback(value)
        return text.replace(".", separator)

    return number


def _flat(value: Any) -> Any:
    """A value's own cell as the serializer path writes it: an object is flattened into other columns."""
    return None if isinstance(value, dict) else value


def cell_writer(part: Column, renderer: CSVRenderer) -> Cell:
    """How a stored value of the column becomes its quoted cell, as the serializer path writes the field's value."""
    json = part.json or (lambda value: value)
    cell, quote = renderer.cell, renderer.quote
    digits = isinstance(part.column, models.IntegerField | models.DateField) and not isinstance(
        part.column, models.DateTimeField | models.BooleanField
    )
    if digits and part.json in (None, dt.date.isoformat) and quote(DIGITS) == DIGITS:
        # Ids and periods, many distinct: a cache would only miss.
        return _text if part.column.null else str
    number_characters = DIGITS + renderer.decimal_separator
    if type(part.field).to_representation is NumberField.to_representation and quote(number_characters) == (
        number_characters
    ):
        return _number(renderer, lambda value: cell(json(value)))
    if isinstance(part.field, serializers.ListField | serializers.DictField | serializers.JSONField):
        return lambda value: "" if value is None else quote(cell(_flat(json(value))))  # lists and dicts: no cache

    @lru_cache(maxsize=CELLS_PER_COLUMN, typed=True)
    def format_cell(value: Any) -> str:
        return "" if value is None else quote(cell(json(value)))

    return format_cell


def _piece(templates: list[Templated], renderer: CSVRenderer) -> Callable[[Values], str]:
    """Adjacent templated fields on one key as one piece of the line, made once per combination of related rows."""
    if renderer.quote(DIGITS) != DIGITS:
        raise ImproperlyConfigured(f"{type(renderer).__name__} would quote a row's key inside a templated cell.")
    key = templates[0].key
    indices = sorted({index for template in templates for _, index, _ in template.related})
    related_ids = itemgetter(*indices) if indices else (lambda values: ())
    texts: dict[Any, list[str]] = {}

    def cells(template: Templated, values: Values) -> str:
        field = template.field
        names = columns_of(field, f"{template.name}_") if isinstance(field, serializers.Serializer) else [template.name]
        flat = flatten({template.name: template.template(values)})
        return renderer.delimiter.join(renderer.quote(renderer.cell(flat.get(name))) for name in names)

    def piece(values: Values) -> str:
        ids = related_ids(values)
        parts = texts.get(ids)
        if parts is None:
            text = renderer.delimiter.join(cells(template, values) for template in templates)
            parts = texts[ids] = text.split(KEY_MARK)
        return str(values[key]).join(parts)

    return piece


def csv_lines(
    serializer: serializers.Serializer, queryset: QuerySet, *, renderer: CSVRenderer, version: str, chunk_size: int
) -> Iterator[str]:
    """The queryset's rows as the renderer's CSV lines (after the header), byte for byte the serializer path's."""
    found = list_plan(serializer, queryset.model, using=queryset.db, version=version).plan
    plain = [part for part in found.parts if isinstance(part, Column)]
    formats = [cell_writer(part, renderer) for part in plain]
    # Adjacent templated fields on one key make one piece; each field goes back to its place in the line.
    pieces: list[Callable[[Values], str]] = []
    order: list[int] = []
    columns_seen = 0
    for key, group in groupby(found.parts, key=lambda part: part.key if isinstance(part, Templated) else None):
        group = list(group)
        if key is None:
            order.extend(range(columns_seen, columns_seen + len(group)))
            columns_seen += len(group)
        else:
            for template in group:
                template.read_tables()
            order.append(len(plain) + len(pieces))
            pieces.append(_piece(group, renderer))
    arrange = None if order == sorted(order) else itemgetter(*order)
    positions = [found.index[part.attname] for part in plain]
    take = itemgetter(*positions) if len(positions) > 1 else (lambda values: tuple(values[i] for i in positions))
    join = renderer.delimiter.join
    single = len(columns_of(serializer)) == 1

    def line(values: Values) -> str:
        cells = [*map(call, formats, take(values)), *[piece(values) for piece in pieces]]
        text = join(cells if arrange is None else arrange(cells))
        return ('""' if single and not text else text) + LINE_END  # csv.writer quotes a lone empty cell

    rows = queryset.prefetch_related(None).values_list(*found.selected).iterator(chunk_size=chunk_size)
    return map(line, rows)
