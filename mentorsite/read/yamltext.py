"""The YAML text of front matter as a pair wrote it, read without a parser: where each
character is (file line and column), which brackets are outside quoted text, and what
libyaml's commonest complaints mean in a pair's words.

:mod:`mentorsite.read.yamlsafe` reads the YAML; a problem it meets is placed and told here, by
looking at the text around libyaml's mark (a bracket opened lines above, a no-break space
pasted from a word processor, a typographic quote), which libyaml's own message does not name.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator

import yaml

Position = tuple[int, int]
"""A 1-based (line, column) in the file."""

_LF = re.compile("\n")

_QUOTE_OPENERS = frozenset(" \t\n[{,:-?")
"""Characters after which a quote starts a quoted scalar rather than sitting inside text."""


def one_line(text: str) -> str:
    return " ".join(str(text).split())


_BRACKETS = {"while parsing a flow sequence": ("list", "[", "]"),
             "while parsing a flow mapping": ("mapping", "{", "}")}
"""libyaml's context for an unclosed bracket: what the bracket opened, and its two ends."""
_BY_OPENER = {start: (what, start, end) for what, start, end in _BRACKETS.values()}


def brackets(text: str) -> Iterator[tuple[int, str]]:
    """Each bracket of ``text`` outside quoted text and comments, with its index. A quote
    opens a scalar only where one can start (not in ``it's``), and a line break ends it; a
    ``#`` after a space or at the start of a line starts a comment, to the end of its line
    (``# see [the plan`` opened no list, and was named as the one left open). The scan can
    only over-count, and only in plain scalars holding brackets."""
    quote = ""
    comment = False
    previous = "\n"
    for index, char in enumerate(text):
        if comment:
            comment = char != "\n"
        elif quote:
            if char == quote or char == "\n":
                quote = ""
        elif char == "#" and previous in " \t\n":
            comment = True
        elif char in "\"'" and previous in _QUOTE_OPENERS:
            quote = char
        elif char in "[]{}":
            yield index, char
        previous = char


def _unclosed_bracket(text: str, end: int) -> int | None:
    """Where the innermost ``[`` or ``{`` still open at ``end`` is, or None."""
    opened: list[int] = []
    for index, char in brackets(text[:end]):
        if char in "[{":
            opened.append(index)
        elif opened:
            opened.pop()
    return opened[-1] if opened else None


def _comment_in_brackets(text: str, end: int) -> int | None:
    """Where the first comment that starts inside a ``[ ]`` or ``{ }`` before ``end`` and
    holds a closing bracket is, or None: ``wins: [#1 first]`` and ``[a, #1]``, where the ``#``
    after a space starts a YAML comment that takes the rest of the line, its closing bracket
    too, so that the list is never closed (a comment on a line of its own is one meant)."""
    depth, quote, previous, comment = 0, "", "\n", False
    for index, char in enumerate(text[:end]):
        if comment or quote:  # each runs to the end of its line, a quote to its own end too
            if char == "\n" or char == quote:
                comment, quote = False, ""
        elif char == "#" and previous in " \t\n[{,":
            line_end = text.find("\n", index)
            if depth and _closes(text[index:line_end if line_end >= 0 else len(text)]):
                return index
            comment = True
        elif char in "\"'" and previous in _QUOTE_OPENERS:
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth = max(depth - 1, 0)
        previous = char
    return None


def _closes(comment: str) -> bool:
    """Whether ``comment`` holds a closing bracket that none of its own opens: ``# see [x]``
    is a note with a bracket in it, not the end of the list it is written in."""
    depth = 0
    for char in comment:
        if char in "[{":
            depth += 1
        elif char in "]}":
            if not depth:
                return True
            depth -= 1
    return False


_STREAM_MARKER = re.compile(r"^(?:\.\.\.(?=[ \t]|$)|%)", re.MULTILINE)
"""A line that ends a YAML document (``...``) or starts a directive (``%YAML 1.2``): the keys
after it are what libyaml calls a missing document start."""

_INDENTED = frozenset({"while parsing a block mapping", "while parsing a block collection"})
"""libyaml's contexts for a line indented unlike its neighbours."""


