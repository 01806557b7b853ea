"""A theme's template that uses a name its page is not given, or an attribute a value does not
have, is told with the closest one there is: Jinja's own message said only which one was
missing (``'mentorsite.model.entries.Settings object' has no attribute 'menteee'``), and the
theme's author was left to read the built-in templates or the model's source for the right
spelling."""

from __future__ import annotations

import pytest

from mentorsite.model.entries import Settings
from tests.template_failures import failures


@pytest.fixture
def render_one(tmp_path):
    """The error of a page of a theme whose one template, ``t.html``, is ``source``."""

    def render(source: str, context: dict[str, object] | None = None) -> list[str]:
        return failures(tmp_path / "theme", source, Settings(mentee="Priya"), context)

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
