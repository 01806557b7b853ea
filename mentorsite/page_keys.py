"""What a page's HTML is made from, so that ``serve`` renders again only the pages an edit changed.

A page's key is its template, its title and its context. Two keys match when each context value
is the very same object, or an equal one of the same type; Markdown bodies match by their text.
Unchanged entries stay the same objects from one rebuild to the next, so most comparisons stop
at the first ``is``.

With the built-in templates, a few values are narrowed to the part those templates show: an
entry page shows the titles of the goals it names, not every goal's; the lists and a goal's
notes show entries' fields, not their bodies; an entry page shows the history notes only when
it has no history of its own. A pair's own templates may show anything, so with them every page
compares its whole context.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from mentorsite.insights import GoalView
from mentorsite.model import CheckIn, Evidence, Reflection
from mentorsite.page import Page
from mentorsite.pages import LazyMarkdown

Key = tuple[str, str, bool, tuple[tuple[str, Any], ...]]
"""Template, title, whether it is served anywhere, and the context as (name, value) pairs."""

Context = Mapping[str, Any]


def builtin_templates_only(folders: list[Path]) -> bool:
    """Whether every template comes from the built-in theme (the last folder)."""
    return not any((folder / "templates").exists() for folder in folders[:-1])


class Keys:
    """Makes pages' keys; the narrowed form of each entry and goal view is remembered from
    one build to the next (by identity: an unchanged entry is the same object)."""

    def __init__(self) -> None:
        self._last: dict[int, tuple[object, Any]] = {}
        self._now: dict[int, tuple[object, Any]] = {}

    def key(self, page: Page, builtin: bool) -> Key:
        """The key of ``page``; ``builtin`` narrows it to what the built-in templates show."""
        context = page.context
        narrow = _NARROW.get(page.template) if builtin else None
        if narrow is not None:
            context = narrow(self, context)
        return (page.template, page.title, page.served_anywhere, tuple(context.items()))

    def done(self) -> None:
        """Forget what the build just keyed did not use."""
        self._last, self._now = self._now, {}

    def shown(self, value: Any, narrow: Callable[[Keys, Any], Any]) -> Any:
        """``narrow(self, value)``, made once per object."""
        hit = self._now.get(id(value)) or self._last.get(id(value))
        if hit is None or hit[0] is not value:
            hit = (value, narrow(self, value))
        self._now[id(value)] = hit
        return hit[1]


class Comparison:
    """Compares keys of this build with those of the last one, each pair of values once.

    Values are remembered by identity, so both builds' keys must stay alive while it is used.
    """

    def __init__(self) -> None:
        self._seen: dict[tuple[int, int], bool] = {}

    def same_key(self, new: Key, old: Key) -> bool:
        if new[:3] != old[:3] or len(new[3]) != len(old[3]):
            return False
        return all(
            name == old_name and self.same(value, old_value)
            for (name, value), (old_name, old_value) in zip(new[3], old[3], strict=True)
        )

    def same(self, new: Any, old: Any) -> bool:
        if new is old:
            return True
        if type(new) is not type(old):
            return False
        if isinstance(new, LazyMarkdown):
            return bool(new.text == old.text)
        pair = (id(new), id(old))
        found: bool | None = self._seen.get(pair)
        if found is None:
            found = self._seen[pair] = bool(new == old)
        return found


def shown_fields(keys: Keys, entry: BaseModel) -> tuple[Any, ...]:
    """An entry as lists and goal pages show it: every field and its slug, not its body."""
    source = getattr(entry, "file", None)
    slug = getattr(source, "slug", None)
    path = getattr(source, "path", None)
    values = tuple((name, value) for name, value in entry.__dict__.items() if name != "file")
    return (type(entry), slug, path, values)


def _goal_ids(entry: CheckIn | Reflection | Evidence) -> tuple[str, ...]:
    return tuple(entry.goals) if isinstance(entry, CheckIn) else entry.goal_ids


def _own_notes(context: Context) -> tuple[str, ...] | None:
    """``entry_history`` shows the first history note only for an entry without history."""
    if context["history"] is not None or context["uncommitted"]:
        return None
    return tuple(context["history_notes"][:1])


def _entry(kind: str) -> Callable[[Keys, Context], Context]:
    def narrow(keys: Keys, context: Context) -> Context:
        ids = _goal_ids(context[kind])
        titles, goals = context["goal_titles"], context["goals"]
        return {
            **context,
            "goal_titles": tuple((goal_id, titles.get(goal_id)) for goal_id in ids),
            "goals": tuple((goal_id, goals.get(goal_id)) for goal_id in ids),
            "history_notes": _own_notes(context),
        }

    return narrow


def _view(keys: Keys, view: GoalView) -> tuple[tuple[str, Any], ...]:
    shown = {field.name: getattr(view, field.name) for field in fields(view)}
    shown["notes"] = tuple((keys.shown(n.checkin, shown_fields), n.about) for n in view.notes)
    shown["reflections"] = tuple(keys.shown(r, shown_fields) for r in view.reflections)
    shown["evidence"] = tuple(keys.shown(e, shown_fields) for e in view.evidence)
    return tuple(shown.items())


def _goal(keys: Keys, context: Context) -> Context:
    notes = context["history_notes"]
    return {
        **context,
        "view": keys.shown(context["view"], _view),
        "history_notes": (
            _own_notes(context),
            tuple(n for n in notes if "uncommitted" not in n) if context["revisions"]
            else tuple(notes),
        ),
    }


def _entry_list(keys: Keys, context: Context) -> Context:
    return {**context, "entries": tuple(keys.shown(e, shown_fields) for e in context["entries"])}


def _commit(keys: Keys, context: Context) -> Context:
    urls = context["entry_urls"]
    paths = [revision.path for revision in context["revisions"]]
    return {**context, "entry_urls": tuple((path, urls.get(path)) for path in paths)}


_NARROW: dict[str, Callable[[Keys, Context], Context]] = {
    "checkin.html": _entry("checkin"),
    "reflection.html": _entry("reflection"),
    "evidence.html": _entry("evidence"),
    "goal.html": _goal,
    "checkins.html": _entry_list,
    "reflections.html": _entry_list,
    "evidence_list.html": _entry_list,
    "commit.html": _commit,
}
"""Built-in template → the part of its context it shows (checked against the templates by
``tests/test_incremental.py``, which compares with full builds)."""
