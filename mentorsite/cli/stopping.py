"""Stopping a command cleanly: SIGTERM and SIGHUP raise :class:`~mentorsite.errors.Stopped`.

By default these signals end Python at once, leaving a build's half-written staging folder or
``serve``'s temporary site (the whole site, every run) behind. A service manager, a CI runner
cancelling a job and ``kill`` send SIGTERM; closing the terminal sends SIGHUP. Raised in the
main thread, like Ctrl-C's KeyboardInterrupt, the exception runs the same clean-up.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import click

from mentorsite.errors import Stopped

STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def stop_signals_raise() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into :class:`Stopped` while the block runs; then restore.

    Forked render workers and history readers inherit the handler; in them the signal ends the
    process as it would have without it. A signal the caller ignores (``nohup`` ignores
    SIGHUP) stays ignored.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pid = os.getpid()

    def stop(signum: int, _frame: object) -> None:
        if os.getpid() != pid:
            os._exit(128 + signum)
        raise Stopped(signum)

    previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}
    for number, handler in previous.items():
        if handler != signal.SIG_IGN:
            signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)


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
