"""Vega-Lite specifications of our charts, data inline: the Vega editor, Observable and Jupyter open them as they are.

Every chart says what it shows and where from: the title, the unit, the areas, the
source line ("Quelle: …"), the data set's license and "Stand" (the day of the data).
Numbers are formatted here in the reader's language (decimal comma in German) and by
Vega's d3-format locale on the axes (website.charts.render). `autosize` fit with
`contains: padding` makes the whole image exactly `width` × `height`.
"""

import datetime as dt
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from metrics.models.vocabulary import Granularity
from website.charts.labels import GAP, PLACEMENTS, Plot, place_labels
from website.charts.points import ChartPoint, is_comparison, labelled
from website.charts.words import TEXT, format_day

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
INK, MUTED, GRID = "#1d2428", "#4f5a61", "#e3e7ea"
# Distinct for readers with a colour vision deficiency (Okabe-Ito), darkest first.
PALETTE = ["#0a5c8f", "#c25400", "#2b7a4b", "#8a3b6e", "#5c5c5c", "#9a7a00", "#3a86c8", "#c2185b"]
PADDING = 16
LABEL_MARKS = {
    "above": {"baseline": "bottom", "dy": -GAP},
    "below": {"baseline": "top", "dy": GAP},
    "right": {"align": "left", "baseline": "middle", "dx": GAP},
    "left": {"align": "right", "baseline": "middle", "dx": -GAP},
}


@dataclass(frozen=True)
class Frame:
    """What every chart carries besides its data: texts, size and the day of the data."""

    title: str
    unit: str
    language: str
    sources: tuple[str, ...]
    publisher: str
    license_id: str
    stand: dt.date
    width: int
    height: int

    @property
    def small(self) -> bool:
        return self.width < 700

    @property
    def font_size(self) -> int:
        return 12 if self.small else 14

    def wrap(self, text: str, size: int, indent: float = 0) -> list[str]:
        """Lines that fit the chart's width less `indent` px at `size` px (about half an em a character)."""
        chars = max(20, int((self.width - 2 * PADDING - indent) / (size * 0.52)))
        return textwrap.wrap(text, chars, break_on_hyphens=False) or [text]

    def footer(self, *, signs: bool, status: bool, indent: float = 60) -> list[str]:
        """Source, data set license and Stand, in lines that fit right of the value axis (`indent` px)."""
        t = TEXT[self.language]
        size = self.font_size - 1
        lines = self.wrap(f"{t['source']}: {'; '.join(self.sources) or '–'}", size, indent)
        data = f"{t['data']}: {self.publisher} · {t['license']}: {self.license_id}"
        lines += self.wrap(f"{data} · {t['as_of']}: {format_day(self.stand, self.language)}", size, indent)
        if signs or status:
            lines += self.wrap(t["signs"] + (" · (…) Status" if status else ""), size, indent)
        return lines


def base_spec(frame: Frame, *, subtitle: str, description: str, rows: list[dict]) -> dict:
    """The parts every chart shares: size, title, fonts, data, and a description for screen readers."""
    return {
        "$schema": SCHEMA,
        "description": description,
        "width": frame.width,
        "height": frame.height,
        "autosize": {"type": "fit", "contains": "padding"},
        "padding": PADDING,
        "background": "#ffffff",
        "title": {
            "text": frame.wrap(frame.title, frame.font_size + 6),
            "subtitle": frame.wrap(subtitle, frame.font_size),
            "anchor": "start",
            "fontSize": frame.font_size + 6,
            "subtitleFontSize": frame.font_size,
            "subtitleColor": MUTED,
            "offset": 10,
        },
        "data": {"values": rows},
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "axis": {
                "labelFontSize": frame.font_size - 1,
                "titleFontSize": frame.font_size - 1,
                "labelColor": INK,
                "gridColor": GRID,
                "domainColor": MUTED,
                "tickColor": MUTED,
                "labelOverlap": "greedy",
            },
            "legend": {"labelFontSize": frame.font_size - 1, "titleFontSize": frame.font_size - 1},
        },
    }


