"""Every HTML page of the site, as data: its URL, its template and what the template is given.

Routing lives here and only here (with :func:`mentorsite.model.insights.url_of`). Markdown bodies
are rendered here too, so templates receive safe HTML and never parse anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import Any, TypeVar, overload

from mentorsite.history.evolution import Evolution, FileHistory
from mentorsite.kept import Kept
from mentorsite.markdown import cache as markdown_cache
from mentorsite.model.entries import CheckIn, Evidence, Goal, Reflection
from mentorsite.model.insights import GoalView, Insights, MetricView, url_of
from mentorsite.model.progress import newest_held
from mentorsite.pages.charts import Chart, metric_chart
from mentorsite.pages.history import (
    REVISIONS_ON_GOAL,
    goal_revisions,
    history_notes,
    own_notes,
    revisions_url,
    target_moves,
)
from mentorsite.pages.page import Page, paged
from mentorsite.text import checkin_title, checkin_words

T = TypeVar("T")
Entry = CheckIn | Reflection | Evidence

CHECKINS_PER_PAGE = 50
"""Check-ins on one page of ``checkins/``, about a year of a weekly pair's: three years of
check-ins (600) on one page made a page of 1 MB, hundreds of screens long on a phone."""
MOMENTS_PER_PAGE = 100
"""Moments on one page of ``timeline/``: three years of a weekly pair's (840 moments) made
one page of 328 kB."""
NOTES_ON_GOAL = 20
"""The newest check-in notes a goal's page shows itself; the rest are on its list of notes
(``goals/<id>/notes/``): three years of a weekly pair's notes on a goal (600) were 600 cards
of its page."""
NOTES_PER_PAGE = 100
"""Check-in notes on one page of a goal's list of them, newest first."""


def site_pages(
    insights: Insights, evolution: Evolution | None, kept: KeptPages | None = None
) -> list[Page]:
    """Every HTML page but the history pages, in a stable order. With ``kept`` (``serve``,
    asking again after each edit), a goal or entry page whose inputs are those of the last
    call comes back as the same object; without it (a build) each page is simply made."""
    model = insights.model
    titles = {view.goal.id: view.goal.title for view in insights.goals}
    goals = model.goals_by_id()  # one map for every entry page
    notes = history_notes(evolution)
    if kept is not None:
        titles = kept.shared("goal_titles", titles)
        goals = kept.shared("goals", goals)
        notes = kept.shared("history_notes", notes)
    pages = [
        Page("", "dashboard.html", model.settings.title, {"insights": insights}),
        Page("goals/", "goals.html", "Goals", {"insights": insights}),
        *_list_pages("checkins/", "checkins.html", "Check-ins", "entries",
                     model.checkins[::-1], CHECKINS_PER_PAGE, {"goal_titles": titles}),
        Page("reflections/", "reflections.html", "Reflections",
             {"entries": model.reflections[::-1], "goal_titles": titles}),
        Page("evidence/", "evidence_list.html", "Evidence",
             {"entries": model.evidence[::-1], "goal_titles": titles}),
        *_list_pages("timeline/", "timeline.html", "Timeline", "moments", insights.timeline,
                     MOMENTS_PER_PAGE),
        Page("wins/", "wins.html", "Wins", {"wins": insights.wins}),
        Page("404.html", "404.html", "Page not found", served_anywhere=True),
    ]
    files = evolution.files if evolution else {}
    changed = evolution.uncommitted if evolution else frozenset()
    for view in insights.goals:
        path = view.goal.file.path
        history, uncommitted = files.get(path), path in changed
        goal_notes = own_notes(notes, path, evolution)
        if kept is None:
            pages.append(_goal_page(view, titles, history, uncommitted, goal_notes, None))
            continue
        pages.append(kept.page(path, (view, history, uncommitted, goal_notes, titles),
                               _goal_page, view, titles, history, uncommitted, goal_notes))
    for view in insights.goals:
        pages += _note_list_pages(view)
    entries: tuple[tuple[str, tuple[Entry, ...]], ...] = (
        ("checkin", model.checkins), ("reflection", model.reflections),
        ("evidence", model.evidence),
    )
    # While the goals and their titles are the last call's, an entry page made from the very
    # same entry, history and notes is the same page: no sources need making and comparing.
    steady = kept is not None and not kept.renewed & {"goal_titles", "goals"}
    newest = newest_held(model.checkins, insights.today)
    for kind, of_kind in entries:
        for entry in of_kind:
            path = entry.file.path
            history, uncommitted = files.get(path), path in changed
            current = entry is newest
            entry_notes = own_notes(notes, path, evolution)
            if kept is None:
                pages.append(_entry_page(kind, entry, titles, goals, history, uncommitted,
                                         entry_notes, current, None))
                continue
            shown = (entry_notes if not kept.builtin or (history is None and not uncommitted)
                     else None)
            if steady and (page := kept.again(path, entry, history, uncommitted,
                                              shown, current)) is not None:
                pages.append(page)
                continue
            if kept.builtin:
                ids = tuple(entry.goals) if isinstance(entry, CheckIn) else entry.goal_ids
                sources: tuple[object, ...] = (
                    entry, history, uncommitted, shown, current,
                    ids, tuple(map(titles.get, ids)), tuple(map(goals.get, ids)),
                )
            else:
                sources = (entry, history, uncommitted, shown, current, titles, goals)
            pages.append(kept.page(path, sources, _entry_page, kind, entry, titles, goals,
                                   history, uncommitted, entry_notes, current))
    if kept is not None:
        kept.done()
    return pages


