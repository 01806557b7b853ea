"""Forked workers: what each does first, arranging to end when the process that forked it
does; and the workers themselves (:class:`Workers`), which can be ended whatever they are doing
without keeping this process waiting.

A worker blocked waiting for work never notices that its parent was killed outright (``kill -9``,
the kernel out of memory, a CI runner's hard timeout): ``concurrent.futures``' workers then wait
forever, holding the terminal's output open, and ``multiprocessing.Pool``'s print a
BrokenPipeError traceback each when they hand back their next result. On Linux the kernel can end
them with their parent; elsewhere they behave as before.
"""

from __future__ import annotations

import atexit
import ctypes
import itertools
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, wait
from contextlib import suppress
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as connection_wait
from multiprocessing.process import BaseProcess
from multiprocessing.reduction import ForkingPickler
from typing import Any

from mentorsite.errors import MentorsiteError
from mentorsite.held_signals import main_thread_takes_stops, release_stops, stops_held

_PR_SET_PDEATHSIG = 1
RESULTS_PIPE_BYTES = 1 << 20
"""What a Markdown helper's results pipe holds (Linux's default is 64 kB; 1 MB is the most an
unprivileged process may ask for unless the system allows more)."""
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


class WorkerLost(MentorsiteError):
    """A worker ended before it handed back a task's result: killed from outside (the kernel
    out of memory, ``kill -9``), or its start failed."""


LOST = "a worker process ended before it finished its task (killed: out of memory?)"
"""Why a task failed, unless its worker said why it ended."""


