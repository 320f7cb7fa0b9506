from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from jobcenter_api.api.base import StrictAPIView
from jobcenter_api.db.replicas import replica_pool

COLLECTIONS = {
    "indicators": "indicator-list",
    "areas": "area-list",
    "metrics": "observation-list",
    "years": "year-list",
    "locations": "location-list",
    "refugees": "refugee-caseload-list",
    "refugee_breakdowns": "refugee-breakdown-list",
    "budgets": "budget-list",
    "budget_categories": "budget-category-list",
    "sources": "source-list",
    "catalog": "catalog",
    "datapackage": "datapackage",
    "changes": "change-list",
    "releases": "release-list",
    "release_calendar": "release-calendar",
}


class RootView(StrictAPIView):
    """The entry point: where everything is, who publishes it, under which license."""

    @extend_schema(
        tags=["catalogue"],
        summary="API root: links to every collection, the publisher and the license",
        responses=inline_serializer(
            "Root",
            {
                "title": serializers.CharField(),
                "publisher": serializers.CharField(),
                "license": inline_serializer(
                    "License",
                    {"name": serializers.CharField(), "id": serializers.CharField(), "url": serializers.URLField()},
                ),
                "collections": serializers.DictField(child=serializers.URLField()),
                "docs": serializers.URLField(),
                "schema": serializers.URLField(),
                "publication_policy": serializers.URLField(),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        return Response(
            {
                "title": settings.SPECTACULAR_SETTINGS["TITLE"],
                "publisher": settings.PUBLISHER,
                "license": {"name": settings.LICENSE_NAME, "id": settings.LICENSE_ID, "url": settings.LICENSE_URL},
                "collections": {name: reverse(route, request=request) for name, route in COLLECTIONS.items()},
                "docs": reverse("swagger-ui", request=request),
                "schema": reverse("schema", request=request),
                "publication_policy": reverse("publication-policy", request=request),
            }
        )


def healthz(request: HttpRequest) -> JsonResponse:
    """Alive: the process answers. Says nothing about the database."""
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> JsonResponse:
    """Ready: the primary answers a query, else 503 so a balancer routes elsewhere.

    Each read replica is reported with its lag; one that is down or late only leaves the
    rotation (reads go to the others or the primary), so it never makes this process unready.
    """
    try:
        with connection.cursor() as cursor:  # always the primary
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse(
            {
                "status": "unavailable",
                "detail": "The database does not answer.",
                "databases": {DEFAULT_DB_ALIAS: {"status": "unavailable"}},
            },
            status=503,
        )
    databases: dict[str, dict] = {DEFAULT_DB_ALIAS: {"status": "ok"}}
    max_lag = replica_pool.max_lag
    for alias, health in replica_pool.current().items():
        databases[alias] = {
            "status": health.status(max_lag),
            "lag_seconds": None if health.lag_seconds is None else round(health.lag_seconds, 3),
            "in_rotation": health.in_rotation(max_lag),
            **({"error": health.error} if health.error else {}),
        }
    degraded = any(database["status"] != "ok" for database in databases.values())
    return JsonResponse({"status": "degraded" if degraded else "ok", "databases": databases})
