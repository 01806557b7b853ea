"""Read one pair, from its repository or its published ``data.json``, into a :class:`PairRecord`.

A record holds only what the pair's ``programme`` setting lets a programme see, and only facts that
do not depend on the day (progress, statuses, due dates, check-in and win dates), so a record can be
cached and judged again on any later day. Private files never reach it: a repository is read through
:func:`mentorsite.model.publish.published`, and a ``data.json`` is already published. Both kinds of
source go through the same :func:`mentorsite.model.insights.insights`, so a pair's numbers are the
ones its own site shows.

:func:`read_pair` runs in worker processes: it takes and returns plain, picklable values.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from mentorsite.clock import today_in_zone
from mentorsite.diagnostics import Diagnostics, Severity
from mentorsite.model.entries import (
    CheckIn,
    CheckInFields,
    Goal,
    GoalFields,
    Mentorship,
    Metric,
    Settings,
)
from mentorsite.model.field_types import is_id
from mentorsite.model.insights import Insights, insights
from mentorsite.model.language_tag import is_language_tag, unregistered
from mentorsite.model.progress import achieved_on
from mentorsite.model.project import read_project
from mentorsite.model.publish import published
from mentorsite.read.load import SETTINGS_FILE, errors_found, load_settings

Consent = Literal["full", "summary", "none"]
CONSENTS: tuple[Consent, ...] = ("full", "summary", "none")
MAX_DATA_JSON_BYTES = 64 * 1024 * 1024
"""A published ``data.json`` larger than this is refused unread."""


@dataclass(frozen=True)
class GoalFact:
    """One goal, as far as the programme may know it."""

    status: str
    progress: float | None
    due: date | None
    latest_status: str | None
    """What the newest check-in that mentions the goal said (on-track, at-risk …)."""
    title: str | None = None
    """Only under ``programme: full``."""
    url: str | None = None
    """The goal's page on the pair's site, relative to it; only under ``full``."""


@dataclass(frozen=True)
class WinFact:
    """Something the pair celebrated: a check-in win, a milestone done or a goal achieved."""

    date: date
    kind: str
    text: str | None = None
    """Only under ``programme: full``."""


@dataclass(frozen=True)
class PairRecord:
    """What a programme may know of a pair, independent of the day it is judged on.

    Under ``none`` only ``name`` and ``consent`` are set; under ``summary`` the people, the
    site's address and every title and text are left out.
    """

    name: str
    """The pair's site title: what the pair itself chose to publish its site under."""
    consent: Consent
    mentee: str | None = None
    mentors: tuple[str, ...] = ()
    base_url: str | None = None
    cadence_days: int | None = None
    last_checkin: date | None = None
    checkins: int = 0
    reflections: int = 0
    evidence: int = 0
    goals: tuple[GoalFact, ...] = ()
    wins: tuple[WinFact, ...] = ()
    errors: int = 0
    """Errors in the repository's content (its valid part is what is shown)."""
    language: str | None = None
    """The pair's ``language`` setting, which its own words on the programme's pages are
    marked with; None where it is not known: a ``data.json`` made by an older mentorsite, or
    settings with errors."""


@dataclass(frozen=True)
class PairRead:
    """What reading one source gave: a record, or why there is none; and notes to print."""

    record: PairRecord | None
    problem: str | None = None
    notes: tuple[str, ...] = ()
    day_bound: bool = False
    """The record holds for the day it was read on only: a check-in dated after it becomes the
    last check-in once its day comes, and a goal achieved ahead of its due date, called done by
    no check-in, counts as achieved on that date once it comes; so a cached read must not stand
    in on a later day."""
    day: date | None = None
    """The day the pair was judged on: ``--today``, else today in its own time zone."""
    zone: str | None = None
    """The pair's ``timezone`` setting, which its day is worked out in, as its own site works
    it out; None where it is not known (a ``data.json`` does not publish it) or not needed
    (``programme: none``: nothing of the pair is judged)."""


def read_pair(path: str, kind: str, today: date | None, programme_day: date) -> PairRead:
    """Read the repository folder or ``data.json`` file at ``path``; never raises on bad input.
    It is judged as of ``today`` when that is given (``--today``), else on the pair's own day
    (:func:`pair_day`)."""
    if kind == "repo":
        return _from_repo(Path(path), today)
    try:
        return _from_data_json(Path(path), today or programme_day)
    except _Unreadable as exc:
        return PairRead(None, str(exc))


def pair_day(read: PairRead, today: date | None, programme_day: date) -> date:
    """The day ``read``'s pair is judged on now: ``today`` when given, else today where the
    pair lives, as ``mentorsite build`` has it there (built at 23:00 UTC, a pair in Auckland
    is already a day further on), else, its zone not being known, the programme's day."""
    if today is not None:
        return today
    return today_in_zone(read.zone) if read.zone is not None else programme_day


