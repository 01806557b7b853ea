"""Curly quotes that open a value and never close: ``title: “Ship it``, pasted from a word
processor, is the title "“Ship it", quote mark and all.

YAML quotes a value with straight quotes only, so an unclosed ``"`` is invalid YAML and told as
such, but an unclosed ``“`` is text like any other and reads without an error: the mark goes
unseen until the site shows it. A plain value that starts with an opening mark and holds none
of its closing marks is told; a pair closed (``“Ship it”``) is typography meant, and a mark
inside a value (``it’s``, ``say “hi``) opens no value. Found from PyYAML's tokens, which alone
know where a plain value starts and ends: only text that holds an opening mark where a value
can start is scanned.
"""

from __future__ import annotations

import re

import yaml

from mentorsite.read.comments import Position
from mentorsite.read.yamlfast import Loader

CLOSERS = {"“": "”“", "„": "“”", "«": "»", "”": "”", "‘": "’‘", "‚": "‘’"}
"""Each opening mark and the marks that close it: English ``“…”`` and ``‘…’``, German ``„…“``
and ``‚…‘``, Polish ``„…”``, French ``«…»``, Swedish ``”…”``; and ``“…“``, as some keyboards
type it, since the value is then closed, if oddly. ``’`` opens none: it starts words
(``’90s``, ``’cause``)."""

UNCLOSED = "unclosed-quote"
"""The warning's code."""

Opened = tuple[Position, str]
"""Where a value opens with a curly quote it never closes, and that mark."""

_MARKS = re.compile("[“„«”‘‚]")
"""Any opening mark at all: one class of characters, looked for in every front matter, is a
tenth of the cost of :data:`_OPENS`, whose alternation is tried at every character (0.1 CPU s
over the 5,000 front matters of the benchmark corpus, none of which holds one). Every mark is
outside ASCII, and whether a string is ASCII Python knows without looking at its characters:
text that is (all 5,000 there) is not searched at all."""
_OPENS = re.compile(r"(?:^|[\s:,\[{?-])[“„«”‘‚]", re.MULTILINE)
"""An opening mark where a value can start: text holding none is not scanned."""
_ELIDED_YEAR = re.compile(r"[‘’]\d")
"""``‘24 plan``: a mark eliding a year's first digits (a word processor turns ``'`` into ``‘``
at the start of a word) is no quote left open."""
_COMMENT = re.compile(r"[ \t]+#[^\n]*")
"""A comment after a value on its line: a closing mark in it was cut off by the comment, which
:mod:`mentorsite.read.comments` tells."""


def unclosed_message(opener: str) -> str:
    """What is said of a value opened with ``opener`` and never closed."""
    return (f"the value starts with a typographic quote ({opener}) and no "
            f"{CLOSERS[opener][0]} closes it: YAML reads {opener} as text, not as a quote, so "
            "it is part of the value; put the value in straight quotes (\"…\" or '…'), or "
            f"delete the {opener}")


def unclosed_quotes(text: str, line_offset: int) -> tuple[Opened, ...]:
    """Where a plain value of ``text`` (YAML whose first line is file line ``line_offset +
    1``) opens with a curly quote it never closes, with that mark. Text that is no valid YAML
    gives none: its error is told, and its tokens say nothing sure about values."""
    if text.isascii() or _MARKS.search(text) is None or _OPENS.search(text) is None:
        return ()
    found: list[Opened] = []
    loader = Loader(text)
    previous: yaml.Token | None = None
    try:
        while (token := loader.get_token()) is not None:
            if (isinstance(token, yaml.ScalarToken) and token.plain
                    and not isinstance(previous, yaml.KeyToken)
                    and _left_open(token.value, _comment_after(text, token.end_mark.index))):
                start = token.start_mark.index
                line_start = text.rfind("\n", 0, start) + 1
                found.append(((text.count("\n", 0, start) + 1 + line_offset,
                               start - line_start + 1), token.value[0]))
            previous = token
    except yaml.YAMLError:
        return ()
    finally:
        loader.dispose()
    return tuple(found)


def _left_open(value: str, comment: str) -> bool:
    """Whether ``value`` opens with a curly quote that neither it nor the ``comment`` after
    it closes."""
    closers = CLOSERS.get(value[:1])
    if closers is None or _ELIDED_YEAR.match(value):
        return False
    rest = value[1:] + comment
    return not any(closer in rest for closer in closers)


def _comment_after(text: str, index: int) -> str:
    """The comment after the value ending at ``index`` on its line; empty if none."""
    comment = _COMMENT.match(text, index)
    return comment.group() if comment else ""
