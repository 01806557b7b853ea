"""The serve benchmarks time serve, not git re-reading a copied repository.

They edit a scratch copy of the corpus. A copy gives every file a new stamp, so until the index
is refreshed ``git status`` (which serve asks after every save, never writing the index) reads
and hashes every file again: at 5,000 files that was tens of milliseconds of every save, which
no clone or commit of a person's own leaves behind.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import Repo


def stat_dirty(root: Path) -> list[str]:
    """Files whose stamps the index does not match (``diff-files`` compares without refreshing)."""
    return subprocess.run(["git", "diff-files", "--name-only"], cwd=root, capture_output=True,
                          text=True, check=True).stdout.split()


def test_a_copied_corpus_has_its_index_refreshed(tmp_path: Path, bench_script) -> None:
    fresh_index = bench_script("inprocess").fresh_index
    original = Repo(tmp_path / "corpus")
    original.write("content/checkins/2025-01-01.md", "---\ndate: 2025-01-01\n---\nNotes.\n")
    original.commit("A check-in")
    copy = tmp_path / "scratch"
    shutil.copytree(original.root, copy)
    assert stat_dirty(copy) == ["content/checkins/2025-01-01.md", "mentorsite.yml"]

    fresh_index(copy)

    assert stat_dirty(copy) == []
    assert (copy / "content/checkins/2025-01-01.md").read_text() == (
        "---\ndate: 2025-01-01\n---\nNotes.\n"), "nothing was changed, only looked at"
