"""Calendar line folding (RFC 5545 §3.1): at most 75 octets a line, never inside a character."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from pathlib import PurePosixPath

import pytest

from mentorsite.pages.feeds import _fold


def _fold_by_character(line: str) -> str:
    """The reference: walk the characters, counting each one's UTF-8 octets."""
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > (75 if not parts else 74):
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


@pytest.mark.parametrize("length", [0, 1, 74, 75, 76, 148, 149, 150, 223, 224, 300])
@pytest.mark.parametrize("filler", ["a", "é", "🙂", "aé🙂"])
def test_fold_matches_the_character_walk(length, filler):
    line = (filler * length)[:length] if filler == "a" else "SUMMARY:" + filler * length
    folded = _fold(line)
    assert folded == _fold_by_character(line)
    pieces = folded.split("\r\n ")
    assert "".join(pieces) == line
    assert all(len(piece.encode("utf-8")) <= (75 if i == 0 else 74)
               for i, piece in enumerate(pieces))


def test_fold_matches_the_character_walk_on_random_lines():
    shuffle = random.Random(7)
    for _ in range(2000):
        line = "".join(shuffle.choice("aé€🎤 ;") for _ in range(shuffle.randint(0, 300)))
        assert _fold(line) == _fold_by_character(line)


def test_the_feed_holds_the_newest_entries_however_many_share_a_day(
    make_repo, valid_goal, monkeypatch
):
    """Only each kind's newest days are looked at; ties on the last of them, newest slug first
    (``2025-02-10-a-b/`` before ``2025-02-10-a/``), must come out as a full sort has them."""
    from mentorsite.model.insights import insights
    from mentorsite.model.project import read_project
    from mentorsite.model.publish import published
    from mentorsite.pages import feeds

    files = {"content/goals/ship.md": valid_goal}
    for day in range(1, 29):
        for suffix in ("", "-a", "-a-b", "-b"):
            files[f"content/checkins/2025-05-{day:02d}{suffix}.md"] = (
                f"---\ngoals:\n  ship:\n    status: on-track\n---\nDay {day}{suffix}.\n"
            )
    files["content/reflections/2025-05-20-a.md"] = "---\ntitle: A\ngoals: [ship]\n---\nR.\n"
    project = read_project(make_repo(files))
    assert not project.diagnostics.errors
    views = insights(published(project.model), project.today)
    bodies = {f"checkins/{p.stem}/": p.stem for p in map(PurePosixPath, files)}
    feed = feeds.atom(views, None, bodies)
    monkeypatch.setattr(feeds, "_newest", lambda entries: entries)
    assert feed == feeds.atom(views, None, bodies)
    assert feed.count("<entry>") == feeds.FEED_LIMIT


def _event_line_by_line(uid: str, day: date, summary: str, url: str, stamp: str) -> str:
    """The reference: every line of the event folded."""
    from mentorsite.pages.feeds import _ics_text

    lines = [
        "BEGIN:VEVENT", f"UID:{uid}@mentorsite", f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day.year:04d}{day:%m%d}",
        f"DTEND;VALUE=DATE:{(end := day + timedelta(days=1)).year:04d}{end:%m%d}",
        f"SUMMARY:{_ics_text(summary)}", f"DESCRIPTION:{_ics_text(url)}",
        "TRANSP:TRANSPARENT", "END:VEVENT",
    ]
    return "".join(_fold(line) + "\r\n" for line in lines)


@pytest.mark.parametrize("summary", ["Next step: call", "Next step: " + "é; \n" * 40])
@pytest.mark.parametrize("uid", ["next-2025-06-01-0", "next-" + "long-slug-" * 9 + "0"])
@pytest.mark.parametrize("day", [date(2025, 6, 1), date(2024, 12, 31), date(5, 1, 1)])
def test_an_event_folds_only_the_lines_that_hold_text_of_the_site(summary, uid, day, monkeypatch):
    """The stamp and the dates are short by their format: only the UID, the summary and the
    URL can need folding, and the event is the same as with every line folded."""
    from mentorsite.pages import feeds

    folded: list[str] = []
    fold = feeds._fold
    monkeypatch.setattr(feeds, "_fold", lambda line: folded.append(line) or fold(line))
    event = feeds.vevent(uid, day, summary, "checkins/x/", ("20250615T000000Z", 0))
    assert [line.split(":")[0] for line in folded] == ["UID", "SUMMARY", "DESCRIPTION"]
    monkeypatch.setattr(feeds, "_fold", fold)
    assert event == _event_line_by_line(uid, day, summary, "checkins/x/", "20250615T000000Z")


