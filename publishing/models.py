"""The public change log: one row per create, update or delete of published data.

Written from django-simple-history's records (publishing.changelog) in the same
transaction, so the log lists exactly what was published. It names no user: the
public sees that an editor changed a value, not who (the history tables know).
"""

import datetime as dt

from django.db import models
from django.db.models import Case, CharField, F, Max, Value, When


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


class Change(models.Model):
    """What changed in one published record, when: `changes` maps each field to its old and new value."""

    resource = models.CharField(max_length=30, choices=Resource.choices)
    object_id = models.CharField(max_length=80, help_text="The record's key in the resource's URL.")
    action = models.CharField(max_length=10, choices=Action.choices)
    changed_at = models.DateTimeField()
    changes = models.JSONField()

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
