from rest_framework import serializers

from jobcenter_api.fields import NumberField, TranslatedField
from locations.models import Area, Location, Source


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "title", "publisher", "published", "url", "license", "note"]


class AreaSerializer(serializers.ModelSerializer):
    name = TranslatedField("name")

    class Meta:
        model = Area
        fields = ["code", "name", "name_de", "name_en", "level"]


class LocationSerializer(serializers.ModelSerializer):
    latitude = NumberField(max_digits=9, decimal_places=6, allow_null=True)
    longitude = NumberField(max_digits=9, decimal_places=6, allow_null=True)
    services = serializers.ListField(child=serializers.CharField(), allow_null=True)

    class Meta:
        model = Location
        fields = [
            "slug", "name", "city", "municipality_code", "street", "postal_code", "latitude", "longitude",
            "phone", "email", "opening_hours", "services", "source", "source_quote", "note",
        ]  # fmt: skip
