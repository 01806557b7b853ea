"""What the history adds to a full build, part by part: its commit pages, and all the rest.

    python benchmarks/history_parts.py CORPUS [--runs 3]

CORPUS is a git corpus (``corpus.py DIR --git``). Cold builds of it take turns, ``--runs``
rounds of three: with history; with history but without its commit pages (``history/<sha>/``,
one a commit: the spec asks for them, so this build is only a measurement); and without
history. Each is the ``mentorsite build`` command in a fresh process, measured as the runner
measures every tool (:func:`measure.run`), its output and caches set aside first. It prints
each build's median wall time and CPU time and their ratios to the build without history.

It shows why "history adds at most 1.25x to a full build" is out of reach: the history less
its commit pages adds about that much, and the commit pages, as many as the corpus has
commits, come on top.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import disk
from arguments import corpus, count
from bytecode import compile_package, package_folder
from corpus_model import TODAY
from measure import Sample, run, set_aside

from mentorsite.cachefile import CACHE_FOLDER

BUILDS = {
    "history": "with history",
    "no-commit-pages": "with history, without its commit pages",
    "no-history": "without history",
}
"""The builds compared, in the order they take turns."""


def command(build: str, corpus: Path, out: Path) -> list[str]:
    """The command line of one cold ``build`` of ``corpus`` into ``out``."""
    cli = ["--source", str(corpus), "--today", TODAY.isoformat(), "build", "--out", str(out),
           "-q", *(["--no-history"] if build == "no-history" else [])]
    if build == "no-commit-pages":
        return [sys.executable, __file__, "--without-commit-pages", *cli]
    return [sys.executable, "-m", "mentorsite", *cli]


def without_commit_pages(cli: list[str]) -> None:
    """In the build's own process: run ``mentorsite`` with every commit page left out."""
    from mentorsite.cli.main import main
    from mentorsite.pages import history

    history._commit_pages = lambda *_: []  # type: ignore[assignment]
    sys.argv = ["mentorsite", *cli]
    main()


def measure(corpus: Path, runs: int) -> tuple[dict[str, list[Sample]], str]:
    """``runs`` samples of each build, taking turns, each cold; and a sentence on the disk."""
    samples: dict[str, list[Sample]] = {build: [] for build in BUILDS}
    work = Path(tempfile.mkdtemp(prefix="history-parts-"))
    try:
        taken = [disk.probe(work, work / "spent")]
        for _ in range(runs):
            for build in BUILDS:
                set_aside(corpus / CACHE_FOLDER, work / "spent")
                out = Path(tempfile.mkdtemp(dir=work)) / "site"
                samples[build].append(run(command(build, corpus, out)))
                set_aside(out, work / "spent")
        set_aside(corpus / CACHE_FOLDER, work / "spent")  # as it was: no cache
        taken.append(disk.probe(work, work / "spent"))
        state = disk.told(taken, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return samples, state


def table(samples: dict[str, list[Sample]]) -> str:
    """Median wall and CPU of each build, and each over the build without history."""
    failed = [f"{build}: {s.error}" for build, runs in samples.items() for s in runs if s.error]
    if failed:
        return "failed: " + "; ".join(failed)
    wall = {build: statistics.median(s.wall for s in runs) for build, runs in samples.items()}
    cpu = {build: statistics.median(s.cpu for s in runs) for build, runs in samples.items()}
    base_wall, base_cpu = wall["no-history"], cpu["no-history"]
    rows = ["| build | median wall s | ÷ without history | median CPU s | ÷ without history |",
            "|---|---:|---:|---:|---:|"]
    rows += [f"| {label} | {wall[build]:.2f} | {wall[build] / base_wall:.2f}x | "
             f"{cpu[build]:.2f} | {cpu[build] / base_cpu:.2f}x |"
             for build, label in BUILDS.items()]
    return "\n".join(rows)


def main() -> None:
    if sys.argv[1:2] == ["--without-commit-pages"]:
        without_commit_pages(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=corpus, help="a git corpus folder (corpus.py --git)")
    parser.add_argument("--runs", type=count, default=3, help="rounds of the three builds")
    args = parser.parse_args()
    if not (args.corpus / ".git").exists():
        parser.error(f"{args.corpus} is not a git corpus: make one with corpus.py --git")
    print(f"{args.corpus}: {args.runs} rounds of {len(BUILDS)} cold builds, taking turns")
    print(compile_package(package_folder()))
    samples, state = measure(args.corpus, args.runs)
    print(table(samples))
    print(state)


if __name__ == "__main__":
    main()
