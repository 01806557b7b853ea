"""A content file copied out of ``content/`` stays where it was: git's ``-C`` names the copy
(``C100 content/goals/ship.md notes/ship-before.md``) only when the commit also changed the
source, and that commit changed the goal once; it deleted nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from mentorsite.build import build
from tests.conftest import Repo

PLAN = "\nA line of the plan.\n" * 20


def test_a_copy_out_of_content_is_no_deletion(tmp_path: Path, valid_goal: str) -> None:
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/ship.md", valid_goal + PLAN)
    repo.commit("Plan")
    repo.write("notes/ship-before.md", valid_goal + PLAN)  # the old plan kept aside
    repo.write("content/goals/ship.md", valid_goal + PLAN + "Changed.\n")
    repo.commit("Keep the old plan aside, and change it")
    assert "C100\tcontent/goals/ship.md\tnotes/ship-before.md" in repo.git(
        "log", "-1", "--raw", "-C", "--format=")
    build(repo.root, tmp_path / "site", today=date(2025, 6, 15))
    data = json.loads((tmp_path / "site/data.json").read_text(encoding="utf-8"))
    assert [commit["files"] for commit in data["history"]] == [["content/goals/ship.md"]] * 2
