"""Commit text is read in time that grows with its length: a subject or a message of a long
run of spaces, or of letters without an ``@``, took time that grew with its square."""

from __future__ import annotations

import re

import pytest

from mentorsite.history.parse import name_shown, without_addresses
from mentorsite.history.sessions import _squashed

_OLD_SQUASH = re.compile(r"^(?P<title>.*?)\s*\(#(?P<number>\d+)\)$")
"""The pattern the squash merges' subjects were read with: what they still mean."""


@pytest.mark.parametrize("subject", [
    "Add a goal (#12)", "Add a goal(#12)", "Add a goal  \t(#7)", "(#3)", "Fix (#12) (#34)",
    "Fix (#12) and more", "Fix (#)", "Fix (#12", "Fix #12)", "Fix (#1a)", "Fix (# 12)",
    "Merge (#12) ", "Plain subject", "", "Title (#0012)",
])
def test_a_squash_merge_is_read_as_before(subject: str) -> None:
    old = _OLD_SQUASH.match(subject)
    assert _squashed(subject) == ((int(old["number"]), old["title"]) if old else None)


def test_a_long_run_of_spaces_in_a_subject_is_read_at_once() -> None:
    subject = "Plan" + " " * 200_000 + "x (#5)"
    assert _squashed(subject) == (5, "Plan" + " " * 200_000 + "x")
    assert _squashed("a" + " " * 200_000 + "b") is None


@pytest.mark.parametrize(("identity", "shown"), [
    ("Ana <ana@home.example>", "Ana"), ("ana@home.example", "ana"),
    ("Ana Ruiz ana.ruiz@work.example", "Ana Ruiz"), ("<ana@home>", "ana"),
])
def test_a_name_is_shown_without_its_address(identity: str, shown: str) -> None:
    assert name_shown(identity) == shown


def test_long_runs_without_an_address_are_read_at_once() -> None:
    letters = "x" * 200_000 + "@"
    assert name_shown(letters) == letters  # no domain: no address
    spaced = "Reviewed " + " " * 200_000 + "x@y"
    assert without_addresses(spaced) == spaced
