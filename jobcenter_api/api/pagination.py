"""Limit/offset pagination that rejects bad values instead of ignoring them.

On a large table `count` is an estimate (see jobcenter_api.readpath.counting).
"""

from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.utils.urls import replace_query_param

from jobcenter_api.http.caching import request_version
from jobcenter_api.readpath.counting import cached_count

MAX_OFFSET = 1_000_000_000


class WholeNumberField(serializers.IntegerField):
    """An integer written as one: DRF's IntegerField would take "5.0", the schema says integer."""

    def to_internal_value(self, data: object) -> int:
        if isinstance(data, str) and not data.lstrip("-").isdigit():
            self.fail("invalid")
        return super().to_internal_value(data)


class PageQuerySerializer(serializers.Serializer):
    """A list's `limit` and `offset` query parameters."""

    limit = WholeNumberField(min_value=1, required=False)
    offset = WholeNumberField(min_value=0, max_value=MAX_OFFSET, required=False)


# Built once: run_validation() keeps nothing of a request on the serializer, and building
# fields for every request was ~1 % of a page.
PAGE_QUERY = PageQuerySerializer()


class StrictLimitOffsetPagination(LimitOffsetPagination):
    default_limit = 100
    max_limit = 1000

    def page_query(self, request: Request) -> dict[str, int]:
        """The validated `limit` and `offset` of the request, parsed once (a paginator serves one view)."""
        if getattr(self, "parsed_request", None) is not request:
            params = request.query_params
            given = self.limit_query_param in params or self.offset_query_param in params
            # Most pages name neither: no serializer to run.
            self.parsed_request, self.parsed_query = request, PAGE_QUERY.run_validation(params) if given else {}
        return self.parsed_query

    def get_limit(self, request: Request) -> int:
        limit = self.page_query(request).get(self.limit_query_param)
        return self.default_limit if limit is None else min(limit, self.max_limit)

    def get_schema_operation_parameters(self, view: object) -> list[dict]:
        """The bounds the parameters are validated against, so clients and fuzzers know them."""
        bounds = {
            self.limit_query_param: {"minimum": 1, "default": self.default_limit},
            self.offset_query_param: {"minimum": 0, "maximum": MAX_OFFSET, "default": 0},
        }
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"].update(bounds[parameter["name"]])
            if parameter["name"] == self.limit_query_param:
                parameter["description"] = f"Number of results to return per page (at most {self.max_limit})."
        return parameters

    def get_offset(self, request: Request) -> int:
        return self.page_query(request).get(self.offset_query_param, 0)

    def get_count(self, queryset: object) -> int:
        self.count_estimated = False
        if not isinstance(queryset, QuerySet):
            return super().get_count(queryset)
        request = self.request
        count = cached_count(queryset, version=request_version(request).token, query_key=self.count_key(request))
        self.count_estimated = count.estimated
        return count.rows

    def count_key(self, request: Request | HttpRequest) -> str:
        """The list a request counts: its path and every parameter but the page's.

        A view's rows follow from its path, its query parameters and the data version alone:
        the response cache keys whole answers, count included, on the same.
        """
        page = (self.limit_query_param, self.offset_query_param)
        return f"{request.path}?{urlencode(sorted((k, v) for k, v in request.GET.items() if k not in page))}"

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: object = None, *, rows: QuerySet | None = None
    ) -> list | None:
        """One page of `queryset`, read from `rows` where given: the same rows as `values_list()` tuples.

        DRF's own steps, except that an estimated count never hides a page: an estimate
        may fall short of the real end, so the page is read anyway.
        """
        self.request = request
        self.limit = self.get_limit(request)
        self.count = self.get_count(queryset)
        self.offset = self.get_offset(request)
        if self.count > self.limit and self.template is not None:
            self.display_page_controls = True
        if (self.count == 0 or self.offset > self.count) and not self.count_estimated:
            page = []
        else:
            page = list((queryset if rows is None else rows)[self.offset : self.offset + self.limit])
        self.page_full = len(page) == self.limit
        return page

    def get_next_link(self) -> str | None:
        if self.count_estimated and self.page_full:
            url = replace_query_param(self.request.build_absolute_uri(), self.limit_query_param, self.limit)
            return replace_query_param(url, self.offset_query_param, self.offset + self.limit)
        return super().get_next_link()
