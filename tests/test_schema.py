"""`mentorsite schema`: JSON Schema (draft 2020-12) that editors can use on real files.

The schemas come from the CLI, exactly as an editor integration would get them, and are checked
with the ``jsonschema`` library against the example mentorship's own front matter.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from pydantic import ValidationError

from mentorsite import vocabulary
from mentorsite.model import schema
from mentorsite.model.entries import EvidenceFields

PROJECT = Path(__file__).resolve().parents[1]
DRAFT = "https://json-schema.org/draft/2020-12/schema"
KINDS = ("settings", "goal", "checkin", "reflection", "evidence")
FOLDERS = {"goal": "goals", "checkin": "checkins", "reflection": "reflections",
           "evidence": "evidence"}

MINIMAL = {
    "settings": {},
    "goal": {"title": "t", "started": "2025-06-01"},
    "checkin": {},
    "reflection": {"title": "t"},
    "evidence": {"title": "t"},
}
"""The smallest valid front matter of each kind."""


def front_matter(path: Path) -> dict[str, Any]:
    """The YAML between the first two '---' lines, with dates as ISO strings (as JSON has no
    dates, an editor sees them as text)."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "---", path
    end = lines.index("---", 1)
    return _iso_dates(yaml.safe_load("\n".join(lines[1:end])) or {})


def _iso_dates(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _iso_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_iso_dates(item) for item in value]
    return value


@pytest.fixture
def schema_of(run_cli):
    """``schema_of(kind)``: the parsed output of ``mentorsite schema KIND``."""

    def get(kind: str) -> dict[str, Any]:
        result = run_cli("schema", kind)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return get


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_goal_schema_is_draft_2020_12(schema_of):
    schema = schema_of("goal")
    assert schema["$schema"] == DRAFT
    Draft202012Validator.check_schema(schema)
    assert schema["type"] == "object"
    assert set(schema["required"]) == {"title", "started"}


GOAL_FILES = sorted((PROJECT / "content" / "goals").glob("*.md"))


def test_example_has_goals():
    assert len(GOAL_FILES) >= 3


@pytest.mark.parametrize("path", GOAL_FILES, ids=lambda p: p.stem)
def test_every_example_goal_validates(path, schema_of):
    validator = _validator(schema_of("goal"))
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(
        front_matter(path)
    )]
    assert errors == []


@pytest.mark.parametrize("kind", ["checkin", "reflection", "evidence"])
def test_every_example_entry_validates(kind, schema_of):
    validator = _validator(schema_of(kind))
    paths = sorted((PROJECT / "content" / FOLDERS[kind]).glob("*.md"))
    assert paths
    for path in paths:
        errors = [e.message for e in validator.iter_errors(front_matter(path))]
        assert errors == [], path.name


def test_example_settings_validate(schema_of):
    settings = yaml.safe_load((PROJECT / "mentorsite.yml").read_text(encoding="utf-8"))
    assert list(_validator(schema_of("settings")).iter_errors(settings)) == []


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_rejects_an_unknown_key(kind, schema_of):
    validator = _validator(schema_of(kind))
    assert list(validator.iter_errors(MINIMAL[kind])) == [], "the minimal instance is valid"
    errors = list(validator.iter_errors({**MINIMAL[kind], "bogus": 1}))
    assert [(e.validator, list(e.path)) for e in errors] == [("additionalProperties", [])]
    assert "bogus" in errors[0].message


@pytest.mark.parametrize(
    ("kind", "nested"),
    [
        ("goal", {"metrics": [{"id": "m", "label": "M", "target": 1, "unti": "x"}]}),
        ("goal", {"milestones": [{"title": "m", "dun": False}]}),
        ("goal", {"contingency": [{"if": "a", "then": "b", "else": "c"}]}),
        ("checkin", {"goals": {"alpha": {"stauts": "on-track"}}}),
        ("checkin", {"next": [{"task": "t", "ower": "me"}]}),
    ],
    ids=["metric", "milestone", "contingency", "checkin-goal", "next-step"],
)
def test_nested_objects_reject_an_unknown_key(kind, nested, schema_of):
    """An editor shows the error of the alternative that fits best (a check-in's goal may also
    be left empty), as ``best_match`` picks it."""
    validator = _validator(schema_of(kind))
    errors = list(validator.iter_errors({**MINIMAL[kind], **nested}))
    assert len(errors) == 1
    assert best_match(errors).validator == "additionalProperties"


