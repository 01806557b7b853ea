"""The benchmark sets each build's earlier output aside instead of deleting it before the next.

On ext4 without a journal, making a file passes over every inode freed in the last minutes,
one by one: a build right after the harness deleted the last site paid for that deletion. So
output folders and build caches are moved into one folder of spent output, deleted once the
measurements are over, also when they fail.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest


@pytest.fixture
def run(bench_script) -> ModuleType:
    return bench_script("run")


class Writer:
    """A tool whose build writes one page into its output folder, and fails if it is there."""

    name = "writer"

    def command(self, source: Path, out: Path, history: bool = False) -> list[str]:
        script = ("import sys, pathlib; out = pathlib.Path(sys.argv[1]); "
                  "out.mkdir(); (out / 'index.html').write_text(sys.argv[2])")
        return [sys.executable, "-c", script, str(out), source.name]


def _bench(run: ModuleType, work: Path) -> object:
    args = run.arguments(["--workdir", str(work), "--sizes", "1", "--runs", "1"])
    return run.Bench(args, [])


def test_a_cold_build_finds_no_output_and_the_last_one_is_set_aside(run, tmp_path) -> None:
    bench = _bench(run, tmp_path / "work")
    source, out = tmp_path / "source", tmp_path / "out"
    (source / run.CACHE_FOLDER).mkdir(parents=True)
    (source / run.CACHE_FOLDER / "cache").write_text("kept")

    first = bench.build(Writer(), source, out)
    page = out / "index.html"
    first_page = page.stat().st_ino
    second = bench.build(Writer(), source, out)

    assert first.error is None and second.error is None, "each build started without output"
    assert not (source / run.CACHE_FOLDER).exists()
    spent = sorted(p for p in bench.spent.rglob("*") if p.is_file())
    assert sorted(p.read_text() for p in spent) == ["kept", "source"], "moved, not deleted"
    assert first_page in {p.stat().st_ino for p in spent}, "the same file, still there"
    assert page.read_text() == "source"
    bench.clear()
    assert not bench.spent.exists()


def test_the_profile_sets_its_last_build_aside_too(run, tmp_path, bench_script) -> None:
    """``profile_build.py`` builds the corpus cold several times, and sets each aside."""
    profile_build = bench_script("profile_build")
    corpus, out = tmp_path / "corpus", tmp_path / "profile" / "site"
    (corpus / run.CACHE_FOLDER).mkdir(parents=True)
    out.mkdir(parents=True)
    (out / "index.html").write_text("last build")
    reset, _ = profile_build.cold_build(corpus, False, out)
    reset()
    assert not out.exists() and not (corpus / run.CACHE_FOLDER).exists()
    spent = [p.read_text() for p in (out.parent / "spent").rglob("index.html")]
    assert spent == ["last build"]


def test_what_was_set_aside_is_deleted_when_the_measurements_stop(run, tmp_path,
                                                                   monkeypatch) -> None:
    work = tmp_path / "work"

    def interrupted(bench: object) -> None:
        bench.build(Writer(), tmp_path / "source", tmp_path / "out")
        bench.build(Writer(), tmp_path / "source", tmp_path / "out")
        assert bench.spent.is_dir()
        raise KeyboardInterrupt

    monkeypatch.setattr(run, "measure_all", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run.main(["--workdir", str(work), "--tools", "mentorsite", "--runs", "1"])
    assert work.is_dir() and not (work / "spent").exists()
    assert (tmp_path / "out" / "index.html").is_file(), "the last output is left to look at"
