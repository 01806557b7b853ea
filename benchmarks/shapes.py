"""Skewed content shapes, each at n and 4n: does any command's work grow faster than content?

The benchmark corpus spreads its files evenly over goals, check-ins, reflections and evidence,
and its build is linear. A pair's real repository can be lopsided: one goal read by every
check-in, one goal edited in every commit, one huge note. Each shape here makes a small git
repository at two sizes and times ``build`` (with and without history), ``check``, ``status``
and ``review`` in fresh processes, with the site's total bytes and its largest page; a ratio
well above the size factor (4) at 4n is work or output growing faster than the content.

    python benchmarks/shapes.py --n 500 [--factor 4] [--shapes goal-readings,goal-commits]

Nothing is asserted: it prints a table. Every repository is made in a new temporary folder
(or ``--workdir``: new, empty or made by these scripts) and deleted afterwards unless ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from arguments import claim, count, new_folder

SETTINGS = ("title: Shapes\nmentee: Priya Raman\nmentors: [Jordan Ellis]\ncadence: weekly\n"
            "timezone: Europe/London\n")
TODAY = "2026-01-15"
START = date(2015, 1, 5)
COMMANDS = ("build", "build --no-history", "check", "status", "review", "serve edit")
_SERVE = """
import json, sys, time
from datetime import date
from pathlib import Path
from mentorsite.serve.incremental import LiveBuild
root, out, edit = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
live = LiveBuild(root, out, date.fromisoformat(sys.argv[4]))
live.build(None)
live.settle()
with (root / edit).open("a", encoding="utf-8") as handle:
    handle.write("\\nOne more line after the session.\\n")
