from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from jobcenter_api.api.base import ReadOnlyListViewSet, StrictQueryParamsMixin
from jobcenter_api.downloads.mixins import DownloadMixin
from jobcenter_api.readpath.embargo import public
from jobcenter_api.readpath.plan import VALUES
from publishing import services
from publishing.api.serializers import ChangeSerializer, ReleaseSerializer
from publishing.filtersets import ChangeFilterSet, ReleaseFilterSet
from publishing.models import Change, Release, ReleaseStatus
from publishing.selectors import releases_with_figures


@extend_schema_view(
    list=extend_schema(
        summary="The change log, newest first",
        description=(
            "Every create, update and delete of published data, with the old and the new value of each "
            "changed field. The data loaded at launch are its first entries. "
            "Also as an Atom feed: `/api/v1/changes/feed.atom`."
        ),
    )
)
@extend_schema(tags=["changes"])
class ChangeViewSet(ReadOnlyListViewSet):
    queryset = Change.objects.order_by("-changed_at", "-id")
    serializer_class = ChangeSerializer
    rows = VALUES
    filterset_class = ChangeFilterSet

    def get_queryset(self) -> QuerySet:
        return public(super().get_queryset())


@extend_schema_view(
    list=extend_schema(
        summary="The release calendar: when figures become public",
        description=(
            "Every announced release, soonest first: when (`scheduled_at`, Europe/Berlin with its offset), "
            "which indicators, and its `status` now (scheduled, published, cancelled). Once published: how "
            "many figures it published (`figures`) and where (`figures_url`). Also as iCalendar to subscribe "
            "to: `/api/v1/releases/calendar.ics`. The rules: `/api/v1/publication-policy/`."
        ),
    ),
    create=extend_schema(summary="Announce a release (editors)"),
    partial_update=extend_schema(
        summary="Change, reschedule or cancel a release (editors)",
        description=(
            'Reschedule with `{"scheduled_at": …}`, cancel with `{"status": "cancelled"}` (its figures stay '
            "unpublished); both raise `sequence`. A published or cancelled release cannot be moved or "
            "cancelled (409)."
        ),
    ),
    update=extend_schema(summary="Replace a release (editors)"),
    destroy=extend_schema(
        summary="Delete a release announced by mistake (editors)",
        description="Only a scheduled release that holds no figures; otherwise 409 (cancel it instead).",
    ),
)
@extend_schema(tags=["releases"])
class ReleaseViewSet(StrictQueryParamsMixin, DownloadMixin, viewsets.ModelViewSet):
    publishes = True
    lookup_value_regex = "[0-9]+"
    queryset = Release.objects.order_by("scheduled_at", "id")
    serializer_class = ReleaseSerializer
    filterset_class = ReleaseFilterSet

    def get_queryset(self) -> QuerySet:
        return releases_with_figures(super().get_queryset())

    def perform_create(self, serializer: ReleaseSerializer) -> None:
        values = dict(serializer.validated_data)
        indicators = values.pop("indicators")
        serializer.instance = services.create_release(values=values, indicators=indicators)

    def perform_update(self, serializer: ReleaseSerializer) -> None:
        values = dict(serializer.validated_data)
        cancel = values.pop("status", None) == ReleaseStatus.CANCELLED
        indicators = values.pop("indicators", None)
        serializer.instance = services.update_release(
            release=serializer.instance, values=values, indicators=indicators, cancel=cancel
        )

    def perform_destroy(self, instance: Release) -> None:
        services.delete_release(release=instance)
