"""Create files without ever replacing one, even when two commands race for the same name.

``init`` and ``new`` only ever add files to a pair's repository. Checking for a file and then
writing it leaves a gap in which another process (a second ``new``, an editor, a ``git pull``)
can create it; opening with mode ``'x'`` makes the check and the creation one step, so an
existing file is never touched.
"""

from __future__ import annotations

from pathlib import Path

from mentorsite.errors import MentorsiteError

MAX_SUFFIX = 1000
"""How far ``-2``, ``-3`` … go before giving up on a name."""


def create(path: Path, text: str) -> bool:
    """Write ``text`` to a new file at ``path``; ``False`` (and nothing written) if it exists."""
    make_folder(path.parent, path)
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
        # Made by this call and not whole (a full disk, Ctrl-C): nobody's yet. Left, an empty
        # entry broke the next check, and a second try wrote its text beside it, as -2.
        path.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise MentorsiteError(f"cannot create {path}: {exc.strerror or exc}") from None
        raise
    return True


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
