"""`mentorsite check` as a command: one run reports everything, exit statuses, output formats.

The positions of each diagnostic are pinned in ``test_diagnostics_table.py``; here the concern
is the command around them (SPEC §3 and §4).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

import mentorsite
from mentorsite.cli.main import cli

PROJECT = Path(__file__).resolve().parents[1]
"""The project repository, which is itself the example mentorship (content/, mentorsite.yml)."""

TEXT_LINE = re.compile(
    r"^(?P<path>[^:\s]+):(?P<line>[1-9]\d*):(?P<column>[1-9]\d*): (?P<severity>error|warning): "
    r"(?P<message>.+) \[(?P<code>[a-z]+(?:-[a-z]+)*)\]$"
)
"""SPEC §3: ``path:line:column: severity: message [code]``."""

ANNOTATION = re.compile(
    r"^::(?P<severity>error|warning) file=(?P<file>[^,:]+),line=(?P<line>[1-9]\d*),"
    r"col=(?P<col>[1-9]\d*),title=(?P<title>[a-z]+(?:-[a-z]+)*)::(?P<message>[^\r\n]+)$"
)
"""GitHub's workflow command syntax, as SPEC §3 quotes it."""

BROKEN = {
    "mentorsite.yml": "cadence: fortnightly\n",
    "content/goals/tagged.md": "---\ntitle: !!python/object:os.system x\n---\n",
    "content/goals/twice.md": "---\ntitle: a\ntitle: b\nstarted: 2025-06-01\n---\n",
    "content/goals/typed.md": "---\ntitle: [a]\nstarted: 2025-06-01\n---\n",
    "content/goals/bare.md": "just some notes\n",
    "content/goals/latin1.md": b"---\ntitle: caf\xe9\n---\n",
    "content/checkins/2025-06-10.md": "---\ngoals:\n  nowhere: {}\n---\n",
    "content/checkins/notes.md": "---\n---\n",
    "content/reflections/2025-06-10-x.md": "---\ntitle: t\nmood: good\n---\n",
    "content/evidence/2025-06-10-y.md": "---\ntitle: t\nlink: file:///etc/passwd\n---\n",
    "content/readme.md": "# About\n",
}
BROKEN_CODES = {
    ("mentorsite.yml", "invalid-value"),
    ("content/goals/tagged.md", "yaml-tag"),
    ("content/goals/tagged.md", "missing-field"),  # read on past the tag
    ("content/goals/twice.md", "duplicate-key"),
    ("content/goals/typed.md", "wrong-type"),
    ("content/goals/bare.md", "missing-front-matter"),
    ("content/goals/latin1.md", "invalid-encoding"),
    ("content/checkins/2025-06-10.md", "unknown-goal"),
    ("content/checkins/notes.md", "invalid-file-name"),
    ("content/reflections/2025-06-10-x.md", "unknown-field"),
    ("content/evidence/2025-06-10-y.md", "invalid-link"),
    ("content/readme.md", "unknown-file"),
}
"""One problem per file, each from a different stage: every one must be reported."""


def test_every_problem_in_every_file_is_reported_in_one_run(make_repo, run_cli):
    root = make_repo(BROKEN)
    result = run_cli("--source", root, "--today", "2025-06-15", "check")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.stdout.splitlines()
    parsed = [TEXT_LINE.match(line) for line in lines]
    assert all(parsed), [line for line, match in zip(lines, parsed, strict=True) if not match]
    found = {(m["path"], m["code"]) for m in parsed if m}
    assert found == BROKEN_CODES
    assert len(lines) == len(BROKEN_CODES)
    # and last, for the person reading, on stderr: the errors, in the broken files
    files = len({path for path, _ in BROKEN_CODES})
    assert result.stderr == f"found {len(BROKEN_CODES)} errors in {files} files\n"


def test_paths_narrow_the_report_to_their_files(make_repo, run_cli, monkeypatch):
    """As an editor or a hook names them: files and folders, from the working folder. The
    whole mentorship is still read, so a check-in naming an unknown goal is still found."""
    root = make_repo(BROKEN)
    monkeypatch.chdir(root / "content")
    result = run_cli("--source", "..", "--today", "2025-06-15", "check",
                     "checkins", root / "content/goals/twice.md")
    assert result.exit_code == 1
    found = {(m["path"], m["code"]) for m in map(TEXT_LINE.match, result.stdout.splitlines())
             if m}
    assert found == {(path, code) for path, code in BROKEN_CODES
                     if path.startswith("content/checkins/") or path.endswith("/twice.md")}
    assert result.stderr == "found 3 errors in 3 files\n"


