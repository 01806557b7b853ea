"""Where a body shows an image, and by which address, for ``check`` to judge.

The site publishes pages, not the repository's files, so an image by a path (``static/x.png``,
``../../images/x.png``) shows on GitHub beside the file and nowhere on the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

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
    an image by reference at its definition."""
    if "![" not in markdown:
        return ()
    text = markdown.replace("\0", "\ufffd")
    lines = text.split("\n")
    found: list[Image] = []
    for token in _image_finder().parse(text):
        if token.type != "inline" or token.map is None or "![" not in token.content:
            continue
        first = token.map[0]
        block = "\n".join(lines[first:token.map[1]])
        at = 0
        for child in token.children or ():
            if child.type == "code_inline":  # past its closing backticks
                opened = block.find(child.markup, at)
                closed = block.find(child.markup, opened + len(child.markup))
                if opened >= 0 and closed >= 0:
                    at = closed + len(child.markup)
            elif child.type == "image":
                source = str(child.attrs.get("src", ""))
                bang = max(block.find("![", at), at)
                closed = block.find("]", bang)
                inline = closed >= 0 and block.startswith("(", closed + 1)
                written = block.find(source, closed) if source and inline else -1
                at = max(written + len(source), closed + 1) if written >= 0 else bang + 2
                if written >= 0:
                    found.append(_placed(block, first, written, source))
                    continue
                # escaped (where its address begins), by reference (its definition), or
                # empty (the image itself)
                defined = _definition(source).search(text) if source and not inline else None
                found.append(_placed(block, first, closed + 2, source) if inline else
                             _placed(text, 0, defined.start(1), source) if defined else
                             _placed(block, first, bang, source))
    return tuple(sorted(found))


def _definition(source: str) -> re.Pattern[str]:
    """A reference definition giving ``source`` (``[board]: board.png``), its address the
    group: a mention of the address elsewhere in the body is not where to change it."""
    return re.compile(rf"^ {{0,3}}\[[^\]\n]+\]:[ \t]*<?({re.escape(source)})", re.MULTILINE)


def _placed(text: str, first_line: int, at: int, source: str) -> Image:
    """The image whose ``source`` is written at ``at`` in ``text``, which starts the body's
    line ``first_line`` (0-based)."""
    line_start = text.rfind("\n", 0, at) + 1
    return Image(first_line + text.count("\n", 0, at) + 1, at - line_start + 1, source)
