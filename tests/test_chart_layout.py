"""A chart's labels stay readable however long the goal and however close its baseline is to
its target: the time axis labels at most :data:`TIME_LABELS` months or years, evenly spaced
and never more than a phone can show, and the baseline's and target's labels keep apart.

The browser's view of the same (labels that overlap, or cross the axis, on the laid-out page)
is in ``test_phone_layout.py``.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from mentorsite.history.field_changes import meaning
from mentorsite.model.entries import Metric
from mentorsite.model.insights import MetricView
from mentorsite.pages.charts import (
    _MONTHS,
    _STEPS,
    AXIS_CLEARANCE,
    BOTTOM,
    DAY_LABELS,
    HEIGHT,
    PHONE_LABELS,
    REF_LABEL_GAP,
    TIME_LABELS,
    TOP,
    Chart,
    Mark,
    _apart,
    metric_chart,
    plan_change,
    time_labels,
    value_labels,
)

AXIS = HEIGHT - BOTTOM


def _months(first: date, last: date) -> int:
    """Month starts from ``first`` to ``last``, counted by walking the calendar."""
    count, day = 0, date(first.year, first.month, 1)
    while day <= last:
        count += day >= first
        if (day.year, day.month) == (9999, 12):
            break
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return count


def _index(day: date) -> int:
    return day.year * 12 + day.month - 1


spans = st.tuples(
    st.dates(max_value=date(9999, 12, 24)),
    st.one_of(st.integers(7, 800), st.integers(7, 4000), st.integers(7, 3_700_000)),
)


@given(spans)
def test_the_time_axis_labels_few_evenly_spaced_months(span: tuple[date, int]) -> None:
    first, days = span
    last = first + timedelta(days=min(days, (date.max - first).days))
    labels = time_labels(first, last)
    months = _months(first, last)
    assume(months >= 2)  # fewer: labelled by days, the next test
    assert len(labels) <= TIME_LABELS
    assert all(first <= day <= last and day.day == 1 for day, _, _ in labels)
    steps = {_index(b[0]) - _index(a[0]) for a, b in pairwise(labels)}
    assert len(steps) <= 1  # evenly spaced
    step = steps.pop() if steps else None
    if step is not None:
        smaller = [s for s in (*_STEPS, 24, 60, 120, 240, 600, 1200) if s < step]
        assert not smaller or months > TIME_LABELS * smaller[-1]  # the fewest months apart
        assert all(_index(day) % step == 0 for day, _, _ in labels)  # on round months
    if months <= TIME_LABELS:  # every month, but a first one a phone would hide, of a year
        assert len(labels) in (months, months - 1)  # the next label names
    for at, (day, label, _) in enumerate(labels):
        name = str(day.year) if day.month == 1 else _MONTHS[day.month - 1]
        assert label == (f"{name} {day.year}" if at == 0 and day.month != 1 else name)


@pytest.mark.parametrize(("first", "last", "named"), [
    (date(2025, 2, 3), date(2025, 9, 30), ["Mar 2025"]),  # named no year
    (date(2024, 1, 15), date(2026, 11, 23), ["Jul 2024", "2025", "2026"]),  # named 2025 first
    (date(2024, 12, 1), date(2025, 9, 30), ["Dec 2024", "2025"]),
    (date(2025, 12, 10), date(2026, 1, 12), ["10 Dec 2025", "7 Jan 2026"]),  # by days
])
def test_a_time_axis_names_the_year_of_its_first_label(first: date, last: date,
                                                       named: list[str]) -> None:
    """The first label, and one where the year changes, say the year, so that a reader can
    tell the year of every reading: on a phone too, which shows the first, or the next year."""
    labels = time_labels(first, last)
    assert [label for _, label, _ in labels if any(c.isdigit() for c in label[-4:])] == named
    assert not labels[0][2] or labels[1][1].isdigit()


@given(spans)
def test_every_width_shows_the_first_labels_year(span: tuple[date, int]) -> None:
    first, days = span
    last = first + timedelta(days=min(days, (date.max - first).days))
    labels = time_labels(first, last)
    shown = [label for _, label, minor in labels if not minor]
    assert labels[0][1][-1].isdigit() and shown[0][-1].isdigit()


@given(st.dates(max_value=date(9999, 12, 24)), st.integers(1, 70))
def test_a_goals_first_weeks_are_labelled_by_day(first: date, days: int) -> None:
    """A span in which fewer than two months start (one label, or none, by months) is
    labelled by days: from its first, evenly, ``20 Nov``."""
    last = first + timedelta(days=min(days, (date.max - first).days))
    labels = time_labels(first, last)
    assume(_months(first, last) < 2)
    assert 2 <= len(labels) <= DAY_LABELS or (last == first and len(labels) == 1)
    assert labels[0][0] == first and all(day <= last for day, _, _ in labels)
    assert len({(b[0] - a[0]).days for a, b in pairwise(labels)}) <= 1
    assert [label.removesuffix(f" {day.year}") for day, label, _ in labels] == [
        f"{day.day} {_MONTHS[day.month - 1]}" for day, _, _ in labels]
    # the second makes way for a phone's larger first label, which names the year
    assert [minor for _, _, minor in labels] == [at == 1 for at in range(len(labels))]


@given(spans)
def test_a_phone_shows_every_other_label_and_the_years(span: tuple[date, int]) -> None:
    first, days = span
    last = first + timedelta(days=min(days, (date.max - first).days))
    labels = time_labels(first, last)
    shown = [label for label in labels if not label[2]]
    assert len(shown) <= PHONE_LABELS
    if len(labels) <= PHONE_LABELS:  # all but the second, which makes way for a long first
        assert shown == [label for at, label in enumerate(labels)
                         if at != 1 or " " not in labels[0][1]]
    else:
        assert [minor for _, _, minor in labels][:2] in ([True, False], [False, True])
        assert all(a[2] != b[2] for a, b in pairwise(labels))
        if any(day.month != 1 for day, _, _ in labels):  # months: every January stays
            assert all(not minor for day, _, minor in labels if day.month == 1)


lines = st.floats(min_value=TOP, max_value=AXIS)


@given(lines, lines)
def test_the_baseline_and_target_labels_keep_apart(baseline: float, target: float) -> None:
    at_baseline, at_target = _apart(baseline, target, AXIS)
    assert abs(at_baseline - at_target) >= REF_LABEL_GAP - 1e-9
    if abs(baseline - target) >= REF_LABEL_GAP:
        assert (at_baseline, at_target) == (baseline, target)  # far enough: at their lines
    else:
        assert (at_baseline < at_target) == (baseline < target)  # in the lines' order
        assert min(at_baseline, at_target) >= TOP - REF_LABEL_GAP / 2
        assert max(at_baseline, at_target) <= AXIS - REF_LABEL_GAP / 2  # clear of the axis


ordinary = st.floats(min_value=-1e6, max_value=1e6)


def _chart(baseline: float, target: float) -> Chart:
    """The chart of a metric from ``baseline`` to ``target`` with no readings yet."""
    metric = Metric(id="m", label="M", baseline=baseline, target=target)
    return metric_chart(MetricView(metric, (), None, None), date(2025, 9, 1))


@given(ordinary, st.floats(min_value=0.01, max_value=1e6))
def test_the_value_axis_has_two_to_six_round_steps(low: float, span: float) -> None:
    """Evenly spaced by 1, 2 or 5 times a power of ten; never one tick alone, and never so
    many that a phone's larger labels run into each other."""
    ticks = [value for value, _ in value_labels(low, low + span)]
    assert 2 <= len(ticks) <= 6
    steps = {f"{b - a:.6g}" for a, b in pairwise(ticks)}
    assert len(steps) == 1
    mantissa = f"{float(steps.pop()):.6e}"
    assert mantissa[0] in "125" and set(mantissa[1:mantissa.index("e")]) <= {".", "0"}


