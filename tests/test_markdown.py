"""Markdown bodies: CommonMark plus task lists, footnotes and anchors, never raw HTML."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from mentorsite.markdown.engine import RawHtml, is_safe_link, raw_html, render


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


@pytest.mark.parametrize(("written", "page"), [
    ("../goals/speak.md", "../../goals/speak/"),
    ("../checkins/2025-06-10.md#wins", "../../checkins/2025-06-10/#wins"),
    ("../reflections/2025-06-11-first-talk.md", "../../reflections/2025-06-11-first-talk/"),
    ("../evidence/2025-06-12-feedback.md", "../../evidence/2025-06-12-feedback/"),
    ("2025-06-10-2.md", "../2025-06-10-2/"),
    ("./speak.md#why", "../speak/#why"),
    # the same files by other paths GitHub follows: through the repository's top, with a
    # ./ on the way, from the top itself, with a query
    ("../../content/goals/speak.md", "../../goals/speak/"),
    ("../goals/./speak.md", "../../goals/speak/"),
    ("../checkins/../goals/speak.md#why", "../../goals/speak/#why"),
    ("/content/evidence/2025-06-12-feedback.md", "../../evidence/2025-06-12-feedback/"),
    ("../goals/speak.md?plain=1#why", "../../goals/speak/#why"),
    # its name with % escapes, decoded as a browser and GitHub decode them
    ("../goals/speak%2Dup.md#why", "../../goals/speak-up/#why"),
    ("%2E%2E/goals/sp%65ak.md", "../../goals/speak/"),
])
def test_a_link_to_a_content_file_leads_to_its_page(written, page):
    """Written as GitHub and editors follow it, from one content file to another; on the
    site every body is on its entry's page, two folders deep as the files are."""
    assert soup(f"See [it]({written}).").find("a")["href"] == page
    assert soup(f"- [*it*]({written})\n\n> quoted").find("a")["href"] == page  # the full parser


@pytest.mark.parametrize("url", ["../notes/speak.md", "/goals/speak.md", "speak.MD",
                                 "https://example.com/speak.md", "../../README.md",
                                 "../goals/sub/speak.md", "../goals/Speak.md",
                                 "../../../content/goals/speak.md", "//host/content/goals/a.md",
                                 "/content/goals/../../content/notes/a.md",
                                 "../goals/plan%20a.md", "..%2Fgoals%2Fspeak.md"])
def test_other_links_to_markdown_files_stay_as_written(url):
    assert soup(f"[go]({url})").find("a")["href"] == url


def test_task_lists_footnotes_and_heading_anchors():
    html = soup("## What happened\n\n- [x] done\n- [ ] open\n\nA claim[^1].\n\n[^1]: Source.\n")
    assert html.find("h2")["id"] == "what-happened"
    boxes = html.find_all("input", type="checkbox")
    assert [box.has_attr("checked") for box in boxes] == [True, False]
    assert all(box.has_attr("disabled") for box in boxes)
    assert html.find("section", class_="footnotes") is not None


@pytest.mark.parametrize("tail", ["", "\n> quoted\n"], ids=["everyday", "full-parser"])
def test_a_footnotes_link_back_is_named_by_its_reference(tail):
    """WCAG 2.4.4: the link back from a footnote is an arrow, "↩︎", which says nothing read
    aloud or in a list of the page's links; it is named after the reference it leads to."""
    html = soup(f"A claim[^a] and another[^b], again[^a].\n\n[^a]: Source.\n[^b]: Other.\n{tail}")
    assert [(link["href"], link.get("aria-label")) for link in html.select(".footnote-backref")
            ] == [("#fnref1", "Back to reference 1"), ("#fnref1:1", "Back to reference 1:1"),
                  ("#fnref2", "Back to reference 2")]


# --- rules a body cannot trigger are left out ------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from mentorsite.markdown import engine as markdown  # noqa: E402

NEAR_MISSES = [
    "```", "``", "`", "~~~", "~~", "~", ">", "> ", "***", "**", "* * *", "*\t*\t*", "---", "--",
    "- - -", "-", "- ", "___", "__", "_ _ _", "===", "==", "=", "= ", "-\t", "]:", "] :", "]",
    "[", "[a]: /u", "[a]", "[^a]: ", "# ", "1. ", "  ", "    ", "\t", "\n", "\n\n", "\r", "\r\n",
    "x", "word ", "\x00", "\\", "|", "| ", "|-|", "|:-", "-:|",
]
"""The markers of the rules that are left out, what almost is one, and the containers and
line ends they could sit in."""


