"""What an entry's file must be called, and what a misnamed one was probably meant to be called.

A goal's id and an entry's date come from its file name (SPEC §2), so a file named as people
name files (``My Goal.md``, ``3-12-2026.md``, ``week-one.md``) is no document until renamed;
the message then offers the name it most likely should have, so that fixing it is one ``git
mv`` rather than a reading of the rules.
"""

from __future__ import annotations

import os
import re
from datetime import date

from mentorsite.diagnostics import Diagnostics
from mentorsite.exclusive_write import folded
from mentorsite.slug import FALLBACK, slugify

KIND_FOLDERS = {
    "goals": "goal",
    "checkins": "checkin",
    "reflections": "reflection",
    "evidence": "evidence",
}
"""Folder under ``content/`` → the kind of every ``.md`` file in it."""

_SLUG = r"[a-z0-9][a-z0-9-]*"

RULES = {
    "goal": (re.compile(rf"^(?P<slug>{_SLUG})$"), "<id>.md with a lowercase id of a-z, 0-9, -"),
    "checkin": (
        re.compile(rf"^(?P<slug>(?P<date>\d{{4}}-\d{{2}}-\d{{2}})(?:-{_SLUG})?)$"),
        "<YYYY-MM-DD>.md or <YYYY-MM-DD>-<slug>.md",
    ),
    "reflection": (
        re.compile(rf"^(?P<slug>(?P<date>\d{{4}}-\d{{2}}-\d{{2}})-{_SLUG})$"),
        "<YYYY-MM-DD>-<slug>.md",
    ),
    "evidence": (
        re.compile(rf"^(?P<slug>(?P<date>\d{{4}}-\d{{2}}-\d{{2}})-{_SLUG})$"),
        "<YYYY-MM-DD>-<slug>.md",
    ),
}
"""Each kind's file-name pattern (without ``.md``) and how the rule reads in a message."""

WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))})
"""Names Windows keeps for devices, whatever follows a dot: no file there can be called
``con.md``, so git for Windows refuses to check out a repository that holds one (and a site
with a ``goals/con/`` folder). Only a goal's name can be one: every other kind's starts with
a date."""


def portable(stem: str, kind: str) -> str:
    """``stem`` as a file name every system can hold: with ``-<kind>`` after it when Windows
    keeps it for a device (``con`` → ``con-goal``)."""
    return f"{stem}-{kind}" if stem in WINDOWS_DEVICES else stem

_YEAR_FIRST = re.compile(r"(?<!\d)(\d{4})[-_./]?(\d{1,2})[-_./]?(\d{1,2})(?!\d)")
"""``2026-12-3``, ``2026_12_03``, ``2026.12.03``, ``2026/12/03``, ``20261203``."""
_YEAR_LAST = re.compile(r"(?<!\d)(\d{1,2})[-_./](\d{1,2})[-_./](\d{4})(?!\d)")
"""``3-12-2026``, ``03.12.2026``: day first or month first, which only the numbers can tell."""


_DAY_MONTH_YEAR = re.compile(
    r"(?<![\d\w])(?P<day>\d{1,2})(?:st|nd|rd|th)?[-_ .]+(?P<month>[a-z]{3,9})\.?,?[-_ .]+"
    r"(?P<year>\d{4})(?!\d)", re.IGNORECASE)
"""``31 Dec 2025``, as the site writes dates, ``3rd-march-2026``."""
_MONTH_DAY_YEAR = re.compile(
    r"(?<![\d\w])(?P<month>[a-z]{3,9})\.?[-_ .]+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?[-_ .]+"
    r"(?P<year>\d{4})(?!\d)", re.IGNORECASE)
"""``December 31, 2025``, ``dec-31-2025``."""
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")


def _named_month(stem: str) -> re.Match[str] | None:
    """The first date in ``stem`` written with the month's English name (or its first three
    letters, or more), day first or month first."""
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        for found in pattern.finditer(stem):
            if _month_number(found["month"]):
                return found
    return None


def _month_number(name: str) -> int:
    """1 for ``Jan``, ``jan`` or ``January``; 0 for a word that names no month."""
    name = name.lower()
    return next((n for n, month in enumerate(_MONTHS, 1)
                 if len(name) >= 3 and month.startswith(name)), 0)


def _reading_of(found: re.Match[str]) -> tuple[int, int, int]:
    return int(found["year"]), _month_number(found["month"]), int(found["day"])


def suggested_names(kind: str, stem: str) -> list[str]:
    """The names (with ``.md``) a misnamed file of ``kind`` was most likely meant to have: none
    when nothing in ``stem`` says, two when its date reads either way (``3-12-2026``)."""
    if kind == "goal":
        slug = slugify(stem)
        return ([] if slug == FALLBACK and FALLBACK not in stem.lower()
                else [f"{portable(slug, kind)}.md"])
    dates, rest = _dates_in(stem)
    slug = slugify(rest) if rest.strip(" -_.") else ""
    if not dates or (kind != "checkin" and not slug):
        return []
    return [f"{day.isoformat()}-{slug}.md" if slug else f"{day.isoformat()}.md" for day in dates]


def meant(names: list[str]) -> str:
    """The ``invalid-file-name`` hint offering ``names`` (:func:`suggested_names`)."""
    return f" (did you mean {' or '.join(names)}?)" if names else ""


MISNAMED = ("invalid-file-name", "unknown-file")
"""The codes whose messages offer a file the name it was likely meant to have: a content
file's name that does not fit, and a Markdown file named with another extension."""

