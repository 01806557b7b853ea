"""Write a seeded benchmark corpus: a valid mentorsite repository of N content files.

    python benchmarks/corpus.py OUT --files 5000 [--seed 1] [--git --commits 5000]

OUT gets ``mentorsite.yml`` and ``content/`` (2% goals, 70% check-ins, 14% reflections, 14%
evidence, bodies of about 290 words), and the mark of the benchmarks' own folders
(:data:`arguments.MARK`). OUT must be new, empty, or a corpus made before, which is replaced.
With ``--git`` it is also a git repository of exactly ``--commits`` commits (renames and merges
included) made by one ``git fast-import``. The same seed always gives the same files and the
same commit ids. ``mentorsite check`` (as of 2026-01-15) finds no errors in it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from arguments import claim, count, new_folder
from corpus_git import write_history
from corpus_model import SETTINGS, TODAY, Entry, make_entries

__all__ = ["TODAY", "write_corpus"]


def write_files(root: Path, entries: list[Entry]) -> None:
    """``mentorsite.yml`` and every entry under ``root/content``."""
    (root / "mentorsite.yml").write_text(SETTINGS, encoding="utf-8")
    folders: set[Path] = set()
    for entry in entries:
        target = root / entry.path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        target.write_text(entry.text(), encoding="utf-8", newline="")


def write_corpus(root: Path, files: int, seed: int = 1, commits: int | None = None) -> int:
    """Write a fresh corpus into ``root`` (replacing it), marked as the benchmarks' own
    (:func:`arguments.claim`); the number of commits made."""
    if root.exists():
        shutil.rmtree(root)
    claim(root)
    entries = make_entries(files, seed)
    write_files(root, entries)
    if commits is None:
        return 0
    return write_history(root, entries, SETTINGS, commits)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=new_folder,
                        help="folder to write (replaced if an earlier corpus.py made it)")
    parser.add_argument("--files", type=count, required=True, help="number of content files")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--git", action="store_true", help="also make a git history")
    parser.add_argument("--commits", type=count, default=None,
                        help="commits in the history (default: one per file)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    args = _arguments(argv)
    started = time.perf_counter()
    commits = (args.commits or args.files) if args.git else None
    made = write_corpus(args.out, args.files, args.seed, commits)
    history = f", {made} commits" if args.git else ""
    print(f"wrote {args.files} files{history} to {args.out} "
          f"in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
