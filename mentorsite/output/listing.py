"""Which files in an output folder a build wrote there, and which were added since.

A build replaces its output folder whole, so a file put there by hand (notes, a download, a
``CNAME``) went with the next build, without a word. Each build now lists the files it wrote
in the folder's marker, and the next one refuses to replace a folder that holds any other.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
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


def added(out: Path) -> list[str]:
    """Files (and links) in the site at ``out`` that no build wrote, but a file manager's."""
    known = listed(out)
    if known is None:
        return []
    found: list[str] = []
    for folder, folders, names in os.walk(out):
        here = Path(folder).relative_to(out).as_posix()
        prefix = "" if here == "." else f"{here}/"
        links = [name for name in folders if os.path.islink(os.path.join(folder, name))]
        found += [f"{prefix}{name}" for name in (*names, *links)
                  if f"{prefix}{name}" not in known and not _dropped(prefix + name)]
    return sorted(found)


def _dropped(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return path == MARKER or name in _DROPPINGS or name.startswith("._")
