"""Turn raw documents into the validated model, reporting every error with its position.

Per-file rules live in :mod:`mentorsite.model.entries` (types, enums, identifiers, dates, links);
this module maps their failures to diagnostics, checks dates against file names, builds each
valid document's entry, then applies the rules that look across fields and files, which live in
:mod:`mentorsite.model.cross_checks` (metric consistency, references to goals and metrics,
pivots). A file with errors is left out of the model, so later stages only ever see valid data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from mentorsite.diagnostics import Diagnostic, Diagnostics, Severity, did_you_mean
from mentorsite.model.cross_checks import (
    CROSS_CHECKS,
    Checked,
    Goals,
    check_references,
    goals_seen,
    metric_ids_as_written,
    name_goals_meant,
    pivots_as_written,
)
from mentorsite.model.entries import (
    CheckIn,
    CheckInFields,
    Evidence,
    EvidenceFields,
    Goal,
    GoalFields,
    Mentorship,
    Reflection,
    ReflectionFields,
    Settings,
    SourceFile,
)
from mentorsite.model.field_types import is_id
from mentorsite.model.pydantic_errors import id_written, not_an_id, report_validation_error
from mentorsite.read.comments import EMPTIED, EMPTIED_VALUE, GLUED, Position
from mentorsite.read.load import SETTINGS_FILE, RawDocument, RawSettings
from mentorsite.read.names import MISNAMED, free_names, portable
from mentorsite.read.templates import check_templates
from mentorsite.slug import slugify

F = TypeVar("F", bound=BaseModel)

_FIELDS: dict[str, type[BaseModel]] = {
    "goal": GoalFields,
    "checkin": CheckInFields,
    "reflection": ReflectionFields,
    "evidence": EvidenceFields,
}
_DOMAIN: dict[str, type[BaseModel]] = {
    "goal": Goal,
    "checkin": CheckIn,
    "reflection": Reflection,
    "evidence": Evidence,
}


def validate_settings(raw: RawSettings, root: Path, diagnostics: Diagnostics) -> Settings:
    """Valid settings, or the defaults when the file is broken (its errors are reported).

    An unknown theme is looked for before the rest is validated, so that it is reported in the
    same run as the file's other mistakes; the build then goes on with the default theme. A
    theme's own templates are parsed here too (:func:`~mentorsite.read.templates.check_templates`).
    """
    meta, since = raw.meta, len(diagnostics.items)
    if not _theme_found(raw, root, diagnostics):
        meta = {key: value for key, value in meta.items() if key != "theme"}
    elif isinstance(theme := meta.get("theme", "default"), str) and is_id(theme):
        check_templates(root, theme, diagnostics)
    try:
        settings = Settings.model_validate(meta)
    except ValidationError as exc:
        report_validation_error(exc, Settings, SETTINGS_FILE, raw.positions, diagnostics)
        settings = _valid_part(meta, exc)
    _tell_emptied(SETTINGS_FILE, raw.emptied, diagnostics, since)
    return settings


def _valid_part(meta: dict[str, Any], exc: ValidationError) -> Settings:
    """The settings given, less the fields ``exc`` found wrong (each left at its default): a
    misspelt setting beside ``cadence: monthly`` set every setting to its default, and the
    biweekly cadence then warned of each gap of a monthly pair. The defaults, where what is
    left is wrong still (a rule across fields)."""
    wrong = {error["loc"][0] for error in exc.errors() if error["loc"]}
    try:
        return Settings.model_validate({k: v for k, v in meta.items() if k not in wrong})
    except ValidationError:
        return Settings()


def _theme_found(raw: RawSettings, root: Path, diagnostics: Diagnostics) -> bool:
    """False, with the error reported, when ``theme`` names a well-formed id that no folder
    under ``themes/`` has, or is text that is no id (``../content``), whose hint names only a
    theme there is: the model's own check took the last part of the path for the id meant,
    and told ``theme: ../content`` "(did you mean 'content'?)", which is no theme. A value
    that is not text is left to the model's own check."""
    theme = raw.meta.get("theme", "default")
    if not isinstance(theme, str) or theme == "default":
        return True
    line, column = raw.positions.of_value(("theme",))
    if not is_id(theme):
        hint = did_you_mean(id_written(theme) or theme, _themes(root))
        diagnostics.error(SETTINGS_FILE, line, column, "invalid-id", not_an_id(theme, hint))
        return False
    try:
        if (root / "themes" / theme).is_dir():
            return True
    except OSError as exc:  # a folder on the way that may not be looked into
        diagnostics.error(SETTINGS_FILE, line, column, "unreadable-file",
                          f"theme '{theme}' cannot be read: {exc.strerror or exc}")
        return False
    close = did_you_mean(theme, _themes(root))
    diagnostics.error(
        SETTINGS_FILE, line, column, "unknown-theme",
        f"theme '{theme}' not found{close}: create themes/{theme}/ or remove the setting",
    )
    return False


