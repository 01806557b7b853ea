"""``benchmarks/history_parts.py``: the three builds it compares make the sites they say they
make, and its table reads each build against the build without history."""

from __future__ import annotations

import subprocess
from pathlib import Path
from types import ModuleType

import pytest


@pytest.fixture
def parts(bench_script) -> ModuleType:
    return bench_script("history_parts")


@pytest.fixture
def corpus(bench_script, tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    bench_script("corpus").write_corpus(root, 24, commits=12)
    return root


def commit_pages(site: Path) -> int:
    return sum(1 for folder in (site / "history").glob("*") if len(folder.name) == 40)


def test_each_build_makes_its_site(parts: ModuleType, corpus: Path, tmp_path: Path) -> None:
    made = {}
    for build in parts.BUILDS:
        out = tmp_path / build
        subprocess.run(parts.command(build, corpus, out), check=True, capture_output=True)
        made[build] = out
    assert commit_pages(made["history"]) >= 10  # of 12 commits: a merge, the settings
    assert commit_pages(made["no-commit-pages"]) == 0
    assert (made["no-commit-pages"] / "history/index.html").is_file()
    assert not (made["no-history"] / "history").exists()
    everything = {p.relative_to(made["history"]) for p in made["history"].rglob("*.html")}
    assert {p.relative_to(made["no-commit-pages"])
            for p in made["no-commit-pages"].rglob("*.html")} == {
        p for p in everything if not (p.parts[0] == "history" and len(p.parts[1]) == 40)}


def test_the_table_is_over_the_build_without_history(parts: ModuleType, corpus: Path) -> None:
    samples, disk = parts.measure(corpus, 1)
    assert [len(runs) for runs in samples.values()] == [1, 1, 1]
    assert disk.startswith("The disk of the work folder: ")  # probed before and after:
    assert disk.count(" s and ") == 1 and "before and after the cold builds" in disk
    told = parts.table(samples)
    rows = {line.split(" | ")[0].lstrip("| "): line for line in told.splitlines()[2:]}
    assert set(rows) == set(parts.BUILDS.values())
    assert rows["without history"].count("| 1.00x |") == 2
    assert not (corpus / ".mentorsite-cache").exists()


def test_a_failed_build_is_said(parts: ModuleType, tmp_path: Path) -> None:
    from measure import Sample

    broken = {build: [Sample(1.0, 1.0, 10.0, 0.0, "exit 1: boom")] for build in parts.BUILDS}
    assert parts.table(broken).startswith("failed: history: exit 1: boom")
