"""Warnings about links: to another entry by its file (``../goals/speak.md``) that lead to no
published page or to no heading of it, and to a ``#fragment`` that names no heading of the
body's own page. A body's anchors and links are found from one rendering, remembered:
``serve`` lints every body again after each save."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from urllib.parse import unquote

from mentorsite.markdown.engine import render
from mentorsite.markdown.rules import linked_file
from mentorsite.model.entries import SourceFile
from mentorsite.model.lint.linter import Entry, Linter

_MD_FILE = r"([^][()\s<>]+\.(?i:md)(?:\?[^][()\s<>#]*)?(?:#[^][()\s<>]*)?)"
_MD_FILE_IN_BRACKETS = r"<([^][()<>\n]+\.(?i:md)(?:[?#][^][()<>\n]*)?)>"
_BODY_LINK = re.compile(
    rf"\]\(\s*(?:{_MD_FILE_IN_BRACKETS}|<?{_MD_FILE}(?=[)\s>]))"  # [text](../goals/speak.md)
    rf"|^ {{0,3}}\[[^]\n]+\]:[ \t]*"  # reference: [s]: ../goals/speak.md
    rf"(?:{_MD_FILE_IN_BRACKETS}|<?{_MD_FILE}(?=[\s>]|$))",
    re.MULTILINE,
)
"""A Markdown link's destination that names a ``.md`` file, written inline or as a reference
definition (the site rewrites both), bare or in ``<…>``, where it may hold spaces
(``<../goals/plan a.md#next steps>``). No bracket or parenthesis is part of one, so each try
ends at the next: ``](`` repeated makes no try read past its neighbour's, and a body is read
in linear time."""


_INLINE_FRAGMENT = r"\]\(\s*(?:<(#[^<>\n]*)>|(#[^\s()<>]*)(?=[)\s]))"  # [see](#risks)
_FRAGMENT_LINK = re.compile(
    _INLINE_FRAGMENT
    + r"|^ {0,3}\[[^]\n]+\]:[ \t]*(?:<(#[^<>\n]*)>|(#[^\s<>]*)(?=\s|$))",  # [r]: #risks
    re.MULTILINE,
)
"""A Markdown link's destination that is a ``#fragment`` alone: a place in the same page,
bare or in ``<…>``, where it may hold spaces (``<#next steps>``, which no heading's anchor
does: the site links to ``#next%20steps``, and GitHub too, so it opens nothing)."""
_INLINE_FRAGMENT_LINK = re.compile(_INLINE_FRAGMENT)
""":data:`_FRAGMENT_LINK`'s first branch alone, its groups numbered the same. The reference
definition's ``^`` gives the whole pattern no first character for the regex engine to skip
to, so it was tried at every character of every body holding a ``#`` (0.18 s over the 5,000
benchmark bodies); this one starts only at a ``]``."""
_REFERENCE_TO_FRAGMENT = re.compile(r"\]:[ \t]*<?#")
"""What every reference definition :data:`_FRAGMENT_LINK` finds holds: a body without it has
only inline links to find (as a rule: 112 of those 1,716 bodies hold ``]:`` at all, footnotes)."""


_ID = re.compile(r'\bid="([^"]*)"')
_HREF = re.compile(r'\bhref="#([^"]*)"')


def _fragment_links(body: str) -> frozenset[str]:
    """The ``#fragments`` a body's HTML links to, decoded as :func:`_fragment` reads them:
    the text of a link written in code (```[x](#y)```) is none."""
    return _places(body)[1]


def _anchors(body: str) -> frozenset[str]:
    """The ids a body's HTML gives its headings and footnotes: the places of its page that a
    link's ``#fragment`` may name, on the site as on GitHub."""
    return _places(body)[0]


@lru_cache(maxsize=16384)
def _places(body: str) -> tuple[frozenset[str], frozenset[str]]:
    """:func:`_anchors` and :func:`_fragment_links`, from one rendering of the body (a link to
    its own headings needs both, and each rendered it). Remembered as
    :func:`~mentorsite.model.lint.bodies._nesting_cut` is: ``serve`` lints every body again
    after each edit, and kept for only 1,024 bodies, a site linking to more of them by a
    ``#fragment`` rendered each again every time."""
    drawn = render(body)
    return (frozenset(html.unescape(found) for found in _ID.findall(drawn)),
            frozenset(unquote(html.unescape(found)) for found in _HREF.findall(drawn)))


def _fragment(url: str) -> str:
    """The ``#fragment`` of ``url`` as the page's id holds it (a browser decodes ``%D8%B5``),
    when it must name a heading of the body: none can hold a capital letter (an anchor is its
    heading in lowercase), and one that does names a section of the theme's page, which
    capitalises its ids (``#Milestones``) so that no heading takes them; ``#top`` opens any
    page at its top without one (HTML's rule: "[Back to top](#top)" works); "" for these."""
    fragment = unquote(url.partition("#")[2])
    return "" if fragment != fragment.lower() or fragment == "top" else fragment


_NOT_ALWAYS_A_LINK = re.compile(r"[`\\]|~~~|^(?: {4}|\t)", re.MULTILINE)
"""What may make a link's Markdown no link: code (a span, a fence, an indented block) or a
backslash before its bracket. A body without any draws each as a link."""


def _links_among(body: str, places: tuple[tuple[int, int], ...]) -> frozenset[int]:
    """Which of ``places`` (where a link's destination is written in ``body``: its start and
    end) are links', and not text in code: those the body's HTML links to once each is
    written as another, numbered one, in one rendering for all of them. A body linking to
    ``#risks`` and showing ``[c](#risks)`` in code was told of both, and one showing how to
    write a link, ```[text](../goals/id.md)```, of a broken link. Asked only of links about
    to be warned of, and only in a body that holds code or a backslash."""
    if _NOT_ALWAYS_A_LINK.search(body) is None:
        return frozenset(range(len(places)))
    return _rendered_links_among(body, places)


@lru_cache(maxsize=1024)
def _rendered_links_among(body: str, places: tuple[tuple[int, int], ...]) -> frozenset[int]:
    """:func:`_links_among`, rendered, and remembered: ``serve`` lints every body again."""
    probe = "#~"
    while probe in body:  # no link of the body's own is taken for one of them
        probe += "~"
    parts: list[str] = []
    last = 0
    for number, (start, end) in enumerate(places):
        # its backticks kept, each run apart: a code span opened before the link may close at
        # one (`a [b](x`y.md) is code), and the link without them would be a link
        kept = "".join(f"~{run}" for run in re.findall(r"`+", body[start:end]))
        parts += (body[last:start], f"{probe}{number}{kept}")
        last = end
    parts.append(body[last:])
    probed = re.compile(rf'\bhref="{re.escape(probe)}(\d+)[~"]')
    return frozenset(map(int, probed.findall(render("".join(parts)))))


def _placed(body: str, starts: Iterable[int]) -> Iterator[tuple[int, int]]:
    """The line in ``body`` (from 0) and the column of each of ``starts``, in order, each
    counted on from the one before: linear however many there are on one line."""
    line, line_start, seen = 0, 0, 0
    for at in starts:
        breaks = body.count("\n", seen, at)
        if breaks:
            line, line_start = line + breaks, body.rfind("\n", seen, at) + 1
        seen = at
        yield line, at - line_start + 1


def as_github_reads(url: str) -> str | None:
    """``url``, a link to a ``.md`` file written as only an editor on Windows or macOS
    follows it (``..\\goals\\speak.md``, ``../goals/Speak.md``, ``speak.MD``), as GitHub
    and the site would follow it; None when it is written so already. Both tell case apart,
    and read ``\\`` as a character of the name, not the end of a folder's; neither tells a
    ``%`` escape's case apart (``%2E`` is ``%2e``), so the path is judged decoded."""
    written = url.partition("#")[0].partition("?")[0]
    path = unquote(written)
    meant = path.replace("\\", "/").lower()
    return None if meant == path else meant + url[len(written):]


@lru_cache(maxsize=16384)
def _broken_fragments(body: str) -> tuple[tuple[str, str, int, int], ...]:
    """Each link of ``body`` to a ``#fragment`` of its own page that none of its headings or
    footnotes has as its anchor: the link as written, the fragment, and where the link is
    (its line in the body, from 0, and column). Remembered as
    :func:`~mentorsite.model.lint.bodies._nesting_cut` is: a body with a heading holds a ``#``,
    and ``serve`` scanned each such body again after every save (30 ms for the 1,182 of the
    5,000 benchmark bodies that hold one)."""
    broken = []
    pattern = _FRAGMENT_LINK if _REFERENCE_TO_FRAGMENT.search(body) else _INLINE_FRAGMENT_LINK
    for found in pattern.finditer(body):
        group = found.lastindex or 0  # the one destination group that took part
        url = found[group]
        fragment = _fragment(url)
        if fragment and fragment not in _anchors(body) and fragment in _fragment_links(body):
            broken.append((url, fragment, found.start(group), found.end(group)))
    if not broken:
        return ()
    links = _links_among(body, tuple((start, end) for _, _, start, end in broken))
    told = [(url, fragment, start) for number, (url, fragment, start, _) in enumerate(broken)
            if number in links]
    return tuple((url, fragment, line, column) for (url, fragment, _), (line, column)
                 in zip(told, _placed(body, (start for _, _, start in told)), strict=True))


class LinkChecks(Linter):
    """The checks of the links in each body the site shows."""

    def links(self, entry: Entry) -> None:
        """A link to another entry by its file leads to that entry's page: say where one
        leads to no page (no such entry, or a private one the site leaves out), or names a
        ``#fragment`` that is no heading of it, which opens the page at its top."""
        file = entry.file
        body = file.body
        broken: list[tuple[int, int, str]] = []
        for found in _BODY_LINK.finditer(body):
            group = found.lastindex or 0  # the one destination group that took part
            url = found[group]
            meant = as_github_reads(url)
            target = linked_file(meant or url, file.path)
            linked = self.entries.get(target) if target else None
            published = linked is not None and not linked.private and not meant
            fragment = _fragment(url)
            lost = (published and fragment and linked is not None
                    and fragment not in _anchors(linked.file.body))
            if target is None or (published and not lost) or target in self.broken:
                continue  # a file with errors is there: its own errors say what to fix
            # One wording whether the entry is missing or private: review posts it, and
            # "that entry is private" told the pull request that a private entry is there.
            broken.append((found.start(group), found.end(group),
                f"link to {url} leads to the top of its page, not to a place in it: "
                f"{target} has no heading whose anchor is #{fragment} (a heading's anchor is "
                "its text in lowercase, with '-' for each space and no punctuation)"
                if lost else
                f"link to {url} leads nowhere on the site or on GitHub: write it {meant}"
                if meant and linked is not None and not linked.private else
                f"link to {url} leads nowhere on the site: there is no published entry "
                f"{target} (a private one has no page)"))
        if not broken:
            return
        links = _links_among(body, tuple((start, end) for start, end, _ in broken))
        told = [(start, message) for number, (start, _, message) in enumerate(broken)
                if number in links]
        for (line, column), (_, message) in zip(_placed(body, (at for at, _ in told)), told,
                                                strict=True):
            self.diagnostics.warning(file.path, file.body_line + line, column, "broken-link",
                                     message)

    def fragment_links(self, file: SourceFile) -> None:
        """A link to a place in its own page (``[see](#risks)``) names a heading of the body,
        as a link to another entry's must: say where none has that anchor, which opens
        nothing (a capitalised one is the theme's own section, as :func:`_fragment` says)."""
        for url, fragment, line, column in _broken_fragments(file.body):
            self.diagnostics.warning(
                file.path, file.body_line + line, column, "broken-link",
                f"link to {url} leads nowhere in its page: this entry has no heading whose "
                f"anchor is #{fragment} (a heading's anchor is its text in lowercase, with '-' "
                "for each space and no punctuation)")
