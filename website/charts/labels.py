"""Where each value label goes beside its point, so that no two labels overlap.

Vega-Lite has no collision avoidance for text marks, so the builder works out the
plot's geometry roughly (it knows the size, the fonts and the lines above and below the
plot) and tries, for each label in order of importance (rough and provisional values
first), above, below, right and left of its point; a label that fits nowhere is left
out of the drawing (its value stays in the chart's description and table).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

PLACEMENTS = ("above", "below", "right", "left")
GAP = 7  # px between a point and its label
CHAR = 0.6  # a character's width in em (bold sans-serif digits)
POINT_RADIUS = 5


@dataclass(frozen=True)
class Plot:
    """The plot area in pixels and the scales' domains."""

    left: float
    top: float
    right: float
    bottom: float
    start: dt.date
    end: dt.date
    low: float
    high: float

    def x(self, day: dt.date) -> float:
        span = (self.end - self.start).days or 1
        return self.left + (day - self.start).days / span * (self.right - self.left)

    def y(self, value: float) -> float:
        span = (self.high - self.low) or 1
        return self.bottom - (value - self.low) / span * (self.bottom - self.top)


Box = tuple[float, float, float, float]


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def label_box(x: float, y: float, text: str, size: float, placement: str) -> Box:
    width, height = len(text) * size * CHAR, size
    if placement == "above":
        return (x - width / 2, y - GAP - height, x + width / 2, y - GAP)
    if placement == "below":
        return (x - width / 2, y + GAP, x + width / 2, y + GAP + height)
    if placement == "right":
        return (x + GAP, y - height / 2, x + GAP + width, y + height / 2)
    return (x - GAP - width, y - height / 2, x - GAP, y + height / 2)


def place_labels(
    plot: Plot, items: Sequence[tuple[dt.date, float, str]], points: Sequence[tuple[dt.date, float]], size: float
) -> list[str | None]:
    """A placement (above, below, right, left) or None for each (x, value, text) in `items`, most important first."""
    placed: list[Box] = []
    dots = [
        (
            plot.x(day) - POINT_RADIUS,
            plot.y(value) - POINT_RADIUS,
            plot.x(day) + POINT_RADIUS,
            plot.y(value) + POINT_RADIUS,
        )
        for day, value in points
    ]
    inside = (plot.left - 30, plot.top - size - GAP, plot.right + 20, plot.bottom + 2)
    result: list[str | None] = []
    for day, value, text in items:
        x, y = plot.x(day), plot.y(value)
        own = (x - POINT_RADIUS, y - POINT_RADIUS, x + POINT_RADIUS, y + POINT_RADIUS)
        choice = None
        for placement in PLACEMENTS:
            box = label_box(x, y, text, size, placement)
            if box[0] < inside[0] or box[2] > inside[2] or box[1] < inside[1] or box[3] > inside[3]:
                continue
            if any(overlaps(box, other) for other in placed):
                continue
            if any(overlaps(box, dot) for dot in dots if dot != own):
                continue
            choice = placement
            placed.append(box)
            break
        result.append(choice)
    return result
