"""``mentorsite review``: what a pull request changes, as a review-session summary (SPEC §7).

Both sides are read through git (``ls-tree`` and ``cat-file``, never a checkout), validated by
the same stages as ``check``, and compared in their published form, so a private file is never
mentioned: not its readings, not its name, not its problems.

Here both sides are read and the goals compared (status, progress, readings, plan), and the
problems' hints that would name a private goal are dropped; what became of each check-in,
reflection and evidence entry is :mod:`~mentorsite.reports.review_entries`'s, and the Markdown
and JSON the result is written as are :mod:`~mentorsite.reports.review_formats`'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from mentorsite.diagnostics import Diagnostic, Severity, did_you_mean
from mentorsite.history.body_diffs import body_diff, lines_added_removed
from mentorsite.history.compare import changed_paths, commit_of, read_trees, renamed_paths
from mentorsite.history.field_changes import FieldChange, meaning
from mentorsite.history.private_versions import is_private_text
from mentorsite.history.version_read import read_version
from mentorsite.history.versions import without_goals
from mentorsite.model.entries import Goal
from mentorsite.model.insights import Goals, GoalView, GoalViews, goal_views
from mentorsite.model.progress import measured_from
from mentorsite.model.project import Project, Rereading, read_project, read_snapshot
from mentorsite.model.publish import published
from mentorsite.read.files import MAX_FILE_BYTES
from mentorsite.reports.review_entries import NOUNS, EntryChange, entry_changes, moves
from mentorsite.text import count, percent


@dataclass(frozen=True)
class Reading:
    """A metric's latest value on each side."""

    metric: str
    label: str
    unit: str | None
    before: float | None
    after: float | None


@dataclass(frozen=True)
class GoalChange:
    """A goal whose status, progress or readings differ between the two sides."""

    id: str
    title: str
    status_before: str | None
    """None when the goal is new."""
    status_after: str | None
    """None when the goal was removed."""
    checkin_status_before: str | None
    """What the newest check-in said of it (on-track, at-risk …); None when none did."""
    checkin_status_after: str | None
    progress_before: float | None
    progress_after: float | None
    readings: tuple[Reading, ...]
    measured_before: str | None = None
    """What the progress before was worked out from: "readings" of its metrics, or its
    "milestones" done while none had a reading; None without either."""
    measured_after: str | None = None
    renamed_from: str | None = None
    """Its id before, when its file was renamed (``git mv``) and kept at least half its text:
    one goal, not one removed and one new."""
    plan: tuple[FieldChange, ...] = ()
    """Its own front matter's changes, as its history page shows them (each field left out
    read as its default, see :func:`~mentorsite.history.field_changes.meaning`): a due date moved,
    a target raised, a milestone added. Not its status, which has its own column."""
    text_added: int = 0
    """Lines of its plan's text (the body) the pull request adds, as its history counts them."""
    text_removed: int = 0


@dataclass(frozen=True)
class Review:
    """Everything the summary says, ready for Markdown or JSON."""

    base: str
    head: str
    goals: tuple[GoalChange, ...]
    entries: tuple[EntryChange, ...]
    problems: tuple[Diagnostic, ...]
    """Errors and warnings in the changed (public) files."""
    new_warnings: tuple[Diagnostic, ...]
    """Warnings the head raises that the base did not (SMART, cadence …), public files only."""
    head_errors: int
    """Errors anywhere in the head, private files included: they decide the exit status."""

    def summary(self, written: Callable[[str], str] = str) -> str:
        """One line: the entries changed by kind and change, what changed of each goal, the
        errors. ``written`` writes a goal's title in it (Markdown's escaped and isolated)."""
        counts: dict[tuple[str, str], int] = {}
        for entry in self.entries:
            counts[(entry.kind, entry.change)] = counts.get((entry.kind, entry.change), 0) + 1
        parts = [f"{count(n, *NOUNS[kind])} {change}" for (kind, change), n in counts.items()]
        parts += [f"{written(g.title)}: {news}" for g in self.goals if (news := _news(g))]
        if not parts:
            parts.append("no changes to the mentorship")
        errors = self.head_errors
        parts.append(count(errors, "error") if errors else "no errors")
        return "; ".join(parts)


