"""Today is the pair's today: a check-in written on the other side of the date line, or dated
ahead by a slip, is told as of the day the site was built for."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date, datetime
from pathlib import Path

from bs4 import BeautifulSoup

from mentorsite.build import build
from mentorsite.model.insights import GoalViews, insights
from tests.conftest import VALID_GOAL


def test_the_dashboards_last_check_in_links_to_the_one_it_counts(make_repo):
    """A check-in dated tomorrow (written in Auckland, built in Los Angeles) is not yet the
    last one: the dashboard said "Last check-in 10 March 2025, today" and linked it to that
    of 11 March."""
    root = make_repo({
        "mentorsite.yml": "timezone: America/Los_Angeles\n",
        "content/goals/ship.md": VALID_GOAL,
        "content/checkins/2025-06-10.md": "---\ngoals: {ship: {}}\n---\n",
        "content/checkins/2025-06-10-evening.md": "---\ngoals: {ship: {}}\n---\n",
        "content/checkins/2025-06-16.md": "---\ngoals: {ship: {}}\n---\n",
    })
    build(root, root / "_site", today=date(2025, 6, 15), history=False)
    page = BeautifulSoup((root / "_site" / "index.html").read_text(), "html.parser")
    last = page.select_one(".health__summary a")
    assert last is not None
    assert (last["href"], last.get_text()) == ("checkins/2025-06-10-evening/", "10 June 2025")


AUCKLAND_MORNING = "2025-03-02T08:00:00+13:00"
"""19:00 on 1 March in UTC."""
LOS_ANGELES_EVENING = "2025-03-01T20:00:00-08:00"
"""04:00 on 2 March in UTC, 17:00 on 2 March in Auckland: nine hours after the morning above."""


def _commit_at(root: Path, when: str, author: str, message: str) -> None:
    """Commit everything in ``root`` as ``author``, at ``when`` in their own offset."""
    env = {**os.environ, "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": "a@example.org",
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    for args in (("add", "-A"), ("commit", "-q", "-m", message)):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def _across_the_date_line(make_repo, timezone: str) -> Path:
    """A goal set by a mentor in Auckland, then a check-in added by a mentee in Los Angeles
    (signed off by the mentor), nine hours later: in their own offsets, 2 March, then
    1 March."""
    root = make_repo({"mentorsite.yml": f"timezone: {timezone}\n",
                      "content/goals/ship.md": VALID_GOAL})
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    _commit_at(root, AUCKLAND_MORNING, "Aroha", "Set the goal")
    (root / "content/checkins").mkdir()
    (root / "content/checkins/2025-03-02.md").write_text("---\ngoals: {ship: {}}\n---\n")
    _commit_at(root, LOS_ANGELES_EVENING, "Lee",
               "Add a check-in\n\nReviewed-by: Aroha <a@example.org>")
    build(root, root / "_site", today=date(2025, 3, 2))
    return root / "_site"


def _times(site: Path, page: str, selector: str) -> list[tuple[str, str]]:
    doc = BeautifulSoup((site / page).read_text(), "html.parser")
    return [(str(t["datetime"]), t.get_text()) for t in doc.select(selector)]


def test_commits_are_dated_on_the_pairs_day_not_their_authors(make_repo):
    """Each commit is dated in the settings' time zone: in the authors' own, the newest-first
    history read "1 Mar" above "2 Mar", and the check-in of 2 March was created on 1 March.
    The ``datetime`` attribute is the commit's instant, in the pair's offset."""
    site = _across_the_date_line(make_repo, "Pacific/Auckland")
    assert _times(site, "history/index.html", ".commit-line__date") == [
        ("2025-03-02T17:00:00+13:00", "2 Mar 2025"), (AUCKLAND_MORNING, "2 Mar 2025")]
    data = json.loads((site / "data.json").read_text())
    evening, morning = (commit["sha"] for commit in data["history"])
    assert _times(site, f"history/{evening}/index.html", ".facts time") == [
        ("2025-03-02T17:00:00+13:00", "2 March 2025")]
    assert _times(site, "checkins/2025-03-02/index.html", ".entry-history time") == [
        ("2025-03-02", "2 Mar 2025"), ("2025-03-02", "2 Mar 2025")]  # created; reviewed
    assert _times(site, "goals/ship/index.html", ".revision .commit-line__date") == [
        (AUCKLAND_MORNING, "2 Mar 2025")]
    assert _times(site, f"goals/ship/revisions/{morning}/index.html", ".revision-date time") == [
        ("2025-03-02", "2 March 2025")]
    # data.json keeps each instant exact
    instants = [datetime.fromisoformat(commit["date"]) for commit in data["history"]]
    assert instants == [datetime.fromisoformat(LOS_ANGELES_EVENING),
                        datetime.fromisoformat(AUCKLAND_MORNING)]
    checkin = data["checkins"][0]
    assert datetime.fromisoformat(checkin["created"]["date"]) == instants[0]
    assert checkin["reviewed_by"] == [{"name": "Aroha", "date": "2025-03-02"}]


def test_commits_are_dated_in_utc_by_default(make_repo):
    """Without a ``timezone`` setting the day is UTC's, whoever wrote the commit."""
    site = _across_the_date_line(make_repo, "UTC")
    assert _times(site, "history/index.html", ".commit-line__date") == [
        ("2025-03-02T04:00:00+00:00", "2 Mar 2025"), ("2025-03-01T19:00:00+00:00", "1 Mar 2025")]


