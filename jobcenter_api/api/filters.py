"""Filter building blocks shared by the apps' FilterSets."""

import copy

from django import forms
from django.db import models, router
from django.utils import translation
from django_filters import rest_framework as filters
from django_filters.fields import BaseCSVField
from django_filters.filters import QuerySetRequestMixin
from drf_spectacular.utils import extend_schema_field

from dataversion.caches import ProcessCache
from jobcenter_api.http.caching import read_version
from jobcenter_api.readpath import small_tables

MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_CODES = 100
EMPTY_ITEM = "A comma list must not have empty items; leave out the extra commas."


def known_codes(model: type[models.Model], codes: list[str]) -> set[str]:
    """Which of `codes` (distinct primary keys of `model`, a small table) exist.

    In an API read, from the table as of the request's data version, read once per
    version (jobcenter_api.readpath.small_tables): no query on most filtered requests. A code the
    table lacks is still looked up, so the table can only shorten a yes, never say no.
    """
    using = router.db_for_read(model)
    version = read_version()
    known = set() if version is None else set(codes).intersection(small_tables.table(model, using, version))
    if len(known) < len(codes):
        rest = [code for code in codes if code not in known]
        known.update(model._meta.default_manager.using(using).filter(pk__in=rest).values_list("pk", flat=True))
    return known


class CodeListField(forms.CharField):
    """A comma list of codes that must all exist: `area=07137,07,DG`."""

    def __init__(self, *, model: type[models.Model], **kwargs) -> None:
        self.model = model
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)

    def clean(self, value: str | None) -> list[str] | None:
        value = super().clean(value)
        if not value:
            return None
        items = [code.strip() for code in value.split(",")]
        if "" in items:
            raise forms.ValidationError(EMPTY_ITEM)
        codes = list(dict.fromkeys(items))
        if len(codes) > MAX_CODES:
            raise forms.ValidationError(f"At most {MAX_CODES} codes.")
        known = known_codes(self.model, codes)
        unknown = [code for code in codes if code not in known]
        if unknown:
            # User input goes in params, never into the message: django-filter applies `%` to it.
            raise forms.ValidationError(
                "Unknown %(name)s code(s): %(codes)s.",
                params={"name": self.model._meta.verbose_name, "codes": ", ".join(unknown)},
            )
        return codes


def document(filter_: filters.Filter, schema: dict) -> None:
    """Give drf-spectacular this filter's exact schema, with its help text.

    Per instance, because a class-level annotation would drop each filter's description.
    """
    help_text = filter_.extra.get("help_text")
    extend_schema_field({**schema, **({"description": help_text} if help_text else {})})(filter_)


class CodeListFilter(filters.Filter):
    field_class = CodeListField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, **kwargs)
        document(self, {"type": "string", "minLength": 1, "maxLength": 2000})


class SlugFilter(filters.CharFilter):
    """A code (letters, digits, `-`, `_`) of at most `max_length` characters, like the SlugFields it filters."""

    field_class = forms.SlugField

    def __init__(self, *args, max_length: int, **kwargs) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)
        document(self, {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "minLength": 1, "maxLength": max_length})


class IntegerFilter(filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        bounds = {"min_value": "minimum", "max_value": "maximum"}
        document(self, {"type": "integer", **{bounds[k]: v for k, v in self.extra.items() if k in bounds}})


class YearFilter(IntegerFilter):
    """A calendar year between 1900 and 2100."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(*args, **kwargs)


class KnownIdField(forms.IntegerField):
    """The id of an existing record of `model`: one that does not exist is a 400, not an empty list."""

    def __init__(self, *, model: type[models.Model], **kwargs) -> None:
        self.model = model
        super().__init__(**kwargs)

    def clean(self, value: str | None) -> int | None:
        value = super().clean(value)
        if value is None:
            return None
        if not known_codes(self.model, [value]):
            raise forms.ValidationError(
                "No %(name)s has the id %(id)s.", params={"name": self.model._meta.verbose_name, "id": value}
            )
        return value


class KnownIdFilter(IntegerFilter):
    """One record's id, e.g. `release=3`, that must exist."""

    field_class = KnownIdField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        super().__init__(*args, **kwargs)


class NoEmptyItemsCSVField(BaseCSVField):
    """A comma list whose every item is given: `ordering=,` is a 400, not the default order."""

    def clean(self, value: list[str] | None) -> list | None:
        if value is not None and any(item.strip() == "" for item in value):
            raise forms.ValidationError(EMPTY_ITEM)
        return super().clean(value)


class StableOrderingFilter(filters.OrderingFilter):
    """Ordering with the primary key as the last tie-breaker, so pages never overlap."""

    base_field_class = NoEmptyItemsCSVField

    def filter(self, qs: models.QuerySet, value: list[str] | None) -> models.QuerySet:
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "pk")
        return qs


