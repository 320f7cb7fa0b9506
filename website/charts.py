"""The landing page's charts as SVG geometry, computed here and drawn by a Django template.

No JavaScript and nothing from a CDN: the page works offline and on any phone. Each
kind of period gets its own drawing: calendar years as bars on a year axis, monthly
values as dots on a month axis (never as if they were a year's), and a span
(2005-2016) as a labelled range below the annual bars, never as a point.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from metrics.models import Budget, BudgetCategory, Granularity, Observation
from metrics.presentation import display_period, format_figure, format_number

WIDTH = 480
LEFT, RIGHT, TOP = 52, 12, 28
PLOT_HEIGHT = 200
LABEL_ROOM = 120  # above the plot, for value labels written upwards
MIN_VALUE_LABEL_GAP = 15  # px between two upward value labels; closer ones keep only their tooltip
SPAN_ROW = 34
MIN_LABEL_GAP = 56  # px between two axis labels
AREA_COLOURS = ("#1b5e8a", "#d9822b", "#5b8c3a", "#8a3b6e", "#6b6b6b")


@dataclass
class Chart:
    """Everything the template draws: shapes in viewBox coordinates, and the words around them."""

    title: str
    height: int
    bars: list[dict] = field(default_factory=list)
    spans: list[dict] = field(default_factory=list)
    dots: list[dict] = field(default_factory=list)
    texts: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    legend: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    width: int = WIDTH


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values from below `low` to above `high`, zero included: 0, 2.5, 5, 7.5, 10."""
    low, high = min(low, 0.0), max(high, 0.0)
    if low == high:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first, last = math.floor(low / step), math.ceil(high / step)
    return [round(i * step, 10) for i in range(first, last + 1)]


def area_colours(observations: Sequence[Observation]) -> dict[str, str]:
    """One colour per area, the district (longest code) first."""
    areas = sorted({o.area_id for o in observations}, key=lambda code: (-len(code), code))
    return {code: AREA_COLOURS[i % len(AREA_COLOURS)] for i, code in enumerate(areas)}


def value_axis(chart: Chart, values: list[float], top: float, language: str) -> Callable[[float], float]:
    """Draw grid lines and tick labels for `values`; return the value -> y mapping."""
    ticks = nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]

    def y_of(value: float) -> float:
        return top + (high - value) / (high - low) * PLOT_HEIGHT

    for tick in ticks:
        y = y_of(tick)
        chart.lines.append(
            {"x1": LEFT, "x2": WIDTH - RIGHT, "y1": y, "y2": y, "class": "axis" if tick == 0 else "grid"}
        )
        chart.texts.append(
            {"x": LEFT - 6, "y": y + 4, "text": format_number(Decimal(str(tick)), language), "class": "tick"}
        )
    return y_of


def axis_labels(chart: Chart, labels: list[tuple[float, str]], y: float) -> None:
    """Time-axis labels left to right, skipping one that would overlap the previous."""
    last_x = -math.inf
    for x, text in sorted(labels):
        if x - last_x >= MIN_LABEL_GAP:
            anchor = "end" if x + 4 * len(text) > WIDTH else "start" if x - 4 * len(text) < 0 else "middle"
            chart.texts.append({"x": x, "y": y, "text": text, "class": "year", "anchor": anchor})
            last_x = x


def upward_label(chart: Chart, x: float, y: float, text: str) -> None:
    """A value written upwards from (x, y), unless it would overlap the one drawn just before it."""
    previous = [t["x"] for t in chart.texts if t.get("rotate")]
    if previous and abs(x + 4 - previous[-1]) < MIN_VALUE_LABEL_GAP:
        return
    chart.texts.append({"x": x + 4, "y": y - 4, "text": text, "class": "value", "rotate": True})


