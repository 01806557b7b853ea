"""How a :class:`~mentorsite.reports.report.Report` is written: JSON for tools, Markdown to paste.

Markdown is pasted into review forms, pull requests and programme documents, so every piece of
content is kept on one line and table cells escape what would break the table.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from itertools import groupby
from typing import Any

from mentorsite.model.insights import url_of
from mentorsite.reports.report import GoalReport, Mark, Report
from mentorsite.text import (
    count,
    every,
    markdown_literal,
    number,
    percent,
    relative_days,
    short_date,
    whole_percent,
    win_label,
)


def report_data(report: Report) -> dict[str, Any]:
    """Everything ``report`` shows, as JSON-ready values (shares 0..1, ISO dates)."""
    settings, when, regular = report.settings, report.period, report.checkins
    return {
        "title": settings.title,
        "mentee": settings.mentee,
        "mentors": list(settings.mentors),
        "since": when.since.isoformat(),
        "until": when.until.isoformat(),
        "days": when.days,
        "summary": summary(report),
        "goals": [_goal(view) for view in report.goals],
        "wins": [{"date": w.date.isoformat(), "kind": w.kind, "text": w.text, "url": w.url}
                 for w in report.wins],
        "evidence": [
            {"slug": e.slug, "date": e.date.isoformat(), "title": e.title, "kind": e.kind,
             "source": e.source, "goals": list(e.goal_ids), "url": url_of("evidence", e.slug)}
            for e in report.evidence
        ],
        "reflections": [
            {"slug": r.slug, "date": r.date.isoformat(), "title": r.title,
             "milestone": r.milestone, "goals": list(r.goal_ids),
             "url": url_of("reflections", r.slug)}
            for r in report.reflections
        ],
        "checkins": {
            "count": regular.count,
            "expected": regular.expected,
            "cadence_days": regular.cadence_days,
            "allowed_gap": regular.allowed,
            "mean_gap": regular.mean_gap,
            "longest_gap": regular.longest_gap,
            "long_gaps": [{"from": g.start.isoformat(), "to": g.end.isoformat(), "days": g.days}
                          for g in regular.long_gaps],
            "days_since_last": regular.days_since_last,
            "days_since_last_until": regular.counted_to.isoformat(),
        },
    }


def _goal(view: GoalReport) -> dict[str, Any]:
    def mark(found: Mark | None) -> dict[str, str] | None:
        return {"date": found.date.isoformat(), "status": found.status} if found else None

    return {
        "id": view.goal.id,
        "title": view.goal.title,
        "status": view.status,
        "new": view.new,
        "progress_start": view.start,
        "progress_end": view.end,
        "change": view.change,
        "measured_start": view.measured_start,
        "measured_end": view.measured_end,
        "first_status": mark(view.marks[0] if view.marks else None),
        "last_status": mark(view.marks[-1] if view.marks else None),
        "statuses": [mark(m) for m in view.marks],
        "status_before": mark(view.before),
        "closed_on": view.closed_on.isoformat() if view.closed_on else None,
        "pivoted_to": ({"id": view.pivoted_to.id, "title": view.pivoted_to.title}
                       if view.pivoted_to else None),
    }


def as_json(report: Report) -> str:
    return json.dumps(report_data(report), indent=2, ensure_ascii=False) + "\n"


def summary(report: Report, written: Callable[[str], str] = str) -> str:
    """One paragraph: what a reader should take away if they read nothing else. ``written``
    writes the pair's own words in it (:func:`~mentorsite.text.markdown_literal` in the
    Markdown; the JSON's is plain text, as the review's is)."""
    when, regular = report.period, report.checkins
    goals = report.goals
    closed = [f"{sum(1 for g in goals if g.closed_on and g.status == s)} {s}"
              for s in ("achieved", "pivoted", "dropped")
              if any(g.closed_on and g.status == s for g in goals)]
    started = sum(1 for g in goals if g.new)
    moved = [g.change for g in goals if g.change is not None]
    details = [*closed, *([f"{started} started"] if started else [])]
    # mid-sentence, after "From … to …,"
    who = written(report.settings.mentee or "the pair")
    return (
        f"From {short_date(when.since)} to {short_date(when.until)} ({count(when.days, 'day')}),"
        f" {who} worked on {count(len(goals), 'goal')}"
        + (f" ({', '.join(details)})" if details else "")
        + f"; {_moves(sum(1 for c in moved if c > 0), sum(1 for c in moved if c < 0))}."
        f" There {'was' if regular.count == 1 else 'were'}"
        f" {count(regular.count, 'check-in')} against {regular.expected} expected at one"
        f" {every(regular.cadence_days)}, {count(len(report.wins), 'win')},"
        f" {count(len(report.evidence), 'piece')} of evidence and"
        f" {count(len(report.reflections), 'reflection')}."
    )


def _moves(rose: int, fell: int) -> str:
    """How many goals' progress rose and fell, leaving out a side where none did."""
    if not rose and not fell:
        return "no goal's progress moved"
    parts = [f"rose on {rose}" if rose else "", f"fell on {fell}" if fell else ""]
    return "progress " + " and ".join(part for part in parts if part)


