"""A JSON list page's rows straight from `values_list()`: the fast path of a JSON list.

A model instance per row (and one per related row that `select_related` joins), then
DRF's serializer over it, cost some 60 µs a row on this machine: most of an uncached
100-row page. Where every field of the list's serializer reads one model column, or is
text around the row's key given rows its foreign keys point to (a permalink, a citation:
`csv_lines.TemplatedField`), the page is read with `values_list()` instead; the related
rows, from small tables, are read whole once per data version (jobcenter_api.readpath.small_tables).
Every value still goes through its own field exactly as DRF's `Serializer.to_representation`
reads it, and a templated field is represented once per related row with the key left open,
so the rows equal the serializer's (tests/jobcenter_api/readpath/test_json_rows.py). A list with any other field
keeps the serializer.

How a list's row is read (its `RowPlan`) is worked out once per serializer, data version,
language and site, not once per request: building a ModelSerializer's fields alone took
about a tenth of an uncached page.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from types import SimpleNamespace
from typing import Any, NamedTuple

from django.db import models
from django.db.models import QuerySet
from django.urls import get_script_prefix
from rest_framework import ISO_8601, fields, serializers
from rest_framework.settings import api_settings

from dataversion.services import INITIAL_TOKEN
from jobcenter_api.api.fields import TranslatedField
from jobcenter_api.api.serializers import FastRowsMixin, column_of
from jobcenter_api.http.language import data_language
from jobcenter_api.readpath.csv_rows import KEY_MARK, TemplatedField, is_templated, template_fields
from jobcenter_api.readpath.recent import RecentItems
from jobcenter_api.readpath.small_tables import small_tables

Values = Sequence[Any]
Reader = Callable[[Values], Any]
RelatedRow = Callable[[type[models.Model], Any], models.Model | None]
#: DRF fields whose `to_representation` gives a value of this type back as it is (str(), int(), a choice's key).
UNCHANGED = (
    (fields.CharField, str),
    (fields.ChoiceField, str),
    (fields.BigIntegerField, int),
    (fields.IntegerField, int),
    (fields.BooleanField, bool),
)
#: Serializers whose rows are their fields' values, nothing added: the ones this path may stand in for.
PLAIN_REPRESENTATIONS = (serializers.Serializer.to_representation, FastRowsMixin.to_representation)


class Column(NamedTuple):
    """A field that is one selected column, represented by `convert` (None: the stored value as it is)."""

    index: int
    convert: Callable[[Any], Any] | None


@dataclass(frozen=True)
class RowPlan:
    """The columns a list's rows are read with, and how a row of them becomes the serializer's JSON row."""

    columns: tuple[str, ...]
    represent: Callable[[Values], dict[str, Any]]


@dataclass(frozen=True)
class ValueRows:
    """A list's rows as `values_list()` tuples and how one becomes the serializer's JSON row."""

    queryset: QuerySet
    represent: Callable[[Values], dict[str, Any]]


def _unchanged_type(field: fields.Field) -> type | None:
    """The stored type that the field's own `to_representation` hands back unchanged, if any.

    DRF's BooleanField alone takes some 3 µs a value to give a bool back; the BigIntegerField
    of a big primary key, `int(value)` of an int, about 2 % of an uncached 100-row page.
    """
    for base, stored in UNCHANGED:
        if isinstance(field, base) and type(field).to_representation is base.to_representation:
            if base is fields.ChoiceField and not all(isinstance(key, str) for key in field.choices):
                return None
            if base is fields.BigIntegerField and getattr(
                field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING
            ):  # writes str(value)
                return None
            return stored
    return None


def _iso_date(field: fields.Field) -> bool:
    """Whether the field writes a date as DRF's DateField does by default: `date.isoformat()`."""
    return (
        isinstance(field, fields.DateField)
        and type(field).to_representation is fields.DateField.to_representation
        and getattr(field, "format", api_settings.DATE_FORMAT) == ISO_8601
    )


