"""The public change log: one row per create, update or delete of published data.

Written from django-simple-history's records (publishing.changelog) in the same
transaction, so the log lists exactly what was published. It names no user: the
public sees that an editor changed a value, not who (the history tables know).
"""

import datetime as dt

from django.db import models
from django.db.models import Case, CharField, F, Max, Q, Value, When
from django.utils import timezone


class Resource(models.TextChoices):
    METRICS = "metrics", "metrics"
    LOCATIONS = "locations", "locations"
    LOCATION_FACTS = "locations/facts", "facts about locations"
    REFUGEES = "refugees", "refugee caseloads"
    REFUGEE_BREAKDOWNS = "refugees/breakdowns", "refugee caseload breakdowns"
    BUDGETS = "budgets", "budgets"
    BUDGET_CATEGORIES = "budgets/categories", "budget categories"
    SOURCES = "sources", "sources"
    INDICATORS = "indicators", "indicators"
    AREAS = "areas", "areas"


class Action(models.TextChoices):
    CREATED = "created", "created"
    UPDATED = "updated", "updated"
    DELETED = "deleted", "deleted"


class ChangeQuerySet(models.QuerySet):
    def newest_by_resource(self) -> dict[tuple[str, str], dt.datetime]:
        """The newest change per resource, keyed `(resource, "")`, and per source, keyed `("sources", id)`.

        One aggregate query for the whole catalogue. Sources are kept apart because a
        source's edit shows in the rows of every data set that cites it (`cite`), not in all.
        """
        source = Case(When(resource=Resource.SOURCES, then=F("object_id")), default=Value(""), output_field=CharField())
        rows = (
            self.order_by().annotate(source=source).values_list("resource", "source").annotate(newest=Max("changed_at"))
        )
        return {(resource, source): newest for resource, source, newest in rows}


class ReleaseStatus(models.TextChoices):
    SCHEDULED = "scheduled", "scheduled"
    PUBLISHED = "published", "published"
    CANCELLED = "cancelled", "cancelled"


class ReleaseQuerySet(models.QuerySet):
    def with_status(self, status: str, now: dt.datetime | None = None) -> "ReleaseQuerySet":
        """The releases that have `status` at `now`: published is a moment passed, never a stored flag."""
        now = now or timezone.now()
        if status == ReleaseStatus.CANCELLED:
            return self.filter(cancelled_at__isnull=False)
        live = self.filter(cancelled_at__isnull=True)
        if status == ReleaseStatus.PUBLISHED:
            return live.filter(scheduled_at__lte=now)
        return live.filter(scheduled_at__gt=now)


class Release(models.Model):
    """An announced moment at which figures become public, all at once (the embargo ends).

    Its status follows from the clock: a release is published the moment `scheduled_at` passes,
    with no write and no job, which is what lets every process agree on it.
    """

    title_de = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200, blank=True, default="")
    description_de = models.TextField(blank=True, default="")
    description_en = models.TextField(blank=True, default="")
    scheduled_at = models.DateTimeField(help_text="When the figures become public (ISO 8601 with a UTC offset).")
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    indicators = models.ManyToManyField(
        "metrics.Indicator", related_name="releases", blank=True, help_text="The indicators it publishes."
    )
    # Goes up with every reschedule, so that a calendar subscriber's copy of the event is replaced.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["scheduled_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(sequence__gte=0), name="release_sequence_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.title_de} ({self.scheduled_at:%Y-%m-%d %H:%M})"

    def status_at(self, now: dt.datetime | None = None) -> str:
        if self.cancelled_at is not None:
            return ReleaseStatus.CANCELLED
        if self.scheduled_at <= (now or timezone.now()):
            return ReleaseStatus.PUBLISHED
        return ReleaseStatus.SCHEDULED

    @property
    def status(self) -> str:
        return self.status_at()

    def is_public(self, now: dt.datetime | None = None) -> bool:
        return self.status_at(now) == ReleaseStatus.PUBLISHED


class Change(models.Model):
    """What changed in one published record, when: `changes` maps each field to its old and new value."""

    # Under embargo with its release (jobcenter_api.readpath.embargo.public).
    release_path = "release"

    resource = models.CharField(max_length=30, choices=Resource.choices)
    object_id = models.CharField(max_length=80, help_text="The record's key in the resource's URL.")
    action = models.CharField(max_length=10, choices=Action.choices)
    changed_at = models.DateTimeField()
    changes = models.JSONField()
    # The release the record belonged to when it changed: the entry stays hidden until its moment,
    # and `changed_at` is then that moment (see publishing.changelog).
    release = models.ForeignKey(
        "publishing.Release", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )

    objects = ChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(fields=["-changed_at", "-id"], name="change_newest_first"),
            models.Index(fields=["resource", "-changed_at"], name="change_resource_newest"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(resource__in=Resource.values), name="change_resource_valid"),
            models.CheckConstraint(condition=models.Q(action__in=Action.values), name="change_action_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.resource}/{self.object_id} {self.action} {self.changed_at:%Y-%m-%d %H:%M}"

    def under_embargo(self) -> bool:
        """Held back with its release (dataversion.signals: logging it changes nothing public)."""
        return self.release is not None and not self.release.is_public()

    def stored_under_embargo(self) -> bool:
        """A new entry was public to nobody; a stored one as its stored release says."""
        if self.pk is None:
            return True
        stored = Change.objects.filter(pk=self.pk).select_related("release").first()
        return stored is None or stored.under_embargo()
