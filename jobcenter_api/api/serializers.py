"""Serializer helpers shared by the apps' APIs.

`FastRowsMixin`: DRF's own fields, read without DRF's per-row, per-field
bookkeeping. A list of thousands of rows spends most of its time in
`to_representation` looking fields up again for every row. The mixin plans once
per serializer how each field is read: a plain model column or a foreign key's
id straight from the instance, anything else through the field's own
`get_attribute`, exactly as DRF does; every value still goes through the field's
`to_representation`.
"""

from collections.abc import Callable, Mapping
from operator import attrgetter
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models as django_models
from rest_framework import fields, relations
from rest_framework.exceptions import ValidationError
from rest_framework.fields import SkipField

_SKIP = object()


class FastRowsMixin:
    # No docstring: drf-spectacular would publish it as the description of every
    # serializer that mixes this in (see the module docstring instead).

    def to_representation(self, instance: Any) -> dict[str, Any]:
        readers = self.__dict__.get("_row_readers")
        if readers is None:
            readers = self._row_readers = [(field.field_name, self._reader(field)) for field in self._readable_fields]
        row = {}
        for name, read in readers:
            value = read(instance)
            if value is not _SKIP:
                row[name] = value
        return row

    def _reader(self, field: fields.Field) -> Callable[[Any], Any]:
        column = column_of(field, self.Meta.model)
        if column is not None:
            attname, represent = column
            get = attrgetter(attname)
            if represent is None:
                return get

            def read_column(instance: Any) -> Any:
                value = get(instance)
                return None if value is None else represent(value)

            return read_column

        def read_field(instance: Any) -> Any:
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                return _SKIP
            check = attribute.pk if isinstance(attribute, relations.PKOnlyObject) else attribute
            return None if check is None else field.to_representation(attribute)

        return read_field


def column_of(field: fields.Field, model: type[django_models.Model]) -> tuple[str, Callable[[Any], Any] | None] | None:
    """The model column `field` reads as DRF would, and how its value is represented (None: the stored key as it is).

    None where the field reads anything else: another object, a path, a method, its own get_attribute.
    """
    if len(field.source_attrs) != 1:
        return None
    try:
        column = model._meta.get_field(field.source_attrs[0])
    except FieldDoesNotExist:
        return None
    pk_related = relations.PrimaryKeyRelatedField
    if isinstance(field, pk_related):
        plain = (
            field.pk_field is None
            and column.many_to_one
            and type(field).to_representation is pk_related.to_representation
            and type(field).get_attribute is pk_related.get_attribute
        )
        return (column.attname, None) if plain else None  # DRF's PKOnlyObject: the stored key
    if column.is_relation or type(field).get_attribute is not fields.Field.get_attribute:
        return None
    return column.attname, field.to_representation


STRING, INTEGER, NUMBER = ((str,), "a string"), ((int,), "an integer"), ((int, float), "a number")


def json_types(field: fields.Field) -> tuple[tuple[type, ...], str] | None:
    """The JSON types `field` takes from a body (and their name), or None where DRF's own checks suffice.

    DRF coerces: `"note": 0` becomes "0", `"year": "1900"` 1900, `"derived": "yes"` True.
    A body that breaks its schema so is a 400, as the schema's types promise.
    """
    if isinstance(field, fields.BooleanField):
        return (bool,), "a boolean"
    if isinstance(field, fields.IntegerField):
        return INTEGER
    if isinstance(field, fields.DecimalField | fields.FloatField):
        return NUMBER
    if isinstance(field, fields.ListField | relations.ManyRelatedField):
        return (list,), "a list"
    if isinstance(field, relations.RelatedField):
        model = field.get_queryset().model
        name = getattr(field, "slug_field", None)
        target = model._meta.get_field(name) if name else model._meta.pk
        return INTEGER if isinstance(target, django_models.IntegerField) else STRING
    if isinstance(field, fields.CharField | fields.ChoiceField | fields.DateField | fields.DateTimeField):
        return STRING
    return None


def json_type_error(field: fields.Field, value: Any) -> str | dict | None:
    """What is wrong with the JSON type of `value` for `field`, or None; for a list, by item as DRF does."""
    expected = json_types(field)
    if value is None or expected is None:
        return None  # null: the field's own allow_null decides
    types, name = expected
    if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
        return f"Expected {name}."
    child = getattr(field, "child", None)
    if isinstance(value, list) and child is not None:
        errors = {index: [error] for index, item in enumerate(value) if (error := json_type_error(child, item))}
        return errors or None
    return None


class StrictJSONTypesMixin:
    # A write body's fields must have the JSON types the schema states: no coercion of `0` to "0".
    # No docstring: drf-spectacular would publish it as the description of every serializer.

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            errors = {}
            for name, field in self.fields.items():
                if not field.read_only and name in data and (error := json_type_error(field, data[name])):
                    errors[name] = error if isinstance(error, dict) else [error]
            if errors:
                raise ValidationError(errors)
        return super().to_internal_value(data)
