"""Warnings about goals and their milestones: SMART gaps, deadlines passed, milestones done
in the future, and achievements no reflection names."""

from __future__ import annotations

from datetime import date
from functools import cached_property

from mentorsite.model.entries import CheckIn, Goal
from mentorsite.model.lint.linter import Linter
from mentorsite.model.progress import achieved_on, mentions_by_goal
from mentorsite.read.comments import EMPTIED_VALUE, GLUED


class GoalChecks(Linter):
    """The checks of each goal, its milestones and the reflections they call for."""

    @cached_property
    def emptied(self) -> frozenset[tuple[str, int]]:
        """Where a value that a comment took the whole of (``why: #1 reason``) is warned of,
        by path and line: told so already, at the comment's ``#``, on the line of the value
        (a comment runs to its line's end, so it empties one value at most)."""
        return frozenset((item.path, item.line) for item in self.diagnostics
                         if item.code == GLUED and item.message == EMPTIED_VALUE)

    def comment_took(self, path: str, name: str) -> bool:
        """Whether the field ``name`` of the file at ``path`` is written with a value that a
        comment took the whole of: its warning, at the comment, says why it is empty, and
        the SMART warning does not ask for it again at 1:1 (one mistake, one message)."""
        where = self.positions[path].values.get((name,)) if self.emptied and (
            path in self.positions) else None
        return where is not None and (path, where[0]) in self.emptied

    @cached_property
    def reflection_dates(self) -> dict[str, list[date]]:
        """The dates of the reflections naming each goal, in model order, then those of the
        reflection files with errors: a typo in one told the goals it names that no
        reflection names them (``missing-reflection``), a warning for each of its goals'
        milestones besides its own error. One whose goals cannot be read may name any goal:
        none is told, until it is fixed, what may be false."""
        found: dict[str, list[date]] = {}
        for reflection in self.model.reflections:
            for goal_id in reflection.goal_ids:
                found.setdefault(goal_id, []).append(reflection.date)
        unread = [day for day, named in self.reflected_broken if named is None]
        for day, named in self.reflected_broken:
            if named is not None:
                found.setdefault(named, []).append(day)
        for goal in self.model.goals if unread else ():  # it may name any of them
            found.setdefault(goal.id, []).extend(unread)
        return found

    @cached_property
    def mentions(self) -> dict[str, tuple[CheckIn, ...]]:
        """The check-ins naming each goal (:func:`mentions_by_goal`)."""
        return mentions_by_goal(self.model.checkins)

    def goal(self, goal: Goal) -> None:
        path = goal.file.path
        missing = [name for name in ("due", "why") if not getattr(goal, name)]
        if not goal.success:
            missing.append("success")
        if not goal.metrics and not goal.milestones:
            missing.append("metrics")
        missing = [name for name in missing if not self.comment_took(path, name)]
        if missing:
            self.warn(path, None, "smart-incomplete",
                      f"goal is not yet SMART: add {', '.join(missing)}")
        if goal.status == "active" and goal.due and goal.due < self.today:
            self.warn(path, ("due",), "goal-overdue",
                      f"active goal was due {goal.due}: mark it achieved, move 'due' or pivot")
        for index, milestone in enumerate(goal.milestones):
            if milestone.done and milestone.done > self.today:
                self.warn(path, ("milestones", index, "done"), "milestone-done-in-future",
                          f"milestone '{milestone.title}' done {milestone.done}, after today "
                          f"({self.today}): check the date; the site and status count it "
                          "done already, a report only from that day on")
        if goal.status in ("active", "paused", "proposed"):
            for index, milestone in enumerate(goal.milestones):
                if milestone.due and not milestone.done and milestone.due < self.today:
                    self.warn(path, ("milestones", index, "due"), "milestone-overdue",
                              f"milestone '{milestone.title}' was due {milestone.due} and is "
                              "not done")
        self.reflected(goal)

    def reflected(self, goal: Goal) -> None:
        """An achieved goal and each done milestone deserve a reflection naming the goal; a
        milestone done after today is warned of as such alone, its reflection not yet due."""
        dates = self.reflection_dates.get(goal.id, [])
        path = goal.file.path
        if goal.status == "achieved":
            since = achieved_on(goal, self.mentions.get(goal.id, ()))
            if not any(since is None or d >= since for d in dates):
                # The check-in that called it done is not dated: it may be private, and
                # review posts the goal's warnings.
                self.warn(path, ("status",), "missing-reflection",
                          "goal is achieved but no reflection names it"
                          + (" on or after the check-in that called it done" if since else ""))
        for index, milestone in enumerate(goal.milestones):
            if milestone.done and milestone.done <= self.today and not any(
                    d >= milestone.done for d in dates):
                self.warn(path, ("milestones", index, "done"), "missing-reflection",
                          f"milestone '{milestone.title}' was done {milestone.done} but no "
                          "reflection on or after that date names this goal")
