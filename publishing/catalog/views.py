"""The DCAT-AP.de catalogue (Turtle, JSON-LD) and the Frictionless Data Package.

Here, not in `metrics`, because the catalogue dates its data sets from the change log:
`publishing` imports `metrics`, never the reverse.
"""

from typing import Any

from django.utils.cache import patch_vary_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rdflib import Graph
from rest_framework import exceptions, serializers
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from jobcenter_api.api.base import StrictAPIView
from jobcenter_api.downloads.negotiation import StrictContentNegotiation, requested_format
from jobcenter_api.downloads.renderers import JSONRenderer
from jobcenter_api.readpath.embargo import public
from publishing.catalog.datapackage import build_datapackage
from publishing.catalog.dcat import PREFIXES, build_catalog
from publishing.models import Change

JSONLD_CONTEXT = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


class TurtleRenderer(BaseRenderer):
    media_type = "text/turtle"
    format = "ttl"
    charset = "utf-8"

    def render(self, data: Graph, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return data.serialize(format="turtle", encoding="utf-8")


class JsonLdRenderer(BaseRenderer):
    media_type = "application/ld+json"
    format = "jsonld"
    charset = "utf-8"

    def render(self, data: Graph, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return data.serialize(format="json-ld", context=JSONLD_CONTEXT, indent=2, encoding="utf-8")


class QualityContentNegotiation(StrictContentNegotiation):
    """Honours the q-values of Accept (DRF ranks by specificity only); harvesters send them."""

    def select_renderer(
        self, request: Request, renderers: list[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        if format_suffix or requested_format(request.query_params):
            return super().select_renderer(request, renderers, format_suffix)
        preferred = request.get_preferred_type([renderer.media_type for renderer in renderers])
        if preferred is None:
            raise exceptions.NotAcceptable(available_renderers=renderers)
        return next(renderer for renderer in renderers if renderer.media_type == preferred), preferred


NOT_ACCEPTABLE = OpenApiResponse(
    inline_serializer("NotAcceptable", {"detail": serializers.CharField()}),
    description="The Accept header asks for no representation this endpoint serves.",
    examples=[OpenApiExample("not acceptable", {"detail": "Could not satisfy the request Accept header."})],
)
TURTLE = OpenApiResponse(OpenApiTypes.STR, description="The DCAT-AP.de catalogue.")
JSONLD = OpenApiResponse(OpenApiTypes.OBJECT, description="The DCAT-AP.de catalogue.")
CATALOG_DESCRIPTION = (
    "A DCAT-AP.de catalogue of our data sets (metrics, locations, refugee caseload, budgets) and their "
    "distributions (JSON, CSV, XLSX, GeoJSON), for GovData and other portals to harvest. "
    "License: dl-de/by-2-0."
)


class CatalogView(StrictAPIView):
    """The DCAT-AP.de catalogue, in the representation the Accept header asks for (Turtle by default)."""

    renderer_classes = [TurtleRenderer, JsonLdRenderer]
    content_negotiation_class = QualityContentNegotiation

    def finalize_response(self, request: Request, response: Response, *args, **kwargs) -> Response:
        """Errors (and OPTIONS) are JSON like everywhere else, whatever was asked for."""
        if isinstance(response, Response) and not isinstance(response.data, Graph):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Accept",))
        return response

    @extend_schema(
        operation_id="catalog",
        tags=["metadata"],
        summary="DCAT-AP.de catalogue (content negotiation: text/turtle or application/ld+json)",
        description=CATALOG_DESCRIPTION,
        responses={
            (200, "text/turtle"): TURTLE,
            (200, "application/ld+json"): JSONLD,
            (406, "application/json"): NOT_ACCEPTABLE,
        },
    )
    def get(self, request: Request) -> Response:
        return Response(build_catalog(request.build_absolute_uri, public(Change.objects.all()).newest_by_resource()))


class CatalogTurtleView(CatalogView):
    renderer_classes = [TurtleRenderer]

    @extend_schema(
        operation_id="catalog_turtle",
        tags=["metadata"],
        summary="DCAT-AP.de catalogue in Turtle",
        description=CATALOG_DESCRIPTION,
        responses={(200, "text/turtle"): TURTLE, (406, "application/json"): NOT_ACCEPTABLE},
    )
    def get(self, request: Request) -> Response:
        return super().get(request)


class CatalogJsonLdView(CatalogView):
    renderer_classes = [JsonLdRenderer]

    @extend_schema(
        operation_id="catalog_jsonld",
        tags=["metadata"],
        summary="DCAT-AP.de catalogue in JSON-LD",
        description=CATALOG_DESCRIPTION,
        responses={(200, "application/ld+json"): JSONLD, (406, "application/json"): NOT_ACCEPTABLE},
    )
    def get(self, request: Request) -> Response:
        return super().get(request)


class DataPackageView(StrictAPIView):
    """Every table as a CSV resource with its Table Schema, license and sources."""

    @extend_schema(
        operation_id="datapackage",
        tags=["metadata"],
        summary="Frictionless Data Package of the CSV endpoints",
        description=(
            "A Frictionless (tabular) Data Package: each resource is one of our CSV endpoints (`?format=csv`) "
            "with its Table Schema (types, descriptions with units, primary and foreign keys), plus the "
            "license and the sources. Load it with `frictionless` or pandas."
        ),
        responses=OpenApiResponse(OpenApiTypes.OBJECT, description="The data package descriptor (datapackage.json)."),
    )
    def get(self, request: Request) -> Response:
        return Response(build_datapackage(request.build_absolute_uri))
