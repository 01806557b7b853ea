"""A theme's template that uses a name its page is not given, or an attribute a value does not
have, is told with the closest one there is: Jinja's own message said only which one was
missing (``'mentorsite.model.entries.Settings object' has no attribute 'menteee'``), and the
theme's author was left to read the built-in templates or the model's source for the right
spelling."""

from __future__ import annotations

from datetime import date

import pytest

from mentorsite.errors import MentorsiteError
from mentorsite.model.entries import Settings
from mentorsite.pages.page import Page
from mentorsite.render.templates import renderer
from mentorsite.render.theme import builtin_theme


@pytest.fixture
def render_one(tmp_path):
    """Render a page of a theme whose one template, ``t.html``, is ``source``, both ways the
    build renders a page; return each way's error message."""

    def render(source: str, context: dict[str, object] | None = None) -> list[str]:
        templates = tmp_path / "theme" / "templates"
        templates.mkdir(parents=True, exist_ok=True)
        (templates / "t.html").write_text(source)
        render = renderer([tmp_path / "theme", builtin_theme()], Settings(mentee="Priya"),
                          date(2025, 6, 15), None)
        page = Page("t/", "t.html", "T", context or {})
        messages = []
        for draw in (render.render, lambda page: "".join(render.render_in_parts(page))):
            with pytest.raises(MentorsiteError) as failed:
                draw(page)
            messages.append(str(failed.value))
        return messages

    return render


@pytest.mark.parametrize(("source", "hint"), [
    ("<p>\n{{ sitee.title }}</p>", "'sitee' is undefined (did you mean 'site'?)"),
    ("<p>\n{{ site.menteee }}</p>", "has no attribute 'menteee' (did you mean 'mentee'?)"),
    ("<p>\n{{ page.titel }}</p>", "has no attribute 'titel' (did you mean 'title'?)"),
    ("<p>\n{{ goal_titles.resilince }}</p>",
     "has no attribute 'resilince' (did you mean 'resilience'?)"),
])
def test_a_misspelt_name_is_told_with_the_name_meant(render_one, source, hint):
    """Names from what the page is given and the globals; attributes from the value's own
    (a mapping's keys, which Jinja looks up as attributes too)."""
    for message in render_one(source, {"goal_titles": {"resilience": "Be resilient"}}):
        assert "t.html:2:1: error: " in message, message
        assert message.endswith(f"{hint} [template-error]"), message


def test_a_name_like_none_given_has_no_hint(render_one):
    for message in render_one("{{ zzqx }}"):
        assert message.endswith("error: 'zzqx' is undefined [template-error]"), message


def test_a_number_or_a_text_gets_no_hint_from_its_methods(render_one):
    """A macro given a number where it wanted a pager: ``bit_count`` is not what was meant."""
    for message in render_one("<p>\n{{ given.count }}</p>", {"given": 3}):
        assert message.endswith("error: 'int object' has no attribute 'count' [template-error]")
