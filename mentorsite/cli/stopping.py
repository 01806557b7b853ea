"""Stopping a command cleanly: SIGTERM and SIGHUP raise :class:`~mentorsite.errors.Stopped`.

By default these signals end Python at once, leaving a build's half-written staging folder or
``serve``'s temporary site (the whole site, every run) behind. A service manager, a CI runner
cancelling a job and ``kill`` send SIGTERM; closing the terminal sends SIGHUP. Raised in the
main thread, like Ctrl-C's KeyboardInterrupt, the exception runs the same clean-up.

A handler runs at Python's next instruction, which may be inside a weak reference's callback or
a ``__del__`` (importlib drops a module lock that way on every import). An exception raised
there cannot propagate: Python prints it as "Exception ignored" and goes on, so the stop was
lost and a traceback shown. While a command runs, such a stop is sent again a moment later.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import NoReturn

import click

from mentorsite.errors import Stopped

STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
_AGAIN_SECONDS = 0.001
"""How often a lost stop's sender looks whether Python's hook has returned (see
:func:`_send_again`)."""


@contextlib.contextmanager
def stop_signals_raise() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into :class:`Stopped` while the block runs; then restore.

    Ctrl-C raises KeyboardInterrupt as before. A second stop, while the first one's clean-up
    runs, ends the process at once: it was asked for twice, and a second exception raised in
    the middle of the clean-up (ending the render workers, removing the half-built folder)
    would cut it short and print a traceback.

    Forked render workers, Markdown helpers and history readers inherit the handler, which
    does nothing in them: a stop is the command's to handle, and it ends its workers
    (:class:`~mentorsite.workers.Workers`). Ctrl-C and a closed terminal reach the whole
    process group, and a worker that ended there and then could hold its pool's queue lock
    (taking its next task) or leave its task unfinished: the command then waited forever as
    it ended the pool. A signal the caller ignores (``nohup`` ignores SIGHUP) stays ignored.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    global _stops
    stops = _Stops(os.getpid())
    outer, _stops = _stops, stops
    previous = {number: signal.getsignal(number) for number in (*STOP_SIGNALS, signal.SIGINT)}
    for number, handler in previous.items():
        if handler not in (signal.SIG_IGN, None) and (
                number != signal.SIGINT or handler is signal.default_int_handler):
            signal.signal(number, stops.handle)
    printing = sys.unraisablehook
    sys.unraisablehook = functools.partial(stops.unraisable, printing)
    try:
        yield
    finally:
        _stops = outer
        sys.unraisablehook = printing
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)


@dataclass
class _Stops:
    """The stops of one command, in the process ``pid`` that runs it."""

    pid: int
    raised: bool = False
    """A stop has been raised, and its clean-up is running."""
    stop: BaseException | None = None
    """The stop raised last (see :func:`stop_in`)."""

    def handle(self, signum: int, _frame: object) -> None:
        if os.getpid() != self.pid:
            return  # a worker's: see stop_signals_raise
        if self.raised:
            os.write(2, b"stopped at once, before its clean-up was done\n")
            os._exit(128 + signum)
        self.raised = True
        self.stop = KeyboardInterrupt() if signum == signal.SIGINT else Stopped(signum)
        raise self.stop

    def unraisable(self, printing: Callable[[sys.UnraisableHookArgs], object],
                   unraised: sys.UnraisableHookArgs) -> None:
        """Python's hook for an exception it can only print: a stop raised there is lost, so
        it is sent again (:func:`_send_again`) and counts as the first one still."""
        signum = _signal_of(unraised.exc_value)
        if signum is None or os.getpid() != self.pid:
            printing(unraised)
        else:
            self.raised, self.stop = False, None
            _send_again(self.pid, signum, sys._getframe())


def _signal_of(exception: BaseException | None) -> int | None:
    """The signal that raised ``exception``, or None if none did."""
    if isinstance(exception, Stopped):
        return exception.signum
    return signal.SIGINT if isinstance(exception, KeyboardInterrupt) else None


def _send_again(pid: int, signum: int, hook: FrameType) -> None:
    """Send ``signum`` to ``pid`` (this process) again from a thread, once the hook whose
    frame is ``hook`` has returned.

    Sent while the hook runs, its handler would raise inside the hook, where it is lost the
    same way. A fixed wait is not enough: on a busy machine this thread was seen to send it
    while the hook still waited for the thread to start. The thread looks at the main
    thread's stack every millisecond, without the interpreter lock between looks."""
    hooked = threading.get_ident()  # the main thread: where signal handlers run

    def send_once_returned() -> None:
        while _on_stack(hook, sys._current_frames().get(hooked)):
            time.sleep(_AGAIN_SECONDS)
        os.kill(pid, signum)

    threading.Thread(target=send_once_returned, name="mentorsite-stop-again",
                     daemon=True).start()


def _on_stack(frame: FrameType, top: FrameType | None) -> bool:
    """Whether ``frame`` is ``top`` or one of its callers."""
    while top is not None:
        if top is frame:
            return True
        top = top.f_back
    return False


STOPS = (KeyboardInterrupt, Stopped, Exception)
"""What a stop may come as: catch these after every error the command handles itself (any
error may be a stop turned into one, see :func:`stop_in`), then ask :func:`stop_in` which
one it is."""

_stops: _Stops | None = None
"""The stops of the command running under :func:`stop_signals_raise`, if one is."""


def stop_in(error: BaseException) -> BaseException | None:
    """``error`` if it is a stop (Ctrl-C's KeyboardInterrupt or :class:`Stopped`), or the stop
    it came of, or None.

    A stop raised where code turns it into an error of its own still ends the command as
    stopped, not with a traceback: Python 3.11 turns any exception raised in a
    ``__set_name__`` into a RuntimeError (a class made as a module is imported), and
    pydantic-core, building a model's validators as its module is imported, turns one into
    a ``SchemaError`` that keeps only its name in the message ("Error building "literal"
    validator: KeyboardInterrupt"). Any error that comes once a stop was raised is taken as
    that stop's."""
    if isinstance(error, KeyboardInterrupt | Stopped):
        return error
    cause = error.__cause__ if isinstance(error, RuntimeError) else None
    if isinstance(cause, KeyboardInterrupt | Stopped):
        return cause
    return _stops.stop if _stops is not None and os.getpid() == _stops.pid else None


def stopped_status(stop: BaseException) -> int:
    """The exit status of a command stopped by ``stop``: 128 plus the signal's number, as
    the shell reports a process the signal ended (Ctrl-C: 130)."""
    return 128 + (stop.signum if isinstance(stop, Stopped) else signal.SIGINT)


def build_interrupted(command: str, target: Path, existed: bool, stop: BaseException) -> NoReturn:
    """Say what an interrupted build into ``target`` left (``existed``: it was there before),
    and leave with :func:`stopped_status`."""
    kept = "holds the last complete build" if existed else "was not made"
    click.echo(f"{command} interrupted: {target} {kept}", err=True)
    raise SystemExit(stopped_status(stop))