def _themes(root: Path) -> list[str]:
    """The themes there are, to hint at: the built-in one and each folder under ``themes/``
    that a setting can name and that holds a theme (its ``templates/`` or ``static/``)."""
    try:
        return ["default", *(p.name for p in (root / "themes").iterdir() if is_id(p.name) and (
            (p / "templates").is_dir() or (p / "static").is_dir()))]
    except OSError:  # no themes/ folder, or one that cannot be read
        return ["default"]


@dataclass
class FieldsCache:
    """Each document's checks, kept from one validation to the next (``serve``).

    A document passed again as the same object is not checked again: its entry comes back as
    the same object and its problems are reported again. The cross-document rules of a
    check-in, reflection or evidence entry depend on the goals only: they are kept too while
    every goal file is the same, and run again for every entry once one is not. A goal's
    always run (they look at other goals).
    """

    found: dict[str, tuple[RawDocument, Any, bool, tuple[Diagnostic, ...]]] = field(
        default_factory=dict
    )
    """By path of the document (the very string it holds: an ``id`` was a new number for
    each document after each edit, 320 KB of them at a rebuild's peak on the 5,000-file
    benchmark corpus): the document, its entry (None with errors), whether its date agrees,
    and the problems its fields have. Kept only for the very same document."""
    crossed: dict[str, tuple[RawDocument, bool, bool, tuple[Diagnostic, ...]]] = field(
        default_factory=dict
    )
    """By path of the document: the document, whether it passed the cross-document rules
    (and its own), whether it is held back (:attr:`Checked.held`), and the problems they
    found; made with :attr:`goals`."""
    goals: object = None
    """The goals the cross-document rules were last applied with (see
    :func:`~mentorsite.model.cross_checks.goals_seen`)."""
    names: dict[frozenset[str], set[str]] = field(default_factory=dict)
    """The one set of each set of field names given, which every entry kept holds as its
    ``model_fields_set`` and its nested models' (see :func:`share_fields_sets`)."""

    def check(self, documents: list[RawDocument], diagnostics: Diagnostics) -> list[Checked]:
        """:func:`_check_fields` of each document, in one loop (thousands of them, most the
        same as last time); the documents that are gone are forgotten."""
        last, found = self.found, {}
        checked = []
        for raw in documents:
            hit = last.get(raw.path)
            if hit is None or hit[0] is not raw:
                own = Diagnostics()
                made = _check_fields(raw, own)
                entry = made.entry if made else None
                if entry is not None:
                    share_fields_sets(entry, self.names)
                hit = (raw, entry, bool(made and made.ok), tuple(own))
            found[raw.path] = hit
            if hit[3]:
                diagnostics.extend(hit[3])
            if hit[1] is not None:
                checked.append(Checked(raw, hit[1], hit[2]))
        self.found = found
        return checked

    def cross_check(self, checked: list[Checked], goals: Goals,
                    diagnostics: Diagnostics) -> None:
        """Apply the cross-document rules to each item, or give back what they found last
        time for a document that is the same, with the same goals."""
        seen = goals_seen(goals)
        last = self.crossed if seen == self.goals else {}
        crossed = {}
        for item in checked:
            if item.raw.kind == "goal":
                CROSS_CHECKS["goal"](item, goals, diagnostics)
                continue
            hit = last.get(item.raw.path)
            if hit is None or hit[0] is not item.raw:
                own = Diagnostics()
                CROSS_CHECKS[item.raw.kind](item, goals, own)
                hit = (item.raw, item.ok, item.held, tuple(own))
            crossed[item.raw.path] = hit
            item.ok, item.held = hit[1], hit[2]
            if hit[3]:
                diagnostics.extend(hit[3])
        self.goals, self.crossed = seen, crossed