def footer_axis(frame: Frame, lines: list[str]) -> dict:
    """The source lines, written as the bottom axis' title: below the plot, aligned left, small and grey."""
    return {
        "title": lines,
        "titleAnchor": "start",
        "titleAlign": "left",
        "titleFontWeight": "normal",
        "titleColor": MUTED,
        "titleFontSize": frame.font_size - 1,
        "titlePadding": 12,
    }


def series_colours(points: Sequence[ChartPoint]) -> dict:
    names = list(dict.fromkeys(p.series for p in points))
    return {"domain": names, "range": [PALETTE[i % len(PALETTE)] for i in range(len(names))]}


def legend(frame: Frame, points: Sequence[ChartPoint], title: str) -> dict | None:
    names = list(dict.fromkeys(p.series for p in points))
    if len(names) < 2:
        return None
    longest = max(len(name) for name in names)
    columns = 1 if frame.small or longest * frame.font_size * 0.55 > frame.width / 2 - 60 else 2
    return {
        "title": title,
        "orient": "top",
        "direction": "horizontal",
        "columns": columns,
        "labelLimit": frame.width - 2 * PADDING - 40,
        "symbolType": "circle",
    }


def describe(frame: Frame, points: Sequence[ChartPoint]) -> str:
    """The chart in words, for a screen reader: what, where from, and every value."""
    t = TEXT[frame.language]
    values = "; ".join(f"{p.series + ' ' if p.series else ''}{p.period}: {p.figure}" for p in points)
    return f"{frame.title} ({frame.unit}). {values or t['no_data']}. {t['source']}: {'; '.join(frame.sources)}."


def series_spec(frame: Frame, points: Sequence[ChartPoint]) -> dict:
    """A time chart (lines with points, one per series) or, for a few periods of several areas, bars."""
    t = TEXT[frame.language]
    areas = list(dict.fromkeys(p.area for p in points))
    subtitle = f"{t['unit']}: {frame.unit}" + (f" · {', '.join(areas)}" if areas else "")
    signs = any(sign in p.mark for p in points for sign in "≈><")
    status = any(p.status not in ("", "final") for p in points)
    footer = frame.footer(signs=signs, status=status)
    rows = [p.row() for p in points]
    spec = base_spec(frame, subtitle=subtitle, description=describe(frame, points), rows=rows)
    if not points:
        spec["mark"] = {"type": "text", "fontSize": frame.font_size + 2, "color": MUTED}
        spec["data"] = {"values": [{"text": t["no_data"]}]}
        spec["encoding"] = {"text": {"field": "text"}}
        return spec
    colour = {"field": "series", "type": "nominal", "scale": series_colours(points), "title": t["series"]}
    colour["legend"] = legend(frame, points, t["series"])
    y_axis = {"title": frame.unit, "format": ",~f", "titleColor": MUTED}
    if is_comparison(points):
        spec["layer"] = comparison_layers(frame, points, colour, y_axis, footer)
        return spec
    top = title_height(frame, spec["title"]["text"], spec["title"]["subtitle"]) + legend_height(
        frame, colour["legend"], points
    )
    plot = time_plot(frame, points, top=top, footer_lines=len(footer))
    chosen = labelled(points)
    order = sorted(chosen, key=lambda p: (not any(sign in p.mark for sign in "≈><("), p.granularity != "span", p.x))
    placements = place_labels(
        plot, [(p.x, p.value, p.mark) for p in order], [(p.x, p.value) for p in points], frame.font_size - 1
    )
    where = dict(zip(order, placements, strict=True))
    for row, point in zip(rows, points, strict=True):
        row["placement"] = where.get(point)
    spec["layer"] = time_layers(frame, points, colour, y_axis, footer)
    return spec


