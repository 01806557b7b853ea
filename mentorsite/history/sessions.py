"""Review sessions: a merged pull request (a merge commit with the commits only its branch
holds, or a squash merge) as one :class:`Session`, any other commit alone, and who reviewed
what (:func:`reviews_of`: trailers, and the merge of a pull request)."""

from __future__ import annotations

import heapq
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import NamedTuple

from mentorsite.history.commits import Commit

_MERGE_PR = re.compile(r"^Merge pull request #(?P<number>\d+)\b")
_TRAILER = re.compile(r"[ \t]*[A-Za-z][\w-]*-by:", re.IGNORECASE)
"""A sign-off line (``Reviewed-by:``, ``Co-authored-by:``), which is no pull request's title."""


class Session(NamedTuple):
    """A review session: a merged pull request, or one direct commit (a named tuple, as
    :class:`~mentorsite.history.evolution.Revision` is: one for nearly every commit)."""

    number: int | None
    title: str
    commits: tuple[Commit, ...]
    """Newest first; the merge commit (if any) is first."""

    @property
    def date(self) -> datetime:
        return self.commits[0].date

    @property
    def reviewed_by(self) -> tuple[str, ...]:
        """Everyone who reviewed a change of the session, as its entries' pages count them:
        a mentor who merged a pull request without a trailer reviewed it there ("Reviewed
        by" her), while the history showed only "Merge pull request #3 … by" her."""
        return tuple(dict.fromkeys(name for commit in self.commits
                                   for name, _ in reviews_of(self, commit)))


def reviews_of(session: Session, commit: Commit) -> list[tuple[str, date]]:
    """Who reviewed ``commit`` of ``session``, and on which day: its trailers, on its day,
    and the merge of its pull request (its author and trailers), on the day it was merged.
    Nobody reviews their own commit: the merger of their own pull request does not count."""
    first = session.commits[0]
    merged = len(first.parents) > 1 and commit is not first
    if not commit.reviewers and not merged:  # most commits: nobody to list
        return []
    given = [(name, commit.date.date()) for name in commit.reviewers]
    if merged:
        given += [(name, first.date.date()) for name in (first.author, *first.reviewers)]
    return [(name, day) for name, day in given if name != commit.author]



def _squashed(subject: str) -> tuple[int, str] | None:
    """The pull request's number and title in a squash merge's subject (``Title (#12)``), as
    GitHub writes it; None in any other. Read from its end, not by a pattern that tried every
    length of title against a run of spaces before the ``(#``."""
    if not subject.endswith(")"):  # most subjects: nothing to take apart
        return None
    title, mark, number = subject.rpartition("(#")
    number = number.removesuffix(")")
    if not mark or not (number.isascii() and number.isdigit()):
        return None
    return int(number), title.rstrip()


def sessions_of(commits: list[Commit], walked: tuple[Commit, ...]) -> tuple[Session, ...]:
    """Merged pull requests (merge or squash commits) as one session; other commits alone.

    A branch is walked through every commit of the log (``walked``, children first), those
    left out as private too: walked through the shown ones alone, a pull request whose last
    commit changed only private files had lost its way back to its public commits, which
    were listed each alone, not under the request."""
    by_sha = {c.sha: c for c in walked}
    order = {c.sha: index for index, c in enumerate(walked)}
    claimed: dict[str, str] = {}
    for commit in commits:
        if len(commit.parents) > 1:
            for sha in _only_in_branch(commit, by_sha, order):
                claimed.setdefault(sha, commit.sha)
    branches: dict[str, list[Commit]] = {}
    for commit in commits:
        if commit.sha in claimed:
            branches.setdefault(claimed[commit.sha], []).append(commit)
    sessions = []
    for commit in commits:
        if commit.sha in claimed:
            continue
        if len(commit.parents) > 1:
            members = [commit, *branches.get(commit.sha, ())]
            number, title = _pull_request(commit)
            if len(members) > 1:
                sessions.append(Session(number, _titled(title, number, commit), tuple(members)))
        else:
            squash = _squashed(commit.subject)
            if squash:
                sessions.append(Session(squash[0], squash[1], (commit,)))
            else:
                sessions.append(Session(None, _titled(commit.subject, None, commit), (commit,)))
    return tuple(sessions)


def _titled(title: str, number: int | None, commit: Commit) -> str:
    """A session's title, or where it has none (``git commit --allow-empty-message``, a merge
    whose message was emptied) and no number to go by, its commit's short id, as the commit's
    own page is titled: the history listed such a commit as a link with no text, which no one
    could see or click and a screen reader read as a bare link."""
    return title if title.strip() or number is not None else commit.sha[:7]


_MAINLINE, _BRANCH = 1, 2


def _only_in_branch(
    merge: Commit, by_sha: Mapping[str, Commit], order: Mapping[str, int]
) -> list[str]:
    """Commits reachable from the merged branch but not from the first parent (in the log).

    Both sides are walked at once, newest first in ``order`` (children before parents), so a
    commit's marks are final when it is reached; the walk stops once no commit still to visit
    is on the branch side alone. It costs the branch and the mainline since the fork, not the
    whole history for every merge.
    """
    marks: dict[str, int] = {}
    queue: list[tuple[int, str]] = []
    branch_only: set[str] = set()  # queued commits marked from the branch side alone

    def mark(sha: str, side: int) -> None:
        if sha not in by_sha:
            return
        before = marks.get(sha, 0)
        if before | side == before:
            return
        marks[sha] = before | side
        if not before:
            heapq.heappush(queue, (order[sha], sha))
        if marks[sha] == _BRANCH:
            branch_only.add(sha)
        else:
            branch_only.discard(sha)

    mark(merge.parents[0], _MAINLINE)
    for parent in merge.parents[1:]:
        mark(parent, _BRANCH)
    found = []
    while queue and branch_only:
        _, sha = heapq.heappop(queue)
        branch_only.discard(sha)
        if marks[sha] == _BRANCH:
            found.append(sha)
        for parent in by_sha[sha].parents:
            mark(parent, marks[sha])
    return found


def _pull_request(merge: Commit) -> tuple[int | None, str]:
    match = _MERGE_PR.match(merge.subject)
    if not match:
        return None, merge.subject
    title = next((line.strip() for line in merge.body.splitlines()
                  if line.strip() and not _TRAILER.match(line)), "")
    return int(match["number"]), title or merge.subject


def reviews_by_file(
    sessions: tuple[Session, ...], identities: Mapping[tuple[str, str], str]
) -> dict[str, list[tuple[str, date]]]:
    """Who reviewed which file, newest first (:func:`reviews_of`).

    Each reviewer once per file, on their latest review: a pull request of several commits
    to one file is one review, not one per commit dated before it was given.
    """
    found: dict[str, dict[str, date]] = {}
    for session in sessions:
        for commit in session.commits:
            given = reviews_of(session, commit)
            if not given:  # most commits: no file needs an entry for them
                continue
            for change in commit.changes:
                latest = found.setdefault(identities[(commit.sha, change.path)], {})
                for name, day in given:
                    if day > latest.get(name, date.min):
                        latest[name] = day
    return {identity: sorted(latest.items(), key=lambda review: review[1], reverse=True)
            for identity, latest in found.items() if latest}
