import datetime as dt

from django.urls import reverse
from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jobcenter_api.api.fields import TranslatedField
from jobcenter_api.api.filters import MAX_YEAR, MIN_YEAR
from jobcenter_api.api.serializers import StrictJSONTypesMixin
from metrics.models import Indicator
from publishing.models import Change, Release, ReleaseStatus
from publishing.selectors import figures_held

#: A date-time's UTC offset (or Z) at its end: what `scheduled_at` must state.
OFFSET_AT_END = r"(Z|[+-][0-9]{2}:?[0-9]{2})$"

CHANGES_SCHEMA = {
    "type": "object",
    "description": "Each changed field with its old and new value (null when the record was created or deleted).",
    "additionalProperties": {
        "type": "object",
        "properties": {"old": {"nullable": True}, "new": {"nullable": True}},
        "required": ["old", "new"],
    },
    "example": {"value": {"old": 3.3, "new": 3.4}},
}


@extend_schema_field(CHANGES_SCHEMA)
class ChangesField(serializers.JSONField):
    pass


class ChangeSerializer(serializers.ModelSerializer):
    changes = ChangesField()

    class Meta:
        model = Change
        fields = ["id", "resource", "object_id", "action", "changed_at", "changes"]


@extend_schema_field(
    {"type": "string", "format": "date-time", "pattern": OFFSET_AT_END, "example": "2027-01-05T09:55:00+01:00"}
)
class AwareDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date-time that states its UTC offset: a moment nobody can read in another time zone.

    Shown in Europe/Berlin (the settings' TIME_ZONE), with its offset.
    """

    default_error_messages = {
        "naive": "Give the UTC offset (e.g. 2027-01-05T09:55:00+01:00): a moment without one is ambiguous.",
        "out_of_range": f"Use a moment between {MIN_YEAR} and {MAX_YEAR}.",
    }

    def to_internal_value(self, value: object) -> dt.datetime:
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value)
            except ValueError:
                parsed = None
            if parsed is not None and parsed.tzinfo is None:
                self.fail("naive")
        moment = super().to_internal_value(value)
        if not MIN_YEAR <= moment.year <= MAX_YEAR:
            self.fail("out_of_range")
        return moment


@extend_schema_field(OpenApiTypes.STR)
class TitleField(TranslatedField):
    """The title in the request's language; the German one where no English is given."""

    def to_representation(self, instance: Release) -> str:
        return super().to_representation(instance) or getattr(instance, f"{self.base}_de")


class ReleaseSerializer(StrictJSONTypesMixin, serializers.ModelSerializer):
    title = TitleField("title")
    description = TitleField("description")
    scheduled_at = AwareDateTimeField(
        help_text="When the figures become public, all at once: ISO 8601 with its UTC offset, shown in Europe/Berlin."
    )
    status = serializers.ChoiceField(
        choices=ReleaseStatus.choices,
        required=False,
        help_text=(
            "scheduled (ahead), published (scheduled_at has passed) or cancelled; follows from the clock. "
            'An editor cancels a scheduled release with PATCH {"status": "cancelled"}; nothing else is written.'
        ),
    )
    indicators = serializers.SlugRelatedField(
        many=True,
        slug_field="code",
        queryset=Indicator.objects.all(),
        allow_empty=False,
        help_text="The codes of the indicators it publishes (/api/v1/indicators/).",
    )
    sequence = serializers.IntegerField(
        read_only=True, help_text="Goes up with every reschedule and cancellation (the calendar's SEQUENCE)."
    )
    figures = serializers.SerializerMethodField(
        help_text="Once published: how many figures it published (observations, refugee caseloads, budgets)."
    )
    figures_url = serializers.SerializerMethodField(help_text="Once published: its figures, /api/v1/metrics/?release=.")

    class Meta:
        model = Release
        fields = [
            "id", "title", "title_de", "title_en", "description", "description_de", "description_en",
            "scheduled_at", "status", "indicators", "sequence", "figures", "figures_url",
        ]  # fmt: skip

    def validate_status(self, value: str) -> str:
        if value != ReleaseStatus.CANCELLED:
            raise serializers.ValidationError(
                "Only `cancelled` can be written: a release is published by its scheduled_at, not by a write."
            )
        if self.instance is None:
            raise serializers.ValidationError("A new release is scheduled; cancel it afterwards with PATCH.")
        return value

    def is_published(self, release: Release) -> bool:
        return release.status_at() == ReleaseStatus.PUBLISHED

    @extend_schema_field({"type": "integer", "nullable": True, "minimum": 0})
    def get_figures(self, release: Release) -> int | None:
        return figures_held(release) if self.is_published(release) else None

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_figures_url(self, release: Release) -> str | None:
        if not self.is_published(release):
            return None
        url = f"{reverse('observation-list')}?release={release.pk}"
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url
