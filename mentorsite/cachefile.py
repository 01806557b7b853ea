"""JSON cache files: read if sound, written whole or not at all.

Caches only ever save time, so a cache that cannot be read is treated as empty and one that
cannot be written is skipped; JSON (never pickle) because a cache folder that arrived with a
cloned repository must not be able to run code.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from mentorsite.git_environment import git_environment

CACHE_FOLDER = ".mentorsite-cache"
"""The folder every cache is kept in, safe to delete at any time: under the source folder for a
build, beside the output folder for a programme."""

STALE_AFTER = 3600.0
"""Seconds after its last write that a cache's temporary file is taken as left by a build that
was killed while saving (see :func:`_remove_stale`)."""


def read_json(path: Path) -> Any:
    """The file's JSON value, or ``None`` when it is missing, not a regular file or not valid
    JSON (see :func:`read_cache`).

    The bytes are let go once decoded, before the value is made: held while it was, a large
    cache was in memory three times at once (its bytes, its text, its value), at the peak of
    the build that read it (the 9.9 MB Markdown cache of the 5,000-file benchmark corpus,
    read as the pages start to render)."""
    data = read_cache(path)
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
        del data
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def read_cache(path: Path) -> bytes | None:
    """The bytes of a cache file, or ``None`` when it is missing, unreadable or not a regular
    file (see :func:`open_cache`)."""
    stream = open_cache(path)
    if stream is None:
        return None
    try:
        with stream:
            return stream.read()
    except OSError:
        return None


def open_cache(path: Path) -> IO[bytes] | None:
    """The cache file at ``path`` opened to read, or ``None`` when it is missing, unreadable
    or not a regular file. Opened without waiting, so a pipe in the cache's place is passed
    over instead of waited on forever."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        stream = os.fdopen(fd, "rb")
    except OSError:
        os.close(fd)
        return None
    try:
        if stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return stream
    except OSError:
        pass
    stream.close()
    return None


@functools.lru_cache(maxsize=8)
def committed(folder: Path) -> bool:
    """Whether git tracks a file in ``folder``. A cache committed to the repository (forced
    past ``.gitignore``, in a pull request say) was written by whoever committed it, not by a
    build here: one that holds HTML is not to be trusted, for it would publish what it holds.
    Without git, or outside a repository, nothing is tracked."""
    git = shutil.which("git")
    if git is None:
        return False
    try:
        done = subprocess.run([git, "ls-files", "-z", "--", folder.name], cwd=folder.parent,
                              env=git_environment(folder.parent), capture_output=True, timeout=30,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and bool(done.stdout)


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as JSON in one string: far faster than json.dump's chunks."""
    write_parts(path, [json.dumps(data).encode("utf-8")])


def write_parts(path: Path, parts: Iterable[bytes]) -> None:
    """Write the parts one after another (see :func:`parts_writer`)."""
    with parts_writer(path) as write:
        for part in parts:
            write(part)


@contextlib.contextmanager
def parts_writer(path: Path) -> Iterator[Callable[[bytes], None]]:
    """A function that writes parts one after another beside the final name while the block
    runs, so that no part need wait in memory for the others; the file is renamed over
    ``path`` when the block ends without error, so a reader never sees half a file."""
    parts = _Parts(path)
    try:
        yield parts.write
    except BaseException:
        parts.discard()
        raise
    parts.finish()


class _Parts:
    """A file written beside ``path``. It is opened at the first write, so a process forked
    before then does not share it; a cache that cannot be written is skipped, leaving nothing
    behind."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stream: IO[bytes] | None = None
        self.temporary: str | None = None
        self.failed = False

    def write(self, part: bytes) -> None:
        if self.failed:
            return
        try:
            if self.stream is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                handle, self.temporary = tempfile.mkstemp(
                    prefix=f".{self.path.stem}-{os.getpid()}-", dir=self.path.parent)
                self.stream = os.fdopen(handle, "wb")
            self.stream.write(part)
        except OSError:
            self.discard()

    def finish(self) -> None:
        self.write(b"")  # opens the file if nothing was written: an empty file is a file too
        if self.failed or self.stream is None or self.temporary is None:
            return
        try:
            self.stream.close()
            os.replace(self.temporary, self.path)
        except OSError:
            self.discard()
            return
        _remove_stale(self.path)

    def discard(self) -> None:
        self.failed = True
        if self.stream is not None:
            with contextlib.suppress(OSError):
                self.stream.close()
        if self.temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.temporary)


def _remove_stale(path: Path) -> None:
    """Remove the temporary files of the cache at ``path`` that no build is writing any more.

    A build killed while saving (SIGKILL, a power cut) cannot remove its temporary file, and
    no later save would: one more was left in the cache folder at every such stop. One is
    stale when it was last written over :data:`STALE_AFTER` ago, or, on POSIX, when the
    process its name holds is gone. Were a live writer's file taken all the same (a folder
    shared between machines), its rename fails and that cache is not saved, which only
    costs time."""
    pattern = re.compile(re.escape(f".{path.stem}-") + r"(?:(\d+)-)?[a-z0-9_]{8}")
    now = time.time()
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None:
            continue
        try:
            found = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(found.st_mode):
            continue
        if now - found.st_mtime > STALE_AFTER or (match[1] and not _alive(int(match[1]))):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists; True where that cannot be asked (on Windows,
    ``os.kill`` ends the process instead)."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # another user's process (PermissionError), or no pid at all
    return True