class Workers:
    """Processes forked from this one, each running the tasks it is sent one at a time; each
    task's result, or the exception it raised, comes back as a :class:`Future`.

    Each worker has a pipe of its own for its tasks and one for its results, each with one
    writer and one reader: no lock is shared across processes. ``multiprocessing.Pool``'s
    workers share one task queue and one result queue, each guarded by a lock every process
    takes; ``Pool.terminate`` ends its workers while they may be handing back a result, and a
    worker ended holding the result queue's lock left it held for good: the pool's own task
    thread waited for it forever (CPython issue 96995). A build that failed on a template
    error in a worker then never ended, seen about once in a few hundred failed builds, once
    in CI. :meth:`end` here is a SIGKILL to each worker and a wait for each to be gone: nothing
    a worker held can keep this process waiting.

    A thread of this process takes each result as it comes, so that a worker never waits for
    room in its pipe while this process is busy, and hands the worker its next task at once:
    a slow task keeps only its own worker busy. Fork no other process while it runs.
    """

    def __init__(self, processes: int, initializer: Callable[..., object], *initargs: object,
                 pipe_bytes: int | None = None) -> None:
        """Fork ``processes`` workers, each calling ``initializer(*initargs)`` first, with the
        stops held (:func:`stops_held`). ``pipe_bytes``: what each results pipe holds, where
        it can be set (:func:`roomy`)."""
        context = multiprocessing.get_context("fork")
        self._lock = threading.Lock()
        self._numbers = itertools.count()
        self._futures: dict[int, Future[Any]] = {}
        self._waiting: deque[tuple[int, bytes]] = deque()
        """Tasks not yet sent: each one's number, and the task pickled."""
        self._workers: list[_Worker] = []
        self._receiving: threading.Thread | None = None
        self._ended = False
        # Workers never ended (a fault between here and what ends them) are ended at exit:
        # multiprocessing's own exit sends them SIGTERM, which a worker lets be (the command's
        # to handle), and then waited for them forever. Handlers run last registered first.
        atexit.register(self.end)
        try:
            self._fork(context, processes, initializer, initargs, pipe_bytes)
        except BaseException:
            # A stop held while the workers forked arrives as the stops are let through, the
            # first thing after the last fork, before this object is handed to anything that
            # would end its workers: they are ended here, not left until the exit.
            self.end()
            raise

    def _fork(self, context: multiprocessing.context.ForkContext, processes: int,
              initializer: Callable[..., object], initargs: tuple[object, ...],
              pipe_bytes: int | None) -> None:
        """Fork the workers, and start the thread that takes their results."""
        with stops_held():
            for _ in range(processes):
                tasks, task_writer = context.Pipe(duplex=False)
                result_reader, results = context.Pipe(duplex=False)
                inherited = [end for worker in self._workers
                             for end in (worker.tasks, worker.results)]
                process = context.Process(
                    target=_work, args=(tasks, results, inherited, initializer, initargs),
                    daemon=True)
                process.start()
                tasks.close()
                results.close()
                if pipe_bytes is not None:
                    roomy(result_reader, pipe_bytes)
                self._workers.append(_Worker(process, task_writer, result_reader))
        self._receiving = threading.Thread(target=self._receive, name="mentorsite-results",
                                           daemon=True)
        self._receiving.start()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.end()

    def submit(self, function: Callable[..., Any], *args: object) -> Future[Any]:
        """Run ``function(*args)`` in a worker; ``function`` is sent by name, so it must be
        one of a module's own functions. A task that cannot be pickled raises here, and is
        not sent: one sent later, by the thread that takes the results, would end it."""
        number = next(self._numbers)
        task = ForkingPickler.dumps((number, function, args))
        future: Future[Any] = Future()
        with self._lock:
            self._futures[number] = future
            self._waiting.append((number, bytes(task)))
            failed = self._hand_out()
        _fail(failed, self._why())
        return future

    def starmap(self, function: Callable[..., Any], arguments: Iterable[tuple[object, ...]],
                chunk: int = 1) -> list[Any]:
        """``[function(*args) for args in arguments]``, run ``chunk`` calls to a task."""
        listed = list(arguments)
        tasks = [self.submit(_each, function, listed[start:start + chunk])
                 for start in range(0, len(listed), chunk)]
        return [result for task in tasks for result in task.result()]

    def join(self) -> None:
        """Wait for every task sent, then let the workers go and wait until they have."""
        with self._lock:
            futures = list(self._futures.values())
        wait(futures)
        for worker in self._workers:
            with suppress(OSError):
                worker.tasks.send(None)
        for worker in self._workers:
            worker.process.join()
        self.end()

    def end(self) -> None:
        """End the workers now (SIGKILL), whatever they are doing: the tasks they have not
        handed back raise :class:`WorkerLost`. Nothing once the workers have ended.

        Ended only once every worker is sent its SIGKILL: a stop that interrupts the sending
        leaves the rest to the next call, at the latest at exit, where they were left
        running and the exit waited for them forever."""
        if self._ended:
            return
        for worker in self._workers:
            if worker.process.exitcode is None:  # after join, every one has ended
                worker.process.kill()
        self._ended = True
        atexit.unregister(self.end)
        for worker in self._workers:
            worker.process.join()
        if self._receiving is not None:
            self._receiving.join()  # every results pipe has ended with its worker
        for worker in self._workers:
            worker.tasks.close()
            worker.results.close()
            # Two pipes of its own, until the process object is collected: a failed build's
            # error holds its frames in a cycle, for the next full collection, and serve's
            # rebuilds that failed held more and more: 200 failed builds held 1,000.
            worker.process.close()

    def _hand_out(self) -> list[Future[Any]]:
        """Send waiting tasks to the workers with room, the least busy first; the futures of
        tasks that could not be sent. Called with the lock held."""
        failed: list[Future[Any]] = []
        while self._waiting:
            ready = [worker for worker in self._workers
                     if worker.alive and len(worker.busy) < _TASKS_AHEAD]
            if not ready:
                # Once every worker has ended and been told of (_lost): the last one told of
                # fails what is waiting then, with why it ended.
                if all(worker.told for worker in self._workers):
                    failed += [self._futures.pop(number) for number, _ in self._waiting]
                    self._waiting.clear()
                break
            worker = min(ready, key=lambda worker: len(worker.busy))
            number, task = self._waiting.popleft()
            try:
                worker.tasks.send_bytes(task)
            except OSError:  # it has ended: _receive, reading its pipe's end, fails the task
                worker.alive = False  # with why it ended, which it may not have read yet
                worker.busy.append(number)
                continue
            worker.busy.append(number)
        return failed

    def _receive(self) -> None:
        """In a thread: each result as it comes, until every worker has ended. However this
        thread ends, no task is left waiting for it: what is not done then fails."""
        main_thread_takes_stops()
        ends = {worker.results: worker for worker in self._workers}
        try:
            while ends:
                for end in connection_wait(list(ends)):
                    worker = ends[end]  # type: ignore[index]
                    try:
                        number, raised = worker.results.recv()
                        payload = worker.results.recv_bytes()
                    except (EOFError, OSError):
                        del ends[end]  # type: ignore[arg-type]
                        self._lost(worker)
                        continue
                    if number is None:  # its start failed, and it ends: why, for _lost
                        worker.why = pickle.loads(payload)
                        continue
                    with self._lock:
                        worker.busy.remove(number)
                        future = self._futures[number]
                        failed = self._hand_out()
                    _settle(future, raised, payload)
                    with self._lock:
                        del self._futures[number]
                    _fail(failed, self._why())
        finally:
            with self._lock:
                for worker in self._workers:
                    worker.alive = False
                    worker.told = True
                    worker.busy.clear()
                failed = list(self._futures.values())
                self._futures.clear()
                self._waiting.clear()
            _fail(failed)

    def _why(self) -> str:
        """Why a task no worker took fails: what an ended worker said as it ended, if one
        did (its start failed, as every worker's would)."""
        return next((worker.why for worker in self._workers if worker.why != LOST), LOST)

    def _lost(self, worker: _Worker) -> None:
        """``worker`` has ended: the tasks it had fail, and so do those waiting if no worker
        is left to take them."""
        with self._lock:
            worker.alive = False
            worker.told = True
            failed = [self._futures.pop(number) for number in worker.busy]
            worker.busy.clear()
            failed += self._hand_out()
        _fail(failed, worker.why)


