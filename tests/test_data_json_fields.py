"""``data.json``'s items say what the pages say: each field from what it is named for.

One small repository with a reviewed pull request and a reflection; every value asserted
is one the pages show too, so another tool reading the file sees the same mentorship.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from mentorsite.build import build
from tests.conftest import Repo

REFLECTION = "---\ntitle: Looking back\ngoal: ship\n---\n# What happened\nA.\n"
"""Naming its goal as ``goal:``, the one-goal form: ``data.json`` still lists it in ``goals``."""


def test_data_json_items_carry_their_own_fields(tmp_path: Path, valid_goal: str) -> None:
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/ship.md", valid_goal)
    first = repo.commit("Plan")
    repo.write("content/checkins/2025-06-10.md", "---\ngoals:\n  ship:\n    status: on-track\n"
                                                 "---\n")
    repo.write("content/reflections/2025-06-11-looking-back.md", REFLECTION)
    reviewed = repo.commit("First session (#7)\n\nReviewed-by: Sam Lee <sam@home.example>")
    out = tmp_path / "site"
    build(repo.root, out, today=date(2025, 6, 15))
    data = json.loads((out / "data.json").read_text(encoding="utf-8"))

    assert [(c["sha"], c["pull_request"], c["reviewed_by"]) for c in data["history"]] == [
        (reviewed, 7, ["Sam Lee"]), (first, None, [])]
    assert [r["goals"] for r in data["reflections"]] == [["ship"]]
    assert data["health"]["days_since"] == 5  # since 2025-06-10, as of 2025-06-15
    for kind in ("goals", "checkins", "reflections"):
        for item in data[kind]:  # what the site uses to build, not the pair's front matter
            assert "file" not in item and "private" not in item, item
