"""The environment every git command mentorsite runs is given: the person's own, but for what
would make git read another repository, or read paths otherwise, than git typed in the same
shell. The history's reading and the build's caches both ask git, from the source folder."""

from __future__ import annotations

import os

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


def git_environment() -> dict[str, str]:
    """The environment git runs in: the person's own, without :data:`_PATHSPEC_SETTINGS`, and
    each of :data:`_LOCATION_SETTINGS` read from the folder mentorsite was started in."""
    environment = {name: value for name, value in os.environ.items()
                   if name not in _PATHSPEC_SETTINGS}
    for name in _LOCATION_SETTINGS:
        if environment.get(name):
            environment[name] = os.path.abspath(environment[name])
    return environment
