"""The landing page's charts as SVG geometry, computed here and drawn by a Django template.

No JavaScript and nothing from a CDN: the page works offline and on any phone. The
annual chart plots calendar years only; a span (2005-2016) is a labelled range below
it, never a point, and a monthly value is never drawn as if it were a year's.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from metrics.models import Budget, BudgetCategory, Granularity, Observation
from metrics.presentation import display_period, format_figure, format_number

WIDTH = 480
LEFT, RIGHT, TOP = 52, 12, 28
PLOT_HEIGHT = 200
SPAN_ROW = 34
AREA_COLOURS = ("#1b5e8a", "#d9822b", "#5b8c3a", "#8a3b6e", "#6b6b6b")


@dataclass
class Chart:
    """Everything the template draws: shapes in viewBox coordinates, and the words around them."""

    title: str
    height: int
    bars: list[dict] = field(default_factory=list)
    spans: list[dict] = field(default_factory=list)
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


def series_chart(
    *, title: str, unit: str, observations: Sequence[Observation], area_names: dict[str, str], language: str
) -> Chart:
    """Calendar-year values as bars on a year axis (one colour per area); spans as ranges below."""
    annual = [o for o in observations if o.granularity == Granularity.YEAR]
    spans = [o for o in observations if o.granularity == Granularity.SPAN]
    monthly = [o for o in observations if o.granularity == Granularity.MONTH]
    areas = sorted({o.area_id for o in [*annual, *spans]}, key=lambda code: (-len(code), code))
    colour = {code: AREA_COLOURS[i % len(AREA_COLOURS)] for i, code in enumerate(areas)}

    years = [o.year for o in annual] + [y for o in spans for y in (o.period_start.year, o.period_end.year)]
    first, last = (min(years), max(years)) if years else (0, 0)
    slots = last - first + 1
    plot_width = WIDTH - LEFT - RIGHT
    slot_width = plot_width / slots

    def x_of(year: float) -> float:
        return LEFT + (year - first) * slot_width

    plot_height = PLOT_HEIGHT if annual else 0
    chart = Chart(title=title, height=TOP + plot_height + 30 + SPAN_ROW * len(spans) + 8)
    if annual:
        values = [float(o.value) for o in annual]
        ticks = nice_ticks(min(values), max(values))
        low, high = ticks[0], ticks[-1]

        def y_of(value: float) -> float:
            return TOP + (high - value) / (high - low) * plot_height

        for tick in ticks:
            y = y_of(tick)
            chart.lines.append({"x1": LEFT, "x2": WIDTH - RIGHT, "y1": y, "y2": y, "class": "grid"})
            chart.texts.append(
                {"x": LEFT - 6, "y": y + 4, "text": format_number(Decimal(str(tick)), language), "class": "tick"}
            )
        zero = y_of(0)
        chart.lines.append({"x1": LEFT, "x2": WIDTH - RIGHT, "y1": zero, "y2": zero, "class": "axis"})
        by_year: dict[int, list[Observation]] = {}
        for observation in annual:
            by_year.setdefault(observation.year, []).append(observation)
        for year, points in sorted(by_year.items()):
            points.sort(key=lambda o: areas.index(o.area_id))
            bar_width = min(44.0, slot_width * 0.8 / len(points), plot_width * 0.8 / len(points))
            start = x_of(year + 0.5) - bar_width * len(points) / 2
            if start < LEFT:
                start = LEFT
            if start + bar_width * len(points) > WIDTH - RIGHT:
                start = WIDTH - RIGHT - bar_width * len(points)
            for index, point in enumerate(points):
                value = float(point.value)
                top, bottom = sorted((y_of(value), zero))
                x = start + index * bar_width
                label = format_figure(point.value, unit, point.qualifier, language)
                chart.bars.append(
                    {
                        "x": x + 2,
                        "y": top,
                        "width": bar_width - 4,
                        "height": max(bottom - top, 1),
                        "fill": colour[point.area_id],
                        "title": f"{area_names[point.area_id]} {year}: {label}",
                    }
                )
                label_y = top - 5 if value >= 0 else bottom + 14
                # Keep a label inside the drawing: flush left or right at the plot's edges.
                label_x, anchor = x + bar_width / 2, "middle"
                if label_x - 4 * len(label) < LEFT:
                    label_x, anchor = x + 2, "start"
                elif label_x + 4 * len(label) > WIDTH - RIGHT:
                    label_x, anchor = x + bar_width - 2, "end"
                chart.texts.append({"x": label_x, "y": label_y, "text": label, "class": "value", "anchor": anchor})
            centre = start + bar_width * len(points) / 2
            chart.texts.append({"x": centre, "y": TOP + plot_height + 18, "text": str(year), "class": "year"})
    for index, span in enumerate(sorted(spans, key=lambda o: (o.period_start, o.area_id))):
        y = TOP + plot_height + 30 + index * SPAN_ROW
        x1, x2 = x_of(span.period_start.year), x_of(span.period_end.year + 1)
        label = format_figure(span.value, unit, span.qualifier, language)
        period = display_period(span.period_start, span.period_end, span.granularity)
        chart.spans.append(
            {"x": x1, "y": y, "width": x2 - x1, "height": 12, "fill": colour[span.area_id], "title": period}
        )
        chart.texts.append({"x": x1 + 4, "y": y + 26, "text": f"{period}: {label}", "class": "span-label"})
    chart.legend = [{"colour": colour[code], "name": area_names[code]} for code in areas]
    if monthly:
        chart.notes.append(
            f"{len(monthly)} Monatswerte, nicht im Jahresdiagramm (siehe CSV)."
            if language == "de"
            else f"{len(monthly)} monthly values, not drawn in the annual chart (see the CSV)."
        )
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
