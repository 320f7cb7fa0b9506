import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.dateparse import parse_date, parse_datetime
from django_filters import rest_framework as filters

from jobcenter_api.api.filters import MAX_YEAR, MIN_YEAR, FilterSet, document
from jobcenter_api.api.schema import DATE_IN_RANGE
from jobcenter_api.readpath.vintages import DayField, end_of_day
from publishing.models import Change, Release, ReleaseStatus, Resource


class MomentField(forms.CharField):
    """An ISO 8601 date-time, or a date meaning its start (both in Europe/Berlin unless an offset is given)."""

    def clean(self, value: str | None) -> dt.datetime | None:
        value = super().clean(value)
        if not value:
            return None
        try:
            moment = parse_datetime(value)
            day = None if moment else parse_date(value)
        except ValueError:
            moment = day = None
        if day is not None:
            moment = dt.datetime.combine(day, dt.time.min)
        if moment is None:
            raise forms.ValidationError("Enter a date (YYYY-MM-DD) or an ISO 8601 date-time.")
        if not MIN_YEAR <= moment.year <= MAX_YEAR:
            raise forms.ValidationError(f"Use a moment between {MIN_YEAR} and {MAX_YEAR}.")
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
        return moment


class MomentFilter(filters.Filter):
    field_class = MomentField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)
        in_range = {"type": "string", "pattern": DATE_IN_RANGE, "maxLength": 40}
        document(self, {"anyOf": [{**in_range, "format": "date"}, {**in_range, "format": "date-time"}]})


class DayFilter(filters.DateFilter):
    field_class = DayField

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        document(self, {"type": "string", "format": "date"})


class ChangeFilterSet(filters.FilterSet):
    since = MomentFilter(
        field_name="changed_at",
        lookup_expr="gte",
        help_text="Only changes at or after this moment: a date (YYYY-MM-DD) or an ISO 8601 date-time.",
    )
    resource = filters.ChoiceFilter(choices=Resource.choices, help_text="Only changes of this resource.")
    as_of = DayFilter(method="filter_as_of", help_text="Only changes published by the end of this day (Europe/Berlin).")

    class Meta:
        model = Change
        fields = ["since", "resource", "as_of"]

    def filter_as_of(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(changed_at__lte=end_of_day(value))


class ReleaseRangeForm(forms.Form):
    def clean(self) -> dict:
        data = super().clean()
        low, high = data.get("from"), data.get("to")
        if low is not None and high is not None and low > high:
            self.add_error("from", "from must not be after to.")
        return data


class ReleaseFilterSet(FilterSet):
    status = filters.ChoiceFilter(
        choices=ReleaseStatus.choices, method="filter_status", help_text="Only releases with this status now."
    )
    # `from` is a Python keyword: the filter is declared by its query parameter's name.
    locals()["from"] = DayFilter(
        field_name="scheduled_at",
        method="filter_from",
        help_text="Only releases scheduled on or after this day (YYYY-MM-DD, Europe/Berlin).",
    )
    to = DayFilter(
        field_name="scheduled_at",
        method="filter_to",
        help_text="Only releases scheduled on or before this day (YYYY-MM-DD, Europe/Berlin).",
    )

    class Meta:
        model = Release
        fields = ["status", "from", "to"]
        form = ReleaseRangeForm

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.with_status(value)

    def filter_from(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(scheduled_at__gt=end_of_day(value - dt.timedelta(days=1)))

    def filter_to(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(scheduled_at__lte=end_of_day(value))
