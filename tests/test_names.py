"""Lists of people's names keep their order in any script.

Two names in a right-to-left script with ", " between them are one right-to-left run to the
Unicode bidirectional algorithm, so a left-to-right page would show the second name first.
Each name is isolated in a ``<bdi>``, and the commas between them stay outside.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup

from mentorsite.build import build
from mentorsite.render.snippets import names
from tests.conftest import VALID_GOAL, Repo

FIRST, SECOND = "محمد", "علي"
TODAY = date(2025, 6, 15)


def isolated(page: Path, selector: str) -> list[str]:
    """The names inside ``<bdi>`` in the first element ``selector`` picks."""
    element = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(selector)
    assert element is not None, selector
    return [bdi.get_text() for bdi in element.find_all("bdi")]


def test_names_are_escaped_and_isolated_one_by_one() -> None:
    assert names(["<b>Ann</b>", "A&B"]) == "<bdi>&lt;b&gt;Ann&lt;/b&gt;</bdi>, <bdi>A&amp;B</bdi>"
    assert names([]) == ""


def test_mentors_attendees_and_reviewers_keep_their_order(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "pair")
    repo.write("mentorsite.yml", f"mentee: Ana\nmentors: [{FIRST}, {SECOND}, Jo]\n")
    repo.write("content/goals/alpha.md", VALID_GOAL)
    repo.write("content/checkins/2025-06-10.md",
               f"---\nattendees: [{FIRST}, {SECOND}]\ngoals:\n  alpha: {{status: on-track}}\n"
               "---\nNotes.\n")
    repo.commit("First check-in", "-m", f"Reviewed-by: {FIRST} <m@example.org>\n"
                f"Reviewed-by: {SECOND} <a@example.org>")
    site = tmp_path / "site"
    build(repo.root, site, today=TODAY)

    assert isolated(site / "index.html", ".site-people") == [FIRST, SECOND, "Jo"]
    checkin = site / "checkins/2025-06-10/index.html"
    assert isolated(checkin, ".entry-meta") == [FIRST, SECOND]
    assert isolated(checkin, ".entry-history__reviews") == [FIRST, SECOND]
    [commit_page] = (site / "history").glob("*/index.html")
    assert isolated(commit_page, ".badge--reviewed") == [FIRST, SECOND]
    text = (site / "index.html").read_text(encoding="utf-8")
    assert f"<bdi>{FIRST}</bdi>, <bdi>{SECOND}</bdi>, <bdi>Jo</bdi>" in text
