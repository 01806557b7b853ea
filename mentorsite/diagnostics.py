"""Diagnostics: the one shape every problem takes, from any stage, before it is printed.

A diagnostic names a file relative to the repository root, a 1-based line and column, a
severity and a stable kebab-case code. Stages append to a :class:`Diagnostics` collector and
keep going, so that one run reports every problem (SPEC §3).
"""

from __future__ import annotations

import difflib
import functools
import heapq
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum


class Severity(str, Enum):
    """How bad a problem is: errors fail ``check`` and ``build``; warnings only under --strict."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One problem at one place."""

    path: str
    """Path relative to the repository root, with forward slashes."""
    line: int
    """1-based line; 1 when the whole file is at fault."""
    column: int
    """1-based column; 1 when the whole file is at fault."""
    severity: Severity
    code: str
    """Stable kebab-case identifier, e.g. ``unknown-goal``."""
    message: str


@dataclass
class Diagnostics:
    """The collector that stages share; it never stops at the first problem."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int, column: int, code: str, message: str) -> None:
        self.items.append(Diagnostic(path, line, column, Severity.ERROR, code, message))

    def warning(self, path: str, line: int, column: int, code: str, message: str) -> None:
        self.items.append(Diagnostic(path, line, column, Severity.WARNING, code, message))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    def reword(self, code: str, phrase: str, places: Mapping[tuple[str, int, int], str],
               since: int = 0, moved: Mapping[tuple[str, int, int], int] | None = None) -> None:
        """In the ``code`` problems at these places (path, line, column), put each place's
        words for ``phrase``: a later stage, knowing other files, says more where a problem
        is already told, rather than telling it twice; and, where ``moved`` gives one, the
        column on that line the new words send the reader to. ``since``: look only at the
        problems told from that index on (those of the one file being checked: a pass over
        every problem for each file made checking thousands of files take time as their
        square)."""
        moved = moved or {}
        self.items[since:] = [
            replace(item, message=item.message.replace(phrase, places[where]),
                    column=moved.get(where, item.column))
            if item.code == code and (where := (item.path, item.line, item.column)) in places
            else item for item in self.items[since:]]

    def sorted(self) -> list[Diagnostic]:
        """Sorted by path, then line, then column, as SPEC §3 prints them."""
        unique = list(dict.fromkeys(self.items))
        return sorted(unique, key=lambda d: (d.path, d.line, d.column))

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.items if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.items if d.severity is Severity.WARNING)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``" (did you mean 'x'?)"`` suffix for the closest choice, or an empty string.

    Case is ignored in the comparison, so ``utc`` finds ``UTC`` and ``Title`` finds ``title``
    (to difflib they have nothing in common)."""
    close = closest(word, choices)
    return f" (did you mean '{close}'?)" if close is not None else ""


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``word``, case aside, if any is close enough (difflib's 0.6).

    A choice holding every word of ``word`` comes first, however far apart their letters
    are: "Write the onboarding guide" means "Write the platform team's onboarding guide", not
    the nearer "Write the onboarding FAQ", and ``onboarding-guide`` means
    ``platform-onboarding-guide``. Among several such choices the closest by its letters is
    meant, and where none holds them all, the closest of all."""
    folded = {choice.casefold(): choice for choice in choices}
    target = word.casefold()
    words = _words(target)
    holding = [choice for choice in folded if words and words <= _words(choice)]
    if len(holding) == 1:
        return folded[holding[0]]
    candidates = holding or list(folded)
    if len(candidates) > SHORTLIST:  # difflib compares each one: every goal id, say
        pieces = _pieces(target)
        candidates = heapq.nlargest(SHORTLIST, candidates, key=lambda choice: len(
            pieces & _pieces(choice)) / (len(pieces) + len(_pieces(choice)) or 1))
    close = difflib.get_close_matches(target, candidates, n=1, cutoff=0.6)
    return folded[close[0]] if close else None


SHORTLIST = 25
"""How many choices difflib compares a word with at most: those sharing the most of their
letters and pairs of letters with it. A check-in naming 1,000 goals wrongly, in a plan of
1,000 goals, took 16 s of difflib."""


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    """The words of ``text`` (a goal's title, an id's parts between hyphens)."""
    return frozenset(re.findall(r"[^\W_]+", text))


@functools.lru_cache(maxsize=4096)
def _pieces(text: str) -> frozenset[str]:
    """The letters and pairs of letters of ``text``."""
    return frozenset(text) | frozenset(text[i:i + 2] for i in range(len(text) - 1))
