"""What the git log means for the site: file histories, goal revisions, review sessions.

Works on the :class:`~mentorsite.history.GitLog` alone (no git runs here). Files are followed
across renames; a file that is private now, or was private in any revision, is dropped with
every revision of it before anything else looks at the log, and a commit left with no public
change disappears.
"""

from __future__ import annotations

import difflib
import heapq
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from mentorsite.commits import Commit, FileChange, GitLog
from mentorsite.frontmatter import normalise, split

GOALS = "content/goals/"
"""Where goals are, from the source folder: the files with revision pages."""
_PRIVATE_LINE = re.compile(r"^private\s*:\s*(true|yes|on)\s*$", re.IGNORECASE | re.MULTILINE)
_SQUASH = re.compile(r"^(?P<title>.*?)\s*\(#(?P<number>\d+)\)$")
_MERGE_PR = re.compile(r"^Merge pull request #(?P<number>\d+)\b")


@dataclass(frozen=True)
class Version:
    """A file's text at one commit: front matter and body, as far as they could be read."""

    meta: Mapping[str, Any]
    body: str


@dataclass(frozen=True)
class FieldChange:
    """One change of meaning: ``metrics.confidence.target: 4 → 5``."""

    field: str
    before: str | None
    """None when the field was added."""
    after: str | None
    """None when the field was removed."""


REMEMBERED = 256
"""File versions, and comparisons of two, that a process keeps at once (of each): enough for a
page to find again what it asks for several times, and a version for the next revision of its
file on a nearby page, few enough that rendering thousands of commit pages does not keep every
old version of the site with its diff (a third of what a render worker held)."""

K = TypeVar("K")
V = TypeVar("V")


class _Versions:
    """File versions by blob id, and what changed between two of them, each worked out when
    asked for; the latest :data:`REMEMBERED` are kept, as the same ones are asked for again
    soon (a version is the "after" of one revision and the "before" of the next).

    The versions in ``shown_again`` (a goal's: its revisions are on its page, on their own
    pages and on their commits' pages, far apart in a build) and what is worked out from them
    are kept for good: each is read, compared and diffed once. They are few.
    """

    def __init__(self, blob: Callable[[str], bytes | None],
                 shown_again: frozenset[str] = frozenset()) -> None:
        self.blob = blob
        self.shown_again = shown_again
        self.read: dict[str, Version | None] = {}
        self.flat: dict[str, dict[str, str]] = {}
        self.changes: dict[tuple[str | None, str | None], tuple[FieldChange, ...]] = {}
        self.diffs: dict[tuple[str | None, str | None], tuple[str, ...]] = {}
        self.kept: dict[tuple[int, object], Any] = {}
        """What is worked out from the versions in ``shown_again``, by (the memo it would
        be in otherwise, its key there)."""

    def _get(self, memo: dict[K, V], key: K, make: Callable[[], V], *blobs: str | None) -> V:
        """``memo[key]`` as :func:`_remembered` keeps it, or kept for good when one of
        ``blobs`` is shown again."""
        if not any(blob in self.shown_again for blob in blobs):
            return _remembered(memo, key, make)
        where = (id(memo), key)
        if where not in self.kept:
            self.kept[where] = make()
        found: V = self.kept[where]
        return found

    def __call__(self, blob: str | None) -> Version | None:
        if blob is None:
            return None
        return self._get(self.read, blob, lambda: read_version(self.blob(blob)), blob)

    def flattened(self, blob: str | None) -> Mapping[str, str]:
        """Version ``blob``'s front matter as :func:`meaning` compares it (None: no file),
        worked out once for both revisions the version is part of."""
        if blob is None:
            return {}

        def flatten() -> dict[str, str]:
            version = self(blob)
            return _flatten(version.meta) if version else {}

        return self._get(self.flat, blob, flatten, blob)

    def changed(self, old: str | None, new: str | None) -> tuple[FieldChange, ...]:
        """The field changes from version ``old`` to ``new`` (None: no file)."""
        return self._get(self.changes, (old, new),
                         lambda: tuple(_changes(self.flattened(old), self.flattened(new))),
                         old, new)

    def diff(self, old: str | None, new: str | None) -> tuple[str, ...]:
        """The body's diff lines from version ``old`` to ``new``."""
        return self._get(self.diffs, (old, new),
                         lambda: tuple(body_diff(self(old), self(new))), old, new)


def _remembered(memo: dict[K, V], key: K, make: Callable[[], V]) -> V:
    """``memo[key]``, made when missing; past :data:`REMEMBERED` entries the least recently
    asked for goes."""
    if key in memo:
        value = memo[key] = memo.pop(key)  # now the most recent
        return value
    value = memo[key] = make()
    if len(memo) > REMEMBERED:
        del memo[next(iter(memo))]
    return value


