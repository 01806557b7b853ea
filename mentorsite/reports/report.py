"""``mentorsite report``: what changed over a period, as data a review or a programme can quote.

It is built from the published model only (SPEC §6), so a private check-in, goal, reflection or
piece of evidence cannot appear, nor be inferred from a count or a gap. The files hold each
goal's *current* state; the past is reconstructed from dates: progress from the check-ins and
milestones dated by then, and when a goal closed from the check-ins and goals around it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from mentorsite.model.entries import (
    CheckIn,
    Evidence,
    Goal,
    Mentorship,
    Reflection,
    Settings,
)
from mentorsite.model.insights import Win, insights, page_order
from mentorsite.model.progress import (
    allowed_gap,
    closing_day,
    goal_progress_as_of,
    measured_by_as_of,
    mentions_by_goal,
)

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """The days a report covers, both ends included."""

    since: date
    until: date

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.since <= day <= self.until


def period(model: Mentorship, today: date, since: date | None, until: date | None) -> Period:
    """The period asked for: ``until`` defaults to today, ``since`` to the start of the
    mentorship (its earliest goal or check-in, never later than ``until``). Raises
    ``ValueError`` when the two are the wrong way round, so the CLI can call it a usage error."""
    end = until or today
    if since is None:
        starts = [g.started for g in model.goals] + [c.date for c in model.checkins]
        since = min([*starts, end])
    if since > end:
        raise ValueError(f"--since {since} is after --until {end}")
    return Period(since, end)


@dataclass(frozen=True)
class Mark:
    """A status a check-in gave a goal (on-track, at-risk …) on a day."""

    date: date
    status: str


@dataclass(frozen=True)
class GoalReport:
    """One goal over the period."""

    goal: Goal
    status: str
    """Its status as of the end of the period (see :func:`_status`)."""
    start: float | None
    """Progress as of the day before the period. A goal started inside the period starts at
    0% (its baseline, no milestone done), unless its progress is unknown at the end too."""
    end: float | None
    """Progress as of the last day of the period."""
    new: bool
    """Started inside the period."""
    marks: tuple[Mark, ...]
    """Check-in statuses recorded inside the period, oldest first."""
    before: Mark | None
    """The last status recorded before the period: what the first status inside it changed
    from, so a goal on track until then and off track since does not read as held steady."""
    closed_on: date | None
    """When it was achieved, dropped or pivoted, if that happened inside the period."""
    pivoted_to: Goal | None
    measured_start: str | None = None
    """What ``start`` was worked out from: "readings" or "milestones" (see
    :func:`~mentorsite.model.progress.measured_by`); None for a new goal's 0%."""
    measured_end: str | None = None

    @property
    def change(self) -> float | None:
        return None if self.start is None or self.end is None else self.end - self.start


