"""What a page's HTML is made from, so that ``serve`` renders again only the pages an edit changed.

A page is unchanged when its template and title are, and each value in its context is the very
same object as before, or an equal one of the same type; Markdown bodies match by their text.
Unchanged entries stay the same objects from one rebuild to the next, so most comparisons stop
at the first ``is``.

With the built-in templates, a page whose context differs is compared again with a few values
narrowed to the part those templates show: an entry page shows the titles of the goals it
names, not every goal's; the lists and a goal's notes show entries' fields, not their bodies;
an entry page shows the history notes only when it has no history of its own. A pair's own
templates may show anything, so with them every page compares its whole context.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from mentorsite.kept import Equality
from mentorsite.model.entries import CheckIn, Evidence, Goal, Reflection
from mentorsite.model.insights import GoalView, Insights
from mentorsite.pages.page import Page
from mentorsite.pages.site import LazyMarkdown

Context = Mapping[str, Any]


def builtin_templates_only(folders: list[Path]) -> bool:
    """Whether every template comes from the built-in theme (the last folder)."""
    return not any((folder / "templates").exists() for folder in folders[:-1])


class Narrowing:
    """Pages' contexts narrowed to what the built-in templates show; each entry's and goal
    view's narrowed form is remembered from one build to the next (by identity: an unchanged
    entry is the same object)."""

    def __init__(self) -> None:
        self._last: dict[int, tuple[object, Any]] = {}
        self._now: dict[int, tuple[object, Any]] = {}

    def done(self) -> None:
        """Forget what the last build did not use."""
        self._last, self._now = self._now, {}

    def shown(self, value: Any, narrow: Callable[[Narrowing, Any], Any]) -> Any:
        """``narrow(self, value)``, made once per object."""
        hit = self._now.get(id(value)) or self._last.get(id(value))
        if hit is None or hit[0] is not value:
            hit = (value, narrow(self, value))
        self._now[id(value)] = hit
        return hit[1]

    def each_shown(self, values: Iterable[Any], narrow: Callable[[Narrowing, Any], Any]
                   ) -> tuple[Any, ...]:
        """:meth:`shown` of each value, in one loop: lists of thousands of entries."""
        now, last = self._now, self._last
        found = []
        for value in values:
            hit = now.get(id(value)) or last.get(id(value))
            if hit is None or hit[0] is not value:
                hit = (value, narrow(self, value))
            now[id(value)] = hit
            found.append(hit[1])
        return tuple(found)


class Comparison:
    """Compares this build's pages with the last build's, each pair of values once.

    Values are remembered by identity, so both builds' pages must stay alive while it is used.
    """

    def __init__(self, narrowing: Narrowing | None) -> None:
        self._narrowing = narrowing
        """None: a pair's own templates, which may show anything."""
        self._seen: dict[tuple[int, int], bool] = {}
        self._equality = Equality()
        """Pairs of parts, compared once: many pages show the same entry."""

    def same_page(self, new: Page, old: Page) -> bool:
        if new is old:
            return True
        if (new.template, new.title, new.served_anywhere) != (
            old.template, old.title, old.served_anywhere
        ) or len(new.context) != len(old.context):
            return False
        narrowing = self._narrowing
        narrowers = _NARROW.get(new.template, {}) if narrowing else {}
        for (name, value), (old_name, old_value) in zip(
            new.context.items(), old.context.items(), strict=True
        ):
            if name != old_name:
                return False
            if self.same(value, old_value):
                continue
            narrow = narrowers.get(name)
            if narrow is None or narrowing is None:
                return False
            shown, old_shown = narrow(narrowing, new.context), narrow(narrowing, old.context)
            if not self.same(shown, old_shown, remember=False):
                return False
        return True

    def same(self, new: Any, old: Any, remember: bool = True) -> bool:
        """Whether two values are the same object, or equal and of one type. With
        ``remember``, the answer is kept by their identities: only for values that outlive
        the comparison (a value made for one comparison may leave its address to another).
        Either way, the tuples, dataclasses and entries within are compared once a pair
        (:class:`~mentorsite.kept.Equality`, which holds them while it keeps their answers)."""
        if new is old:
            return True
        if type(new) is not type(old):
            return False
        if isinstance(new, LazyMarkdown):
            return bool(new.text == old.text)
        if not remember:
            return self._equality.same(new, old)
        pair = (id(new), id(old))
        found: bool | None = self._seen.get(pair)
        if found is None:
            found = self._seen[pair] = self._equality.same(new, old)
        return found


def shown_fields(narrowing: Narrowing, entry: BaseModel) -> tuple[Any, ...]:
    """An entry as lists and goal pages show it: every field and its slug, not its body.

    The fields' values alone, in the order of the entry's attributes, not a pair of name and
    value each: with the entry's type, that order names them (every entry of a type has its
    fields in the order the model declares them, and what it remembers of itself after them).
    :class:`Narrowing` keeps this for every entry between rebuilds, and the 39,000 pairs were
    2.1 MiB of serve's peak after an edit of the 5,000-file benchmark corpus."""
    source = getattr(entry, "file", None)
    slug = getattr(source, "slug", None)
    path = getattr(source, "path", None)
    values = tuple(value for name, value in entry.__dict__.items() if name != "file")
    return (type(entry), slug, path, values)


def _goal_ids(entry: CheckIn | Reflection | Evidence) -> tuple[str, ...]:
    return tuple(entry.goals) if isinstance(entry, CheckIn) else entry.goal_ids


Narrower = Callable[[Narrowing, Context], Any]
"""What a built-in template shows of one value of its context (given the others)."""


