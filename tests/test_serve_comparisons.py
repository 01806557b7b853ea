"""``serve``'s rebuild compares what it made of a changed entry with the last build's once, not
once for every value it is part of: a check-in naming every goal is a source of every goal's
view and page, and each of them compared all it says of every goal again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from mentorsite.serve.incremental import LiveBuild
from tests.conftest import TODAY, VALID_GOAL

CHECKIN = "content/checkins/2025-06-10.md"


def _repository(goals: int) -> dict[str, str]:
    """``goals`` goals, and a check-in that says how each of them is going."""
    files = {f"content/goals/goal-{n}.md": VALID_GOAL for n in range(goals)}
    said = "".join(f"  goal-{n}: {{status: on-track, metrics: {{speed: {n % 7}}}}}\n"
                   for n in range(goals))
    files[CHECKIN] = f"---\ngoals:\n{said}wins: [A demo]\n---\nNotes.\n"
    return files


def test_a_check_in_naming_every_goal_is_compared_once_when_saved(
        make_repo: Callable[[dict[str, str]], Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    compared = [0]
    real = BaseModel.__eq__

    def counting(self: BaseModel, other: Any) -> bool:
        compared[0] += 1
        return real(self, other)

    work = []
    for goals in (10, 40):
        root = make_repo(_repository(goals))
        live = LiveBuild(root, tmp_path / f"site-{goals}", date.fromisoformat(TODAY))
        live.build()
        live.settle()
        pages = {path: path.read_bytes() for path in (tmp_path / f"site-{goals}").rglob("*.html")}
        with (root / CHECKIN).open("a", encoding="utf-8") as file:
            file.write("More notes.\n")
        compared[0] = 0
        monkeypatch.setattr(BaseModel, "__eq__", counting)
        live.build([CHECKIN])
        monkeypatch.undo()
        work.append(compared[0])
        changed = {path for path, html in pages.items() if path.read_bytes() != html}
        assert {path.parent.name for path in changed} == {"2025-06-10"}  # its page alone
    assert work[1] <= 5 * work[0], work  # 4 times the goals: 16 times the work before
