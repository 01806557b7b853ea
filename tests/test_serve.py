"""`mentorsite serve` end to end: a real server process, real file edits, real HTTP."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from queue import Empty, Queue
from typing import TYPE_CHECKING

import pytest

from mentorsite.errors import Stopped
from mentorsite.output.folder import MARKER
from tests.conftest import Repo

if TYPE_CHECKING:
    from mentorsite.serve.live import LiveSite

GOAL = """---
title: {title}
started: 2025-01-01
due: 2025-06-30
why: Be heard.
success: Two talks.
metrics:
  - {{id: talks, label: Talks given, baseline: 0, target: 4}}
---
Body.
"""


@pytest.fixture
def server(tmp_path):
    """A running `mentorsite serve` on a free port, its temporary folders in ``tmp_path/tmp``;
    yields (root, host, port, process, stderr lines)."""
    yield from serving(tmp_path, GOAL.format(title="Speak up"))


def serving(tmp_path, goal: str, *flags: str, committed: bool = False,
            arrange: Callable[[Path], object] | None = None):
    """:func:`server`, of a pair whose one goal file holds ``goal``, with ``flags`` given to
    serve; ``committed``: in a git repository, the goal committed; ``arrange`` is given the
    pair's folder to change before serve starts."""
    root = tmp_path / "pair"
    (root / "content/goals").mkdir(parents=True)
    (root / "content/goals/speak.md").write_text(goal)
    if arrange is not None:
        arrange(root)
    if committed:
        Repo(root).commit("Speak up")
    (tmp_path / "tmp").mkdir(exist_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "mentorsite", "--source", str(root), "--today", "2025-01-10",
         "serve", "--port", "0", *flags],
        stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(tmp_path / "tmp")},
    )
    lines: Queue[str] = Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in process.stderr],
                              daemon=True)
    reader.start()
    url = None
    deadline = time.monotonic() + 20
    while url is None and time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except Empty:
            continue
        match = re.search(r"serving http://([\d.]+):(\d+)/", line)
        url = match and (match[1], int(match[2]))
    try:
        assert url, "the server did not start"
        yield root, url[0], url[1], process, lines
    finally:  # also when the generator is closed at its yield
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        reader.join(timeout=10)  # it reads to the end of the pipe the process left
        process.stderr.close()


def get(host: str, port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection(host, port, timeout=5)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read().decode("utf-8", "replace")


def next_reload(host: str, port: int, since: int) -> Queue[float]:
    """Listen on the event stream in the background; each reload puts its arrival time."""
    arrivals: Queue[float] = Queue()

    def listen() -> None:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        connection.request("GET", f"/__mentorsite/events?since={since}")
        response = connection.getresponse()
        for raw in response:
            if raw.startswith(b"event: reload"):
                arrivals.put(time.monotonic())
                return

    threading.Thread(target=listen, daemon=True).start()
    time.sleep(0.2)
    return arrivals


def said_until(lines: Queue[str], words: str, seconds: float = 5) -> list[str]:
    """The lines serve prints until one holding ``words`` (or ``seconds`` have passed)."""
    said: list[str] = []
    deadline = time.monotonic() + seconds
    while not any(words in line for line in said) and time.monotonic() < deadline:
        try:
            said.append(lines.get(timeout=0.5))
        except Empty:
            continue
    return said


def version_of(page: str) -> int:
    return int(re.search(r'data-version="(\d+)"', page)[1])


def test_content_broken_from_the_start_is_shown_then_reloads_once_fixed(tmp_path):
    """No build has succeeded yet: there is no last good build to show, and the page served
    in its place carries the problems and reloads once they are fixed."""
    session = serving(tmp_path, "---\ntitle: [broken\n---\n")
    root, host, port, _process, _lines = next(session)
    try:
        status, page = get(host, port, "/")
        assert status == 404
        assert "<h2>The site could not be built</h2>" in page
        assert "content/goals/speak.md:2:8: error: invalid YAML" in page
        assert "<main><h1>Not found</h1></main>" in page  # its text in a landmark (axe)
        arrivals = next_reload(host, port, version_of(page))
        (root / "content/goals/speak.md").write_text(GOAL.format(title="Speak up"))
        arrivals.get(timeout=3)
        status, page = get(host, port, "/goals/speak/")
        assert status == 200 and "Speak up" in page and "mentorsite-overlay" not in page
    finally:
        session.close()


def test_the_list_of_problems_is_an_alert_a_keyboard_can_scroll(tmp_path):
    """A long list of problems scrolls inside the overlay (overlay.css) and holds no link:
    the overlay must itself be in the tab order, or a keyboard cannot reach the end of it in
    Safari (axe: scrollable-region-focusable); and it is an alert on a ``div``, as ARIA does
    not let an ``aside`` be one (axe: aria-allowed-role)."""
    from bs4 import BeautifulSoup

    from mentorsite.serve.live import LiveSite
    from mentorsite.serve.server import _OVERLAY_CSS, _Handler

    live = LiveSite(tmp_path, tmp_path / "site", None, print)
    live.problems = "\n".join(f"content/goals/x.md:{line}:1: warning: w [c]" for line in range(99))
    handler = type("Handler", (_Handler,), {"site": live})
    page = b'<!doctype html><html lang="en"><head></head><body><main>x</main></body></html>'
    shown = BeautifulSoup(handler.live(handler, page, live.now()), "html.parser")
    overlay = shown.select_one(".mentorsite-overlay")
    assert b"overflow: auto" in _OVERLAY_CSS.split(b"}")[0]
    assert overlay is not None and overlay.name == "div" and overlay["role"] == "alert"
    assert overlay["tabindex"] == "0"
    assert overlay.pre.get_text().count("content/goals/x.md:") == 99


def test_serving_on_every_address_gives_one_a_browser_can_open(tmp_path):
    """``--host 0.0.0.0`` listens on every address of the machine; the address printed (and
    opened by --open) was http://0.0.0.0:…/, which Windows' browsers cannot open."""
    session = serving(tmp_path, GOAL.format(title="Speak up"), "--host", "0.0.0.0")
    _root, host, port, _process, _lines = next(session)
    try:
        assert host == "127.0.0.1"
        status, page = get(host, port, "/goals/speak/")
        assert status == 200 and "Speak up" in page
    finally:
        session.close()


def test_edit_reload_break_overlay_fix_and_stop(server):
    root, host, port, process, lines = server
    status, page = get(host, port, "/goals/speak/")
    assert status == 200 and "Speak up" in page
    assert '<script src="/__mentorsite/reload.js"' in page

    # Timeouts of 10 s: what they wait for takes well under a second, but a CI machine's load
    # once kept it waiting past the 2 s this test gave it.
    arrivals = next_reload(host, port, version_of(page))
    (root / "content/goals/speak.md").write_text(GOAL.format(title="Speak up often"))
    arrivals.get(timeout=10)
    status, page = get(host, port, "/goals/speak/")
    assert "Speak up often" in page and "mentorsite-overlay" not in page

    arrivals = next_reload(host, port, version_of(page))
    (root / "content/goals/speak.md").write_text("---\ntitle: [broken\n---\n")
    arrivals.get(timeout=10)
    status, page = get(host, port, "/goals/speak/")
    assert status == 200
    assert "Speak up often" in page, "the last good build is still served"
    assert "mentorsite-overlay" in page and "content/goals/speak.md:" in page
    assert "build failed, 1 error in 1 file: still serving the last good build\n" in said_until(
        lines, "still serving")

    arrivals = next_reload(host, port, version_of(page))
    (root / "content/goals/speak.md").write_text(GOAL.format(title="Speak up, fixed"))
    arrivals.get(timeout=10)
    status, page = get(host, port, "/goals/speak/")
    assert "Speak up, fixed" in page and "mentorsite-overlay" not in page

    process.send_signal(signal.SIGINT)
    try:
        assert process.wait(timeout=10) == 0
    except subprocess.TimeoutExpired:
        said = "".join(lines.queue)  # what serve printed, to tell where it stopped
        pytest.fail(f"serve did not stop within 10 s of Ctrl-C; it printed:\n{said}")


@contextlib.contextmanager
def scripted_serve(tmp_path: Path, script: str, root: Path,
                   ) -> Iterator[tuple[subprocess.Popen[str], Queue[str], threading.Thread]]:
    """``script`` (a serve with something of it replaced) run on ``root``, its temporary
    folders in ``tmp_path/tmp``: the process, the lines it prints and their reader; killed at
    the end if still running."""
    (tmp_path / "tmp").mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(root)], stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(tmp_path / "tmp")})
    lines: Queue[str] = Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in process.stderr],
                              daemon=True)
    reader.start()
    try:
        yield process, lines, reader
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()