def test_links_between_content_files_lead_to_pages_on_the_site_and_in_the_feed(make_repo,
                                                                             valid_goal):
    """``[the goal](../goals/alpha.md#why-now)`` works on GitHub and in an editor; on the
    site it leads to the goal's page and its heading, and in the feed too (by ``xml:base``)."""
    from urllib.parse import urljoin
    from xml.etree import ElementTree

    from bs4 import BeautifulSoup

    from mentorsite.build import build

    root = make_repo({
        "content/goals/alpha.md": valid_goal + "\n## Why now\n\nBecause.\n",
        "content/checkins/2025-06-10.md": "---\ngoals: {alpha: {}}\n---\n"
                                          "See [the goal](../goals/alpha.md#why-now).\n",
        "content/reflections/2025-06-11-look-back.md":
            "---\ntitle: Looking back\n---\n# What happened\nAs [the check-in](../checkins/"
            "2025-06-10.md) says.\n# Why it mattered\n# What I learned\n# What changes next\n",
    })
    out = root / "_site"
    build(root, out, today=date(2025, 6, 15), history=False)
    for page, text in [("checkins/2025-06-10/", "the goal"),
                       ("reflections/2025-06-11-look-back/", "the check-in")]:
        html = BeautifulSoup((out / page / "index.html").read_text(), "html.parser")
        target, _, anchor = urljoin(page, html.find("a", string=text)["href"]).partition("#")
        linked = out / target / "index.html"
        assert linked.is_file(), f"{text} leads to {target}, which is not a page"
        if anchor:
            assert BeautifulSoup(linked.read_text(), "html.parser").find(id=anchor)
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(out / "feed.xml").getroot()
    for entry in feed.iter(f"{atom}entry"):
        content = entry.find(f"{atom}content")
        base = content.get("{http://www.w3.org/XML/1998/namespace}base")
        assert base == entry.find(f"{atom}link").get("href")
        for href in BeautifulSoup(content.text, "html.parser").find_all("a"):
            target = urljoin(base, href["href"]).partition("#")[0]
            assert (out / target / "index.html").is_file()


def _calendar_and_feed(make_repo, valid_goal, settings: str, base_url: str | None = None,
                       today: date = date(2025, 6, 15)) -> tuple[object, object]:
    """The calendar (parsed) and the feed's ids of a pair with goal ``ship`` and a check-in."""
    import icalendar

    from mentorsite.build import build

    root = make_repo({
        "mentorsite.yml": settings,
        "content/goals/ship.md": valid_goal,
        "content/checkins/2025-06-10.md": "---\ngoals: {ship: {}}\nnext:\n  - task: Call\n"
                                          "    due: 2025-06-20\n---\nNotes.\n",
    })
    out = root / "_site"
    build(root, out, today=today, base_url=base_url, history=False)
    calendar = icalendar.Calendar.from_ical((out / "calendar.ics").read_bytes())
    feed = (out / "feed.xml").read_text()
    return calendar, re.findall(r"<id>([^<]*)</id>", feed)


