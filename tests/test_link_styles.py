"""A link that is the only way to a page looks like a link: the colour and underline every
link of the theme has, in light and dark mode and in print.

Checked on what Chromium computes, beside a plain link put in the same page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.browser import look

AS_A_LINK = """\
const plain = doc.createElement("a");
plain.href = "#";
plain.textContent = "a plain link";
doc.querySelector("main").appendChild(plain);
const want = view.getComputedStyle(plain);
for (const link of doc.querySelectorAll(SELECTOR)) {
  const got = view.getComputedStyle(link);
  found.push([page, link.textContent.trim().slice(0, 40), got.color === want.color,
              got.textDecorationLine, got.color, want.color]);
}
"""
"""Each link ``SELECTOR`` finds: its page and words, whether its colour is a plain link's, its
underline, and both colours (:func:`tests.browser.look`)."""


def history_page(demo_site: Path, tmp_path: Path, printed: bool) -> Path:
    """The demo site's history/ alone, with its stylesheet; ``printed``: its print rules
    applied on screen too (headless Chromium has no switch to lay a page out for print)."""
    site = tmp_path / "site"
    (site / "history").mkdir(parents=True)
    shutil.copy(demo_site / "history" / "index.html", site / "history" / "index.html")
    shutil.copytree(demo_site / "static", site / "static")
    if printed:
        css = site / "static" / "style.css"
        text = css.read_text(encoding="utf-8")
        assert "@media print {" in text
        css.write_text(text.replace("@media print {", "@media all {"), encoding="utf-8")
    return site


@pytest.mark.parametrize("mode", ["light", "dark", "print"])
def test_a_stand_alone_commits_title_on_history_looks_like_a_link(
    demo_site: Path, tmp_path: Path, mode: str
) -> None:
    """The title of a commit of its own is its only link to its page, history/<sha>/; it was
    drawn in the text's colour without an underline, as a heading that leads nowhere."""
    flags = ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"] \
        if mode == "dark" else []
    site = history_page(demo_site, tmp_path, printed=mode == "print")
    found = look(site, AS_A_LINK, (390, 1200), flags, SELECTOR=".session__title a")
    assert found, "the demo history has no stand-alone commit"
    assert [row for row in found if not (row[2] and "underline" in str(row[3]))] == []
