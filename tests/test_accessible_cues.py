"""What a reader who cannot see colour, or cannot see at all, gets from the default theme:
check-in health told apart by pattern as well as colour, diffs that say which lines were
added and removed, data tables with a name and headers, and charts legible on a phone.

Each is asserted on the markup of the built demo site (or a programme site over it), as a
screen reader or a greyscale printer would meet it; what a browser draws of the charts is
``test_phone_layout.py``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from mentorsite.build import build
from mentorsite.programme.build import build_programme


def _page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_each_health_zone_has_a_pattern_of_its_own(demo_site: Path) -> None:
    """On schedule, due and overdue differ in more than colour: the due zone is hatched and
    the overdue zone cross-hatched, by patterns drawn in the meter itself."""
    meter = _page(demo_site, "index.html").select_one("svg.health__meter")
    assert isinstance(meter, Tag)
    patterns = {f"url(#{pattern['id']})": len(pattern.find_all("line"))
                for pattern in meter.find_all("pattern")}
    overlays = [(rect["x"], rect["fill"]) for rect in meter.select("rect.health__pattern")]
    zones = {zone["class"][1]: zone["x"] for zone in meter.select("rect.health__zone")}
    assert overlays == [(zones["health__zone--due"], "url(#health-hatch-due)"),
                        (zones["health__zone--overdue"], "url(#health-hatch-overdue)")]
    assert patterns == {"url(#health-hatch-due)": 1, "url(#health-hatch-overdue)": 2}


def _heard(element: Tag) -> str:
    """``element``'s text as a screen reader reads it: without what is ``aria-hidden``."""
    return "".join(str(text) for text in element.find_all(string=True)
                   if not any(parent.get("aria-hidden") == "true"
                              for parent in text.parents if isinstance(parent, Tag)))


def test_a_diff_says_which_lines_were_added_and_which_removed(demo_site: Path) -> None:
    """Each added line is heard as "added: …", each removed one as "removed: …", not as
    "plus …" or a bare line; a sighted reader still sees, and a copy still holds, the
    ``+`` and ``-`` of a unified diff, in ``<ins>`` and ``<del>``."""
    history = sorted((demo_site / "history").glob("*/index.html"))
    revisions = sorted((demo_site / "goals").glob("*/revisions/*/index.html"))
    lines = 0
    for path in [*history, *revisions]:
        for diff in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select(
                "pre.diff code"):
            heard = _heard(diff).splitlines()
            for changed, said, sign in ((diff.select("ins.diff__add"), "added: ", "+"),
                                        (diff.select("del.diff__del"), "removed: ", "-")):
                for line in changed:
                    lines += 1
                    assert line.get_text().startswith(sign)
                    assert f"{said}{_heard(line)}" in heard
                    before = line.find_previous_sibling()
                    assert before is not None and before.get_text() == said
                    assert "diff__say" in before["class"]
    assert lines > 20


PAIR = {
    "mentorsite.yml": "title: Ana's plan\nmentee: Ana\nmentors: [Bo]\nprogramme: full\n",
    "content/goals/speak.md": (
        "---\ntitle: Speak up\nstarted: 2025-01-01\ndue: 2025-12-31\nmetrics:\n"
        "  - {id: talks, label: Talks given, baseline: 0, target: 4}\n---\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"
    ),
    "content/checkins/2025-06-10.md": (
        "---\ngoals:\n  speak: {status: at-risk, metrics: {talks: 2}}\n"
        "next: [{task: Book a room, owner: Ana, due: 2025-06-20}]\n---\n"
    ),
}
"""A pair that shares everything with its programme: a metric with a reading, a next step,
and a table of its own in a goal's Markdown."""


def _table_faults(page: Path) -> list[str]:
    """What a theme's data table on ``page`` lacks: a name (a caption, or ``aria-labelledby``
    naming an element with text), a header on each column and on each row, each with its
    scope. A table the pair wrote in Markdown (inside ``.prose``) is the pair's own."""
    doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = []
    for table in doc.find_all("table"):
        if table.find_parent(class_="prose"):
            continue
        caption = table.find("caption")
        named = [doc.find(id=name) for name in table.get("aria-labelledby", "").split()]
        if not (caption and caption.get_text(strip=True)) and not (
                named and all(tag and tag.get_text(strip=True) for tag in named)):
            found.append(f"{page.name}: a table with no name")
        if [th.get("scope") for th in table.select("thead th")] != ["col"] * len(
                table.select("thead tr > *")):
            found.append(f"{page.name}: a column without its header")
        for row in table.select("tbody tr"):
            first = row.find(["th", "td"])
            if first is None or first.name != "th" or first.get("scope") != "row":
                found.append(f"{page.name}: a row without its header: {row.get_text()[:30]}")
    return found


def test_every_table_of_the_theme_is_named_and_has_its_headers(
        make_repo: Callable[[dict[str, str]], Path], tmp_path: Path, demo_site: Path) -> None:
    """Readings, next steps, a programme's pairs and a pair's goals: each table says what it
    is (a screen reader's list of tables gives its name) and which cells head its columns and
    rows; a Markdown table of the pair's own is left as written."""
    pair = make_repo(PAIR)
    build(pair, pair / "_site", today=date(2025, 6, 15), history=False)
    build_programme([str(pair)], tmp_path / "programme", today=date(2025, 6, 15), jobs=1)
    pages = [*demo_site.rglob("*.html"), *(pair / "_site").rglob("*.html"),
             *(tmp_path / "programme").rglob("*.html")]
    tables = [page for page in pages if "<table" in page.read_text(encoding="utf-8")]
    shown = {page.relative_to(page.parents[1]).as_posix() for page in tables}
    assert {"speak/index.html", "2025-06-10/index.html"} <= shown  # readings, next steps
    assert {"programme/index.html"} <= shown and any("pairs" in p.parts for p in tables)
    assert [fault for page in pages for fault in _table_faults(page)] == []
    speak = (pair / "_site/goals/speak/index.html").read_text(encoding="utf-8")
    assert "<td>1</td>" in speak  # the pair's own table, as written


def test_a_chart_scrolls_in_a_frame_of_its_own_and_keeps_its_text_alternative(
        demo_site: Path) -> None:
    """On a phone the stylesheet keeps a chart's SVG at a least width and lets its frame
    scroll (what that draws is ``test_phone_layout.py``'s): each chart is in such a frame,
    scales by its view box, and keeps its description and its table of readings."""
    charts = 0
    for path in sorted((demo_site / "goals").glob("*/index.html")):
        for figure in _page(demo_site, path.relative_to(demo_site).as_posix()).select(
                "figure.chart"):
            charts += 1
            svg = figure.select_one(".chart__frame > svg.chart__svg")
            assert svg is not None and svg["viewbox"].startswith("0 0 ")
            assert svg["preserveaspectratio"] == "xMinYMin meet"
            assert svg.find("desc").get_text().endswith("listed in the table below.")
            readings = figure.find_next_sibling("details", class_="readings")
            assert readings is not None and readings.find("caption").get_text()
    assert charts > 5
