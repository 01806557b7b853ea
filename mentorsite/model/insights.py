"""What the site shows beyond the files themselves: progress, health, wins, deadlines, timeline.

Computed once from the published model and the day of the build, as plain frozen data that the
pages, feeds and ``data.json`` all read, so every output shows the same numbers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any, Literal, NamedTuple, TypeVar

from mentorsite.clock import days_from
from mentorsite.kept import Kept, KeptFrom
from mentorsite.model.entries import (
    CheckIn,
    CheckInGoal,
    Evidence,
    Goal,
    Mentorship,
    Metric,
    NextStep,
    Reflection,
)
from mentorsite.model.progress import (
    Reading,
    achieved_day,
    allowed_gap,
    closing_day,
    mentions_by_goal,
    metric_progress,
    newest_held,
    progress_of,
    readings_by_metric,
)
from mentorsite.text import checkin_title

T = TypeVar("T")

DEADLINE_HORIZON = timedelta(days=60)
"""How far ahead the dashboard looks for deadlines."""


def url_of(kind: str, slug: str) -> str:
    """The site path of an entry's page, relative to the site root (routing lives here)."""
    return f"{kind}/{slug}/"


def page_order(url: str) -> str:
    """A sort key for the pages of one kind of entry, in the model's order (by slug), so that
    ``2025-12-01-later`` comes after ``2025-12-01``: the URLs themselves would not sort so, as
    ``-`` comes before the ``/`` that ends the first."""
    return url.rstrip("/")


@dataclass(frozen=True)
class MetricView:
    """A metric with its readings and where they leave it."""

    metric: Metric
    series: tuple[Reading, ...]
    latest: float | None
    progress: float | None


class Note(NamedTuple):
    """What one check-in said about one goal (a named tuple, as :class:`Reading` is)."""

    checkin: CheckIn
    about: CheckInGoal


@dataclass(frozen=True)
class GoalView:
    """A goal with everything the site says about it."""

    goal: Goal
    progress: float | None
    metrics: tuple[MetricView, ...]
    notes: tuple[Note, ...]
    """Check-ins that record something of the goal (a status, a reading or a note), newest
    first."""
    reflections: tuple[Reflection, ...]
    evidence: tuple[Evidence, ...]
    pivoted_from: tuple[Goal, ...]
    """Goals that were pivoted into this one."""
    latest_status: str | None
    """The status the newest check-in held by today gave it (on-track, at-risk …): one dated
    later counts from its day, as for check-in health (its "Last check-in: blocked" badge
    showed beside a dashboard whose last check-in was the one before it)."""

    @property
    def url(self) -> str:
        return url_of("goals", self.goal.id)


@dataclass(frozen=True)
class Health:
    """Check-in health against the cadence, as of the build day."""

    last: date | None
    days: int | None
    cadence_days: int
    allowed: int
    state: Literal["ok", "due", "overdue", "none"]
    """ok within the cadence, due within its grace, overdue past it, none without check-ins."""


class Win(NamedTuple):
    """Something to celebrate (a named tuple, as :class:`Reading` is)."""

    date: date
    text: str
    kind: Literal["win", "goal", "milestone"]
    url: str


@dataclass(frozen=True)
class Deadline:
    """A date something is due."""

    date: date
    title: str
    kind: Literal["goal", "milestone", "next-step"]
    url: str


@dataclass(frozen=True)
class OpenStep:
    """A next step agreed at the newest check-in and not yet done."""

    step: NextStep
    checkin: CheckIn
    overdue: bool


class Moment(NamedTuple):
    """One item on the timeline (a named tuple, as :class:`Reading` is: one for
    every entry)."""

    date: date
    kind: Literal["checkin", "reflection", "evidence", "goal-started", "milestone",
                  "goal-achieved", "goal-dropped", "goal-pivoted"]
    title: str
    url: str


