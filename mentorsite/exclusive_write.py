"""Create files without ever replacing one, even when two commands race for the same name.

``init`` and ``new`` only ever add files to a pair's repository. Checking for a file and then
writing it leaves a gap in which another process (a second ``new``, an editor, a ``git pull``)
can create it; opening with mode ``'x'`` makes the check and the creation one step, so an
existing file is never touched. A file whose name differs only in case (``readme.md`` for
``README.md``) counts as there too: macOS and Windows hold one file for the two names, so
writing the second on Linux and committing it would cost the pair the first on their checkout.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from mentorsite.errors import MentorsiteError
from mentorsite.held_signals import stops_held

MAX_SUFFIX = 1000
"""How far ``-2``, ``-3`` … go before giving up on a name."""


def create(path: Path, text: str) -> bool:
    """Write ``text`` to a new file at ``path``; ``False`` (and nothing written) if it exists,
    or a file whose name differs from it only in case or accents' encoding (:func:`twin`)."""
    make_folder(path.parent, path)
    if twin(path) is not None:
        return False
    # Ctrl-C, SIGTERM and SIGHUP arrive once the file is whole: one arriving just after the
    # open, before what removes a file left half-made could run, left an empty check-in.
    with stops_held():
        try:
            handle = path.open("x", encoding="utf-8", newline="\n")
        except FileExistsError:
            return False
        except OSError as exc:
            raise MentorsiteError(f"cannot create {path}: {exc.strerror or exc}") from None
        try:
            with handle:
                handle.write(text)
        except BaseException as exc:
            # Made by this call and not whole (a full disk): nobody's yet. Left, an empty
            # entry broke the next check, and a second try wrote its text beside it, as -2.
            path.unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise MentorsiteError(f"cannot create {path}: {exc.strerror or exc}") from None
            raise
    return True


def folded(name: str) -> str:
    """``name`` as macOS and Windows tell names apart: case aside, and an accent typed as
    one character (NFC) or as a letter and a combining mark (NFD) alike. Two names that fold
    alike are one file there (and check reports two such content files as a clash)."""
    return unicodedata.normalize("NFC", name).casefold()


def twin(path: Path) -> Path | None:
    """The entry beside ``path`` named as it is but for case or how its accents are encoded
    (``readme.md`` for ``README.md``), which macOS and Windows take for the same file; None
    when there is none (or the folder cannot be read, where creating fails anyway)."""
    name = folded(path.name)
    try:
        with os.scandir(path.parent) as entries:
            for entry in entries:
                if entry.name != path.name and folded(entry.name) == name:
                    return path.parent / entry.name
    except OSError:
        return None
    return None


def make_folder(folder: Path, making: Path) -> None:
    """Make ``folder`` and those it is in, for ``making`` (it, or a file in it); else say what
    stands in the way, as mkdir does not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocking = in_the_way(folder)
        why = (f"{blocking[0]} is {blocking[1]}, where a folder should be" if blocking
               else exc.strerror or str(exc))
        raise MentorsiteError(f"cannot create {making}: {why}") from None


def in_the_way(folder: Path) -> tuple[Path, str] | None:
    """The first of ``folder`` and the folders it is in that is a file (or a link to one) or a
    link leading nowhere, and which of the two, if any: mkdir says only "File exists" or "Not a
    directory", without saying which."""
    for place in (*reversed(folder.parents), folder):
        if place.is_symlink() and not place.exists():
            return place, "a link leading nowhere"
        if place.exists() and not place.is_dir():
            return place, "a file"
    return None


def create_numbered(folder: Path, stem: str, text: str) -> Path:
    """Write ``text`` to ``folder/<stem>.md``, or to ``<stem>-2.md``, ``<stem>-3.md`` … if taken.

    Returns the path written. Every candidate is tried with an exclusive create, so a name
    taken between two attempts is skipped rather than overwritten.
    """
    for number in range(1, MAX_SUFFIX + 1):
        name = f"{stem}.md" if number == 1 else f"{stem}-{number}.md"
        path = folder / name
        if create(path, text):
            return path
    raise MentorsiteError(f"{folder}/{stem}.md and {MAX_SUFFIX - 1} numbered variants all exist")