AHEAD = {
    "content/goals/ship.md": VALID_GOAL,
    "content/checkins/2025-06-10.md": "---\ngoals: {ship: {status: on-track}}\n---\n",
    "content/checkins/2025-06-20.md": "---\ngoals: {ship: {status: blocked}}\n---\n",
}
"""A goal on track at the check-in of 10 June, and one dated 20 June (an agenda written ahead,
or a slip of the month) that calls it blocked."""


def test_a_check_in_dated_ahead_gives_no_last_check_in_badge_before_its_day(make_repo, run_cli):
    """On 15 June the goal's "Last check-in" badge said "Blocked", from the check-in of
    20 June, beside a dashboard whose last check-in was that of 10 June; ``status`` said
    "last check-in: blocked" and data.json ``latest_status: blocked``."""
    root = make_repo(AHEAD)
    build(root, root / "_site", today=date(2025, 6, 15), history=False)
    for page in ("index.html", "goals/ship/index.html"):
        doc = BeautifulSoup((root / "_site" / page).read_text(), "html.parser")
        badges = doc.select_one(".badges")
        assert badges is not None
        assert " ".join(badges.get_text().split()) == "● Active Last check-in: ✓ On track"
    data = json.loads((root / "_site" / "data.json").read_text())
    assert data["goals"][0]["latest_status"] == "on-track"
    assert data["health"]["last_checkin"] == "2025-06-10"
    said = run_cli("--source", root, "--today", "2025-06-15", "status", "--no-color").stdout
    assert "blocked" not in said
    said = run_cli("--source", root, "--today", "2025-06-15", "status", "--format", "json").stdout
    assert json.loads(said)["goals"][0]["latest_status"] == "on-track"
    # from its day on, it is the last check-in
    said = run_cli("--source", root, "--today", "2025-06-20", "status", "--no-color").stdout
    assert "Ship the first release  · last check-in: blocked" in said


def test_a_kept_goal_view_takes_the_new_day(read_valid):
    """``serve`` keeps each goal's view while its entries stay the same; the day is one of
    what it is made from, so the badge turns on the check-in's day (and back, with
    ``--today`` earlier)."""
    model = read_valid(AHEAD).model
    views = GoalViews()
    days = ("2025-06-15", "2025-06-20", "2025-06-15")
    said = [insights(model, date.fromisoformat(day), views).goals[0].latest_status
            for day in days]
    assert said == ["on-track", "blocked", "on-track"]
