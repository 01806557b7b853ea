"""The rules that look past one field at a time: across a goal's fields (``due`` after
``started``, each metric's baseline, target, direction and scale agreeing, a pivot's status and
target) and across files (every goal a document names has a file, every metric a check-in reads
is its goal's, pivots do not go round in a circle, a goal named by its title is told its id).

:mod:`mentorsite.model.validate` checks each document's own fields, then applies these rules
(:data:`CROSS_CHECKS`, by kind) to each one whose fields are valid, a :class:`Checked`, with
every goal file as :class:`Goals`: one any rule finds an error in stays out of the model. The
goals named by a document whose own fields have errors are looked up all the same
(:func:`check_references`, :func:`name_goals_meant`), so that one run tells both.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from mentorsite.diagnostics import Diagnostics, closest, did_you_mean
from mentorsite.model.entries import CheckInGoal, Goal, GoalFields
from mentorsite.model.field_types import is_id
from mentorsite.model.pydantic_errors import GOAL_NAMED_BY_ID
from mentorsite.read.load import RawDocument
from mentorsite.slug import slugify


@dataclass
class Checked:
    """A document whose own fields are valid, with what is needed to point into it."""

    raw: RawDocument
    entry: Any
    ok: bool = True
    """False once any error is found in it: it then stays out of the model."""
    held: bool = False
    """A check-in without an error of its own, left out of the model only with a goal it
    reports on that has errors: lint still warns of it (its next steps, its gaps, its body),
    or one broken goal hid every warning of the check-ins naming it."""


@dataclass(frozen=True)
class Goals:
    """What references are checked against: every goal file, and the valid ones by id."""

    known: set[str]
    """Ids of every goal file, valid or not, so one broken goal does not cascade."""
    valid: dict[str, Checked]
    written: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The metric ids of each goal whose own fields have errors, as its front matter writes
    them, where every one can be read (see :func:`metric_ids_as_written`)."""
    misnamed: dict[str, str] = field(default_factory=dict)
    """The path of each misnamed goal file by the id its name means
    (:func:`~mentorsite.model.validate._misnamed_goals`)."""
    pivots: dict[str, str] = field(default_factory=dict)
    """The ``pivoted_to`` of each goal whose own fields have errors, as written, where it is
    a well-formed id (see :func:`pivots_as_written`)."""

    hints: dict[tuple[str, bool], str] = field(default_factory=dict, init=False,
                                                repr=False, compare=False)
    """The hint told for each unknown goal id, to a private file and to a public one (see
    :meth:`hint`)."""

    def named_to(self, raw: RawDocument) -> set[str]:
        """The goal ids a problem of ``raw`` may suggest: a public file's, none of a private
        goal (docs/content.md §11: a public file's problems show as annotations on a pull
        request, and "did you mean 'divorce-paperwork'?" named a goal the site never shows)."""
        return self.known if raw.meta.get("private") is True else self.public

    @functools.cached_property
    def public(self) -> set[str]:
        """The ids of every goal file but the valid private goals', gathered once: each unknown
        goal's hint went through every goal to gather them again."""
        return {goal_id for goal_id in self.known
                if goal_id not in self.valid or not self.valid[goal_id].entry.private}

    def hint(self, goal_id: str, raw: RawDocument) -> str:
        """:func:`~mentorsite.diagnostics.did_you_mean` for an unknown ``goal_id`` among the
        goals :meth:`named_to` ``raw``, worked out once for each id and each of the two sets:
        a goal whose file is renamed leaves its old id in every check-in that named it, and
        each one compared that id with every goal again, work that grew with the check-ins
        times the goals (2,000 such check-ins in a plan of 500 goals: ``check`` took 1.9 s, now
        0.6 s)."""
        key = (goal_id, raw.meta.get("private") is True)
        if key not in self.hints:
            self.hints[key] = did_you_mean(goal_id, self.named_to(raw))
        return self.hints[key]

    def metric_ids(self, goal_id: str) -> Sequence[str] | None:
        """The ids of the metrics goal ``goal_id`` defines; None when they cannot be known
        (no such goal, or one whose metrics or YAML are broken)."""
        if goal_id in self.valid:
            return [metric.id for metric in self.valid[goal_id].entry.metrics]
        return self.written.get(goal_id)

    @functools.cached_property
    def circles(self) -> dict[str, list[str]]:
        """Each goal whose pivots lead back to it, with the way round (``[a, b, a]``).

        Each goal is walked once, in time linear in the goals: walking every goal's chain to
        its end took 15 s for a line of 2,000 pivots. A goal with errors of its own is walked
        by its ``pivoted_to`` as written (:attr:`pivots`): a circle through it was told only
        once its other error was fixed, a second run."""
        circles: dict[str, list[str]] = {}
        done: set[str] = set()
        for start in self.valid:
            path: list[str] = []
            at: dict[str, int] = {}
            goal: str | None = start
            while goal is not None and goal not in done:
                if goal in self.valid:
                    to = self.valid[goal].entry.pivoted_to
                elif goal in self.pivots:
                    to = self.pivots[goal]
                else:
                    break
                if goal in at:
                    circle = path[at[goal]:]
                    for index, member in enumerate(circle):
                        circles[member] = [*circle[index:], *circle[:index], member]
                    break
                at[goal] = len(path)
                path.append(goal)
                goal = to
            done.update(path)
        return circles


