"""The change log as an Atom feed (Django's syndication framework), with the list's filters."""

import datetime as dt
import json

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from jobcenter_api.api.base import query_param_errors
from jobcenter_api.readpath.embargo import public
from publishing.filtersets import ChangeFilterSet
from publishing.models import Change, Resource

FEED_ITEMS = 100


class ChangeFeed(Feed):
    feed_type = Atom1Feed
    title = "Jobcenter Mayen-Koblenz open data: changes"
    subtitle = "Every create, update and delete of published figures, newest first."
    author_name = "Jobcenter Mayen-Koblenz"

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            response = JsonResponse({"detail": f'Method "{request.method}" not allowed.'}, status=405)
            response["Allow"] = "GET, HEAD"
            return response
        unknown = query_param_errors(set(ChangeFilterSet.base_filters), request.GET)
        filterset = ChangeFilterSet(request.GET, queryset=public(Change.objects.order_by("-changed_at", "-id")))
        if unknown or not filterset.is_valid():
            return JsonResponse({**unknown, **filterset.errors}, status=400)
        self.changes = filterset.qs
        return super().__call__(request, *args, **kwargs)

    def link(self) -> str:
        return reverse("change-list")

    def feed_url(self) -> str:
        return reverse("change-feed")

    def items(self) -> QuerySet:
        return self.changes[:FEED_ITEMS]

    def item_title(self, item: Change) -> str:
        return f"{item.resource} {item.object_id} {item.action}"

    def item_description(self, item: Change) -> str:
        return json.dumps(item.changes, ensure_ascii=False, sort_keys=True)

    def item_link(self, item: Change) -> str:
        if item.resource == Resource.LOCATION_FACTS:  # shown inside their site, no URL of their own
            return f"{reverse('change-list')}?resource={item.resource}"
        return f"/api/v1/{item.resource}/{item.object_id}/"

    def item_guid(self, item: Change) -> str:
        return f"change-{item.pk}"

    def item_pubdate(self, item: Change) -> dt.datetime:
        return item.changed_at

    def item_updateddate(self, item: Change) -> dt.datetime:
        return item.changed_at
