"""A commit of very many files, or of very long diffs, is shown as a list of its files.

A commit that added 2,000 files made a commit page of 7 MB, every file's diff in full. Past
``MOST_FILES_IN_FULL`` files, or ``MOST_PAGE_DIFF_LINES`` lines of diffs, the page lists each
file with the lines it gained and lost and a link to where it can be read; a commit under both
limits is drawn as before, each file in full.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from mentorsite.build import build
from mentorsite.render.history_snippets import (
    MOST_DIFF_LINES,
    MOST_FILES_IN_FULL,
    MOST_PAGE_DIFF_LINES,
)
from tests.conftest import VALID_GOAL, Repo

LONG_FILES = MOST_PAGE_DIFF_LINES // MOST_DIFF_LINES + 1

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git CLI")


def checkin(day: int, lines: int = 3) -> str:
    return "---\ngoals: {alpha: {status: on-track}}\n---\n" + "".join(
        f"Line {n} of the notes.\n" for n in range(lines))


def commit_page(site: Path, sha: str) -> BeautifulSoup:
    return BeautifulSoup((site / "history" / sha / "index.html").read_text(), "html.parser")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """Three commits: one of exactly ``MOST_FILES_IN_FULL`` files, one of one file more (a
    goal among them), one of a few files whose diffs, each shown up to ``MOST_DIFF_LINES``,
    pass ``MOST_PAGE_DIFF_LINES`` together."""
    repo = Repo(tmp_path_factory.mktemp("limits") / "pair")
    repo.write("content/goals/alpha.md", VALID_GOAL)
    for n in range(MOST_FILES_IN_FULL - 1):
        repo.write(f"content/checkins/2025-01-01-n{n}.md", checkin(n))
    shas = {"at-limit": repo.commit("At the limit")}
    repo.write("content/goals/alpha.md", VALID_GOAL.replace("target: 10", "target: 12")
               + "One more line.\n")
    for n in range(MOST_FILES_IN_FULL):
        repo.write(f"content/checkins/2025-01-02-n{n}.md", checkin(n))
    shas["past-limit"] = repo.commit("Past the limit")
    for n in range(LONG_FILES):
        repo.write(f"content/checkins/2025-01-03-n{n}.md", checkin(n, MOST_DIFF_LINES))
    shas["long"] = repo.commit("Long notes")
    out = repo.root / "_site"
    build(repo.root, out, today=date(2025, 6, 15))
    return out, shas


def test_a_commit_within_the_limits_shows_every_file_in_full(site):
    out, shas = site
    soup = commit_page(out, shas["at-limit"])
    assert len(soup.select("section.file-change")) == MOST_FILES_IN_FULL
    assert len(soup.select("pre.diff")) == MOST_FILES_IN_FULL
    assert soup.select(".file-list") == []


def test_a_commit_past_the_file_limit_lists_its_files_with_their_counts(site):
    out, shas = site
    soup = commit_page(out, shas["past-limit"])
    assert soup.select("section.file-change") == [] and soup.select("pre.diff") == []
    assert soup.select_one(".file-list h2").get_text() == f"{MOST_FILES_IN_FULL + 1} files changed"
    items = soup.select(".file-list__items li")
    assert len(items) == MOST_FILES_IN_FULL + 1
    goal = next(item for item in items if "content/goals/alpha.md" in item.get_text())
    assert " ".join(goal.get_text().split()) == (
        "Changed goal content/goals/alpha.md (lines: 1 added, 0 removed, 1 field changed)")
    added = next(item for item in items if "2025-01-02-n0.md" in item.get_text())
    assert "(lines: 3 added, 0 removed, 1 field changed)" in added.get_text()
    for link in soup.select(".file-list__items a"):  # each leads to a page of the site
        target = (out / "history" / shas["past-limit"] / link["href"]).resolve()
        assert (target / "index.html").is_file(), link["href"]
    revision = goal.select_one("a")["href"]
    assert revision.endswith(f"goals/alpha/revisions/{shas['past-limit']}/")
    page = BeautifulSoup((out / "goals/alpha/revisions" / shas["past-limit"] / "index.html")
                         .read_text(), "html.parser")
    assert "One more line." in page.select_one("pre.diff").get_text(), "its diff is there"


def test_a_commit_past_the_line_limit_lists_its_files(site):
    out, shas = site
    soup = commit_page(out, shas["long"])
    assert soup.select("pre.diff") == []
    lines = LONG_FILES * MOST_DIFF_LINES
    assert f"({lines:,} lines added or removed)" in soup.select_one(".file-list p").get_text()
    assert len(soup.select(".file-list__items li")) == LONG_FILES
