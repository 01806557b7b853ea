"""The HTML a Markdown cache file holds, found by body hash and read from the file a body at a
time when asked for, never all at once.

The file of the 5,000-file benchmark corpus is 9.9 MB. Decoded whole, it was ten megabytes of
HTML held by the building process for a whole render, only to be written out again at its
end, and decoding it took twice that again for a moment, just as the pages start to render:
the peak of ``serve``'s first build and of ``build``. What is kept is where each body's HTML
lies in the file; the render workers (forked) and the cache's save read it from there.

The file is JSON laid out a body to a line (:func:`head`, :data:`BETWEEN`, :func:`tail`), so
that where each lies is found by reading its lines, at the speed of the C that splits them:
found by matching JSON's grammar through the file, it took five times as long as decoding
it whole, in the build and again in each read-ahead helper. A file laid out otherwise (an
older version's, or one written by hand) holds nothing, and its bodies are rendered again.
Its last line holds the CRC-32 of all before it, summed as the lines are read: a file damaged
since it was written (a bit flipped on a disk, in a CI cache's transfer) holds nothing too.
One flipped in a body's HTML still read as sound JSON, and that page was published with it.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import IO

from mentorsite.cachefile import open_cache

BETWEEN = b",\n"
"""What the file holds between two bodies' lines."""
_KEY = re.compile(rb'"[0-9a-f]{32}":"')
"""What a body's line starts with: its hash (:func:`~mentorsite.markdown.cache.key`), and the
quote that opens its HTML."""


def head(salt: str) -> bytes:
    """The file's first line: what its HTML depends on besides the bodies."""
    return b'{"salt":' + json.dumps(salt).encode() + b',"html":{\n'


def tail(check: int) -> bytes:
    """The file's last line, after the last body's: ``check`` is the CRC-32 of every line
    before it."""
    return b'},"check":"%08x"}\n' % check


class Index:
    """Where the HTML of each body lies in a cache file: ``{"salt": …, "html": {digest: html,
    …}, "check": …}``, laid out a body to a line as the cache writes it. A file laid out
    otherwise, whose salt is not ``salt`` or whose check fails, holds nothing.

    The file is opened again when a body is first asked for, in whichever process asks (a
    render worker forked after the index was made); if it is no longer the file indexed (a
    build elsewhere saved its cache since), it holds nothing, and the bodies are rendered.
    """

    def __init__(self, path: Path | None = None, salt: str = "") -> None:
        self.path = path
        self.spans: dict[str, tuple[int, int]] = {}
        self.extra: dict[str, str] = {}
        """HTML held in memory besides the file's (see :meth:`update`)."""
        self.identity: tuple[int, ...] = ()
        self.stream: IO[bytes] | None = None
        self.opened_by = 0
        if path is not None:
            self._index(path, salt)

    def _index(self, path: Path, salt: str) -> None:
        stream = open_cache(path)
        if stream is None:
            return
        with stream:
            try:
                spans = _spans(stream, head(salt))
                identity = _identity(stream)
            except OSError:
                return
        if spans is not None:
            self.spans, self.identity = spans, identity

    def update(self, found: Mapping[str, str]) -> None:
        """Add bodies rendered besides (by ``build``'s read-ahead helpers), kept in memory."""
        self.extra.update(found)

    def __len__(self) -> int:
        return len(self.spans) + len(self.extra)

    def __contains__(self, digest: object) -> bool:
        return digest in self.extra or digest in self.spans

    def raw(self, digest: str) -> bytes | None:
        """The body's HTML as the file holds it (a JSON string), or None when the file no
        longer holds it as indexed."""
        span = self.spans.get(digest)
        stream = self._open() if span is not None else None
        if span is None or stream is None:
            return None
        start, end = span
        try:
            stream.seek(start)
            return stream.read(end - start)
        except OSError:
            return None

    @staticmethod
    def sound(raw: bytes) -> bool:
        """Whether ``raw`` (from :meth:`raw`) is a sound JSON string, fit to copy."""
        return _decoded(raw) is not None

    def get(self, digest: str) -> str | None:
        """The body's HTML, or None when neither the file (soundly) nor :attr:`extra`
        holds it."""
        html = self.extra.get(digest)
        if html is not None:
            return html
        raw = self.raw(digest)
        return _decoded(raw) if raw is not None else None

    def _open(self) -> IO[bytes] | None:
        if self.stream is not None and self.opened_by == os.getpid():
            return self.stream
        # a forked worker opens its own: the parent may close its file while the worker reads.
        # The parent's file object, inherited, is closed here (only this process's copy of its
        # descriptor): dropped open, each worker printed "ResourceWarning: unclosed file"
        # wherever warnings are shown (python -X dev, PYTHONWARNINGS=always)
        self.close()
        stream = open_cache(self.path) if self.path is not None else None
        try:
            if stream is not None and _identity(stream) == self.identity:
                self.stream, self.opened_by = stream, os.getpid()
                return stream
        except OSError:
            pass
        if stream is not None:
            stream.close()
        self.spans = {}  # another file now: nothing here is known any more
        return None

    def close(self) -> None:
        """Let the file go (before it is replaced: a file held open cannot be, on Windows).
        In a forked worker, the parent's file is closed for this process alone."""
        if self.stream is not None:
            self.stream.close()
        self.stream = None


def _spans(stream: IO[bytes], first: bytes) -> dict[str, tuple[int, int]] | None:
    """Where each body's HTML (a JSON string, quotes and all) lies in the file, by its hash;
    None if the file is not laid out as the cache writes it, with ``first`` for its head.
    Whether each string is sound JSON is asked when it is read (see :meth:`Index.get`)."""
    if stream.readline() != first:
        return None
    spans: dict[str, tuple[int, int]] = {}
    at, check = len(first), zlib.crc32(first)
    line = stream.readline()
    if line == tail(check):  # no body
        return spans if not stream.read(1) else None
    while line:
        more = line.endswith(b'"' + BETWEEN)
        if not (more or line.endswith(b'"\n')) or _KEY.match(line) is None:
            return None
        spans[line[1:33].decode("ascii")] = (at + 35, at + len(line) - (2 if more else 1))
        at, check = at + len(line), zlib.crc32(line, check)
        line = stream.readline()
        if not more:
            return spans if line == tail(check) and not stream.read(1) else None
    return None  # cut short


def _identity(stream: IO[bytes]) -> tuple[int, ...]:
    found = os.fstat(stream.fileno())
    return found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns


def _decoded(raw: bytes) -> str | None:
    """A JSON string's text, or None if it is not sound."""
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, str) else None
