"""Every HTML page of the site, as data: its URL, its template and what the template is given.

Routing lives here and only here (with :func:`mentorsite.insights.url_of`). Markdown bodies are
rendered here too, so templates receive safe HTML and never parse anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from mentorsite import markdown
from mentorsite.charts import metric_chart
from mentorsite.insights import GoalView, Insights, url_of
from mentorsite.text import long_date


@dataclass(frozen=True)
class Page:
    """One HTML page: ``url`` is relative to the site root, ending in ``/`` for folders."""

    url: str
    template: str
    title: str
    context: Mapping[str, Any] = field(default_factory=dict)
    served_anywhere: bool = False
    """True for the 404 page, which the server shows at any path: its links start from the
    site's published address (or ``/``) instead of being relative."""

    @property
    def output_path(self) -> str:
        """The file the page is written to: pretty URLs end in ``index.html``."""
        return self.url + "index.html" if self.url.endswith("/") or not self.url else self.url

    @property
    def depth(self) -> int:
        """How many folders deep the page sits, for relative links back to the root."""
        return self.output_path.count("/")


NAV = (
    ("Dashboard", ""),
    ("Goals", "goals/"),
    ("Check-ins", "checkins/"),
    ("Reflections", "reflections/"),
    ("Evidence", "evidence/"),
    ("Wins", "wins/"),
    ("Timeline", "timeline/"),
)
"""The site's main navigation: label → URL from the root."""


def site_pages(insights: Insights) -> list[Page]:
    """Every HTML page, in a stable order."""
    model = insights.model
    goal_titles = {view.goal.id: view.goal.title for view in insights.goals}
    pages = [
        Page("", "dashboard.html", model.settings.title, {"insights": insights}),
        Page("goals/", "goals.html", "Goals", {"insights": insights}),
        Page("checkins/", "checkins.html", "Check-ins", {"entries": model.checkins[::-1]}),
        Page("reflections/", "reflections.html", "Reflections",
             {"entries": model.reflections[::-1]}),
        Page("evidence/", "evidence_list.html", "Evidence", {"entries": model.evidence[::-1]}),
        Page("timeline/", "timeline.html", "Timeline", {"moments": insights.timeline}),
        Page("wins/", "wins.html", "Wins", {"wins": insights.wins}),
        Page("404.html", "404.html", "Page not found", served_anywhere=True),
    ]
    pages += [_goal_page(view, goal_titles) for view in insights.goals]
    pages += [
        Page(url_of("checkins", c.slug), "checkin.html", f"Check-in {long_date(c.date)}",
             {"checkin": c, "body": _html(c.file.body), "goal_titles": goal_titles})
        for c in model.checkins
    ]
    pages += [
        Page(url_of("reflections", r.slug), "reflection.html", r.title,
             {"reflection": r, "body": _html(r.file.body), "goal_titles": goal_titles})
        for r in model.reflections
    ]
    pages += [
        Page(url_of("evidence", e.slug), "evidence.html", e.title,
             {"evidence": e, "body": _html(e.file.body), "goal_titles": goal_titles})
        for e in model.evidence
    ]
    return pages


def _goal_page(view: GoalView, goal_titles: Mapping[str, str]) -> Page:
    charts = [(metric, metric_chart(metric, view.goal.started)) for metric in view.metrics]
    return Page(
        view.url,
        "goal.html",
        view.goal.title,
        {
            "view": view,
            "goal": view.goal,
            "charts": charts,
            "body": _html(view.goal.file.body),
            "goal_titles": goal_titles,
        },
    )


def _html(body: str) -> Markup:
    """Rendered Markdown, marked safe: markdown-it escaped raw HTML and checked every link."""
    return Markup(markdown.render(body))
