from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from jobcenter_api.api.base import StrictAPIView

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
            }
        )


def healthz(request: HttpRequest) -> JsonResponse:
    """Alive: the process answers. Says nothing about the database."""
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> JsonResponse:
    """Ready: the database answers a query, else 503 so a balancer routes elsewhere."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "detail": "The database does not answer."}, status=503)
    return JsonResponse({"status": "ok"})
