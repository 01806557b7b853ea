"""What a reader who cannot see colour, or cannot see at all, gets from the default theme:
check-in health told apart by pattern as well as colour, diffs that say which lines were
added and removed, data tables with a name and headers, and charts legible on a phone.

Each is asserted on the markup of the built demo site (or a programme site over it), as a
screen reader or a greyscale printer would meet it; what a browser draws of the charts is
``test_phone_layout.py``'s.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, Tag


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
