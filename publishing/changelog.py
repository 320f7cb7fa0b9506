"""Turns each django-simple-history record into a public Change row."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from jobcenter_api.api.fields import plain_number
from locations.models import Area, Location, LocationFact, Source
from metrics.models import Budget, BudgetCategory, Indicator, Observation, RefugeeBreakdown, RefugeeCaseload
from publishing.models import Action, Change, Resource

# Each published model: its resource and the field whose value is its key in the URL.
PUBLISHED: dict[type[models.Model], tuple[str, str]] = {
    Observation: (Resource.METRICS, "id"),
    Location: (Resource.LOCATIONS, "slug"),
    LocationFact: (Resource.LOCATION_FACTS, "id"),
    RefugeeCaseload: (Resource.REFUGEES, "id"),
    RefugeeBreakdown: (Resource.REFUGEE_BREAKDOWNS, "id"),
    Budget: (Resource.BUDGETS, "fiscal_year"),
    BudgetCategory: (Resource.BUDGET_CATEGORIES, "id"),
    Source: (Resource.SOURCES, "id"),
    Indicator: (Resource.INDICATORS, "code"),
    Area: (Resource.AREAS, "code"),
}
ACTIONS = {"+": Action.CREATED, "~": Action.UPDATED, "-": Action.DELETED}


def json_value(value: Any) -> Any:
    """A field value as the API shows it: numbers as numbers, dates as ISO strings."""
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def field_changes(fields: list[models.Field], old: models.Model | None, new: models.Model | None) -> dict[str, dict]:
    """`{field: {"old", "new"}}` for every field whose value differs."""
    changes = {}
    for field in fields:
        before = json_value(getattr(old, field.attname)) if old is not None else None
        after = json_value(getattr(new, field.attname)) if new is not None else None
        if before != after or (old is None) != (new is None):
            changes[field.name] = {"old": before, "new": after}
    return changes


def withdraw_pending(resource: str, object_id: str) -> bool:
    """Delete the record's entries still held back with their release; whether there were any."""
    held = Q(release__cancelled_at__isnull=False) | Q(release__scheduled_at__gt=timezone.now())
    deleted, _ = Change.objects.filter(held, resource=resource, object_id=object_id).delete()
    return bool(deleted)


def record_change(sender: type[models.Model], instance: models.Model, history_instance: models.Model, **kwargs) -> None:
    """post_create_historical_record receiver: log the record's change, if it changed anything."""
    published = PUBLISHED.get(type(instance))
    if published is None:
        return
    resource, key = published
    action = ACTIONS[history_instance.history_type]
    fields = list(sender.tracked_fields)
    if action == Action.CREATED:
        changes = field_changes(fields, None, history_instance)
    elif action == Action.DELETED:
        changes = field_changes(fields, history_instance, None)
    else:
        changes = field_changes(fields, history_instance.prev_record, history_instance)
        if not changes:
            return
    # A record under embargo is logged now and shown at its release's moment, as changed then.
    embargoed = hasattr(instance, "under_embargo") and instance.under_embargo()
    if action != Action.CREATED and (embargoed or getattr(instance, "embargoed_before", False)):
        if withdraw_pending(resource, str(getattr(history_instance, key))):
            # Never public yet: its drafts stay unpublished; what its release publishes is a creation.
            if action == Action.DELETED:
                return
            action, changes = Action.CREATED, field_changes(fields, None, history_instance)
    release = instance.current_release() if embargoed else None
    Change.objects.create(
        resource=resource,
        object_id=str(getattr(history_instance, key)),
        action=action,
        changed_at=history_instance.history_date if release is None else release.scheduled_at,
        changes=changes,
        release=release,
    )
