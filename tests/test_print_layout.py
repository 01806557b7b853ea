"""Printed pages keep their text on the paper: a code block's long line and a wide Markdown table
wrap within the printed page instead of running off its edge, where paper cannot scroll.

Headless Chromium has no switch to lay a page out for print, so the check lays it out as the
printer would see it: the stylesheet's ``@media print`` block applies to the screen as well
(print keeps every rule outside a media query too), in a frame as wide as an A4 page between
the print margins (210 mm - 2 x 14 mm = 688 CSS px; the phone rules start below 640 px, as on
paper). What is wider than that frame, or scrolls inside it, is cut off on paper.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from mentorsite.build import build
from tests.browser import look

PAGE = 688
"""An A4 page's width between its print margins (``@page { margin: 16mm 14mm }``), in CSS px."""

CUT_OFF = """\
const root = doc.documentElement;
if (root.scrollWidth > root.clientWidth)
  found.push([page, "the page", root.scrollWidth]);
for (const box of doc.querySelectorAll("body *:not(.visually-hidden)")) {
  if (getComputedStyle(box).overflowX !== "visible" && box.scrollWidth > box.clientWidth + 1)
    found.push([page, box.tagName.toLowerCase() + "." + box.className, box.scrollWidth]);
}
"""
"""What the printed page would cut off: the page wider than the paper, or a box whose content
only scrolling would show."""


def as_printed(site: Path, tmp_path: Path) -> Path:
    """A copy of ``site`` whose stylesheet's print rules apply on screen too."""
    copy = tmp_path / "printed"
    shutil.copytree(site, copy)
    css = copy / "static" / "style.css"
    text = css.read_text(encoding="utf-8")
    assert "@media print {" in text
    css.write_text(text.replace("@media print {", "@media all {"), encoding="utf-8")
    return copy


def cut_off(site: Path, tmp_path: Path) -> list[list[object]]:
    """What each page of ``site``, printed on A4, would lose past the paper's edge."""
    return look(as_printed(site, tmp_path), CUT_OFF, (PAGE,), ["--hide-scrollbars"])


LINE = "print(" + ", ".join(f"argument_number_{n}" for n in range(12)) + ")"
WORD = "Supercalifragilisticexpialidocious"
WIDE = {
    "mentorsite.yml": "mentee: Ana\nmentors: [Bo]\ncadence: biweekly\n",
    "content/goals/wide.md": (
        "---\ntitle: Wide things\nstarted: 2026-11-01\ndue: 2026-12-20\nwhy: x\nsuccess: y\n"
        "metrics:\n  - {id: m, label: M, baseline: 0, target: 4}\n---\n"
        f"A line of code:\n\n```python\n{LINE}\n```\n\n    {'x' * 150}\n\n"
        f"| {' | '.join(f'{WORD} {n}' for n in range(6))} |\n"
        f"|{'---|' * 6}\n"
        f"| {' | '.join(WORD + str(n) * 3 for n in range(6))} |\n"
    ),
}
"""A goal whose notes hold a fenced and an indented code block with lines of 230 and 150
characters, and a Markdown table of six columns of long words."""


def test_a_long_code_line_and_a_wide_table_wrap_on_the_printed_page(
    make_repo: Callable[[dict[str, str]], Path], tmp_path: Path
) -> None:
    """On screen a code block and a Markdown table scroll sideways; on paper they cannot, and
    their right-hand part was lost: printed, a code line wraps (keeping its spaces) and a
    table's words break to fit the page."""
    build(make_repo(WIDE), tmp_path / "site", today=date(2026, 12, 1), history=False)
    assert cut_off(tmp_path / "site", tmp_path) == []


def test_no_page_of_the_demo_site_is_cut_off_in_print(demo_site: Path, tmp_path: Path) -> None:
    assert cut_off(demo_site, tmp_path) == []


def test_the_check_sees_what_paper_would_cut_off(
    make_repo: Callable[[dict[str, str]], Path], tmp_path: Path
) -> None:
    """The check itself: a box wider than the page, unbroken, is reported."""
    build(make_repo(WIDE), tmp_path / "site", today=date(2026, 12, 1), history=False)
    with (tmp_path / "site" / "static" / "style.css").open("a", encoding="utf-8") as css:
        css.write("@media print { .prose pre { white-space: pre; overflow-x: auto; } }\n")
    found = cut_off(tmp_path / "site", tmp_path)
    assert ["goals/wide/index.html", "pre.", 0] in [[*entry[:2], 0] for entry in found]


COLUMNS = """\
for (const table of doc.querySelectorAll(".readings table")) {
  const lefts = new Set([...table.querySelectorAll("tbody tr")]
                        .map((row) => Math.round(row.getBoundingClientRect().left)));
  found.push([page, table.rows.length - 1, lefts.size]);
}
"""
"""Each readings table: its rows, and in how many columns they sit."""


def test_a_long_table_of_readings_prints_in_columns(
    make_repo: Callable[[dict[str, str]], Path], tmp_path: Path
) -> None:
    """A goal's table of 30 readings ran down a page and a half in one narrow column on the
    left of the paper; it prints in three. A table of 12 stays in one: split three ways it
    would be three headers over four rows each."""
    files = {
        "mentorsite.yml": "mentee: Ana\nmentors: [Bo]\ncadence: weekly\n",
        "content/goals/long.md": "---\ntitle: Long\nstarted: 2025-01-01\nwhy: x\nsuccess: y\n"
        "metrics:\n  - {id: m, label: M, baseline: 0, target: 40}\n"
        "  - {id: n, label: N, baseline: 0, target: 40}\n---\n",
    }
    start = date(2025, 1, 6)
    for week in range(30):
        day = start + timedelta(weeks=week)
        shown = f"m: {week}" + (f", n: {week}" if week < 12 else "")
        files[f"content/checkins/{day.isoformat()}.md"] = (
            f"---\ngoals:\n  long:\n    status: on-track\n    metrics: {{{shown}}}\n---\n"
        )
    build(make_repo(files), tmp_path / "site", today=date(2025, 8, 1), history=False)
    printed = as_printed(tmp_path / "site", tmp_path)
    found = look(printed, COLUMNS, (PAGE,), ["--hide-scrollbars"])
    assert sorted(entry[1:] for entry in found if entry[0] == "goals/long/index.html") == [
        [12, 1], [30, 3],
    ]


