"""The content folders a sparse checkout leaves out of the working tree: ``check`` warns of
them on every save, so this asks git with :mod:`~mentorsite.history.command` alone, and loads
none of the history's parsing, mail map or commits (a fiftieth of ``check``'s work)."""

from __future__ import annotations

import shutil
from pathlib import Path

from mentorsite.history.command import GitFailed, decode, describe, run_git


def left_out(root: Path) -> tuple[str, ...]:
    """The content folders a sparse checkout leaves files of out of the working tree (see
    :func:`sparse_left_out`), for ``check``; none without git or a repository."""
    git = shutil.which("git")
    if git is None:
        return ()
    try:
        prefix, _, sparse = describe(git, root)
    except GitFailed:
        return ()
    return sparse_left_out(git, root, prefix, sparse)


def sparse_left_out(git: str, root: Path, prefix: str, sparse: Path) -> tuple[str, ...]:
    """The folders under ``content/`` (``content/checkins``) holding committed files that a
    sparse checkout left out of the working tree, which reads as if they were never written:
    ``git sparse-checkout set content/goals`` built a site with no check-in, and ``check``
    warned of none for a year, with no word of why. Only where git keeps sparse patterns
    (``sparse``, its ``info/sparse-checkout``) is the index asked, in one ``ls-files -t``
    (``S``: skip-worktree); a file that is there all the same is not left out. Folders, not
    files: the words are shown on the site's pages, and a private file's name must not be."""
    if not sparse.is_file():
        return ()
    try:
        out = run_git(git, root, "ls-files", "-t", "-z", "--", f":/{prefix}content")
    except GitFailed:
        return ()
    folders = set()
    for entry in out.split(b"\0"):
        tag, _, name = entry.partition(b" ")
        path = decode(name)
        if tag == b"S" and path.startswith("content/") and not (root / path).exists():
            folders.add("/".join(path.split("/")[:2]) if path.count("/") > 1 else "content")
    return tuple(sorted(folders))
