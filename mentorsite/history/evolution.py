"""What the git log means for the site: file histories, goal revisions, review sessions (made
by :mod:`~mentorsite.history.sessions`).

Works on the :class:`~mentorsite.history.commits.GitLog` alone (no git runs here). Files are
followed across renames; a file that is private now, or was private in any revision, is dropped with
every revision of it before anything else looks at the log, and a commit left with no public
change disappears. So is every change to a file that is no entry (an attachment, an editor's
swap file committed by mistake): no front matter says whether it is private.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple
from zoneinfo import ZoneInfo

from mentorsite.clock import zone_of
from mentorsite.history.commits import Commit, FileChange, GitLog
from mentorsite.history.field_changes import FieldChange
from mentorsite.history.private_versions import is_private_front, is_private_text
from mentorsite.history.sessions import Session, reviews_by_file, sessions_of
from mentorsite.history.version_read import Version
from mentorsite.history.versions import (
    RevisionKey,
    Versions,
    said,
    stored_change,
    version_of,
)
from mentorsite.read.load import Fronts, entry_kind, is_entry_path

GOALS = "content/goals/"
"""Where goals are, from the source folder: the files with revision pages."""


class Revision(NamedTuple):
    """One commit's change to one file (a named tuple, not a frozen dataclass: one is made
    for every public change in the build's serial stretch, and a frozen dataclass sets each
    field through ``object.__setattr__``).

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
    versions: Versions
    """Compared by the goals it hides (see :meth:`Versions.__eq__`): a goal made private
    changes what an old revision shows, so ``serve`` renders its commit page again."""
    merged_with: tuple[str | None, ...] = ()
    """A merge's: the file's versions in its other parents (see
    :attr:`FileChange.merged_with`)."""

    def __repr__(self) -> str:
        """Every field but ``versions``, as a theme printing ``{{ revision }}`` shows it: that
        object prints as its address, which differs from build to build."""
        shown = (f"{name}={value!r}" for name, value in zip(self._fields, self, strict=True)
                 if name != "versions")
        return f"Revision({', '.join(shown)})"

    @property
    def before(self) -> Version | None:
        return self.versions(self.old_blob)

    @property
    def after(self) -> Version | None:
        return self.versions(self.new_blob)

    @property
    def changes(self) -> tuple[FieldChange, ...]:
        """What changed field by field, each field left out read as its default (see
        :meth:`Versions.changed`, also for a version whose front matter could not be read);
        a merge's, only what it made itself, not what it took from a parent it merged."""
        return self.versions.changed(self.old_blob, self.new_blob, entry_kind(self.path),
                                     (self.commit.sha, self.path), self.merged_with)

    @property
    def unreadable(self) -> bool:
        """Whether the version it made has front matter that could not be read: it has no
        changes in meaning to show, and its pages say so."""
        return self.new_blob is not None and not self.versions.readable(self.new_blob)

    @property
    def diff(self) -> tuple[str, ...]:
        """Unified diff lines of the body; a merge's, only the lines unlike every parent's
        (see :func:`~mentorsite.history.body_diffs.merge_diff`)."""
        return self.versions.diff(self.old_blob, self.new_blob, self.merged_with,
                                  (self.commit.sha, self.path))

    @property
    def stored_change(self) -> str | None:
        """What changed in how its text is stored, line ends or a byte-order mark (see
        :func:`~mentorsite.history.versions.stored_change`); None when nothing did."""
        return stored_change(self.before, self.after)

    @property
    def unclosed(self) -> bool:
        """Whether the version it made has front matter that does not open and close: its
        text cannot be told from it, so there is no diff to show, and its pages say so."""
        return self.new_blob is not None and not self.versions.closed(self.new_blob)


