"""Dates at the ends of the calendar: a file or ``--today`` may say 0001-01-01 or 9999-12-31,
and every command still answers (a horizon, a chart's axis or a calendar event past them used
to crash with OverflowError or ValueError)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from mentorsite.clock import days_from
from mentorsite.pages import charts, feeds

GOAL = """\
---
title: Go the distance
status: active
started: 0001-01-01
due: 9999-12-31
why: To see the ends of the calendar.
success: Nothing breaks.
metrics:
  - {id: reach, label: Reach, baseline: 0, target: 10}
milestones:
  - {title: Halfway, due: 9999-12-31}
---
Far.
"""
CHECKIN = """\
---
goals:
  far: {{status: on-track, metrics: {{reach: {value}}}}}
next:
  - {{task: Keep going, due: {due}}}
---
Notes.
"""


@pytest.fixture
def far_site(make_repo) -> Path:
    return make_repo({
        "mentorsite.yml": "title: Far\ncadence: weekly\n",
        "content/goals/far.md": GOAL,
        "content/checkins/0001-01-01.md": CHECKIN.format(value=1, due="0001-01-01"),
        "content/checkins/9999-12-25.md": CHECKIN.format(value=5, due="9999-12-31"),
        "content/checkins/9999-12-31.md": CHECKIN.format(value=9, due="9999-12-31"),
    })


@pytest.mark.parametrize("today", ["0001-01-01", "2025-06-15", "9999-12-31"])
def test_every_command_answers_for_dates_at_the_ends_of_the_calendar(far_site, run_cli,
                                                                      tmp_path, today):
    out = tmp_path / f"site-{today}"
    for command in (["check"], ["status"], ["status", "--format", "json"], ["report"],
                    ["build", "--out", out, "--no-history"],
                    ["programme", "build", far_site, "--out", tmp_path / f"programme-{today}"]):
        result = run_cli("--source", far_site, "--today", today, *command)
        assert result.exit_code in (0, 1), (command, result.output)
    assert json.loads((out / "data.json").read_text())["goals"][0]["due"] == "9999-12-31"
    assert "Reach" in (out / "goals/far/index.html").read_text()


def test_a_horizon_stops_at_the_ends_of_the_calendar():
    assert days_from(date(2025, 6, 15), 30) == date(2025, 7, 15)
    assert days_from(date(9999, 12, 20), 30) == date.max
    assert days_from(date(1, 1, 5), -29) == date.min


def test_a_calendar_event_on_the_last_day_ends_with_its_day():
    last = feeds.vevent("goal-far", date.max, "Goal due: Far", "goals/far/",
                        ("20250615T000000Z", 0))
    assert "DTSTART;VALUE=DATE:99991231\r\n" in last
    assert "DTEND" not in last
    before = feeds.vevent("goal-far", date(2025, 6, 30), "Goal due", "goals/far/", ("x", 0))
    assert "DTSTART;VALUE=DATE:20250630\r\nDTEND;VALUE=DATE:20250701\r\n" in before


def test_calendar_dates_have_four_digits_of_year():
    early = feeds.vevent("next-x-0", date(5, 1, 1), "Next step: early", "checkins/x/",
                         ("x", 0))
    assert "DTSTART;VALUE=DATE:00050101\r\nDTEND;VALUE=DATE:00050102\r\n" in early


def test_a_chart_axis_ends_in_the_last_month_there_is():
    labels = charts.time_labels(date(9999, 10, 15), date.max)
    assert labels == [(date(9999, 11, 1), "Nov 9999", False), (date(9999, 12, 1), "Dec", True)]
    assert [label for _, label, _ in charts.time_labels(date(9999, 12, 15), date.max)] == [
        "15 Dec 9999", "22 Dec", "29 Dec"]  # by days: no month starts in the range


def test_a_chart_axis_over_the_whole_calendar_labels_a_few_years():
    labels = charts.time_labels(date.min, date.max)
    assert [label for _, label, _ in labels] == [str(year) for year in range(1000, 10000, 1000)]


def test_month_labels_are_english_whatever_the_locale():
    assert charts._MONTHS[0] == "Jan" and charts._MONTHS[-1] == "Dec"
    assert [label for _, label, _ in charts.time_labels(date(2025, 2, 1), date(2025, 12, 31))
            ] == ["Feb 2025", *(date(2025, m, 1).strftime("%b") for m in range(3, 13))]
    assert re.fullmatch(r"(?:[A-Z][a-z]{2})+", "".join(charts._MONTHS))
