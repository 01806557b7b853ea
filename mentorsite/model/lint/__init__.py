"""Warnings about a valid mentorship: the method's advice, not its grammar (SPEC §3).

SMART gaps, deadlines passed, reflections missing a prompt or missing altogether, check-ins too
far apart or too long ago, and readings off their scale. All of it is judged as of ``today``.

:func:`lint` is the one entry point. The checks are grouped by what they look at, each a
subclass of :class:`~mentorsite.model.lint.linter.Linter` (the state they share): goals and
milestones (``goals``), reflections (``reflections``, with the headings read by
``headings``), the check-ins' rhythm (``checkins``), what the site makes of a body
(``bodies``) and its links (``links``). The memos of the per-body checks live beside them:
``serve`` lints every entry again after each save.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache

from mentorsite.diagnostics import Diagnostics
from mentorsite.model.entries import Mentorship
from mentorsite.model.lint.bodies import BodyChecks
from mentorsite.model.lint.checkins import CheckinChecks
from mentorsite.model.lint.goals import GoalChecks
from mentorsite.model.lint.links import LinkChecks
from mentorsite.model.lint.reflections import ReflectionChecks
from mentorsite.read.yamlsafe import Positions


class _Linter(GoalChecks, ReflectionChecks, BodyChecks, LinkChecks, CheckinChecks):
    """Every check, run in the order the warnings have always come in."""

    def run(self) -> None:
        for goal in self.model.goals:
            self.goal(goal)
        for reflection in self.model.reflections:
            self.reflection(reflection)
        self.cadence()
        self.unfilled()
        self.next_steps()
        self.readings()
        self.before_start()
        model = self.model
        for entries in (model.goals, model.checkins, model.reflections, model.evidence):
            for entry in entries:
                self.body(entry.file)
                if entry.private:  # the site shows neither its body nor its links
                    continue
                self.html(entry.file)
                images, names, links, fragments = _marks(entry.file.body)
                if images:
                    self.images(entry.file)
                if names:
                    self.names(entry.file)
                if links:
                    self.links(entry)
                if fragments:
                    self.fragment_links(entry.file)


@lru_cache(maxsize=16384)
def _marks(body: str) -> tuple[bool, bool, bool, bool]:
    """Whether ``body`` may hold an image, a link's or an image's name, a link to an entry
    and a link to a fragment: the checks of each are skipped for a body without. Remembered,
    as the other checks of each body are (see :mod:`.bodies`): ``serve`` lints every body
    again after each save, and searching each body four times was a quarter of the
    instructions of lint on a rebuild of the 5,000-file benchmark corpus."""
    return "![" in body, "]" in body, ".md" in body, "#" in body


def lint(
    model: Mentorship, positions: Mapping[str, Positions], today: date, diagnostics: Diagnostics,
    met: Sequence[tuple[date, str]], reflected: Sequence[tuple[date, str | None]] = (),
) -> None:
    """Add every warning about ``model`` as of ``today`` to ``diagnostics``. ``met``: the day
    and path of every check-in file read, in order, valid or not. ``reflected``: the day of
    each reflection file with errors and each goal it names, as written (None: any goal, for
    a file that could not be read)."""
    _Linter(model, positions, today, diagnostics, met, reflected).run()
