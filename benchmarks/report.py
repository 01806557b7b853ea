"""Turn what the runner measured into Markdown tables, and put them into RESULTS.md.

The report is written between two marker comments, so a rerun replaces the numbers and keeps
any prose written around them (the reading of the results, the profile).
"""

from __future__ import annotations

import math
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disk import described
from measure import Summary, load_average
from targets import target_rows
from tools import HERE, LABELS

from mentorsite.text import count


def fmt(value: float, digits: int = 2) -> str:
    """A number for a table, or an en dash for a missing one."""
    return "-" if value is None or math.isnan(value) else f"{value:,.{digits}f}"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def revision() -> str:
    """The package's commit, marked when the working tree has uncommitted changes."""
    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=HERE.parent, capture_output=True,
                                text=True, check=False)
        return result.stdout.strip()

    dirty = git("status", "--porcelain", "--", "mentorsite", "themes")
    return (git("rev-parse", "--short", "HEAD") or "unknown") + (
        " + uncommitted changes" if dirty else "")


@dataclass
class Report:
    """Everything one session measured."""

    runs: int
    sizes: list[int]
    command: str = ""
    versions: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, str | None] = field(default_factory=dict)
    builds: dict[tuple[str, int], Summary] = field(default_factory=dict)
    history: dict[str, Any] = field(default_factory=dict)
    incremental: dict[str, Any] = field(default_factory=dict)
    scaling_sizes: list[int] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)
    disk: list[float] = field(default_factory=list)
    """CPU seconds of :func:`disk.probe` before and after the cold builds."""
    file_system: str = "unknown"
    bytecode: str = "mentorsite's bytecode: not looked at"
    """What :func:`bytecode.compile_package` did before the runs."""

    def start(self) -> None:
        """Note when and under what load the session began."""
        self.times.append(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
        self.loads.append(load_average())
        self._started = time.perf_counter()

    def finish(self) -> None:
        """Note when it ended."""
        self.times.append(f"{(time.perf_counter() - self._started) / 60:.1f} min")
        self.loads.append(load_average())

    def get(self, name: str, files: int) -> Summary | None:
        """The summary of ``name`` at ``files`` files, if it was measured and succeeded."""
        found = self.builds.get((name, files))
        return found if found and found.error is None else None

    def markdown(self) -> str:
        """The whole generated report."""
        parts = [self._machine(), self._side_by_side(), self._targets(), self._history(),
                 self._incremental(), self._scaling()]
        return "\n\n".join(p for p in parts if p) + "\n"

    def _machine(self) -> str:
        versions = "\n".join(f"- {label}: {text}" for label, text in self.versions.items())
        skipped = "".join(f"\n- skipped {k}: {v}" for k, v in self.skipped.items())
        return (
            f"### Run\n\n`{self.command}` — {self.times[0]}, took {self.times[-1]}; "
            f"{count(self.runs, 'run')} per figure (median).\n\n"
            f"- machine: {os.cpu_count()} cores, {_cpu_model()}, {_memory()} RAM, "
            f"{platform.system()} {platform.release()}\n"
            f"- Python {sys.version.split()[0]}; mentorsite at {revision()}\n- {self.bytecode}\n"
            f"- load average (1 min) at start / end: {fmt(self.loads[0])} / "
            f"{fmt(self.loads[-1])} — other work on the machine stretches wall times, "
            f"so CPU seconds are shown too\n- {described(self.disk, self.file_system)}\n"
            f"{versions}{skipped}"
        )

    def _side_by_side(self) -> str:
        rows = ["| files | tool | median wall s | CPU s | pages/s | peak RSS MiB (median) | "
                "÷ mentorsite (wall) | ÷ mentorsite (CPU) | load |",
                "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
        for files in self.sizes:
            base = self.get("mentorsite", files)
            for name in LABELS:
                found = self.builds.get((name, files))
                if found is None:
                    continue
                if found.error:
                    rows.append(f"| {files:,} | {LABELS[name]} | failed: {found.error} "
                                "| | | | | | |")
                    continue
                ratio = found.wall / base.wall if base else float("nan")
                cpu_ratio = found.cpu / base.cpu if base else float("nan")
                rows.append(
                    f"| {files:,} | {LABELS[name]} | {fmt(found.wall)} | {fmt(found.cpu)} | "
                    f"{fmt(files / found.wall, 0)} | {fmt(found.rss_mb, 0)} | {fmt(ratio)}x | "
                    f"{fmt(cpu_ratio)}x | {fmt(found.load, 1)} |")
        return ("### Cold builds, side by side\n\nOne page per content file; a fresh output "
                "folder and no caches each run. Ratios above 1 mean the tool is slower "
                "than mentorsite.\n\n" + "\n".join(rows))

    def _targets(self) -> str:
        rows = ["| target (from the issue) | measured | verdict |", "|---|---|---|"]
        rows += [f"| {goal} | {measured} | {verdict} |"
                 for goal, measured, verdict in target_rows(self)]
        return "### Targets\n\n" + "\n".join(rows)

    def _history(self) -> str:
        data = self.history
        if not data or "error" in data:
            return f"### History\n\nnot measured{': ' + str(data['error']) if data else ''}"
        git, read = statistics.median(data["git_log"]), statistics.median(data["read_history"])
        lines = [
            "### History",
            "",
            f"Over the {data['commits']:,}-commit repository, in one process, alternating:",
            "",
            "| what | median s |",
            "|---|---:|",
            f"| `git log --name-status` (whole output captured) | {fmt(git, 3)} |",
            f"| `read_history(root, cache=None, newest=False)`, as a build reads it "
            f"(the versions checked out are read from the working tree) | {fmt(read, 3)} |",
            f"| ratio | {fmt(read / git)}x |",
        ]
        if data.get("read_every"):
            every = statistics.median(data["read_every"])
            lines.append(f"| `read_history(root, cache=None)`, every version (as `serve` "
                         f"reads it), and its ratio | {fmt(every, 3)} ({fmt(every / git)}x) |")
        breakdown = data.get("breakdown") or {}
        if breakdown:
            lines += ["", "What a build's `read_history` runs side by side (git log streams into "
                      "the parser, which hands each blob id to cat-file at once), each timed "
                      "alone:", "",
                      "| part | s |", "|---|---:|"]
            lines += [f"| {part} | {fmt(seconds, 3)} |" for part, seconds in
                      sorted(breakdown.items(), key=lambda item: -item[1])]
        return "\n".join(lines) + self._history_builds()

    def _history_builds(self) -> str:
        rows = []
        for name, label in (("mentorsite", "build --no-history (cold)"),
                            ("history", "build with history (cold: no history cache)"),
                            ("warm", "build --no-history again, nothing changed"),
                            ("history-warm", "build with history again, nothing changed")):
            for files in self.sizes:
                found = self.get(name, files)
                if found and self.get("history", files):
                    rows.append(f"| {files:,} | {label} | {fmt(found.wall)} | "
                                f"{fmt(found.cpu)} | {fmt(found.rss_mb, 0)} |")
        if not rows:
            return ""
        return ("\n\nFull builds of the same git corpus:\n\n| files | build | median wall s | "
                "CPU s | peak RSS MiB |\n|---:|---|---:|---:|---:|\n" + "\n".join(rows))

    def _incremental(self) -> str:
        lines = ["### Warm and incremental", ""]
        for files in self.sizes:
            cold, warm = self.get("mentorsite", files), self.get("warm", files)
            if cold and warm:
                lines.append(f"- {files:,} files, CLI `build` again with nothing changed: "
                             f"{fmt(warm.wall, 3)} s against {fmt(cold.wall)} s cold "
                             f"({fmt(cold.wall / warm.wall, 1)}x faster)")
        api, serve = self.incremental.get("api"), self.incremental.get("serve")
        if api and "error" not in api:
            lines.append(
                f"- `build()` in one process (history {'on' if api['history'] else 'off'}): "
                f"cold {fmt(api['cold'])} s; nothing changed "
                f"{fmt(statistics.median(api['unchanged']), 3)} s; one check-in edited "
                f"{fmt(statistics.median(api['one_checkin']), 2)} s (median of "
                f"{len(api['one_checkin'])})")
        if serve and "error" not in serve:
            lines.append(
                f"- `serve` (history on), save one check-in → `reload` event: "
                f"{', '.join(fmt(v, 2) for v in serve['reload'])} s (median "
                f"{fmt(statistics.median(serve['reload']), 2)} s; serve's own rebuild "
                f"figures {', '.join(fmt(v, 2) for v in serve['serve_reported_build'])} s; "
                f"first build and start {fmt(serve['startup'])} s)")
            peak = serve.get("peak_mib") or {}
            if peak.get("first_build") and peak.get("after_edits"):
                lines.append(
                    f"- `serve`'s peak memory (its VmHWM): {fmt(peak['first_build'], 1)} MiB "
                    f"after its first build, {fmt(peak['after_edits'], 1)} MiB after the "
                    f"{len(serve['reload'])} edits")
        elif serve:
            lines.append(f"- `serve`: failed: {serve['error']}")
        return "\n".join(lines) if len(lines) > 2 else ""

    def _scaling(self) -> str:
        sizes = sorted(set(self.sizes) | set(self.scaling_sizes))
        rows = ["| files | mentorsite wall s | CPU s | pages/s | pages per CPU s | "
                "floor (1 proc) pages/s | floor (2 procs) pages/s | "
                "mentorsite ÷ floor (2 procs), wall / CPU | peak RSS MiB |",
                "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for files in sizes:
            own = self.get("mentorsite", files)
            one, two = self.get("floor-1", files), self.get("floor-2", files)
            if own is None:
                continue
            versus = f"{fmt(own.wall / two.wall)}x / {fmt(own.cpu / two.cpu)}x" if two else "-"
            rows.append(
                f"| {files:,} | {fmt(own.wall)} | {fmt(own.cpu)} | {fmt(files / own.wall, 0)} | "
                f"{fmt(files / own.cpu, 0)} | {fmt(files / one.wall, 0) if one else '-'} | "
                f"{fmt(files / two.wall, 0) if two else '-'} | {versus} | "
                f"{fmt(own.rss_mb, 0)} |")
        extra = (f" Sizes {', '.join(f'{s:,}' for s in self.scaling_sizes)}: "
                 "mentorsite and the floor only, fewer runs." if self.scaling_sizes else "")
        return ("### Scaling (mentorsite, no history)\n\nCold builds." + extra + "\n\n"
                + "\n".join(rows))

    def raw(self) -> dict[str, Any]:
        """Everything measured, as plain data (``--json``)."""
        return {
            "command": self.command, "times": self.times, "loads": self.loads,
            "disk": self.disk, "file_system": self.file_system, "bytecode": self.bytecode,
            "versions": self.versions, "skipped": self.skipped,
            "builds": [{"tool": name, "files": files, **vars(summary)}
                       for (name, files), summary in self.builds.items()],
            "history": self.history, "incremental": self.incremental,
        }


def write_report(path: Path, text: str, tag: str = "run.py") -> None:
    """Put ``text`` between ``tag``'s markers in ``path``, keeping whatever is around them."""
    script = tag.split()[0]
    start = f"<!-- {tag}:start (generated by benchmarks/{script}; edits here are replaced) -->"
    end = f"<!-- {tag}:end -->"
    block = f"{start}\n\n{text.rstrip()}\n\n{end}"
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if start in old and end in old:
            before, rest = old.split(start, 1)
            after = rest.split(end, 1)[1]
            path.write_text(before + block + after, encoding="utf-8")
            return
        path.write_text(old.rstrip("\n") + "\n\n" + block + "\n", encoding="utf-8")
        return
    path.write_text("# Benchmark results\n\n" + block + "\n", encoding="utf-8")