_TASKS_AHEAD = 2
"""Tasks a worker is sent before it hands back the first: it starts the next at once."""


@dataclass
class _Worker:
    """One of :class:`Workers`' processes, the ends of its pipes that this process holds, and
    the tasks it has been sent and not handed back."""

    process: BaseProcess
    tasks: Connection
    results: Connection
    busy: list[int] = field(default_factory=list)
    alive: bool = True
    """Whether it may be sent tasks: not once a task could not be sent to it."""
    told: bool = False
    """Whether :meth:`Workers._receive` has read that it ended, and why."""
    why: str = LOST
    """Why its tasks fail if it ends: what it said as it ended, if it did."""


def _work(tasks: Connection, results: Connection, inherited: list[Connection],
          initializer: Callable[..., object], initargs: tuple[object, ...]) -> None:
    """A worker: run each task it is sent and hand back what came of it, until told to stop."""
    for end in inherited:  # the other workers' pipes: theirs and this process's parent's
        end.close()
    try:
        initializer(*initargs)
    except Exception as error:  # said instead of a traceback, and the tasks fail with it
        results.send((None, True))
        results.send_bytes(pickle.dumps(f"a worker process could not start: "
                                        f"{type(error).__name__}: {error}"))
        return
    for number, function, args in _sent(tasks):
        try:
            value, raised = function(*args), False
        except Exception as error:  # handed back, and raised where the result is asked for
            value, raised = error, True
        try:
            payload = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        except Exception as error:
            what = WorkerLost(f"{type(value).__name__} could not be handed back: {error}")
            payload, raised = pickle.dumps(what, pickle.HIGHEST_PROTOCOL), True
        results.send((number, raised))
        results.send_bytes(payload)


def _sent(tasks: Connection) -> Iterator[tuple[int, Callable[..., Any], tuple[object, ...]]]:
    """In a worker: each task it is sent, until told to stop (None, or its parent gone).

    A thread of the worker reads them as they come, whatever the worker is doing. The parent
    sends a task while it holds its lock, in the thread that takes the results, and a send
    waits while the task pipe is full: a task larger than the pipe, sent to a worker that
    read only between two tasks, waited until the worker had handed back its current
    result, which, larger than the results pipe, waited for that same thread. Neither ever
    went on."""
    sent: queue.SimpleQueue[tuple[int, Callable[..., Any], tuple[object, ...]] | None] = \
        queue.SimpleQueue()

    def read() -> None:
        try:
            while (task := tasks.recv()) is not None:
                sent.put(task)
        except EOFError:  # the parent has ended
            pass
        finally:
            sent.put(None)

    threading.Thread(target=read, name="mentorsite-tasks", daemon=True).start()
    while (task := sent.get()) is not None:
        yield task


def _each(function: Callable[..., Any], arguments: list[tuple[object, ...]]) -> list[Any]:
    return [function(*args) for args in arguments]


def _settle(future: Future[Any], raised: bool, payload: bytes) -> None:
    try:
        value = pickle.loads(payload)
    except Exception as error:  # a class that cannot be rebuilt from its arguments
        value, raised = WorkerLost(f"a result could not be taken back: {error}"), True
    if raised:
        future.set_exception(value)
    else:
        future.set_result(value)


def _fail(futures: list[Future[Any]], why: str = LOST) -> None:
    for future in futures:
        if future.done():  # settled just before the thread that took it failed
            continue
        future.set_exception(WorkerLost(why))


def roomy(results: Connection, size: int) -> None:
    """Let a worker hand back up to ``size`` bytes of results before it waits for this
    process to take them.

    The thread that takes them needs the interpreter lock for each read: while this process's
    main thread is busy (reading the content), it gets it once per switch interval (5 ms).
    Through a 64 kB pipe a result of 25 bodies' HTML (about 75 kB) then kept its worker
    waiting about as long as the worker took to make it (a result is now 200 bodies':
    :data:`~mentorsite.markdown.ahead.FILES_PER_TASK`). Where the pipe's size cannot be set
    (not Linux, or a limit), it stays as it is."""
    if not sys.platform.startswith("linux"):
        return
    import fcntl

    with suppress(OSError):
        fcntl.fcntl(results.fileno(), fcntl.F_SETPIPE_SZ, size)