def goals_seen(goals: Goals) -> tuple[object, ...]:
    """What the cross-document rules see of the goals: every goal file's id, and each valid
    goal's entry (the same object while its file is), the metric ids of the others, and the
    misnamed goal files."""
    return (frozenset(goals.known), tuple((key, c.entry) for key, c in goals.valid.items()),
            tuple(sorted(goals.written.items())), tuple(sorted(goals.misnamed.items())),
            tuple(sorted(goals.pivots.items())))


def _error(item: Checked, path: tuple[str | int, ...], code: str, message: str,
           diagnostics: Diagnostics, at_key: bool = False) -> None:
    item.ok = False
    _report(item.raw, path, code, message, diagnostics, at_key)


def _report(raw: RawDocument, path: tuple[str | int, ...], code: str, message: str,
            diagnostics: Diagnostics, at_key: bool = False) -> None:
    line, column = raw.positions.of_key(path) if at_key else raw.positions.of_value(path)
    diagnostics.error(raw.path, line, column, code, message)


def _check_goal(item: Checked, goals: Goals, diagnostics: Diagnostics) -> None:
    goal: Goal = item.entry
    if goal.due and goal.due < goal.started:
        _error(item, ("due",), "invalid-date",
               f"due {goal.due} is before started {goal.started}", diagnostics)
    seen: set[str] = set()
    for index, metric in enumerate(goal.metrics):
        if metric.id in seen:
            _error(item, ("metrics", index, "id"), "duplicate-metric",
                   f"metric id '{metric.id}' is used twice in this goal", diagnostics)
        seen.add(metric.id)
        _check_metric(item, index, diagnostics)
    if goal.status == "pivoted" and not goal.pivoted_to:
        _error(item, ("status",), "missing-pivot-target",
               "a pivoted goal needs 'pivoted_to: <goal id>' naming the goal that replaced it",
               diagnostics)
    if goal.pivoted_to:
        _check_pivot(item, goals, diagnostics)


def _check_metric(item: Checked, index: int, diagnostics: Diagnostics) -> None:
    metric = item.entry.metrics[index]
    where = ("metrics", index)
    if metric.target == metric.baseline:
        _error(item, (*where, "target"), "invalid-metric",
               f"metric '{metric.id}': target must differ from baseline", diagnostics)
    elif metric.direction:
        implied = "up" if metric.target > metric.baseline else "down"
        if metric.direction != implied:
            _error(item, (*where, "direction"), "invalid-metric",
                   f"metric '{metric.id}': direction '{metric.direction}' contradicts baseline "
                   f"{metric.baseline:g} and target {metric.target:g}", diagnostics)
    if metric.scale:
        low, high = metric.scale
        if low >= high:
            _error(item, (*where, "scale"), "invalid-metric",
                   f"metric '{metric.id}': scale must be [min, max] with min < max", diagnostics)
        else:
            for name in ("baseline", "target"):
                value = getattr(metric, name)
                if not low <= value <= high:
                    _error(item, (*where, name), "invalid-metric",
                           f"metric '{metric.id}': {name} {value:g} is outside its scale "
                           f"[{low:g}, {high:g}]", diagnostics)


def _check_pivot(item: Checked, goals: Goals, diagnostics: Diagnostics) -> None:
    goal: Goal = item.entry
    assert goal.pivoted_to is not None
    if goal.status != "pivoted":
        _error(item, ("pivoted_to",), "invalid-value",
               "'pivoted_to' is only for goals whose status is 'pivoted'", diagnostics)
    if not check_references(item.raw, goals, diagnostics):
        item.ok = False
        return
    circle = goals.circles.get(goal.id)
    if circle:  # a goal that leads into a circle it is not on is not told: each goal on it is
        _error(item, ("pivoted_to",), "pivot-cycle",
               "pivots go round in a circle: " + " → ".join(circle), diagnostics)


