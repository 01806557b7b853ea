"""Where a body shows an image, and by which address, for ``check`` to judge; and which of its
links and images the site shows with no name.

The site publishes pages, not the repository's files, so an image by a path (``static/x.png``,
``../../images/x.png``) shows on GitHub beside the file and nowhere on the site. A link with no
text (``[](https://…)``) is a link a screen reader can only call "link", and an image with no
text in its brackets is drawn ``alt=""``, which tells it to say nothing of the image at all.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from mentorsite.markdown.engine import MAX_NESTING
from mentorsite.markdown.rules import is_safe_link


@dataclass(frozen=True, order=True)
class Image:
    """An image a body shows: ``![alt](source)`` or ``![alt][label]``."""

    line: int
    """1-based, in the body: where its address is written (a reference's definition, if the
    image names one)."""
    column: int
    source: str
    """Its address, as written (backslash escapes and entities read)."""


class _AsWritten(MarkdownIt):
    """markdown-it with the site's link rule, keeping addresses as written: the site's own
    parser percent-encodes them, which would no longer match the text."""

    def validateLink(self, url: str) -> bool:
        return is_safe_link(url)

    def normalizeLink(self, url: str) -> str:
        return url


@cache
def _image_finder() -> MarkdownIt:
    """A parser that reads blocks as the site's does (raw HTML as text, tables, footnotes)."""
    md = _AsWritten("commonmark", {"html": False, "maxNesting": MAX_NESTING})
    return md.enable("table").use(footnote_plugin)


@lru_cache(maxsize=16384)
def images(markdown: str) -> tuple[Image, ...]:
    """Every image ``markdown`` shows, in order; code spans and blocks show none. Only a body
    with ``![`` is parsed (remembered: ``serve`` lints every body again after each edit).

    An image's place is found in its block's text from the end of the one before it (and of
    any code span between them), as :func:`~mentorsite.markdown.engine.raw_html` finds a tag's;
    an image by reference at its definition. Each look reads only the image's own text, and
    lines are counted once a block, so a body of 100,000 images is read in linear time."""
    if "![" not in markdown:
        return ()
    text = markdown.replace("\0", "\ufffd")
    lines = text.split("\n")
    found: list[Image] = []
    definitions = _Definitions(text)
    for token in _image_finder().parse(text):
        if token.type != "inline" or token.map is None or "![" not in token.content:
            continue
        first = token.map[0]
        block = _Block("\n".join(lines[first:token.map[1]]), first)
        at = 0
        for child in token.children or ():
            if child.type == "code_inline":  # past its closing backticks
                opened = block.text.find(child.markup, at)
                closed = block.text.find(child.markup, opened + len(child.markup))
                if opened >= 0 and closed >= 0:
                    at = closed + len(child.markup)
            elif child.type == "image":
                source = str(child.attrs.get("src", ""))
                bang = max(block.text.find("![", at), at)
                closed = block.text.find("]", bang)
                inline = closed >= 0 and block.text.startswith("(", closed + 1)
                written = block.address(closed, source) if source and inline else -1
                at = max(written + len(source), closed + 1) if written >= 0 else bang + 2
                if written >= 0:
                    found.append(block.placed(written, source))
                    continue
                # escaped (where its address begins), by reference (its definition), or
                # empty (the image itself)
                defined = definitions.of(source) if source and not inline else None
                found.append(block.placed(closed + 2, source) if inline else
                             defined or block.placed(bang, source))
    return tuple(sorted(found))


_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*", re.MULTILINE)
"""The start of a reference definition (``[board]: ``), up to where its address begins."""
_BEFORE_ADDRESS = re.compile(r"[\s>]*")
"""What may come between an image's ``(`` and its address: blanks, line breaks and, on the
lines after the first, the ``>`` of the quote it is in."""
NEAR = 4096
"""How far past where an inline image's address should begin it is looked for (an image
found by a ``![`` that starts none ends at another ``]``; its address comes later)."""
_LINE_END = re.compile("\n")


class _Block:
    """A block's text, which starts on the body's 0-based line ``first``, and the places in
    it; where each line starts is found once."""

    def __init__(self, text: str, first: int) -> None:
        self.text, self.first = text, first
        self.starts = [0, *(found.end() for found in _LINE_END.finditer(text))]

    def address(self, closed: int, source: str) -> int:
        """Where an image whose text closes at ``closed`` writes ``source``, from there on
        up to :data:`NEAR` past where its address begins, or -1 (escaped). Looked for to the
        block's end, an address missing from it (escaped) had each image read the rest of
        the block: 50,000 such images in a paragraph took minutes."""
        before = _BEFORE_ADDRESS.match(self.text, closed + 2)
        start = before.end() if before else closed + 2
        return self.text.find(source, closed, start + 1 + len(source) + NEAR)

    def placed(self, at: int, source: str) -> Image:
        """The image whose ``source`` is written at ``at``."""
        line = bisect_right(self.starts, at) - 1
        return Image(self.first + line + 1, at - self.starts[line] + 1, source)


