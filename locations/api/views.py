from drf_spectacular.utils import extend_schema, extend_schema_view

from jobcenter_api.api import ReadOnlyViewSet
from locations.api.serializers import AreaSerializer, LocationSerializer, SourceSerializer
from locations.filtersets import AreaFilterSet
from locations.models import Area, Location, Source


@extend_schema_view(
    list=extend_schema(summary="List areas", description="Areas by their regional key: country, state, district."),
    retrieve=extend_schema(summary="One area"),
)
@extend_schema(tags=["catalogue"])
class AreaViewSet(ReadOnlyViewSet):
    queryset = Area.objects.all()
    serializer_class = AreaSerializer
    filterset_class = AreaFilterSet
    lookup_value_regex = "[A-Za-z0-9]+"


@extend_schema_view(
    list=extend_schema(summary="List sources", description="Where each figure comes from."),
    retrieve=extend_schema(summary="One source"),
)
@extend_schema(tags=["catalogue"])
class SourceViewSet(ReadOnlyViewSet):
    queryset = Source.objects.all()
    serializer_class = SourceSerializer


@extend_schema_view(
    list=extend_schema(
        summary="List the Jobcenter's sites",
        description=(
            "The five office locations. Fields that no source gives yet are null; "
            "`facts` lists what sources say of a site, each with its source."
        ),
    ),
    retrieve=extend_schema(summary="One site"),
)
@extend_schema(tags=["locations"])
class LocationViewSet(ReadOnlyViewSet):
    queryset = Location.objects.prefetch_related("facts")
    serializer_class = LocationSerializer
    lookup_field = "slug"