def _check_goal_refs(item: Checked, goals: Goals, diagnostics: Diagnostics) -> None:
    """References from reflections and evidence: ``goals`` (and a reflection's ``goal``)."""
    if not check_references(item.raw, goals, diagnostics):
        item.ok = False


def _check_checkin(item: Checked, goals: Goals, diagnostics: Diagnostics) -> None:
    if not check_references(item.raw, goals, diagnostics):
        item.ok = False
    if any(goal_id in goals.known and goal_id not in goals.valid for goal_id in item.entry.goals):
        # a goal it reports on has errors of its own: it is left out with it, and is held
        # back for lint alone where nothing is wrong with it itself
        item.held, item.ok = item.ok, False


def check_references(raw: RawDocument, goals: Goals, diagnostics: Diagnostics) -> bool:
    """Report every goal the front matter names that has no file, and every metric a check-in
    reads that its goal does not have (where the goal's metric ids can be known, even if its
    other fields have errors); whether all were found.

    The front matter is read as written, not as validated, so that a document whose own
    fields have errors has its references checked in the same run: a user then sees a
    misspelt goal beside a misspelt field, not after fixing it. Only well-formed ids are
    looked up; any other is already an error of the document's own. Every goal file's id
    (:attr:`Goals.known`) is well-formed, and none is a misnamed file's: a name found among
    them, as most are, is not asked whether it is an id (a regular expression, asked of the
    22,000 goal and metric names of the benchmark corpus's check-ins, evidence and
    reflections, was a twelfth of the validation)."""
    found = True
    for path, goal_id, at_key in _goal_references(raw):
        if goal_id in goals.known:  # the commonest, and an id: found without the regex
            if raw.kind == "checkin" and (known := goals.metric_ids(goal_id)) is not None:
                found = _check_readings(raw, goal_id, known, diagnostics) and found
            continue
        if not is_id(goal_id):
            continue  # an error of the document's own
        if goal_id in goals.misnamed:
            where = goals.misnamed[goal_id]
            _report(raw, path, "unknown-goal",
                    f"goal '{goal_id}' is in {where}, whose name does not fit: rename it "
                    f"{goal_id}.md", diagnostics, at_key)
            found = False
        else:
            hint = goals.hint(goal_id, raw) or _misplaced_field(
                raw, goal_id) or (
                f": there is no content/goals/{goal_id}.md (a goal's id is its file's name, "
                "so renaming the file renames the goal)")
            _report(raw, path, "unknown-goal", f"unknown goal '{goal_id}'{hint}",
                    diagnostics, at_key)
            found = False
    return found


def name_goals_meant(documents: list[RawDocument], failed: list[RawDocument],
                     diagnostics: Diagnostics) -> None:
    """Where a goal is named by its title (or near it), the ``invalid-id`` error says which
    id is meant: a new user writes what the goal is called, and the file's own check cannot
    know the other files' titles. A title two goals share names neither (but a goal whose id
    is the title's words)."""
    if not failed:
        return
    by_title: dict[str, str | None] = {}
    ids = set()
    for doc in documents:
        if doc.kind == "goal" and not doc.misnamed:
            ids.add(doc.slug)
            if isinstance(title := doc.meta.get("title"), str):
                seen = by_title.setdefault(_folded(title), doc.slug)
                by_title[_folded(title)] = doc.slug if seen == doc.slug else None
    places = {}
    meant_by: dict[str, str] = {}  # a title written in many check-ins is looked up once
    for raw in failed:
        for path, name, at_key in _goal_references(raw):
            if is_id(name):
                continue
            meant = meant_by.get(name)
            if meant is None:
                meant = meant_by[name] = _goal_meant(name, by_title, ids)
            if meant in ids:
                line, column = (raw.positions.of_key(path) if at_key
                                else raw.positions.of_value(path))
                places[(raw.path, line, column)] = (
                    f"; a goal is named by its id: did you mean '{meant}'?")
    if places:
        diagnostics.reword("invalid-id", GOAL_NAMED_BY_ID, places)


def _goal_meant(name: str, by_title: dict[str, str | None], ids: set[str]) -> str:
    """The id of the goal ``name`` (not an id) means, or "": the goal of that title, one of
    that id, or the goal whose title is closest (the title half remembered: "Cut review
    turnaround"), which compares it with every title."""
    meant = by_title.get(_folded(name)) or slugify(name)
    if meant not in ids:
        close = closest(_folded(name), by_title)
        meant = (by_title[close] or "") if close is not None else ""
    return meant


def _folded(name: str) -> str:
    """A title as it is meant: case and spacing aside."""
    return " ".join(name.casefold().split())


