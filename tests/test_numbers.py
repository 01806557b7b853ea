"""How the site writes numbers: a reading, a baseline or a target reads as the pair wrote it,
as far as a page can show it; a chart's value axis reads short enough for its margin."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mentorsite.history.field_changes import meaning
from mentorsite.pages.charts import LONGEST_LABEL, value_labels
from mentorsite.text import axis_number, number, percent


@pytest.mark.parametrize(("value", "shown"), [
    (None, "—"), (0, "0"), (-0.0, "0"), (3, "3"), (3.0, "3"), (1200, "1200"), (9999, "9999"),
    (10_000, "10,000"), (1_000_000, "1,000,000"), (-2_500_000, "-2,500,000"),
    (2.5, "2.5"), (0.33, "0.33"), (0.1, "0.1"), (12_345.678, "12,345.678"),
    (0.005, "0.005"), (0.001, "0.001"), (0.0125, "0.0125"), (-0.004, "-0.004"),
    (99.9, "99.9"), (99.995, "99.995"), (99.999, "99.999"), (5e-05, "0.00005"),
    (0.00001, "0.00001"), (-1.25e-07, "-0.000000125"), (1e-09, "0.000000001"),
    (5e-10, "5e-10"), (1.5e-300, "1.5e-300"),
    (1e15, "1,000,000,000,000,000"), (5_000_000_000_000_000, "5,000,000,000,000,000"),
    (1e16, "10,000,000,000,000,000"), (-2.5e18, "-2,500,000,000,000,000,000"),
    (10**20, "100,000,000,000,000,000,000"), (1e15 + 0.5, "1,000,000,000,000,000.5"),
    (1.2345678901234567e16, "12,345,678,901,234,568"),  # a float's 17 digits, then zeros
    (1e21, "1e+21"), (1.7e308, "1.7e+308"),
])
def test_numbers_read_as_written(value: float | None, shown: str) -> None:
    assert number(value) == shown


@pytest.mark.parametrize(("reading", "baseline", "target", "shown"), [
    (12.5, 0, 100, "13%"),  # docs/content.md §7's own example
    (28.5, 0, 100, "29%"), (4.35, 10, 0, "57%"), (471844.365, 388699, 474860, "97%"),
    (28.4, 0, 100, "28%"), (99.6, 0, 100, "99%"), (0.3, 0, 100, "1%"), (100, 0, 100, "100%"),
])
def test_a_share_at_a_half_reads_half_up(reading: float, baseline: float, target: float,
                                         shown: str) -> None:
    """Percentages round half up (docs/content.md §7). A share worked out in floating point
    lands a hair below its half (28.5 of 100 is 0.285, times 100 28.499999999999996): one
    displayed percentages at a half went down (48 over 200 random pairs)."""
    assert percent((reading - baseline) / (target - baseline)) == shown


@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda value: value != 0))
def test_a_number_reads_as_written(value: float) -> None:
    """Never rounded into another value: an error rate of 0.001 once read "0", its target of
    0.0125 "0.01", an uptime of 99.999 "100"; nor, from a quadrillion up, 1.2345e16 "1.23e+16"
    (and a target of 1e16 written as digits read "1e+16", beside "25,000,000")."""
    shown = number(value)
    assert shown.lstrip("-") != "0"
    assert float(shown.replace(",", "")) == value


@pytest.mark.parametrize(("value", "shown"), [
    (0, "0"), (40, "40"), (1200, "1200"), (9999, "9999"), (10_000, "10k"), (12_500, "12.5k"),
    (2_500_000, "2.5M"), (-3_000_000, "-3M"), (1e9, "1B"), (2e12, "2T"), (0.05, "0.05"),
    (1e15, "1000T"), (1e16, "10,000T"), (-2.5e18, "-2,500,000T"), (1e21, "1e+21"),
])
def test_an_axis_labels_in_thousands_millions_and_more(value: float, shown: str) -> None:
    assert axis_number(value) == shown


@pytest.mark.parametrize(("low", "high", "shown"), [
    (1234567.23, 1234567.52, ["1,234,567.3", "1,234,567.4", "1,234,567.5"]),
    (98765.2, 98765.8, ["98,765.2", "98,765.4", "98,765.6", "98,765.8"]),
])
def test_ticks_in_the_millions_carry_no_float_noise(low: float, high: float,
                                                    shown: list[str]) -> None:
    """A tick is the first plus steps, summed: in the millions ten decimals kept the sum's
    noise, "1,234,567.4000000001", which made a long label and a chart narrower."""
    assert [label for _, label in value_labels(low, high)] == shown


ends = st.floats(min_value=-1e300, max_value=1e300)


@given(ends, ends)
@example(-1.58e16, -1.560000000688128e16)  # found by Hypothesis: two ticks read "-1.58e+16"
@example(1e20, 1.00000000000008e20)  # ticks apart in their 15th digit: 27 characters in full
@example(-0.001953125, 0.0)  # found by Hypothesis: "-0.0015", six characters and a minus
def test_a_value_axis_labels_its_ticks_short_and_apart(low: float, high: float) -> None:
    """Labels short enough for the margin a chart leaves its value axis; never two alike, nor
    two ticks at one value (a step below 1e-10 once rounded every tick to 0). An ordinary
    span is labelled in six characters, a minus sign aside."""
    low, high = min(low, high), max(low, high)
    ticks = value_labels(low, high)
    labels = [label for _, label in ticks]
    assert len(set(labels)) == len(labels) == len({value for value, _ in ticks})
    size = max(abs(low), abs(high))
    if size < 1e12 and high - low >= size / 100 and high - low > 1e-3:
        assert max(len(label.removeprefix("-")) for label in labels) <= 6
    assert max(map(len, labels), default=0) <= LONGEST_LABEL


def test_a_scale_changed_in_a_revision_reads_as_a_range() -> None:
    """A goal's revision page read a scale changed from 1-5 to 1-10 as "1; 5" → "1; 10"."""
    old = {"metrics": [{"id": "mood", "scale": [1, 5]}], "tags": ["a", "b"]}
    new = {"metrics": [{"id": "mood", "scale": [1, 10]}], "tags": ["a"]}
    assert [(c.field, c.before, c.after) for c in meaning(old, new)] == [
        ("metrics.mood.scale", "[1, 5]", "[1, 10]"), ("tags", "a; b", "a")]


def test_a_revision_shows_numbers_as_the_site_writes_them() -> None:
    """A goal's revision page showed a target as Python writes a float ("1e+16", beside
    "10,000,000,000,000,000" in the latest readings), and ``1000`` rewritten as ``1000.0`` as
    a change of target. Within a scale they are not grouped: "[1, 10,000]" reads as three."""
    old = {"metrics": [{"id": "m", "target": 1e16, "baseline": 1000, "scale": [1, 10000]}]}
    new = {"metrics": [{"id": "m", "target": 2.5e16, "baseline": 1000.0,
           "scale": [1.0, 12000]}]}
    assert [(c.field, c.before, c.after) for c in meaning(old, new)] == [
        ("metrics.m.target", number(1e16), "25,000,000,000,000,000"),
        ("metrics.m.scale", "[1, 10000]", "[1, 12000]")]