def test_the_exit_status_follows_the_paths_named(make_repo, run_cli, valid_goal):
    root = make_repo({**BROKEN, "content/goals/alpha.md": valid_goal})
    result = run_cli("--source", root, "--today", "2025-06-15", "check",
                     root / "content/goals/alpha.md")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "found no problems\n")


@pytest.mark.parametrize("command", [["check"], ["status"], ["report"]])
def test_ctrl_c_ends_a_command_with_130_not_the_status_of_errors(
    make_repo, run_cli, valid_goal, monkeypatch, command
):
    """Click said "Aborted!" and exited 1, which for ``check`` means content with errors."""
    from mentorsite.model import project

    def interrupted(*_args: object, **_options: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(project, "read_project", interrupted)
    root = make_repo({"content/goals/alpha.md": valid_goal})
    result = run_cli("--source", root, *command)
    assert result.exit_code == 130
    assert result.output == f"{command[0]} interrupted\n"


def test_a_path_outside_the_mentorship_is_a_usage_error(make_repo, run_cli, tmp_path):
    root = make_repo(BROKEN)
    result = run_cli("--source", root, "check", tmp_path)
    assert result.exit_code == 2
    assert f"'{tmp_path}' is outside the mentorship at {root}" in result.output


def test_a_path_named_from_outside_any_mentorship_is_checked_in_its_own(
        make_repo, run_cli, tmp_path, monkeypatch):
    """An editor's linter runs ``mentorsite check /home/ana/plan/content/goals/twice.md``
    from wherever the editor started (the home folder, /). The working folder's "mentorship",
    which holds none, was read, the path filtered out the warning saying so, and a file with
    errors passed: "found no problems", exit 0. The mentorship is now the one the path is in."""
    root = make_repo(BROKEN)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = run_cli("--today", "2025-06-15", "check", root / "content/goals/twice.md")
    assert result.exit_code == 1
    found = {(m["path"], m["code"]) for m in map(TEXT_LINE.match, result.stdout.splitlines())
             if m}
    assert found == {(path, code) for path, code in BROKEN_CODES if path.endswith("/twice.md")}


def test_a_path_in_no_mentorship_is_told_so_not_passed(run_cli, tmp_path, monkeypatch):
    """A file in no mentorship at all, named from a folder in none: the warning that there is
    none is shown, rather than "found no problems" alone."""
    (tmp_path / "notes.md").write_text("# notes\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("--today", "2025-06-15", "check", "notes.md")
    assert result.exit_code == 0
    assert "warning: no mentorsite.yml and no content/ folder here" in result.stdout
    assert result.stderr == "found 1 warning in 1 file\n"


def test_example_repository_is_clean(run_cli):
    result = run_cli("--source", PROJECT, "--today", "2025-12-28", "check", "--strict")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "found no problems\n")


def test_today_can_come_from_the_environment(run_cli):
    """MENTORSITE_TODAY pins the day like --today (the README's command uses it)."""
    result = run_cli("--source", PROJECT, "check", env={"MENTORSITE_TODAY": "2025-12-28"})
    assert (result.exit_code, result.stdout) == (0, "")


def test_warnings_fail_only_under_strict(make_repo, run_cli, valid_goal):
    root = make_repo(
        {
            "content/goals/alpha.md": valid_goal,
            "content/goals/vague.md": "---\ntitle: Be better\nstarted: 2025-06-01\n---\n",
        }
    )
    relaxed = run_cli("--source", root, "--today", "2025-06-15", "check")
    strict = run_cli("--source", root, "--today", "2025-06-15", "check", "--strict")
    expected = "content/goals/vague.md:1:1: warning: "
    assert relaxed.exit_code == 0
    assert relaxed.output.startswith(expected)
    assert strict.exit_code == 1
    assert strict.output == relaxed.output


def test_settings_errors_alone_fail_the_check(make_repo, run_cli, valid_goal):
    root = make_repo(
        {"mentorsite.yml": "timezone: Nowhere/Land\n", "content/goals/a.md": valid_goal}
    )
    result = run_cli("--source", root, "--today", "2025-06-15", "check")
    assert result.exit_code == 1
    assert result.output.startswith("mentorsite.yml:1:11: error: ")


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["check", "--bogus"], id="unknown-option"),
        pytest.param(["check", "--format", "xml"], id="unknown-format"),
        pytest.param(["--today", "2025-13-01", "check"], id="impossible-today"),
        pytest.param(["--source", "{missing}", "check"], id="missing-source"),
        pytest.param(["--source", "{file}", "check"], id="source-is-a-file"),
    ],
)
def test_usage_errors_exit_2(args, tmp_path, run_cli):
    a_file = tmp_path / "mentorsite.yml"
    a_file.write_text("title: x\n", encoding="utf-8")
    filled = [a.format(missing=tmp_path / "nowhere", file=a_file) for a in args]
    result = run_cli("--source", tmp_path, *filled) if "--source" not in args else run_cli(*filled)
    assert result.exit_code == 2
    assert "Error:" in result.output
    assert "Traceback" not in result.output