@dataclass(frozen=True)
class Revision:
    """One commit's change to one file.

    What it means (``before``, ``after``, ``changes``, ``diff``) is worked out when asked for
    and not kept on the revision: most revisions are only shown on their commit page, which is
    rendered in a worker process, so reading thousands of old versions is shared among the
    cores, and no worker holds them all once its pages are written.
    """

    commit: Commit
    status: str
    path: str
    old_path: str | None
    old_blob: str | None
    new_blob: str | None
    versions: _Versions = field(repr=False, compare=False)

    @property
    def before(self) -> Version | None:
        return self.versions(self.old_blob)

    @property
    def after(self) -> Version | None:
        return self.versions(self.new_blob)

    @property
    def changes(self) -> tuple[FieldChange, ...]:
        return self.versions.changed(self.old_blob, self.new_blob)

    @property
    def diff(self) -> tuple[str, ...]:
        """Unified diff lines of the body."""
        return self.versions.diff(self.old_blob, self.new_blob)


@dataclass(frozen=True)
class FileHistory:
    """Every public revision of one file, newest first, following renames."""

    path: str
    """Its path now (or when it was deleted)."""
    revisions: tuple[Revision, ...]
    reviews: tuple[tuple[str, date], ...]
    """(reviewer, date) from commit trailers and pull-request merges."""

    @property
    def created(self) -> Revision:
        return self.revisions[-1]

    @property
    def updated(self) -> Revision:
        return self.revisions[0]


@dataclass(frozen=True)
class Session:
    """A review session: a merged pull request, or one direct commit."""

    number: int | None
    title: str
    commits: tuple[Commit, ...]
    """Newest first; the merge commit (if any) is first."""

    @property
    def date(self) -> datetime:
        return self.commits[0].date


@dataclass(frozen=True)
class Evolution:
    """The published history of the repository."""

    commits: tuple[Commit, ...]
    """Commits with at least one public change, newest first, changes filtered."""
    files: Mapping[str, FileHistory]
    """By the file's current (or last) path."""
    sessions: tuple[Session, ...]
    revisions_by_commit: Mapping[str, tuple[Revision, ...]]
    uncommitted: frozenset[str]
    shallow: bool
    problem: str | None
    withheld: frozenset[str] = frozenset()
    """Paths left out as private, now or in any revision (also kept out of ``uncommitted``)."""


def evolution(log: GitLog, private_now: Iterable[str]) -> Evolution:
    """Interpret ``log``; ``private_now`` are the paths marked private in the working tree."""
    identities = _identities(log.commits)
    private = set(private_now)
    marked: dict[str, bool] = {}  # a version is the new one of a change, the old of the next

    def is_marked(blob: str) -> bool:
        if blob not in marked:
            marked[blob] = is_private_text(log.blob(blob))
        return marked[blob]

    for commit in log.commits:
        for change in commit.changes:
            if any(is_marked(b) for b in (change.old_blob, change.new_blob) if b):
                private.add(identities[(commit.sha, change.path)])
    versions = _Versions(log.blob, _goal_blobs(log.commits, identities, private))
    revisions: dict[str, list[Revision]] = {}
    by_commit: dict[str, list[Revision]] = {}
    kept: list[Commit] = []
    for commit in log.commits:
        if log.shallow and not commit.parents:
            continue  # the clone's cut-off: it would show every file as added right there
        public = [c for c in commit.changes if identities[(commit.sha, c.path)] not in private]
        if not public and commit.changes:
            continue
        commit_public = _with_changes(commit, public)
        if public or len(commit.parents) > 1:
            kept.append(commit_public)
        for change in public:
            revision = Revision(commit_public, change.status, change.path, change.old_path,
                                change.old_blob, change.new_blob, versions)
            revisions.setdefault(identities[(commit.sha, change.path)], []).append(revision)
            by_commit.setdefault(commit.sha, []).append(revision)
    sessions = _sessions(kept)
    reviews = _reviews(sessions, identities)
    files = {
        path: FileHistory(path, tuple(revs), tuple(reviews.get(path, ())))
        for path, revs in revisions.items()
    }
    return Evolution(
        commits=tuple(c for c in kept if c.changes),
        files=files,
        sessions=sessions,
        revisions_by_commit={sha: tuple(revs) for sha, revs in by_commit.items()},
        uncommitted=frozenset(p for p in log.uncommitted if p not in private),
        shallow=log.shallow,
        problem=log.problem,
        withheld=frozenset(private),
    )


def _goal_blobs(commits: tuple[Commit, ...], identities: Mapping[tuple[str, str], str],
                private: set[str]) -> frozenset[str]:
    """The versions of public goals: each is shown on several pages far apart in a build."""
    return frozenset(
        blob for commit in commits for change in commit.changes
        if identities[(commit.sha, change.path)].startswith(GOALS)
        and identities[(commit.sha, change.path)] not in private
        for blob in (change.old_blob, change.new_blob) if blob
    )


def _with_changes(commit: Commit, changes: list[FileChange]) -> Commit:
    if len(changes) == len(commit.changes):
        return commit
    return Commit(
        commit.sha, commit.parents, commit.author, commit.email, commit.date, commit.subject,
        commit.body, commit.reviewers, tuple(changes),
    )


