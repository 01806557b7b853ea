"""``data.json``: the published model with computed progress and series, for other tools."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from mentorsite import __version__
from mentorsite.history.commits import Commit
from mentorsite.history.evolution import Evolution
from mentorsite.kept_in_file import KeptInFile, size_of
from mentorsite.model.entries import CheckIn, Evidence, Reflection
from mentorsite.model.insights import GoalView, Insights, url_of

_NOT_PUBLISHED = {"file", "private"}


def _fields(entry: BaseModel) -> dict[str, Any]:
    """An entry's front matter as JSON values (dates as ISO text, ``if`` by its own name)."""
    return entry.model_dump(mode="json", by_alias=True, exclude=_NOT_PUBLISHED)


def _goal(view: GoalView) -> dict[str, Any]:
    goal = view.goal
    data = _fields(goal)
    data.update(
        id=goal.id,
        url=view.url,
        progress=view.progress,
        latest_status=view.latest_status,
        metrics=[
            {
                **_fields(m.metric),
                "direction": m.metric.better,
                "latest": m.latest,
                "progress": m.progress,
                "series": [
                    {"date": _iso_day(r.date), "value": r.value, "checkin": r.checkin}
                    for r in m.series
                ],
            }
            for m in view.metrics
        ],
    )
    return data


@lru_cache(maxsize=16384)
def _iso_day(day: date) -> str:
    """A reading's day as ISO text; remembered, as a goal's metrics are read on the same days
    (14,583 readings of 3,500 days on the 5,000-file benchmark corpus) and ``isoformat`` goes
    through C's ``sprintf``."""
    return day.isoformat()


def _sessions(changes: Evolution) -> dict[str, int | None]:
    return {
        commit.sha: session.number for session in changes.sessions for commit in session.commits
    }


def _commit(commit: Commit, pull_request: int | None) -> dict[str, Any]:
    return {
        "sha": commit.sha,
        "date": commit.date.isoformat(),
        "author": commit.author,
        "subject": commit.subject,
        "files": [change.path for change in commit.changes],
        "pull_request": pull_request,
        "reviewed_by": list(commit.reviewers),
    }


def _file_history(changes: Evolution | None, path: str) -> dict[str, Any]:
    """``created``, ``updated`` and ``reviewed_by`` of one entry (null without history;
    ``created`` also when a shallow clone does not reach back to it)."""
    history = changes.files.get(path) if changes else None
    if history is None:
        return {"created": None, "updated": None, "reviewed_by": [],
                "uncommitted": bool(changes and path in changes.uncommitted)}

    def stamp(commit: Commit) -> dict[str, str]:
        return {"date": commit.date.isoformat(), "author": commit.author, "sha": commit.sha}

    created = history.created
    return {
        "created": stamp(created.commit) if created else None,
        "updated": stamp(history.updated.commit),
        "reviewed_by": [{"name": name, "date": day.isoformat()} for name, day in history.reviews],
        "uncommitted": path in changes.uncommitted if changes else False,
    }


class Pieces(KeptInFile):
    """Where each item of the last ``data.json`` lies in the file written, read again from
    there while what it was made from is the same (``serve`` makes the file again after every
    edit, with one item changed). The items' text was kept instead: 7.8 MiB on the 5,000-file
    benchmark corpus, for as long as serve ran, under every rebuild's peak."""

    def item(self, key: tuple[str, str], sources: tuple[object, ...],
             make: Callable[..., Any], *args: Any) -> str:
        """``make(*args)`` as it appears in a list of the document; ``key`` names the item,
        ``sources`` are what it is made from."""
        return self.get(key, sources, _encoded_made, make, *args)

    def entries(self, key: str, entries: Sequence[CheckIn | Reflection | Evidence],
                changes: Evolution | None) -> Iterator[str]:
        """The array of one kind's entries, each item read again while its entry and history
        are the same (keyed by path: no slug to work out, for thousands of items; compared
        as :meth:`get` does, without a call per item)."""
        files = changes.files if changes else {}
        uncommitted = changes.uncommitted if changes else frozenset()
        last, now, read = self._last, self._now, self._read
        yield "["
        for index, entry in enumerate(entries):
            if index:
                yield ","  # before the item is made: counted, it tells where the item lies
            path = entry.file.path
            sources = (entry, files.get(path), path in uncommitted)
            hit = last.get(path)
            text = read(hit) if hit is not None and hit[0] == sources else None
            if text is None:
                text = _encoded(_entry_item(key, entry, changes))
                now[path] = (sources, self._at, size_of(text))
            else:
                now[path] = (sources, self._at, hit[2])  # type: ignore[index]
            yield text
        yield "]"


def _made_in_turn(makers: Iterable[Callable[[], str]]) -> Iterator[str]:
    """``[item,item…]`` as :func:`_array`, each item made only once the comma before it is
    taken (:meth:`Pieces.parts` then knows where it lies)."""
    yield "["
    for index, make in enumerate(makers):
        if index:
            yield ","
        yield make()
    yield "]"


def _encoded_made(make: Callable[..., Any], *args: Any) -> str:
    return _encoded(make(*args))


