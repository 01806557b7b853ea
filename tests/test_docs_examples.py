"""The links between entries that docs/content.md shows lead where it says, on the demo site.

Its example ``[last time](../checkins/2025-12-08.md#wins)`` led to no element: a heading's
anchor comes from a heading in the entry's body, and that check-in's body has none.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

PROJECT = Path(__file__).resolve().parents[1]
EXAMPLE = re.compile(r"\]\(\.\./(\w+)/([\w-]+)\.md(?:#([\w-]+))?\)")


def test_every_entry_link_in_the_content_docs_leads_to_a_demo_page_and_heading(
        demo_site: Path) -> None:
    examples = EXAMPLE.findall((PROJECT / "docs" / "content.md").read_text(encoding="utf-8"))
    assert any(fragment for _, _, fragment in examples), "an example with a heading"
    for kind, slug, fragment in examples:
        assert (PROJECT / "content" / kind / f"{slug}.md").is_file(), (kind, slug)
        page = demo_site / kind / slug / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert not fragment or soup.find(id=fragment), (kind, slug, fragment)
