"""The temporary folder ``serve`` builds into, and its removal once serve stops.

A large site is tens of thousands of files, and removing them took seconds (9 s for 10,000
pages on a busy disk) after Ctrl-C, which users expect to return at once. So serve renames its
folder out of the way, which is instant, and leaves the removal to a process of its own that
outlives it. A folder of that name that is still there (the remover was killed, the machine
went down) is removed when serve starts next, as is the folder of a serve that was killed
outright (``kill -9``, the out-of-memory killer): each serve holds a lock on its folder while it
runs, which the system lets go when the process ends, however it ends.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SERVING = "mentorsite-serve-"
"""How a running serve's folder is named: it is never touched by another serve."""
SERVED = "mentorsite-served-"
"""How the folder of a serve that stopped is named until it is gone."""
ABANDONED_AFTER = 60.0
"""Seconds a serve's folder that nobody holds must have stood unchanged before it is taken as
a killed serve's: a serve that has just made its folder has not locked it yet."""
_LOCK = "serving.lock"
"""The file in a serve's folder that it holds its lock on (a lock on the folder itself would
keep its builds, which lock the folder holding the site, waiting)."""
_held: dict[Path, int] = {}
"""The open lock file of each serve's folder this process runs, by folder."""
_removers: list[subprocess.Popen[bytes]] = []
"""The removers this process started that had not ended when last looked at: kept, not
dropped, as a process object dropped while its process runs says "ResourceWarning: subprocess
… is still running" (python -X dev, at every stop of serve); the CLI leaves with ``os._exit``,
which drops nothing."""
_REMOVE = "import shutil, sys\nfor path in sys.argv[1:]:\n    shutil.rmtree(path, True)\n"


def made() -> Path:
    """A new temporary folder for one serve, with nobody else's leftovers around it."""
    folder = Path(tempfile.mkdtemp(prefix=SERVING))
    _hold(folder)
    remove_later(*sorted(folder.parent.glob(f"{SERVED}*")), *_abandoned(folder.parent))
    return folder


def _hold(folder: Path) -> None:
    """Lock ``folder``'s lock file for as long as this process (or a worker it forked) lives."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: a killed serve's folder stays
        return
    try:
        handle = os.open(folder / _LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # a file system without locks: the folder is never taken as abandoned
        os.close(handle)
        return
    _held[folder] = handle


def _abandoned(parent: Path) -> list[Path]:
    """The folders of serves that were killed outright: this user's, locked by no process,
    and unchanged for :data:`ABANDONED_AFTER` seconds. Another user's are left, even to root,
    who could open and remove them: a shared temporary folder holds everyone's serves."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return []
    found = []
    for folder in sorted(parent.glob(f"{SERVING}*")):
        try:
            info = folder.lstat()
            if (time.time() - info.st_mtime < ABANDONED_AFTER or folder.is_symlink()
                    or info.st_uid != os.getuid()):
                continue
            handle = os.open(folder / _LOCK, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:  # no lock file: a serve from before serves held one
            continue
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            found.append(folder)  # (the lock goes with the handle, closed below)
        except OSError:
            pass  # a running serve holds it
        finally:
            os.close(handle)
    return found


def leave(folder: Path) -> None:
    """Rename ``folder`` for removal, and have it removed without waiting for it."""
    retired = folder.with_name(SERVED + folder.name.removeprefix(SERVING))
    try:
        os.rename(folder, retired)
    except OSError:  # (Windows renames no folder holding an open file)
        retired = folder
    handle = _held.pop(folder, None)
    if handle is not None:
        os.close(handle)  # renamed: no serve will take it for a killed serve's now
    remove_later(retired)


def remove_later(*folders: Path) -> None:
    """Remove ``folders`` in a process of its own, which goes on once this one has left: in
    a session of its own, as a second Ctrl-C reaches the terminal's whole process group.
    Where no other Python can be started, here and now."""
    if not folders:
        return
    _removers[:] = [process for process in _removers if process.poll() is None]
    try:
        _removers.append(subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _REMOVE, *map(str, folders)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True))
    except (OSError, ValueError):
        for folder in folders:
            with contextlib.suppress(OSError):
                shutil.rmtree(folder)
