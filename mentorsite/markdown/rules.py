"""What every body's HTML obeys, whichever parser draws it: which links may be links, how far
a heading may drop below the one before it, and which id each heading gets.

markdown-it applies these as rules of its own (:mod:`mentorsite.markdown.engine`) and the
everyday renderer (:mod:`mentorsite.markdown.everyday`) as it draws; both take them from here,
so the two cannot drift apart.
"""

from __future__ import annotations

import posixpath
import re

SAFE_SCHEMES = ("http", "https", "mailto")
ANCHOR_LEVELS = range(2, 5)
"""Headings ``##`` to ``####`` get an ``id`` to link to."""

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_NOT_IN_SLUG = re.compile(r"[^\w\u4e00-\u9fff\- ]")
_FOOTNOTE_ID = re.compile(r"fn(?:ref)?[0-9]+")
"""The ids footnotes take (``fn1``, ``fnref1``; a second reference's ``fnref1:1`` holds a
colon, which no heading id does)."""


def is_safe_link(url: str) -> bool:
    """True for http(s), mailto and scheme-less (relative or fragment) links."""
    match = _SCHEME.match(_INVISIBLE.sub("", url))
    return match is None or match.group(1).lower() in SAFE_SCHEMES


def entry_link(url: str) -> str:
    """A link to another content file as GitHub and editors follow it (``../goals/speak.md``,
    ``2025-06-10.md#wins``, ``../../content/goals/speak.md``, ``/content/goals/speak.md``)
    → the link to that entry's page; any other link as it is.

    A body is shown on its entry's page, ``<folder>/<name>/``, two folders deep as every
    content file is in ``content/``: so one rule fits every body, and its HTML depends on its
    text alone (as the Markdown cache needs)."""
    found = _content_file(url)
    if found is None:
        return url
    folder, name, fragment = found
    return f"../../{folder}/{name}/{fragment}" if folder else f"../{name}/{fragment}"


def linked_file(url: str, source: str) -> str | None:
    """The content file a link in the body of ``source`` (a content file's path) names, read
    as :func:`entry_link` reads it; None for any other link."""
    found = _content_file(url)
    if found is None:
        return None
    folder, name, _ = found
    return f"content/{folder or source.split('/')[1]}/{name}.md"


def _content_file(url: str) -> tuple[str | None, str, str] | None:
    """The folder (None: the body's own), name and ``#fragment`` of the content file ``url``
    leads to from a body, its path read as a file's path is (``./`` and ``../`` taken away,
    ``/`` the repository's top, as GitHub reads it); None when it leads to none. A query
    (``?plain=1``) means nothing to a page and is dropped."""
    path, mark, fragment = url.partition("#")
    path = path.partition("?")[0]
    if not path.endswith(".md") or ":" in path or "\\" in path:
        return None
    where = posixpath.normpath(path[1:] if path.startswith("/") else f"content/{_HERE}/{path}")
    found = _CONTENT_FILE.fullmatch(where)
    if found is None:
        return None
    folder, name = found.groups()
    return None if folder == _HERE else folder, name, mark + fragment


_HERE = "\0here"
"""The folder of the body a link is in, whichever it is (no folder can be named so)."""
_CONTENT_FILE = re.compile(
    rf"content/(goals|checkins|reflections|evidence|{_HERE})/([a-z0-9][a-z0-9-]*)\.md")


def heading_level(written: int, previous: int) -> int:
    """The level a heading written at ``written`` is drawn at, after one drawn at ``previous``
    (1 before the first): at most one below it, so no level is skipped. A body sits under its
    page's ``h1`` (or an ``h2`` section), and a skipped level is an error to the Nu Html
    Checker and a gap in the outline a screen reader moves through."""
    return min(written, previous + 1)


class Anchors:
    """Unique heading ids for one body (``x``, ``x-1``, ``x-2`` …), in time linear in their
    number.

    mdit-py-plugins' anchors plugin searches ``x-1``, ``x-2`` … from the start for every
    repeated title, so 20,000 equal headings took minutes; here each title remembers where its
    search stopped.
    """

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.next_suffix: dict[str, int] = {}

    def id(self, title: str) -> str:
        """The id for a heading whose text is ``title``: GitHub's slug, made unique. A title
        with no letter, digit, ``-`` or space (``## 🎉``) is ``heading``, as Hugo names it: an
        id may not be empty. Nor may it be a footnote's (``## FN1`` is ``fn1-1``): the page
        would hold the id twice, and the footnote's link lead to the heading."""
        base = _NOT_IN_SLUG.sub("", title.lower().replace(" ", "-")) or "heading"
        slug, suffix = base, self.next_suffix.get(base, 1)
        if slug in self.used or _FOOTNOTE_ID.fullmatch(slug):
            while (slug := f"{base}-{suffix}") in self.used:
                suffix += 1
            suffix += 1
        self.next_suffix[base] = suffix
        self.used.add(slug)
        return slug
