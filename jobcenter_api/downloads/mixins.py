"""Every list also as a download (CSV, csv-de, XLSX; GeoJSON where a view adds it).

A download holds every row the filters keep, not one page: the pagination parameters
are still validated, then ignored. Rows go through the list's own serializer, one at a
time from `queryset.iterator()`, so a cell equals the JSON value and memory stays flat.
A list whose view declares `rows = VALUES` reads its JSON pages and CSV downloads with
`values_list()` instead, by its read plan (jobcenter_api.readpath.plan and .rows); a vintage
(`as_of`) and XLSX keep the serializer.
"""

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponseBase
from django.utils.cache import patch_vary_headers
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from jobcenter_api.api.pagination import StrictLimitOffsetPagination
from jobcenter_api.downloads.jsonstat import JSONStatRenderer
from jobcenter_api.downloads.renderers import (
    DOWNLOAD_RENDERERS,
    CSVRenderer,
    DownloadRenderer,
    JSONRenderer,
    Row,
    columns_of,
)
from jobcenter_api.downloads.sdmx import SDMXCSVRenderer
from jobcenter_api.http.caching import request_version
from jobcenter_api.http.language import data_language, in_data_language
from jobcenter_api.readpath.plan import SERIALIZER, VALUES
from jobcenter_api.readpath.rows import csv_lines, json_rows
from jobcenter_api.readpath.vintages import attach_vintage_relations

ITERATOR_CHUNK_SIZE = 500
#: The statisticians' formats, for lists of observations (metrics, series).
STATISTICAL_RENDERERS: tuple[type[DownloadRenderer], ...] = (JSONStatRenderer, SDMXCSVRenderer)


# Adds the download formats to a view's list action and answers them with a file. A comment,
# not a docstring: drf-spectacular would print a docstring as every endpoint's description.
class DownloadMixin:
    #: Formats beyond CSV, csv-de and XLSX for this list (e.g. GeoJSON for the sites).
    extra_download_renderers: tuple[type[DownloadRenderer], ...] = ()
    #: VALUES: the list's JSON pages and CSV downloads are read with values_list() by its read plan
    #: (checked at start-up: jobcenter_api.readpath.checks); SERIALIZER: through the serializer.
    rows: str = SERIALIZER

    def offers_downloads(self) -> bool:
        return getattr(self, "action", None) == "list"

    def get_renderers(self) -> list[BaseRenderer]:
        renderers = super().get_renderers()
        if self.offers_downloads():
            renderers += [cls() for cls in (*DOWNLOAD_RENDERERS, *self.extra_download_renderers)]
        return renderers

    def wants_download(self) -> bool:
        return isinstance(getattr(self.request, "accepted_renderer", None), DownloadRenderer)

    def list(self, request: Request, *args, **kwargs) -> HttpResponseBase:
        queryset = self.filter_queryset(self.get_queryset())
        if self.wants_download():
            return self.download(queryset)
        if self.reads_values() and isinstance(self.paginator, StrictLimitOffsetPagination):
            rows = json_rows(self.get_serializer(), queryset, version=request_version(request).token)
            page = self.paginator.paginate_queryset(queryset, request, view=self, rows=rows.queryset)
            return self.get_paginated_response([rows.represent(values) for values in page])
        page = self.paginate_queryset(queryset)
        if page is None:
            return Response(self.get_serializer(queryset, many=True).data)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def reads_values(self) -> bool:
        """Whether this request's list is read with values_list(): declared, and not a vintage."""
        return self.rows == VALUES and self.as_of() is None

    def download(
        self, rows: Iterable[Any], serializer: serializers.Serializer | None = None, *, name: str = ""
    ) -> HttpResponseBase:
        """Every row of `rows` (model instances or dicts) in the negotiated download format."""
        renderer = self.download_renderer()
        if hasattr(renderer, "queryset_response"):
            # JSON-stat and SDMX-CSV read the observations themselves (jobcenter_api.downloads.statistical).
            return renderer.queryset_response(rows, request=self.request, name=self.download_name(name))
        own_serializer = serializer is None
        serializer = serializer or self.get_serializer()
        if own_serializer and isinstance(rows, QuerySet) and isinstance(renderer, CSVRenderer) and self.reads_values():
            version = request_version(self.request).token
            lines = csv_lines(serializer, rows, renderer=renderer, version=version, chunk_size=ITERATOR_CHUNK_SIZE)
            return renderer.lines_response(columns=columns_of(serializer), lines=lines, name=self.download_name(name))
        if isinstance(rows, QuerySet):
            iterator = rows.iterator(chunk_size=ITERATOR_CHUNK_SIZE)
            if hasattr(rows.model, "instance_type"):
                # A vintage (simple-history's as_of): iterator() skips its turning records into instances.
                iterator = (record.instance for record in iterator)
            rows = self.with_vintage_relations(iterator)
        represented: Iterable[Row] = (serializer.to_representation(row) for row in rows)
        return self.download_rows(columns=columns_of(serializer), rows=represented, name=name)

    def refuse_statistical_format(self, parameter: str, reason: str) -> None:
        """A 400 naming `parameter` where it makes JSON-stat or SDMX-CSV impossible."""
        if isinstance(getattr(self.request, "accepted_renderer", None), STATISTICAL_RENDERERS):
            raise ValidationError({parameter: [reason]})

    def with_vintage_relations(self, rows: Iterator[Any]) -> Iterator[Any]:
        """With `as_of`, give each chunk of vintage rows its related rows of the same vintage."""
        when = self.as_of()
        if when is None:
            yield from rows
            return
        while chunk := list(islice(rows, ITERATOR_CHUNK_SIZE)):
            attach_vintage_relations(
                chunk,
                when,
                parents=getattr(self, "vintage_parents", {}),
                children=getattr(self, "vintage_children", {}),
            )
            yield from chunk

    def as_of(self) -> dt.datetime | None:
        """The vintage asked for, on views that serve vintages."""
        return self.get_as_of() if hasattr(self, "get_as_of") else None

    def download_renderer(self) -> DownloadRenderer:
        """The negotiated download format, once the pagination parameters it ignores are found valid."""
        paginator = getattr(self, "paginator", None)
        if paginator is not None:
            paginator.get_limit(self.request)
            paginator.get_offset(self.request)
        return self.request.accepted_renderer

    def download_name(self, name: str = "") -> str:
        return name or self.request.path.removeprefix("/api/v1/").strip("/").replace("/", "-")

    def download_rows(self, *, columns: Sequence[str], rows: Iterable[Row], name: str = "") -> HttpResponseBase:
        """Rows already in their JSON form, as the negotiated download; names stay in this request's language."""
        return self.download_renderer().response(
            columns=columns, rows=in_data_language(rows, data_language()), name=self.download_name(name)
        )

    def answer_in_json(self) -> None:
        if isinstance(getattr(self.request, "accepted_renderer", None), DownloadRenderer):
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type

    def handle_exception(self, exc: Exception) -> Response:
        """Errors stay JSON whatever format was asked for."""
        response = super().handle_exception(exc)
        self.answer_in_json()
        return response

    def options(self, request: Request, *args, **kwargs) -> Response:
        """The endpoint's description (OPTIONS) is JSON whatever format was asked for."""
        self.answer_in_json()
        return super().options(request, *args, **kwargs)

    def finalize_response(self, request: Request, response: HttpResponseBase, *args, **kwargs) -> HttpResponseBase:
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.offers_downloads():
            patch_vary_headers(response, ("Accept",))
        return response
