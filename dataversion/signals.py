"""Bump the data version on every save or delete of a published model.

Connected for all senders and filtered by app, so a new app's models count
without importing them (and `dataversion` imports neither locations nor metrics).
Bulk writes that send no signals (`bulk_create`, `QuerySet.update`, COPY) call
`bump_version()` themselves.
"""

from typing import Any

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from dataversion.services import bump_version

# Apps whose rows never show in a read of the API.
UNPUBLISHED_APPS = frozenset({"admin", "auth", "authtoken", "contenttypes", "sessions", "migrations", "dataversion"})


def on_write(sender: type[Model], using: str, **kwargs: Any) -> None:
    if sender._meta.app_label not in UNPUBLISHED_APPS:
        bump_version(using=using)


def connect() -> None:
    post_save.connect(on_write, dispatch_uid="dataversion.post_save")
    post_delete.connect(on_write, dispatch_uid="dataversion.post_delete")
    m2m_changed.connect(on_write, dispatch_uid="dataversion.m2m_changed")
