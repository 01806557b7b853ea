"""SIGTERM and SIGHUP raise :class:`Stopped` while a command runs, so its clean-up runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import weakref
from pathlib import Path

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


def test_the_tests_of_stopping_pass_when_started_with_stops_ignored():
    """Started from a script's background job (SIGINT ignored) under ``nohup`` (SIGHUP
    ignored), 19 tests of stopping failed: every command they started ignored the stop."""
    from tests.conftest import BENCHMARKS

    def ignoring() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)

    chosen = [f"tests/test_stopping.py::{name}" for name in (
        "test_a_stop_signal_raises_where_the_command_is_then_the_handler_is_restored",
        "test_a_second_stop_during_the_clean_up_ends_the_command_at_once")]
    ran = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          *chosen], cwd=BENCHMARKS.parent, capture_output=True, text=True,
                         timeout=120, check=False, preexec_fn=ignoring)
    assert ran.returncode == 0, ran.stdout[-3000:]


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


def _blocked(pid: int) -> int:
    """The signals ``pid`` holds blocked, as a bit mask (Linux)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        return int(next(line for line in status if line.startswith("SigBlk:")).split()[1], 16)


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux's /proc")
def test_a_stop_while_workers_are_forked_arrives_after_and_workers_let_stops_through():
    """A SIGTERM that came while the build forked its workers ran its handler inside fork's
    own bookkeeping (logging's lock release), where the Stopped it raised was printed as
    "Exception ignored" and dropped: a traceback, and a stop lost. Held while forking, it
    arrives as the fork is done; the workers, forked with it held, let it through first thing.

    The stop is sent to this thread, the one that forks: sent to the process (``os.kill``),
    any other thread of the test process takes it (a test's listener still waiting out its
    timeout, faulthandler's watchdog before it has blocked signals), its handler raised the
    stop here at once, and the test failed for a hold it does not test (once in 15 runs of
    this file under load; every time with one thread started before)."""
    import multiprocessing
    import threading

    from mentorsite.workers import end_with_parent, stops_held

    with stop_signals_raise(), pytest.raises(Stopped):
        with stops_held():
            pool = multiprocessing.get_context("fork").Pool(
                1, initializer=end_with_parent, initargs=(os.getpid(),))
            signal.pthread_kill(threading.get_ident(), signal.SIGTERM)
            time.sleep(0.05)  # it would have been raised by now, had it not been held
            held_until_here = True
        pytest.fail("the stop did not arrive when the fork was done")
    assert held_until_here
    with pool:
        worker = pool.apply(os.getpid, ())
        assert _blocked(worker) & (1 << (signal.SIGTERM - 1)) == 0
        pool.close()
        pool.join()


class _Thing:
    """Something a weak reference can watch die."""


def _stopped_in_a_weak_reference_callback(number: int) -> None:
    """Send ``number`` from inside a weak reference's callback, then wait for its stop: the
    test fails if it never comes."""
    thing = _Thing()
    watcher = weakref.ref(thing, lambda _: os.kill(os.getpid(), number))
    del thing  # the callback runs here, and the handler inside it
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        time.sleep(0.01)
    pytest.fail(f"the stop was lost (watched: {watcher})")


@pytest.mark.parametrize(
    ("number", "raised"),
    [(signal.SIGTERM, Stopped), (signal.SIGHUP, Stopped), (signal.SIGINT, KeyboardInterrupt)],
    ids=lambda value: getattr(value, "name", getattr(value, "__name__", str(value))),
)
def test_a_stop_that_lands_where_python_can_only_print_it_comes_again(capfd, number, raised):
    """A signal's handler runs at the next instruction, which may be in a weak reference's
    callback or a ``__del__`` (importlib drops a module lock that way on every import). An
    exception raised there cannot propagate: Python printed "Exception ignored" with a
    traceback, and the build went on as if never stopped. It comes again, in the command."""
    with pytest.raises(raised) as stopped, stop_signals_raise():
        _stopped_in_a_weak_reference_callback(number)
    assert getattr(stopped.value, "signum", signal.SIGINT) == number
    assert "Exception ignored" not in capfd.readouterr().err


def test_a_stop_is_sent_again_only_once_python_s_hook_has_returned(capfd, monkeypatch):
    """It was sent again after a fixed millisecond, from a thread the hook waits to see
    started: on a busy machine the thread sent it before the hook had returned, so its
    handler raised inside the hook and the stop was lost again (one of about 400 runs of
    the test above). Sending at once after the thread starts makes that the rule."""
    from mentorsite.cli import stopping

    monkeypatch.setattr(stopping, "_AGAIN_SECONDS", 0)
    for _ in range(20):
        with pytest.raises(Stopped), stop_signals_raise():
            _stopped_in_a_weak_reference_callback(signal.SIGTERM)
        assert "Exception ignored" not in capfd.readouterr().err