@settings(max_examples=400, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(NEAR_MISSES), max_size=40).map("".join))
def test_a_body_renders_as_the_full_parser_renders_it(text: str) -> None:
    assert render(text) == markdown._parser().render(text)


@pytest.mark.parametrize(("body", "rule", "tag"), [
    ("```\ncode\n```\n", "fence", "<pre"),
    ("> quoted\n", "blockquote", "<blockquote>"),
    ("text\n\n* * *\n", "hr", "<hr"),
    ("Title\n---\n", "lheading", "<h2"),
    ("Title\n=\n", "lheading", "<h2"),
    ("- Title\n  ==\n", "lheading", "<h2"),
    ("[x]\n\n[x]: https://example.com\n", "reference", 'href="https://example.com"'),
    ("| a |\n|---|\n| 1 |\n", "table", "<table"),
    ("text\n| a |\n|---|\n", "table", "<table"),
])
def test_a_body_that_holds_a_construct_keeps_its_rule(body: str, rule: str, tag: str) -> None:
    assert tag in render(body)
    assert tag not in markdown._parser_without(frozenset({rule})).render(body)


def test_plain_notes_are_parsed_without_the_rules_they_cannot_trigger(monkeypatch) -> None:
    asked: list[frozenset[str]] = []
    real = markdown._parser_without

    def parser_without(rules: frozenset[str]):
        asked.append(rules)
        return real(rules)

    monkeypatch.setattr(markdown, "_parser_without", parser_without)
    html = render("## Plan\n\n- [x] ship `v2`, **today**\n- call [Ana](https://example.com)\n")
    assert asked == [frozenset({"fence", "blockquote", "hr", "lheading", "reference", "table"})]
    assert '<h2 id="plan">' in html and "<strong>today</strong>" in html


# --- inline: the text rule stops only where a rule can start, and runs on over plain breaks ----

INLINE_PIECES = [
    "word", " ", "  ", "\t", "\n", "\n\n", " \n", "  \n", "\t\n", "\n ", "\n\t", "\\\n", "\\",
    "*", "**", "_", "__", "`", "``", "[", "]", "[a]", "(http://x.org)", "[a](http://x.org)",
    "![i](x.png)", "!", "&", "&amp;", "&#35;", "&bogus", "<", "<http://x.org>", "<a@b.co>", ">",
    "^[inline note]", "[^1]", "[^1]: note\n", "^", "-", "- ", ":", "#", "## ", "=", "~", "+",
    "{", "}", "$", "%", "@", "[ ] ", "- [x] ", "1. ", "\r\n", "\x00", "é",
]
"""What inline rules start at, what they end at, what looks like it, and line breaks with and
without blanks beside them."""


@settings(max_examples=400, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(INLINE_PIECES), max_size=40).map("".join))
def test_inline_text_renders_as_markdown_it_renders_it(text: str) -> None:
    assert render(text) == markdown._parser().render(text)


def test_every_inline_rule_starts_at_a_mark_the_text_rule_stops_at() -> None:
    """A rule added to the parser (a plugin, a new markdown-it) needs its first character in
    _INLINE_MARKS, or the text rule would run over it: this list says which are covered."""
    assert markdown._parser_without(frozenset()).inline.ruler.get_active_rules() == [
        "text", "newline", "escape", "backticks", "emphasis", "link", "image",
        "footnote_inline", "footnote_ref", "autolink", "entity",
    ]


def test_plain_lines_are_one_text_and_blanks_at_a_break_keep_markdown_its_rule() -> None:
    md = markdown._parser_without(frozenset())
    plain = md.parseInline("one\ntwo *three*\nfour - five: six")[0].children
    assert [token.type for token in plain][:2] == ["text", "em_open"]
    assert plain[0].content == "one\ntwo "
    assert render("one\ntwo *three*\nfour - five: six") == (
        "<p>one\ntwo <em>three</em>\nfour - five: six</p>\n"
    )
    hard = md.parse("one  \ntwo")[1].children
    assert [token.type for token in hard] == ["text", "hardbreak", "text"]
    assert render("one  \n  two\nthree") == "<p>one<br>\ntwo\nthree</p>\n"


