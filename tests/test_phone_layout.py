"""Every page fits a phone: nothing scrolls sideways at 320, 360 or 390 CSS px, on the demo site,
on a site written with words longer than the screen, or on a programme site over both; short
labels (counts, badges, the navigation) keep their words whole, dates stay on one line, and
so does a count of days;
and a chart's labels neither run into each other nor into its time axis, nor shrink below
:data:`LEGIBLE` px: a chart keeps a least width, and it alone scrolls sideways, in its own frame,
which opens at its latest reading with its value axis' labels in view.

A stylesheet rule can look right and still fail here: an item that cannot wrap, a heading held
on one line, a row of values that may not break, a chart's text drawn larger on a phone. So a
real browser lays out every page in a frame of each width, and reports any page wider than its
frame, any box that scrolls sideways inside it (320 px is the width WCAG's reflow criterion
names) and any of those labels it draws in the wrong place.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from mentorsite.build import build
from mentorsite.programme.build import build_programme
from tests.browser import look

PROJECT = Path(__file__).resolve().parents[1]
WIDTHS = (320, 360, 390)

LAYOUT = """\
const root = doc.documentElement;
if (root.scrollWidth > root.clientWidth)
  found.push([page, width, "the page", root.scrollWidth]);
for (const box of doc.querySelectorAll("body *")) {
  const overflow = getComputedStyle(box).overflowX;
  if ((overflow === "auto" || overflow === "scroll") && box.scrollWidth > box.clientWidth + 1
      && !box.classList.contains("chart__frame"))  // a chart's least width: LEGIBLE
    found.push([page, width, box.tagName.toLowerCase() + "." + box.className, box.scrollWidth]);
}
for (const label of doc.querySelectorAll(WHOLE)) {
  const walker = doc.createTreeWalker(label, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const word of node.data.matchAll(/[^\\s\\-]+/g)) {
      const range = doc.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      if (range.getClientRects().length > 1)
        found.push([page, width, "a word broken: " + word[0], 0]);
    }
  }
}
const texts = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
for (let node = texts.nextNode(); node; node = texts.nextNode()) {
  for (const mark of node.data.matchAll(/\\u00b7/g)) {  // "·"
    const range = doc.createRange();
    range.setStart(node, mark.index);
    range.setEnd(node, mark.index + 1);
    const at = range.getClientRects()[0];
    if (!at) continue;  // not drawn
    let block = node.parentElement;
    while (getComputedStyle(block).display === "inline") block = block.parentElement;
    const before = doc.createRange();
    before.setStart(block, 0);
    before.setEnd(node, mark.index);
    const drawn = [...before.getClientRects()].filter((box) => box.width > 0);
    const last = drawn[drawn.length - 1];
    if (!last || last.bottom <= at.top + 1)
      found.push([page, width, "a separator starts a line: " +
                  node.data.slice(mark.index, mark.index + 20).trim(), 0]);
  }
}
const words = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
for (let node = words.nextNode(); node; node = words.nextNode()) {
  if (node.parentElement.closest(".prose, pre, code")) continue;  // the pair's own prose
  for (const days of node.data.matchAll(/\\d+ days?\\b/g)) {  // a plain space: it may break
    const range = doc.createRange();
    range.setStart(node, days.index);
    range.setEnd(node, days.index + days[0].length);
    const lines = new Set([...range.getClientRects()].filter((box) => box.width > 0)
                          .map((box) => Math.round(box.top)));
    if (lines.size > 1) found.push([page, width, "a count apart from its unit: " + days[0], 0]);
  }
}
for (const moment of doc.querySelectorAll("time")) {
  const lines = new Set([...moment.getClientRects()].filter((box) => box.width > 0)
                        .map((box) => Math.round(box.top)));
  if (lines.size > 1)
    found.push([page, width, "a date broken across lines: " + moment.textContent, 0]);
}
for (const svg of doc.querySelectorAll("svg.chart__svg")) {
  const axis = svg.querySelector(".chart__axis").getBoundingClientRect().bottom;
  const card = svg.closest("figure").parentElement.getBoundingClientRect();
  // what scrolling the chart's frame shows of it: a label must be inside that, or the card
  const frame = svg.closest(".chart__frame") || svg, shown = frame.getBoundingClientRect();
  // a right-to-left frame opens at its right end, where its scrollLeft is 0 (negative to
  // the left of it)
  const start = getComputedStyle(frame).direction === "rtl"
    ? shown.left + frame.clientWidth - frame.scrollWidth - frame.scrollLeft
    : shown.left - frame.scrollLeft;
  const reach = {left: Math.min(card.left, start),
                 right: Math.max(card.right, start + frame.scrollWidth)};
  const points = svg.querySelectorAll(".chart__point");
  const latest = points.length && points[points.length - 1].getBoundingClientRect();
  if (latest && (latest.left < shown.left - 1 || latest.right > shown.right + 1))
    found.push([page, width, "a chart opened away from its latest reading", 0]);
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const labels = [...frame.querySelectorAll("text")]
    .filter((label) => getComputedStyle(label).display !== "none")
    .map((label) => [label.textContent, label.getBoundingClientRect(),
                     label.classList.contains("chart__tick--x"), label]);
  labels.forEach(([name, box, below], index) => {
    // a chart opened at its latest reading still says what its values are
    if (labels[index][3].classList.contains("chart__tick--y") &&
        (box.left < shown.left - 1 || box.right > shown.right + 1))
      found.push([page, width, "a chart's value label out of view: " + name, 0]);
    if (below && box.top < axis)
      found.push([page, width, "a chart label on its axis: " + name, 0]);
    if (box.left < reach.left - 1 || box.right > reach.right + 1)  // a pixel's rounding
      found.push([page, width, "a chart label outside its card: " + name, 0]);
    const label = labels[index][3];
    if (parseFloat(getComputedStyle(label).fontSize) * scale < LEGIBLE)
      found.push([page, width, "a chart label too small: " + name, 0]);
    // the value axis' labels (chart__values) are drawn over a backdrop that hides what
    // scrolls under it: only labels of one svg can run into each other
    for (const [other, next, , nextLabel] of labels.slice(index + 1))
      if (label.ownerSVGElement === nextLabel.ownerSVGElement &&
          box.left < next.right && next.left < box.right &&
          box.top < next.bottom && next.top < box.bottom)
        found.push([page, width, "chart labels overlap: " + name + " / " + other, 0]);
  });
}
"""
"""What the phone check looks for on each page, at each width (:func:`tests.browser.look`)."""


WHOLE = ".stat, .badge, .site-nav a"
"""Short labels whose words a phone must never break in the middle (a hyphen may break)."""

LEGIBLE = 10.5
"""The least size in CSS px a chart draws a label at (at 320 px it drew them at 7 and 9)."""


def too_wide(site: Path, widths: tuple[int, ...] = WIDTHS) -> list[list[object]]:
    """What scrolls sideways on which page, and which label is broken or out of place, at each
    of ``widths``."""
    return look(site, LAYOUT, widths, ["--hide-scrollbars"], WHOLE=WHOLE, LEGIBLE=LEGIBLE)


def test_no_page_of_the_demo_site_scrolls_sideways_on_a_phone(demo_site: Path) -> None:
    assert too_wide(demo_site) == []


LONG = "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
URL = "https://example.com/a/very/long/path/without/a/single/space/in/it/anywhere/at/all"
UNBROKEN = {
    "mentorsite.yml": f"mentee: {LONG} Bee\nmentors: [{LONG}mentor]\ncadence: biweekly\n",
    "content/goals/long.md": (
        f"---\ntitle: {LONG}-goal-{LONG}\nstarted: 2026-11-01\ndue: 2026-12-20\n"
        f"why: {URL}\nsuccess: {LONG}\n"
        f"metrics:\n  - {{id: talks, label: {LONG}, unit: {LONG}, baseline: 1000000,"
        f" target: 3000000}}\n"
        f"milestones:\n  - {{title: {LONG}, due: 2026-12-10}}\n---\n{URL}\n"
    ),
    "content/checkins/2026-12-01.md": (
        f"---\ngoals:\n  long: {{status: on-track, metrics: {{talks: 2000000}}, note: {LONG}}}\n"
        f"obstacles: [{URL}]\nwins: [{LONG}]\n"
        f"next: [{{task: {URL}, owner: {LONG}mentor, due: 2026-12-10}}]\n---\n{URL}\n"
    ),
}


def test_words_longer_than_a_phone_wrap_rather_than_widen_a_page(
    make_repo: Callable[[dict[str, str]], Path], tmp_path: Path
) -> None:
    """Names, titles, wins, steps and notes are the pair's own text: one long word (a URL, a
    name with no space) in any of them must not make a page wider than the phone. Tables and
    code blocks may scroll inside their frame: their columns and lines mean something."""
    build(make_repo(UNBROKEN), tmp_path / "site", today=date(2026, 12, 1), history=False)
    found = too_wide(tmp_path / "site")
    assert [entry for entry in found if entry[2] == "the page"] == []
    assert {entry[2] for entry in found} == {"div.table-wrap"}  # the readings


UNSPACED = "x" * 80
STEPS = {
    "mentorsite.yml": "mentee: Ana\nmentors: [Bo]\ncadence: biweekly\n",
    "content/goals/g.md": (
        "---\ntitle: G\nstarted: 2026-11-01\ndue: 2026-12-20\nwhy: x\nsuccess: y\n"
        "metrics:\n  - {id: m, label: M, baseline: 0, target: 4}\n---\n"
    ),
    "content/checkins/2026-12-01.md": (
        "---\ngoals:\n  g: {status: on-track, metrics: {m: 1}}\n"
        f"next: [{{task: T{UNSPACED}, owner: O{UNSPACED}, due: 2026-12-10}}]\n---\n"
    ),
}
"""A next step whose task and owner are each one word of 81 letters, no space, no slash."""


def test_a_next_step_with_an_unspaced_task_or_owner_wraps_in_its_cells(
    make_repo: Callable[[dict[str, str]], Path], tmp_path: Path
) -> None:
    """A step's task and owner are the pair's own words, not a column of values: on a phone,
    where the steps table is one block per step, one long word in either wraps inside its cell
    (it made the table scroll sideways, 772 px wide, for want of a break), and so on a desktop
    and on the dashboard's list of open steps."""
    build(make_repo(STEPS), tmp_path / "site", today=date(2026, 12, 1), history=False)
    assert too_wide(tmp_path / "site", (*WIDTHS, 1200)) == []


