"""Serializer fields shared by the apps' APIs."""

import datetime as dt
from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jobcenter_api.api.filters import MAX_YEAR, MIN_YEAR
from jobcenter_api.api.schema import FULL_DATE_IN_RANGE
from jobcenter_api.http.language import data_language


def plain_number(value: Decimal | None) -> int | float | None:
    """A stored decimal as the JSON number a reader expects: 2132, not 2132.0000."""
    if value is None:
        return None
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        return int(normalized)
    return float(normalized)


class NumberField(serializers.DecimalField):
    """A decimal column served as a JSON number without trailing zeros.

    drf-spectacular maps it as the DecimalField it is (a number below 10**whole digits);
    jobcenter_api.api.schema adds the decimal places to request bodies.
    """

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


@extend_schema_field({"type": "string", "format": "date", "pattern": FULL_DATE_IN_RANGE})
class InRangeDateField(serializers.DateField):
    """A date in 1900..2100, the years the API publishes and filters by (jobcenter_api.api.filters)."""

    def to_internal_value(self, value: object) -> dt.date:
        date = super().to_internal_value(value)
        if not MIN_YEAR <= date.year <= MAX_YEAR:
            raise serializers.ValidationError(f"Use a date between {MIN_YEAR} and {MAX_YEAR}.")
        return date
