"""Reads behind the charts, the embed page and the front page's key figures.

`series_for` and `chart_for` take the series' filters (`area`, `granularity`, `year_min`, `year_max`),
`lang`, `as_of`, `width` and `height`, under the API's one allow-list, and is shared by
the chart endpoints (DRF) and the embed page (a plain Django view): each bad parameter
is a ValidationError naming it.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import Http404, QueryDict
from django.utils import timezone
from django_filters import utils as filter_utils
from rest_framework import exceptions

from dataversion.services import current_version
from jobcenter_api.api.base import GLOBAL_PARAMS, VINTAGE_PARAMS, query_param_errors
from jobcenter_api.readpath.vintages import AsOfForm, attach_vintage_relations, end_of_day, published
from locations.models import Area, Source
from metrics.filtersets import SeriesFilterSet
from metrics.models import Indicator, Observation
from publishing.models import Release, ReleaseStatus
from website.charts.points import ChartPoint, chart_points
from website.charts.spec import Frame, series_spec
from website.charts.words import UNIT_WORDS
from website.filtersets import DEFAULT_HEIGHT, DEFAULT_WIDTH, ChartFilterSet

BERLIN = ZoneInfo("Europe/Berlin")
RELEASES_PATH = "/api/v1/releases/"


@dataclass(frozen=True)
class Chart:
    """An indicator's chart: its points, its Vega-Lite spec and the day of its data."""

    indicator: Indicator
    language: str
    points: list[ChartPoint]
    observations: list[Observation]
    spec: dict
    stand: dt.date
    as_of: dt.date | None

    @property
    def title(self) -> str:
        return getattr(self.indicator, f"name_{self.language}")


def source_names(observations: Sequence[Observation]) -> tuple[str, ...]:
    """Each source's publisher and date, once, oldest first: the chart's source line."""
    seen: dict[str, str] = {}
    for observation in sorted(observations, key=lambda o: (o.source.published or "", o.source_id)):
        source = observation.source
        seen.setdefault(
            source.publisher, f"{source.publisher}{f' ({source.published[:4]})' if source.published else ''}"
        )
    return tuple(seen.values())


def data_day(as_of: dt.date | None) -> dt.date:
    """The day the chart's data is of: `as_of` if given, else when the data last changed."""
    if as_of is not None:
        return as_of
    return timezone.localtime(current_version().changed_at).date()


@dataclass(frozen=True)
class Series:
    """An indicator's observations under the series' filters, with the cleaned parameters."""

    indicator: Indicator
    observations: list[Observation]
    cleaned: dict
    as_of: dt.date | None


def series_for(code: str, params: QueryDict, filterset_class: type[SeriesFilterSet]) -> Series:
    """The observations of indicator `code` under `params`: ValidationError for a bad parameter, Http404 for no code."""
    errors = query_param_errors(GLOBAL_PARAMS - {"format"} | VINTAGE_PARAMS | set(filterset_class.base_filters), params)
    if errors:
        raise exceptions.ValidationError(errors)
    as_of_form = AsOfForm(params)
    if not as_of_form.is_valid():
        raise exceptions.ValidationError({name: list(errors) for name, errors in as_of_form.errors.items()})
    as_of = as_of_form.cleaned_data.get("as_of")
    when = end_of_day(as_of) if as_of else None
    indicator = published(Indicator, when).filter(code=code).first()
    if indicator is None:
        raise Http404(f"No indicator {code!r}.")
    queryset = published(Observation, when).filter(indicator=code)
    if when is None:
        queryset = queryset.select_related("source", "area")
    filterset = filterset_class(params, queryset=queryset)
    if not filterset.is_valid():
        raise filter_utils.translate_validation(filterset.errors)
    observations = list(filterset.qs.order_by("area_id", "period_end", "period_start", "source_id"))
    if when is not None:
        attach_vintage_relations(observations, when, parents={"source": Source, "area": Area}, children={})
    return Series(indicator=indicator, observations=observations, cleaned=filterset.form.cleaned_data, as_of=as_of)


def chart_for(code: str, params: QueryDict, *, language: str, size: tuple[int, int] | None = None) -> Chart:
    """The chart of indicator `code` under `params` (the series' filters, `width`, `height`, `lang`, `as_of`)."""
    series = series_for(code, params, ChartFilterSet)
    indicator, observations = series.indicator, series.observations
    width = series.cleaned.get("width") or DEFAULT_WIDTH
    height = series.cleaned.get("height") or DEFAULT_HEIGHT
    width, height = size or (width, height)
    points = chart_points(observations, language)
    frame = Frame(
        title=getattr(indicator, f"name_{language}"),
        unit=UNIT_WORDS[language].get(indicator.unit, indicator.unit),
        language=language,
        sources=source_names(observations),
        publisher=settings.PUBLISHER,
        license_id=settings.LICENSE_ID,
        stand=data_day(series.as_of),
        width=width,
        height=height,
    )
    return Chart(
        indicator=indicator,
        language=language,
        points=points,
        observations=observations,
        spec=series_spec(frame, points),
        stand=frame.stand,
        as_of=series.as_of,
    )


@dataclass(frozen=True)
class NextRelease:
    """The next announced release as the front page names it: title, moment in Berlin, where to read more."""

    title: str
    moment: dt.datetime
    when: str
    detail: str
    calendar: str


def next_release(language: str) -> NextRelease | None:
    """The next scheduled release, if one is announced; its moment in Europe/Berlin, in the reader's language.

    Linked by path: the releases API and its calendar are their own endpoints (/api/v1/releases/).
    """
    release = Release.objects.with_status(ReleaseStatus.SCHEDULED).order_by("scheduled_at", "id").first()
    if release is None:
        return None
    moment = timezone.localtime(release.scheduled_at, BERLIN)
    when = moment.strftime("%d.%m.%Y, %H:%M Uhr") if language == "de" else moment.strftime("%Y-%m-%d, %H:%M %Z")
    return NextRelease(
        title=(release.title_en or release.title_de) if language == "en" else release.title_de,
        moment=moment,
        when=when,
        detail=f"{RELEASES_PATH}{release.pk}/",
        calendar=f"{RELEASES_PATH}calendar.ics",
    )