MARKDOWN_EXTENSIONS = {"md", "markdown", "mdown", "mkd", "txt", "text"}
"""Extensions other tools give Markdown: a file so named in a kind's folder was meant as one."""


def renamed(kind: str, name: str) -> list[str] | None:
    """The names (with ``.md``) a file of a ``kind``'s folder, Markdown named with another
    extension (``My Goal.markdown``, ``x.md.``), was most likely meant to have: none when
    nothing in its name says; None when ``name`` is no Markdown file's."""
    # 'x.md.' and 'x.md ' too: no Windows name ends in a dot or a space, and git there
    # refuses to check one out.
    stem, dot, extension = name.rstrip(". ").rpartition(".")
    if not dot or extension.lower() not in MARKDOWN_EXTENSIONS:
        return None
    return ([f"{portable(stem, kind)}.md"] if RULES[kind][0].match(stem)
            else suggested_names(kind, stem))


def rename_to(names: list[str]) -> str:
    """The ``unknown-file`` hint offering ``names`` (:func:`renamed`) to a Markdown file named
    with another extension."""
    return f": rename it to {' or '.join(names)}" if names else ""


def free_names(relpath: str, taken: set[str]) -> tuple[str, str] | None:
    """Where ``relpath``, a file told ``invalid-file-name`` or (named ``.markdown``, ``.txt``)
    ``unknown-file``, was offered a name another file of its folder already has (``My
    Goal.md`` or ``my-goal.markdown`` beside ``my-goal.md``): the hint it was given, and the
    one to give instead, offering only the names still free, or saying that the one meant is
    taken (renaming to it would lose or clash with that file). None when every name offered
    is free. ``taken``: the path of every file read, from the source folder."""
    folder, _, name = relpath.rpartition("/")
    top, _, under = folder.partition("/")
    kind = KIND_FOLDERS.get(under) if top == "content" else None
    if kind is None:
        return None
    if name.endswith(".md"):
        offered, hint, before, after = suggested_names(kind, name[:-len(".md")]), meant, " (", ")"
    else:
        offered, hint, before, after = renamed(kind, name) or [], rename_to, ", and ", ""
    free = [other for other in offered if f"{folder}/{other}" not in taken]
    if free == offered:
        return None
    return hint(offered), hint(free) or (
        f"{before}{' and '.join(offered)} {'is' if len(offered) == 1 else 'are'} taken by "
        f"another file: merge the two, or give this one another name{after}")


def dates_meant(value: str) -> list[date]:
    """The days ``value``, a date written otherwise than ``YYYY-MM-DD`` (``12/31/2026``,
    ``20261231``), can mean: none when it is more than a date, two when it reads either way."""
    dates, rest = _dates_in(value)
    return dates if not rest.strip() else []


def _dates_in(stem: str) -> tuple[list[date], str]:
    """The dates the first date-like part of ``stem`` can be read as, and ``stem`` without it."""
    found = _YEAR_FIRST.search(stem)
    if found:
        year, month, day = (int(part) for part in found.groups())
        readings = [(year, month, day)]
    elif found := _YEAR_LAST.search(stem):
        first, second, year = (int(part) for part in found.groups())
        readings = [(year, second, first), (year, first, second)]
    elif found := _named_month(stem):
        readings = [_reading_of(found)]
    else:
        return [], stem
    dates = []
    for year, month, day in dict.fromkeys(readings):
        try:
            dates.append(date(year, month, day))
        except ValueError:
            continue
    return dates, stem[: found.start()] + " " + stem[found.end():]


def report_clashes(paths: list[str], diagnostics: Diagnostics, fix: str) -> None:
    """Report each file whose path differs from another's only in case (``Goal-A.md``,
    ``goal-a.md``) or in how its accents are encoded (``café.md`` as macOS writes it, NFD,
    and as Linux keeps what was typed, mostly NFC), with what to do (``fix``). Linux holds
    both; macOS and Windows hold one file for the two, so a checkout there keeps one of them
    and shows the other as changed."""
    alike: dict[str, list[str]] = {}
    for relpath in paths:
        alike.setdefault(folded(relpath), []).append(relpath)
    for group in alike.values():
        for relpath in group if len(group) > 1 else ():
            others = " and ".join(other for other in group if other != relpath)
            diagnostics.error(
                relpath, 1, 1, "invalid-file-name",
                f"its name and that of {others} differ only in case or in how accents are "
                "encoded (NFC, NFD): macOS and Windows hold one file for them, so a checkout "
                f"there keeps only one; {fix}")


def report_not_utf8(paths: list[str], diagnostics: Diagnostics) -> None:
    """Report each file whose name is not UTF-8 (``café.png`` unpacked from a Latin-1 archive,
    which Python hands over with the byte 0xe9 as a lone surrogate). No page, listing or
    marker written in UTF-8 can name it, so the build failed on it with a traceback; and
    macOS cannot hold the name at all. The bytes are asked of the file system's own encoding,
    so a UTF-8 name read under an ASCII locale is not taken for one."""
    for relpath in paths:
        try:
            os.fsencode(relpath).decode("utf-8")
        except UnicodeDecodeError as exc:
            diagnostics.error(
                relpath, 1, 1, "invalid-file-name",
                f"its name is not UTF-8 (byte 0x{exc.object[exc.start]:02x}): no page can link "
                "to it, and macOS cannot hold it; rename it")
