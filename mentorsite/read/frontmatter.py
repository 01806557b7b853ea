"""Split a content file's text into front matter and Markdown body, keeping line numbers exact.

Files are UTF-8 with an optional byte-order mark and LF or CRLF line ends. The text is
normalised to LF first (which keeps every line number), then the YAML between the opening
``---`` line and the next ``---`` line is handed to :mod:`mentorsite.read.yamlsafe` with its line
offset, so that YAML positions are positions in the file.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from typing import Any

from mentorsite.read.comments import CutComments, cut_comments
from mentorsite.read.flowcommas import split_numbers
from mentorsite.read.quotes import Opened, unclosed_quotes
from mentorsite.read.yamlsafe import Positions, YamlProblem, not_a_mapping, read_yaml

Known = tuple[int, bytes]
"""A front matter read in another process: the hash of its YAML text, and its mapping pickled."""


@dataclass
class FrontMatter:
    """What one file says: its mapping, where each part of it was, and its body."""

    meta: dict[str, Any] = field(default_factory=dict)
    positions: Positions = field(default_factory=Positions)
    body: str = ""
    body_line: int = 1
    """The 1-based line of the file on which the body starts."""
    problems: list[YamlProblem] = field(default_factory=list)
    pickled: bytes | None = None
    """``meta`` pickled, when it came so from another process (:func:`known_front`)."""
    cut: CutComments = field(default_factory=CutComments)
    """Comments such as ``#1`` that cut a value of ``meta`` short
    (:mod:`~mentorsite.read.comments`)."""
    unclosed: tuple[Opened, ...] = ()
    """Values of ``meta`` that open with a curly quote and never close it
    (:mod:`~mentorsite.read.quotes`)."""


def normalise(text: str) -> str:
    """Drop a byte-order mark and turn CRLF and lone CR into LF; line numbers do not move.

    A text without a CR, as most are, is looked through once for one: the search for the
    two characters of CRLF reads every character of the whole file (the body too), where
    the search for one character goes at the speed of ``memchr``."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str, known: Known | None = None) -> FrontMatter:
    """Parse normalised ``text``; problems are returned, never raised. ``known``: what a helper
    read of this file's front matter (:func:`known_front`), taken when its YAML text is this one."""
    parts = _parts(text)
    if isinstance(parts, FrontMatter):
        return parts
    yaml_text, body, body_line = parts
    if known is not None and known[0] == hash(yaml_text):
        meta, positions = pickle.loads(known[1]), Positions.later(yaml_text, 1)
        split_up = split_numbers(yaml_text, 1, meta, positions, [])
        return FrontMatter(meta, positions, body, body_line, problems=split_up,
                           pickled=None if split_up else known[1],
                           cut=cut_comments(yaml_text, 1),
                           unclosed=unclosed_quotes(yaml_text, 1))
    read = read_yaml(yaml_text, line_offset=1)
    front = FrontMatter(positions=read.positions, body=body, body_line=body_line,
                        problems=list(read.problems))
    if read.value is None:  # empty, or not readable for its problems
        return front
    if not isinstance(read.value, dict):
        line, column = read.positions.of_value(())
        front.problems.append(
            YamlProblem(
                line, column, "not-a-mapping", not_a_mapping("front matter", read.value),
            )
        )
        return front
    front.meta = read.value
    if not read.problems:
        front.cut = cut_comments(yaml_text, 1)
        front.unclosed = unclosed_quotes(yaml_text, 1)
    front.problems = split_numbers(yaml_text, 1, read.value, read.positions, front.problems,
                                   read.left_out)
    return front


def known_front(text: str) -> Known | None:
    """What :func:`split` takes as ``known`` for normalised ``text``, read in another process
    forked from the one that splits it (so that both hash alike); None unless the front matter
    reads without a problem and without positions worked out (which :func:`split` would then
    hold), so that a front matter taken is exactly the one :func:`split` would read."""
    parts = _parts(text)
    if isinstance(parts, FrontMatter):
        return None
    yaml_text = parts[0]
    read = read_yaml(yaml_text, line_offset=1)
    if read.problems or read.positions.derived or not isinstance(read.value, dict | None):
        return None
    return hash(yaml_text), pickle.dumps(read.value or {}, pickle.HIGHEST_PROTOCOL)


