"""A fact's value reads as its value, not as a second label: in the facts under an entry's
title (``.entry-facts``: date, kind, source, rating, link, goal) the ``<dt>`` is a small
capitalised label, and what its ``<dd>`` says is set larger and not in capitals.

Checked on what Chromium computes for every page of the demo site.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.browser import look

VALUE_AGAINST_LABEL = """\
for (const fact of doc.querySelectorAll(".entry-facts > div")) {
  const label = fact.querySelector("dt"), value = fact.querySelector("dd");
  if (!label || !value) continue;
  const want = view.getComputedStyle(label);
  for (const part of [value, ...value.querySelectorAll("*")]) {
    const own = [...part.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const got = view.getComputedStyle(part);
    found.push([page, label.textContent.trim(), part.textContent.trim().slice(0, 30),
                got.textTransform, parseFloat(got.fontSize), parseFloat(want.fontSize),
                got.color, want.color]);
  }
}
"""
"""Each piece of a fact's value that holds text: its page, the fact's label, its words, and its
computed text-transform, font size and colour beside the label's (:func:`tests.browser.look`)."""


@pytest.mark.parametrize("dark", [False, True])
def test_an_entrys_facts_values_do_not_look_like_labels(
    demo_site: Path, tmp_path: Path, dark: bool
) -> None:
    """An evidence page's kind ('Outcome') was drawn as its label 'Kind' is, small, grey and in
    capitals, so 'KIND  OUTCOME' read as two labels with no value."""
    site = tmp_path / "site"
    (site / "evidence").mkdir(parents=True)
    shutil.copytree(demo_site / "evidence", site / "evidence", dirs_exist_ok=True)
    shutil.copytree(demo_site / "reflections", site / "reflections")
    shutil.copytree(demo_site / "static", site / "static")
    flags = ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"] if dark else []
    found = look(site, VALUE_AGAINST_LABEL, (390, 1200), flags)
    assert any(row[1] == "Kind" for row in found), "the demo evidence has no kind"
    as_labels = [row for row in found
                 if row[3] == "uppercase" or row[4] <= row[5] or row[6] == row[7]]
    assert as_labels == []
