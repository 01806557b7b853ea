"""A build reads from git only the versions it cannot read from the working tree.

Most versions a history shows are the files as they are checked out, which the build reads
anyway: the history's reader leaves the newest version of each path to it, and the build asks
git, in one more ``cat-file``, for any it did not find there (a file edited since its commit,
or normalised on reading). The site is the one a reading of every version gives.
"""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from mentorsite.build import build
from mentorsite.history import aside as history_aside
from mentorsite.history import log as history_log
from mentorsite.history.command import GitFailed
from mentorsite.history.log import read_history, read_missing
from mentorsite.history.private_versions import is_private_front, is_private_text
from mentorsite.read.frontmatter import split
from mentorsite.serve.incremental import LiveBuild
from tests.conftest import Repo
from tests.test_history import CHECKIN, TODAY, repo  # noqa: F401 - the fixture

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git CLI")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def blob_of(pair: Repo, relpath: str, ref: str = "HEAD") -> str:
    return pair.git("rev-parse", f"{ref}:{relpath}").strip()


def asked_of_git(monkeypatch: pytest.MonkeyPatch, reader: ModuleType = history_log
                 ) -> list[list[str]]:
    """The versions each ``cat-file`` of this process asked for (not the history reader's,
    which runs in a process of its own), through ``reader``'s ``read_blobs``."""
    asked: list[list[str]] = []
    real = reader.read_blobs

    def reading(git: str, root: Path, ids: list[str]) -> dict[str, bytes]:
        asked.append(list(ids))
        return real(git, root, ids)

    monkeypatch.setattr(reader, "read_blobs", reading)
    return asked


def full_reading(root: Path) -> history_aside.History:
    """The history with every version read from git, as before the working tree was used."""
    return history_aside.History(lambda: read_history(root))


def test_the_log_leaves_out_the_newest_version_of_each_path(tmp_path):
    pair = Repo(tmp_path / "pair")
    pair.write("content/goals/a.md", "---\ntitle: A\nstatus: active\n---\nFirst.\n")
    pair.write("content/goals/b.md", "---\ntitle: B\nstatus: active\n---\nB.\n")
    first = pair.commit("Start")
    pair.write("content/goals/a.md", "---\ntitle: A\nstatus: active\n---\nSecond.\n")
    pair.commit("Edit a")
    pair.write("content/goals/c.md", "---\ntitle: C\nstatus: active\n---\nC.\n")
    pair.commit("Add c")
    pair.git("mv", "content/goals/b.md", "content/goals/d.md")
    pair.commit("Rename b")

    every = read_history(pair.root)
    lean = read_history(pair.root, newest=False)
    assert lean.commits == every.commits
    assert len(every.blobs) == 4
    assert set(lean.blobs) == {blob_of(pair, "content/goals/a.md", first)}
    assert lean.blob(blob_of(pair, "content/goals/a.md", first)) == b"---\ntitle: A\nstatus: " \
        b"active\n---\nFirst.\n"


def test_a_build_asks_git_for_nothing_more_when_the_working_tree_has_every_version(
    repo, tmp_path, monkeypatch  # noqa: F811
):
    asked = asked_of_git(monkeypatch)
    build(repo.root, tmp_path / "lean", today=TODAY)
    assert asked == []
    build(repo.root, tmp_path / "full", today=TODAY, git_history=full_reading(repo.root))
    assert tree(tmp_path / "lean") == tree(tmp_path / "full")


