"""What became of each check-in, reflection and evidence entry a pull request changes, for
:mod:`mentorsite.reports.review`: added, changed, moved, removed, made public or fixed, with the
wins, obstacles and adjustments it gained, and one the head cannot use told as such.

An entry that only moved (a check-in's date fixed in its file name) is one entry, not one removed
and one added: :func:`moves` pairs them by their text, as git pairs a rename, and the review
finds a goal whose file was renamed the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from pydantic import BaseModel

from mentorsite.model.entries import Mentorship
from mentorsite.read.names import KIND_FOLDERS
from mentorsite.text import checkin_title

NOUNS = {
    "checkin": ("check-in", "check-ins"),
    "reflection": ("reflection", "reflections"),
    "evidence": ("evidence entry", "evidence entries"),
}
"""Each kind of entry's noun, for one and for many: the summary line counts them, the comment
names each."""


@dataclass(frozen=True)
class EntryChange:
    """A check-in, reflection or evidence entry added, changed or removed."""

    kind: str
    slug: str
    title: str
    change: str
    """added, changed, moved, removed, made public (private in the base) or fixed (a file
    the base could not read)."""
    wins: tuple[str, ...] = ()
    """Its wins; those it did not hold before, for an entry changed or moved."""
    obstacles: tuple[str, ...] = ()
    adjustments: tuple[str, ...] = ()
    moved_from: str | None = None
    """The title it had under its old file name, when it moved (a check-in's date fixed)."""
    unreadable: bool = False
    """The head holds the file but cannot use it (a typo in its front matter, a goal id that
    does not exist): its title is its file name, or its title in the base, and its problems
    are listed."""
    readable: bool = True
    """Whether its front matter itself can be read, when it is :attr:`unreadable`: a check-in
    naming a goal that does not exist was said to be one that "cannot be read"."""


def entry_changes(changed: list[str], old: Mentorship, new: Mentorship,
                  made_public: set[str], there: tuple[set[str], set[str]],
                  readable: Callable[[str], bool]) -> list[EntryChange]:
    """What became of each changed entry. ``there``: the paths of the files on each side,
    read or not: a file in the head that could not be read (a typo in its front matter) was
    "removed", or left out when new ("no changes to the mentorship; 2 errors"), and one the
    base could not read was "added". ``readable``: whether a path's front matter can be read
    in the head, for a file the head cannot use."""
    def entries(model: Mentorship) -> dict[str, Any]:
        return {e.file.path: e for e in model.entries()}

    before, after = entries(old), entries(new)
    unreadable = [path for path in changed if _kind(path) and path not in after
                  and path in there[1]]
    skipped = set(unreadable)
    shown = [path for path in changed if _kind(path) and (path in before or path in after)
             and path not in skipped]
    fixed = {path for path in shown if path not in before and path in there[0]
             and path not in made_public}
    moved = moves([p for p in shown if p not in after],
                  [p for p in shown if p not in before and p not in fixed], before, after)
    found = []
    for path in shown:
        if path in moved.values():
            continue  # told under its new name
        entry = after.get(path) or before[path]
        change = ("made public" if path in made_public and path not in before
                  else "fixed" if path in fixed
                  else "moved" if path in moved else "added" if path not in before
                  else "removed" if path not in after else "changed")
        earlier = before.get(moved.get(path, path)) if change in ("changed", "moved") else None
        found.append(EntryChange(
            _kind(path), entry.slug, _title(entry), change,
            _items_added(entry, earlier, "wins"), _items_added(entry, earlier, "obstacles"),
            _items_added(entry, earlier, "adjustments"),
            _title(before[moved[path]]) if path in moved else None,
        ))
    for path in unreadable:
        name = path.rsplit("/", 1)[1]
        found.append(EntryChange(
            _kind(path), name[:-3], _title(before[path]) if path in before else name,
            "changed" if path in there[0] else "added", unreadable=True,
            readable=readable(path)))
    return found


def _items_added(entry: Any, earlier: Any, name: str) -> tuple[str, ...]:
    """The entry's list ``name`` (its wins, say), less what its ``earlier`` version already
    held: a check-in edited to add one win must not present its old wins as this change's."""
    items = tuple(getattr(entry, name, ()))
    had = set(getattr(earlier, name, ())) if earlier is not None else set()
    return tuple(item for item in items if item not in had)


def _kind(path: str) -> str:
    """The kind of entry a changed path holds: '' for settings, goals and anything else."""
    parts = path.split("/")
    kind = KIND_FOLDERS.get(parts[1], "") if len(parts) == 3 and parts[0] == "content" else ""
    return "" if kind == "goal" else kind


def _title(entry: Any) -> str:
    return getattr(entry, "title", None) or checkin_title(entry.date, entry.slug)


MOVE_PAIRS = 2_500
"""Most pairs of a removed and an added entry compared for a move: a change that replaces
hundreds of files is listed as it is, not searched for moves."""


def moves(removed: list[str], added: list[str], before: dict[str, Any], after: dict[str, Any]
          ) -> dict[str, str]:
    """Added path → removed path, for each entry that only moved: the same kind, and at least
    half its text the same (git's own measure for a rename), best matches first."""
    if len(removed) * len(added) > MOVE_PAIRS:
        return {}
    matches = []
    old_texts = {old_path: _text(before[old_path]) for old_path in removed}
    for new_path in added:
        new_text = _text(after[new_path])
        for old_path, old_text in old_texts.items():
            if _kind(old_path) != _kind(new_path):
                continue
            alike = SequenceMatcher(None, old_text, new_text, autojunk=False)
            if alike.real_quick_ratio() >= 0.5 and alike.quick_ratio() >= 0.5 \
                    and (ratio := alike.ratio()) >= 0.5:
                matches.append((ratio, new_path, old_path))
    moved: dict[str, str] = {}
    for _, new_path, old_path in sorted(matches, reverse=True):
        if new_path not in moved and old_path not in moved.values():
            moved[new_path] = old_path
    return moved


def _text(entry: Any) -> str:
    """What the pair wrote in an entry, a value a line, then its body: not its file name or
    date, which a move changes, nor the field names, which every entry of a kind shares."""
    fields = {name: value for name, value in entry.__dict__.items()
              if name not in ("file", "date")}
    return "\n".join([*_values(fields), entry.file.body])


def _values(value: Any) -> list[str]:
    """The values in ``value``, nested entries' fields, mappings and lists included."""
    if isinstance(value, BaseModel):
        value = value.__dict__
    if isinstance(value, dict):
        return [text for item in value.values() for text in _values(item)]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _values(item)]
    return [] if value is None or value is False else [str(value)]