def _misplaced_field(raw: RawDocument, key: str) -> str:
    """The hint for a key under a check-in's ``goals`` that is one of a goal's own fields
    (``status``, ``note``): it was meant to be indented under the goal above it."""
    if raw.kind != "checkin" or key not in CheckInGoal.model_fields:
        return ""
    return (f": '{key}' is what a check-in says of one goal, so it goes under that goal, "
            "indented two spaces more than the goal's id")


def _goal_references(raw: RawDocument) -> list[tuple[tuple[str | int, ...], str, bool]]:
    """The goals ``raw`` names (ids, or any text written for one), each with where it names
    it and whether that is a key: a check-in's keys under ``goals``, the items of a
    reflection's or evidence's ``goals`` list and a reflection's ``goal``, a goal's
    ``pivoted_to``."""
    meta = raw.meta
    if raw.kind == "checkin":
        readings = meta.get("goals")
        keys = list(readings) if isinstance(readings, dict) else []
        return [(("goals", key), key, True) for key in keys if isinstance(key, str)]
    named: list[tuple[tuple[str | int, ...], object]]
    if raw.kind == "goal":
        named = [(("pivoted_to",), meta.get("pivoted_to"))]
    else:
        listed = meta.get("goals")
        named = ([(("goals", index), item) for index, item in enumerate(listed)]
                 if isinstance(listed, list) else [])
        if raw.kind == "reflection":
            named.append((("goal",), meta.get("goal")))
    return [(path, goal_id, False) for path, goal_id in named if isinstance(goal_id, str)]


def _check_readings(raw: RawDocument, goal_id: str, known: Sequence[str],
                    diagnostics: Diagnostics) -> bool:
    """Report each metric a check-in reads for goal ``goal_id`` that is not among ``known``,
    the goal's metric ids (each well-formed: a name found among them is not asked whether it
    is an id, as :func:`check_references` does not ask of a goal's)."""
    about = raw.meta["goals"][goal_id]
    readings = about.get("metrics") if isinstance(about, dict) else None
    if not isinstance(readings, dict):
        return True
    found = True
    for metric_id in readings:
        if metric_id not in known and is_id(metric_id):  # each of known is an id
            hint = did_you_mean(metric_id, known) or (
                f" (goal '{goal_id}' has no metrics)" if not known else ""
            )
            _report(raw, ("goals", goal_id, "metrics", metric_id), "unknown-metric",
                    f"unknown metric '{metric_id}' for goal '{goal_id}'{hint}", diagnostics,
                    at_key=True)
            found = False
    return found


def metric_ids_as_written(failed: list[RawDocument]) -> dict[str, tuple[str, ...]]:
    """The metric ids of each goal among ``failed`` (its own fields have errors), read from its
    front matter as written, so that a check-in's readings are checked in the same run: a
    wrong ``due`` or a metric's bad ``target`` leaves the ids known.

    A goal is left out, and nothing is said of the metrics read for it, where the ids cannot
    all be read: ``metrics`` not a list, an item with no well-formed ``id``, no ``metrics``
    beside a field the kind does not have (``metric:`` misspelt), or YAML read on past a
    problem (a duplicate key may have dropped the id that was meant)."""
    written = {}
    for raw in failed:
        if raw.kind != "goal" or raw.misnamed or raw.broken:
            continue
        metrics = raw.meta.get("metrics", ())
        if "metrics" not in raw.meta and not set(raw.meta) <= _GOAL_FIELDS:
            continue
        if not isinstance(metrics, list | tuple):
            continue
        ids = tuple(item.get("id") if isinstance(item, dict) else None for item in metrics)
        if all(isinstance(metric_id, str) and is_id(metric_id) for metric_id in ids):
            written[raw.slug] = cast(tuple[str, ...], ids)
    return written


_GOAL_FIELDS = frozenset(GoalFields.model_fields)


def pivots_as_written(failed: list[RawDocument]) -> dict[str, str]:
    """The ``pivoted_to`` of each goal among ``failed`` (its own fields have errors), read
    from its front matter as written where it is a well-formed id, so that a circle of pivots
    through it is told in the same run: its ``status`` may be what is wrong. None is taken
    from YAML read on past a problem (a duplicate key may have dropped the one meant)."""
    return {raw.slug: pivot for raw in failed
            if raw.kind == "goal" and not raw.misnamed and not raw.broken
            and isinstance(pivot := raw.meta.get("pivoted_to"), str) and is_id(pivot)}


CROSS_CHECKS = {
    "goal": _check_goal,
    "checkin": _check_checkin,
    "reflection": _check_goal_refs,
    "evidence": _check_goal_refs,
}
