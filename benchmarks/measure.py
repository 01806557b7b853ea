"""Run one command as a child process and measure it: wall time, CPU time and peak memory.

Wall time is :func:`time.perf_counter` around the child's whole life. CPU time (user + system)
and peak RSS are the child's own resource usage from ``wait4`` (which also covers the
descendants it waited for: git calls, pool workers), so other processes never leak into a
sample. CPU time is reported beside wall time because a busy machine stretches wall time but
barely moves CPU time.

One trap: Linux keeps a process's peak RSS across ``exec``, so a child forked straight from
this (large) runner reports at least the runner's own size. The child is therefore started by
a small launcher: GNU time (``/usr/bin/time``, Debian's ``time`` package) where installed, else
a fresh Python running :func:`launch` (which adds its own ~10 MiB to the smallest figures).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sample:
    """One run of one command."""

    wall: float
    """Seconds from start to exit."""
    cpu: float
    """User + system seconds of the child and its waited-for descendants."""
    rss_mb: float
    """Peak resident set size of the largest of those processes, in MiB."""
    load: float
    """The 1-minute load average when the run ended (other work on the machine)."""
    error: str | None = None
    """The end of stderr when the command failed, else None."""


@dataclass(frozen=True)
class Summary:
    """The median of several samples of the same command."""

    wall: float
    cpu: float
    rss_mb: float
    """The median of the runs' peak RSS, in MiB."""
    load: float
    runs: int
    error: str | None = None
    walls: tuple[float, ...] = ()
    """Every run's wall time in the order run (NaN for a run that failed): the runner's tools
    take turns, so the n-th runs of two tools are the closest in time."""

    @classmethod
    def of(cls, samples: Sequence[Sample]) -> Summary:
        """Medians of the good samples (peak RSS too: one run disturbed by other work on the
        machine must not decide it); the first error if every sample failed."""
        good = [s for s in samples if s.error is None]
        if not good:
            error = samples[0].error if samples else "not run"
            return cls(float("nan"), float("nan"), float("nan"), float("nan"), 0, error)
        return cls(
            statistics.median(s.wall for s in good),
            statistics.median(s.cpu for s in good),
            statistics.median(s.rss_mb for s in good),
            statistics.mean(s.load for s in good),
            len(good),
            walls=tuple(s.wall if s.error is None else float("nan") for s in samples),
        )


def run_by_run(slow: Summary, fast: Summary) -> list[float]:
    """``slow``'s wall time over ``fast``'s, run by run (each pair taken in the same turn):
    the machine's speed moves less within a turn than across the whole session."""
    return [a / b for a, b in zip(slow.walls, fast.walls, strict=False)
            if math.isfinite(a) and math.isfinite(b) and b > 0]


def load_average() -> float:
    """The 1-minute load average (0 where /proc is missing)."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0


GNU_TIME = Path("/usr/bin/time")


def _launcher(command: Sequence[str], report: Path) -> list[str]:
    """``command`` behind a small process that writes its usage into ``report``."""
    if GNU_TIME.is_file():
        return [str(GNU_TIME), "-f", "%x %U %S %M", "-o", str(report), *command]
    return [sys.executable, __file__, str(report), *command]


def _usage(report: Path) -> tuple[int, float, float]:
    """(exit status, CPU seconds, peak RSS in MiB) from the launcher's report."""
    text = report.read_text(encoding="utf-8").strip()
    if text.startswith("{"):
        data = json.loads(text)
        return data["status"], data["cpu"], data["rss_kb"] / 1024
    status, user, system, rss_kb = text.splitlines()[-1].split()
    return int(status), float(user) + float(system), int(rss_kb) / 1024


def run(command: Sequence[str], cwd: Path | None = None,
        env: dict[str, str] | None = None) -> Sample:
    """Run ``command`` to completion with stdout discarded; never raises on failure."""
    with tempfile.TemporaryDirectory() as scratch:
        report, errors = Path(scratch, "usage"), Path(scratch, "stderr")
        with errors.open("wb") as stderr:
            started = time.perf_counter()
            code = subprocess.call(_launcher(command, report), cwd=cwd, env=env,
                                   stdout=subprocess.DEVNULL, stderr=stderr,
                                   stdin=subprocess.DEVNULL)
            wall = time.perf_counter() - started
        try:
            status, cpu, rss = _usage(report)
        except (OSError, ValueError, KeyError):
            status, cpu, rss = (code or 1), float("nan"), float("nan")
        error = None
        if status != 0:
            tail = errors.read_text("utf-8", "replace").strip().splitlines()[-5:]
            error = f"exit {status}: " + " | ".join(tail)
    return Sample(wall, cpu, rss, load_average(), error)


def launch(report: Path, command: list[str]) -> int:
    """Run ``command`` and write its exit status and ``wait4`` usage to ``report``."""
    child = subprocess.Popen(command)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    report.write_text(json.dumps({"status": child.returncode,
                                  "cpu": usage.ru_utime + usage.ru_stime,
                                  "rss_kb": usage.ru_maxrss}), encoding="utf-8")
    return child.returncode


def set_aside(path: Path, spent: Path) -> None:
    """Move ``path`` out of the way, into the folder ``spent``, instead of deleting it; the
    caller deletes ``spent`` when its measurements are over.

    On ext4 without a journal (as on the machine RESULTS.md was measured on), making a file or
    folder passes over every inode freed in the last one to six minutes, one by one: 10,000
    folders with a page each took 0.7-0.9 s of kernel time six minutes after the last
    deletion, 4.9-7.8 s right after deleting a site of that size. Deleting each output right
    before the next build timed that, for every tool, and the more so the more files a build
    writes; a person's first build (or CI's, on a fresh runner) never pays it.
    """
    if not path.exists() and not path.is_symlink():
        return
    spent.mkdir(parents=True, exist_ok=True)
    try:
        path.rename(Path(tempfile.mkdtemp(dir=spent)) / path.name)
    except OSError:  # another file system: a rename cannot move it there
        shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(launch(Path(sys.argv[1]), sys.argv[2:]))
