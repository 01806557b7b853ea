"""What every body's HTML obeys, whichever parser draws it: which links may be links, at which
level each heading is drawn, and which id it gets.

markdown-it applies these as rules of its own (:mod:`mentorsite.markdown.engine`) and the
everyday renderer (:mod:`mentorsite.markdown.everyday`) as it draws; both take them from here,
so the two cannot drift apart.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from functools import cache
from urllib.parse import unquote

from mentorsite.text import reads_right_to_left

SAFE_SCHEMES = ("http", "https", "mailto")
TOP_LEVEL = 2
"""The level a body's top headings are drawn at: one below its page's ``h1``, the entry's
title (a reflection's, an evidence's), as they stand in the feed below the entry's title. A
page that places the body in a section of its own shifts them down (:func:`placed_under`)."""

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_FOOTNOTE_ID = re.compile(r"fn(?:ref)?[0-9]+")
"""The ids footnotes take (``fn1``, ``fnref1``; a second reference's ``fnref1:1`` holds a
colon, which no heading id does)."""


@cache
def _not_in_slug() -> re.Pattern[str]:
    """What a heading's id leaves out, compiled when a heading is first given one: the
    costliest pattern of the package to compile (1.4 ms: every character of ``\\w`` but the
    ideographs'), which ``check`` compiled at import on every save and never used."""
    return re.compile(r"[^\w\u4e00-\u9fff\- ]")


def is_safe_link(url: str) -> bool:
    """True for http(s), mailto and scheme-less (relative or fragment) links."""
    match = _SCHEME.match(_INVISIBLE.sub("", url))
    return match is None or match.group(1).lower() in SAFE_SCHEMES


def block_direction(markdown: str) -> str | None:
    """The ``dir`` every top-level block of a body takes (a paragraph, a heading, a list, a
    quote, a table, the footnotes' section; not code, nor a block inside another): ``auto`` in
    a body that holds a letter of a right-to-left script or a direction control, so the browser
    gives the block the direction of its first letter; ``None`` in any other, drawn with none.
    Asked of the whole body, so an English paragraph of an Arabic body takes one too."""
    return "auto" if reads_right_to_left(markdown) else None


def is_by_path(url: str) -> bool:
    """True for an address with neither a scheme nor a host (``x.png``, ``../x.png``,
    ``/x.png``, ``#x``): it leads where the page it is on says, not to another site."""
    bare = _INVISIBLE.sub("", url)
    return _SCHEME.match(bare) is None and not bare.startswith("//")


def entry_link(url: str) -> str:
    """A link to another content file as GitHub and editors follow it (``../goals/speak.md``,
    ``2025-06-10.md#wins``, ``../../content/goals/speak.md``, ``/content/goals/speak.md``)
    → the link to that entry's page; any other link as it is.

    A body is shown on its entry's page, ``<folder>/<name>/``, two folders deep as every
    content file is in ``content/``: so one rule fits every body, and its HTML depends on its
    text alone (as the Markdown cache needs)."""
    found = _content_file(url)
    if found is None or _SLUG.fullmatch(found[1]) is None:
        return url
    folder, name, fragment = found
    return f"../../{folder}/{name}/{fragment}" if folder else f"../{name}/{fragment}"


def linked_file(url: str, source: str) -> str | None:
    """The content file a link in the body of ``source`` (a content file's path) names, read
    as :func:`entry_link` reads it, whether or not its name is one an entry can have (``plan
    a.md``: no page has it); None for any other link."""
    found = _content_file(url)
    if found is None:
        return None
    folder, name, _ = found
    return f"content/{folder or source.split('/')[1]}/{name}.md"


def _content_file(url: str) -> tuple[str | None, str, str] | None:
    """The folder (None: the body's own), name and ``#fragment`` of the content file ``url``
    leads to from a body, its path read as a file's path is (``./`` and ``../`` taken away,
    ``/`` the repository's top, as GitHub reads it); None when it leads to none. A query
    (``?plain=1``) means nothing to a page and is dropped. Its ``%`` escapes are decoded, as a
    browser and GitHub decode them (``plan%2Da.md`` is ``plan-a.md``), but one that makes a
    ``/`` names no folder."""
    written, mark, fragment = url.partition("#")
    written = written.partition("?")[0]
    path = unquote(written)
    if (not path.endswith(".md") or ":" in written or "\\" in written
            or path.count("/") != written.count("/")):
        return None
    where = posixpath.normpath(path[1:] if path.startswith("/") else f"content/{_HERE}/{path}")
    found = _CONTENT_FILE.fullmatch(where)
    if found is None:
        return None
    folder, name = found.groups()
    return None if folder == _HERE else folder, name, mark + fragment


_HERE = "\0here"
"""The folder of the body a link is in, whichever it is (no folder can be named so)."""
_CONTENT_FILE = re.compile(rf"content/(goals|checkins|reflections|evidence|{_HERE})/([^/]+)\.md")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
"""A name an entry's file can have, and so a page: any other leads to none."""


class Outline:
    """The level each heading of one body is drawn at, in the order they come.

    A heading is drawn one level below the nearest heading before it that was written at a
    higher level (fewer ``#``), and at :data:`TOP_LEVEL` when there is none: so a body
    written ``# What happened`` … ``# What changes next`` and one written with ``##`` are
    drawn alike, one written ``#`` then ``##`` keeps that nesting, and no level is skipped
    (``## A`` then ``#### B`` is h2 then h3), which is an error to the Nu Html Checker and a
    gap in the outline a screen reader moves through. Past ``h6``, HTML has no level: deeper
    headings stay at ``h6``.

    Only the written levels of the headings still open are kept: at most six, whatever the
    body holds.
    """

    def __init__(self) -> None:
        self.open: list[int] = []

    def level(self, written: int) -> int:
        """The level of the next heading, written with ``written`` ``#``."""
        while self.open and self.open[-1] >= written:
            self.open.pop()
        self.open.append(written)
        return min(TOP_LEVEL + len(self.open) - 1, 6)


_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
"""A heading's opening or closing tag in a body's HTML. Raw HTML in a body is shown as text
(``&lt;h2&gt;``), so every ``<h`` and a digit there is one the parser drew."""


def placed_under(html: str, level: int) -> str:
    """A body's HTML (its top headings at :data:`TOP_LEVEL`) for a place in a page under a
    heading of ``level``: each heading shifted so the top ones are one below it, none past
    ``h6``.

    A body is rendered once, and that HTML is cached and shared by every place that shows it:
    its entry's page and the feed, where it sits under the entry's title, and the pages that
    set it in a section of their own (a goal's "The plan", a check-in's "Notes"). One cheap
    pass over the tags of the HTML already drawn puts it one level deeper there, with no
    second rendering and the same anchors."""
    shift = level + 1 - TOP_LEVEL
    if shift == 0 or "<h" not in html:
        return html
    return _HEADING_TAG.sub(
        lambda tag: f"<{tag[1]}h{max(1, min(int(tag[2]) + shift, 6))}", html)


def _mark_only(found: re.Match[str]) -> str:
    """A character ``\\w`` leaves out of a slug, kept when it is a combining mark, as GitHub
    keeps it: the vowel signs and virama of Devanagari (``लक्ष्य``), Arabic's harakat, an
    accent written apart from its letter. Without them ``## लक्ष्य`` was ``लकषय``, and a link
    to the heading as GitHub shows it (``#लक्ष्य``) led to the top of the page."""
    return found[0] if unicodedata.category(found[0]).startswith("M") else ""


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
        base = _not_in_slug().sub(_mark_only, title.lower().replace(" ", "-")) or "heading"
        slug, suffix = base, self.next_suffix.get(base, 1)
        if slug in self.used or _FOOTNOTE_ID.fullmatch(slug):
            while (slug := f"{base}-{suffix}") in self.used:
                suffix += 1
            suffix += 1
        self.next_suffix[base] = suffix
        self.used.add(slug)
        return slug
