"""The items of the whole-site lists (check-ins, wins, timeline), made in Python.

Each of these pages lists every entry of the site: thousands of items on a large one, each
item a dozen template expressions. Like :mod:`mentorsite.render.snippets`, the functions are
registered as globals of the Jinja environment and the default theme's ``macros.html``
exports them under macro names; the page's template keeps the list around the items.

Every value is escaped here as autoescaping would (:func:`~mentorsite.render.snippets.text`); each
function returns :class:`Markup`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from mentorsite.render.snippets import day, goal_link_text, kind_label, status_badge, text
from mentorsite.text import checkin_words, count

if TYPE_CHECKING:
    from mentorsite.model.entries import CheckIn
    from mentorsite.model.insights import Moment, Win


class _Dated(Protocol):
    @property
    def date(self) -> date: ...


D = TypeVar("D", bound=_Dated)

CELEBRATION_ICONS = {"goal": "★", "milestone": "◆"}
"""The icon of a win by its kind; any other kind is a ✦."""


def by_month(entries: Iterable[D]) -> list[tuple[date, Sequence[D]]]:
    """Dated entries in runs of one calendar month, in their order: (the first entry's date,
    the run). Newest-first entries give each month once, newest first."""
    return [
        (run[0].date, run)
        for run in (list(run) for _, run in groupby(
            entries, key=lambda entry: (entry.date.year, entry.date.month)))
    ]


class _Kinded(Protocol):
    @property
    def kind(self) -> str: ...


K = TypeVar("K", bound=_Kinded)


def by_kind(entries: Iterable[K]) -> dict[str, list[K]]:
    """Entries grouped by their ``kind``, each group in their order: ``by_kind(wins)["goal"]``
    holds what ``wins|selectattr("kind", "equalto", "goal")|list`` does, for every kind at
    once (Jinja's filter runs a test through the environment for each of thousands of wins,
    once per kind); a kind no entry has is missing."""
    groups: dict[str, list[K]] = {}
    for entry in entries:
        groups.setdefault(entry.kind, []).append(entry)
    return groups


@pass_context
def checkin_list_items(context: Context, checkins: Iterable[CheckIn]) -> Markup:
    """The check-ins list: each check-in's date (a link to it), the goals it records something
    of with the status it gave them (not those it lists with nothing, as ``new checkin`` lists
    every active goal), and how many wins, obstacles, adjustments and next steps it has."""
    top, items = text(context["root"]), []
    for checkin in checkins:
        item = [f'  <li class="entry-list__item">\n    <h2 class="entry-list__title">'
                f'<a href="{top}checkins/{text(checkin.slug)}/">Check-in {day(checkin.date)}'
                f"{_words(checkin.slug)}</a></h2>\n"]
        recorded = [(goal_id, about) for goal_id, about in checkin.goals.items()
                    if about.recorded]
        if recorded:
            item.append('    <ul class="entry-list__goals">\n')
            for goal_id, about in recorded:
                badge = f" {status_badge(about.status)}" if about.status else ""
                item.append(f"      <li>{goal_link_text(context, goal_id)}{badge}</li>\n")
            item.append("    </ul>\n")
        counts = [
            count(len(found), name, grouped=True)
            for found, name in ((checkin.wins, "win"), (checkin.obstacles, "obstacle"),
                                (checkin.adjustments, "adjustment"), (checkin.next, "next step"))
            if found
        ]
        # a no-break space before each "·": a separator ends a line, never starts one
        shown = ("\u00a0· ".join(counts) if counts
                 else "No wins, obstacles or next steps recorded.")
        item.append(f'    <p class="entry-list__meta">\n      {text(shown)}\n    </p>\n'
                    "  </li>\n")
        items.append("".join(item))
    return Markup("".join(items))


def celebration_items(wins: Iterable[Win], root: str) -> Markup:
    """The wins page's items: each win, milestone or achieved goal with its kind, its date and
    a link to where it was recorded."""
    top = text(root)
    return Markup("".join(
        f'    <li class="celebration celebration--{text(win.kind)}">\n'
        f'      <span class="celebration__icon" aria-hidden="true">'
        f'{CELEBRATION_ICONS.get(win.kind, "✦")}</span>\n'
        f'      <span class="celebration__body">\n'
        f'        <span class="celebration__meta">{kind_label(win.kind)}\u00a0· '
        f'{day(win.date, "short")}</span>\n'
        f'        <a class="celebration__text" href="{top}{text(win.url)}">'
        f"{text(win.text)}</a>\n      </span>\n    </li>\n"
        for win in wins
    ))


def moment_items(moments: Iterable[Moment], root: str) -> Markup:
    """The timeline's items: each moment's date, its kind and a link to it (a check-in is
    named by its date)."""
    top = text(root)
    return Markup("".join(
        f'    <li class="moment moment--{text(moment.kind)}">\n'
        f'      <span class="moment__dot" aria-hidden="true"></span>\n'
        f'      <span class="moment__date">{day(moment.date, "short")}</span>\n'
        f"      {kind_label(moment.kind)}\n"
        f'      <a class="moment__title" href="{top}{text(moment.url)}">{_moment_title(moment)}'
        "</a>\n    </li>\n"
        for moment in moments
    ))


def _moment_title(moment: Moment) -> str:
    return text(moment.title)


def _words(slug: str) -> str:
    """`` (design review)`` for a check-in whose file's name says more than its date."""
    words = checkin_words(slug)
    return f" ({text(words)})" if words else ""


GLOBALS: dict[str, Any] = {
    "by_month": by_month,
    "by_kind": by_kind,
    "checkin_list_items_html": checkin_list_items,
    "celebration_items_html": celebration_items,
    "moment_items_html": moment_items,
}
"""What :mod:`mentorsite.render.templates` adds to every environment's globals."""
