"""Insights rules at their edges, each written where a hand-made mutation of
:mod:`mentorsite.model.progress` or :mod:`mentorsite.model.insights` left every other test
passing: the day of the build itself, the status that counts as achieved, the dates a
dashboard lists."""

from __future__ import annotations

from datetime import date

import pytest

from mentorsite.model.insights import insights
from mentorsite.model.publish import published

GOAL = ("---\ntitle: {title}\nstatus: {status}\nstarted: 2025-01-01\ndue: {due}\nwhy: w\n"
        "success: s\n{more}---\n")


def test_next_steps_agreed_at_a_check_in_held_today_are_the_open_ones(read_valid):
    """A check-in dated the day of the build is held: its next steps are the ones the
    dashboard and ``status`` list, not those of the check-in before it."""
    project = read_valid({
        "content/goals/g.md": GOAL.format(title="G", status="active", due="2025-12-01",
                                          more=""),
        "content/checkins/2025-06-01.md": "---\nnext:\n  - {task: Old step}\n---\n",
        "content/checkins/2025-06-15.md": "---\nnext:\n  - {task: New step}\n---\n",
    })
    assert project.today == date(2025, 6, 15)
    views = insights(published(project.model), project.today)
    assert [(s.step.task, s.checkin.slug) for s in views.open_steps] == [
        ("New step", "2025-06-15")]


def test_an_achieved_goal_is_a_win_on_the_day_a_check_in_called_it_done(read_valid):
    """Only ``status: done`` says it was achieved: the check-ins before it, which called
    it blocked or on track, do not date the win on the wins page or the timeline."""
    project = read_valid({
        "content/goals/g.md": GOAL.format(title="G", status="achieved", due="2025-12-01",
                                          more=""),
        "content/checkins/2025-06-02.md": "---\ngoals:\n  g: {status: blocked}\n---\n",
        "content/checkins/2025-06-05.md": "---\ngoals:\n  g: {status: on-track}\n---\n",
        "content/checkins/2025-06-09.md": "---\ngoals:\n  g: {status: done}\n---\n",
        "content/checkins/2025-06-12.md": "---\ngoals:\n  g: {note: celebrated}\n---\n",
    })
    views = insights(published(project.model), project.today)
    assert [w.date for w in views.wins if w.kind == "goal"] == [date(2025, 6, 9)]
    assert [m.date for m in views.timeline if m.kind == "goal-achieved"] == [date(2025, 6, 9)]


@pytest.mark.parametrize(("last", "days", "state"), [
    ("2025-06-15", 0, "ok"), ("2025-06-08", 7, "ok"), ("2025-06-07", 8, "due"),
    ("2025-06-04", 11, "due"), ("2025-06-03", 12, "overdue"),
])
def test_check_in_health_is_ok_through_the_cadence_and_due_through_its_grace(
        read_valid, last, days, state):
    """Weekly: a check-in 7 days ago is on time, 8 to 11 days (the cadence and half of it
    again) is due, 12 is overdue."""
    project = read_valid({
        "mentorsite.yml": "cadence: weekly\n",
        "content/goals/g.md": GOAL.format(title="G", status="active", due="2025-12-01",
                                          more=""),
        f"content/checkins/{last}.md": "---\ngoals:\n  g: {status: on-track}\n---\n",
    })
    health = insights(published(project.model), project.today).health
    assert (health.last, health.days, health.allowed, health.state) == (
        date.fromisoformat(last), days, 11, state)


def test_deadlines_ahead_are_those_still_to_meet_from_today_on(read_valid):
    """Listed: what falls due today (not yet missed), a paused goal's due date (it is to be
    taken up again) and a milestone not yet done; left out: a milestone already done and
    the due date of a goal that is closed. Soonest first, whatever the titles."""
    project = read_valid({
        "content/goals/a.md": GOAL.format(
            title="Due today", status="active", due="2025-06-15",
            more="milestones:\n  - {title: Done early, due: 2025-07-01, done: 2025-06-10}\n"
                 "  - {title: Still to do, due: 2025-07-02, done: false}\n"),
        "content/goals/p.md": GOAL.format(title="Paused", status="paused", due="2025-07-10",
                                          more=""),
        "content/goals/x.md": GOAL.format(title="Achieved", status="achieved",
                                          due="2025-07-20", more=""),
        "content/checkins/2025-06-14.md": "---\ngoals:\n  x: {status: done}\n---\n",
    })
    views = insights(published(project.model), project.today)
    assert [(d.date.isoformat(), d.title, d.kind) for d in views.deadlines] == [
        ("2025-06-15", "Due today", "goal"),
        ("2025-07-02", "Still to do", "milestone"),
        ("2025-07-10", "Paused", "goal"),
    ]


def test_open_steps_are_the_newest_check_ins_not_done_and_overdue_only_once_past(read_valid):
    """A step due today is not overdue yet; one due yesterday is; one marked done is no
    open step at all (the dashboard listed it beside those still to do)."""
    project = read_valid({
        "content/goals/g.md": GOAL.format(title="G", status="active", due="2025-12-01",
                                          more=""),
        "content/checkins/2025-06-10.md": "---\nnext:\n"
        "  - {task: Due yesterday, due: 2025-06-14}\n"
        "  - {task: Due today, due: 2025-06-15}\n"
        "  - {task: Finished, due: 2025-06-20, done: true}\n"
        "  - {task: Some day}\n---\n",
    })
    views = insights(published(project.model), project.today)
    assert [(s.step.task, s.overdue) for s in views.open_steps] == [
        ("Due yesterday", True), ("Due today", False), ("Some day", False)]
    assert [d.title for d in views.deadlines] == ["Due today"]


def test_a_goals_notes_are_the_check_ins_that_recorded_something_of_it(read_valid):
    """A check-in that lists the goal with nothing under it (as ``new checkin`` prefills
    every active goal) is no note on the goal's page."""
    project = read_valid({
        "content/goals/g.md": GOAL.format(title="G", status="active", due="2025-12-01",
                                          more=""),
        "content/checkins/2025-06-01.md": "---\ngoals:\n  g: {note: Pairing went well}\n---\n",
        "content/checkins/2025-06-08.md": "---\ngoals:\n  g: {}\n---\n",
        "content/checkins/2025-06-12.md": "---\ngoals:\n  g: {status: at-risk}\n---\n",
    })
    [view] = insights(published(project.model), project.today).goals
    assert [note.checkin.slug for note in view.notes] == ["2025-06-12", "2025-06-01"]


def test_an_achieved_goal_starting_ahead_is_never_a_win_of_the_future(read_valid):
    """Called done by no check-in and with no due date passed, it counts from its start,
    yet never later than today."""
    project = read_valid({
        "content/goals/g.md": GOAL.format(title="G", status="achieved", due="2025-12-01",
                                          more="").replace("2025-01-01", "2025-07-01"),
    })
    views = insights(published(project.model), project.today)
    assert [w.date for w in views.wins if w.kind == "goal"] == [project.today]
