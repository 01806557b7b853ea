"""How numbers, dates and shares read on the site and in the terminal, in one place."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import lru_cache

NOT_HTML_BMP = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
NOT_HTML_CHARACTERS = NOT_HTML_BMP + "".join(
    chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0x10000, 0x110000, 0x10000))
"""What a page may not hold (the Nu Html Checker's "forbidden code point"), as the inside of a
character class: control characters but tab, LF and CR (C0, DEL and C1, U+0085 NEXT LINE
among them; and form feed, which HTML allows but XML does not), and Unicode's noncharacters
(U+FDD0 to U+FDEF, and the last two code points of every plane: U+FFFE, U+FFFF, U+1FFFE …)."""
NOT_HTML = re.compile(f"[{NOT_HTML_CHARACTERS}]")
"""One of :data:`NOT_HTML_CHARACTERS`: a Markdown body or a diff shows each as U+FFFD, a text
in front matter that holds one is refused. Slow to search for (see :func:`holds_not_html`)."""
_ASCII_ON_PAGES = bytes(range(0x20, 0x7F)) + b"\t\n\r"
_NOT_HTML_IN_BMP = re.compile(f"[{NOT_HTML_BMP}]")
_ABOVE_BMP = re.compile("[\U00010000-\U0010ffff]")


def holds_not_html(text: str) -> bool:
    """Whether ``text`` holds a character of :data:`NOT_HTML`. Asked of every body, every text
    of front matter and every commit message, so answered the quick way: :data:`NOT_HTML`'s
    32 code points above U+FFFF make ``re`` test each character against each of them (94 µs
    for a body of 2.5 kB, 470 ms a build of 5,000 files). ASCII text, the most, is answered by
    deleting what a page may hold and seeing whether anything is left (2 µs, a table at C
    speed); other text by the class below U+10000, which ``re`` tests as quickly as one of
    ASCII, then a look at each character above it (an emoji) on its own: two passes, some
    20-30 µs a body."""
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _ASCII_ON_PAGES))
    return _NOT_HTML_IN_BMP.search(text) is not None or any(
        ord(character) & 0xFFFE == 0xFFFE for character in _ABOVE_BMP.findall(text))


def forbidden_character(text: str) -> str | None:
    """``the control character U+0001`` or ``the noncharacter U+FDD0``: the first character of
    :data:`NOT_HTML` in ``text``, for a message; ``None`` when it holds none."""
    found = NOT_HTML.search(text) if holds_not_html(text) else None
    if found is None:
        return None
    code = ord(found.group())
    return f"the {'noncharacter' if code >= 0xFDD0 else 'control character'} U+{code:04X}"


_RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff"
    "\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""A letter of a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko … and their
presentation forms), or a character that sets the direction of what follows (an override such
as RIGHT-TO-LEFT OVERRIDE would otherwise turn the page's own words after it around too)."""


def reads_right_to_left(value: str) -> bool:
    """Whether ``value`` holds a letter of a right-to-left script or a direction control.
    Asked of every Markdown body (its ``dir``) and every text a page shows that is not ASCII;
    :data:`_RIGHT_TO_LEFT`'s ranges above U+FFFF make ``re`` test each character against each
    range (30 µs for a body of 1.7 kB), and all of them are outside ASCII, which Python knows a
    string is without looking at its characters: an ASCII text, the most, is not searched."""
    return not value.isascii() and _RIGHT_TO_LEFT.search(value) is not None


def bidi_isolated(value: str) -> str:
    """``value`` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE when it reads right
    to left, for plain text and Markdown (no ``<bdi>``): set in an English sentence, it keeps
    to its own direction, and the sentence's words and marks keep theirs. GitHub gives a
    paragraph the direction of its first letter outside such marks: a README line that starts
    with an Arabic name stays an English, left-to-right one."""
    return f"\u2068{value}\u2069" if reads_right_to_left(value) else value


_CLOSING_MARKS = ":?.!\u3002\u061f\u06d4\u0964\u0589\u1362\u104b"
"""What may close a heading or prompt, once NFKC made the full-width marks of Chinese and
Japanese (U+FF1F, U+FF1A) plain: the Latin ones, the ideographic full stop, the Arabic question
mark and full stop, the Devanagari danda, and the Armenian, Ethiopic and Myanmar full stops.
Stripped with ``str.rstrip``: a regular expression for a run of them at the end was tried at
each mark of a run elsewhere and read it to its end, so a heading of 40,000 ``:`` and a word
took 4 seconds, one of 1 MB an hour."""


def heading_words(heading: str) -> str:
    """A heading as a reflection prompt is compared with it, by words only: case, spacing, a
    closing ':', '?', '.' or '!' (in any script: :data:`_CLOSING_MARKS`) and the way a letter is
    encoded ('ö' as one code point or two) do not matter."""
    plain = unicodedata.normalize("NFKC", heading).strip()
    return " ".join(plain.rstrip(_CLOSING_MARKS).rstrip().casefold().split())


def on_pages(text: str) -> str:
    """``text`` with each character of :data:`NOT_HTML` as U+FFFD (``text`` itself when it
    holds none, as nearly all do)."""
    return NOT_HTML.sub("\ufffd", text) if holds_not_html(text) else text


def number(value: float | None) -> str:
    """A reading, baseline or target as the pair wrote it; ``—`` for none.

    - whole numbers grouped by thousands from ten thousand up: ``3``, ``1200``, ``12,500``,
      ``10,000,000,000,000,000`` (as written, ``10000000000000000`` or ``1.0e+16``: a float
      holds 17 digits, and those past them are the zeros of its shortest decimal);
    - others as written, the shortest decimal that reads back as the same float: ``2.5``,
      ``0.001``, ``99.995``, ``0.00005`` (a value is never rounded into another, an uptime of
      99.999 into 100, nor one that is not zero into 0), below a billionth in e-notation
      (``5e-10``), where the zeros would be more than anyone counts;
    - from :data:`WRITTEN_OUT` up, as Python reads them back: ``1e+21``, ``1.7e+308``.

    A value worked out rather than written (a mean) is rounded by its caller first.
    """
    if value is None:
        return "—"
    size = abs(value)
    if not size < WRITTEN_OUT:  # also infinity and NaN, which validation keeps out anyway
        return repr(float(value))
    if isinstance(value, int) or value.is_integer():
        exact = isinstance(value, int) or size < 2**53  # else its shortest decimal's digits
        whole = int(value) if exact else int(Decimal(repr(value)))
        return f"{whole:,}" if size >= 10_000 else str(whole)
    if size >= 10_000:
        return f"{value:,}"  # below 2 ** 53 (9e15), as every float above is whole: no e+
    written = repr(float(value))
    if "e" in written and size >= 1e-9:  # Python's repr turns to e-notation below 0.0001
        return format(Decimal(written), "f")
    return written


WRITTEN_OUT = 1e21
"""Up to where :func:`number` writes every digit: 21 of them, 27 characters grouped, as
JavaScript writes a number (a browser, a reader of ``data.json``). Beyond, a whole number took
hundreds (``1.7e+308``), and no count of a mentorship gets there."""

_SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))


