"""Markdown headings read from an entry's source text, line by line: what a reflection's prompts
are looked for among, outside fenced code, without rendering the body."""

from __future__ import annotations

import re
from collections.abc import Iterator

_BLANKS = " \t"
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def headings(markdown: str) -> list[str]:
    """The text of every ATX and setext heading outside fenced code."""
    return [text for text, _, _ in heading_spans(markdown)]


def heading_spans(markdown: str) -> list[tuple[str, int, int]]:
    """Every ATX and setext heading outside fenced code: its text and its first and last
    line (0-based; a setext heading is its text and its underline)."""
    found: list[tuple[str, int, int]] = []
    previous, last = "", -1
    for number, line in unfenced(markdown):
        if number != last + 1:  # a fenced block between: no underline of what came before
            previous = ""
        last = number
        atx = _atx_text(line) if "#" in line else None  # most lines are no heading
        if atx is not None:
            found.append((atx, number, number))
        elif ("=" in line or "-" in line) and _SETEXT.match(line) and previous.strip():
            found.append((previous.strip(), number - 1, number))
        previous = line
    return found


def unfenced(markdown: str) -> Iterator[tuple[int, str]]:
    """Each line of ``markdown`` outside fenced code, with its 0-based number (the fences'
    own lines left out too): what looks like a heading inside a fence is code. A body with
    no three backticks or tildes in a row has no fence (none of the benchmark corpus's 700
    reflections has one): each of its lines is given without a look."""
    if "```" not in markdown and "~~~" not in markdown:
        yield from enumerate(markdown.split("\n"))
        return
    fence = ""
    for number, line in enumerate(markdown.split("\n")):
        opener = _FENCE.match(line)
        if fence:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = ""
        elif opener:
            fence = opener.group(1)
        else:
            yield number, line


def _atx_text(line: str) -> str | None:
    """The text of the ATX heading ``line`` is (``## Goals ##`` gives ``Goals``), or None.

    Up to three spaces, one to six ``#``, then nothing or a blank; the text runs to the
    closing ``#`` run if a blank comes before it, and no blank ends it. Read with string
    methods, each a pass over the line: the regular expression this replaces tried every end
    of the text, and every split of the blanks before a closing run, so a line of 10,000 tabs
    between a word and a ``#`` took a second, and a reflection of one such line of 1 MB hours.
    """
    text = line.lstrip(" ")
    if len(line) - len(text) > 3:
        return None
    rest = text.lstrip("#")
    if not 1 <= len(text) - len(rest) <= 6 or rest[:1] not in ("", " ", "\t"):
        return None
    text = rest.strip(_BLANKS)
    unclosed = text.rstrip("#")
    return unclosed.rstrip(_BLANKS) if unclosed[-1:] in (" ", "\t") else text
