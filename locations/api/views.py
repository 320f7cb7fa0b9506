from drf_spectacular.utils import extend_schema

from jobcenter_api.api.base import PublishingViewSet, VintageReadOnlyViewSet
from jobcenter_api.downloads.renderers import GeoJSONRenderer
from jobcenter_api.readpath.plan import VALUES
from locations.api.serializers import AreaSerializer, LocationSerializer, SourceSerializer
from locations.filtersets import AreaFilterSet
from locations.models import Area, Location, LocationFact, Source


@extend_schema(tags=["catalogue"])
class AreaViewSet(VintageReadOnlyViewSet):
    list_description = "Areas by their regional key: country, state, district."
    queryset = Area.objects.all()
    serializer_class = AreaSerializer
    rows = VALUES
    filterset_class = AreaFilterSet
    lookup_value_regex = "[A-Za-z0-9]+"


@extend_schema(tags=["catalogue"])
class SourceViewSet(PublishingViewSet):
    list_description = "Where each figure comes from."
    schema_verbs = ("Add", "Remove")
    schema_destroy_note = "no figure cites"
    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    rows = VALUES


@extend_schema(tags=["locations"])
class LocationViewSet(PublishingViewSet):
    list_description = (
        "The five office locations. Fields that no source gives yet are null; "
        "`facts` lists what sources say of a site, each with its source. `?format=geojson` gives an "
        "RFC 7946 FeatureCollection (null geometry where no coordinates are known)."
    )
    schema_name, schema_name_plural = "site", "the Jobcenter's sites"
    schema_verbs = ("Add", "Remove")
    queryset = Location.objects.prefetch_related("facts")
    serializer_class = LocationSerializer
    lookup_field = "slug"
    vintage_children = {"facts": (LocationFact, "location_id")}
    extra_download_renderers = (GeoJSONRenderer,)
