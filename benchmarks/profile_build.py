"""Where a full mentorsite build spends its time, stage by stage.

    python benchmarks/profile_build.py CORPUS [--history] [--out benchmarks/RESULTS.md]

Two cold builds of CORPUS in this process, both on one core (``jobs=1`` where ``build()``
takes it, so rendering is not hidden in forked workers):

1. **stages**: the functions ``mentorsite.build`` and ``mentorsite.model.project`` call, each
   wrapped in a timer (total, and own time without the wrapped stages it calls);
2. **cProfile**: the same build under :mod:`cProfile`, its cumulative time attributed to the
   costs the issue names (YAML, pydantic, lint, insights, Markdown, Jinja, writing, …) and the
   functions with the most own time.

It wraps whatever stage functions exist, so it keeps working while the build changes.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import importlib
import inspect
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mentorsite.cachefile import CACHE_FOLDER

sys.path.insert(0, str(Path(__file__).resolve().parent))

import disk
from arguments import corpus, count, report_file
from corpus_model import TODAY
from measure import set_aside
from report import revision, write_report

STAGES = {
    "mentorsite.model.project": ("load_settings", "load_content", "validate_settings",
                           "validate_documents"),
    "mentorsite.model.lint": ("lint",),  # imported by project.py where it lints, when it does
    "mentorsite.output.build_cache": ("last_build",),
    "mentorsite.build": ("read_unlinted", "check_output_folder", "published",
                         "insights", "evolution", "site_pages", "history_pages",
                         "theme_folders", "renderer", "feeds_and_markers", "atom",
                         "sitemap", "static_files", "render_pages", "write_site"),
}
COSTS = (
    ("YAML front matter (read.yamlsafe.read_yaml)", "mentorsite/read/yamlsafe.py", "read_yaml"),
    ("  of which libyaml events (CParser.get_event)", "~", "get_event"),
    ("validation (model.validate.validate_documents)", "mentorsite/model/validate.py",
     "validate_documents"),
    ("  of which pydantic (SchemaValidator.validate_python)", "~", "validate_python"),
    ("lint (model.lint.lint)", "mentorsite/model/lint/__init__.py", "lint"),
    ("insights (model.insights.insights)", "mentorsite/model/insights.py", "insights"),
    ("pages (pages.site.site_pages)", "mentorsite/pages/site.py", "site_pages"),
    ("history read (history.log.read_history)", "mentorsite/history/log.py", "read_history"),
    ("history meaning (history.evolution.evolution)", "mentorsite/history/evolution.py",
     "evolution"),
    ("history pages (pages.history.history_pages)", "mentorsite/pages/history.py",
     "history_pages"),
    ("page rendering (render.templates.Renderer.render_in_parts)",
     "mentorsite/render/templates.py", "render_in_parts"),
    ("  of which Markdown (markdown.engine.render)", "mentorsite/markdown/engine.py", "render"),
    ("  of which SVG charts (pages.charts.metric_chart)", "mentorsite/pages/charts.py",
     "metric_chart"),
    ("feed (pages.feeds.atom)", "mentorsite/pages/feeds.py", "atom"),
    # data.json and the calendar are made part by part while write_site writes them, in its
    # time: their generators' own time is theirs here.
    ("data.json (pages.data_json.data_json_parts)", "mentorsite/pages/data_json.py",
     "data_json_parts"),
    ("calendar (pages.feeds.calendar_parts)", "mentorsite/pages/feeds.py", "calendar_parts"),
    ("writing: Path.write_text", "pathlib.py", "write_text"),
    ("writing: Path.mkdir", "pathlib.py", "mkdir"),
    ("writing pages: os.makedirs", "os>", "makedirs"),
    ("open, reading and writing (io.open)", "~", "io.open"),
)


class StageClock:
    """Timers around stage functions: total and own time (minus nested stages)."""

    def __init__(self) -> None:
        self.total: dict[str, float] = {}
        self.own: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.stack: list[float] = []
        self.undo: list[tuple[Any, str, Any]] = []

    def wrap(self, module: Any, name: str) -> None:
        """Replace ``module.name`` by a timed version of it."""
        original = getattr(module, name)
        label = f"{module.__name__.removeprefix('mentorsite.')}.{name}"

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.stack.append(0.0)
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent = time.perf_counter() - started
                nested = self.stack.pop()
                if self.stack:
                    self.stack[-1] += spent
                self.total[label] = self.total.get(label, 0.0) + spent
                self.own[label] = self.own.get(label, 0.0) + spent - nested
                self.calls[label] = self.calls.get(label, 0) + 1

        setattr(module, name, timed)
        self.undo.append((module, name, original))

    def install(self) -> list[str]:
        """Wrap every stage that exists; the names that do not."""
        missing = []
        for module_name, names in STAGES.items():
            module = importlib.import_module(module_name)
            for name in names:
                if callable(getattr(module, name, None)):
                    self.wrap(module, name)
                else:
                    missing.append(f"{module_name}.{name}")
        return missing

    def remove(self) -> None:
        """Put the original functions back."""
        for module, name, original in reversed(self.undo):
            setattr(module, name, original)
        self.undo.clear()


def cold_build(corpus: Path, history: bool,
               out: Path) -> tuple[Callable[[], None], Callable[[], Any]]:
    """Two functions: one sets ``out`` and the caches aside (into ``spent`` beside ``out``:
    see :func:`measure.set_aside`), one builds ``corpus`` into ``out`` on one core."""
    from mentorsite.build import build

    one_core: dict[str, Any] = (
        {"jobs": 1} if "jobs" in inspect.signature(build).parameters else {})

    def reset() -> None:
        set_aside(out, out.parent / "spent")
        set_aside(corpus / CACHE_FOLDER, out.parent / "spent")

    def run() -> Any:
        return build(corpus, out, today=TODAY, history=history, **one_core)

    return reset, run


def _import_seconds() -> float:
    """How long a fresh interpreter takes to import the CLI (paid by every CLI build)."""
    code = "import time; t = time.perf_counter(); import mentorsite.cli.main; " \
           "print(time.perf_counter() - t)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    return float(result.stdout)


def stage_table(clock: StageClock, wall: float) -> str:
    """Markdown: each stage's total and own seconds, largest first."""
    rows = ["| stage | calls | total s | own s | own share |", "|---|---:|---:|---:|---:|"]
    for label in sorted(clock.total, key=lambda k: -clock.own[k]):
        rows.append(f"| `{label}` | {clock.calls[label]} | {clock.total[label]:.2f} | "
                    f"{clock.own[label]:.2f} | {clock.own[label] / wall:.0%} |")
    rows.append(f"| whole `build()` | 1 | {wall:.2f} | | |")
    return "\n".join(rows)