def _news(goal: GoalChange) -> str:
    """What the summary line says of a goal: a new id, the goal added or removed, its own
    status, its progress and what its newest check-in said of it, each only when it changed
    (a goal achieved or paused, or a goal added, was in the table and not in the summary)."""
    before, after = goal.checkin_status_before, goal.checkin_status_after
    said = "" if not after or after == before else (
        f"{before} → {after}" if before else f"now {after}")
    moved = (f"{percent(goal.progress_before)} → {percent(goal.progress_after)}"
             f"{basis_changed(goal)}" if goal.progress_before != goal.progress_after else "")
    renamed = f"renamed from {goal.renamed_from}" if goal.renamed_from else ""
    own = ("added" if goal.status_before is None else "removed" if goal.status_after is None
           else "" if goal.status_before == goal.status_after
           else f"{goal.status_before} → {goal.status_after}")
    fields = dict.fromkeys(change.field.split(".", 1)[0] for change in goal.plan)
    if goal.text_added or goal.text_removed:
        fields["text"] = None
    plan = f"plan changed ({', '.join(fields)})" if fields else ""
    return ", ".join(part for part in (renamed, own, plan, moved, said) if part)


def review(root: Path, base: str, head: str | None, today: date | None = None) -> Review:
    """Compare the content at ``base`` with ``head`` (None: the working tree)."""
    base_id = commit_of(root, base)
    head_id = commit_of(root, head) if head else None
    base_files, *others = read_trees(root, base_id, *([head_id] if head_id else []))
    head_files = others[0] if others else None
    again = Rereading()  # each file the two sides share is read and checked once
    before = read_snapshot(root, base_files, today, again)
    after = (read_snapshot(root, head_files, today, again) if head_files is not None
             else read_project(root, today, again=again))
    renamed = renamed_paths(root, base_id, head_id)
    private = _private_paths(after, root, head_files, renamed)
    made_public = _made_public(before.model.private_paths() - private, renamed, private)
    changed = [p for p in changed_paths(root, base_id, head_id) if p not in private]
    there = (set(base_files), set(head_files) if head_files is not None
             else {p for p in changed if (root / p).is_file()})
    views = GoalViews()  # a goal and the entries naming it the same: its view is made once
    old = goal_views(published(before.model, private), before.today, views)
    new = goal_views(published(after.model, private), after.today, views)
    seen_before = {(d.path, d.code, d.message) for d in before.diagnostics.items}
    hidden = {path[len(_GOALS):-3] for path in private
              if path.startswith(_GOALS) and path.endswith(".md")}
    hidden_goals = frozenset(hidden | {
        goal.id for side in (before, after) for goal in side.model.goals
        if goal.private or goal.file.path in private})
    titles = _milestone_titles(after.model.goals, hidden_goals)
    head_items = [_naming_none(d, hidden, titles) for d in after.diagnostics.sorted()
                  if d.path not in private]

    def plan(path: str, side: int) -> bytes | None:
        if side == 0:
            return base_files.get(path)
        if head_files is not None:
            return head_files.get(path)
        return _working_file(root / path)

    return Review(
        base=base,
        head=head or "working tree",
        goals=tuple(_goal_changes(old, new, plan, hidden_goals)),
        entries=tuple(entry_changes(changed, old.model, new.model, made_public, there,
                                    lambda path: _front_matter_read(plan(path, 1)))),
        problems=tuple(d for d in head_items if d.path in changed),
        new_warnings=tuple(
            d for d in head_items
            if d.severity is Severity.WARNING and d.path not in changed
            and (d.path, d.code, d.message) not in seen_before
        ),
        head_errors=after.diagnostics.errors,
    )


_GOALS = "content/goals/"

