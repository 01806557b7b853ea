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