def cost_table(stats: pstats.Stats, total: float) -> str:
    """Markdown: cumulative cProfile seconds (and calls) of each named cost."""
    table: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    rows = ["| cost | calls | cumulative s (under cProfile) | share |", "|---|---:|---:|---:|"]
    for label, suffix, name in COSTS:
        found = [values for (path, _, func), values in table.items()
                 if (func == name and path.replace("\\", "/").endswith(suffix))
                 or (suffix == "~" and path == "~" and name in func)]
        seconds = sum(values[3] for values in found)
        calls = sum(values[1] for values in found)
        if seconds:
            rows.append(f"| {label} | {calls:,} | {seconds:.2f} | {seconds / total:.0%} |")
    return "\n".join(rows)


def own_table(stats: pstats.Stats, top: int) -> str:
    """Markdown: the functions with the most own time."""
    table: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    ranked = sorted(table.items(), key=lambda item: -item[1][2])[:top]
    rows = ["| function | calls | own s | cumulative s |", "|---|---:|---:|---:|"]
    for (path, line, func), (_, calls, own, cumulative, _) in ranked:
        where = func if path == "~" else f"{_short(path)}:{line}({func})"
        rows.append(f"| `{where}` | {calls:,} | {own:.2f} | {cumulative:.2f} |")
    return "\n".join(rows)


def _short(path: str) -> str:
    parts = Path(path).parts
    for anchor in ("mentorsite", "site-packages", "python3.11", "lib"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) + (anchor != "mentorsite"):])
    return Path(path).name


def profile(corpus: Path, history: bool, top: int) -> str:
    """Both profiles of one corpus, as Markdown."""
    out_folder = Path(tempfile.mkdtemp(prefix="mentorsite-profile-"))
    disk_state = [disk.probe(out_folder, out_folder / "spent")]
    reset, run = cold_build(corpus, history, out_folder / "site")
    reset()
    run()  # warm the imports and the disk cache: the CLI pays imports separately
    reset()
    clock = StageClock()
    missing = clock.install()
    started = time.perf_counter()
    result = run()
    wall = time.perf_counter() - started
    clock.remove()
    reset()
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.runcall(run)
    profiled = time.perf_counter() - started
    reset()
    disk_state.append(disk.probe(out_folder, out_folder / "spent"))
    shutil.rmtree(out_folder, ignore_errors=True)
    stats = pstats.Stats(profiler)
    files = len(list(corpus.glob("content/*/*.md")))
    note = f" Not found (renamed or gone): {', '.join(missing)}." if missing else ""
    return "\n\n".join([
        f"#### Profile, history {'on' if history else 'off'}\n\n"
        f"`python benchmarks/profile_build.py {corpus.name}"
        f"{' --history' if history else ''}`: {files:,} files, {result.pages:,} pages, "
        f"history {'on' if history else 'off'}, one core (`jobs=1`), mentorsite at "
        f"{revision()}. A fresh interpreter "
        f"imports `mentorsite.cli.main` in {_import_seconds():.2f} s on top of this.{note} "
        f"{disk.told(disk_state, out_folder)}",
        f"**Stages** (timers around the stage functions; build {wall:.2f} s):",
        stage_table(clock, wall),
        f"**Costs** (cProfile, build {profiled:.2f} s with the profiler's overhead; nested "
        "rows are part of the row above them):",
        cost_table(stats, profiled),
        f"**Most own time** (top {top}):",
        own_table(stats, top),
    ])


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=corpus)
    parser.add_argument("--history", action="store_true")
    parser.add_argument("--top", type=count, default=20)
    parser.add_argument("--out", type=report_file, help="put the profile into this Markdown file")
    args = parser.parse_args()
    text = profile(args.corpus.resolve(), args.history, args.top)
    print(text)
    if args.out:
        tag = "profile_build.py" + (" --history" if args.history else "")
        try:
            write_report(args.out, text, tag=tag)
        except OSError as error:  # its folder went, the disk is full: the profile is printed
            sys.exit(f"profile_build.py: cannot write the profile: {error}")


if __name__ == "__main__":
    main()
