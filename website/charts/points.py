"""An indicator's observations as the rows a chart draws: one series per kind of value, and its label.

A series is what a line may join: one area, one kind of period (annual, monthly, span)
and one `value_kind`. So annual and monthly values, or a current value and an annual
average, are never one line; where two sources give a value of one series for one period,
each source is a series of its own. Each series has its own colour and legend entry; the
publishers are named in the source line. `status` (final, provisional,
estimated) is read where the model has it and drawn on the point.
"""

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from locations.models import AreaLevel
from metrics.models import Observation
from metrics.models.vocabulary import Granularity
from metrics.presentation import display_period, format_figure, format_number
from website.charts.words import GRANULARITY_WORDS, QUALIFIER_SIGNS, VALUE_KIND_WORDS, status_word

LEVEL_ORDER = {AreaLevel.DISTRICT: 0, AreaLevel.STATE: 1, AreaLevel.COUNTRY: 2}


@dataclass(frozen=True)
class ChartPoint:
    """One observation as drawn and as listed in the chart's table of values."""

    x: dt.date
    start: dt.date
    end: dt.date
    period: str
    granularity: str
    value: float
    figure: str
    mark: str
    status: str
    series: str
    area: str
    source: str

    def row(self) -> dict:
        """The point as Vega-Lite data (JSON values only)."""
        return {
            "x": self.x.isoformat(),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "period": self.period,
            "granularity": self.granularity,
            "value": self.value,
            "figure": self.figure,
            "mark": self.mark,
            "status": self.status,
            "series": self.series,
            "area": self.area,
            "source": self.source,
        }


def middle(start: dt.date, end: dt.date) -> dt.date:
    """Where a period's point sits on a time axis: the middle of the period."""
    return start + (end - start) / 2


def area_name(observation: Observation, language: str) -> str:
    return getattr(observation.area, f"name_{language}")


def series_parts(observation: Observation, language: str) -> tuple[str, ...]:
    """What tells one series from another: area, kind of value, kind of period."""
    kind = VALUE_KIND_WORDS[language].get(observation.value_kind, observation.value_kind)
    granularity = GRANULARITY_WORDS[language][observation.granularity]
    return (area_name(observation, language), str(kind), granularity)


def short_mark(observation: Observation, language: str, period: str) -> str:
    """The text beside a point: the qualifier's sign, the number, a status other than final; a span's period."""
    number = format_number(observation.value, language)
    if observation.unit in ("percent", "percent_change"):
        number += " %"
    sign = QUALIFIER_SIGNS.get(observation.qualifier, "")
    status = status_word(getattr(observation, "status", None), language)
    text = f"{sign} {number}" if sign else number
    text = f"{text} ({status})" if status else text
    return f"{period}: {text}" if observation.granularity == Granularity.SPAN else text


def chart_points(observations: Sequence[Observation], language: str) -> list[ChartPoint]:
    """The observations as chart points, each labelled with its series (only the parts that differ)."""
    parts = {observation.pk: series_parts(observation, language) for observation in observations}
    # Two observations of one series and period (two sources): the source tells them apart.
    clashes = Counter((parts[o.pk], o.period_start, o.period_end) for o in observations)
    for observation in observations:
        if clashes[(parts[observation.pk], observation.period_start, observation.period_end)] > 1:
            parts[observation.pk] = (*parts[observation.pk], observation.source.title)
    width = max((len(p) for p in parts.values()), default=0)
    varying = [i for i in range(width) if len({p[i] if i < len(p) else "" for p in parts.values()}) > 1]
    if not varying:
        varying = [0]
    points = []
    label_of: dict[object, str] = {}
    for observation in observations:
        own = parts[observation.pk]
        label = label_of[observation.pk] = " · ".join(own[i] for i in varying if i < len(own) and own[i])
        period = display_period(observation.period_start, observation.period_end, observation.granularity)
        points.append(
            ChartPoint(
                x=middle(observation.period_start, observation.period_end),
                start=observation.period_start,
                end=observation.period_end,
                period=period,
                granularity=observation.granularity,
                value=float(observation.value),
                figure=format_figure(observation.value, observation.unit, observation.qualifier, language),
                mark=short_mark(observation, language, period),
                status=getattr(observation, "status", None) or "",
                series=label,
                area=area_name(observation, language),
                source=observation.source.publisher,
            )
        )
    # Kreis, Land, Bund: the district first, as a reader compares it with the others.
    rank = {o.pk: (LEVEL_ORDER.get(o.area.level, 9), o.area_id) for o in observations}
    first_seen = {}
    for observation in sorted(observations, key=lambda o: rank[o.pk]):
        first_seen.setdefault(label_of[observation.pk], len(first_seen))
    return sorted(points, key=lambda p: (first_seen[p.series], p.start, p.end))


def is_comparison(points: Sequence[ChartPoint]) -> bool:
    """Several areas over a few periods: bars side by side read better than lines."""
    areas = {p.area for p in points}
    periods = {(p.start, p.end) for p in points}
    return len(areas) > 1 and len(periods) <= 3


def labelled(points: Sequence[ChartPoint]) -> set[ChartPoint]:
    """The points whose value is written beside them: rough or non-final ones, and each series' last."""
    last: dict[str, ChartPoint] = {}
    for point in points:
        if point.granularity != Granularity.SPAN:
            last[point.series] = point
    rough = {p for p in points if any(sign in p.mark for sign in "≈><") or p.status not in ("", "final")}
    spans = {p for p in points if p.granularity == Granularity.SPAN}
    return rough | spans | set(last.values())