def validate_documents(
    settings: Settings, documents: list[RawDocument], diagnostics: Diagnostics,
    cache: FieldsCache | None = None, held: list[CheckIn] | None = None,
) -> Mentorship:
    """The model of every valid document; every problem found goes to ``diagnostics``.
    ``held``, when given, receives each check-in left out only because a goal it reports on
    has errors (:attr:`~mentorsite.model.cross_checks.Checked.held`), for lint to warn of."""
    known = ({doc.slug for doc in documents if doc.kind == "goal" and not doc.misnamed}
             | _unreadable_goals(diagnostics))
    if cache:
        checked = cache.check(documents, diagnostics)
    else:
        checked = [c for c in (_check_fields(doc, diagnostics) for doc in documents) if c]
    passed = {id(item.raw) for item in checked}
    failed = [raw for raw in documents if id(raw) not in passed]
    goals = Goals(known, {c.raw.slug: c for c in checked
                          if c.raw.kind == "goal" and not c.raw.broken},
                  metric_ids_as_written(failed), _misnamed_goals(documents, known),
                  pivots_as_written(failed))
    if cache:
        cache.cross_check(checked, goals, diagnostics)
    else:
        for item in checked:
            CROSS_CHECKS[item.raw.kind](item, goals, diagnostics)
    for raw in failed:  # its own fields have errors: its references count too
        check_references(raw, goals, diagnostics)
    name_goals_meant(documents, failed, diagnostics)
    _offer_free_names(documents, diagnostics)
    entries: dict[str, list[Any]] = {kind: [] for kind in _FIELDS}
    for item in checked:
        if item.ok:
            entries[item.raw.kind].append(item.entry)
        elif item.held and held is not None:
            held.append(item.entry)
    by_slug, by_date = attrgetter("file.slug"), attrgetter("date", "file.slug")  # id, slug
    return Mentorship(
        settings=settings,
        goals=tuple(sorted(entries["goal"], key=by_slug)),
        checkins=tuple(sorted(entries["checkin"], key=by_date)),
        reflections=tuple(sorted(entries["reflection"], key=by_date)),
        evidence=tuple(sorted(entries["evidence"], key=by_date)),
    )


def _offer_free_names(documents: list[RawDocument], diagnostics: Diagnostics) -> None:
    """A misnamed file is offered only a name no other file has: the name its file was read
    with offered one alone, as it knew no other file (``serve`` keeps what it told of each
    file until that file changes), and ``My Goal.md`` beside ``my-goal.md`` was told to take
    the other's name."""
    misnamed = {(item.path, item.code) for item in diagnostics.items if item.code in MISNAMED}
    if not misnamed:
        return
    taken = {doc.path for doc in documents} | {item.path for item in diagnostics.items}
    for path, code in misnamed:
        hints = free_names(path, taken)
        if hints is not None:
            diagnostics.reword(code, hints[0], {(path, 1, 1): hints[1]})


def _misnamed_goals(documents: list[RawDocument], known: set[str]) -> dict[str, str]:
    """Each goal file whose name does not fit (``Lead-Confidence.md``) by the id it would have
    if it did, with its path: what names that id is then told which file to rename, not that
    no goal file exists, once for every check-in that reports on it."""
    found: dict[str, str] = {}
    for doc in documents:
        if doc.kind == "goal" and doc.misnamed:
            meant = slugify(doc.slug)
            if meant not in known and portable(meant, "goal") == meant:  # con.md: no such id
                found.setdefault(meant, doc.path)
    return found


def _unreadable_goals(diagnostics: Diagnostics) -> set[str]:
    """Ids of the goal files that could not be read at all (broken YAML, a merge conflict):
    each is a goal all the same, so what names it is no "unknown goal" as well."""
    found = set()
    for problem in diagnostics.items:
        folder, _, name = problem.path.rpartition("/")
        if folder == "content/goals" and name.endswith(".md") and is_id(name[:-3]):
            found.add(name[:-3])
    return found


def _check_fields(raw: RawDocument, diagnostics: Diagnostics) -> Checked | None:
    """Validate one document's own fields; ``None`` when it has errors."""
    fields_type = _FIELDS[raw.kind]
    since = len(diagnostics.items)  # what is told from here on is told of this file
    ok = _date_agrees(raw, diagnostics) and not raw.broken
    try:
        fields = fields_type.model_validate(raw.meta)
    except ValidationError as exc:
        report_validation_error(exc, fields_type, raw.path, raw.positions, diagnostics)
        _tell_emptied(raw.path, raw.emptied, diagnostics, since)
        return None
    _tell_emptied(raw.path, raw.emptied, diagnostics, since)
    if raw.misnamed:
        return None  # its fields are right, but it is no entry: the file name says why
    values = dict(fields.__dict__)  # every field, in order (no extra field is allowed)
    if raw.file_date is not None:
        values["date"] = raw.file_date
    source = constructed(SourceFile, {
        "path": raw.path, "slug": raw.slug, "body": raw.body, "body_line": raw.body_line,
        "meta": raw.meta if raw.kind == "goal" else {},  # a goal's versions are compared with it
    }, set(_SOURCE_FIELDS))
    values["file"] = source
    entry = constructed(_DOMAIN[raw.kind], values, fields.model_fields_set)
    return Checked(raw, entry, ok)


