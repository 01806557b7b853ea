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
from typing import NamedTuple

from mentorsite.clock import days_from
from mentorsite.history.evolution import Revision
from mentorsite.history.field_changes import FieldChange
from mentorsite.model.insights import MetricView, url_of
from mentorsite.model.progress import Reading
from mentorsite.text import axis_number, number

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""Month labels of a chart's time axis: English, as the rest of the site, whatever the locale
(and without a ``strftime`` for each of them)."""

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 32
"""Room around the plot; on the left, at least: more where the value axis' labels are longer."""
AXIS_CLEARANCE = 14
"""View-box units a value tick keeps above the time axis: nearer, its label (drawn 24 px high
on a phone) would run into the time axis' labels below the plot."""
LABEL_CHAR = 15
"""View-box units a character of a value axis' label takes at most, as a phone draws them."""
LONGEST_LABEL = 24
MOST_LEFT = LABEL_CHAR * LONGEST_LABEL + 8
"""The most room left of the plot: the longest label :func:`value_labels` makes, 24
characters (a sign, 17 digits, a point and an exponent: ``-1.2345678901234567e+300``), when
ticks are told apart only far down their digits; the plot keeps two fifths then. Labels of up
to ten characters, all but such values', leave it three quarters."""
TIME_LABELS = 13
"""At most this many labels on the time axis: a month each for a year and a month, a year
each for thirteen years; longer goals get fewer (their labels would run into each other)."""
PHONE_LABELS = 7
"""At most this many on a phone, where the stylesheet draws them larger and hides every other
one (``minor``) of an axis with more."""
_STEPS = (1, 2, 3, 6, 12)
"""Months between two labels of the time axis, each dividing a year, so that January, labelled
with its year, is always among them; longer steps are whole years: 2, 5, 10, 20, 50 …"""
DAY_LABELS = 5
"""At most this many labels on a time axis of days (``20 Nov``, twice as long as ``Nov``): few
enough for a phone, which shows them all."""
_DAY_STEPS = (1, 2, 7, 14, 28)
"""Days between two labels of a time axis of days (a span in which fewer than two months start
is shorter than 62 days)."""
MARK_LABEL_LINE = 1.3 * 20
"""View-box units between two stacked labels of plan changes (1.3 em), as a phone draws them
(20 units large)."""
MARK_LABELS = int((HEIGHT - BOTTOM - (TOP - 4)) // MARK_LABEL_LINE)
"""The most plan changes labelled on a chart (seven): the labels stack down from the top of the
plot, and the eighth would run into the time axis' labels on a phone (a goal whose target moved
twenty times in three years stacked twenty, over the axis and out of the chart). The newest
are labelled, and named in the legend below, which counts the rest (one whose target moved 400
times listed 400 entries: a 111 KB chart); every change keeps its line."""
REF_LABEL_GAP = 26.0
"""The least room between the centres of the baseline's and the target's labels, in view-box
units: a phone draws them 20 units large, in boxes 23 units high."""


class Point(NamedTuple):
    """One reading, placed: a named tuple, made in half the time of a frozen dataclass, as
    every reading of every metric is (14,583 on the 5,000-file benchmark corpus)."""

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
    minor: bool = False
    """Left out where the axis' labels are drawn larger (a phone): every other one."""
    centre: float | None = None
    """Where the label is centred, if not at ``at``: a long first label of the time axis
    (``10 Dec 2025``) moves right as far as it must to stay inside the chart."""


@dataclass(frozen=True)
class Mark:
    """A vertical marker where the goal's plan changed, e.g. ``target 4 → 5``."""

    x: float
    label: str
    url: str
    """The commit page of the change, from the site root."""
    labelled: bool = True
    """Whether the chart labels it: the newest :data:`MARK_LABELS` are."""


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
    baseline_label_y: float
    target_label_y: float
    """Where the baseline's and the target's labels are centred: at their lines, or moved
    apart just enough where the lines are closer than their labels are tall."""
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    marks: tuple[Mark, ...] = ()

    @property
    def earlier_marks(self) -> int:
        """How many plan changes the chart draws but does not label: its legend counts them
        rather than naming each, as a charting tool's legend past its limit of entries does,
        and points to the goal's history (#Evolution), which lists the newest and leads to the
        rest (its revisions page, past 20)."""
        return sum(not mark.labelled for mark in self.marks)

    @property
    def mark_lines(self) -> tuple[float, ...]:
        """Where the plan-change lines are drawn, one line per place: changes made the same
        day (400 moves in a hundred days) fall on one another, and stacked they look as one
        but weigh as many."""
        return tuple(sorted({round(mark.x, 1) for mark in self.marks}))

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
    y_labels = value_labels(_clear_of_axis(low, high), high)
    left = min(max([LEFT, *(LABEL_CHAR * len(label) + 8 for _, label in y_labels)]), MOST_LEFT)

    def x_of(day: date) -> float:
        return left + (right - left) * (day - first).days / span

    def y_of(value: float) -> float:
        return bottom - (bottom - TOP) * _share(value, low, high)

    points = tuple(
        Point(x_of(r.date), y_of(r.value), r, url_of("checkins", r.checkin)) for r in view.series
    )
    baseline_y, target_y = y_of(metric.baseline), y_of(metric.target)
    baseline_label, target_label = _apart(baseline_y, target_y, bottom)
    return Chart(
        width=WIDTH, height=HEIGHT, left=left, right=right, top=TOP, bottom=bottom,
        points=points,
        baseline_y=baseline_y,
        target_y=target_y,
        baseline_label_y=baseline_label,
        target_label_y=target_label,
        # the ticks start clear of the time axis; this drops one a float's error below that
        y_ticks=tuple(Tick(y, label) for value, label in y_labels
                      if (y := y_of(value)) <= bottom - AXIS_CLEARANCE),
        x_ticks=tuple(_time_tick(x_of(day), label, minor)
                      for day, label, minor in time_labels(first, last)),
        marks=tuple(
            Mark(x_of(max(day, first)), plan_change(change), f"history/{revision.commit.sha}/",
                 labelled=index >= len(moved) - MARK_LABELS)
            for index, (day, revision, change) in enumerate(moved)
        ),
    )


def _time_tick(x: float, label: str, minor: bool) -> Tick:
    """A tick of the time axis at ``x``, its label centred there unless, drawn as a phone draws
    it, it would run off the chart's left edge (a goal's first day, ``10 Dec 2025``)."""
    return Tick(x, label, minor, max(x, LABEL_CHAR * len(label) / 2))


def _clear_of_axis(low: float, high: float) -> float:
    """The least value whose tick keeps :data:`AXIS_CLEARANCE` above the time axis: ticks are
    chosen above it, so that one left out there (a metric's 0, which the padding puts 7 units
    above the axis) does not leave two (5 and 10 of 0-10, where 2 to 10 fit)."""
    share = AXIS_CLEARANCE / (HEIGHT - BOTTOM - TOP)
    return low + (high / 2 - low / 2) * 2 * share  # halves: the span may overflow a float


def plan_change(change: FieldChange) -> str:
    """A mark's label, ``target 10,000 → 12,500``: the history shows numbers as the rest of the
    page writes them."""
    name = change.field.rsplit(".", 1)[1]
    return f"{name} {change.before} → {change.after}"


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


def value_labels(low: float, high: float) -> list[tuple[float, str]]:
    """The value axis' ticks from ``low`` to ``high``, each with its label: short
    (:func:`axis_number`), unless that makes two read alike (ticks a hair apart on values in
    the millions); then in full, with as many digits as it takes (in e-notation where that
    is wider than :data:`LONGEST_LABEL`)."""
    ticks = _nice_ticks(low, high)
    labels = [axis_number(value) for value in ticks]
    if len(set(labels)) < len(labels):
        labels = [number(value) for value in ticks]
    digits = 4
    while (len(set(labels)) < len(labels)  # in the quintillions number() writes up to 27
           or max(map(len, labels), default=0) > LONGEST_LABEL):  # characters: too wide
        labels = [f"{value:.{digits}g}" for value in ticks]  # 17 tell any two floats apart
        digits += 1
    return list(zip(ticks, labels, strict=True))


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
    exponent = _floor_log10(raw)
    ladder = [(m * 10.0 ** (exponent - 1), exponent - 1) for m in (1, 2, 5)]
    ladder += [(m * 10.0 ** exponent, exponent) for m in (1, 2, 5, 10)]
    ladder = [rung for rung in ladder if rung[0] > 0]  # no power of ten below the least float
    rung = next((index for index, (step, _) in enumerate(ladder) if step >= raw), None)
    if rung is None:  # a span of a few of the least floats: no power of ten is that small
        return [low, high]
    # The first step that spans the range in ``count`` can leave one or two ticks in it
    # (3-97 had only 50): step down the ladder while that leaves fewer than three, if the
    # next step down leaves no more than ``most`` (more would crowd a phone's larger labels;
    # the first step leaves at most ``count + 1``, one more at a low end a hair above it).
    most = count + 2
    ticks = _multiples(low, high, *ladder[rung], most)
    while len(ticks) < 3 and rung > 0:
        finer = _multiples(low, high, *ladder[rung - 1], most)
        if len(finer) > most:
            break
        rung, ticks = rung - 1, finer
    return ticks


def _multiples(low: float, high: float, step: float, exponent: int, most: int) -> list[float]:
    """The multiples of ``step`` (``m * 10**exponent``) in ``[low, high]``, up to one more
    than ``most`` (then there are too many)."""
    digits = max(0, -exponent)  # a step of m * 10**exponent has no more decimals: drops the
    # noise of a sum of steps (1,234,567.4000000001), which ten decimals kept for millions
    first = -(-low // step) * step
    if first - step >= low - step * 1e-9:  # low a hair above a multiple, by division's error
        first -= step
    ticks: list[float] = []
    value = first
    while value <= high + step * 1e-9 and len(ticks) <= most:
        ticks.append(round(value, digits))
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


def _apart(baseline: float, target: float, bottom: float) -> tuple[float, float]:
    """Where the baseline's and the target's labels go, beside their lines: each at its own,
    unless the two are closer than :data:`REF_LABEL_GAP`; then both move away from their middle
    by the same amount, kept clear of the time axis' labels below the plot."""
    if abs(baseline - target) >= REF_LABEL_GAP:
        return baseline, target
    middle = max(TOP, min((baseline + target) / 2, bottom - REF_LABEL_GAP))
    half = REF_LABEL_GAP / 2
    # the baseline's line is the upper one only if it is drawn higher (a smaller y); equal
    # lines put the target's label on top
    return (middle - half, middle + half) if baseline < target else (middle + half, middle - half)


def time_labels(first: date, last: date) -> list[tuple[date, str, bool]]:
    """The labelled months of a time axis from ``first`` to ``last``: every month, or every
    second, third …, so that at most :data:`TIME_LABELS` fit; January named by its year,
    every other month by its name, and the first label by its year too (``Apr 2024``): the
    axis of a goal from February to September named no year, and one from January 2024 named
    2025 first. Each says whether it is minor: every other label, on an axis with more than
    :data:`PHONE_LABELS`, starting so that the Januaries stay. A phone hides a minor first
    label, and its year: where the next label is in the same year, the axis starts there, and
    names the year there; where the next is a January, a phone shows that year first. A span
    in which fewer than two months start is labelled by days instead (:func:`_day_labels`)."""
    start = _month_index(first) + (first.day != 1)  # the first month that starts in range
    end = _month_index(last)
    if end - start + 1 < 2:
        return _day_labels(first, last)
    step = _step(end - start + 1)
    indexes = range(-(-start // step) * step, end + 1, step)
    # the Januaries are even steps from each other; with none among the labels, any turn will do
    turn = 0 if any(index % 12 == 0 for index in indexes) else (indexes[0] // step) % 2
    if (len(indexes) > PHONE_LABELS and (indexes[0] // step) % 2 != turn
            and indexes[0] // 12 == indexes[1] // 12):
        indexes = indexes[1:]
    many = len(indexes) > PHONE_LABELS
    labels: list[tuple[date, str, bool]] = []
    for at, index in enumerate(indexes):
        year, month = divmod(index, 12)
        name = str(year) if month == 0 else _MONTHS[month]
        if at == 0 and month:
            name = f"{name} {year}"
        # a phone's larger ``Apr 2024`` would run into its neighbour: that one is minor
        minor = (index // step) % 2 != turn if many else at == 1 and " " in labels[0][1]
        labels.append((date(year, month + 1, 1), name, minor))
    return labels


def _day_labels(first: date, last: date) -> list[tuple[date, str, bool]]:
    """:func:`time_labels` of a span in which fewer than two months start (a goal's first
    weeks): days from ``first``, every :data:`_DAY_STEPS` days, at most :data:`DAY_LABELS`
    of them, each ``20 Nov``; the first, and one in a new year, with the year: ``20 Nov
    2025``. The second is minor: a phone's larger first label runs into it."""
    days = last.toordinal() - first.toordinal()
    step = next(step for step in _DAY_STEPS if days // step < DAY_LABELS)
    shown = [date.fromordinal(first.toordinal() + at) for at in range(0, days + 1, step)]
    return [(day, f"{day.day} {_MONTHS[day.month - 1]}"
             + (f" {day.year}" if at == 0 or day.year != shown[at - 1].year else ""), at == 1)
            for at, day in enumerate(shown)]


def _month_index(day: date) -> int:
    """Months since January of year 0: ``divmod(index, 12)`` is the year and the month - 1."""
    return day.year * 12 + day.month - 1


def _step(months: int) -> int:
    """The fewest months between two labels of :func:`time_labels` for ``months`` months."""
    for step in _STEPS:
        if months <= TIME_LABELS * step:
            return step
    magnitude = 1
    while True:  # ends: a calendar has 120,000 months
        for years in (magnitude, 2 * magnitude, 5 * magnitude):
            if months <= TIME_LABELS * 12 * years:
                return 12 * years
        magnitude *= 10