def test_a_step_carried_forward_is_one_event_and_a_closed_goal_has_no_deadline(
        make_repo, valid_goal):
    """``new checkin`` carries the steps still to do forward: a step carried through three
    check-ins was three events on its day, and the first two stayed open after the third
    marked it done. A goal achieved has no deadline left to keep."""
    import icalendar

    from mentorsite.build import build

    step = "next:\n  - {{task: Book a room, due: 2025-06-20{done}}}\n  - {{task: {other}}}\n"
    root = make_repo({
        "content/goals/ship.md": valid_goal,
        "content/goals/done.md": valid_goal.replace("title: Ship the first release",
                                                    "title: Done\nstatus: achieved"),
        **{f"content/checkins/2025-06-{day}.md":
           "---\ngoals: {ship: {}}\n" + step.format(done=done, other=other) + "---\n"
           for day, done, other in (("02", "", "Plan"), ("09", "", "Plan"),
                                    ("16", ", done: true", "Rest"))},
        "content/checkins/2025-06-23.md": "---\ngoals: {ship: {}}\n---\n",
    })
    out = root / "_site"
    build(root, out, today=date(2025, 6, 25), history=False)
    calendar = icalendar.Calendar.from_ical((out / "calendar.ics").read_bytes())
    events = sorted((str(e["SUMMARY"]), e["DTSTART"].dt.isoformat(), str(e["DESCRIPTION"]))
                    for e in calendar.walk("VEVENT"))
    assert events == [
        ("Goal due: Ship the first release", "2025-12-31", "goals/ship/"),
        ("Next step done: Book a room", "2025-06-20", "checkins/2025-06-16/"),
    ]


@pytest.mark.parametrize("status", ["pivoted", "dropped", "achieved"])
def test_a_goal_that_is_over_keeps_its_milestones_done_and_none_still_due(make_repo,
                                                                        valid_goal, status):
    """A goal pivoted away from left its deadline out of the calendar, but not its open
    milestones: a mentor subscribed was still reminded of "Milestone due: Talk at the
    all-hands" on a goal the pair had left, which the dashboard lists as a deadline no more."""
    import icalendar

    from mentorsite.build import build

    talk = ("---\ntitle: Talk\nstatus: " + status + "\nstarted: 2025-05-01\n"
            + ("pivoted_to: ship\n" if status == "pivoted" else "")
            + "milestones:\n  - {title: Demo, due: 2025-06-02, done: 2025-06-01}\n"
            "  - {title: All-hands talk, due: 2025-07-20, done: false}\n---\n")
    root = make_repo({"content/goals/ship.md": valid_goal, "content/goals/talk.md": talk})
    out = root / "_site"
    build(root, out, today=date(2025, 6, 15), history=False)
    calendar = icalendar.Calendar.from_ical((out / "calendar.ics").read_bytes())
    events = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert events == ["Goal due: Ship the first release", "Milestone done: Demo"], events


def test_a_step_listed_twice_in_one_checkin_is_one_event(make_repo, valid_goal):
    """A step pasted twice into one check-in's ``next`` (same task, same day) was two events
    on that day: copies were only folded across check-ins."""
    import icalendar

    from mentorsite.build import build

    root = make_repo({
        "content/goals/ship.md": valid_goal,
        "content/checkins/2025-06-02.md":
            "---\ngoals: {ship: {}}\nnext:\n  - {task: Book a room, due: 2025-06-20}\n"
            "  - {task: Book a room, due: 2025-06-20}\n  - {task: Book a room, due: 2025-06-27}\n"
            "---\n",
    })
    out = root / "_site"
    build(root, out, today=date(2025, 6, 5), history=False)
    calendar = icalendar.Calendar.from_ical((out / "calendar.ics").read_bytes())
    steps = sorted(e["DTSTART"].dt.isoformat() for e in calendar.walk("VEVENT")
                   if str(e["SUMMARY"]).startswith("Next step"))
    assert steps == ["2025-06-20", "2025-06-27"]


def _uids(calendar) -> set[str]:
    return {str(event["UID"]) for event in calendar.walk("VEVENT")}


def test_two_pairs_calendars_and_feeds_never_share_an_id(make_repo, valid_goal):
    """A mentor subscribed to two mentees' calendars: a goal id both pairs use (the example
    goal ``init`` writes, say) must stay two events, not one replacing the other; likewise
    the entries of their feeds."""
    one, one_feed = _calendar_and_feed(make_repo, valid_goal, "mentee: Priya\n")
    two, two_feed = _calendar_and_feed(make_repo, valid_goal, "mentee: Tomás\n")
    assert len(_uids(one)) == len(_uids(two)) == 2  # the goal and the next step
    assert _uids(one).isdisjoint(_uids(two))
    assert set(one_feed).isdisjoint(two_feed)
    based = [_calendar_and_feed(make_repo, valid_goal, "mentee: Priya\n", f"https://x.org/{n}/")
             for n in ("a", "b")]
    assert _uids(based[0][0]).isdisjoint(_uids(based[1][0]))