def served_copies(tmp_path, seconds: float = 0) -> list[str]:
    """serve's temporary folders in ``tmp_path/tmp``, once gone or ``seconds`` have passed:
    a stopped serve's goes in a process of its own, which outlives it."""
    deadline = time.monotonic() + seconds
    while True:
        found = [p.name for p in (tmp_path / "tmp").glob("mentorsite-serve*")]
        if not found or time.monotonic() >= deadline:
            return found
        time.sleep(0.1)


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT],
                         ids=lambda number: number.name)
def test_a_stopped_serve_removes_the_site_it_served(server, tmp_path, number):
    """``kill``, a service manager or a closed terminal stop serve as Ctrl-C does: the whole
    site it built into a temporary folder goes with it."""
    _root, _host, _port, process, lines = server
    assert len(served_copies(tmp_path)) == 1, "serve builds into a temporary folder"
    process.send_signal(number)
    assert process.wait(timeout=10) == 0
    assert "stopping\n" in said_until(lines, "stopping")
    assert served_copies(tmp_path, seconds=10) == []


_REMOVING_FOREVER = """
import shutil, sys, time

shutil.rmtree = lambda *args, **kwargs: time.sleep(120)  # a disk that takes its time
from mentorsite.cli.main import main

sys.argv = ["mentorsite", "--source", sys.argv[1], "--today", "2025-01-10", "serve",
            "--port", "0"]
main()
"""


def test_a_stopped_serve_does_not_wait_for_its_site_to_be_removed(tmp_path):
    """Ctrl-C on a large site took seconds (9 s for 10,000 pages) while serve removed the
    site it had built: the folder is renamed at once and removed by a process of its own."""
    root = tmp_path / "pair"
    (root / "content/goals").mkdir(parents=True)
    (root / "content/goals/speak.md").write_text(GOAL.format(title="Speak up"))
    with scripted_serve(tmp_path, _REMOVING_FOREVER, root) as (process, lines, _reader):
        assert any(line.startswith("serving") for line in said_until(lines, "serving", 30))
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        assert served_copies(tmp_path, seconds=10) == []


def test_a_site_left_by_a_serve_stopped_before_it_was_removed_goes_at_the_next_start(
        tmp_path):
    """A stopped serve's folder whose removal was cut short (the remover killed, the machine
    shut down) stayed in the temporary folder for good; the next serve removes it, and
    leaves a running serve's folder alone."""
    left = tmp_path / "tmp/mentorsite-served-abc/site/goals/speak"
    running = tmp_path / "tmp/mentorsite-serve-def/site"
    for folder in (left, running):
        folder.mkdir(parents=True)
        (folder / "index.html").write_text("<p>old</p>")
    _next_start_removes(tmp_path, left, running / "index.html")


def _next_start_removes(tmp_path: Path, gone: Path, kept: Path) -> None:
    """Start a serve: ``gone`` goes (serve leaves removals to a process of its own, which
    it does not wait for), and ``kept``, a running serve's, stays beside the new serve's."""
    served = serving(tmp_path, GOAL.format(title="Speak up"))
    next(served)
    try:
        deadline = time.monotonic() + 10
        while gone.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not gone.exists()
        assert kept.is_file()
        assert len(served_copies(tmp_path)) == 2  # its own, and the running one's
    finally:
        served.close()


