"""Measurements that need mentorsite's API in one warm process; each prints one JSON object.

    python benchmarks/inprocess.py history ROOT [--runs 3]
    python benchmarks/inprocess.py incremental ROOT OUT [--runs 3] [--history]
    python benchmarks/inprocess.py serve ROOT OUT [--runs 3] [--walk]

``history`` times one plain ``git log --name-status`` of the repository against
:func:`mentorsite.history.log.read_history` (no cache: the cold path) as a build reads it (the
versions checked out are left to the working tree) and with every version (as ``serve`` reads it),
alternating, in the same process. ``incremental`` builds once, rebuilds with nothing changed, then
rebuilds after each of ``--runs`` edits to one check-in, timing :func:`mentorsite.build.build` each
time. It edits files in ROOT: give it a scratch copy. ``serve`` does the same with serve's own
builder (:class:`mentorsite.serve.incremental.LiveBuild`, history on, one process): its first
build, a rebuild with nothing changed, ``--runs`` edits each to a different check-in (each one
newly uncommitted, so the history notes change), then ``--runs`` more edits to the last of them.
Each rebuild is told the edited path, as serve's file watcher tells it (``--walk``: not told, so it
walks ``content/`` and looks at every file, as after a missed event).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from arguments import corpus, count, made_here
from corpus_model import TODAY


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def history(root: Path, runs: int) -> dict[str, Any]:
    """Seconds of ``git log --name-status`` and of ``read_history`` over ``root``, as a build
    reads it and with every version."""
    from mentorsite.history.log import read_history

    def git_log() -> None:
        subprocess.run(["git", "log", "--name-status"], cwd=root, capture_output=True,
                       check=True)

    git_times: list[float] = []
    read_times: list[float] = []
    every_times: list[float] = []
    commits = 0
    for _ in range(runs):
        git_times.append(_timed(git_log))
        started = time.perf_counter()
        log = read_history(root, cache=None, newest=False)
        read_times.append(time.perf_counter() - started)
        every_times.append(_timed(lambda: read_history(root, cache=None)))
        commits = len(log.commits)
    return {"git_log": git_times, "read_history": read_times, "read_every": every_times,
            "commits": commits, "breakdown": _history_breakdown(root)}


def _history_breakdown(root: Path) -> dict[str, float]:
    """What ``read_history`` runs side by side as a build reads it, each timed alone: its
    ``git log``, its ``git cat-file --batch`` over the versions it asks for, and its own CPU
    time."""
    from mentorsite.history import log as module

    log_args = ["git", "-c", "core.quotepath=off", *module._log_args("")]
    spent = {"its `git log` alone (same options)": _timed(
        lambda: subprocess.run(log_args, cwd=root, capture_output=True, check=True))}
    log = module.read_history(root, cache=None, newest=False)
    request = "".join(f"{blob}\n" for blob in log.blobs).encode()
    spent[f"its `git cat-file --batch` alone ({len(log.blobs):,} old versions)"] = _timed(
        lambda: subprocess.run(["git", "cat-file", "--batch"], cwd=root, input=request,
                               capture_output=True, check=True))
    started = time.process_time()
    module.read_history(root, cache=None, newest=False)
    spent["its Python, CPU seconds"] = time.process_time() - started
    return spent


def fresh_index(root: Path) -> None:
    """Bring git's index up to date with the files' stamps, as a clone's or a commit's leaves it.

    A copy made with ``cp -r`` or ``shutil.copytree`` gives every file a new stamp, so git
    takes all of them for possibly changed and reads and hashes every one on each ``git
    status``, which serve asks after every save (it never writes the index itself: see
    ``mentorsite.history.command``). A person's repository is refreshed by their own git
    commands; without this the serve figures would time git re-reading 5,000 files on every
    save."""
    subprocess.run(["git", "-C", str(root), "update-index", "-q", "--refresh"],
                   capture_output=True, check=False)


def touch_checkin(path: Path, run: int) -> None:
    """Edit a check-in the way a person would: one more line in the body."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\nOne more note after the session, edit {run + 1}.\n")


def incremental(root: Path, out: Path, runs: int, with_history: bool) -> dict[str, Any]:
    """Cold, unchanged and one-check-in-changed timings of ``build()`` in one process."""
    from mentorsite.build import build

    def once() -> None:
        build(root, out, today=TODAY, history=with_history)

    cold = _timed(once)
    unchanged = [_timed(once) for _ in range(runs)]
    checkins = sorted((root / "content" / "checkins").glob("*.md"))
    changed = []
    for run in range(runs):
        touch_checkin(checkins[-1 - run], run)
        changed.append(_timed(once))
    return {"cold": cold, "unchanged": unchanged, "one_checkin": changed,
            "history": with_history}


def serve(root: Path, out: Path, runs: int, walk: bool = False) -> dict[str, Any]:
    """Seconds of serve's rebuilds, and how many pages each rendered."""
    from mentorsite.serve.incremental import LiveBuild

    fresh_index(root)
    live = LiveBuild(root, out, TODAY)

    def once(edited: Path | None = None) -> dict[str, Any]:
        changed = None if walk or edited is None else [edited.relative_to(root).as_posix()]
        started = time.perf_counter()
        rebuilt = live.build(changed)
        seconds = time.perf_counter() - started
        live.settle()
        return {"seconds": seconds, "rendered": rebuilt.rendered, "written": rebuilt.written}

    first = once()
    unchanged = once()
    checkins = sorted((root / "content" / "checkins").glob("*.md"))
    other_files = []
    for run in range(runs):
        touch_checkin(checkins[-1 - run], run)
        other_files.append(once(checkins[-1 - run]))
    same_file = []
    for run in range(runs):
        touch_checkin(checkins[-runs], runs + run)
        same_file.append(once(checkins[-runs]))
    return {"first": first, "unchanged": unchanged, "edit_other_files": other_files,
            "edit_same_file": same_file, "walk": walk}


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("history")
    one.add_argument("root", type=corpus)
    one.add_argument("--runs", type=count, default=3)
    two = commands.add_parser("incremental")
    two.add_argument("root", type=made_here)
    two.add_argument("out", type=Path)
    two.add_argument("--runs", type=count, default=3)
    two.add_argument("--history", action="store_true")
    three = commands.add_parser("serve")
    three.add_argument("root", type=made_here)
    three.add_argument("out", type=Path)
    three.add_argument("--runs", type=count, default=3)
    three.add_argument("--walk", action="store_true",
                       help="do not tell the rebuilds which file changed")
    args = parser.parse_args()
    if args.command == "history":
        result = history(args.root, args.runs)
    elif args.command == "serve":
        result = serve(args.root, args.out, args.runs, args.walk)
    else:
        result = incremental(args.root, args.out, args.runs, args.history)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