def test_calendar_and_feed_ids_stay_the_same_from_day_to_day_and_year_to_year(make_repo,
                                                                            valid_goal):
    """Readers tell events and entries apart by their ids: an id that changed on the first
    of January would show every entry as new, and every event twice."""
    before, before_feed = _calendar_and_feed(make_repo, valid_goal, "mentee: Priya\n",
                                             today=date(2025, 12, 31))
    after, after_feed = _calendar_and_feed(make_repo, valid_goal, "mentee: Priya\n",
                                           today=date(2026, 1, 1))
    assert _uids(before) == _uids(after)
    assert before_feed == after_feed


def test_calendar_events_link_to_their_page_when_the_site_address_is_known(make_repo,
                                                                          valid_goal):
    based, _ = _calendar_and_feed(make_repo, valid_goal, "mentee: Priya\n", "https://x.org/a/")
    goal = next(e for e in based.walk("VEVENT") if str(e["SUMMARY"]).startswith("Goal due"))
    assert str(goal["URL"]) == str(goal["DESCRIPTION"]) == "https://x.org/a/goals/ship/"
    plain, _ = _calendar_and_feed(make_repo, valid_goal, "mentee: Priya\n")
    goal = next(e for e in plain.walk("VEVENT") if str(e["SUMMARY"]).startswith("Goal due"))
    assert "URL" not in goal and str(goal["DESCRIPTION"]) == "goals/ship/"


@pytest.mark.parametrize(("zone", "offset"), [
    ("America/Los_Angeles", "-07:00"), ("Pacific/Auckland", "+12:00"),
    ("Asia/Kolkata", "+05:30"), ("UTC", "Z"),
])
def test_a_feed_entry_is_dated_on_its_day_where_the_pair_lives(make_repo, valid_goal, zone,
                                                               offset):
    """An entry's day begins at midnight in the pair's ``timezone``: written as midnight UTC,
    a check-in of 10 June was one of 9 June, 5 pm, in a feed reader in Los Angeles."""
    import feedparser

    from mentorsite.build import build

    root = make_repo({
        "mentorsite.yml": f"timezone: {zone}\n",
        "content/goals/ship.md": valid_goal,
        "content/checkins/2025-06-10.md": "---\ngoals: {ship: {}}\n---\nNotes.\n",
    })
    build(root, root / "_site", today=date(2025, 6, 15), history=False)
    feed = (root / "_site" / "feed.xml").read_text()
    assert re.findall(r"<updated>([^<]*)</updated>", feed) == [f"2025-06-10T00:00:00{offset}"] * 2
    parsed = feedparser.parse(feed)
    assert not parsed.bozo
    assert parsed.entries[0].updated == f"2025-06-10T00:00:00{offset}"