@pytest.mark.parametrize(("low", "high", "shown"), [
    (3.6, 96.4, ["20", "40", "60", "80"]),  # readings from 10 to 90, padded: only 50 before
    (9.1, 50.9, ["10", "20", "30", "40", "50"]),  # 12 to 48 hours: 20 and 40 before
    (2.1, 14.9, ["4", "6", "8", "10", "12", "14"]),  # 3 to 14 PRs: 5 and 10 before
    (0.05, 0.06171875, ["0.05", "0.055", "0.06"]),  # 0.05 a hair above 10 steps of 0.005
])
def test_the_value_axis_has_at_least_three_ticks(low: float, high: float,
                                                 shown: list[str]) -> None:
    """The first step that spanned the range in four often left one or two ticks in it."""
    assert [label for _, label in value_labels(low, high)] == shown


def test_no_value_tick_sits_on_the_time_axis() -> None:
    """Padded, a metric from 50 down to 10 runs from 6.8 to 53.2: its tick at 10 falls 13
    units above the time axis, where its label would run into the month below it on a
    phone. It is left out; the ticks above it stay."""
    chart = _chart(50, 10)
    assert [tick.label for tick in chart.y_ticks] == ["20", "30", "40", "50"]
    assert all(tick.at <= chart.bottom - AXIS_CLEARANCE for tick in chart.y_ticks)
    assert value_labels(6.8, 53.2)[0][1] == "10"  # there to leave out


