"""Judge each pair as of the build day, and order the pairs for each sorted page.

Health follows the pair's own site (:class:`mentorsite.model.insights.Health`): days since the last
check-in against the cadence, with the same grace as ``mentorsite check``. A goal is **at risk**
when it is still open (proposed, active or paused) and either the newest check-in that mentions
it called it at-risk, off-track or blocked, or it is active and past its due date.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from mentorsite.clock import days_from
from mentorsite.model.entries import CLOSED_STATUSES, GOAL_STATUSES, RISKY_STATUSES
from mentorsite.model.field_types import CADENCES
from mentorsite.model.insights import Health
from mentorsite.model.progress import allowed_gap
from mentorsite.programme.pair import GoalFact, PairRecord, WinFact
from mentorsite.slug import alphabetical, kept_slug

RECENT_DAYS = 30
"""Wins dated in this many days up to the build day (today included) are recent."""
DEFAULT_CADENCE = CADENCES["biweekly"]
"""Stands in for a cadence a shared pair's record always has."""
SORTS = ("health", "progress", "name", "risk")
"""The orders the site offers, one page each; ``health`` is the front page."""

Sort = Literal["health", "progress", "name", "risk"]


@dataclass(frozen=True)
class AtRisk:
    """A goal at risk, and why."""

    goal: GoalFact
    reason: str
    """The newest check-in status (``at-risk``, ``off-track``, ``blocked``) or ``past-due``."""


@dataclass(frozen=True)
class PairSummary:
    """One pair as the programme shows it on the build day."""

    id: str
    """Unique within the programme, from the source's name; the pair's page is ``pairs/<id>/``."""
    cohort: str | None
    record: PairRecord
    health: Health | None
    """``None`` when the pair shares nothing (``programme: none``)."""
    goals_by_status: tuple[tuple[str, int], ...]
    """Goal counts in the order of :data:`~mentorsite.model.entries.GOAL_STATUSES`, zeros left
    out."""
    mean_progress: float | None
    """Mean progress of the goals with a known progress, dropped and pivoted goals aside."""
    at_risk: tuple[AtRisk, ...]
    recent_wins: tuple[WinFact, ...]
    """Newest first."""

    @property
    def shared(self) -> bool:
        """False under ``programme: none``: only the name is shown."""
        return self.record.consent != "none"

    @property
    def full(self) -> bool:
        return self.record.consent == "full"

    @property
    def goals(self) -> int:
        return len(self.record.goals)


def summarise(pair_id: str, cohort: str | None, record: PairRecord,
              today: date) -> PairSummary:
    """Judge ``record`` as of ``today``."""
    if record.consent == "none":
        return PairSummary(pair_id, cohort, record, None, (), None, (), ())
    counts = {status: 0 for status in GOAL_STATUSES}
    for goal in record.goals:
        counts[goal.status] = counts.get(goal.status, 0) + 1
    known = [g.progress for g in record.goals
             if g.progress is not None and g.status not in ("dropped", "pivoted")]
    since = days_from(today, 1 - RECENT_DAYS)
    return PairSummary(
        id=pair_id,
        cohort=cohort,
        record=record,
        health=health(record.last_checkin, record.cadence_days or DEFAULT_CADENCE, today),
        goals_by_status=tuple((status, n) for status, n in counts.items() if n),
        mean_progress=sum(known) / len(known) if known else None,
        at_risk=tuple(risk for goal in record.goals if (risk := at_risk(goal, today))),
        recent_wins=tuple(w for w in record.wins if since <= w.date <= today),
    )


def health(last: date | None, cadence_days: int, today: date) -> Health:
    """Check-in health as the pair's own dashboard computes it."""
    allowed = allowed_gap(cadence_days)
    if last is None:
        return Health(None, None, cadence_days, allowed, "none")
    days = (today - last).days
    state: Literal["ok", "due", "overdue"] = (
        "ok" if days <= cadence_days else "due" if days <= allowed else "overdue"
    )
    return Health(last, days, cadence_days, allowed, state)


def at_risk(goal: GoalFact, today: date) -> AtRisk | None:
    """Why ``goal`` is at risk on ``today``, or ``None``."""
    if goal.status in CLOSED_STATUSES:
        return None
    if goal.latest_status in RISKY_STATUSES:
        return AtRisk(goal, goal.latest_status)
    if goal.status == "active" and goal.due is not None and goal.due < today:
        return AtRisk(goal, "past-due")
    return None


_HEALTH_RANK = {"overdue": 0, "none": 1, "due": 2, "ok": 3}


_NameKey = tuple[tuple[str, str], str]
"""A pair's place A to Z (:func:`~mentorsite.slug.alphabetical`), then by id."""


def _name_key(pair: PairSummary) -> _NameKey:
    return (alphabetical(pair.record.name), pair.id)


def _health_key(pair: PairSummary) -> tuple[int, float, _NameKey]:
    """Most overdue first: by state, then by the share of the allowed gap already used."""
    found = pair.health
    if found is None:
        return (len(_HEALTH_RANK), 0.0, _name_key(pair))
    used = (found.days or 0) / found.allowed
    return (_HEALTH_RANK[found.state], -used, _name_key(pair))


def _progress_key(pair: PairSummary) -> tuple[int, float, _NameKey]:
    """Lowest mean progress first (who may need help); unknown, then not shared, last."""
    if pair.mean_progress is None:
        return (1 if pair.shared else 2, 0.0, _name_key(pair))
    return (0, pair.mean_progress, _name_key(pair))


def _risk_key(pair: PairSummary) -> tuple[int, int, tuple[int, float, _NameKey]]:
    """Most goals at risk first; ties by health."""
    return (0 if pair.shared else 1, -len(pair.at_risk), _health_key(pair))


def _by_name_key(pair: PairSummary) -> tuple[int, _NameKey]:
    """A to Z; pairs that share nothing last, as in every order."""
    return (0 if pair.shared else 1, _name_key(pair))


_KEYS: dict[str, Callable[[PairSummary], Any]] = {
    "health": _health_key,
    "progress": _progress_key,
    "name": _by_name_key,
    "risk": _risk_key,
}


def ordered(pairs: Sequence[PairSummary], sort: str) -> list[PairSummary]:
    """``pairs`` in the order of ``sort`` (one of :data:`SORTS`)."""
    return sorted(pairs, key=_KEYS[sort])


def pair_ids(sources: Sequence[tuple[str, str]]) -> list[str]:
    """A URL-safe id for each ``(name, path)`` source, unique, and the same whatever order the
    sources come in: a name's plain id goes to its source first by path, and the others of
    that name get ``-2``, ``-3`` … by path, skipping any id a source's own name gives it."""
    bases = [_id_base(name) for name, _ in sources]
    order = sorted(range(len(sources)), key=lambda i: (bases[i], sources[i][1]))
    ids: dict[int, str] = {}
    taken: set[str] = set()
    for i in order:
        if bases[i] not in taken:
            ids[i] = bases[i]
            taken.add(bases[i])
    for i in order:
        if i in ids:
            continue
        number = 2
        while f"{bases[i]}-{number}" in taken:
            number += 1
        ids[i] = f"{bases[i]}-{number}"
        taken.add(ids[i])
    return [ids[i] for i in range(len(sources))]


def _id_base(name: str) -> str:
    """A source's name as a slug, as ``new`` makes a file's name of a title (a Cyrillic or
    Greek folder romanised), uncut so that a long name keeps its id; ``pair`` when nothing of
    it is left (a Chinese folder's)."""
    return kept_slug(name, max_length=None) or "pair"