def test_a_moved_deadline_is_a_new_sequence_of_its_event_stamped_when_it_was_committed(
        tmp_path, valid_goal):
    """Calendar apps that subscribe keep an event they have seen while its SEQUENCE stays
    the same: a goal whose ``due`` moved stayed on its old day. Each event is stamped with
    its file's last commit, not the day of the build, so the same commit makes the same
    calendar on any day."""
    import icalendar

    from mentorsite.build import build
    from tests.conftest import Repo

    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/ship.md", valid_goal)
    repo.write("content/checkins/2025-06-10.md",
               "---\ngoals: {ship: {}}\nnext:\n  - {task: Call, due: 2025-06-20}\n---\n")
    repo.commit("Plan")

    def events(today: date) -> tuple[bytes, dict[str, tuple[str, int, str]]]:
        out = tmp_path / f"site-{today}"
        build(repo.root, out, today=today)
        text = (out / "calendar.ics").read_bytes()
        return text, {
            str(event["SUMMARY"]).split(":")[0]: (
                event["DTSTART"].dt.isoformat(), int(event.get("SEQUENCE", 0)),
                event["DTSTAMP"].dt.isoformat())
            for event in icalendar.Calendar.from_ical(text).walk("VEVENT")
        }

    first, planned = events(date(2025, 6, 15))
    assert planned == {"Goal due": ("2025-12-31", 0, "2025-01-03T12:00:00+00:00"),
                       "Next step": ("2025-06-20", 0, "2025-01-03T12:00:00+00:00")}
    assert events(date(2025, 6, 16))[0] == first
    repo.write("content/goals/ship.md", valid_goal.replace("due: 2025-12-31", "due: 2026-03-31"))
    repo.commit("Move the deadline")
    assert events(date(2025, 6, 16))[1] == {
        "Goal due": ("2026-03-31", 1, "2025-01-06T12:00:00+00:00"),
        "Next step": ("2025-06-20", 0, "2025-01-03T12:00:00+00:00")}
    # Moved again and not committed yet (serve shows it): one revision more, made today.
    repo.write("content/goals/ship.md", valid_goal.replace("due: 2025-12-31", "due: 2026-04-30"))
    assert events(date(2025, 6, 16))[1]["Goal due"] == (
        "2026-04-30", 2, "2025-06-16T00:00:00+00:00")


def test_a_shallow_clone_gives_its_events_no_sequence(tmp_path, valid_goal):
    """A shallow clone holds the last commits only, and fewer of a file's as new ones push
    the old out of its window: a SEQUENCE counted there falls, and calendar apps pass over
    an event whose SEQUENCE falls. The events have none, as without history."""
    from mentorsite.build import build
    from tests.conftest import Repo

    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/ship.md", valid_goal)
    repo.commit("Plan")
    for due in ("2026-03-31", "2026-04-30", "2026-05-29"):
        repo.write("content/goals/ship.md", valid_goal.replace("due: 2025-12-31", f"due: {due}"))
        repo.commit(f"Move the deadline to {due}")
    full, shallow = tmp_path / "full", tmp_path / "shallow"
    repo.git("clone", "-q", f"file://{repo.root}", str(full))
    repo.git("clone", "-q", "--depth", "3", f"file://{repo.root}", str(shallow))
    build(full, tmp_path / "site-full", today=date(2025, 6, 15))
    build(shallow, tmp_path / "site-shallow", today=date(2025, 6, 15))
    assert b"SEQUENCE:3\r\n" in (tmp_path / "site-full/calendar.ics").read_bytes()
    assert "SEQUENCE" not in (tmp_path / "site-shallow/calendar.ics").read_text()


def test_the_feed_is_full_when_each_entry_has_a_day_of_its_own(make_repo, valid_goal,
                                                                monkeypatch):
    """One check-in a day, more of them than the feed holds: the feed still holds
    :data:`FEED_LIMIT` entries, the newest, as a full sort of them has it."""
    from mentorsite.model.insights import insights
    from mentorsite.model.project import read_project
    from mentorsite.model.publish import published
    from mentorsite.pages import feeds

    files = {"content/goals/ship.md": valid_goal}
    for offset in range(feeds.FEED_LIMIT + 5):
        day = date(2025, 3, 1) + timedelta(days=offset)
        files[f"content/checkins/{day}.md"] = "---\ngoals:\n  ship:\n    status: on-track\n---\n"
    project = read_project(make_repo(files))
    views = insights(published(project.model), project.today)
    feed = feeds.atom(views, None, {})
    monkeypatch.setattr(feeds, "_newest", lambda entries: entries)
    assert feed == feeds.atom(views, None, {})
    assert feed.count("<entry>") == feeds.FEED_LIMIT