def _identities(commits: tuple[Commit, ...]) -> dict[tuple[str, str], str]:
    """(commit, path then) → the file's path now, walking back from the newest commit."""
    alias: dict[str, str] = {}
    found: dict[tuple[str, str], str] = {}
    for commit in commits:
        for change in commit.changes:
            identity = alias.get(change.path, change.path)
            found[(commit.sha, change.path)] = identity
            if change.status == "R" and change.old_path:
                alias.pop(change.path, None)
                alias[change.old_path] = identity
            elif change.status == "A":
                alias.pop(change.path, None)
            else:
                alias[change.path] = identity
    return found


def is_private_text(blob: bytes | None) -> bool:
    """Whether a file version is marked private, even when its front matter is broken."""
    if not blob or b"private" not in blob:
        return False  # most versions never mention it: no need to read their YAML
    text = normalise(blob.decode("utf-8", "replace"))
    front = split(text)
    if not front.problems:
        return front.meta.get("private") is True
    head = text.split("\n---", 1)[0]
    return bool(_PRIVATE_LINE.search(head))


def read_version(blob: bytes | None) -> Version | None:
    """A file version's front matter and body; unreadable front matter counts as empty."""
    if blob is None:
        return None
    front = split(normalise(blob.decode("utf-8", "replace")))
    return Version(front.meta if not front.problems else {}, front.body)


def body_diff(before: Version | None, after: Version | None) -> list[str]:
    """Unified diff lines (without file headers) between two bodies."""
    old = before.body.splitlines() if before else []
    new = after.body.splitlines() if after else []
    if old == new:
        return []
    if not old or not new:  # a file added or emptied: one hunk of every line, nothing to match
        return [f"@@ -{_range(len(old))} +{_range(len(new))} @@",
                *(f"-{line}" for line in old), *(f"+{line}" for line in new)]
    return list(difflib.unified_diff(old, new, lineterm="", n=2))[2:]


def _range(length: int) -> str:
    """A hunk header's range of a whole side of ``length`` lines, as difflib writes it."""
    return "0,0" if length == 0 else "1" if length == 1 else f"1,{length}"


def meaning(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    """Field-by-field changes, with lists of mappings keyed by their ``id`` or ``title``."""
    return _changes(_flatten(old), _flatten(new))


def _changes(old: Mapping[str, str], new: Mapping[str, str]) -> list[FieldChange]:
    """What :func:`meaning` finds, from both sides flattened: the fields of ``old`` in order,
    then those only ``new`` has."""
    changes = []
    for key, before in old.items():
        after = new.get(key)
        if before != after:
            changes.append(FieldChange(key, before, after))
    changes.extend(FieldChange(key, None, after) for key, after in new.items() if key not in old)
    return changes


def _flatten(value: Any, prefix: str = "", into: dict[str, str] | None = None
             ) -> dict[str, str]:
    """``value`` as dotted field names → shown values, written into ``into`` (one dict for
    the whole walk, not one per level)."""
    flat: dict[str, str] = {} if into is None else into
    if isinstance(value, Mapping):
        for key, item in value.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if type(item) is str:
                flat[name] = item
            else:
                _flatten(item, name, flat)
    elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
        for index, item in enumerate(value):
            _flatten(item, f"{prefix}.{item.get('id') or item.get('title') or index}", flat)
    else:
        flat[prefix] = _show(value)
    return flat


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_show(v) for v in value) if value else "[]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return "null" if value is None else str(value)


def _sessions(commits: list[Commit]) -> tuple[Session, ...]:
    """Merged pull requests (merge or squash commits) as one session; other commits alone."""
    by_sha = {c.sha: c for c in commits}
    order = {c.sha: index for index, c in enumerate(commits)}
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
                sessions.append(Session(number, title, tuple(members)))
        else:
            squash = _SQUASH.match(commit.subject)
            if squash:
                sessions.append(
                    Session(int(squash["number"]), squash["title"], (commit,))
                )
            else:
                sessions.append(Session(None, commit.subject, (commit,)))
    return tuple(sessions)


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
    title = merge.body.strip().split("\n", 1)[0].strip()
    return int(match["number"]), title or merge.subject


def _reviews(
    sessions: tuple[Session, ...], identities: Mapping[tuple[str, str], str]
) -> dict[str, list[tuple[str, date]]]:
    """Who reviewed which file: trailers on a commit, or the merge of its pull request.

    Nobody reviews their own commit: the merger of their own pull request does not count.
    """
    found: dict[str, list[tuple[str, date]]] = {}
    for session in sessions:
        merge = session.commits[0] if len(session.commits[0].parents) > 1 else None
        for commit in session.commits:
            names = list(commit.reviewers)
            if merge is not None and commit is not merge:
                names += [merge.author, *merge.reviewers]
            for change in commit.changes:
                identity = identities[(commit.sha, change.path)]
                for name in dict.fromkeys(names):
                    if name != commit.author:
                        found.setdefault(identity, []).append((name, commit.date.date()))
    return found
