"""``data.json``: the published model with computed progress and series, for other tools."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from mentorsite import __version__
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


def data_json(insights: Insights, history: list[dict[str, Any]] | None = None) -> str:
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
            "built": insights.today.isoformat(),
        },
        "health": {
            "last_checkin": health.last.isoformat() if health.last else None,
            "days_since": health.days,
            "allowed_days": health.allowed,
            "state": health.state,
        },
        "goals": [_goal(view) for view in insights.goals],
        "checkins": [
            {"slug": c.slug, "url": url_of("checkins", c.slug), **_fields(c)}
            for c in model.checkins
        ],
        "reflections": [
            {"slug": r.slug, "url": url_of("reflections", r.slug), **_fields(r),
             "goals": list(r.goal_ids)}
            for r in model.reflections
        ],
        "evidence": [
            {"slug": e.slug, "url": url_of("evidence", e.slug), **_fields(e)}
            for e in model.evidence
        ],
        "history": history or [],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
