"""The built-in stylesheet keeps pages readable on a 360 px phone.

Content is the pair's own text: a URL in a goal's rationale or a commit subject is one long
word. A grid or flex item is never narrower than its longest word unless it says
``min-width: 0``, so the page would scroll sideways; these tests check the rules that let such
items shrink and wrap (the body's ``overflow-wrap: break-word`` then breaks the word).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STYLESHEET = Path(__file__).resolve().parents[1] / "themes/default/static/style.css"


def declarations(selector: str) -> dict[str, str]:
    """The declarations of the stylesheet's top-level rule for exactly ``selector``."""
    text = STYLESHEET.read_text(encoding="utf-8")
    found = re.search(r"^" + re.escape(selector) + r" \{\n(.*?)^\}", text, re.MULTILINE | re.DOTALL)
    assert found, f"no top-level rule for {selector!r}"
    body = re.sub(r"/\*.*?\*/", "", found.group(1), flags=re.DOTALL)
    pairs = (line.strip().rstrip(";").split(":", 1) for line in body.splitlines() if ":" in line)
    return {name.strip(): value.strip() for name, value in pairs}


@pytest.mark.parametrize("selector", [
    ".plan dd",
    ".page-head > .commit-line > *",
])
def test_items_holding_long_words_can_shrink(selector):
    assert declarations(selector).get("min-width") == "0"