_FOLDERS = {"checkin": "checkins", "reflection": "reflections", "evidence": "evidence"}


class KeptPages:
    """Goal and entry pages kept from one :func:`site_pages` to the next (``serve``).

    A page comes back as the same object while what it is made from stays the same (see
    :class:`~mentorsite.kept.Kept`), so the page comparison that follows stops at once; one
    made again takes what it can from the page it replaces: its Markdown body when the text
    is the same (already rendered), a goal's charts and revisions when its view and history
    are. With only the built-in templates (``builtin``), an entry page depends
    on the titles and goals it names, not on every goal, and on the history notes only when
    it has no history of its own: the same narrowing as :mod:`mentorsite.pages.keys`, whose
    comparison with the last build still decides what is rendered. The values every page
    shares (the goal maps, the notes) are kept while equal, so pages can compare them by
    identity.
    """

    def __init__(self, builtin: bool = True) -> None:
        self._builtin = builtin
        self._pages: Kept[Page] = Kept()
        self._shared: Kept[Any] = Kept()
        self.renewed: set[str] = set()
        """The names of this call's shared values that are not the last call's."""

    @property
    def builtin(self) -> bool:
        return self._builtin

    @builtin.setter
    def builtin(self, builtin: bool) -> None:
        """A page kept for the other templates is made again: the pages are kept by path
        alone (a key of both was a new tuple for each page after each edit, 270 KB of a
        rebuild's peak on the 5,000-file benchmark corpus, hashed again at each look-up)."""
        if builtin != self._builtin:
            self._pages = Kept()
        self._builtin = builtin

    def shared(self, name: str, value: T) -> T:
        """``value``, or the last call's equal value for ``name``."""
        before = self._shared.last(name)
        kept: T = self._shared.get(name, (value,), lambda: value)
        if kept is not before:
            self.renewed.add(name)
        return kept

    def again(self, path: str, entry: object, history: object, uncommitted: bool,
              notes: object, current: bool) -> Page | None:
        """The last call's page of ``path`` if it was made from these very objects, else
        None; the caller knows that the rest of its sources (the goals it names, their
        titles) are the last call's too."""
        return self._pages.again(path, entry, history, uncommitted, notes, current)

    def page(self, path: str, sources: tuple[object, ...], make: Callable[..., Page],
             *args: Any) -> Page:
        """The page of the file at ``path``, made from ``sources``: the last one, or
        ``make(*args, last)`` (``last`` being the page it replaces, or None)."""
        return self._pages.get(path, sources, self._made, path, make, *args)

    def _made(self, path: str, make: Callable[..., Page], *args: Any) -> Page:
        return make(*args, self._pages.last(path))

    def done(self) -> None:
        self._pages.done()
        self._shared.done()
        self.renewed = set()


def _entry_page(kind: str, entry: Entry, titles: Mapping[str, str], goals: Mapping[str, Goal],
                history: FileHistory | None, uncommitted: bool, notes: list[str],
                current: bool, before: Page | None) -> Page:
    """``current``: the newest check-in held by today, the one whose next steps are open."""
    if isinstance(entry, CheckIn):
        title, words = checkin_title(entry.date, entry.slug), checkin_words(entry.slug)
    else:
        title, words = entry.title, ""
    context = {
        kind: entry, "body": _body(entry.file.body, before), "goal_titles": titles,
        "words": words,
        "goals": goals, "history": history, "uncommitted": uncommitted, "history_notes": notes,
        "steps_open": current,
    }
    return Page(url_of(_FOLDERS[kind], entry.slug), f"{kind}.html", title, context)


def _list_pages(folder: str, template: str, title: str, key: str, items: Sequence[T],
                size: int, context: Mapping[str, object] | None = None) -> list[Page]:
    """A long list in pages of ``size`` (:func:`~mentorsite.pages.page.paged`): the first at
    ``folder``, titled ``title``, the older ones ``title, page N of M``; each with its items
    under ``key``, how many there are in all (``total``) and its ``pager``."""
    return [Page(url, template,
                 title if pager.number == 1 else f"{title}, page {pager.number} of {pager.count}",
                 {**(context or {}), key: chunk, "total": len(items), "pager": pager})
            for url, chunk, pager in paged(items, size, folder)]


