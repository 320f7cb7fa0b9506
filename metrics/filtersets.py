from django.db.models import QuerySet
from django_filters import rest_framework as filters

from jobcenter_api.api.filters import (
    ChoiceListFilter,
    CodeListFilter,
    FilterSet,
    IntegerFilter,
    KnownIdFilter,
    SlugFilter,
    StableOrderingFilter,
    YearFilter,
    YearRangeFilterSet,
)
from locations.models import Area, Source
from metrics.models import (
    Budget,
    BudgetCategory,
    Indicator,
    Observation,
    RefugeeBreakdown,
    RefugeeCaseload,
    latest_years,
)
from metrics.models.vocabulary import Granularity, Qualifier, Status, Unit, ValueKind

STATUS_FILTER_HELP = (
    "Only figures of these statuses, comma-separated: final (SDMX CL_OBS_STATUS A), provisional (P) or estimated (E)."
)


def status_filter() -> ChoiceListFilter:
    return ChoiceListFilter(choices=Status.choices, help_text=STATUS_FILTER_HELP)


#: The release model, by the figures' key to it: metrics does not import publishing (docs/architecture.md).
Release = Observation._meta.get_field("release").related_model
RELEASE_HELP = "Only the figures of this release (its id, /api/v1/releases/); none until it is published."


def release_filter() -> KnownIdFilter:
    return KnownIdFilter(field_name="release", model=Release, help_text=RELEASE_HELP)


class IndicatorFilterSet(FilterSet):
    unit = filters.ChoiceFilter(choices=Unit.choices, help_text="Only indicators in this unit.")

    class Meta:
        model = Indicator
        fields = ["unit"]


class SeriesFilterSet(YearRangeFilterSet):
    """The filters of a chart series: which areas, which kind of period, which years."""

    area = CodeListFilter(
        field_name="area", model=Area, help_text="Area codes, comma-separated (default: every area with data)."
    )
    granularity = filters.ChoiceFilter(choices=Granularity.choices, help_text="Only periods of this kind.")
    value_kind = filters.ChoiceFilter(
        choices=ValueKind.choices,
        help_text="Only values of this kind: point_in_time, annual_average, period_total, change or not_stated.",
    )
    status = status_filter()
    year_min = YearFilter(field_name="year", lookup_expr="gte", help_text="Only periods ending in or after this year.")
    year_max = YearFilter(field_name="year", lookup_expr="lte", help_text="Only periods ending in or before this year.")

    class Meta(YearRangeFilterSet.Meta):
        model = Observation
        fields = ["area", "granularity", "value_kind", "status", "year_min", "year_max"]


class ChartSeriesFilterSet(SeriesFilterSet):
    """The series endpoint's filters, plus the shape of the table."""

    shape = filters.ChoiceFilter(
        choices=[("long", "long"), ("wide", "wide")],
        method="keep_all",
        help_text="long (default): one entry per point; wide: one row per area, one column per period.",
    )
    source = CodeListFilter(field_name="source", model=Source, help_text="Source ids, comma-separated.")

    class Meta(SeriesFilterSet.Meta):
        fields = [*SeriesFilterSet.Meta.fields, "source", "shape"]

    def keep_all(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The shape changes the layout of the answer, not which rows it holds.
        return queryset


class ObservationFilterSet(SeriesFilterSet):
    indicator = CodeListFilter(field_name="indicator", model=Indicator, help_text="Indicator codes, comma-separated.")
    year = YearFilter(field_name="year", help_text="Only periods ending in this year.")
    qualifier = filters.ChoiceFilter(choices=Qualifier.choices, help_text="Only values with this qualifier.")
    source = CodeListFilter(field_name="source", model=Source, help_text="Source ids, comma-separated.")
    release = release_filter()
    last = IntegerFilter(
        method="filter_last",
        min_value=1,
        max_value=200,
        help_text="Keep the latest N years among the rows the other filters keep.",
    )
    ordering = StableOrderingFilter(
        fields=("year", "period_start", "period_end", "value", "indicator", "area", "id"),
        help_text="Sort by these fields, comma-separated; prefix '-' for descending.",
    )

    class Meta(SeriesFilterSet.Meta):
        fields = [
            "indicator", "area", "year", "year_min", "year_max", "last", "granularity", "value_kind", "qualifier",
            "status", "source", "release",
        ]  # fmt: skip

    def filter_last(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        # Applied in filter_queryset, after every other filter.
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        last = self.form.cleaned_data.get("last")
        return latest_years(queryset, int(last)) if last else queryset


class RefugeeCaseloadFilterSet(YearRangeFilterSet):
    year = YearFilter(help_text="Only caseloads of this year.")
    year_min = YearFilter(field_name="year", lookup_expr="gte", help_text="Only caseloads in or after this year.")
    year_max = YearFilter(field_name="year", lookup_expr="lte", help_text="Only caseloads in or before this year.")
    status = status_filter()
    release = release_filter()

    class Meta(YearRangeFilterSet.Meta):
        model = RefugeeCaseload
        fields = ["year", "year_min", "year_max", "status", "release"]


class RefugeeBreakdownFilterSet(FilterSet):
    year = YearFilter(field_name="caseload__year", help_text="Only breakdowns of caseloads of this year.")
    dimension = SlugFilter(max_length=50, help_text="Only this dimension, e.g. age_group.")

    class Meta:
        model = RefugeeBreakdown
        fields = ["year", "dimension"]


class BudgetFilterSet(FilterSet):
    fiscal_year = YearFilter(help_text="Only this fiscal year.")
    status = status_filter()
    release = release_filter()

    class Meta:
        model = Budget
        fields = ["fiscal_year", "status", "release"]


class BudgetCategoryFilterSet(FilterSet):
    fiscal_year = YearFilter(field_name="budget__fiscal_year", help_text="Only categories of this fiscal year.")
    parent = SlugFilter(
        method="filter_parent",
        max_length=60,
        help_text="Only children of the category with this code; 'none' for top-level categories.",
    )

    class Meta:
        model = BudgetCategory
        fields = ["fiscal_year", "parent"]

    def filter_parent(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "none":
            return queryset.filter(parent__isnull=True)
        return queryset.filter(parent__code=value)
