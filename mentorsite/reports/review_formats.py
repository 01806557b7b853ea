"""How a :class:`~mentorsite.reports.review.Review` is written: JSON for tools, Markdown for a
pull-request comment or ``$GITHUB_STEP_SUMMARY``.

The pair's words (titles, labels, wins, messages) are written as typed, never as Markdown's markup,
and a problem's place and message as printable text, since the comment is posted where anyone
on the pull request reads it.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from mentorsite.diagnostic_formats import code_span, printable
from mentorsite.diagnostics import Diagnostic, Severity
from mentorsite.history.field_changes import FieldChange
from mentorsite.reports.review import GoalChange, Review, basis_changed
from mentorsite.reports.review_entries import NOUNS
from mentorsite.text import count, markdown_literal, number, percent


def as_json(result: Review) -> str:
    data = asdict(result)
    data["summary"] = result.summary()
    for goal, shown in zip(result.goals, data["goals"], strict=True):
        shown["plan"] = [change._asdict() for change in goal.plan]
    data["problems"] = [_diagnostic(d) for d in result.problems]
    data["new_warnings"] = [_diagnostic(d) for d in result.new_warnings]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _diagnostic(d: Diagnostic) -> dict[str, Any]:
    return {"path": d.path, "line": d.line, "column": d.column, "severity": d.severity.value,
            "code": d.code, "message": d.message}


_WHOLE = ("added", "removed", "made public", "fixed")
"""Changes whose entry is listed whole, not by what it gained."""


def as_markdown(result: Review, base_shown: str | None = None) -> str:
    """Markdown for a pull-request comment or ``$GITHUB_STEP_SUMMARY``. ``base_shown`` names
    the base in the heading where it is not the ref typed (``main at 219bd5c`` for the merge
    base found with main, which ``result.base`` holds in full, for tools)."""
    base, head = markdown_literal(base_shown or result.base), markdown_literal(result.head)
    lines = [f"## Mentorship review: {base} → {head}", "",
             f"**{result.summary(markdown_literal)}**", ""]
    if result.goals:
        lines += ["### Goals", "", "| Goal | Status | Check-in status | Progress | Readings |",
                  "|---|---|---|---|---|"]
        for goal in result.goals:
            status = _arrow(goal.status_before or "new", goal.status_after or "removed")
            said = _arrow(goal.checkin_status_before or "—", goal.checkin_status_after or "—")
            progress = (_arrow(percent(goal.progress_before), percent(goal.progress_after))
                        + basis_changed(goal))
            readings = "<br>".join(
                f"{markdown_literal(r.label)}: {number(r.before)} → {number(r.after)}"
                + (f" {markdown_literal(r.unit)}" if r.unit else "") for r in goal.readings
            ) or "—"
            title = markdown_literal(goal.title)
            if goal.renamed_from:
                title += f" (id {goal.renamed_from} → {goal.id})"
            lines.append(f"| {title} | {status} | {said} | {progress} | {readings} |")
        lines.append("")
    planned = [goal for goal in result.goals
               if goal.plan or goal.text_added or goal.text_removed]
    if planned:
        lines += ["### Goal plans changed", ""]
        for goal in planned:
            lines.append(f"- **{markdown_literal(goal.title)}**")
            lines += [f"  - {_field_change(change)}" for change in goal.plan]
            if goal.text_added or goal.text_removed:
                lines.append(f"  - plan text changed ({_lines_changed(goal)})")
        lines.append("")
    if result.entries:
        lines += ["### Check-ins, reflections and evidence", ""]
        for entry in result.entries:
            noun = NOUNS[entry.kind][0]
            # an unreadable file's title may be its name, which no check has held to text
            title = markdown_literal(printable(entry.title) if entry.unreadable else entry.title)
            if entry.moved_from is not None:
                title = f"{markdown_literal(entry.moved_from)} → {title}"
            problems = "" if not entry.unreadable else (
                " (it cannot be read: see its problems below)" if not entry.readable
                else " (it has errors: see its problems below)")
            lines.append(f"- **{entry.change.capitalize()}** {noun}: {title}{problems}")
            for label, texts in (("Wins", entry.wins), ("Obstacles", entry.obstacles),
                                 ("Adjustments", entry.adjustments)):
                if texts:  # one item each: a win is often a sentence of its own
                    added = "" if entry.change in _WHOLE else " added"
                    lines.append(f"  - {label}{added}:")
                    lines += [f"    - {markdown_literal(text)}" for text in texts]
        lines.append("")
    for title, items in (("Problems in the changed files", result.problems),
                         ("Warnings this change raises", result.new_warnings)):
        if items:
            lines += [f"### {title}", ""]
            lines += [f"- {code_span(printable(f'{d.path}:{d.line}:{d.column}'))} "
                      f"{d.severity.value}: {markdown_literal(printable(d.message))} "
                      f"`[{d.code}]`" for d in items]
            lines.append("")
    if result.head_errors and not any(d.severity is Severity.ERROR for d in result.problems):
        lines += [f"{count(result.head_errors, 'error')} elsewhere in the content: run "
                  "`mentorsite check`.", ""]
    return "\n".join(lines)


def _lines_changed(goal: GoalChange) -> str:
    """``2 lines added, 1 removed``, as the goal's page counts a revision's text changes."""
    added = f"{count(goal.text_added, 'line')} added" if goal.text_added else ""
    removed = (f"{goal.text_removed if added else count(goal.text_removed, 'line')} removed"
               if goal.text_removed else "")
    return ", ".join(part for part in (added, removed) if part)


def _field_change(change: FieldChange) -> str:
    """``due``: 2026-03-31 → 2026-06-30, as a goal's history page shows a change in meaning
    (a field added or removed says so)."""
    before = markdown_literal(change.before) if change.before is not None else ""
    after = markdown_literal(change.after) if change.after is not None else ""
    values = (f"added {after}" if change.before is None
              else f"removed {before}" if change.after is None else f"{before} → {after}")
    return f"{code_span(change.field)}: {values}"


def _arrow(before: str, after: str) -> str:
    return before if before == after else f"{before} → {after}"