@pytest.mark.parametrize(
    ("kind", "instance"),
    [
        ("goal", {"title": "t", "started": "2025-06-01", "status": "activ"}),
        ("goal", {"title": "t", "started": "next week"}),
        ("goal", {"title": "t"}),
        ("checkin", {"goals": {"alpha": {"status": "ontrack"}}}),
        ("evidence", {"title": "t", "kind": "outcom"}),
        ("settings", {"cadence": "fortnightly"}),
        ("settings", {"cadence": 367}),
        ("settings", {"programme": "everything"}),
        ("goal", {"title": " ", "started": "2025-06-01"}),
        ("checkin", {"wins": ["shipped", "bell\x07"]}),
        ("evidence", {"title": "t", "source": "no\ufffeone"}),
        ("settings", {"mentors": ["Jo", ""]}),
        ("goal", {"title": "t", "started": "2025-06-01", "success": " "}),
        ("goal", {"title": "t", "started": "2025-06-01", "success": ["Shipped", ""]}),
    ],
    ids=["goal-status", "goal-date", "goal-missing-started", "checkin-status", "evidence-kind",
         "settings-cadence", "settings-cadence-over-a-year", "settings-programme",
         "blank-title", "control-character", "noncharacter", "blank-name", "blank-success",
         "blank-success-item"],
)
def test_schema_rejects_what_check_rejects(kind, instance, schema_of):
    """A schema that accepts what ``check`` refuses would make an editor say 'fine' wrongly."""
    assert list(_validator(schema_of(kind)).iter_errors(instance)) != []


@pytest.mark.parametrize("text", [
    "Faster reviews", " padded ", "tab\tand\ntwo lines", "🎉 shipped", "Zoë, Łódź, 東京",
    "", " ", "\t\n", "\x00", "a\x07b", "line\x0bbreak", "\x7f", "next\x85line", "\ufdd0",
    "x\uffff",
], ids=repr)
def test_the_schema_takes_a_text_where_check_does(text, schema_of):
    """An editor must flag what ``check`` will refuse, and nothing it takes: texts blank or
    holding a character no page may hold (a bell pasted from a terminal is invisible in an
    editor). One pattern says it in ECMA 262 and Python alike, emoji and all."""
    refused_by_check = True
    try:
        EvidenceFields.model_validate({"title": text})
        refused_by_check = False
    except ValidationError:
        pass
    errors = list(_validator(schema_of("evidence")).iter_errors({"title": text}))
    assert bool(errors) == refused_by_check


@pytest.mark.parametrize("link", [
    "https://example.com/report", "HTTPS://example.com", "https://example.com:8080/x?q=1#f",
    "https://example.com/my report.pdf", "https://example.com/ana@x", "http://[::1]/x",
    "https://", "http:///report", "https://exa mple.com/", "https://ana:pw@example.com/x",
    "https://example.com/bell\x07", "ftp://example.com/x", "javascript:alert(1)", " ",
], ids=repr)
def test_the_schema_takes_a_link_where_check_does(link, schema_of):
    """An evidence link with no host, a password or a character no page may hold is flagged
    in the editor as ``check`` refuses it."""
    refused_by_check = True
    try:
        EvidenceFields.model_validate({"title": "t", "link": link})
        refused_by_check = False
    except ValidationError:
        pass
    errors = list(_validator(schema_of("evidence")).iter_errors({"title": "t", "link": link}))
    assert bool(errors) == refused_by_check


_TEXTS = {"Faster reviews": True, " padded ": True, "🎉 shipped": True, "👍🏿": True,
          "Zoë, 東京": True, "tab\tand\nlines": True, "": False, " ": False, "\t\n": False,
          "a\x07b": False, "next\x85line": False, "x\uffff": False, "\ufdd0": False}


def test_the_text_pattern_reads_alike_in_javascript(schema_of, tmp_path):
    """Editors validate with ECMA 262 regular expressions (VS Code's YAML extension, with the
    ``u`` flag or without): the pattern must take and refuse there what it does in Python."""
    import shutil

    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):  # .ci/run installs the Nu Html Checker with npm, so node
            pytest.fail("node must be installed in CI (see .ci/run)")
        pytest.skip("node is not installed")
    pattern = schema_of("goal")["properties"]["title"]["pattern"]
    (tmp_path / "case.json").write_text(json.dumps({"pattern": pattern, "texts": _TEXTS}))
    script = (
        "const c = require(process.argv[1]); const out = {};"
        "for (const f of ['', 'u']) { const r = new RegExp(c.pattern, f);"
        "  out[f] = Object.keys(c.texts).filter(t => r.test(t) !== c.texts[t]); }"
        "console.log(JSON.stringify(out));"
    )
    ran = subprocess.run([node, "-e", script, str(tmp_path / "case.json")],
                         capture_output=True, text=True, check=True)
    assert json.loads(ran.stdout) == {"": [], "u": []}
    assert [t for t, ok in _TEXTS.items() if bool(re.search(pattern, t)) != ok] == []


