"""What every page looks up is found without work per page: its templates in a plain dict, and
the pieces an entry page imports made once per build, not once a page."""

from __future__ import annotations

import jinja2
import pytest

from mentorsite.model.entries import Settings
from mentorsite.render.templates import renderer
from mentorsite.render.theme import builtin_theme
from tests.conftest import DEMO_DAY

TODAY = DEMO_DAY


def test_templates_are_kept_in_a_plain_dict():
    """A page looks up its template, the one it extends and each import: a dict, not Jinja's
    least-recently-used cache, which takes a lock and reorders a queue on every lookup."""
    env = renderer([builtin_theme()], Settings(), TODAY, None).env
    assert type(env.cache) is dict
    assert env.get_template("checkin.html") is env.get_template("checkin.html")


@pytest.mark.parametrize("template", ["checkin.html", "reflection.html", "evidence.html"])
def test_entry_pages_import_their_history_pieces_once(template, demo_pages, monkeypatch):
    """Check-in, reflection and evidence pages import ``history_macros.html`` without context
    (its ``entry_history`` takes the page's root from the call): Jinja keeps that module, where
    an import with context made it again, macros and all, for every page."""
    render = renderer([builtin_theme()], Settings(), TODAY, None)
    pages = [page for page in demo_pages if page.template == template]
    assert pages
    render.render(pages[0])
    made = []
    real = jinja2.Template.make_module

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(self.name)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "make_module", counting)
    for page in pages:
        assert 'class="entry-history"' in render.render(page)
    assert made == []


def test_check_in_pages_filter_nothing_per_page(demo_pages, monkeypatch):
    """Whether a check-in has goal cards is asked of the cards it draws, and whether it has a
    step not done is asked of the check-in (``checkin.steps_undone``): through Jinja's
    ``selectattr``/``rejectattr`` and ``list`` these two questions cost each check-in page
    about a tenth of its rendering."""
    render = renderer([builtin_theme()], Settings(), TODAY, None)
    pages = [page for page in demo_pages if page.template == "checkin.html"]
    assert pages
    filtered = []
    for name in ("selectattr", "rejectattr", "list"):
        real = render.env.filters[name]

        def counting(*args, _name=name, _real=real, **kwargs):  # type: ignore[no-untyped-def]
            filtered.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setitem(render.env.filters, name, counting)
    for page in pages:
        checkin = page.context["checkin"]
        assert checkin.steps_undone == any(not step.done for step in checkin.next)
        render.render(page)
    assert filtered == []
