"""docs/themes.md tells a theme's author what each template draws and is given, and the blocks
of the built-in ``base.html``: the docs said only "read the built-in template of the same
name", which names neither the names a page is given but does not use nor which template
draws which page. The table and the list of blocks are checked here against a build of the
project's own content and against the built-in ``base.html``."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import jinja2
from jinja2 import nodes

from mentorsite import build as build_module
from mentorsite.pages import history as history_pages
from mentorsite.pages import site as site_pages
from mentorsite.read.template_facts import OWN_FILTERS
from mentorsite.render.templates import Renderer
from mentorsite.render.theme import builtin_theme
from tests.conftest import DEMO_DAY

PROJECT = Path(__file__).resolve().parents[1]
THEMES = (PROJECT / "docs" / "themes.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\| `(\w+\.html)` \| `([^`]*)` \| (.*) \|$", re.M)


def _documented() -> dict[str, set[str]]:
    """The table's rows: each template and the names it says the template is given."""
    return {template: set(re.findall(r"`(\w+)`", given)) for template, _, given in
            ROW.findall(THEMES)}


def test_the_table_names_what_each_page_is_given(tmp_path, monkeypatch):
    """Every page of the demo site, history and a goal's lists of notes and revisions
    included (made here for every goal, as a goal with more than its page shows has them)."""
    given: dict[str, set[str]] = defaultdict(set)
    context = Renderer._context

    def recording(self, page, extra):
        given[page.template] |= set(page.context) | set(extra or {})
        return context(self, page, extra)

    monkeypatch.setattr(Renderer, "_context", recording)
    monkeypatch.setattr(site_pages, "NOTES_ON_GOAL", 0)
    monkeypatch.setattr(history_pages, "REVISIONS_ON_GOAL", 0)
    build_module.build(PROJECT, tmp_path / "_site", today=DEMO_DAY, jobs=1)
    assert {"goal_notes.html", "goal_revisions.html", "commit.html"} <= set(given)
    assert _documented() == dict(given)


def test_the_blocks_named_are_those_of_the_built_in_base():
    source = (builtin_theme() / "templates" / "base.html").read_text(encoding="utf-8")
    blocks = {block.name for block in jinja2.Environment().parse(source).find_all(nodes.Block)}
    said = re.search(r"`base\.html` has (\w+) blocks\s+to fill or replace: (.*?)\. The goal",
                     THEMES, re.S)
    assert said is not None
    named = set(re.findall(r"`(\w+)` \(", said[2]))
    assert named == blocks
    assert said[1] == {3: "three", 4: "four", 5: "five"}[len(blocks)]


def test_every_filter_of_the_build_is_in_the_theme_docs():
    """A theme's author learns the filters from the docs: none of them was named there."""
    missing = [name for name in sorted(OWN_FILTERS)
               if f"`\\|{name}`" not in THEMES and f"`|{name}`" not in THEMES]
    assert not missing, f"docs/themes.md names no filter {missing}"
