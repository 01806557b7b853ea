"""The git history read in a forked process beside the content: the same log, its failures
raised where the build asks for it, and the process started before any thread."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from mentorsite import build as build_module
from mentorsite.build import build
from mentorsite.errors import MentorsiteError
from mentorsite.history import aside as history_aside
from mentorsite.history.commits import GitLog
from mentorsite.history.log import read_history
from tests.conftest import Repo, build_in_a_fresh_interpreter
from tests.test_history import TODAY, goal

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git CLI")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.commit("Set the first goal")
    repo.write("content/goals/speak.md", goal(target=5))
    repo.commit("Raise the target")
    return repo


def test_the_log_is_the_one_read_here(repo: Repo):
    log = history_aside.reading(repo.root).result()
    assert log == read_history(repo.root)
    assert [c.subject for c in log.commits] == ["Raise the target", "Set the first goal"]
    assert log.blobs


def test_the_history_is_read_in_another_process(repo: Repo, monkeypatch):
    monkeypatch.setattr(history_aside, "read_history",
                        lambda root, cache, **_: GitLog(problem=f"read by {os.getpid()}"))
    found = history_aside.reading(repo.root).result()
    assert found.problem is not None and found.problem != f"read by {os.getpid()}"


def test_what_reading_raises_is_raised_where_the_history_is_asked_for(repo, monkeypatch):
    def fail(root: Path, cache: Path | None, newest: bool = True) -> GitLog:
        raise MentorsiteError("no such ref")

    monkeypatch.setattr(history_aside, "read_history", fail)
    history = history_aside.reading(repo.root)
    with pytest.raises(MentorsiteError, match="no such ref"):
        history.result()


def test_an_exception_that_cannot_be_sent_still_says_what_went_wrong(repo, monkeypatch):
    class Unpicklable(Exception):
        def __reduce__(self) -> str:
            raise TypeError("cannot pickle")

    def fail(root: Path, cache: Path | None, newest: bool = True) -> GitLog:
        raise Unpicklable("odd failure")

    monkeypatch.setattr(history_aside, "read_history", fail)
    with pytest.raises(RuntimeError, match="odd failure"):
        history_aside.reading(repo.root).result()


def test_a_reader_that_dies_is_an_error_not_a_hang(repo, monkeypatch):
    monkeypatch.setattr(history_aside, "read_history", lambda root, cache, **_: os._exit(3))
    with pytest.raises(RuntimeError, match="exit status 3"):
        history_aside.reading(repo.root).result()


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts /proc/self/fd")
def test_a_history_read_holds_no_file_open_once_it_is_received(repo: Repo):
    """The reader's process object held two pipes until it was collected: serve's failed
    rebuilds keep theirs in cycles, and 100 builds with history held 200 files open."""
    import gc

    def open_files() -> int:
        return len(os.listdir("/proc/self/fd"))

    history_aside.reading(repo.root).result()  # whatever the first read opens for good
    gc.disable()
    try:
        before = open_files()
        kept = [history_aside.reading(repo.root) for _ in range(5)]
        for history in kept:
            history.result()
        assert open_files() == before
    finally:
        gc.enable()


def test_without_fork_the_history_is_read_here_when_asked(repo, monkeypatch):
    monkeypatch.setattr(history_aside.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    readers: list[int] = []

    def read(root: Path, cache: Path | None, newest: bool = True) -> GitLog:
        readers.append(os.getpid())
        return GitLog()

    monkeypatch.setattr(history_aside, "read_history", read)
    history = history_aside.reading(repo.root)
    assert readers == []
    assert history.result() == GitLog() and readers == [os.getpid()]


def test_a_build_reads_its_history_in_another_process(repo, tmp_path, monkeypatch):
    real = history_aside.read_history
    marks = tmp_path / "readers"

    def read(root: Path, cache: Path | None, newest: bool = True) -> GitLog:
        with marks.open("a") as file:
            file.write(f"{os.getpid()}\n")
        return real(root, cache, newest=newest)

    monkeypatch.setattr(history_aside, "read_history", read)
    build(repo.root, tmp_path / "out", today=TODAY)
    assert marks.read_text().split() != [str(os.getpid())]
    assert len(marks.read_text().split()) == 1
    assert (tmp_path / "out/history/index.html").is_file()


def test_the_history_is_read_while_the_content_is_read(repo, tmp_path, monkeypatch):
    """git and the reader work on the other core while this process reads the files, instead
    of after it."""
    real_history, real_project = history_aside.read_history, build_module.read_unlinted
    begun = tmp_path / "history begun"

    def history_read(root: Path, cache: Path | None, newest: bool = True) -> GitLog:
        begun.touch()
        return real_history(root, cache, newest=newest)

    def project_read(*args: Any, **kwargs: Any) -> Any:
        deadline = time.monotonic() + 20
        while not begun.exists():
            assert time.monotonic() < deadline, "the history is read only after the content"
            time.sleep(0.01)
        return real_project(*args, **kwargs)

    monkeypatch.setattr(history_aside, "read_history", history_read)
    monkeypatch.setattr(build_module, "read_unlinted", project_read)
    build(repo.root, tmp_path / "out", today=TODAY)
    assert "Raise the target" in (tmp_path / "out/history/index.html").read_text()


def test_the_cli_forks_the_reader_before_any_thread(repo, tmp_path):
    """A process forked while another thread holds a lock would hold it forever: the reader
    is forked while the building process has one thread, before the Markdown helpers' pool."""
    patch = (
        "import threading\n"
        "from mentorsite.history import aside as history_aside\n"
        "from mentorsite.markdown import ahead as markdown_ahead\n"
        "markdown_ahead.MIN_FILES = 1\n"
        "markdown_ahead.default_jobs = lambda: 2\n"
        "reading = history_aside.reading\n"
        "def counted(*args, **kwargs):\n"
        "    print('THREADS', threading.active_count(), file=sys.stderr)\n"
        "    return reading(*args, **kwargs)\n"
        "history_aside.reading = counted\n"
    )
    done = build_in_a_fresh_interpreter(patch, repo.root, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert [line for line in done.stderr.splitlines() if line.startswith("THREADS")] == [
        "THREADS 1"
    ], done.stderr
    assert (tmp_path / "out/history/index.html").is_file()



def test_the_old_versions_of_goals_come_back_read(repo, monkeypatch):
    """The history's process reads the old versions of goals while the build reads the
    content: the build shows how a goal's target moved without parsing any of them. The log
    is the same log."""
    from mentorsite.history import versions as versions_module
    from mentorsite.history.evolution import evolution
    from mentorsite.model.project import read_project

    history = history_aside.beside_build(repo.root)
    project = read_project(repo.root, TODAY, fronts=True)
    log = history.result()
    parsed: list[bytes | None] = []
    real = versions_module.read_version
    monkeypatch.setattr(versions_module, "read_version",
                        lambda blob: parsed.append(blob) or real(blob))
    changes = evolution(log, project.model.private_paths(), project.fronts)
    raised, made = changes.files["content/goals/speak.md"].revisions
    assert [(change.field, change.before, change.after) for change in raised.changes
            if change.field.endswith(".target")] == [("metrics.confidence.target", "4", "5")]
    assert raised.before is not None and made.after == raised.before and not parsed
    assert log == read_history(repo.root, newest=False)


def test_reading_the_old_versions_of_goals_imports_no_model(repo, tmp_path):
    """The history's process, forked before the build loads the model, reads the old versions
    of goals with the front matter's parser alone: it imported pydantic and the model's
    fields for them, a quarter of that process's instructions on the 1,000-commit corpus, all done
    again by the build."""
    imported = tmp_path / "imported.txt"
    patch = (
        "from mentorsite.history import aside as history_aside\n"
        "goals_read = history_aside._goals_read\n"
        "def watched(log):\n"
        "    loaded = set(sys.modules)\n"
        "    found = goals_read(log)\n"
        f"    open({str(imported)!r}, 'w').write('\\n'.join(\n"
        "        [str(len(found.read_ahead)), *(set(sys.modules) - loaded)]))\n"
        "    return found\n"
        "history_aside._goals_read = watched\n"
    )
    done = build_in_a_fresh_interpreter(patch, repo.root, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    read_ahead, *new = imported.read_text().split()
    assert read_ahead == "1", "the goal's old version was read there"
    assert [name for name in new if name.startswith(("pydantic", "mentorsite.model"))] == []


def test_which_paths_are_entries_comes_back_worked_out(repo, monkeypatch):
    """The history's process works out which paths the log names are entries': the build's
    evolution of the log leaves out an editor's file committed by mistake without asking
    about each path, as it does asking."""
    from dataclasses import replace

    from mentorsite.history import evolution as evolution_module

    repo.write("content/goals/#speak.md#", "an editor's autosave")
    repo.commit("Commit an autosave by mistake")
    log = history_aside.reading(repo.root).result()
    asked: list[str] = []
    real = evolution_module.is_entry_path
    monkeypatch.setattr(evolution_module, "is_entry_path",
                        lambda path: asked.append(path) or real(path))
    shown = evolution_module.evolution(log, ())
    assert not asked
    paths = [[change.path for change in commit.changes] for commit in shown.commits]
    assert paths == [["content/goals/speak.md"], ["content/goals/speak.md"]]
    assert evolution_module.evolution(replace(log, entry_paths=None), ()).commits == shown.commits
    assert asked


def _readers() -> list[str]:
    """The history readers this process started that have not ended."""
    import multiprocessing

    return [child.name for child in multiprocessing.active_children()
            if child.name == "mentorsite-history"]


def _read_slowly(root: Path, cache: Path | None, newest: bool = True) -> GitLog:
    time.sleep(120)
    return GitLog()


def test_a_reading_whose_history_is_not_taken_is_ended_on_leaving(repo, monkeypatch):
    """The reader was left to the kernel, which ended it as the build's process ended: it
    outlived a stopped build, and so did the git it ran."""
    monkeypatch.setattr(history_aside, "read_history", _read_slowly)
    with history_aside.reading(repo.root):
        assert _readers() == ["mentorsite-history"]
    assert _readers() == []


def test_a_build_stopped_before_it_took_its_history_ends_the_reader(repo, tmp_path,
                                                                    monkeypatch):
    """Ctrl-C while the content is read: the reader the build started ends with it."""
    def stopped(*args: Any, **kwargs: Any) -> Any:
        assert _readers() == ["mentorsite-history"]
        raise KeyboardInterrupt

    monkeypatch.setattr(history_aside, "read_history", _read_slowly)
    monkeypatch.setattr(build_module, "read_unlinted", stopped)
    with pytest.raises(KeyboardInterrupt):
        build(repo.root, tmp_path / "out", today=TODAY)
    assert _readers() == []


def test_the_cli_ends_the_reader_of_a_build_stopped_before_it_took_its_history(
        repo, tmp_path, monkeypatch):
    """The CLI starts the reader itself (before it loads the build) and hands it over."""
    from click.testing import CliRunner

    from mentorsite.cli.main import cli

    monkeypatch.setattr(history_aside, "read_history", _read_slowly)
    monkeypatch.setattr(build_module, "read_unlinted",
                        lambda *args, **kwargs: (_ for _ in ()).throw(KeyboardInterrupt))
    result = CliRunner().invoke(cli, ["--source", str(repo.root), "build", "--out",
                                      str(tmp_path / "out")])
    assert result.exit_code == 130, result.output
    assert _readers() == []
