"""How long ``mentorsite serve`` takes from saving a check-in to telling the browser to reload.

    python benchmarks/serve_latency.py ROOT [--runs 3] [--same-file]

Starts ``mentorsite serve --port 0`` on ROOT (a scratch copy: its check-ins are edited, and its
git index is refreshed first, see ``inprocess.fresh_index``), listens to the server-sent event
stream a served page listens to, then ``--runs`` times: edits one check-in (a different one
each time, or with ``--same-file`` the same one, which is then already uncommitted after the
first edit) and waits for the ``reload`` event. The figure includes everything a person waits
for: the file watcher, serve's debounce (``serve.DEBOUNCE``, 50 ms), the rebuild and the event.
Prints one JSON object with the reload latencies, serve's own "built … in … s" lines and its
peak memory (``VmHWM``, Linux only) after its first build and after the edits: issue #8's
"under 150 MB per process" holds for ``serve`` too, which keeps the model between rebuilds.
It also names the ``mentorsite`` package that serve ran (``mentorsite``): ``python -m`` takes
the one in the folder it starts in before ``PYTHONPATH``'s, so to time another checkout with
``PYTHONPATH=CHECKOUT``, start this from a folder that holds none (runs started inside the main
checkout all timed its code, whatever ``PYTHONPATH`` said).
"""

from __future__ import annotations

import argparse
import http.client
import json
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

from arguments import count, made_here
from bytecode import compile_package, package_folder
from corpus_model import TODAY
from inprocess import fresh_index, touch_checkin

_SERVING = re.compile(r"serving (http://[^ ]+)")
_BUILT = re.compile(r"built \d+ pages in ([0-9.]+) s")
STARTUP_TIMEOUT = 900.0
RELOAD_TIMEOUT = 600.0


def _pump(stream: IO[str], lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line.rstrip("\n"))


def _wait_for(lines: queue.Queue[str], pattern: re.Pattern[str], timeout: float) -> str:
    """The first group of the next stderr line matching ``pattern``."""
    deadline = time.monotonic() + timeout
    while True:
        line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        match = pattern.search(line)
        if match:
            return match.group(1)


def _next_reload(response: http.client.HTTPResponse) -> int:
    """Block until the event stream says ``reload``; the build version it carries."""
    event = None
    while True:
        raw = response.fp.readline()
        if not raw:
            raise RuntimeError("the event stream closed")
        line = raw.decode().strip()
        if line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line.startswith("data:") and event == "reload":
            return int(line.split(":", 1)[1])


def measure(root: Path, runs: int, same_file: bool = False) -> dict[str, Any]:
    """Start serve, then time ``runs`` edit → reload round trips."""
    fresh_index(root)
    package = package_folder()
    bytecode = compile_package(package)
    command = [sys.executable, "-m", "mentorsite", "--source", str(root), "--today",
               TODAY.isoformat(), "serve", "--port", "0"]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                              text=True)
    lines: queue.Queue[str] = queue.Queue()
    assert server.stderr is not None
    threading.Thread(target=_pump, args=(server.stderr, lines), daemon=True).start()
    try:
        started = time.perf_counter()
        url = _wait_for(lines, _SERVING, STARTUP_TIMEOUT)
        first_build = time.perf_counter() - started
        host, port = url.split("//", 1)[1].rstrip("/").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=RELOAD_TIMEOUT)
        connection.request("GET", "/__mentorsite/events?since=0")
        response = connection.getresponse()
        _next_reload(response)  # the build that is already there
        peak = {"first_build": peak_mib(server.pid)}
        checkins = sorted((root / "content" / "checkins").glob("*.md"))
        reloads, reported = [], []
        for run in range(runs):
            time.sleep(1.0)
            began = time.perf_counter()
            touch_checkin(checkins[-1 if same_file else -1 - run], run)
            _next_reload(response)
            reloads.append(time.perf_counter() - began)
            reported.append(float(_wait_for(lines, _BUILT, RELOAD_TIMEOUT)))
        peak["after_edits"] = peak_mib(server.pid)
        connection.close()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return {"startup": first_build, "reload": reloads, "serve_reported_build": reported,
            "peak_mib": peak, "mentorsite": str(package), "bytecode": bytecode}


def peak_mib(pid: int) -> float | None:
    """The most memory the process ``pid`` has held at once so far (``VmHWM``), in MiB; None
    where the system does not say (not Linux, or the process is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s+(\d+) kB$", status, re.MULTILINE)
    return int(found[1]) / 1024 if found else None


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=made_here)
    parser.add_argument("--runs", type=count, default=3)
    parser.add_argument("--same-file", action="store_true",
                        help="edit the same check-in every time")
    args = parser.parse_args()
    print(json.dumps(measure(args.root, args.runs, args.same_file)))


if __name__ == "__main__":
    main()