def test_a_site_left_by_a_killed_serve_goes_at_the_next_start(tmp_path):
    """``kill -9`` or the out-of-memory killer give serve no chance to remove the site it
    built: its folder stayed in the temporary folder for good, one more at every such stop.
    The next serve removes it, and leaves a running serve's folder alone however old."""
    import fcntl

    first = serving(tmp_path, GOAL.format(title="Speak up"))
    _root, _host, _port, process, _lines = next(first)
    process.kill()
    process.wait()
    first.close()
    [killed] = (tmp_path / "tmp").glob("mentorsite-serve-*")
    running = tmp_path / "tmp/mentorsite-serve-running"
    running.mkdir()
    held = os.open(running / "serving.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as the serve running there holds it
    long_ago = time.time() - 3600
    for folder in (killed, running):
        os.utime(folder, (long_ago, long_ago))
    try:
        shutil.rmtree(tmp_path / "pair")
        _next_start_removes(tmp_path, killed, running / "serving.lock")
    finally:
        os.close(held)


def test_watchdogs_warning_about_folders_made_fast_is_not_shown(recwarn):
    """A ``git checkout`` makes folders inside folders faster than watchdog watches them, and
    now and then it warns that it watches one twice, with a dump of its whole state (seen in
    one checkout of seven: too rare to provoke here, so the warning is issued as watchdog
    issues it). Nothing is wrong, and serve's terminal shows none of it."""
    import warnings

    from watchdog.observers import inotify

    from mentorsite.serve.server import _quiet_watcher

    _quiet_watcher()
    warnings.warn_explicit(
        "Callback with id '1' already exists for watch <bound method Watch.short_str of "
        "Watch(wd=11)>. It will be Overwritten.", RuntimeWarning, inotify.__file__, 365,
        module="watchdog.observers.inotify")
    warnings.warn("a warning of serve's own", RuntimeWarning, stacklevel=1)
    assert [str(w.message) for w in recwarn] == ["a warning of serve's own"]


@pytest.mark.parametrize("stop", [KeyboardInterrupt, lambda: Stopped(signal.SIGTERM)],
                         ids=["ctrl-c", "sigterm"])
def test_serve_stopped_during_its_first_build_leaves_nothing(tmp_path, monkeypatch, stop):
    from mentorsite.serve import server as server_module
    from mentorsite.serve.live import LiveSite

    root = tmp_path / "pair"
    (root / "content/goals").mkdir(parents=True)
    (root / "content/goals/speak.md").write_text(GOAL.format(title="Speak up"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))

    def interrupted(site: LiveSite, changed: object = None) -> None:
        assert len(served_copies(tmp_path)) == 1, "the build has somewhere to go"
        raise stop()

    monkeypatch.setattr(LiveSite, "rebuild", interrupted)
    said: list[str] = []
    try:
        server_module.serve(root, "127.0.0.1", 0, None, said.append)
    except (KeyboardInterrupt, Stopped):
        pytest.fail(f"the interruption escaped serve; left: {served_copies(tmp_path)}")
    assert said == ["stopping"]
    assert served_copies(tmp_path, seconds=10) == []


_STOPPED_AS_SERVE_LOADS = """
import os, signal, sys, time, types

number = signal.Signals[sys.argv[1]]
loading = types.ModuleType("mentorsite.serve.server")

def __getattr__(name):  # what serve imports first, stopped as it loads
    os.kill(os.getpid(), number)
    time.sleep(5)

loading.__getattr__ = __getattr__
sys.modules["mentorsite.serve.server"] = loading
from mentorsite.cli.main import main

sys.argv = ["mentorsite", "--source", sys.argv[2], "serve", "--port", "0"]
main()
"""


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_serve_stopped_as_it_loads_stops_as_at_any_other_time(tmp_path, name):
    """Ctrl-C half a second after starting serve, while it imported its server, was Click's
    "Aborted!" and exit status 1; SIGTERM or SIGHUP killed it outright."""
    (tmp_path / "content").mkdir()
    ran = subprocess.run([sys.executable, "-c", _STOPPED_AS_SERVE_LOADS, name, str(tmp_path)],
                         capture_output=True, text=True, timeout=60, check=False)
    assert (ran.returncode, ran.stderr) == (0, "stopping\n")


_STOP_TURNED_INTO_AN_ERROR = """
import os, signal, sys, time

from mentorsite.errors import Stopped
from mentorsite.serve.live import LiveSite

number, turned = signal.Signals[sys.argv[1]], sys.argv[3] == "turned"

def rebuild(site, changed=None):  # the first build, stopped (where a library catches it)
    try:
        os.kill(os.getpid(), number)
        time.sleep(5)
    except (KeyboardInterrupt, Stopped):
        if not turned:
            raise
        raise ValueError("Error building 'literal' validator") from None  # pydantic-core's way

LiveSite.rebuild = rebuild
from mentorsite.cli.main import main

sys.argv = ["mentorsite", "--source", sys.argv[2], "serve", "--port", "0"]
main()
"""


@pytest.mark.parametrize("how", ["as-is", "turned"])
@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_serve_stopped_in_its_first_build_exits_0(tmp_path, name, how):
    """Stopped before it serves, serve ends as docs/content.md says it ends at any time:
    "stopping" and 0. A stop that a library turns into an error of its own (pydantic-core
    building a model's validators as the first build imported it) ended it with that error's
    traceback and status 1; it is a stop, as build takes it."""
    (tmp_path / "content").mkdir()
    (tmp_path / "tmp").mkdir()
    ran = subprocess.run(
        [sys.executable, "-c", _STOP_TURNED_INTO_AN_ERROR, name, str(tmp_path), how],
        capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "TMPDIR": str(tmp_path / "tmp")})
    assert (ran.returncode, ran.stderr) == (0, "stopping\n")
    assert served_copies(tmp_path, seconds=10) == []


def test_the_watchers_complaints_while_it_stops_are_not_shown(caplog):
    """watchdog logs an error when a file event races its stop; serve has stopped by then."""
    import logging

    from mentorsite.serve.server import _stop_watching

    class RacingObserver:
        def stop(self) -> None:
            logging.getLogger("watchdog.observers.inotify").error(
                "InotifyEmitter.queue_events() called when the thread is inactive")

        def join(self, timeout: float | None = None) -> None: ...

    try:
        _stop_watching(RacingObserver(), 5)  # type: ignore[arg-type]
    finally:
        logging.getLogger("watchdog").setLevel(logging.NOTSET)
    assert caplog.records == []


@pytest.mark.parametrize(
    "path", ["/../", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd",
             "/goals/..\\..\\x", "/static/", "/%00"],
)
def test_paths_outside_the_output_or_folders_are_not_served(server, path):
    _root, host, port, _process, _lines = server
    status, page = get(host, port, path)
    assert status == 404
    assert "root:" not in page


def test_only_get_and_head(server):
    _root, host, port, _process, _lines = server
    for method in ("POST", "PUT", "DELETE"):
        connection = http.client.HTTPConnection(host, port, timeout=5)
        connection.request(method, "/", body=b"x")
        assert connection.getresponse().status == 405
    connection = http.client.HTTPConnection(host, port, timeout=5)
    connection.request("HEAD", "/")
    response = connection.getresponse()
    assert response.status == 200 and response.read() == b""


def test_symlink_out_of_the_output_is_not_followed(tmp_path):
    from mentorsite.serve.live import LiveSite
    from mentorsite.serve.server import _Handler

    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("ok")
    (tmp_path / "secret.txt").write_text("secret")
    (out / "leak.txt").symlink_to(tmp_path / "secret.txt")
    handler = type("H", (_Handler,), {"site": LiveSite(tmp_path, out, None, print)})
    resolve = handler.resolve
    assert resolve(handler, "/index.html") == (out / "index.html").resolve()
    assert resolve(handler, "/leak.txt") is None


def test_warns_when_exposed(tmp_path):
    from mentorsite.serve.server import _is_loopback

    assert _is_loopback("127.0.0.1") and _is_loopback("::1") and _is_loopback("localhost")
    assert not _is_loopback("0.0.0.0") and not _is_loopback("192.168.1.4")
    # as the system reads them: short forms of 127.0.0.1, and IPv4 within IPv6
    assert _is_loopback("127.1") and _is_loopback("::ffff:127.0.0.1")
    assert not _is_loopback("::ffff:192.168.1.4") and not _is_loopback("10.1")
    assert not _is_loopback("example.org") and not _is_loopback("127.0.0.1.example")


def test_default_host_is_loopback():
    from mentorsite.cli.main import serve

    [host] = [p for p in serve.params if p.name == "host"]
    assert host.default == "127.0.0.1"


