"""The site's machine-readable files: an Atom feed, an iCalendar file and a sitemap.

Each is plain text built from the insights with the escaping its format needs; none of them
goes through the HTML templates.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit, urlunsplit
from xml.sax.saxutils import escape, quoteattr

from mentorsite import __version__
from mentorsite.clock import day_starts
from mentorsite.history.evolution import Evolution
from mentorsite.kept_in_file import KeptInFile, size_of
from mentorsite.model.entries import (
    CLOSED_STATUSES,
    CheckIn,
    Evidence,
    Goal,
    Reflection,
    Settings,
)
from mentorsite.model.insights import Insights, page_order, url_of
from mentorsite.pages.page import Page
from mentorsite.text import checkin_title

E = TypeVar("E", CheckIn, Reflection, Evidence)

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold at all, not even escaped (NUL, most control characters)."""
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
"""Characters an iCalendar TEXT value may not hold (RFC 5545 §3.3.11), once line ends are
escaped."""


def _xml(text: str) -> str:
    """Text escaped for XML, with characters XML cannot hold replaced by U+FFFD."""
    return escape(_NOT_XML.sub("\ufffd", text))


def _xml_attr(text: str) -> str:
    """A quoted XML attribute value, likewise."""
    return quoteattr(_NOT_XML.sub("\ufffd", text))


def _ascii_uri(url: str) -> str:
    """``url`` as a URI (RFC 3986), which the sitemap protocol ("URL-escaped") and iCalendar's
    URI values (RFC 5545 §3.3.13) ask for: a host of other letters in IDNA
    (``bücher.example`` → ``xn--bcher-kva.example``) and any other letter of the path
    percent-encoded as UTF-8. A feed and a page hold it as written, as IRIs, which Atom and
    HTML allow; so does a calendar's DESCRIPTION, which is text for people."""
    if url.isascii():
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:  # a label IDNA 2003 cannot write: the browser's business
        host = quote(host, safe="")
    host = f"[{host}]" if ":" in host else host  # IPv6
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe="/%:@!$&'()*+,;=~"),
                       "", ""))


FEED_LIMIT = 50
"""Entries in the feed: the newest ones, as feed readers expect; the site holds them all."""


