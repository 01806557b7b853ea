"""The benchmark scripts check what they are given before they run, and touch only their own
folders: a wrong value is a usage error at once (exit 2, no traceback), and a folder they did
not make is never replaced, written over or edited."""

from __future__ import annotations

import errno
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import BENCHMARKS


@pytest.fixture
def scripts(bench_script) -> ModuleType:
    return bench_script("corpus")


@pytest.fixture
def corpus(scripts: ModuleType, tmp_path: Path) -> Path:
    """A small corpus made by corpus.py (so marked as the benchmarks' own)."""
    root = tmp_path / "corpus"
    scripts.main([str(root), "--files", "20"])
    return root


@pytest.fixture
def mentorship(tmp_path: Path) -> Path:
    """A person's folder: a mentorship corpus.py did not make."""
    root = tmp_path / "mine"
    (root / "content" / "checkins").mkdir(parents=True)
    (root / "mentorsite.yml").write_text("title: Mine\n")
    (root / "content" / "checkins" / "2025-01-06.md").write_text("---\n---\nMy notes.\n")
    return root


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def _script(name: str, *args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BENCHMARKS / name), *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, check=False)


@pytest.mark.parametrize("name, args, said", [
    ("run.py", ["--sizes", "0"], "argument --sizes: '0' is not a whole number of at least 1"),
    ("run.py", ["--sizes", ","], "argument --sizes: give at least one number"),
    ("run.py", ["--runs", "0"], "argument --runs: '0' is not a whole number of at least 1"),
    ("run.py", ["--scaling-runs", "-1"], "argument --scaling-runs: '-1' is not a whole number"),
    ("run.py", ["--commits", "many"], "argument --commits: 'many' is not a whole number"),
    ("run.py", ["--out", "{tmp}/gone/RESULTS.md"], "argument --out: {tmp}/gone is not a folder"),
    ("run.py", ["--json", "{tmp}"], "argument --json: {tmp} is a folder: name a file"),
    ("profile_build.py", ["{tmp}"], "argument corpus: {tmp} holds no content/ folder"),
    ("profile_build.py", ["{corpus}", "--top", "0"], "argument --top: '0' is not"),
    ("timeline.py", ["{corpus}", "--runs", "0"], "argument --runs: '0' is not"),
    ("timeline.py", ["{corpus}", "--checkout", "{tmp}"],
     "argument --checkout: {tmp} is not a checkout of mentorsite"),
    ("history_parts.py", ["{corpus}", "--runs", "0"], "argument --runs: '0' is not"),
    ("programme_bench.py", ["--pairs", "0"], "argument --pairs: '0' is not"),
    ("programme_bench.py", ["--jobs", "0"], "argument --jobs: '0' is not"),
    ("floor.py", ["{tmp}/none", "{tmp}/out"], "argument corpus: {tmp}/none holds no content/"),
    ("floor.py", ["{corpus}", "{tmp}/out", "--jobs", "0"], "argument --jobs: '0' is not"),
    ("serve_latency.py", ["{corpus}", "--runs", "0"], "argument --runs: '0' is not"),
    ("inprocess.py", ["history", "{corpus}", "--runs", "0"], "argument --runs: '0' is not"),
    ("corpus.py", ["{tmp}/new", "--files", "0"], "argument --files: '0' is not"),
])
def test_a_wrong_value_is_a_usage_error_before_anything_runs(
        name: str, args: list[str], said: str, corpus: Path, tmp_path: Path) -> None:
    def filled(text: str) -> str:
        return text.format(tmp=tmp_path, corpus=corpus)

    before = _snapshot(tmp_path)
    result = _script(name, *map(filled, args))
    assert result.returncode == 2, result.stdout + result.stderr
    assert filled(said) in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert _snapshot(tmp_path) == before, "nothing made, nothing measured"


