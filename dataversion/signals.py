"""Bump the data version on every save or delete of a published model.

Connected for all senders and filtered by app, so a new app's models count
without importing them (and `dataversion` imports neither locations nor metrics).
Bulk writes that send no signals (`bulk_create`, `QuerySet.update`, COPY) call
`bump_version()` themselves.

A record under embargo (`under_embargo()`, metrics.models.UnderEmbargo) before and after its
write is no public change: its write leaves the version alone, so no public ETag tells that
something is coming. Nor do the rows that write leaves beside it: its history row
(django-simple-history's, judged by the record it holds) and its change-log entry (held back
with the release, publishing.models.Change).
"""

from typing import Any

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from dataversion.services import bump_version

# Apps whose rows never show in a read of the API.
UNPUBLISHED_APPS = frozenset({"admin", "auth", "authtoken", "contenttypes", "sessions", "migrations", "dataversion"})


def before_save(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if hasattr(instance, "stored_under_embargo"):
        instance.embargoed_before = instance.stored_under_embargo()


def stays_under_embargo(sender: type[Model], instance: Model, deleted: bool) -> bool:
    """Whether no public read can tell this write happened: under embargo before and after it."""
    if hasattr(sender, "instance_type"):
        # A history row is written once, for its record's write: it is as public as the record it holds.
        instance = instance.instance
        return hasattr(instance, "under_embargo") and instance.under_embargo()
    if not hasattr(instance, "under_embargo"):
        return False
    before = deleted or getattr(instance, "embargoed_before", False)
    return before and instance.under_embargo()


def on_write(sender: type[Model], using: str, instance: Model | None = None, **kwargs: Any) -> None:
    if sender._meta.app_label in UNPUBLISHED_APPS:
        return
    if instance is not None and stays_under_embargo(sender, instance, kwargs.get("signal") is post_delete):
        return
    bump_version(using=using)


def connect() -> None:
    pre_save.connect(before_save, dispatch_uid="dataversion.pre_save")
    post_save.connect(on_write, dispatch_uid="dataversion.post_save")
    post_delete.connect(on_write, dispatch_uid="dataversion.post_delete")
    m2m_changed.connect(on_write, dispatch_uid="dataversion.m2m_changed")