def test_no_programme_page_is_wider_than_a_phone(
    make_repo: Callable[[dict[str, str]], Path], tmp_path: Path
) -> None:
    """A coordinator's site over the demo pair and the pair of unbroken words: its table of
    pairs scrolls in its frame (its names stay in view), and nothing else is too wide."""
    build_programme([str(PROJECT), str(make_repo(UNBROKEN))], tmp_path / "programme",
                    today=date(2026, 12, 1), jobs=1)
    found = too_wide(tmp_path / "programme")
    assert [entry for entry in found if entry[2] == "the page"] == []
    assert {entry[2] for entry in found} <= {"div.table-wrap"}


def _monthly(month: int) -> str:
    readings = f"{{talks: {10 + 3 * month}, revenue: {1_000_000 + 60_000 * month}}}"
    return f"---\ngoals:\n  long: {{status: on-track, metrics: {readings}}}\n---\n"


SPANNING = {
    "mentorsite.yml": "mentee: Ana\nmentors: [Bo]\ncadence: monthly\n",
    "content/goals/long.md": (
        "---\ntitle: Three years of talks\nstarted: 2024-01-10\ndue: 2026-12-20\nwhy: x\n"
        "success: y\nmetrics:\n  - {id: talks, label: Talks, baseline: 10, target: 12}\n"
        "  - {id: revenue, label: Revenue, unit: EUR, baseline: 1000000, target: 3000000}\n"
        "---\n"
    ),
    **{f"content/checkins/{date(2024 + month // 12, month % 12 + 1, 15)}.md":
       _monthly(month)
       for month in range(35)},
    "content/goals/weeks.md": (
        "---\ntitle: Four weeks old\nstarted: 2026-10-29\ndue: 2026-12-20\nwhy: x\n"
        "success: y\nmetrics:\n  - {id: demos, label: Demos, baseline: 0, target: 4}\n---\n"
    ),
    **{f"content/checkins/2026-11-{day:02d}.md":
       f"---\ngoals:\n  weeks: {{status: on-track, metrics: {{demos: {demos}}}}}\n---\n"
       for day, demos in ((5, 1), (26, 3))},
    "content/goals/season.md": (
        "---\ntitle: One season\nstarted: 2025-02-01\ndue: 2025-09-30\nwhy: x\nsuccess: y\n"
        "metrics:\n  - {id: runs, label: Runs, baseline: 0, target: 9}\n---\n"
    ),
    **{f"content/checkins/2025-{month:02d}-20.md":
       f"---\ngoals:\n  season: {{status: on-track, metrics: {{runs: {runs}}}}}\n---\n"
       for month, runs in ((5, 2), (9, 8))},
}
"""A goal of three years with a check-in a month: one metric's readings climb far past a target
next to its baseline, the other's are in millions. A month's label each, or the two lines'
labels at their lines, would overlap; the millions written in full would not fit the card.
A goal four weeks old, whose time axis is labelled by days (five of them), and one of eight
months in a year from the first of one: each first label names its year, at the left edge."""


