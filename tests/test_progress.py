"""SPEC §2 progress rules, worked out by hand on a small mentorship.

``ship`` has three metrics: ``turnaround`` (down, 48 → 12), ``features`` (up, 0 → 10) and
``unread`` (never read). ``docs`` has a metric nobody reads and four milestones, one done.
``idea`` has neither. The check-ins are chosen so that ordering by path, by date alone or by
file order would each give a different latest value than "by date, then by slug".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mentorsite.model.entries import Goal, Mentorship, Metric
from mentorsite.model.insights import insights
from mentorsite.model.progress import (
    goal_progress,
    metric_progress,
    milestone_share,
    readings_by_metric,
)
from mentorsite.model.project import read_project
from mentorsite.model.publish import published
from mentorsite.reports.report import build_report, period

HEAD = "---\ntitle: {title}\nstarted: 2025-06-01\ndue: 2025-12-31\nwhy: w\nsuccess: s\n"

FILES = {
    "content/goals/ship.md": HEAD.format(title="Ship")
    + "metrics:\n"
    "  - {id: turnaround, label: Hours to review, baseline: 48, target: 12, direction: down}\n"
    "  - {id: features, label: Features, target: 10}\n"
    "  - {id: unread, label: Never read, baseline: 1, target: 5}\n"
    "---\n",
    "content/goals/docs.md": HEAD.format(title="Docs")
    + "metrics:\n  - {id: pages, label: Pages, target: 40}\n"
    "milestones:\n"
    "  - {title: Outline, due: 2025-06-10, done: 2025-06-09}\n"
    "  - {title: Draft, due: 2025-07-01}\n"
    "  - {title: Review, due: 2025-08-01}\n"
    "  - {title: Publish, due: 2025-09-01}\n"
    "---\n",
    "content/goals/idea.md": HEAD.format(title="Idea") + "---\n",
    "content/reflections/2025-06-09-outline.md": "---\ntitle: Outline\ngoal: docs\n---\n"
    "# What happened\n# Why it mattered\n# What I learned\n# What changes next\n",
    # 1 June: turnaround 40, features 2
    "content/checkins/2025-06-01.md": "---\ngoals:\n  ship:\n"
    "    metrics: {turnaround: 40, features: 2}\n---\n",
    # 8 June, slug '2025-06-08': turnaround 36, features 20 (twice the target)
    "content/checkins/2025-06-08.md": "---\ngoals:\n  ship:\n"
    "    metrics: {turnaround: 36, features: 20}\n---\n",
    # 8 June, slug '2025-06-08-late': after '2025-06-08' by slug, yet before it by path
    # ('-' sorts before '.'), so only "date, then slug" makes 30 the latest turnaround
    "content/checkins/2025-06-08-late.md": "---\ngoals:\n  ship:\n"
    "    metrics: {turnaround: 30}\n---\n",
    # 5 June: written last, dated in the middle
    "content/checkins/2025-06-05.md": "---\ngoals:\n  ship:\n"
    "    metrics: {turnaround: 44, features: 4}\n---\n",
}


@pytest.fixture
def mentorship(make_repo) -> Mentorship:
    """The fixture mentorship, validated; it has no errors, so every file is in the model."""
    project = read_project(make_repo(FILES), today=date(2025, 6, 15))
    assert project.diagnostics.errors == 0, project.diagnostics.sorted()
    return project.model


def _goal(model: Mentorship, goal_id: str) -> Goal:
    return model.goals_by_id()[goal_id]


def _metric(goal: Goal, metric_id: str) -> Metric:
    metric = goal.metric(metric_id)
    assert metric is not None
    return metric


def test_series_is_ordered_by_date_then_slug(mentorship):
    ship = _goal(mentorship, "ship")
    readings = readings_by_metric(ship, mentorship.checkins)["turnaround"]
    assert [(r.date, r.checkin, r.value) for r in readings] == [
        (date(2025, 6, 1), "2025-06-01", 40),
        (date(2025, 6, 5), "2025-06-05", 44),
        (date(2025, 6, 8), "2025-06-08", 36),
        (date(2025, 6, 8), "2025-06-08-late", 30),
    ]


def test_a_metric_nobody_read_has_no_series(mentorship):
    ship = _goal(mentorship, "ship")
    assert _metric(ship, "unread")
    assert "unread" not in readings_by_metric(ship, mentorship.checkins)


def test_latest_direction_down_is_half_way(mentorship):
    """Latest turnaround is 30: (30 - 48) / (12 - 48) = -18 / -36 = 0.5."""
    ship = _goal(mentorship, "ship")
    latest = readings_by_metric(ship, mentorship.checkins)["turnaround"][-1].value
    assert latest == 30
    assert metric_progress(_metric(ship, "turnaround"), latest) == pytest.approx(0.5)


def test_goal_progress_is_the_mean_of_metrics_with_readings(mentorship):
    """turnaround 0.5; features 20 of 10 clamps to 1.0; unread has no reading and is left out:
    (0.5 + 1.0) / 2 = 0.75 (counting unread as 0 would give 0.5)."""
    assert goal_progress(_goal(mentorship, "ship"), mentorship.checkins) == pytest.approx(0.75)


def test_goal_without_readings_falls_back_to_milestones(mentorship):
    """docs has a metric but no reading of it: one milestone of four done is 0.25."""
    docs = _goal(mentorship, "docs")
    assert milestone_share(docs) == pytest.approx(0.25)
    assert goal_progress(docs, mentorship.checkins) == pytest.approx(0.25)


def test_goal_without_readings_or_milestones_has_no_progress(mentorship):
    idea = _goal(mentorship, "idea")
    assert milestone_share(idea) is None
    assert goal_progress(idea, mentorship.checkins) is None


DOWN = Metric(id="turnaround", label="Hours", baseline=48, target=12, direction="down")
UP = Metric(id="confidence", label="Confidence", baseline=2, target=4, scale=(1, 5))
IMPLIED_DOWN = Metric(id="stale", label="Stale PRs", baseline=14, target=4)
WIDE = Metric(id="wide", label="Wide", baseline=-1e308, target=1e308)
"""target - baseline is infinite in floats: every reading read 0% of the way."""
WIDE_DOWN = Metric(id="wide", label="Wide", baseline=1e308, target=-1e308)


@pytest.mark.parametrize(
    ("metric", "latest", "expected"),
    [
        pytest.param(DOWN, 48, 0.0, id="down-at-baseline"),
        pytest.param(DOWN, 30, 0.5, id="down-half-way"),
        pytest.param(DOWN, 12, 1.0, id="down-at-target"),
        pytest.param(DOWN, 6, 1.0, id="down-beyond-target-clamps-to-1"),
        pytest.param(DOWN, 60, 0.0, id="down-worse-than-baseline-clamps-to-0"),
        pytest.param(UP, 3, 0.5, id="up-half-way"),
        pytest.param(UP, 5, 1.0, id="up-beyond-target-clamps-to-1"),
        pytest.param(UP, 1, 0.0, id="up-below-baseline-clamps-to-0"),
        pytest.param(IMPLIED_DOWN, 9, 0.5, id="implied-down-half-way"),
        pytest.param(IMPLIED_DOWN, 16, 0.0, id="implied-down-worse-clamps-to-0"),
        pytest.param(DOWN, None, None, id="no-reading"),
        pytest.param(WIDE, 0, 0.5, id="a-span-past-what-a-float-holds"),
        pytest.param(WIDE, 5e307, 0.75, id="a-reading-that-far-from-the-baseline"),
        pytest.param(WIDE_DOWN, -5e307, 0.75, id="down-that-wide"),
    ],
)
def test_metric_progress_is_clamped_and_direction_aware(metric, latest, expected):
    result = metric_progress(metric, latest)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected)


def test_progress_of_the_example_repository_is_in_range():
    """Every goal of the example mentorship has progress in 0..1 or none, never outside."""
    root = Path(__file__).resolve().parents[1]
    project = read_project(root, today=date(2025, 12, 28))
    assert project.model.goals, "the example has goals"
    for goal in project.model.goals:
        progress = goal_progress(goal, project.model.checkins)
        assert progress is None or 0.0 <= progress <= 1.0, (goal.id, progress)


def test_the_site_shows_the_progress_goal_progress_gives_reading_each_series_once(
        mentorship, monkeypatch):
    """insights works a goal's progress out from the metric views it has just made (one
    series per metric), by the same rule as goal_progress."""
    from mentorsite.model import insights as insights_module
    from mentorsite.model import progress

    expected = {g.id: goal_progress(g, mentorship.checkins) for g in mentorship.goals}
    assert set(expected.values()) - {None}, "some goal has progress"
    made: list[str] = []
    real = insights_module.readings_by_metric
    monkeypatch.setattr(insights_module, "readings_by_metric",
                        lambda goal, checkins: made.append(goal.id) or real(goal, checkins))
    monkeypatch.setattr(progress, "readings_by_metric",
                        lambda *_: pytest.fail("a series made twice"))
    views = insights_module.insights(mentorship, date(2025, 6, 30))
    assert {v.goal.id: v.progress for v in views.goals} == expected
    assert sorted(made) == sorted(g.id for g in mentorship.goals)


def test_a_goal_achieved_ahead_of_its_due_date_is_never_a_win_of_the_future(read_valid):
    """Called done by no check-in, it was dated by its due date: a win of next June on the
    wins page and in `status`, and no win at all in a report up to today."""
    project = read_valid({
        "content/goals/g.md": "---\ntitle: Goal G\nstatus: achieved\nstarted: 2025-01-01\n"
                              "due: 2026-06-01\nwhy: w\nsuccess: s\n---\n",
        "content/checkins/2025-06-02.md": "---\ngoals:\n  g: {status: on-track}\n---\n",
    })
    model, today = published(project.model), project.today
    [win] = [w for w in insights(model, today).wins if w.kind == "goal"]
    assert win.date == date(2025, 6, 2), "the newest check-in that named it"
    report = build_report(model, today, period(model, today, None, None))
    assert [(w.kind, w.date) for w in report.wins] == [("goal", date(2025, 6, 2))]
    assert [g.closed_on for g in report.goals] == [date(2025, 6, 2)]


def test_a_goal_called_done_only_by_a_check_in_dated_ahead_is_never_a_win_of_the_future(
        read_valid):
    """The check-in dated ahead counts from its day, as for check-in health: the wins page
    had "Goal achieved · 1 Jul 2025" on 15 June, the timeline too, and a report up to today
    no win at all and the goal still active."""
    project = read_valid({
        "content/goals/g.md": "---\ntitle: Goal G\nstatus: achieved\nstarted: 2025-01-01\n"
                              "due: 2026-06-01\nwhy: w\nsuccess: s\n---\n",
        "content/checkins/2025-06-02.md": "---\ngoals:\n  g: {status: on-track}\n---\n",
        "content/checkins/2025-07-01.md": "---\ngoals:\n  g: {status: done}\n---\n",
    })
    model, today = published(project.model), project.today
    views = insights(model, today)
    assert [w.date for w in views.wins if w.kind == "goal"] == [date(2025, 6, 2)]
    assert [m.date for m in views.timeline if m.kind == "goal-achieved"] == [date(2025, 6, 2)]
    report = build_report(model, today, period(model, today, None, None))
    assert [(w.kind, w.date) for w in report.wins] == [("goal", date(2025, 6, 2))]
    assert [g.closed_on for g in report.goals] == [date(2025, 6, 2)]


def test_a_goal_dropped_or_pivoted_is_never_closed_on_a_day_to_come(read_valid):
    """A check-in dated ahead (an agenda written early) counts from its day: the timeline
    said "Goal dropped · 30 Jun 2025" on 15 June, and a report up to today showed the goal
    still active."""
    goal = ("---\ntitle: {title}\nstatus: {status}\nstarted: 2025-01-01\nwhy: w\n"
            "success: s\n{more}---\n")
    project = read_valid({
        "content/goals/b.md": goal.format(title="Old", status="pivoted", more="pivoted_to: c\n"),
        "content/goals/c.md": goal.format(title="New", status="active", more="").replace(
            "2025-01-01", "2025-03-01"),
        "content/goals/d.md": goal.format(title="Drop", status="dropped", more=""),
        "content/checkins/2025-04-07.md": "---\ngoals:\n  b: {}\n  d: {}\n---\n",
        "content/checkins/2025-06-30.md": "---\ngoals:\n  b: {}\n  d: {}\n---\n",
    })
    model, today = published(project.model), project.today
    assert today < date(2025, 6, 30)
    closed = [(m.kind, m.date) for m in insights(model, today).timeline
              if m.kind in ("goal-dropped", "goal-pivoted")]
    assert closed == [("goal-pivoted", date(2025, 4, 7)), ("goal-dropped", date(2025, 4, 7))]
    report = build_report(model, today, period(model, today, None, None))
    assert {g.goal.id: g.closed_on for g in report.goals if g.goal.id in "bd"} == {
        "b": date(2025, 4, 7), "d": date(2025, 4, 7)}


def test_the_timeline_has_each_goal_closed_on_the_day_the_report_counts(read_valid):
    """The wins page had "Goal achieved · 2 June" and the timeline nothing of it, nor of a
    pivot or a goal dropped: SPEC §5's timeline interleaves everything by date."""
    goal = ("---\ntitle: {title}\nstatus: {status}\nstarted: 2025-01-01\nwhy: w\n"
            "success: s\n{more}---\n")
    project = read_valid({
        "content/goals/a.md": goal.format(title="Ship", status="achieved", more=""),
        "content/goals/b.md": goal.format(title="Old", status="pivoted", more="pivoted_to: c\n"),
        "content/goals/c.md": goal.format(title="New", status="active", more="").replace(
            "2025-01-01", "2025-05-01"),
        "content/goals/d.md": goal.format(title="Drop", status="dropped", more=""),
        "content/checkins/2025-06-02.md": "---\ngoals:\n  a: {status: done}\n  b: {}\n---\n",
        "content/checkins/2025-04-07.md": "---\ngoals:\n  d: {status: blocked}\n---\n",
    })
    model = published(project.model)
    closed = [(m.kind, m.title, m.date) for m in insights(model, project.today).timeline
              if m.kind in ("goal-achieved", "goal-dropped", "goal-pivoted")]
    assert closed == [("goal-pivoted", "Old", date(2025, 6, 2)),  # newest first, then by kind
                      ("goal-achieved", "Ship", date(2025, 6, 2)),
                      ("goal-dropped", "Drop", date(2025, 4, 7))]
    report = build_report(model, project.today, period(model, project.today, None, None))
    assert {g.goal.title: g.closed_on for g in report.goals if g.closed_on} == {
        title: day for _, title, day in closed}