@dataclass(frozen=True)
class Goals:
    """A model's goal views, each found by its id: what ``review`` compares of two versions."""

    model: Mentorship
    goals: tuple[GoalView, ...]

    def goal(self, goal_id: str) -> GoalView | None:
        return self._goal_by_id.get(goal_id)

    @cached_property
    def _goal_by_id(self) -> dict[str, GoalView]:
        """Each goal's view by its id, made on the first look-up: ``review`` looks up every
        goal on both sides, which a scan of :attr:`goals` each time made quadratic in goals."""
        return {view.goal.id: view for view in reversed(self.goals)}


@dataclass(frozen=True)
class Insights(Goals):
    """Everything computed for the site."""

    today: date
    health: Health
    wins: tuple[Win, ...]
    """Newest first."""
    deadlines: tuple[Deadline, ...]
    """Upcoming (from today, within the horizon), soonest first."""
    open_steps: tuple[OpenStep, ...]
    timeline: tuple[Moment, ...]
    """Newest first."""


class GoalViews:
    """Goal views kept from one :func:`insights` to the next (``serve``): a goal that is the
    same object, with the same entries naming it, keeps its view, as the same object; so do
    the wins and the timeline while the entries they list stay the same."""

    def __init__(self) -> None:
        self._views: Kept[GoalView] = Kept()
        self._whole: Kept[Any] = Kept()
        self._wins_of = KeptFrom(_checkin_wins, key=_path_of)
        self._moment_of = KeptFrom(_moment, key=_path_of)

    def view(self, goal: Goal, index: _Index, today: date) -> GoalView:
        sources = (goal, today, *(bucket.get(goal.id, ()) for bucket in index.buckets()))
        return self._views.get(goal.id, sources, lambda: _goal_view(goal, index, today))

    def wins(self, model: Mentorship, index: _Index, today: date) -> tuple[Win, ...]:
        """:func:`_wins`, kept while the goals, the check-ins and the day stay the same; each
        check-in's wins kept while it does."""
        def make() -> tuple[Win, ...]:
            wins = _wins(model, index, today, self._wins_of)
            self._wins_of.done()
            return wins

        kept: tuple[Win, ...] = self._whole.get(
            "wins", (model.goals, model.checkins, today), make)
        return kept

    def timeline(self, model: Mentorship, index: _Index, today: date) -> tuple[Moment, ...]:
        """:func:`_timeline`, kept while every entry and the day stay the same; each entry's
        moment kept while it does."""
        def make() -> tuple[Moment, ...]:
            moments = _timeline(model, index, today, self._moment_of)
            self._moment_of.done()
            return moments

        sources = (model.goals, model.checkins, model.reflections, model.evidence, today)
        kept: tuple[Moment, ...] = self._whole.get("timeline", sources, make)
        return kept

    def done(self) -> None:
        self._views.done()
        self._whole.done()


def insights(model: Mentorship, today: date, views: GoalViews | None = None) -> Insights:
    """Compute every view of ``model`` (already published: nothing private left in it);
    ``views`` keeps goal views from one call to the next."""
    index = _Index.of(model)
    goals = _goal_views(model, index, today, views)
    wins = views.wins(model, index, today) if views else _wins(model, index, today)
    timeline = (views.timeline(model, index, today) if views
                else _timeline(model, index, today))
    if views:
        views.done()
    return Insights(
        model=model,
        today=today,
        goals=goals,
        health=_health(model, today),
        wins=wins,
        deadlines=_deadlines(model, today),
        open_steps=_open_steps(model, today),
        timeline=timeline,
    )


def goal_views(model: Mentorship, today: date, views: GoalViews | None = None) -> Goals:
    """Each goal's view, as :func:`insights` makes them, and nothing else: ``review``
    compares the goals of two versions, and made the wins and the timeline of both too (0.66
    of its 10.6 s under cProfile, a pull request changing one file of the 5,000 of the
    benchmark corpus)."""
    goals = _goal_views(model, _Index.of(model), today, views)
    if views:
        views.done()
    return Goals(model, goals)


