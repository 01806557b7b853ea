"""What a goal's revisions mean field by field: defaults, broken versions, merges."""

from __future__ import annotations

import shutil

import pytest

from mentorsite.history.evolution import FileHistory, evolution
from mentorsite.history.git import read_history
from mentorsite.history.versions import meaning
from tests.conftest import Repo
from tests.test_history import built, page

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git CLI")

GOAL = "content/goals/g.md"
FRONT = ("title: {title}\n{status}started: 2025-01-01\ndue: 2025-12-31\nwhy: w\nsuccess: s\n"
         "metrics:\n  - {{id: m, label: M, {baseline}target: 10}}\n")


def goal(title: str = "Goal G", status: str = "", baseline: str = "baseline: 0, ") -> str:
    return f"---\n{FRONT.format(title=title, status=status, baseline=baseline)}---\nBody.\n"


def history(repo: Repo) -> FileHistory:
    return evolution(read_history(repo.root), ()).files[GOAL]


def shown(changes: object) -> list[tuple[str, str | None, str | None]]:
    return [(c.field, c.before, c.after) for c in changes]  # type: ignore[attr-defined]


def test_a_field_left_out_is_compared_as_its_default(tmp_path):
    """A goal without ``status`` is ``active``: pausing it reads ``active → paused``, not
    ``added paused``; and dropping a ``baseline: 0`` that said the default changes nothing."""
    repo = Repo(tmp_path / "pair")
    repo.write(GOAL, goal())
    repo.commit("Set the goal")
    repo.write(GOAL, goal(status="status: paused\n"))
    repo.commit("Pause")
    repo.write(GOAL, goal(status="status: paused\n", baseline=""))
    repo.commit("Tidy: drop the default baseline")
    tidy, pause, first = history(repo).revisions
    assert shown(pause.changes) == [("status", "active", "paused")]
    assert shown(tidy.changes) == []
    assert "status" not in [c.field for c in first.changes]  # an addition lists what is written
    assert shown(meaning({"title": "G"}, {"title": "G", "status": "paused"}, "goal")) == [
        ("status", "active", "paused")]
    assert shown(meaning({"status": None}, {"status": "active"}, "goal")) == []


def test_a_version_after_a_broken_one_is_compared_with_the_last_readable(tmp_path):
    """The revision that mends broken front matter shows what changed since the last version
    that could be read, not every field added; the broken one shows no fields, and says why."""
    repo = Repo(tmp_path / "pair")
    repo.write(GOAL, goal())
    repo.commit("Set the goal")
    repo.write(GOAL, goal(title="[broken"))
    broken_sha = repo.commit("Break it")
    repo.write(GOAL, goal(title="[still broken"))
    repo.commit("Break it again")
    repo.write(GOAL, goal(title="Goal G2", status="status: dropped\n"))
    repo.commit("Mend it")
    mended, again, broken, _ = history(repo).revisions
    assert shown(mended.changes) == [("title", "Goal G", "Goal G2"),
                                     ("status", "active", "dropped")]
    assert broken.unreadable and again.unreadable and not mended.unreadable
    assert broken.changes == () and again.changes == ()
    site, _ = built(repo)
    evolved = page(site, "goals/g").find(id="Evolution").get_text(" ", strip=True)
    assert evolved.count("Its front matter could not be read") == 2
    assert "title : Goal G → changed to Goal G2" in evolved
    assert "added" not in evolved.split("Set the goal")[0]
    revision = page(site, f"goals/g/revisions/{broken_sha}").get_text(" ", strip=True)
    assert "Its front matter could not be read" in revision
    assert "This is the current version" not in revision
    commit = page(site, f"history/{broken_sha}").find("section", class_="file-change")
    assert "Its front matter could not be read" in commit.get_text(" ", strip=True)
    assert commit.find("ul", class_="field-changes") is None