def axis_number(value: float) -> str:
    """A value axis' label, short enough for a chart's margin: :func:`number` up to ten
    thousand, then in thousands, millions … (``15k``, ``2.5M``, ``3B``), and trillions above
    them (``10,000T``); from :data:`WRITTEN_OUT` up as :func:`number` writes it."""
    size = abs(value)
    if 10_000 <= size < WRITTEN_OUT:
        scale, suffix = next(pair for pair in _SCALES if size >= pair[0])
        return number(round(value / scale, 3)) + suffix
    return number(value)


def count(amount: int, noun: str, plural: str | None = None, *, grouped: bool = False) -> str:
    """``1 day``, ``14 days``, ``2 entries``: a whole number and its noun, in the plural (the
    noun and ``s`` unless ``plural`` is given) unless it is one. ``grouped``: the number as a
    page writes its figures (:func:`number`: ``12,500 check-ins``, beside a target of
    ``12,500``); the terminal keeps plain digits, which scripts read."""
    shown = number(amount) if grouped else str(amount)
    return f"{shown} {noun}" if amount == 1 else f"{shown} {plural or noun + 's'}"


DAYS_SHOWN = 60
"""Up to this many days away a day is told in days (``45 days ago``), which a cadence of a
week, a fortnight or a month is measured in; further off it is told in months or years."""
_MONTH_DAYS = 365.25 / 12