_HINT = re.compile(r" \(did you mean '([^']*)'\?\)|: did you mean '([^']*)'\?")
"""A "did you mean" hint, in either of its two forms, and the name it suggests."""


def _naming_none(found: Diagnostic, hidden: set[str], titles: frozenset[str]) -> Diagnostic:
    """``found`` without a hint that suggests one of the ``hidden`` (private) goals, or
    anything of one: a review is posted on the pull request, and "did you mean
    'family-leave-plan'?" named a goal the site never shows, "unknown metric 'attacks' for
    goal 'family-plan' (did you mean 'panic-attacks'?)" a private goal's metric, and
    "milestone 'Court date set' is none of its goals' milestones (did you mean 'Court date
    fixed'?)" one of the private goals' milestone ``titles``, on a public reflection that
    names that goal."""
    about_hidden = any(f"goal '{goal}'" in found.message for goal in hidden)
    message = _HINT.sub(
        lambda hint: "" if about_hidden or (hint[1] or hint[2]) in hidden else hint[0],
        found.message)
    # A title may hold a "'", which _HINT's name does not: the hint is matched whole.
    for title in titles:
        message = message.removesuffix(did_you_mean(title, [title]))
    return found if message == found.message else replace(found, message=message)


def _milestone_titles(goals: Iterable[Goal], hidden: frozenset[str]) -> frozenset[str]:
    """The milestone titles of the ``hidden`` goals that no published goal has too."""
    shown = {m.title for goal in goals if goal.id not in hidden for m in goal.milestones}
    return frozenset(m.title for goal in goals if goal.id in hidden for m in goal.milestones
                     if m.title not in shown)


def _private_paths(after: Project, root: Path, head_files: dict[str, bytes] | None,
                   renamed: list[tuple[str, str, bool]]) -> set[str]:
    """Files private at the head, or whose text there says so even if it does not validate,
    by both names where git finds one renamed (a check-in moved and marked private in one
    pull request was "removed" under its old name, its wins quoted), and a copy of one.

    They are left out of both sides: a file private now keeps every revision of it off the
    site (SPEC §6), so its public past is not quoted either. A file private only in the base
    is not among them: the head publishes it, and the review says so (``_made_public``)."""
    private = after.model.private_paths()
    files = head_files or {}
    for diagnostic in after.diagnostics.items:
        data = files.get(diagnostic.path) or _working_file(root / diagnostic.path)
        if is_private_text(data):
            private.add(diagnostic.path)
    for old, new, copy in renamed:
        if old in private or (new in private and not copy):
            private.update((old, new))
    return private


def _working_file(path: Path) -> bytes | None:
    """The working tree's file at ``path``, or as much of it as a content file may hold
    (its front matter is at its start); None when there is no file. A 2 GB file, told
    ``file-too-large``, was read whole, 4 GB of memory, to learn whether it said
    ``private: true`` and whether its front matter could be read."""
    try:
        if not path.is_file():  # a FIFO would never answer
            return None
        with path.open("rb") as file:
            return file.read(MAX_FILE_BYTES)
    except OSError:  # gone, or unreadable: told as its own problem
        return None


def _made_public(was_private: set[str], renamed: list[tuple[str, str, bool]],
                 private: set[str]) -> set[str]:
    """Paths the head publishes that were private in the base, under their new names where
    git finds them renamed: without this a check-in made public was left out as private,
    and the review never told the reviewers what the merge would publish."""
    moved = {new for old, new, copy in renamed
             if old in was_private and not copy and new not in private}
    return was_private | moved