def test_a_milestone_done_is_an_event_on_the_day_it_was_done(make_repo, valid_goal):
    """A milestone with a ``due`` and a ``done`` date is shown on the day it was done, not on
    the day it was due, which the pair no longer keeps."""
    from mentorsite.model.insights import insights
    from mentorsite.model.project import read_project
    from mentorsite.pages import feeds

    goal = valid_goal.replace("metrics:", "milestones:\n  - {title: Draft, due: 2025-07-01, "
                              "done: 2025-06-10}\n  - {title: Launch, due: 2025-08-01}\nmetrics:")
    project = read_project(make_repo({"content/goals/ship.md": goal}))
    calendar = "".join(feeds.calendar_parts(insights(project.model, project.today)))
    events = re.findall(r"DTSTART;VALUE=DATE:(\d+)\r\n.*?SUMMARY:([^\r]*)", calendar, re.S)
    assert sorted(events) == [("20250610", "Milestone done: Draft"),
                              ("20250801", "Milestone due: Launch"),
                              ("20251231", "Goal due: Ship the first release")]


def test_calendar_text_escapes_what_rfc_5545_asks_for():
    """A TEXT value escapes the backslash, ';', ',' and line ends (RFC 5545 §3.3.11): a task
    such as "Call Ana; book a room" otherwise ends the value early for a strict reader."""
    from mentorsite.pages.feeds import _ics_text

    assert _ics_text("Call Ana; book a room, then\\rest\r\nnow\x07") == (
        "Call Ana\\; book a room\\, then\\\\rest\\nnow\ufffd")


@pytest.mark.parametrize("text", ["tab\there", "no\u00a0break", "line\u2028separator",
                                  "zero\u200bwidth", "soft\u00adhyphen", "next\x85line"])
def test_calendar_text_keeps_what_is_not_printable_but_no_control_character(text):
    """Python calls a tab, a no-break space or a line separator not printable; RFC 5545 lets a
    TEXT value hold them (only the C0 controls but the tab, and DEL, are out), and so does the
    shortcut taken for text that is all printable: they stay as they are."""
    from mentorsite.pages.feeds import _ics_text

    assert not text.isprintable()
    assert _ics_text(text) == text
    assert _ics_text(text + "\x1b") == text + "\ufffd"


def test_serve_stamps_again_only_the_check_ins_whose_events_it_makes_again(make_repo,
                                                                           valid_goal,
                                                                           monkeypatch, tmp_path):
    """serve writes the calendar after every edit, with one check-in changed: each check-in's
    stamp (its last revision and how many there were) was worked out again for all of them
    (3,500 on the 5,000-file benchmark corpus) to learn whether its kept events still held.
    Its events are kept while the check-in, its steps shown and its history are the same, and
    the stamp is made only with them; the calendar is the one made afresh."""
    from mentorsite.model.insights import insights
    from mentorsite.model.project import read_project
    from mentorsite.pages import feeds

    files = {"content/goals/ship.md": valid_goal}
    for day in range(1, 8):
        files[f"content/checkins/2025-06-0{day}.md"] = (
            "---\ngoals: {ship: {}}\nnext:\n"
            f"  - {{task: Step {day}, due: 2025-07-0{day}}}\n---\n")
    project = read_project(make_repo(files))
    views = insights(project.model, project.today)
    stamped: list[str] = []
    real = feeds._revised

    def revised(changes, path, today):
        stamped.append(path)
        return real(changes, path, today)

    monkeypatch.setattr(feeds, "_revised", revised)
    written = tmp_path / "calendar.ics"
    kept = feeds.Events(written)
    for base_url, made_again in (("https://example.org/", 7), ("https://example.org/", 0),
                                 ("https://elsewhere.org/", 7)):
        stamped.clear()
        made = "".join(feeds.calendar_parts(views, base_url, kept=kept))
        written.write_text(made, encoding="utf-8", newline="")
        kept.written()
        assert len([path for path in stamped if "checkins" in path]) == made_again
        assert made == "".join(feeds.calendar_parts(views, base_url))


