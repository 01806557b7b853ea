"""The Python pieces of the commit pages give exactly the HTML the Jinja macros gave."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from mentorsite.diagnostics import Diagnostics
from mentorsite.evolution import FieldChange
from mentorsite.load import RawSettings
from mentorsite.render import renderer
from mentorsite.theme import theme_folders
from mentorsite.validate import validate_settings

FIXTURES = Path(__file__).parent / "fixtures"

CHANGES = [
    [FieldChange("status", "active", "pivoted")],
    [FieldChange("metrics.confidence.target", None, "5"),
     FieldChange("why", "<b>Be heard</b> & seen", None)],
    [FieldChange("success", "a" * 40, "b" * 21), FieldChange("success", "a" * 40, "b" * 20)],
    [FieldChange("milestones.Plan.due", "2025-01-10", "2025-02-01"),
     FieldChange('title "x"', "it's", '"quoted"')],
    [FieldChange("a&b<c>", "&amp; 'x' \"y\" <z>", "><&"), FieldChange("k", "", "")],
    [],
]
DIFFS = [
    ["@@ -1,2 +1,3 @@", " same", "-old <i>", "+new & improved", "+", " "],
    ["+only added"],
    ["", "-", "@@ weird"],
    ["@ one at-sign is context", "@@ -0,0 +1 @@", "+&lt; 'it' \"is\" <b>&amp;</b>", "->"],
    [],
]


@pytest.fixture(scope="module")
def old() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(FIXTURES)), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


@pytest.fixture(scope="module")
def new(tmp_path_factory) -> jinja2.Environment:
    root = tmp_path_factory.mktemp("pair")
    settings = validate_settings(RawSettings({}, {}), root, Diagnostics())
    return renderer(theme_folders(root, settings), settings, None, None).env


def call(env: jinja2.Environment, template: str, macro: str, argument: object) -> str:
    module = env.get_template(template).module
    return str(getattr(module, macro)(argument))


@pytest.mark.parametrize("changes", CHANGES)
def test_field_changes_agree_with_the_macro(old, new, changes):
    before = call(old, "history_macros_before.html", "field_changes", changes)
    assert call(new, "history_macros.html", "field_changes", changes) == before


@pytest.mark.parametrize("lines", DIFFS)
def test_diff_agrees_with_the_macro(old, new, lines):
    before = call(old, "history_macros_before.html", "diff", lines)
    assert call(new, "history_macros.html", "diff", lines) == before


def test_plain_strings_are_escaped_without_markup_objects(old, monkeypatch):
    """Diff lines and field values are plain strings: escaped in place, the same characters
    as Jinja's autoescape, without a Markup object made for each (thousands per build)."""
    from mentorsite import history_snippets

    lines = DIFFS[-2]
    changes = CHANGES[-2]
    expected = (call(old, "history_macros_before.html", "diff", lines),
                call(old, "history_macros_before.html", "field_changes", changes))

    def refuse(value: object) -> object:
        raise AssertionError(f"escape() asked for {value!r}")

    monkeypatch.setattr(history_snippets, "escape", refuse)
    assert str(history_snippets.diff_lines(lines)) in expected[0]
    assert str(history_snippets.field_change_items(changes)) in expected[1]
