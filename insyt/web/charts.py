"""Geometry of the overview's small SVG charts, computed on the server.

The page carries no script, so charts are inline SVG whose coordinates come
from here: pure functions of the sampled history, tested with plain calls.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

from insyt.web.history import Point

WIDTH, HEIGHT = 640, 150
LEFT, RIGHT, TOP, BOTTOM = 56, 8, 10, 20  # margins for the axis labels


@dataclass(frozen=True)
class Line:
    name: str
    points: str  # SVG polyline points "x,y x,y ..."
    last: float  # the latest value, shown in the legend


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Chart:
    title: str
    unit: str
    lines: tuple[Line, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def empty(self) -> bool:
        return not any(line.points for line in self.lines)


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten at or above ``value`` (1 at least)."""
    if value <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return float(step * power)
    raise AssertionError("unreachable")


def figure(value: float) -> str:
    """A compact number for an axis or a legend: 950, 1.2k, 3.4M."""
    for bound, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= bound:
            return f"{value / bound:.3g}{suffix}"
    return f"{value:.3g}" if value != int(value) else str(int(value))


def line_chart(title: str, unit: str, series: Sequence[tuple[str, Sequence[Point]]],
               start: float, end: float) -> Chart:
    """Lines over the time span [start, end], sharing a y axis that starts at zero."""
    span = max(end - start, 1e-9)
    peak = nice_ceiling(max((p.value for _, points in series for p in points), default=0.0))
    x0, x1, y0, y1 = LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, TOP

    def xy(p: Point) -> str:
        x = x0 + (x1 - x0) * (p.time - start) / span
        y = y0 - (y0 - y1) * p.value / peak
        return f"{x:.1f},{y:.1f}"

    lines = tuple(
        Line(name, " ".join(xy(p) for p in points if start <= p.time <= end),
             points[-1].value if points else 0.0)
        for name, points in series
    )
    y_ticks = tuple(Tick(x0 - 4, y0 - (y0 - y1) * f, figure(peak * f)) for f in (0, 0.5, 1))
    x_ticks = tuple(Tick(x0 + (x1 - x0) * f, HEIGHT - 4, _clock(start + span * f))
                    for f in (0, 0.5, 1))
    return Chart(title, unit, lines, y_ticks, x_ticks)


def _clock(t: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(t))


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    width: float  # of BAR_WIDTH
    css: str


BAR_WIDTH = 220


def bars(rows: Sequence[tuple[str, int, str]]) -> list[Bar]:
    """Horizontal bars scaled to the largest value: (label, value, css class) rows."""
    top = max((value for _, value, _ in rows), default=0)
    return [Bar(label, value, BAR_WIDTH * value / top if top else 0.0, css)
            for label, value, css in rows]