def test_memory_is_tidied_once_edits_are_over(monkeypatch):
    """A burst of saves rebuilds once; the garbage collection waits until things are quiet."""
    from mentorsite.serve import live as module

    monkeypatch.setattr(module, "DEBOUNCE", 0.05)
    monkeypatch.setattr(module, "IDLE", 3)  # far apart, so that a loaded machine cannot blur them
    from types import SimpleNamespace

    calls: list[str] = []
    site = SimpleNamespace(
        rebuild=lambda changed=None: calls.append("rebuild"),
        builder=SimpleNamespace(settle=lambda: calls.append("settle"), missed=lambda: False,
                                new_day=lambda: False),
    )
    rebuilder = module.Rebuilder(site)
    rebuilder.thread.start()
    try:
        for _ in range(3):
            rebuilder.last_event = time.monotonic()
            rebuilder.pending.set()
            time.sleep(0.01)
        deadline = time.monotonic() + 2.5
        while not calls and time.monotonic() < deadline:
            time.sleep(0.01)
        assert calls == ["rebuild"], "a rebuild, and no garbage collection yet"
        deadline = time.monotonic() + 10
        while calls != ["rebuild", "settle"] and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.6)
        assert calls == ["rebuild", "settle"]
    finally:
        rebuilder.stopping.set()
        rebuilder.thread.join(timeout=5)


def test_a_rebuild_renders_only_what_changed(server):
    root, host, port, _process, lines = server
    _status, page = get(host, port, "/goals/speak/")
    arrivals = next_reload(host, port, version_of(page))
    (root / "content/goals/speak.md").write_text(GOAL.format(title="Speak up, again"))
    arrivals.get(timeout=5)
    [built] = [line for line in said_until(lines, "rendered again") if "rendered again" in line]
    assert re.search(r"built \d+ pages in [0-9.]+ s \((\d+) rendered again\)", built)
    status, page = get(host, port, "/goals/speak/")
    assert status == 200 and "Speak up, again" in page
    _status, page = get(host, port, "/")
    assert "Speak up, again" in page, "the dashboard names the goal too"


def watched(root: Path) -> object:
    """What a :class:`~mentorsite.serve.live.Rebuilder` looks at of the live site: its root,
    and the content files its last walk reached through links (none)."""
    from types import SimpleNamespace

    return SimpleNamespace(root=root, builder=SimpleNamespace(reader=SimpleNamespace(linked={})))


def test_a_rebuild_is_told_which_files_changed(tmp_path):
    """File events name the paths to look at; a folder made or moved means look at all."""

    from watchdog.events import (
        DirCreatedEvent,
        DirModifiedEvent,
        FileClosedEvent,
        FileModifiedEvent,
        FileMovedEvent,
    )

    from mentorsite.serve.live import Rebuilder

    root = tmp_path.resolve()
    rebuilder = Rebuilder(watched(root))
    rebuilder.on_any_event(FileModifiedEvent(str(root / "content/checkins/2025-01-06.md")))
    rebuilder.on_any_event(FileClosedEvent(str(root / "content/checkins/2025-01-06.md")))
    rebuilder.on_any_event(DirModifiedEvent(str(root / "content/checkins")))
    rebuilder.on_any_event(FileMovedEvent(str(root / "content/goals/.speak.md.swp"),
                                          str(root / "content/goals/speak.md")))
    rebuilder.on_any_event(FileModifiedEvent(str(root / "content/goals/.speak.md.swp")))
    assert rebuilder.pending.is_set()
    assert rebuilder.take() == {"content/checkins/2025-01-06.md", "content/goals/speak.md",
                                "content/goals/.speak.md.swp"}
    assert rebuilder.take() == set()
    rebuilder.on_any_event(FileModifiedEvent(str(root / "content/goals/speak.md")))
    rebuilder.on_any_event(DirCreatedEvent(str(root / "content/evidence/new")))
    rebuilder.on_any_event(FileModifiedEvent(str(root / "content/goals/speak.md")))
    assert rebuilder.take() is None


def test_a_link_made_in_the_content_is_a_change_wherever_it_leads(tmp_path):
    """A link that leads back to itself killed the watcher's thread with a RuntimeError
    (Python up to 3.12), and serve rebuilt no more; one that leads out of the repository was
    taken for a file elsewhere, so its error waited for the next full check."""

    from watchdog.events import FileCreatedEvent

    from mentorsite.serve.live import Rebuilder

    root = tmp_path.resolve()
    goals = root / "content/goals"
    goals.mkdir(parents=True)
    (goals / "loop.md").symlink_to("loop.md")
    (goals / "out.md").symlink_to(tmp_path.parent / "elsewhere.md")
    rebuilder = Rebuilder(watched(root))
    rebuilder.on_any_event(FileCreatedEvent(str(goals / "loop.md")))
    rebuilder.on_any_event(FileCreatedEvent(str(goals / "out.md")))
    assert rebuilder.take() == {"content/goals/loop.md", "content/goals/out.md"}


def test_a_change_the_watcher_missed_is_rebuilt_once_quiet(monkeypatch):
    """After a rebuild told which paths changed, a quiet moment checks every file."""
    from types import SimpleNamespace

    from mentorsite.serve import live as module

    monkeypatch.setattr(module, "DEBOUNCE", 0.01)
    calls: list[object] = []
    site = SimpleNamespace(
        rebuild=lambda changed=None: calls.append(changed),
        builder=SimpleNamespace(settle=lambda: None,
                                missed=lambda: calls.append("missed") or True,
                                new_day=lambda: False),
    )
    rebuilder = module.Rebuilder(site)
    rebuilder.changed = {"content/goals/speak.md"}
    rebuilder.thread.start()
    try:
        rebuilder.last_event = time.monotonic()
        rebuilder.pending.set()
        deadline = time.monotonic() + 5
        while len(calls) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.6)
        assert calls == [{"content/goals/speak.md"}, "missed", None], "checked once, then whole"
    finally:
        rebuilder.stopping.set()
        rebuilder.thread.join(timeout=5)


def test_ctrl_c_ends_serve_though_the_file_watcher_never_stops(tmp_path, monkeypatch):
    """watchdog's ``stop`` joins its own threads with no time limit: Ctrl-C still ends serve,
    after at most ``STOP_SECONDS`` of waiting for the watcher."""
    from mentorsite.serve import server as server_module

    root = tmp_path / "pair"
    (root / "content/goals").mkdir(parents=True)
    (root / "content/goals/speak.md").write_text(GOAL.format(title="Speak up"))
    never = threading.Event()

    class StuckObserver:
        def schedule(self, *_args: object, **_kwargs: object) -> None: ...
        def start(self) -> None: ...
        def stop(self) -> None:
            never.wait()

        def join(self, timeout: float | None = None) -> None: ...

    real_server = server_module._server

    def interrupted_at_once(*args: object) -> object:
        made = real_server(*args)

        def serve_forever(poll_interval: float = 0.5) -> None:
            raise KeyboardInterrupt

        made.serve_forever = serve_forever
        return made

    monkeypatch.setattr(server_module, "Observer", StuckObserver)
    monkeypatch.setattr(server_module, "_server", interrupted_at_once)
    monkeypatch.setattr(server_module, "STOP_SECONDS", 0.3)
    said: list[str] = []
    serving = threading.Thread(
        target=server_module.serve, args=(root, "127.0.0.1", 0, None, said.append), daemon=True)
    try:
        serving.start()
        serving.join(timeout=20)
        assert not serving.is_alive(), "serve still waits for the file watcher"
        assert "stopping" in said
    finally:
        never.set()


