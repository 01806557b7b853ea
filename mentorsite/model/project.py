"""Read a mentorship repository into a validated model and its diagnostics: load → validate → lint.

This is the one place where the reading stages run in order; ``check``, ``build`` and the other
commands all start here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from mentorsite.clock import today_in_zone
from mentorsite.diagnostics import Diagnostics
from mentorsite.model.entries import CheckIn, Goal, Mentorship, Settings
from mentorsite.model.validate import FieldsCache, validate_documents, validate_settings
from mentorsite.read.load import (
    Fronts,
    Parsed,
    RawDocument,
    RawSettings,
    Told,
    checkin_day,
    load_content,
    load_settings,
    load_snapshot,
)

if TYPE_CHECKING:  # the read-ahead, which forks, is loaded by the build that uses it
    from mentorsite.read.ahead import Shared
    from mentorsite.read.yamlsafe import Positions


@dataclass(frozen=True)
class Project:
    """A repository as read: the valid part of it, every problem found, and the day it was."""

    root: Path
    model: Mentorship
    diagnostics: Diagnostics
    today: date
    fronts: Fronts = field(default_factory=dict)
    """Each file's front matter by git blob id, when asked for (see :data:`Fronts`)."""


@dataclass
class Rereading:
    """What reading the content once leaves for reading another version of it: ``review``
    reads the content at a pull request's base, then at its head, and each file they share
    gives the same document (:class:`~mentorsite.read.load.Parsed`), then the same own-field
    checks (:class:`~mentorsite.model.validate.FieldsCache`). Each reading is still whole:
    the rules that span files (a check-in naming a goal removed, a gap between check-ins)
    look at every file of each side, as ``check`` does."""

    parsed: Parsed = field(default_factory=Parsed)
    fields: FieldsCache = field(default_factory=FieldsCache)


def today_in(settings: Settings) -> date:
    """What day it is where the pair lives (the ``timezone`` setting decides)."""
    return today_in_zone(settings.timezone)


def read_settings(root: Path) -> Settings:
    """The settings stage alone, their problems left for ``check`` to report: what needs only
    the settings (the day in the pair's time zone, the reflection prompts) reads no content
    file, where ``read_project`` read and validated every one of them (7 s for a ``new
    evidence`` in a mentorship of 20,000 files)."""
    diagnostics = Diagnostics()
    return validate_settings(load_settings(root, diagnostics), root, diagnostics)


def read_goals(root: Path, settings: Settings) -> tuple[Goal, ...]:
    """The goals that validate, as :func:`read_project` has them, from the goal files alone:
    whether a goal is valid depends on the goal files only, and ``new goal``, which looks for
    one of the same title, read and validated every check-in too (7 s for 20,000 files)."""
    diagnostics = Diagnostics()
    goals = load_content(root, diagnostics, kind="goal")
    return validate_documents(settings, goals, diagnostics).goals


def read_project(root: Path, today: date | None = None, *, fronts: bool = False,
                 shared: Shared | None = None, told: Told | None = None,
                 again: Rereading | None = None, warned: bool = True) -> Project:
    """Run every reading stage over ``root``; problems are collected, never raised.
    ``fronts``: keep each file's front matter for the history (:data:`Fronts`). ``shared``:
    helpers that read part of the front matter (:mod:`mentorsite.read.ahead`). ``told``: how
    many of the content files are read, file by file. ``again``: what an earlier reading
    of other content left, to take again for each file that is the same. ``warned``: lint
    too; without it, the model and the errors alone (lint only warns)."""
    project, lint = read_unlinted(root, today, fronts=fronts, shared=shared, told=told,
                                  again=again)
    if warned:
        lint()
    return project


def read_unlinted(root: Path, today: date | None = None, *, fronts: bool = False,
                  shared: Shared | None = None, told: Told | None = None,
                  again: Rereading | None = None) -> tuple[Project, Callable[[], None]]:
    """:func:`read_project` without lint, and what adds lint's warnings to the project's
    diagnostics when called: ``build`` lints while its pages render, since lint only warns
    and no page shows a warning (0.1 CPU s of the 5,000-file benchmark corpus, when
    the Markdown helpers had finished and one core waited for the building process)."""
    diagnostics = Diagnostics()
    raw_settings = load_settings(root, diagnostics)
    kept: Fronts | None = {} if fronts else None
    documents = load_content(root, diagnostics, kept, shared, told,
                             parsed=again.parsed if again else None)
    project, lint = linted_later(root, raw_settings, documents, diagnostics, today,
                                 again.fields if again else None)
    return (replace(project, fronts=kept) if kept else project), lint


def read_snapshot(root: Path, files: Mapping[str, bytes], today: date | None = None,
                  again: Rereading | None = None) -> Project:
    """The same stages over files held in memory, such as a commit's tree; ``again`` as
    :func:`read_project` takes it."""
    diagnostics = Diagnostics()
    raw_settings, documents = load_snapshot(files, diagnostics,
                                            again.parsed if again else None)
    return validated_project(root, raw_settings, documents, diagnostics, today,
                             again.fields if again else None)


