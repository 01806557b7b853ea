"""Shared fixtures: a repository builder, an in-process CLI runner and a valid goal to start from.

Tests build the smallest repository that shows one behaviour (``make_repo``), run the real
Click app on it (``run_cli``) and read ``check --format json`` back (``check_json``). Every
check runs as of a pinned day, so nothing depends on the calendar.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import subprocess
import sys
import traceback
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from mentorsite.cli.main import cli
from mentorsite.model.insights import insights
from mentorsite.model.project import Project, read_project
from mentorsite.model.publish import published
from mentorsite.pages.page import Page
from mentorsite.pages.site import site_pages

TODAY = "2025-06-15"
"""The day every check in the suite is judged as of, unless a test says otherwise."""

VALID_GOAL = """\
---
title: Ship the first release
started: 2025-06-01
due: 2025-12-31
why: A release is the proof that the plan works.
success: The release is tagged and announced.
metrics:
  - id: speed
    label: Features shipped
    baseline: 0
    target: 10
---

A goal with every SMART part, started shortly before TODAY and due well after it.
"""
"""A goal that is valid and raises no warning as of :data:`TODAY`, with one metric ``speed``."""

Files = Mapping[str, str | bytes]

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"

settings.register_profile("mentorsite", deadline=None)
settings.load_profile("mentorsite")
"""Property tests assert behaviour, never time: Hypothesis' default 200 ms deadline per example
failed a chart property on a busy machine (518 ms), which said nothing of the chart."""


def pytest_configure(config: pytest.Config) -> None:
    """Ctrl-C and hang-ups get their usual handling back when whoever started the tests
    ignored them (a script's background job ignores SIGINT, ``nohup`` SIGHUP): every command
    the tests start would ignore them too, as it should, and the tests of stopping would
    fail."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if hasattr(signal, "SIGHUP") and signal.getsignal(signal.SIGHUP) == signal.SIG_IGN:
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
"""The benchmark scripts: not a package, as they import each other by their bare names."""


@pytest.fixture
def bench_script(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], ModuleType]:
    """Import a script of ``benchmarks/`` by name (``bench_script("run")``), with that folder on
    the path for the test, as Python has it when it runs the script."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    return importlib.import_module


@pytest.fixture(autouse=True)
def _no_ambient_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the caller's environment out of the tests: no pinned day, no GitHub step summary,
    no pull request's base branch."""
    for name in ("MENTORSITE_TODAY", "GITHUB_STEP_SUMMARY", "GITHUB_BASE_REF"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[[Files], Path]:
    """Build a repository from ``{relpath: text or bytes}`` and return its root.

    Text is written byte for byte as UTF-8 (no newline translation), so a test can write CRLF
    files; bytes are written as given. Each call makes a fresh root under ``tmp_path``.
    """
    count = 0

    def build(files: Files) -> Path:
        nonlocal count
        count += 1
        root = tmp_path / f"repo{count}"
        root.mkdir()
        for relpath, content in files.items():
            path = root / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else content
            path.write_bytes(data)
        return root

    return build


@pytest.fixture
def valid_goal() -> str:
    """The text of a SMART goal that gives no diagnostic as of ``TODAY`` (see VALID_GOAL)."""
    return VALID_GOAL


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """Invoke ``mentorsite`` in-process: ``run_cli("--source", root, "check")``.

    ``env`` sets environment variables for the call. An exception other than the
    ``SystemExit`` Click uses for exit statuses fails the test with its traceback, so a crash
    is never mistaken for an exit status.
    """

    def run(*args: Any, env: Mapping[str, str] | None = None) -> Result:
        result = CliRunner().invoke(cli, [str(arg) for arg in args], env=env)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            assert result.exc_info is not None
            shown = "".join(traceback.format_exception(*result.exc_info))
            pytest.fail(f"mentorsite {' '.join(map(str, args))} crashed:\n{shown}")
        return result

    return run


@pytest.fixture
def check_json(run_cli: Callable[..., Result]) -> Callable[..., tuple[int, list[dict[str, Any]]]]:
    """Run ``check --format json`` on a root as of ``TODAY``; return (exit code, diagnostics)."""

    def check(root: Path, *extra: str, today: str = TODAY) -> tuple[int, list[dict[str, Any]]]:
        result = run_cli("--source", root, "--today", today, "check", "--format", "json", *extra)
        assert result.exit_code in (0, 1), result.output
        return result.exit_code, json.loads(result.stdout)

    return check


def _brief(rows: list[dict[str, Any]]) -> list[str]:
    return [f"{d['path']}:{d['line']}:{d['column']}: {d['severity']} [{d['code']}]" for d in rows]


@pytest.fixture
def brief() -> Callable[[list[dict[str, Any]]], list[str]]:
    """Turn JSON diagnostics into ``path:line:column: severity [code]`` strings, in order."""
    return _brief


class Repo:
    """A git repository with pinned dates, driven through the git CLI."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.clock = 0
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        (root / "mentorsite.yml").write_text("title: T\ncadence: monthly\n")

    def git(self, *args: str, message: bytes | None = None) -> str:
        self.clock += 1
        stamp = f"2025-01-{self.clock:02d}T12:00:00+00:00"
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "Priya", "GIT_AUTHOR_EMAIL": "p@example.org",
            "GIT_COMMITTER_NAME": "Priya", "GIT_COMMITTER_EMAIL": "p@example.org",
            "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp,
        }
        result = subprocess.run(
            ["git", *args], cwd=self.root, env=env, input=message, capture_output=True,
            check=True,
        )
        return result.stdout.decode()

    def write(self, relpath: str, text: str) -> None:
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str, *extra: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, *extra)
        return self.git("rev-parse", "HEAD").strip()


DEMO_DAY = date(2025, 12, 28)
"""The day the demo site's pages are made as of, for tests that render them."""


@pytest.fixture(scope="module")
def demo_pages() -> list[Page]:
    """The demo site's pages (without history), as of :data:`DEMO_DAY`."""
    project = read_project(Path(__file__).resolve().parents[1], DEMO_DAY)
    return site_pages(insights(published(project.model), DEMO_DAY), None)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site built from the project's own content/, with its history, as of
    :data:`DEMO_DAY` (for the browser's checks: copy it before changing it)."""
    from mentorsite.build import build

    out = tmp_path_factory.mktemp("demo") / "_site"
    build(Path(__file__).resolve().parents[1], out, today=DEMO_DAY)
    return out


@pytest.fixture
def markdown_renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every body markdown-it really renders from here on (in this process)."""
    from mentorsite.markdown import engine as markdown

    rendered: list[str] = []
    real = markdown.render

    def render(text: str) -> str:
        rendered.append(text)
        return real(text)

    monkeypatch.setattr(markdown, "render", render)
    return rendered


@pytest.fixture
def read_valid(make_repo: Callable[[Files], Path]) -> Callable[[Files], Project]:
    """The project of a repository holding ``files``, read as of ``TODAY``: it must have no
    errors."""

    def read(files: Files) -> Project:
        project = read_project(make_repo(files), date.fromisoformat(TODAY))
        assert not project.diagnostics.errors, project.diagnostics.sorted()
        return project

    return read


def build_in_a_fresh_interpreter(patch: str, source: Path, out: Path
                                 ) -> subprocess.CompletedProcess[str]:
    """``mentorsite build`` of ``source`` into ``out`` (as of 2025-03-01) in a new interpreter,
    after the Python ``patch`` has run there (``sys`` is imported): what the command does
    before its first thread, and what its forked processes hold, is seen as it really is."""
    program = (
        "import sys\n" + patch + "from mentorsite.cli.main import main\n"
        f"sys.argv = ['mentorsite', '--source', {str(source)!r}, '--today', '2025-03-01',"
        f" 'build', '--out', {str(out)!r}]\n"
        "main()\n"
    )
    return subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          check=False)


def markdown_reads(markdown: str) -> str:
    """The text a reader of rendered Markdown sees (GitHub's flavour: tables, strikethrough),
    where it holds no markup but bold: what report and review write around the pair's words."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(markdown)
    inline = [child for token in tokens if token.type == "inline"
              for child in token.children or []]
    ours = ("text", "softbreak", "strong_open", "strong_close")  # their own bold
    assert [t.type for t in inline if t.type not in ours] == []
    return "\n".join(t.content for t in inline if t.type == "text")


def assert_nu_html_valid(folder: Path) -> None:
    """Every page below ``folder`` passes the Nu Html Checker (npm's vnu-jar, run with java),
    errors only. Skipped where either is missing, but never in CI, whose .ci/run installs
    both."""
    import shutil

    root = shutil.which("npm") and subprocess.run(
        ["npm", "root", "-g"], capture_output=True, text=True, check=False
    ).stdout.strip()
    jar = Path(root or "/nonexistent") / "vnu-jar/build/dist/vnu.jar"
    if not (jar.is_file() and shutil.which("java")):
        if os.environ.get("CI"):
            pytest.fail("vnu-jar and java must be installed in CI (see .ci/run)")
        pytest.skip("the Nu Html Checker (npm vnu-jar) or java is not installed")
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--skip-non-html", str(folder)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr[:4000]