def test_a_chart_over_years_keeps_its_labels_apart(
    make_repo: Callable[[dict[str, str]], Path], tmp_path: Path
) -> None:
    build(make_repo(SPANNING), tmp_path / "site", today=date(2026, 11, 30), history=False)
    assert too_wide(tmp_path / "site", (*WIDTHS, 1200)) == []
    for goal, year in (("long", "2024"), ("season", "2025"), ("weeks", "2026")):
        page = (tmp_path / "site" / "goals" / goal / "index.html").read_text(encoding="utf-8")
        first = page.split('chart__tick--x', 1)[1].split("</text>", 1)[0]
        assert first.endswith(f" {year}"), (goal, first)  # the first label: a phone shows it


@pytest.mark.parametrize(("baseline", "target", "readings"), [
    ("123456789012", "123456789013", ("123456789012.5",)),  # 123,456,789,012.5: 17 characters
    ("1234567.25", "1234567.5", ("1234567.375",)),  # 1,234,567.375: 13 characters
])
def test_a_value_axis_told_apart_far_down_its_digits_stays_in_its_card(
    make_repo: Callable[[dict[str, str]], Path], tmp_path: Path,
    baseline: str, target: str, readings: tuple[str, ...],
) -> None:
    """Ticks a hair apart are labelled in full, to tell them apart: the plot makes way for
    the labels (they ran off the card's left edge where they were longer than 10 characters).
    At 320 px the table of readings scrolls inside its frame, as a table of values may (WCAG
    1.4.10 exempts data tables), so there only the chart is held to it."""
    files = {
        "content/goals/close.md": (
            "---\ntitle: Close\nstarted: 2026-10-01\ndue: 2026-12-20\nwhy: x\nsuccess: y\n"
            f"metrics:\n  - {{id: m, label: M, baseline: {baseline}, target: {target}}}\n"
            "---\n"),
        **{f"content/checkins/2026-11-{day:02d}.md":
           f"---\ngoals:\n  close: {{status: on-track, metrics: {{m: {value}}}}}\n---\n"
           for day, value in zip((2, 16), readings, strict=False)},
    }
    build(make_repo(files), tmp_path / "site", today=date(2026, 11, 30), history=False)
    found = too_wide(tmp_path / "site", (*WIDTHS, 1200))
    assert [entry for entry in found if entry[1] > 320 or "chart" in entry[2]] == []