def test_json_is_a_list_of_flat_records(make_repo, run_cli):
    root = make_repo(BROKEN)
    result = run_cli("--source", root, "--today", "2025-06-15", "check", "--format", "json")
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    assert len(rows) == len(BROKEN_CODES)
    for row in rows:
        assert set(row) == {"path", "line", "column", "severity", "code", "message"}
        assert isinstance(row["line"], int) and row["line"] >= 1
        assert isinstance(row["column"], int) and row["column"] >= 1
        assert row["severity"] in ("error", "warning")
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", row["code"])
        assert row["path"] in BROKEN, "paths are relative to the repository root"
        assert row["message"].strip() and "\n" not in row["message"]


def test_json_on_a_clean_repository_is_an_empty_list(make_repo, run_cli, valid_goal):
    root = make_repo({"content/goals/alpha.md": valid_goal})
    result = run_cli("--source", root, "--today", "2025-06-15", "check", "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_text_json_and_github_report_the_same_diagnostics(make_repo, run_cli):
    root = make_repo(BROKEN)
    base = ("--source", root, "--today", "2025-06-15", "check", "--format")
    rows = json.loads(run_cli(*base, "json").stdout)
    text = [TEXT_LINE.match(line) for line in run_cli(*base, "text").stdout.splitlines()]
    github = [ANNOTATION.match(line) for line in run_cli(*base, "github").stdout.splitlines()]
    assert all(text) and all(github)
    as_rows = [(r["path"], r["line"], r["column"], r["severity"], r["code"]) for r in rows]
    assert as_rows == [
        (m["path"], int(m["line"]), int(m["column"]), m["severity"], m["code"]) for m in text if m
    ]
    assert as_rows == [
        (m["file"], int(m["line"]), int(m["col"]), m["severity"], m["title"]) for m in github if m
    ]
    assert [r["message"] for r in rows] == [m["message"] for m in text if m]


def test_github_paths_start_at_the_top_of_the_git_repository(make_repo, run_cli):
    root = make_repo(
        {
            ".git/HEAD": "ref: refs/heads/main\n",
            "sub/content/goals/beta.md": "---\ntitle: t\nstarted: 2025-06-01\nbogus: 1\n---\n",
        }
    )
    result = run_cli(
        "--source", root / "sub", "--today", "2025-06-15", "check", "--format", "github"
    )
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=sub/content/goals/beta.md,line=4,col=1,title=unknown-field::"
        "unknown field 'bogus'"
    ]


def test_github_paths_at_the_git_root_have_no_prefix(make_repo, run_cli):
    root = make_repo(
        {".git/HEAD": "ref: refs/heads/main\n", "content/goals/beta.md": "---\ntitle: t\n---\n"}
    )
    result = run_cli("--source", root, "--today", "2025-06-15", "check", "--format", "github")
    assert result.stdout.startswith("::error file=content/goals/beta.md,line=1,col=1,")


def test_github_escapes_property_and_message_characters(make_repo, run_cli):
    """A ',' in a path and a '%' in a message would otherwise end or corrupt the command."""
    root = make_repo(
        {"content/goals/a,b.md": "---\ntitle: t\nstarted: 2025-06-01\n---\n",
         "mentorsite.yml": "timezone: 100%\n"}
    )
    result = run_cli("--source", root, "--today", "2025-06-15", "check", "--format", "github")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=content/goals/a%2Cb.md,line=1,col=1,")
    assert lines[1].startswith("::error file=mentorsite.yml,line=1,col=11,")
    assert "100%25" in lines[1] and "100%'" not in lines[1]


@pytest.mark.parametrize("color", [False, True], ids=["piped", "terminal"])
def test_github_shows_a_terminal_escape_in_a_file_name_as_text_does(make_repo, run_cli,
                                                                     tmp_path, color):
    """Click strips an ANSI sequence from output that is not a terminal: the annotation of
    ``x\\x1b[31my.md`` named ``xy.md``, a file that does not exist, and in a terminal the
    raw escape turned the rest of the line red. The step summary held the raw escape too."""
    from click.testing import CliRunner

    name = "content/goals/x\x1b[31my.md"
    root = make_repo({name: "---\ntitle: t\nstarted: 2025-06-01\n---\n"})
    summary = tmp_path / "summary.md"
    result = CliRunner().invoke(
        cli, ["--source", str(root), "--today", "2025-06-15", "check", "--format", "github"],
        env={"GITHUB_STEP_SUMMARY": str(summary)}, color=color)
    shown = "content/goals/x\\x1b[31my.md"
    text = run_cli("--source", root, "--today", "2025-06-15", "check").stdout
    assert text.startswith(f"{shown}:1:1: "), "as text shows it"
    assert result.stdout.startswith(f"::error file={shown},line=1,col=1,"), result.stdout
    assert "\x1b" not in result.stdout
    written = summary.read_text("utf-8")
    assert f"`{shown}:1:1`" in written and "\x1b" not in written


