"""How every git command is run, and what it says when it fails: the options and environment
no person's settings may change, the errors a command reports, and git's own words made fit
for the site's pages (no path of the person's). Each reading of the repository
(:mod:`~mentorsite.history.log`, :mod:`~mentorsite.history.repository`,
:mod:`~mentorsite.history.compare`) runs git through here."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import IO

from mentorsite.errors import MentorsiteError
from mentorsite.git_environment import git_environment

OPTIONS = ("--no-optional-locks", "-c", "core.quotepath=off")
"""Before every git command: paths as they are, and no lock git can do without. ``git status``
otherwise takes ``index.lock`` to refresh the index, and a commit the person makes meanwhile
(``serve`` asks after every save) fails on it."""


RENAME_LIMIT = "-l1000"
"""How many files the log compares to find renames and copies: git's own default, whatever
``diff.renameLimit`` says. Under ``diff.renameLimit=1`` a commit renaming two edited files
was read as two files removed and two added, and an entry renamed and marked private lost
its old name's revisions to the pages."""
ORDER_AS_GIT = "-O/dev/null"
"""Git's own order of a diff's files, whatever ``diff.orderFile`` says (git's way to cancel
it): an order file reordered each commit's files in the log, and one that names a file not
there (a setting in ``~/.gitconfig`` for another project's) failed every ``git diff`` of
``review`` with "failed to read orderfile"."""


class GitFailed(Exception):
    pass


class HistoryError(MentorsiteError):
    """A ref that git cannot resolve, or no git at all, where a command needs one."""


class RevisionError(HistoryError):
    """A revision named on the command line that names no commit: a usage error."""

    def __init__(self, ref: str, message: str) -> None:
        super().__init__(message)
        self.ref = ref


class NoBaseError(HistoryError):
    """Nothing to compare with: no base could be found (``GITHUB_BASE_REF`` naming a branch
    the clone does not have, no default branch, a shallow clone, no commit yet), or the
    source folder is in no git repository. A usage error, as :class:`RevisionError` is:
    ``review`` keeps exit 1 for a head with errors, and CI must tell them apart."""


def run_git(git: str, root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    result = subprocess.run(
        [git, *OPTIONS, *args],
        cwd=root, input=stdin, capture_output=True, check=False, env=git_environment(root),
    )
    if result.returncode != 0:
        raise GitFailed(result.stderr.decode("utf-8", "replace"))
    return result.stdout


def decode(data: bytes) -> str:
    """What git gives as UTF-8 where git re-encoded, else Latin-1: a commit message or a
    path never fails to read."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def describe(git: str, root: Path) -> tuple[str, Path | None, Path]:
    """The source folder's path inside the repository, in a shallow clone git's file that
    lists the clone's boundary commits (see :func:`~mentorsite.history.repository.boundary`;
    None in a whole one), and where a sparse checkout's patterns are (see
    :func:`~mentorsite.history.sparse.sparse_left_out`)."""
    out = run_git(git, root, "rev-parse", "--show-prefix", "--is-shallow-repository",
                  "--git-path", "shallow", "--git-path", "info/sparse-checkout")
    prefix, shallow, listing, sparse = out.decode("utf-8", "surrogateescape").split("\n")[:4]
    return prefix, root / listing if shallow.strip() == "true" else None, root / sparse


CONTENT_OF_ITS_OWN = (
    "content/ is a git repository of its own (a submodule), and the history is read from the "
    "repository that holds mentorsite.yml, which records none of its files: keep content/ "
    "in that repository (not as a submodule) to show the history")
"""Said where ``content/`` holds a ``.git`` of its own: git records no file of it in the
repository the source folder is in, so the log holds no content and every page said nothing
at all of where its history was."""


_SAFE_DIRECTORY = ("git will not read this repository, as another user owns it: if you "
                   "trust it, run 'git config --global --add safe.directory <its path>'")


def why_unreadable(exc: Exception) -> str:
    """Why git would not describe the source folder, in words a person can act on. git says
    "not a git repository" of a folder in none; a repository another user owns (a CI
    container's checkout, a folder copied as root) it refuses with a fix naming
    ``safe.directory``, and a damaged ``.git/config`` it names: both read "not in a git
    repository", which sent people looking for a ``.git`` that was there. No path is given:
    the words are published on the site's pages."""
    said = str(exc)
    if "safe.directory" in said:
        return _SAFE_DIRECTORY
    if "not a git repository" in said:
        return "the source folder is not in a git repository"
    line = without_path(first_line(exc))
    if line.startswith("bad config"):
        line += " of a git settings file ('git config --list --show-origin' names it)"
    return f"git cannot read the repository: {line}"


def without_path(line: str) -> str:
    """A line of git's, for the site's pages: without ``fatal:`` and the file it names, as
    ``bad config line 1 in file /home/ana/.gitconfig`` names a home folder."""
    line = re.sub(r"^(?:fatal|error): ", "", line)
    return re.sub(r" in (?:file|blob) .*$", "", line)


def start_git(git: str, root: Path, args: list[str], *, stdin: int, stderr: int | IO[bytes]
              ) -> subprocess.Popen[bytes]:
    return subprocess.Popen([git, *OPTIONS, *args], cwd=root, stdin=stdin,
                            stdout=subprocess.PIPE, stderr=stderr, env=git_environment(root))


def no_commits(git: str, root: Path) -> str:
    """Why HEAD names no commit: a repository with none, or a branch with none yet checked out
    (``git checkout --orphan``, a clone whose default branch has none) while other branches
    hold commits: that was called a repository with no commits, sending people to look for
    commits that were there."""
    try:
        branch = run_git(git, root, "symbolic-ref", "-q", "--short", "HEAD")
        other = run_git(git, root, "for-each-ref", "--count=1", "--format=%(refname)",
                        "refs/heads", "refs/remotes", "refs/tags")
    except GitFailed:
        return "the repository has no commits yet"
    name = branch.decode("utf-8", "replace").strip()
    if not other.strip() or not name:
        return "the repository has no commits yet"
    return f"the branch '{name}' has no commits yet"


def check_revision(ref: str | None) -> None:
    """Refuse a revision git would take for an option (``--output=…`` makes ``git diff``
    write a file): refs come from the command line, and no ref starts with ``-``."""
    if ref is not None and ref.startswith("-"):
        raise RevisionError(ref, f"'{ref}' is not a git revision")


def git_or_fail() -> str:
    """The git to run where a command cannot go on without one. Its absence is a
    :class:`NoBaseError`: ``review`` has nothing to compare, which CI must not read as
    content with errors (exit 1)."""
    git = shutil.which("git")
    if git is None:
        raise NoBaseError("git is not installed, or not on PATH")
    return git


def first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or ["git failed"])[0]
