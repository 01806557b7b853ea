"""A theme's templates saved with a byte-order mark (as Windows editors may save them) make the
same pages as without: the mark was kept as text, so that a page whose template and the
theme's ``base.html`` both began with one started with two, the second before the doctype,
which puts a browser in quirks mode and fails the Nu Html Checker."""

from __future__ import annotations

from datetime import date

from mentorsite.model.entries import Settings
from mentorsite.pages.page import Page
from mentorsite.render.templates import renderer
from mentorsite.render.theme import builtin_theme

BOM = "\ufeff"


def test_a_byte_order_mark_is_not_part_of_a_template(tmp_path):
    templates = tmp_path / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "base.html").write_text(
        BOM + '{% extends "default/base.html" %}{% block head %}<meta name="x" content="y">'
        "{% endblock %}", encoding="utf-8")
    (templates / "part.html").write_text(BOM + "<p>part</p>", encoding="utf-8")
    (templates / "page.html").write_text(
        BOM + '{% extends "base.html" %}{% block content %}<h1>T</h1>{% include "part.html" %}'
        "{% endblock %}", encoding="utf-8")
    render = renderer([tmp_path / "theme", builtin_theme()], Settings(), date(2025, 6, 15), None)
    page = Page("t/", "page.html", "T")
    for html in (render.render(page), "".join(render.render_in_parts(page))):
        assert html.startswith("<!doctype html>")
        assert BOM not in html
        assert '<meta name="x" content="y">' in html and "<p>part</p>" in html