def explained(exc: yaml.MarkedYAMLError, lines: Lines, at: Position,
               reason: str) -> tuple[Position, str]:
    """Where the mistake is and what it is, in a pair's words, for libyaml's commonest
    complaints; any other keeps libyaml's position and words.

    libyaml names the place where it gave up and a parser's state ("did not find expected ','
    or ']'", "mapping values are not allowed in this context"), which tells someone who writes
    YAML by hand in a text editor neither what is wrong nor what to do about it."""
    context = exc.context or ""
    opened = lines.at(exc.context_mark.index) if exc.context_mark is not None else at
    index = exc.problem_mark.index if exc.problem_mark is not None else None
    found = lines.text[index] if index is not None and index < len(lines.text) else ""
    pasted = _pasted(lines, max(min(opened, at)[0], at[0] - 1), at[0])
    if pasted is not None:
        return pasted
    if (context in _BRACKETS or context == "while parsing a flow node") and reason.startswith(
            "did not find expected"):
        comment = _comment_in_brackets(lines.text, len(lines.text) if index is None else index)
        if comment is not None:  # its ']' is in the comment: `wins: [#1 first]`
            return lines.at(comment), ("'#' here starts a YAML comment, which takes the rest "
                                       "of the line and its closing bracket: put a value that "
                                       "holds the '#' in quotes (['#1 first'])")
    if context in _BRACKETS and reason.startswith("did not find expected"):
        what, start, end = _BRACKETS[context]
        if opened[0] == at[0]:
            return at, (f"expected ',' or '{end}' here, in the {what} opened with '{start}' "
                        f"at column {opened[1]}")
        return opened, (f"the {what} opened with '{start}' here is not closed with '{end}' "
                        f"(YAML gave up on line {at[0]})")
    if context == "while parsing a flow node" and reason.startswith("did not find expected"):
        bracket = _unclosed_bracket(lines.text, index if index is not None else len(lines.text))
        if bracket is not None:  # the file ends inside a list or mapping: `tags: [a,`
            what, start, end = _BY_OPENER[lines.text[bracket]]
            return lines.at(bracket), (f"the {what} opened with '{start}' here is not closed "
                                       f"with '{end}'")
    if reason == "block sequence entries are not allowed in this context":
        return at, ("a list item ('- ') cannot follow a key on the same line: put each item "
                    "on a line of its own below the key, indented ('  - first'), or put the "
                    "value in quotes")
    if context in ("while scanning an anchor", "while scanning an alias"):
        sign = "&" if "anchor" in context else "*"
        return opened, (f"a value cannot start with '{sign}' (YAML's mark of an "
                        f"{context.rsplit(' ', 1)[-1]}): put the value in quotes")
    if context == "while scanning a simple key" and reason == "could not find expected ':'":
        if ":" not in lines.line(opened[0]):  # a value going on at the start of a line
            return opened, ("expected 'key: value' on this line: if it goes on with the value "
                            "above, indent it, or put that whole value in quotes")
        return opened, ("expected 'key: value' on this line: put a space after the key's "
                        "colon (status: active, not status:active)")
    if context == "while scanning a block scalar" and "comment or" in reason:
        return opened, ("'|' and '>' start a text on the lines below them, so nothing can "
                        "follow on their own line: move the text to the next line, indented, or "
                        "put the value in quotes")
    if reason.startswith("found a tab character"):
        return at, "a tab cannot indent YAML: indent with spaces"
    if "quoted scalar" in context and ("end of stream" in reason
                                       or "document indicator" in reason):
        return opened, "the quote opened here is never closed"
    if "quoted scalar" in context and "unknown escape" in reason:
        return at, ("a backslash in double quotes starts an escape such as \\n: write \\\\ "
                    "for a backslash, or put the value in single quotes")
    if reason == "mapping values are not allowed in this context":
        return at, ("':' followed by a space cannot be used here: put the value in quotes if it "
                    'holds one (title: "Plan: phase one"), or check the indentation of this '
                    "line and the one above")
    if reason == "found character that cannot start any token":
        if found == "\t":
            return at, "a tab cannot indent YAML: indent with spaces"
        return at, f"a value cannot start with {found!r}: put the value in quotes"
    if context in _INDENTED and reason.startswith("did not find expected") and index:
        before = lines.text[:index].rstrip(" ")[-1:]
        if before in ("'", '"'):  # note: 'it's fine', title: "x" y
            return at, ("text after the closing quote: put the whole value in quotes, "
                        "writing a quote inside it as the other kind (\"it's fine\") or, "
                        "inside single quotes, twice ('it''s fine')")
        if before in ("]", "}"):  # k: [a, b] c
            return at, (f"text after the closing '{before}': put the whole value in quotes if "
                        "it is text")
    if reason == "did not find expected <document start>":
        marker = _STREAM_MARKER.search(lines.text, 0, index or 0)
        if marker is not None and marker[0] == "...":
            return lines.at(marker.start()), ("'...' ends the YAML here, so the lines after it "
                                              "are not read: delete this line")
        if marker is not None:
            return lines.at(marker.start()), ("a line starting with '%' is a YAML directive, "
                                              "which front matter does not take: delete it")
        return at, ("this line's indentation does not line up with the lines above it: keys "
                    "at the top start at the beginning of their line")
    if context in _INDENTED and reason.startswith("did not find expected"):
        return at, ("this line's indentation does not line up with the keys or list items "
                    f"above it (from line {opened[0]})")
    return at, reason


