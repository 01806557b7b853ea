"""Content files kept in memory between ``serve``'s rebuilds, each read again only once it changed.

A rebuild that is told which paths changed (the file watcher knows) looks at those paths only:
it neither walks ``content/`` nor asks the file system about the thousands of files nobody
touched. Anything that only a walk can judge (a link, a folder made, moved or removed, a walk
that found problems) makes it walk, as every rebuild without that list does. Watchers can
miss events (a full queue, some network file systems), so :meth:`Reader.missed` walks and
compares afterwards, when nothing else is going on, and says whether the last build missed
anything.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import stat as modes
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from mentorsite.diagnostics import Diagnostic, Diagnostics
from mentorsite.read.files import content_files, is_ignored, read_text
from mentorsite.read.load import RawDocument, Told, load_document
from mentorsite.read.settled import settled


@dataclass(frozen=True)
class _Read:
    """One content file as last read."""

    stat: tuple[int, int, int, int]
    settled: bool
    digest: bytes
    document: RawDocument | None
    diagnostics: tuple[Diagnostic, ...]


class Reader:
    """Content files read from disk, each read again only once it changed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.known: dict[str, _Read] = {}
        """Every content file by path, in path order, as the last walk or rebuild left it: a
        new dictionary each time, never changed once made."""
        self.walked = False
        self.walk_problems: tuple[Diagnostic, ...] = ()
        """What the last walk refused to read (links out of the repository, loops)."""
        self.linked: dict[str, list[str]] = {}
        """The content files the last walk reached through a link, by where each really is
        (see :func:`~mentorsite.read.files.content_files`)."""

    def documents(
        self, diagnostics: Diagnostics, changed: Collection[str] | None = None,
        told: Told | None = None,
    ) -> list[RawDocument]:
        """Every document in path order, as :func:`mentorsite.read.load.load_content` gives them.

        ``changed``: every path (relative to the root) that may have changed since the last
        call; None when that is not known, which makes it walk and look at every file.
        ``told``: how many of the files are looked at, before each.
        """
        paths = None if changed is None else self._listing(changed)
        if paths is None:
            walk, linked = Diagnostics(), dict[str, list[str]]()
            paths, changed = content_files(self.root, walk, linked), None
            self.walk_problems, self.walked, self.linked = tuple(walk), True, linked
        now = time.time_ns()
        if changed is not None and paths == list(self.known):  # the same files as before
            known = dict(self.known)
            for relpath in changed:
                if relpath in known:
                    known[relpath] = self._read(relpath, known[relpath], now)
        else:
            known = {}
            for index, relpath in enumerate(paths):
                if told:
                    told(index, len(paths))
                read = self.known.get(relpath)
                if read is None or changed is None or relpath in changed:
                    read = self._read(relpath, read, now)
                known[relpath] = read
        self.known = known
        diagnostics.extend(self.walk_problems)
        for read in known.values():
            if read.diagnostics:
                diagnostics.extend(read.diagnostics)
        return [read.document for read in known.values() if read.document is not None]

    def changed_since(self, known: Mapping[str, object]) -> set[str]:
        """The content files added, removed or read again with a change since ``known``
        (:attr:`known` as it was then: each call of :meth:`documents` makes a new one)."""
        now = self.known
        changed = {path for path, read in now.items() if known.get(path) is not read}
        return changed.union(path for path in known if path not in now)

    def holds(self, relpath: str) -> bool:
        """Whether the last call of :meth:`documents` found ``relpath`` among the content
        files."""
        return relpath in self.known

    def document(self, relpath: str) -> RawDocument | None:
        """``relpath``'s document as the last call of :meth:`documents` read it; None when
        its front matter could not be read (or the file is not there)."""
        read = self.known.get(relpath)
        return None if read is None else read.document

    def missed(self) -> bool:
        """Walk and look at every file: whether anything differs from what the last call of
        :meth:`documents` gave (which this call brings up to date)."""
        before, problems = self.known, self.walk_problems
        self.documents(Diagnostics())
        if self.walk_problems != problems or self.known.keys() != before.keys():
            return True
        return any(
            read.document is not before[path].document
            or read.diagnostics != before[path].diagnostics
            for path, read in self.known.items()
        )

    def _listing(self, changed: Collection[str]) -> list[str] | None:
        """The content files' paths, from the last walk's and ``changed``; None when only a
        walk can tell."""
        if not self.walked or self.walk_problems:
            return None
        added, removed = [], set()
        for relpath in changed:
            if not relpath.startswith("content/"):
                continue  # the settings and the theme are looked at by every build
            plain = _plain_file(self.root, relpath)
            if plain is None:
                return None
            if plain and relpath not in self.known:
                added.append(relpath)
            elif not plain and relpath in self.known:
                removed.add(relpath)
        if not added and not removed:
            return list(self.known)
        return sorted({*self.known, *added} - removed)

    def _read(self, relpath: str, before: _Read | None, now: int) -> _Read:
        try:
            info = os.stat(os.path.join(self.root, relpath))
            stat = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        except OSError:
            stat = (-1, -1, -1, -1)
        if before is not None and before.settled and before.stat == stat:
            return before
        is_settled = stat[0] >= 0 and settled(stat[1], stat[2], now)
        reading = Diagnostics()
        text = read_text(self.root, relpath, reading)
        digest = _digest(text or "")
        if before is not None and text is not None and before.digest == digest:
            return dataclasses.replace(before, stat=stat, settled=is_settled)  # the same text
        own = Diagnostics()

        def read(_: str) -> str | None:
            own.extend(reading)  # only if the name is right: load_document checks it first
            return text

        document = load_document(relpath, read, own, self.root)
        return _Read(stat, is_settled, digest, document, tuple(own))


def _digest(text: str) -> bytes:
    """What tells one text of a file from another."""
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def _plain_file(root: Path, relpath: str) -> bool | None:
    """Whether a walk of ``content/`` would list ``relpath``: True for a regular file reached
    through real folders, False for nothing there (or a name the walk skips); None for what
    only a walk can judge (a link, a folder, anything else)."""
    parts = relpath.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return None
    if any(is_ignored(part) for part in parts):
        return False
    for depth in range(1, len(parts) + 1):
        try:
            mode = os.lstat(os.path.join(root, *parts[:depth])).st_mode
        except OSError as exc:
            return False if exc.errno in (errno.ENOENT, errno.ENOTDIR) else None
        if depth < len(parts) and not modes.S_ISDIR(mode):
            return None
    return modes.S_ISREG(mode) or None
