from django.db.models import QuerySet
from django.http import Http404, HttpResponseBase
from django_filters import utils as filter_utils
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from jobcenter_api.api.base import PublishingViewSet, StrictGenericAPIView, VintageReadOnlyViewSet
from jobcenter_api.downloads.mixins import STATISTICAL_RENDERERS, DownloadMixin
from jobcenter_api.downloads.renderers import DOWNLOAD_RENDERERS, JSONRenderer
from jobcenter_api.readpath.plan import VALUES
from jobcenter_api.readpath.vintages import VintageFilterBackend, VintageMixin
from locations.models import Source
from metrics import selectors
from metrics.api.serializers import (
    BudgetCategoryFlatSerializer,
    BudgetSerializer,
    IndicatorSerializer,
    ObservationSerializer,
    RefugeeBreakdownFlatSerializer,
    RefugeeCaseloadSerializer,
    RevisionSerializer,
    SeriesRowSerializer,
    SeriesSerializer,
    SeriesWideSerializer,
    YearDetailSerializer,
    YearSummarySerializer,
)
from metrics.filtersets import (
    BudgetCategoryFilterSet,
    BudgetFilterSet,
    ChartSeriesFilterSet,
    IndicatorFilterSet,
    ObservationFilterSet,
    RefugeeBreakdownFilterSet,
    RefugeeCaseloadFilterSet,
)
from metrics.models import Budget, BudgetCategory, Indicator, Observation, RefugeeBreakdown, RefugeeCaseload

YEAR_PATH = OpenApiParameter("year", int, OpenApiParameter.PATH, description="A calendar year, e.g. 2017.")
FISCAL_YEAR_PATH = OpenApiParameter("fiscal_year", int, OpenApiParameter.PATH, description="A fiscal year, e.g. 2017.")


@extend_schema(tags=["catalogue"])
class IndicatorViewSet(VintageReadOnlyViewSet):
    list_description = "The indicator catalogue, with definitions."
    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    rows = VALUES
    filterset_class = IndicatorFilterSet
    lookup_field = "code"


@extend_schema(
    tags=["metrics"],
    summary="An indicator's time series, ready for a chart",
    description=(
        "The indicator's values, one series per area and kind of value (`value_kind`: a value at one moment, "
        "an annual average, a total or a change are never joined), ordered by period. `shape=wide` gives one "
        "row per area and kind of value and one column per period, as Datawrapper and spreadsheets chart it. "
        "Also as CSV, csv-de and XLSX: `shape=long` one row per point, `shape=wide` columns `area`, "
        "`area_name`, `value_kind` and one per period."
    ),
    responses=PolymorphicProxySerializer(
        component_name="SeriesResponse",
        serializers=[SeriesSerializer, SeriesWideSerializer],
        resource_type_field_name=None,
    ),
)
class IndicatorSeriesView(DownloadMixin, VintageMixin, StrictGenericAPIView):
    queryset = Observation.objects.select_related("source", "area")
    filterset_class = ChartSeriesFilterSet
    filters_on_detail = True
    pagination_class = None
    serializer_class = SeriesSerializer
    renderer_classes = [JSONRenderer, *DOWNLOAD_RENDERERS, *STATISTICAL_RENDERERS]
    vintage_parents = selectors.SERIES_PARENTS

    def offers_downloads(self) -> bool:
        return True

    def get(self, request: Request, code: str) -> HttpResponseBase:
        indicator = selectors.published_indicator(code=code, as_of=self.get_as_of())
        if indicator is None:
            raise Http404
        filterset = VintageFilterBackend().get_filterset(request, self.get_queryset(), self)
        if not filterset.is_valid():
            raise filter_utils.translate_validation(filterset.errors)
        observations = selectors.series_observations(filterset.qs, indicator=indicator)
        wide = filterset.form.cleaned_data.get("shape") == "wide"
        name = f"series_{indicator.code}{'_wide' if wide else ''}"
        if wide:
            self.refuse_statistical_format("shape", "JSON-stat and SDMX-CSV hold one value per figure: use shape=long.")
        if self.wants_download() and not wide:
            return self.download(observations, SeriesRowSerializer(context=self.get_serializer_context()), name=name)
        points = selectors.series_points(observations, as_of=self.get_as_of())
        if not wide:
            series = selectors.group_series(indicator=indicator, observations=points)
            return Response(SeriesSerializer(series, context=self.get_serializer_context()).data)
        table = selectors.pivot_series(indicator=indicator, observations=points)
        if self.wants_download():
            rows = selectors.pivot_rows(table)
            return self.download_rows(columns=selectors.pivot_columns(table), rows=rows, name=name)
        return Response(SeriesWideSerializer(table).data)


