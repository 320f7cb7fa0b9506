"""Baselines for `make bench`, served by the same gunicorn as the API: never used by the API."""

import time
from collections.abc import Iterator

from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import generics, serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.renderers import JSONRenderer

from metrics.models import Observation

FIELDS = (
    "id", "indicator", "area", "year", "period_start", "period_end", "value", "unit", "qualifier", "derived",
    "source", "source_quote", "note", "granularity",
)  # fmt: skip
ORDER = ("indicator_id", "area_id", "period_start", "period_end", "id")
PAGE = 100


def bare_metrics(request: HttpRequest) -> JsonResponse:
    """The first page of observations, straight from the ORM into JsonResponse."""
    rows = list(Observation.objects.order_by(*ORDER).values(*FIELDS)[:PAGE])
    return JsonResponse({"results": rows})


class NaiveObservationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Observation
        fields = FIELDS


class NaiveObservationList(generics.ListAPIView):
    """What a first DRF version would be: ListAPIView, ModelSerializer, django-filter."""

    queryset = Observation.objects.all()
    serializer_class = NaiveObservationSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["indicator", "area", "year"]
    pagination_class = LimitOffsetPagination
    renderer_classes = [JSONRenderer]
    content_negotiation_class = DefaultContentNegotiation


def slow_stream(request: HttpRequest) -> StreamingHttpResponse:
    """A response that streams for longer than gunicorn's timeout (is it cut off?)."""
    seconds = float(request.GET.get("seconds", "8"))

    def lines() -> Iterator[bytes]:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            yield b"tick\n"
            time.sleep(0.5)
        yield b"done\n"

    return StreamingHttpResponse(lines(), content_type="text/plain")
