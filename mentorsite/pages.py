"""Every HTML page of the site, as data: its URL, its template and what the template is given.

Routing lives here and only here (with :func:`mentorsite.insights.url_of`). Markdown bodies are
rendered here too, so templates receive safe HTML and never parse anything.
"""

from __future__ import annotations

from collections.abc import Mapping

from mentorsite import markdown_cache
from mentorsite.charts import metric_chart
from mentorsite.evolution import Evolution
from mentorsite.history_pages import entry_context, revision_url, target_moves
from mentorsite.insights import GoalView, Insights, url_of
from mentorsite.model import CheckIn, Evidence, Reflection
from mentorsite.page import Page
from mentorsite.text import long_date


def site_pages(insights: Insights, evolution: Evolution | None) -> list[Page]:
    """Every HTML page but the history pages, in a stable order."""
    model = insights.model
    titles = {view.goal.id: view.goal.title for view in insights.goals}
    pages = [
        Page("", "dashboard.html", model.settings.title, {"insights": insights}),
        Page("goals/", "goals.html", "Goals", {"insights": insights}),
        Page("checkins/", "checkins.html", "Check-ins",
             {"entries": model.checkins[::-1], "goal_titles": titles}),
        Page("reflections/", "reflections.html", "Reflections",
             {"entries": model.reflections[::-1], "goal_titles": titles}),
        Page("evidence/", "evidence_list.html", "Evidence",
             {"entries": model.evidence[::-1], "goal_titles": titles}),
        Page("timeline/", "timeline.html", "Timeline", {"moments": insights.timeline}),
        Page("wins/", "wins.html", "Wins", {"wins": insights.wins}),
        Page("404.html", "404.html", "Page not found", served_anywhere=True),
    ]
    pages += [_goal_page(view, titles, evolution) for view in insights.goals]
    entries: list[tuple[str, CheckIn | Reflection | Evidence, str]] = [
        *(("checkin", c, f"Check-in {long_date(c.date)}") for c in model.checkins),
        *(("reflection", r, r.title) for r in model.reflections),
        *(("evidence", e, e.title) for e in model.evidence),
    ]
    goals = model.goals_by_id()  # one map for every entry page: templates only read it
    for kind, entry, title in entries:
        context = {
            kind: entry, "body": _html(entry.file.body), "goal_titles": titles,
            "goals": goals,
            **entry_context(evolution, entry.file.path),
        }
        pages.append(Page(url_of(_FOLDERS[kind], entry.slug), f"{kind}.html", title, context))
    return pages


_FOLDERS = {"checkin": "checkins", "reflection": "reflections", "evidence": "evidence"}


def _goal_page(view: GoalView, titles: Mapping[str, str], evolution: Evolution | None) -> Page:
    history = evolution.files.get(view.goal.file.path) if evolution else None
    moves = target_moves(history)
    charts = [
        (metric, metric_chart(metric, view.goal.started, moves.get(metric.metric.id, [])))
        for metric in view.metrics
    ]
    revisions = [
        (revision, revision_url(view.goal.id, revision))
        for revision in (history.revisions if history else ())
    ]
    return Page(
        view.url,
        "goal.html",
        view.goal.title,
        {
            "view": view,
            "goal": view.goal,
            "charts": charts,
            "body": _html(view.goal.file.body),
            "goal_titles": titles,
            "revisions": revisions,
            **entry_context(evolution, view.goal.file.path),
        },
    )


class LazyMarkdown:
    """A Markdown body that becomes HTML when a template first shows it.

    Pages are built in one process and rendered in several; deferring the Markdown puts its
    cost (the largest of a build) in the workers. markdown-it escapes raw HTML and checks every
    link, so the result is safe to insert as it is (``__html__``).

    While a build's Markdown cache is active the HTML is kept there, not here: a render worker
    hands it to the build after each run of pages and so never holds the whole site's. Without
    one (``serve``) the body keeps its HTML, for the next rebuild.
    """

    __slots__ = ("_html", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._html: str | None = None

    def __html__(self) -> str:
        if self._html is not None:
            return self._html
        if markdown_cache.active():
            return markdown_cache.render(self.text)
        self._html = markdown_cache.render(self.text)
        return self._html

    def __str__(self) -> str:
        return self.__html__()

    def __bool__(self) -> bool:
        return bool(self.text.strip())


def _html(body: str) -> LazyMarkdown:
    return LazyMarkdown(body)
