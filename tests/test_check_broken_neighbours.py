"""One file with errors hides no other file's warnings, and invents none (SPEC §3: every
problem in one run).

A file with errors is left out of the model, and a check-in naming a goal with errors is left
out with it; what they leave out must not take the other files' warnings with it, nor warn of
what they would have answered (a reflection naming a goal, a link to the file).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import VALID_GOAL

PROJECT = Path(__file__).resolve().parents[1]
DEMO_TODAY = "2026-12-07"


def _demo(tmp_path: Path) -> Path:
    """A copy of the example mentorship, to break one file of."""
    root = tmp_path / "demo"
    shutil.copytree(PROJECT / "content", root / "content")
    shutil.copy(PROJECT / "mentorsite.yml", root / "mentorsite.yml")
    return root


def _told(rows: list[dict[str, object]]) -> set[tuple[object, ...]]:
    return {(row["path"], row["line"], row["column"], row["severity"], row["code"])
            for row in rows}


def test_a_broken_goal_hides_no_warning_of_the_checkins_naming_it(tmp_path, check_json):
    """The demo's newest check-in names every active goal: one goal's wrong ``status`` left it
    out of the model, and its four overdue next steps with it."""
    root = _demo(tmp_path)
    _, whole = check_json(root, today=DEMO_TODAY)
    goal = root / "content/goals/onboarding-guide.md"
    goal.write_text(goal.read_text(encoding="utf-8").replace(
        "status: active", "status: bogus", 1), encoding="utf-8")
    status, broken = check_json(root, today=DEMO_TODAY)
    assert status == 1
    own = {row for row in _told(whole) if row[0] == "content/goals/onboarding-guide.md"}
    assert own  # the goal's own warnings go: its values are not known
    expected = (_told(whole) - own) | {
        ("content/goals/onboarding-guide.md", 3, 9, "error", "invalid-value")}
    assert _told(broken) == expected
    assert any(row[4] == "next-step-overdue" for row in expected)


CHECKIN = "content/checkins/2025-06-10.md"


def test_a_checkin_naming_a_broken_goal_gets_its_own_warnings_not_the_goals(make_repo,
                                                                          check_json, brief):
    """Its step and its reading of a valid goal are warned of; its reading of the broken
    goal, whose scale is not known, is not (nor does anything crash)."""
    scaled = VALID_GOAL.replace("metrics:", "metrics:\n  - {id: mood, label: Mood, "
                                "baseline: 2, target: 4, "
                                "scale: [1, 5]}", 1)
    root = make_repo({
        "content/goals/good.md": scaled,
        "content/goals/bad.md": scaled.replace("started: 2025-06-01", "started: soon", 1),
        CHECKIN: "---\ngoals:\n  good:\n    metrics: {mood: 9}\n  bad:\n    metrics: {mood: 9}\n"
                 "next:\n  - task: t\n    due: 2025-06-12\n---\n",
    })
    status, rows = check_json(root)
    assert status == 1
    assert brief(rows) == [
        f"{CHECKIN}:4:21: warning [reading-out-of-scale]",
        f"{CHECKIN}:9:10: warning [next-step-overdue]",
        "content/goals/bad.md:3:10: error [invalid-date]",
    ]


def test_a_step_done_in_a_broken_newer_checkin_is_not_told_overdue_in_the_one_before(
        make_repo, check_json, brief):
    """The newest check-in has errors: its steps are the open ones, and it marks the step
    carried forward done; the check-in before it is no longer the one to warn of."""
    root = make_repo({
        "content/goals/good.md": VALID_GOAL,
        "content/checkins/2025-06-01.md": "---\ngoals:\n  good: {status: on-track}\nnext:\n"
                                          "  - {task: a, due: 2025-06-05}\n---\n",
        CHECKIN: "---\ngoals:\n  good: {status: on-track}\nbogus: 1\nnext:\n"
                 "  - {task: a, due: 2025-06-05, done: true}\n---\n",
    })
    assert brief(check_json(root)[1]) == [f"{CHECKIN}:4:1: error [unknown-field]"]


def test_a_link_to_a_file_with_errors_is_no_broken_link(make_repo, check_json, brief):
    """The file is there, and its own error says what to fix: "no published entry" was a
    second warning, in another file, for the one mistake."""
    evidence = "content/evidence/2025-06-10-e.md"
    root = make_repo({
        "content/goals/good.md": VALID_GOAL,
        evidence: "---\ntitle: t\ngoals: [good]\nkind: feedback\n---\n"
                  "See [the reflection](../reflections/2025-06-09-r.md).\n",
        "content/reflections/2025-06-09-r.md": "---\ntitle: t\ngoals: [good]\nbogus: 1\n---\n",
    })
    assert brief(check_json(root)[1]) == [
        "content/reflections/2025-06-09-r.md:4:1: error [unknown-field]"]


def test_a_reflection_with_errors_still_reflects_on_the_goals_it_names(make_repo, check_json,
                                                                        brief):
    """A typo in the reflection on a milestone told the goal, besides the typo, that no
    reflection names it."""
    reflection = "content/reflections/2025-06-09-r.md"
    root = make_repo({
        "content/goals/good.md": VALID_GOAL.replace(
            "metrics:", "milestones:\n  - {title: m, done: 2025-06-08}\nmetrics:", 1),
        reflection: "---\ntitle: t\ngoals: [good]\nbogus: 1\n---\n",
    })
    assert brief(check_json(root)[1]) == [f"{reflection}:4:1: error [unknown-field]"]


def test_a_misspelt_setting_leaves_the_others_as_written(make_repo, check_json, brief):
    """A typo beside ``cadence: monthly`` set the cadence back to biweekly, and a monthly
    pair's gap of five weeks was warned of besides the typo."""
    root = make_repo({
        "mentorsite.yml": "cadence: monthly\ncadance: monthly\n",
        "content/goals/good.md": VALID_GOAL,
        "content/checkins/2025-05-01.md": "---\ngoals:\n  good: {note: planned}\n---\n",
        CHECKIN: "---\ngoals:\n  good: {status: on-track}\n---\n",
    })
    assert brief(check_json(root)[1]) == ["mentorsite.yml:2:1: error [unknown-field]"]


