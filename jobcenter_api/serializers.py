"""Serializer helpers shared by the apps' APIs.

`FastRowsMixin`: DRF's own fields, read without DRF's per-row, per-field
bookkeeping. A list of thousands of rows spends most of its time in
`to_representation` looking fields up again for every row. The mixin plans once
per serializer how each field is read: a plain model column or a foreign key's
id straight from the instance, anything else through the field's own
`get_attribute`, exactly as DRF does; every value still goes through the field's
`to_representation`.
"""

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from rest_framework import fields, relations
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
        column = self._column(field)
        if column is not None and isinstance(field, relations.PrimaryKeyRelatedField) and field.pk_field is None:
            return attrgetter(column.attname)
        if column is not None and not column.is_relation and type(field).get_attribute is fields.Field.get_attribute:
            get, represent = attrgetter(column.attname), field.to_representation

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

    def _column(self, field: fields.Field) -> Any:
        """The model field `field` reads directly (its source is one attribute), or None."""
        if len(field.source_attrs) != 1:
            return None
        try:
            return self.Meta.model._meta.get_field(field.source_attrs[0])
        except FieldDoesNotExist:
            return None
