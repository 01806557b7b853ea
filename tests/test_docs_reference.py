"""The reference the docs give is the one the code has: options, diagnostic codes, keywords.

A user reads README.md's table of commands and the docs' lists of codes, not ``--help`` or the
source; what the code gains there has to reach them too. ``programme.yml``'s list of codes
left out five that a coordinator's settings file can be given, and the README's row for
``programme build`` its ``-q``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from mentorsite.cli.main import cli
from tests.test_diagnostics_table import CASES

PROJECT = Path(__file__).resolve().parents[1]
README = (PROJECT / "README.md").read_text(encoding="utf-8")
CONTENT = (PROJECT / "docs" / "content.md").read_text(encoding="utf-8")
PROGRAMME = (PROJECT / "docs" / "programme.md").read_text(encoding="utf-8")
CODE = re.compile(r"\[([a-z]+(?:-[a-z]+)+)\]$", re.M)


def _commands(group: click.Group, words: tuple[str, ...] = ()) -> list[
        tuple[tuple[str, ...], click.Command]]:
    """Every command under ``group`` that does something, with the words that call it."""
    found: list[tuple[tuple[str, ...], click.Command]] = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _commands(command, (*words, name))
        else:
            found.append(((*words, name), command))
    return found


def _readme_row(words: tuple[str, ...]) -> str:
    """The README's row of the commands table for ``mentorsite WORDS`` (``new``'s share one)."""
    called = "`mentorsite " + " ".join(words)
    short = "`new " + " ".join(words[1:]) if words[0] == "new" else called
    rows = [row for row in README.splitlines()
            if row.startswith("| `mentorsite ") and (called in row or short in row)]
    assert len(rows) == 1, f"README.md has {len(rows)} rows for mentorsite {' '.join(words)}"
    return rows[0]


@pytest.mark.parametrize(("words", "command"), _commands(cli),
                         ids=lambda value: " ".join(value) if isinstance(value, tuple) else "")
def test_every_option_of_a_command_is_in_its_readme_row(words, command):
    """README.md's row names each option ``--help`` lists, by one of its names (``-q`` or
    ``--quiet``), in the synopsis or in what it does (``--edit``); ``--help`` itself is the
    global one, told below the table."""
    row = _readme_row(words)
    for option in command.params:
        if not isinstance(option, click.Option) or option.name == "help":
            continue
        names = option.opts + option.secondary_opts
        assert any(re.search(rf"{re.escape(name)}\b(?!-)", row) for name in names), (
            f"mentorsite {' '.join(words)} {names[0]} is not in README.md's row: {row}")


def _code_table_codes() -> set[str]:
    """The codes docs/content.md §9 "Every code" has a row for."""
    table = CONTENT[CONTENT.index("### Every code"):CONTENT.index("## 10. Safety limits")]
    return set(re.findall(r"^\| `([a-z]+(?:-[a-z]+)+)` \|", table, re.M))


def test_the_code_table_holds_every_code_check_gives_and_no_other():
    """Each code test_diagnostics_table produces (and it has a case for every code the
    package's sources hold) has its row in docs/content.md, and each row's code is produced."""
    produced = {CODE.search(line)[1] for case in CASES.values() for line in case.expected}
    produced.add("no-mentorship")  # a folder holding nothing: test_diagnostics_table's own test
    documented = _code_table_codes()
    assert produced - documented == set(), "codes docs/content.md §9 does not tell"
    assert documented - produced == set(), "codes docs/content.md §9 tells that check never gives"


def _programme_codes() -> set[str]:
    """The codes docs/programme.md §3 lists for ``programme.yml``."""
    listed = re.search(r"^Codes: (.*?)\n\n", PROGRAMME, re.M | re.S)
    assert listed, "docs/programme.md lists programme.yml's codes after 'Codes: '"
    return set(re.findall(r"`([a-z]+(?:-[a-z]+)+)`", listed[1]))


PROGRAMME_FILES: dict[str, bytes] = {
    "not-a-mapping": b"- pairs/*\n",
    "invalid-yaml": b"sources: [pairs/*\n",
    "duplicate-key": b"title: a\ntitle: b\n",
    "yaml-tag": b"title: !!str Platform\n",
    "merge-conflict": b"<<<<<<< HEAD\ntitle: a\n=======\ntitle: b\n>>>>>>> other\n",
    "invalid-encoding": "title: caf\u00e9\n".encode("latin-1"),
    "file-too-large": b"# " + b"x" * (1 << 20) + b"\n",
    "unknown-field": b"sourcs: [pairs/*]\n",
    "wrong-type": b"cohorts:\n  - {name: 5, sources: [pairs/ana]}\n",
    "missing-field": b"cohorts:\n  - {name: Spring}\n",
    "invalid-value": b"title: '  '\n",
    "duplicate-cohort": b"cohorts:\n  - {name: A, sources: [pairs/ana]}\n"
                        b"  - {name: A, sources: [pairs/ana]}\n",
    "no-such-source": b"sources: [nowhere/*]\n",
}


@pytest.mark.parametrize("code", [*PROGRAMME_FILES, "unreadable-file"])
def test_every_code_programme_yml_is_given_is_in_the_programme_docs(code, tmp_path, monkeypatch):
    """Each ``programme.yml`` here is refused (exit 1) with a code docs/programme.md lists;
    the case's own code among them, so that the case is the one meant."""
    pair = tmp_path / "pairs" / "ana"
    (pair / "content" / "goals").mkdir(parents=True)
    (pair / "mentorsite.yml").write_text("title: Ana's plan\n", encoding="utf-8")
    settings = tmp_path / "programme.yml"
    if code == "unreadable-file":
        os.mkfifo(settings)  # a pipe is refused unread
    else:
        settings.write_bytes(PROGRAMME_FILES[code])
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--today", "2025-06-15", "programme", "build"])
    given = set(CODE.findall(result.output))
    assert result.exit_code == 1, result.output
    assert code in given, result.output
    assert given - _programme_codes() == set(), "codes docs/programme.md §3 does not list"


def test_the_settings_schema_uses_only_the_keywords_the_docs_name(run_cli):
    """docs/content.md §12 promises older validators a settings schema of listed keywords."""
    said = CONTENT[CONTENT.index("The settings schema uses only keywords"):]
    said = said[:said.index("no `$defs`")]
    allowed = set(re.findall(r"`(\$?\w+)`", said))
    result = run_cli("schema", "settings")
    assert result.exit_code == 0, result.output
    used: set[str] = set()

    def keywords(node: object, named: bool = False) -> None:
        """Collect the keys of ``node``'s schemas; a ``properties`` mapping's keys are names."""
        if isinstance(node, dict):
            for key, value in node.items():
                if not named:
                    used.add(key)
                keywords(value, key == "properties" and not named)
        elif isinstance(node, list):
            for item in node:
                keywords(item)

    keywords(json.loads(result.output))
    assert used - allowed == set(), "keywords docs/content.md §12 does not name"


THEME = PROJECT / "themes" / "default" / "templates"


@pytest.mark.parametrize("module", ["macros.html", "history_macros.html", "goal_macros.html"])
def test_every_macro_the_built_in_pages_call_is_named_in_the_theme_docs(module):
    """A theme that overrides one of these modules must define every name the built-in pages
    it keeps call from it: a ``macros.html`` written from docs/themes.md's list, which left
    out ``pager``, failed the build on ``checkins.html`` with Jinja's "TemplateModule object
    has no attribute 'pager'"."""
    themes = (PROJECT / "docs" / "themes.md").read_text(encoding="utf-8")
    imported = re.compile(rf'{{% import "{re.escape(module)}" as (\w+)')
    called: set[str] = set()
    for template in THEME.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        for alias in set(imported.findall(text)):
            called |= set(re.findall(rf"\b{alias}\.(\w+)\(", text))
    assert called, f"no built-in page calls {module}"
    assert {name for name in called if f"`{name}`" not in themes
            and f"`{name}(" not in themes} == set(), f"{module}'s names docs/themes.md leaves out"


def test_every_key_of_the_programme_data_json_is_in_the_programme_docs(tmp_path, monkeypatch):
    """docs/programme.md §4 told every key of the programme's data.json but ``generator``."""
    pair = tmp_path / "pairs" / "ana"
    (pair / "content" / "goals").mkdir(parents=True)
    (pair / "mentorsite.yml").write_text("title: Ana's plan\nprogramme: full\n", encoding="utf-8")
    (pair / "content" / "goals" / "speak.md").write_text(
        "---\ntitle: Speak up\nstarted: 2025-01-01\n---\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--today", "2025-06-15", "programme", "build", "pairs/*"])
    assert result.exit_code == 0, result.output
    told = PROGRAMME[PROGRAMME.index("**`data.json`** —"):]
    told = told[:told.index("\n\n")]
    data = json.loads((tmp_path / "_programme" / "data.json").read_text(encoding="utf-8"))
    keys = set(data) | {key for value in data.values() if isinstance(value, dict) for key in value}
    keys |= {key for pair in data["pairs"] for key in pair}
    assert {key for key in keys if f"`{key}`" not in told} == set()