def test_the_check_sees_a_page_too_wide_for_a_phone(demo_site: Path, tmp_path: Path) -> None:
    """The check itself: a page holding a box wider than the phone is reported at both widths."""
    site = tmp_path / "site"
    shutil.copytree(demo_site, site)
    page = site / "index.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("<main", '<pre class="wide">' + "x" * 200 + "</pre><main", 1),
                    encoding="utf-8")
    found = too_wide(site)
    assert {(entry[0], entry[1], entry[2]) for entry in found if entry[0] == "index.html"} == {
        ("index.html", width, "pre.wide") for width in WIDTHS
    }


def test_the_check_sees_a_label_broken_mid_word(demo_site: Path, tmp_path: Path) -> None:
    """The check itself: a label squeezed narrower than its words is reported, word by word
    (the wins page's counts did so at 390 px, three to a row, before their rule kept words
    whole)."""
    site = tmp_path / "site"
    shutil.copytree(demo_site, site)
    page = site / "wins" / "index.html"
    text = page.read_text(encoding="utf-8")
    squeezed = '<li class="stat squeezed">milestones reached</li>'
    page.write_text(text.replace('<ul class="stats"', f'<ul class="stats">{squeezed}</ul><ul', 1),
                    encoding="utf-8")
    with (site / "static" / "style.css").open("a", encoding="utf-8") as css:  # no inline styles
        css.write(".stats .squeezed { flex: none; min-width: 0; width: 2.5rem;"
                  " overflow-wrap: anywhere; }\n")
    found = too_wide(site)
    assert {(entry[1], entry[2]) for entry in found if entry[0] == "wins/index.html"} == {
        (width, "a word broken: " + word) for width in WIDTHS for word in ("milestones", "reached")
    }


