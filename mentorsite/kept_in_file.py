"""Texts a file was made of, kept from one build to the next as where they lie in the file
written, and read again from there while what they were made from stays the same.

``serve`` writes ``data.json`` and the calendar again after every edit, with one item changed:
kept as text, their items were a copy of two files the output folder holds (10 MiB on the
5,000-file benchmark corpus), for as long as serve ran, under every rebuild's peak.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from mentorsite.kept import Equality

Span = tuple[tuple[object, ...], int, int]
"""What an item was made from, and where it lies in the file: its first byte and its size."""


class KeptInFile:
    """Where each item of the file last made lies in it once written, by key and with what
    it was made from: an item is read again from the file while its sources are the same.

    Only while the file is the one written (its inode, size and modification time as
    :meth:`written` saw them): a file replaced or changed since, or a write that failed, has
    every item made again. The file is made through :meth:`parts`, which counts its bytes."""

    def __init__(self, path: Path) -> None:
        """``path``: where the document is written."""
        self._path = path
        self._last: dict[Hashable, Span] = {}
        self._now: dict[Hashable, Span] = {}
        self._made: dict[Hashable, Span] = {}
        """Where the items of the document last made lie, until :meth:`written` says it is
        the file."""
        self._stamp: tuple[int, int, int] | None = None
        self._equality = Equality()
        """The sources' comparisons: a changed entry is a source of many items."""
        self._file: BinaryIO | None = None
        """The file last written, open while a document is made: unchanged items lie one
        after the other, read through its buffer."""
        self._at = 0
        """How many bytes of the document come before the part being made."""

    def parts(self, parts: Iterable[str]) -> Iterator[str]:
        """``parts``, each counted once taken, so that an item made after it knows where it
        lies; the file last written is open meanwhile, to read items from."""
        self._start()
        try:
            for part in parts:
                yield part
                self._at += size_of(part)
            self._made = self._now
        finally:
            self._now = {}
            self._equality.clear()
            if self._file is not None:
                self._file.close()
                self._file = None

    def _start(self) -> None:
        self._at, self._now, self._made = 0, {}, {}
        if not self._last:
            return
        try:
            stream = self._path.open("rb", buffering=_BUFFER)
        except OSError:
            self._last = {}
            return
        if _stamp(os.fstat(stream.fileno())) != self._stamp:
            stream.close()
            self._last = {}
            return
        self._file = stream

    def written(self) -> None:
        """The document last made is now the file at ``path`` (written, or found to be the
        same): its items are read from there from now on."""
        try:
            self._stamp = _stamp(os.stat(self._path))
        except OSError:
            self._made = {}
        self._last, self._made = self._made, {}

    def get(self, key: Hashable, sources: tuple[object, ...], make: Callable[..., str],
            *args: Any) -> str:
        """The text of item ``key``, given next in the document: read from the file if its
        sources are ``sources``, else ``make(*args)``."""
        text = self._again(key, sources)
        return self._place(key, sources, make(*args)) if text is None else text

    def _again(self, key: Hashable, sources: tuple[object, ...]) -> str | None:
        """The text of item ``key`` read from the file, if its sources are ``sources``."""
        hit = self._last.get(key)
        if hit is None or not self._equality.parts_same(sources, hit[0]):
            return None
        text = self._read(hit)
        if text is not None:
            self._now[key] = (sources, self._at, hit[2])
        return text

    def _place(self, key: Hashable, sources: tuple[object, ...], text: str) -> str:
        self._now[key] = (sources, self._at, size_of(text))
        return text

    def _read(self, hit: Span) -> str | None:
        """An item's text from the file, or None if the file is no longer that long."""
        if self._file is None:
            return None
        self._file.seek(hit[1])
        data = self._file.read(hit[2])
        return data.decode("utf-8") if len(data) == hit[2] else None

    def whole(self, key: Hashable, sources: tuple[object, ...],
              make: Callable[[], Iterable[str]]) -> Iterator[str]:
        """The parts of ``make()``, or the text they made if its sources are ``sources``."""
        text = self._again(key, sources)
        if text is not None:
            yield text
            return
        start = self._at
        yield from make()
        self._now[key] = (sources, start, self._at - start)  # the last part counted


_BUFFER = 1 << 16
"""How much of the file is read at once to find items in."""


def size_of(text: str) -> int:
    """How many bytes ``text`` is in UTF-8 (as many as its characters when ASCII, which
    Python knows without looking)."""
    return len(text) if text.isascii() else len(text.encode("utf-8"))


def _stamp(info: os.stat_result) -> tuple[int, int, int]:
    return info.st_ino, info.st_size, info.st_mtime_ns