# --- nesting: container runs found from line break to line break --------------------------------

CONTAINER_PIECES = ["\n", " ", "  ", "\t", ">", "> ", "-", "- ", "*", "+ ", "1.", "1. ", "12) ",
                    "[^a]:", "[^a b]:", "[^]:", "x", "text", "\r", "\n\n"]


@settings(max_examples=400, deadline=None, database=None)
@given(st.lists(st.sampled_from(CONTAINER_PIECES), max_size=40).map("".join))
def test_the_container_runs_are_those_at_each_line_start(text: str) -> None:
    import re

    every_line_start = re.compile("^" + markdown._CONTAINERS, re.MULTILINE)
    assert markdown._container_runs(text) == every_line_start.findall(text)


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.sampled_from(["\n", " ", "\t", "x", "\r", "\n\n", "  "]), max_size=30)
       .map("".join))
def test_a_blank_at_a_line_break_is_a_space_or_tab_beside_one(text: str) -> None:
    import re

    assert markdown._blank_at_break(text) == bool(re.search(r"[ \t]\n|\n[ \t]", text))


def test_a_pipe_table_is_drawn_with_its_alignment_as_classes_and_its_cells_escaped() -> None:
    html = render("| name | note | hours |\n|:--|:-:|--:|\n"
                  "| <b>Ana</b> | [x](javascript:a) | 4 |\n")
    assert '<table tabindex="0">\n<thead>\n<tr>\n' in html
    assert '<th class="align-left">name</th>' in html
    assert '<th class="align-center">note</th>' in html
    assert '<td class="align-right">4</td>' in html
    assert "&lt;b&gt;Ana&lt;/b&gt;" in html and "<b>" not in html
    assert "javascript" not in html.replace("[x](javascript:a)", "")
    assert "style=" not in html  # the pages' Content-Security-Policy refuses inline styles


@pytest.mark.parametrize("body", [
    "```python\nprint('a long line')\n```\n",
    "~~~\nplain\n~~~\n",
    "text\n\n    indented code\n",
    "- item\n\n  ```\n  in a list\n  ```\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "> | quoted | table |\n> |---|---|\n> | 1 | 2 |\n",
])
def test_a_block_that_may_scroll_sideways_can_be_scrolled_from_the_keyboard(body: str) -> None:
    """The stylesheet lets a code block's long line and a wide table scroll sideways inside
    their own box; one holding no link cannot be scrolled from the keyboard in Safari unless it
    is in the tab order itself (axe: scrollable-region-focusable)."""
    from tests.test_stylesheet import declarations

    assert declarations("pre")["overflow-x"] == "auto"
    assert declarations(".prose table")["overflow-x"] == "auto"
    scrolling = soup(body).find_all(["pre", "table"])
    assert scrolling
    assert all(block.get("tabindex") == "0" for block in scrolling)
    assert all(block.code is not None for block in scrolling if block.name == "pre")


def test_a_task_is_its_checkboxs_label() -> None:
    html = render("- [ ] book the *room*\n- [x] send the notes\n")
    assert ('<li class="task-list-item"><label><input class="task-list-item-checkbox" '
            'disabled="disabled" type="checkbox"> book the <em>room</em></label></li>') in html
    assert 'checked="checked" disabled="disabled" type="checkbox"> send the notes</label>' in html


def test_the_markdown_cache_of_other_rules_counts_as_empty() -> None:
    """The rules' revision is part of the cache's key: HTML drawn before tables were turned on
    must not be served for a body with a table."""
    from mentorsite.markdown import cache as markdown_cache

    markdown_cache._salt.cache_clear()
    assert f"rules {markdown.REVISION}" in markdown_cache._salt()


