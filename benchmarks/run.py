"""Benchmark mentorsite against the floor, Pelican, MkDocs and Hugo, and write RESULTS.md.

    python benchmarks/run.py [--sizes 500,1000,5000] [--runs 3]
        [--tools mentorsite,floor,pelican,mkdocs,hugo] [--history] [--incremental]
        [--scaling 20000] [--out benchmarks/RESULTS.md]

Every number is the median of ``--runs`` cold builds in a fresh output folder, one child
process per build, the tools taking turns so that other load on the machine hits them alike.
Earlier output is set aside, not deleted, until the end (see :func:`measure.set_aside`).
A tool that is not installed is skipped with the reason. See README.md in this folder.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from mentorsite.cachefile import CACHE_FOLDER

sys.path.insert(0, str(Path(__file__).resolve().parent))

import disk
import measure
from arguments import claim, count, counts, new_folder, report_file
from bytecode import compile_package, package_folder
from corpus import write_corpus
from corpus_model import REVISION
from measure import Sample, Summary
from report import Report, write_report
from tools import HERE, TOOL_ORDER, Tool, find, version


def say(text: str) -> None:
    """Progress goes to stderr; the tables go to stdout and the report."""
    print(text, file=sys.stderr, flush=True)


class Bench:
    """One benchmark session: its work folder, its tools and everything measured so far."""

    def __init__(self, args: argparse.Namespace, tools: list[Tool]) -> None:
        self.args = args
        self.tools = tools
        self.work = claim(args.workdir or Path(tempfile.mkdtemp(prefix="mentorsite-bench-")))
        self.cache = Path(args.cache) if args.cache else self.work / "corpora"
        self.report = Report(runs=args.runs, sizes=args.sizes)
        self.spent = self.work / "spent"
        """Output folders and build caches set aside, deleted when the benchmark ends."""

    def set_aside(self, path: Path) -> None:
        """Move ``path`` into :attr:`spent` (see :func:`measure.set_aside`)."""
        measure.set_aside(path, self.spent)

    def probe_disk(self) -> None:
        """Note how fast the disk makes page folders now (:mod:`disk`)."""
        self.report.disk.append(disk.probe(self.work, self.spent))

    def clear(self) -> None:
        """Delete what was set aside."""
        shutil.rmtree(self.spent, ignore_errors=True)

    def tool(self, name: str) -> Tool | None:
        """The tool called ``name`` if it takes part."""
        return next((t for t in self.tools if t.name == name), None)

    def corpus(self, files: int, commits: int | None = None) -> Path:
        """A corpus from the cache, generated the first time it is asked for, and again when
        its folder is gone or the generator's :data:`~corpus_model.REVISION` has changed since
        (the old one is set aside in the cache's ``stale`` folder: deleting it would slow the
        builds measured next, see README.md)."""
        name = f"files-{files}-seed-{self.args.seed}" + (f"-commits-{commits}" if commits else "")
        root, done = self.cache / name, self.cache / f"{name}.done"
        made_by = done.read_text(encoding="utf-8").strip() if done.exists() else None
        if made_by == REVISION and root.is_dir():
            return root
        if made_by not in (None, REVISION):
            say(f"{name} was made by revision {made_by or '1'} of the generator; the old one "
                f"goes to {self.cache / 'stale'} (delete it when nothing is measured)")
            measure.set_aside(root, self.cache / "stale")
        done.unlink(missing_ok=True)  # until the new one is whole
        say(f"generating {name}")
        write_corpus(root, files, self.args.seed, commits)
        done.write_text(REVISION + "\n", encoding="utf-8")
        return root

    def corpus_for(self, files: int) -> Path:
        """The git corpus where the history measurements need one, else a plain one."""
        wanted = self.args.history and files == self.args.history_files
        return self.corpus(files, self.args.commits if wanted else None)

    def build(self, tool: Tool, source: Path, out: Path, history: bool = False,
              cold: bool = True) -> Sample:
        """One build; a cold one starts without an output folder or a build cache."""
        if cold:
            self.set_aside(out)
            self.set_aside(source / CACHE_FOLDER)
        return measure.run(tool.command(source, out, history))

    def compare(self, files: int) -> None:
        """Every tool on the ``files``-file corpus, ``--runs`` times, taking turns."""
        corpus = self.corpus_for(files)
        folder = self.work / f"size-{files}"
        sources = {t.name: t.source(corpus, folder) for t in self.tools}
        samples: dict[str, list[Sample]] = defaultdict(list)
        with_history = self.args.history and files == self.args.history_files
        for run in range(self.args.runs):
            for tool in self.tools:
                say(f"{files} files, run {run + 1}/{self.args.runs}: {tool.label}")
                out = folder / f"{tool.name}-out"
                samples[tool.name].append(self.build(tool, sources[tool.name], out))
                if tool.name != "mentorsite":
                    continue
                samples["warm"].append(self.build(tool, corpus, out, cold=False))
                if with_history:
                    samples["history"].append(self.build(tool, corpus, out, history=True))
                    samples["history-warm"].append(
                        self.build(tool, corpus, out, history=True, cold=False))
            self._failures(samples)
        for name, taken in samples.items():
            self.report.builds[(name, files)] = Summary.of(taken)

    def _failures(self, samples: dict[str, list[Sample]]) -> None:
        for name, taken in samples.items():
            if taken and taken[-1].error:
                say(f"  {name} failed: {taken[-1].error}")

    def history(self) -> None:
        """``git log --name-status`` against ``read_history`` on the git corpus."""
        corpus = self.corpus(self.args.history_files, self.args.commits)
        runs = max(9, 3 * self.args.runs)  # a second or two each: more runs, a steadier median
        say(f"history: git log vs read_history, {runs} runs")
        self.report.history = self._inprocess("history", str(corpus), "--runs", str(runs))

    def incremental(self) -> None:
        """build() after one check-in changes, and serve's save-to-reload time."""
        corpus = self.corpus_for(self.args.history_files)
        scratch = self.work / "scratch"
        for name, script, extra in (
            ("api", "inprocess.py", ["incremental"]),
            ("serve", "serve_latency.py", []),
        ):
            self.set_aside(scratch)
            claim(shutil.copytree(corpus, scratch / "root", symlinks=True))  # to be edited
            self.set_aside(scratch / "root" / CACHE_FOLDER)
            outs = [str(scratch / "out")] if name == "api" else []
            say(f"incremental: {name}")
            self.report.incremental[name] = {"files": self.args.history_files, **self._run_json(
                script, *extra, str(scratch / "root"), *outs, "--runs", str(self.args.runs))}
        self.set_aside(scratch)

    def _inprocess(self, *args: str) -> dict[str, Any]:
        return self._run_json("inprocess.py", *args)

    def _run_json(self, script: str, *args: str) -> dict[str, Any]:
        result = subprocess.run([sys.executable, str(HERE / script), *args],
                                capture_output=True, text=True, check=False)
        if result.returncode != 0:
            say(f"  {script} failed: {result.stderr.strip()[-500:]}")
            return {"error": result.stderr.strip().splitlines()[-1:]}
        parsed: dict[str, Any] = json.loads(result.stdout)
        return parsed

    def scaling(self) -> None:
        """mentorsite and the floor at the extra ``--scaling`` sizes."""
        names = [n for n in ("mentorsite", "floor-1", "floor-2") if self.tool(n)]
        for files in self.args.scaling:
            if files in self.args.sizes:
                continue
            corpus = self.corpus(files)
            samples: dict[str, list[Sample]] = defaultdict(list)
            for run in range(self.args.scaling_runs):
                for name in names:
                    say(f"scaling {files} files, run {run + 1}: {name}")
                    tool = self.tool(name)
                    assert tool is not None
                    out = self.work / f"size-{files}" / f"{name}-out"
                    samples[name].append(self.build(tool, corpus, out))
                self._failures(samples)
            for name, taken in samples.items():
                self.report.builds[(name, files)] = Summary.of(taken)
            self.report.scaling_sizes.append(files)