def test_schema_without_kind_prints_all_five(run_cli, schema_of):
    result = run_cli("schema")
    assert result.exit_code == 0
    everything = json.loads(result.stdout)
    assert set(everything) == set(KINDS)
    for kind in KINDS:
        assert everything[kind] == schema_of(kind)
        assert everything[kind]["$schema"] == DRAFT
        Draft202012Validator.check_schema(everything[kind])


def test_schema_of_an_unknown_kind_is_a_usage_error(run_cli):
    result = run_cli("schema", "goals")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_the_command_line_offers_exactly_the_kinds_the_model_knows():
    assert vocabulary.SCHEMA_KINDS == schema.KINDS
    kind = EvidenceFields.model_fields["kind"].annotation
    assert set(vocabulary.EVIDENCE_KINDS) == {a for arg in get_args(kind) for a in get_args(arg)}


@pytest.mark.parametrize("kind", KINDS)
def test_descriptions_read_as_markdown_not_as_docstrings(kind):
    """The model's docstrings write ``content/goals/<id>.md``; an editor's hover showed the
    doubled backquotes as they were."""
    descriptions = []

    def walk(node):
        if isinstance(node, dict):
            descriptions.extend(v for k, v in node.items() if k == "description")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(schema.json_schema(kind))
    assert descriptions, kind
    assert not [d for d in descriptions if "``" in d]
    assert any("`" in d for d in descriptions)


@pytest.mark.parametrize("kind", KINDS)
def test_a_default_is_said_only_of_the_key_that_has_it(kind):
    """pydantic's WithJsonSchema (2.6 to 2.10 at least) wrote a field's default into the one
    schema every field of its type shared: with pydantic 2.6, the lowest we allow, a mentor's
    name, a reflection prompt and every text of a goal said 'default: Mentorship progress'."""
    placed = []

    def walk(node, path):
        if isinstance(node, dict):
            if "default" in node:
                placed.append(path)
            for key, value in node.items():
                walk(value, (*path, key))
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, (*path, index))

    walk(schema.json_schema(kind), ())
    assert placed, kind
    assert [path for path in placed if path[-2:-1] != ("properties",)] == []


def _optional_keys() -> list[tuple[str, str]]:
    from mentorsite.model.entries import FIELDS_BY_KIND

    return [(kind, field.alias or name) for kind in KINDS
            for name, field in FIELDS_BY_KIND[kind].model_fields.items()
            if not field.is_required()]


@pytest.mark.parametrize(("kind", "key"), _optional_keys())
def test_the_schema_takes_an_empty_value_where_check_does(kind, key, schema_of):
    """``status:`` left empty is the default, as ``due:`` is (content.md §1); a list or
    ``private`` left empty is refused. An editor must say what ``check`` says of each."""
    from mentorsite.model.entries import FIELDS_BY_KIND

    instance = {**MINIMAL[kind], key: None}
    try:
        FIELDS_BY_KIND[kind].model_validate(instance)
        refused_by_check = False
    except ValidationError:
        refused_by_check = True
    errors = list(_validator(schema_of(kind)).iter_errors(instance))
    assert bool(errors) == refused_by_check


@pytest.mark.parametrize(("kind", "key", "taken"), [
    ("goal", "status", True), ("goal", "private", False), ("goal", "outcomes", False),
    ("settings", "cadence", True), ("settings", "programme", True), ("settings", "title", True),
    ("settings", "mentors", False), ("checkin", "goals", False),
])
def test_an_optional_single_value_left_empty_takes_its_default(kind, key, taken):
    from mentorsite.model.entries import FIELDS_BY_KIND

    model = FIELDS_BY_KIND[kind]
    if not taken:
        with pytest.raises(ValidationError):
            model.model_validate({**MINIMAL[kind], key: None})
        return
    read = model.model_validate({**MINIMAL[kind], key: None})
    assert getattr(read, key) == model.model_fields[key].default


