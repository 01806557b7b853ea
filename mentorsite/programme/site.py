"""The coordinator's site, as files: sorted pages, a page per fully shared pair, CSV and JSON.

Routing lives here: ``index.html`` (by health), ``by-progress/``, ``by-name/``, ``by-risk/``
(one page per sort, so sorting needs no JavaScript), ``pairs/<id>/`` for each pair that shares
everything, ``pairs.csv`` and ``data.json``. What each output shows of a pair follows its
``programme`` setting, applied once in :mod:`mentorsite.programme.pair`; these functions only
ever see what was shared.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from mentorsite import __version__
from mentorsite.model.entries import GOAL_STATUSES, Settings
from mentorsite.pages.page import Page
from mentorsite.programme.config import ProgrammeSettings
from mentorsite.programme.summary import (
    RECENT_DAYS,
    SORTS,
    PairSummary,
    ordered,
)
from mentorsite.read.templates import builtin_theme
from mentorsite.render.templates import renderer
from mentorsite.render.theme import static_files

SORT_URLS = {"health": "", "progress": "by-progress/", "name": "by-name/", "risk": "by-risk/"}
"""Each sorted list's page, relative to the site root."""
SORT_WORDS = {
    "health": "check-in health, most overdue first",
    "progress": "mean progress, lowest first",
    "name": "name",
    "risk": "goals at risk, most first",
}
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these is a formula to a spreadsheet: it gets a ``'``."""


@dataclass(frozen=True)
class Group:
    """The pairs of one cohort (``name`` is ``None`` for pairs in no cohort)."""

    name: str | None
    pairs: tuple[PairSummary, ...]


@dataclass(frozen=True)
class Unreadable:
    """A source that gave no pair, and why."""

    source: str
    problem: str


def pair_url(pair: PairSummary) -> str | None:
    """The pair's page on the programme site; only fully shared pairs have one."""
    return f"pairs/{pair.id}/" if pair.full else None


def site_url(pair: PairSummary, path: str = "") -> str | None:
    """An absolute link into the pair's own site, when it is shared and its address known."""
    base = pair.record.base_url
    if not pair.full or not base:
        return None
    return (base if base.endswith("/") else base + "/") + path


def groups(pairs: Sequence[PairSummary], settings: ProgrammeSettings,
           sort: str) -> list[Group]:
    """Pairs by cohort, in the settings' order, each sorted by ``sort``; one group without."""
    names = [cohort.name for cohort in settings.cohorts]
    found = [Group(name, tuple(ordered([p for p in pairs if p.cohort == name], sort)))
             for name in names]
    rest = [p for p in pairs if p.cohort not in names]
    if rest or not found:
        found.append(Group(None, tuple(ordered(rest, sort))))
    return found


def totals(pairs: Sequence[PairSummary]) -> dict[str, int]:
    """Programme-wide counts for the top of the front page and ``data.json``."""
    shared = [p for p in pairs if p.shared]
    return {
        "pairs": len(pairs),
        "not_shared": len(pairs) - len(shared),
        "overdue": sum(1 for p in shared if p.health and p.health.state == "overdue"),
        "due": sum(1 for p in shared if p.health and p.health.state == "due"),
        "goals": sum(p.goals for p in shared),
        "goals_at_risk": sum(len(p.at_risk) for p in shared),
        "wins_recent": sum(len(p.recent_wins) for p in shared),
    }


def alike_names(pairs: Sequence[PairSummary]) -> frozenset[str]:
    """Names that more than one pair goes by (two pairs that kept the default title, say):
    their rows also show each pair's id, which the coordinator's sources gave it."""
    counts = Counter(pair.record.name for pair in pairs)
    return frozenset(name for name, count in counts.items() if count > 1)


def site_files(pairs: Sequence[PairSummary], unreadable: Sequence[Unreadable],
               settings: ProgrammeSettings, today: date) -> dict[str, str | bytes]:
    """Every generated file of the site by its path (the theme's static files aside)."""
    render = renderer([builtin_theme()], Settings(), today, None)
    context = {
        "programme": settings, "sort_urls": SORT_URLS, "sort_words": SORT_WORDS,
        "totals": totals(pairs), "unreadable": unreadable, "recent_days": RECENT_DAYS,
        "pair_url": pair_url, "site_url": site_url, "alike": alike_names(pairs),
    }
    pages = [
        Page(SORT_URLS[sort], "programme_index.html", settings.title,
             {"sort": sort, "groups": groups(pairs, settings, sort)})
        for sort in SORTS
    ]
    pages += [Page(url, "programme_pair.html", pair.record.name, {"pair": pair})
              for pair in pairs if (url := pair_url(pair))]
    files: dict[str, str | bytes] = {
        page.output_path: render.render(page, context) for page in pages
    }
    files["pairs.csv"] = pairs_csv(ordered(pairs, "health"))
    files["data.json"] = programme_json(pairs, unreadable, settings, today)
    files[".nojekyll"] = ""
    return files


