"""How :func:`mentorsite.read.files.read_text` reads a file: one look, one open, one read.

Thousands of content files are read per build, so each costs as few calls to the system as
can be; the checks that keep reading safe (links out of the repository, pipes, size) stay as
they were, and a file that becomes a link after it was looked at is not followed.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from mentorsite.diagnostics import Diagnostics
from mentorsite.read import files

GOAL = "content/goals/alpha.md"
TEXT = "---\ntitle: Alpha\nstarted: 2025-06-01\n---\nBody é\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with one goal file, :data:`TEXT`."""
    (tmp_path / "content" / "goals").mkdir(parents=True)
    (tmp_path / GOAL).write_text(TEXT, encoding="utf-8")
    return tmp_path


def _brief(diagnostics: Diagnostics) -> list[tuple[str, str, str]]:
    return [(d.path, d.code, d.message) for d in diagnostics]


def test_a_file_is_read_with_one_open_and_one_read(repo, monkeypatch):
    calls: list[str] = []
    real_open, real_read = os.open, os.read
    monkeypatch.setattr(os, "open", lambda *a, **k: calls.append("open") or real_open(*a, **k))
    monkeypatch.setattr(os, "read", lambda *a: calls.append("read") or real_read(*a))
    found = Diagnostics()
    assert files.read_text(repo, GOAL, found) == TEXT
    assert calls == ["open", "read"]
    assert not list(found)


def test_a_file_that_became_a_link_after_it_was_looked_at_is_not_followed(
    repo, tmp_path, monkeypatch
):
    """The file is looked at, then opened: a link put in its place in between, even one
    to a file inside the repository, is not followed."""
    (repo / "content" / "goals" / "real.md").write_text("SECRET", encoding="utf-8")
    os.remove(repo / GOAL)
    os.symlink("real.md", repo / GOAL)
    regular = os.stat(repo / "content" / "goals" / "real.md")
    real_lstat = os.lstat
    monkeypatch.setattr(
        os, "lstat", lambda path: regular if str(path).endswith(GOAL) else real_lstat(path)
    )
    found = Diagnostics()
    assert files.read_text(repo, GOAL, found) is None
    [(path, code, message)] = _brief(found)
    assert (path, code) == (GOAL, "unreadable-file")
    assert message.startswith("cannot read file: ") and "SECRET" not in message


def test_a_link_inside_the_repository_is_still_read(repo):
    os.symlink("alpha.md", repo / "content" / "goals" / "beta.md")
    found = Diagnostics()
    assert files.read_text(repo, "content/goals/beta.md", found) == TEXT
    assert not list(found)


@pytest.mark.parametrize("change", [b"more text\n", b""], ids=["grew", "shrank"])
def test_a_file_that_changed_size_after_it_was_looked_at_is_read_whole(repo, change,
                                                                      monkeypatch):
    """Read to its end, whatever size it had when looked at (as a Python file object
    reads it)."""
    data = TEXT.encode() + change if change else TEXT.encode()[:-3]
    (repo / GOAL).write_bytes(data)
    looked = os.stat_result((0o100644, 0, 0, 1, 0, 0, len(TEXT.encode()), 0, 0, 0))
    real_lstat = os.lstat
    monkeypatch.setattr(
        os, "lstat", lambda path: looked if str(path).endswith(GOAL) else real_lstat(path)
    )
    assert files.read_text(repo, GOAL, Diagnostics()) == data.decode("utf-8", "replace")


def test_a_file_that_cannot_be_opened_says_why(repo, monkeypatch):
    """As the system refuses it (here said by a stand-in: root reads files whatever their
    mode, and CI runs as root)."""
    real_open = os.open

    def refused(path: str, flags: int, *args: int) -> int:
        if str(path).endswith(GOAL):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refused)
    found = Diagnostics()
    assert files.read_text(repo, GOAL, found) is None
    assert _brief(found) == [(GOAL, "unreadable-file", "cannot read file: Permission denied")]


def test_a_folder_where_a_file_should_be_is_not_a_regular_file(repo):
    (repo / "content" / "goals" / "folder.md").mkdir()
    found = Diagnostics()
    assert files.read_text(repo, "content/goals/folder.md", found) is None
    assert _brief(found) == [("content/goals/folder.md", "unreadable-file", "not a regular file")]


@pytest.mark.parametrize("relative", [True, False], ids=["source .", "absolute source"])
def test_a_link_loop_is_called_a_loop_not_a_link_out(repo, relative, monkeypatch):
    """Two links to each other, and one to itself: nothing outside the repository is involved,
    whether the repository is named as ``.`` or in full."""
    evidence = repo / "content" / "evidence"
    evidence.mkdir()
    os.symlink("b.md", evidence / "a.md")
    os.symlink("a.md", evidence / "b.md")
    os.symlink("self.md", evidence / "self.md")
    monkeypatch.chdir(repo)
    found = Diagnostics()
    listed = files.content_files(Path(".") if relative else repo, found)
    assert listed == [GOAL]
    assert sorted(_brief(found)) == [
        (f"content/evidence/{name}.md", "unreadable-file",
         "cannot read: the symbolic link leads back to itself")
        for name in ("a", "b", "self")
    ]


def test_the_walk_says_where_each_file_reached_by_a_link_really_is(repo):
    """A file linked to, and each file in a folder linked to (and in its sub-folders), is
    named by where it is; files that are where the walk finds them are not."""
    notes = repo / "notes"
    (notes / "older").mkdir(parents=True)
    (notes / "a.md").write_text("a")
    (notes / "older" / "b.md").write_text("b")
    (repo / "content" / "goals" / "talk.md").symlink_to("../../notes/a.md")
    (repo / "content" / "evidence").symlink_to("../notes")
    linked: dict[str, list[str]] = {}
    found = files.content_files(repo, Diagnostics(), linked)
    assert found == ["content/evidence/a.md", "content/evidence/older/b.md", GOAL,
                     "content/goals/talk.md"]
    real = repo.resolve() / "notes"
    assert {path: sorted(rels) for path, rels in linked.items()} == {
        str(real / "a.md"): ["content/evidence/a.md", "content/goals/talk.md"],
        str(real / "older" / "b.md"): ["content/evidence/older/b.md"]}
