"""Read and bump the data version (see models.py for why it exists)."""

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
    return at_moment(*values, now=timezone.now())


def at_moment(token: str, changed_at: dt.datetime, embargo: list, *, now: dt.datetime) -> Version:
    """The version at `now`: the stored one, moved on by each release that has passed since it was written."""
    hidden, passed, upcoming = set(), [], []
    for release_id, scheduled_at in embargo:
        moment = None if scheduled_at is None else dt.datetime.fromisoformat(scheduled_at)
        if moment is not None and moment <= now:
            passed.append(moment)
        else:
            hidden.add(release_id)
            if moment is not None:
                upcoming.append(moment)
    if passed:
        token = f"{token}.{len(passed)}"
        changed_at = max(changed_at, *passed)
    return Version(token, changed_at, frozenset(hidden), min(upcoming, default=None))


def set_embargo(entries: list[tuple[int, dt.datetime | None]], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Store the releases under embargo (`scheduled_at` None for a cancelled one), with a new version."""
    embargo = [[release_id, None if moment is None else moment.isoformat()] for release_id, moment in entries]
    with transaction.atomic(using=using):
        bump_version(using=using)
        DataVersion.objects.using(using).filter(pk=SINGLETON_ID).update(embargo=embargo)


def bump_version(*, using: str = DEFAULT_DB_ALIAS) -> Version:
    """Mark the data as changed, inside the caller's transaction (rolled back with it)."""
    version = Version(new_token(), timezone.now())
    with transaction.atomic(using=using):
        updated = (
            DataVersion.objects.using(using)
            .filter(pk=SINGLETON_ID)
            .update(token=version.token, changed_at=version.changed_at)
        )
        if not updated:
            DataVersion.objects.using(using).update_or_create(
                pk=SINGLETON_ID, defaults={"token": version.token, "changed_at": version.changed_at}
            )
    return version