@dataclass(frozen=True)
class Gap:
    """Days between two successive check-ins."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days


@dataclass(frozen=True)
class Regularity:
    """How regularly the pair checked in during the period, against the cadence."""

    count: int
    expected: int
    """Whole cadences that fit in the part of the period the pair could meet in: from the
    start of the mentorship, up to today. A year's report of a pair that began in September
    expects no check-in in the spring, nor one next week."""
    cadence_days: int
    allowed: int
    """The longest gap the cadence allows (the same grace as ``check``)."""
    gaps: tuple[Gap, ...]
    """Each gap that ends inside the period, including the one leading into it."""
    days_since_last: int | None
    """From the last check-in held by :attr:`counted_to` to that day."""
    counted_to: date
    """The end of the period, or today when the period ends later: the days since the last
    check-in are not counted into the future."""

    @property
    def mean_gap(self) -> float | None:
        return sum(g.days for g in self.gaps) / len(self.gaps) if self.gaps else None

    @property
    def longest_gap(self) -> int | None:
        return max((g.days for g in self.gaps), default=None)

    @property
    def long_gaps(self) -> tuple[Gap, ...]:
        return tuple(g for g in self.gaps if g.days > self.allowed)


@dataclass(frozen=True)
class Report:
    """Everything ``report`` shows about one period."""

    settings: Settings
    period: Period
    goals: tuple[GoalReport, ...]
    """Goals that were open at some point in the period."""
    wins: tuple[Win, ...]
    """Oldest first: check-in wins, milestones done and goals achieved inside the period."""
    evidence: tuple[Evidence, ...]
    reflections: tuple[Reflection, ...]
    checkins: Regularity
    goal_titles: Mapping[str, str]
    """Every goal's title by id: an entry of the period may be about a goal that was not open
    in it (one achieved before, looked back on)."""


def build_report(model: Mentorship, today: date, when: Period) -> Report:
    """The report of ``model`` (already published) over ``when``."""
    mentions = mentions_by_goal(model.checkins)
    by_id = model.goals_by_id()
    goals = tuple(
        view
        for goal in model.goals
        if (view := _goal_report(goal, by_id.get(goal.pivoted_to or ""),
                                 mentions.get(goal.id, ()), when, today)) is not None
    )
    wins = sorted((w for w in insights(model, today).wins if w.date in when),
                  key=lambda w: (w.date, page_order(w.url)))
    return Report(
        settings=model.settings,
        period=when,
        goals=goals,
        wins=tuple(wins),
        evidence=tuple(e for e in model.evidence if e.date in when),
        reflections=tuple(r for r in model.reflections if r.date in when),
        checkins=_regularity(model, when, today),
        goal_titles={goal.id: goal.title for goal in model.goals},
    )


def _goal_report(goal: Goal, replacement: Goal | None, mentions: tuple[CheckIn, ...],
                 when: Period, today: date) -> GoalReport | None:
    """``None`` for a goal that started after the period or had closed before it
    (``replacement``: the goal it pivoted to, if any; ``mentions``: the check-ins that name
    it, which are all its progress depends on)."""
    closed = closing_day(goal, replacement, mentions, today)
    if goal.started > when.until or (closed is not None and closed < when.since):
        return None
    new = goal.started in when
    # The status held when the period ended: until its closing day, the files cannot tell a
    # closed goal apart from an active one.
    status = goal.status if closed is None or closed <= when.until else "active"
    marks = [Mark(c.date, about.status)
             for c in mentions if (about := c.goals.get(goal.id)) and about.status]
    end = goal_progress_as_of(goal, mentions, when.until)
    if new:
        start, measured_start = (None if end is None else 0.0), None
    else:
        start = goal_progress_as_of(goal, mentions, when.since - _DAY)
        measured_start = measured_by_as_of(goal, mentions, when.since - _DAY)
    return GoalReport(
        goal=goal,
        status=status,
        start=start,
        end=end,
        new=new,
        marks=tuple(mark for mark in marks if mark.date in when),
        before=next((mark for mark in reversed(marks) if mark.date < when.since), None),
        closed_on=closed if closed in when else None,
        pivoted_to=replacement if status == "pivoted" else None,
        measured_start=measured_start,
        measured_end=measured_by_as_of(goal, mentions, when.until),
    )


def private_checkins(model: Mentorship, when: Period, today: date) -> tuple[date, ...]:
    """The days of the private check-ins of ``model`` (all of it, not only what is published)
    that the period's count and gaps leave out: held in the period, by ``today``.

    The report does not count them, as the site does not, while ``check`` does: told apart
    from the report (on standard error, never in what is pasted), the pair is not left to
    wonder why a gap ``check`` never warned of is "long"."""
    return tuple(sorted({c.date for c in model.checkins
                         if c.private and c.date in when and c.date <= today}))


def _regularity(model: Mentorship, when: Period, today: date) -> Regularity:
    cadence = model.settings.cadence_days
    held = [c.date for c in model.checkins if c.date <= when.until]
    counted_to = min(when.until, today)
    by_then = [day for day in held if day <= counted_to]
    gaps = tuple(Gap(a, b) for a, b in pairwise(held) if b in when)
    begun = min([g.started for g in model.goals] + held[:1], default=when.until)
    could_meet = (min(when.until, today) - max(when.since, begun)).days + 1
    return Regularity(
        count=sum(1 for day in held if day in when),
        expected=max(could_meet, 0) // cadence,
        cadence_days=cadence,
        allowed=allowed_gap(cadence),
        gaps=gaps,
        days_since_last=(counted_to - by_then[-1]).days if by_then else None,
        counted_to=counted_to,
    )
