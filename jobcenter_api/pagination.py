"""Limit/offset pagination that rejects bad values instead of ignoring them.

On a large table `count` is an estimate (see jobcenter_api.counting).
"""

from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

from jobcenter_api.counting import fast_count

MAX_OFFSET = 1_000_000_000


class StrictLimitOffsetPagination(LimitOffsetPagination):
    default_limit = 100
    max_limit = 1000

    def _param(self, request: Request, name: str, field: serializers.IntegerField) -> int | None:
        raw = request.query_params.get(name)
        if raw is None or raw == "":
            return None
        try:
            return field.run_validation(raw)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({name: exc.detail}) from exc

    def get_limit(self, request: Request) -> int:
        limit = self._param(request, self.limit_query_param, serializers.IntegerField(min_value=1))
        return self.default_limit if limit is None else min(limit, self.max_limit)

    def get_offset(self, request: Request) -> int:
        offset = self._param(
            request, self.offset_query_param, serializers.IntegerField(min_value=0, max_value=MAX_OFFSET)
        )
        return offset or 0

    def get_count(self, queryset: object) -> int:
        if isinstance(queryset, QuerySet):
            return fast_count(queryset)
        return super().get_count(queryset)
