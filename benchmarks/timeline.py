"""When a cold build keeps every core busy, and when it leaves one waiting.

    python benchmarks/timeline.py CORPUS [--history] [--runs 3] [--checkout DIR ...]

``profile_build.py`` profiles a build on one core, where no helper or render worker runs: it
says what costs CPU, not whether a core waits. This runs the ``mentorsite build`` command on
CORPUS, cold (its caches and the last output set aside), and samples how many cores the machine
has busy every 50 ms (``/proc/stat``: Linux only), beside the moment each progress line of the
build arrives. It prints one bar per build, a character per sample, and the core-seconds left
idle while it ran: the time a better spread of the work could still win. The sample counts
every process on the machine, so run it on an otherwise quiet one.

With ``--checkout`` (given twice or more), the builds take turns between those checkouts of
mentorsite (each run as ``python -m mentorsite`` from inside it), so that a change is seen
before and after at the same moment; every output is set aside until the last build is done.
It then compares them: each checkout's median wall and CPU time, against the first's, and
round by round, as the machine's speed drifts between rounds more than within one.
It ends with the disk's state, probed before the first build and after the last (:mod:`disk`).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mentorsite.cachefile import CACHE_FOLDER

sys.path.insert(0, str(Path(__file__).resolve().parent))

import disk
from arguments import corpus, count, mentorsite_checkout
from bytecode import compile_package, package_folder
from corpus_model import TODAY
from measure import set_aside

INTERVAL = 0.05
"""Seconds between two samples of the cores."""
LEVELS = " .:-=+*#%@"
"""A sample's character, from no core busy to every core busy."""


@dataclass(frozen=True)
class Timeline:
    """One run of a command: the cores busy in each interval, and what it said when."""

    busy: tuple[float, ...]
    """Cores busy in each :data:`INTERVAL` (0 to ``cores``), in order."""
    said: tuple[tuple[float, str], ...]
    """Each line the command wrote to stderr, with the seconds since it started."""
    wall: float
    cores: int
    cpu: float = 0.0
    """CPU seconds, user and system, of the command and of every process it waited for (its
    helpers and render workers)."""


def cpu_ticks() -> tuple[int, int]:
    """All the machine's CPU ticks so far, and its idle ones (idle and waiting for I/O)."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    return sum(fields), fields[3] + fields[4]


def busy_cores(before: tuple[int, int], after: tuple[int, int], cores: int) -> float:
    """How many cores were busy between two :func:`cpu_ticks` readings."""
    total, idle = after[0] - before[0], after[1] - before[1]
    return 0.0 if total <= 0 else cores * (total - idle) / total


def record(command: Sequence[str], cores: int, cwd: Path | None = None) -> Timeline:
    """Run ``command`` (in ``cwd``), sampling the cores until it ends and noting each line of
    its stderr."""
    said: list[tuple[float, str]] = []
    spent_before = _children_cpu()
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True, cwd=cwd)
    stream = child.stderr
    assert stream is not None

    def listen() -> None:
        for line in stream:
            said.append((time.perf_counter() - started, line.rstrip("\n")))

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    busy: list[float] = []
    last = cpu_ticks()
    while child.poll() is None:
        time.sleep(INTERVAL)
        now = cpu_ticks()
        busy.append(busy_cores(last, now, cores))
        last = now
    wall = time.perf_counter() - started
    listener.join()
    stream.close()
    if child.returncode != 0:
        tail = "\n".join(line for _, line in said[-5:])
        raise SystemExit(f"the build failed (exit {child.returncode}):\n{tail}")
    return Timeline(tuple(busy), tuple(said), wall, cores, _children_cpu() - spent_before)


def _children_cpu() -> float:
    """CPU seconds of every process this one has waited for, so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def idle_core_seconds(timeline: Timeline) -> float:
    """Core-seconds no process used while the command ran."""
    return sum(timeline.cores - busy for busy in timeline.busy) * INTERVAL


def bar(timeline: Timeline) -> str:
    """A character per sample: from a space (no core busy) to ``@`` (every core busy)."""
    top = len(LEVELS) - 1
    return "".join(LEVELS[min(top, round(busy / timeline.cores * top))]
                   for busy in timeline.busy)


