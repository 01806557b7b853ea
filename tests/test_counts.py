"""One of anything reads in the singular: "1 day", "every day", never "1 days" or "All 1 wins",
nor "from 11 June 2025 to 11 June 2025".

A pair that checks in daily, with one goal, one win, one piece of evidence and one reflection,
is shown on the site, by ``status``, ``report`` and the programme site on the days its
check-in health is on schedule, due and overdue; every text is searched for a count of one
followed by a plural, and for a span from one day to the same day (a metric read once).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from mentorsite.build import build
from mentorsite.programme.build import build_programme
from mentorsite.serve.incremental import LiveBuild
from mentorsite.text import count, every

ONE_OF_EACH = {
    "mentorsite.yml": "title: Daily plan\nmentee: Ana\nmentors: [Jo]\ncadence: 1\n"
                      "programme: full\n",
    "content/goals/ship.md": (
        "---\ntitle: Ship the first release\nstarted: 2025-06-01\ndue: 2025-12-31\n"
        "why: A release proves the plan.\nsuccess: Tagged and announced.\n"
        "metrics:\n  - {id: speed, label: Features shipped, baseline: 0, target: 10}\n"
        "  - {id: docs, label: Pages written, baseline: 0, target: 4}\n"
        "milestones:\n  - {title: Beta out, due: 2025-06-11, done: 2025-06-11}\n---\n"
    ),
    "content/checkins/2025-06-10.md": (
        "---\ngoals:\n  ship: {status: on-track, metrics: {speed: 1}}\n---\n"
    ),
    # One day after the one before.
    "content/checkins/2025-06-11.md": (
        "---\ngoals:\n  ship: {status: on-track, metrics: {speed: 2, docs: 1}}\n"
        "wins: [The beta is out]\n"
        "next:\n  - {task: Write the notes, owner: Ana, due: 2025-06-12}\n---\n"
    ),
    "content/evidence/2025-06-11-feedback.md": (
        "---\ndate: 2025-06-11\ntitle: Praise\ngoals: [ship]\nkind: feedback\n---\n"
    ),
    "content/reflections/2025-06-11-beta.md": (
        "---\ndate: 2025-06-11\ntitle: After the beta\ngoals: [ship]\nmilestone: Beta out\n---\n"
        "## What happened\n\nIt shipped.\n\n## What I learned\n\nA lot.\n\n"
        "## What I will do differently\n\nLess.\n"
    ),
}
DAYS = ("2025-06-11", "2025-06-12", "2025-06-13", "2025-06-15")
"""On schedule (and a next step due tomorrow), due, overdue, and overdue by more."""

PLURAL_OF_ONE = re.compile(r"(?<![\d.,])1\s+(?!\w*(?:ss|us)\b)[a-z-]+s\b|every 1 day")
""""1 days", "1 wins", "every 1 day" (not "1 class" or "1 status", which are singular)."""
ONE_DAY_SPAN = re.compile(r"from (\d+ \w+ \d{4}) to \1\b")
"""From a day to the same day."""
BARE_COUNT = re.compile(r"\b(?:after|up to|longest|allows) \d+\b(?!\s+days?\b)")
""""overdue after 21", "up to 21 allowed", "cadence allows 21": a count left without its unit."""


def test_count_and_every():
    assert [count(n, "day") for n in (0, 1, 2)] == ["0 days", "1 day", "2 days"]
    assert [count(n, "entry", "entries") for n in (1, 2)] == ["1 entry", "2 entries"]
    assert [every(n) for n in (1, 7)] == ["every day", "every 7 days"]


def plurals_of_one(text: str) -> list[str]:
    """Each count of one in ``text`` that reads as many, and each span of one day."""
    words = " ".join(text.split())
    return PLURAL_OF_ONE.findall(words) + ONE_DAY_SPAN.findall(words)


def site_text(site: Path) -> str:
    """The words of every page, as a reader sees them."""
    return "\n".join(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ")
                     for page in sorted(site.rglob("*.html")))


@pytest.mark.parametrize("today", DAYS)
def test_site_says_one_in_the_singular(make_repo, today):
    root = make_repo(ONE_OF_EACH)
    build(root, root / "_site", today=date.fromisoformat(today), history=False)
    words = site_text(root / "_site")
    assert plurals_of_one(words) == []
    assert BARE_COUNT.findall(words) == []
    assert "1 reading, on 11 June 2025;" in words


def test_two_check_ins_of_one_day_are_said_to_be_of_the_same_day(make_repo):
    """The dashboard said of a second check-in held the same day "0 days after the one
    before"."""
    root = make_repo({**ONE_OF_EACH, "content/checkins/2025-06-11-evening.md": "---\n---\n"})
    build(root, root / "_site", today=date(2025, 6, 11), history=False)
    recent = BeautifulSoup((root / "_site" / "index.html").read_text(encoding="utf-8"),
                           "html.parser").select(".health__recent li")
    assert [" ".join(item.get_text(" ").split()) for item in recent] == [
        "11 Jun 2025 the same day as the one before", "11 Jun 2025 1 day after the one before",
        "10 Jun 2025"]


@pytest.mark.parametrize("today", DAYS)
@pytest.mark.parametrize("command", [["status"], ["report"], ["check"]])
def test_terminal_says_one_in_the_singular(make_repo, run_cli, command, today):
    root = make_repo(ONE_OF_EACH)
    result = run_cli("--source", root, "--today", today, *command)
    assert result.exit_code == 0, result.output
    assert plurals_of_one(result.output) == []
    assert BARE_COUNT.findall(result.output) == []


def test_build_and_serve_say_one_entry_in_the_singular(make_repo, run_cli, tmp_path):
    root = make_repo({"content/goals/ship.md": ONE_OF_EACH["content/goals/ship.md"]})
    result = run_cli("--source", root, "--today", DAYS[0], "build", "--out", tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert "read 1 entry in " in result.output
    said: list[str] = []
    LiveBuild(root, tmp_path / "live", date.fromisoformat(DAYS[0]), said.append).build()
    assert said[0].startswith("read 1 entry in ")
    assert plurals_of_one(result.output + "\n".join(said)) == []


def test_programme_says_one_in_the_singular(make_repo, tmp_path):
    root = make_repo(ONE_OF_EACH)
    out = tmp_path / "programme"
    for today in DAYS:
        build_programme([str(root)], out, cwd=tmp_path, today=date.fromisoformat(today), jobs=1)
        assert plurals_of_one(site_text(out)) == [], today


def test_report_of_a_day_with_one_checkin(make_repo, run_cli):
    root = make_repo(ONE_OF_EACH)
    result = run_cli("--source", root, "--today", "2025-06-15", "report",
                     "--since", "2025-06-11", "--until", "2025-06-11")
    assert result.exit_code == 0, result.output
    assert "There was 1 check-in against 1 expected at one every day," in result.output
    assert "- Last check-in on the last day of the period\n" in result.output