def relative_days(days: int, counted: Callable[[int, str], str] = count) -> str:
    """A day ``days`` from today in words: ``today``, ``tomorrow``, ``yesterday``, ``in 3
    days``, ``5 days ago``; from :data:`DAYS_SHOWN` days on, in whole months (``3 months
    ago``), and from a year on in whole years (``in 2 years``), each rounded to the nearest,
    as a reader counts them: "963 days ago" on a three-year mentorship's dashboard asked the
    reader to divide. Every place that says it prints the date beside it. The site's words,
    which ``status`` and a report print too (the terminal said "in 1 day" of the day the
    dashboard called "tomorrow"); ``counted`` writes the number (a page holds it to its noun
    with a no-break space)."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    size = abs(days)
    if size < DAYS_SHOWN:
        amount = counted(size, "day")
    elif size < 365:
        amount = counted(min(max(int(size / _MONTH_DAYS + 0.5), 2), 11), "month")
    else:
        amount = counted(max(int(size / 365.25 + 0.5), 1), "year")
    return f"in {amount}" if days > 0 else f"{amount} ago"


def shortened(text: str) -> str:
    """Text quoted in a message: whole up to 40 characters, else its first 37 and "…"."""
    return text if len(text) <= 40 else text[:37] + "…"


def every(days: int) -> str:
    """A cadence in words: ``every day``, ``every 14 days``."""
    return "every day" if days == 1 else f"every {days} days"


def percent(share: float | None) -> str:
    """``42%`` for a share of 0..1 (:func:`whole_percent`); ``—`` when unknown."""
    return "—" if share is None else f"{whole_percent(share)}%"


def whole_percent(share: float) -> int:
    """A share of 0..1 in whole percent, as every page and report shows it (:func:`in_parts`)."""
    return in_parts(share, 100)


def in_parts(share: float, parts: int) -> int:
    """A share of 0..1 in whole ``parts`` (percent, a terminal bar's cells): rounded half up
    (12.5 is 13, where Python's ``round`` makes it 12), and never all of them short of the
    whole nor none above nothing: a goal at 99.6% is not done, and one at 0.3% has begun.

    The product is first rounded to nine places: worked out in binary floating point, a share
    lands a hair off its half (a reading of 28.5 towards 100 is 0.285, and 0.285 * 100 is
    28.499999999999996), and floored as it was, a half went down."""
    shown = math.floor(round(share * parts, 9) + 0.5)
    return min(max(shown, 1), parts - 1) if 0 < share < 1 else shown


@lru_cache(maxsize=8192)
def long_date(day: date) -> str:
    """``8 September 2025``; remembered, as a site shows the same days again and again."""
    return f"{day.day} {day:%B %Y}"


def checkin_title(day: date, slug: str, dated: Callable[[date], str] = long_date) -> str:
    """``Check-in 8 September 2025``, and what the file's name says after its date where it
    says more (``2025-09-08-design-review``: ``… (design review)``): two check-ins of one day
    had the same title, a page title and a link text each that told them apart from nothing."""
    words = checkin_words(slug)
    return f"Check-in {dated(day)}" + (f" ({words})" if words else "")


def checkin_words(slug: str) -> str:
    """What a check-in's slug says after its date, in words; nothing for one named by its
    date alone."""
    return slug[11:].replace("-", " ") if len(slug) > 11 and slug[10] == "-" else ""


KIND_LABELS = {
    "win": "Win", "goal": "Goal achieved", "milestone": "Milestone", "next-step": "Next step",
    "checkin": "Check-in", "reflection": "Reflection", "evidence": "Evidence",
    "goal-started": "Goal started", "goal-achieved": "Goal achieved",
    "goal-dropped": "Goal dropped", "goal-pivoted": "Goal pivoted",
}
"""A kind of win, deadline or timeline moment, in words: the site's labels, which ``status``
and ``report`` use too, so a milestone is called one wherever it is listed."""


def win_label(kind: str) -> str:
    """What comes before a win's text where wins are listed: ``Milestone: `` or ``Goal
    achieved: `` (:data:`KIND_LABELS`), nothing for a check-in's own win."""
    return "" if kind == "win" else f"{KIND_LABELS[kind]}: "


@lru_cache(maxsize=8192)
def short_date(day: date) -> str:
    """``8 Sep 2025``; remembered, as a site shows the same days again and again."""
    return f"{day.day} {day:%b %Y}"


_MARKDOWN_MARKUP = re.compile(r"([\\`*_\[\]<>|~&])")
"""What Markdown (GitHub's) reads as markup inside a line: emphasis, code, links and images,
raw HTML and entities, a table's cell borders, strikethrough. Each is escaped with a
backslash, as CommonMark allows before any ASCII punctuation."""


def markdown_literal(text: str) -> str:
    """``text`` on one line, each character Markdown would read as markup escaped, for the
    Markdown that ``report``, ``review`` and ``check``'s step summary write: a title ``Ship *it*
    [now](…)`` shows as written, in a pull request comment as on the site, and a ``|`` keeps a
    table row whole. A line break would end a list item or a row; a mention or an issue
    reference is made inert (:data:`_REFERENCE`), and a mark that would start a block at the
    start of the line (a heading, a list) is escaped (:data:`_BLOCK_START`).

    A text in a right-to-left script (an Arabic goal title) is isolated, between FIRST STRONG
    ISOLATE and POP DIRECTIONAL ISOLATE, as the site's pages isolate it: set bare in an English
    sentence ("**هدف**: active → achieved"), it took the words and marks after it into its
    own right-to-left run, and the sentence read out of order. Plain characters, as GitHub's
    comments strip ``<bdi>``; not around a text that starts or ends with a link, which GitHub
    would stretch over the mark (:data:`_LINK_AT_EDGE`)."""
    written = _MARKDOWN_MARKUP.sub(r"\\\1", " ".join(text.splitlines()).strip())
    written = _BLOCK_START.sub(r"\1\\\2", written, count=1)
    written = _REFERENCE.sub("\\1\u200b", written)
    return written if _LINK_AT_EDGE.search(written) else bidi_isolated(written)


_LINK_AT_EDGE = re.compile(r"^\S*(?:://|www\.)|(?:://|www\.)\S*$", re.IGNORECASE)
"""A link as GitHub finds one in plain text (``https://…``, ``www.…``) at the start or the end
of a text: it runs to the next space, so an isolating mark beside it would end up in it."""


_BLOCK_START = re.compile(r"^(\d{0,9})((?:[#+-]|(?<=\d)[.)])(?=\s|$)|-(?=-))")
"""What starts a block when it starts a line, or an item of a list: ``# 1 customer`` a
heading, ``1. first`` or ``- x`` a list of its own inside the item, ``---`` a rule. Its
mark is escaped (``\\#``, ``1\\.``); ``-25 pts`` or ``#1`` start nothing and stay as they are."""


_REFERENCE = re.compile(r"(@(?=[A-Za-z0-9])|#(?=[0-9]))")
"""What GitHub makes a mention or an issue link of in a comment: ``@platform-team`` notifies
everyone in that team, ``#12`` links (and pings) issue 12. A zero-width space after the sign
keeps the text as written and the notification unsent (as Renovate and Dependabot do)."""
