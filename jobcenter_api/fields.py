"""Serializer fields shared by the apps' APIs."""

from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jobcenter_api.middleware import data_language


def plain_number(value: Decimal | None) -> int | float | None:
    """A stored decimal as the JSON number a reader expects: 2132, not 2132.0000."""
    if value is None:
        return None
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        return int(normalized)
    return float(normalized)


@extend_schema_field(OpenApiTypes.NUMBER)
class NumberField(serializers.DecimalField):
    """A decimal column served as a JSON number without trailing zeros."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_digits", 15)  # metrics.models.AMOUNT_DIGITS (jobcenter_api imports no app)
        kwargs.setdefault("decimal_places", 4)
        super().__init__(**kwargs)

    def to_representation(self, value: Decimal) -> int | float | None:
        return plain_number(value)


@extend_schema_field(OpenApiTypes.STR)
class TranslatedField(serializers.Field):
    """`name` in the language the request asked for (`name_de` or `name_en`)."""

    def __init__(self, base: str, **kwargs) -> None:
        self.base = base
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, instance: object) -> str:
        return getattr(instance, f"{self.base}_{data_language()}")