def atom(insights: Insights, base_url: str | None, bodies: Mapping[str, object]) -> str:
    """Atom 1.0 of the newest check-ins, reflections and evidence.

    ``bodies`` maps an entry's URL to its body (anything whose ``str`` is safe HTML). Without
    ``base_url`` links stay relative to the feed, and ids are ``tag:`` URIs, which need no
    address.
    """
    model = insights.model
    entries = _feed_entries(insights)
    prefix = base_url or ""
    tag = f"{TAG}{site_key(model.settings, None)}/"
    updated = entries[0][0] if entries else insights.today
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={_xml_attr(model.settings.language)}>',
        f"  <title>{_xml(model.settings.title)}</title>",
        f"  <id>{_xml(prefix or tag + 'site')}</id>",
        f"  <updated>{day_starts(updated, model.settings.timezone)}</updated>",
        f"  <link rel=\"alternate\" href={_xml_attr(prefix or './')}/>",
        f"  <link rel=\"self\" href={_xml_attr(prefix + 'feed.xml')}/>",
        f"  <author><name>{_xml(model.settings.mentee or model.settings.title)}</name></author>",
        f'  <generator version="{__version__}">mentorsite</generator>',
    ]
    for day, title, url in entries:
        lines += [
            "  <entry>",
            f"    <title>{_xml(title)}</title>",
            f"    <id>{_xml(prefix + url if prefix else tag + url)}</id>",
            f"    <link rel=\"alternate\" href={_xml_attr(prefix + url)}/>",
            f"    <updated>{day_starts(day, model.settings.timezone)}</updated>",
            # A body's links are written for its page: xml:base tells a reader where that is.
            f"    <content type=\"html\" xml:base={_xml_attr(prefix + url)}>"
            f"{_xml(str(bodies.get(url, '')))}</content>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _feed_entries(insights: Insights) -> list[tuple[date, str, str]]:
    """The day, title and URL of each entry the feed holds, newest first."""
    model = insights.model
    entries = [
        (c.date, checkin_title(c.date, c.slug, date.isoformat), url_of("checkins", c.slug))
        for c in _newest(model.checkins)
    ]
    entries += [(r.date, r.title, url_of("reflections", r.slug))
                for r in _newest(model.reflections)]
    entries += [(e.date, e.title, url_of("evidence", e.slug)) for e in _newest(model.evidence)]
    entries.sort(key=lambda item: (item[0], page_order(item[2])), reverse=True)
    return entries[:FEED_LIMIT]


def feed_urls(insights: Insights) -> frozenset[str]:
    """The URLs of the pages whose bodies :func:`atom` shows."""
    return frozenset(url for _, _, url in _feed_entries(insights))


def _newest(entries: Sequence[E]) -> Sequence[E]:
    """The entries that may be among the feed's: those of the :data:`FEED_LIMIT` newest days
    of one kind (the model keeps each kind in date order), ties on the last day included."""
    if len(entries) <= FEED_LIMIT:
        return entries
    first = entries[-FEED_LIMIT].date
    return entries[bisect_left(entries, first, key=lambda entry: entry.date):]


TAG = "tag:mentorsite,2025:"
"""The start of the feed's ids without a site address (RFC 4151): its date is fixed, as an
id must never change."""


def site_key(settings: Settings, base_url: str | None) -> str:
    """A short name for this site among every mentorsite site, for ids that calendar and feed
    readers keep: a mentor subscribed to two mentees' calendars must not see a goal id both
    pairs use become one event. The site's address when it is known, else its title and its
    people."""
    identity = base_url or "\n".join((settings.title, settings.mentee or "", *settings.mentors))
    return hashlib.blake2b(identity.encode("utf-8", "surrogatepass"), digest_size=5).hexdigest()


Revised = tuple[str, int]
"""An event's DTSTAMP and SEQUENCE: when the file it comes from was last revised, and how
many times."""

class Events(KeptInFile):
    """Each goal's and check-in's calendar events, read again from the calendar written while
    what they are made from is the same (``serve`` writes the calendar again after every
    edit, with one check-in changed). Their text was kept instead: 2.3 MiB on the
    5,000-file benchmark corpus, for as long as serve ran."""

    def steps(self, checkins: Sequence[CheckIn], changes: Evolution | None, today: str,
              key: str, prefix: str) -> Iterator[str]:
        """The events of the check-ins' next steps (see :func:`_steps_shown`), each check-in's
        read again while the check-in, the steps it shows and its history are the same (by
        path, as :meth:`~mentorsite.kept_in_file.KeptInFile.get`, without a call per
        check-in): its stamp (:func:`_revised`) is made from its history only when its
        events are made again, not for all of thousands of check-ins after each edit."""
        files = changes.files if changes else {}
        uncommitted = changes.uncommitted if changes else frozenset()
        # what every check-in's events are made from besides its own (see _revised)
        setup = (key, prefix, today, bool(changes and changes.shallow))
        last, now, read = self._last, self._now, self._read
        for checkin, shown in _steps_shown(checkins):
            path = checkin.file.path
            sources = (checkin, shown, files.get(path), path in uncommitted, setup)
            hit = last.get(path)
            text = read(hit) if hit is not None and hit[0] == sources else None
            if text is None:
                revised = _revised(changes, path, today)
                text = "".join(_steps(checkin, shown, revised, key, prefix))
                now[path] = (sources, self._at, size_of(text))
            else:
                now[path] = (sources, self._at, hit[2])  # type: ignore[index]
            yield text


def calendar_parts(
    insights: Insights, base_url: str | None = None,
    kept: Events | None = None, changes: Evolution | None = None,
) -> Iterator[str]:
    """iCalendar (RFC 5545) of open goals' deadlines, milestone dates and next-step due dates
    (each step once, as its newest check-in has it), in parts, an event at a time: a build
    writes them as they come, so the calendar is never whole in memory. ``serve`` writes the
    calendar again after every edit, with ``kept``, which reads each goal's and check-in's
    events (in one part) again from the calendar it wrote last. Each event links its
    page, whole with ``base_url``, else relative to the site; each is stamped with its file's
    last revision in ``changes`` (see :func:`_revised`)."""
    if kept is not None:
        return kept.parts(_calendar_parts(insights, base_url, kept, changes))
    return _calendar_parts(insights, base_url, kept, changes)


def _calendar_parts(insights: Insights, base_url: str | None, kept: Events | None,
                    changes: Evolution | None) -> Iterator[str]:
    key, prefix = site_key(insights.model.settings, base_url), base_url or ""
    today = f"{_ics_date(insights.today)}T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//mentorsite//mentorsite {__version__}//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_text(insights.model.settings.title)}",
    ]
    yield "".join(_fold(line) + "\r\n" for line in lines)
    for view in insights.goals:
        goal = view.goal
        url = prefix + view.url
        revised = _revised(changes, goal.file.path, today)
        if kept is None:
            yield from _goal_events(goal, url, revised, key)
        else:
            yield kept.get(goal.file.path, (goal, url, revised, key), _joined, _goal_events,
                           goal, url, revised, key)
    if kept is None:
        for checkin, shown in _steps_shown(insights.model.checkins):
            revised = _revised(changes, checkin.file.path, today)
            yield from _steps(checkin, shown, revised, key, prefix)
    else:
        yield from kept.steps(insights.model.checkins, changes, today, key, prefix)
    yield "END:VCALENDAR\r\n"


