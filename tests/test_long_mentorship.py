"""A mentorship of years: a goal's page stays the same size however long it runs (its newest
revisions and check-in notes are on it, every one of them on the goal's lists of revisions and
of notes), a chart of a goal whose target moved many times keeps its labels apart, and a
programme's counts of days hold to their noun."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup

from mentorsite.pages.charts import MARK_LABELS
from mentorsite.pages.history import REVISIONS_ON_GOAL, REVISIONS_PER_PAGE
from mentorsite.pages.site import NOTES_ON_GOAL
from tests.test_phone_layout import too_wide

SETTINGS = "title: Long\nmentee: Ana\ncadence: weekly\n"


def _goal(revision: int, target: int = 10) -> str:
    return ("---\ntitle: Grow\nstarted: 2023-01-02\ndue: 2027-01-01\nwhy: To grow.\n"
            f"success: [Grown]\nmetrics:\n  - {{id: score, label: Score, target: {target}}}\n"
            f"---\n\nPlan, revision {revision}.\n")


def _moving(revision: int) -> str:
    """The goal with its target moved up by one in each revision."""
    return _goal(revision, 10 + revision)


def _checkin(number: int) -> str:
    return (f"---\ngoals:\n  grow:\n    status: on-track\n    metrics: {{score: {number % 10}}}\n"
            f"    note: Note number {number}.\n---\n\nWe met.\n")


def _history(root: Path, revisions: int, checkins: int, goal=_goal) -> None:
    """A repository whose goal was committed ``revisions`` times, then ``checkins`` check-ins
    on it, a commit each, a day apart (one ``git fast-import``: hundreds of commits)."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    stream, stamp = [], 1_672_650_000
    changes = [("mentorsite.yml", SETTINGS)]
    changes += [("content/goals/grow.md", goal(n)) for n in range(revisions)]
    changes += [(f"content/checkins/2024-{1 + n // 28:02d}-{1 + n % 28:02d}.md", _checkin(n))
                for n in range(checkins)]
    for number, (path, text) in enumerate(changes):
        data, message = text.encode(), f"change {number}".encode()
        stream.append(b"commit refs/heads/main\ncommitter Ana <a@example.org> %d +0000\n"
                      b"data %d\n%s\nM 100644 inline %s\ndata %d\n%s\n"
                      % (stamp + number * 86_400, len(message), message, path.encode(),
                         len(data), data))
    subprocess.run(["git", "-C", str(root), "fast-import", "--quiet"], input=b"".join(stream),
                   check=True)
    subprocess.run(["git", "-C", str(root), "checkout", "-q", "-f", "main"], check=True)


def _page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _numbered(pattern: str, tag) -> int:
    """The number ``pattern`` finds in the text of ``tag``."""
    found = re.search(pattern, tag.get_text(" ", strip=True))
    assert found, tag
    return int(found.group(1))


def _build(root: Path, run_cli, *extra: str) -> Path:
    result = run_cli("--source", root, "--today", "2024-06-01", "build", "-q", *extra)
    assert result.exit_code == 0, result.output
    return root / "_site/goals/grow"


def test_a_goal_page_shows_its_newest_revisions_and_links_all_of_them(tmp_path, run_cli):
    """A goal committed 2,000 times made a goal page of 6.4 MB, every revision inline; it
    shows the newest :data:`REVISIONS_ON_GOAL` and links its list of all, in pages."""
    revisions = REVISIONS_PER_PAGE + 10
    _history(tmp_path, revisions, 0)
    goal = _build(tmp_path, run_cli)
    page = _page(goal / "index.html")
    cards = page.select("#Evolution li.revision")
    assert len(cards) == REVISIONS_ON_GOAL
    assert _numbered(r"change (\d+)", cards[0]) == revisions  # the newest
    more = page.select_one("#Evolution .more-link a")
    assert more is not None and more["href"] == "../../goals/grow/revisions/"
    assert f"All {revisions} revisions" in more.get_text()

    first = _page(goal / "revisions/index.html")
    second = _page(goal / "revisions/page/2/index.html")
    listed = [_numbered(r"change (\d+)", card.select_one(".revision__head"))
              for listing in (first, second) for card in listing.select("li.revision")]
    assert listed == list(range(revisions, 0, -1))  # settings were change 0
    assert "The goal was set." in second.select("li.revision")[-1].get_text()
    assert first.select_one('a[rel="next"]')["href"] == "../../../goals/grow/revisions/page/2/"
    # each revision's own page, compared with the one before, is there to follow
    links = [link["href"] for link in first.select(".revision__compare a")]
    assert len(links) == REVISIONS_PER_PAGE
    assert all((goal / "revisions" / href / "index.html").resolve().is_file() for href in links)


