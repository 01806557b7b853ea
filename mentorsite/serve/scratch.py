"""The temporary folder ``serve`` builds into, and its removal once serve stops.

A large site is tens of thousands of files, and removing them took seconds (9 s for 10,000
pages on a busy disk) after Ctrl-C, which users expect to return at once. So serve renames its
folder out of the way, which is instant, and leaves the removal to a process of its own that
outlives it. A folder of that name that is still there (the remover was killed, the machine
went down) is removed when serve starts next.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SERVING = "mentorsite-serve-"
"""How a running serve's folder is named: it is never touched by another serve."""
SERVED = "mentorsite-served-"
"""How the folder of a serve that stopped is named until it is gone."""
_REMOVE = "import shutil, sys\nfor path in sys.argv[1:]:\n    shutil.rmtree(path, True)\n"


def made() -> Path:
    """A new temporary folder for one serve, with nobody else's leftovers around it."""
    folder = Path(tempfile.mkdtemp(prefix=SERVING))
    remove_later(*sorted(folder.parent.glob(f"{SERVED}*")))
    return folder


def leave(folder: Path) -> None:
    """Rename ``folder`` for removal, and have it removed without waiting for it."""
    retired = folder.with_name(SERVED + folder.name.removeprefix(SERVING))
    try:
        os.rename(folder, retired)
    except OSError:  # (Windows renames no folder holding an open file)
        retired = folder
    remove_later(retired)


def remove_later(*folders: Path) -> None:
    """Remove ``folders`` in a process of its own, which goes on once this one has left: in
    a session of its own, as a second Ctrl-C reaches the terminal's whole process group.
    Where no other Python can be started, here and now."""
    if not folders:
        return
    try:
        subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _REMOVE, *map(str, folders)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
    except (OSError, ValueError):
        for folder in folders:
            with contextlib.suppress(OSError):
                shutil.rmtree(folder)