def test_the_terminal_says_whether_a_last_good_build_is_served(tmp_path):
    from mentorsite.serve.live import LiveSite

    root = tmp_path / "pair"
    (root / "content/goals").mkdir(parents=True)
    goal = root / "content/goals/speak.md"
    goal.write_text("---\ntitle: [broken\n---\n")
    said: list[str] = []
    site = LiveSite(root, tmp_path / "out", None, said.append)
    site.rebuild()
    assert said[-1].endswith("\nbuild failed, 1 error in 1 file: the site appears once they "
                             "are fixed")
    goal.write_text(GOAL.format(title="Speak up"))
    site.rebuild()
    goal.write_text("---\ntitle: [broken again\n---\n")
    site.rebuild()
    assert said[-1].endswith("\nbuild failed, 1 error in 1 file: still serving the last good "
                             "build")


def built_live_site(tmp_path: Path, *more_goals: str, today: date | None = None
                    ) -> tuple[Path, Path, list[str], LiveSite]:
    """A live site of goal ``speak.md`` (and ``more_goals``, by file name), built once: the
    goal's file, the output folder, what serve said and the site."""
    from mentorsite.serve.live import LiveSite

    root = tmp_path / "pair"
    (root / "content/goals").mkdir(parents=True)
    goal = root / "content/goals/speak.md"
    goal.write_text(GOAL.format(title="Speak up"))
    for name in more_goals:
        (root / "content/goals" / name).write_text(GOAL.format(title=name))
    out = tmp_path / "out"
    said: list[str] = []
    site = LiveSite(root, out, today, said.append)
    site.rebuild()
    return goal, out, said, site


def test_a_rebuild_that_cannot_write_the_site_fails_and_the_next_one_builds(tmp_path):
    """A rebuild whose files cannot be written (a full disk; here, a file size limit): the
    OSError ended serve's rebuilding thread with a traceback, and no later edit was built
    while serve went on serving. Now it is a failed build, said as any other, naming the
    file, and once there is room the next edit is built."""
    goal, out, said, site = built_live_site(tmp_path)
    assert said[-1].startswith("built ")
    goal.write_text(GOAL.format(title="Speak up louder"))
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1000, hard))  # Python ignores SIGXFSZ
    try:
        site.rebuild()
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    failed = f"build failed: cannot write the site to {out}: File too large ({out}/"
    assert said[-1].startswith(failed), said[-1]
    assert "/." not in said[-1], "the file as the user knows it, not the hidden one beside it"
    left = [p for p in out.rglob(".*") if p.name not in (MARKER, ".nojekyll")]
    assert not left, "no half-written file is left"
    goal.write_text(GOAL.format(title="Speak up at last"))
    site.rebuild()
    assert said[-1].startswith("built ")
    assert "Speak up at last" in (out / "goals/speak/index.html").read_text()


def test_a_rebuild_reloads_the_page_once_it_is_written_before_data_json(tmp_path,
                                                                        monkeypatch):
    """The browser is told to reload as soon as the pages are in place: it waited for
    data.json and the calendar too, made again and compared with the files there after
    every edit (a quarter of a rebuild after one check-in on the 5,000-file benchmark
    corpus), which no page needs. They are written next; the reload is told once."""
    goal, out, said, site = built_live_site(tmp_path)
    told: list[tuple[str | None, bool, bool]] = []
    publish = site._publish

    def publishing(problems: str | None) -> None:
        told.append((problems, "Speak up louder" in (out / "goals/speak/index.html").read_text(),
                     "Speak up louder" in (out / "data.json").read_text()))
        publish(problems)

    monkeypatch.setattr(site, "_publish", publishing)
    goal.write_text(GOAL.format(title="Speak up louder"))
    site.rebuild()
    assert told == [(None, True, False)], "once, with the page written and data.json not yet"
    assert "Speak up louder" in (out / "data.json").read_text()
    assert said[-1].startswith("built ") and "rendered again" in said[-1]


def test_a_rebuild_lints_once_the_page_is_reloaded_and_still_tells_the_warnings(tmp_path,
                                                                               monkeypatch):
    """Lint only warns, on the terminal, and no page shows its warnings: a rebuild tells the
    browser to reload before it lints (60 ms of a rebuild on the 5,000-file benchmark
    corpus). The warnings are told as before, and a build with errors lints before it
    fails, so its list of problems holds them too."""
    from mentorsite.model import lint as lint_module

    # Each goal is due 2025-06-30: lint warns that the day is past.
    goal, _out, said, site = built_live_site(tmp_path, "listen.md", today=date(2026, 1, 15))
    order: list[str] = []
    publish, lint = site._publish, lint_module.lint
    monkeypatch.setattr(site, "_publish", lambda problems: (order.append("reload"),
                                                            publish(problems)))
    monkeypatch.setattr(lint_module, "lint", lambda *args: (order.append("lint"), lint(*args)))
    goal.write_text(GOAL.format(title="Speak up louder"))
    site.rebuild()
    assert order == ["reload", "lint"]
    warned = [line for line in said[-2].splitlines() if "warning:" in line]
    assert {line.split(":")[0] for line in warned} == {"content/goals/listen.md",
                                                       "content/goals/speak.md"}
    assert said[-1].startswith("built ")
    order.clear()
    goal.write_text(GOAL.format(title="Speak up louder").replace("2025-06-30", "someday"))
    site.rebuild()
    assert order == ["lint", "reload"], "a failed build is told with lint's warnings too"
    assert "speak.md:4:6: error:" in said[-1] and "listen.md" in said[-1]
    assert "warning:" in said[-1]


def test_a_page_made_private_or_deleted_goes_at_once_while_another_file_is_broken(tmp_path):
    """A check-in made private (then another deleted) while a third file has a YAML error:
    the content cannot be built, and the last good build stays served with the problems over
    it, but without those check-ins, from the next reload on; their text was served until the
    error was fixed."""

    def checkins(root: Path) -> None:
        for day in ("2025-01-06", "2025-01-08"):
            (root / f"content/checkins/{day}.md").parent.mkdir(parents=True, exist_ok=True)
            (root / f"content/checkins/{day}.md").write_text(
                f"---\ngoals:\n  speak: {{status: on-track}}\n---\nNotes of {day}.\n")

    session = serving(tmp_path, GOAL.format(title="Speak up"), arrange=checkins)
    root, host, port, _process, lines = next(session)
    try:
        status, page = get(host, port, "/checkins/2025-01-06/")
        assert status == 200 and "Notes of 2025-01-06." in page
        arrivals = next_reload(host, port, version_of(page))
        (root / "content/checkins/2025-01-09.md").write_text("---\nwins: [oops\n---\n")
        arrivals.get(timeout=3)
        status, page = get(host, port, "/checkins/2025-01-06/")
        assert status == 200 and "mentorsite-overlay" in page, "the last good build is served"

        arrivals = next_reload(host, port, version_of(page))
        text = (root / "content/checkins/2025-01-06.md").read_text()
        (root / "content/checkins/2025-01-06.md").write_text(
            text.replace("goals:", "private: true\ngoals:"))
        arrivals.get(timeout=3)
        status, page = get(host, port, "/checkins/2025-01-06/")
        assert status == 404 and "Notes of 2025-01-06." not in page
        assert "mentorsite-overlay" in page and "content/checkins/2025-01-09.md:2:7" in page
        assert "2025-01-06" not in get(host, port, "/checkins/")[1]
        said = said_until(lines, "without the")
        assert said[-1].endswith(": still serving the last good build, without the 1 entry "
                                 "made private or deleted since\n")

        arrivals = next_reload(host, port, version_of(page))
        (root / "content/checkins/2025-01-08.md").unlink()
        arrivals.get(timeout=3)
        status, page = get(host, port, "/checkins/2025-01-08/")
        assert status == 404 and "Notes of 2025-01-08." not in page
    finally:
        session.close()


