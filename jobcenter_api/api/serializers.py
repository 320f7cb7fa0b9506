"""Serializer helpers shared by the apps' APIs: request bodies take the JSON types their schema states.

(How a list's rows are read fast, from instances or from `values_list()`, is jobcenter_api.readpath.plan.)
"""

from collections.abc import Mapping
from typing import Any

from django.db import models as django_models
from rest_framework import fields, relations
from rest_framework.exceptions import ValidationError

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
