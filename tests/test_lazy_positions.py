"""Positions are worked out only when a message needs one, and are then exactly those reading
would have recorded: the memory of a large site's read depends on the first, every
diagnostic's file:line:column on the second."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from mentorsite.diagnostics import Diagnostics
from mentorsite.model.project import read_project
from mentorsite.read import yamltext
from mentorsite.read.load import load_content
from mentorsite.read.yamlsafe import read_yaml
from tests.conftest import TODAY

CHECKIN = """\
---
attendees: [Ana]
goals:
  alpha:
    status: on-track
    metrics:
      speed: 3
      sped: 4
---

Body.
"""
"""A check-in whose only problem, an unknown metric (line 8, column 7), is found by a rule
that runs after every file's own fields were read and validated."""


def test_plain_front_matter_is_read_without_positions():
    result = read_yaml("title: t\ntags: [a, b]\n", line_offset=1)
    assert result.value == {"title": "t", "tags": ["a", "b"]}
    assert not result.positions.derived


def test_positions_are_worked_out_exactly_when_first_asked_for():
    text = "title: t\nmetrics:\n  - id: speed\n    target: 10\n"
    positions = read_yaml(text, line_offset=1).positions
    assert positions.of_value(("metrics", 0, "target")) == (5, 13)
    assert positions.of_key(("metrics", 0, "target")) == (5, 5)
    assert positions.of_value(("metrics", 0, "missing")) == (4, 5)
    assert positions.derived


def test_loaded_documents_hold_no_positions(make_repo, valid_goal):
    root = make_repo({"content/goals/alpha.md": valid_goal,
                      "content/checkins/2025-06-10.md": CHECKIN})
    documents = load_content(root, Diagnostics())
    assert [doc.positions.derived for doc in documents] == [False, False]


def test_loaded_documents_hold_no_front_matter_text(make_repo, valid_goal):
    """Held until lint, which a build runs while its pages render, the texts were 3.4 MiB of
    the peak of a 5,000-file build; a position is worked out by reading the file again."""
    root = make_repo({"content/goals/alpha.md": valid_goal,
                      "content/checkins/2025-06-10.md": CHECKIN})
    documents = load_content(root, Diagnostics())
    assert [doc.positions.holds_text for doc in documents] == [False, False]
    checkin = documents[0]
    assert checkin.positions.of_value(("goals", "alpha", "metrics", "sped")) == (8, 13)


def test_a_position_read_again_comes_only_from_the_text_let_go_of():
    """A file edited since it was read has other positions: none is better than a wrong one
    (and its next build places its problems)."""
    text = "title: t\nmetrics:\n  - id: speed\n    target: 10\n"
    again = read_yaml(text, line_offset=1).positions
    again.let_go(lambda: text)
    assert again.of_value(("metrics", 0, "target")) == (5, 13)
    edited = read_yaml(text, line_offset=1).positions
    edited.let_go(lambda: "# a comment\n" + text)
    assert edited.of_value(("metrics", 0, "target")) == (1, 1)
    gone = read_yaml(text, line_offset=1).positions
    gone.let_go(lambda: None)
    assert gone.of_value(("metrics", 0, "target")) == (1, 1)


def test_an_edit_to_the_body_keeps_the_front_matters_positions(make_repo, valid_goal):
    root = make_repo({"content/goals/alpha.md": valid_goal,
                      "content/checkins/2025-06-10.md": CHECKIN})
    checkin = load_content(root, Diagnostics())[0]
    path = Path(root) / "content/checkins/2025-06-10.md"
    path.write_text(CHECKIN + "\nA line added to the body.\n", encoding="utf-8")
    assert checkin.positions.of_value(("goals", "alpha", "metrics", "sped")) == (8, 13)


def test_a_late_error_still_points_at_its_line_and_column(make_repo, valid_goal):
    root = make_repo({"content/goals/alpha.md": valid_goal,
                      "content/checkins/2025-06-10.md": CHECKIN})
    found = read_project(Path(root), date.fromisoformat(TODAY)).diagnostics.items
    assert [(d.path, d.line, d.column, d.code) for d in found] == [
        ("content/checkins/2025-06-10.md", 8, 7, "unknown-metric")
    ]


class _Counted:
    """Stands in for yamltext's line-break pattern, counting the texts it is asked to scan."""

    def __init__(self, pattern: object) -> None:
        self.pattern = pattern
        self.scans = 0

    def finditer(self, text: str) -> object:
        self.scans += 1
        return self.pattern.finditer(text)  # type: ignore[attr-defined]


def test_plain_front_matter_is_not_scanned_for_line_starts(monkeypatch):
    """Line starts turn a character index into a line and column: only a message needs one."""
    counted = _Counted(yamltext._LF)
    monkeypatch.setattr(yamltext, "_LF", counted)
    read_yaml("title: t\ntags: [a, b]\n", line_offset=1)
    assert counted.scans == 0
    broken = read_yaml("title: t\ntags: [a, b\n", line_offset=1)
    assert counted.scans == 1
    assert [(p.line, p.code) for p in broken.problems] == [(3, "invalid-yaml")]  # the "["
