"""The Python snippets draw exactly what the Jinja macros they replace drew.

``tests/fixtures/macros_before.html`` holds the macros as they were; each case renders one call
through them and through the default theme's ``macros.html`` (which now exports the Python
functions), in the same environment, and compares the HTML byte for byte.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import jinja2
import pytest

from mentorsite.insights import insights
from mentorsite.model import Settings
from mentorsite.project import read_project
from mentorsite.publish import published
from mentorsite.render import renderer
from mentorsite.theme import builtin_theme

PROJECT = Path(__file__).resolve().parents[1]
BEFORE = (Path(__file__).parent / "fixtures" / "macros_before.html").read_text(encoding="utf-8")
TODAY = date(2025, 12, 28)

CALLS = [
    'status_badge("active")', 'status_badge("on-track", "Last check-in:")',
    'status_badge("off-track", "<b>&")', 'status_badge("made-up-status")', 'status_badge("")',
    'day(d)', 'day(d, "short")', 'day(d, "long")', 'day(d, "other")',
    'amount(none, "h")', 'amount(3, none)', 'amount(3.5, "")', 'amount(0.333, "%")',
    'amount(16, "hours")', 'amount(2, "<i>")', 'amount(-1.25, "km & m")',
    'relative(d)', 'relative(today)', 'relative(d2)', 'relative(d3)', 'relative(d4)',
    'goal_link("known")', 'goal_link("unknown")', 'goal_link("<x>")',
    'goal_list(["known", "unknown"])', 'goal_list([])', 'goal_list(none)', 'goal_list(("known",))',
    'kind_label("win")', 'kind_label("goal-started")', 'kind_label("odd")',
    'kind_label("win", {"win": "Won <it>"})', 'kind_label("x", {"win": "W"})',
]
VARIANTS = {
    "goal_titles": {"goal_titles": {"known": "Known & <loved>"}},
    "insights": {},  # filled in from the demo site
    "neither": {},
}


def _env() -> jinja2.Environment:
    """The site's environment, which can also load the macros as they were."""
    env = renderer([builtin_theme()], Settings(), TODAY, None).env
    return env.overlay(loader=jinja2.ChoiceLoader(
        [jinja2.DictLoader({"before.html": BEFORE}), env.loader]
    ))


@pytest.fixture(scope="module")
def demo_insights():
    """The demo site's insights, for goal links that look goals up instead of a title map."""
    project = read_project(PROJECT, TODAY)
    return insights(published(project.model), TODAY)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize("imported", ["with context", "without context"])
def test_snippet_draws_what_the_macro_drew(call, variant, imported, demo_insights):
    env = _env()
    context = {
        "root": "../<r>/", "today": TODAY, "d": date(2025, 9, 8), "d2": date(2025, 12, 29),
        "d3": date(2025, 12, 27), "d4": date(2026, 1, 30), **VARIANTS[variant],
    }
    if variant == "insights":
        context["insights"] = demo_insights
        goal = demo_insights.goals[0].goal.id
        call = call.replace('"known"', f'"{goal}"')
    before = env.from_string(
        '{% import "before.html" as m with context %}{{ m.' + call + " }}"
    ).render(context)
    after = env.from_string(
        '{% import "macros.html" as m ' + ("with context" if imported == "with context" else "")
        + " %}{{ m." + call + " }}"
    ).render(context)
    assert after == before


def _charts(views):
    """Every metric of the demo site with its chart, and one with no readings at all."""
    from mentorsite.charts import metric_chart

    found = [(metric, metric_chart(metric, view.goal.started, []))
             for view in views.goals for metric in view.metrics]
    bare = dataclasses.replace(found[0][0], series=())
    return [*found, (bare, metric_chart(bare, views.goals[0].goal.started, []))]


@pytest.mark.parametrize("root", ["../", "../<r>&/"])
def test_chart_points_and_reading_rows_draw_what_the_loops_drew(root, demo_insights):
    env = _env()
    charts = _charts(demo_insights)
    assert {len(metric.series) > 1 for metric, _ in charts} == {True, False}
    assert {metric.metric.unit for metric, _ in charts} >= {None, "%", "hours"}
    for index, (view, chart) in enumerate(charts):
        context = {"root": root, "today": TODAY, "view": view, "chart": chart,
                   "id": f"chart-{index}"}
        calls = "{{ m.metric_chart(view, chart, id) }}{{ m.readings_table(view) }}"
        before = env.from_string(
            '{% import "before.html" as m with context %}' + calls).render(context)
        after = env.from_string(
            '{% import "macros.html" as m with context %}' + calls).render(context)
        assert after == before
