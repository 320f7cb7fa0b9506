"""Conditional GET and the response cache: keyed by the data version, not the body."""

import datetime as dt
import io
from decimal import Decimal
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils.http import http_date

from dataversion.services import current_version
from metrics.models import Observation
from metrics.models.vocabulary import Qualifier
from tests import endpoints


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def add_observation() -> Observation:
    """A write as the admin or an importer makes it (through save())."""
    template = Observation.objects.get(indicator="staff")
    return Observation.objects.create(
        indicator=template.indicator,
        area=template.area,
        period_start=dt.date(2018, 1, 1),
        period_end=dt.date(2018, 12, 31),
        value=Decimal(230),
        qualifier=Qualifier.EXACT,
        source=template.source,
        source_quote="test",
    )


#: Every read under /api/v1/ (tests/endpoints.py), and a filtered list in English.
READS = [*endpoints.names(api=True), "observation-list?indicator=staff&lang=en"]
#: Reads dated by the data version. The Atom feed dates itself by its newest entry (Django's syndication
#: view sets Last-Modified), written a moment before the import's last version bump.
VERSION_DATED = [read for read in READS if read != "change-feed"]


@pytest.mark.parametrize("read", VERSION_DATED)
def test_every_read_carries_validators_and_cache_headers(api, published, settings, read):
    settings.CACHE_MAX_AGE = 123
    path = endpoints.path(read)
    response = api.get(path)
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"] == http_date(current_version().changed_at.timestamp())
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=123"}
    vary = {v.strip().lower() for v in response["Vary"].split(",")}
    assert {"accept", "accept-language"} <= vary


@pytest.mark.parametrize("read", READS)
def test_matching_if_none_match_gets_empty_304_after_one_query(api, published, django_assert_num_queries, read):
    path = endpoints.path(read)
    etag = api.get(path)["ETag"]
    cache.clear()
    with django_assert_num_queries(1):
        response = api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "public" in response["Cache-Control"]


def test_if_modified_since_gets_304_until_the_data_changes(api, published):
    last_modified = api.get("/api/v1/metrics/")["Last-Modified"]
    assert api.get("/api/v1/metrics/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    a_minute_later = current_version().changed_at + dt.timedelta(minutes=1)
    with mock.patch("dataversion.services.timezone.now", return_value=a_minute_later):
        add_observation()
    response = api.get("/api/v1/metrics/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 200
    assert response["Last-Modified"] == http_date(a_minute_later.timestamp())


def test_etag_differs_per_representation(api, published):
    etags = {
        api.get("/api/v1/indicators/")["ETag"],
        api.get("/api/v1/indicators/?lang=en")["ETag"],
        api.get("/api/v1/indicators/", HTTP_ACCEPT_LANGUAGE="en")["ETag"],
        api.get("/api/v1/indicators/?format=json")["ETag"],
        api.get("/api/v1/indicators/", HTTP_ACCEPT="application/json")["ETag"],
        api.get("/api/v1/indicators/?unit=percent")["ETag"],
        api.get("/api/v1/indicators/", HTTP_HOST="localhost")["ETag"],
    }
    assert len(etags) == 7


def test_same_representation_keeps_its_etag(api, published):
    assert api.get("/api/v1/metrics/")["ETag"] == api.get("/api/v1/metrics/")["ETag"]


def test_a_write_changes_the_etag_and_the_answer(api, published):
    before = api.get("/api/v1/metrics/?indicator=staff")
    observation = add_observation()
    response = api.get("/api/v1/metrics/?indicator=staff", HTTP_IF_NONE_MATCH=before["ETag"])
    assert response.status_code == 200
    assert response["ETag"] != before["ETag"]
    assert observation.pk in {row["id"] for row in response.json()["results"]}
    observation.delete()
    after_delete = api.get("/api/v1/metrics/?indicator=staff", HTTP_IF_NONE_MATCH=response["ETag"])
    assert after_delete.status_code == 200
    assert observation.pk not in {row["id"] for row in after_delete.json()["results"]}


def test_an_import_and_a_management_command_change_the_etag(api, published):
    etag = api.get("/api/v1/areas/")["ETag"]
    call_command("generate_synthetic", observations=5, stdout=io.StringIO())
    response = api.get("/api/v1/areas/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "SYN001" in {area["code"] for area in response.json()["results"]}


def test_a_rolled_back_write_keeps_the_etag(api, published):
    etag = api.get("/api/v1/metrics/")["ETag"]
    with pytest.raises(RuntimeError), transaction.atomic():
        add_observation()
        raise RuntimeError
    assert api.get("/api/v1/metrics/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_cached_answer_costs_one_query_and_equals_the_view(api, published, django_assert_num_queries):
    first = api.get("/api/v1/metrics/?lang=en")
    with django_assert_num_queries(1):
        second = api.get("/api/v1/metrics/?lang=en")
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"]


def test_the_cache_never_serves_data_older_than_the_last_write(api, published):
    api.get("/api/v1/metrics/?indicator=staff")
    observation = add_observation()
    ids = {row["id"] for row in api.get("/api/v1/metrics/?indicator=staff").json()["results"]}
    assert observation.pk in ids


def test_bad_parameters_stay_400_and_are_not_cached(api, published):
    for _ in range(2):
        response = api.get("/api/v1/metrics/?year=abc")
        assert response.status_code == 400
        assert "year" in response.json()
        assert "Cache-Control" not in response


def test_other_paths_and_methods_are_left_alone(api, published):
    assert "ETag" not in api.get("/healthz")
    response = api.post("/api/v1/metrics/", {}, format="json")
    assert "ETag" not in response
    assert "public" not in response.get("Cache-Control", "")