def _joined(make: Callable[..., Iterable[str]], *args: Any) -> str:
    return "".join(make(*args))


def _goal_events(goal: Goal, url: str, revised: Revised, key: str) -> tuple[str, ...]:
    """The events of a goal: its deadline while it is open, and its milestones' dates."""
    events = []
    if goal.due and goal.status not in CLOSED_STATUSES:
        events.append(vevent(f"goal-{goal.id}.{key}", goal.due, f"Goal due: {goal.title}", url,
                             revised))
    names = _event_names(milestone.title for milestone in goal.milestones)
    for milestone, name in zip(goal.milestones, names, strict=True):
        # a milestone still open on a goal that is over (pivoted, dropped, achieved) is no
        # date to keep, as the goal's own deadline is not: the dashboard lists neither
        when = milestone.done or (milestone.due if goal.status not in CLOSED_STATUSES
                                  else None)
        if when:
            state = "Milestone done" if milestone.done else "Milestone due"
            events.append(vevent(f"milestone-{goal.id}-{name}.{key}", when,
                                 f"{state}: {milestone.title}", url, revised))
    return tuple(events)


def _event_names(texts: Iterable[str]) -> list[str]:
    """A name for each of a list's milestones or next steps (by its ``texts``, their titles
    or tasks) in the UIDs of their events, which calendar apps know an event by: a checksum
    of its words, so that it keeps its name when others are added before it or it is moved
    within the list, or its day moves (the app moves the event, its SEQUENCE grown). Its
    place was its name, and a milestone put first gave each event after it the UID of the
    one before: an app that subscribed kept its reminders on the other milestone, and, from
    a clone too shallow to count revisions (no SEQUENCE), kept the old days and titles,
    showed one milestone twice and the new one nowhere. A second item with the same
    checksum (the same words, as a rule) is told apart by its number among them (``-2``).
    CRC-32, not a hash from :mod:`hashlib`: half the time on the 7,255 milestones and steps
    of the 5,000-file benchmark corpus, and names need only differ within one list."""
    names = []
    seen: dict[int, int] = {}
    for text in texts:
        checksum = zlib.crc32(text.encode("utf-8", "surrogatepass"))
        seen[checksum] = times = seen.get(checksum, 0) + 1
        names.append(f"{checksum:08x}" if times == 1 else f"{checksum:08x}-{times}")
    return names


def _steps_shown(checkins: Sequence[CheckIn]) -> Iterator[tuple[CheckIn, tuple[int, ...]]]:
    """Each check-in (newest first) with the steps of its ``next`` that get an event: those
    with a due date that no later check-in, nor an earlier line of its own, lists again.
    ``new checkin`` carries the steps still to do forward, and each copy was an event of its
    own: a step carried through three check-ins was three events on its day, the oldest still
    open after it was done; a step pasted twice into one check-in was two."""
    later: set[tuple[str, date]] = set()
    for checkin in reversed(checkins):
        if not checkin.next:
            continue
        shown = []
        for index, step in enumerate(checkin.next):
            if not step.due:
                continue
            mark = (step.task, step.due)  # made once: every check-in's, after every edit
            if mark not in later:
                shown.append(index)  # the first of two copies in one check-in: one event
                later.add(mark)
        yield checkin, tuple(shown)


def _revised(changes: Evolution | None, path: str, today: str) -> Revised:
    """DTSTAMP and SEQUENCE of the events of the file at ``path``.

    A published calendar's DTSTAMP is when its event was last revised (RFC 5545 §3.8.7.2):
    the time of the last commit to the file, so that the same commit makes the same calendar
    on any day. SEQUENCE counts the file's revisions after the first: calendar apps that
    subscribe (Google Calendar among them) keep an event they have seen while its SEQUENCE
    stays the same, so a goal whose ``due`` moved stayed on its old day. A file changed and
    not committed is one revision more, made ``today``; without history, every event is
    stamped ``today`` and has no SEQUENCE. Nor has any in a shallow clone: it counts the
    commits the clone holds, fewer as its window moves on, and a SEQUENCE that falls is one
    the apps pass over."""
    history = changes.files.get(path) if changes else None
    later = len(history.revisions) - 1 if history and changes and not changes.shallow else 0
    if changes is not None and path in changes.uncommitted:
        return today, later + 1 if history else 0
    if history is None:
        return today, 0
    return _stamp(history.updated.commit.date), later


