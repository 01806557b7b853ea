"""Forked workers (:class:`mentorsite.workers.Workers`): they hand back results and errors, can
be ended whatever they are doing without keeping this process waiting, and have room for what
they hand back (:data:`mentorsite.workers.RESULTS_PIPE_BYTES`)."""

from __future__ import annotations

import itertools
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from multiprocessing.connection import wait as connection_wait
from pathlib import Path

import pytest

from mentorsite.cli.stopping import stop_signals_raise
from mentorsite.errors import TemplateFailed
from mentorsite.workers import RESULTS_PIPE_BYTES, WorkerLost, Workers, end_with_parent

PROJECT = Path(__file__).resolve().parent.parent
linux = pytest.mark.skipif(not sys.platform.startswith("linux"),
                           reason="a pipe's size is set on Linux only")
BIG = 500_000
"""A result several times the 64 kB a pipe holds by default."""


def _nothing() -> None:
    pass


def _big(pause: float) -> tuple[float, str]:
    time.sleep(pause)
    return time.monotonic(), "x" * BIG


def _now() -> float:
    return time.monotonic()


def _busy() -> float:
    """Hold the interpreter lock for a while (a second or two), as the build's main thread
    does as it reads, and say when that ended. The clock is read twenty million times, all in
    C: no bytecode runs between the reads, so the thread that takes the results never gets the
    lock, and the last read is the moment the lock could first be let go. A time read once
    this returns (after ``sum(range(...))`` once) could come after that thread had been given
    the lock, read the result and the worker had done its next task: the control then seemed
    to have gone on while this process was busy (18 tries in 30 on a loaded machine)."""
    clock = itertools.starmap(time.monotonic, itertools.repeat((), 20_000_000))
    return deque(clock, maxlen=1)[0]


def _second_task_ran_while_busy(roomy: bool) -> bool | None:
    """Whether a worker got on with its next task while this process was too busy to take its
    last result (:func:`_busy`). None when the worker handed its result back before this
    process got busy (a loaded machine kept this process from running for the worker's
    pause): nothing was tried."""
    with Workers(1, _nothing, pipe_bytes=RESULTS_PIPE_BYTES if roomy else None) as workers:
        workers.submit(_now).result()  # the worker is up
        first = workers.submit(_big, 0.2)
        second = workers.submit(_now)
        time.sleep(0.05)  # the tasks are handed out before this process gets busy
        busy_from = time.monotonic()
        busy_until = _busy()
        made, text = first.result()
        assert len(text) == BIG
        return None if made < busy_from else second.result() < busy_until


@linux
@pytest.mark.parametrize("roomy", [False, True])
def test_a_worker_is_not_kept_waiting_by_a_busy_parent(roomy: bool):
    """The worker goes on while this process is busy with a roomy pipe, and waits with the
    default one (the control, which shows that the test can tell). A loaded machine can
    upset one try either way: the worker done before this process got busy tries nothing,
    and the thread that takes the results, already waiting in a read as this process gets
    busy, takes up to a pipe's worth more. So each side is tried up to five times and must be
    seen once; what it must never be is the other side every time."""
    seen = []
    for _ in range(5):
        ran = _second_task_ran_while_busy(roomy)
        seen.append(ran)
        if ran is roomy:
            return
    if all(ran is None for ran in seen):
        pytest.skip("the machine never let this process get busy before the worker was done")
    pytest.fail(f"the worker {'waited' if roomy else 'went on'} in every try: {seen}")


def results_pipe_bytes(workers: Workers) -> int:
    """What the first worker's results pipe holds (Linux)."""
    import fcntl

    size: int = fcntl.fcntl(workers._workers[0].results.fileno(), fcntl.F_GETPIPE_SZ)
    return size


@linux
def test_the_results_pipe_holds_a_megabyte_when_asked():
    with Workers(1, _nothing, pipe_bytes=RESULTS_PIPE_BYTES) as roomy, \
            Workers(1, _nothing) as plain:
        assert results_pipe_bytes(roomy) == RESULTS_PIPE_BYTES
        assert results_pipe_bytes(plain) < RESULTS_PIPE_BYTES


def _twice(text: str) -> str:
    return text * 2


def test_tasks_and_results_larger_than_a_pipe_do_not_wait_for_each_other():
    """A task is sent, in the thread that takes the results, while a worker may be handing
    back a result: with both larger than a pipe, each waited for the other forever."""
    with Workers(1, _nothing) as workers:
        tasks = [workers.submit(_twice, "x" * BIG) for _ in range(4)]
        assert [len(task.result(30)) for task in tasks] == [2 * BIG] * 4
        workers.join()