@pytest.mark.parametrize(("body", "levels"), [
    ("### Notes\n\ntext\n", ["h2"]),
    ("## What happened\n\n#### Detail\n\n## Next\n", ["h2", "h3", "h2"]),
    ("##### a\n\n###### b\n\n### c\n\n# d\n\n### e\n", ["h2", "h3", "h2", "h2", "h3"]),
    ("> ### quoted\n\n- #### listed\n", ["h2", "h3"]),
    ("# What happened\n\na\n\n# Why it mattered\n\nb\n", ["h2", "h2"]),
    ("# Background\n\n## Details\n\n##### Tiny note\n", ["h2", "h3", "h4"]),
    ("## A\n\n## B\n\n# C\n\n## D\n", ["h2", "h2", "h2", "h3"]),
    ("Top\n===\n\nNext\n---\n", ["h2", "h3"]),
    ("".join(f"{'#' * n} {n}\n\n" for n in (1, 2, 3, 4, 5, 6, 6)),
     ["h2", "h3", "h4", "h5", "h6", "h6", "h6"]),
])
def test_headings_are_drawn_as_an_outline_under_the_page_title(
        body: str, levels: list[str]) -> None:
    """A body sits under its page's h1, the entry's title: its top headings are h2 however
    they are written (``#`` or ``##``), the others nested one level below the nearest heading
    written higher, so the page keeps its one h1 and no level is skipped (which the Nu Html
    Checker demands of every page)."""
    html = render(body)
    assert re.findall(r"<(h[1-6])\b", html) == levels
    assert re.findall(r"</(h[1-6])>", html) == levels


def test_a_renumbered_heading_keeps_its_anchor() -> None:
    assert '<h2 id="notes">Notes</h2>' in render("### Notes\n")
    assert '<h3 id="deep">Deep</h3>' in render("## Top\n\n###### Deep\n")


@pytest.mark.parametrize(("title", "anchor"), [
    ("लक्ष्य और परिणाम", "लक्ष्य-और-परिणाम"),  # Devanagari: vowel signs and virama are marks
    ("مَا الَّذِي حَدَثَ؟", "مَا-الَّذِي-حَدَثَ"),  # Arabic with harakat
    ("Cafe\u0301 notes", "cafe\u0301-notes"),  # an accent written apart from its letter
])
@pytest.mark.parametrize("tail", ["", "\n> quoted\n"], ids=["everyday", "full-parser"])
def test_a_heading_in_a_script_with_combining_marks_keeps_them_in_its_anchor(
        title: str, anchor: str, tail: str) -> None:
    """The anchor is the one GitHub gives the heading, so a link written beside the file
    (``[aim](#लक्ष्य-और-परिणाम)``) leads to it on the site too: dropping the marks made
    ``लकषय-और-परणम``, which no link names, and the link led to the page's top."""
    html = soup(f"## {title}\n\nSee [it](#{anchor}).\n{tail}")
    assert html.find("h2")["id"] == anchor
    assert unquote(html.find("a")["href"]) == f"#{anchor}"


@pytest.mark.parametrize("body", [
    "# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six\n\n###### Seven\n",
    "> # One\n>\n> ###### Six\n\n- # Item\n\nSet\n===\n\n| a |\n|---|\n",
])
def test_every_heading_has_an_anchor(body: str) -> None:
    """A link to any heading of a body works (``#`` ones and the deepest too): ids on h2 to
    h4 alone left the others without one."""
    headings = soup(body).find_all(["h1", "h2", "h3", "h4", "h5", "h6"])
    assert headings and all(heading.get("id") for heading in headings)
    assert soup(body).find("h1") is None


@pytest.mark.parametrize(("level", "levels"), [
    (1, ["h2", "h3", "h6"]), (2, ["h3", "h4", "h6"]), (3, ["h4", "h5", "h6"]),
])
def test_a_body_placed_under_a_section_heading_is_shifted_below_it(
        level: int, levels: list[str]) -> None:
    """A goal's body is set under its "The plan" h2, a check-in's under "Notes": there the
    body's headings go one level deeper, from the HTML already drawn, ids and all; none past
    h6. Raw HTML in the body is text, and stays as it was written."""
    from mentorsite.markdown.rules import placed_under

    html = render("# A\n\n## B `<h2>`\n\n<h3>x</h3>\n\n" + "".join(
        f"{'#' * n} {n}\n\n" for n in range(3, 7)))
    shifted = placed_under(html, level)
    found = re.findall(r"<(h[1-6])\b", shifted)
    assert [found[0], found[1], found[-1]] == levels
    assert re.findall(r"</(h[1-6])>", shifted) == found
    assert '<h2 id="a">A</h2>'.replace("h2", levels[0]) in shifted
    assert "&lt;h2&gt;" in shifted and "&lt;h3&gt;x&lt;/h3&gt;" in shifted
    assert placed_under("<p>no heading</p>\n", 2) == "<p>no heading</p>\n"


