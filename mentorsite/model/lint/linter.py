"""What every check of :mod:`mentorsite.model.lint` reads (the model, where each value is written,
today, the check-in files read) and how it warns: the base of the checks of each theme."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from mentorsite.diagnostics import Diagnostics, Severity
from mentorsite.model.entries import CheckIn, Evidence, Goal, Mentorship, Reflection
from mentorsite.read.yamlsafe import Path, Positions

Entry = Goal | CheckIn | Reflection | Evidence


@dataclass
class Linter:
    """The state every check shares; the checks of each theme are its subclasses."""

    model: Mentorship
    positions: Mapping[str, Positions]
    today: date
    diagnostics: Diagnostics
    met: Sequence[tuple[date, str]]
    """When the pair met, by its check-in files: one whose content has errors, or names a goal
    that has, is no check-in of the model's, but the pair met all the same."""
    reflected_broken: Sequence[tuple[date, str | None]] = ()
    """The day of each reflection file with errors, with each goal it names (None where its
    front matter could not be read: any goal): it is no entry of the model's, but the pair
    reflected on the goal all the same."""

    def warn(self, path: str, where: Path | None, code: str, message: str,
             at_key: bool = False) -> None:
        """Warn at ``where``'s value, or at its key (``at_key``: a check-in's goal, whose
        value is a mapping of lines), else at the file's 1:1."""
        line, column = (1, 1)
        if where is not None and path in self.positions:
            found = self.positions[path]
            line, column = found.of_key(where) if at_key else found.of_value(where)
        self.diagnostics.warning(path, line, column, code, message)

    @cached_property
    def entries(self) -> dict[str, Entry]:
        """Every valid entry by its file's path, private or not."""
        model = self.model
        return {entry.file.path: entry for entries in (model.goals, model.checkins,
                                                       model.reflections, model.evidence)
                for entry in entries}

    @cached_property
    def met_by_today(self) -> list[tuple[date, str]]:
        """:attr:`met` up to today: the meetings that have been held."""
        return [(day, path) for day, path in self.met if day <= self.today]

    @cached_property
    def broken(self) -> frozenset[str]:
        """The files with errors (lint tells warnings alone, so none is added as it runs):
        each is left out of the model, yet is there, and is warned of nothing until fixed,
        as docs/content.md says of every warning; what it would answer (a link to it, a
        meeting) is not told missing either."""
        return frozenset(d.path for d in self.diagnostics.items if d.severity is Severity.ERROR)
