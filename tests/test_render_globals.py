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