_STOPPED_TWICE = """
import os, signal, sys, time
from mentorsite.cli.stopping import stop_signals_raise
number = signal.Signals[sys.argv[1]]
with stop_signals_raise():
    try:
        os.kill(os.getpid(), number)
        time.sleep(5)
    except BaseException:
        print("cleaning up", flush=True)
        os.kill(os.getpid(), number)  # asked again while the clean-up runs
        time.sleep(5)
        print("the clean-up went on")
"""


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT],
                         ids=lambda n: n.name)
def test_a_second_stop_during_the_clean_up_ends_the_command_at_once(number):
    """Pressing Ctrl-C again while an interrupted build clears up raised a second exception
    in the middle of it: a traceback, render workers left running while their half-built
    folder was removed, and what they wrote next left behind without its marker."""
    ran = subprocess.run([sys.executable, "-c", _STOPPED_TWICE, number.name],
                         capture_output=True, text=True, timeout=30, check=False)
    assert ran.returncode == 128 + number, ran.stderr
    assert ran.stdout == "cleaning up\n"
    assert ran.stderr == "stopped at once, before its clean-up was done\n"


def test_ctrl_c_is_left_to_a_handler_the_caller_set():
    def mine(_signum: int, _frame: object) -> None:
        pass

    before = signal.signal(signal.SIGINT, mine)
    try:
        with stop_signals_raise():
            assert signal.getsignal(signal.SIGINT) is mine
            assert signal.getsignal(signal.SIGTERM) is not before
        assert signal.getsignal(signal.SIGINT) is mine
    finally:
        signal.signal(signal.SIGINT, before)


_STOPPED_AS_IT_LEAVES = """
import os, signal, sys, time
from mentorsite.cli import main as module

class Output:
    def write(self, text):
        return len(text)

    def flush(self):
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C as the finished command flushes
        time.sleep(0.2)

module.cli = lambda **_: None
sys.stdout = Output()
module.main()
"""


def test_a_stop_once_the_command_is_over_leaves_quietly_with_its_status():
    ran = subprocess.run([sys.executable, "-c", _STOPPED_AS_IT_LEAVES],
                         capture_output=True, text=True, timeout=30, check=False)
    assert (ran.returncode, ran.stderr) == (0, "")


_STOPPED_AFTER_ITS_OWN_CLEAN_UP = """
from mentorsite.cli import main as module

def over():
    raise KeyboardInterrupt  # a Ctrl-C after the command's own handling, as it returns

module.cli = lambda **_: over()
module.main()
"""


def test_a_ctrl_c_after_the_command_handled_its_stop_leaves_quietly():
    ran = subprocess.run([sys.executable, "-c", _STOPPED_AFTER_ITS_OWN_CLEAN_UP],
                         capture_output=True, text=True, timeout=30, check=False)
    assert (ran.returncode, ran.stderr) == (130, "")


def test_only_a_ctrl_c_is_taken_quietly_after_the_command():
    crashing = ("from mentorsite.cli import main as module\n"
                "module.cli = lambda **_: 1 / 0\n"
                "module.main()\n")
    ran = subprocess.run([sys.executable, "-c", crashing],
                         capture_output=True, text=True, timeout=30, check=False)
    assert ran.returncode == 1 and "ZeroDivisionError" in ran.stderr


_STOPPED_AS_IT_LOADS = """
import sys

class CtrlC:
    def find_spec(self, name, path=None, target=None):
        if name == "mentorsite.cli.main":
            raise KeyboardInterrupt  # a Ctrl-C while the command line's modules load
        return None

sys.meta_path.insert(0, CtrlC())
from mentorsite.cli.start import run
run()
"""


def test_a_ctrl_c_while_the_command_line_loads_leaves_quietly_with_130():
    """Before the console script reached any of mentorsite's handling, a Ctrl-C printed a
    KeyboardInterrupt traceback through the imports."""
    ran = subprocess.run([sys.executable, "-c", _STOPPED_AS_IT_LOADS],
                         capture_output=True, text=True, timeout=30, check=False)
    assert (ran.returncode, ran.stderr) == (130, "mentorsite interrupted\n")


def test_the_console_script_and_python_m_start_where_a_ctrl_c_is_caught():
    top = Path(__file__).parents[1]
    project = (top / "pyproject.toml").read_text("utf-8")
    assert '[project.scripts]\nmentorsite = "mentorsite.cli.start:run"\n' in project
    main = (top / "mentorsite" / "__main__.py").read_text("utf-8")
    assert "from mentorsite.cli.start import run" in main
