"""Today is the pair's today: a check-in written on the other side of the date line, or dated
ahead by a slip, is told as of the day the site was built for."""

from __future__ import annotations

from datetime import date

from bs4 import BeautifulSoup

from mentorsite.build import build
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