@lru_cache(maxsize=16384)
def _stamp(moment: datetime) -> str:
    """A DATE-TIME value in UTC; remembered, as ``serve`` stamps every check-in's events
    again after each edit (5,000 of them took 20 ms)."""
    when = moment.astimezone(timezone.utc)
    return f"{_ics_date(when.date())}T{when:%H%M%S}Z"


def _steps(checkin: CheckIn, shown: tuple[int, ...], revised: Revised, key: str,
           prefix: str) -> tuple[str, ...]:
    """The events of a check-in's next steps numbered ``shown``, on their due dates."""
    url = prefix + url_of("checkins", checkin.slug)
    events = []
    names = _event_names(step.task for step in checkin.next) if shown else []
    for index in shown:
        step = checkin.next[index]
        assert step.due is not None
        state = "Next step done" if step.done else "Next step"
        events.append(vevent(f"next-{checkin.slug}-{names[index]}.{key}", step.due,
                             f"{state}: {step.task}", url, revised))
    return tuple(events)


_DAY = timedelta(days=1)


def vevent(uid: str, day: date, summary: str, url: str, revised: Revised) -> str:
    """One VEVENT, folded. Not remembered here: ``serve`` keeps the events of each goal and
    check-in (see :func:`calendar_parts`), and a cache of each event besides held its text
    and arguments once more, 16,384 of them (with the joined texts, 4.4 of the 9.2 MiB the
    calendar kept on the 5,000-file benchmark corpus)."""
    # Only the lines with text of the site's can be longer than a line may be: the stamp and
    # the dates are not, and are not folded.
    stamp, sequence = revised
    return (
        f"BEGIN:VEVENT\r\n{_fold(f'UID:{uid}@mentorsite')}\r\nDTSTAMP:{stamp}\r\n"
        + (f"SEQUENCE:{sequence}\r\n" if sequence else "")
        + f"DTSTART;VALUE=DATE:{_ics_date(day)}\r\n"
        # Without an end an all-day event lasts its day (RFC 5545 §3.6.1): the last day a date
        # can hold has no next day to end on.
        + (f"DTEND;VALUE=DATE:{_ics_date(day + _DAY)}\r\n" if day < date.max
           else "")
        + f"{_fold(f'SUMMARY:{_ics_text(summary)}')}\r\n"
        f"{_fold(f'DESCRIPTION:{_ics_text(url)}')}\r\n"
        # A URI value is not TEXT: nothing in it is escaped (RFC 5545 §3.8.4.6), and it is
        # ASCII.
        + (f"{_fold(f'URL:{_ascii_uri(url)}')}\r\n" if url.startswith(("https://", "http://"))
           else "")
        + "TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n"
    )


@lru_cache(maxsize=16384)
def _ics_date(day: date) -> str:
    """A DATE value: always four digits of year (``strftime`` writes year 5 as ``5``).
    Remembered: a calendar writes two dates an event, most of them days other events have
    (14,355 dates of 3,546 days on the 5,000-file benchmark corpus), and formatting one took
    longer than escaping a line's text."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _ics_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11); other control characters become U+FFFD."""
    escaped = (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    )
    # Text that is all printable holds no control character: looking for one with the
    # pattern as well took longer than all the escaping.
    return escaped if escaped.isprintable() else _CONTROL.sub("\ufffd", escaped)


def _fold(line: str) -> str:
    """Fold lines longer than 75 octets, never splitting a UTF-8 character."""
    if line.isascii():  # one octet a character: cut the text itself
        if len(line) <= 75:
            return line
        return "\r\n ".join([line[:75], *(line[cut:cut + 74]
                                         for cut in range(75, len(line), 74))])
    data = line.encode("utf-8")
    parts: list[bytes] = []
    start, limit = 0, 75
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, 74
    if not parts:
        return line
    parts.append(data[start:])
    return "\r\n ".join(part.decode("utf-8") for part in parts)


def sitemap(pages: Iterable[Page], base_url: str) -> str:
    """A sitemap of every page but the 404 page; only made when ``base_url`` is known."""
    base = _ascii_uri(base_url)
    urls = "".join(
        f"  <url><loc>{_xml(base + page.url)}</loc></url>\n"
        for page in pages
        if page.template != "404.html"
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}</urlset>\n"
    )