def title_height(frame: Frame, title: list[str], subtitle: list[str]) -> float:
    return PADDING + len(title) * (frame.font_size + 6) * 1.25 + len(subtitle) * (frame.font_size + 3) + 10


def legend_height(frame: Frame, legend_spec: dict | None, points: Sequence[ChartPoint]) -> float:
    if legend_spec is None:
        return 0
    entries = len({p.series for p in points})
    return (frame.font_size + 4) * (1 + math.ceil(entries / legend_spec["columns"])) + 8


def nice_top(value: float) -> float:
    """The top of Vega's 'nice' value scale, roughly: the next round step above `value`."""
    if value <= 0:
        return 0.0
    magnitude = 10 ** math.floor(math.log10(value / 5))
    step = next(m * magnitude for m in (1, 2, 5, 10) if value / (m * magnitude) <= 10)
    return math.ceil(value / step) * step


def time_plot(frame: Frame, points: Sequence[ChartPoint], *, top: float, footer_lines: int) -> Plot:
    """Where the plot lies in the image, as far as the builder can tell (labels.place_labels uses it)."""
    values = [p.value for p in points]
    footer = footer_lines * (frame.font_size + 1) * 1.2 + 12 + frame.font_size + 6
    return Plot(
        left=PADDING + 55,
        top=top,
        right=frame.width - PADDING - 5,
        bottom=frame.height - PADDING - footer,
        start=dt.date(min(p.start.year for p in points), 1, 1),
        end=dt.date(max(p.end.year for p in points) + 1, 1, 1),
        low=-nice_top(-min(0.0, *values)),
        high=nice_top(max(0.0, *values)),
    )


def time_layers(frame: Frame, points: Sequence[ChartPoint], colour: dict, y_axis: dict, footer: list[str]) -> list:
    """Lines with points on a time axis of whole years; a span as a bar from its start to its end."""
    first = min(p.start.year for p in points)
    last = max(p.end.year for p in points) + 1
    plot_width = frame.width - 2 * PADDING - 70
    step = max(1, math.ceil((last - first) / max(plot_width / (frame.font_size * 4.5), 1)))
    x = {
        "field": "x",
        "type": "temporal",
        "scale": {"type": "utc", "domain": [f"{first}-01-01", f"{last}-01-01"]},
        "axis": {
            **footer_axis(frame, footer),
            # Two years or less: quarters, named by month; else whole years.
            "format": "%b %Y" if last - first <= 2 else "%Y",
            "tickCount": {"interval": "month", "step": 3} if last - first <= 2 else {"interval": "year", "step": step},
            "labelFlush": True,
            "grid": False,
        },
    }
    y = {"field": "value", "type": "quantitative", "axis": y_axis, "scale": {"zero": True, "nice": True}}
    not_span = {"filter": f"datum.granularity != '{Granularity.SPAN}'"}
    monthly_dash = {
        "condition": {"test": f"datum.granularity == '{Granularity.MONTH}'", "value": [5, 3]},
        "value": [1, 0],
    }
    size = frame.font_size - 1
    labels = [
        {
            "mark": {"type": "text", "fontSize": size, "fontWeight": "bold", **LABEL_MARKS[placement]},
            "transform": [{"filter": f"datum.placement == '{placement}'"}],
            "encoding": {
                "x": {"field": "x", "type": "temporal"},
                "y": {"field": "value", "type": "quantitative"},
                "text": {"field": "mark"},
                "color": colour,
            },
        }
        for placement in PLACEMENTS
    ]
    return [
        {
            "mark": {"type": "line", "strokeWidth": 2.5},
            "transform": [not_span],
            "encoding": {"x": x, "y": y, "color": colour, "detail": {"field": "series"}, "strokeDash": monthly_dash},
        },
        {
            "mark": {"type": "rule", "strokeWidth": 6, "opacity": 0.6},
            "transform": [{"filter": f"datum.granularity == '{Granularity.SPAN}'"}],
            "encoding": {
                "x": {"field": "start", "type": "temporal"},
                "x2": {"field": "end"},
                "y": {"field": "value", "type": "quantitative"},
                "color": colour,
            },
        },
        {
            "mark": {"type": "point", "size": 70, "strokeWidth": 2, "opacity": 1},
            "transform": [not_span],
            "encoding": {
                "x": {"field": "x", "type": "temporal"},
                "y": {"field": "value", "type": "quantitative"},
                "color": colour,
                # A provisional or estimated value is an open circle; a final one is filled.
                "fill": {
                    "condition": {"test": "datum.status == '' || datum.status == 'final'", **colour},
                    "value": "#ffffff",
                },
                "shape": {"value": "circle"},
            },
        },
        *labels,
    ]