def _goal_views(model: Mentorship, index: _Index, today: date, views: GoalViews | None
                ) -> tuple[GoalView, ...]:
    return tuple(views.view(goal, index, today) if views else _goal_view(goal, index, today)
                 for goal in model.goals)


@dataclass(frozen=True)
class _Index:
    """Entries by the goal they name, gathered in one pass so work stays linear in content."""

    checkins: Mapping[str, tuple[CheckIn, ...]]
    reflections: Mapping[str, tuple[Reflection, ...]]
    evidence: Mapping[str, tuple[Evidence, ...]]
    pivots: Mapping[str, tuple[Goal, ...]]

    def buckets(self) -> tuple[Mapping[str, tuple[object, ...]], ...]:
        """Everything a goal's view is made from besides the goal, by goal id."""
        return (self.checkins, self.reflections, self.evidence, self.pivots)

    @classmethod
    def of(cls, model: Mentorship) -> _Index:
        reflections: dict[str, list[Reflection]] = defaultdict(list)
        for reflection in model.reflections:
            for goal_id in reflection.goal_ids:
                reflections[goal_id].append(reflection)
        evidence: dict[str, list[Evidence]] = defaultdict(list)
        for entry in model.evidence:
            for goal_id in entry.goal_ids:
                evidence[goal_id].append(entry)
        pivots: dict[str, list[Goal]] = defaultdict(list)
        for goal in model.goals:
            if goal.pivoted_to:
                pivots[goal.pivoted_to].append(goal)
        return cls(mentions_by_goal(model.checkins), _frozen(reflections), _frozen(evidence),
                   _frozen(pivots))


def _frozen(bucket: Mapping[str, list[T]]) -> dict[str, tuple[T, ...]]:
    return {key: tuple(values) for key, values in bucket.items()}


def _goal_view(goal: Goal, index: _Index, today: date) -> GoalView:
    goal_id = goal.id  # a property: asked once, not once per check-in naming the goal
    mentions = index.checkins.get(goal_id, ())
    metrics = []
    by_metric = readings_by_metric(goal, mentions)
    for metric in goal.metrics:
        readings = tuple(by_metric.get(metric.id, ()))
        latest = readings[-1].value if readings else None
        metrics.append(MetricView(metric, readings, latest, metric_progress(metric, latest)))
    notes = tuple(Note(c, about) for c in reversed(mentions)
                  if (about := c.goals[goal_id]).recorded)  # not each listing with nothing
    return GoalView(
        goal=goal,
        progress=progress_of(goal, (view.progress for view in metrics)),
        metrics=tuple(metrics),
        notes=notes,
        reflections=index.reflections.get(goal_id, ()),
        evidence=index.evidence.get(goal_id, ()),
        pivoted_from=index.pivots.get(goal_id, ()),
        latest_status=next((n.about.status for n in notes
                            if n.about.status and n.checkin.date <= today), None),
    )


def _health(model: Mentorship, today: date) -> Health:
    cadence = model.settings.cadence_days
    allowed = allowed_gap(cadence)
    last = max((c.date for c in model.checkins if c.date <= today), default=None)
    if last is None:  # none yet, or only one dated ahead (which check warns of)
        return Health(None, None, cadence, allowed, "none")
    days = (today - last).days
    state: Literal["ok", "due", "overdue"] = (
        "ok" if days <= cadence else "due" if days <= allowed else "overdue"
    )
    return Health(last, days, cadence, allowed, state)


def _path_of(entry: CheckIn | Reflection | Evidence) -> str:
    """What an entry's values are kept by (:class:`~mentorsite.kept.KeptFrom`)."""
    return entry.file.path


def _checkin_wins(checkin: CheckIn) -> tuple[Win, ...]:
    url = url_of("checkins", checkin.slug)
    return tuple(Win(checkin.date, text, "win", url) for text in checkin.wins)


