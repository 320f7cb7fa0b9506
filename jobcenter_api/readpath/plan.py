"""The read plan of a list: which column each serializer field reads, and how its value is written.

A model instance per row, then DRF's serializer over it, cost some 60 µs a row: most of an
uncached 100-row page, and a quarter of an hour for a 5M-row CSV. A list that declares
`rows = VALUES` (on its view) is read with `values_list()` instead, and both its JSON pages and its
CSV downloads (jobcenter_api.readpath.rows) write each row by this plan, so they equal the
serializer's output (tests/jobcenter_api/readpath/test_json_rows.py, test_csv_rows.py). A field
must be one of:

- a column: a model field read as DRF reads it from an instance (its own `source`, no path, no
  method), or a foreign key's stored id (PrimaryKeyRelatedField), or `name` in the request's
  language (TranslatedField); its value goes through the field's `to_representation`, skipped
  where that hands the stored type back unchanged (str, int, bool, an ISO date);
- templated (`TemplatedField`: a permalink, a citation): text around the row's integer key,
  given the rows its foreign keys point to, which come from small tables read once per data
  version (jobcenter_api.readpath.small_tables). It is represented once per combination of those
  rows with the key left open (`KEY_MARK`) and filled in per row.

`problems()` names every field that is neither: the system check (jobcenter_api.readpath.checks)
refuses to start with a declared list that has one. Undeclared lists keep the serializer;
`FastRowsMixin` lets a serializer read the same columns from model instances (vintages, a year).
"""

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter, itemgetter
from types import SimpleNamespace
from typing import Any, Protocol, runtime_checkable

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from rest_framework import ISO_8601, fields, relations, serializers
from rest_framework.fields import SkipField
from rest_framework.settings import api_settings

from jobcenter_api.api.fields import TranslatedField
from jobcenter_api.http.language import data_language
from jobcenter_api.readpath import small_tables

#: A view's `rows`: its list is read with `values_list()` by this plan, or by its serializer.
VALUES, SERIALIZER = "values", "serializer"
#: Stands for the row's key while a templated field is represented once per combination of related rows.
KEY_MARK = "\x00key\x00"

Values = Sequence[Any]
WRITE_ONLY = "a write-only field: a CSV's header names it, no row shows it"
_MISSING = object()


@runtime_checkable
class TemplatedField(Protocol):
    """A field whose value is text around the row's integer key, given the rows its foreign keys point to.

    Their tables must be small (sources): each is read whole, once per data version.
    """

    template_key: str
    template_related: tuple[str, ...]

    def to_representation(self, instance: Any) -> Any: ...


class Unreadable(Exception):
    """A field the plan cannot read from a column (the message says why)."""


def readable_fields(serializer: serializers.Serializer) -> list[fields.Field]:
    """The fields a row shows, in order: DRF's public fields less the write-only ones."""
    return [field for field in serializer.fields.values() if not field.write_only]


def _stored_type(column: models.Field) -> type | None:
    """The Python type `values_list()` gives for a non-null value of `column`, where the ORM converts nothing else."""
    if hasattr(column, "from_db_value"):
        return None
    if isinstance(column, models.BooleanField):
        return bool
    if isinstance(column, models.IntegerField):
        return int
    if isinstance(column, models.CharField | models.TextField):
        return str
    if isinstance(column, models.DateField) and not isinstance(column, models.DateTimeField):
        return dt.date
    return None


def _own(field: fields.Field, base: type, method: str = "to_representation") -> bool:
    """Whether `field` is a `base` that keeps the base's `method`."""
    return isinstance(field, base) and getattr(type(field), method) is getattr(base, method)


def _unchanged(field: fields.Field, stored: type | None) -> bool:
    """Whether the field's `to_representation` hands a stored value of type `stored` back as it is."""
    if stored is str:
        if _own(field, fields.ChoiceField):
            return all(isinstance(key, str) for key in field.choices)
        return _own(field, fields.CharField)
    if stored is int:
        if _own(field, fields.BigIntegerField):
            return not getattr(field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING)
        return _own(field, fields.IntegerField)
    if stored is bool:
        return _own(field, fields.BooleanField)
    return False


def json_writer(field: fields.Field, column: models.Field) -> Callable[[Any], Any] | None:
    """How a non-null stored value of `column` becomes the field's JSON value; None: it is that value already."""
    stored = _stored_type(column)
    if _unchanged(field, stored) or (_own(field, fields.JSONField) and not field.binary):
        return None
    iso = getattr(field, "format", api_settings.DATE_FORMAT) == ISO_8601
    if stored is dt.date and _own(field, fields.DateField) and iso:
        return dt.date.isoformat
    return field.to_representation


