"""The HTML a Markdown cache file holds, found by body hash and read from the file a body at a
time when asked for, never all at once.

The file of the 5,000-file benchmark corpus is 9.9 MB. Decoded whole, it was ten megabytes of
HTML held by the building process for a whole render, only to be written out again at its
end, and decoding it took twice that again for a moment, just as the pages start to render:
the peak of ``serve``'s first build and of ``build``. What is kept is where each body's HTML
lies in the file; the render workers (forked) and the cache's save read it from there.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import IO

from mentorsite.cachefile import open_cache

_STRING = rb'"[^"\\]*(?:\\.[^"\\]*)*"'
"""A JSON string, quotes and all (whether its escapes are sound is for json.loads to say)."""
_HEAD = re.compile(rb'\s*\{\s*"salt"\s*:\s*(' + _STRING + rb')\s*,\s*"html"\s*:\s*\{\s*')
_ENTRY = re.compile(rb'(' + _STRING + rb')\s*:\s*(' + _STRING + rb')\s*(,\s*)?')
_END = re.compile(rb'\}\s*\}\s*')


class Index:
    """Where the HTML of each body lies in a cache file: ``{"salt": …, "html": {digest: html,
    …}}``, as the cache writes it (or as ``json.dumps`` does, spaced). A file of any other
    shape, or whose salt is not ``salt``, holds nothing.

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
                spans = _spans(_Chunks(stream), salt)
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
        # a forked worker opens its own: the parent may close its file while the worker reads
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
        """Let the file go (before it is replaced: a file held open cannot be, on Windows)."""
        if self.stream is not None and self.opened_by == os.getpid():
            self.stream.close()
        self.stream = None


def _spans(file: _Chunks, salt: str) -> dict[str, tuple[int, int]] | None:
    """Where each body's HTML lies in the file, or None if it is not a cache of ``salt``."""
    head = file.match(_HEAD)
    if head is None or _decoded(head[1]) != salt:
        return None
    spans: dict[str, tuple[int, int]] = {}
    if file.peek() != b"}":
        while True:
            entry = file.match(_ENTRY)
            digest = _decoded(entry[1]) if entry else None
            if entry is None or digest is None:
                return None
            spans[digest] = file.span(entry, 2)
            if entry[3] is None:
                break
    return spans if file.match(_END) is not None and file.ended() else None


_CHUNK = 1 << 20
"""How much of the file :class:`_Chunks` reads at once."""


class _Chunks:
    """A file matched pattern after pattern, read a chunk at a time: the whole file's bytes
    were 9.9 MB more at the peak of the build that read it."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.data = b""
        self.base = 0
        """Where :attr:`data` begins in the file."""
        self.at = 0
        self.eof = False

    def match(self, pattern: re.Pattern[bytes]) -> re.Match[bytes] | None:
        """``pattern`` where the last match ended, or None; a match that reaches the end of
        what was read is tried again with more, as it may go on."""
        while True:
            found = pattern.match(self.data, self.at)
            if found is not None and (found.end() < len(self.data) or self.eof):
                self.at = found.end()
                return found
            if self.eof:
                return None
            self._more()

    def peek(self) -> bytes:
        """The next byte (none at the end)."""
        while self.at >= len(self.data) and not self.eof:
            self._more()
        return self.data[self.at:self.at + 1]

    def ended(self) -> bool:
        return self.peek() == b""

    def span(self, found: re.Match[bytes], group: int) -> tuple[int, int]:
        """Where ``group`` of a match lies in the file."""
        start, end = found.span(group)
        return self.base + start, self.base + end

    def _more(self) -> None:
        chunk = self.stream.read(_CHUNK)
        self.eof = not chunk
        self.data, self.base = self.data[self.at:] + chunk, self.base + self.at
        self.at = 0


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
