"""The state of the repository around the source folder, asked of git and of its files: where
the folder sits in it, its ``.mailmap``, a shallow clone's boundary, and the stamps ``serve``
and the build cache compare to tell that something moved (HEAD, the index, the ``.mailmap``).
The folders a sparse checkout leaves out are :mod:`~mentorsite.history.sparse`'s."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from mentorsite.history import mailmap
from mentorsite.history.command import GitFailed, describe, run_git
from mentorsite.text import on_pages


def source_prefix(root: Path) -> str | None:
    """The source folder's path inside its repository; None without git or a repository."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        return describe(git, root)[0]
    except GitFailed:
        return None


def read_mailmap(root: Path, prefix: str) -> tuple[mailmap.Mailmap, str]:
    """The ``.mailmap`` at the top of the repository (``prefix`` is the source folder's path
    in it), and a digest of its text that the history cache is kept under: the cache holds
    names as mapped, and an edit to the file maps every commit's anew. No file, or one git
    would not read either (a symbolic link, as git refuses since 2.32), maps no one."""
    try:
        handle = os.open(_mailmap_path(root, prefix), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return mailmap.Mailmap(), ""
    with open(handle, "rb") as file:
        data = file.read()
    text = on_pages(data.decode("utf-8", "replace"))
    return mailmap.read(text), hashlib.sha256(data).hexdigest()


def _mailmap_path(root: Path, prefix: str) -> Path:
    """Where the repository's ``.mailmap`` is, from the source folder ``root`` and its path
    in the repository."""
    return root.joinpath(*[".."] * prefix.count("/"), mailmap.FILE)


def mailmap_file(root: Path) -> Path | None:
    """Where the repository's ``.mailmap`` is (at its top, above ``root`` when the source is
    a sub-folder), written without ``..``; None without git or a repository."""
    prefix = source_prefix(root)
    return None if prefix is None else Path(os.path.normpath(_mailmap_path(root, prefix)))


def mailmap_stamp(root: Path, prefix: str) -> str:
    """The ``.mailmap``'s size, modification time and inode (``-`` without one): ``serve``
    reads the log again when it changes, as the names on every commit may change with it."""
    return _stamp(_mailmap_path(root, prefix))


def boundary(listing: Path) -> frozenset[str]:
    """The commits a shallow clone was cut at, from git's ``shallow`` file (one id a line):
    git gives them no parents, so its log lists every file they hold as added there. Read
    here, not asked of git per commit; none when the file cannot be read."""
    try:
        text = listing.read_text(encoding="ascii", errors="replace")
    except OSError:
        return frozenset()
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def head_commit(root: Path) -> str | None:
    """The commit checked out, or None without git, a repository or any commit."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        return run_git(git, root, "rev-parse", "--verify", "-q", "HEAD").decode().strip()
    except GitFailed:
        return None


def git_folders(root: Path) -> tuple[Path, ...]:
    """The repository's git folders (a worktree's own, and the one it shares): where a
    commit, a checkout or ``git add`` moves HEAD, a branch or the index. None without git or
    a repository."""
    git = shutil.which("git")
    if git is None:
        return ()
    try:
        out = run_git(git, root, "rev-parse", "--absolute-git-dir", "--git-common-dir")
    except GitFailed:
        return ()
    named = out.decode("utf-8", "surrogateescape").splitlines()
    return tuple(dict.fromkeys((root / name).resolve() for name in named if name))


def head_state(root: Path) -> str:
    """The commit checked out, the state of git's index, of a shallow clone's boundary and
    of the ``.mailmap``, and the content's changes since the commit, or why there is none:
    what decides the
    history a build of ``root`` shows, or the note it shows instead (a folder made a
    repository since the last build, with its files unchanged, must not keep "not in a git
    repository"). The index holds the renames staged, which make a file private under its
    old name too: ``git add`` changes what a build publishes. A file newly ignored is no
    longer "not committed yet", and ``git fetch --unshallow`` brings the history a shallow
    clone lacked, though neither touches a file the build reads or the commit."""
    git = shutil.which("git")
    if git is None:
        return "no git"
    try:
        changes = run_git(git, root, "status", "--porcelain=v1", "-z", "--untracked-files=all",
                          "--", "content")  # first: it may refresh the index, which is stamped
        out = run_git(git, root, "rev-parse", "--git-path", "index", "--git-path", "shallow",
                      "--show-prefix", "--verify", "-q", "HEAD")
    except GitFailed:
        try:
            describe(git, root)
        except GitFailed:
            return "no repository"
        return "no commits"
    index, shallow, prefix, head = out.decode("utf-8", "surrogateescape").split("\n")[:4]
    return (f"{head.strip()} index {_stamp(root / index)} shallow {_stamp(root / shallow)} "
            f"mailmap {_stamp(_mailmap_path(root, prefix))} "
            f"changes {hashlib.sha256(changes).hexdigest()}")


def _stamp(path: Path) -> str:
    """A file's size, modification time and inode, or ``-`` where there is none."""
    try:
        info = os.stat(path)
    except OSError:
        return "-"
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}"