def test_a_goal_with_few_revisions_lists_them_all_on_its_page(tmp_path, run_cli):
    _history(tmp_path, REVISIONS_ON_GOAL, 0)
    goal = _build(tmp_path, run_cli)
    page = _page(goal / "index.html")
    assert len(page.select("#Evolution li.revision")) == REVISIONS_ON_GOAL
    assert page.select_one("#Evolution .more-link") is None
    assert not (goal / "revisions/index.html").exists()


def test_a_goal_page_shows_its_newest_notes_and_links_all_of_them(tmp_path, run_cli):
    """Three years of weekly check-ins put 600 notes on the goal's page; it shows the newest
    :data:`NOTES_ON_GOAL` and links the list of all of them."""
    checkins = NOTES_ON_GOAL + 5
    _history(tmp_path, 1, checkins)
    goal = _build(tmp_path, run_cli, "--no-history")
    page = _page(goal / "index.html")
    notes = page.select("#Notes ol.notes > li")
    assert len(notes) == NOTES_ON_GOAL
    assert f"Note number {checkins - 1}." in notes[0].get_text()
    more = page.select_one("#Notes .more-link a")
    assert more is not None and more["href"] == "../../goals/grow/notes/"
    every = _page(goal / "notes/index.html").select("ol.notes > li")
    assert [_numbered(r"Note number (\d+)\.", li) for li in every] == list(
        range(checkins - 1, -1, -1))


def test_a_target_moved_many_times_labels_its_newest_moves_clear_of_the_axis(tmp_path, run_cli):
    """A goal whose target moved 20 times stacked 20 labels of "target 10 → 11" down its chart,
    over the time axis' labels and out of the chart on a phone; the newest :data:`MARK_LABELS`
    are labelled, every move keeps its line, and the legend names those and counts the rest,
    linking to the goal's history (it named all 400 of a goal whose target moved 400 times)."""
    moves = 20
    _history(tmp_path, moves + 1, 12, _moving)
    goal = _build(tmp_path, run_cli)
    chart = _page(goal / "index.html").select_one("figure.chart, .chart")
    labels = [text.get_text() for text in chart.select(".chart__mark-label")]
    assert labels == [f"target {10 + n} → {11 + n}" for n in range(moves - MARK_LABELS, moves)]
    assert len(chart.select("line.chart__mark")) == moves
    named = [entry.get_text() for entry in chart.select(".legend--mark:not(.legend--more)")]
    assert named == [f"Plan changed: {label}" for label in labels]
    more = chart.select_one(".legend--more a")
    assert more.get_text() == f"{moves - MARK_LABELS}\N{NO-BREAK SPACE}earlier plan changes"
    assert more["href"] == "#Evolution" and goal.joinpath("index.html").read_text().count(
        'id="Evolution"') == 1
    site = tmp_path / "_site"
    assert [found for found in too_wide(site) if found[0] == "goals/grow/index.html"] == []


def test_a_pairs_programme_page_keeps_its_counts_of_days_whole(tmp_path):
    """A pair's programme page said "overdue after 11 days" with a plain space, and a 320 px
    phone put "days" alone on the next line; its counts of days hold to their noun, as the
    pair's own site's do."""
    from mentorsite.programme.build import build_programme

    pair = tmp_path / "pair"
    _history(pair, 1, 3)
    (pair / "mentorsite.yml").write_text(SETTINGS + "programme: full\n", encoding="utf-8")
    build_programme([str(pair)], tmp_path / "programme", today=date(2024, 1, 20), jobs=1)
    pages = [tmp_path / "programme/index.html",
             *sorted((tmp_path / "programme/pairs").glob("*/index.html"))]
    said = " ".join(_page(page).get_text() for page in pages)
    assert re.findall(r"\d+\s+days?\b", said)  # there are counts to look at
    assert re.findall(r"\d+ days?\b", said) == []  # each held by a no-break space
