"""The progress rules of SPEC §2, as pure functions of the validated model.

A metric's series is every reading of it, oldest first (by check-in date, then slug); its latest
value is the last of them; its progress is how far that value has come from baseline to target,
clamped to 0..1; a goal's progress is the mean over its metrics that have readings, else the
share of its milestones done, else unknown.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from mentorsite.model.entries import CLOSED_STATUSES, CheckIn, Goal, Metric


def allowed_gap(cadence_days: int) -> int:
    """Days a pair may go between check-ins: the cadence plus half of it again as grace."""
    return cadence_days + (cadence_days + 1) // 2


class Reading(NamedTuple):
    """One value of one metric, as recorded at one check-in: a named tuple, made in half the
    time of a frozen dataclass, which sets each field through ``object.__setattr__``; a build
    makes one for every reading, as it makes a :class:`~mentorsite.model.insights.Moment`
    for every entry (about 15,000 each on the 5,000-file benchmark corpus)."""

    date: date
    value: float
    checkin: str
    """The slug of the check-in that recorded it."""


def mentions_by_goal(checkins: Iterable[CheckIn]) -> dict[str, tuple[CheckIn, ...]]:
    """The check-ins that name each goal, by goal id, in the order given.

    Gathered in one pass: a question about one goal (when it was achieved, its readings) then
    looks at the check-ins that name it, not at every check-in, and work for all the goals
    stays linear in content (a 20,000-file corpus has 400 goals and 14,000 check-ins)."""
    found: dict[str, list[CheckIn]] = {}
    for checkin in checkins:
        for goal_id in checkin.goals:
            found.setdefault(goal_id, []).append(checkin)
    return {goal_id: tuple(named) for goal_id, named in found.items()}


def newest_held(checkins: tuple[CheckIn, ...], day: date) -> CheckIn | None:
    """The newest of ``checkins`` (in date order) held by ``day``: its next steps are the open
    ones. One dated later is a slip of the year or an agenda written ahead (content.md §8):
    taken as the newest, it closed the steps still open, and their overdue warnings with
    them, while ``new checkin`` carried them forward."""
    return next((checkin for checkin in reversed(checkins) if checkin.date <= day), None)


def achieved_on(goal: Goal, checkins: tuple[CheckIn, ...]) -> date | None:
    """The date of the first check-in that called the goal done, if any did (``checkins``:
    those that name it are enough, see :func:`mentions_by_goal`)."""
    return next(
        (c.date for c in checkins if (about := c.goals.get(goal.id)) and about.status == "done"),
        None,
    )


def achieved_day(goal: Goal, checkins: tuple[CheckIn, ...], today: date) -> date:
    """The day an achieved goal counts as achieved (``checkins``: those that name it): the
    first check-in held by today that called it done; else its due date, once passed; else
    the newest check-in held by today that named it; else its start. Never after today:
    achieved ahead of its due date, and called done by no check-in, or only by one dated
    ahead (which counts from its day, as for check-in health), it was a win of the future
    on the wins page and the timeline, and no win at all in a report up to today."""
    held = tuple(c for c in checkins if c.date <= today)
    said = achieved_on(goal, held)
    if said is not None:
        return said
    if goal.due is not None and goal.due <= today:
        return goal.due
    return min(held[-1].date if held else goal.started, today)


def closing_day(goal: Goal, replacement: Goal | None, mentions: tuple[CheckIn, ...],
                today: date) -> date | None:
    """The day a closed goal closed on (``replacement``: the goal it pivoted to, if any;
    ``mentions``: the check-ins that name it); None for an open goal.

    Achieved: as on the wins page (:func:`achieved_day`), as of ``today``. Dropped: the
    last check-in held by today that mentions it; pivoted: that or the day the replacement
    started, whichever is later, so that a pivot is counted in one period and never points at
    a goal that had not begun. A goal with neither closed, as far as we can tell, when it
    started. Never after today, as an achieved goal: a check-in dated ahead (an agenda
    written early) made the timeline say "Goal dropped" on a day to come, and a report up to
    today showed the goal still active.
    """
    if goal.status not in CLOSED_STATUSES:
        return None
    if goal.status == "achieved":
        return achieved_day(goal, mentions, today)
    days = [c.date for c in mentions if c.date <= today][-1:]
    if goal.status == "pivoted" and replacement is not None:
        days.append(replacement.started)
    return min(max(days, default=goal.started), today)


def readings_by_metric(goal: Goal, checkins: tuple[CheckIn, ...]) -> dict[str, list[Reading]]:
    """Every reading of each of the goal's metrics, oldest first, by metric id (a metric
    nobody read has none); ``checkins`` must be in model order. One pass for all the metrics:
    a goal's check-ins looked at once per metric were a third of ``insights`` on the
    5,000-file benchmark corpus (three metrics, hundreds of check-ins a goal)."""
    wanted = {metric.id for metric in goal.metrics}
    found: dict[str, list[Reading]] = {}
    goal_id = goal.id
    for checkin in checkins:
        about = checkin.goals.get(goal_id)
        if about is None or not about.metrics:
            continue
        day, slug = checkin.date, checkin.slug  # once, not once per reading: slug is a property
        for metric_id, value in about.metrics.items():
            if metric_id in wanted:
                found.setdefault(metric_id, []).append(Reading(day, value, slug))
    return found


def metric_progress(metric: Metric, latest: float | None) -> float | None:
    """``(latest - baseline) / (target - baseline)`` clamped to 0..1; direction-aware."""
    if latest is None or metric.target == metric.baseline:
        return None
    span, gone = metric.target - metric.baseline, latest - metric.baseline
    if math.isinf(span) or math.isinf(gone):  # from -1e308 to 1e308: the halves' do not
        span, gone = metric.target / 2 - metric.baseline / 2, latest / 2 - metric.baseline / 2
    return min(1.0, max(0.0, gone / span))


def milestone_share(goal: Goal) -> float | None:
    """The share of milestones done, or ``None`` for a goal without milestones."""
    if not goal.milestones:
        return None
    return sum(1 for m in goal.milestones if m.done) / len(goal.milestones)


def goal_progress(goal: Goal, checkins: tuple[CheckIn, ...]) -> float | None:
    """Mean progress of the metrics that have readings, else milestones done, else none."""
    return progress_of(goal, _shares(goal, checkins))


def measured_by(goal: Goal, checkins: tuple[CheckIn, ...]) -> str | None:
    """What :func:`goal_progress` works the goal's progress out from: its metrics'
    "readings", else its "milestones"; None when neither tells it."""
    return measured_from(goal, _shares(goal, checkins))


def measured_from(goal: Goal, shares: Iterable[float | None]) -> str | None:
    """:func:`measured_by` from each metric's progress, as :func:`progress_of` takes them."""
    if any(share is not None for share in shares):
        return "readings"
    return "milestones" if goal.milestones else None