def as_markdown(report: Report) -> str:
    """The report as GitHub-flavoured Markdown: title, summary, goals table, then sections."""
    when, titles = report.period, report.goal_titles
    who = markdown_literal(report.settings.mentee or report.settings.title)
    lines = [f"# Progress report: {who}, {short_date(when.since)} to {short_date(when.until)}",
             "", summary(report, markdown_literal), "", "## Goals", ""]
    if report.goals:
        lines += ["| Goal | Status | Progress (start → end) | Change |", "|---|---|---|---|"]
        lines += ["| " + " | ".join(markdown_literal(c) for c in _row(g)) + " |"
                  for g in report.goals]
    else:
        lines.append("No goal was open in this period.")
    lines += _section("Status changes", _changes(report.goals))
    lines += _section(f"Wins ({len(report.wins)})", [
        f"{short_date(w.date)} — "
        + win_label(w.kind)
        + markdown_literal(w.text)
        for w in report.wins
    ])
    lines += _section(f"Evidence ({len(report.evidence)})", [
        f"{short_date(e.date)} — {markdown_literal(e.title)}"
        + _about([e.kind or "evidence", *(titles.get(g, g) for g in e.goal_ids)])
        for e in report.evidence
    ])
    lines += _section(f"Reflections ({len(report.reflections)})", [
        f"{short_date(r.date)} — {markdown_literal(r.title)}"
        + _about(titles.get(g, g) for g in r.goal_ids)
        for r in report.reflections
    ])
    lines += _section("Check-ins", _regularity(report))
    return "\n".join(lines) + "\n"


def _row(view: GoalReport) -> tuple[str, str, str, str]:
    status = f"{view.status} (new)" if view.new else view.status
    if view.start is None or view.end is None:
        change = "—"
    else:
        points = whole_percent(view.end) - whole_percent(view.start)
        change = f"{points:+d} pts" if points else "no change"
    moved = f"{percent(view.start)} → {percent(view.end)}"
    before, after = view.measured_start, view.measured_end
    if before and after and before != after and view.start != view.end:
        moved += f" (by its {after} at the end, by its {before} at the start)"
    return view.goal.title, status, moved, change


def _changes(goals: Iterable[GoalReport]) -> list[str]:
    """One line per goal whose check-in status moved or that closed; the steady ones last.

    A move is counted from the last status before the period, which is shown with its own
    (earlier) date; a goal no check-in of the period gave a status is neither moved nor steady,
    and one whose only status ever is the period's one is said to have it first, not held it.
    """
    lines, steady = [], []
    for view in goals:
        marks = (view.before, *view.marks) if view.before and view.marks else view.marks
        runs = [next(run) for _, run in groupby(marks, key=lambda m: m.status)]
        parts = [" → ".join(f"{m.status} ({short_date(m.date)})" for m in runs)] if (
            len(runs) > 1) else []
        if view.before is None and len(view.marks) == 1:  # nothing it held steady from
            parts.append(f"{view.marks[0].status} ({short_date(view.marks[0].date)}), its "
                         "first check-in status")
        if view.closed_on and view.pivoted_to:
            parts.append(f"pivoted to **{markdown_literal(view.pivoted_to.title)}**"
                         f" ({short_date(view.closed_on)})")
        elif view.closed_on:
            parts.append(f"{view.status} ({short_date(view.closed_on)})")
        if parts:
            lines.append(f"**{markdown_literal(view.goal.title)}**: " + "; ".join(parts))
        elif runs:
            steady.append(f"{markdown_literal(view.goal.title)} ({runs[0].status})")
    if steady:
        lines.append("Check-in status held steady: " + "; ".join(steady))
    return lines


def _regularity(report: Report) -> list[str]:
    """The check-ins section, its figures grouped as a page writes them (``1,204 days``)."""
    regular = report.checkins
    lines = [f"{_days(regular.count, 'check-in')} against {number(regular.expected)} expected"
             f" (one {every(regular.cadence_days)};"
             f" gaps of up to {_days(regular.allowed)} allowed)"]
    mean, longest = regular.mean_gap, regular.longest_gap
    if mean is not None and longest is not None:  # a mean of whole days, to a tenth of one
        mean = round(mean, 1)
        lines.append(f"Gap between check-ins: mean {number(mean)} day{'' if mean == 1 else 's'},"
                     f" longest {_days(longest)}")
    lines += [f"Long gap: {short_date(g.start)} → {short_date(g.end)} ({_days(g.days)})"
              for g in regular.long_gaps]
    days = regular.days_since_last
    if days is None:
        return lines
    last = f"Last check-in {short_date(regular.counted_to - timedelta(days=days))}"
    if regular.counted_to == report.period.until:
        lines.append("Last check-in on the last day of the period" if days == 0 else
                     f"{last}, {_days(days)} before the end of the period")
    else:  # the period runs on past today: count to today, not to its end
        lines.append(f"{last}, {relative_days(-days, _days)}"
                     f" (the period runs on to {short_date(report.period.until)})")
    return lines


def private_note(days: Sequence[date]) -> str:
    """What ``report`` tells the pair of the private check-ins it left out, as ``status``
    does: its gaps and its count of check-ins are the site's, which leave them out, while
    ``check``, counting them, warned of no gap. Never part of the report itself, which is
    pasted where the private check-ins must not be seen."""
    if len(days) == 1:
        return (f"the private check-in of {short_date(days[0])} is not counted: the report "
                "counts only published ones")
    return (f"the {number(len(days))} private check-ins of the period "
            f"({', '.join(short_date(day) for day in days)}) are not counted: the report "
            "counts only published ones")


def _days(amount: int, noun: str = "day") -> str:
    return count(amount, noun, grouped=True)


def _section(title: str, items: list[str]) -> list[str]:
    return ["", f"## {title}", "", *(f"- {item}" for item in items or ["None."])]


def _about(parts: Iterable[str]) -> str:
    shown = [markdown_literal(p) for p in parts]
    return f" ({'; '.join(shown)})" if shown else ""