@pytest.mark.parametrize("name, args", [
    ("corpus.py", ["{mine}", "--files", "5"]),
    ("floor.py", ["{corpus}", "{mine}"]),
    ("programme_bench.py", ["--pairs", "1", "--keep", "{mine}"]),
    ("run.py", ["--sizes", "1", "--runs", "1", "--tools", "floor", "--workdir", "{mine}"]),
])
def test_a_folder_the_benchmarks_did_not_make_is_never_written_over(
        name: str, args: list[str], corpus: Path, mentorship: Path) -> None:
    before = _snapshot(mentorship)
    result = _script(name, *(a.format(mine=mentorship, corpus=corpus) for a in args))
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{mentorship} holds files the benchmarks did not make" in result.stderr
    assert _snapshot(mentorship) == before


@pytest.mark.parametrize("name, args", [
    ("serve_latency.py", ["{mine}", "--runs", "1"]),
    ("inprocess.py", ["incremental", "{mine}", "{out}", "--runs", "1"]),
    ("inprocess.py", ["serve", "{mine}", "{out}", "--runs", "1"]),
])
def test_a_mentorship_the_benchmarks_did_not_make_is_never_edited(
        name: str, args: list[str], mentorship: Path, tmp_path: Path) -> None:
    before = _snapshot(mentorship)
    result = _script(name, *(a.format(mine=mentorship, out=tmp_path / "out") for a in args))
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{mentorship} was not made by corpus.py" in result.stderr
    assert _snapshot(mentorship) == before


def test_corpus_py_replaces_a_corpus_it_made_and_fills_an_empty_folder(
        scripts: ModuleType, corpus: Path, tmp_path: Path) -> None:
    checkins = len(list((corpus / "content" / "checkins").iterdir()))
    scripts.main([str(corpus), "--files", "10"])
    assert 0 < len(list((corpus / "content" / "checkins").iterdir())) < checkins
    empty = tmp_path / "empty"
    empty.mkdir()
    scripts.main([str(empty), "--files", "10"])
    assert _snapshot(empty) == _snapshot(corpus), "the same seed, the same corpus"


def test_the_runner_edits_only_its_own_copy_of_a_corpus(corpus: Path, tmp_path: Path,
                                                        bench_script) -> None:
    """``--incremental`` copies its corpus and marks the copy, which the scripts that edit a
    corpus then take: also a corpus cached before corpora were marked."""
    cache = tmp_path / "cache"
    cache.mkdir()
    cached = corpus.rename(cache / "files-20-seed-1")
    (cached / bench_script("arguments").MARK).unlink()
    (cache / "files-20-seed-1.done").write_text(bench_script("corpus_model").REVISION + "\n")
    before = _snapshot(cached / "content")
    figures = tmp_path / "figures.json"
    result = _script("run.py", "--sizes", "20", "--runs", "1", "--tools", "mentorsite",
                     "--history-files", "20", "--incremental", "--cache", cache,
                     "--json", figures, timeout=300)
    assert result.returncode == 0, result.stderr
    incremental = json.loads(figures.read_text())["incremental"]
    assert len(incremental["serve"]["reload"]) == 1, incremental
    assert len(incremental["api"]["one_checkin"]) == 1, incremental
    assert incremental["serve"]["files"] == 20, "the size serve's peak memory is judged at"
    assert _snapshot(cached / "content") == before


def test_a_report_that_cannot_be_written_is_said_after_the_tables(
        bench_script, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    run = bench_script("run")

    def full(path: Path, text: str, tag: str = "run.py") -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(run, "measure_all", lambda bench: None)
    monkeypatch.setattr(run, "write_report", full)
    with pytest.raises(SystemExit) as stopped:
        run.main(["--tools", "mentorsite", "--out", str(tmp_path / "RESULTS.md")])
    assert stopped.value.code == (
        f"run.py: cannot write the report: [Errno 28] No space left on device: "
        f"'{tmp_path / 'RESULTS.md'}'")
    assert "| files | mentorsite wall s |" in capsys.readouterr().out
