"""Which files in an output folder a build wrote there, and which were added since.

A build replaces its output folder whole, so a file put there by hand (notes, a download, a
``CNAME``) went with the next build, without a word. Each build now lists the files it wrote
in the folder's marker, and the next one refuses to replace a folder that holds any other.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

MARKER = ".mentorsite-output"
"""Written at the top of every site we build; its presence lets us replace the folder."""
_HEAD = "This folder is built by mentorsite and replaced whole.\n"
_LISTED = ("These are the files a build wrote here; the next build stops at any other, "
           "which replacing the folder would delete:\n")
_DROPPINGS = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
"""What file managers leave in a folder that is looked at (and macOS's ``._*`` files)."""


_NAMES_ENCODING = {"encoding": sys.getfilesystemencoding(),
                   "errors": sys.getfilesystemencodeerrors()}
"""How the marker's list is written and read: as the file system holds the names, so that a
name reads back as :func:`added`'s walk finds it. In UTF-8 it failed on a name whose bytes
Python holds as lone surrogates: a UTF-8 name (``static/стиль.css``) read under an ASCII
locale (``LC_ALL=C`` with ``PYTHONUTF8=0``), which stopped the build with a traceback."""


def write_marker(out: Path, written: Iterable[str] | None = None) -> None:
    """Write the marker of the site at ``out``, listing ``written`` (None: while it is being
    built)."""
    listing = "" if written is None else _LISTED + "".join(f"{path}\n" for path in sorted(written))
    (out / MARKER).write_text(_HEAD + listing, **_NAMES_ENCODING)


def listed(out: Path) -> set[str] | None:
    """The files the build of ``out`` wrote; None when its marker lists none (a site built
    before builds listed their files, or one being built)."""
    try:
        text = (out / MARKER).read_text(**_NAMES_ENCODING)
    except (OSError, UnicodeDecodeError):
        return None
    _, found, listing = text.partition(_LISTED)
    return set(listing.splitlines()) if found else None


_LINE_ENDS = (b"\n", b"\r\n")
"""How the marker's lines end: as :func:`write_marker` writes them here, and on Windows."""
_LISTED_LINE = frozenset(_LISTED[:-1].encode("ascii") + end for end in _LINE_ENDS)


def listed_of(out: Path, names: Collection[str]) -> set[str] | None:
    """Which of ``names`` the marker of ``out`` lists; None as :func:`listed`. Read a line at
    a time, as bytes, keeping none but those: ``serve`` asks after every rebuild whether the
    files it wrote are listed, and :func:`listed`'s set of every file of the 5,000-file
    benchmark corpus's site (10,000 names, 2.5 MiB with the marker's text) was the top of the
    rebuild's memory, with the last build's values and the new ones all alive (and 13.6
    million instructions, against 8.5 for this)."""
    try:
        with (out / MARKER).open("rb") as marker:
            for line in marker:
                if line in _LISTED_LINE:
                    break
            else:
                return None
            wanted = {name.encode(**_NAMES_ENCODING) + end: name
                      for name in names for end in _LINE_ENDS}
            return {wanted[line] for line in marker if line in wanted}
    except OSError:
        return None


@dataclass(frozen=True)
class Contents:
    """The site in a folder, as replacing it would meet it (:func:`contents`)."""

    added: list[str]
    """Files (and links) no build wrote there, but a file manager's; none when the marker lists
    no files (a site built before builds listed them)."""
    stuck: str | None
    """The first folder (the site's own included) that this user could not empty, or None."""


def contents(out: Path, stuck: Callable[[str], bool]) -> Contents:
    """Walk the site at ``out`` once for both things a build asks before it replaces it: which
    files no build wrote there, and which folder, if any, ``stuck`` says could not be emptied.
    (Two walks of a 10,000-folder site took 0.7 s of the building process, against 0.15 s
    for this one.) A folder that cannot be listed is not looked into."""
    known = listed(out)
    found: list[str] = []
    first: str | None = None
    pending = [(os.fspath(out), "")]
    while pending:
        folder, prefix = pending.pop()
        if first is None and stuck(folder):
            first = folder
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    name = prefix + entry.name
                    if entry.is_dir(follow_symlinks=False):
                        pending.append((entry.path, f"{name}/"))
                    elif known is not None and name not in known and not _dropped(name):
                        found.append(name)
        except OSError:
            continue
    return Contents(sorted(found), first)


def _dropped(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return path == MARKER or name in _DROPPINGS or name.startswith("._")