def test_step_summary_lists_every_diagnostic(make_repo, run_cli, tmp_path, valid_goal):
    """GitHub shows ten annotations of a kind; the summary table must hold all twelve."""
    vague = "---\ntitle: Vague\nstarted: 2025-06-01\n---\n"
    files = {f"sub/content/goals/vague-{n:02}.md": vague for n in range(12)}
    files |= {".git/HEAD": "ref: refs/heads/main\n", "sub/content/goals/alpha.md": valid_goal}
    root = make_repo(files)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")

    result = run_cli(
        "--source", root / "sub", "--today", "2025-06-15", "check", "--format", "github",
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )

    assert result.exit_code == 0
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("earlier step\n"), "the summary is appended to, never replaced"
    rows = [line for line in written.splitlines() if line.startswith("| `")]
    assert len(rows) == 12
    for n, row in enumerate(rows):
        cells = [cell.strip() for cell in row.strip("|").split(" | ")]
        assert cells[:3] == [
            f"`sub/content/goals/vague-{n:02}.md:1:1`", "warning", "`smart-incomplete`"
        ]
    assert re.search(r"^\|[- |]+\|$", written, re.MULTILINE), "a Markdown table header rule"


def test_step_summary_rows_hold_file_names_with_pipes_backticks_and_line_breaks(
        make_repo, run_cli, tmp_path):
    """The file name is in the row's first cell, as code: a ``|`` in it split the row into
    more cells, a backtick ended the code span, a line break ended the row."""
    names = ["a|b.md", "c`d.md", "e\nf.md"]
    root = make_repo({f"content/goals/{name}": "---\ntitle: t\nstarted: 2025-06-01\n---\n"
                      for name in names})
    summary = tmp_path / "summary.md"
    run_cli("--source", root, "check", "--format", "github",
            env={"GITHUB_STEP_SUMMARY": str(summary)})
    rows = summary.read_text(encoding="utf-8").splitlines()[4:]
    assert len(rows) == 3
    for row in rows:
        assert row.startswith("| `") and row.endswith(" |")
        unescaped = row.replace("\\|", "")
        assert unescaped.count("|") == 5, row
    assert rows[1].startswith("| `` content/goals/c`d.md:1:1 `` |")


def test_step_summary_messages_show_the_pairs_words_as_typed(make_repo, run_cli, tmp_path):
    """A message quotes the pair's words (a next step's task): its *, _, [ ] and < > showed
    as emphasis, a link and HTML in the summary."""
    from markdown_it import MarkdownIt

    task = "*urgent* _fix_ [the](https://e.example) <b>build</b> ~~now~~"
    root = make_repo({"content/checkins/2025-06-10.md":
                      f"---\nnext:\n  - {{task: '{task}', due: 2025-06-12}}\n---\n"})
    summary = tmp_path / "summary.md"
    run_cli("--source", root, "--today", "2025-06-15", "check", "--format", "github",
            env={"GITHUB_STEP_SUMMARY": str(summary)})
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(
        summary.read_text(encoding="utf-8"))
    cells = [token for token in tokens if token.type == "inline"]
    message = cells[-1]  # the last row's last cell
    assert [child.type for child in message.children or []] == ["text"]
    assert message.children[0].content == f"next step '{task}' was due 2025-06-12"


