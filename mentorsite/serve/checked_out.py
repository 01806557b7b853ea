"""The file versions serve's git log holds, less the newest version of each file between rebuilds.

``build`` leaves out of its log the versions checked out, which it reads from the working tree
anyway (:func:`~mentorsite.history.aside.beside_build`). ``serve`` kept every version for as
long as it ran: on the 5,000-file benchmark corpus, the newest version of each file was 5.4 MiB
of compressed text that no rebuild read again (an edit renders from the content it reads; the
history's pages stay as they were until the history or its privacy changes), a third of what
the log held, at the peak of every edit.

Once a build is done (:meth:`~mentorsite.serve.incremental.LiveBuild.settle`), they are let go
of; a rebuild that asks for one (its history read again from the same log: a file marked
private, or the time zone changed) gets every one back from git, in one ``cat-file --batch``,
until the next is done.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TypeVar, overload

from mentorsite.history.command import GitFailed, HistoryError
from mentorsite.history.commits import Commit
from mentorsite.history.log import read_packed, unread_versions

_T = TypeVar("_T")


class Blobs(dict[str, bytes]):
    """:attr:`~mentorsite.history.commits.GitLog.blobs` that may let go of some versions
    (:meth:`let_go`) and reads them all again from git when one is asked for (``get``, which
    :meth:`~mentorsite.history.commits.GitLog.blob` asks, or ``[]``). Git failing then is a
    :class:`HistoryError`, never a version silently missing: a missing version cannot say that
    it was private."""

    def __init__(self, root: Path, blobs: Mapping[str, bytes]) -> None:
        super().__init__(blobs)
        self.root = root
        self.gone: set[str] = set()
        """The versions let go of, until one is asked for (and all are read again)."""

    def let_go(self, commits: tuple[Commit, ...]) -> None:
        """Let go of the newest version of each file ``commits`` (newest first) change, unless
        they are let go of already."""
        if self.gone:
            return
        for blob in _newest(commits):
            if self.pop(blob, None) is not None:
                self.gone.add(blob)

    @overload
    def get(self, key: str, default: None = None, /) -> bytes | None: ...
    @overload
    def get(self, key: str, default: bytes, /) -> bytes: ...
    @overload
    def get(self, key: str, default: _T, /) -> bytes | _T: ...

    def get(self, key: str, default: object = None, /) -> object:
        if key in self.gone:
            self._read_again()
        return super().get(key, default)

    def __getitem__(self, key: str) -> bytes:
        if key in self.gone:
            self._read_again()
        return super().__getitem__(key)

    def _read_again(self) -> None:
        """Read every version let go of back from git (but those read since)."""
        try:
            found = read_packed(self.root, [blob for blob in self.gone if blob not in self])
        except (GitFailed, HistoryError) as exc:
            raise HistoryError(unread_versions(exc)) from exc
        self.update(found)
        self.gone.clear()


def _newest(commits: tuple[Commit, ...]) -> Iterator[str]:
    """The newest version of each path ``commits`` (newest first) change, as they leave it."""
    seen: set[str] = set()
    for commit in commits:
        for change in commit.changes:
            if change.path not in seen:
                seen.add(change.path)
                if change.new_blob:
                    yield change.new_blob
