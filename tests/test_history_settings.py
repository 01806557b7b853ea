"""History from repositories as people have them: their own git settings, clones and folders
that git will or will not read. Each test builds the site through :func:`build` or runs the
command line, and reads what a person would see."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from mentorsite.build import build
from tests.conftest import Repo
from tests.test_history import goal

TODAY = date(2025, 3, 1)
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git CLI")


def _settings(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    """Give every git command from now on these settings, as a person's ``~/.gitconfig``
    would (``GIT_CONFIG_COUNT``: no file of theirs is touched)."""
    monkeypatch.setenv("GIT_CONFIG_COUNT", str(len(values)))
    for index, (key, value) in enumerate(values.items()):
        monkeypatch.setenv(f"GIT_CONFIG_KEY_{index}", key.replace("_", "."))
        monkeypatch.setenv(f"GIT_CONFIG_VALUE_{index}", value)


@pytest.mark.parametrize("setting", [{"log_showRoot": "false"}, {"diff_relative": "true"}])
def test_settings_that_change_git_log_change_no_history(setting, tmp_path, monkeypatch):
    """The mentorship in a folder of a larger project, its first commit the repository's."""
    repo = Repo(tmp_path / "project")
    repo.write("notes/mentorsite.yml", "title: Sub\n")
    repo.write("notes/content/goals/speak.md", goal())
    repo.commit("Set the goal")
    repo.write("notes/content/goals/speak.md", goal(target=5))
    repo.commit("Raise the target")
    _settings(monkeypatch, **setting)
    site = tmp_path / "site"
    build(repo.root / "notes", site, today=TODAY)
    data = json.loads((site / "data.json").read_text())
    assert [c["subject"] for c in data["history"]] == ["Raise the target", "Set the goal"]
    assert data["history"][1]["files"] == ["content/goals/speak.md"]
    assert data["goals"][0]["created"]["sha"] == data["history"][1]["sha"]
