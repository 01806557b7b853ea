"""Output never fails on a character it cannot encode.

A file whose name is not UTF-8 (made on another system, or by a tool that wrote raw bytes) is a
misnamed file like any other: reported, never a crash. Python hands such a name over with each
bad byte as a lone surrogate (``os.fsdecode``), which no UTF-8 text can hold: ``build`` raised
UnicodeEncodeError while it looked at its inputs, and ``check`` did once it printed the name to
a terminal whose encoding is strict UTF-8 (as with ``LANG=en_US.UTF-8``; Python is lenient
only under the C locale).

Output in a legacy code page (redirected on Windows, a locale that is not UTF-8) cannot hold a
report's arrows or a status's bars: the commands raised UnicodeEncodeError once their work was
done.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorsite.diagnostic_formats import as_json, as_text
from mentorsite.diagnostics import Diagnostic, Severity
from tests.conftest import DEMO_DAY, Repo

NAME = b"2025-02-06-\xff\xfe.md"
SHOWN = "2025-02-06-\\xff\\xfe.md"


@pytest.fixture
def root(make_repo, valid_goal: str) -> Path:
    made = make_repo({"content/goals/speak.md": valid_goal})
    write_named(made / "content" / "checkins", NAME, b"---\ndate: 2025-02-06\n---\nNotes.\n")
    return made


def write_named(folder: Path, name: bytes, data: bytes) -> None:
    """Write ``data`` to the file ``name`` (bytes that are not UTF-8) in ``folder``; skip the
    test where the file system refuses such a name."""
    os.makedirs(folder, exist_ok=True)
    try:
        with open(os.fsencode(folder) + b"/" + name, "wb") as handle:
            handle.write(data)
    except OSError as refused:  # only a file system that takes UTF-8 names alone (APFS)
        if refused.errno != errno.EILSEQ:
            raise
        pytest.skip("this file system refuses names that are not UTF-8")


def _mentorsite(root: Path, *args: str, env: dict[str, str] | None = None,
                encoding: str = "utf-8", today: str = "2025-03-01"
                ) -> subprocess.CompletedProcess[str]:
    """The command in its own interpreter, printing through a strict ``encoding`` stream."""
    return subprocess.run(
        [sys.executable, "-m", "mentorsite", "--source", str(root), "--today", today, *args],
        capture_output=True, text=True, encoding=encoding, check=False,
        env={**os.environ, "PYTHONIOENCODING": f"{encoding}:strict", **(env or {})},
    )


def test_check_shows_each_byte_that_is_not_utf8(root: Path) -> None:
    result = _mentorsite(root, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert (f"content/checkins/{SHOWN}:1:1: error: file name '{SHOWN}' does not fit"
            in result.stdout + result.stderr)


def test_check_json_gives_back_the_files_name(root: Path) -> None:
    result = _mentorsite(root, "check", "--format", "json")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    [found] = [d for d in json.loads(result.stdout) if d["code"] == "invalid-file-name"]
    assert os.fsencode(found["path"]) == b"content/checkins/" + NAME
    assert (root / found["path"]).is_file()


def test_github_annotations_and_the_step_summary_show_the_bytes(root: Path,
                                                                 tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    result = _mentorsite(root, "check", "--format", "github",
                         env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"::error file=content/checkins/{SHOWN},line=1,col=1," in result.stdout
    assert f"`content/checkins/{SHOWN}:1:1`" in summary.read_text(encoding="utf-8")


def test_build_reports_it_and_keeps_the_last_site(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the last site")
    result = _mentorsite(root, "build", "--out", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"file name '{SHOWN}' does not fit" in result.stderr
    assert (out / "index.html").read_text() == "the last site"


def test_a_theme_file_whose_name_is_not_utf8_is_refused_before_the_build(
        make_repo, valid_goal: str, tmp_path: Path) -> None:
    """A theme file named in Latin-1 (``café.png`` from an old archive) stopped the build
    with a UnicodeEncodeError traceback as it listed the files it wrote, and check said
    nothing. No UTF-8 page can name it, and macOS cannot hold it: it is an invalid-file-name
    at its path, and the build stops before it touches the last site."""
    root = make_repo({"mentorsite.yml": "theme: ours\n", "content/goals/speak.md": valid_goal,
                      "themes/ours/static/logo.png": "a"})
    out = tmp_path / "site"
    assert _mentorsite(root, "build", "--out", str(out)).returncode == 0
    write_named(root / "themes/ours/static", b"caf\xe9.png", b"b")
    result = _mentorsite(root, "check", "--format", "json")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert [(os.fsencode(row["path"]), row["code"], row["message"])
            for row in json.loads(result.stdout)] == [
        (b"themes/ours/static/caf\xe9.png", "invalid-file-name",
         "its name is not UTF-8 (byte 0xe9): no page can link to it, and macOS cannot hold "
         "it; rename it")]
    result = _mentorsite(root, "build", "--out", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "themes/ours/static/caf\\xe9.png:1:1: error:" in result.stderr
    assert (out / "static/logo.png").read_text() == "a"


def test_a_utf8_theme_file_name_builds_again_under_an_ascii_locale(
        make_repo, valid_goal: str, tmp_path: Path) -> None:
    """Under ``LC_ALL=C`` with ``PYTHONUTF8=0`` Python reads file names as ASCII, holding each
    other byte as a lone surrogate: the build stopped with a UnicodeEncodeError traceback as
    it listed ``static/стиль.css`` in its output's marker. Listed as the file system names it,
    the name reads back as the next build finds it, so that build replaces the site rather
    than refusing it for holding a file no build wrote."""
    root = make_repo({"mentorsite.yml": "theme: ours\n", "content/goals/speak.md": valid_goal,
                      "themes/ours/static/стиль.css": "a"})
    ascii_locale = {name: value for name, value in os.environ.items()
                    if not name.startswith(("LC_", "LANG"))}
    ascii_locale.update(LC_ALL="C", PYTHONUTF8="0", PYTHONIOENCODING="utf-8")
    out = tmp_path / "site"
    for edit in ("first", "second"):
        (root / "content/goals/speak.md").write_text(f"{valid_goal}\n{edit}\n", encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "mentorsite", "--source", str(root), "--today", "2025-03-01",
             "build", "--out", str(out)],
            capture_output=True, text=True, encoding="utf-8", env=ascii_locale, check=False)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert (out / "static/стиль.css").read_text(encoding="utf-8") == "a"


@pytest.mark.parametrize("command, shown", [
    (["status"], "#####"),  # the progress bars, drawn in ASCII where blocks cannot be
    (["report"], "\\u2192"),  # "start → end"
])
def test_a_legacy_code_page_shows_what_it_lacks_in_what_it_has(
        command: list[str], shown: str) -> None:
    demo = Path(__file__).resolve().parents[1]
    result = _mentorsite(demo, *command, encoding="cp1252", today=DEMO_DAY.isoformat())
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert shown in result.stdout


_NAMES = st.lists(st.one_of(  # not st.text, which merges the two alphabets' rules into one
    st.characters(exclude_categories=("Cs",)),  # any character a UTF-8 name can hold
    st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF,  # a byte that was not UTF-8
                  exclude_categories=()),
)).map("".join)


@given(path=_NAMES, message=_NAMES)
def test_any_name_goes_out_as_utf8_json_that_reads_back_the_same(path: str, message: str
                                                                  ) -> None:
    found = Diagnostic(path, 1, 1, Severity.ERROR, "invalid-file-name", message)
    text = as_json([found])
    text.encode("utf-8")  # strict: what any UTF-8 output can take
    assert json.loads(text) == [{"path": path, "line": 1, "column": 1, "severity": "error",
                                 "code": "invalid-file-name", "message": message}]
    as_text([found]).encode("utf-8")


def test_new_names_a_broken_goal_by_the_bytes_of_its_name(make_repo, valid_goal: str) -> None:
    """``new checkin``'s note about a goal file it could not read printed the name's bad
    byte as Python holds it (``\\udcff``), not as every other output shows it."""
    root = make_repo({"content/goals/speak.md": valid_goal})
    write_named(root / "content" / "goals", b"bad\xffname.md", valid_goal.encode())
    result = _mentorsite(root, "new", "checkin")
    assert result.returncode == 0, result.stderr
    assert "note: content/goals/bad\\xffname.md has errors" in result.stderr
    assert "udcff" not in result.stderr


@pytest.mark.parametrize("command", [
    ["check", "--format", "json"],
    ["status", "--format", "json"],
    ["report", "--format", "json"],
])
def test_json_in_a_legacy_code_page_reads_back_with_a_character_it_lacks(
        make_repo, command: list[str]) -> None:
    """cp1252 (output redirected on Windows) has no emoji: Python wrote its escape,
    ``\\U0001f680``, which is no JSON escape, and the document did not parse."""
    root = make_repo({
        "content/goals/ship.md": '---\ntitle: "Ship 🚀 → now"\nstarted: 2025-01-01\n---\n',
        "content/goals/🚀.md": "---\ntitle: Misnamed\nstarted: 2025-01-01\n---\n",
    })
    result = _mentorsite(root, *command, encoding="cp1252")
    assert "Traceback" not in result.stderr, result.stderr
    assert "🚀" in json.dumps(json.loads(result.stdout), ensure_ascii=False)


def test_review_json_in_a_legacy_code_page_reads_back(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.commit("start")
    repo.write("content/goals/ship.md", '---\ntitle: "Ship 🚀"\nstarted: 2025-01-01\n---\n')
    result = _mentorsite(repo.root, "review", "--base", "HEAD", "--format", "json",
                         encoding="cp1252")
    assert "Traceback" not in result.stderr, result.stderr
    assert "Ship 🚀" in json.dumps(json.loads(result.stdout), ensure_ascii=False)
