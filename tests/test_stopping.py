"""SIGTERM and SIGHUP raise :class:`Stopped` while a command runs, so its clean-up runs."""

from __future__ import annotations

import os
import signal
import time

import pytest

from mentorsite.cli.stopping import stop_signals_raise, stopped_status
from mentorsite.errors import Stopped


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP], ids=lambda n: n.name)
def test_a_stop_signal_raises_where_the_command_is_then_the_handler_is_restored(number):
    before = signal.getsignal(number)
    with pytest.raises(Stopped) as stopped, stop_signals_raise():
        os.kill(os.getpid(), number)
        time.sleep(5)  # the handler raises before this ends
    assert stopped.value.signum == number
    assert stopped_status(stopped.value) == 128 + number
    assert signal.getsignal(number) == before


def test_a_signal_the_caller_ignores_stays_ignored():
    """``nohup mentorsite serve`` ignores SIGHUP: closing the terminal must not stop it."""
    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with stop_signals_raise():
            assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
            assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, signal.SIG_IGN)
            os.kill(os.getpid(), signal.SIGHUP)
            time.sleep(0.05)
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, before)


def test_ctrl_c_gives_130():
    assert stopped_status(KeyboardInterrupt()) == 130