def test_the_check_sees_chart_labels_out_of_place(demo_site: Path, tmp_path: Path) -> None:
    """The check itself: time-axis labels drawn too large run into each other and out of the
    card, and lifted, they cross the axis (each was so on a phone before the labels were
    thinned out, hung below the axis by their own height, and millions written as ``3M``)."""
    site = tmp_path / "site"
    shutil.copytree(demo_site, site)
    with (site / "static" / "style.css").open("a", encoding="utf-8") as css:
        css.write(".chart__tick--x { font-size: 90px; transform: translateY(-80px); }\n")
    found = too_wide(site)
    page = "goals/review-turnaround/index.html"
    kinds = {(entry[1], str(entry[2]).split(":")[0]) for entry in found if entry[0] == page}
    assert kinds == {(width, kind) for width in WIDTHS
                     for kind in ("chart labels overlap", "a chart label on its axis",
                                  "a chart label outside its card")}


def test_the_check_sees_a_separator_starting_a_line(demo_site: Path, tmp_path: Path) -> None:
    """The check itself: a "·" after a line break is reported (the dashboard's "· in 15 days"
    was so under its date, and a pair's "· every 14 days" in the programme's table, before a
    no-break space held each "·" to the words before it)."""
    site = tmp_path / "site"
    shutil.copytree(demo_site, site)
    page = site / "index.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("<main", "<p>one<br>· two</p><main", 1), encoding="utf-8")
    found = too_wide(site)
    assert {(entry[1], entry[2]) for entry in found if entry[0] == "index.html"} == {
        (width, "a separator starts a line: · two") for width in WIDTHS
    }


def test_the_check_sees_a_date_broken_across_lines(demo_site: Path, tmp_path: Path) -> None:
    """The check itself: a date over two lines is reported (a check-in's "1 September 2025"
    was so in its heading on a phone, before dates were kept whole)."""
    site = tmp_path / "site"
    shutil.copytree(demo_site, site)
    page = site / "index.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("<main", "<p><time>3<br>March</time></p><main", 1),
                    encoding="utf-8")
    found = too_wide(site)
    assert {(entry[1], entry[2]) for entry in found if entry[0] == "index.html"} == {
        (width, "a date broken across lines: 3March") for width in WIDTHS
    }


INDENTS = """\
for (const list of doc.querySelectorAll(".prose li > ul, .prose li > ol")) {
  const item = list.parentElement.getBoundingClientRect().left;
  const nested = list.querySelector(":scope > li").getBoundingClientRect().left;
  found.push([page, width, Math.round(nested - item)]);
}
"""
"""How far right of its item each nested list's items start, in CSS px."""

