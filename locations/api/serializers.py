from rest_framework import serializers

from jobcenter_api.api.fields import NumberField, TranslatedField
from jobcenter_api.api.serializers import StrictJSONTypesMixin
from locations.models import Area, Location, LocationFact, Source


class SourceSerializer(StrictJSONTypesMixin, serializers.ModelSerializer):
    # Null, never "", where the page shows no date: declared so the schema says so.
    published = serializers.RegexField(
        r"^\d{4}(-\d{2}(-\d{2})?)?$",
        max_length=10,
        allow_null=True,
        help_text="Publication date as precise as the page gives it (YYYY, YYYY-MM or YYYY-MM-DD); null if none shown.",
    )

    class Meta:
        model = Source
        fields = ["id", "title", "publisher", "published", "url", "license", "note"]


class AreaSerializer(serializers.ModelSerializer):
    name = TranslatedField("name")

    class Meta:
        model = Area
        fields = ["code", "name", "name_de", "name_en", "level"]


class LocationFactSerializer(serializers.ModelSerializer):
    value = NumberField(max_digits=12, decimal_places=2, allow_null=True)

    class Meta:
        model = LocationFact
        fields = ["code", "value", "text", "unit", "period_start", "period_end", "source", "source_quote", "note"]


class LocationSerializer(StrictJSONTypesMixin, serializers.ModelSerializer):
    facts = LocationFactSerializer(
        many=True, read_only=True, help_text="What sources say about the site, each with its source and quote."
    )
    latitude = NumberField(max_digits=9, decimal_places=6, allow_null=True, required=False, min_value=-90, max_value=90)
    longitude = NumberField(
        max_digits=9, decimal_places=6, allow_null=True, required=False, min_value=-180, max_value=180
    )
    services = serializers.ListField(child=serializers.CharField(), allow_null=True, required=False)

    class Meta:
        model = Location
        fields = [
            "slug", "name", "city", "municipality_code", "municipality_code_source", "street", "postal_code",
            "latitude", "longitude", "phone", "email", "opening_hours", "services", "source", "source_quote", "note",
            "facts",
        ]  # fmt: skip
