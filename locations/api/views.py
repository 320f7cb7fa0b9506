from drf_spectacular.utils import extend_schema, extend_schema_view

from jobcenter_api.api.base import PublishingViewSet, VintageReadOnlyViewSet
from jobcenter_api.downloads.renderers import GeoJSONRenderer
from jobcenter_api.readpath.plan import VALUES
from locations.api.serializers import AreaSerializer, LocationSerializer, SourceSerializer
from locations.filtersets import AreaFilterSet
from locations.models import Area, Location, LocationFact, Source


@extend_schema_view(
    list=extend_schema(summary="List areas", description="Areas by their regional key: country, state, district."),
    retrieve=extend_schema(summary="One area"),
)
@extend_schema(tags=["catalogue"])
class AreaViewSet(VintageReadOnlyViewSet):
    queryset = Area.objects.all()
    serializer_class = AreaSerializer
    rows = VALUES
    filterset_class = AreaFilterSet
    lookup_value_regex = "[A-Za-z0-9]+"


@extend_schema_view(
    list=extend_schema(summary="List sources", description="Where each figure comes from."),
    retrieve=extend_schema(summary="One source"),
    create=extend_schema(summary="Add a source (editors)"),
    update=extend_schema(summary="Correct a source (editors)"),
    partial_update=extend_schema(summary="Correct fields of a source (editors)"),
    destroy=extend_schema(summary="Remove a source no figure cites (editors)"),
)
@extend_schema(tags=["catalogue"])
class SourceViewSet(PublishingViewSet):
    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    rows = VALUES


@extend_schema_view(
    list=extend_schema(
        summary="List the Jobcenter's sites",
        description=(
            "The five office locations. Fields that no source gives yet are null; "
            "`facts` lists what sources say of a site, each with its source. `?format=geojson` gives an "
            "RFC 7946 FeatureCollection (null geometry where no coordinates are known)."
        ),
    ),
    retrieve=extend_schema(summary="One site"),
    create=extend_schema(summary="Add a site (editors)"),
    update=extend_schema(summary="Correct a site (editors)"),
    partial_update=extend_schema(summary="Correct fields of a site (editors)"),
    destroy=extend_schema(summary="Remove a site (editors)"),
)
@extend_schema(tags=["locations"])
class LocationViewSet(PublishingViewSet):
    queryset = Location.objects.prefetch_related("facts")
    serializer_class = LocationSerializer
    lookup_field = "slug"
    vintage_children = {"facts": (LocationFact, "location_id")}
    extra_download_renderers = (GeoJSONRenderer,)