def _shares(goal: Goal, checkins: tuple[CheckIn, ...]) -> list[float | None]:
    """Each metric's progress by its latest reading (None: no reading, or none to measure)."""
    shares = []
    by_metric = readings_by_metric(goal, checkins)
    for metric in goal.metrics:
        readings = by_metric.get(metric.id)
        shares.append(metric_progress(metric, readings[-1].value) if readings else None)
    return shares


def progress_of(goal: Goal, shares: Iterable[float | None]) -> float | None:
    """:func:`goal_progress` from each metric's progress (None: no reading, or no way to
    measure it), for a caller that has worked those out already."""
    known = [share for share in shares if share is not None]
    if known:
        return sum(known) / len(known)
    return milestone_share(goal)


def goal_progress_as_of(goal: Goal, checkins: tuple[CheckIn, ...], day: date) -> float | None:
    """The goal's progress as it stood at the end of ``day``, by the same rules as
    :func:`goal_progress`: only check-ins held by then count, and a milestone counts as done
    only from its ``done`` date on. A report compares two such days, so the past must be
    judged exactly as the present is, never by a copy of the rules that could drift."""
    return goal_progress(*as_of(goal, checkins, day))


def measured_by_as_of(goal: Goal, checkins: tuple[CheckIn, ...], day: date) -> str | None:
    """What :func:`goal_progress_as_of` worked the progress of ``day`` out from (see
    :func:`measured_by`)."""
    return measured_by(*as_of(goal, checkins, day))


def as_of(goal: Goal, checkins: tuple[CheckIn, ...], day: date
          ) -> tuple[Goal, tuple[CheckIn, ...]]:
    """The goal and the check-ins as they stood at the end of ``day``: the check-ins held by
    then, and each milestone done only from its ``done`` date on."""
    held = tuple(c for c in checkins if c.date <= day)
    milestones = tuple(
        m if not m.done or m.done <= day else m.model_copy(update={"done": False})
        for m in goal.milestones
    )
    return goal.model_copy(update={"milestones": milestones}), held
