"""Admin for editors: lists with search and filters, and each record's history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from locations.models import Area, Location, LocationFact, Source


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["id", "title", "publisher", "published", "license"]
    search_fields = ["id", "title", "publisher", "note"]
    list_filter = ["publisher", "license"]


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_de", "name_en", "level"]
    search_fields = ["code", "name_de", "name_en"]
    list_filter = ["level"]


class LocationFactInline(admin.TabularInline):
    model = LocationFact
    extra = 0


@admin.register(Location)
class LocationAdmin(SimpleHistoryAdmin):
    list_display = [
        "slug", "name", "city", "municipality_code", "municipality_code_source", "street", "postal_code", "source",
    ]  # fmt: skip
    search_fields = ["slug", "name", "city", "street", "note"]
    list_filter = ["city", "source"]
    list_select_related = ["source", "municipality_code_source"]
    inlines = [LocationFactInline]


@admin.register(LocationFact)
class LocationFactAdmin(SimpleHistoryAdmin):
    list_display = ["location", "code", "value", "text", "unit", "period_start", "period_end", "source"]
    search_fields = ["location__slug", "code", "text", "source_quote", "note"]
    list_filter = ["location", "code", "unit", "source"]
    list_select_related = ["location", "source"]
