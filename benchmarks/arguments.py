"""The benchmark scripts' command-line values, checked as they are read, before anything runs.

A benchmark runs for minutes, and some of its scripts replace folders or edit a corpus's files.
So each value is checked by the ``type=`` argparse calls, and a wrong one is a usage error
(exit 2) at once, naming the option: not an empty table, a traceback once the measuring is
done, or somebody's folder deleted.

A folder these scripts make holds the file :data:`MARK`. They replace, or edit the files of,
only a folder that holds it; a folder they are to make may also be absent or empty.
"""

from __future__ import annotations

import argparse
from pathlib import Path

MARK = ".mentorsite-benchmark"
"""The file in every folder the benchmark scripts made, which they alone may replace or edit."""


def count(text: str) -> int:
    """A whole number of at least 1: a size, runs, pairs, processes."""
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least 1")
    return value


def counts(text: str) -> list[int]:
    """Comma-separated :func:`count` values, at least one (``500,1000,5000``)."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        raise argparse.ArgumentTypeError("give at least one number, e.g. 500,1000")
    return [count(part) for part in parts]


def corpus(text: str) -> Path:
    """A folder mentorsite can build: one holding ``content/``."""
    path = Path(text)
    if not (path / "content").is_dir():
        raise argparse.ArgumentTypeError(
            f"{text} holds no content/ folder: name a corpus (make one with corpus.py)")
    return path


def made_here(text: str) -> Path:
    """A :func:`corpus` these scripts made (or a copy of one), for a script that edits its
    files: never a person's mentorship."""
    path = corpus(text)
    if not (path / MARK).is_file():
        raise argparse.ArgumentTypeError(
            f"{text} was not made by corpus.py (no {MARK} file), and this script edits its "
            "check-ins: give it a corpus made by corpus.py, or a copy of one")
    return path


def new_folder(text: str) -> Path:
    """A folder for a script to make, or to replace: absent, empty, or one it made before."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a file, not a folder")
    if path.is_dir() and not (path / MARK).is_file() and any(path.iterdir()):
        raise argparse.ArgumentTypeError(
            f"{text} holds files the benchmarks did not make (no {MARK} file), which this "
            "script would write over: name a new or empty folder")
    return path


def claim(folder: Path) -> Path:
    """Make ``folder`` (if it is not there) and mark it as made by the benchmark scripts."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARK).write_text("made by mentorsite's benchmarks/: they may replace it\n",
                               encoding="utf-8")
    return folder


def report_file(text: str) -> Path:
    """A file to write a report into: its folder must be there, and it must not be a folder."""
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a folder: name a file")
    if not path.parent.is_dir():
        raise argparse.ArgumentTypeError(f"{path.parent} is not a folder: make it first")
    return path


def mentorsite_checkout(text: str) -> Path:
    """A checkout of mentorsite: a folder holding the ``mentorsite`` package."""
    path = Path(text)
    if not (path / "mentorsite" / "__init__.py").is_file():
        raise argparse.ArgumentTypeError(f"{text} is not a checkout of mentorsite "
                                         "(no mentorsite/__init__.py in it)")
    return path
