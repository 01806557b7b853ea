"""Warnings about a valid mentorship: the method's advice, not its grammar (SPEC §3).

SMART gaps, deadlines passed, reflections missing a prompt or missing altogether, check-ins too
far apart or too long ago, and readings off their scale. All of it is judged as of ``today``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise
from urllib.parse import unquote

from mentorsite.diagnostics import Diagnostics, Severity
from mentorsite.markdown.engine import render
from mentorsite.markdown.rules import linked_file
from mentorsite.model.entries import (
    CheckIn,
    Mentorship,
    NextStep,
    SourceFile,
)
from mentorsite.model.lint.bodies import BodyChecks
from mentorsite.model.lint.goals import GoalChecks
from mentorsite.model.lint.linter import Entry
from mentorsite.model.lint.reflections import ReflectionChecks
from mentorsite.model.progress import newest_held
from mentorsite.read.yamlsafe import Positions
from mentorsite.text import count

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

_FRAGMENT_LINK = re.compile(
    r"\]\(\s*<?(#[^\s()<>]*)(?=[)\s>])"  # inline: [see](#risks)
    r"|^ {0,3}\[[^]\n]+\]:[ \t]*<?(#[^\s<>]*)(?=[\s>]|$)",  # reference: [r]: #risks
    re.MULTILINE,
)
"""A Markdown link's destination that is a ``#fragment`` alone: a place in the same page."""

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
    its own headings needs both, and each rendered it). Remembered as :func:`_nesting_cut` is:
    ``serve`` lints every body again after each edit, and kept for only 1,024 bodies, a site
    linking to more of them by a ``#fragment`` rendered each again every time."""
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
        parts += (body[last:start], f"{probe}{number}")
        last = end
    parts.append(body[last:])
    probed = re.compile(rf'\bhref="{re.escape(probe)}(\d+)"')
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


def allowed_gap(cadence_days: int) -> int:
    """Days a pair may go between check-ins: the cadence plus half of it again as grace."""
    return cadence_days + (cadence_days + 1) // 2


