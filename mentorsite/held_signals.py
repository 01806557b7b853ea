"""Ctrl-C, SIGTERM and SIGHUP held while a command must not be stopped halfway (a worker being
forked, a file being made, what was printed being flushed), and let through again after.

Apart from :mod:`mentorsite.workers`, which forks, so that the commands that fork nothing
(``check`` on every save, ``new``, ``status``, ``--version``) hold stops without loading
``multiprocessing``, ``concurrent.futures`` and ``ctypes``.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

STOP_SIGNALS = frozenset(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                   if hasattr(signal, name))
"""The signals that stop a command (:mod:`mentorsite.cli.stopping`)."""


@contextmanager
def stops_held() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP while workers are forked; they arrive when it is done.

    Python runs a signal's handler at the next instruction, which may be inside fork's own
    bookkeeping (logging's lock release after a fork): the ``Stopped`` raised there is printed
    as "Exception ignored" and dropped, so the stop was lost and a traceback shown. Workers
    forked meanwhile start with the signals held, and let them through first thing
    (:func:`release_stops`)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def main_thread_takes_stops() -> None:
    """In a thread of a command's process: leave Ctrl-C, SIGTERM and SIGHUP to the main thread.

    The kernel gives a signal sent to the process to any thread that does not hold it, and
    Python runs its handler in the main thread at once, whatever that thread holds: with this
    thread alive, :func:`stops_held` held nothing (a stop just after ``new`` opened its file
    left it empty, 153 times in 200 with one other thread). Held here, a stop waits for the
    main thread."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)


def release_stops() -> None:
    """In a worker forked under :func:`stops_held`: let the stopping signals through again."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
