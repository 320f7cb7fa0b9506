"""The CSV fast path (rows from values_list) writes the serializer path's bytes, in both dialects."""

import csv
import datetime as dt
import io
import random
from decimal import Decimal

import pytest
from django.db.models import QuerySet

from jobcenter_api.api.fields import NumberField
from jobcenter_api.downloads import mixins as downloads
from jobcenter_api.downloads.mixins import DownloadMixin
from jobcenter_api.downloads.renderers import CSVRenderer, GermanCSVRenderer
from jobcenter_api.readpath.rows import _number
from locations.models import Source
from metrics.models import Indicator, Observation

FAST_LISTS = ["/api/v1/metrics/", "/api/v1/indicators/", "/api/v1/areas/", "/api/v1/sources/", "/api/v1/changes/"]
SERIALIZER_LISTS = [
    "/api/v1/locations/",
    "/api/v1/refugees/",
    "/api/v1/refugees/breakdowns/",
    "/api/v1/budgets/",
    "/api/v1/budgets/categories/",
]
METRICS_QUERIES = [
    "",
    "&lang=en",
    "&ordering=-value",
    "&ordering=year,-id&area=07137,07,DG",
    "&source=kvmyk-pd-380-2017&last=1",
    "&indicator=unemployment_rate&granularity=year",
    "&year=1990",
]


def download(api, url):
    response = api.get(url)
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def serializer_path(monkeypatch):
    monkeypatch.setattr(DownloadMixin, "reads_values", lambda view: False)


@pytest.mark.parametrize("fmt", ["csv", "csv-de"])
@pytest.mark.parametrize("query", METRICS_QUERIES)
def test_metrics_fast_path_writes_the_serializer_paths_bytes(api, awkward_rows, monkeypatch, query, fmt):
    url = f"/api/v1/metrics/?format={fmt}{query}"
    fast = download(api, url)
    serializer_path(monkeypatch)
    assert fast == download(api, url)


@pytest.mark.parametrize("fmt", ["csv", "csv-de"])
@pytest.mark.parametrize("path", FAST_LISTS[1:])
@pytest.mark.parametrize("query", ["", "&lang=en"])
def test_other_lists_fast_path_writes_the_serializer_paths_bytes(api, published, monkeypatch, path, query, fmt):
    url = f"{path}?format={fmt}{query}"
    fast = download(api, url)
    serializer_path(monkeypatch)
    assert fast == download(api, url)


def test_fast_path_serves_lists_of_columns_only(api, published, monkeypatch):
    taken = {}
    fast_rows = downloads.csv_lines

    def recording(serializer, queryset, **kwargs):
        taken[queryset.model._meta.label] = True
        return fast_rows(serializer, queryset, **kwargs)

    monkeypatch.setattr(downloads, "csv_lines", recording)
    for path in FAST_LISTS + SERIALIZER_LISTS:
        download(api, f"{path}?format=csv")
    assert list(taken) == [
        "metrics.Observation", "metrics.Indicator", "locations.Area", "locations.Source", "publishing.Change",
    ]  # fmt: skip


def test_a_source_created_after_the_sources_were_read_is_read_on_its_first_row(api, published, monkeypatch):
    """The fast path reads the sources before the rows: one published in between must not break the download."""
    read_sources = QuerySet.in_bulk
    staff = Indicator.objects.get(code="staff")

    def publish_after_reading(queryset, *args, **kwargs):
        rows = read_sources(queryset, *args, **kwargs)
        if queryset.model is Source and not Source.objects.filter(pk="late-source").exists():
            late = Source.objects.create(
                id="late-source", title="Spät", publisher="Kreis", url="https://example.org/late"
            )
            Observation.objects.create(
                indicator=staff, area_id="07137", period_start=dt.date(1995, 1, 1), period_end=dt.date(1995, 12, 31),
                value=Decimal("7"), source=late,
            )  # fmt: skip
        return rows

    monkeypatch.setattr(QuerySet, "in_bulk", publish_after_reading)
    url = "/api/v1/metrics/?format=csv&ordering=year"
    fast = download(api, url)
    assert b"late-source" in fast
    serializer_path(monkeypatch)
    assert fast == download(api, url)


def test_a_vintage_keeps_the_serializer_path(api, published, monkeypatch):
    monkeypatch.setattr(downloads, "csv_lines", pytest.fail)
    assert download(api, f"/api/v1/metrics/?format=csv&as_of={dt.date.today().isoformat()}").count(b"\r\n") > 1


@pytest.mark.parametrize("renderer", [CSVRenderer(), GermanCSVRenderer()])
def test_quoting_equals_the_csv_modules(renderer):
    texts = ["", "plain", "a,b", "a;b", 'say "rund"', "line\nbreak", "cr\rlf", " space ", "2,5", "3.3", "\ufeffbom"]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=renderer.delimiter, lineterminator="\r\n").writerow([*texts, "end"])
    assert renderer.delimiter.join(map(renderer.quote, [*texts, "end"])) + "\r\n" == buffer.getvalue()


@pytest.mark.parametrize("renderer", [CSVRenderer(), GermanCSVRenderer()])
def test_numbers_are_written_as_the_serializer_writes_them(renderer):
    field = NumberField()
    serializer_way = lambda value: renderer.cell(field.to_representation(value))  # noqa: E731
    fast_way = _number(renderer, serializer_way)
    rng = random.Random(5)
    values = [Decimal(text) for text in ("0", "-0.0000", "0.0001", "80000000.0000", "-23.9000", "1E+7", "100")]
    for digits in range(1, 19):
        for _ in range(200):
            unscaled = rng.randrange(10 ** (digits - 1), 10**digits) * rng.choice((1, -1))
            values.append(Decimal(unscaled).scaleb(-4))
    for value in values:
        assert fast_way(value) == serializer_way(value), value
