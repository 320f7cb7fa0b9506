"""Read and bump the data version (see models.py for why it exists)."""

import bisect
import datetime as dt
from collections.abc import Callable
from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models.expressions import Col
from django.utils import timezone

from dataversion.caches import ProcessCache
from dataversion.models import INITIAL_TOKEN, SINGLETON_ID, DataVersion, new_token

__all__ = ["EPOCH", "INITIAL_TOKEN", "Version", "bump_version", "current_version", "set_embargo"]

# Before the first write (or after a test flushed the table) every process agrees on this moment.
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class Schedule(NamedTuple):
    """Every release: the moments of those not cancelled (sorted, with their ids) and the cancelled ids."""

    moments: tuple[dt.datetime, ...] = ()
    ids: tuple[int, ...] = ()
    cancelled: frozenset[int] = frozenset()

    def hidden_at(self, moment: dt.datetime) -> frozenset[int]:
        """The releases whose records are not public at `moment`: cancelled, or still ahead."""
        ahead = self.ids[bisect.bisect_right(self.moments, moment) :]
        return self.cancelled.union(ahead) if ahead else self.cancelled


NO_RELEASES = Schedule()


class Version(NamedTuple):
    """The public data's state at one moment.

    A release whose moment has passed since the row was written changes `token` and `changed_at`
    by itself, so every ETag, `Last-Modified` and per-version cache moves at that moment with no
    write; `hidden` are the releases still under embargo, `next_release` caps `max-age`.
    """

    token: str
    changed_at: dt.datetime
    hidden: frozenset[int] = frozenset()
    next_release: dt.datetime | None = None
    schedule: Schedule = NO_RELEASES


VERSION_FIELDS = ("token", "changed_at", "embargo")


class VersionQuery(NamedTuple):
    sql: str
    params: tuple
    # Per column: it and the functions that turn the database's value into the ORM's (SQLite's text into
    # an aware datetime).
    columns: tuple[tuple[Col, tuple[Callable, ...]], ...]


# The version query per database alias. Every API request reads the version (the 304 and
# cached answers read nothing else): building the query with the ORM, or looking up its
# fields' converters, each time cost several times more CPU than the query itself.
version_queries: ProcessCache[str, VersionQuery] = ProcessCache("version query", size=16, per_version=False)


def _version_query(using: str) -> VersionQuery:
    connection = connections[using]
    sql, params = (
        DataVersion.objects.filter(pk=SINGLETON_ID).values_list(*VERSION_FIELDS).query.get_compiler(using).as_sql()
    )
    columns = []
    for name in VERSION_FIELDS:
        column = DataVersion._meta.get_field(name).get_col(DataVersion._meta.db_table)
        columns.append((column, (*connection.ops.get_db_converters(column), *column.get_db_converters(connection))))
    return VersionQuery(sql, params, tuple(columns))


def current_version(*, using: str | None = None) -> Version:
    """The data version as this transaction sees it: one primary-key query.

    By default from the database the router sends this request's reads to (a read replica
    answers with its own version, never the primary's: see jobcenter_api.db).
    """
    if using is None:
        using = router.db_for_read(DataVersion)
    query = version_queries.get_or_build(using, lambda: _version_query(using))
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(query.sql, query.params)
        row = cursor.fetchone()
    if row is None:
        return Version(INITIAL_TOKEN, EPOCH)
    values = []
    for value, (column, converters) in zip(row, query.columns, strict=True):
        for convert in converters:
            value = convert(value, column, connection)
        values.append(value)
    token, changed_at, releases = values
    schedule = schedules.get_or_build(token, lambda: parse_schedule(releases)) if releases else NO_RELEASES
    return at_moment(token, changed_at, schedule, now=timezone.now())


# The parsed schedule per stored token (a token names one state of the row, schedule included).
schedules: ProcessCache[str, Schedule] = ProcessCache("release schedule", size=16, per_version=False)


def parse_schedule(releases: list) -> Schedule:
    timed = sorted(
        (dt.datetime.fromisoformat(moment), release_id) for release_id, moment in releases if moment is not None
    )
    cancelled = frozenset(release_id for release_id, moment in releases if moment is None)
    return Schedule(tuple(m for m, _ in timed), tuple(i for _, i in timed), cancelled)


def at_moment(token: str, changed_at: dt.datetime, schedule: Schedule, *, now: dt.datetime) -> Version:
    """The version at `now`: the stored one, moved on by each release that has passed since it was written."""
    if not schedule.moments and not schedule.cancelled:
        return Version(token, changed_at)
    passed = bisect.bisect_right(schedule.moments, now)
    passed_since_write = passed - bisect.bisect_right(schedule.moments, changed_at)
    if passed_since_write:
        token = f"{token}.{passed_since_write}"
        changed_at = schedule.moments[passed - 1]
    upcoming = schedule.moments[passed] if passed < len(schedule.moments) else None
    return Version(token, changed_at, schedule.hidden_at(now), upcoming, schedule)


def set_embargo(entries: list[tuple[int, dt.datetime | None]], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Store every release's moment (None for a cancelled one) with a new version, in one write.

    One write, so that no reader (nor the schedule cache, keyed by token) ever sees the new token
    with the old schedule.
    """
    embargo = [[release_id, None if moment is None else moment.isoformat()] for release_id, moment in entries]
    bump_version(using=using, embargo=embargo)


def bump_version(*, using: str = DEFAULT_DB_ALIAS, **fields: object) -> Version:
    """Mark the data as changed, inside the caller's transaction (rolled back with it); `fields` change with it."""
    version = Version(new_token(), timezone.now())
    values = {"token": version.token, "changed_at": version.changed_at, **fields}
    with transaction.atomic(using=using):
        updated = DataVersion.objects.using(using).filter(pk=SINGLETON_ID).update(**values)
        if not updated:
            DataVersion.objects.using(using).update_or_create(pk=SINGLETON_ID, defaults=values)
    return version