def _fails(line: int) -> None:
    raise TemplateFailed.at("checkin.html", line, "'x' is undefined")


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def test_results_and_errors_come_back_to_the_task_that_made_them():
    with Workers(2, _nothing) as workers:
        squares = workers.starmap(pow, [(n, 2) for n in range(50)], chunk=7)
        failed = workers.submit(_fails, 4)
        workers.join()
    assert squares == [n * n for n in range(50)]
    with pytest.raises(TemplateFailed, match=r"^checkin.html:4:1: error: 'x' is undefined"):
        failed.result()


def _pid_when_released(flag: str) -> int:
    deadline = time.monotonic() + 60
    while not os.path.exists(flag) and time.monotonic() < deadline:
        time.sleep(0.01)
    return os.getpid()


def test_a_slow_task_keeps_only_its_own_worker_busy(tmp_path):
    """A worker is sent its next task as it finishes one, one ahead, not all handed out in
    advance: while the slow task runs (until the test lets it end), every quick one but the
    one sent behind it runs in the other worker."""
    released = tmp_path / "released"
    with Workers(2, _nothing) as workers:
        slow = workers.submit(_pid_when_released, str(released))
        quick = [workers.submit(_pid_after, 0) for _ in range(20)]
        deadline = time.monotonic() + 60
        while sum(task.done() for task in quick) < 19 and time.monotonic() < deadline:
            time.sleep(0.01)
        behind = [task for task in quick if not task.done()]
        others = {task.result() for task in quick if task.done()}
        released.touch()
        assert len(behind) == 1 and len(others) == 1
        assert behind[0].result() == slow.result() not in others
        workers.join()


class _Unpicklable(Exception):
    def __init__(self, first: str, second: str) -> None:  # not rebuilt from its args
        super().__init__(f"{first} {second}")


def _raises_what_cannot_come_back() -> None:
    raise _Unpicklable("a", "b")


def _returns_what_cannot_be_sent() -> object:
    return lambda: None


def test_what_cannot_be_handed_back_is_an_error_not_a_wait():
    with Workers(1, _nothing) as workers:
        rebuilt = workers.submit(_raises_what_cannot_come_back)
        sent = workers.submit(_returns_what_cannot_be_sent)
        after = workers.submit(pow, 2, 5)
        with pytest.raises(WorkerLost, match="could not be taken back"):
            rebuilt.result(10)
        with pytest.raises(WorkerLost, match="function could not be handed back"):
            sent.result(10)
        assert after.result(10) == 32
        workers.join()


def test_a_task_that_cannot_be_sent_raises_and_is_not_waited_for():
    """A function sent by name must be a module's own: a lambda raises where it is submitted,
    and join, which waits for every task submitted, does not wait for it forever."""
    with Workers(1, _nothing) as workers:
        with pytest.raises((pickle.PicklingError, AttributeError)):  # by Python version
            workers.submit(lambda: None)
        assert workers.submit(pow, 2, 3).result(10) == 8
        joining = threading.Thread(target=workers.join, daemon=True)
        joining.start()
        joining.join(10)
        assert not joining.is_alive(), "join waited for the task that was never sent"


def _open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs Linux's /proc")
def test_workers_ended_hold_no_file_open_while_they_are_kept():
    """A failed build's error holds its frames, and the workers in them, in a cycle until the
    next full collection: each ended workers' processes held two pipes each until then, and
    200 failed parallel builds in one process held 1,000 (1,024 is a common limit)."""
    with Workers(2, _nothing) as workers:  # whatever a first use opens for good
        workers.submit(pow, 2, 2).result(10)
    before = _open_files()
    kept = []
    for _ in range(5):
        with Workers(2, _nothing) as workers:
            workers.submit(pow, 2, 2).result(10)
        kept.append(workers)
    assert _open_files() == before


def _killed() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_worker_killed_from_outside_fails_its_task_and_the_others_go_on():
    """The kernel out of memory, ``kill -9``: ``multiprocessing.Pool`` waited for the task's
    result forever (CPython issue 66587)."""
    with Workers(2, _nothing) as workers:
        lost = workers.submit(_killed)
        with pytest.raises(WorkerLost):
            lost.result(30)
        assert workers.starmap(pow, [(3, 2)] * 10) == [9] * 10
        workers.join()
    with Workers(1, _nothing) as workers:
        lost, waiting = workers.submit(_killed), workers.submit(pow, 2, 2)
        with pytest.raises(WorkerLost):
            waiting.result(30)  # no worker is left to take it
        assert lost.done()


def _cannot_start() -> None:
    raise OSError("Too many open files")


