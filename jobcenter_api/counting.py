"""Counting a list's rows without scanning millions of them on every request.

Below `EXACT_COUNT_LIMIT` rows the count is exact; beyond it, on PostgreSQL, it
is the planner's estimate (from the table statistics that autovacuum keeps), so
a page of a 5-million-row list costs a bounded count and an EXPLAIN, not a scan.
Counts are cached under the data version and the query, so paging through one
result counts it once, and a write counts anew.
"""

import hashlib
import json
from typing import NamedTuple

from django.core.cache import cache
from django.db import connections
from django.db.models import QuerySet

from jobcenter_api.caching import quietly

EXACT_COUNT_LIMIT = 10_000
COUNT_CACHE_TIMEOUT = 3600


class Count(NamedTuple):
    rows: int
    estimated: bool


def planner_estimate(queryset: QuerySet) -> int:
    """How many rows PostgreSQL's planner expects `queryset` to return (no rows are read)."""
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def fast_count(queryset: QuerySet) -> Count:
    """Exact up to EXACT_COUNT_LIMIT rows; beyond that the planner's estimate on PostgreSQL."""
    if connections[queryset.db].vendor != "postgresql":
        return Count(queryset.count(), estimated=False)
    bounded = queryset.order_by()[:EXACT_COUNT_LIMIT].count()
    if bounded < EXACT_COUNT_LIMIT:
        return Count(bounded, estimated=False)
    return Count(max(planner_estimate(queryset), EXACT_COUNT_LIMIT), estimated=True)


def cached_count(queryset: QuerySet, *, version: str) -> Count:
    """`fast_count`, kept in the cache for this data version and this query."""
    sql, params = queryset.order_by().query.sql_with_params()
    digest = hashlib.blake2b(f"{version}\n{queryset.db}\n{sql}\n{params!r}".encode(), digest_size=16).hexdigest()
    key = f"count:{digest}"
    hit = quietly(cache.get, key)
    if hit is not None:
        return Count(*hit)
    count = fast_count(queryset)
    quietly(cache.set, key, tuple(count), COUNT_CACHE_TIMEOUT)
    return count