class FileHistory(NamedTuple):
    """Every public revision of one file, newest first, following renames (a named tuple, as
    :class:`Revision` is: one for every file the history names)."""

    path: str
    """Its path now (or when it was deleted; see :func:`_gone_at`)."""
    revisions: tuple[Revision, ...]
    reviews: tuple[tuple[str, date], ...]
    """(reviewer, date) from commit trailers and pull-request merges."""
    cut: bool = False
    """Whether it was there when a shallow clone's history begins: its earlier revisions,
    its creation among them, were not fetched."""

    @property
    def created(self) -> Revision | None:
        """The revision that made the file; None when the clone does not hold it."""
        return None if self.cut else self.revisions[-1]

    @property
    def updated(self) -> Revision:
        return self.revisions[0]


@dataclass(frozen=True)
class Evolution:
    """The published history of the repository."""

    commits: tuple[Commit, ...]
    """Commits with at least one public change, newest first, changes filtered."""
    files: Mapping[str, FileHistory]
    """By the file's current (or last) path; one deleted where another file came later by
    the name :func:`_gone_at` gives it."""
    sessions: tuple[Session, ...]
    revisions_by_commit: Mapping[str, tuple[Revision, ...]]
    uncommitted: frozenset[str]
    shallow: bool
    problem: str | None
    withheld: frozenset[str] = frozenset()
    """Paths left out as private, now or in any revision (also kept out of ``uncommitted``)."""
    left_out: tuple[str, ...] = ()
    """The content folders whose files a sparse checkout leaves out (see :class:`GitLog`)."""


def evolution(log: GitLog, private_now: Iterable[str],
              fronts: Fronts | None = None, *, timezone: str = "UTC") -> Evolution:
    """Interpret ``log``; ``private_now`` are the paths marked private in the working tree;
    ``fronts``: the front matter of the files as they are now, already read (see
    :class:`Versions`). Each commit is dated in ``timezone`` (the settings'), once here, so
    every page, list and sign-off gives it the pair's day, not its author's: a mentor in
    Auckland and a mentee in Los Angeles made a newest-first list that read 1 March above
    2 March."""
    zone = zone_of(timezone)
    identities = _identities(log.commits)
    group = _path_groups(log.commits, log.renamed)
    hidden = {group(path) for path in private_now}
    marked: dict[str, bool] = {}  # a version is the new one of a change, the old of the next

    def is_marked(blob: str) -> bool:
        if blob not in marked:
            known = fronts.get(blob) if fronts else None
            marked[blob] = (is_private_text(log.blob(blob)) if known is None
                            else is_private_front(known[0]))
        return marked[blob]

    for commit in log.commits:
        for change in commit.changes:
            # A copy's old version is its source's: whether the copy shows it is for
            # _hide_copies to say.
            if change.status == "C" and change.old_path and change.old_blob:
                if is_marked(change.old_blob):
                    hidden.add(group(change.old_path))
            elif change.old_blob and is_marked(change.old_blob):
                hidden.add(group(change.path))
            if ((change.new_blob and is_marked(change.new_blob))
                    or any(is_marked(b) for b in change.merged_with if b)):
                hidden.add(group(change.path))

    def words(blob: str) -> frozenset[str] | None:
        version = version_of(blob, log.blob, fronts or {})
        return said(version) if version is not None else None

    _hide_copies(log.commits, group, hidden, words, log.uncommitted)
    private: set[str] = set()
    if hidden:  # as a rule nothing is: then no name the log holds needs asking
        named = {name for (_, path), identity in identities.items()
                 for name in (path, identity)}
        named.update(private_now, log.renamed, log.renamed.values())
        private = {name for name in named if group(_path_of(name)) in hidden}
    # The versions are handed to the pages' templates with every revision: a private file's
    # text read from the working tree stays out of them, as its revisions do.
    public_fronts = {blob: front for blob, front in (fronts or {}).items() if not is_marked(blob)}
    versions = Versions(log.blob, _goal_blobs(log.commits, identities, private),
                        _hidden_goals(identities, private), public_fronts, log.read_ahead)
    revisions: dict[str, list[Revision]] = {}
    by_commit: dict[str, list[Revision]] = {}
    kept: list[Commit] = []
    cut: set[str] = set()

    def withheld(path: str) -> bool:
        return group(path) in hidden

    is_entry = (is_entry_path if log.entry_paths is None
                else log.entry_paths.__contains__)

    for commit in log.commits:
        if commit.sha in log.boundary:  # the clone's cut: it only held what it lists as added
            cut.update(identities[(commit.sha, change.path)] for change in commit.changes)
            continue
        public = [_cut_from(_entry_side(c, is_entry), withheld)
                  for c in commit.changes
                  if identities[(commit.sha, c.path)] not in private and is_entry(c.path)]
        merge = len(commit.parents) > 1
        # A merge whose own changes are all private (a conflict resolved in a private file)
        # stays, as a clean merge does, without them: it groups its pull request's commits.
        if not public and commit.changes and not merge:
            continue
        own = ([change for change in public if not _merge_took(commit, change, versions)]
               if merge else public)
        commit_public = _for_site(commit, own, zone)
        if own or merge:
            kept.append(commit_public)
        for change in own:
            revision = Revision(commit_public, change.status, change.path, change.old_path,
                                change.old_blob, change.new_blob, versions, change.merged_with)
            revisions.setdefault(identities[(commit.sha, change.path)], []).append(revision)
            by_commit.setdefault(commit.sha, []).append(revision)
    versions.earlier = _earlier(revisions.values())
    sessions = sessions_of(kept, log.commits)
    reviews = reviews_by_file(sessions, identities)
    files = {
        path: FileHistory(path, tuple(revs), tuple(reviews.get(path, ())), path in cut)
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
        left_out=log.left_out,
    )


