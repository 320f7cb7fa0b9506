"""Read and bump the data version (see models.py for why it exists)."""

import datetime as dt
from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field
from django.utils import timezone

from dataversion.models import SINGLETON_ID, DataVersion, new_token

# Before the first write (or after a test flushed the table) every process agrees on these.
INITIAL_TOKEN = "initial"
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class Version(NamedTuple):
    token: str
    changed_at: dt.datetime


VERSION_FIELDS = ("token", "changed_at")
# SQL and parameters of the version query per database alias. Every API request reads the
# version (the 304 and cached answers read nothing else), and building the query with the
# ORM each time cost several times more CPU than the query itself.
_version_sql: dict[str, tuple[str, tuple]] = {}


def _from_db(field: Field, value: object, connection: BaseDatabaseWrapper) -> object:
    """`value` as the ORM would give it (e.g. SQLite's text as an aware datetime)."""
    column = field.get_col(DataVersion._meta.db_table)
    for converter in [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]:
        value = converter(value, column, connection)
    return value


def current_version(*, using: str | None = None) -> Version:
    """The data version as this transaction sees it: one primary-key query.

    By default from the database the router sends this request's reads to (a read replica
    answers with its own version, never the primary's: see jobcenter_api.db).
    """
    if using is None:
        using = router.db_for_read(DataVersion)
    compiled = _version_sql.get(using)
    if compiled is None:
        query = DataVersion.objects.filter(pk=SINGLETON_ID).values_list(*VERSION_FIELDS).query
        compiled = _version_sql[using] = query.get_compiler(using).as_sql()
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(*compiled)
        row = cursor.fetchone()
    if row is None:
        return Version(INITIAL_TOKEN, EPOCH)
    fields = [DataVersion._meta.get_field(name) for name in VERSION_FIELDS]
    return Version(*(_from_db(field, value, connection) for field, value in zip(fields, row, strict=True)))


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
