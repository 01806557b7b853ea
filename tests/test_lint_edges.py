"""The warnings' edges: what falls on ``today``, or exactly on a limit, is not yet a warning.

Every case is checked as of 2025-06-15 (``TODAY``) and compares the whole list of
diagnostics, so it shows both that the edge is quiet and, one day further, that it is not.
"""

from __future__ import annotations

import pytest

from tests.conftest import TODAY

GOAL = "content/goals/beta.md"
HEAD = "---\ntitle: t\nstarted: 2025-06-01\nwhy: w\nsuccess: s\n"
REFLECTION = ("---\ntitle: t\ngoals: [beta]\n---\n# What happened\nA.\n# Why it mattered\nB.\n"
              "# What I learned\nC.\n# What changes next\nD.\n")


@pytest.mark.parametrize(("due", "expected"), [
    (TODAY, []),
    ("2025-06-14", [f"{GOAL}:6:6: warning [goal-overdue]"]),
])
def test_an_active_goal_due_today_is_not_yet_overdue(due, expected, make_repo, check_json,
                                                      brief):
    """The pair has the whole of its ``due`` day to reach it."""
    root = make_repo({GOAL: HEAD + f"due: {due}\nmilestones: [{{title: m}}]\n---\n"})
    assert brief(check_json(root)[1]) == expected


@pytest.mark.parametrize(("done", "expected"), [
    (TODAY, []),
    ("2025-06-16", [f"{GOAL}:9:11: warning [milestone-done-in-future]"]),
])
def test_a_milestone_done_today_is_not_done_in_the_future(done, expected, make_repo,
                                                           check_json, brief):
    """A milestone marked done on the day it was done, and reflected on that day, is quiet."""
    root = make_repo({
        GOAL: HEAD + f"due: 2025-12-31\nmilestones:\n  - title: m\n    done: {done}\n---\n",
        "content/reflections/2025-06-15-m.md": REFLECTION,
    })
    assert brief(check_json(root)[1]) == expected


@pytest.mark.parametrize(("reflected", "expected"), [
    ("2025-06-10", []),
    ("2025-06-09", [f"{GOAL}:8:9: warning [missing-reflection]"]),
])
def test_a_reflection_on_the_day_a_goal_was_called_done_names_it(reflected, expected, make_repo,
                                                                  check_json, brief):
    """A pair that reflects on the day of the check-in that called the goal done, as the
    session often ends, has reflected on it "on or after" that day."""
    root = make_repo({
        GOAL: HEAD + "due: 2025-12-31\nmilestones: [{title: m}]\nstatus: achieved\n---\n",
        "content/checkins/2025-06-10.md": "---\ngoals:\n  beta:\n    status: done\n---\n",
        f"content/reflections/{reflected}-m.md": REFLECTION,
    })
    assert brief(check_json(root)[1]) == expected


@pytest.mark.parametrize(("reflected", "expected"), [
    ("2025-06-05", []),
    ("2025-06-04", [f"{GOAL}:9:11: warning [missing-reflection]"]),
])
def test_a_reflection_on_the_day_a_milestone_was_done_names_it(reflected, expected, make_repo,
                                                               check_json, brief):
    """The milestone's own day counts, as the message says: "on or after that date"."""
    root = make_repo({
        GOAL: HEAD + "due: 2025-12-31\nmilestones:\n  - title: m\n    done: 2025-06-05\n---\n",
        f"content/reflections/{reflected}-m.md": REFLECTION,
    })
    assert brief(check_json(root)[1]) == expected


@pytest.mark.parametrize(("held", "expected"), [
    (TODAY, []),
    ("2025-06-16", ["content/checkins/2025-06-16.md:1:1: warning [checkin-in-future]"]),
])
def test_a_checkin_held_today_is_not_in_the_future(held, expected, make_repo, check_json, brief,
                                                    valid_goal):
    """The check-in written at today's session is held: no "after today" warning."""
    root = make_repo({
        "content/goals/alpha.md": valid_goal,
        "content/checkins/2025-06-10.md": "---\ngoals:\n  alpha:\n    status: on-track\n---\n",
        f"content/checkins/{held}.md": "---\ngoals:\n  alpha:\n    status: on-track\n---\n",
    })
    assert brief(check_json(root)[1]) == expected


CHECKIN = "---\ngoals:\n  alpha:\n    status: on-track\n---\n"
SETTINGS = "title: Ours\ncadence: weekly\n"
"""A weekly cadence allows 11 days between check-ins: 7, and half of it again as grace."""


@pytest.mark.parametrize(("after", "expected"), [
    ("2025-06-12", []),
    ("2025-06-13", ["content/checkins/2025-06-13.md:1:1: warning [checkin-gap]"]),
])
def test_a_gap_of_exactly_the_days_allowed_is_allowed(after, expected, make_repo, check_json,
                                                      brief, valid_goal):
    """"The weekly cadence allows 11 days": a check-in 11 days after the one before is in
    time, one 12 days after is not."""
    root = make_repo({
        "mentorsite.yml": SETTINGS,
        "content/goals/alpha.md": valid_goal,
        "content/checkins/2025-06-01.md": CHECKIN,
        f"content/checkins/{after}.md": CHECKIN,
    })
    assert brief(check_json(root)[1]) == expected


@pytest.mark.parametrize(("last", "expected"), [
    ("2025-06-04", []),
    ("2025-06-03", ["content/checkins/2025-06-03.md:1:1: warning [checkin-overdue]"]),
])
def test_exactly_the_days_allowed_since_the_last_checkin_is_not_overdue(
        last, expected, make_repo, check_json, brief, valid_goal):
    """11 days since the last check-in, as of today, is what a weekly cadence allows."""
    root = make_repo({
        "mentorsite.yml": SETTINGS,
        "content/goals/alpha.md": valid_goal,
        f"content/checkins/{last}.md": CHECKIN,
    })
    assert brief(check_json(root)[1]) == expected


@pytest.mark.parametrize(("reading", "expected"), [
    ("1", []),
    ("5", []),
    ("0.5", ["content/checkins/2025-06-10.md:5:13: warning [reading-out-of-scale]"]),
])
def test_a_reading_at_either_end_of_its_scale_is_on_it(reading, expected, make_repo,
                                                       check_json, brief):
    """A scale's ends are readings of it: 1 on a scale of [1, 5] is the lowest, not outside."""
    root = make_repo({
        GOAL: HEAD + "due: 2025-12-31\nmetrics:\n  - id: conf\n    label: Confidence\n"
        "    baseline: 2\n    target: 4\n    scale: [1, 5]\n---\n",
        "content/checkins/2025-06-10.md": f"---\ngoals:\n  beta:\n    metrics:\n      conf: "
                                          f"{reading}\n---\n",
    })
    assert brief(check_json(root)[1]) == expected


@pytest.mark.parametrize(("due", "expected"), [
    (TODAY, []),
    ("2025-06-14", ["content/checkins/2025-06-10.md:6:23: warning [next-step-overdue]"]),
])
def test_a_next_step_due_today_is_not_yet_overdue(due, expected, make_repo, check_json, brief,
                                                  valid_goal):
    """A step due today can still be done today."""
    root = make_repo({
        "content/goals/alpha.md": valid_goal,
        "content/checkins/2025-06-10.md": "---\ngoals:\n  alpha:\n    status: on-track\nnext:\n"
                                          f"  - {{task: Call, due: {due}}}\n---\n",
    })
    assert brief(check_json(root)[1]) == expected