def _earlier(histories: Iterable[list[Revision]]
             ) -> dict[RevisionKey, tuple[str | None, RevisionKey]]:
    """:attr:`Versions.earlier` of each revision in ``histories`` (each newest first): the
    latest revision before it in its file's history whose new version is its old one."""
    found: dict[RevisionKey, tuple[str | None, RevisionKey]] = {}
    for revisions in histories:
        made: dict[str, Revision] = {}  # by version: the latest revision so far that made it
        for revision in reversed(revisions):
            maker = made.get(revision.old_blob) if revision.old_blob else None
            if maker is not None:
                found[(revision.commit.sha, revision.path)] = (
                    maker.old_blob, (maker.commit.sha, maker.path))
            if revision.new_blob:
                made[revision.new_blob] = revision
    return found


def _merge_took(commit: Commit, change: FileChange, versions: Versions) -> bool:
    """Whether ``change`` is a merge's that only took what its parents made (see
    :meth:`Versions.took_only`): it is left out, as git leaves out a file merged cleanly, so
    a goal's page does not list the merge as a revision that changed nothing. A file the
    merge moved or copied keeps its revision, which says so."""
    return (len(commit.parents) > 1 and change.status not in ("R", "C")
            and versions.took_only(change.old_blob, change.new_blob, entry_kind(change.path),
                                   change.merged_with))


def _entry_side(change: FileChange, is_entry: Callable[[str], bool]) -> FileChange:
    """``change`` without a side at a path that is no entry (``is_entry``: see
    :func:`~mentorsite.read.load.is_entry_path`): a file that came from one (an attachment
    renamed ``.md``) is shown added, not as a diff from what no privacy covers."""
    if change.old_path is None or is_entry(change.old_path):
        return change
    return replace(change, status="A", old_path=None, old_blob=None)


def _goal_blobs(commits: tuple[Commit, ...], identities: Mapping[tuple[str, str], str],
                private: set[str]) -> frozenset[str]:
    """The versions of public goals: each is shown on several pages far apart in a build."""
    return frozenset(
        blob for commit in commits for change in commit.changes
        if identities[(commit.sha, change.path)].startswith(GOALS)
        and identities[(commit.sha, change.path)] not in private
        for blob in (change.old_blob, change.new_blob, *change.merged_with) if blob
    )


