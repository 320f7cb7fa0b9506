"""Content negotiation that answers an unknown `?format=` with a 400 naming it."""

from django.http import QueryDict
from rest_framework import exceptions, serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer


class FormatQuerySerializer(serializers.Serializer):
    """The `format` query parameter; which formats a view knows, its renderers say (filter_renderers)."""

    format = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


# One instance for every request: run_validation() keeps nothing of a request on the serializer.
FORMAT_QUERY = FormatQuerySerializer()


def requested_format(params: QueryDict) -> str | None:
    """`?format=`, or None where it is absent."""
    if "format" not in params:
        return None
    return FORMAT_QUERY.run_validation(params).get("format")


class StrictContentNegotiation(DefaultContentNegotiation):
    def filter_renderers(self, renderers: list[BaseRenderer], format: str) -> list[BaseRenderer]:
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            known = ", ".join(sorted({renderer.format for renderer in renderers}))
            raise exceptions.ValidationError({"format": [f"Unknown format {format!r}; use one of: {known}."]})
        return matching
