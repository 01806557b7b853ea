"""Every text on every page of the demo site meets WCAG's contrast minimum (AA: 4.5:1, 3:1 for
large text), in light and in dark mode.

Checked on the colours the browser computes, not on the stylesheet's palette: a text's colour
(an SVG text's fill) with every opacity above it, over the first opaque background behind it,
with the translucent ones between blended in. Text over an image or a gradient, which has no
one background, is not judged here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.browser import look

LEGIBLE = """\
function colour(text) {
  const parts = text.match(/rgba?\\(([^)]+)\\)/);
  if (!parts) return null;
  const [r, g, b, a] = parts[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
  return [r, g, b, a === undefined ? 1 : a];
}
function over(top, under) {
  const a = top[3];
  return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1);
}
function luminance(rgb) {
  const linear = rgb.slice(0, 3).map((c) => (c /= 255) <= 0.03928 ? c / 12.92
                                          : Math.pow((c + 0.055) / 1.055, 2.4));
  return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
}
function behind(element, view) {
  const layers = [];
  for (let node = element; node; node = node.parentElement) {
    const style = view.getComputedStyle(node);
    if (style.backgroundImage !== "none") return null;
    const fill = colour(style.backgroundColor);
    if (fill && fill[3] > 0) layers.push(fill);
    if (fill && fill[3] >= 1) break;
  }
  let base = [255, 255, 255, 1];  // the canvas, under a page that paints none
  for (const layer of layers.reverse()) base = over(layer, base);
  return base;
}
for (const element of doc.querySelectorAll("body *")) {
  if (![...element.childNodes].some((node) => node.nodeType === 3 && node.data.trim()))
    continue;
  const style = view.getComputedStyle(element), box = element.getBoundingClientRect();
  if (style.visibility !== "visible" || box.width < 2 || box.height < 2) continue;
  if (element.closest(EXEMPT)) continue;
  const svg = element instanceof view.SVGElement;
  const ink = colour(svg ? style.fill : style.color);
  const ground = behind(element, view);
  if (!ink || !ground) continue;
  for (let node = element; node; node = node.parentElement)
    ink[3] *= Number(view.getComputedStyle(node).opacity);
  const [one, two] = [luminance(over(ink, ground)), luminance(ground)];
  const ratio = (Math.max(one, two) + 0.05) / (Math.min(one, two) + 0.05);
  const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
  const large = !svg && (size >= 24 || (bold && size >= 18.66));
  if (ratio < (large ? 3 : 4.5))
    found.push([page, element.tagName.toLowerCase() + "." +
                (element.getAttribute("class") || ""), element.textContent.trim().slice(0, 40),
                Math.round(ratio * 100) / 100]);
}
"""
"""What the contrast check looks for on each page (:func:`tests.browser.look`)."""
EXEMPT = ".visually-hidden, .skip-link"
"""Text no one is meant to read as text: hidden until focused or for screen readers only. (The
404 page's big "404", decoration hidden from screen readers, was exempt at 1.2:1; checkers
such as axe judge it all the same, and it now meets the minimum.)"""


def low_contrast(site: Path, dark: bool) -> list[list[object]]:
    """Each text below the minimum: its page, its element, its first words, its ratio."""
    scheme = ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"] if dark else []
    return look(site, LEGIBLE, (1200,), scheme, EXEMPT=EXEMPT)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_text_of_the_demo_site_is_legible(demo_site: Path, dark: bool) -> None:
    assert low_contrast(demo_site, dark) == []


def test_the_check_sees_faint_text(demo_site: Path, tmp_path: Path) -> None:
    """The check itself: a footer drawn in a pale grey on the light page, and a chart's month
    labels (SVG text, judged by their fill) as pale, are reported on every page they are on."""
    site = tmp_path / "site"
    shutil.copytree(demo_site, site)
    with (site / "static" / "style.css").open("a", encoding="utf-8") as css:
        css.write(".site-footer p { color: #d8d8d8; } .chart__tick--x { fill: #e0e0e0; }\n")
    found = low_contrast(site, dark=False)
    pages = {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
             for path in site.rglob("*.html")}
    footers = {entry[0] for entry in found if entry[1] == "p."}
    months = {entry[0] for entry in found if "chart__tick--x" in str(entry[1])}
    assert footers == {page for page, text in pages.items() if "site-footer" in text}
    assert months == {page for page, text in pages.items() if "chart__tick--x" in text}
    assert len(months) >= 4  # the demo's goals with charts


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_dev_servers_list_of_problems_is_legible(
    demo_site: Path, tmp_path: Path, dark: bool
) -> None:
    """``serve`` lays a failed build's problems over each page, where the page's own
    stylesheet applies too: a theme's ``pre`` must not paint them pale on pale."""
    from mentorsite.serve.live import LiveSite
    from mentorsite.serve.server import _OVERLAY_CSS, _Handler

    site = tmp_path / "site"
    shutil.copytree(demo_site, site)
    live = LiveSite(tmp_path, site, None, print)
    live.problems = "content/goals/x.md:3:5: error: unknown goal 'y' [unknown-goal]"
    handler = type("Handler", (_Handler,), {"site": live})
    kept = {"index.html", "goals/review-turnaround/index.html", "checkins/2025-12-08/index.html"}
    for page in site.rglob("*.html"):
        if page.relative_to(site).as_posix() in kept:
            page.write_bytes(handler.live(handler, page.read_bytes(), live.now()))
        else:
            page.unlink()
    (site / "__mentorsite").mkdir()
    (site / "__mentorsite" / "overlay.css").write_bytes(_OVERLAY_CSS)
    found = low_contrast(site, dark)
    assert found == []
