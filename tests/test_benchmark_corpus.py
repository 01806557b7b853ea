"""The benchmark corpus: achieved goals among the rest, and a cache made again when the
generator's revision changes."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import ModuleType

import pytest


@pytest.fixture
def modules(bench_script) -> tuple[ModuleType, ModuleType]:
    return bench_script("corpus_model"), bench_script("run")


def test_a_fifth_of_the_goals_are_achieved_and_called_done_at_check_ins(modules) -> None:
    corpus_model, _ = modules
    entries = corpus_model.make_entries(500, 1)
    goals = {e.slug: e.meta["status"] for e in entries if e.kind == "goal"}
    achieved = {slug for slug, status in goals.items() if status == "achieved"}
    assert len(goals) == 10 and len(achieved) == 2
    called_done = {slug for e in entries if e.kind == "checkin"
                   for slug, about in e.meta["goals"].items() if about["status"] == "done"}
    assert called_done == achieved


@pytest.fixture
def cached(modules, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
           ) -> tuple[object, list[Path]]:
    """A runner whose corpora are kept in ``tmp_path/cache``, and the folders it made: each
    holds a file ``made`` saying how many were made before it."""
    _, run = modules
    made: list[Path] = []

    def write_corpus(root: Path, files: int, seed: int, commits: int | None) -> int:
        root.mkdir(parents=True)
        (root / "made").write_text(str(len(made)))
        made.append(root)
        return 0

    monkeypatch.setattr(run, "write_corpus", write_corpus)
    args = run.arguments(["--workdir", str(tmp_path / "work"), "--cache",
                          str(tmp_path / "cache"), "--sizes", "1", "--runs", "1"])
    return run.Bench(args, []), made


def test_a_corpus_of_another_revision_is_made_again(modules, cached, tmp_path: Path) -> None:
    corpus_model, _ = modules
    bench, made = cached
    root = bench.corpus(10)
    assert bench.corpus(10) == root and len(made) == 1  # cached
    done = tmp_path / "cache" / f"{root.name}.done"
    assert done.read_text().strip() == corpus_model.REVISION
    done.write_text("")  # as the first revision left it
    assert bench.corpus(10) == root and len(made) == 2
    assert (root / "made").read_text() == "1"
    stale = [p.read_text() for p in (tmp_path / "cache" / "stale").rglob("made")]
    assert stale == ["0"], "the old corpus is set aside, not deleted"


def test_a_corpus_whose_folder_is_gone_is_made_again(cached, tmp_path: Path) -> None:
    bench, made = cached
    root = bench.corpus(10)
    shutil.rmtree(root)  # someone cleared the cache's corpora but not their markers
    assert bench.corpus(10) == root and root.is_dir() and len(made) == 2
    assert not (tmp_path / "cache" / "stale").exists()
