"""``check`` tells a macro a template calls that the module it imports does not define.

A theme's ``macros.html`` written from docs/themes.md's list, which left out ``pager``, passed
``check``; the build after the merge failed on ``checkins.html`` with Jinja's
"'TemplateModule object' has no attribute 'pager'", naming no file of the theme.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_build import _checked_and_built
from tests.test_docs_reference import THEME


def _builtin_macros_without(name: str) -> str:
    """The built-in ``macros.html`` with the macro ``name`` cut out."""
    text = (THEME / "macros.html").read_text(encoding="utf-8")
    start = text.index(f"{{% macro {name}(")
    end = text.index("{%- endmacro %}", start) + len("{%- endmacro %}")
    return text[:start] + text[end:]


def test_a_theme_macros_html_lacking_a_macro_built_in_pages_call_fails_check(tmp_path: Path):
    checked, built = _checked_and_built(tmp_path, {"macros.html": _builtin_macros_without("pager")})
    assert checked.exit_code == 1
    assert ("themes/mine/templates/macros.html:1:1: error: defines no 'pager', which the "
            "built-in checkins.html, goal_notes.html, goal_revisions.html, history.html, "
            "timeline.html call: define it, as the built-in macros.html does [template-error]"
            in checked.output), checked.output
    assert built.exit_code == 1 and "pager" in built.output, built.output


def test_a_theme_page_calling_a_macro_its_module_lacks_fails_check_at_the_call(tmp_path: Path):
    checked, _ = _checked_and_built(tmp_path, {
        "wins.html": '{% extends "default/wins.html" %}\n{% import "macros.html" as m %}\n'
                     '{% block content %}{{ m.daay(today) }}{% endblock %}\n',
        "extra.html": '{% from "history_macros.html" import difff %}\n'})
    assert checked.exit_code == 1
    assert ("themes/mine/templates/wins.html:3:1: error: macros.html defines no 'daay' (did "
            "you mean 'day'?) [template-error]") in checked.output, checked.output
    assert ("themes/mine/templates/extra.html:1:1: error: history_macros.html defines no "
            "'difff' (did you mean 'diff'?) [template-error]") in checked.output, checked.output


def test_a_theme_holding_every_built_in_template_passes_check(tmp_path: Path):
    """Every name each built-in page calls, the built-in modules define; a macro set in a
    block (``{% if %}{% set … %}``) counts, on the safe side."""
    templates = {path.relative_to(THEME).as_posix(): path.read_text(encoding="utf-8")
                 for path in THEME.rglob("*.html")}
    templates["macros.html"] = _builtin_macros_without("pager") + (
        "{% if true %}{% macro pager(pager, label, root) %}{% endmacro %}{% endif %}\n")
    checked, built = _checked_and_built(tmp_path, templates)
    assert "template-error" not in checked.output, checked.output
    assert built.exit_code == 0, built.output


def test_a_name_a_module_is_imported_as_and_bound_again_is_not_taken_for_the_module(
        tmp_path: Path):
    """``m`` of a loop, a ``set`` or a macro's parameter is no module's: a theme's working page
    that named its loop variable as its macros failed check and the build."""
    checked, built = _checked_and_built(tmp_path, {
        "wins.html": '{% extends "default/wins.html" %}\n{% import "macros.html" as m %}\n'
                     '{% block content %}{% for m in [{"title": "x"}] %}{{ m.title }}'
                     '{% endfor %}{% endblock %}\n',
        "extra.html": '{% import "macros.html" as m %}\n'
                      '{% macro shown(m) %}{{ m.label }}{% endmacro %}\n'})
    assert "template-error" not in checked.output, checked.output
    assert checked.exit_code == 0 and built.exit_code == 0, built.output
