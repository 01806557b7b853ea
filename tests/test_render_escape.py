"""What ``{{ … }}`` writes is escaped by ``render._output``: the characters Jinja's autoescape
(``markupsafe.escape``) gives, as plain strings, without a Markup object made for each value."""

from __future__ import annotations

from datetime import date

import jinja2
import pytest
from markupsafe import Markup, escape

from mentorsite.model.entries import Settings
from mentorsite.render.templates import _output, renderer
from mentorsite.render.theme import builtin_theme


class _Html:
    """Something that draws itself as HTML, as a Markdown body does."""

    def __init__(self, html: object) -> None:
        self.html = html

    def __html__(self) -> object:
        return self.html


class _Sub(str):
    """A string of another type, such as a YAML loader might give."""


class _Shown:
    def __str__(self) -> str:
        return "<shown> & 'told'"


VALUES = [
    "<script>alert('x')</script> & \"q\"", "", "plain", "ünï ✓ — &amp;", "a & b", "it's",
    Markup("<b>kept</b> &amp;"), _Html("<i>html</i>"), _Html(Markup("<u>m</u>")),
    _Html(_Sub("<s>sub</s>")), _Sub("<sub> & 'it'"), _Shown(), None, 0, 3, -2.5, True,
    date(2025, 9, 8), ["<li>", "&"], {"<k>": "'v'"},
]


@pytest.fixture(scope="module")
def env() -> jinja2.Environment:
    """The built-in theme's environment."""
    return renderer([builtin_theme()], Settings(), date(2025, 12, 28), None).env


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_output_is_what_autoescape_wrote(value):
    assert _output(value) == str(escape(value))
    assert isinstance(_output(value), str)


@pytest.mark.parametrize("value", VALUES, ids=repr)
@pytest.mark.parametrize("source", [
    "<p>{{ value }}</p>", "{% for i in [1, 2] %}{{ value }}{{ i }}{% endfor %}",
    "{% macro show(v) %}[{{ v }}]{% endmacro %}{{ show(value) }}",
    "{% set kept %}{{ value }}!{% endset %}{{ kept }}{{ kept|upper }}",
    "{% filter upper %}{{ value }}{% endfilter %}",
    "{% autoescape false %}{{ value }}{% endautoescape %}|{{ value }}",
])
def test_a_template_writes_what_jinja_wrote(env, source, value):
    """In pages, loops, macros, blocks kept with set, filter blocks and with autoescaping off
    for a while: the same text as a template of Jinja's own class."""
    plain = env.overlay()
    plain.template_class = jinja2.Template
    assert env.from_string(source).render(value=value) == plain.from_string(source).render(
        value=value)


def test_templates_write_through_output(env):
    """Loaded and compiled templates alike: ``{{ … }}`` calls ``_output``, not markupsafe's
    ``escape``, so a string is not made a Markup object, and markup is not copied into one."""
    for template in (env.get_template("checkin.html"), env.from_string("{{ 1 }}")):
        assert template.root_render_func.__globals__["escape"] is _output
    body = Markup("<p>a body</p>")
    assert env.from_string("{{ body }}").render(body=body) == body
    parts = list(env.from_string("<p>{{ text }}</p>").generate(text="a < b"))
    assert parts == ["<p>", "a &lt; b", "</p>"] and type(parts[1]) is str


def test_an_undefined_value_is_still_an_error(env):
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ value.missing }}").render(value={})
