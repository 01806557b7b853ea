"""Pages are written in runs of their template's output as it is made: a list page of a large
site is megabytes of HTML in tens of thousands of pieces, which are never all held at once."""

from __future__ import annotations

from datetime import date

import pytest

from mentorsite.errors import MentorsiteError
from mentorsite.model.entries import Settings
from mentorsite.pages.page import Page
from mentorsite.render import templates as render_module
from mentorsite.render.templates import renderer
from mentorsite.render.theme import builtin_theme


@pytest.fixture
def theme(tmp_path):
    templates = tmp_path / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "big.html").write_text(
        '{% extends "default/base.html" %}{% block content %}'
        "{% for i in range(count) %}<p>{{ i }} &amp; {{ page.title }}</p>{% endfor %}"
        "{% endblock %}"
    )
    (templates / "broken.html").write_text("{% for i in range(3) %}{{ i.missing.deeper }}"
                                           "{% endfor %}")
    return tmp_path / "theme"


def test_a_page_in_parts_is_the_page(theme, monkeypatch):
    monkeypatch.setattr(render_module, "_RUN", 100)
    render = renderer([theme, builtin_theme()], Settings(), date(2025, 6, 15), None)
    page = Page("big/", "big.html", "Big <one>", {"count": 1000})
    parts = list(render.render_in_parts(page))
    assert len(parts) > 10, "runs, not the whole page at once"
    assert "".join(parts) == render.render(page)


def test_a_template_failing_half_way_is_our_error(theme):
    render = renderer([theme, builtin_theme()], Settings(), date(2025, 6, 15), None)
    with pytest.raises(MentorsiteError):
        list(render.render_in_parts(Page("broken/", "broken.html", "Broken")))
    with pytest.raises(MentorsiteError):
        list(render.render_in_parts(Page("gone/", "missing.html", "Gone")))


@pytest.mark.parametrize(("source", "message"), [
    ('{% include "nowhere.html" %}', "no template named 'nowhere.html' in the theme or the"),
    ('{% extends "default/nope.html" %}', "no template named 'default/nope.html' in the"),
    ('{% include ["a.html", "b.html"] %}', "no template named 'a.html' or 'b.html' in the"),
])
def test_a_missing_template_is_named_as_missing(theme, source, message):
    """Jinja's own message for a template it cannot find is the bare name: the error says that
    no template has it, from the line that asked for it."""
    (theme / "templates" / "asks.html").write_text(f"<p>\n{source}\n</p>\n")
    render = renderer([theme, builtin_theme()], Settings(), date(2025, 6, 15), None)
    with pytest.raises(MentorsiteError, match=rf"asks\.html:2:1: error: {message}"):
        render.render(Page("x/", "asks.html", "X"))


def test_a_template_failing_while_rendering_names_its_file_and_line(theme):
    """An undefined name carries no line, and ``{{ 1/0 }}`` is no Jinja error at all (it was
    a traceback): both are our error, at the template line that failed, in both ways of
    rendering."""
    (theme / "templates" / "divides.html").write_text("<p>\n{{ 1 / 0 }}\n</p>\n")
    render = renderer([theme, builtin_theme()], Settings(), date(2025, 6, 15), None)
    cases = [("broken.html", r"broken\.html:1:1: error: 'int object' has no attribute"),
             ("divides.html", r"divides\.html:2:1: error: ZeroDivisionError: division")]
    for template, message in cases:
        page = Page("x/", template, "X")
        with pytest.raises(MentorsiteError, match=message):
            list(render.render_in_parts(page))
        with pytest.raises(MentorsiteError, match=message):
            render.render(page)


def test_a_page_in_parts_is_not_made_through_generate(theme, monkeypatch):
    """The pieces come from the template's render function, not through Jinja's ``generate``
    (one generator more for every piece); a failure in a template still names its line."""
    import traceback

    import jinja2

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("generate() called")

    monkeypatch.setattr(jinja2.Template, "generate", refuse)
    render = renderer([theme, builtin_theme()], Settings(), date(2025, 6, 15), None)
    page = Page("big/", "big.html", "Big <one>", {"count": 10})
    assert "".join(render.render_in_parts(page)) == render.render(page)
    with pytest.raises(MentorsiteError) as failed:
        list(render.render_in_parts(Page("broken/", "broken.html", "Broken")))
    frames = traceback.extract_tb(failed.value.__cause__.__traceback__)
    assert any(frame.filename.endswith("broken.html") and frame.lineno == 1 for frame in frames)