def test_the_feed_reads_the_bodies_of_its_own_pages_only(make_repo, valid_goal):
    """The feed shows the bodies of its :data:`FEED_LIMIT` newest entries: every page's body
    was put in a map by URL for it (10,318 pages on the 5,000-file benchmark corpus, in
    every build and after every edit in serve). Only the feed's pages are asked for theirs;
    the feed is the one made from every page's."""
    from dataclasses import replace

    from mentorsite.build import feeds_and_markers
    from mentorsite.model.insights import insights
    from mentorsite.model.project import read_project
    from mentorsite.model.publish import published
    from mentorsite.pages import feeds
    from mentorsite.pages.site import site_pages

    files = {"content/goals/ship.md": valid_goal}
    for offset in range(feeds.FEED_LIMIT + 5):
        day = date(2025, 3, 1) + timedelta(days=offset)
        files[f"content/checkins/{day}.md"] = (
            f"---\ngoals:\n  ship:\n    status: on-track\n---\nOn {day}.\n")
    project = read_project(make_repo(files))
    views = insights(published(project.model), project.today)
    asked: list[str] = []

    class Context(dict):
        def __contains__(self, key):
            asked.append(self["url"])
            return super().__contains__(key)

    pages = [replace(page, context=Context(page.context, url=page.url))
             for page in site_pages(views, None)]
    feed = feeds_and_markers(views, pages, None)["feed.xml"]
    read = sorted(set(asked))
    every = {page.url: page.context["body"] for page in pages if "body" in page.context}
    assert feed == feeds.atom(views, None, every)
    assert f"On {date(2025, 3, 1) + timedelta(days=feeds.FEED_LIMIT + 4)}." in feed
    assert read == sorted(
        f"checkins/{date(2025, 3, 1) + timedelta(days=offset)}/"
        for offset in range(5, feeds.FEED_LIMIT + 5))


def _events_by_uid(make_repo, valid_goal, milestones: str, steps: str) -> dict[str, str]:
    """The calendar's milestone and next-step events of goal ``ship`` and one check-in, each
    UID with the summary and day of its event."""
    import icalendar

    from mentorsite.build import build

    root = make_repo({
        "content/goals/ship.md": valid_goal.replace("metrics:", f"milestones:\n{milestones}"
                                                    "metrics:"),
        "content/checkins/2025-06-10.md": f"---\ngoals: {{ship: {{}}}}\nnext:\n{steps}---\n",
    })
    build(root, root / "_site", today=date(2025, 6, 15), history=False)
    calendar = icalendar.Calendar.from_ical((root / "_site/calendar.ics").read_bytes())
    return {str(e["UID"]): f"{e['SUMMARY']} {e['DTSTART'].dt}" for e in calendar.walk("VEVENT")
            if not str(e["SUMMARY"]).startswith("Goal due")}


def test_a_milestone_or_step_put_before_others_leaves_their_events_their_uids(make_repo,
                                                                             valid_goal):
    """An event's UID was its place in the list: a milestone put first gave every one after
    it the UID of the one before, and a calendar app that subscribed, where SEQUENCE did not
    grow (a shallow clone, --no-history), kept the old days and titles: one milestone twice,
    the new one nowhere. A moved day keeps the UID (the app moves the event); a second item
    with the same words has a UID of its own."""
    demo = "  - {title: Demo, due: 2025-07-01, done: false}\n"
    talk = "  - {title: Talk, due: 2025-08-01, done: false}\n"
    call = "  - {task: Call Sam, due: 2025-06-20}\n"
    book = "  - {task: Book a room, due: 2025-06-21}\n"
    before = _events_by_uid(make_repo, valid_goal, demo + talk, call + book)
    first = "  - {title: Practise, due: 2025-06-25, done: false}\n"
    dry = "  - {task: Dry run, due: 2025-06-19}\n"
    after = _events_by_uid(make_repo, valid_goal, first + demo + talk, dry + call + book)
    assert len(after) == len(before) + 2
    assert {uid: after[uid] for uid in before} == before
    moved = _events_by_uid(make_repo, valid_goal, demo + talk.replace("08-01", "08-15"),
                           call + book.replace("06-21", "06-22"))
    assert moved.keys() == before.keys()
    twice = _events_by_uid(make_repo, valid_goal, demo + demo.replace("07-01", "07-15"),
                           call + call.replace("06-20", "06-27"))
    assert len(twice) == 4
