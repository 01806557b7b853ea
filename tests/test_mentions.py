"""Questions about one goal look at the check-ins that name it, not at every check-in: with
them gathered once (:func:`mentions_by_goal`), work over all goals stays linear in content.

Asking every check-in, for every achieved goal, was quadratic: on the 20,000-file benchmark
corpus (400 goals, 14,000 check-ins) 1.6 s for the wins page and as much again for lint, had
its goals been achieved. The answers are the same either way (the other tests hold them): these
check what each question is given.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from mentorsite.model import insights as insights_module
from mentorsite.model import progress
from mentorsite.model.entries import CheckIn, Mentorship
from mentorsite.model.lint import goals as lint_module
from mentorsite.model.progress import mentions_by_goal
from mentorsite.model.project import read_project
from mentorsite.model.publish import published
from mentorsite.reports import report as report_module

PROJECT = Path(__file__).resolve().parents[1]
TODAY = date(2025, 12, 28)


def naming(model: Mentorship, goal_id: str) -> tuple[CheckIn, ...]:
    return tuple(checkin for checkin in model.checkins if goal_id in checkin.goals)


def test_the_checkins_naming_each_goal_in_model_order():
    model = read_project(PROJECT, TODAY).model
    mentions = mentions_by_goal(model.checkins)
    named = {goal_id for checkin in model.checkins for goal_id in checkin.goals}
    assert set(mentions) == named and len(named) > 1
    for goal_id, checkins in mentions.items():
        assert checkins == naming(model, goal_id)


def _spy(monkeypatch: pytest.MonkeyPatch, module: Any, name: str,
         seen: list[tuple[str, str, tuple[CheckIn, ...]]]) -> None:
    real: Callable[..., Any] = getattr(progress, name)

    def spying(goal: Any, checkins: tuple[CheckIn, ...], *args: Any) -> Any:
        seen.append((module.__name__, goal.id, tuple(checkins)))
        return real(goal, checkins, *args)

    monkeypatch.setattr(module, name, spying)


def test_achieved_goals_and_reports_ask_only_the_checkins_naming_the_goal(
        monkeypatch: pytest.MonkeyPatch):
    seen: list[tuple[str, str, tuple[CheckIn, ...]]] = []
    _spy(monkeypatch, lint_module, "achieved_on", seen)
    # the wins page's, and through closing_day the report's and the timeline's
    for module in (insights_module, progress):
        _spy(monkeypatch, module, "achieved_day", seen)
    _spy(monkeypatch, report_module, "goal_progress_as_of", seen)
    project = read_project(PROJECT, TODAY)  # lints
    model = published(project.model)
    insights_module.insights(model, TODAY)
    report_module.build_report(model, TODAY, report_module.Period(date(2025, 9, 1), TODAY))
    asked = {where for where, _, _ in seen}
    assert asked == {insights_module.__name__, lint_module.__name__, progress.__name__,
                     report_module.__name__}
    for where, goal_id, checkins in seen:
        whole = project.model if where == lint_module.__name__ else model
        assert checkins == naming(whole, goal_id), (where, goal_id)