NESTED = {
    "mentorsite.yml": "mentee: Ana\nmentors: [Bo]\ncadence: biweekly\n",
    "content/goals/nested.md": (
        "---\ntitle: Nested\nstarted: 2026-11-01\ndue: 2026-12-20\nwhy: x\nsuccess: y\n"
        "metrics:\n  - {id: m, label: M, baseline: 0, target: 4}\n---\n"
        "- one\n  - two\n    - three\n      - four\n\n"
        "1. one\n   1. two\n      1. three\n"
    ),
}


def test_nested_lists_indent_less_on_a_phone(
    make_repo: Callable[[dict[str, str]], Path], tmp_path: Path
) -> None:
    """Each level of a nested list took 40 px on a 320 px phone, four levels half the line's
    width; on a phone a level takes 20 px, on a desktop still 40."""
    build(make_repo(NESTED), tmp_path / "site", today=date(2026, 12, 1), history=False)
    found = look(tmp_path / "site", INDENTS, (*WIDTHS, 1200), ["--hide-scrollbars"])
    indents: dict[object, set[object]] = {}
    for _, width, indent in found:
        indents.setdefault(width, set()).add(indent)
    assert indents == {**{width: {20} for width in WIDTHS}, 1200: {40}}


def test_quotes_in_quotes_fit_a_phone(
    make_repo: Callable[[dict[str, str]], Path], tmp_path: Path
) -> None:
    """Each level of a quote took 20 px: 16 levels ran off a 320 px screen, 19 off a 390 px
    one, though Markdown may nest 20 without a warning."""
    quoted = {"content/evidence/2026-11-20-deep.md":
              f"---\ntitle: Deep\n---\n{'> ' * 20}deep words here\n"}
    build(make_repo(quoted), tmp_path / "site", today=date(2026, 12, 1), history=False)
    assert too_wide(tmp_path / "site") == []


GOAL_ROWS = """\
for (const table of doc.querySelectorAll("table.programme-goals")) {
  const frame = table.closest(".table-wrap");
  if (frame.scrollWidth > frame.clientWidth + 1)
    found.push([page, width, "the goals scroll sideways", frame.scrollWidth]);
  for (const title of table.querySelectorAll("tbody th"))
    if (title.getBoundingClientRect().width < 0.9 * frame.clientWidth - 32)
      found.push([page, width, "a goal's title squeezed: " + title.textContent,
                  title.getBoundingClientRect().width]);
}
"""
"""What a pair's programme page does to its table of goals on a phone."""


def test_a_pairs_goals_stack_on_a_phone_with_their_titles_whole(
    make_repo: Callable[[dict[str, str]], Path], tmp_path: Path
) -> None:
    """Five columns squeezed a pair's goal titles to a word a line at 390 px ("Raise the /
    annual / recurring / revenue") and scrolled their due dates out of view: on a phone each
    goal's row stacks, its title as wide as the table, its last check-in and due date labelled;
    wider, the table keeps its columns."""
    goal = ("---\ntitle: Raise the annual recurring revenue of the team\nstarted: 2026-10-01\n"
            "due: 2027-03-01\nwhy: x\nsuccess: y\n"
            "metrics:\n  - {id: m, label: M, baseline: 0, target: 10}\n---\n")
    pair = make_repo({"mentorsite.yml": "mentee: Ana\nprogramme: full\n",
                      "content/goals/raise.md": goal,
                      "content/goals/grow.md": goal.replace("Raise the annual", "Grow the"),
                      "content/checkins/2026-11-20.md":
                          "---\ngoals:\n  raise: {status: on-track, metrics: {m: 4}}\n---\n"})
    build_programme([str(pair)], tmp_path / "programme", today=date(2026, 12, 1), jobs=1)
    page = (tmp_path / "programme/pairs").glob("*/index.html").__next__().read_text("utf-8")
    assert page.count('<span class="programme-goals__label" aria-hidden="true">Due </span>') == 2
    found = look(tmp_path / "programme", GOAL_ROWS, WIDTHS)
    assert [entry for entry in found if entry[0].startswith("pairs/")] == []
    wide = look(tmp_path / "programme", GOAL_ROWS.replace("0.9 *", "0.5 *"), (1200,))
    assert [entry for entry in wide if entry[0].startswith("pairs/")] != []  # columns
