"""A JSON list page read with values_list() by its read plan (readpath.rows) equals the serializer's page."""

import pytest
from django.db import models
from rest_framework import serializers
from rest_framework.request import Request

from jobcenter_api.api.fields import NumberField
from jobcenter_api.downloads import mixins as downloads
from jobcenter_api.downloads.mixins import DownloadMixin
from jobcenter_api.downloads.renderers import GermanCSVRenderer, columns_of, flatten
from jobcenter_api.readpath import rows as rows_module
from jobcenter_api.readpath.plan import KEY_MARK, _filler, json_writer
from jobcenter_api.readpath.rows import csv_lines, json_rows
from locations.models import Source
from metrics.api.serializers import PermalinkField
from metrics.models import Observation
from tests.jobcenter_api.readpath.test_csv_rows import SERIALIZER_LISTS  # lists with nested or computed fields

#: Lists whose every field is a column or a templated field: their pages skip model instances.
VALUE_ROW_LISTS = ["/api/v1/metrics/", "/api/v1/indicators/", "/api/v1/areas/", "/api/v1/sources/", "/api/v1/changes/"]
METRICS_QUERIES = [
    "limit=1000",
    "lang=en",
    "ordering=-value&limit=7&offset=3",
    "ordering=year,-id&area=07137,07,DG",
    "source=kvmyk-pd-380-2017&last=1",
    "indicator=unemployment_rate&granularity=year",
    "year=1990",
    "offset=100000",
]


@pytest.fixture
def path_taken(monkeypatch):
    """The list requests that read their page with values_list() (True each); the serializer's add nothing."""
    taken = []
    original = downloads.json_rows

    def spy(serializer, queryset, **kwargs):
        taken.append(True)
        return original(serializer, queryset, **kwargs)

    monkeypatch.setattr(downloads, "json_rows", spy)
    return taken


def through_the_serializer(patch):
    """Every list reads its rows through its serializer, declared or not."""
    patch.setattr(DownloadMixin, "reads_values", lambda view: False)


def serializer_page(api, monkeypatch, url):
    with monkeypatch.context() as patch:
        through_the_serializer(patch)
        response = api.get(url)
    assert response.status_code == 200, response.content
    return response.content


def page(api, url):
    response = api.get(url)
    assert response.status_code == 200, response.content
    return response.content


@pytest.mark.parametrize("query", METRICS_QUERIES)
def test_metrics_page_from_values_equals_the_serializers_bytes(api, awkward_rows, monkeypatch, path_taken, query):
    url = f"/api/v1/metrics/?{query}"
    fast = page(api, url)
    assert path_taken == [True]
    assert fast == serializer_page(api, monkeypatch, url)


@pytest.mark.parametrize("path", VALUE_ROW_LISTS[1:])
@pytest.mark.parametrize("query", ["", "?lang=en", "?limit=2&offset=1"])
def test_other_pages_from_values_equal_the_serializers_bytes(api, published, monkeypatch, path_taken, path, query):
    fast = page(api, f"{path}{query}")
    assert path_taken == [True]
    assert fast == serializer_page(api, monkeypatch, f"{path}{query}")


@pytest.mark.parametrize("path", SERIALIZER_LISTS)
def test_lists_with_nested_fields_keep_the_serializer(api, published, path_taken, path):
    page(api, path)
    assert path_taken == []


def test_a_vintage_keeps_the_serializer(api, published, path_taken):
    page(api, "/api/v1/metrics/?as_of=2030-01-01")
    assert path_taken == []


def test_a_citation_page_names_each_rows_own_permalink(api, published):
    rows = api.get("/api/v1/metrics/?limit=1000").json()["results"]
    assert len({row["cite"]["permalink"] for row in rows}) == len(rows)
    for row in rows:
        assert row["cite"]["permalink"] == row["permalink"]
        assert row["permalink"].endswith(f"/api/v1/metrics/{row['id']}/")
        assert row["permalink"] in row["cite"]["text"]


def test_a_template_fills_in_every_occurrence_of_the_key():
    fill = _filler({"link": f"/x/{KEY_MARK}/", "text": f"{KEY_MARK} and {KEY_MARK}", "n": 3, "none": None})
    assert fill("42") == {"link": "/x/42/", "text": "42 and 42", "n": 3, "none": None}
    assert fill("7")["link"] == "/x/7/"
    assert _filler({"nested": {"link": KEY_MARK}}) is None
    assert _filler(f"a{KEY_MARK}b")("1") == "a1b"


