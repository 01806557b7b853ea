"""Warnings about reflections: a prompt with no heading or nothing under it, and a
``milestone`` that is a near miss of one of its goals' milestone titles."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from functools import cached_property, lru_cache

from mentorsite.diagnostics import did_you_mean
from mentorsite.model.entries import Goal, Reflection
from mentorsite.model.lint.headings import heading_spans, unfenced
from mentorsite.model.lint.linter import Linter
from mentorsite.text import heading_words, shortened

NEAR_MISS = 0.9
"""How alike (difflib's ratio, case aside) a reflection's ``milestone`` must be to one of its
goals' milestone titles to be taken for a typo of it: a letter missed is 0.97, while the demo's
own sentence "Goal achieved — fourth design review facilitated with no mentor in the room" is
0.58 like the title it tells of, and "Second review run" 0.73 like "First review run"."""


_NEAR_HEADING = re.compile(r" {0,3}(?:#{1,6}(?=[^#\s])(.+)|(\*\*|__)(.+?)\2:?)[ \t]*")
"""A line meant as a heading that Markdown reads as a paragraph: ``##What happened``, without
the space after the marks, or ``**What happened**``, bold text on a line of its own."""


@lru_cache(maxsize=16384)
def _near_headings(body: str) -> dict[str, tuple[int, str, str]]:
    """The words of each line of ``body`` outside fenced code written as a heading is meant
    (:data:`_NEAR_HEADING`), with its 0-based line, its text and why it is none: a
    reflection prompt written so was told only that the reflection has no heading of it, at
    the top of the file. Remembered, as :func:`_answers` is: ``serve`` lints every
    reflection again after each save."""
    found: dict[str, tuple[int, str, str]] = {}
    for number, line in unfenced(body):
        near = _NEAR_HEADING.fullmatch(line)
        if near is not None:
            why = ("bold text, not a heading" if near[2]
                   else "not a heading without a space after the '#' marks")
            found.setdefault(heading_words(near[1] or near[3]), (number, line.strip(), why))
    return found


@lru_cache(maxsize=16384)
def _answers(body: str) -> dict[str, tuple[int, bool]]:
    """Each heading's words (:func:`~mentorsite.text.heading_words`): the line of its first
    heading, and whether any of its headings has something under it before the next heading
    (code counts)."""
    lines = body.split("\n")
    spans = heading_spans(body)
    found: dict[str, tuple[int, bool]] = {}
    for index, (text, start, end) in enumerate(spans):
        stop = spans[index + 1][1] if index + 1 < len(spans) else len(lines)
        answered = any(line.strip() for line in lines[end + 1:stop])
        words = heading_words(text)
        first, before = found.get(words, (start, False))
        found[words] = (first, before or answered)
    return found


@lru_cache(maxsize=16384)
def _near_title(written: str, titles: tuple[str, ...]) -> str | None:
    """The one of ``titles`` that ``written`` is a near miss of (:data:`NEAR_MISS`), not the
    same case aside; None for none. Remembered: ``serve`` lints every reflection again after
    each save, and difflib over the 700 reflections of the benchmark's corpus took 10-15 ms
    of each rebuild."""
    folded = {title.casefold(): title for title in titles}
    near = difflib.get_close_matches(written.casefold(), folded, n=1, cutoff=NEAR_MISS)
    if not near or near[0] == written.casefold():  # case aside the same: no typo
        return None
    return folded[near[0]]


class ReflectionChecks(Linter):
    """The checks of each reflection, against the prompts and its goals' milestones."""

    @cached_property
    def goals_by_id(self) -> Mapping[str, Goal]:
        """Every goal by its id, made once per lint, not once per reflection."""
        return self.model.goals_by_id()

    @cached_property
    def prompts(self) -> list[tuple[str, str]]:
        """Each reflection prompt, and its words as headings are compared."""
        prompts = self.model.settings.reflection_prompts
        return [(prompt, heading_words(prompt)) for prompt in prompts]

    def reflection(self, reflection: Reflection) -> None:
        file = reflection.file
        if reflection.milestone:
            self.milestone_named(reflection, reflection.milestone)
        found = _answers(file.body)
        near = {} if all(normal in found for _, normal in self.prompts) else {
            words: place for words, place in _near_headings(file.body).items()
            if words not in found}
        for prompt, normal in self.prompts:
            if normal in near:
                line, written, why = near[normal]
                self.diagnostics.warning(
                    file.path, file.body_line + line, 1, "missing-prompt",
                    f"reflection has no heading '{prompt}': '{shortened(written)}' is {why}: "
                    f"write '## {prompt}'")
            elif normal not in found:
                self.warn(file.path, None, "missing-prompt",
                          f"reflection has no heading '{prompt}'")
            elif not found[normal][1]:  # as `new reflection` leaves it
                self.diagnostics.warning(
                    file.path, file.body_line + found[normal][0], 1, "unanswered-prompt",
                    f"nothing is written under '{prompt}' yet")

    def milestone_named(self, reflection: Reflection, written: str) -> None:
        """A reflection's ``milestone`` is free text, often a sentence of its own, so only a
        near miss of one of its goals' milestone titles is warned of: ``First revew run``
        for "First review run" passed silently."""
        by_id = self.goals_by_id
        goals = [goal for goal_id in reflection.goal_ids if (goal := by_id.get(goal_id))]
        if any(written == milestone.title for goal in goals for milestone in goal.milestones):
            return
        # a public reflection's warning quotes no private goal's milestone (docs/content.md
        # §11): its annotation shows on the pull request
        titles = {milestone.title for goal in goals if reflection.private or not goal.private
                  for milestone in goal.milestones}
        meant = _near_title(written, tuple(sorted(titles)))
        if meant is not None:
            self.warn(reflection.file.path, ("milestone",), "unknown-milestone",
                      f"milestone '{shortened(written)}' is none of its goals' milestones"
                      f"{did_you_mean(written, [meant])}")
