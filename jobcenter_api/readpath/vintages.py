"""Vintages: `?as_of=YYYY-MM-DD` answers with the data as published at the end of that day.

The history tables of django-simple-history hold every earlier version; a view that
supports `as_of` reads its rows, and those of the related records it shows, from them.
"""

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.views import APIView

from jobcenter_api.api.filters import MAX_YEAR, MIN_YEAR
from jobcenter_api.http.caching import embargo_lifted
from jobcenter_api.readpath.embargo import public

AS_OF_PARAMETER = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    OpenApiParameter.QUERY,
    description=(
        "The data as published at the end of this day (Europe/Berlin), e.g. 2018-01-31: "
        "reproduces what was cited then, before later corrections."
    ),
)


class DayField(forms.DateField):
    """A day as YYYY-MM-DD between 1900 and 2100."""

    input_formats = ["%Y-%m-%d"]

    def clean(self, value: str | None) -> dt.date | None:
        day = super().clean(value)
        if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
            raise forms.ValidationError(f"Use a date between {MIN_YEAR} and {MAX_YEAR}.")
        return day


PREVIEW_PARAMETER = OpenApiParameter(
    "preview",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=["true"],
    description=(
        "Editors only (with their token): include the records under embargo, as they will be published. "
        "Answered privately (`Cache-Control: private, no-store`), never cached."
    ),
)


class AsOfForm(forms.Form):
    as_of = DayField(required=False)


class PreviewForm(forms.Form):
    preview = forms.ChoiceField(choices=[("true", "true")])


def check_preview(request: Request) -> None:
    """Let an editor's `?preview=true` lift the embargo for this request: a 400 naming it, a 401 or a 403."""
    form = PreviewForm(request.query_params)
    if not form.is_valid():
        raise exceptions.ValidationError({"preview": ["Use preview=true, or leave it out."]})
    if not request.user.is_authenticated:
        raise exceptions.NotAuthenticated("preview shows records under embargo: give an editor's token.")
    if not request.user.has_perm("publishing.view_release"):
        raise exceptions.PermissionDenied("preview is for editors.")
    embargo_lifted.set(True)


def end_of_day(day: dt.date) -> dt.datetime:
    """The last moment of `day` in the publisher's time zone."""
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))
    return midnight - dt.timedelta(microseconds=1)


def parse_as_of(request: Request) -> dt.datetime | None:
    """The moment `as_of` names, None without it; a 400 naming `as_of` when malformed."""
    if "as_of" not in request.query_params:  # most reads: no form to build
        return None
    form = AsOfForm(request.query_params)
    if not form.is_valid():
        raise exceptions.ValidationError({name: list(errors) for name, errors in form.errors.items()})
    day = form.cleaned_data["as_of"]
    return end_of_day(day) if day else None


def published(model: type[models.Model], when: dt.datetime | None) -> models.QuerySet:
    """The model's public rows now, or as published at `when` (as model instances)."""
    return public(model.history.as_of(when) if when else model.objects.all(), when=when)


def attach_vintage_relations(
    objects: Iterable[models.Model],
    when: dt.datetime,
    *,
    parents: dict[str, type[models.Model]],
    children: dict[str, tuple[type[models.Model], str]],
) -> None:
    """Give vintage rows the related rows of the same vintage: one query per relation."""
    objects = list(objects)
    if not objects:
        return
    model = type(objects[0])
    for name, parent_model in parents.items():
        field = model._meta.get_field(name)
        ids = {getattr(obj, field.attname) for obj in objects} - {None}
        # By the key's column: a historical queryset reads `pk__in` as its own history_id.
        key = parent_model._meta.pk.attname
        found = {parent.pk: parent for parent in published(parent_model, when).filter(**{f"{key}__in": ids})}
        for obj in objects:
            if getattr(obj, field.attname) is not None:
                field.set_cached_value(obj, found.get(getattr(obj, field.attname)))
    # Django's own prefetch, handed the children's vintage: `obj.<name>.all()` then gives them.
    prefetch_related_objects(
        objects,
        *(
            Prefetch(name, queryset=published(child_model, when).order_by(*child_model._meta.ordering))
            for name, (child_model, _) in children.items()
        ),
    )


class VintageFilterBackend(DjangoFilterBackend):
    """django-filter's backend, letting a view's FilterSet filter its historical rows too.

    The history model has the same field names but is not a subclass of the FilterSet's model.
    """

    def get_filterset_class(self, view: APIView, queryset: models.QuerySet | None = None) -> type | None:
        filterset_class = getattr(view, "filterset_class", None)
        if queryset is not None and hasattr(queryset.model, "instance_type") and filterset_class is not None:
            return filterset_class
        return super().get_filterset_class(view, queryset)


class VintageMixin:
    """A view whose reads take `as_of`; set `vintage_parents`/`vintage_children` for what it nests."""

    supports_as_of = True
    supports_preview = True
    filter_backends = [VintageFilterBackend]
    vintage_parents: dict[str, type[models.Model]] = {}
    vintage_children: dict[str, tuple[type[models.Model], str]] = {}

    def get_as_of(self) -> dt.datetime | None:
        if not hasattr(self, "as_of_moment"):
            request = getattr(self, "request", None)
            self.as_of_moment = parse_as_of(request) if request is not None and request.method in SAFE_METHODS else None
        return self.as_of_moment

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        self.get_as_of()
        if request.method in SAFE_METHODS and "preview" in request.query_params:
            check_preview(request)

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()
        when = self.get_as_of()
        if when is None:
            # Editors write to records under embargo too; only reads keep to the public ones.
            return public(queryset) if self.request.method in SAFE_METHODS else queryset
        ordering = queryset.query.order_by or queryset.model._meta.ordering
        return published(queryset.model, when).order_by(*ordering)

    def get_object(self) -> models.Model:
        try:
            return super().get_object()
        except Http404 as exc:
            # Name the published model, not its history table.
            model = super().get_queryset().model
            raise Http404(f"No {model._meta.object_name} matches the given query.") from exc

    def get_serializer(self, *args, **kwargs):  # noqa: ANN201 - DRF's signature
        when = self.get_as_of()
        if when is not None and args and args[0] is not None:
            instance = args[0]
            objects = instance if isinstance(instance, list | models.QuerySet) else [instance]
            attach_vintage_relations(objects, when, parents=self.vintage_parents, children=self.vintage_children)
        return super().get_serializer(*args, **kwargs)
