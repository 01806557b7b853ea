"""``data.json``: the published model with computed progress and series, for other tools."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from mentorsite import __version__
from mentorsite.commits import Commit
from mentorsite.evolution import Evolution
from mentorsite.insights import GoalView, Insights, url_of

_NOT_PUBLISHED = {"file", "private"}


def _fields(entry: BaseModel) -> dict[str, Any]:
    """An entry's front matter as JSON values (dates as ISO text, ``if`` by its own name)."""
    return entry.model_dump(mode="json", by_alias=True, exclude=_NOT_PUBLISHED)


def _goal(view: GoalView) -> dict[str, Any]:
    goal = view.goal
    data = _fields(goal)
    data.update(
        id=goal.id,
        url=view.url,
        progress=view.progress,
        latest_status=view.latest_status,
        metrics=[
            {
                **_fields(m.metric),
                "direction": m.metric.better,
                "latest": m.latest,
                "progress": m.progress,
                "series": [
                    {"date": r.date.isoformat(), "value": r.value, "checkin": r.checkin}
                    for r in m.series
                ],
            }
            for m in view.metrics
        ],
    )
    return data


def _history(changes: Evolution | None) -> list[dict[str, Any]]:
    if changes is None:
        return []
    session_of = {
        commit.sha: session.number for session in changes.sessions for commit in session.commits
    }
    return [
        {
            "sha": commit.sha,
            "date": commit.date.isoformat(),
            "author": commit.author,
            "subject": commit.subject,
            "files": [change.path for change in commit.changes],
            "pull_request": session_of.get(commit.sha),
            "reviewed_by": list(commit.reviewers),
        }
        for commit in changes.commits
    ]


def _file_history(changes: Evolution | None, path: str) -> dict[str, Any]:
    """``created``, ``updated`` and ``reviewed_by`` of one entry (null without history)."""
    history = changes.files.get(path) if changes else None
    if history is None:
        return {"created": None, "updated": None, "reviewed_by": [],
                "uncommitted": bool(changes and path in changes.uncommitted)}

    def stamp(commit: Commit) -> dict[str, str]:
        return {"date": commit.date.isoformat(), "author": commit.author, "sha": commit.sha}

    return {
        "created": stamp(history.created.commit),
        "updated": stamp(history.updated.commit),
        "reviewed_by": [{"name": name, "date": day.isoformat()} for name, day in history.reviews],
        "uncommitted": path in changes.uncommitted if changes else False,
    }


def data_json(insights: Insights, changes: Evolution | None = None) -> str:
    """The whole published model as one JSON document (SPEC §5)."""
    model = insights.model
    settings = model.settings
    health = insights.health
    document = {
        "generator": {"name": "mentorsite", "version": __version__},
        "site": {
            "title": settings.title,
            "mentee": settings.mentee,
            "mentors": list(settings.mentors),
            "cadence": settings.cadence,
            "cadence_days": settings.cadence_days,
            "base_url": settings.base_url,
            "programme": settings.programme,
            "built": insights.today.isoformat(),
        },
        "health": {
            "last_checkin": health.last.isoformat() if health.last else None,
            "days_since": health.days,
            "allowed_days": health.allowed,
            "state": health.state,
        },
        "goals": [
            {**_goal(view), **_file_history(changes, view.goal.file.path)}
            for view in insights.goals
        ],
        "checkins": [
            {"slug": c.slug, "url": url_of("checkins", c.slug), **_fields(c),
             **_file_history(changes, c.file.path)}
            for c in model.checkins
        ],
        "reflections": [
            {"slug": r.slug, "url": url_of("reflections", r.slug), **_fields(r),
             "goals": list(r.goal_ids), **_file_history(changes, r.file.path)}
            for r in model.reflections
        ],
        "evidence": [
            {"slug": e.slug, "url": url_of("evidence", e.slug), **_fields(e),
             **_file_history(changes, e.file.path)}
            for e in model.evidence
        ],
        "history": _history(changes),
    }
    # Compact, on one line: only then does the json module use its C encoder (an indented dump
    # of a 5,000-file site takes five times as long, all of it before the pages can render).
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
