"""``mentorsite serve``: build, serve the output over HTTP, rebuild on change, reload the browser.

Serve has no build logic of its own: it builds with :class:`~mentorsite.incremental.LiveBuild`,
which runs build's stages but keeps the last build in memory, so that a rebuild renders and
writes only the pages an edit changed. It builds into a private temporary folder, watches the
settings, content and themes with watchdog, rebuilds once per burst of saves, and tells open
pages to reload over server-sent events. When a rebuild fails, the last good build
keeps being served with the problems shown over every page. The reload script exists only
here: published pages carry no JavaScript.
"""

from __future__ import annotations

import gc
import html
import ipaddress
import mimetypes
import re
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from mentorsite.diagnostic_formats import as_text
from mentorsite.errors import BuildFailed, MentorsiteError
from mentorsite.files import is_ignored
from mentorsite.incremental import LiveBuild
from mentorsite.load import SETTINGS_FILE
from mentorsite.render import CSP

DEBOUNCE = 0.05
"""Seconds of quiet after the last change before rebuilding: editors write twice or rename,
all within a few milliseconds; a file caught half-written is read again at the next event."""
IDLE = 5.0
"""Seconds without changes after a rebuild before serve tidies its memory: a full garbage
collection takes a while on a large site, and would hold up the pages being reloaded or the
next rebuild. Until then what a rebuild leaves is only frozen (see ``_loop``)."""
SETTLE_EVERY = 20
"""Rebuilds after which memory is tidied at the first half second of quiet, however short."""
KEEPALIVE = 15.0
REQUEST_TIMEOUT = 30.0
"""Seconds a connection may stay silent while sending its request."""
INTERNAL = "/__mentorsite/"
_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>', re.IGNORECASE)
_RELOAD_JS = b"""(() => {
  const version = document.currentScript.dataset.version;
  const events = new EventSource("/__mentorsite/events?since=" + version);
  events.addEventListener("reload", () => { events.close(); location.reload(); });
})();
"""
_OVERLAY_CSS = b""".mentorsite-overlay { position: fixed; inset: 0 0 auto 0; z-index: 2147483647;
  max-height: 70vh; overflow: auto; margin: 0; padding: 1rem 1.5rem; background: #2b0b0e;
  color: #ffe9ea; font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace;
  border-bottom: 4px solid #ff5d6c; box-shadow: 0 8px 24px rgba(0, 0, 0, .4); }
.mentorsite-overlay h2 { margin: 0 0 .5rem; font-size: 16px; color: #fff; }
.mentorsite-overlay pre { white-space: pre-wrap; margin: .5rem 0 0; }
"""