class _CountedMetrics(list):  # type: ignore[type-arg]
    """A goal's metrics that count how often they are walked through."""

    walks = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        type(self).walks += 1
        return super().__iter__()


def test_a_goals_metrics_are_walked_once_for_any_number_of_look_ups(mentorship):
    """A check-in page looks up the metric of each of its readings: each look-up walked every
    metric, so a check-in reading a goal's 2,000 metrics took 4 million comparisons. The first
    of a repeated id is still the one found."""
    ship = _goal(mentorship, "ship")
    metrics = _CountedMetrics([*ship.metrics, *ship.metrics])
    goal = Goal.model_construct(**{**dict(ship), "metrics": metrics})
    for _ in range(50):
        for metric in ship.metrics:
            assert goal.metric(metric.id) is metric
    assert goal.metric("no-such-metric") is None
    assert _CountedMetrics.walks <= 1


def test_a_copy_with_other_metrics_finds_its_own(mentorship):
    """``model_copy`` copies the table of metrics by id made by a look-up: a copy with other
    metrics must not find the original's."""
    ship = _goal(mentorship, "ship")
    first = ship.metrics[0]
    assert ship.metric(first.id) is first
    renamed = first.model_copy(update={"label": "Renamed"})
    copy = ship.model_copy(update={"metrics": (renamed, *ship.metrics[1:])})
    assert copy.metric(first.id) is renamed
    assert ship.metric(first.id) is first