def test_no_step_summary_outside_github_format(make_repo, run_cli, tmp_path):
    summary = tmp_path / "summary.md"
    root = make_repo({"content/goals/beta.md": "---\n---\n"})
    run_cli("--source", root, "check", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert not summary.exists()


def test_diagnostics_are_sorted_by_path_then_line(make_repo, run_cli):
    root = make_repo(
        {
            "mentorsite.yml": "titel: x\n",
            "content/goals/zeta.md": "---\ntitle: t\nstarted: 2025-06-01\n"
            + "".join(f"x{n}: 1\n" for n in range(8))  # unknown fields on lines 4-11
            + "---\n",
            "content/checkins/2025-06-10.md": "---\ngoals:\n  nowhere: {}\n---\n",
            "content/goals/alpha.md": "---\ntitle: t\nstatus: activ\nstarted: 2025-06-01\n---\n",
        }
    )
    result = run_cli("--source", root, "--today", "2025-06-15", "check")
    where = [line.split(": ", 1)[0] for line in result.stdout.splitlines()]
    assert where == [
        "content/checkins/2025-06-10.md:3:3",
        "content/goals/alpha.md:3:9",
        *(f"content/goals/zeta.md:{n}:1" for n in range(4, 12)),  # 10 after 9, not after 1
        "mentorsite.yml:1:1",
    ]


def test_python_dash_m_works_like_the_console_script(make_repo):
    version = subprocess.run(
        [sys.executable, "-m", "mentorsite", "--version"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert version.returncode == 0, version.stderr
    assert mentorsite.__version__ in version.stdout

    root = make_repo({"content/goals/beta.md": "---\ntitle: t\nstarted: 2025-06-01\nx: 1\n---\n"})
    checked = subprocess.run(
        [sys.executable, "-m", "mentorsite", "--source", str(root), "--today", "2025-06-15",
         "check"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert checked.returncode == 1
    assert checked.stdout == "content/goals/beta.md:4:1: error: unknown field 'x' [unknown-field]\n"


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            paths += _command_paths(command, (*prefix, name))
        else:
            paths.append((*prefix, name))
    return paths


@pytest.mark.parametrize(
    "path", _command_paths(cli), ids=lambda p: " ".join(p) or "mentorsite"
)
def test_help_on_every_command(path, run_cli):
    result = run_cli(*path, "--help")
    assert result.exit_code == 0
    usage = result.output.splitlines()[0].split()
    assert usage[0] == "Usage:"
    assert usage[2 : 2 + len(path)] == list(path)  # after the program name
    assert "[[" not in result.output  # an optional choice is named, not "[[a|b|c]]"
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "path", _command_paths(cli), ids=lambda p: " ".join(p) or "mentorsite"
)
def test_every_option_says_what_it_is_for(path):
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    silent = [param.name for param in command.params
              if isinstance(param, click.Option) and not param.help]
    assert silent == []


def test_check_and_schema_are_commands():
    """The help test above walks the commands; make sure it has the ones this suite is about."""
    assert {"check", "schema"} <= set(cli.commands)


def test_starting_the_cli_loads_no_command_it_is_not_running():
    """Commands run at every save and in CI: starting the command line loads no model, no
    template engine and no Markdown parser, and no command's machinery until it runs; nor,
    for ``--version`` and ``--help``, the reading of content (YAML, git history, the build
    cache), a third of the time ``--version`` took."""
    shown = subprocess.run(
        [sys.executable, "-c", "import sys, mentorsite.cli.main; print(' '.join(sys.modules))"],
        check=True, capture_output=True, text=True,
    ).stdout.split()
    loaded = {name.split(".")[0] if not name.startswith("mentorsite.") else name
              for name in shown}
    assert "mentorsite.cli.authoring" in loaded
    unneeded = {"mentorsite.build", "mentorsite.model.entries", "mentorsite.model.project",
                "mentorsite.serve.server", "mentorsite.programme.build",
                "mentorsite.authoring.scaffold", "mentorsite.authoring.new_entry",
                "mentorsite.reports.report", "mentorsite.reports.review",
                "mentorsite.reports.review_entries", "mentorsite.reports.review_formats",
                "mentorsite.reports.status", "watchdog", "pydantic", "jinja2", "markdown_it",
                "mentorsite.output.build_cache", "mentorsite.output.folder",
                "mentorsite.read.load", "mentorsite.history.repository", "yaml"}
    assert not loaded & unneeded


@pytest.mark.parametrize("command", [["check"], ["status"]])
def test_check_and_status_load_nothing_that_forks(tmp_path, command):
    """``check`` on every save, and ``status``, fork nothing: they load neither the workers
    nor the read-ahead (``multiprocessing``, ``concurrent.futures``, ``ctypes``), which they
    loaded for holding stops and for an annotation, nor the pages' history module, which
    ``check`` needs only to word a sparse checkout's warning, nor the history's parsing, mail
    map and commits, which it loaded to ask git whether the checkout is sparse. ``status``,
    which tells the content's errors alone, neither lints nor loads the Markdown parser."""
    (tmp_path / "content/goals").mkdir(parents=True)
    (tmp_path / "content/goals/a.md").write_text("---\ntitle: A\nstatus: active\n---\n")
    program = ("import sys\nfrom mentorsite.cli.main import cli\n"
               f"try:\n    cli(['--source', {str(tmp_path)!r}, *{command!r}])\n"
               "except SystemExit:\n    pass\n"
               "print(' '.join(sys.modules), file=sys.stderr)\n")
    loaded = _modules_after(program)
    # What the libraries check runs on load of their own is theirs, not ours: pydantic-core
    # 2.46 loads asyncio, and with it concurrent.futures
    theirs = _modules_after("import sys, click, pydantic, yaml\n"
                            "print(' '.join(sys.modules), file=sys.stderr)\n")
    assert "mentorsite.model.project" in loaded
    if command == ["status"]:  # which tells the errors alone, not lint's warnings
        assert not loaded & {"mentorsite.model.lint", "markdown_it"}
    assert not loaded & {"mentorsite.workers", "mentorsite.read.ahead",
                         "mentorsite.pages.history", "jinja2", "mentorsite.history.repository",
                         "mentorsite.history.parse", "mentorsite.history.mailmap",
                         "mentorsite.history.commits"}
    assert not (loaded - theirs) & {"multiprocessing", "concurrent", "ctypes"}


def test_check_builds_the_validators_of_what_it_validates_only(tmp_path):
    """``check`` validates the settings and the fields of each kind of entry it finds, and makes
    the entries and their parts without validating them again: pydantic built a validator for
    every model class at import, a sixtieth of the command's work; now only for those."""
    (tmp_path / "content/goals").mkdir(parents=True)
    (tmp_path / "content/goals/a.md").write_text(
        "---\ntitle: A\nstarted: 2026-01-01\nmetrics:\n- {id: m, label: M, target: 3}\n"
        "milestones:\n- title: B\n---\n")
    program = ("import sys, pydantic\nfrom mentorsite.cli.main import cli\n"
               f"try:\n    cli(['--source', {str(tmp_path)!r}, 'check'])\n"
               "except SystemExit:\n    pass\n"
               "from mentorsite.model import entries\n"
               "print(' '.join(name for name, made in vars(entries).items()\n"
               "               if type(made) is type(pydantic.BaseModel)\n"  # not list[str]
               "               and made.__pydantic_complete__), file=sys.stderr)\n")
    built = _modules_after(program)
    assert built == {"GoalFields", "Settings"}  # a mentorship of goals alone


def test_check_compiles_neither_heading_ids_nor_greek_spellings(tmp_path):
    """``check`` gives no heading an id and spells no title for a file name, so it compiles
    neither pattern, which it did at import on every save: the heading ids' (1.4 ms, the
    costliest of the package's) and the Greek and Armenian pairs of letters."""
    (tmp_path / "content/goals").mkdir(parents=True)
    (tmp_path / "content/goals/a.md").write_text(
        "---\ntitle: Αυγή\nstatus: active\n---\n## Ευχή\n\nText [link](#ευχή).\n")
    program = ("import json, re, sys\ncompiled = []\nplain = re._compile\n"
               "def spy(pattern, flags):\n"
               "    compiled.append(str(pattern))\n    return plain(pattern, flags)\n"
               "re._compile = spy\nfrom mentorsite.cli.main import cli\n"
               f"try:\n    cli(['--source', {str(tmp_path)!r}, 'check'])\n"
               "except SystemExit:\n    pass\n"
               "print(json.dumps(compiled), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          check=True)
    compiled = set(json.loads(done.stderr.splitlines()[-1]))
    assert len(compiled) > 50  # the spy saw the package's patterns
    assert not compiled & {r"[^\w\u4e00-\u9fff\- ]", "\u03b3(?=[\u03b3\u03be\u03c7])", r"(?<!\w)ե"}


def _modules_after(program: str) -> set[str]:
    """The modules loaded once ``program`` has run in a new interpreter, as it prints them
    last on standard error."""
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          check=True)
    return set(done.stderr.splitlines()[-1].split())


def _main_in_a_process(*args: str) -> subprocess.CompletedProcess[str]:
    """``mentorsite ARGS`` through the console entry point, with an exit handler registered
    first that says whether the interpreter's teardown ran."""
    program = ("import atexit, sys\n"
               "atexit.register(lambda: print('TORN DOWN', file=sys.stderr))\n"
               "from mentorsite.cli.main import main\n"
               f"sys.argv = ['mentorsite', *{list(args)!r}]\n"
               "main()\n")
    return subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)


def test_the_console_command_leaves_without_the_interpreters_teardown(tmp_path):
    """Freeing a large site's objects one by one at exit took a tenth of a second; the process
    leaves at once instead, with what it printed flushed and its exit status kept."""
    done = _main_in_a_process("--version")
    assert (done.returncode, done.stdout) == (0, f"mentorsite, version {mentorsite.__version__}\n")
    assert "TORN DOWN" not in done.stderr
    (tmp_path / "content/goals").mkdir(parents=True)
    (tmp_path / "content/goals/a.md").write_text("---\ntitle: A\nstatus: sideways\n---\n")
    failed = _main_in_a_process("--source", str(tmp_path), "check")
    assert failed.returncode == 1
    assert "content/goals/a.md:3:9: error:" in failed.stdout + failed.stderr
    assert _main_in_a_process("check", "--no-such-option").returncode == 2


def test_blank_names_and_prompts_in_the_settings_are_errors(make_repo, check_json):
    """A blank reflection prompt could never be matched by a heading (every reflection was
    warned about it, and ``new reflection`` wrote an empty heading); a blank title or
    mentor showed as nothing."""
    root = make_repo({"mentorsite.yml": 'title: " "\nmentors: [Jo, ""]\n'
                                        'reflection_prompts: [What happened, "  "]\n'})
    code, rows = check_json(root)
    assert code == 1
    assert [(r["line"], r["column"], r["code"]) for r in rows if r["severity"] == "error"] == [
        (1, 8, "invalid-value"), (2, 15, "invalid-value"), (3, 37, "invalid-value"),
    ]


def test_blank_texts_in_the_content_are_errors(make_repo, check_json):
    """A goal titled "" was a link with no words on the dashboard and an empty heading on its
    page; a blank win, milestone or task an empty item. Each text that is there must say
    something, in every kind, and every one is named in one run; ``note:`` left empty is
    still no note at all."""
    root = make_repo({
        "content/goals/g.md": (
            '---\ntitle: " "\nstarted: 2025-06-01\noutcomes: [Faster reviews, ""]\n'
            'metrics:\n  - {id: m, label: "\t", target: 3}\n'
            'milestones:\n  - {title: "", due: 2025-07-01}\n'
            'contingency:\n  - {if: " ", then: pair up}\n---\n'),
        "content/checkins/2025-06-02.md": (
            '---\ngoals:\n  g: {status: on-track, note: ""}\nwins: [" "]\n'
            'next:\n  - {task: "  ", owner: Priya}\n---\n'),
        "content/checkins/2025-06-09.md": "---\ngoals:\n  g:\n    note:\n---\n",
        "content/reflections/2025-06-03-r.md": '---\ntitle: ""\nmilestone: " "\n---\n',
        "content/evidence/2025-06-04-e.md": '---\ntitle: Praise\nsource: " "\n---\n',
    })
    code, rows = check_json(root)
    assert code == 1
    blank = [(r["path"], r["line"], r["column"]) for r in rows
             if r["message"].endswith("must not be blank")]
    assert blank == [
        ("content/checkins/2025-06-02.md", 3, 31),
        ("content/checkins/2025-06-02.md", 4, 8),
        ("content/checkins/2025-06-02.md", 6, 12),
        ("content/evidence/2025-06-04-e.md", 3, 9),
        ("content/goals/g.md", 2, 8),
        ("content/goals/g.md", 4, 28),
        ("content/goals/g.md", 6, 20),
        ("content/goals/g.md", 8, 13),
        ("content/goals/g.md", 10, 10),
        ("content/reflections/2025-06-03-r.md", 2, 8),
        ("content/reflections/2025-06-03-r.md", 3, 12),
    ]
    assert all(r["code"] == "invalid-value" for r in rows if r["message"].endswith("blank"))


@pytest.mark.parametrize("value", ["20250615", "2025-W24-7", "2025-06-15T00:00"])
def test_date_options_take_only_yyyy_mm_dd(make_repo, run_cli, value):
    """``--today`` and the other date options say YYYY-MM-DD, as the files do; Python's
    reader also took a basic or a week date, so ``--today 2025-W24-7`` was 15 June."""
    root = make_repo({"mentorsite.yml": "title: T\n"})
    result = run_cli("--source", root, "--today", value, "check")
    assert result.exit_code == 2
    assert "is not a date YYYY-MM-DD" in result.output


@pytest.mark.parametrize(("value", "said"), [
    ("06/15/2025", "'06/15/2025' is not a date YYYY-MM-DD (did you mean 2025-06-15?)"),
    ("3.6.2025", "'3.6.2025' is not a date YYYY-MM-DD (did you mean 2025-06-03 or 2025-03-06?)"),
    ("2025-02-30", "'2025-02-30' is not a real date"),
    ("June 15, 2025", "'June 15, 2025' is not a date YYYY-MM-DD (did you mean 2025-06-15?)"),
])
def test_a_date_option_written_otherwise_gets_a_hint(make_repo, run_cli, value, said):
    root = make_repo({"mentorsite.yml": "title: T\n"})
    for args in (("--today", value, "check"), ("report", "--since", value)):
        result = run_cli("--source", root, *args)
        assert result.exit_code == 2
        assert said in result.output


def test_a_bad_date_in_the_environment_is_named_by_its_variable(make_repo, run_cli):
    """``MENTORSITE_TODAY`` stands in for ``--today``: a user who never typed the flag is told
    where the value came from."""
    root = make_repo({"mentorsite.yml": "title: T\n"})
    result = run_cli("--source", root, "check", env={"MENTORSITE_TODAY": "next week"})
    assert result.exit_code == 2
    assert "'next week', as MENTORSITE_TODAY says, is not a date YYYY-MM-DD" in result.output
    typed = run_cli("--source", root, "--today", "next week", "check")
    assert "'next week' is not a date YYYY-MM-DD" in typed.output


def _leaf_commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command that runs, as the words that name it (``("new", "goal")``)."""
    found: list[tuple[str, ...]] = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _leaf_commands(command, (*path, name))
        else:
            found.append((*path, name))
    return found


LEAVES = _leaf_commands(cli)
TITLED = {("new", "goal"), ("new", "reflection"), ("new", "evidence")}


@pytest.mark.parametrize("words", LEAVES, ids=" ".join)
def test_a_bad_day_in_the_environment_still_lets_the_help_show(make_repo, run_cli, monkeypatch,
                                                                words):
    """Click ran the group's --today callback before a command's own --help:
    ``MENTORSITE_TODAY=bad mentorsite check --help`` exited 2 with no help. A run of the
    command is still the usage error, naming the variable, before it does anything."""
    import mentorsite.serve.server

    def no_serving(*_args: object) -> None:
        pytest.fail("serve started with no day")

    monkeypatch.setattr(mentorsite.serve.server, "serve", no_serving)
    root = make_repo({"mentorsite.yml": "title: T\n"})
    monkeypatch.chdir(root)
    env = {"MENTORSITE_TODAY": "next week"}
    helped = run_cli("--source", root, *words, "--help", env=env)
    assert helped.exit_code == 0, helped.output
    assert helped.stdout.startswith("Usage: ")  # CliRunner names the program "cli"
    assert f" {' '.join(words)} [OPTIONS]" in helped.stdout.splitlines()[0]
    title = ("A title",) if words in TITLED else ()
    ran = run_cli("--source", root, *words, *title, env=env)
    assert ran.exit_code == 2, ran.output
    assert "'next week', as MENTORSITE_TODAY says, is not a date YYYY-MM-DD" in ran.stderr
    assert sorted(p.name for p in root.iterdir()) == ["mentorsite.yml"], "nothing is written"


def test_a_failed_build_says_how_many_problems_in_how_many_files(make_repo, run_cli, valid_goal):
    root = make_repo({
        "content/goals/alpha.md": valid_goal,
        "content/goals/vague.md": "---\ntitle: Be better\nstarted: 2025-06-01\n---\n",
        "content/checkins/2025-06-10.md": "---\ngoals:\n  nowhere: {}\nwins: one\n---\n",
    })
    args = ("--source", root, "--today", "2025-06-15", "build", "--out", root / "_site")
    failed = run_cli(*args)
    assert failed.exit_code == 1
    assert failed.stderr.endswith("Error: build failed: 2 errors and 1 warning in 2 files; "
                                  "the previous site is unchanged\n")
    (root / "content/checkins/2025-06-10.md").unlink()
    strict = run_cli(*args, "--strict")
    assert strict.stderr.endswith("Error: build failed: 1 warning in 1 file, and --strict fails "
                                  "on warnings; the previous site is unchanged\n")
    assert run_cli(*args).exit_code == 0


@pytest.mark.parametrize("group", [[], ["new"], ["programme"]])
def test_every_command_is_described_whole_in_the_help(group):
    """Click cuts a command's first line to fit 80 columns: "on errors keep the...", "its
    metrics..." read as half a sentence."""
    from click.testing import CliRunner

    from mentorsite.cli.main import cli

    result = CliRunner().invoke(cli, [*group, "--help"], terminal_width=80)
    assert result.exit_code == 0
    listed = result.output.split("Commands:\n", 1)[1].splitlines()
    assert listed and all(not line.rstrip().endswith("...") for line in listed), listed


@pytest.mark.parametrize("where", ["folder", "missing/summary.md"])
def test_an_unwritable_step_summary_is_one_warning_and_keeps_the_exit_status(
        make_repo, run_cli, tmp_path, where):
    """GITHUB_STEP_SUMMARY naming a folder or a file in a missing folder gave a traceback."""
    (tmp_path / "folder").mkdir()
    root = make_repo({"content/goals/beta.md": "---\ntitle: [\n---\n"})
    result = run_cli("--source", root, "check", "--format", "github",
                     env={"GITHUB_STEP_SUMMARY": str(tmp_path / where)})
    assert result.exit_code == 1
    assert "::error file=content/goals/beta.md" in result.stdout
    assert "Traceback" not in result.output
    assert f"warning: cannot add the table to the step summary {tmp_path / where}" in (
        result.stderr)
