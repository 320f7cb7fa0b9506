"""Read and bump the data version (see models.py for why it exists)."""

import datetime as dt
from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone

from dataversion.models import SINGLETON_ID, DataVersion, new_token

# Before the first write (or after a test flushed the table) every process agrees on this.
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class Version(NamedTuple):
    token: str
    changed_at: dt.datetime


def current_version(*, using: str = DEFAULT_DB_ALIAS) -> Version:
    """The data version as this transaction sees it: one primary-key query."""
    row = DataVersion.objects.using(using).filter(pk=SINGLETON_ID).values_list("token", "changed_at").first()
    return Version(*row) if row else Version("initial", EPOCH)


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