_UNREAD_SPACE = re.compile("(?:^ *|: *|- *)([\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff])",
                           re.MULTILINE)
"""A space YAML does not read as one (a no-break space from a word processor, a zero-width
space from a web page), where YAML needs a space: indenting a line, after a key's colon, after
a list item's dash."""
_TYPOGRAPHIC_QUOTE = re.compile("(?:^|[:,\\[{-]) +([\u201c\u201d\u201e\u2018\u2019\u201a\u00ab])",
                                re.MULTILINE)
"""A value starting with a quote that a word processor curled, which YAML takes for text."""


def _pasted(lines: Lines, first: int, last: int) -> tuple[Position, str] | None:
    """A character pasted from a word processor or a web page where YAML needs a space or a
    straight quote, on the line libyaml gave up on (or the one above it, which it may have
    read as a key); without it the message names a mistake the pair cannot see ("put a space
    after the key's colon" where one shows)."""
    start, end = lines.span(first, last)
    space = _UNREAD_SPACE.search(lines.text, start, end)
    if space is not None:
        char = space[1]
        return lines.at(space.start(1)), (
            f"this is a {unicodedata.name(char).lower()} (U+{ord(char):04X}), which YAML does "
            "not read as a space: type an ordinary space in its place")
    quote = _TYPOGRAPHIC_QUOTE.search(lines.text, start, end)
    if quote is not None:
        return lines.at(quote.start(1)), (
            f"the value starts with a typographic quote ({quote[1]}), which YAML reads as "
            "text, not as a quote: put the value in straight quotes (\"…\" or '…')")
    return None


class Lines:
    """Character offsets to file positions, counting only LF as a line break.

    PyYAML also breaks lines at U+0085, U+2028 and U+2029, so its own line numbers drift from
    the file's; every position is therefore taken from the mark's character index instead.
    """

    def __init__(self, text: str, line_offset: int) -> None:
        self.text = text
        self.offset = line_offset
        self._starts: list[int] | None = None  # found when a position is first asked for

    def at(self, index: int) -> Position:
        starts = self._starts
        if starts is None:
            starts = self._starts = [0, *(match.end() for match in _LF.finditer(self.text))]
        line = bisect.bisect_right(starts, index) - 1
        return (line + 1 + self.offset, index - starts[line] + 1)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Where file lines ``first`` to ``last`` start and end, as character offsets."""
        self.at(0)  # finds where the lines start
        starts = self._starts or [0]
        begin = starts[min(max(first - 1 - self.offset, 0), len(starts) - 1)]
        after = last - self.offset
        return begin, starts[after] - 1 if after < len(starts) else len(self.text)

    def line(self, number: int) -> str:
        """The text of file line ``number``, without its line break."""
        return self.text[slice(*self.span(number, number))]