def test_a_worker_whose_start_fails_says_so_and_shows_no_traceback(capfd):
    """A worker's first step failing is told as such: its tasks said the worker was killed,
    out of memory perhaps, and the worker printed a traceback."""
    with Workers(1, _cannot_start) as workers:
        with pytest.raises(WorkerLost) as failed:
            workers.submit(pow, 2, 2).result(30)
        with pytest.raises(WorkerLost) as later:
            workers.submit(pow, 2, 3).result(30)
    said = "a worker process could not start: OSError: Too many open files"
    assert str(failed.value) == str(later.value) == said
    assert "Traceback" not in capfd.readouterr().err


def test_a_task_sent_to_a_worker_that_could_not_start_says_why_whenever_it_is_sent(
        monkeypatch):
    """A task sent once the worker has ended, before the thread that takes the results has
    read why it ended, failed at once as "killed: out of memory?" (a test above did, about
    once in six runs). It now fails when that thread has read why. Here the thread is held
    until the task has been sent, so that it is sent to a worker already gone."""
    from mentorsite import workers as module

    sent = threading.Event()

    def held(ends, timeout=None):
        sent.wait(30)
        return connection_wait(ends, timeout)

    monkeypatch.setattr(module, "connection_wait", held)
    with Workers(1, _cannot_start) as workers:
        workers._workers[0].process.join(30)  # gone, its why unread
        task = workers.submit(pow, 2, 2)
        sent.set()
        with pytest.raises(WorkerLost) as failed:
            task.result(30)
    assert str(failed.value) == "a worker process could not start: OSError: Too many open files"


def _sleeping(seconds: float) -> None:
    time.sleep(seconds)


def test_ending_the_workers_ends_one_that_lets_stops_be():
    """A worker lets a stop be, the command's to handle; so ending it must send what it
    cannot let be. ``Pool.terminate`` sent SIGTERM, and waited for ever."""
    with stop_signals_raise():
        workers = Workers(1, end_with_parent, os.getpid())
        task = workers.submit(_sleeping, 5)
        time.sleep(0.3)  # the worker is asleep
        # What waited for each worker, kept: end() closes the process objects.
        waits = [worker.process._popen for worker in workers._workers]
        ending = threading.Thread(target=workers.end, daemon=True)
        ending.start()
        ending.join(10)
    ended = not ending.is_alive()
    for waited in waits:  # what waiting would leave: end it, and the test
        if waited.returncode is None:
            os.kill(waited.pid, signal.SIGKILL)
    assert ended, "ending waited for a worker that lets SIGTERM be"
    assert [waited.returncode for waited in waits] == [-signal.SIGKILL]
    with pytest.raises(WorkerLost):
        task.result(0)


def test_a_fault_in_taking_the_results_fails_the_tasks_rather_than_waiting(monkeypatch):
    """Whatever ends the thread that takes the results, nothing waits for it forever: the
    tasks not done fail, and so do those sent afterwards."""
    from mentorsite import workers as module

    def broken(*_: object) -> None:
        raise RuntimeError("a fault in taking a result")

    monkeypatch.setattr(module, "_settle", broken)
    monkeypatch.setattr(threading, "excepthook", lambda _: None)  # printed, in real life
    with module.Workers(1, _nothing) as workers:
        first, second = workers.submit(pow, 2, 2), workers.submit(pow, 2, 3)
        with pytest.raises(WorkerLost):
            first.result(30)
        with pytest.raises(WorkerLost):
            second.result(30)
        with pytest.raises(WorkerLost):
            workers.submit(pow, 2, 4).result(30)


LEFT_RUNNING = """
import os, time
from mentorsite.cli.stopping import stop_signals_raise
from mentorsite.workers import Workers, end_with_parent
with stop_signals_raise():
    workers = Workers(1, end_with_parent, os.getpid())
    workers.submit(time.sleep, 60)
    time.sleep(0.3)
print("leaving")
"""


def test_workers_left_running_do_not_keep_the_command_from_ending():
    """Workers never ended (a fault between forking them and handing them to what ends
    them) are ended as the interpreter exits: multiprocessing sends them SIGTERM, which a
    worker lets be, and the exit waited for them forever."""
    done = subprocess.run([sys.executable, "-c", LEFT_RUNNING], capture_output=True,
                          text=True, timeout=30, cwd=PROJECT)
    assert (done.returncode, done.stdout) == (0, "leaving\n"), done.stderr


STOPPED_AS_THEY_FORK = """
import os, signal
from mentorsite.cli.stopping import stop_signals_raise
from mentorsite.errors import Stopped
from mentorsite.workers import Workers, end_with_parent
sent = []
def stop_once():
    if not sent:
        sent.append(True)
        os.kill(os.getpid(), signal.SIGTERM)
os.register_at_fork(after_in_parent=stop_once)
with stop_signals_raise():
    try:
        Workers(2, end_with_parent, os.getpid())
    except Stopped:
        print("stopped")
"""


