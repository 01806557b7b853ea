"""``mentorsite status``: the dashboard in a terminal, as text or JSON.

It reads the same insights as the site (the published view, so its numbers match
``data.json``) and only decides how they look in a terminal.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import click

from mentorsite.diagnostic_formats import printable
from mentorsite.model.entries import CLOSED_STATUSES, RISKY_STATUSES
from mentorsite.model.insights import DEADLINE_HORIZON, Insights, OpenStep
from mentorsite.text import (
    KIND_LABELS,
    count,
    every,
    in_parts,
    percent,
    relative_days,
    short_date,
    win_label,
)

RECENT_WINS = 5
BAR_WIDTH = 20

_DEADLINE_WORDS = {"goal": "Goal due"}
"""A goal's deadline, as the dashboard calls it: among deadlines, "Goal achieved" is not it."""

_HEALTH_WORDS = {
    "ok": ("on schedule", "green"),
    "due": ("a check-in is due", "yellow"),
    "overdue": ("overdue", "red"),
    "none": ("no check-ins yet", "yellow"),
}


def status_data(insights: Insights) -> dict[str, Any]:
    """Everything ``status`` shows, as JSON-ready values."""
    today = insights.today
    health = insights.health
    return {
        "title": insights.model.settings.title,
        "today": today.isoformat(),
        "goals": [
            {
                "id": view.goal.id,
                "title": view.goal.title,
                "status": view.goal.status,
                "progress": view.progress,
                "due": view.goal.due.isoformat() if view.goal.due else None,
                "latest_status": view.latest_status,
            }
            for view in insights.goals
        ],
        "health": {
            "last_checkin": health.last.isoformat() if health.last else None,
            "days_since": health.days,
            "cadence_days": health.cadence_days,
            "allowed_days": health.allowed,
            "state": health.state,
        },
        "overdue_steps": [
            {"task": s.step.task, "owner": s.step.owner,
             "due": s.step.due.isoformat() if s.step.due else None, "checkin": s.checkin.slug}
            for s in _overdue(insights)
        ],
        "deadlines": [
            {"date": d.date.isoformat(), "kind": d.kind, "title": d.title}
            for d in insights.deadlines
        ],
        "wins": [
            {"date": w.date.isoformat(), "kind": w.kind, "text": w.text}
            for w in insights.wins[:RECENT_WINS]
        ],
    }


def as_json(insights: Insights) -> str:
    return json.dumps(status_data(insights), indent=2, ensure_ascii=False) + "\n"


def as_text(insights: Insights, private_last: date | None = None) -> str:
    """A few screenfuls at most; colour is added with ANSI codes that ``click.echo`` strips
    when the output is not a terminal (or with ``--no-color``).

    ``private_last``: the day of a private check-in newer than any published one. Health is
    the site's, which does not count it, while ``check`` does; said here, in the pair's own
    terminal, so the two do not seem to disagree.

    The pair's words (titles, tasks, owners, wins) are shown :func:`printable`, as ``check``
    quotes them: a line break in a milestone's title broke its row across two lines, and a
    tab or a bidi control pushed or turned what followed it."""
    today = insights.today
    lines = [click.style(printable(insights.model.settings.title), bold=True)
             + f" — as of {short_date(today)}", "", click.style("Goals", bold=True)]
    if not insights.goals:  # a heading over nothing read as output cut short
        lines.append("  none yet: 'mentorsite new goal TITLE' adds one")
    for view in insights.goals:
        goal = view.goal
        due = ""
        if goal.due and goal.status not in CLOSED_STATUSES:  # as on the dashboard
            days = (goal.due - today).days
            late = days < 0 and goal.status == "active"
            due = f"due {short_date(goal.due)} ({relative_days(days)})"
            due = click.style(due, fg="red") if late else due
        said = view.latest_status
        # the newest status a check-in gave, when it asks for attention (as the dashboard's
        # badge shows it): at risk, off track or blocked
        risk = (click.style(f"last check-in: {said}", fg="yellow" if said == "at-risk" else "red")
                if said in RISKY_STATUSES and goal.status not in CLOSED_STATUSES else "")
        lines.append(f"  {_bar(view.progress)} {percent(view.progress):>4}  "
                     f"{goal.status:<9} {printable(goal.title)}"
                     + "".join(f"  · {part}" for part in (risk, due) if part))
    health = insights.health
    words, colour = _HEALTH_WORDS[health.state]
    if health.last is None:
        lines += ["", f"Check-ins: {click.style(words, fg=colour)}"]
    else:
        since = relative_days(-(health.days or 0))
        lines += ["", f"Check-ins: last {short_date(health.last)}, {since}"
                  f" — {click.style(words, fg=colour)} ({every(health.cadence_days)}, "
                  f"overdue after {count(health.allowed, 'day')})"]
    if private_last:
        lines.append(f"  The private check-in of {short_date(private_last)} is not counted: "
                     "the site counts only published ones.")
    lines += _section("Overdue next steps", [
        click.style(f"{_column(s.step.due)}  ", fg="red") + printable(s.step.task)
        + (f" ({printable(s.step.owner)})" if s.step.owner else "")
        for s in _overdue(insights) if s.step.due
    ])
    # The kinds in the site's words: "next-step" read as a code, and a milestone done listed
    # bare beside a check-in's win of the same words read as one win told twice.
    # The dashboard's deadlines, as far ahead as it looks: cut at 30 days, status said "none"
    # beside a dashboard listing a goal due in 50.
    lines += _section(f"Deadlines in the next {DEADLINE_HORIZON.days} days", [
        f"{_column(d.date)}  {_DEADLINE_WORDS.get(d.kind, KIND_LABELS[d.kind]):<9} "
        + printable(d.title)
        for d in insights.deadlines
    ])
    lines += _section("Recent wins", [
        f"{_column(w.date)}  " + win_label(w.kind) + printable(w.text)
        for w in insights.wins[:RECENT_WINS]
    ])
    return "\n".join(lines) + "\n"


def _column(day: date) -> str:
    """``short_date`` a column wide: `` 2 Jan 2027`` under ``20 Dec 2026``, so that what
    follows the dates starts in one column."""
    return f"{short_date(day):>11}"


def _overdue(insights: Insights) -> list[OpenStep]:
    """The open steps past their due date, the longest overdue first (the check-in lists
    them in the order they were agreed)."""
    return sorted((s for s in insights.open_steps if s.overdue),
                  key=lambda s: s.step.due or date.max)


def _section(title: str, rows: list[str]) -> list[str]:
    return ["", click.style(title, bold=True), *(f"  {row}" for row in rows or ["none"])]


def _bar(share: float | None) -> str:
    """The share in cells, full only for the whole and empty only for nothing, as the
    percentage beside it reads (:func:`~mentorsite.text.in_parts`)."""
    if share is None:
        return "·" * BAR_WIDTH
    filled = in_parts(share, BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)
