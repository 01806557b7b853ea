"""The dashboard's "Deadlines ahead" says how far ahead it looks, as far as it looks."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from bs4 import BeautifulSoup

from mentorsite.build import build
from mentorsite.model.insights import DEADLINE_HORIZON
from tests.conftest import VALID_GOAL


def _deadlines(root: Path, today: date) -> str:
    build(root, root / "_site", today=today, history=False)
    page = BeautifulSoup((root / "_site" / "index.html").read_text(), "html.parser")
    card = page.select_one(".deadlines")
    assert card is not None
    return " ".join(card.get_text(" ").split())


def test_an_empty_list_of_deadlines_names_the_span_it_looked_over(make_repo):
    """It said "Nothing due in the next two months" over a span of 60 days: on 1 March a goal
    due on 1 May, two months ahead, was not listed, and on 31 December one due on 1 March
    was."""
    due = date(2025, 12, 31)
    root = make_repo({"content/goals/ship.md": VALID_GOAL})
    outside = _deadlines(root, due - DEADLINE_HORIZON - timedelta(days=1))
    assert "Ship the first release" not in outside
    assert f"Nothing due in the next {DEADLINE_HORIZON.days} days" in outside
    assert "Ship the first release" in _deadlines(root, due - DEADLINE_HORIZON)