def validated_project(
    root: Path, raw_settings: RawSettings, documents: list[RawDocument],
    diagnostics: Diagnostics, today: date | None, cache: FieldsCache | None = None,
    *, warned: bool = True,
) -> Project:
    """Validate and lint what was loaded; ``cache`` keeps per-file checks between calls.
    ``warned``: as :func:`read_project` takes it."""
    project, lint = linted_later(root, raw_settings, documents, diagnostics, today, cache)
    if warned:
        lint()
    return project


def linted_later(
    root: Path, raw_settings: RawSettings, documents: list[RawDocument],
    diagnostics: Diagnostics, today: date | None, cache: FieldsCache | None = None,
) -> tuple[Project, Callable[[], None]]:
    """:func:`validated_project` without lint, and what adds lint's warnings to its
    diagnostics when called: ``serve`` lints once the browser has reloaded the pages, which
    show no warning (lint of the 5,000-file benchmark corpus is 60 ms of each rebuild)."""
    settings = validate_settings(raw_settings, root, diagnostics)
    held: list[CheckIn] = []
    model = validate_documents(settings, documents, diagnostics, cache, held)
    when = today or today_in(settings)
    # What lint reads of the documents is taken now, and the documents are let go: a build
    # lints while its pages render, and holding them until then held every file's front
    # matter through the making of the pages (9 MiB more at the peak of a 5,000-file build).
    met = [(day, path) for day, _, path in sorted(  # in the model's order: by day, then name
        (doc.file_date, doc.slug, doc.path) for doc in documents
        if doc.kind == "checkin" and doc.file_date is not None)]
    read = {doc.path for doc in documents}
    return (Project(root, model, diagnostics, when), functools.partial(
        _lint, _with_held(model, held), {doc.path: doc.positions for doc in documents},
        _with_unread(met, read, diagnostics), _reflected(documents, read, model, diagnostics),
        diagnostics, when))


def _lint(model: Mentorship, positions: Mapping[str, Positions], met: list[tuple[date, str]],
          reflected: list[tuple[date, str | None]], diagnostics: Diagnostics,
          when: date) -> None:
    """Add lint's warnings to ``diagnostics``. Lint, and the Markdown parser it reads the
    bodies with, are loaded here, by what warns: ``new checkin`` needs the model alone."""
    from mentorsite.model.lint import lint

    lint(model, positions, when, diagnostics, met, reflected)


def _reflected(documents: list[RawDocument], read: set[str], model: Mentorship,
               diagnostics: Diagnostics) -> list[tuple[date, str | None]]:
    """The day of each reflection file left out of the model (it has errors), with each goal
    its front matter names as written (``goals`` and ``goal``): what lint counts as reflected
    on beside the model's reflections. A file whose front matter could not be read at all (a
    YAML error) names goals that are not known: None stands for any of them."""
    valid = {reflection.file.path for reflection in model.reflections}
    found: list[tuple[date, str | None]] = sorted(
        {(day, None) for day, _ in _unread(read, diagnostics, "reflection")})
    for doc in documents:
        if doc.kind != "reflection" or doc.file_date is None or doc.path in valid:
            continue
        listed, one = doc.meta.get("goals"), doc.meta.get("goal")
        named = [*(listed if isinstance(listed, list) else ()), one]
        found.extend((doc.file_date, name) for name in named if isinstance(name, str))
    return found


def _with_held(model: Mentorship, held: list[CheckIn]) -> Mentorship:
    """What lint looks at: the model and the check-ins left out of it only because a goal
    they report on has errors. Each is a check-in all the same, with its own next steps,
    gaps and body to warn of: without them, one goal's wrong ``status`` hid the newest
    check-in's overdue next steps and warned of the steps of the one before it instead.
    What depends on the broken goal (its scales, its start) is not known, so not told."""
    if not held:
        return model
    checkins = sorted((*model.checkins, *held), key=attrgetter("date", "file.slug"))
    return replace(model, checkins=tuple(checkins))


def _with_unread(met: list[tuple[date, str]], read: set[str], diagnostics: Diagnostics
                 ) -> list[tuple[date, str]]:
    """``met`` and the check-ins whose front matter could not be read at all (a YAML error,
    a merge conflict), by the day in their names: they count as meetings, as a check-in with
    a field's error does, or a typo in one was "no check-in for 31 days" too."""
    unread = _unread(read, diagnostics, "checkin")
    if not unread:
        return met
    return sorted({*met, *unread}, key=lambda held: (held[0], held[1].rsplit("/", 1)[1][:-3]))


def _unread(read: set[str], diagnostics: Diagnostics, kind: str) -> set[tuple[date, str]]:
    """The day in the name and the path of each ``kind`` file with a problem that was not
    ``read`` into a document (its front matter could not be read at all)."""
    return {(day, d.path) for d in diagnostics.items
            if d.path not in read and (day := checkin_day(d.path, kind)) is not None}