@dataclass
class LiveSite:
    """What the server, the watcher and the rebuilder share, behind one condition."""

    root: Path
    out: Path
    today: date | None
    say: Callable[[str], None]
    version: int = 0
    problems: str | None = None
    """The text of the last failed build's problems, or None after a good build."""
    changed: threading.Condition = field(default_factory=threading.Condition)
    builder: LiveBuild = field(init=False)
    """Keeps the last build in memory, so that a rebuild redoes only what changed. It renders
    in this one process: forking one that runs server and watcher threads could inherit a
    lock some thread holds and hang."""

    def __post_init__(self) -> None:
        self.builder = LiveBuild(self.root, self.out, self.today)

    def rebuild(self, changed: Collection[str] | None = None) -> None:
        """Build once; a failure keeps the previous output and records why. ``changed``: the
        paths that may have changed since the last build, if known."""
        started = time.perf_counter()
        try:
            rebuilt = self.builder.build(changed)
        except BuildFailed as failed:
            problems = as_text(failed.project.diagnostics.sorted())
            self._publish(problems)
            self.say(problems.rstrip() + "\nbuild failed: still serving the last good build")
            return
        except MentorsiteError as exc:
            self._publish(str(exc))
            self.say(f"build failed: {exc}")
            return
        self._publish(None)
        warnings = as_text(rebuilt.result.diagnostics)
        if warnings:
            self.say(warnings.rstrip())
        seconds = time.perf_counter() - started
        self.say(f"built {rebuilt.result.pages} pages in {seconds:.2f} s"
                 + ("" if rebuilt.full else f" ({rebuilt.rendered} rendered again)"))

    def _publish(self, problems: str | None) -> None:
        with self.changed:
            self.problems = problems
            self.version += 1
            self.changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        """The build version once it differs from ``seen``, or ``seen`` after ``timeout``."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.version


class Rebuilder(FileSystemEventHandler):
    """Collects file events and rebuilds once things have been quiet for ``DEBOUNCE``.

    The rebuild is told which paths the events named, so that it need not look at every file;
    once things are quiet, it checks that no change went unreported (see
    :meth:`~mentorsite.incremental.LiveBuild.missed`).
    """

    def __init__(self, site: LiveSite) -> None:
        self.site = site
        self.pending = threading.Event()
        self.last_event = 0.0
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.changed: set[str] | None = set()
        """Paths named since the last rebuild took them; None once an event named a folder
        (its files are not listed) or a path outside the root."""
        self.thread = threading.Thread(target=self._loop, name="mentorsite-rebuild", daemon=True)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        paths = [str(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        if not any(self.relevant(p) for p in paths):
            return
        with self.lock:
            if self.changed is not None:
                if event.is_directory and event.event_type != "modified":
                    self.changed = None  # a folder made, moved or removed: walk it all
                elif not event.is_directory:
                    named = [self.relpath(p) for p in paths]
                    self.changed = None if None in named else self.changed | {
                        p for p in named if p is not None
                    }
        self.last_event = time.monotonic()
        self.pending.set()

    def relpath(self, path: str) -> str | None:
        """``path`` relative to the root, as written (links not followed), or None."""
        try:
            return Path(path).relative_to(self.site.root).as_posix()
        except ValueError:
            return None

    def take(self) -> set[str] | None:
        """The paths named since the last call (None: not known), and start again."""
        with self.lock:
            changed, self.changed = self.changed, set()
        return changed

    def relevant(self, path: str) -> bool:
        """Settings, content and themes matter; editor droppings and our own output do not."""
        try:
            rel = Path(path).resolve().relative_to(self.site.root.resolve())
        except ValueError:
            return False
        parts = rel.parts
        if not parts or any(is_ignored(part) for part in parts):
            return False
        return parts == (SETTINGS_FILE,) or parts[0] in ("content", "themes")

    def _loop(self) -> None:
        unsettled = 0  # rebuilds since memory was last tidied
        unchecked = False  # whether the last rebuild trusted the events' paths
        while not self.stopping.is_set():
            if not self.pending.wait(timeout=0.5):
                if unchecked:
                    unchecked = False
                    if self.site.builder.missed():
                        self.site.rebuild()
                idle = time.monotonic() - self.last_event > IDLE
                if unsettled and (idle or unsettled >= SETTLE_EVERY):
                    self.site.builder.settle()
                    unsettled = 0
                continue
            while (quiet := time.monotonic() - self.last_event) < DEBOUNCE:
                time.sleep(DEBOUNCE - quiet)  # until the burst has been quiet for DEBOUNCE
            self.pending.clear()
            changed = self.take()
            self.site.rebuild(changed)
            unchecked = changed is not None
            # Exempt what the rebuild left from the cyclic collector until it is quiet (one
            # step): the next rebuild then does not scan a large heap that mostly stays.
            gc.freeze()
            unsettled += 1


def serve(root: Path, host: str, port: int, today: date | None,
          say: Callable[[str], None], ready: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted; ``ready`` is told the URL once the server listens."""
    if not _is_loopback(host):
        say(f"warning: serving on {host} exposes the site (and private drafts being edited) "
            "to your network; use the default 127.0.0.1 unless you mean it")
    out = Path(tempfile.mkdtemp(prefix="mentorsite-serve-")) / "site"
    site = LiveSite(root.resolve(), out, today, say)
    try:
        server = _server(site, host, port)
    except OSError as exc:
        shutil.rmtree(out.parent, ignore_errors=True)
        raise MentorsiteError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    site.rebuild()
    site.builder.settle()
    rebuilder = Rebuilder(site)
    observer = Observer()
    observer.schedule(rebuilder, str(site.root), recursive=True)
    observer.start()
    rebuilder.thread.start()
    url = f"http://{_url_host(host)}:{server.server_address[1]}/"
    say(f"serving {url} (Ctrl-C to stop)")
    if ready:
        ready(url)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        say("stopping")
    finally:
        rebuilder.stopping.set()
        observer.stop()
        server.server_close()
        observer.join(timeout=5)
        shutil.rmtree(out.parent, ignore_errors=True)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    """Event streams never hold up Ctrl-C."""

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that hangs up or stalls is not an error worth a traceback."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Server6(_Server):
    address_family = socket.AF_INET6


def _server(site: LiveSite, host: str, port: int) -> ThreadingHTTPServer:
    handler = type("Handler", (_Handler,), {"site": site})
    server_class = _Server6 if ":" in host else _Server
    return server_class((host, port), handler)


