"""Each template takes a plain copy of the environment's globals (``render._Environment``):
what Jinja chains (a ``ChainMap``) every page's context copies and every import compares in
Python, key by key. The copy must still hold every global and keep a template's own apart."""

from __future__ import annotations

from datetime import date

import jinja2
import pytest

from mentorsite.model.entries import Settings
from mentorsite.render.snippets import GLOBALS
from mentorsite.render.templates import renderer
from mentorsite.render.theme import builtin_theme


@pytest.fixture
def env() -> jinja2.Environment:
    """The built-in theme's environment."""
    return renderer([builtin_theme()], Settings(), date(2025, 12, 28), None).env


def test_a_template_has_the_globals_as_a_plain_dict(env):
    template = env.get_template("checkin.html")
    assert type(template.globals) is dict
    assert template.globals == env.globals
    assert GLOBALS.items() <= template.globals.items()


def test_a_template_keeps_its_own_globals_to_itself(env):
    own = env.from_string("{{ shown }}", globals={"shown": "<own>"})
    other = env.from_string("{{ shown is defined }}")
    assert own.render() == "&lt;own&gt;"
    assert other.render() == "False"
    assert "shown" not in env.globals



def test_the_docs_name_every_small_piece_that_reads_the_page():
    """docs/themes.md says which small pieces of ``macros.html`` cannot be ordinary macros in
    a theme's own: those that read the page (``root``, ``today``, ``goal_titles``), as the
    pages import ``macros.html`` without context. It said any could be, and a theme that
    wrote ``goal_list`` as a macro linking under ``root`` failed on every check-in page."""
    import re
    from pathlib import Path

    from jinja2.utils import _PassArg

    docs = " ".join((Path(__file__).resolve().parents[1] / "docs" / "themes.md").read_text()
                    .split())
    said = docs.split("except those that read the page itself:", 1)[1].split(
        "The pages import", 1)[0]
    reading = {name.removesuffix("_html") for name, value in GLOBALS.items()
               if _PassArg.from_obj(value) is _PassArg.context}
    exported = set(re.findall(r"\{% set (\w+) = (\w+)_html %\}", (
        builtin_theme() / "templates" / "macros.html").read_text()))
    assert {name for name, same in exported if name == same} >= reading
    assert set(re.findall(r"`(\w+)`", said)) - {"root", "today", "goal_titles"} == reading
