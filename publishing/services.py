"""Editors, who may publish through the API and the admin, and the releases they announce.

The release writes raise the API's errors (a 409 with a `detail` saying why, a 400 naming the
field), as jobcenter_api.api.writes does: they are only called on an editor's request.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import ValidationError

from jobcenter_api.api.writes import Conflict
from metrics.models import Indicator
from publishing.models import Release, ReleaseStatus

EDITORS_GROUP = "editors"


def create_editor(*, username: str) -> tuple[AbstractUser, str, bool]:
    """Make `username` an editor (a staff user in the group) and return it, its API token, and if it is new.

    Running it again for the same name keeps the user and its token.
    """
    with transaction.atomic():
        user, created = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        elif not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(Group.objects.get(name=EDITORS_GROUP))
        token, _ = Token.objects.get_or_create(user=user)
    return user, token.key, created


def release_conflict(release: Release, verb: str) -> Conflict:
    """A 409 for a change a release's state forbids, saying why."""
    if release.cancelled_at is not None:
        return Conflict(f"Release {release.pk} is cancelled; it cannot be {verb}. Announce a new release instead.")
    moment = timezone.localtime(release.scheduled_at).isoformat()
    return Conflict(f"Release {release.pk} was published at {moment}; a published release cannot be {verb}.")


def check_indicators_kept(release: Release, indicators: list[Indicator]) -> None:
    """The release keeps listing every indicator it holds figures of (a 400 naming `indicators` otherwise)."""
    held = set(release.observations.values_list("indicator", flat=True).distinct())
    dropped = sorted(held - {indicator.pk for indicator in indicators})
    if dropped:
        raise ValidationError(
            {"indicators": [f"Release {release.pk} holds figures of {', '.join(dropped)}; keep them listed."]}
        )


def create_release(*, values: dict[str, Any], indicators: list[Indicator]) -> Release:
    """Announce a release: its figures become public at `scheduled_at`, all at once."""
    with transaction.atomic():
        release = Release.objects.create(**values)
        release.indicators.set(indicators)
    return release


def update_release(
    *, release: Release, values: dict[str, Any], indicators: list[Indicator] | None, cancel: bool = False
) -> Release:
    """Change, reschedule or cancel a release not yet published; a move or cancellation raises its `sequence`.

    A published release keeps its moment and cannot be cancelled (409); its titles and descriptions
    may still be corrected.
    """
    with transaction.atomic():
        release = Release.objects.select_for_update().get(pk=release.pk)
        moves = "scheduled_at" in values and values["scheduled_at"] != release.scheduled_at
        if (moves or cancel) and release.status_at() != ReleaseStatus.SCHEDULED:
            raise release_conflict(release, "cancelled" if cancel else "moved")
        if indicators is not None:
            check_indicators_kept(release, indicators)
        for name, value in values.items():
            setattr(release, name, value)
        if cancel:
            release.cancelled_at = timezone.now()
        if moves or cancel:
            release.sequence += 1
        release.save()
        if indicators is not None:
            release.indicators.set(indicators)
    return release


def delete_release(*, release: Release) -> None:
    """Withdraw the announcement of a release still scheduled that holds nothing; else a 409 saying why."""
    with transaction.atomic():
        release = Release.objects.select_for_update().get(pk=release.pk)
        if release.status_at() == ReleaseStatus.PUBLISHED:
            raise release_conflict(release, "deleted")
        if any(related.exists() for related in (release.observations, release.refugee_caseloads, release.budgets)):
            raise Conflict(
                f"Release {release.pk} still holds figures; cancel it instead (its figures stay unpublished), "
                "or move them to another release first."
            )
        try:
            with transaction.atomic():
                release.delete()
        except ProtectedError as exc:
            raise Conflict(f"The change log of release {release.pk} still refers to it; cancel it instead.") from exc
