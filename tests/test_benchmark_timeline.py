"""``benchmarks/timeline.py``: how many cores were busy in each sample, what the build said
when, and how many core-seconds nobody used, from one cold CLI build."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/stat").exists(), reason="Linux's /proc/stat")


@pytest.fixture
def timeline(bench_script) -> ModuleType:
    return bench_script("timeline")


def test_busy_cores_are_the_share_of_ticks_not_idle(timeline: ModuleType) -> None:
    assert timeline.busy_cores((1000, 400), (1200, 500), 2) == pytest.approx(1.0)
    assert timeline.busy_cores((1000, 400), (1200, 400), 2) == pytest.approx(2.0)
    assert timeline.busy_cores((1000, 400), (1000, 400), 2) == 0.0


def test_the_bar_and_the_idle_core_seconds(timeline: ModuleType) -> None:
    made = timeline.Timeline(busy=(0.0, 1.0, 2.0, 2.0), said=((0.1, "read 3 entries"),),
                             wall=0.2, cores=2)
    assert timeline.bar(made) == " =@@"
    assert timeline.idle_core_seconds(made) == pytest.approx(3 * timeline.INTERVAL)
    told = timeline.describe(made)
    assert "|" + " =@@" + "|" in told and "0.10 s  read 3 entries" in told
    assert "0.15 core-seconds idle of 0.40 (38%)" in told


def test_a_command_is_sampled_until_it_ends(timeline: ModuleType) -> None:
    work = ("import sys, time\n"
            "print('start', file=sys.stderr, flush=True)\n"
            "end = time.perf_counter() + 1.0\n"
            "while time.perf_counter() < end: pass\n"
            "print('end', file=sys.stderr)\n")
    made = timeline.record([sys.executable, "-c", work], 2)
    assert [line for _, line in made.said] == ["start", "end"]
    assert made.said[1][0] > made.said[0][0] and made.wall >= 1.0
    # 20 samples on a quiet machine; a loaded one oversleeps (2 of 8 came at load 7)
    assert len(made.busy) >= 4 and max(made.busy) >= 0.5  # the loop kept a core busy
    assert 0 <= timeline.idle_core_seconds(made) <= 2 * made.wall


def test_a_failed_build_says_why(timeline: ModuleType) -> None:
    failing = [sys.executable, "-c", "import sys; sys.exit('content/goals/x.md:1:1: error')"]
    with pytest.raises(SystemExit, match=r"(?s)exit 1\).*content/goals/x\.md:1:1: error"):
        timeline.record(failing, 2)


def test_a_cold_build_of_a_corpus(timeline: ModuleType, tmp_path: Path, bench_script,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    corpus_module = bench_script("corpus")
    corpus = tmp_path / "corpus"
    corpus_module.write_corpus(corpus, 30)
    (corpus / timeline.CACHE_FOLDER).mkdir()  # an earlier build's cache: set aside, not used
    (corpus / timeline.CACHE_FOLDER / "marker").write_text("")
    timeline.main([str(corpus), "--runs", "2"])
    told = capsys.readouterr().out
    assert told.count("history off") == 2 and told.count("built ") == 2
    assert told.count("core-seconds idle") == 2
    assert not (corpus / timeline.CACHE_FOLDER / "marker").exists()
    # the disk's state, probed before the first build and after the last
    assert told.splitlines()[-1].startswith("The disk of the work folder: ")
    assert "before and after the cold builds" in told


def test_checkouts_take_turns(timeline: ModuleType, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    """``--checkout`` builds with each checkout's own mentorsite, in turn."""
    checkouts = []
    for name in ("before", "after"):
        package = tmp_path / name / "mentorsite"
        package.mkdir(parents=True)
        (package / "__init__.py").write_text("")
        (package / "__main__.py").write_text(
            f"import sys\nprint('built by {name}', file=sys.stderr)\n")
        checkouts += ["--checkout", str(tmp_path / name)]
    (tmp_path / "corpus" / "content").mkdir(parents=True)
    timeline.main([str(tmp_path / "corpus"), "--runs", "2", *checkouts])
    out = capsys.readouterr().out
    told = [line.strip().split("  ")[-1] for line in out.splitlines() if "built by" in line]
    assert told == ["built by before", "built by after"] * 2
    assert "Median of 2 cold builds each (wall, CPU):" in out  # and then compared
    assert f"  {tmp_path / 'after'}: " in out and "faster in " in out


def test_the_cpu_of_the_command_and_of_the_processes_it_waited_for(timeline: ModuleType
                                                                   ) -> None:
    burn = ("import time\n"
            "end = time.process_time() + 0.3\n"
            "while time.process_time() < end: pass\n")
    parent = (f"import subprocess, sys\nsubprocess.run([sys.executable, '-c', {burn!r}])\n"
              + burn)
    made = timeline.record([sys.executable, "-c", parent], 2)
    assert made.cpu >= 0.6  # its own 0.3 s, and its child's
    assert f"CPU {made.cpu:.2f} s" in timeline.describe(made)


def test_checkouts_are_compared_round_by_round(timeline: ModuleType) -> None:
    def built(wall: float, cpu: float) -> object:
        return timeline.Timeline(busy=(), said=(), wall=wall, cores=2, cpu=cpu)

    told = timeline.compared({
        "/tmp/before": [built(2.0, 4.0), built(2.6, 5.0), built(2.2, 4.4)],
        ".": [built(1.8, 3.6), built(2.7, 5.1), built(2.0, 4.0)],
    })
    assert told.splitlines() == [
        "Median of 3 cold builds each (wall, CPU):",
        "  /tmp/before: 2.20 s, 4.40 s",
        "  .: 2.00 s (0.91x), 4.00 s (0.91x); faster in 2 of 3 rounds (-0.20, +0.10, -0.20 s)",
    ]
