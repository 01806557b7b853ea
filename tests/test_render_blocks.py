"""Blocks drawn once per key (``cached_block``): the header and footer of thousands of pages
are drawn a handful of times, yet every page still shows its own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from mentorsite.build import build
from mentorsite.model.entries import Settings
from mentorsite.pages.page import Page
from mentorsite.render.templates import renderer
from mentorsite.render.theme import builtin_theme

PROJECT = Path(__file__).resolve().parents[1]
TODAY = date(2025, 12, 28)


@pytest.fixture
def render():
    return renderer([builtin_theme()], Settings(title="Pair <&>"), TODAY, None)


def test_a_block_is_drawn_once_per_key(render):
    drawn: list[str] = []
    template = render.env.from_string(
        '{% call cached_block("x", key) %}{{ draw(key) }}<{{ key }}>{% endcall %}')

    def draw(key: object) -> str:
        drawn.append(str(key))
        return ""

    context = {"cached_block": render.cached_block, "draw": draw}
    shown = [template.render(context, key=key) for key in ("a&", "b", "a&", "b", "a&")]
    assert shown == ["<a&amp;>", "<b>", "<a&amp;>", "<b>", "<a&amp;>"]
    assert drawn == ["a&", "b"]


def test_an_unhashable_key_draws_the_block_every_time(render):
    template = render.env.from_string(
        '{% call cached_block(items) %}{{ items|join(",") }}{% endcall %}')
    context = {"cached_block": render.cached_block}
    assert template.render(context, items=[1, 2]) == "1,2"
    assert template.render(context, items=[3]) == "3"


def test_each_renderer_starts_with_no_blocks(render):
    render.render(Page("goals/", "404.html", "Goals"))
    assert render.blocks
    again = renderer([builtin_theme()], Settings(title="Renamed"), TODAY, None)
    assert not again.blocks
    html = again.render(Page("goals/", "404.html", "Goals"))
    assert "Renamed" in html and "Pair" not in html


def test_every_page_marks_its_own_section_and_links_from_its_own_depth(tmp_path):
    out = tmp_path / "_site"
    build(PROJECT, out, today=TODAY, history=False)
    checked = 0
    for path in sorted(out.rglob("index.html")):
        relative = path.parent.relative_to(out).as_posix()
        url = "" if relative == "." else relative + "/"
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        nav = soup.select(".site-nav a")
        current = [a["href"] for a in nav if a.get("aria-current") == "page"]
        depth = url.count("/")
        root = "../" * depth
        assert current == ([(root + url) or "./"] if any(
            a["href"] == (root + url or "./") for a in nav) else []), path
        assert soup.select_one(".site-footer a")["href"] == f"{root}feed.xml", path
        checked += 1
    assert checked > 30
