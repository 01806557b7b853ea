"""``mentorsite new``: add one goal, check-in, reflection or evidence file from its template.

Each function reads what it needs of the repository (the settings, to know today in the pair's
timezone; the goal files for a goal, to find one of the same title; every content file for a
check-in, to prefill from what validated), picks a file name that is free — ``<slug>.md``,
else ``<slug>-2.md`` … — and creates it without ever replacing a file. It returns a
:class:`NewFile`: the new file's path relative to the repository, and what the command should
tell the pair about it. Broken files elsewhere do not stop it: the prefill uses the part that
validated.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from mentorsite.authoring.entry_templates import (
    checkin_text,
    evidence_text,
    goal_text,
    reflection_text,
)
from mentorsite.authoring.yamlwrite import entry_title
from mentorsite.diagnostics import Severity, did_you_mean
from mentorsite.errors import MentorsiteError, UnknownGoals
from mentorsite.exclusive_write import create_numbered, twin
from mentorsite.model.project import read_goals, read_project, read_settings, today_in
from mentorsite.read.files import is_ignored
from mentorsite.read.names import portable
from mentorsite.slug import FALLBACK, kept_slug
from mentorsite.vocabulary import EVIDENCE_KINDS


@dataclass(frozen=True)
class NewFile:
    """A file ``new`` wrote."""

    path: str
    taken: str | None = None
    """The name it was meant to have, when a file already had it (a second check-in of the
    day, a goal of the same title): the pair may have meant to edit that one."""
    unread: tuple[str, ...] = ()
    """The files with errors whose goals, readings and next steps a check-in's prefill could
    not use."""
    same_title: str | None = None
    """The id of a goal already called what the new goal is called: the pair may have meant
    to edit that one, under another file name."""
    nameless: bool = False
    """Its title has nothing a file name may hold (Japanese, Arabic): the file is named
    ``untitled`` (or ``untitled-2`` …), to be renamed, and :attr:`taken` is None, as no file
    of that name can be the one the pair meant."""


def new_goal(root: Path, title: str, today: date | None = None) -> NewFile:
    """A goal started today, named after its title; the file name is the goal's id."""
    heading, settings = _title(title), read_settings(root)
    text = goal_text(heading, today or today_in(settings))
    written = _write(root, "goals", "", title, text)
    same = [goal.id for goal in read_goals(root, settings)
            if _as_meant(goal.title) == _as_meant(heading)
            and f"content/goals/{goal.id}.md" != written.path]
    return replace(written, same_title=same[0] if same else None)


def _as_meant(title: str) -> str:
    """A title as two titles are the same: case aside, and 'ä' typed as one character or as
    'a' and a combining diaeresis."""
    return unicodedata.normalize("NFC", title).casefold()


def new_checkin(root: Path, day: date | None = None,
                today: date | None = None) -> NewFile:
    """A check-in on ``day`` (default today), prefilled from the goals and the last check-in."""
    project = read_project(root, today, warned=False)  # what is written needs no warning
    when = day or project.today
    written = _write(root, "checkins", when.isoformat(), None, checkin_text(project.model, when))
    unread = {d.path for d in project.diagnostics.items if d.severity is Severity.ERROR}
    return replace(written, unread=tuple(sorted(unread)))


def new_reflection(
    root: Path, title: str, goals: Sequence[str] = (), today: date | None = None
) -> NewFile:
    """A reflection dated today with a heading per reflection prompt, about ``goals``."""
    heading, wanted = _title(title), _known_goals(root, goals)
    settings = read_settings(root)
    text = reflection_text(heading, wanted, settings.reflection_prompts, _any_goal(root))
    when = today or today_in(settings)
    return _write(root, "reflections", f"{when.isoformat()}-", title, text)


def new_evidence(
    root: Path, title: str, goals: Sequence[str] = (), kind: str | None = None,
    today: date | None = None,
) -> NewFile:
    """An evidence entry dated today, about ``goals``, of ``kind`` if given."""
    if kind is not None and kind not in EVIDENCE_KINDS:
        raise MentorsiteError(
            f"unknown kind '{kind}'{did_you_mean(kind, EVIDENCE_KINDS)}: use one of "
            f"{', '.join(EVIDENCE_KINDS)}"
        )
    heading, wanted = _title(title), _known_goals(root, goals)
    when = today or today_in(read_settings(root))
    text = evidence_text(heading, wanted, kind, _any_goal(root))
    return _write(root, "evidence", f"{when.isoformat()}-", title, text)


def goal_ids(root: Path) -> list[str]:
    """The id of every goal file, valid or not: what other entries may refer to."""
    folder = root / "content" / "goals"
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.iterdir() if p.suffix == ".md" and not is_ignored(p.name))


def _known_goals(root: Path, goals: Sequence[str]) -> tuple[str, ...]:
    """``goals`` once each, after making sure each one has a file; else a clear error that
    names every goal without one, so a second run does not find the next."""
    known = goal_ids(root)
    wanted = tuple(dict.fromkeys(goals))
    unknown = [goal for goal in wanted if goal not in known]
    if unknown:
        listing = (
            f"the goals are {', '.join(known)}" if known
            else "there are no goals yet: 'mentorsite new goal TITLE' adds one"
        )
        named = ", ".join(f"'{goal}'{did_you_mean(goal, known)}" for goal in unknown)
        raise UnknownGoals(f"unknown goal{'s' if len(unknown) > 1 else ''} {named}; "
                           f"{listing}")
    return wanted


def _any_goal(root: Path) -> str | None:
    """A real goal id to show in hints, when there is one."""
    known = goal_ids(root)
    return known[0] if known else None


def _title(title: str) -> str:
    try:
        return entry_title(title)
    except ValueError as exc:
        raise MentorsiteError(f"the title {exc}") from None


def _write(root: Path, folder: str, stem: str, title: str | None, text: str) -> NewFile:
    """Create ``content/<folder>/<stem><slug of title>.md`` (``title`` None: ``<stem>.md``),
    numbered if the name is taken; a name Windows cannot hold (``con.md``) is made one it
    can."""
    slug = "" if title is None else kept_slug(title)
    nameless = title is not None and not slug
    stem = portable(stem + (FALLBACK if nameless else slug), folder.removesuffix("s"))
    path = create_numbered(root / "content" / folder, stem, text)
    meant = root / "content" / folder / f"{stem}.md"
    written = path.relative_to(root).as_posix()
    if path == meant or nameless:
        return NewFile(written, nameless=nameless)
    taken = twin(meant) or meant  # Lead-Project.md took lead-project.md's name
    return NewFile(written, taken.relative_to(root).as_posix())