def _wins(
    model: Mentorship, index: _Index, today: date,
    wins_of: Callable[[CheckIn], tuple[Win, ...]] = _checkin_wins,
) -> tuple[Win, ...]:
    wins = [win for checkin in model.checkins if checkin.wins for win in wins_of(checkin)]
    for goal in model.goals:
        url = url_of("goals", goal.id)
        for milestone in goal.milestones:
            if milestone.done:
                wins.append(Win(milestone.done, milestone.title, "milestone", url))
        if goal.status == "achieved":
            achieved = achieved_day(goal, index.checkins.get(goal.id, ()), today)
            wins.append(Win(achieved, goal.title, "goal", url))
    return tuple(sorted(wins, key=lambda win: (win.date, page_order(win.url)), reverse=True))


def _deadlines(model: Mentorship, today: date) -> tuple[Deadline, ...]:
    found: list[Deadline] = []
    for goal in model.goals:
        if goal.status not in ("active", "paused", "proposed"):
            continue
        url = url_of("goals", goal.id)
        if goal.due:
            found.append(Deadline(goal.due, goal.title, "goal", url))
        found.extend(
            Deadline(m.due, m.title, "milestone", url)
            for m in goal.milestones
            if m.due and not m.done
        )
    found.extend(
        Deadline(s.step.due, s.step.task, "next-step", url_of("checkins", s.checkin.slug))
        for s in _open_steps(model, today)
        if s.step.due
    )
    upcoming = [d for d in found if today <= d.date <= days_from(today, DEADLINE_HORIZON.days)]
    return tuple(sorted(upcoming, key=lambda d: (d.date, d.title)))


def _open_steps(model: Mentorship, today: date) -> tuple[OpenStep, ...]:
    latest = newest_held(model.checkins, today)
    if latest is None:
        return ()
    return tuple(
        OpenStep(step, latest, bool(step.due and step.due < today))
        for step in latest.next
        if not step.done
    )


_CLOSED_KINDS: dict[str, Literal["goal-achieved", "goal-dropped", "goal-pivoted"]] = {
    "achieved": "goal-achieved", "dropped": "goal-dropped", "pivoted": "goal-pivoted"}


def _moment(entry: CheckIn | Reflection | Evidence) -> Moment:
    if isinstance(entry, CheckIn):
        title = checkin_title(entry.date, entry.slug)
        return Moment(entry.date, "checkin", title, url_of("checkins", entry.slug))
    if isinstance(entry, Reflection):
        return Moment(entry.date, "reflection", entry.title, url_of("reflections", entry.slug))
    return Moment(entry.date, "evidence", entry.title, url_of("evidence", entry.slug))


def _timeline(
    model: Mentorship, index: _Index, today: date,
    moment_of: Callable[[CheckIn | Reflection | Evidence], Moment] = _moment,
) -> tuple[Moment, ...]:
    """Every entry, goal started, milestone reached and goal closed (achieved, dropped or
    pivoted, on the day :func:`closing_day` gives, as the report counts it), newest first."""
    moments = [moment_of(entry) for entries in (model.checkins, model.reflections,
                                                model.evidence) for entry in entries]
    by_id = model.goals_by_id()
    for goal in model.goals:
        url = url_of("goals", goal.id)
        moments.append(Moment(goal.started, "goal-started", goal.title, url))
        moments += [Moment(m.done, "milestone", m.title, url) for m in goal.milestones if m.done]
        closed = closing_day(goal, by_id.get(goal.pivoted_to or ""),
                             index.checkins.get(goal.id, ()), today)
        if closed is not None:
            moments.append(Moment(closed, _CLOSED_KINDS[goal.status], goal.title, url))
    return tuple(sorted(moments, key=lambda moment: (
        moment.date, moment.kind, page_order(moment.url)), reverse=True))
