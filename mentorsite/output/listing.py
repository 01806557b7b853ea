"""Which files in an output folder a build wrote there, and which were added since.

A build replaces its output folder whole, so a file put there by hand (notes, a download, a
``CNAME``) went with the next build, without a word. Each build now lists the files it wrote
in the folder's marker, and the next one refuses to replace a folder that holds any other.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

MARKER = ".mentorsite-output"
"""Written at the top of every site we build; its presence lets us replace the folder."""
_HEAD = "This folder is built by mentorsite and replaced whole.\n"
_LISTED = ("These are the files a build wrote here; the next build stops at any other, "
           "which replacing the folder would delete:\n")
_DROPPINGS = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
"""What file managers leave in a folder that is looked at (and macOS's ``._*`` files)."""


def marker_text(written: Iterable[str] | None = None) -> str:
    """The marker of a site, listing ``written`` (None: while it is being built)."""
    if written is None:
        return _HEAD
    return _HEAD + _LISTED + "".join(f"{path}\n" for path in sorted(written))


def listed(out: Path) -> set[str] | None:
    """The files the build of ``out`` wrote; None when its marker lists none (a site built
    before builds listed their files, or one being built)."""
    try:
        text = (out / MARKER).read_text(encoding="utf-8")
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