def test_a_citations_sources_are_read_once_per_data_version(api, published, django_assert_num_queries):
    api.get("/api/v1/metrics/?limit=5")
    with django_assert_num_queries(2):  # the data version and the page: count and sources are this version's
        response = api.get("/api/v1/metrics/?limit=5", HTTP_ACCEPT="application/json; q=0.9")
    assert response.status_code == 200
    source = Source.objects.get(pk="kvmyk-pd-380-2017")
    source.title = "Ein neuer Titel"
    source.save()
    with django_assert_num_queries(4):  # version, the sources anew (for the code check and citations), count, page
        rows = api.get("/api/v1/metrics/?limit=1000&source=kvmyk-pd-380-2017").json()["results"]
    assert {row["cite"]["title"] for row in rows} == {"Ein neuer Titel"}


def test_a_row_plan_is_worked_out_once_for_the_requests_it_fits(api, published, monkeypatch, path_taken):
    built = []
    original = rows_module.plan
    monkeypatch.setattr(rows_module, "plan", lambda *args, **kwargs: built.append(args[1]) or original(*args, **kwargs))
    for query in ("limit=5", "area=07137", "year=2017&limit=2", "ordering=-value"):
        page(api, f"/api/v1/metrics/?{query}")
    assert path_taken == [True] * 4
    assert len(built) == 1


@pytest.mark.parametrize("path", ["/api/v1/metrics/", "/api/v1/indicators/"])
def test_a_kept_row_plan_answers_each_language_and_site_as_the_serializer(api, published, monkeypatch, path):
    for lang, host in [("en", "testserver"), ("de", "testserver"), ("en", "localhost"), ("de", "localhost")]:
        url = f"{path}?lang={lang}"
        fast = api.get(url, HTTP_HOST=host)
        with monkeypatch.context() as patch:
            through_the_serializer(patch)
            slow = api.get(url, HTTP_HOST=host)
        assert fast.status_code == slow.status_code == 200
        assert fast.content == slow.content
        if path == "/api/v1/metrics/":
            assert fast.json()["results"][0]["permalink"].startswith(f"http://{host}/")


def test_a_write_works_out_a_new_row_plan(api, published):
    before = api.get("/api/v1/metrics/?source=kvmyk-pd-380-2017&limit=1").json()["results"][0]
    source = Source.objects.get(pk="kvmyk-pd-380-2017")
    source.publisher = "Ein neuer Herausgeber"
    source.save()
    after = api.get("/api/v1/metrics/?source=kvmyk-pd-380-2017&limit=1").json()["results"][0]
    assert before["cite"]["publisher"] != after["cite"]["publisher"] == "Ein neuer Herausgeber"
    assert after["cite"]["text"].startswith("Ein neuer Herausgeber: ")


@pytest.mark.parametrize("coerce_to_string", [None, False, True])
@pytest.mark.parametrize("value", [0, 7, 2**63 - 1, None])
def test_a_big_integer_is_written_as_its_field_writes_it(coerce_to_string, value):
    field = serializers.BigIntegerField(coerce_to_string=coerce_to_string)
    write = json_writer(field, models.BigIntegerField()) or (lambda stored: stored)
    written = None if value is None else write(value)
    expected = None if value is None else field.to_representation(value)
    assert written == expected
    assert type(written) is type(expected)


def test_a_big_integer_written_as_text_is_not_passed_through():
    assert json_writer(serializers.BigIntegerField(coerce_to_string=True), models.BigIntegerField()) is not None
    assert json_writer(serializers.BigIntegerField(), models.BigIntegerField()) is None


class PermalinkFirstSerializer(serializers.ModelSerializer):
    """Fields in an order the real lists never have: a templated field first, two fields on one column."""

    permalink = PermalinkField("observation-detail")
    value = NumberField()
    area_code = serializers.CharField(source="area_id")

    class Meta:
        model = Observation
        fields = ["permalink", "id", "area", "value", "area_code", "period_end"]


def test_a_plan_keeps_the_serializers_field_order_wherever_its_fields_stand(published, rf):
    serializer = PermalinkFirstSerializer(context={"request": Request(rf.get("/api/v1/metrics/"))})
    queryset = Observation.objects.order_by("id")
    expected = [serializer.to_representation(observation) for observation in queryset]
    rows = json_rows(serializer, queryset, version="a-version")
    assert [list(rows.represent(values).items()) for values in rows.queryset] == [list(row.items()) for row in expected]
    renderer = GermanCSVRenderer()
    columns = columns_of(serializer)
    cells = ([renderer.cell(flatten(row).get(column)) for column in columns] for row in expected)
    lines = csv_lines(serializer, queryset, renderer=renderer, version="a-version", chunk_size=10)
    assert list(lines) == list(renderer.lines(cells))