def _entry(kind: str) -> dict[str, Narrower]:
    def titles(narrowing: Narrowing, context: Context) -> tuple[tuple[str, Any], ...]:
        return tuple((i, context["goal_titles"].get(i)) for i in _goal_ids(context[kind]))

    def goals(narrowing: Narrowing, context: Context) -> tuple[tuple[str, Any], ...]:
        return tuple((i, context["goals"].get(i)) for i in _goal_ids(context[kind]))

    return {"goal_titles": titles, "goals": goals, "history_notes": _own_notes}


def _own_notes(narrowing: Narrowing, context: Context) -> tuple[str, ...] | None:
    """``entry_history`` shows the first history note only for an entry without history."""
    if context["history"] is not None or context["uncommitted"]:
        return None
    return tuple(context["history_notes"][:1])


def _view(narrowing: Narrowing, view: GoalView) -> tuple[tuple[str, Any], ...]:
    shown = {field.name: getattr(view, field.name) for field in fields(view)}
    shown["notes"] = tuple((narrowing.shown(n.checkin, shown_fields), n.about) for n in view.notes)
    shown["reflections"] = narrowing.each_shown(view.reflections, shown_fields)
    shown["evidence"] = narrowing.each_shown(view.evidence, shown_fields)
    return tuple(shown.items())


def _insights_shown(narrowing: Narrowing, insights: Insights) -> tuple[tuple[str, Any], ...]:
    """The dashboard and goals pages show every entry's fields, none of their bodies."""
    shown = {field.name: getattr(insights, field.name) for field in fields(insights)}
    model = insights.model
    shown["model"] = tuple(
        (field.name, _entries_of(narrowing, getattr(model, field.name))) for field in fields(model)
    )
    shown["goals"] = tuple(narrowing.shown(view, _view) for view in insights.goals)
    shown["open_steps"] = tuple(
        tuple((field.name, _entries_of(narrowing, getattr(step, field.name)))
              for field in fields(step))
        for step in insights.open_steps
    )
    return tuple(shown.items())


def _entries_of(narrowing: Narrowing, value: Any) -> Any:
    """An entry, or a tuple of them, as shown; anything else as it is."""
    if isinstance(value, _ENTRIES):
        return narrowing.shown(value, shown_fields)
    if isinstance(value, tuple):
        if all(isinstance(item, _ENTRIES) for item in value):
            return narrowing.each_shown(value, shown_fields)
        return tuple(_entries_of(narrowing, item) for item in value)
    return value


_ENTRIES = (CheckIn, Reflection, Evidence, Goal)


def _goal_notes(narrowing: Narrowing, context: Context) -> tuple[object, ...]:
    """The goal page's header shows its own notes; its history section shows all of them,
    or, below a list of revisions, those not about uncommitted files."""
    notes = context["history_notes"]
    shown = (tuple(n for n in notes if "uncommitted" not in n) if context["revisions"]
             else tuple(notes))
    return (_own_notes(narrowing, context), shown)


def _notes(narrowing: Narrowing, context: Context) -> tuple[object, ...]:
    """A goal's list of check-in notes shows each check-in's fields and what it says of the
    goal, not its body (as the goal's page shows them)."""
    return tuple((narrowing.shown(n.checkin, shown_fields), n.about) for n in context["notes"])


def _entries(narrowing: Narrowing, context: Context) -> tuple[object, ...]:
    """A list's entries as shown; made once per tuple of them (the last build's is kept)."""
    shown: tuple[object, ...] = narrowing.shown(context["entries"], _each_shown)
    return shown


def _each_shown(narrowing: Narrowing, entries: tuple[Any, ...]) -> tuple[object, ...]:
    return narrowing.each_shown(entries, shown_fields)


def _commit_urls(narrowing: Narrowing, context: Context) -> tuple[tuple[str, Any], ...]:
    urls = context["entry_urls"]
    return tuple((r.path, urls.get(r.path)) for r in context["revisions"])


def narrow_ahead(narrowing: Narrowing, pages: Iterable[Page]) -> None:
    """Make what the built-in templates show of each goal view, insights and list of entries
    of ``pages``, and remember it, as the first comparison after them would. ``serve`` does
    this after a whole build, before anyone edits: without it the first save paid for
    narrowing every entry (about 0.1 s on 5,000 files), which later saves find remembered."""
    for page in pages:
        if page.template in _REMEMBERED:
            for narrow in _NARROW[page.template].values():
                narrow(narrowing, page.context)


_NARROW: dict[str, dict[str, Narrower]] = {
    "checkin.html": _entry("checkin"),
    "reflection.html": _entry("reflection"),
    "evidence.html": _entry("evidence"),
    "goal.html": {
        "view": lambda narrowing, context: narrowing.shown(context["view"], _view),
        "history_notes": _goal_notes,
    },
    "goal_notes.html": {"notes": _notes},
    "dashboard.html": {"insights": lambda n, c: n.shown(c["insights"], _insights_shown)},
    "goals.html": {"insights": lambda n, c: n.shown(c["insights"], _insights_shown)},
    "checkins.html": {"entries": _entries},
    "reflections.html": {"entries": _entries},
    "evidence_list.html": {"entries": _entries},
    "commit.html": {"entry_urls": _commit_urls},
}
"""Built-in template → the values of its context it shows only part of (checked against the
templates by ``tests/test_incremental.py``, which compares with full builds)."""
_REMEMBERED = frozenset({"goal.html", "dashboard.html", "goals.html", "checkins.html",
                         "reflections.html", "evidence_list.html"})
"""The templates whose narrowed values :class:`Narrowing` remembers: goal views, insights and
lists, made of thousands of entries (an entry page's narrowing is a few goal titles)."""