@given(ordinary, st.floats(min_value=0.01, max_value=1e6), st.booleans())
def test_a_chart_has_two_to_six_value_ticks_clear_of_the_time_axis(
    baseline: float, span: float, lower_is_better: bool
) -> None:
    chart = _chart(baseline, baseline - span if lower_is_better else baseline + span)
    assert 2 <= len(chart.y_ticks) <= 6
    assert all(chart.top <= tick.at <= chart.bottom - AXIS_CLEARANCE for tick in chart.y_ticks)


@pytest.mark.parametrize(("baseline", "target", "shown"), [
    (0, 10, ["2", "4", "6", "8", "10"]),  # 5 and 10 before: 0 was chosen, then left out
    (0, 4, ["1", "2", "3", "4"]),  # 2 and 4 before
    (100, 0, ["20", "40", "60", "80", "100"]),
])
def test_ticks_are_chosen_above_the_time_axis(baseline: float, target: float,
                                              shown: list[str]) -> None:
    """A metric that starts at 0 has its 0 a few units above the time axis, where no tick
    goes: the ticks are chosen from what is left, so that leaving 0 out does not leave two."""
    chart = _chart(baseline, target)
    assert [tick.label for tick in chart.y_ticks] == shown
    assert all(tick.at <= chart.bottom - AXIS_CLEARANCE for tick in chart.y_ticks)


@pytest.mark.parametrize(("before", "after", "shown"), [
    (10000, 12500, "target 10,000 → 12,500"),  # as the page's other figures: not 10000
    (4, 5, "target 4 → 5"),
    (0.1, 0.25, "target 0.1 → 0.25"),
    (1e16, 2e16, "target 10,000,000,000,000,000 → 20,000,000,000,000,000"),  # not 1e+16
    ("soon", 5, "target soon → 5"),  # an old version's value need not have been a number
])
def test_a_moved_target_reads_as_the_pages_figures(before: object, after: object,
                                                   shown: str) -> None:
    [change] = meaning({"metrics": [{"id": "m", "target": before}]},
                       {"metrics": [{"id": "m", "target": after}]})
    assert plan_change(change) == shown


def test_plan_changes_on_one_day_draw_one_line_and_the_legend_counts_the_unlabelled() -> None:
    """A target moved 400 times in a hundred days drew 400 lines, most on top of each other,
    and its legend named all 400: one line is drawn per place, and the unlabelled changes are
    counted."""
    marks = tuple(Mark(100 + index // 4, f"target {index} → {index + 1}", "history/x/",
                       labelled=index >= 393) for index in range(400))
    chart = Chart(width=640, height=240, left=48, right=624, top=16, bottom=208, points=(),
                  baseline_y=200, target_y=20, baseline_label_y=200, target_label_y=20,
                  y_ticks=(), x_ticks=(), marks=marks)
    assert chart.mark_lines == tuple(float(x) for x in range(100, 200))
    assert chart.earlier_marks == 393
