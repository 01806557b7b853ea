"""Templates call the snippets and ``cached_block`` through ``render._Context``, which knows what
each takes instead of asking Jinja's questions on every call, and passes them what Jinja's own
``Context.call`` passed: the same output, the loop's and the block's variables included."""

from __future__ import annotations

import jinja2
import jinja2.runtime
import pytest

from mentorsite.model.entries import Settings
from mentorsite.render.templates import renderer
from mentorsite.render.theme import builtin_theme
from tests.conftest import DEMO_DAY

TODAY = DEMO_DAY


def _both() -> tuple[jinja2.Environment, jinja2.Environment]:
    """The site's environment, and one like it with Jinja's own context."""
    env = renderer([builtin_theme()], Settings(), TODAY, None).env
    plain = env.overlay()
    plain.context_class = jinja2.runtime.Context
    return env, plain


@jinja2.pass_context
def _theirs(context, value):  # type: ignore[no-untyped-def]
    """A theme's own function that takes the context: not one of ours."""
    return f"{context['root']}:{value}"


def _stops():  # type: ignore[no-untyped-def]
    raise StopIteration


SOURCES = [
    '{{ goal_link_html("g") }}|{{ day_html(d) }}',
    '{% for root in ["<a>/", "b/"] %}{{ goal_link_html("g") }}{% endfor %}',
    '{% block x %}{% set root = "set/" %}{{ goal_link_html("g") }}{% endblock %}',
    '{% import "macros.html" as m %}{{ m.goal_link("g") }}{{ m.text_section("T", ["<i>"]) }}',
    '{% for n in [1, 2] %}{{ theirs(n) }}{{ by_month([]) }}{% endfor %}',
    '{{ stops() is undefined }}|{{ text_section_html("t", ["x"], class="<c>") }}',
    '{{ d.isoformat() }}|{{ d.strftime("%d %B") }}|{{ "a,<b>".split(",") }}|{{ d.replace(day=2) }}',
    '{% macro m(x, y=2) %}<{{ x }}{{ y }}{{ root }}>{% endmacro %}{{ m(1) }}'
    '{% for root in ["in/"] %}{{ m(1, y=3) }}{% endfor %}',
    '{% macro w(n) %}[{{ caller(n) }}]{% endmacro %}'
    '{% call(k) w(5) %}{{ k }}{{ root }}{% endcall %}',
    '{% import "macros.html" as m %}{% for g in ["g"] %}{{ m.goal_link(g) }}{% endfor %}',
]


@pytest.mark.parametrize("source", SOURCES)
def test_calls_pass_what_jinja_passed(source):
    env, plain = _both()
    context = {"root": "../<r>/", "d": TODAY, "goal_titles": {"g": "G & g"},
               "theirs": _theirs, "stops": _stops}
    assert env.from_string(source).render(context) == plain.from_string(source).render(
        context)


def test_a_cached_block_is_called_as_before():
    render = renderer([builtin_theme()], Settings(), TODAY, None)
    source = '{% call cached_block("k", n) %}<b>{{ n }}</b>{% endcall %}'
    shown = [render.env.from_string(source).render(cached_block=render.cached_block, n=n)
             for n in (1, 2, 1)]
    assert shown == ["<b>1</b>", "<b>2</b>", "<b>1</b>"]


@pytest.mark.parametrize("template", ["checkin.html", "goal.html", "reflection.html",
                                      "wins.html", "checkins.html"])
def test_pages_call_the_snippets_without_jinja_s_questions(template, demo_pages, monkeypatch):
    """Jinja's ``Context.call`` is left only what a theme could mark to take the context:
    never a snippet, ``cached_block``, a macro or a built-in method such as ``isoformat``."""
    render = renderer([builtin_theme()], Settings(), TODAY, None)
    pages = [page for page in demo_pages if page.template == template]
    assert pages
    expected = [render.render(page) for page in pages]
    asked = []
    real = jinja2.runtime.Context.call

    def counting(__self, __obj, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(type(__obj).__name__)
        return real(__self, __obj, *args, **kwargs)

    monkeypatch.setattr(jinja2.runtime.Context, "call", counting)
    assert [render.render(page) for page in pages] == expected
    assert set(asked) <= {"type"}, asked  # a class: namespace()
