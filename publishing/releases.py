"""Keep every release's moment in the data-version row, on every release write.

The reads never ask the release table which records are public: the version row they read anyway
holds the schedule (dataversion.services.at_moment), so the embargo costs a public read no query,
and a release passes everywhere at once.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from dataversion.services import set_embargo
from publishing.models import Change, Release


def release_moments(*, using: str) -> list[tuple[int, dt.datetime | None]]:
    """Every release's moment; None for a cancelled one (its records stay hidden)."""
    releases = Release.objects.using(using).order_by("pk").values_list("pk", "scheduled_at", "cancelled_at")
    return [(pk, None if cancelled_at else scheduled_at) for pk, scheduled_at, cancelled_at in releases]


def refresh_embargo(*, using: str) -> None:
    set_embargo(release_moments(using=using), using=using)


def on_release_write(sender: type[Release], instance: Release, using: str, **kwargs: Any) -> None:
    with transaction.atomic(using=using):
        if kwargs.get("signal") is post_save and instance.cancelled_at is None:
            # The change log records a release's records at its moment: a reschedule moves them with it.
            moment = max(instance.scheduled_at, timezone.now())
            Change.objects.using(using).filter(release=instance).update(changed_at=moment)
        refresh_embargo(using=using)


def connect() -> None:
    post_save.connect(on_release_write, sender=Release, dispatch_uid="publishing.release_saved")
    post_delete.connect(on_release_write, sender=Release, dispatch_uid="publishing.release_deleted")