def _goal_item(view: GoalView, changes: Evolution | None) -> dict[str, Any]:
    return {**_goal(view), **_file_history(changes, view.goal.file.path)}


def _entry_item(
    key: str, entry: CheckIn | Reflection | Evidence, changes: Evolution | None
) -> dict[str, Any]:
    item = {"slug": entry.slug, "url": url_of(key, entry.slug), **_fields(entry)}
    if isinstance(entry, Reflection):
        item["goals"] = list(entry.goal_ids)
    return {**item, **_file_history(changes, entry.file.path)}


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
"""Made once: ``json.dumps`` with these options makes an encoder for every item. Without the
check for circular references, which notes and drops every list and dict as it goes: what it
encodes are trees made here, never circular."""


def _encoded(value: Any) -> str:
    """``value`` as JSON, compact: only then does the json module use its C encoder (an
    indented dump of a 5,000-file site takes five times as long, all of it before the pages can
    render)."""
    return _ENCODER.encode(value)


def _array(items: Iterable[str]) -> Iterator[str]:
    """``[item,item…]``, a part at a time: each item as it is (a kept one is not copied to
    put a comma before it), and the commas between them."""
    yield "["
    for index, text in enumerate(items):
        if index:
            yield ","
        yield text
    yield "]"


Item = Callable[..., str]
"""Encodes one item of a list: ``item(key, sources, make, *args)``."""


def _history_items(changes: Evolution | None) -> Iterator[str]:
    """The items of the ``history`` array, newest commit first."""
    sessions = _sessions(changes) if changes else {}
    for commit in changes.commits if changes else ():
        yield _encoded(_commit(commit, sessions.get(commit.sha)))


def _history_makers(changes: Evolution | None, item: Item) -> Iterator[Callable[[], str]]:
    """What makes each item of the ``history`` array, newest commit first."""
    sessions = _sessions(changes) if changes else {}
    for commit in changes.commits if changes else ():
        session = sessions.get(commit.sha)
        yield functools.partial(item, ("history", commit.sha), (commit, session),
                                _commit, commit, session)


def data_json_parts(
    insights: Insights, changes: Evolution | None = None, pieces: Pieces | None = None
) -> Iterator[str]:
    """The whole published model as one JSON document (SPEC §5), in parts, in order, each made
    only when the one before was taken (``pieces`` finds the items of the document it made
    last in the file written, for ``serve``): a build writes them as they come, so a large
    site's document is never whole in memory (it was its biggest value while made)."""
    if pieces is None:
        return _parts(insights, changes)
    return pieces.parts(_parts(insights, changes, pieces))


def _parts(
    insights: Insights, changes: Evolution | None = None, pieces: Pieces | None = None
) -> Iterator[str]:
    model = insights.model
    yield "{" + ",".join(f"{json.dumps(key)}:{_encoded(value)}"
                         for key, value in _head(insights).items())
    yield ',"goals":'
    if pieces is None:
        yield from _array(_encoded(_goal_item(view, changes)) for view in insights.goals)
    else:
        yield from _made_in_turn(_goal_makers(insights, changes, pieces))
    for key, entries in (("checkins", model.checkins), ("reflections", model.reflections),
                         ("evidence", model.evidence)):
        yield f",{json.dumps(key)}:"
        if pieces is not None:
            yield from pieces.entries(key, entries, changes)
        else:  # nothing kept: no sources to gather for each of thousands of items
            yield from _array(_encoded(_entry_item(key, entry, changes)) for entry in entries)
    yield ',"history":'
    if pieces is not None:
        # Read again whole while the commits are (HEAD has not moved).
        yield from pieces.whole(("history", ""), (changes.commits, changes.sessions)
                                if changes else (), lambda: _made_in_turn(
                                    _history_makers(changes, pieces.item)))
    else:
        yield from _array(_history_items(changes))
    yield "}\n"


def _goal_makers(insights: Insights, changes: Evolution | None,
                 pieces: Pieces) -> Iterator[Callable[[], str]]:
    """What makes each item of the ``goals`` array, or reads it again."""
    def history(path: str) -> tuple[object, ...]:
        return (changes.files.get(path), path in changes.uncommitted) if changes else (None,)

    for view in insights.goals:
        sources = (view.goal, view.progress, view.latest_status, view.metrics,
                   *history(view.goal.file.path))
        yield functools.partial(pieces.item, ("goals", view.goal.id), sources, _goal_item,
                                view, changes)


def _head(insights: Insights) -> dict[str, Any]:
    """The document's first members: who made it, the site and its health."""
    settings = insights.model.settings
    health = insights.health
    return {
        "generator": {"name": "mentorsite", "version": __version__},
        "site": {
            "title": settings.title,
            "mentee": settings.mentee,
            "mentors": list(settings.mentors),
            "cadence": settings.cadence,
            "cadence_days": settings.cadence_days,
            "base_url": settings.base_url,
            "programme": settings.programme,
            "language": settings.language,
            "built": insights.today.isoformat(),
        },
        "health": {
            "last_checkin": health.last.isoformat() if health.last else None,
            "days_since": health.days,
            "allowed_days": health.allowed,
            "state": health.state,
        },
    }