@dataclass
class _Linter(GoalChecks, ReflectionChecks, BodyChecks):

    def gap_since(self, before: date, path: str, gap: int) -> str:
        """How long it has been since the check-in of ``before`` (at ``path``), which names
        it only if it is public: review posts the warning on the pull request, and the date
        of one private, or the days since it, would date it. A file with errors may be
        private too."""
        held = self.entries.get(path)
        if held is not None and not held.private:
            return f"{gap} days since the check-in of {before}"
        return "longer than allowed since the check-in before it"

    def cadence_name(self) -> str:
        cadence = self.model.settings.cadence
        return f"{cadence}-day" if isinstance(cadence, int) else str(cadence)

    def run(self) -> None:
        for goal in self.model.goals:
            self.goal(goal)
        for reflection in self.model.reflections:
            self.reflection(reflection)
        self.cadence()
        self.unfilled()
        self.next_steps()
        self.readings()
        model = self.model
        for entries in (model.goals, model.checkins, model.reflections, model.evidence):
            for entry in entries:
                self.body(entry.file)
                if not entry.private:  # the site shows its body
                    self.html(entry.file)
                    if "![" in entry.file.body:
                        self.images(entry.file)
                if ".md" in entry.file.body and not entry.private:  # the site shows its links
                    self.links(entry)
                if "#" in entry.file.body and not entry.private:
                    self.fragment_links(entry.file)

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
            if target is None or (published and not lost):
                continue
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

    def cadence(self) -> None:
        """Gaps and the days since the last check-in count the check-ins held by today; one
        dated later is a slip of the year, or an agenda written ahead, and held by neither."""
        cadence = self.model.settings.cadence_days
        limit = allowed_gap(cadence)
        held = [(day, path) for day, path in self.met if day <= self.today]
        # A file with errors counts as a meeting for the others' gaps, but is warned of
        # nothing itself until it is fixed, as docs/content.md says of every warning.
        broken = {d.path for d in self.diagnostics.items if d.severity is Severity.ERROR}
        for day, path in self.met[len(held):]:
            if path in broken:
                continue
            self.warn(path, None, "checkin-in-future",
                      f"check-in dated {day}, after today ({self.today}): check the date; "
                      "health counts it once its day has come")
        for (before, before_path), (after, after_path) in pairwise(held):
            gap = (after - before).days
            if gap > limit and after_path not in broken:
                self.warn(after_path, None, "checkin-gap",
                          f"{self.gap_since(before, before_path, gap)}; the "
                          f"{self.cadence_name()} cadence allows {count(limit, 'day')}")
        if held:
            last, path = held[-1]
            days = (self.today - last).days
        else:
            active = [g for g in self.model.goals if g.status == "active"]
            if not active:
                return
            first = min(active, key=lambda g: g.started)
            days, path = (self.today - first.started).days, first.file.path
        if days > limit and path not in broken:
            self.warn(path, None, "checkin-overdue",
                      f"no check-in for {days} days as of {self.today}; the "
                      f"{self.cadence_name()} cadence allows {count(limit, 'day')}")

    def unfilled(self) -> None:
        """A check-in saved as ``new checkin`` wrote it passed with no word, was published
        empty and counted towards check-in health. It names goals (the template names each
        active one) yet gives none of them a status, a note or a reading, and holds no win,
        obstacle, adjustment, notes, nor a next step other than those carried forward from
        the check-in before. A short check-in saying one thing, or none naming any goal
        (``---`` twice: the pair met), is not warned of."""
        previous: CheckIn | None = None
        for checkin in self.model.checkins:
            if (checkin.goals and not (checkin.wins or checkin.obstacles or checkin.adjustments)
                    and not checkin.file.body.strip()
                    and not any(about.recorded for about in checkin.goals.values())
                    and all(step in _carried(previous) for step in checkin.next)):
                self.warn(checkin.file.path, None, "empty-checkin",
                          "the check-in records nothing yet: no goal has a status, a note or "
                          "a reading, and it holds no win, obstacle, adjustment, new next step "
                          "or notes: fill it in, or delete it if you did not meet")
            previous = checkin

    def next_steps(self) -> None:
        """Only the newest check-in's steps are open: a new check-in carries them forward."""
        for checkin in self.model.checkins:
            if len(checkin.next) > 1:
                self.steps_twice(checkin)
        latest = newest_held(self.model.checkins, self.today)
        if latest is None:
            return
        for index, step in enumerate(latest.next):
            if step.due and not step.done and step.due < self.today:
                self.warn(latest.file.path, ("next", index, "due"), "next-step-overdue",
                          f"next step '{step.task}' was due {step.due}")

    def steps_twice(self, checkin: CheckIn) -> None:
        """A step listed again in one check-in, with the same task and ``due``: a paste or a
        merge that took both sides. The calendar folds the copies into one event, as its
        first line has it, while the site and ``status`` list each copy, so the pair is told
        at the copy, to delete it (or give each its own task, if two people meant to do it)."""
        path = checkin.file.path
        first: dict[tuple[str, date | None], int] = {}
        for index, step in enumerate(checkin.next):
            seen = first.setdefault((step.task, step.due), index)
            if seen != index:
                positions = self.positions.get(path)
                where = "" if positions is None else (
                    f" (first on line {positions.of_value(('next', seen))[0]})")
                due = f" due {step.due}" if step.due else ""
                self.warn(path, ("next", index), "duplicate-step",
                          f"next step '{step.task}'{due} is listed twice in this "
                          f"check-in{where}: delete this one, or give each its own task")

    def readings(self) -> None:
        scales: dict[str, dict[str, tuple[float, float] | None]] = {}
        for goal in self.model.goals:
            for metric in goal.metrics:
                scales.setdefault(goal.id, {}).setdefault(metric.id, metric.scale)  # the first
        scaled = {goal_id: {metric_id: scale for metric_id, scale in metrics.items() if scale}
                  for goal_id, metrics in scales.items()}
        for checkin in self.model.checkins:
            for goal_id, about in checkin.goals.items():
                goal_scales = scaled.get(goal_id)
                if not goal_scales:
                    continue  # most goals have no scale: their readings need no look
                for metric_id, value in about.metrics.items():
                    scale = goal_scales.get(metric_id)
                    if scale is None:
                        continue
                    low, high = scale
                    if not low <= value <= high:
                        self.warn(checkin.file.path, ("goals", goal_id, "metrics", metric_id),
                                  "reading-out-of-scale",
                                  f"reading {value:g} for '{metric_id}' is outside its scale "
                                  f"[{low:g}, {high:g}]")


def _carried(previous: CheckIn | None) -> list[NextStep]:
    """The next steps a new check-in carries forward from ``previous``: those not done."""
    return [step for step in previous.next if not step.done] if previous else []


@lru_cache(maxsize=16384)
def _broken_fragments(body: str) -> tuple[tuple[str, str, int, int], ...]:
    """Each link of ``body`` to a ``#fragment`` of its own page that none of its headings or
    footnotes has as its anchor: the link as written, the fragment, and where the link is
    (its line in the body, from 0, and column). Remembered as :func:`_nesting_cut` is: a body
    with a heading holds a ``#``, and ``serve`` scanned each such body again after every
    save (30 ms for the 1,182 of the 5,000 benchmark bodies that hold one)."""
    broken = []
    for found in _FRAGMENT_LINK.finditer(body):
        group = 1 if found[1] else 2
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


def lint(
    model: Mentorship, positions: Mapping[str, Positions], today: date, diagnostics: Diagnostics,
    met: Sequence[tuple[date, str]],
) -> None:
    """Add every warning about ``model`` as of ``today`` to ``diagnostics``. ``met``: the day
    and path of every check-in file read, in order, valid or not."""
    _Linter(model, positions, today, diagnostics, met).run()
