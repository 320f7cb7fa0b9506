"""A list's `count`: exact for small results, the planner's estimate beyond the threshold on PostgreSQL."""

import pytest
from django.core.cache import cache
from django.db import connection

from jobcenter_api import counting
from tests.test_query_counts import make_observations


@pytest.fixture(autouse=True)
def small_threshold(monkeypatch):
    monkeypatch.setattr(counting, "EXACT_COUNT_LIMIT", 50)
    cache.clear()


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
    # version, bounded count, EXPLAIN, rows
    with django_assert_num_queries(4) as captured:
        count = api.get("/api/v1/metrics/").json()["count"]
    assert any(query["sql"].startswith("EXPLAIN") for query in captured.captured_queries)
    assert not any("COUNT(*)" in query["sql"] and "LIMIT" not in query["sql"] for query in captured.captured_queries)
    assert 0.9 * 300 <= count <= 1.1 * 300


def test_count_is_exact_on_sqlite_whatever_the_size(db, api):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: it has no planner estimate to use")
    make_observations(300)
    assert api.get("/api/v1/metrics/").json()["count"] == 300
