"""Run from a folder inside a mentorship (``content/goals/``, as an editor or a git hook runs a
command), mentorsite works on that mentorship, as git does on its repository."""

from __future__ import annotations

import pytest

TODAY = "2025-06-15"
BROKEN = "---\ntitle: [Speak up\nstarted: 2025-06-01\n---\n"


@pytest.fixture
def pair(make_repo, valid_goal):
    return make_repo({"mentorsite.yml": "title: T\n", "content/goals/alpha.md": valid_goal,
                      "content/goals/broken.md": BROKEN, "themes/mine/templates/.keep": ""})


@pytest.mark.parametrize(("folder", "paths"), [
    ("content/goals", ["broken.md"]), ("content", ["goals/broken.md"]), ("themes/mine", []),
])
def test_check_from_inside_the_mentorship_reports_its_files(pair, run_cli, monkeypatch,
                                                            folder, paths):
    """From content/, ``check goals/broken.md`` read content/ as a mentorship of its own: its
    no-mentorship warning was left out by the path, and the broken file passed, exit 0."""
    monkeypatch.chdir(pair / folder)
    result = run_cli("--today", TODAY, "check", "--strict", *paths)
    assert result.exit_code == 1
    assert "content/goals/broken.md:2:8: error: invalid YAML" in result.output


def test_build_from_the_content_folder_builds_the_mentorship(pair, run_cli, monkeypatch):
    """It warned of no mentorship and wrote _site/ and its cache into content/, whose check
    then failed with an unknown-file error for each."""
    (pair / "content/goals/broken.md").unlink()
    monkeypatch.chdir(pair / "content")
    result = run_cli("--today", TODAY, "build", "--no-history", "-q")
    assert result.exit_code == 0, result.output
    assert (pair / "_site" / "goals" / "alpha" / "index.html").is_file()
    assert sorted(p.name for p in (pair / "content").iterdir()) == ["goals"]


def test_a_named_source_is_taken_as_it_is(pair, run_cli, monkeypatch):
    monkeypatch.chdir(pair)
    result = run_cli("--source", "content", "--today", TODAY, "check")
    assert "[no-mentorship]" in result.output


@pytest.mark.parametrize("source", ["content/goals", "content", "themes"])
def test_a_build_of_a_named_folder_that_is_no_mentorship_is_refused(pair, run_cli, source):
    """``--source content/goals`` warned, then wrote an empty site and its cache into the
    goals' folder, exit 0: the mentorship's check then failed on every file written there."""
    (pair / "content/goals/broken.md").unlink()
    before = sorted(p.relative_to(pair) for p in pair.rglob("*"))
    result = run_cli("--source", pair / source, "--today", TODAY, "build")
    assert result.exit_code == 2
    assert f"no mentorsite.yml and no content/ folder in {pair / source}" in result.output
    assert "nothing to build" in result.output
    assert sorted(p.relative_to(pair) for p in pair.rglob("*")) == before


def test_a_folder_in_no_mentorship_is_still_told_so(tmp_path, run_cli, monkeypatch):
    (tmp_path / "notes" / "content-ideas").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "notes" / "content-ideas")
    result = run_cli("--today", TODAY, "check")
    assert result.exit_code == 0
    assert "[no-mentorship]" in result.output


@pytest.mark.parametrize("command", [["check"], ["init"], ["build"]])
def test_a_working_folder_deleted_under_the_command_is_said_not_a_traceback(
        tmp_path, run_cli, monkeypatch, command):
    """A terminal left in a folder a checkout removed: every path from '.' raised
    FileNotFoundError from os.getcwd()."""
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    result = run_cli("--today", TODAY, *command)
    assert result.exit_code == 1
    assert ("Error: the working folder is gone (deleted, or replaced by a checkout): cd into "
            "the mentorship again, or name it with --source") in result.output


def test_a_folder_above_that_may_not_be_looked_into_ends_the_search(tmp_path, monkeypatch):
    """Path.is_file raises PermissionError (it swallows only 'not there'): the search for the
    mentorship above ended in a traceback where a folder on the way was closed."""
    from pathlib import Path

    from mentorsite.read.load import mentorship_around

    start = tmp_path / "a" / "b"
    start.mkdir(parents=True)
    (tmp_path / "mentorsite.yml").write_text("title: T\n")
    real = Path.is_file

    def closed(path: Path) -> bool:
        if path.parent == tmp_path / "a":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(Path, "is_file", closed)
    assert mentorship_around(start) == start
    monkeypatch.setattr(Path, "is_file", real)
    assert mentorship_around(start) == tmp_path
