"""The benchmark's verdicts: each side-by-side target also shows its ratio run by run.

Each tool's runs fall at different moments of a machine whose speed moves within minutes, so
the ratio of two medians can swing by a third from one session to the next. The n-th runs of
two tools are taken in the same turn, close in time: their ratios show how far the machine
moved the figure. The verdict itself stays on the medians.
"""

from __future__ import annotations

from types import ModuleType

import pytest


@pytest.fixture
def bench(bench_script) -> tuple[ModuleType, ModuleType, ModuleType]:
    return bench_script("measure"), bench_script("report"), bench_script("targets")


def summary(measure: ModuleType, *walls: float | None) -> object:
    """A tool's runs with these wall times (None: the run failed)."""
    return measure.Summary.of([
        measure.Sample(wall or 0.0, 1.0, 10.0, 0.5, None if wall else "failed")
        for wall in walls
    ])


def test_a_target_shows_its_ratio_run_by_run_and_judges_the_medians(bench) -> None:
    measure, report, targets = bench
    found = report.Report(runs=3, sizes=[5000])
    found.builds[("mentorsite", 5000)] = summary(measure, 4.0, 3.0, 5.0)
    found.builds[("pelican", 5000)] = summary(measure, 22.0, 12.0, 24.0)
    _, measured, verdict = targets._against(found, "pelican", 5, "≥5x faster than Pelican")
    assert "pelican ÷ mentorsite = 5.50x wall" in measured  # 22 / 4, the medians
    assert "run by run 5.50x, 4.00x, 4.80x (median 4.80x)" in measured
    assert verdict == "met"


def test_a_failed_run_leaves_its_turn_out(bench) -> None:
    measure, report, targets = bench
    found = report.Report(runs=3, sizes=[5000])
    found.builds[("mentorsite", 5000)] = summary(measure, 4.0, None, 5.0)
    found.builds[("floor-2", 5000)] = summary(measure, 5.0, 5.0, 4.0)
    _, measured, _ = targets._floor(found)
    assert "run by run 0.80x, 1.25x (median 1.02x)" in measured


def test_one_run_has_no_ratios_run_by_run(bench) -> None:
    measure, report, targets = bench
    found = report.Report(runs=1, sizes=[5000])
    found.builds[("mentorsite", 5000)] = summary(measure, 4.0)
    found.builds[("mkdocs", 5000)] = summary(measure, 12.0)
    _, measured, _ = targets._against(found, "mkdocs", 3, "≥3x faster than MkDocs")
    assert measured == "mkdocs ÷ mentorsite = 3.00x wall (1.00x CPU)"


def test_a_figure_at_another_size_is_shown_but_not_judged(bench) -> None:
    """A quick look at 1,000 files pays Python's start on a fifth of the pages: its warm
    rebuild is 5x faster than cold where the 5,000-file run's is 13x, and no verdict is
    drawn from it."""
    measure, report, targets = bench
    found = report.Report(runs=1, sizes=[500, 1000])
    found.builds[("mentorsite", 1000)] = summary(measure, 0.8)
    found.builds[("warm", 1000)] = summary(measure, 0.16)
    goal, measured, verdict = targets._warm(found)
    assert "(1,000 files)" in goal
    assert measured == "5.0x (0.16 s)"
    assert verdict == "- (the target is for 5,000 files)"
    found = report.Report(runs=1, sizes=[1000, 5000])
    found.builds[("mentorsite", 5000)] = summary(measure, 3.0)
    found.builds[("warm", 5000)] = summary(measure, 0.6)
    assert targets._warm(found)[2] == "**not met** (2.0x short)"


@pytest.mark.parametrize(("runs", "said"), [(1, "1 run per figure"), (3, "3 runs per figure")])
def test_the_header_counts_the_runs(bench, runs: int, said: str) -> None:
    _, report, _ = bench
    found = report.Report(runs=runs, sizes=[500])
    found.start()
    found.finish()
    assert f"; {said} (median)." in found.markdown()


def _build_peak(bench, peak_mib: float) -> tuple[str, str]:
    measure, report, targets = bench
    found = report.Report(runs=1, sizes=[5000])
    for tool in ("mentorsite", "history"):
        found.builds[(tool, 5000)] = measure.Summary.of(
            [measure.Sample(2.0, 3.0, peak_mib, 0.5)])
    _, measured, verdict = targets._history_rows(found)[-1]
    return measured, verdict


def test_memory_is_judged_in_the_issue_s_megabytes_not_in_mebibytes(bench) -> None:
    """150 MB is 143.05 MiB: a build peaking at 147 MiB (154 MB) is over, though under 150."""
    assert _build_peak(bench, 147.0) == ("147 MiB (154 MB)", "**not met** (1.0x over)")
    assert _build_peak(bench, 142.0) == ("142 MiB (149 MB)", "met")


def _serve_peak(bench, files: int, first: float, after: float) -> tuple[str, str, str]:
    _, report, targets = bench
    found = report.Report(runs=1, sizes=[5000], incremental={"serve": {
        "files": files, "reload": [0.2, 0.2], "serve_reported_build": [0.1, 0.1],
        "startup": 5.0, "peak_mib": {"first_build": first, "after_edits": after}}})
    row: tuple[str, str, str] = targets._serve_memory(found)
    assert row in targets.target_rows(found)
    return row


def test_serve_s_peak_is_judged_as_a_process_of_its_own(bench) -> None:
    goal, measured, verdict = _serve_peak(bench, 5000, 139.0, 144.0)
    assert goal == ("peak memory < 150 MB per process, with history: serve, 5,000 files and "
                    "2 edits")
    assert (measured, verdict) == ("144 MiB (151 MB)", "**not met** (1.0x over)")
    assert _serve_peak(bench, 5000, 139.0, 142.5)[1:] == ("142 MiB (149 MB)", "met")
    assert _serve_peak(bench, 1000, 160.0, 160.0)[2] == "- (the target is for 5,000 files)"


def test_serve_s_peak_not_measured_is_said(bench) -> None:
    _, report, targets = bench
    failed = report.Report(runs=1, sizes=[5000], incremental={"serve": {"files": 5000,
                                                                          "error": ["boom"]}})
    assert targets._serve_memory(failed)[1:] == ("not measured", "-")