def _converter(field: fields.Field, represent: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The field's `to_representation` of a stored value, skipped where it would change nothing; null stays null."""
    unchanged = _unchanged_type(field)
    if unchanged is not None:

        def convert(value: Any) -> Any:
            return value if value is None or type(value) is unchanged else represent(value)

    elif _iso_date(field):

        def convert(value: Any) -> Any:
            if value is None:
                return None
            return value.isoformat() if type(value) is dt.date else represent(value)

    else:

        def convert(value: Any) -> Any:
            return None if value is None else represent(value)

    return convert


def _column(field: fields.Field, model: type[models.Model], select: Callable[[str], int]) -> Column | None:
    """Which column the field's value comes from, as DRF reads it from an instance, and how it is represented."""
    if isinstance(field, TranslatedField):
        if type(field).to_representation is not TranslatedField.to_representation:
            return None
        return Column(select(f"{field.base}_{data_language()}"), None)
    column = column_of(field, model)
    if column is None:
        return None
    attname, represent = column
    return Column(select(attname), None if represent is None else _converter(field, represent))


def _filler(template: Any) -> Callable[[str], Any] | None:
    """The templated value for a key, from its representation with the key left open; None if it nests."""
    if isinstance(template, str):
        parts = template.split(KEY_MARK)
        return lambda key: key.join(parts)
    if isinstance(template, dict) and not any(isinstance(value, dict | list) for value in template.values()):
        marked = [(name, value.split(KEY_MARK)) for name, value in template.items() if isinstance(value, str)]
        marked = [(name, parts) for name, parts in marked if len(parts) > 1]

        def fill(key: str) -> dict[str, Any]:
            row = dict(template)
            for name, parts in marked:
                row[name] = key.join(parts)
            return row

        return fill
    return None


_NOT_YET = object()


def _templated_reader(
    field: TemplatedField,
    model: type[models.Model],
    select: Callable[[str], int],
    related_row: RelatedRow,
) -> Reader | None:
    """How a templated field's value follows from the row's key and the rows its foreign keys point to."""
    columns = template_fields(field, model)
    if columns is None:
        return None
    key_field, foreign_keys = columns
    key = select(key_field.attname)
    related = [(name, select(fk.attname), fk.related_model) for name, fk in foreign_keys]
    related_ids = itemgetter(*(index for _, index, _ in related)) if related else lambda values: ()
    # Per combination of related rows; shared by the threads that use this plan (a race computes one twice).
    fillers: dict[Any, Callable[[str], Any] | None] = {}

    def stand_in(values: Values, key_value: object) -> SimpleNamespace:
        """What the field reads of an instance: its key and the rows its foreign keys point to."""
        names = {name: related_row(related_model, values[index]) for name, index, related_model in related}
        return SimpleNamespace(**{field.template_key: key_value}, **names)

    def read(values: Values) -> Any:
        ids = related_ids(values)
        filler = fillers.get(ids, _NOT_YET)
        if filler is _NOT_YET:
            filler = fillers[ids] = _filler(field.to_representation(stand_in(values, KEY_MARK)))
        if filler is None:  # a value that nests: represented row by row, as the serializer does
            return field.to_representation(stand_in(values, values[key]))
        return filler(str(values[key]))

    return read


def _compile(parts: list[tuple[str, Column | Reader]]) -> Callable[[Values], dict[str, Any]]:
    """One function whose body is a single dict display of the row's fields, in the serializer's order.

    CPython builds such a dict some three times faster than a comprehension that calls a reader
    per field; a column that needs no representation is read in place (`v[3]`).
    """
    namespace: dict[str, Any] = {}
    items = []
    for number, (name, part) in enumerate(parts):
        if isinstance(part, Column):
            if part.convert is None:
                items.append(f"{name!r}: v[{part.index}]")
                continue
            namespace[f"f{number}"] = part.convert
            items.append(f"{name!r}: f{number}(v[{part.index}])")
        else:
            namespace[f"f{number}"] = part
            items.append(f"{name!r}: f{number}(v)")
    exec(f"def represent(v):\n    return {{{', '.join(items)}}}\n", namespace)
    return namespace["represent"]


def row_plan(serializer: serializers.Serializer, model: type[models.Model], using: str, version: str) -> RowPlan | None:
    """How `serializer` represents a row of `model` read with `values_list()`; None where a field is no column."""
    if type(serializer).to_representation not in PLAIN_REPRESENTATIONS:
        return None
    selected: dict[str, int] = {}

    def related_row(related_model: type[models.Model], pk: Any) -> models.Model | None:
        return small_tables.get(related_model, using, version, pk)

    def select(path: str) -> int:
        return selected.setdefault(path, len(selected))

    parts: list[tuple[str, Column | Reader]] = []
    for field in serializer._readable_fields:
        if is_templated(field):
            part = _templated_reader(field, model, select, related_row)
        else:
            part = _column(field, model, select)
        if part is None:
            return None
        parts.append((field.field_name, part))
    return RowPlan(columns=tuple(selected), represent=_compile(parts))


#: Plans by what a row's representation depends on (see `_plan_key`); the newest few are kept.
row_plans: RecentItems[tuple, RowPlan | bool] = RecentItems(size=64)


def _plan_key(serializer: serializers.Serializer, model: type[models.Model], using: str, version: str) -> tuple:
    """Everything a row's JSON depends on besides its values: the serializer, the rows its templated
    fields name (the version), the data language, and the site its permalinks point to."""
    request = serializer.context.get("request")
    site = None if request is None else request.build_absolute_uri(get_script_prefix())
    view = type(serializer.context.get("view"))
    return (type(serializer), view, model, using, version, data_language(), site)


def value_rows(serializer: serializers.Serializer, queryset: QuerySet, *, version: str) -> ValueRows | None:
    """The queryset's rows as `serializer` represents them, read with `values_list()`; None where one is no column."""
    if queryset._prefetch_related_lookups:
        return None
    model, using = queryset.model, queryset.db
    if version == INITIAL_TOKEN:  # no version row yet: nothing of it may be kept (jobcenter_api.readpath.small_tables)
        plan = row_plan(serializer, model, using, version)
    else:
        key = _plan_key(serializer, model, using, version)
        plan = row_plans.get(key)
        if plan is None:
            plan = row_plan(serializer, model, using, version) or False
            row_plans.put(key, plan)
    if not plan:
        return None
    return ValueRows(queryset=queryset.values_list(*plan.columns), represent=plan.represent)