def test_the_server_header_names_the_tool_alone(server):
    """It read 'mentorsite ' with a space where http.server puts Python's version."""
    _, host, port, _, _ = server
    connection = http.client.HTTPConnection(host, port, timeout=5)
    connection.request("HEAD", "/")
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Server") == "mentorsite"


IDENTITY = {"GIT_AUTHOR_NAME": "Priya", "GIT_AUTHOR_EMAIL": "p@example.org",
            "GIT_COMMITTER_NAME": "Priya", "GIT_COMMITTER_EMAIL": "p@example.org"}


def reloaded(host: str, port: int, change: Callable[[], object],
             path: str = "/goals/speak/") -> str:
    """The page at ``path`` once the reload that ``change`` makes has come."""
    _status, page = get(host, port, path)
    arrivals = next_reload(host, port, version_of(page))
    change()
    arrivals.get(timeout=5)
    return get(host, port, path)[1]


def shown_after(host: str, port: int, change: Callable[[], object], shown: Callable[[str], bool],
                path: str = "/goals/speak/", seconds: float = 10) -> str:
    """The page at ``path`` once a reload after ``change`` shows what ``shown`` looks for, or
    the last page reloaded in ``seconds``: a change git makes in steps (the index, then HEAD)
    can give a reload for each, and under load the first comes before the last step."""
    page = reloaded(host, port, change, path)
    deadline = time.monotonic() + seconds
    while not shown(page) and time.monotonic() < deadline:
        arrivals = next_reload(host, port, version_of(page))
        with contextlib.suppress(Empty):
            arrivals.get(timeout=max(0.1, deadline - time.monotonic()))
        page = get(host, port, path)[1]
    return page


def test_a_commit_made_while_serving_is_shown(tmp_path):
    """Serve watched content, settings and themes only: a commit (or ``git add``, which can
    make a renamed file private by both names) changed nothing it saw, and the history and
    'Not committed yet' stayed as they were until a content file was saved again."""
    served = serving(tmp_path, GOAL.format(title="Speak up"), committed=True)
    root, host, port, _process, _lines = next(served)
    try:
        page = reloaded(host, port, lambda: (root / "content/goals/speak.md").write_text(
            GOAL.format(title="Speak up, again")))
        assert "Not committed yet" in page
        page = shown_after(host, port, lambda: subprocess.run(
            ["git", "commit", "-qam", "Retitle", "-m", "Reviewed-by: Sam Okafor"],
            cwd=root, check=True, env={**os.environ, **IDENTITY}),
            lambda page: "Sam Okafor" in page)
        assert "Not committed yet" not in page and "Sam Okafor" in page
    finally:
        served.close()


def test_an_edit_where_a_content_link_leads_is_shown(tmp_path):
    """A content file that is a link (here to notes/ in the repository) was not rebuilt when
    the file it leads to was saved: the event named notes/, which serve does not watch for."""
    served = serving(tmp_path, GOAL.format(title="Speak up"))
    root, host, port, _process, _lines = next(served)
    goal, note = root / "content/goals/speak.md", root / "notes/speak.md"

    def link() -> None:
        note.parent.mkdir()
        goal.rename(note)
        goal.symlink_to("../../notes/speak.md")

    try:
        reloaded(host, port, link)
        time.sleep(1.5)  # past the quiet moment's look at every file, which would see it
        page = reloaded(host, port, lambda: note.write_text(
            GOAL.format(title="Speak up, by the link")))
        assert "Speak up, by the link" in page
    finally:
        served.close()


def test_git_moving_head_or_the_index_asks_for_a_rebuild(tmp_path):
    """What a commit, checkout or ``git add`` writes last, each by renaming a lock file over
    it; git's objects come and go with no rebuild, and name no path of the content."""

    from watchdog.events import FileCreatedEvent, FileMovedEvent

    from mentorsite.serve.live import Rebuilder

    root = tmp_path.resolve()
    git = root / ".git"
    rebuilder = Rebuilder(watched(root), (git,))
    rebuilder.on_any_event(FileCreatedEvent(str(git / "objects/ab/cdef")))
    rebuilder.on_any_event(FileCreatedEvent(str(git / "index.lock")))
    assert not rebuilder.pending.is_set()
    for written in ("index", "HEAD", "refs/heads/main", "packed-refs"):
        rebuilder.pending.clear()
        rebuilder.on_any_event(FileMovedEvent(str(git / f"{written}.lock"), str(git / written)))
        assert rebuilder.pending.is_set(), written
    assert rebuilder.take() == set()


def test_a_mailmap_saved_asks_for_a_rebuild(tmp_path):
    """The ``.mailmap`` beside the settings names every commit's author, committed or not: a
    save of it rebuilds (naming no content path), where it was ignored as no content."""
    from watchdog.events import FileModifiedEvent

    from mentorsite.serve.live import Rebuilder

    root = tmp_path.resolve()
    rebuilder = Rebuilder(watched(root), (root / ".git",))
    rebuilder.on_any_event(FileModifiedEvent(str(root / "notes" / ".mailmap")))
    assert not rebuilder.pending.is_set()
    rebuilder.on_any_event(FileModifiedEvent(str(root / ".mailmap")))
    assert rebuilder.pending.is_set()
    assert rebuilder.take() == set()


def test_a_mailmap_at_the_top_of_the_repository_above_the_source_is_watched(tmp_path):
    """With the source a sub-folder of its repository, the ``.mailmap`` build reads is the
    one at the repository's top, which serve did not watch: a save of it kept the old names
    on every page until a content file was saved."""
    served = serving(tmp_path, GOAL.format(title="Speak up"),
                     arrange=lambda root: Repo(root.parent).commit("Speak up"))
    root, host, port, _process, _lines = next(served)
    try:
        page = reloaded(host, port, lambda: (root.parent / ".mailmap").write_text(
            "Priya Raman <p@example.org>\n"))
        assert "Priya Raman" in page
    finally:
        served.close()


def test_a_serve_left_running_overnight_rebuilds_as_of_the_new_day(tmp_path, monkeypatch):
    """Without --today, what is overdue and the check-in health are judged as of the day where
    the pair lives: a serve running past midnight kept yesterday's pages until a save."""
    from datetime import date, timedelta

    from mentorsite.serve import incremental
    from mentorsite.serve.incremental import LiveBuild

    root = tmp_path / "pair"
    (root / "content/goals").mkdir(parents=True)
    (root / "content/goals/speak.md").write_text(GOAL.format(title="Speak up"))
    build = LiveBuild(root, tmp_path / "site")
    build.build()
    assert not build.new_day()
    monkeypatch.setattr(incremental, "today_in", lambda _settings: date.today() + timedelta(1))
    assert build.new_day()
    assert not LiveBuild(root, tmp_path / "other", today=date(2025, 1, 10)).new_day()


