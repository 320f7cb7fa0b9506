"""Counting a list's rows without scanning millions of them on every request.

Below `EXACT_COUNT_LIMIT` rows the count is exact; beyond it, on PostgreSQL, it
is the planner's estimate (from the table statistics that autovacuum keeps), so
a page of a 5-million-row list costs a bounded count and an EXPLAIN, not a scan.
"""

import json

from django.db import connections
from django.db.models import QuerySet

EXACT_COUNT_LIMIT = 10_000


def planner_estimate(queryset: QuerySet) -> int:
    """How many rows PostgreSQL's planner expects `queryset` to return (no rows are read)."""
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def fast_count(queryset: QuerySet) -> int:
    """Exact up to EXACT_COUNT_LIMIT rows; beyond that the planner's estimate on PostgreSQL."""
    if connections[queryset.db].vendor != "postgresql":
        return queryset.count()
    bounded = queryset.order_by()[:EXACT_COUNT_LIMIT].count()
    if bounded < EXACT_COUNT_LIMIT:
        return bounded
    return max(planner_estimate(queryset), EXACT_COUNT_LIMIT)