def test_a_metric_whose_unit_is_one_long_word_prints_within_the_page(
    make_repo: Callable[[dict[str, str]], Path], tmp_path: Path
) -> None:
    """A readings table keeps its words whole on screen, where it scrolls in its frame; on
    paper a unit of 80 letters without a break ran it off the page's edge."""
    unit = "x" * 80
    files = {
        "mentorsite.yml": "mentee: Ana\nmentors: [Bo]\ncadence: biweekly\n",
        "content/goals/long.md": (
            "---\ntitle: Long unit\nstarted: 2026-11-01\ndue: 2026-12-20\nwhy: x\nsuccess: y\n"
            f"metrics:\n  - {{id: m, label: M, unit: {unit}, baseline: 0, target: 4}}\n---\n"),
        "content/checkins/2026-11-10.md": "---\ngoals:\n  long: {metrics: {m: 2}}\n---\n",
    }
    build(make_repo(files), tmp_path / "site", today=date(2026, 12, 1), history=False)
    assert cut_off(tmp_path / "site", tmp_path) == []


DOTS_IN_MARGIN = """\
for (const dot of doc.querySelectorAll(".moment__dot")) {
  const left = dot.getBoundingClientRect().left;
  if (left < 0) found.push([page, "timeline", Math.round(left)]);
}
for (const note of doc.querySelectorAll(".note")) {
  const dot = view.getComputedStyle(note, "::before");
  const left = note.getBoundingClientRect().left + note.clientLeft + parseFloat(dot.left);
  if (left < 0) found.push([page, "check-in note", Math.round(left)]);
}
found.push([page, "looked", doc.querySelectorAll(".moment__dot, .note").length]);
"""
"""The timeline's and a goal's check-in notes' dots that start left of the printed page's
content box (its print margin, where Chromium clips them), and how many dots each page has."""


def test_the_timelines_and_notes_dots_print_whole(demo_site: Path, tmp_path: Path) -> None:
    """Each dot hung 0.4 rem left of its line, past the page's margin on paper, where it was
    cut in half: the timeline and a goal's check-in notes printed half-moons."""
    found = look(as_printed(demo_site, tmp_path), DOTS_IN_MARGIN, (PAGE,), ["--hide-scrollbars"])
    looked = {row[0]: row[2] for row in found if row[1] == "looked"}
    assert looked["timeline/index.html"] and looked["goals/review-turnaround/index.html"]
    assert [row for row in found if row[1] != "looked"] == []


WHOLE_READINGS = COLUMNS + """\
for (const cell of doc.querySelectorAll(".readings td.num")) {
  const range = doc.createRange();
  range.selectNodeContents(cell);
  const lines = new Set([...range.getClientRects()].filter((box) => box.width > 0)
                        .map((box) => Math.round(box.top)));
  if (lines.size > 1) found.push([page, "a reading broken: " + cell.textContent, 0]);
}
"""
""":data:`COLUMNS`, and each reading of a table that is broken across lines."""


def test_long_readings_print_whole_in_two_columns(
    make_repo: Callable[[dict[str, str]], Path], tmp_path: Path
) -> None:
    """A third of the page broke a reading of 1,234,568.481 after its 8 ('1,234,568.48' over
    '1'), and 85,185,184,418,491 in two: a long table of readings longer than ten characters
    prints in two columns, each reading whole; shorter ones keep three."""
    files = {
        "mentorsite.yml": "mentee: Ana\nmentors: [Bo]\ncadence: weekly\n",
        "content/goals/money.md": "---\ntitle: Money\nstarted: 2025-01-01\nwhy: x\nsuccess: y\n"
        "metrics:\n  - {id: arr, label: ARR, unit: EUR, baseline: 1234567.891, target: 1234569}\n"
        "  - {id: users, label: Users, baseline: 12345678901234, target: 98765432109876}\n"
        "  - {id: n, label: N, baseline: 0, target: 40}\n---\n",
    }
    start = date(2025, 1, 6)
    for week in range(30):
        day = start + timedelta(weeks=week)
        files[f"content/checkins/{day.isoformat()}.md"] = (
            f"---\ngoals:\n  money:\n    metrics: {{arr: {1234567.891 + week / 100:.3f}, "
            f"users: {12345678901234 + week * 2345678901234}, n: {week}}}\n---\n")
    build(make_repo(files), tmp_path / "site", today=date(2025, 8, 1), history=False)
    page = (tmp_path / "site/goals/money/index.html").read_text(encoding="utf-8")
    assert page.count("readings--wide") == 2
    found = look(as_printed(tmp_path / "site", tmp_path), WHOLE_READINGS, (PAGE,),
                 ["--hide-scrollbars"])
    assert [entry[1:] for entry in found if entry[0] == "goals/money/index.html"] == [
        [30, 2], [30, 2], [30, 3]]
    assert cut_off(tmp_path / "site", tmp_path / "again") == []
