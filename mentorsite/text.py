"""How numbers, dates and shares read on the site and in the terminal, in one place."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

NOT_HTML_CHARACTERS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
)
"""What a page may not hold (the Nu Html Checker's "forbidden code point"), as the inside of a
character class: control characters but tab, LF and CR (C0, DEL and C1, U+0085 NEXT LINE
among them; and form feed, which HTML allows but XML does not), and Unicode's noncharacters
(U+FDD0 to U+FDEF, and the last two code points of every plane: U+FFFE, U+FFFF, U+1FFFE …)."""
NOT_HTML = re.compile(f"[{NOT_HTML_CHARACTERS}]")
"""One of :data:`NOT_HTML_CHARACTERS`: a Markdown body or a diff shows each as U+FFFD, a text
in front matter that holds one is refused."""


def number(value: float | None) -> str:
    """A reading, baseline or target as the pair wrote it; ``—`` for none.

    - whole numbers grouped by thousands from ten thousand up: ``3``, ``1200``, ``12,500``;
    - others as written, the shortest decimal that reads back as the same float: ``2.5``,
      ``0.001``, ``99.995`` (a value is never rounded into another, an uptime of 99.999 into
      100, nor one that is not zero into 0), below 0.0001 in e-notation (``5e-05``);
    - from a quadrillion up, where a float holds no more digits, in e-notation: ``1.7e+308``.

    A value worked out rather than written (a mean) is rounded by its caller first.
    """
    if value is None:
        return "—"
    size = abs(value)
    if not size < 1e15:  # also infinity and NaN, which validation keeps out anyway
        return f"{value:.3g}"
    if float(value).is_integer():
        return f"{int(value):,}" if size >= 10_000 else str(int(value))
    return f"{float(value):,}" if size >= 10_000 else repr(float(value))


_SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))


def axis_number(value: float) -> str:
    """A value axis' label, short enough for a chart's margin: :func:`number` up to ten
    thousand, then in thousands, millions … (``15k``, ``2.5M``, ``3B``); from a quadrillion up
    in e-notation, as :func:`number`."""
    size = abs(value)
    if 10_000 <= size < 1e15:
        scale, suffix = next(pair for pair in _SCALES if size >= pair[0])
        return number(round(value / scale, 3)) + suffix
    return number(value)


def count(amount: int, noun: str, plural: str | None = None) -> str:
    """``1 day``, ``14 days``, ``2 entries``: a whole number and its noun, in the plural (the
    noun and ``s`` unless ``plural`` is given) unless it is one."""
    return f"{amount} {noun}" if amount == 1 else f"{amount} {plural or noun + 's'}"


def every(days: int) -> str:
    """A cadence in words: ``every day``, ``every 14 days``."""
    return "every day" if days == 1 else f"every {days} days"


def percent(share: float | None) -> str:
    """``42%`` for a share of 0..1; ``—`` when unknown."""
    return "—" if share is None else f"{round(share * 100)}%"


@lru_cache(maxsize=8192)
def long_date(day: date) -> str:
    """``8 September 2025``; remembered, as a site shows the same days again and again."""
    return f"{day.day} {day:%B %Y}"


@lru_cache(maxsize=8192)
def short_date(day: date) -> str:
    """``8 Sep 2025``; remembered, as a site shows the same days again and again."""
    return f"{day.day} {day:%b %Y}"
