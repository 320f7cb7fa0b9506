"""Counting a list's rows without scanning millions of them on every request.

Below `EXACT_COUNT_LIMIT` rows the count is exact; beyond it, on PostgreSQL, it
is the planner's estimate (from the table statistics that autovacuum keeps), so
a page of a 5-million-row list costs a bounded count and an EXPLAIN, not a scan.
Counts are remembered per process under the data version and the list's filters, so
paging through one result counts it once, and a write counts anew.
"""

import json
from typing import NamedTuple

from django.db import connections
from django.db.models import QuerySet

from dataversion.caches import ProcessCache

EXACT_COUNT_LIMIT = 10_000


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


#: Counts are tiny and keyed by the data version, so never stale; kept in the process, they save a
#: round trip to a shared cache on every page.
counts: ProcessCache[tuple[str, str], Count] = ProcessCache("counts", size=1024, per_version=True)


def cached_count(queryset: QuerySet, *, version: str, query_key: str) -> Count:
    """`fast_count`, remembered for this data version and the query `query_key` names.

    The caller names the query (the list's path and filters, as the response cache names an
    answer by its URL): compiling its SQL for a key cost about a twentieth of an uncached page.
    """
    return counts.get_or_build((queryset.db, query_key), lambda: fast_count(queryset), version=version)