@pytest.mark.parametrize(("kind", "instance"), [
    ("goal", {"title": "t", "started": "next week"}),
    ("goal", {"title": "t", "started": "2025-6-1"}),
    ("goal", {"title": "t", "started": "2025-06-01", "due": "soon"}),
    ("goal", {"title": "t", "started": "2025-06-01", "milestones": [{"title": "m", "due": "x"}]}),
    ("goal", {"title": "t", "started": "2025-06-01",
              "milestones": [{"title": "m", "done": "yesterday"}]}),
    ("checkin", {"date": "1 June"}),
    ("checkin", {"next": [{"task": "t", "due": "Friday"}]}),
    ("evidence", {"title": "t", "date": "2025/06/01"}),
])
def test_a_date_of_another_shape_is_refused_without_format_checks(kind, instance, schema_of):
    """``format: date`` is a note to most validators (editors among them): the shape is a
    pattern too, as content.md §12 promises a check of the YYYY-MM-DD shape."""
    plain = Draft202012Validator(schema_of(kind))  # no format checker, as in most editors
    assert list(plain.iter_errors(instance)) != []


_ALPHA = ("---\ntitle: Alpha\nstarted: 2025-06-01\n"
          "metrics:\n  - {id: speed, label: S, target: 10}\n---\n")
_PATHS = {"settings": "mentorsite.yml", "goal": "content/goals/g.md",
          "checkin": "content/checkins/2025-06-10.md",
          "reflection": "content/reflections/2025-06-10-r.md",
          "evidence": "content/evidence/2025-06-10-e.md"}


@pytest.fixture
def verdicts(make_repo, check_json, schema_of):
    """``verdicts(kind, yaml_text)``: (the schema refuses it, ``check`` refuses it), for one
    file's front matter (or ``mentorsite.yml``) beside a valid goal ``alpha`` with a metric
    ``speed``: the schema as a validator reads the data mentorsite reads (dates as text)."""
    from mentorsite.read.yamlsafe import read_yaml

    def judge(kind: str, text: str) -> tuple[bool, bool]:
        path = _PATHS[kind]
        files = {"mentorsite.yml": "title: T\n", "content/goals/alpha.md": _ALPHA,
                 path: text if kind == "settings" else f"---\n{text}---\n"}
        _, rows = check_json(make_repo(files))
        refused = any(row["severity"] == "error" and row["path"] == path for row in rows)
        read = read_yaml(text)
        assert read.problems == [], read.problems
        errors = list(_validator(schema_of(kind)).iter_errors(_iso_dates(read.value or {})))
        return bool(errors), refused

    return judge


@pytest.mark.parametrize(("kind", "text", "refused"), [
    ("checkin", "goals:\n  alpha: {status: on-track}\n", False),
    ("checkin", "goals:\n  alpha:\n", False),
    ("checkin", "goals: {alpha: ~}\n", False),
    ("checkin", "goals:\n", True),
    ("settings", "base_url: https://example.org/plan/\n", False),
    ("settings", "base_url: HTTPS://Example.org/plan/\n", False),
    ("settings", "base_url: http://[::1]:8000/\n", False),
    ("settings", "base_url: https://ana:pw@example.org/\n", True),
    ("settings", "base_url: https://\n", True),
    ("settings", "base_url: https:///plan/\n", True),
    ("settings", "base_url: https://example.org/plan/?x=1\n", True),
    ("settings", "base_url: https://example.org/#top\n", True),
    ("settings", "base_url: https://example.org/my plan/\n", True),
    ("settings", "base_url: https://exa mple.org/\n", True),
    ("settings", "base_url: https://example.org/a|b/\n", True),
    ("checkin", "goals:\n  Alpha: {status: on-track}\n", True),
    ("checkin", "goals:\n  al pha: {status: on-track}\n", True),
    ("checkin", "goals:\n  alpha: {status: on-track}\n  Title: 1\n", True),
    ("checkin", "goals:\n  alpha:\n    metrics: {speed: 3}\n", False),
    ("checkin", "goals:\n  alpha:\n    metrics: {Speed: 3}\n", True),
    ("checkin", "goals:\n  alpha:\n    metrics: {speed: 3, top speed: 1}\n", True),
], ids=repr)
def test_the_schema_says_what_check_says(kind, text, refused, verdicts):
    """A differential table: an editor underlines a file exactly when ``check`` refuses it
    (cross-file rules and YAML's dialects aside, content.md §12)."""
    assert verdicts(kind, text) == (refused, refused)
