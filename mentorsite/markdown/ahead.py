"""Render Markdown bodies on the cores that reading leaves idle, before any page is built.

Validating the content and working out what it means (the model, lint, insights) runs in one
process: sending the model between processes would cost more than it saves. So on a cold
build every other core waits for it, and then the render workers spend about half their
time in Markdown. Markdown needs nothing the reading finds: only the body, which is the text
after the front matter. So while this process reads, forked helpers read the same files, cut off
the front matter and render the bodies into the Markdown cache; the render workers, forked
later, inherit the cache and find those bodies done.

The helpers start before the build's own machinery is imported (the model, Jinja: a third of
a second), and read the Markdown cache for themselves, so that nothing they need comes from
the reading they run beside.

Nothing waits for their Markdown: when the pages are ready to render, they are told to stop, what
they finished is taken and the rest is left to the render workers as before. They stop on
their own, between two files (never by a signal, which a process can miss while it starts).

A body's HTML depends only on its text (see :mod:`mentorsite.markdown.cache`), so a body
rendered ahead is the one a worker would have rendered; bodies of files that turn out private
or invalid are simply never used.

Before the Markdown, the helpers read part of the front matter, from the last file back, while
this process reads from the first (:mod:`mentorsite.read.ahead`): its YAML is most of the
reading, and a front matter comes back pickled for a tenth of what reading it costs. Markdown
alone left them idle for half of the reading.

What they hand back waits in a pipe this process's busy reading empties only now and then, so
the pipe is made large (:func:`~mentorsite.workers.roomy`): through the default one, a
helper waited for it about as long as it worked.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Future
from concurrent.futures import wait as wait_for
from pathlib import Path

from mentorsite.cores import default_jobs
from mentorsite.diagnostics import Diagnostics
from mentorsite.markdown import cache as markdown_cache
from mentorsite.markdown import engine as markdown
from mentorsite.markdown.cache_index import Index
from mentorsite.read import ahead as read_ahead
from mentorsite.read.files import content_files, read_text
from mentorsite.read.frontmatter import Known, body_of
from mentorsite.workers import RESULTS_PIPE_BYTES, Workers, end_with_parent

MIN_FILES = 200
"""Below this many files the helpers cost more than they save."""
FILES_PER_TASK = 200
"""Files a task reads: the helpers hand back their work a task at a time. Each result is
taken, and the helper handed its next task, by a thread of this process, which waits its
turn on the interpreter lock while the reading runs (up to a switch interval, 5 ms, at each
step): at 25 files a task, a helper on the 5,000-file benchmark corpus spent about half its
time waiting for a task, and rendered 1,300-2,400 of the bodies before the pages rendered
where it now renders 3,400-5,000."""
GATHER_SECONDS = 10.0
"""How long the reading waits for the front matter the helpers read, at most: they are then on
their last chunk, or gone (a helper killed), and the reading does without what is missing."""

class StopSign:
    """The sign to stop: set once, by this process, and looked at by the helpers between two
    files; a byte of memory shared with them (made before they are forked), with no lock.

    ``multiprocessing.Event`` takes a lock shared with every helper to look at it or set it:
    a helper killed while it looked (the kernel out of memory, ``kill -9``) left the lock held
    for good, and this process, setting the sign to stop them, waited for it forever. One
    writer setting one byte needs no lock."""

    def __init__(self, context: multiprocessing.context.ForkContext) -> None:
        self._set = context.RawValue(ctypes.c_bool, False)

    def set(self) -> None:
        self._set.value = True

    def is_set(self) -> bool:
        return self._set.value


_job: tuple[Path, Path, StopSign, read_ahead.Halves] | None = None
"""What the forked helpers read: the source folder, the Markdown cache's folder, the sign to
stop, and the content files, whose front matter the reading shares with them."""
_known: Index | None = None
"""In a helper: the HTML the Markdown cache already holds, read at its first task."""


class Ahead:
    """Bodies being rendered by helper processes, until :meth:`finish`."""

    def __init__(self, pool: Workers | None, tasks: list[Future[dict[str, str]]],
                 stop: StopSign | None, halves: read_ahead.Halves | None = None,
                 reads: list[Future[dict[int, Known]]] | None = None) -> None:
        self._pool = pool
        self._tasks = tasks
        self._stop_sign = stop
        self._reads = reads or []
        self._halves = halves
        self.reading = read_ahead.Shared(halves, self._gathered) if halves else None
        """The helpers' side of the reading of the front matter, when they take part in it."""

    def _gathered(self) -> dict[int, Known]:
        """The front matter the helpers read, once they have met the reading."""
        found: dict[int, Known] = {}
        for task in self._reads:
            wait_for([task], GATHER_SECONDS)
            if task.done() and task.exception() is None:
                found.update(task.result())
        self._reads = []
        return found

    def finish(self) -> dict[str, str]:
        """Stop the helpers; the HTML by body hash of every body they rendered."""
        self._stop()
        done: dict[str, str] = {}
        for task in self._tasks:
            if task.done() and task.exception() is None:
                done.update(task.result())
        self._tasks = []
        return done

    def _stop(self) -> None:
        """Tell the helpers to stop and wait until they have: each ends the file it is on,
        the tasks not begun end at once, and then they are sent home."""
        if self._pool is None or self._stop_sign is None:
            return
        self._stop_sign.set()
        self._pool.join()
        self._pool = None
        self._let_go()

    def _end(self) -> None:
        """End the helpers now, their work no longer wanted (the build failed or was
        stopped), without :meth:`_stop`'s waiting for every task to come back."""
        if self._pool is not None:
            self._pool.end()
            self._pool = None
        self._let_go()

    def _let_go(self) -> None:
        """Once the helpers have ended: the lock they took chunks under is closed."""
        if self._halves is not None:
            self._halves.close()


