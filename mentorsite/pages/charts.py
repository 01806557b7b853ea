"""Geometry of a metric's line chart: where each reading, the baseline and the target are drawn.

Only numbers come out of here; the theme's template turns them into SVG, so escaping and
styling stay with the templates and a theme can redraw charts without touching Python.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from mentorsite.clock import days_from
from mentorsite.history.evolution import Revision
from mentorsite.history.versions import FieldChange
from mentorsite.model.insights import MetricView, url_of
from mentorsite.model.progress import Reading
from mentorsite.text import number

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""Month labels of a chart's time axis: English, as the rest of the site, whatever the locale
(and without a ``strftime`` for each of them)."""

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 32


@dataclass(frozen=True)
class Point:
    """One reading, placed."""

    x: float
    y: float
    reading: Reading
    url: str
    """The check-in page that recorded it, from the site root."""


@dataclass(frozen=True)
class Tick:
    """A labelled position on an axis."""

    at: float
    label: str


@dataclass(frozen=True)
class Mark:
    """A vertical marker where the goal's plan changed, e.g. ``target 4 → 5``."""

    x: float
    label: str
    url: str
    """The commit page of the change, from the site root."""


@dataclass(frozen=True)
class Chart:
    """A chart ready to draw in a ``WIDTH`` by ``HEIGHT`` view box."""

    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: float
    points: tuple[Point, ...]
    baseline_y: float
    target_y: float
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    marks: tuple[Mark, ...] = ()

    @property
    def line(self) -> str:
        """The ``points`` attribute of the polyline through every reading."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


_RECENT_LIMIT = 4096
_recent: dict[tuple[int, date, tuple[int, ...]], tuple[MetricView, tuple[object, ...], Chart]] = {}
"""Charts laid out lately, by the identity of what they were laid out from: ``serve`` asks
again for every goal's charts after each edit, mostly with the very same views."""


def metric_chart(
    view: MetricView, start: date, moves: Sequence[tuple[Revision, FieldChange]] = ()
) -> Chart:
    """Lay out ``view``'s readings from ``start`` (the goal's start) to the last reading.

    ``moves`` are the revisions that changed the metric's target or baseline; each becomes a
    marked line, so a reader sees that the goalposts moved and when.
    """
    sources = tuple(item for move in moves for item in move)
    key = (id(view), start, tuple(map(id, sources)))
    hit = _recent.get(key)
    if hit is not None and hit[0] is view and all(map(_is, hit[1], sources)):
        return hit[2]
    chart = _layout(view, start, moves)
    if len(_recent) >= _RECENT_LIMIT:
        _recent.clear()
    _recent[key] = (view, sources, chart)
    return chart


def _is(first: object, second: object) -> bool:
    return first is second


def _layout(view: MetricView, start: date, moves: Sequence[tuple[Revision, FieldChange]]) -> Chart:
    metric = view.metric
    values = [metric.baseline, metric.target, *(r.value for r in view.series)]
    if metric.scale:
        values += list(metric.scale)
    low, high = _padded(min(values), max(values))
    first = min([start, *(r.date for r in view.series)])
    moved = [(revision.commit.date.date(), revision, change) for revision, change in moves]
    last = max([days_from(first, 7),
                *(r.date for r in view.series), *(day for day, _, _ in moved)])
    span = max((last - first).days, 1)
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM

    def x_of(day: date) -> float:
        return LEFT + (right - LEFT) * (day - first).days / span

    def y_of(value: float) -> float:
        return bottom - (bottom - TOP) * _share(value, low, high)

    points = tuple(
        Point(x_of(r.date), y_of(r.value), r, url_of("checkins", r.checkin)) for r in view.series
    )
    return Chart(
        width=WIDTH, height=HEIGHT, left=LEFT, right=right, top=TOP, bottom=bottom,
        points=points,
        baseline_y=y_of(metric.baseline),
        target_y=y_of(metric.target),
        y_ticks=tuple(Tick(y_of(v), number(v)) for v in _nice_ticks(low, high)),
        x_ticks=tuple(Tick(x_of(d), _MONTHS[d.month - 1]) for d in _month_starts(first, last)),
        marks=tuple(
            Mark(x_of(max(day, first)),
                 f"{change.field.rsplit('.', 1)[1]} {change.before} → {change.after}",
                 f"history/{revision.commit.sha}/")
            for day, revision, change in moved
        ),
    )


_LARGEST = sys.float_info.max


def _padded(low: float, high: float) -> tuple[float, float]:
    span = high - low or abs(high) or 1.0
    if not math.isfinite(span):  # readings near the largest float: no room left to pad
        return low, high
    return max(low - span * 0.08, -_LARGEST), min(high + span * 0.08, _LARGEST)


def _share(value: float, low: float, high: float) -> float:
    """``(value - low) / (high - low)``, also where that difference overflows a float
    (halving is exact, so the answer is the same wherever it does not)."""
    whole = high - low
    if math.isfinite(whole):
        return (value - low) / whole
    return (value / 2 - low / 2) / (high / 2 - low / 2)


def _nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round-numbered ticks inside ``[low, high]``: steps of 1, 2 or 5 times a power of ten.

    Content can ask for any float: a span too large for one (then measured in halves), or a
    step too small to move values that large (then the ticks end where they stop moving).
    """
    raw = (high - low) / count
    if not math.isfinite(raw):
        raw = (high / 2 - low / 2) / count * 2
    if not raw > 0:
        return []
    power = 10 ** _floor_log10(raw)
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = -(-low // step) * step
    ticks: list[float] = []
    value = first
    while value <= high + 1e-9 and len(ticks) <= 2 * count:
        ticks.append(round(value, 10))
        following = value + step
        if following == value:
            break
        value = following
    return ticks


def _floor_log10(value: float) -> int:
    exponent = 0
    while value >= 10:
        value, exponent = value / 10, exponent + 1
    while value < 1:
        value, exponent = value * 10, exponent - 1
    return exponent


def _month_starts(first: date, last: date) -> list[date]:
    months = []
    day = date(first.year, first.month, 1)
    while day <= last:
        if day >= first:
            months.append(day)
        if (day.year, day.month) == (date.max.year, 12):
            break
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return months
