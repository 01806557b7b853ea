"""Markdown bodies: CommonMark plus task lists, footnotes and anchors, never raw HTML."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from mentorsite.markdown import is_safe_link, render


def soup(markdown: str) -> BeautifulSoup:
    return BeautifulSoup(render(markdown), "html.parser")


def test_raw_html_is_shown_as_text():
    html = soup("<script>alert(1)</script>\n\nSome <b>bold</b> <img src=x onerror=alert(1)>")
    assert html.find("script") is None
    assert html.find("b") is None
    assert html.find("img") is None
    assert "<script>alert(1)</script>" in html.get_text()


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html,x",
     "vbscript:x", "file:///etc/passwd"],
)
def test_unsafe_links_stay_text(url):
    html = soup(f"[click]({url}) ![img]({url})")
    assert html.find("a") is None
    assert html.find("img") is None
    assert not is_safe_link(url)


@pytest.mark.parametrize(
    "url", ["https://example.com/x", "http://example.com", "mailto:a@example.com", "../x/",
            "#part", "notes.html"]
)
def test_safe_links_are_links(url):
    assert soup(f"[go]({url})").find("a")["href"] == url


def test_task_lists_footnotes_and_heading_anchors():
    html = soup("## What happened\n\n- [x] done\n- [ ] open\n\nA claim[^1].\n\n[^1]: Source.\n")
    assert html.find("h2")["id"] == "what-happened"
    boxes = html.find_all("input", type="checkbox")
    assert [box.has_attr("checked") for box in boxes] == [True, False]
    assert all(box.has_attr("disabled") for box in boxes)
    assert html.find("section", class_="footnotes") is not None
