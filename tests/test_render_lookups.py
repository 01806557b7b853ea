"""What every page looks up is found without work per page: its templates in a plain dict."""

from __future__ import annotations

from datetime import date

from mentorsite.model import Settings
from mentorsite.render import renderer
from mentorsite.theme import builtin_theme

TODAY = date(2025, 12, 28)


def test_templates_are_kept_in_a_plain_dict():
    """A page looks up its template, the one it extends and each import: a dict, not Jinja's
    least-recently-used cache, which takes a lock and reorders a queue on every lookup."""
    env = renderer([builtin_theme()], Settings(), TODAY, None).env
    assert type(env.cache) is dict
    assert env.get_template("checkin.html") is env.get_template("checkin.html")

