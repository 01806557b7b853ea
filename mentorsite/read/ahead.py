"""Share the reading of front matter with helper processes: this process reads the content
files from the first on, the helpers from the last one back, a chunk at a time, until they meet.

Reading the YAML of every front matter is most of the reading, and the reading is the longest
stretch of a cold build in which the other cores have too little to do: the Markdown helpers
(:mod:`mentorsite.markdown.ahead`) finish well before it. A front matter read by a helper comes
back pickled, and unpickling it costs a tenth of reading it, or less.

A helper hands back only front matter that read cleanly (:func:`~mentorsite.read.frontmatter.
known_front`); everything else about a file, its name, its text and its body, this process
reads itself as it would without helpers, and it takes a helper's front matter only when the
YAML text it reads is the one the helper read. So the documents and the problems found are
those of a reading without helpers, whatever the helpers did or did not finish.
"""

from __future__ import annotations

import ctypes
import os
import tempfile
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.context import ForkContext
from pathlib import Path

from mentorsite.diagnostics import Diagnostics
from mentorsite.read.files import read_text
from mentorsite.read.frontmatter import Known, known_front

CHUNK = 25
"""Files taken at a time: few enough that the side that finds the other already on the last
chunk waits little for it."""


class Halves:
    """Which chunks of the file list each side has taken, as two numbers shared with the
    helpers (made before they are forked): chunks before the first are this process's, chunks
    from the second on are the helpers'; the chunks between are nobody's yet.

    The numbers are taken and changed under a lock on a file (``fcntl``), which the kernel lets
    go when the process that holds it ends, however it ends. ``multiprocessing``'s locks are a
    semaphore each process takes and gives back itself: a helper killed holding one (the
    kernel out of memory, ``kill -9``) left it held for good, and this process, taking its next
    chunk, waited for it forever. A file's lock is each process's own, not each thread's:
    one thread of a process takes chunks.
    """

    def __init__(self, context: ForkContext, relpaths: list[str]) -> None:
        self.relpaths = relpaths
        self._taken = context.RawArray(ctypes.c_int, [0, -(-len(relpaths) // CHUNK)])
        descriptor, path = tempfile.mkstemp(prefix="mentorsite-halves-")
        os.unlink(path)
        self._lock: int | None = descriptor
        """A file of no name, which only the lock is taken on, until :meth:`close`."""
        self._closing = weakref.finalize(self, os.close, descriptor)

    def close(self) -> None:
        """Close the lock's file, once the helpers have ended: no one else takes chunks then.

        Closed only as this object was collected, the file stayed open after each build
        until the cycle collector found the build's reading (which refers to itself): a
        process that built again and again held one file more each time."""
        self._lock = None
        self._closing()

    @contextmanager
    def _held(self) -> Iterator[None]:
        """Hold the lock on the numbers, while a helper may take them too."""
        import fcntl  # not on Windows, where no helper is forked

        if self._lock is None:  # closed: the helpers have ended
            yield
            return
        fcntl.lockf(self._lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.lockf(self._lock, fcntl.LOCK_UN)

    def take_front(self) -> int | None:
        """The next chunk from the front, or None when the helpers have taken it."""
        with self._held():
            front, back = self._taken[:]
            if front >= back:
                return None
            self._taken[0] = front + 1
            return front

    def take_all(self) -> None:
        """Leave the helpers nothing more to take."""
        with self._held():
            self._taken[1] = self._taken[0]

    def take_back(self) -> int | None:
        """The next chunk from the back, or None when this process has taken it."""
        with self._held():
            front, back = self._taken[:]
            if back <= front:
                return None
            self._taken[1] = back - 1
            return back - 1


def read_back(root: Path, halves: Halves, stopping: Callable[[], bool]) -> dict[int, Known]:
    """In a helper: take chunks from the back until the two sides meet (or ``stopping``);
    what :func:`~mentorsite.read.frontmatter.known_front` makes of each file, by its index
    in the file list."""
    found: dict[int, Known] = {}
    relpaths = halves.relpaths
    while (chunk := halves.take_back()) is not None:
        for index in range(chunk * CHUNK, min((chunk + 1) * CHUNK, len(relpaths))):
            if stopping():
                return found
            text = read_text(root, relpaths[index], Diagnostics())
            known = known_front(text) if text is not None else None
            if known is not None:
                found[index] = known
    return found


class Shared:
    """This process's side: asked, file by file in list order, for what a helper read."""

    def __init__(self, halves: Halves, gather: Callable[[], dict[int, Known]]) -> None:
        self._halves = halves
        self._gather = gather
        self._mine_until = 0
        self._theirs: dict[int, Known] | None = None

    def lookup(self, relpaths: list[str]) -> Callable[[int], Known | None] | None:
        """:meth:`known`, for reading ``relpaths``; None if the helpers read another file list
        (one from before a file came or went), whose part is then ended."""
        if relpaths == self._halves.relpaths:
            return self.known
        self._halves.take_all()
        return None

    def known(self, index: int) -> Known | None:
        """What a helper read of file ``index``; None for a file this process is to read
        (the chunk it is in is taken now if need be, so ask in list order)."""
        while index >= self._mine_until and self._theirs is None:
            chunk = self._halves.take_front()
            if chunk is None:
                self._theirs = self._gather()
            else:
                self._mine_until = (chunk + 1) * CHUNK
        if index < self._mine_until or self._theirs is None:
            return None
        return self._theirs.pop(index, None)  # asked once: not held after the reading
