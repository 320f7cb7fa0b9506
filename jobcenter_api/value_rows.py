"""A JSON list page's rows straight from `values_list()`: the fast path of a JSON list.

A model instance per row (and one per related row that `select_related` joins), then
DRF's serializer over it, cost some 60 µs a row on this machine: most of an uncached
100-row page. Where every field of the list's serializer reads one model column, or is
text around the row's key given rows its foreign keys point to (a permalink, a citation:
`csv_lines.TemplatedField`), the page is read with `values_list()` instead; the related
rows, from small tables, are read whole once per data version (jobcenter_api.small_tables).
Every value still goes through its own field exactly as DRF's `Serializer.to_representation`
reads it, and a templated field is represented once per related row with the key left open,
so the rows equal the serializer's (tests/test_value_rows.py). A list with any other field
keeps the serializer.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from types import SimpleNamespace
from typing import Any

from django.db import models
from django.db.models import QuerySet
from rest_framework import fields, serializers

from jobcenter_api.csv_lines import KEY_MARK, TemplatedField, is_templated, template_fields
from jobcenter_api.fields import TranslatedField
from jobcenter_api.middleware import data_language
from jobcenter_api.serializers import FastRowsMixin, column_of
from jobcenter_api.small_tables import small_tables

Values = Sequence[Any]
Reader = Callable[[Values], Any]
RelatedRow = Callable[[type[models.Model], Any], models.Model | None]
#: DRF fields whose `to_representation` gives a value of this type back as it is (str(), int(), a choice's key).
UNCHANGED = (
    (fields.CharField, str),
    (fields.ChoiceField, str),
    (fields.IntegerField, int),
    (fields.BooleanField, bool),
)
#: Serializers whose rows are their fields' values, nothing added: the ones this path may stand in for.
PLAIN_REPRESENTATIONS = (serializers.Serializer.to_representation, FastRowsMixin.to_representation)


@dataclass(frozen=True)
class ValueRows:
    """A list's rows as `values_list()` tuples and how one becomes the serializer's JSON row."""

    queryset: QuerySet
    represent: Callable[[Values], dict[str, Any]]


def _column_reader(field: fields.Field, model: type[models.Model], select: Callable[[str], int]) -> Reader | None:
    """How a field's value follows from the row's columns, as DRF reads it from an instance."""
    if isinstance(field, TranslatedField):
        if type(field).to_representation is not TranslatedField.to_representation:
            return None
        return itemgetter(select(f"{field.base}_{data_language()}"))
    column = column_of(field, model)
    if column is None:
        return None
    attname, represent = column
    index = select(attname)
    if represent is None:
        return itemgetter(index)
    unchanged = _unchanged_type(field)

    def read(values: Values) -> Any:
        value = values[index]
        if value is None or type(value) is unchanged:
            return value
        return represent(value)

    return read


def _unchanged_type(field: fields.Field) -> type | None:
    """The stored type that the field's own `to_representation` hands back unchanged, if any.

    DRF's BooleanField alone takes some 3 µs a value to give a bool back.
    """
    for base, stored in UNCHANGED:
        if isinstance(field, base) and type(field).to_representation is base.to_representation:
            if base is fields.ChoiceField and not all(isinstance(key, str) for key in field.choices):
                return None
            return stored
    return None


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
    fillers: dict[tuple, Callable[[str], Any] | None] = {}

    def stand_in(ids: tuple, key_value: object) -> SimpleNamespace:
        """What the field reads of an instance: its key and the rows its foreign keys point to."""
        names = {
            name: related_row(related_model, pk) for (name, _, related_model), pk in zip(related, ids, strict=True)
        }
        return SimpleNamespace(**{field.template_key: key_value}, **names)

    def read(values: Values) -> Any:
        ids = tuple([values[index] for _, index, _ in related])
        if ids not in fillers:
            fillers[ids] = _filler(field.to_representation(stand_in(ids, KEY_MARK)))
        filler = fillers[ids]
        if filler is None:  # a value that nests: represented row by row, as the serializer does
            return field.to_representation(stand_in(ids, values[key]))
        return filler(str(values[key]))

    return read


def value_rows(serializer: serializers.Serializer, queryset: QuerySet, *, version: str) -> ValueRows | None:
    """The queryset's rows as `serializer` represents them, read with `values_list()`; None where one is no column."""
    if type(serializer).to_representation not in PLAIN_REPRESENTATIONS or queryset._prefetch_related_lookups:
        return None
    model, using = queryset.model, queryset.db
    selected: dict[str, int] = {}

    def related_row(related_model: type[models.Model], pk: Any) -> models.Model | None:
        return small_tables.get(related_model, using, version, pk)

    def select(path: str) -> int:
        return selected.setdefault(path, len(selected))

    readers: list[tuple[str, Reader]] = []
    for field in serializer._readable_fields:
        if is_templated(field):
            reader = _templated_reader(field, model, select, related_row)
        else:
            reader = _column_reader(field, model, select)
        if reader is None:
            return None
        readers.append((field.field_name, reader))

    def represent(values: Values) -> dict[str, Any]:
        return {name: read(values) for name, read in readers}

    return ValueRows(queryset=queryset.values_list(*selected), represent=represent)