def test_a_reflection_whose_yaml_cannot_be_read_tells_no_goal_it_is_unreflected(
        make_repo, check_json, brief):
    """The goals it names are not known until its YAML is fixed: "no reflection names this
    goal" may be false of any goal, so it is told of none done by the reflection's day."""
    reflection = "content/reflections/2025-06-09-r.md"
    root = make_repo({
        "content/goals/good.md": VALID_GOAL.replace(
            "metrics:", "milestones:\n  - {title: m, done: 2025-06-08}\nmetrics:", 1),
        reflection: "---\ntitle: t\ngoals: [good\n---\n",
    })
    assert [line for line in brief(check_json(root)[1]) if "missing-reflection" in line] == []
    assert any(line.startswith(reflection) for line in brief(check_json(root)[1]))


def test_a_circle_of_pivots_through_a_goal_with_errors_is_told_in_the_same_run(
        make_repo, check_json, brief):
    """b's wrong ``started`` hid that a and b pivot to each other: the circle was told only
    in the run after it was fixed."""
    pivoted = VALID_GOAL.replace("started:", "status: pivoted\npivoted_to: {}\nstarted:", 1)
    root = make_repo({
        "content/goals/a.md": pivoted.format("b"),
        "content/goals/b.md": pivoted.format("a").replace("started: 2025-06-01",
                                                           "started: soon", 1),
    })
    assert brief(check_json(root)[1]) == [
        "content/goals/a.md:4:13: error [pivot-cycle]",
        "content/goals/b.md:5:10: error [invalid-date]",
    ]
