"""Entries of one day keep the model's order everywhere: by date, then by slug.

The check-ins list had ``2025-06-10-later`` before ``2025-06-10`` (newest first), but the wins
page, the timeline and the feed had them the other way round: they sorted by date alone, or by
date and URL, and ``-`` sorts before the ``/`` that ends ``checkins/2025-06-10/``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from mentorsite.build import build

CHECKIN = "---\ngoals:\n  ship: {{status: on-track}}\nwins: [{wins}]\n---\n{body}\n"


@pytest.fixture
def site(make_repo: Callable[..., Path], valid_goal: str, tmp_path: Path) -> Path:
    root = make_repo({
        "content/goals/ship.md": valid_goal,
        "content/checkins/2025-06-10.md": CHECKIN.format(wins="Early one, Early two",
                                                         body="Morning."),
        "content/checkins/2025-06-10-later.md": CHECKIN.format(wins="Later one",
                                                               body="Evening."),
        "content/reflections/2025-06-11-a.md": "---\ntitle: Zed\ngoals: [ship]\n---\nA.\n",
        "content/reflections/2025-06-11-b.md": "---\ntitle: Alpha\ngoals: [ship]\n---\nB.\n",
    })
    build(root, tmp_path / "site", today=date(2025, 6, 15), history=False)
    return tmp_path / "site"


def _texts(page: Path, selector: str) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [" ".join(found.get_text().split()) for found in soup.select(selector)]


def _links(page: Path, prefix: str) -> list[str]:
    """The entry pages ``page`` links to under ``prefix``, in order, each once."""
    found = re.findall(rf'href="(?:\.\./)*({prefix}/[^"/]+)/"', page.read_text(encoding="utf-8"))
    return list(dict.fromkeys(found))


def test_the_checkins_list_is_newest_first_by_slug(site: Path) -> None:
    """The reference order, which the pages below must agree with."""
    assert _links(site / "checkins" / "index.html", "checkins") == [
        "checkins/2025-06-10-later", "checkins/2025-06-10"]


def test_wins_of_one_day_are_newest_check_in_first_each_in_written_order(site: Path) -> None:
    wins = [text for text in _texts(site / "wins" / "index.html", ".celebration")
            if "one" in text or "two" in text]
    assert [re.search(r"(Later one|Early one|Early two)", w).group(1) for w in wins] == [
        "Later one", "Early one", "Early two"]


def test_the_timeline_has_the_later_check_in_and_reflection_first(site: Path) -> None:
    page = site / "timeline" / "index.html"
    assert _links(page, "checkins") == ["checkins/2025-06-10-later", "checkins/2025-06-10"]
    assert _links(page, "reflections") == ["reflections/2025-06-11-b", "reflections/2025-06-11-a"]


def test_the_feed_has_the_later_check_in_first(site: Path) -> None:
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert re.findall(r'<link rel="alternate" href="(checkins/[^"]+)/"', feed) == [
        "checkins/2025-06-10-later", "checkins/2025-06-10"]


def test_the_report_lists_the_day_s_wins_oldest_check_in_first(
    make_repo: Callable[..., Path], valid_goal: str, run_cli: Callable[..., object]
) -> None:
    root = make_repo({
        "content/goals/ship.md": valid_goal,
        "content/checkins/2025-06-10-later.md": CHECKIN.format(wins="Later one", body="E."),
        "content/checkins/2025-06-10.md": CHECKIN.format(wins="Early one, Early two",
                                                         body="M."),
    })
    result = run_cli("--source", root, "--today", "2025-06-15", "report", "--format", "json")
    assert result.exit_code == 0, result.output
    wins = [win["text"] for win in json.loads(result.stdout)["wins"]]
    assert wins == ["Early one", "Early two", "Later one"]
