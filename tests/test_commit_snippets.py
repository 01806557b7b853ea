"""A commit's line on the history's pages, made in Python, is the HTML the Jinja macros
``commit_line`` and ``commit_meta`` made (tests/fixtures/commit_macros_before.html), to the
byte, in the environment every page is drawn in."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2
import pytest
from jinja2.runtime import Macro

from mentorsite.diagnostics import Diagnostics
from mentorsite.history.commits import Commit, FileChange
from mentorsite.model.validate import validate_settings
from mentorsite.read.load import RawSettings
from mentorsite.render.templates import renderer
from mentorsite.render.theme import theme_folders

BEFORE = (Path(__file__).parent / "fixtures" / "commit_macros_before.html").read_text(
    encoding="utf-8")


def _commit(files: int, *, subject: str = "Check-in 2025-03-04", author: str = "Ana Lima",
            reviewers: tuple[str, ...] = (), parents: int = 1) -> Commit:
    changes = tuple(FileChange("M", f"content/checkins/2025-03-{i:02}.md", None, "a" * 40,
                               "b" * 40) for i in range(files))
    return Commit("0123456789abcdef" * 2 + "01234567", ("f" * 40,) * parents, author,
                  "ana@home.example", datetime(2025, 3, 4, 23, 30, 5, tzinfo=ZoneInfo(
                      "Pacific/Auckland")), subject, "", reviewers, changes, "Pacific/Auckland")


COMMITS = [
    _commit(1),
    _commit(2, reviewers=("Sam Okafor",)),
    _commit(12_345, subject="", reviewers=("Ana Lima", "Sam <b>&</b> Co", "سام")),
    _commit(0, subject="Merge pull request #4 from pair/x", parents=2),
    _commit(0, subject=""),
    _commit(3, subject="<script>'quoted' & \"double\"</script>", author="מיכל"),
    _commit(1, subject="עדכון יעד", author="Jo\u202eeo", reviewers=("Jo\u202eeo",)),
]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> jinja2.Environment:
    root = tmp_path_factory.mktemp("pair")
    settings = validate_settings(RawSettings({}, {}), root, Diagnostics())
    return renderer(theme_folders(root, settings), settings, None, None).env  # type: ignore[arg-type]


CALLS = ("{{ h.commit_line(commit) }}|{{ h.commit_meta(commit) }}|"
         "{% for one in [commit] %}{{ h.commit_line(one) }}{% endfor %}")


@pytest.mark.parametrize("commit", COMMITS)
@pytest.mark.parametrize("root", ["../../", "/", "https://example.org/a&b/"])
def test_a_commit_line_agrees_with_the_macros(env: jinja2.Environment, commit: Commit,
                                              root: str) -> None:
    new = env.from_string('{% import "history_macros.html" as h with context %}' + CALLS)
    old = env.from_string(BEFORE + CALLS.replace("h.", ""))
    assert new.render(commit=commit, root=root) == old.render(commit=commit, root=root)


def test_a_commit_line_is_drawn_without_a_macro(env: jinja2.Environment) -> None:
    """The history's index pages list every commit: a Jinja macro per commit was most of
    what they cost."""
    module = env.get_template("history_macros.html").module
    assert not isinstance(module.commit_line, Macro)
    assert not isinstance(module.commit_meta, Macro)