started = time.process_time()
rebuilt = live.build([edit])
print(json.dumps({"seconds": time.process_time() - started, "rendered": rebuilt.rendered}))
"""
"""One serve rebuild after the shape's edited file is saved, in one process: its CPU seconds
(not the first build's) and how many pages it rendered."""


@dataclass
class Shape:
    """A repository at one size: its files, then each later commit's changed files."""

    files: dict[str, str]
    commits: list[dict[str, str]] = field(default_factory=list)
    review_base: int = 0
    """How many of ``commits`` the review's base is before the working tree (0: the first)."""
    edit: str = "content/goals/main.md"
    """The file ``serve`` sees saved: a line is added to its body."""


def _goal(goal_id: str, title: str, metrics: list[str], body: str = "A goal.\n",
          target: int = 10, extra: str = "") -> str:
    lines = [f"title: {title}", "status: active", "started: 2015-01-01", "due: 2027-12-31",
             "why: To grow.", "outcomes: [One outcome.]", "success: [One measure.]", "metrics:"]
    for metric in metrics:
        lines += [f"  - id: {metric}", f"    label: Metric {metric}", "    unit: things",
                  "    baseline: 0", f"    target: {target}"]
    return "---\n" + "\n".join(lines) + "\n" + extra + "---\n\n" + body


def _checkin(day: date, readings: dict[str, dict[str, int]], body: str = "Notes.\n") -> str:
    lines = [f"date: {day.isoformat()}", "attendees: [Priya Raman, Jordan Ellis]", "goals:"]
    for goal_id, metrics in readings.items():
        shown = ", ".join(f"{k}: {v}" for k, v in metrics.items())
        lines += [f"  {goal_id}:", "    status: on-track", f"    metrics: {{{shown}}}"]
    lines += ["wins: [A win.]", "next:", "  - task: Do the next thing", "    owner: Priya Raman",
              "    done: false"]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


def _note(title: str, goals: list[str], body: str, day: date, kind: str = "") -> str:
    extra = f"kind: {kind}\n" if kind else ""
    return (f"---\ntitle: {title}\ndate: {day.isoformat()}\ngoals: [{', '.join(goals)}]\n"
            f"{extra}---\n\n{body}")


def _base(body: str = "A goal.\n") -> dict[str, str]:
    return {"content/goals/main.md": _goal("main", "Main goal", ["m"], body)}


def goal_readings(n: int) -> Shape:
    """One goal, one metric, read by n check-ins (its page, chart, readings table)."""
    files = _base()
    for i in range(n):
        files[f"content/checkins/{(START + timedelta(days=i)).isoformat()}.md"] = _checkin(
            START + timedelta(days=i), {"main": {"m": i % 10}})
    return Shape(files, edit=f"content/checkins/{(START + timedelta(days=n - 1)).isoformat()}.md")


def goal_metrics(n: int) -> Shape:
    """One goal with n metrics, read by three check-ins that give every metric a value."""
    names = [f"m{i}" for i in range(n)]
    files = {"content/goals/main.md": _goal("main", "Main goal", names)}
    for d in range(3):
        files[f"content/checkins/{(START + timedelta(days=d)).isoformat()}.md"] = _checkin(
            START + timedelta(days=d), {"main": {m: (d + i) % 10 for i, m in enumerate(names)}})
    return Shape(files)


def goal_commits(n: int) -> Shape:
    """One goal changed in n commits: its target moves and one line of its body changes each
    time (the file stays the same size, so the history's content grows linearly)."""
    commits = [{"content/goals/main.md": _goal(
        "main", "Main goal", ["m"], f"A goal.\n\nRevision {i}: what changed.\n", target=10 + i)}
        for i in range(n)]
    return Shape(_base(), commits, review_base=n)


def checkin_commits(n: int) -> Shape:
    """One check-in changed in n commits, its reading and note changing each time."""
    path = f"content/checkins/{START.isoformat()}.md"
    commits = [{path: _checkin(START, {"main": {"m": i % 10}}, f"Edit {i}.\n")} for i in range(n)]
    files = _base()
    files[path] = _checkin(START, {"main": {"m": 0}})
    return Shape(files, commits, review_base=n, edit=path)


def long_body(n: int) -> Shape:
    """One goal whose body is n paragraphs of about 480 bytes (2,000 → 0.95 MB, near the
    1 MiB a content file may hold)."""
    para = "Some *emphasis*, a [link](https://example.com/x), `code` and plain words. " * 6
    return Shape(_base("\n\n".join(f"{para}{i}" for i in range(n)) + "\n"))


def deep_lists(n: int) -> Shape:
    """A body of n // 5 list items, each nested one level deeper than the last (the indents
    make the file grow with the square of the depth, so the depth is kept down)."""
    return Shape(_base("".join("  " * i + f"- item {i}\n" for i in range(n // 5))))


def deep_quotes(n: int) -> Shape:
    """A body of one line quoted n levels deep, then n lines quoted 30 levels deep."""
    return Shape(_base(">" * n + " deep\n\n" + "".join(">" * 30 + f" q{i}\n" for i in range(n))))


def many_links(n: int) -> Shape:
    """n links in one body, half to the web and half to other content."""
    files = _base("".join(f"[web {i}](https://example.com/{i}) and [goal](main.md) {i}.\n\n"
                          for i in range(n)))
    return Shape(files)


def many_footnotes(n: int) -> Shape:
    """n footnote references and their n notes in one body."""
    refs = "".join(f"Claim {i}.[^n{i}]\n\n" for i in range(n))
    notes = "".join(f"[^n{i}]: Note {i}.\n" for i in range(n))
    return Shape(_base(refs + "\n" + notes))


def many_headings(n: int) -> Shape:
    """n headings in one body, all with the same text (anchors must be made unique)."""
    return Shape(_base("".join(f"## Same heading\n\nText {i}.\n\n" for i in range(n))))


def linked_goals(n: int) -> Shape:
    """n goals, each linking in its body to its neighbours and pivoted to the next."""
    files = {}
    for i in range(n):
        body = f"See [the next](g{(i + 1) % n}.md) and [the previous](g{(i - 1) % n}.md).\n"
        files[f"content/goals/g{i}.md"] = _goal(f"g{i}", f"Goal {i}", ["m"], body)
    return Shape(files, edit="content/goals/g0.md")


def many_evidence(n: int) -> Shape:
    """n evidence files for one goal."""
    files = _base()
    for i in range(n):
        day = START + timedelta(days=i)
        files[f"content/evidence/{day.isoformat()}-proof-{i}.md"] = _note(
            f"Proof {i}", ["main"], "It happened.\n", day, "artifact")
    return Shape(files, edit=f"content/evidence/{START.isoformat()}-proof-0.md")


def long_titles(n: int) -> Shape:
    """n reflections, all on one day, with one very long title (their slugs collide)."""
    files = _base()
    title = "A very long reflection title that goes on and on " * 8
    for i in range(n):
        files[f"content/reflections/{START.isoformat()}-same-title-{i}.md"] = _note(
            title.strip(), ["main"], "Thoughts.\n", START)
    return Shape(files, edit=f"content/reflections/{START.isoformat()}-same-title-0.md")


SHAPES: dict[str, Callable[[int], Shape]] = {
    "goal-readings": goal_readings, "goal-metrics": goal_metrics,
    "goal-commits": goal_commits, "checkin-commits": checkin_commits,
    "long-body": long_body, "deep-lists": deep_lists, "deep-quotes": deep_quotes,
    "many-links": many_links, "many-footnotes": many_footnotes,
    "many-headings": many_headings, "linked-goals": linked_goals,
    "many-evidence": many_evidence, "long-titles": long_titles,
}


def _fast_import(root: Path, states: list[dict[str, str]]) -> None:
    """Commit each state (the files it changes) in order, through one ``git fast-import``."""
    chunks: list[bytes] = []
    for number, state in enumerate(states):
        stamp = 1420000000 + number * 3600
        message = f"Change {number}".encode()
        chunks.append(b"commit refs/heads/main\n")
        chunks.append(b"committer Priya Raman <priya@example.com> %d +0000\n" % stamp)
        chunks.append(b"data %d\n%s\n" % (len(message), message))
        for path, text in state.items():
            payload = text.encode()
            chunks.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(payload),
                                                                  payload))
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(chunks),
                   check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)


def make(root: Path, shape: Shape) -> str:
    """Write the repository; returns the review's base revision."""
    first = {"mentorsite.yml": SETTINGS, ".gitignore": "_site/\n.mentorsite-cache/\n",
             **shape.files}
    _fast_import(root, [first, *shape.commits])
    back = shape.review_base if shape.commits else 0
    return f"HEAD~{back}" if back else "HEAD"


def _size(site: Path) -> tuple[int, int, str]:
    """The site's total bytes, its largest file's bytes and that file's path."""
    total, largest, where = 0, 0, ""
    for folder, _, names in os.walk(site):
        for name in names:
            size = os.path.getsize(os.path.join(folder, name))
            total += size
            if size > largest:
                largest, where = size, os.path.relpath(os.path.join(folder, name), site)
    return total, largest, where


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _serve_edit(root: Path, edit: str) -> tuple[tuple[float, float], str]:
    """serve's rebuild after ``edit`` is saved: (CPU seconds, pages rendered), and how it
    failed ("" if it did not); the file is put back as it was."""
    before = (root / edit).read_bytes()
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run([sys.executable, "-c", _SERVE, str(root), out, edit, TODAY],
                              capture_output=True, text=True)
    (root / edit).write_bytes(before)
    if done.returncode:
        return (0.0, 0.0), (done.stderr.strip().splitlines() or [""])[-1][:90]
    result = json.loads(done.stdout)
    return (result["seconds"], float(result["rendered"])), ""


def measure(root: Path, base: str, edit: str) -> dict[str, tuple[float, float] | int | str]:
    """CPU and wall seconds of each command (one run each, a fresh process, no caches), how
    each that failed ended, and the site's size."""
    figures: dict[str, tuple[float, float] | int | str] = {}
    for command in COMMANDS[:-1]:
        shutil.rmtree(root / ".mentorsite-cache", ignore_errors=True)
        shutil.rmtree(root / "_site", ignore_errors=True)
        argv = [sys.executable, "-m", "mentorsite", "--source", str(root), "--today", TODAY,
                *command.split()]
        argv += ["-q"] if command.startswith("build") else []
        argv += ["--base", base] if command == "review" else []
        cpu, started = _children_cpu(), time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True)
        figures[command] = (_children_cpu() - cpu, time.perf_counter() - started)
        if done.returncode or "Traceback" in done.stderr:
            last = (done.stderr.strip().splitlines() or [""])[-1]
            figures[command + " failed"] = f"exit {done.returncode}: {last[:90]}"
        if command == "build":
            total, largest, where = _size(root / "_site")
            figures.update(bytes=total, largest=largest, where=where)
    shutil.rmtree(root / ".mentorsite-cache", ignore_errors=True)
    figures["serve edit"], failed = _serve_edit(root, edit)
    if failed:
        figures["serve edit failed"] = failed
    return figures


def _ratio(small: float, large: float, factor: int) -> str:
    ratio = large / small if small else float("nan")
    return f"{ratio:.1f}" + (" !" if ratio > factor * 1.5 else "")


def _rows(name: str, small: dict[str, Any], large: dict[str, Any], factor: int) -> list[str]:
    """The table's rows of one shape: each command's CPU seconds (wall seconds in brackets),
    the ratio of the CPU seconds, then the site's size and its largest file."""
    rows = []
    for command in COMMANDS:
        (cpu_s, wall_s), (cpu_l, wall_l) = small[command], large[command]
        if command == "serve edit":
            rows.append(f"| {name} | serve edit: CPU s (pages) | {cpu_s:.2f} ({wall_s:.0f}) | "
                        f"{cpu_l:.2f} ({wall_l:.0f}) | {_ratio(cpu_s, cpu_l, factor)} | "
                        f"{large.get(command + ' failed', '')} |")
            continue
        note = large.get(command + " failed", small.get(command + " failed", ""))
        rows.append(f"| {name} | {command}: CPU s (wall) | {cpu_s:.2f} ({wall_s:.2f}) | "
                    f"{cpu_l:.2f} ({wall_l:.2f}) | {_ratio(cpu_s, cpu_l, factor)} | {note} |")
    for what, key in (("site KB", "bytes"), ("largest file KB", "largest")):
        kb_s, kb_l = small[key] / 1024, large[key] / 1024
        note = large["where"] if key == "largest" else ""
        rows.append(f"| {name} | {what} | {kb_s:,.0f} | {kb_l:,.0f} | "
                    f"{_ratio(kb_s, kb_l, factor)} | {note} |")
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=count, default=500)
    parser.add_argument("--factor", type=int, default=4)
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--workdir", type=new_folder)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    names = args.shapes.split(",")
    unknown = [name for name in names if name not in SHAPES]
    if unknown or args.factor < 2:
        parser.error(f"unknown shape(s) {', '.join(unknown)}; known: {', '.join(SHAPES)}"
                     if unknown else "--factor must be at least 2")
    work = claim(args.workdir or Path(tempfile.mkdtemp(prefix="mentorsite-shapes-")))
    sizes = (args.n, args.n * args.factor)
    print(f"| shape | figure | n={sizes[0]} | n={sizes[1]} | ratio | note |")
    print("|---|---|---:|---:|---:|---|")
    try:
        for name in names:
            runs = []
            for size in sizes:
                root = work / f"{name}-{size}"
                shutil.rmtree(root, ignore_errors=True)
                shape = SHAPES[name](size)
                runs.append(measure(root, make(root, shape), shape.edit))
            small, large = runs
            print("\n".join(_rows(name, small, large, args.factor)), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