class ChoiceListFilter(filters.BaseInFilter, filters.ChoiceFilter):
    """A comma list of choices, each one of `choices`: `status=provisional,estimated`."""

    base_field_class = NoEmptyItemsCSVField


class YearRangeForm(forms.Form):
    def clean(self) -> dict:
        data = super().clean()
        low, high = data.get("year_min"), data.get("year_max")
        if low is not None and high is not None and low > high:
            self.add_error("year_min", "year_min must not be greater than year_max.")
        return data


class _ShallowlyCopied(dict):
    """Filters that `copy.deepcopy` copies one level deep: each FilterSet still gets filters of its own.

    django-filter deep-copies every filter for every FilterSet, some 600 objects on each
    request to the metrics list. A filter's own attributes and its `extra` are all a request
    changes (`model`, `parent`, its cached form field, a request's queryset); a method
    filter's FilterMethod points back at its filter, so the copy gets one of its own.
    """

    def __deepcopy__(self, memo: dict) -> dict[str, filters.Filter]:
        copies = {}
        for name, filter_ in self.items():
            copied = copies[name] = copy.copy(filter_)
            copied.extra = dict(filter_.extra)  # a request-dependent field writes its queryset there
            if filter_.method is not None:
                copied.method = filter_.method
        return copies


class _FieldsCopiedOneLevel(dict):
    """A form's fields that `copy.deepcopy` copies one level deep: each form still gets fields of its own.

    Django's Form deep-copies its fields for each form, widgets and choice lists included: about
    a twentieth of an uncached metrics page. An API form never renders its widgets or changes its
    choices; a field's own attributes, its error messages and its validators stay its own.
    """

    def __deepcopy__(self, memo: dict) -> dict[str, forms.Field]:
        copies = {}
        for name, field in self.items():
            copied = copies[name] = copy.copy(field)
            copied.error_messages = dict(field.error_messages)
            copied.validators = list(field.validators)
        return copies


#: Form classes by FilterSet, model and language: they follow from code alone.
form_classes: ProcessCache[tuple, type[forms.Form]] = ProcessCache("filter form classes", size=256, per_version=False)


class FilterSet(filters.FilterSet):
    """django-filter's FilterSet, with its form class built once and its filters copied shallowly.

    django-filter builds a new form class, with new fields and translated labels, for each
    request: about a millisecond of CPU on every list. Ours depend only on the FilterSet, the
    queryset's model (a vintage filters the history model) and the language, so they are kept
    per those; a filter whose field needs the request (a queryset callable) opts out.
    """

    def __init__(self, *args, **kwargs) -> None:
        self.base_filters = _ShallowlyCopied(type(self).base_filters)
        super().__init__(*args, **kwargs)

    def get_form_class(self) -> type[forms.Form]:
        if any(isinstance(filter_, QuerySetRequestMixin) for filter_ in self.filters.values()):
            return super().get_form_class()
        key = (type(self), self.queryset.model, translation.get_language())
        return form_classes.get_or_build(key, self.build_form_class)

    def build_form_class(self) -> type[forms.Form]:
        form_class = super().get_form_class()
        form_class.base_fields = _FieldsCopiedOneLevel(form_class.base_fields)
        return form_class


class YearRangeFilterSet(FilterSet):
    """A FilterSet whose `year_min` may not exceed its `year_max`."""

    class Meta:
        form = YearRangeForm