class _Definitions:
    """Where a reference definition gives an address: the first definition whose text after
    ``]:``, its blanks and any ``<`` starts with it (a search of the whole body for each image
    by reference took minutes for 30,000 of them). Read when the first such image asks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[str, Image | None] = {}

    @cached_property
    def written(self) -> list[tuple[str, int]]:
        """Each definition's text from its address on, with where it is, sorted."""
        return sorted(self.read())

    @cached_property
    def body(self) -> _Block:
        return _Block(self.text, 0)

    def of(self, source: str) -> Image | None:
        """The definition giving ``source``, placed at its address."""
        if source not in self.found:
            self.found[source] = self.first(source)
        return self.found[source]

    def first(self, source: str) -> Image | None:
        """Each definition text starting with ``source`` is in one run of the sorted texts,
        and each text is in the runs of at most as many addresses as it has characters."""
        written = self.written
        at = bisect_left(written, (source, -1))
        places = []
        while at < len(written) and written[at][0].startswith(source):
            places.append(written[at][1])
            at += 1
        if not places:
            return None
        return self.body.placed(min(places), source)

    def read(self) -> list[tuple[str, int]]:
        """The text of each definition's line from where its address begins (and from after
        its ``<``), and where that is in the body."""
        found = []
        for definition in _DEFINITION.finditer(self.text):
            at = definition.end()
            end = self.text.find("\n", at)
            rest = self.text[at:end if end >= 0 else len(self.text)]
            found.append((rest, at))
            if rest.startswith("<"):
                found.append((rest[1:], at + 1))
        return found


_UNNAMED_LINK = re.compile(r"\[\s*(?:!\[\s*\][^\]]*?)?\]")
"""How a link with no name starts: ``[`` then blanks, or an image with no text, then ``]``."""
_UNNAMED_IMAGE = re.compile(r"!\[\s*\]")
"""How an image with no text starts: ``![`` then blanks, then ``]``."""


_MAYBE_UNNAMED = re.compile(r"\[\s*\][(\[]")
"""What a body shows a link or an image with no name by, if it shows one: empty brackets right
before a destination or a reference (``[](…)``, ``![ ][ref]``, and ``[![](…)](…)`` holds one).
A task's ``- [ ] …`` is none: parsing every body holding one or any link, as the site's
Markdown does not (its everyday bodies skip markdown-it), took 2.1 CPU s over the 5,000-file
benchmark corpus, in every cold build."""


@dataclass(frozen=True, order=True)
class Unnamed:
    """A link or an image a body shows with no name."""

    line: int
    """1-based, in the body: where its ``[`` (``![``) is."""
    column: int
    image: bool
    """An image with no text, not a link with none."""


@lru_cache(maxsize=16384)
def unnamed(markdown: str) -> tuple[Unnamed, ...]:
    """Every link with no text (no text of its own, nor of an image in it) and every image
    with no text outside such a link that ``markdown`` shows, in order: a link holding only
    such an image is the one problem. Code spans and blocks show none. Each is placed at its
    ``[`` as :func:`images` places an image, looked for in its block from the place of the one
    before it; where its text cannot be found (an escape, a reference's text), at its block."""
    if _MAYBE_UNNAMED.search(markdown) is None:
        return ()
    text = markdown.replace("\0", "\ufffd")
    lines = text.split("\n")
    found: list[Unnamed] = []
    for token in _image_finder().parse(text):
        if token.type != "inline" or token.map is None:
            continue
        block = _Block("\n".join(lines[token.map[0]:token.map[1]]), token.map[0])
        at, link, named = 0, False, False
        for child in token.children or ():
            if child.type == "code_inline":
                named = True
                opened = block.text.find(child.markup, at)
                closed = block.text.find(child.markup, opened + len(child.markup))
                if opened >= 0 and closed >= 0:
                    at = closed + len(child.markup)
            elif child.type == "link_open":
                link, named = True, False
            elif child.type == "link_close":
                if not named:
                    at = _place(block, _UNNAMED_LINK, at, False, found)
                link = False
            elif child.type == "image" and not child.content.strip():
                if not link:
                    at = _place(block, _UNNAMED_IMAGE, at, True, found)
            elif child.type == "image" or child.content.strip():
                named = True
    return tuple(found)


def _place(block: _Block, written: re.Pattern[str], at: int, image: bool,
           found: list[Unnamed]) -> int:
    """Add the unnamed link or image written as ``written`` first from ``at`` in ``block``
    (else at the block's start) to ``found``; where to look from next."""
    match = written.search(block.text, at)
    start = match.start() if match else 0
    place = block.placed(start, "")
    found.append(Unnamed(place.line, place.column, image))
    return match.end() if match else at