@extend_schema(
    tags=["metrics"],
    summary="Every value a figure has had in public",
    description=(
        "The figure's revisions, oldest first: each state (value, status, qualifier, note) it had in public, "
        "from when (`valid_from`: its write, or its release's moment if later) to when (`valid_to`: the next "
        "revision or the figure's deletion; null for the current one), and the release that published it. "
        "A state under embargo appears only from its release's moment; one replaced before its moment never. "
        "A deleted figure keeps its revisions; one that was never public is a 404."
    ),
    responses=RevisionSerializer(many=True),
)
class ObservationRevisionsView(StrictGenericAPIView):
    queryset = Observation.objects.none()  # the schema's path parameter; the reads are the history's
    serializer_class = RevisionSerializer
    pagination_class = None

    def get(self, request: Request, pk: int) -> Response:
        revisions = selectors.observation_revisions(pk)
        if not revisions:
            raise Http404
        return Response(RevisionSerializer(revisions, many=True).data)


@extend_schema(tags=["metrics"])
class ObservationViewSet(PublishingViewSet):
    list_description = (
        "Every published figure: one per indicator, area, period and source. "
        "Compare areas with a comma list: `area=07137,07,DG`."
    )
    lookup_value_regex = "[0-9]+"
    queryset = Observation.objects.select_related("source")
    serializer_class = ObservationSerializer
    rows = VALUES
    filterset_class = ObservationFilterSet
    vintage_parents = {"source": Source}
    extra_download_renderers = STATISTICAL_RENDERERS


@extend_schema(tags=["refugees"])
class RefugeeCaseloadViewSet(PublishingViewSet):
    list_description = "Caseload snapshots with their breakdowns."
    schema_destroy_note = "and its breakdowns"
    lookup_value_regex = "[0-9]+"
    queryset = RefugeeCaseload.objects.select_related("source").prefetch_related("breakdowns")
    serializer_class = RefugeeCaseloadSerializer
    filterset_class = RefugeeCaseloadFilterSet
    vintage_parents = {"source": Source}
    vintage_children = {"breakdowns": (RefugeeBreakdown, "caseload_id")}


@extend_schema_view(
    retrieve=extend_schema(summary="One refugee caseload breakdown"),
    create=extend_schema(summary="Publish a breakdown of a caseload (editors)"),
)
@extend_schema(tags=["refugees"])
class RefugeeBreakdownViewSet(PublishingViewSet):
    schema_name, schema_name_plural = "breakdown", "refugee caseload breakdowns (flat)"
    lookup_value_regex = "[0-9]+"
    queryset = RefugeeBreakdown.objects.select_related("caseload").order_by("caseload__year", "caseload_id", "id")
    serializer_class = RefugeeBreakdownFlatSerializer
    filterset_class = RefugeeBreakdownFilterSet
    vintage_parents = {"caseload": RefugeeCaseload}


@extend_schema_view(
    retrieve=extend_schema(summary="One fiscal year's budget", parameters=[FISCAL_YEAR_PATH]),
    create=extend_schema(summary="Publish a fiscal year's budget (editors)"),
    update=extend_schema(parameters=[FISCAL_YEAR_PATH]),
    partial_update=extend_schema(parameters=[FISCAL_YEAR_PATH]),
    destroy=extend_schema(parameters=[FISCAL_YEAR_PATH]),
)
@extend_schema(tags=["budgets"])
class BudgetViewSet(PublishingViewSet):
    list_description = "Budgets by fiscal year with their category trees."
    schema_destroy_note = "and its categories"
    queryset = Budget.objects.select_related("source").prefetch_related("categories")
    serializer_class = BudgetSerializer
    filterset_class = BudgetFilterSet
    lookup_field = "fiscal_year"
    lookup_value_regex = "[0-9]{4}"
    vintage_parents = {"source": Source}
    vintage_children = {"categories": (BudgetCategory, "budget_id")}


@extend_schema(tags=["budgets"])
class BudgetCategoryViewSet(PublishingViewSet):
    schema_name_plural = "budget categories (flat)"
    schema_destroy_note = "and its children"
    lookup_value_regex = "[0-9]+"
    queryset = BudgetCategory.objects.select_related("budget", "parent").order_by("budget__fiscal_year", "code", "id")
    serializer_class = BudgetCategoryFlatSerializer
    filterset_class = BudgetCategoryFilterSet
    vintage_parents = {"budget": Budget, "parent": BudgetCategory}


@extend_schema_view(
    list=extend_schema(summary="List the years with data", responses=YearSummarySerializer(many=True)),
    retrieve=extend_schema(
        summary="Everything published for one year",
        description="Metrics whose period ends in the year, refugee caseloads of the year, the fiscal year's budget.",
        parameters=[YEAR_PATH],
        responses=YearDetailSerializer,
    ),
)
@extend_schema(tags=["years"])
class YearViewSet(VintageReadOnlyViewSet):
    lookup_field = "year"
    lookup_value_regex = "[0-9]{4}"
    serializer_class = YearSummarySerializer

    def get_queryset(self) -> QuerySet:
        return Observation.objects.none()

    def list(self, request: Request) -> HttpResponseBase:
        rows = selectors.year_summaries(as_of=self.get_as_of())
        if self.wants_download():
            return self.download(rows)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(YearSummarySerializer(page, many=True).data)

    def retrieve(self, request: Request, year: str) -> Response:
        content = selectors.year_content(year=int(year), as_of=self.get_as_of())
        if content is None:
            raise Http404
        return Response(YearDetailSerializer(content, context=self.get_serializer_context()).data)