def _tool_names(text: str) -> list[str]:
    names: list[str] = []
    for name in text.split(","):
        names += ["floor-1", "floor-2"] if name.strip() == "floor" else [name.strip()]
    unknown = [n for n in names if n not in TOOL_ORDER]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown tools: {', '.join(unknown)}")
    return [n for n in TOOL_ORDER if n in names]


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=counts, default=[500, 1000, 5000])
    parser.add_argument("--runs", type=count, default=3)
    parser.add_argument("--tools", type=_tool_names,
                        default=_tool_names("mentorsite,floor,pelican,mkdocs,hugo"))
    parser.add_argument("--history", action="store_true",
                        help="history figures on a git corpus (--history-files, --commits)")
    parser.add_argument("--history-files", type=count, default=5000)
    parser.add_argument("--commits", type=count, default=5000)
    parser.add_argument("--incremental", action="store_true",
                        help="build() after one edit, and serve's save-to-reload time")
    parser.add_argument("--scaling", type=counts, default=[],
                        help="extra sizes for mentorsite and the floor only, e.g. 20000")
    parser.add_argument("--scaling-runs", type=count, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--venv", type=Path, default=Path("/tmp/bench-venv"))
    parser.add_argument("--workdir", type=new_folder,
                        help="work folder: new, empty, or an earlier run's (default: a new "
                             "temporary one)")
    parser.add_argument("--cache", help="corpus cache folder, reused across runs")
    parser.add_argument("--out", type=report_file,
                        help="write the report into this Markdown file")
    parser.add_argument("--json", type=report_file, help="also write every figure as JSON here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Run every requested measurement, print the tables, and update ``--out``."""
    args = arguments(argv)
    tools = [find(name, args.venv) for name in args.tools]
    for tool in tools:
        if tool.missing:
            say(f"skipping {tool.label}: {tool.missing}")
    bench = Bench(args, [t for t in tools if not t.missing])
    bench.report.command = " ".join(["python benchmarks/run.py", *sys.argv[1:]])
    bench.report.versions = {t.label.split(",")[0]: version(t) for t in tools
                             if t.name != "floor-2"}
    bench.report.skipped = {t.label: t.missing for t in tools if t.missing}
    bench.report.bytecode = compile_package(package_folder())
    bench.report.start()
    bench.report.file_system = disk.file_system(bench.work)
    try:
        measure_all(bench)
    finally:
        bench.clear()
        if not args.workdir:
            shutil.rmtree(bench.work, ignore_errors=True)
    text = bench.report.markdown()
    print(text)
    try:
        if args.out:
            write_report(args.out, text)
            say(f"wrote {args.out}")
        if args.json:
            args.json.write_text(json.dumps(bench.report.raw(), indent=1), encoding="utf-8")
    except OSError as error:  # its folder went, the disk is full: the tables are printed above
        sys.exit(f"run.py: cannot write the report: {error}")


def measure_all(bench: Bench) -> None:
    """Every measurement the command line asks for: the cold builds first, between two probes
    of the disk, and the incremental ones last, since a build into an output folder that holds
    a site deletes the old one, which would slow every cold build after it (:mod:`disk`)."""
    args = bench.args
    bench.probe_disk()
    for files in args.sizes:
        bench.compare(files)
    if args.history:
        bench.history()
    bench.scaling()
    bench.probe_disk()
    if args.incremental:
        bench.incremental()
    bench.report.finish()


if __name__ == "__main__":
    main()
