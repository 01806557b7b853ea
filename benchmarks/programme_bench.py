"""Benchmark ``mentorsite programme build``: 1,000 pairs x 50 files on the cores there are.

    python benchmarks/programme_bench.py [--pairs 1000] [--jobs N] [--keep DIR]

Writes a seeded programme — each pair a repository of ``mentorsite.yml`` and 49 content files
(4 goals, 36 check-ins, 5 reflections, 4 evidence entries, with front matter shaped like the
example mentorship's) under varied cadences and ``programme`` settings — then times three
builds into one output folder:

1. **cold**: no cache, every pair read (in parallel, one process per core);
2. **warm**: nothing changed, every pair re-used from the cache;
3. **1% changed**: one new check-in in every hundredth pair, only those read again.

Each line gives the wall time, the CPU time, and the wall time that CPU time takes on that
many otherwise idle cores (the parent's part is serial, the workers' part is split between
them); on a shared machine the last is the figure to compare.

Figures (Python 3.11, 2 cores, ``--jobs 2``, 2026-11-28 after the YAML reader's position
bookkeeping lost its per-character loops), 1,000 pairs x 50 files:

    cold          35.2 s wall,   56.3 s CPU (≈  29.5 s on 2 idle cores)   1000 pairs read
    warm           3.4 s wall,    3.2 s CPU (≈   3.2 s on 2 idle cores)   1000 re-used
    1% changed     3.9 s wall,    3.8 s CPU (≈   3.5 s on 2 idle cores)   10 read, 990 re-used

A cold build of 1,000 pairs is well under a minute on two cores; the cache makes later builds a
matter of seconds whatever the size.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from arguments import claim, count, new_folder

from mentorsite.cores import default_jobs
from mentorsite.programme.build import build_programme

TODAY = date(2026, 1, 15)
FIRST = date(2025, 5, 1)
STATUSES = ("on-track", "on-track", "on-track", "at-risk", "off-track", "blocked")
WORDS = ("review", "design", "team", "incident", "runbook", "rota", "guide", "session",
         "feedback", "plan", "release", "mentor", "metric", "progress", "talk", "pairing")


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _goal(rng: random.Random, index: int) -> str:
    metrics = "".join(
        f"  - {{id: m{m}, label: {_text(rng, 4)[:-1]}, unit: hours, baseline: {10 + m}, "
        f"target: {40 + m}}}\n" for m in range(2)
    )
    milestones = "".join(
        f"  - {{title: {_text(rng, 4)[:-1]}, due: {FIRST + timedelta(days=60 * (m + 1))}, "
        f"done: {FIRST + timedelta(days=55 * (m + 1)) if m < 2 else 'false'}}}\n"
        for m in range(3)
    )
    return (
        f"---\ntitle: {_text(rng, 6)[:-1]}\nstatus: {'active' if index else 'achieved'}\n"
        f"started: {FIRST}\ndue: {FIRST + timedelta(days=300)}\n"
        f"why: {_text(rng, 18)}\nsuccess: {_text(rng, 10)}\n"
        f"outcomes:\n  - {_text(rng, 8)}\n  - {_text(rng, 8)}\n"
        f"metrics:\n{metrics}milestones:\n{milestones}"
        f"contingency:\n  - {{if: {_text(rng, 6)[:-1]}, then: {_text(rng, 8)[:-1]}}}\n"
        f"tags: [leadership, g{index}]\n---\n\n{_text(rng, 120)}\n"
    )


def _checkin(rng: random.Random, number: int) -> str:
    goals = "".join(
        f"  g{g}:\n    status: {rng.choice(STATUSES)}\n"
        f"    metrics: {{m0: {10 + number}, m1: {11 + number // 2}}}\n"
        f"    note: {_text(rng, 12)}\n" for g in range(4)
    )
    return (
        f"---\nattendees: [Mentee, Mentor]\ngoals:\n{goals}"
        f"obstacles:\n  - {_text(rng, 10)}\nadjustments:\n  - {_text(rng, 10)}\n"
        f"wins:\n  - {_text(rng, 8)}\n"
        f"next:\n  - {{task: {_text(rng, 6)[:-1]}, owner: Mentee, due: {TODAY}}}\n"
        f"  - {{task: {_text(rng, 6)[:-1]}, owner: Mentor}}\n---\n\n{_text(rng, 80)}\n"
    )


def write_pair(root: Path, seed: int) -> None:
    """One pair's repository of 50 files, the same for the same seed."""
    rng = random.Random(seed)
    cadence = rng.choice(("weekly", "biweekly", "monthly", 10))
    consent = rng.choice(("full", "full", "summary", "summary", "none"))
    files = {
        "mentorsite.yml": f"title: Pair {seed}\nmentee: Mentee {seed}\nmentors: [Mentor {seed}]\n"
                          f"cadence: {cadence}\nprogramme: {consent}\n"
                          f"base_url: https://pairs.example.org/{seed}/\n",
    }
    for g in range(4):
        files[f"content/goals/g{g}.md"] = _goal(rng, g)
    gap = rng.choice((7, 7, 14, 14, 21))
    last = TODAY - timedelta(days=rng.randint(0, 60))
    for c in range(36):
        day = last - timedelta(days=gap * (35 - c))
        files[f"content/checkins/{day}.md"] = _checkin(rng, c)
    for r in range(5):
        day = FIRST + timedelta(days=40 * (r + 1))
        headings = "".join(f"## {p}\n{_text(rng, 40)}\n\n" for p in (
            "What happened", "Why it mattered", "What I learned", "What changes next"))
        files[f"content/reflections/{day}-r{r}.md"] = (
            f"---\ntitle: {_text(rng, 5)[:-1]}\ngoals: [g{r % 4}]\n---\n\n{headings}")
    for e in range(4):
        day = FIRST + timedelta(days=50 * (e + 1))
        files[f"content/evidence/{day}-e{e}.md"] = (
            f"---\ntitle: {_text(rng, 5)[:-1]}\ngoals: [g{e}]\nkind: feedback\n"
            f"source: A colleague\nrating: 4\n---\n\n{_text(rng, 60)}\n")
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _cpu() -> tuple[float, float]:
    """CPU seconds used so far by this process, and by its finished children (the workers)."""
    own, workers = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                       resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime, workers.ru_utime + workers.ru_stime