@dataclass(frozen=True)
class Column:
    """A field that is one column: `attname` of the model, written to JSON by `json` (None: as stored)."""

    name: str
    field: fields.Field
    column: models.Field
    attname: str
    json: Callable[[Any], Any] | None


def column_of(field: fields.Field, model: type[models.Model]) -> Column:
    """The column `field` reads as DRF would read it from an instance; Unreadable where it reads anything else."""
    if isinstance(field, TranslatedField):
        if not _own(field, TranslatedField):
            raise Unreadable("a TranslatedField with its own to_representation")
        name = f"{field.base}_{data_language()}"
    elif isinstance(field, serializers.BaseSerializer):
        raise Unreadable("a nested serializer")
    elif isinstance(field, fields.SerializerMethodField):
        raise Unreadable("a SerializerMethodField")
    elif len(field.source_attrs) != 1:
        raise Unreadable(f"reads the path {field.source!r}, not one column")
    else:
        name = field.source_attrs[0]
    try:
        column = model._meta.get_field(name)
    except FieldDoesNotExist:
        raise Unreadable(f"reads {name!r}, which is no field of {model._meta.label}") from None
    if isinstance(field, relations.PrimaryKeyRelatedField):
        plain = (
            field.pk_field is None
            and column.many_to_one
            and _own(field, relations.PrimaryKeyRelatedField)
            and _own(field, relations.PrimaryKeyRelatedField, "get_attribute")
        )
        if not plain:
            raise Unreadable("a PrimaryKeyRelatedField that writes more than the stored key")
        return Column(field.field_name, field, column, column.attname, None)  # DRF's PKOnlyObject: the stored key
    if column.is_relation and name != column.attname:  # `source="area_id"` reads the stored key itself
        raise Unreadable("a relation other than a plain PrimaryKeyRelatedField")
    if not isinstance(field, TranslatedField) and not _own(field, fields.Field, "get_attribute"):
        raise Unreadable("a field with its own get_attribute")
    json = None if isinstance(field, TranslatedField) else json_writer(field, column)
    return Column(field.field_name, field, column, column.attname, json)


class FastRowsMixin:
    # DRF's own fields, read from instances without DRF's per-row, per-field bookkeeping: a list of
    # thousands of rows (a vintage, a year) spent most of its time looking fields up again for every
    # row. Each field that is a column is read straight from the instance, anything else through its
    # own get_attribute, exactly as DRF does; every value still goes through the field's
    # to_representation. A comment, not a docstring: drf-spectacular would publish it.

    @cached_property
    def instance_readers(self) -> list[tuple[str, Callable[[Any], Any]]]:
        return [(field.field_name, _instance_reader(field, self.Meta.model)) for field in readable_fields(self)]

    def to_representation(self, instance: Any) -> dict[str, Any]:
        row = {}
        for name, read in self.instance_readers:
            value = read(instance)
            if value is not _MISSING:
                row[name] = value
        return row


def _instance_reader(field: fields.Field, model: type[models.Model]) -> Callable[[Any], Any]:
    """How `field`'s value is read from an instance: its column where it is one, else as DRF reads it."""
    try:
        part = column_of(field, model)
    except Unreadable:
        part = None
    if part is not None and not isinstance(field, TranslatedField):
        get = attrgetter(part.attname)
        if isinstance(field, relations.PrimaryKeyRelatedField):
            return get  # the stored key, as DRF's PKOnlyObject gives it
        represent = field.to_representation

        def read_column(instance: Any) -> Any:
            value = get(instance)
            return None if value is None else represent(value)

        return read_column

    def read_field(instance: Any) -> Any:
        try:
            attribute = field.get_attribute(instance)
        except SkipField:
            return _MISSING
        check = attribute.pk if isinstance(attribute, relations.PKOnlyObject) else attribute
        return None if check is None else field.to_representation(attribute)

    return read_field


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


