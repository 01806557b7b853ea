"""The dashboard and the wins page count the same wins.

The dashboard's "37 wins so far" counts every celebration: wins from the check-ins, milestones
reached and goals achieved. The wins page split them by kind, and called the first kind "23 wins
recorded", which a reader took for the same count, disagreeing with the dashboard's.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag


def _page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _text(page: Tag, selector: str) -> str:
    found = page.select_one(selector)
    assert found is not None, selector
    return " ".join(found.get_text().split())


def test_the_wins_page_counts_the_wins_the_dashboard_counts(demo_site: Path) -> None:
    counted = re.search(r"(\d+) wins so far", _text(_page(demo_site / "index.html"), ".lede"))
    assert counted is not None
    total = int(counted.group(1))
    wins = _page(demo_site / "wins" / "index.html")
    assert _text(wins, ".lede").startswith(f"All {total} wins: every win from the check-ins,")
    kinds = {}
    for stat in wins.select(".stat"):
        number, kind = _text(stat, ".stat__number"), " ".join(stat.get_text().split())
        kinds[kind.removeprefix(f"{number} ")] = int(number)
    assert set(kinds) == {"goal achieved", "milestones reached", "wins from check-ins"}
    assert sum(kinds.values()) == total == len(wins.select(".celebration"))