def _hidden_goals(identities: Mapping[tuple[str, str], str],
                  private: set[str]) -> frozenset[str]:
    """The ids of private goals, under every name they had: public files' versions that name
    them are shown without those references."""
    paths = private | {path for (_, path), identity in identities.items() if identity in private}
    return frozenset(
        path[len(GOALS):].removesuffix(".md") for path in paths
        if path.startswith(GOALS) and path.endswith(".md")
    )


def _for_site(commit: Commit, changes: list[FileChange], zone: ZoneInfo) -> Commit:
    """``commit`` with only ``changes``, dated in ``zone`` (the same instant). git's own
    tuple is kept when they are its changes, compared whole: a change shown otherwise (a copy
    of a private file, as added) is one git lists too, so the count says nothing."""
    public = tuple(changes)
    return Commit(
        commit.sha, commit.parents, commit.author, commit.email, commit.date.astimezone(zone),
        commit.subject, commit.body, commit.reviewers,
        commit.changes if public == commit.changes else public, zone.key,
    )


def _path_groups(commits: tuple[Commit, ...],
                 renamed: Mapping[str, str]) -> Callable[[str], str]:
    """Which paths are one file to privacy: every path a file had, linked by each rename git
    reports (staged ones too), and every file a path ever held. The history shown follows one
    file across its renames (:func:`_identities`); what it withholds is wider, on the safe
    side: a file deleted and restored, edited on a branch under the name another branch
    renamed, or cherry-picked, was two files to that walk, and the past of the one no longer
    marked private was published. A path that ever held a private file keeps its whole past
    unpublished, whatever file holds it later."""
    parent: dict[str, str] = {}

    def root(path: str) -> str:
        top = parent.setdefault(path, path)
        while top != parent[top]:
            parent[top] = parent[parent[top]]  # halve the way up each time
            top = parent[top]
        return top

    def link(one: str, other: str) -> None:
        parent[root(one)] = root(other)

    for commit in commits:
        for change in commit.changes:
            if change.old_path and change.status != "C":
                link(change.old_path, change.path)
    for new, old in renamed.items():
        link(new, old)
    return root


def _hide_copies(commits: tuple[Commit, ...], group: Callable[[str], str],
                 hidden: set[str], words: Callable[[str], frozenset[str] | None],
                 uncommitted: Iterable[str] = ()) -> None:
    """Add to ``hidden`` every file copied from one it holds, and from those copies, on,
    unless the copy's versions say no word its source's say that the copy's newest does not
    (``words``: the words of a version, see :func:`~mentorsite.history.versions.said`; None
    when it cannot be read), and it has no ``uncommitted`` changes (its newest version is
    then not what its page says).

    A copy starts with its source's text, so a withheld file's past would show in the copy's
    first diff (a squash merge of a branch that renamed a file another branch renamed too
    leaves both names, one a copy). It goes one way only: a copy marked private says nothing
    of the file it came from, whose text was public before the copy was made.

    git takes a file added beside one it changed for a copy when half their lines are the
    same: a public check-in added in the commit that edited a private one, both with the same
    goals and wins, had its whole past withheld ("its past versions are not published"). A
    copy whose versions share with its source only what it says now keeps its history, shown
    as added where it was copied (see :func:`_cut_from`), with nothing of the source.
    """
    copies: dict[str, list[str]] = {}
    for commit in commits:
        for change in commit.changes:
            if change.status == "C" and change.old_path:
                copies.setdefault(group(change.old_path), []).append(group(change.path))
    waiting = [source for source in hidden if source in copies]
    if not waiting:  # as a rule: every build comes here, and its versions are not needed
        return
    versions = _versions_by_file(commits, group)
    edited = {group(path) for path in uncommitted}
    while waiting:
        source = waiting.pop()
        for copy in copies.pop(source, ()):
            if copy not in hidden and (copy in edited
                                       or not _apart(versions[copy], versions[source], words)):
                hidden.add(copy)
                waiting.append(copy)


