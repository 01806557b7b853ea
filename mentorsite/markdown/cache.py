"""Rendered Markdown kept between builds, by a hash of the body: a build renders only the
bodies that changed since the last one.

Markdown is the largest single cost of a page, and a pair's site changes a few files a week,
so a CI build that restores this file (``actions/cache``) or a second local build skips most of
it. The cache is one JSON file in the build cache folder, safe to delete: a missing, unreadable
or foreign file (another mentorsite or markdown-it version) counts as empty, and each build
keeps only the bodies it used. Whoever can write it can already change the theme, whose
templates put any HTML they like on the site; but a theme's HTML is read in review, and a
cache's is not, so one committed to the repository counts as empty too. The scaffolded
workflows restore it only in builds of the default branch, never from forks.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from mentorsite import __version__
from mentorsite.cachefile import committed, parts_writer
from mentorsite.markdown import engine as markdown
from mentorsite.markdown.cache_index import BETWEEN, Index, head, tail

FILE = "markdown.json"


@functools.cache
def _salt() -> str:
    """What the HTML of a body depends on besides the body: the Unicode of the Python that
    renders it too, which decides the letters a heading's anchor keeps and what markdown-it
    takes for punctuation. ``## Kawi 𑼄`` (a letter of Unicode 15) had the anchor
    ``kawi--x`` under Python 3.11 and ``kawi-𑼄-x`` under 3.12, and a CI moved to 3.12 kept
    publishing 3.11's from the cache it restored."""
    parts = [f"mentorsite {__version__}", f"rules {markdown.REVISION}",
             f"unicode {unicodedata.unidata_version}"]
    for package in ("markdown-it-py", "mdit-py-plugins"):
        try:
            parts.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package} unknown")
    return "; ".join(parts)


def key(text: str) -> str:
    """The body's hash: the cache key."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class MarkdownCache:
    """HTML by body hash: what earlier builds rendered, and what this one rendered anew.

    With a ``saver``, what render workers hand back goes straight into the file being written
    and is not kept: the build's process would otherwise end up holding every body's HTML.
    """

    def __init__(self, known: Index | None = None, saver: _Saver | None = None) -> None:
        self.known = known if known is not None else Index()
        self.new: dict[str, str] = {}
        self.used: set[str] = set()
        self.saver = saver

    def render(self, text: str) -> str:
        digest = key(text)
        self.used.add(digest)
        html = self.known.get(digest)
        if html is None:
            html = self.new.get(digest)
        if html is None:
            html = self.new[digest] = markdown.render(text)
        return html

    def keep(self, text: str, html: str) -> None:
        """Count a body rendered before this cache was in use as used by this build, so it
        is saved with the others."""
        digest = key(text)
        self.used.add(digest)
        if digest not in self.known:
            self.new[digest] = html

    def take(self) -> tuple[dict[str, str], set[str]]:
        """What this process rendered and used since the last call, to send to the parent of
        a render worker; none of it is kept here (a body is on one page, rendered once)."""
        found = (self.new, self.used)
        self.new, self.used = {}, set()
        return found

    def merge(self, new: dict[str, str], used: Iterable[str]) -> None:
        """Add what a render worker :meth:`take`-s."""
        self.used.update(used)
        if self.saver is None:
            self.new.update(new)
            return
        for digest, html in new.items():
            self.saver.add(digest, html)

    def save(self) -> None:
        """Write out, after what was handed over, the bodies this build used."""
        assert self.saver is not None, "only a cache with a file is saved"
        for digest in self.known.spans:
            raw = self.known.raw(digest) if digest in self.used else None
            if raw is not None and self.known.sound(raw):
                self.saver.add_raw(digest, raw)
        self.known.close()
        for digest, html in self.known.extra.items():
            if digest in self.used:
                self.saver.add(digest, html)
        for digest, html in self.new.items():
            self.saver.add(digest, html)
        self.saver.close()


class _Saver:
    """The cache file as it is written: ``{"salt": …, "html": {digest: html, …}, "check":
    …}``, a body at a time, each once, on a line of its own, and the CRC-32 of all that last
    (see :mod:`~mentorsite.markdown.cache_index`)."""

    def __init__(self, write: Callable[[bytes], None]) -> None:
        self.writer = write
        self.check = 0
        """The CRC-32 of what was written so far (see :func:`tail`)."""
        self.written: set[str] = set()
        self.head = head(_salt())
        """Written with the first body (nothing is written before the render workers fork)."""

    def add(self, digest: str, html: str) -> None:
        if digest not in self.written:
            self.add_raw(digest, json.dumps(html).encode())

    def add_raw(self, digest: str, html: bytes) -> None:
        """Add ``html`` as a JSON string: as the last cache file holds it, it is copied."""
        if digest in self.written:
            return
        lead = BETWEEN if self.written else self.head
        self.written.add(digest)
        self.write(lead + json.dumps(digest).encode() + b":" + html)

    def write(self, part: bytes) -> None:
        """Write ``part``, summed into :attr:`check`."""
        self.check = zlib.crc32(part, self.check)
        self.writer(part)

    def close(self) -> None:
        self.write(b"\n" if self.written else self.head)
        self.writer(tail(self.check))


_active: MarkdownCache | None = None
"""The cache of the build in progress, inherited by forked render workers."""


def active() -> bool:
    """Whether a build's cache is in use (it then holds every body's HTML)."""
    return _active is not None


def render(text: str) -> str:
    """A body's HTML: from the active cache when a build has one, else rendered."""
    if _active is None:
        return markdown.render(text)
    return _active.render(text)


def keep(text: str, html: str) -> None:
    """Tell the active cache, if any, of a body a page already holds rendered."""
    if _active is not None:
        _active.keep(text, html)


def take() -> tuple[dict[str, str], set[str]] | None:
    """In a render worker: what it rendered and used, for the parent to :meth:`merge`."""
    return _active.take() if _active is not None else None


def merge(found: tuple[dict[str, str], set[str]] | None) -> None:
    """In the parent: add what a render worker :func:`take`-s."""
    if found is not None and _active is not None:
        _active.merge(*found)


@contextlib.contextmanager
def cached(folder: Path | None) -> Iterator[MarkdownCache]:
    """Use the cache in ``folder`` (None: an empty one, not saved) while the block runs; save
    it, keeping only the bodies this build used, when the block ends without error."""
    global _active
    if folder is None:
        saving: contextlib.AbstractContextManager[Callable[[bytes], None] | None] = (
            contextlib.nullcontext())
    else:
        saving = parts_writer(folder / FILE)
    known = load(folder) if folder is not None else Index()
    try:
        with saving as write:
            cache = MarkdownCache(known, _Saver(write) if write else None)
            previous, _active = _active, cache
            try:
                yield cache
            finally:
                _active = previous
            if cache.saver is not None:
                cache.save()
    finally:
        known.close()


def load(folder: Path) -> Index:
    """The HTML by body hash kept in ``folder``, read from the file as it is asked for (empty
    when the file is missing, unreadable, another version's or committed to git:
    :func:`~mentorsite.cachefile.committed`)."""
    if committed(folder):
        return Index()
    return Index(folder / FILE, _salt())