def _goal_page(view: GoalView, titles: Mapping[str, str], history: FileHistory | None,
               uncommitted: bool, notes: list[str], before: Page | None) -> Page:
    last = before.context if before is not None else {}
    if last.get("view") is view and last.get("history") is history:
        charts, revisions = last["charts"], last["revisions"]
    else:
        charts = GoalCharts(view, history)
        revisions = goal_revisions(view.goal.id, history)[:REVISIONS_ON_GOAL]
    return Page(
        view.url,
        "goal.html",
        view.goal.title,
        {
            "view": view,
            "goal": view.goal,
            "charts": charts,
            "body": _body(view.goal.file.body, before),
            "goal_titles": titles,
            "revisions": revisions,
            "revisions_total": len(history.revisions) if history else 0,
            "revisions_url": revisions_url(view.goal.id),
            "notes_shown": NOTES_ON_GOAL,
            "notes_url": notes_url(view.goal.id),
            "history": history,
            "uncommitted": uncommitted,
            "history_notes": notes,
        },
    )


class GoalCharts(Sequence[tuple[MetricView, Chart]]):
    """A goal's metrics, each with its chart, laid out when first asked for.

    A build makes every page before it forks its render workers: laid out there, the charts
    and the target moves they mark (every old version of every goal read and set against the
    next) were most of the instructions of the serial stretch's goal pages, with one core
    idle, on the 5,000-file benchmark corpus. The worker that renders the goal's page lays
    them out now. How many there are is known without: one per metric. Equal when the charts
    are, as :class:`~mentorsite.pages.history.Comparison` is: ``serve`` renders a goal's
    page again only when it shows something else."""

    def __init__(self, view: GoalView, history: FileHistory | None) -> None:
        self._view = view
        self._history = history

    @cached_property
    def _laid_out(self) -> list[tuple[MetricView, Chart]]:
        moves = target_moves(self._history)
        return [(metric, metric_chart(metric, self._view.goal.started,
                                      moves.get(metric.metric.id, [])))
                for metric in self._view.metrics]

    def __len__(self) -> int:
        return len(self._view.metrics)

    @overload
    def __getitem__(self, index: int) -> tuple[MetricView, Chart]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[MetricView, Chart]]: ...

    def __getitem__(self, index: int | slice
                    ) -> tuple[MetricView, Chart] | Sequence[tuple[MetricView, Chart]]:
        return self._laid_out[index]

    def __iter__(self) -> Iterator[tuple[MetricView, Chart]]:
        return iter(self._laid_out)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GoalCharts):
            return NotImplemented
        return self is other or self._same_source(other) or self._laid_out == other._laid_out

    def _same_source(self, other: GoalCharts) -> bool:
        """Whether both are laid out from the same readings, start and history, and so are
        the same charts without laying either out. ``serve`` compares a goal's page with the
        last one whenever a check-in about the goal changes: the comparison laid out both
        pages' charts, and the page kept, each goal's in turn, held its charts for good (1.7
        MiB after 20 edits of check-ins on the 5,000-file benchmark corpus, growing with each
        goal edited), where the check-ins' readings had not changed."""
        return (self._history is other._history
                and self._view.goal.started == other._view.goal.started
                and self._view.metrics == other._view.metrics)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        """The charts, as a theme printing ``{{ charts }}`` shows them: as the list they were
        before they were laid out when asked for, not the object's address, which differs
        from build to build."""
        return repr(self._laid_out)


def notes_url(goal_id: str) -> str:
    """The first page of a goal's list of every check-in note on it."""
    return f"goals/{goal_id}/notes/"


def _note_list_pages(view: GoalView) -> list[Page]:
    """``goals/<id>/notes/`` and its older pages, :data:`NOTES_PER_PAGE` notes each, when the
    goal has more notes than its page shows (:data:`NOTES_ON_GOAL`); none else."""
    if len(view.notes) <= NOTES_ON_GOAL:
        return []
    title = f"Check-in notes on {view.goal.title}"
    return [Page(url, "goal_notes.html",
                 title if pager.number == 1 else f"{title}, page {pager.number} of {pager.count}",
                 {"goal": view.goal, "notes": chunk, "total": len(view.notes),
                  "pager": pager})
            for url, chunk, pager in paged(view.notes, NOTES_PER_PAGE, notes_url(view.goal.id))]


def _body(text: str, before: Page | None) -> LazyMarkdown:
    """A Markdown body, as the page it replaces had it (already rendered) if the same."""
    known = before.context.get("body") if before is not None else None
    return known if isinstance(known, LazyMarkdown) and known.text == text else _html(text)


class LazyMarkdown:
    """A Markdown body that becomes HTML when a template first shows it.

    Pages are built in one process and rendered in several; deferring the Markdown puts its
    cost (the largest of a build) in the workers. markdown-it escapes raw HTML and checks every
    link, so the result is safe to insert as it is (``__html__``).

    While a build's Markdown cache is active the HTML is kept there, not here: a render worker
    hands it to the build after each run of pages and so never holds the whole site's. Without
    one (``serve``) the body keeps its HTML, for the next rebuild; a body that already holds
    its HTML when a cache is in use (serve's first build draws the feed before the pages)
    hands it to the cache, to be saved with the others.
    """

    __slots__ = ("_html", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._html: str | None = None

    def __html__(self) -> str:
        if self._html is not None:
            markdown_cache.keep(self.text, self._html)  # serve's first build saves it too
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