@dataclass
class Templated:
    """A templated field: its key's and foreign keys' places among the selected columns.

    `template(values)` is its representation with the key left open, made once per combination
    of related rows (shared by the threads that use one plan: a race makes one twice).
    """

    name: str
    field: TemplatedField
    key: int
    related: list[tuple[str, int, type[models.Model]]]
    using: str
    version: str
    templates: dict[tuple, Any] = dataclasses.field(default_factory=dict)
    fillers: dict[tuple, Callable[[str], Any] | None] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        indices = [index for _, index, _ in self.related]
        self.related_ids = itemgetter(*indices) if indices else (lambda values: ())

    def stand_in(self, values: Values, key: object) -> SimpleNamespace:
        """What the field reads of an instance: its key and the rows its foreign keys point to."""
        rows = {
            name: small_tables.row(model, self.using, self.version, values[index])
            for name, index, model in self.related
        }
        return SimpleNamespace(**{self.field.template_key: key}, **rows)

    def template(self, values: Values) -> Any:
        ids = self.related_ids(values)
        found = self.templates.get(ids)
        if found is None:
            found = self.templates[ids] = self.field.to_representation(self.stand_in(values, KEY_MARK))
        return found

    def json(self, values: Values) -> Any:
        ids = self.related_ids(values)
        fill = self.fillers.get(ids, _MISSING)
        if fill is _MISSING:
            fill = self.fillers[ids] = _filler(self.template(values))
        if fill is None:  # a value that nests: represented row by row, as the serializer does
            return self.field.to_representation(self.stand_in(values, values[self.key]))
        return fill(str(values[self.key]))

    def read_tables(self) -> None:
        """Read the related tables now: a download reads them before its rows, as the serializer path would."""
        for _, _, model in self.related:
            small_tables.table(model, self.using, self.version)


#: Serializers whose rows are their fields' values, nothing added: the ones the plan may stand in for.
PLAIN_REPRESENTATIONS = (serializers.Serializer.to_representation, FastRowsMixin.to_representation)


def is_templated(field: fields.Field) -> bool:
    """Whether `field` is a TemplatedField: checked by its attributes, some 20 times faster than isinstance()."""
    return hasattr(field, "template_key") and hasattr(field, "template_related")


def template_columns(field: TemplatedField, model: type[models.Model]) -> tuple[models.Field, list[models.Field]]:
    """A templated field's integer key column and its foreign keys; Unreadable where it has other ones."""
    try:
        key = model._meta.pk if field.template_key == "pk" else model._meta.get_field(field.template_key)
        foreign_keys = [model._meta.get_field(name) for name in field.template_related]
    except FieldDoesNotExist as exc:
        raise Unreadable(f"a templated field naming no field of {model._meta.label}: {exc}") from None
    if not isinstance(key, models.IntegerField):
        raise Unreadable("a templated field whose key is no integer column")
    if not all(foreign_key.many_to_one for foreign_key in foreign_keys):
        raise Unreadable("a templated field whose related rows are not foreign keys")
    return key, foreign_keys


@dataclass(frozen=True)
class Plan:
    """A list's fields in order, each a Column or Templated, and the columns `values_list()` selects.

    The columns of the Column fields come first, in field order, where each reads a column of its own
    (`aligned`): a row's first values are then those fields' stored values.
    """

    parts: tuple[Column | Templated, ...]
    selected: tuple[str, ...]
    index: dict[str, int]
    aligned: bool


def plan(serializer: serializers.Serializer, model: type[models.Model], *, using: str, version: str) -> Plan:
    """How `serializer` writes a row of `model` read with `values_list()`; Unreadable names a field it cannot read."""
    if type(serializer).to_representation not in PLAIN_REPRESENTATIONS:
        raise Unreadable(f"{type(serializer).__name__} has its own to_representation")
    parts: list[Column | Templated | fields.Field] = []
    for field in serializer.fields.values():
        try:
            if field.write_only:
                raise Unreadable(WRITE_ONLY)
            parts.append(field if is_templated(field) else column_of(field, model))
        except Unreadable as exc:
            raise Unreadable(f"{field.field_name}: {exc}") from None
    index: dict[str, int] = {}

    def select(attname: str) -> int:
        return index.setdefault(attname, len(index))

    columns = [part for part in parts if isinstance(part, Column)]
    aligned = [select(part.attname) for part in columns] == list(range(len(columns)))
    for number, part in enumerate(parts):
        if not isinstance(part, Column):
            try:
                key, foreign_keys = template_columns(part, model)
            except Unreadable as exc:
                raise Unreadable(f"{part.field_name}: {exc}") from None
            related = [(fk.name, select(fk.attname), fk.related_model) for fk in foreign_keys]
            parts[number] = Templated(part.field_name, part, select(key.attname), related, using, version)
    return Plan(parts=tuple(parts), selected=tuple(index), index=index, aligned=aligned)


def problems(serializer: serializers.Serializer, model: type[models.Model]) -> list[str]:
    """What keeps each field of `serializer` from being read from a column of `model` (for the system check)."""
    found = []
    if type(serializer).to_representation not in PLAIN_REPRESENTATIONS:
        found.append(f"{type(serializer).__name__} has its own to_representation")
    for field in serializer.fields.values():
        try:
            if field.write_only:
                raise Unreadable(WRITE_ONLY)
            if is_templated(field):
                template_columns(field, model)
            else:
                column_of(field, model)
        except Unreadable as exc:
            found.append(f"field {field.field_name!r}: {exc}")
    return found
