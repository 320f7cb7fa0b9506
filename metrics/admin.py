"""Admin for editors: lists with search and filters, and each record's history.

The admin's forms run the models' full_clean(), the same checks as the API and the importer.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from metrics.models import Budget, BudgetCategory, Indicator, Observation, RefugeeBreakdown, RefugeeCaseload


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_de", "name_en", "unit"]
    search_fields = ["code", "name_de", "name_en", "definition_de", "definition_en"]
    list_filter = ["unit"]


@admin.register(Observation)
class ObservationAdmin(SimpleHistoryAdmin):
    list_display = [
        "id", "indicator", "area", "year", "period_start", "period_end", "value", "unit", "qualifier", "value_kind",
        "status", "release",
    ]  # fmt: skip
    search_fields = ["indicator__code", "area__code", "area__name_de", "source_quote", "note"]
    list_filter = [
        "indicator", "area", "year", "granularity", "value_kind", "qualifier", "status", "release", "derived", "source",
    ]  # fmt: skip
    list_select_related = ["indicator", "area"]
    readonly_fields = ["year", "granularity", "unit"]
    date_hierarchy = "period_end"


class RefugeeBreakdownInline(admin.TabularInline):
    model = RefugeeBreakdown
    extra = 0


@admin.register(RefugeeCaseload)
class RefugeeCaseloadAdmin(SimpleHistoryAdmin):
    list_display = ["id", "year", "reference_date", "total", "qualifier", "source"]
    search_fields = ["source_quote", "note"]
    list_filter = ["year", "qualifier", "source"]
    inlines = [RefugeeBreakdownInline]


@admin.register(RefugeeBreakdown)
class RefugeeBreakdownAdmin(SimpleHistoryAdmin):
    list_display = ["id", "caseload", "dimension", "group", "count", "share_percent", "derived"]
    search_fields = ["dimension", "group", "source_quote", "note"]
    list_filter = ["dimension", "derived", "caseload__year"]
    list_select_related = ["caseload"]


class BudgetCategoryInline(admin.TabularInline):
    model = BudgetCategory
    extra = 0
    fk_name = "budget"


@admin.register(Budget)
class BudgetAdmin(SimpleHistoryAdmin):
    list_display = ["fiscal_year", "total", "currency", "qualifier", "source"]
    search_fields = ["source_quote", "note"]
    list_filter = ["qualifier", "source"]
    inlines = [BudgetCategoryInline]


@admin.register(BudgetCategory)
class BudgetCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_de", "amount", "parent", "budget"]
    search_fields = ["code", "name_de", "name_en", "source_quote", "note"]
    list_filter = ["budget__fiscal_year", "qualifier"]
    list_select_related = ["budget", "parent"]
