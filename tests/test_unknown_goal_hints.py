"""The hint an unknown goal id is told (``did you mean 'x'?``) costs work that grows with the
content, not with the check-ins naming that id times the goals: a goal whose file is renamed
leaves its old id in every check-in that named it, and each one's hint compared the id with
every goal again."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from mentorsite import diagnostics
from mentorsite.model import cross_checks
from tests.conftest import VALID_GOAL

PRIVATE_GOAL = VALID_GOAL.replace("---\n\n", "private: true\n---\n\n")


def _repository(goals: int) -> dict[str, str]:
    """``goals`` goals, one of them private, and four times as many check-ins naming the old id
    of a renamed one (``speak-up``, now ``speak-up-more``), the last of them private."""
    files = {f"content/goals/goal-{n}.md": VALID_GOAL for n in range(goals - 2)}
    files["content/goals/speak-up-more.md"] = VALID_GOAL
    files["content/goals/speak-up-now.md"] = PRIVATE_GOAL
    for n in range(4 * goals):
        private = "private: true\n" if n == 4 * goals - 1 else ""
        files[f"content/checkins/2025-06-01-n{n}.md"] = (
            f"---\ngoals:\n  speak-up: {{status: on-track}}\n{private}---\nNotes.\n")
    return files


def _counted_closest(monkeypatch: pytest.MonkeyPatch, module: ModuleType) -> list[int]:
    """How many names each call of ``module.closest`` looks among, call by call."""
    counts: list[int] = []
    real = module.closest

    def counting(word: str, choices: Iterable[str]) -> str | None:
        choices = list(choices)
        counts.append(len(choices))
        return real(word, choices)

    monkeypatch.setattr(module, "closest", counting)
    return counts


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many goal ids each hint is looked for among."""
    return _counted_closest(monkeypatch, diagnostics)


def test_a_renamed_goals_old_id_is_compared_with_the_goals_once(
        make_repo: Callable[[dict[str, str]], Path],
        check_json: Callable[..., tuple[int, list[dict[str, Any]]]],
        compared: list[int]) -> None:
    work = []
    for goals in (10, 40):
        compared.clear()
        code, rows = check_json(make_repo(_repository(goals)))
        work.append(sum(compared))
        told = {row["path"]: row["message"] for row in rows if row["code"] == "unknown-goal"}
        assert code == 1 and len(told) == 4 * goals
        private = told.pop(f"content/checkins/2025-06-01-n{4 * goals - 1}.md")
        assert private == "unknown goal 'speak-up' (did you mean 'speak-up-now'?)"
        assert set(told.values()) == {  # never the private goal's id
            "unknown goal 'speak-up' (did you mean 'speak-up-more'?)"}
    assert work[1] <= 5 * work[0], work  # 4 times the content: 16 times the work before


def test_a_title_written_in_every_check_in_is_compared_with_the_titles_once(
        make_repo: Callable[[dict[str, str]], Path],
        check_json: Callable[..., tuple[int, list[dict[str, Any]]]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A goal named by its title half remembered ("Ship release"), in every check-in, as a new
    user writes it: each check-in's error compared it with every goal's title again."""
    compared = _counted_closest(monkeypatch, cross_checks)
    work = []
    for goals in (10, 40):
        files = {f"content/goals/goal-{n}.md": VALID_GOAL.replace(
            "Ship the first release", f"Plan the talk number {n}") for n in range(goals - 1)}
        files["content/goals/ship.md"] = VALID_GOAL
        for n in range(4 * goals):
            files[f"content/checkins/2025-06-01-n{n}.md"] = (
                "---\ngoals:\n  Ship release: {status: on-track}\n---\nNotes.\n")
        compared.clear()
        code, rows = check_json(make_repo(files))
        work.append(sum(compared))
        told = {row["message"] for row in rows if row["code"] == "invalid-id"}
        assert code == 1 and len(told) == 1 and "did you mean 'ship'?" in told.pop()
    assert work[1] <= 5 * work[0], work  # 4 times the content: 16 times the work before