def test_versions_the_working_tree_lacks_are_read_in_one_more_cat_file(
    repo, tmp_path, monkeypatch  # noqa: F811
):
    """A file committed with CRLF line ends is normalised on reading (its text has another
    blob id); a file edited since its commit no longer holds the committed version."""
    repo.write("content/checkins/2025-02-03.md",
               CHECKIN.format(value=5, extra="").replace("speak:", "speak-up:")
               .replace("\n", "\r\n"))
    repo.commit("A check-in written on Windows")
    crlf = blob_of(repo, "content/checkins/2025-02-03.md")
    edited = blob_of(repo, "content/checkins/2025-01-20.md")
    path = repo.root / "content/checkins/2025-01-20.md"
    path.write_text(path.read_text().replace("Notes.", "Notes, edited."))

    asked = asked_of_git(monkeypatch)
    build(repo.root, tmp_path / "lean", today=TODAY)
    assert len(asked) == 1 and sorted(asked[0]) == sorted([crlf, edited])
    build(repo.root, tmp_path / "full", today=TODAY, git_history=full_reading(repo.root))
    assert tree(tmp_path / "lean") == tree(tmp_path / "full")
    commit_page = next(text for name, text in tree(tmp_path / "lean").items()
                       if name.startswith("history/") and b"Third check-in" in text
                       and b"<h1>" in text and b"value" in text)
    assert b"Notes.</ins>" in commit_page and b"Notes, edited." not in commit_page


def test_a_version_the_build_read_that_is_private_keeps_its_file_out(tmp_path):
    """A version git was not asked for is private when the build's reading of it says so.
    Here the committed version of ``b`` is the text of ``a`` as it is now: private. ``b`` was
    made public since, but not committed: its private version must show nowhere."""
    pair = Repo(tmp_path / "pair")
    goal = "---\ntitle: Goal\nstatus: active\nstarted: 2025-01-01\n---\nText.\n"
    pair.write("content/goals/goal.md", goal)
    secret = "---\ngoals: {goal: {note: SECRET-NOTE}}\nprivate: true\n---\nSECRET-BODY\n"
    pair.write("content/checkins/2025-01-06.md", secret)
    pair.write("content/checkins/2025-01-13.md", secret)
    pair.commit("Two private check-ins")
    pair.write("content/checkins/2025-01-13.md", "---\ngoals: {goal: {note: fine}}\n---\nOK.\n")

    build(pair.root, tmp_path / "site", today=TODAY)
    site = tree(tmp_path / "site")
    assert (tmp_path / "site/checkins/2025-01-13/index.html").is_file()
    assert not [name for name, text in site.items() if b"SECRET" in text]


@pytest.mark.parametrize("front", [
    "private: true", "private: false", "private: yes", "title: private", "private: 'true'",
    "notes: [private]", "private:\n  - true", "'private': true", "",
])
def test_a_front_read_cleanly_is_private_as_its_text_is(front):
    text = f"---\n{front}\n---\nBody.\n"
    meta = split(text).meta
    assert is_private_front(pickle.dumps(meta)) == is_private_text(text.encode())


def test_every_version_is_read_though_the_cache_lacks_some(repo, tmp_path):  # noqa: F811
    """A history cache a build saved lacks the versions it left to the working tree; a
    reading of every version (``serve``'s, in its own process) reads those from git."""
    cache = tmp_path / "history.cache"
    lean = read_history(repo.root, cache, newest=False)
    every = read_history(repo.root, cache)
    assert every.commits == lean.commits
    assert set(every.blobs) == set(read_history(repo.root).blobs) > set(lean.blobs)


def test_serve_reads_the_versions_a_builds_history_cache_left_out(repo, tmp_path):  # noqa: F811
    """``serve`` keeps no working-tree versions: from a history cache a build saved, it reads
    those the build left out."""
    build(repo.root, tmp_path / "built", today=TODAY)
    live = LiveBuild(repo.root, tmp_path / "live", TODAY)
    live.build()
    assert tree(tmp_path / "live") == tree(tmp_path / "built")


def test_git_failing_for_the_missing_versions_is_no_history_not_a_gap(repo, monkeypatch):  # noqa: F811
    """A version left out might be private: if git cannot read it, the history is not shown."""
    log = read_history(repo.root, newest=False)

    def broken(git: str, root: Path, ids: list[str]) -> dict[str, bytes]:
        raise GitFailed("fatal: bad object")

    monkeypatch.setattr(history_log, "read_blobs", broken)
    found = read_missing(repo.root, log)
    assert found.commits == () and "bad object" in (found.problem or "")
    assert read_missing(repo.root, log, set(read_history(repo.root).blobs)) is log