@contextlib.contextmanager
def rendering(root: Path, cache: Path, helpers: int | None = None) -> Iterator[Ahead]:
    """Render the bodies under ``root`` not yet in the Markdown cache in the folder ``cache``
    on ``helpers`` forked processes (default: all cores but one) while the block runs; they
    are stopped when it ends, however it ends.

    Start this before any thread: a process forked while another thread holds a lock would
    inherit the lock held forever.
    """
    ahead = _start(root, cache, default_jobs() - 1 if helpers is None else helpers)
    try:
        yield ahead
    except BaseException:
        ahead._end()
        raise
    ahead._stop()


def _start(root: Path, cache: Path, helpers: int) -> Ahead:
    global _job
    if helpers < 1 or "fork" not in multiprocessing.get_all_start_methods():
        return Ahead(None, [], None)
    relpaths = content_files(root, Diagnostics())
    if len(relpaths) < MIN_FILES:
        return Ahead(None, [], None)
    context = multiprocessing.get_context("fork")
    try:
        stop = StopSign(context)
        halves = read_ahead.Halves(context, relpaths)
    except OSError:  # no room for what they share (/dev/shm, the temporary folder): none
        return Ahead(None, [], None)
    _job = (root, cache, stop, halves)
    try:
        pool = Workers(helpers, _begin, os.getpid(), pipe_bytes=RESULTS_PIPE_BYTES)
    finally:
        _job = None  # the helpers have their copy; this process needs none
    # The front matter first, from the back: the reading waits for it; the Markdown not
    # done when the pages render is left to the render workers.
    reads = [pool.submit(_read_back) for _ in range(helpers)]
    tasks = [
        pool.submit(_render, start, min(start + FILES_PER_TASK, len(relpaths)))
        for start in range(0, len(relpaths), FILES_PER_TASK)
    ]
    return Ahead(pool, tasks, stop, halves, reads)


def _begin(parent: int) -> None:
    """In a helper, first: collect garbage as usual, and end with the build."""
    gc.enable()
    end_with_parent(parent)


def _read_back() -> dict[int, Known]:
    """In a helper: its part of the reading of the front matter."""
    assert _job is not None, "set before the helpers fork"
    root, _, stopping, halves = _job
    return read_ahead.read_back(root, halves, stopping.is_set)


def _render(start: int, stop: int) -> dict[str, str]:
    """In a helper: the HTML of the bodies of files ``start`` to ``stop`` not known yet."""
    assert _job is not None, "set before the helpers fork"
    global _known
    root, cache, stopping, halves = _job
    relpaths = halves.relpaths
    if _known is None:
        _known = markdown_cache.load(cache)
    known = _known
    found: dict[str, str] = {}
    for relpath in relpaths[start:stop]:
        if stopping.is_set():
            break
        text = read_text(root, relpath, Diagnostics())
        body = body_of(text) if text is not None else None
        if body is None:
            continue
        digest = markdown_cache.key(body)
        if digest not in known and digest not in found:
            found[digest] = markdown.render(body)
    return found