def _goal_changes(old: Goals, new: Goals, text: Callable[[str, int], bytes | None],
                  hidden: frozenset[str]) -> list[GoalChange]:
    """What changed of each public goal; ``text``: a file's bytes in the base (0) or the
    head (1), for its plan; ``hidden``: private goals, which its plan must not name."""
    renamed = _renamed_goals(old, new)
    ids = sorted(({v.goal.id for v in old.goals} - set(renamed.values()))
                 | {v.goal.id for v in new.goals})
    changes = []
    for goal_id in ids:
        a, b = old.goal(renamed.get(goal_id, goal_id)), new.goal(goal_id)
        either = b or a
        assert either is not None, "the id came from one of the two sides"
        latest_before = {m.metric.id: m.latest for m in (a.metrics if a else ())}
        latest_after = {m.metric.id: m.latest for m in (b.metrics if b else ())}
        readings = [
            Reading(m.metric.id, m.metric.label, m.metric.unit,
                    latest_before.get(m.metric.id), latest_after.get(m.metric.id))
            for m in either.metrics
            if latest_before.get(m.metric.id) != latest_after.get(m.metric.id)
        ]
        change = GoalChange(
            id=goal_id,
            title=either.goal.title,
            status_before=a.goal.status if a else None,
            status_after=b.goal.status if b else None,
            checkin_status_before=a.latest_status if a else None,
            checkin_status_after=b.latest_status if b else None,
            progress_before=a.progress if a else None,
            progress_after=b.progress if b else None,
            readings=tuple(readings),
            renamed_from=renamed.get(goal_id),
            measured_before=_measured_by(a),
            measured_after=_measured_by(b),
        )
        if a and b:
            change = _with_plan(change, text(a.goal.file.path, 0), text(b.goal.file.path, 1),
                                hidden)
        if (readings or change.renamed_from or change.status_before != change.status_after
                or change.plan or change.text_added or change.text_removed
                or change.checkin_status_before != change.checkin_status_after
                or change.progress_before != change.progress_after):
            changes.append(change)
    return changes


def _with_plan(change: GoalChange, before: bytes | None, after: bytes | None,
               hidden: frozenset[str]) -> GoalChange:
    """``change`` with what the pull request did to the goal's own plan: its fields, compared
    as its history compares them (so the review and the goal's page agree), and how many
    lines of its text it added and removed. A side whose front matter cannot be read (it did
    not validate either, so the goal is on both sides only when both can) has no plan. A
    file the same on both sides has changed nothing: it is not read (a hundred goals' YAML
    parsed twice over for a change that touched none of them)."""
    if before == after:
        return change
    old, new = read_version(before), read_version(after)
    if old is None or new is None or not (old.readable and new.readable):
        return change
    fields = tuple(
        field_change for field_change in meaning(
            without_goals(old.meta, hidden), without_goals(new.meta, hidden), "goal")
        if field_change.field != "status")
    added, removed = lines_added_removed(body_diff(old, new))
    return replace(change, plan=fields, text_added=added, text_removed=removed)


def _measured_by(view: GoalView | None) -> str | None:
    """What ``view``'s progress comes from (SPEC: its metrics' readings, else its milestones
    done): a goal's first reading can show as a fall from its milestones' share."""
    if view is None:
        return None
    return measured_from(view.goal, (metric.progress for metric in view.metrics))


def basis_changed(goal: GoalChange) -> str:
    """`` (by its readings now, by its milestones before)`` where that is so, else nothing."""
    before, after = goal.measured_before, goal.measured_after
    if not before or not after or before == after or (
            goal.progress_before == goal.progress_after):
        return ""
    return f" (by its {after} now, by its {before} before)"


def _renamed_goals(old: Goals, new: Goals) -> dict[str, str]:
    """New id → old id, for each goal whose file only moved (as
    :func:`~mentorsite.reports.review_entries.moves` judges)."""
    before = {v.goal.file.path: v.goal for v in old.goals if new.goal(v.goal.id) is None}
    after = {v.goal.file.path: v.goal for v in new.goals if old.goal(v.goal.id) is None}
    moved = moves(list(before), list(after), before, after)
    return {after[new_path].id: before[old_path].id for new_path, old_path in moved.items()}


def _front_matter_read(blob: bytes | None) -> bool:
    """Whether ``blob``'s front matter can be read at all (its YAML parses), whatever a check
    then finds wrong in it."""
    version = read_version(blob)
    return version is not None and version.readable
