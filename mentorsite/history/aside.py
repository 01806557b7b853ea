"""Read the git history in a process of its own while the build reads the content.

Reading the history is mostly waiting for git, but parsing its log, packing the old versions and
saving the history cache is Python. On a thread of the building process that work needed the
interpreter lock the content's reading needs too, and the two ran one after the other: on the
5,000-commit corpus 1.7 s of reading and 1.3 s of history took 2.8-3.0 s together. In a forked
process the history is read beside the content, and comes back through a pipe when the build
asks for it.

Start it before any thread (see :func:`reading`). Where processes cannot be forked, the history
is read in this process when it is asked for.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from dataclasses import replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from mentorsite.cachefile import CACHE_FOLDER
from mentorsite.held_signals import stops_held
from mentorsite.history import cache as history_cache
from mentorsite.history.commits import GitLog
from mentorsite.history.log import read_history
from mentorsite.workers import end_with_parent


class History:
    """The git history being read, until :meth:`result` gives it; as a context, the reading
    is ended on leaving it if its history was not taken."""

    def __init__(self, read: Callable[[], GitLog], end: Callable[[], None] = lambda: None
                 ) -> None:
        self._read = read
        self._end = end
        self._log: GitLog | None = None

    def result(self) -> GitLog:
        """The history; waits for it, and raises what reading it raised."""
        if self._log is None:
            self._log = self._read()
        return self._log

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._end()


def cache_file(root: Path) -> Path:
    """Where the git history of ``root`` is kept between builds, in its build cache folder."""
    return root / CACHE_FOLDER / history_cache.FILE


def beside_build(root: Path) -> History:
    """Start reading the history a build of ``root`` shows, with its cache, but for the
    versions checked out: the build reads those from the working tree, and
    :func:`~mentorsite.history.log.read_missing` any it does not find there."""
    return reading(root, cache_file(root), newest=False)


def reading(root: Path, cache: Path | None = None, *, newest: bool = True) -> History:
    """Start reading the history of ``root`` (see :func:`~mentorsite.history.log.read_history`).

    Call it before any thread is started: a process forked while another thread holds a lock
    would hold that lock forever.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return History(lambda: read_history(root, cache, newest=newest))
    receiving, sending = multiprocessing.get_context("fork").Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(
        target=_read, args=(root, cache, newest, sending, receiving, os.getpid()),
        name="mentorsite-history", daemon=True,
    )
    with stops_held():
        process.start()
    sending.close()  # the child's end: the pipe breaks if the child dies
    return History(lambda: _received(process, receiving), lambda: _ended(process, receiving))


def _read(root: Path, cache: Path | None, newest: bool, sending: Connection,
          receiving: Connection, parent: int) -> None:
    """In the child: read the history and send it, or what went wrong.

    A stop is the building process's to handle: the child ends with it (the kernel ends it,
    on Linux), or when sending finds the pipe closed, which it is once the building process
    is gone only if the child holds no reading end of its own: it held one, inherited with
    the fork, and an interrupted build left it waiting for ever to send a history too large
    for the pipe, holding the terminal's output open."""
    receiving.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    end_with_parent(parent)
    try:
        found: GitLog | BaseException = _goals_read(read_history(root, cache, newest=newest))
    except BaseException as exc:  # handed to the build, which raises it
        found = exc
    try:
        sending.send(found)
    except BrokenPipeError:
        return  # the build is gone: nobody to tell
    except Exception as exc:  # what was found cannot be pickled
        what = found if isinstance(found, BaseException) else exc
        sending.send(RuntimeError(f"reading the history failed: {what!r}"))


def _goals_read(log: GitLog) -> GitLog:
    """``log`` with the old versions of goals it holds read (:attr:`GitLog.read_ahead`), and
    the paths it names that are entries' (:attr:`GitLog.entry_paths`: asked one by one, they
    were a tenth of what the build's evolution of the log did).

    Each goal's versions are shown on its page and its revisions' (the targets it moved, what
    each revision changed): the build read every one (its YAML) in its serial stretch, with
    one core idle, before the render workers it forks started. This process is done long
    before the build has read the content (on the 5,000-file benchmark corpus at about 4 s of
    6.6, and 0.6 s of 4.8 with its cache); the versions come back parsed, for a fraction of
    the parse in unpickling. (Imported here, in this process: the build forks it before it
    loads the rest, and these modules are half of it.)"""
    from mentorsite.history.version_read import read_version
    from mentorsite.read.load import entry_kind, is_entry_path

    wanted = dict.fromkeys(
        blob for commit in log.commits for change in commit.changes
        if entry_kind(change.path) == "goal"
        for blob in (change.old_blob, change.new_blob, *change.merged_with)
        if blob in log.blobs)
    read = {blob: version for blob in wanted
            if (version := read_version(log.blob(blob))) is not None}
    paths = {path for commit in log.commits for change in commit.changes
             for path in (change.path, change.old_path) if path is not None}
    return replace(log, read_ahead=read,
                   entry_paths=frozenset(path for path in paths if is_entry_path(path)))


def _ended(process: BaseProcess, receiving: Connection) -> None:
    """End the reading process, unless its history was received (which waited for it).

    A build stopped (Ctrl-C, a content file it failed on before it asked for the history)
    left it to be ended by the kernel as the build's process ended: it outlived the build,
    as did the ``git`` it ran, which the docs say no helper does."""
    if receiving.closed:
        return
    receiving.close()
    process.kill()
    process.join()
    process.close()


def _received(process: BaseProcess, receiving: Connection) -> GitLog:
    try:
        found: GitLog | BaseException | None = receiving.recv()
    except EOFError:  # the child ended without sending
        found = None
    finally:
        receiving.close()
        process.join()
        status = process.exitcode
        # Its two pipes go with it; kept until the process object was collected, a failed
        # build's error held them in a cycle, and serve's rebuilds held more and more.
        process.close()
    if found is None:
        raise RuntimeError(f"reading the history stopped (exit status {status})")
    if isinstance(found, BaseException):
        raise found
    return found
