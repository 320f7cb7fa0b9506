"""Charts and Datawrapper metadata of an indicator's series, for newsrooms.

Served under /api/v1/ so that the API's ETag, response cache, CORS and strict
parameters apply to them as to every read (jobcenter_api.http.caching caches any
content type). The pictures are rendered by website.charts from the same selector the
embed page uses.
"""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from jobcenter_api.api.base import StrictGenericAPIView
from jobcenter_api.downloads.renderers import JSONRenderer
from jobcenter_api.http.language import data_language
from jobcenter_api.readpath.vintages import VintageFilterBackend
from metrics.filtersets import SeriesFilterSet
from metrics.models import Observation
from website.charts.render import render_png, render_svg
from website.charts.words import TEXT, format_day, status_word
from website.filtersets import ChartFilterSet
from website.selectors import chart_for, data_day, series_for, source_names


class SeriesReadView(StrictGenericAPIView):
    """An indicator's series under its filters: the parameters are the series endpoint's."""

    queryset = Observation.objects.all()
    filter_backends = [VintageFilterBackend]
    filters_on_detail = True
    supports_as_of = True
    pagination_class = None
    renderer_classes = [JSONRenderer]


CHART_DESCRIPTION = (
    "The indicator's series as a chart (Vega-Lite, rendered on the server): title, unit, source line, "
    "license and 'Stand'; German number format with `lang=de`. Annual and monthly values are separate "
    "lines; a rough value carries its sign (≈, >, <) and a provisional one its status. `width` and `height` "
    "give the size of the whole image in pixels."
)


@extend_schema(
    tags=["charts"],
    summary="An indicator's chart as SVG",
    description=CHART_DESCRIPTION,
    responses={(200, "image/svg+xml"): OpenApiResponse(OpenApiTypes.STR, description="An SVG document.")},
)
class ChartSVGView(SeriesReadView):
    filterset_class = ChartFilterSet

    def get(self, request: Request, code: str) -> HttpResponse:
        chart = chart_for(code, request.query_params, language=data_language())
        return HttpResponse(render_svg(chart.spec, chart.language), content_type="image/svg+xml; charset=utf-8")


@extend_schema(
    tags=["charts"],
    summary="An indicator's chart as PNG",
    description=CHART_DESCRIPTION + " Default 1200 × 675 pixels.",
    responses={(200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY, description="A PNG image.")},
)
class ChartPNGView(SeriesReadView):
    filterset_class = ChartFilterSet

    def get(self, request: Request, code: str) -> HttpResponse:
        chart = chart_for(code, request.query_params, language=data_language())
        return HttpResponse(render_png(chart.spec, chart.language), content_type="image/png")


@extend_schema(
    tags=["charts"],
    summary="An indicator's chart as a Vega-Lite specification",
    description=(
        "The Vega-Lite v5 specification of the chart with its data inline: the Vega editor, Observable "
        "and Jupyter (Altair) open it unchanged. Render it with the de-DE format locale for German numbers."
    ),
    responses={(200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT, description="A Vega-Lite spec.")},
)
class ChartSpecView(SeriesReadView):
    filterset_class = ChartFilterSet

    def get(self, request: Request, code: str) -> Response:
        return Response(chart_for(code, request.query_params, language=data_language()).spec)


DATAWRAPPER_RESPONSE = inline_serializer(
    "DatawrapperMetadata",
    {
        "title": serializers.CharField(),
        "describe": inline_serializer(
            "DatawrapperDescribe",
            {
                "intro": serializers.CharField(),
                "source-name": serializers.CharField(),
                "source-url": serializers.URLField(),
                "byline": serializers.CharField(),
            },
        ),
        "annotate": inline_serializer("DatawrapperAnnotate", {"notes": serializers.CharField()}),
    },
)


@extend_schema(
    tags=["charts"],
    summary="Datawrapper's external metadata for the series CSV",
    description=(
        "Give Datawrapper the series CSV (`/api/v1/indicators/{code}/series/?format=csv&shape=wide`) as its "
        "external data URL and this document as its external metadata: the chart then keeps its title, "
        "introduction, source, byline and notes ('Stand', rough and provisional values) up to date."
    ),
    responses=DATAWRAPPER_RESPONSE,
)
class DatawrapperMetadataView(SeriesReadView):
    filterset_class = SeriesFilterSet

    def get(self, request: Request, code: str) -> Response:
        language = data_language()
        series = series_for(code, request.query_params, SeriesFilterSet)
        t = TEXT[language]
        sources = source_names(series.observations)
        notes = [f"{t['as_of']}: {format_day(data_day(series.as_of), language)}."]
        if any(o.qualifier != "exact" for o in series.observations):
            notes.append(t["signs"] + ".")
        provisional = [o for o in series.observations if getattr(o, "status", "final") not in ("", "final", None)]
        if provisional:
            marks = "; ".join(f"{o.year}: {status_word(o.status, language)}" for o in provisional)
            notes.append(f"{t['status']}: {marks}.")
        return Response(
            {
                "title": getattr(series.indicator, f"name_{language}"),
                "describe": {
                    "intro": getattr(series.indicator, f"definition_{language}"),
                    "source-name": "; ".join(sources),
                    "source-url": request.build_absolute_uri(reverse("indicator-series", kwargs={"code": code})),
                    "byline": settings.PUBLISHER,
                },
                "annotate": {"notes": " ".join(notes)},
            }
        )