def describe(timeline: Timeline) -> str:
    """The bar, what the build said when, and the idle core-seconds."""
    lines = [f"|{bar(timeline)}|  one character per {INTERVAL * 1000:.0f} ms: "
             f"' ' no core busy … '@' all {timeline.cores}"]
    lines += [f"  {at:6.2f} s  {line}" for at, line in timeline.said]
    idle = idle_core_seconds(timeline)
    lines.append(f"  wall {timeline.wall:.2f} s, CPU {timeline.cpu:.2f} s; {idle:.2f} "
                 f"core-seconds idle of {timeline.cores * timeline.wall:.2f} "
                 f"({idle / (timeline.cores * timeline.wall):.0%})")
    return "\n".join(lines)


def compared(runs: dict[str, list[Timeline]]) -> str:
    """Each checkout's median wall and CPU seconds over its builds (``runs``, in the order the
    rounds went), and each after the first against it: the ratio of the medians, in how many
    rounds it was faster, and the wall-time difference in each round."""
    (first, baseline), *others = runs.items()
    lines = [f"Median of {len(baseline)} cold builds each (wall, CPU):",
             f"  {first}: {_medians(baseline)}"]
    for name, timelines in others:
        walls = [after.wall - before.wall
                 for before, after in zip(baseline, timelines, strict=True)]
        lines.append(
            f"  {name}: {_medians(timelines, baseline)}; faster in "
            f"{sum(difference < 0 for difference in walls)} of {len(walls)} rounds "
            f"({', '.join(f'{difference:+.2f}' for difference in walls)} s)")
    return "\n".join(lines)


def _medians(timelines: list[Timeline], against: list[Timeline] | None = None) -> str:
    wall = statistics.median(timeline.wall for timeline in timelines)
    cpu = statistics.median(timeline.cpu for timeline in timelines)
    if against is None:
        return f"{wall:.2f} s, {cpu:.2f} s"
    return (f"{wall:.2f} s ({wall / statistics.median(t.wall for t in against):.2f}x), "
            f"{cpu:.2f} s ({cpu / statistics.median(t.cpu for t in against):.2f}x)")


def build_command(corpus: Path, out: Path, history: bool) -> list[str]:
    """``mentorsite build`` of ``corpus`` into ``out``, as the benchmark runs it."""
    command = [sys.executable, "-m", "mentorsite", "--source", str(corpus), "--today",
               TODAY.isoformat(), "build", "--out", str(out)]
    return command if history else [*command, "--no-history"]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=corpus, help="a corpus folder (see corpus.py)")
    parser.add_argument("--history", action="store_true", help="read the git history too")
    parser.add_argument("--runs", type=count, default=1, help="cold builds, one after another")
    parser.add_argument("--checkout", type=mentorsite_checkout, action="append", metavar="DIR",
                        help="a mentorsite checkout to build with (repeat: they take turns)")
    args = parser.parse_args(argv)
    cores = os.cpu_count() or 1
    checkouts: list[Path | None] = [*args.checkout] if args.checkout else [None]
    runs: dict[str, list[Timeline]] = {str(checkout): [] for checkout in checkouts}
    for checkout in checkouts:
        print(compile_package(package_folder(cwd=checkout)))
    with tempfile.TemporaryDirectory(prefix="mentorsite-timeline-") as work:
        spent = Path(work) / "spent"
        taken = [disk.probe(Path(work), spent)]
        for run in range(1, args.runs + 1):
            for checkout in checkouts:
                set_aside(args.corpus / CACHE_FOLDER, spent)
                out = Path(tempfile.mkdtemp(dir=work)) / "site"
                timeline = record(build_command(args.corpus, out, args.history), cores,
                                  checkout)
                print(f"run {run}: {args.corpus.name}, history "
                      f"{'on' if args.history else 'off'}"
                      + (f", mentorsite in {checkout}" if checkout else ""))
                print(describe(timeline))
                runs[str(checkout)].append(timeline)
                set_aside(out, spent)
        taken.append(disk.probe(Path(work), spent))
        if len(runs) > 1:
            print(compared(runs))
        print(disk.told(taken, Path(work)))


if __name__ == "__main__":
    main()
