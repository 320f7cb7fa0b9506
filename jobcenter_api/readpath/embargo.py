"""The embargo: a record a release publishes is in no public read before the release's moment.

One rule, `public()`, applied wherever published rows are read (views, vintages, selectors,
the landing page, the catalogue's dates). It reads the releases under embargo from the request's
data version (dataversion.services.Version.hidden), the same state the ETag is made of, so an
answer and its validator always agree on which moment they show.
"""

import datetime as dt

from django.db import models

from dataversion.services import current_version
from jobcenter_api.http.caching import embargo_lifted, read_version_state


def release_path(model: type[models.Model]) -> str | None:
    """The lookup from `model`'s rows (or its history's) to their release; None for a model no release holds."""
    model = getattr(model, "instance_type", model)
    return getattr(model, "release_path", None)


def hidden_releases(when: dt.datetime | None = None) -> frozenset[int]:
    """The releases whose records are not public now, or were not at `when` (a vintage)."""
    if embargo_lifted.get():
        return frozenset()
    version = read_version_state() or current_version()
    if when is None:
        return version.hidden
    # `when` can be later today than now: what is ahead now stays hidden.
    return version.hidden | version.schedule.hidden_at(when)


def public(queryset: models.QuerySet, *, when: dt.datetime | None = None) -> models.QuerySet:
    """`queryset` without the records under embargo (now, or at `when`); as it is when nothing is."""
    path = release_path(queryset.model)
    if path is None:
        return queryset
    hidden = hidden_releases(when)
    return queryset.exclude(**{f"{path}__in": hidden}) if hidden else queryset
