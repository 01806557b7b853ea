"""Warnings about the rhythm of check-ins: gaps longer than the cadence allows, none for too
long, one dated after today, one saved empty, next steps overdue or listed twice, readings off
their metric's scale, and a goal reported on before it started."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from mentorsite.model.entries import CheckIn, NextStep
from mentorsite.model.lint.linter import Linter
from mentorsite.model.progress import allowed_gap, newest_held
from mentorsite.text import count


def _carried(previous: CheckIn | None) -> list[NextStep]:
    """The next steps a new check-in carries forward from ``previous``: those not done."""
    return [step for step in previous.next if not step.done] if previous else []


class CheckinChecks(Linter):
    """The checks of the check-ins, together and each."""

    def gap_since(self, before: date, path: str, gap: int) -> str:
        """How long it has been since the check-in of ``before`` (at ``path``), which names
        it only if it is public: review posts the warning on the pull request, and the date
        of one private, or the days since it, would date it. A file with errors may be
        private too."""
        held = self.entries.get(path)
        if held is not None and not held.private:
            return f"{gap} days since the check-in of {before}"
        return "longer than allowed since the check-in before it"

    def cadence_name(self) -> str:
        cadence = self.model.settings.cadence
        return f"{cadence}-day" if isinstance(cadence, int) else str(cadence)

    def cadence(self) -> None:
        """Gaps and the days since the last check-in count the check-ins held by today; one
        dated later is a slip of the year, or an agenda written ahead, and held by neither."""
        cadence = self.model.settings.cadence_days
        limit = allowed_gap(cadence)
        held = self.met_by_today
        # A file with errors counts as a meeting for the others' gaps, but is warned of
        # nothing itself until it is fixed, as docs/content.md says of every warning.
        broken = self.broken
        for day, path in self.met[len(held):]:
            if path in broken:
                continue
            self.warn(path, None, "checkin-in-future",
                      f"check-in dated {day}, after today ({self.today}): check the date; "
                      "health counts it once its day has come")
        for (before, before_path), (after, after_path) in pairwise(held):
            gap = (after - before).days
            if gap > limit and after_path not in broken:
                self.warn(after_path, None, "checkin-gap",
                          f"{self.gap_since(before, before_path, gap)}; the "
                          f"{self.cadence_name()} cadence allows {count(limit, 'day')}")
        if held:
            last, path = held[-1]
            days = (self.today - last).days
        else:
            active = [g for g in self.model.goals if g.status == "active"]
            if not active:
                return
            first = min(active, key=lambda g: g.started)
            days, path = (self.today - first.started).days, first.file.path
        if days > limit and path not in broken:
            self.warn(path, None, "checkin-overdue",
                      f"no check-in for {days} days as of {self.today}; the "
                      f"{self.cadence_name()} cadence allows {count(limit, 'day')}")

    def unfilled(self) -> None:
        """A check-in saved as ``new checkin`` wrote it passed with no word, was published
        empty and counted towards check-in health. It names goals (the template names each
        active one) yet gives none of them a status, a note or a reading, and holds no win,
        obstacle, adjustment, notes, nor a next step other than those carried forward from
        the check-in before. A short check-in saying one thing, or none naming any goal
        (``---`` twice: the pair met), is not warned of."""
        previous: CheckIn | None = None
        for checkin in self.model.checkins:
            if (checkin.goals and not (checkin.wins or checkin.obstacles or checkin.adjustments)
                    and not checkin.file.body.strip()
                    and not any(about.recorded for about in checkin.goals.values())
                    and all(step in _carried(previous) for step in checkin.next)):
                self.warn(checkin.file.path, None, "empty-checkin",
                          "the check-in records nothing yet: no goal has a status, a note or "
                          "a reading, and it holds no win, obstacle, adjustment, new next step "
                          "or notes: fill it in, or delete it if you did not meet")
            previous = checkin

    def next_steps(self) -> None:
        """Only the newest check-in's steps are open: a new check-in carries them forward."""
        for checkin in self.model.checkins:
            steps = checkin.next
            if len(steps) > 1 and len({(step.task, step.due) for step in steps}) < len(steps):
                self.steps_twice(checkin)  # only a check-in listing one twice is looked into
        latest = newest_held(self.model.checkins, self.today)
        if latest is None or self.newest_met() != latest.file.path:
            return  # the newest check-in has errors: its steps are the open ones, not known
        for index, step in enumerate(latest.next):
            if step.due and not step.done and step.due < self.today:
                self.warn(latest.file.path, ("next", index, "due"), "next-step-overdue",
                          f"next step '{step.task}' was due {step.due}")

    def newest_met(self) -> str | None:
        """The path of the newest check-in file held by today, valid or not: where it has
        errors, the steps it carried forward (and maybe marked done) were told overdue in the
        check-in before it, which is no longer the one whose steps are open."""
        held = self.met_by_today
        return held[-1][1] if held else None

    def steps_twice(self, checkin: CheckIn) -> None:
        """A step listed again in one check-in, with the same task and ``due``: a paste or a
        merge that took both sides. The calendar folds the copies into one event, as its
        first line has it, while the site and ``status`` list each copy, so the pair is told
        at the copy, to delete it (or give each its own task, if two people meant to do it)."""
        path = checkin.file.path
        first: dict[tuple[str, date | None], int] = {}
        for index, step in enumerate(checkin.next):
            seen = first.setdefault((step.task, step.due), index)
            if seen != index:
                positions = self.positions.get(path)
                where = "" if positions is None else (
                    f" (first on line {positions.of_value(('next', seen))[0]})")
                due = f" due {step.due}" if step.due else ""
                self.warn(path, ("next", index), "duplicate-step",
                          f"next step '{step.task}'{due} is listed twice in this "
                          f"check-in{where}: delete this one, or give each its own task")

    def before_start(self) -> None:
        """A check-in that gives a goal a status or a reading on a day before the goal's
        ``started``: a year typed wrong (``2023-12-01`` for ``2024-12-01``), in the check-in's
        name or in the goal's start, that nothing else caught (the gap to the next check-in
        was blamed on the pair). Naming the goal with only a note, or nothing, is not warned
        of: a pair may talk over a goal it has not started yet. A private goal's start date
        is left out of a public check-in's warning: review posts it on the pull request."""
        started = {goal.id: goal for goal in self.model.goals}
        for checkin in self.model.checkins:
            for goal_id, about in checkin.goals.items():
                goal = started.get(goal_id)
                if goal is None or checkin.date >= goal.started or not (
                        about.status or about.metrics):
                    continue
                when = (f" ({goal.started})" if checkin.private or not goal.private
                        else "")
                self.warn(checkin.file.path, ("goals", goal_id), "checkin-before-start",
                          f"check-in dated {checkin.date} reports on goal '{goal_id}' before "
                          f"it started{when}: check the year in the check-in's file name and "
                          "in the goal's 'started'", at_key=True)

    def readings(self) -> None:
        scales: dict[str, dict[str, tuple[float, float] | None]] = {}
        for goal in self.model.goals:
            for metric in goal.metrics:
                scales.setdefault(goal.id, {}).setdefault(metric.id, metric.scale)  # the first
        scaled = {goal_id: {metric_id: scale for metric_id, scale in metrics.items() if scale}
                  for goal_id, metrics in scales.items()}
        for checkin in self.model.checkins:
            for goal_id, about in checkin.goals.items():
                goal_scales = scaled.get(goal_id)
                if not goal_scales:
                    continue  # most goals have no scale: their readings need no look
                for metric_id, value in about.metrics.items():
                    scale = goal_scales.get(metric_id)
                    if scale is None:
                        continue
                    low, high = scale
                    if not low <= value <= high:
                        self.warn(checkin.file.path, ("goals", goal_id, "metrics", metric_id),
                                  "reading-out-of-scale",
                                  f"reading {value:g} for '{metric_id}' is outside its scale "
                                  f"[{low:g}, {high:g}]")
