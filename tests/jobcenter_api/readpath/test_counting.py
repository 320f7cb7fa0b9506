"""A list's `count`: exact for small results, the planner's estimate beyond the threshold on PostgreSQL."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection

from dataversion.services import bump_version
from jobcenter_api.readpath import counting
from metrics.models import Observation
from tests.jobcenter_api.readpath.test_query_counts import make_observations as make_rows


@pytest.fixture(autouse=True)
def small_threshold(monkeypatch):
    monkeypatch.setattr(counting, "EXACT_COUNT_LIMIT", 50)
    cache.clear()


def make_observations(n: int) -> None:
    make_rows(n)
    bump_version()  # bulk_create sends no signals; bulk writes bump the version themselves


def analyze() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE metrics_observation")


def test_count_is_exact_below_the_threshold(db, api):
    make_observations(300)
    analyze()
    assert api.get("/api/v1/metrics/?year=1901").json()["count"] == 3


@pytest.mark.postgres
def test_count_beyond_the_threshold_is_the_planners_estimate(db, api, django_assert_num_queries):
    make_observations(300)
    analyze()
    # version, bounded count, EXPLAIN, rows, and the citations' sources (once per data version)
    with django_assert_num_queries(5) as captured:
        count = api.get("/api/v1/metrics/").json()["count"]
    assert any(query["sql"].startswith("EXPLAIN") for query in captured.captured_queries)
    assert not any("COUNT(*)" in query["sql"] and "LIMIT" not in query["sql"] for query in captured.captured_queries)
    assert 0.9 * 300 <= count <= 1.1 * 300


def test_count_is_exact_on_sqlite_whatever_the_size(db, api):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: it has no planner estimate to use")
    make_observations(300)
    assert api.get("/api/v1/metrics/").json()["count"] == 300


def test_paging_on_counts_the_result_once(db, api, django_assert_num_queries):
    make_observations(30)
    first = api.get("/api/v1/metrics/?limit=10").json()
    # the data version and the page: the count is remembered
    with django_assert_num_queries(2):
        second = api.get("/api/v1/metrics/?limit=10&offset=10").json()
    assert second["count"] == first["count"] == 30


def test_a_write_counts_anew(db, api):
    make_observations(30)
    assert api.get("/api/v1/metrics/?limit=10").json()["count"] == 30
    observation = Observation.objects.first()
    observation.pk = None
    observation.period_end = dt.date(observation.year, 12, 30)
    observation.save()
    assert api.get("/api/v1/metrics/?limit=10&offset=10").json()["count"] == 31


@pytest.mark.postgres
def test_an_estimate_short_of_the_end_still_shows_the_last_pages(db, api, monkeypatch):
    make_observations(300)
    monkeypatch.setattr(counting, "planner_estimate", lambda queryset: 150)
    body = api.get("/api/v1/metrics/?limit=100&offset=200").json()
    assert body["count"] == 150
    assert len(body["results"]) == 100
    assert "offset=300" in body["next"]
    assert api.get("/api/v1/metrics/?limit=100&offset=300").json()["results"] == []


def test_a_list_is_counted_once_whatever_its_page_and_parameter_order(db, api, django_assert_num_queries):
    make_observations(30)
    first = api.get("/api/v1/metrics/?year_max=1902&limit=2").json()
    # the data version and the page: the count is remembered for these filters
    with django_assert_num_queries(2):
        second = api.get("/api/v1/metrics/?offset=1&limit=1&year_max=1902").json()
    assert second["count"] == first["count"] == 3


def test_each_filter_path_and_vintage_counts_its_own_rows(db, api):
    make_observations(30)
    assert api.get("/api/v1/metrics/?limit=1").json()["count"] == 30
    assert api.get("/api/v1/metrics/?limit=1&year_max=1902").json()["count"] == 3
    assert api.get("/api/v1/metrics/?limit=1&as_of=2000-01-01").json()["count"] == 0
    assert api.get("/api/v1/areas/?limit=1").json()["count"] == 30