def theme_copies() -> dict[str, Path]:
    """The default theme's static files, by their path in the site."""
    return {f"static/{name}": path for name, path in static_files([builtin_theme()]).items()}


def _cell(value: object) -> str:
    """A CSV cell: numbers as written, text made safe from formula injection."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    text = str(value)
    return "'" + text if text.startswith(CSV_FORMULA_STARTS) else text


CSV_COLUMNS = (
    "id", "name", "cohort", "programme", "mentee", "mentors", "site", "cadence_days",
    "last_checkin", "days_since_checkin", "health", "goals", *GOAL_STATUSES,
    "mean_progress_percent", "goals_at_risk", f"wins_last_{RECENT_DAYS}_days", "checkins",
    "reflections", "evidence", "content_errors",
)


def pairs_csv(pairs: Sequence[PairSummary]) -> str:
    """One row per pair: a ``none`` pair gives only its id and name, a ``summary`` pair no
    people. The id is the coordinator's (made from the source's name, unique, the same from one
    build to the next), so two pairs that go by one name are two rows told apart."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for pair in pairs:
        row = dict.fromkeys(CSV_COLUMNS)
        row.update(id=pair.id, name=pair.record.name, cohort=pair.cohort,
                   programme=pair.record.consent)
        if pair.shared:
            row.update(_counts(pair))
            row["mean_progress_percent"] = (
                None if pair.mean_progress is None else round(pair.mean_progress * 100, 1)
            )
            row[f"wins_last_{RECENT_DAYS}_days"] = len(pair.recent_wins)
        if pair.full:
            record = pair.record
            row.update(mentee=record.mentee, mentors="; ".join(record.mentors),
                       site=site_url(pair))
        writer.writerow([_cell(row[column]) for column in CSV_COLUMNS])
    return out.getvalue()


def _counts(pair: PairSummary) -> dict[str, object]:
    record, health = pair.record, pair.health
    assert health is not None, "a shared pair always has a health"
    return {
        "cadence_days": record.cadence_days,
        "last_checkin": health.last.isoformat() if health.last else None,
        "days_since_checkin": health.days,
        "health": health.state,
        "goals": pair.goals,
        **{status: 0 for status in GOAL_STATUSES},
        **dict(pair.goals_by_status),
        "goals_at_risk": len(pair.at_risk),
        "checkins": record.checkins,
        "reflections": record.reflections,
        "evidence": record.evidence,
        "content_errors": record.errors,
    }


def _pair_json(pair: PairSummary) -> dict[str, Any]:
    record = pair.record
    data: dict[str, Any] = {"id": pair.id, "name": record.name, "programme": record.consent,
                            "cohort": pair.cohort}
    if not pair.shared:
        return data
    health = pair.health
    assert health is not None
    data.update(
        health={"state": health.state, "last_checkin": _iso(health.last),
                "days_since": health.days, "cadence_days": health.cadence_days,
                "allowed_days": health.allowed},
        goals={"total": pair.goals, "by_status": dict(pair.goals_by_status)},
        mean_progress=pair.mean_progress,
        goals_at_risk=len(pair.at_risk),
        wins_recent=len(pair.recent_wins),
        checkins=record.checkins, reflections=record.reflections, evidence=record.evidence,
        content_errors=record.errors,
    )
    if pair.full:
        data.update(
            mentee=record.mentee, mentors=list(record.mentors), site=site_url(pair),
            url=pair_url(pair),
            goal_list=[{"title": g.title, "status": g.status, "progress": g.progress,
                        "due": _iso(g.due), "latest_status": g.latest_status,
                        "url": site_url(pair, g.url or "")} for g in record.goals],
            at_risk_list=[{"title": r.goal.title, "reason": r.reason, "due": _iso(r.goal.due)}
                          for r in pair.at_risk],
            recent_win_list=[{"date": w.date.isoformat(), "kind": w.kind, "text": w.text}
                             for w in pair.recent_wins],
        )
    return data


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def programme_json(pairs: Sequence[PairSummary], unreadable: Sequence[Unreadable],
                   settings: ProgrammeSettings, today: date) -> str:
    """The programme as JSON for other tools: pairs in the front page's order (by health)."""
    document = {
        "generator": {"name": "mentorsite", "version": __version__},
        "programme": {"title": settings.title, "description": settings.description,
                      "built": today.isoformat(), "recent_days": RECENT_DAYS,
                      "cohorts": [cohort.name for cohort in settings.cohorts]},
        "totals": totals(pairs),
        "pairs": [_pair_json(pair) for pair in ordered(pairs, "health")],
        "unreadable": [{"source": u.source, "problem": u.problem} for u in unreadable],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
