"""Numbers at the ends of what a float holds: a metric may say 1.7e+308, or have a target a
hair from its baseline, and a chart is still drawn (its axis ticks looped for ever: a span
that overflowed to infinity, or a step too small to move a value that large)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]

GOAL = """\
---
title: Huge
started: 2025-01-01
metrics:
  - {{id: m, label: M, baseline: {baseline}, target: {target}}}
---
"""
CHECKIN = "---\ngoals:\n  huge: {{metrics: {{m: {value}}}}}\n---\n"

CASES = {
    "overflowing span": ("-1.7e+308", "1.7e+308", ["1.7e+308", "-1.7e+308"]),
    "step below a value's precision": ("1000000000000000", "1000000000000000.1",
                                       ["1000000000000000.1"]),
    "subnormal target": ("0", "1.0e-320", ["5.0e-324"]),
    "a span of a few of the least floats": ("0", "2.0e-323", ["1.0e-323"]),  # no power of
    # ten is as small as its step: the ticks' search found none and raised StopIteration
}


@pytest.mark.parametrize("case", CASES)
def test_a_chart_of_extreme_numbers_is_drawn(make_repo, tmp_path, case):
    baseline, target, readings = CASES[case]
    files = {"mentorsite.yml": "title: T\n",
             "content/goals/huge.md": GOAL.format(baseline=baseline, target=target)}
    for day, value in enumerate(readings, start=10):
        files[f"content/checkins/2025-01-{day}.md"] = CHECKIN.format(value=value)
    root = make_repo(files)
    out = tmp_path / "site"
    # In a child process: before the fix this build never ended.
    result = subprocess.run(
        [sys.executable, "-m", "mentorsite", "--source", str(root), "--today", "2025-02-01",
         "build", "--no-history", "-q", "--out", str(out)],
        cwd=PROJECT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    svg = (out / "goals/huge/index.html").read_text()
    assert "<svg" in svg
    assert not re.search(r'(?:x|y|cx|cy|y1|y2)="(?:nan|-?inf)', svg), "no NaN coordinates"

