from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view

from jobcenter_api.api.base import ReadOnlyListViewSet
from jobcenter_api.readpath.embargo import public
from jobcenter_api.readpath.plan import VALUES
from publishing.api.serializers import ChangeSerializer
from publishing.filtersets import ChangeFilterSet
from publishing.models import Change


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
