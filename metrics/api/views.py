import datetime as dt

from django.db.models import Count, QuerySet, prefetch_related_objects
from django.http import Http404, HttpResponseBase
from django_filters import utils as filter_utils
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from jobcenter_api.api import PublishingViewSet, StrictGenericAPIView, VintageReadOnlyViewSet
from jobcenter_api.downloads import DownloadMixin
from jobcenter_api.renderers import DOWNLOAD_RENDERERS, JSONRenderer
from jobcenter_api.vintages import VintageFilterBackend, VintageMixin, attach_vintage_relations, published
from locations.models import Area, Source
from metrics.api.serializers import (
    BudgetCategoryFlatSerializer,
    BudgetSerializer,
    IndicatorSerializer,
    ObservationSerializer,
    RefugeeBreakdownFlatSerializer,
    RefugeeCaseloadSerializer,
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


@extend_schema_view(
    list=extend_schema(summary="List indicators", description="The indicator catalogue, with definitions."),
    retrieve=extend_schema(summary="One indicator"),
)
@extend_schema(tags=["catalogue"])
class IndicatorViewSet(VintageReadOnlyViewSet):
    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
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
    renderer_classes = [JSONRenderer, *DOWNLOAD_RENDERERS]
    vintage_parents = {"source": Source, "area": Area}

    def offers_downloads(self) -> bool:
        return True

    def get(self, request: Request, code: str) -> HttpResponseBase:
        indicator = published(Indicator, self.get_as_of()).filter(code=code).first()
        if indicator is None:
            raise Http404
        queryset = self.get_queryset().filter(indicator=indicator)
        filterset = VintageFilterBackend().get_filterset(request, queryset, self)
        if not filterset.is_valid():
            raise filter_utils.translate_validation(filterset.errors)
        observations = filterset.qs.order_by("area_id", "period_end", "period_start", "id")
        wide = filterset.form.cleaned_data.get("shape") == "wide"
        name = f"series_{indicator.code}{'_wide' if wide else ''}"
        if self.wants_download() and not wide:
            return self.download(observations, SeriesRowSerializer(context=self.get_serializer_context()), name=name)
        observations = list(observations)
        if self.get_as_of() is not None:
            attach_vintage_relations(observations, self.get_as_of(), parents=self.vintage_parents, children={})
        if wide:
            table = SeriesWideSerializer.pivot(indicator, observations)
            if self.wants_download():
                columns = ["area", "area_name", "value_kind", *table["periods"]]
                return self.download_rows(columns=columns, rows=SeriesWideSerializer.flat_rows(table), name=name)
            return Response(SeriesWideSerializer(table).data)
        grouped = SeriesSerializer.group(indicator, observations)
        return Response(SeriesSerializer(grouped, context=self.get_serializer_context()).data)


@extend_schema_view(
    list=extend_schema(
        summary="List observations",
        description=(
            "Every published figure: one per indicator, area, period and source. "
            "Compare areas with a comma list: `area=07137,07,DG`."
        ),
    ),
    retrieve=extend_schema(summary="One observation"),
    create=extend_schema(summary="Publish an observation (editors)"),
    update=extend_schema(summary="Correct an observation (editors)"),
    partial_update=extend_schema(summary="Correct fields of an observation (editors)"),
    destroy=extend_schema(summary="Withdraw an observation (editors)"),
)
@extend_schema(tags=["metrics"])
class ObservationViewSet(PublishingViewSet):
    lookup_value_regex = "[0-9]+"
    queryset = Observation.objects.select_related("source")
    serializer_class = ObservationSerializer
    filterset_class = ObservationFilterSet
    vintage_parents = {"source": Source}


@extend_schema_view(
    list=extend_schema(summary="List refugee caseloads", description="Caseload snapshots with their breakdowns."),
    retrieve=extend_schema(summary="One refugee caseload"),
    create=extend_schema(summary="Publish a refugee caseload (editors)"),
    update=extend_schema(summary="Correct a refugee caseload (editors)"),
    partial_update=extend_schema(summary="Correct fields of a refugee caseload (editors)"),
    destroy=extend_schema(summary="Withdraw a refugee caseload and its breakdowns (editors)"),
)
@extend_schema(tags=["refugees"])
class RefugeeCaseloadViewSet(PublishingViewSet):
    lookup_value_regex = "[0-9]+"
    queryset = RefugeeCaseload.objects.select_related("source").prefetch_related("breakdowns")
    serializer_class = RefugeeCaseloadSerializer
    filterset_class = RefugeeCaseloadFilterSet
    vintage_parents = {"source": Source}
    vintage_children = {"breakdowns": (RefugeeBreakdown, "caseload_id")}


@extend_schema_view(
    list=extend_schema(summary="List refugee caseload breakdowns (flat)"),
    retrieve=extend_schema(summary="One refugee caseload breakdown"),
    create=extend_schema(summary="Publish a breakdown of a caseload (editors)"),
    update=extend_schema(summary="Correct a breakdown (editors)"),
    partial_update=extend_schema(summary="Correct fields of a breakdown (editors)"),
    destroy=extend_schema(summary="Withdraw a breakdown (editors)"),
)
@extend_schema(tags=["refugees"])
class RefugeeBreakdownViewSet(PublishingViewSet):
    lookup_value_regex = "[0-9]+"
    queryset = RefugeeBreakdown.objects.select_related("caseload").order_by("caseload__year", "caseload_id", "id")
    serializer_class = RefugeeBreakdownFlatSerializer
    filterset_class = RefugeeBreakdownFilterSet
    vintage_parents = {"caseload": RefugeeCaseload}


@extend_schema_view(
    list=extend_schema(summary="List budgets", description="Budgets by fiscal year with their category trees."),
    retrieve=extend_schema(summary="One fiscal year's budget", parameters=[FISCAL_YEAR_PATH]),
    create=extend_schema(summary="Publish a fiscal year's budget (editors)"),
    update=extend_schema(summary="Correct a budget (editors)", parameters=[FISCAL_YEAR_PATH]),
    partial_update=extend_schema(summary="Correct fields of a budget (editors)", parameters=[FISCAL_YEAR_PATH]),
    destroy=extend_schema(summary="Withdraw a budget and its categories (editors)", parameters=[FISCAL_YEAR_PATH]),
)
@extend_schema(tags=["budgets"])
class BudgetViewSet(PublishingViewSet):
    queryset = Budget.objects.select_related("source").prefetch_related("categories")
    serializer_class = BudgetSerializer
    filterset_class = BudgetFilterSet
    lookup_field = "fiscal_year"
    lookup_value_regex = "[0-9]{4}"
    vintage_parents = {"source": Source}
    vintage_children = {"categories": (BudgetCategory, "budget_id")}


@extend_schema_view(
    list=extend_schema(summary="List budget categories (flat)"),
    retrieve=extend_schema(summary="One budget category"),
    create=extend_schema(summary="Publish a budget category (editors)"),
    update=extend_schema(summary="Correct a budget category (editors)"),
    partial_update=extend_schema(summary="Correct fields of a budget category (editors)"),
    destroy=extend_schema(summary="Withdraw a budget category and its children (editors)"),
)
@extend_schema(tags=["budgets"])
class BudgetCategoryViewSet(PublishingViewSet):
    lookup_value_regex = "[0-9]+"
    queryset = BudgetCategory.objects.select_related("budget", "parent").order_by("budget__fiscal_year", "code", "id")
    serializer_class = BudgetCategoryFlatSerializer
    filterset_class = BudgetCategoryFilterSet
    vintage_parents = {"budget": Budget, "parent": BudgetCategory}


def year_counts(when: dt.datetime | None = None) -> dict[int, dict[str, int]]:
    """How many metrics, refugee caseloads and budgets each year has (now, or as published at `when`): three queries."""
    counts: dict[int, dict[str, int]] = {}
    sources = (
        ("metrics", published(Observation, when).values_list("year")),
        ("refugees", published(RefugeeCaseload, when).values_list("year")),
        ("budgets", published(Budget, when).values_list("fiscal_year")),
    )
    for name, queryset in sources:
        for year, count in queryset.annotate(n=Count("pk")).order_by():
            counts.setdefault(year, {"metrics": 0, "refugees": 0, "budgets": 0})[name] = count
    return counts


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
        rows = [{"year": year, **counts} for year, counts in sorted(year_counts(self.get_as_of()).items())]
        if self.wants_download():
            return self.download(rows)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(YearSummarySerializer(page, many=True).data)

    def retrieve(self, request: Request, year: str) -> Response:
        year_number, when = int(year), self.get_as_of()
        data = {
            "year": year_number,
            "metrics": list(
                published(Observation, when).filter(year=year_number).order_by(*Observation._meta.ordering)
            ),
            "refugees": list(
                published(RefugeeCaseload, when).filter(year=year_number).order_by("reference_date", "id")
            ),
            "budgets": list(published(Budget, when).filter(fiscal_year=year_number)),
        }
        # Each figure's citation names its source: fetched once per list, not once per figure.
        if when is None:
            prefetch_related_objects(data["metrics"], "source")
            prefetch_related_objects(data["refugees"], "breakdowns", "source")
            prefetch_related_objects(data["budgets"], "categories", "source")
        else:
            sources = {"source": Source}
            attach_vintage_relations(data["metrics"], when, parents=sources, children={})
            attach_vintage_relations(
                data["refugees"], when, parents=sources, children={"breakdowns": (RefugeeBreakdown, "caseload_id")}
            )
            attach_vintage_relations(
                data["budgets"], when, parents=sources, children={"categories": (BudgetCategory, "budget_id")}
            )
        if not (data["metrics"] or data["refugees"] or data["budgets"]):
            raise Http404
        return Response(YearDetailSerializer(data, context=self.get_serializer_context()).data)