def _from_repo(root: Path, today: date | None) -> PairRead:
    project = read_project(root, today, warned=False)  # a pair is counted, never warned of
    day = project.today
    broken = any(d.path == SETTINGS_FILE and d.severity is Severity.ERROR
                 and d.code != "unknown-theme" for d in project.diagnostics)
    if broken:  # the consent cannot be known: fail closed
        note = (f"{SETTINGS_FILE} has errors, so the pair is shown as 'programme: none' until "
                "they are fixed (run 'mentorsite check' there)")
        return PairRead(PairRecord(name=_title_as_written(root), consent="none"), notes=(note,),
                        day=day)
    consent = project.model.settings.programme
    errors = project.diagnostics.errors
    notes: tuple[str, ...] = ()
    if errors and consent != "none":
        notes = (f"{errors_found(project.diagnostics)}; only its valid part is counted "
                 "(run 'mentorsite check' there)",)
    views = insights(published(project.model), day)
    return PairRead(_record(views, consent, errors), notes=notes,
                    day_bound=_day_bound(views, day), day=day,
                    zone=project.model.settings.timezone if consent != "none" else None)


def _title_as_written(root: Path) -> str:
    """The ``title`` of a ``mentorsite.yml`` that has errors, if it is a valid title, else the
    default."""
    return _valid_title(load_settings(root, Diagnostics()).meta.get("title"))


def _valid_title(title: object) -> str:
    """``title`` when it is one a pair's site could have (text, not blank, no control
    characters), else the default title: an invalid one is not shown on the programme's pages.
    """
    try:
        return Settings.model_validate({"title": title}).title
    except ValidationError:
        return Settings().title


def _record(views: Insights, consent: Consent, errors: int = 0,
            counts: tuple[int, int] | None = None) -> PairRecord:
    """The record of a published model, cut down to what ``consent`` allows.

    ``counts`` (reflections, evidence) stands in for the model's own when it was rebuilt from a
    ``data.json`` without them.
    """
    model = views.model
    reflections, evidence = counts or (len(model.reflections), len(model.evidence))
    settings = model.settings
    if consent == "none":
        return PairRecord(name=settings.title, consent="none", language=settings.language)
    full = consent == "full"
    return PairRecord(
        name=settings.title,
        consent=consent,
        mentee=settings.mentee if full else None,
        mentors=settings.mentors if full else (),
        base_url=settings.base_url if full else None,
        cadence_days=settings.cadence_days,
        last_checkin=views.health.last,
        checkins=len(views.model.checkins),
        reflections=reflections,
        evidence=evidence,
        goals=tuple(
            GoalFact(
                status=view.goal.status, progress=view.progress, due=view.goal.due,
                latest_status=view.latest_status,
                title=view.goal.title if full else None, url=view.url if full else None,
            )
            for view in views.goals
        ),
        wins=tuple(WinFact(w.date, w.kind, w.text if full else None) for w in views.wins),
        errors=errors,
        language=settings.language,
    )


class _Unreadable(Exception):
    """The file is not a ``data.json`` that mentorsite published."""


