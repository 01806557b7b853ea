"""Comments that cut a value short: ``title: Lead discussions #1`` is the title "Lead
discussions", as YAML starts a comment at a ``#`` after a space.

A pair numbering or tagging a value by hand (``#1``, ``#team``) does not know that, and the file
reads without an error, so the cut goes unseen until the site shows it. Comments people mean
are written ``# note``, with a space after the ``#``: a ``#`` right against the next character
after a value is told as the likelier mistake. Found from PyYAML's tokens, which alone know where
a value ends (quotes, brackets, block text): only text that holds such a ``#`` is scanned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from mentorsite.read.yamlfast import Loader

Position = tuple[int, int]
"""A 1-based (line, column) in the file."""

_GLUED = re.compile(r"(?<![ \t])[ \t]+#[^\s#]")
"""A comment after something on its line whose text starts right after its ``#``. Looked
for only from the first blank of a run: tried from each blank, a value followed by 300,000
spaces took a search longer than two minutes (each try ran to the run's end). It has no
literal start for the regex engine to skip to, so it is tried at every character: only text
holding a ``#`` at all is searched (none of the 5,000 front matters of the benchmark corpus)."""

GLUED = "comment-in-value"
"""The warning's code."""
GLUED_COMMENT = ("the text from ' #' is a YAML comment, not part of the value: quote the value "
                 "(or write '# ' for a comment)")
"""The message of a glued comment after a value."""
EMPTIED = "got nothing ('#' after a space starts a YAML comment: quote the value)"
"""What an error that a value is missing says where a comment took the whole of it."""

EMPTIED_VALUE = ("the value is empty: '#' after a space starts a YAML comment, so the text "
                 "from it is not the value: quote the value (or write '# ' for a comment)")
"""The message of a value a comment took the whole of, where leaving it empty is no error."""


@dataclass(frozen=True)
class CutComments:
    """Where comments such as ``#1`` follow a value on its line."""

    glued: tuple[Position, ...] = ()
    """The ``#`` of each one after a plain value, which it cut short."""
    emptied: tuple[tuple[Position, Position], ...] = ()
    """Each value a comment took the whole of (``title: #1 priority``): its position as the
    YAML reader gives an empty value's (the place a 'got nothing' error is first told at,
    right after the ``:``), and its comment's ``#``, where the reader must look and where
    what is told of it is moved to."""


def cut_comments(text: str, line_offset: int) -> CutComments:
    """The comments of ``text`` (YAML whose first line is file line ``line_offset + 1``)
    that follow a value and start right after their ``#``. Text that is no valid YAML gives
    none: its error is told, and its tokens say nothing sure about values."""
    if "#" not in text or _GLUED.search(text) is None:  # one pass in C, not a try per character
        return CutComments()
    glued: list[Position] = []
    emptied: list[tuple[Position, Position]] = []
    loader = Loader(text)
    previous: yaml.Token | None = None
    # where a comment follows a 'key:' or a list's '-': a value it took the whole of, unless
    # the value starts on a later line ('mentors: #who' over '  - Ana')
    cut: tuple[int, int] | None = None  # where the empty value is, and the comment's '#'
    try:
        while (token := loader.get_token()) is not None:
            if cut is not None and not _starts_value(token, previous):
                emptied.append((_at(text, cut[0], line_offset), _at(text, cut[1], line_offset)))
            cut = None
            after = token.end_mark.index
            glue = _GLUED.match(text, after)
            if glue is not None:
                if isinstance(token, yaml.ScalarToken) and token.plain and not isinstance(
                        previous, yaml.KeyToken):
                    glued.append(_at(text, glue.end() - 2, line_offset))
                elif isinstance(token, yaml.ValueToken | yaml.BlockEntryToken):
                    cut = after, glue.end() - 2
            previous = token
    except yaml.YAMLError:
        return CutComments()
    finally:
        loader.dispose()
    return CutComments(tuple(glued), tuple(emptied))


_NODE_STARTS = (yaml.ScalarToken, yaml.AliasToken, yaml.AnchorToken, yaml.TagToken,
                yaml.BlockSequenceStartToken, yaml.BlockMappingStartToken,
                yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)
"""The tokens a value can start with."""


def _starts_value(token: yaml.Token, cut: yaml.Token | None) -> bool:
    """Whether ``token``, right after the ``cut`` token (a ``:`` or a ``-``) that a comment
    followed, starts its value on a later line; a ``-`` after a ``:`` does too, as a list
    under its key need not be indented (``mentors: #who`` over ``- Ana``)."""
    return isinstance(token, _NODE_STARTS) or (
        isinstance(token, yaml.BlockEntryToken) and isinstance(cut, yaml.ValueToken))


def _at(text: str, index: int, line_offset: int) -> Position:
    start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1 + line_offset, index - start + 1
