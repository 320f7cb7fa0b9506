"""Releases in the admin: what the API allows, no more (a published or cancelled release keeps its moment)."""

from django.contrib import admin
from django.http import HttpRequest

from publishing.models import Release, ReleaseStatus


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ["id", "title_de", "scheduled_at", "status", "sequence"]
    search_fields = ["title_de", "title_en"]
    filter_horizontal = ["indicators"]
    readonly_fields = ["sequence", "cancelled_at"]

    def is_settled(self, release: Release | None) -> bool:
        """Published or cancelled: moving or deleting it would unpublish figures or leak the embargo's end."""
        return release is not None and release.status != ReleaseStatus.SCHEDULED

    def get_readonly_fields(self, request: HttpRequest, obj: Release | None = None) -> list[str]:
        if self.is_settled(obj):  # its titles and descriptions can still be corrected, as through the API
            return [*self.readonly_fields, "scheduled_at", "indicators"]
        return self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: Release | None = None) -> bool:
        return not self.is_settled(obj) and super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Release, form: object, change: bool) -> None:
        if change and "scheduled_at" in form.changed_data:
            obj.sequence += 1  # a calendar subscriber's event is replaced, not duplicated
        super().save_model(request, obj, form, change)
