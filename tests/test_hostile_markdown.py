"""Hostile Markdown bodies render fast, in bounded output, and lose nothing silently.

markdown-it nests at most ``MAX_NESTING`` levels; content nested deeper is shown as flat text
(markdown-it alone would drop it) and ``check`` warns where that starts, naming the limit.
Time bounds here are safety bounds for slow CI runners, not benchmarks: CPU seconds of this
process where the work is done in it (a busy machine does not stretch them), wall seconds for a
whole build, whose pages render in worker processes.
"""

from __future__ import annotations

import time

import pytest
from bs4 import BeautifulSoup

from mentorsite.markdown.engine import MAX_NESTING, nesting_cut, render

SECONDS = 5.0
N = 10_000


def timed(markdown: str) -> tuple[str, float]:
    """The HTML of ``markdown`` and the CPU seconds this process took to render it."""
    started = time.process_time()
    html = render(markdown)
    return html, time.process_time() - started


def depth(html: str, names: tuple[str, ...]) -> int:
    """How deeply elements called ``names`` nest in ``html``."""
    soup = BeautifulSoup(html, "html.parser")
    deepest = 0
    for element in soup.find_all(names):
        deepest = max(deepest, len(element.find_parents(names)) + 1)
    return deepest


CASES = {
    "quotes": ("> " * N + "deep text\n", ("blockquote",)),
    "quote-lines": ("".join(">" * i + " line\n" for i in range(1, 400)) + "deep text\n",
                    ("blockquote",)),
    "brackets": ("[" * N + "deep text" + "]" * N + "\n", ("a",)),
    "open-brackets": ("[" * N + "deep text\n", ("a",)),
    "links": ("[a](" * N + "deep text\n", ("a",)),
    "images": ("![" * N + "deep text\n", ("img",)),
    "emphasis": ("*" * N + "deep text" + "*" * N + "\n", ("em", "strong")),
    "indented-lists": ("".join("  " * i + "- item\n" for i in range(1000)) + "  " * 1000
                       + "- deep text\n", ("ul", "li")),
    "compact-lists": ("- " * N + "deep text\n", ("ul", "li")),
    "ordered-lists": ("1. " * N + "deep text\n", ("ol", "li")),
    "tab-lists": ("".join("\t" * i + "-\titem\n" for i in range(300)) + "\t" * 300
                  + "-\tdeep text\n", ("ul", "li")),
    "quoted-lists": ("> - " * (N // 2) + "deep text\n", ("blockquote", "ul", "li")),
    "footnotes": ("[^a]: " * (N // 5) + "deep text\n\n[^a]\n", ("section", "li")),
}


@pytest.mark.parametrize(("markdown", "names"), list(CASES.values()), ids=list(CASES))
def test_deep_nesting_is_bounded_fast_and_keeps_the_text(markdown, names):
    html, elapsed = timed(markdown)
    assert elapsed < SECONDS
    assert len(html) < 40 * len(markdown) + 10_000, "output grows at most linearly"
    assert depth(html, names) <= MAX_NESTING + 1  # markdown-it counts levels, near enough
    assert "deep text" in BeautifulSoup(html, "html.parser").get_text(), "nothing is dropped"


def test_twenty_thousand_equal_headings_render_in_linear_time():
    """mdit-py-plugins' anchors took minutes here: each repeat searched x-1, x-2 … afresh."""
    html, elapsed = timed("## Same\n" * 20_000)
    assert elapsed < SECONDS
    soup = BeautifulSoup(html, "html.parser")
    ids = [h["id"] for h in soup.find_all("h2")]
    assert len(ids) == len(set(ids)) == 20_000
    assert ids[:3] == ["same", "same-1", "same-2"]


def test_heading_ids_stay_unique_when_titles_look_like_suffixes():
    soup = BeautifulSoup(render("## A\n## A\n## A-1\n## A\n### A\n#### a-2\n"), "html.parser")
    ids = [h["id"] for h in soup.find_all(["h2", "h3", "h4"])]
    assert ids == ["a", "a-1", "a-1-1", "a-2", "a-3", "a-2-1"]


@pytest.mark.parametrize("body", [
    "## 🎉\n\n## ???\n\n### ...\n\n## Heading\n",  # everyday forms
    "## 🎉\n\n## ???\n\n### ...\n\n## Heading\n\n> quoted\n",  # through markdown-it
])
def test_a_heading_with_nothing_for_a_slug_gets_an_id_all_the_same(body):
    """``id=""`` is invalid HTML (the Nu Html Checker: "An ID must not be the empty string")."""
    soup = BeautifulSoup(render(body), "html.parser")
    ids = [h["id"] for h in soup.find_all(["h2", "h3"])]
    assert ids == ["heading", "heading-1", "heading-2", "heading-3"]


@pytest.mark.parametrize(
    ("markdown", "line"),
    [
        ("Intro.\n\n" + "> " * (MAX_NESTING + 5) + "deep\n", 3),
        # a list and its item are two levels: the 10th list's item text is level 20
        ("".join("  " * i + "- item\n" for i in range(MAX_NESTING)), MAX_NESTING // 2),
        ("".join("  " * i + "- item\n" for i in range(MAX_NESTING // 2 - 1)), None),
        # at the limit, a paragraph is shown as it would be: nothing is flattened, no warning
        ("> " * MAX_NESTING + "x\n", None),
        ("".join("  " * i + "- item\n" for i in range(MAX_NESTING // 2)), None),
        ("> " * (MAX_NESTING + 1) + "x\n", 1),
        # two paragraphs at the limit are shown as one: flattened
        ("> " * MAX_NESTING + "x\n" + "> " * MAX_NESTING + "\n" + "> " * MAX_NESTING + "y\n", 1),
        ("> " * MAX_NESTING + "# a heading\n", 1),
        ("> " * (MAX_NESTING - 1) + "x\n", None),
        ("    " * 30 + "code, not nesting\n", None),
        ("-" * 80 + "\n\n" + "> > > not deep\n", None),
    ],
)
def test_nesting_cut_names_the_first_line_past_the_limit(markdown, line):
    assert nesting_cut(markdown) == line


def test_check_warns_where_nesting_passes_the_limit(make_repo, check_json, valid_goal):
    body = "Intro.\n\n" + "> " * 30 + "deep text\n"
    root = make_repo({"content/goals/alpha.md": valid_goal + body})
    status, rows = check_json(root)
    assert status == 0
    [row] = rows
    body_line = valid_goal.count("\n") + 1
    assert (row["code"], row["severity"], row["line"]) == (
        "markdown-too-deep", "warning", body_line + 2
    )
    assert f"more than {MAX_NESTING} levels deep" in row["message"]


def test_a_repository_full_of_hostile_bodies_builds_in_bounded_time(
    tmp_path, make_repo, valid_goal, run_cli
):
    files = {"content/goals/alpha.md": valid_goal}
    for number, (markdown, _names) in enumerate(list(CASES.values())[::2]):
        files[f"content/checkins/2025-06-{number + 1:02d}.md"] = "---\n---\n" + markdown
    root = make_repo(files)
    started = time.perf_counter()
    result = run_cli("--source", root, "--today", "2025-06-15", "build", "--no-history",
                     "--out", tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - started < 6 * SECONDS
    assert result.output.count("[markdown-too-deep]") >= 3


def test_link_destinations_are_found_in_linear_time(make_repo, check_json, valid_goal):
    """Each ``](`` starts a try at a link to a content file: 400,000 of them in a row, with no
    link at the end, once took hours, each try reading to the end of the line."""
    links = "[ok](../goals/alpha.md) [gone](../goals/gone.md)"
    root = make_repo({"content/goals/alpha.md": valid_goal,
                      "content/checkins/2025-06-10.md": "---\ngoals: {alpha: {}}\n---\n"
                                                        + "](" * 400_000 + "x.mdz\n\n" + links})
    started = time.process_time()
    _status, rows = check_json(root)
    assert time.process_time() - started < SECONDS
    assert [(row["code"], row["line"], row["column"]) for row in rows] == [
        ("broken-link", 6, links.index("../goals/gone.md") + 1)]


def test_many_broken_links_on_one_line_are_placed_in_linear_time(make_repo, check_json,
                                                                 valid_goal):
    """Each warning's line and column are counted on from the one before: counted from the
    start of the body for each, 50,000 links on one line took a quadratic time."""
    line = "[x](a.md) " * 50_000
    root = make_repo({"content/goals/alpha.md": valid_goal,
                      "content/checkins/2025-06-10.md": "---\ngoals: {alpha: {}}\n---\n"
                                                        + line + "\n\n[y](b.md)\n"})
    started = time.process_time()
    _status, rows = check_json(root)
    assert time.process_time() - started < SECONDS
    places = [(row["line"], row["column"]) for row in rows if row["code"] == "broken-link"]
    assert len(places) == 50_001
    assert places[:2] == [(4, 5), (4, 15)] and places[-2:] == [(4, 499_995), (6, 5)]