def _versions_by_file(commits: tuple[Commit, ...], group: Callable[[str], str]
                      ) -> dict[str, list[str | None]]:
    """Every version of each file (by its :func:`_path_groups` group), newest first."""
    versions: dict[str, list[str | None]] = {}
    for commit in commits:
        for change in commit.changes:
            versions.setdefault(group(change.path), []).append(change.new_blob)
            if change.old_blob:
                versions.setdefault(group(change.old_path or change.path), []).append(
                    change.old_blob)
    return versions


def _apart(copy: list[str | None], source: list[str | None],
           words: Callable[[str], frozenset[str] | None]) -> bool:
    """Whether the versions of a ``copy`` (newest first) share with those of its ``source``
    no word but those its newest version says, which its page shows anyway; not when a
    version cannot be read, or the copy is deleted (it says nothing now)."""
    if not copy or copy[0] is None:
        return False
    copy_says, source_says = _all_said(copy, words), _all_said(source, words)
    if copy_says is None or source_says is None:
        return False
    now = words(copy[0])
    return now is not None and copy_says & source_says <= now


def _all_said(versions: list[str | None], words: Callable[[str], frozenset[str] | None]
              ) -> frozenset[str] | None:
    """What any of ``versions`` says; None when one cannot be read."""
    found: set[str] = set()
    for blob in versions:
        what = words(blob) if blob is not None else frozenset()
        if what is None:
            return None
        found |= what
    return frozenset(found)


def _cut_from(change: FileChange, hidden: Callable[[str], bool]) -> FileChange:
    """``change`` shown as an addition when it copied a ``hidden`` file (a copy kept apart
    from it by :func:`_hide_copies`): neither the source's path nor its text is shown."""
    if change.status == "C" and change.old_path is not None and hidden(change.old_path):
        return replace(change, status="A", old_path=None, old_blob=None)
    return change


def _identities(commits: tuple[Commit, ...]) -> dict[tuple[str, str], str]:
    """(commit, path then) → the file's path now, walking back from the newest commit.

    A file deleted at a path is that path's file now only when the path was next given to a
    file added there that is still there or was deleted there (a revert, a goal written anew
    under its id), as ``git log`` of the path shows it. Else, where a file was moved or
    copied to its path, or the file added there moved on, it is a file of its own, named
    :func:`_gone_at` its path and the commit that deleted it: goal ``b`` deleted, then ``a``
    renamed to ``b``, gave the page of the goal now ``b`` the old one's revisions, and a
    commit that changed both files two revision pages at one URL, the second written over
    the first."""
    alias: dict[str, str] = {}
    # path → the file next given it, when it was added there and stayed; None when not
    given: dict[str, str | None] = {}
    found: dict[tuple[str, str], str] = {}
    for commit in commits:
        for change in commit.changes:
            identity = alias.get(change.path)
            if identity is None:
                identity = (given.get(change.path, change.path)
                            or _gone_at(change.path, commit.sha))
            found[(commit.sha, change.path)] = identity
            if change.status == "R" and change.old_path:
                alias.pop(change.path, None)
                alias[change.old_path] = identity
            elif change.status in ("A", "C"):
                alias.pop(change.path, None)
            else:
                alias[change.path] = identity
            if change.status in ("A", "R", "C"):
                given[change.path] = (identity if change.status == "A"
                                      and identity == change.path else None)
    return found


def _gone_at(path: str, sha: str) -> str:
    """The name :func:`_identities` gives a file deleted at ``path`` by commit ``sha`` that
    another file took the place of: no path, and no other file's name (git paths hold no
    NUL), but :func:`_path_of` gives back its path, by which its privacy goes."""
    return f"{path}\0{sha}"


def _path_of(identity: str) -> str:
    """The path a file's name from :func:`_identities` stands for."""
    return identity.partition("\0")[0]