LFS_POINTER = "version https://git-lfs.github.com/spec/v1"
"""How a Git LFS pointer begins: what a checkout holds in place of a file tracked with Git LFS
until ``git lfs pull`` fetches it (a clone without Git LFS installed, a CI checkout without
``lfs: true``)."""


def front_text(text: str) -> str | None:
    """The YAML text of normalised ``text``, as :func:`split` reads it; None when it has none
    (its front matter does not open or close)."""
    parts = _parts(text)
    return None if isinstance(parts, FrontMatter) else parts[0]


def _parts(text: str) -> tuple[str, str, int] | FrontMatter:
    """The YAML text of ``text`` (each line with its LF), its body and the body's line; or the
    front matter of a file whose front matter does not open or close, with its problem."""
    if not _opens(text):
        return FrontMatter(body=text, problems=[_not_opened(text)])
    close = _closing(text)
    if close is None:
        return FrontMatter(
            problems=[
                YamlProblem(
                    1, 1, "unterminated-front-matter",
                    "front matter is not closed: add a '---' line after it",
                )
            ],
        )
    start, end = close
    yaml_text = text[text.index("\n") + 1 : start] or "\n"
    return yaml_text, _body(text, end), text.count("\n", 0, start) + 2


def _not_opened(text: str) -> YamlProblem:
    """Why a file does not start with ``---``: a Git LFS pointer was told to start with one,
    which sent people to edit a file that holds none of their text."""
    if text.startswith(LFS_POINTER):
        return YamlProblem(
            1, 1, "git-lfs-pointer",
            "this is a Git LFS pointer, not the file: run 'git lfs pull' to fetch the file, "
            "or stop tracking content/ with Git LFS (the site reads its files as text)",
        )
    blank = len(text) - len(text.lstrip(_BLANK_LINES))
    opening = text.rfind("\n", 0, blank) + 1  # the start of the first line not blank
    if opening and _opens(text[opening:]):
        line = text.count("\n", 0, opening) + 1
        lines = "line" if line == 2 else "lines"
        return YamlProblem(line, 1, "missing-front-matter",
                           f"the file must start with this '---' line: delete the blank "
                           f"{lines} above it")
    return YamlProblem(1, 1, "missing-front-matter",
                       "missing front matter: the file must start with a '---' line")


_BLANK_LINES = " \t\n"
"""What a line left blank above the opening ``---`` holds, as an editor's empty first line or
a paste below one leaves it: told apart so the message names what to delete, where 'must start
with a '---' line' sent the pair to a line that does say '---'."""


def body_of(text: str) -> str | None:
    """Just the body of normalised ``text`` (the same string :func:`split` gives), without
    reading the YAML; None when the front matter does not open and close."""
    if not _opens(text):
        return None
    close = _closing(text)
    return None if close is None else _body(text, close[1])


def _opens(text: str) -> bool:
    """Whether the first line is ``---`` (trailing whitespace allowed)."""
    end = text.find("\n")
    return (text if end < 0 else text[:end]).rstrip() == "---"


def _closing(text: str) -> tuple[int, int] | None:
    """Where the ``---`` line that closes the front matter opened on line 1 starts, and
    where it ends (the index of its LF, -1 on the last line). Only the lines that start
    with ``---`` are looked at: the text is never cut into lines."""
    at = text.find("\n")
    while at >= 0:
        at = text.find("\n---", at)
        if at < 0:
            return None
        start = at + 1
        end = text.find("\n", start)
        if (text[start:] if end < 0 else text[start:end]).rstrip() == "---":
            return start, end
        at = start
    return None


def _body(text: str, end: int) -> str:
    """What follows the closing line that ends at ``end``."""
    return "" if end < 0 else text[end + 1 :]