def annual_chart(
    *, title: str, unit: str, observations: Sequence[Observation], area_names: dict[str, str], language: str
) -> Chart | None:
    """Calendar-year values as bars on a year axis (one per area and source); spans as ranges below."""
    annual = sorted((o for o in observations if o.granularity == Granularity.YEAR), key=lambda o: o.year)
    spans = sorted((o for o in observations if o.granularity == Granularity.SPAN), key=lambda o: o.period_start)
    if not annual and not spans:
        return None
    colour = area_colours([*annual, *spans])
    years = [o.year for o in annual] + [y for o in spans for y in (o.period_start.year, o.period_end.year)]
    first, slots = min(years), max(years) - min(years) + 1
    slot_width = (WIDTH - LEFT - RIGHT) / slots

    def x_of(year: float) -> float:
        return LEFT + (year - first) * slot_width

    plot_top = TOP + LABEL_ROOM
    plot_height = PLOT_HEIGHT if annual else 0
    chart = Chart(title=title, height=plot_top + plot_height + 30 + SPAN_ROW * len(spans) + 8)
    if annual:
        y_of = value_axis(chart, [float(o.value) for o in annual], plot_top, language)
        zero = y_of(0)
        by_year: dict[int, list[Observation]] = {}
        for observation in annual:
            by_year.setdefault(observation.year, []).append(observation)
        labels = []
        for year, points in by_year.items():
            order = list(colour)
            points.sort(key=lambda o: (order.index(o.area_id), o.source_id))
            bar_width = min(44.0, slot_width * 0.9 / len(points))
            start = min(
                max(x_of(year + 0.5) - bar_width * len(points) / 2, LEFT), WIDTH - RIGHT - bar_width * len(points)
            )
            for index, point in enumerate(points):
                value = float(point.value)
                top, bottom = sorted((y_of(value), zero))
                x = start + index * bar_width
                label = format_figure(point.value, unit, point.qualifier, language)
                chart.bars.append(
                    {
                        "x": x + 1,
                        "y": top,
                        "width": max(bar_width - 2, 2),
                        "height": max(bottom - top, 1),
                        "fill": colour[point.area_id],
                        "title": f"{area_names[point.area_id]} {year}: {label} ({point.source.title})",
                    }
                )
                upward_label(chart, x + bar_width / 2, min(top, zero), label)
            labels.append((start + bar_width * len(points) / 2, str(year)))
        axis_labels(chart, labels, plot_top + plot_height + 18)
    for index, span in enumerate(spans):
        y = plot_top + plot_height + 30 + index * SPAN_ROW
        x1, x2 = x_of(span.period_start.year), x_of(span.period_end.year + 1)
        period = display_period(span.period_start, span.period_end, span.granularity)
        label = f"{period}: {format_figure(span.value, unit, span.qualifier, language)}"
        chart.spans.append(
            {"x": x1, "y": y, "width": x2 - x1, "height": 12, "fill": colour[span.area_id], "title": label}
        )
        chart.texts.append({"x": x1 + 4, "y": y + 26, "text": label, "class": "span-label"})
    chart.legend = [{"colour": c, "name": area_names[code]} for code, c in colour.items()]
    return chart


def monthly_chart(
    *, title: str, unit: str, observations: Sequence[Observation], area_names: dict[str, str], language: str
) -> Chart | None:
    """Monthly values as dots on a month axis, so a month is never read as a year's value."""
    monthly = sorted((o for o in observations if o.granularity == Granularity.MONTH), key=lambda o: o.period_start)
    if not monthly:
        return None
    colour = area_colours(monthly)

    def month_index(observation: Observation) -> int:
        return observation.period_start.year * 12 + observation.period_start.month - 1

    first, last = month_index(monthly[0]), month_index(monthly[-1])
    step = (WIDTH - LEFT - RIGHT - 16) / max(last - first, 1)

    def x_of(index: int) -> float:
        return LEFT + 8 + (index - first) * step

    plot_top = TOP + LABEL_ROOM
    chart = Chart(title=title, height=plot_top + PLOT_HEIGHT + 30)
    y_of = value_axis(chart, [float(o.value) for o in monthly], plot_top, language)
    for observation in monthly:
        x, y = x_of(month_index(observation)), y_of(float(observation.value))
        label = format_figure(observation.value, unit, observation.qualifier, language)
        period = display_period(observation.period_start, observation.period_end, observation.granularity)
        chart.dots.append(
            {
                "x": x,
                "y": y,
                "fill": colour[observation.area_id],
                "title": f"{area_names[observation.area_id]} {period}: {label}",
            }
        )
        upward_label(chart, x, y - 4, label)
    axis_labels(
        chart,
        [(x_of(month_index(o)), display_period(o.period_start, o.period_end, o.granularity)) for o in monthly],
        plot_top + PLOT_HEIGHT + 18,
    )
    chart.legend = [{"colour": c, "name": area_names[code]} for code, c in colour.items()]
    return chart


def budget_chart(title: str, budget: Budget, categories: Sequence[BudgetCategory], language: str) -> Chart:
    """The total, its listed categories and the derived unitemized rest as bars on one scale."""
    roots = [c for c in categories if c.parent_id is None]
    rows = [("total", "Gesamt" if language == "de" else "Total", budget.total, budget.qualifier)]
    rows += [("category", getattr(c, f"name_{language}"), c.amount, c.qualifier) for c in roots]
    rest = budget.unitemized_amount(list(categories))
    rest_name = "nicht aufgeschlüsselt (abgeleitet)" if language == "de" else "not itemized (derived)"
    rows.append(("derived", rest_name, rest, "exact"))
    row_height, left = 44, 8
    chart = Chart(title=title, height=TOP + row_height * len(rows))
    scale = (WIDTH - left - RIGHT) / float(max(budget.total, *(amount for _, _, amount, _ in rows)) or 1)
    for index, (kind, name, amount, qualifier) in enumerate(rows):
        y = TOP + index * row_height
        text = f"{name}: {format_figure(amount, 'EUR', qualifier, language)}"
        chart.texts.append({"x": left, "y": y - 4, "text": text, "class": "bar-label"})
        chart.bars.append(
            {
                "x": left,
                "y": y,
                "width": max(float(amount) * scale, 1),
                "height": 16,
                "fill": "#1b5e8a" if kind != "derived" else "url(#hatch)",
                "title": name,
                "class": kind,
            }
        )
    return chart
