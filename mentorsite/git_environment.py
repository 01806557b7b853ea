"""The environment every git command mentorsite runs is given: the person's own, but for what
would make git read another repository, or read paths otherwise, than git typed in the same
shell. The history's reading and the build's caches both ask git, from the source folder."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

_PATHSPEC_SETTINGS = ("GIT_LITERAL_PATHSPECS", "GIT_GLOB_PATHSPECS", "GIT_NOGLOB_PATHSPECS",
                      "GIT_ICASE_PATHSPECS")
"""Variables that change how git reads every path given to it, which no ``-c`` undoes. Tools
set them for the git they run (an editor's git integration, a script's ``export``), and
mentorsite run beside them inherited one: ``GIT_LITERAL_PATHSPECS=1`` took ``:/content`` for
a file of that name, so ``review`` read the base as holding no content, every goal "added",
and the others made it fail with "pathspec magic not supported"."""


_LOCATION_SETTINGS = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                      "GIT_COMMON_DIR")
"""Variables that tell git where the repository is, which git reads relative to the folder it
runs in. git runs in the source folder, not where the person typed the command, so
``GIT_DIR=.git mentorsite --source docs/mentor build`` (or a ``GIT_WORK_TREE=.`` exported for
a repository kept apart from its files) sent git to look for ``docs/mentor/.git``: the site
said "not in a git repository" and ``review`` stopped, of a repository git itself read."""


def git_environment(folder: Path) -> dict[str, str]:
    """The environment git runs in, in ``folder`` (in the source folder): the person's own,
    without :data:`_PATHSPEC_SETTINGS`, and each of :data:`_LOCATION_SETTINGS` read from the
    folder mentorsite was started in; ``GIT_DIR`` without ``GIT_WORK_TREE`` only where git
    finds no repository from ``folder`` by itself (see :func:`_not_theirs`)."""
    environment = {name: value for name, value in os.environ.items()
                   if name not in _PATHSPEC_SETTINGS}
    for name in _LOCATION_SETTINGS:
        if environment.get(name):
            environment[name] = os.path.abspath(environment[name])
    if environment.get("GIT_DIR") and not environment.get("GIT_WORK_TREE"):
        located = tuple(environment.get(name, "") for name in _LOCATION_SETTINGS)
        for name in _not_theirs(os.fspath(folder), located):
            environment.pop(name, None)
    return environment


@functools.lru_cache(maxsize=16)
def _not_theirs(folder: str, located: tuple[str, ...]) -> tuple[str, ...]:
    """The settings of :data:`_LOCATION_SETTINGS` (their values ``located``, ``GIT_DIR``
    set and ``GIT_WORK_TREE`` not) that git run in ``folder`` is not given.

    Without ``GIT_WORK_TREE`` git takes the folder it runs in for the top of the work tree,
    and mentorsite runs it in the source folder: a ``GIT_DIR`` a hook or a CI step exported
    read a sub-folder's mentorship (``--source docs/mentor``) as no file of the repository
    (no history, every file "not committed yet", and a cache committed there trusted), and
    sent a build of one repository to another's history, whose commits and text the site
    then published. Where git finds a repository from ``folder`` by itself, that is the
    source folder's, and ``GIT_DIR`` is left out: with the other settings, when it names
    another repository (they are its). Where git finds none (a hook of a bare repository
    building the work tree it checked out), ``GIT_DIR`` is all there is, and is kept."""
    git = shutil.which("git")
    if git is None:
        return ()
    settings = dict(zip(_LOCATION_SETTINGS, located, strict=True))
    apart = {name: value for name, value in os.environ.items()
             if name not in _LOCATION_SETTINGS and name not in _PATHSPEC_SETTINGS}
    found = _git_folder(git, folder, apart)
    if found is None:
        return ()
    named = _git_folder(git, folder, {**apart, **{k: v for k, v in settings.items() if v}})
    return ("GIT_DIR",) if named == found else _LOCATION_SETTINGS


def _git_folder(git: str, folder: str, environment: dict[str, str]) -> str | None:
    """The repository git run in ``folder`` with ``environment`` reads (its git folder), or
    None where it finds none."""
    try:
        done = subprocess.run([git, "rev-parse", "--absolute-git-dir"], cwd=folder,
                              env=environment, capture_output=True, check=False, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return os.path.realpath(done.stdout.decode("utf-8", "surrogateescape").strip())