def test_raw_html_is_found_where_it_is_written_and_only_there() -> None:
    body = ("Plain <em>one</em> and <em>two</em>\n"
            "- item <span\n  class=x>split</span>\n\n"
            "Paragraph\n\n    <indented> is code\n\n"
            "```\n<div>fenced</div>\n```\n\n"
            "> <details>\n")
    assert raw_html(body) == (
        RawHtml(1, 7, "<em>"), RawHtml(1, 14, "</em>"), RawHtml(1, 24, "<em>"),
        RawHtml(1, 31, "</em>"), RawHtml(2, 8, "<span"), RawHtml(3, 16, "</span>"),
        RawHtml(13, 3, "<details>"),
    )


@pytest.mark.parametrize("body", [
    "No tags at all", "a < b and b > c", "`<br>` in code", "<https://example.org> and <a@b.c>",
    "\\<br> escaped",
])
def test_text_that_only_looks_like_html_is_not_raw_html(body: str) -> None:
    assert raw_html(body) == ()


def test_raw_html_lines_are_counted_on_from_tag_to_tag() -> None:
    """Each tag's place is counted from the one before, not from the paragraph's start (which
    took seconds on a body of many thousands of tags)."""
    body = "a <b>\nbb <i> <u>\n\nccc <s>\nd\ndd <q>"
    assert raw_html(body) == (RawHtml(1, 3, "<b>"), RawHtml(2, 4, "<i>"), RawHtml(2, 8, "<u>"),
                              RawHtml(4, 5, "<s>"), RawHtml(6, 4, "<q>"))


@pytest.mark.parametrize("title", ["FN1", "fnref1", "fn12"])
def test_no_heading_takes_a_footnotes_id(title):
    """``## FN1`` took the id ``fn1``, which the first footnote has: the page held the id
    twice (an HTML error), and the footnote's link led to the heading."""
    html = render(f"## {title}\n\nA claim.[^1]\n\n[^1]: The source.\n")
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)) == 3
    assert f'<h2 id="{title.lower()}-1">' in html


def test_a_right_to_left_body_lays_out_each_block_in_its_own_direction() -> None:
    """An Arabic list had its bullets on the left of right-aligned items, a table its first
    column on the left and a quote its bar on the left: the stylesheet turns a paragraph's text
    around, not where its container puts those. Each block of the body's own takes the direction
    of its first letter (``dir="auto"``); the blocks inside take their container's, as a browser
    would skip one with a ``dir`` of its own when it looks for the container's first letter."""
    html = soup("## عنوان\n\nنص\n\n- بند\n\n  فقرة\n- آخر\n\n> اقتباس\n\n| أ | ب |\n|---|---|\n"
                "| 1 | 2 |\n\n```\nf(x, 1)\n```\n")
    assert [(tag.name, tag.get("dir")) for tag in html.find_all(recursive=False)] == [
        ("h2", "auto"), ("p", "auto"), ("ul", "auto"), ("blockquote", "auto"),
        ("table", "auto"), ("pre", None)]
    assert all(tag.get("dir") is None for tag in html.select("ul *, blockquote *, table *"))


def test_the_footnotes_of_a_right_to_left_body_take_their_own_direction() -> None:
    """The footnotes of an Arabic body are a block of its own: their numbers stood on the
    left of right-aligned notes, as its lists' bullets did."""
    html = soup("نص[^1]\n\n[^1]: ملاحظة\n")
    assert html.select_one("section.footnotes")["dir"] == "auto"
    assert html.select_one("section.footnotes ol").get("dir") is None
    assert 'dir="' not in render("Text[^1]\n\n[^1]: A note.\n")


@pytest.mark.parametrize("body", ["- بند\n- آخر\n", "مرحبا *بك*\n", "# שלום\n"])
def test_an_everyday_body_in_a_right_to_left_script_takes_its_own_direction(body: str) -> None:
    """The everyday forms, which draw most bodies without markdown-it, give each block of such
    a body its direction as markdown-it does (tested against it in test_markdown_everyday)."""
    assert all(tag.get("dir") == "auto" for tag in soup(body).find_all(recursive=False))


def test_a_body_without_right_to_left_text_keeps_the_pages_direction() -> None:
    assert 'dir="' not in render("## Title\n\nText, Zoë and 田中\n\n- item\n\n> quote\n")