_SOURCE_FIELDS = frozenset(SourceFile.model_fields)


def share_fields_sets(model: BaseModel, names: dict[frozenset[str], set[str]]) -> None:
    """Give ``model`` and each model in its fields (a field's value, or the items and values
    of a tuple, list or mapping there) the one set in ``names`` equal to the set of fields it
    was given, which it then holds as its ``model_fields_set``: pydantic gives every
    instance a set of its own (216 to 728 bytes), 8.7 MiB of the model of the 5,000-file
    benchmark corpus for 13 different sets of names, which serve keeps for its whole life.
    Sharing them is safe as the models are frozen (no assignment adds a name) and
    ``model_copy`` copies the set it updates. Only the entries :class:`FieldsCache` keeps
    are walked: the walk takes two thirds of what their fields' validation takes (60 ms
    against 85 ms for those 5,000 files), which ``build``, holding its model for one run
    and under 150 MB without it, does not pay; a rebuild walks the entries it read again."""
    given = model.__pydantic_fields_set__
    shared = names.setdefault(frozenset(given), given)
    if shared is not given:
        object.__setattr__(model, "__pydantic_fields_set__", shared)
    for value in model.__dict__.values():
        if isinstance(value, BaseModel):
            share_fields_sets(value, names)
        elif isinstance(value, tuple | list | dict) and value:
            for item in value.values() if isinstance(value, dict) else value:
                if isinstance(item, BaseModel):
                    share_fields_sets(item, names)


def _tell_emptied(path: str, emptied: Sequence[tuple[Position, Position]],
                  diagnostics: Diagnostics, since: int) -> None:
    """Tell each value of the file at ``path`` that a comment took the whole of
    (``why: #1 reason``, at ``emptied``): an error that it is missing (``title: #1 priority``)
    says why, and a value no error is told at is warned of, since an optional field may be
    empty and read as left out without a word. Each is told at the comment's ``#``, which
    the words send the reader to (the empty value's place was the blank before it). Its
    errors are those told from index ``since`` on, while its fields were checked: the
    problems of the files checked before it are not looked at again for each file."""
    if not emptied:
        return
    diagnostics.reword("wrong-type", "got nothing",
                       dict.fromkeys(((path, *at) for at, _ in emptied), EMPTIED), since,
                       {(path, *at): comment[1] for at, comment in emptied})
    told = {(item.line, item.column) for item in diagnostics.items[since:]
            if item.path == path and item.severity is Severity.ERROR}
    for at, (line, column) in emptied:
        if at not in told and (line, column) not in told:
            diagnostics.warning(path, line, column, GLUED, EMPTIED_VALUE)


def constructed(cls: type[F], values: dict[str, Any], fields_set: set[str]) -> F:
    """``cls.model_construct(_fields_set=fields_set, **values)`` where ``values`` holds every
    field of ``cls``, in order, and nothing else (``cls`` having no private attributes and
    no post-init): the instance, without pydantic's Python loop over the fields, aliases and
    defaults, which thousands of entries paid twice each."""
    made = cls.__new__(cls)
    object.__setattr__(made, "__dict__", values)
    object.__setattr__(made, "__pydantic_fields_set__", fields_set)
    object.__setattr__(made, "__pydantic_extra__", None)
    object.__setattr__(made, "__pydantic_private__", None)
    return made


def _date_agrees(raw: RawDocument, diagnostics: Diagnostics) -> bool:
    """A ``date`` in the front matter must be the file name's; checked even if other fields
    are broken, so that one run reports both."""
    given = raw.meta.get("date")
    if raw.file_date is None or not isinstance(given, date) or given == raw.file_date:
        return True
    if isinstance(given, datetime) and given.date() == raw.file_date:
        return True  # the same day with a time: the field's own check says what to write
    line, column = raw.positions.of_value(("date",))
    diagnostics.error(
        raw.path, line, column, "date-mismatch",
        f"date {given} disagrees with the file name's date {raw.file_date}",
    )
    return False