class _Handler(BaseHTTPRequestHandler):
    """GET and HEAD for files under the output folder; nothing else, no directory listings."""

    site: LiveSite
    server_version = "mentorsite"
    sys_version = ""
    timeout = REQUEST_TIMEOUT
    """A connection that sends nothing for this long is closed (a stalled request holds a
    thread). Request lines over 64 KiB (414) and more than 100 header lines, or any over
    64 KiB (431), are refused by http.server itself; request bodies are never read."""

    def log_message(self, format: str, *args: object) -> None:
        return  # quiet: the terminal shows builds, not every request

    def do_HEAD(self) -> None:
        self.respond(body=False)

    def do_GET(self) -> None:
        self.respond(body=True)

    def refuse(self) -> None:
        self.send_error(HTTPStatus.METHOD_NOT_ALLOWED, "only GET and HEAD")

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = refuse

    def respond(self, body: bool) -> None:
        parts = urlsplit(self.path)
        if parts.path.startswith(INTERNAL):
            self.internal(parts.path[len(INTERNAL):], parts.query, body)
            return
        target = self.resolve(parts.path)
        if target is None:
            self.not_found(body)
        elif target.is_dir():
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", parts.path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_file(target, HTTPStatus.OK, body)

    def resolve(self, url_path: str) -> Path | None:
        """The file a URL names inside the output folder, or None if it names anything else."""
        path = unquote(url_path)
        if "\\" in path or "\0" in path or not path.startswith("/"):
            return None
        segments = [s for s in path.split("/") if s not in ("", ".")]
        if any(s == ".." for s in segments):
            return None
        base = self.site.out.resolve()
        target = base.joinpath(*segments)
        if path.endswith("/") or not segments:
            target = target / "index.html"
        try:
            real = target.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if real != base and base not in real.parents:
            return None
        if real.is_dir():
            return real if (real / "index.html").is_file() else None
        return real

    def not_found(self, body: bool) -> None:
        page = self.site.out / "404.html"
        if page.is_file():
            self.send_file(page, HTTPStatus.NOT_FOUND, body)
        else:
            self.send_bytes(b"<!doctype html><title>Not found</title><h1>Not found</h1>",
                            "text/html; charset=utf-8", HTTPStatus.NOT_FOUND, body, html=True)

    def send_file(self, path: Path, status: HTTPStatus, body: bool) -> None:
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        is_html = kind == "text/html"
        if kind.startswith("text/") or kind in ("application/json", "application/xml"):
            kind += "; charset=utf-8"
        self.send_bytes(path.read_bytes(), kind, status, body, html=is_html)

    def send_bytes(self, data: bytes, kind: str, status: HTTPStatus, body: bool,
                   html: bool = False) -> None:
        if html:
            data = self.live(data)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        if html:
            self.send_header(
                "Content-Security-Policy", f"{CSP}; script-src 'self'; connect-src 'self'"
            )
        self.end_headers()
        if body:
            self.wfile.write(data)

    def live(self, page: bytes) -> bytes:
        """The page with the reload script, and the problems overlay after a failed build."""
        text = _CSP_META.sub("", page.decode("utf-8", "replace"))
        with self.site.changed:
            version, problems = self.site.version, self.site.problems
        head = '<link rel="stylesheet" href="/__mentorsite/overlay.css">' if problems else ""
        script = f'<script src="/__mentorsite/reload.js" data-version="{version}"></script>'
        overlay = (
            '<aside class="mentorsite-overlay" role="alert"><h2>The site could not be '
            "rebuilt: showing the last good build</h2><p>Fix these problems and save; this "
            f"page reloads by itself.</p><pre>{html.escape(problems)}</pre></aside>"
            if problems else ""
        )
        text = text.replace("</head>", head + "</head>", 1)
        text = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + overlay, text, count=1)
        return text.replace("</body>", script + "</body>", 1).encode("utf-8")

    def internal(self, name: str, query: str, body: bool) -> None:
        if name == "reload.js":
            self.send_bytes(_RELOAD_JS, "text/javascript; charset=utf-8", HTTPStatus.OK, body)
        elif name == "overlay.css":
            self.send_bytes(_OVERLAY_CSS, "text/css; charset=utf-8", HTTPStatus.OK, body)
        elif name == "events" and body:
            self.events(query)
        else:
            self.not_found(body)

    def events(self, query: str) -> None:
        """Server-sent events: ``reload`` whenever a build (good or failed) finishes."""
        try:
            seen = int(parse_qs(query).get("since", ["0"])[0])
        except ValueError:
            seen = 0
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            while True:
                version = self.site.wait(seen, KEEPALIVE)
                message = f"event: reload\ndata: {version}\n\n" if version != seen else ": -\n\n"
                self.wfile.write(message.encode())
                self.wfile.flush()
                seen = version
        except (BrokenPipeError, ConnectionResetError):
            return

