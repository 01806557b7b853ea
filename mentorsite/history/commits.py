"""Plain data read from git: commits, the files they changed, and the log as a whole."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from mentorsite.history.version_read import Version


@dataclass(frozen=True)
class FileChange:
    """One file changed by one commit; paths are relative to the source folder."""

    status: str
    """A (added), M (modified), D (deleted), R (renamed), C (copied), T (type changed)."""
    path: str
    old_path: str | None
    old_blob: str | None
    """None when the file did not exist before."""
    new_blob: str | None
    """None when the file was deleted."""
    merged_with: tuple[str | None, ...] = ()
    """A merge's: the file's version in each of its other parents (None where it had no
    file), which ``old_blob`` is not; what the merge took from one of them is no change it
    made."""


class Commit(NamedTuple):
    """A commit that touched content (a named tuple, not a frozen dataclass: the build's
    serial stretch makes each one again, dated in the pair's zone, and a frozen dataclass
    sets each of its ten fields through ``object.__setattr__``)."""

    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: datetime
    subject: str
    body: str
    """The message after the subject line."""
    reviewers: tuple[str, ...]
    """Names from ``Reviewed-by:`` and ``Approved-by:`` trailers."""
    changes: tuple[FileChange, ...]
    zone: str = ""
    """The IANA time zone ``date`` is given in: the settings' ``timezone`` once the site's
    history is made of the log (:func:`~mentorsite.history.evolution.evolution`), so each
    commit is dated on the pair's day; "" while it is as git gave it, in its author's offset.
    A commit in another zone is not the same commit to ``serve``'s kept pages: the instant
    is the same, the day shown may not be."""

    @property
    def signed_off_by(self) -> tuple[str, ...]:
        """The reviewers a page shows on the commit: those of its trailers but its author,
        whose own ``Reviewed-by:`` signs off nothing (the entries' sign-offs leave it out
        too), so a mentee's commit naming herself read "Reviewed by" her on the history
        while its entries said "Not reviewed yet". ``data.json`` keeps every name given."""
        return tuple(name for name in self.reviewers if name != self.author)


@dataclass(frozen=True)
class GitLog:
    """What git could tell, and what it could not."""

    commits: tuple[Commit, ...] = ()
    """Newest first."""
    blobs: dict[str, bytes] = field(default_factory=dict)
    """Every file version the commits name, by blob id, compressed (zlib): a third of their
    size, and the old versions were the largest part of what the history took in memory.
    :meth:`blob` gives one back as it is."""
    uncommitted: frozenset[str] = frozenset()
    """Content paths with changes not yet committed (relative to the source folder)."""
    shallow: bool = False
    problem: str | None = None
    """Why there is no history, when there is none."""
    renamed: Mapping[str, str] = field(default_factory=dict)
    """Renames staged but not committed: each new path, with the path committed. A file
    renamed and marked private in one change is private under its old name too."""
    boundary: frozenset[str] = frozenset()
    """A shallow clone's boundary commits, whose parents were not fetched: git lists every
    file they hold as added there, though they only held it."""
    left_out: tuple[str, ...] = ()
    """The content folders whose files a sparse checkout leaves out of the working tree."""
    read_ahead: Mapping[str, Version] = field(default_factory=dict, compare=False)
    """Old versions of goals already read, by blob id: the history's own process reads them
    (:mod:`~mentorsite.history.aside`) while the build reads the content. Any other version is
    read when it is asked for. What the log holds either way, so no part of its equality."""
    entry_paths: frozenset[str] | None = field(default=None, compare=False)
    """The paths its commits name that are entries' (see
    :func:`~mentorsite.read.load.is_entry_path`), worked out by the history's own process as
    well; None when they were not: each path is then asked about when it is needed."""

    def blob(self, blob_id: str) -> bytes | None:
        """The file version ``blob_id`` as it is, or None when git could not give it (or a
        damaged cache file gave something else)."""
        packed = self.blobs.get(blob_id)
        if packed is None:
            return None
        try:
            return zlib.decompress(packed)
        except zlib.error:
            return None

    def forget(self, blob_ids: Iterable[str]) -> None:
        """Let go of the versions ``blob_ids``: a build that has them already, as it read the
        working tree (:class:`~mentorsite.history.versions.Versions` takes them from there),
        makes room for its pages (they are a third of a long history in memory)."""
        for blob_id in blob_ids:
            self.blobs.pop(blob_id, None)


@dataclass(frozen=True)
class WorkingTree:
    """What ``git status`` says of the content (see :class:`GitLog`)."""

    uncommitted: frozenset[str] = frozenset()
    renamed: Mapping[str, str] = field(default_factory=dict)