def comparison_layers(frame: Frame, points: Sequence[ChartPoint], colour: dict, y_axis: dict, footer: list) -> list:
    """Bars side by side per period, one per series (area, source), each with its value written on it."""
    order = sorted({(p.start, p.end, p.period) for p in points})
    x = {
        "field": "period",
        "type": "nominal",
        "sort": [period for _, _, period in order],
        "scale": {"paddingOuter": 0.3},
    }
    x["axis"] = {**footer_axis(frame, footer), "labelAngle": 0}
    size = frame.font_size - 1
    encoding = {
        "x": x,
        "xOffset": {"field": "series", "sort": colour["scale"]["domain"]},
        # Room beyond the longest bar for its label, so it never runs into the axis.
        "y": {"field": "value", "type": "quantitative", "axis": y_axis, "scale": {"domain": headroom(points)}},
        "color": colour,
    }
    return [
        {"mark": {"type": "bar", "cornerRadius": 2}, "encoding": encoding},
        {
            "mark": {"type": "text", "fontSize": size, "fontWeight": "bold", "baseline": "bottom", "dy": -3},
            "transform": [{"filter": "datum.value >= 0"}],
            "encoding": {**encoding, "text": {"field": "mark"}, "color": {"value": INK}},
        },
        {
            "mark": {"type": "text", "fontSize": size, "fontWeight": "bold", "baseline": "top", "dy": 3},
            "transform": [{"filter": "datum.value < 0"}],
            "encoding": {**encoding, "text": {"field": "mark"}, "color": {"value": INK}},
        },
        {"mark": {"type": "rule", "color": MUTED}, "encoding": {"y": {"datum": 0}}},
    ]


def headroom(points: Sequence[ChartPoint]) -> list[float]:
    low = min(0.0, *(p.value for p in points))
    high = max(0.0, *(p.value for p in points))
    return [-nice_top(-low * 1.15), nice_top(high * 1.15)]


def bar_list_spec(frame: Frame, rows: list[dict], *, subtitle: str, description: str) -> dict:
    """Horizontal bars with their values written beside them (a budget and its categories).

    `rows`: `name`, `value`, `figure` (the value as written) and `derived` (drawn lighter).
    """
    spec = base_spec(frame, subtitle=subtitle, description=description, rows=rows)
    longest = max((len(row["name"]) for row in rows), default=0)
    footer = frame.footer(signs=False, status=False, indent=min(longest * frame.font_size * 0.6 + 10, frame.width // 2))
    y = {"field": "name", "type": "nominal", "sort": None, "axis": {"title": None, "labelLimit": frame.width // 2}}
    spec["layer"] = [
        {
            "mark": {"type": "bar", "cornerRadius": 2},
            "encoding": {
                "y": y,
                "x": {
                    "field": "value",
                    "type": "quantitative",
                    "axis": {**footer_axis(frame, footer), "format": ",~s", "labelFlush": True},
                },
                "color": {"condition": {"test": "datum.derived", "value": "#9fb7c9"}, "value": PALETTE[0]},
            },
        },
        {
            "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": frame.font_size - 1, "color": INK},
            "encoding": {"y": y, "x": {"field": "value", "type": "quantitative"}, "text": {"field": "figure"}},
        },
    ]
    return spec