def _timed(label: str, folder: Path, jobs: int) -> float:
    """Build once and print the wall time, the CPU time, and the wall time that CPU time
    gives on ``jobs`` otherwise idle cores (the parent's share is serial, the workers' is
    split between them): on a shared machine the last is the figure to compare."""
    started, (own, workers) = time.perf_counter(), _cpu()
    result = build_programme(["pairs/*"], folder / "_programme", cwd=folder, today=TODAY,
                             jobs=jobs)
    seconds = time.perf_counter() - started
    own_now, workers_now = _cpu()
    serial, parallel = own_now - own, workers_now - workers
    print(f"{label:<12} {seconds:6.1f} s wall, {serial + parallel:6.1f} s CPU "
          f"(≈ {serial + parallel / jobs:5.1f} s on {jobs} idle cores)   "
          f"{result.read} pairs read, {result.reused} re-used", flush=True)
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=count, default=1000)
    parser.add_argument("--jobs", type=count, default=default_jobs())
    parser.add_argument("--keep", type=new_folder,
                        help="write the programme here and keep it (a new or empty folder, "
                             "or one an earlier --keep made, whose pairs are replaced)")
    args = parser.parse_args(argv)
    folder = claim(args.keep or Path(tempfile.mkdtemp(prefix="programme-bench-")))
    try:
        started = time.perf_counter()
        shutil.rmtree(folder / "pairs", ignore_errors=True)
        shutil.rmtree(folder / "_programme", ignore_errors=True)
        shutil.rmtree(folder / ".mentorsite-cache", ignore_errors=True)
        for seed in range(args.pairs):
            write_pair(folder / "pairs" / f"pair-{seed:04d}", seed)
        files = sum(1 for path in (folder / "pairs").rglob("*") if path.is_file())
        print(f"wrote {args.pairs} pairs, {files} files in "
              f"{time.perf_counter() - started:.1f} s; building with --jobs {args.jobs} "
              f"on {default_jobs()} cores", flush=True)
        _timed("cold", folder, args.jobs)
        _timed("warm", folder, args.jobs)
        for seed in range(0, args.pairs, 100):
            checkin = folder / "pairs" / f"pair-{seed:04d}" / "content" / "checkins"
            (checkin / f"{TODAY}-extra.md").write_text("---\nwins: [One more]\n---\n")
        _timed("1% changed", folder, args.jobs)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
