"""What every forked worker does first: arrange to end when the process that forked it does;
the pool that ends its workers whatever they do (:class:`ForkedPool`); and room for what
workers hand back.

A worker blocked waiting for work never notices that its parent was killed outright (``kill -9``,
the kernel out of memory, a CI runner's hard timeout): ``concurrent.futures``' workers then wait
forever, holding the terminal's output open, and ``multiprocessing.Pool``'s print a
BrokenPipeError traceback each when they hand back their next result. On Linux the kernel can end
them with their parent; elsewhere they behave as before.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from multiprocessing.pool import Pool
from typing import Any

_PR_SET_PDEATHSIG = 1
RESULTS_PIPE_BYTES = 1 << 20
"""What a pool's results pipe holds (Linux's default is 64 kB; 1 MB is the most an unprivileged
process may ask for unless the system allows more)."""
_STOPS = frozenset(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
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
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def release_stops() -> None:
    """In a worker forked under :func:`stops_held`: let the stopping signals through again."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)


def end_with_parent(parent: int) -> None:
    """In a worker forked by ``parent`` (its process id): be killed when it ends, and take
    the stopping signals again."""
    release_stops()
    if not sys.platform.startswith("linux"):
        return
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return
    prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before the line above took hold
        os._exit(1)


class ForkedPool(Pool):
    """A pool of forked workers, which it ends with SIGKILL.

    A worker lets a stop be (:func:`~mentorsite.cli.stopping.stop_signals_raise`): Ctrl-C
    reaches every process of the terminal's group, and the command ends its workers itself.
    ``Pool.terminate`` first takes the task queue's lock, so that no worker is in the middle
    of taking a task, then calls each worker's ``terminate``: SIGTERM, which such a worker
    lets be, and the pool waited for it for ever. Here that is ``kill``, SIGKILL. (Set on
    each worker: a subclass of the fork context's process class would not even import where
    there is no fork, as on Windows.)"""

    @staticmethod
    def Process(ctx: Any, *args: Any, **kwds: Any) -> Any:
        process = ctx.Process(*args, **kwds)
        process.terminate = process.kill
        return process


def forked_pool(processes: int, initializer: Callable[..., object], *initargs: object
                ) -> ForkedPool:
    """A :class:`ForkedPool` of ``processes`` workers, each calling ``initializer(*initargs)``
    first. Fork them under :func:`stops_held`."""
    return ForkedPool(processes, initializer, initargs, context=multiprocessing.get_context("fork"))


def roomy_results(pool: Pool) -> None:
    """Let ``pool``'s workers hand back up to :data:`RESULTS_PIPE_BYTES` of results before one
    waits for this process to take them.

    A pool's results come back through one pipe, read by a thread of this process, and that
    thread needs the interpreter lock for each read: while this process's main thread is busy
    (reading the content), it gets it once per switch interval (5 ms). Through a 64 kB pipe a
    result of 25 bodies' HTML (about 75 kB) then kept its worker waiting about as long as the
    worker took to make it. Where the pipe's size cannot be set (not Linux, or a limit), the
    pool works as before."""
    if not sys.platform.startswith("linux"):
        return
    import fcntl

    queue = getattr(pool, "_outqueue", None)  # the pool's result queue: CPython's own name
    reader = getattr(queue, "_reader", None)
    if reader is None:
        return
    with suppress(OSError):
        fcntl.fcntl(reader.fileno(), fcntl.F_SETPIPE_SZ, RESULTS_PIPE_BYTES)
