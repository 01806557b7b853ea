"""Forked workers: room for what they hand back (:func:`mentorsite.workers.roomy_results`),
and a pool that ends them though they let stops be (:class:`mentorsite.workers.ForkedPool`)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from multiprocessing.pool import Pool

import pytest

from mentorsite.cli.stopping import stop_signals_raise
from mentorsite.workers import RESULTS_PIPE_BYTES, end_with_parent, forked_pool, roomy_results

linux = pytest.mark.skipif(not sys.platform.startswith("linux"),
                           reason="a pipe's size is set on Linux only")
BIG = 500_000
"""A result several times the 64 kB a pipe holds by default."""


def _big(pause: float) -> tuple[float, str]:
    time.sleep(pause)
    return time.monotonic(), "x" * BIG


def _now() -> float:
    return time.monotonic()


def _second_task_ran_while_busy(roomy: bool) -> bool | None:
    """Whether a worker got on with its next task while this process was too busy to take its
    last result: :func:`sum` over a range runs in C and holds the interpreter lock, so the
    pool's result thread cannot read meanwhile, as when the build's main thread is reading.
    None when the worker handed its result back before this process got busy (a loaded
    machine kept this process from running for the worker's pause): nothing was tried."""
    with multiprocessing.get_context("fork").Pool(1) as pool:
        if roomy:
            roomy_results(pool)
        pool.apply(_now)  # the worker is up
        first = pool.apply_async(_big, (0.2,))
        second = pool.apply_async(_now)
        time.sleep(0.05)  # the tasks are handed out before this process gets busy
        busy_from = time.monotonic()
        sum(range(60_000_000))
        busy_until = time.monotonic()
        made, text = first.get()
        assert len(text) == BIG
        return None if made < busy_from else second.get() < busy_until


@linux
@pytest.mark.parametrize("roomy", [False, True])
def test_a_worker_is_not_kept_waiting_by_a_busy_parent(roomy: bool):
    """The worker goes on while this process is busy with a roomy pipe, and waits with the
    default one (the control, which shows that the test can tell). A loaded machine can
    upset one try either way: the worker done before this process got busy tries nothing,
    and the pool's result thread, already waiting in a read as this process gets busy,
    takes up to a pipe's worth more. So each side is tried up to five times and must be
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


def results_pipe_bytes(pool: Pool) -> int:
    """What ``pool``'s results pipe holds (Linux)."""
    import fcntl

    reader = pool._outqueue._reader  # type: ignore[attr-defined]
    size: int = fcntl.fcntl(reader.fileno(), fcntl.F_GETPIPE_SZ)
    return size


@linux
def test_the_results_pipe_holds_a_megabyte():
    with multiprocessing.get_context("fork").Pool(1) as pool:
        roomy_results(pool)
        assert results_pipe_bytes(pool) == RESULTS_PIPE_BYTES


def test_a_pool_without_the_queue_it_expects_is_left_as_it_is():
    class Elsewhere:  # a Python whose pool keeps its results under another name
        pass

    roomy_results(Elsewhere())  # type: ignore[arg-type]


def _sleeping(seconds: float) -> None:
    time.sleep(seconds)


def test_a_forked_pool_ends_a_worker_that_lets_stops_be():
    """A worker lets a stop be, the command's to handle; so the pool that ends it must send
    what it cannot let be. ``Pool.terminate`` sends SIGTERM, and waited for ever."""
    with stop_signals_raise():
        pool = forked_pool(1, end_with_parent, os.getpid())
        pool.apply_async(_sleeping, (5,))
        time.sleep(0.3)  # the worker is asleep
        workers = list(pool._pool)  # the pool's own list of its processes
        ending = threading.Thread(target=pool.terminate, daemon=True)
        ending.start()
        ending.join(10)
    ended = not ending.is_alive()
    for worker in workers:  # what a plain pool would leave waiting: end it, and the test
        if worker.exitcode is None:
            os.kill(worker.pid, signal.SIGKILL)
    assert ended, "terminate waited for a worker that lets SIGTERM be"
    assert [worker.exitcode for worker in workers] == [-signal.SIGKILL]


@pytest.mark.parametrize(("module", "name"), [("multiprocessing.context", "ForkProcess"),
                                             ("signal", "SIGHUP")])
def test_workers_import_where_there_is_no_fork(monkeypatch, module, name):
    """Windows has neither multiprocessing's ForkProcess nor SIGHUP: a module that named
    either at import broke every command there, where the build renders in one process."""
    import importlib

    from mentorsite import workers

    monkeypatch.delattr(importlib.import_module(module), name)
    try:
        assert importlib.reload(workers).ForkedPool is not None
    finally:
        monkeypatch.undo()
        importlib.reload(workers)