def test_a_stop_while_the_workers_fork_ends_them_and_the_command():
    """A stop that comes while the workers fork is held until the last one is forked, and
    arrives there, before the workers are handed to anything that would end them: they were
    left to the exit, which waited for them forever."""
    done = subprocess.run([sys.executable, "-c", STOPPED_AS_THEY_FORK], capture_output=True,
                          text=True, timeout=30, cwd=PROJECT)
    assert (done.returncode, done.stdout) == (0, "stopped\n"), done.stderr


STOPPED_AS_THEY_END = """
import os
from mentorsite.cli.stopping import stop_signals_raise
from mentorsite.workers import Workers, end_with_parent
with stop_signals_raise():
    workers = Workers(2, end_with_parent, os.getpid())
    first = workers._workers[0].process
    kill = first.kill
    def stopped_once():
        first.kill = kill
        raise KeyboardInterrupt
    first.kill = stopped_once
    try:
        workers.end()
    except KeyboardInterrupt:
        print("stopped")
"""


def test_a_stop_while_the_workers_are_ended_leaves_none_running():
    """A stop that lands as end() sends its SIGKILLs (here before the first) leaves the
    workers not yet sent one to the next end(), at exit: they were taken for ended, and the
    exit waited for them forever."""
    done = subprocess.run([sys.executable, "-c", STOPPED_AS_THEY_END], capture_output=True,
                          text=True, timeout=30, cwd=PROJECT)
    assert (done.returncode, done.stdout) == (0, "stopped\n"), done.stderr


KILLED_IN_A_BUILD = """
import os, sys
from datetime import date
from pathlib import Path
from mentorsite.build import build
from mentorsite.errors import MentorsiteError
from mentorsite.output import parallel
write, parent = parallel._write, os.getpid()
def killed(*args):
    if os.getpid() != parent:
        os.kill(os.getpid(), 9)
    write(*args)
parallel._write = killed
try:
    build(Path(sys.argv[1]), Path(sys.argv[2]), today=date(2026, 1, 15), history=False, jobs=2)
except MentorsiteError as error:
    print("error:", error)
"""


def test_a_build_whose_render_workers_are_killed_fails_and_ends(tmp_path):
    """The build's render workers killed from outside: the build says so and ends, where
    it waited for their pages forever, and leaves no site half made."""
    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(PROJECT / "benchmarks" / "corpus.py"), str(corpus),
                    "--files", "300"], check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-c", KILLED_IN_A_BUILD, str(corpus),
                           str(tmp_path / "site")], capture_output=True, text=True, timeout=120,
                          cwd=PROJECT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("error: a worker process ended before it finished"), done
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(("module", "name"), [("multiprocessing.context", "ForkProcess"),
                                             ("signal", "SIGHUP")])
def test_workers_import_where_there_is_no_fork(monkeypatch, module, name):
    """Windows has neither multiprocessing's ForkProcess nor SIGHUP: a module that named
    either at import broke every command there, where the build renders in one process."""
    import importlib

    from mentorsite import workers

    kept = dict(vars(workers))
    monkeypatch.delattr(importlib.import_module(module), name)
    try:
        assert importlib.reload(workers).Workers is not None
    finally:
        monkeypatch.undo()
        # The module as it was, not reloaded once more: a reload makes a new WorkerLost, which
        # what other modules imported before (and tests after this one) would not catch.
        vars(workers).clear()
        vars(workers).update(kept)


@linux
def test_a_stop_held_by_the_main_thread_waits_while_workers_take_results(tmp_path):
    """The thread that takes the workers' results let a stop sent to the process in while the
    main thread held it (:func:`stops_held`): the kernel gave it to that thread, and Python
    ran the handler in the main thread at once. Here a file is made under the hold, with a
    stop sent to the process just after it is opened: it must come once the file is whole."""
    from mentorsite.exclusive_write import create

    path = tmp_path / "made.md"
    with stop_signals_raise(), Workers(1, _nothing) as workers:
        workers.submit(_now).result(30)  # the results thread runs
        assert any(thread.name == "mentorsite-results" for thread in threading.enumerate())
        opening = Path.open

        def open_then_stop(self: Path, *args: object, **kwargs: object) -> object:
            handle = opening(self, *args, **kwargs)
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.2)  # time for another thread to take it, if one would
            return handle

        Path.open = open_then_stop  # type: ignore[method-assign]
        try:
            with pytest.raises(KeyboardInterrupt):
                create(path, "whole\n")
        finally:
            Path.open = opening  # type: ignore[method-assign]
    assert path.read_text() == "whole\n"