def test_the_quiet_loop_rebuilds_when_the_day_turns(monkeypatch):
    from types import SimpleNamespace

    from mentorsite.serve import live as module

    turned = [True]
    calls: list[object] = []
    site = SimpleNamespace(
        rebuild=lambda changed=None: calls.append(changed),
        builder=SimpleNamespace(settle=lambda: None, missed=lambda: False,
                                new_day=lambda: turned and turned.pop()),
    )
    rebuilder = module.Rebuilder(site)
    rebuilder.thread.start()
    try:
        deadline = time.monotonic() + 5
        while not calls and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.6)
        assert calls == [set()], "once, reading nothing again"
    finally:
        rebuilder.stopping.set()
        rebuilder.thread.join(timeout=5)


def test_a_save_made_during_the_first_build_is_shown(tmp_path):
    """The watcher starts once the first build is done, and only a rebuild was followed by a
    look for missed changes: a file saved while the first build ran was never shown."""
    from mentorsite.serve.live import LiveSite, Rebuilder

    root = tmp_path / "pair"
    (root / "content/goals").mkdir(parents=True)
    goal = root / "content/goals/speak.md"
    goal.write_text(GOAL.format(title="Speak up"))
    site = LiveSite(root, tmp_path / "out", None, lambda _: None)
    site.rebuild()
    goal.write_text(GOAL.format(title="Speak up, saved meanwhile"))  # no watcher saw it
    rebuilder = Rebuilder(site)
    rebuilder.thread.start()
    try:
        built = site.version
        deadline = time.monotonic() + 10
        while site.version == built and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        rebuilder.stopping.set()
        rebuilder.thread.join(timeout=10)
    assert "saved meanwhile" in (tmp_path / "out/goals/speak/index.html").read_text()


def test_stopping_waits_for_a_rebuild_under_way_and_starts_none(tmp_path, monkeypatch):
    """Ctrl-C during a rebuild removed the temporary folder while the rebuild went on writing
    the site into it, and a change waiting out its debounce was still built after the stop."""
    from mentorsite.serve import server
    from mentorsite.serve.live import LiveSite, Rebuilder

    site = LiveSite(tmp_path, tmp_path / "out", None, lambda _: None)
    done: list[str] = []
    under_way = threading.Event()

    def slow_rebuild(changed: object = None) -> None:
        under_way.set()
        time.sleep(0.5)
        done.append("built")

    monkeypatch.setattr(site, "rebuild", slow_rebuild)
    rebuilder = Rebuilder(site)
    rebuilder.thread.start()
    rebuilder.last_event = time.monotonic()
    rebuilder.pending.set()
    # The rebuild has begun: a fixed 0.4 s was not always past the debounce on a busy
    # machine, and the stop then came before the rebuild it is to wait for.
    assert under_way.wait(timeout=10)
    server._stop_rebuilding(rebuilder, 5)
    assert done == ["built"] and not rebuilder.thread.is_alive()

    waiting = Rebuilder(site)
    waiting.thread.start()
    # A change still waiting out its debounce, for a second: a debounce of 0.05 s could be
    # over before this thread asked for the stop, and the rebuild then rightly started.
    waiting.last_event = time.monotonic() + 1
    waiting.pending.set()
    server._stop_rebuilding(waiting, 5)
    assert done == ["built"], "no rebuild starts once serve is stopping"


def test_a_file_saved_in_a_linked_folder_of_content_is_shown(tmp_path):
    """``content/goals`` a link to ``shared/goals`` in the repository: an edit there, or a
    new file, was judged by where it is (``shared/``) and never rebuilt, and the content
    paths the links stood for were dropped the same way."""

    def link(root: Path) -> None:
        (root / "shared").mkdir()
        (root / "content/goals").rename(root / "shared/goals")
        (root / "content/goals").symlink_to("../shared/goals")

    served = serving(tmp_path, GOAL.format(title="Speak up"), arrange=link)
    root, host, port, _process, _lines = next(served)
    shared = root / "shared/goals"
    try:
        time.sleep(1.5)  # past the quiet moment's look at every file, which would see it
        page = reloaded(host, port, lambda: (shared / "speak.md").write_text(
            GOAL.format(title="Speak up, in the shared folder")))
        assert "Speak up, in the shared folder" in page
        page = reloaded(host, port, lambda: (shared / "listen.md").write_text(
            GOAL.format(title="Listen well")), path="/goals/")
        assert "Listen well" in page
    finally:
        served.close()


def test_serve_names_a_failing_template_as_build_run_in_the_source_does(tmp_path, monkeypatch):
    """``serve`` resolves the source, and told a template that failed while drawing by its
    absolute path; ``build`` run in the same folder by its path in the repository."""
    from click.testing import CliRunner

    from mentorsite.cli.main import cli
    from mentorsite.serve.live import LiveSite

    root = tmp_path / "pair"
    (root / "content/goals").mkdir(parents=True)
    (root / "content/goals/speak.md").write_text(GOAL.format(title="Speak up"))
    (root / "mentorsite.yml").write_text("theme: mine\n")
    (root / "themes/mine/templates").mkdir(parents=True)
    (root / "themes/mine/templates/goal.html").write_text(
        '{% extends "default/goal.html" %}\n{% block content %}{{ 1/0 }}{% endblock %}\n')
    told = ("themes/mine/templates/goal.html:2:1: error: ZeroDivisionError: division by zero "
            "[template-error]")
    monkeypatch.chdir(root)
    built = CliRunner().invoke(cli, ["build", "-q", "--out", str(tmp_path / "built")])
    assert built.exit_code == 1 and told in built.output.splitlines(), built.output
    said: list[str] = []
    LiveSite(root, tmp_path / "out", None, said.append).rebuild()
    assert said[-1] == f"build failed: {told}"


_SLOW_REBUILDS = """
import sys, threading, time

from mentorsite.output import parallel

writing = parallel._write

def slowly(*args, **kwargs):  # rebuilds only: serve's first build runs in the main thread
    if threading.current_thread() is not threading.main_thread():
        time.sleep(0.3)
    return writing(*args, **kwargs)

parallel._write = slowly
from mentorsite.cli.main import main

sys.argv = ["mentorsite", "--source", sys.argv[1], "--today", "2025-01-10", "serve",
            "--port", "0"]
main()
"""


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP],
                         ids=lambda number: number.name)
