"""Rendered Markdown kept between builds, by a hash of the body: a build renders only the
bodies that changed since the last one.

Markdown is the largest single cost of a page, and a pair's site changes a few files a week,
so a CI build that restores this file (``actions/cache``) or a second local build skips most of
it. The cache is one JSON file in the build cache folder, safe to delete: a missing, unreadable
or foreign file (another mentorsite or markdown-it version) counts as empty, and each build
keeps only the bodies it used. Whoever can write it can already change the theme, whose
templates put any HTML they like on the site, so trusting it gives nobody a new power; the
scaffolded workflows restore it only in builds of the default branch, never from forks.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from collections.abc import Iterable, Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from mentorsite import __version__, markdown
from mentorsite.cachefile import read_json, write_json

FILE = "markdown.json"


@functools.cache
def _salt() -> str:
    """What the HTML of a body depends on besides the body."""
    parts = [f"mentorsite {__version__}"]
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
    """HTML by body hash: what earlier builds rendered, and what this one rendered anew."""

    def __init__(self, known: dict[str, str] | None = None) -> None:
        self.known = known if known is not None else {}
        self.new: dict[str, str] = {}
        self.used: set[str] = set()

    def render(self, text: str) -> str:
        digest = key(text)
        self.used.add(digest)
        html = self.known.get(digest)
        if html is None:
            html = self.new.get(digest)
        if html is None:
            html = self.new[digest] = markdown.render(text)
        return html

    def take(self) -> tuple[dict[str, str], set[str]]:
        """What this process rendered and used since the last call, to send to the parent of
        a render worker."""
        found = (self.new, self.used)
        self.known.update(self.new)
        self.new, self.used = {}, set()
        return found

    def merge(self, new: dict[str, str], used: Iterable[str]) -> None:
        """Add what a render worker :meth:`take`-s."""
        self.new.update(new)
        self.used.update(used)


_active: MarkdownCache | None = None
"""The cache of the build in progress, inherited by forked render workers."""


def render(text: str) -> str:
    """A body's HTML: from the active cache when a build has one, else rendered."""
    if _active is None:
        return markdown.render(text)
    return _active.render(text)


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
    path = folder / FILE if folder is not None else None
    cache = MarkdownCache(_load(path) if path else {})
    previous, _active = _active, cache
    try:
        yield cache
    finally:
        _active = previous
    if path is not None:
        kept = {k: v for k, v in cache.known.items() if k in cache.used}
        kept.update(cache.new)
        write_json(path, {"salt": _salt(), "html": kept})


def _load(path: Path) -> dict[str, str]:
    data = read_json(path)
    if not isinstance(data, dict) or data.get("salt") != _salt():
        return {}
    html = data.get("html")
    if not isinstance(html, dict):
        return {}
    return {k: v for k, v in html.items() if isinstance(k, str) and isinstance(v, str)}
