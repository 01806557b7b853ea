"""The published view of a mentorship: everything marked ``private: true`` taken out (SPEC §6).

Applied once, before anything is rendered, so no later stage can leak what it never sees: a
private entry disappears, and so does every trace of a private goal in public entries (its
readings, its notes, its name in a reflection's or evidence's goal list, a pivot to it).
"""

from __future__ import annotations

from collections.abc import Set
from typing import TypeVar

from mentorsite.model.entries import CheckIn, Evidence, Goal, Mentorship, Reflection

E = TypeVar("E", Reflection, Evidence)
P = TypeVar("P", Goal, CheckIn, Reflection, Evidence)


def published(model: Mentorship, withheld: Set[str] = frozenset()) -> Mentorship:
    """``model`` without private entries and without references to private goals.

    ``withheld``: paths left out as if they were private here too: ``review`` compares two
    versions of the content, and a file private at the head must not show on the base side.
    """

    def public(entries: tuple[P, ...]) -> list[P]:
        return [e for e in entries if not e.private and e.file.path not in withheld]

    goals = public(model.goals)
    public_ids = {goal.id for goal in goals}
    return Mentorship(
        settings=model.settings,
        goals=tuple(_goal(g, public_ids) for g in goals),
        checkins=tuple(_checkin(c, public_ids) for c in public(model.checkins)),
        reflections=tuple(_refs(r, public_ids) for r in public(model.reflections)),
        evidence=tuple(_refs(e, public_ids) for e in public(model.evidence)),
    )


def _goal(goal: Goal, public_ids: set[str]) -> Goal:
    if goal.pivoted_to is None or goal.pivoted_to in public_ids:
        return goal
    return goal.model_copy(update={"pivoted_to": None})


def _checkin(checkin: CheckIn, public_ids: set[str]) -> CheckIn:
    if public_ids.issuperset(checkin.goals):
        return checkin
    goals = {gid: about for gid, about in checkin.goals.items() if gid in public_ids}
    return checkin.model_copy(update={"goals": goals})


def _refs(entry: E, public_ids: set[str]) -> E:
    """The entry itself when it names no private goal (``serve`` relies on getting the same
    object back for an entry that did not change), else a copy without them."""
    update: dict[str, object] = {}
    if not public_ids.issuperset(entry.goals):
        update["goals"] = tuple(g for g in entry.goals if g in public_ids)
    if isinstance(entry, Reflection) and entry.goal is not None and entry.goal not in public_ids:
        update["goal"] = None
    return entry.model_copy(update=update) if update else entry
