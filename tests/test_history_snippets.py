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
    [],
]
DIFFS = [
    ["@@ -1,2 +1,3 @@", " same", "-old <i>", "+new & improved", "+", " "],
    ["+only added"],
    ["", "-", "@@ weird"],
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