def _from_data_json(path: Path, today: date) -> PairRead:
    try:
        if path.stat().st_size > MAX_DATA_JSON_BYTES:
            raise _Unreadable(f"larger than {MAX_DATA_JSON_BYTES:,} bytes")
        data = path.read_bytes()
        document = json.loads(data)
    except OSError as exc:
        raise _Unreadable(f"cannot read file: {exc.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _Unreadable(f"not valid JSON: {exc}") from None
    except ValueError:  # Python's message says to raise its limit with sys.set_int_max_str_digits
        raise _Unreadable("not valid JSON: it holds a number of too many digits to read") from None
    except RecursionError:
        raise _Unreadable("not valid JSON: nested too deeply") from None
    if _SURROGATE_ESCAPE.search(data) and _holds_half_a_character(document):
        raise _Unreadable("not valid JSON: a text in it holds half a character (an escape "
                          "such as \\udcff, alone), which no page can hold")
    site = _mapping(document, "site") if isinstance(document, dict) else None
    if site is None or not isinstance(site.get("title"), str):
        raise _Unreadable("not a mentorsite data.json (it has no site.title)")
    site = {**site, "title": _valid_title(site["title"])}
    said = site.get("programme")
    consent: Consent = next((c for c in CONSENTS if c == said), "none")
    notes: tuple[str, ...] = ()
    if said is None:
        notes = ("data.json does not say what the pair shares with a programme (made by an "
                 "older mentorsite?), so it is shown as 'programme: none'",)
    elif said not in CONSENTS:  # not named: a value may be any text
        notes = ("data.json's site.programme is none of full, summary and none (made by a "
                 "newer mentorsite?), so it is shown as 'programme: none'",)
    language = _language(site)
    if consent == "none":
        return PairRead(PairRecord(name=site["title"], consent="none", language=language),
                        notes=notes, day=today)
    model = _model(document, site)
    counts = (len(_entries(document, "reflections")), len(_entries(document, "evidence")))
    views = insights(model, today)
    return PairRead(replace(_record(views, consent, counts=counts), language=language),
                    notes=notes, day_bound=_day_bound(views, today), day=today)


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
"""How a text of JSON comes to hold a UTF-16 surrogate: UTF-8 cannot carry one."""
_SURROGATE = re.compile("[\ud800-\udfff]")


def _holds_half_a_character(document: object) -> bool:
    """Whether a text of ``document`` holds a surrogate: ``json`` gives one for an escape of
    half a pair (``"\\udcff"``), which mentorsite never publishes, and writing it to a UTF-8
    page, CSV or JSON failed, ending the whole build in a traceback."""
    stack = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if not value.isascii() and _SURROGATE.search(value):
                return True
        elif isinstance(value, dict):
            stack += [*value.keys(), *value.values()]
        elif isinstance(value, list):
            stack += value
    return False


def _language(site: dict[str, Any]) -> str | None:
    """The language a ``data.json`` says its pair writes in; None where it says none (made by
    an older mentorsite) or no tag: the pair's words are then left unmarked, as before."""
    said = site.get("language")
    if isinstance(said, str) and is_language_tag(said) and unregistered(said) is None:
        return said
    return None


def _day_bound(views: Insights, today: date) -> bool:
    """Whether the read holds for ``today`` only (see :attr:`PairRead.day_bound`): a check-in
    is dated after it, or a goal achieved that no check-in called done, whose win
    :func:`~mentorsite.model.progress.achieved_day` puts on a day still to come: its due date
    once that has come (a warm build kept it on the day before and missed it as a recent
    win), or, with no due date, its start, until then held at today (a goal started ahead)."""
    if any(checkin.date > today for checkin in views.model.checkins):
        return True
    return any(
        view.goal.status == "achieved"
        and (view.goal.due > today if view.goal.due is not None else view.goal.started > today)
        and achieved_on(view.goal, tuple(note.checkin for note in view.notes)) is None
        for view in views.goals
    )


def _mapping(document: dict[str, Any], key: str) -> dict[str, Any] | None:
    value = document.get(key)
    return value if isinstance(value, dict) else None


def _keys(model: type[BaseModel]) -> set[str]:
    return {field.alias or name for name, field in model.model_fields.items()} - {"private"}


_SETTINGS_KEYS = ("title", "mentee", "mentors", "cadence", "base_url", "programme")
_GOAL_KEYS = _keys(GoalFields)
_METRIC_KEYS = _keys(Metric)
_CHECKIN_KEYS = _keys(CheckInFields)


def _model(document: dict[str, Any], site: dict[str, Any]) -> Mentorship:
    """The published model that ``document`` was made from, as far as the programme needs it."""
    where = "site"
    try:
        settings = Settings.model_validate(
            {k: site[k] for k in _SETTINGS_KEYS if site.get(k) is not None}
        )
        goals = []
        for index, goal in enumerate(_entries(document, "goals")):
            where = f"goals[{index}]"
            goals.append(_goal(goal))
        checkins = []
        for index, checkin in enumerate(_entries(document, "checkins")):
            where = f"checkins[{index}]"
            checkins.append(_checkin(checkin))
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        inside = ".".join(str(part) for part in first["loc"])
        raise _Unreadable(f"{where}{'.' + inside if inside else ''}: {_fault(first)}") from None
    return Mentorship(
        settings=settings,
        goals=tuple(sorted(goals, key=lambda g: g.id)),
        checkins=tuple(sorted(checkins, key=lambda c: (c.date, c.slug))),
        reflections=(),
        evidence=(),
    )


def _fault(error: ErrorDetails) -> str:
    """What is wrong with a value, in words that never repeat it: pydantic's message does,
    and the value may be private text (it is printed, and listed on the programme site)."""
    kind = error["type"]
    if kind == "missing":
        return "missing"
    return "of the wrong type" if kind.endswith("_type") else "not a valid value"


def _entries(document: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = document.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise _Unreadable(f"'{key}' is not a list of entries")
    return value


def _identity(entry: dict[str, Any], key: str, folder: str) -> dict[str, Any]:
    slug = entry.get(key)
    if not is_id(slug):
        raise _Unreadable(f"an entry of '{folder}' has no valid '{key}'")
    return {"path": f"content/{folder}/{slug}.md", "slug": slug, "body": ""}


def _goal(entry: dict[str, Any]) -> Goal:
    fields = {k: v for k, v in entry.items() if k in _GOAL_KEYS}
    metrics = entry.get("metrics", [])
    if isinstance(metrics, list):
        fields["metrics"] = [
            {k: v for k, v in m.items() if k in _METRIC_KEYS} if isinstance(m, dict) else m
            for m in metrics
        ]
    return Goal.model_validate({**fields, "file": _identity(entry, "id", "goals")})


def _checkin(entry: dict[str, Any]) -> CheckIn:
    fields = {k: v for k, v in entry.items() if k in _CHECKIN_KEYS}
    return CheckIn.model_validate({**fields, "file": _identity(entry, "slug", "checkins")})


