"""Make sure a new mentorship repository is a git repository, and learn its branch.

History is half of what the site shows, so ``init`` starts one when the folder is not already
inside a repository. Git is optional: without it ``init`` still writes every file and says what
it skipped. The branch matters because the Pages workflow publishes pushes to it.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from mentorsite.held_signals import stops_held

DEFAULT_BRANCH = "main"
"""The branch a new repository starts on, and the guess when the branch cannot be read."""


@dataclass(frozen=True)
class GitSetup:
    """What ``ensure_repository`` found or did."""

    branch: str
    """The branch the Pages workflow should publish: the default one, else the one checked
    out."""
    note: str | None
    """What to tell the user: a repository was created, or why none was; None if one existed."""


def ensure_repository(folder: Path) -> GitSetup:
    """Run ``git init`` in ``folder`` unless it is already inside a git repository."""
    git = shutil.which("git")
    if git is None:
        return GitSetup(DEFAULT_BRANCH, "git is not installed: skipped 'git init'")
    inside = _git(git, folder, "rev-parse", "--is-inside-work-tree")
    if inside is not None and inside.strip() == "true":
        current, default = _branch(git, folder), _default_branch(git, folder)
        notes = [_below_the_top(git, folder)]
        if default is not None and default != current:
            notes.append(f"the Pages workflow publishes pushes to {default}, the default "
                         f"branch, not {current}, the branch checked out")
        return GitSetup(default or current, "; ".join(n for n in notes if n) or None)
    created = _init(git, folder, f"--initial-branch={DEFAULT_BRANCH}")
    if created is None:  # git before 2.28 has no --initial-branch
        created = _init(git, folder)
    if created is None:
        return GitSetup(DEFAULT_BRANCH, "'git init' failed: create the repository yourself")
    branch = _branch(git, folder)
    return GitSetup(branch, f"initialised a git repository on branch {branch}")


def _below_the_top(git: str, folder: Path) -> str | None:
    """What to say when ``folder`` is below the top of its repository: GitHub runs only the
    workflows at the top, so the ones written here would never run."""
    prefix = (_git(git, folder, "rev-parse", "--show-prefix") or "").strip().rstrip("/")
    top = (_git(git, folder, "rev-parse", "--show-toplevel") or "").strip()
    if not prefix or not top:
        return None
    return (f"this folder is '{prefix}' in the repository at {top}: GitHub runs only the "
            f"workflows in {top}/.github/workflows, so move .github there and point them at "
            f"'{prefix}' (a working-directory for their commands, and '{prefix}/' before "
            "the paths they cache and publish)")


def _branch(git: str, folder: Path) -> str:
    name = _git(git, folder, "symbolic-ref", "--quiet", "--short", "HEAD")
    return name.strip() if name and name.strip() else DEFAULT_BRANCH


def _default_branch(git: str, folder: Path) -> str | None:
    """The branch pull requests merge into: the one the remote's ``HEAD`` names, else a
    local ``main`` or ``master``. Set up on a branch of its own (``add-mentorsite``), as a
    pull request would be, the Pages workflow published that branch, and after the merge
    nothing."""
    remote = _git(git, folder, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD")
    if remote and remote.strip().startswith("origin/"):
        return remote.strip().removeprefix("origin/")
    for name in (DEFAULT_BRANCH, "master"):
        if _git(git, folder, "rev-parse", "--verify", "--quiet", f"refs/heads/{name}"):
            return name
    return None


def _init(git: str, folder: Path, *options: str) -> str | None:
    """``git init`` in ``folder``, never cut short: Ctrl-C, SIGTERM and SIGHUP are held until
    it is done (git inherits the hold: a terminal's Ctrl-C reaches it too), then stop ``init``.

    A stop while it ran ended git there (Python's ``subprocess`` kills the child of a call a
    stop interrupts) and left a ``.git`` without its ``HEAD``, or holding ``config.lock``:
    not a repository, and one ``git init`` would not finish, so running ``init`` again said
    "'git init' failed" and left the user to find the lock file. It takes milliseconds."""
    with stops_held():
        return _git(git, folder, "init", "--quiet", *options)


def _git(git: str, folder: Path, *args: str) -> str | None:
    """``git -C folder args…``; its output, or None when it fails."""
    try:
        done = subprocess.run(
            [git, "-C", str(folder), *args], capture_output=True, text=True,
            stdin=subprocess.DEVNULL, check=False,
        )
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None
