"""A page writes a count as it writes its other figures: from ten thousand up grouped by
thousands (``12,500 check-ins``, beside a target of ``12,500``), below that as it is (``5328
wins``, as :func:`~mentorsite.text.number` writes ``1200``). The terminal keeps plain digits,
which scripts read (``read 12500 entries``).

A 20,000-file site's check-ins list said "20000 check-ins" while its goal pages said "12,500".
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from mentorsite.model.entries import Settings
from mentorsite.model.project import read_project
from mentorsite.pages.page import Page, Pager
from mentorsite.render.snippets import count_html
from mentorsite.render.templates import renderer
from mentorsite.render.theme import builtin_theme
from mentorsite.text import count

PROJECT = Path(__file__).resolve().parents[1]
TEMPLATES = PROJECT / "themes" / "default" / "templates"


def test_a_page_groups_a_count_as_it_groups_a_figure() -> None:
    assert count_html(12_500, "day") == "12,500&nbsp;days"
    assert count_html(1_200, "day") == "1200&nbsp;days"
    assert count_html(1, "day") == "1&nbsp;day"
    assert count(12_500, "entry", "entries") == "12500 entries"  # the terminal's


def test_every_count_a_template_prints_is_grouped() -> None:
    """No template prints a length bare: each goes through ``number``."""
    bare = [(path.name, found) for path in sorted(TEMPLATES.glob("*.html"))
            for found in re.findall(r"\{\{[^{}]*\|length\s*\}\}", path.read_text("utf-8"))]
    assert bare == []


def test_a_long_list_of_checkins_counts_them_grouped() -> None:
    today = date(2025, 12, 28)
    checkins = read_project(PROJECT, today).model.checkins
    entries = [checkins[n % len(checkins)] for n in range(12_000)]
    render = renderer([builtin_theme()], Settings(title="Pair"), today, None)
    html = render.render(Page("checkins/", "checkins.html", "Check-ins",
                              {"entries": entries, "goal_titles": {}, "total": len(entries),
                               "pager": Pager(1, 1, None, None)}))
    assert "12,000 check-ins, newest first" in html