def test_a_stop_ends_a_whole_rebuild_under_way(tmp_path, number):
    """Ctrl-C (or SIGTERM, or a closed terminal) while a changed title rebuilt a large site:
    serve waited seconds for the rebuild, which went on printing its progress and "built N
    pages" after "stopping", and could write into the temporary folder as it was removed.
    The rebuild now gives up at its next batch of pages (here each batch takes 0.3 s)."""
    root = tmp_path / "pair"
    (root / "content/goals").mkdir(parents=True)
    (root / "content/goals/speak.md").write_text(GOAL.format(title="Speak up"))
    (root / "mentorsite.yml").write_text("title: Before\n")
    with scripted_serve(tmp_path, _SLOW_REBUILDS, root) as (process, lines, reader):
        assert any(line.startswith("serving") for line in said_until(lines, "serving", 30))
        (root / "mentorsite.yml").write_text("title: After\n")  # every page changes
        said = said_until(lines, "rendering", 30)
        assert any(line.startswith("rendering") for line in said), said
        process.send_signal(number)
        assert process.wait(timeout=30) == 0
        reader.join(timeout=10)
        said = list(lines.queue)
        assert "stopping\n" in said, said
        assert said[said.index("stopping\n"):] == ["stopping\n"], "nothing follows 'stopping'"
        assert served_copies(tmp_path, seconds=10) == []


def templates_by_a_link(root: Path) -> None:
    """The pair's theme is in ``themes/mine``, its templates in ``design/templates``, reached
    by the link ``themes/mine/templates``."""
    (root / "mentorsite.yml").write_text("theme: mine\n")
    (root / "design/templates").mkdir(parents=True)
    (root / "design/templates/goal.html").write_text(
        '{% extends "default/goal.html" %}\n{% block content %}Styled once{% endblock %}\n')
    (root / "themes/mine").mkdir(parents=True)
    (root / "themes/mine/templates").symlink_to("../../design/templates")


def test_an_edit_in_a_linked_folder_of_the_theme_is_shown(tmp_path):
    """A folder of the theme as a link (``themes/mine/templates`` → ``design/templates``):
    a template saved where it leads was no change to serve (only ``themes/<name>`` itself
    was looked up as a link), and once it was, the theme's files were stamped without going
    through the link, so that the rebuild rendered nothing again."""
    served = serving(tmp_path, GOAL.format(title="Speak up"), arrange=templates_by_a_link)
    root, host, port, _process, _lines = next(served)
    try:
        assert "Styled once" in get(host, port, "/goals/speak/")[1]
        page = reloaded(host, port, lambda: (root / "design/templates/goal.html").write_text(
            '{% extends "default/goal.html" %}\n{% block content %}Styled twice{% endblock %}\n'))
        assert "Styled twice" in page
    finally:
        served.close()


def settings_and_theme_by_links(root: Path) -> None:
    """The pair keeps its settings in ``config/`` and its theme in ``design/``, each reached
    by a link where mentorsite reads it."""
    (root / "config").mkdir()
    (root / "config/mentorsite.yml").write_text("title: Before\ntheme: mine\n")
    (root / "mentorsite.yml").symlink_to("config/mentorsite.yml")
    (root / "design/mine/templates").mkdir(parents=True)
    (root / "design/mine/templates/goal.html").write_text(
        '{% extends "default/goal.html" %}\n{% block content %}Styled once{% endblock %}\n')
    (root / "themes").mkdir()
    (root / "themes/mine").symlink_to("../design/mine")


def test_an_edit_where_the_settings_or_theme_link_leads_is_shown(tmp_path):
    """``mentorsite.yml`` as a link to ``config/mentorsite.yml``, or ``themes/mine`` to
    ``design/mine``: saving the file where it leads was no change to serve, as the event
    named ``config/`` or ``design/``, and the page kept the old title or template."""
    served = serving(tmp_path, GOAL.format(title="Speak up"), arrange=settings_and_theme_by_links)
    root, host, port, _process, _lines = next(served)
    try:
        assert "Before" in get(host, port, "/goals/speak/")[1]
        page = reloaded(host, port, lambda: (root / "config/mentorsite.yml").write_text(
            "title: After\ntheme: mine\n"))
        assert "After" in page and "Before" not in page
        page = reloaded(host, port, lambda: (root / "design/mine/templates/goal.html").write_text(
            '{% extends "default/goal.html" %}\n{% block content %}Styled twice{% endblock %}\n'))
        assert "Styled twice" in page
    finally:
        served.close()


def test_the_theme_s_links_are_looked_up_without_walking_out_of_the_repository(tmp_path,
                                                                               monkeypatch):
    """serve looks up the theme's linked folders at every event: a link out of the repository
    (to ``/``, say) was walked through, the whole disk on each save."""
    from mentorsite.serve import live

    root = tmp_path / "pair"
    (root / "themes" / "mine").mkdir(parents=True)
    (tmp_path / "elsewhere" / "deep").mkdir(parents=True)
    (tmp_path / "elsewhere" / "link").symlink_to(tmp_path / "elsewhere" / "deep")
    (root / "themes" / "mine" / "out").symlink_to(tmp_path / "elsewhere")
    walked: list[str] = []
    walk = os.walk

    def counted(top, **kwargs):
        for place, folders, files in walk(top, **kwargs):
            walked.append(os.path.realpath(place))
            yield place, folders, files

    monkeypatch.setattr(live.os, "walk", counted)
    assert live._linked_folders(root / "themes", root) == [root / "themes" / "mine" / "out"]
    assert str(tmp_path / "elsewhere" / "deep") not in walked


def test_a_rebuild_tells_every_template_that_fails_on_the_pages_it_draws_again(tmp_path):
    """A rebuild that draws again only the pages an edit changed stopped at the first that
    failed, as a whole build did: each template that fails on them is told."""
    from mentorsite.serve.live import LiveSite

    root = tmp_path / "pair"
    (root / "content/goals").mkdir(parents=True)
    (root / "content/reflections").mkdir(parents=True)
    (root / "mentorsite.yml").write_text("theme: mine\n")
    (root / "themes/mine/templates").mkdir(parents=True)
    for name, failing in [("goal", "1//0"), ("reflection", "nope")]:
        (root / f"themes/mine/templates/{name}.html").write_text(
            f'{{% extends "default/{name}.html" %}}\n{{% block content %}}\n'
            f'{{% if "boom" in page.title %}}{{{{ {failing} }}}}{{% endif %}}{{% endblock %}}\n')
    goal = root / "content/goals/speak.md"
    reflection = root / "content/reflections/2025-01-05-talk.md"
    goal.write_text(GOAL.format(title="Speak up"))
    reflection.write_text("---\ntitle: A talk\ngoal: speak\n---\nIt went well.\n")
    said: list[str] = []
    site = LiveSite(root, tmp_path / "out", None, said.append)
    site.rebuild()
    assert said[-1].startswith("built "), said
    goal.write_text(GOAL.format(title="Speak up boom"))
    reflection.write_text("---\ntitle: A boom\ngoal: speak\n---\nIt went well.\n")
    site.rebuild()
    assert "rendered again" not in said[-1]
    assert said[-1].splitlines() == [
        "build failed: themes/mine/templates/goal.html:3:1: error: ZeroDivisionError: integer "
        "division or modulo by zero [template-error]",
        "themes/mine/templates/reflection.html:3:1: error: 'nope' is undefined "
        "[template-error]"]
