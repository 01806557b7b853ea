"""The few exceptions core code raises; only :mod:`mentorsite.cli` turns them into messages.

Problems in content are not exceptions: they are diagnostics (see ``diagnostics.py``). These
are for what stops a command as a whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from mentorsite.diagnostic_formats import tally

if TYPE_CHECKING:
    from mentorsite.model.project import Project


class Stopped(BaseException):
    """SIGTERM or SIGHUP, raised where the program is so that its clean-up runs, as Ctrl-C
    raises KeyboardInterrupt (see :mod:`mentorsite.cli.stopping`)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class MentorsiteError(Exception):
    """A problem the user can fix, shown as one line without a traceback (exit 1)."""


class UnknownGoals(MentorsiteError):
    """Goal ids named on the command line (``new reflection --goal ID``) that no goal file
    has. What was typed is wrong, not the content, so the command line says so as it says a
    bad ``--kind``: a usage error, exit 2, where a script reads 1 as "the content has
    errors"."""


class TemplateFailed(MentorsiteError):
    """A theme template that cannot be loaded, or failed while drawing a page: told as
    ``check`` tells a problem, ``file:line:column: error: what [template-error]``, so that
    editors and CI annotations find it (the column is 1: Jinja gives lines only). Its one
    argument is that line: raised in a render worker, it is pickled back by its arguments."""

    @classmethod
    def at(cls, path: str, line: int | None, what: str) -> TemplateFailed:
        """The failure told on one line, a line break in what Python says shown as ``\\n``:
        ``"x".encode("a\\nb")`` in a template broke the line in two, which editors and CI
        annotations read as two, and the build counted as two failures (:attr:`count`)."""
        told = f"{path}:{line or 1}:1: error: {what} [template-error]"
        return cls(told.replace("\r", "\\r").replace("\n", "\\n"))

    @classmethod
    def of(cls, told: Iterable[str]) -> TemplateFailed:
        """Every distinct failure a build met (each :meth:`at`'s line, once), in one: a
        theme with three broken templates took three builds to learn of them all."""
        return cls("\n".join(dict.fromkeys(told)))

    @property
    def count(self) -> int:
        """How many failures it tells, one a line."""
        return str(self).count("\n") + 1


class OutputError(MentorsiteError):
    """The output folder cannot be used: it is the source, holds content, or is not ours."""


class BuildFailed(MentorsiteError):
    """The content has errors (or warnings under --strict); nothing was written."""

    def __init__(self, project: Project) -> None:
        found = project.diagnostics
        why = tally(found.items) + ("" if found.errors else ", and --strict fails on warnings")
        super().__init__(f"build failed: {why}; the previous site is unchanged")
        self.project = project
