"""The figures' vocabulary: the codes a figure's fields take, their help texts, and the fields they make.

Apart from the tables so that serializers, filters and exports can name them, and the models module
stays about the tables.
"""

import calendar
import datetime as dt

from django.db import models


class Qualifier(models.TextChoices):
    EXACT = "exact", "exact"
    APPROXIMATELY = "approximately", "approximately (rund, etwa)"
    NEARLY = "nearly", "nearly (annähernd, fast)"
    MORE_THAN = "more_than", "more than (mehr als, über)"
    LESS_THAN = "less_than", "less than (weniger als, unter)"


class Granularity(models.TextChoices):
    YEAR = "year", "calendar year"
    MONTH = "month", "calendar month"
    SPAN = "span", "any other span"


class ValueKind(models.TextChoices):
    """What kind of value a figure is, so a chart or a comparison never treats two kinds as one series."""

    POINT_IN_TIME = "point_in_time", "point in time (a count or rate on a month's count day, or 'derzeit')"
    ANNUAL_AVERAGE = "annual_average", "annual average (durchschnittlich)"
    PERIOD_TOTAL = "period_total", "total over the period"
    CHANGE = "change", "change over the period (percent)"
    NOT_STATED = "not_stated", "not stated by the source"


VALUE_KIND_HELP = (
    "What kind of value this is. point_in_time: a value at one moment, such as a month's count or rate on its "
    "count day, or a value the source gives as current ('derzeit', 'aktuell'), filed under the source's period; "
    "annual_average: the average over a calendar year ('durchschnittlich'); period_total: a total over the whole "
    "period (e.g. people integrated into work in a year); change: a change over the period in percent (only "
    "indicators of unit percent_change); not_stated: the source gives a value for the period without saying "
    "which of these it is. Values of different kinds are never one series."
)


class Status(models.TextChoices):
    """How final a figure is; the SDMX code of CL_OBS_STATUS in brackets."""

    FINAL = "final", "final (A, normal value)"
    PROVISIONAL = "provisional", "provisional (P, vorläufig)"
    ESTIMATED = "estimated", "estimated (E, geschätzt)"


STATUS_HELP = (
    "How final the figure is: final (SDMX CL_OBS_STATUS A), provisional (P, 'vorläufig': may be revised, "
    "see /revisions/) or estimated (E)."
)
RELEASE_HELP = (
    "The release (its id, /api/v1/releases/) that publishes this record: until its scheduled_at the record "
    "is under embargo and in no public read. Null: public as soon as it is written."
)
SDMX_OBS_STATUS = {"final": "A", "provisional": "P", "estimated": "E"}


def status_field() -> models.CharField:
    return models.CharField(max_length=20, choices=Status.choices, default=Status.FINAL, help_text=STATUS_HELP)


def release_field(related_name: str) -> models.ForeignKey:
    # PROTECT: deleting a release must never publish what it holds (cancel it instead).
    return models.ForeignKey(
        "publishing.Release",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        help_text=RELEASE_HELP,
    )


class Unit(models.TextChoices):
    PERCENT = "percent", "percent"
    PERCENT_CHANGE = "percent_change", "percent change"
    PERSONS = "persons", "persons"
    EUR = "EUR", "euro"


def granularity_of(start: dt.date, end: dt.date) -> str:
    """A period is a calendar year, a calendar month, or a span (anything else)."""
    if start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]:
        if start.year == end.year and start.month == 1 and end.month == 12:
            return Granularity.YEAR
        if (start.year, start.month) == (end.year, end.month):
            return Granularity.MONTH
    return Granularity.SPAN
