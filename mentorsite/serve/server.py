"""``mentorsite serve``: build, serve the output over HTTP, rebuild on change, reload the browser.

Serve has no build logic of its own: it builds with
:class:`~mentorsite.serve.incremental.LiveBuild`, which runs build's stages but keeps the last build
in memory, so that a rebuild renders and writes only the pages an edit changed. It builds into a
private temporary folder, watches the settings, content and themes with watchdog, rebuilds once per
burst of saves (both in :mod:`mentorsite.serve.live`), and tells open pages to reload over
server-sent events. When a rebuild fails, the last good build keeps being served with the problems
shown over every page. The reload script exists only here: published pages carry no JavaScript.
"""

from __future__ import annotations

import contextlib
import errno
import html
import ipaddress
import logging
import mimetypes
import re
import socket
import sys
import threading
import time
import warnings
from collections.abc import Callable
from datetime import date
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from mentorsite.errors import MentorsiteError, Stopped
from mentorsite.history.repository import git_folders as git_folders_of
from mentorsite.history.repository import mailmap_file
from mentorsite.render.templates import CSP
from mentorsite.serve import scratch
from mentorsite.serve.live import Built, LiveSite, Rebuilder
from mentorsite.serve.memory import one_arena

KEEPALIVE = 15.0
STOP_SECONDS = 5.0
"""At most how long Ctrl-C waits for the file watcher to stop."""
REQUEST_TIMEOUT = 30.0
"""Seconds a connection may stay silent while sending its request."""
INTERNAL = "/__mentorsite/"
ALLOWED = "GET, HEAD"
_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>', re.IGNORECASE)
_RELOAD_JS = b"""(() => {
  const version = document.currentScript.dataset.version;
  const events = new EventSource("/__mentorsite/events?since=" + version);
  events.addEventListener("reload", () => { events.close(); location.reload(); });
})();
"""
_NOT_FOUND = (b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found'
              b"</title></head><body><main><h1>Not found</h1></main></body></html>")
"""The page for a missing path before any build succeeded (later, the site's ``404.html``):
a whole document, so that the problems and the reload script go into it as into any page,
its text in a ``main`` as every page's is (axe: landmark-one-main)."""
_OVERLAY_CSS = b""".mentorsite-overlay { position: fixed; inset: 0 0 auto 0; z-index: 2147483647;
  max-height: 70vh; overflow: auto; margin: 0; padding: 1rem 1.5rem; background: #2b0b0e;
  color: #ffe9ea; font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace;
  border-bottom: 4px solid #ff5d6c; box-shadow: 0 8px 24px rgba(0, 0, 0, .4); }
.mentorsite-overlay h2 { margin: 0 0 .5rem; font-size: 16px; color: #fff; }
.mentorsite-overlay p { margin: 0; color: inherit; }
.mentorsite-overlay pre { white-space: pre-wrap; margin: .5rem 0 0; padding: 0; border: 0;
  background: none; color: inherit; font: inherit; }
"""


def serve(root: Path, host: str, port: int, today: date | None,
          say: Callable[[str], None], ready: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted; ``ready`` is told the URL once the server listens."""
    if not _is_loopback(host):
        say(f"warning: serving on {host} exposes the site (and private drafts being edited) "
            "to your network; use the default 127.0.0.1 unless you mean it")
    one_arena()  # before any thread starts
    with contextlib.ExitStack() as leaving:  # undone in reverse, whenever serve stops
        out = scratch.made() / "site"
        leaving.callback(scratch.leave, out.parent)
        site: LiveSite | None = None
        try:
            site = LiveSite(root.resolve(), out, today, say)
            server = _listen(site, host, port)
            leaving.callback(server.server_close)
            site.rebuild()
            site.builder.settle()
            git_folders = git_folders_of(site.root)
            mailmap = mailmap_file(site.root)
            rebuilder = Rebuilder(site, git_folders, mailmap)
            _quiet_watcher()
            observer = Observer()
            observer.schedule(rebuilder, str(site.root), recursive=True)
            for folder in git_folders:
                if not folder.is_relative_to(site.root):  # the source is a sub-folder
                    observer.schedule(rebuilder, str(folder), recursive=True)
            if mailmap is not None and not mailmap.is_relative_to(site.root):
                observer.schedule(rebuilder, str(mailmap.parent), recursive=False)
            observer.start()
            leaving.callback(_stop_watching, observer, STOP_SECONDS)
            leaving.callback(_stop_rebuilding, rebuilder, STOP_SECONDS)
            rebuilder.thread.start()
            url = f"http://{_url_host(host)}:{server.server_address[1]}/"
            everywhere = " and on every address of this machine" if _is_every(host) else ""
            say(f"serving {url}{everywhere} (Ctrl-C to stop)")
            if ready:
                ready(url)
            server.serve_forever(poll_interval=0.2)
        except (KeyboardInterrupt, Stopped):
            if site is not None:
                site.stop()  # the rebuild under way gives up, and says nothing after this
            say("stopping")


def _quiet_watcher() -> None:
    """Hide watchdog's warning that it watches a folder twice. A ``git checkout`` or ``mkdir
    -p`` makes folders inside folders faster than it adds their watches, and now and then it
    adds one twice; it then prints a dump of its whole state, though nothing is wrong."""
    warnings.filterwarnings("ignore", message="Callback with id .* already exists",
                            category=RuntimeWarning, module=r"watchdog\.")


def _stop_watching(observer: BaseObserver, seconds: float) -> None:
    """Stop the file watcher, waiting for it at most ``seconds``. watchdog's ``stop`` joins
    its own threads with no time limit, and Ctrl-C must end ``serve`` whatever the watcher
    is doing: the CLI leaves with ``os._exit``, which a watcher thread cannot hold up.

    watchdog logs an error when a file event races the stop ("queue_events() called when the
    thread is inactive"); nothing is wrong then, and serve has stopped, so it is not shown."""
    logging.getLogger("watchdog").setLevel(logging.CRITICAL)
    deadline = time.monotonic() + seconds
    stopping = threading.Thread(target=observer.stop, name="mentorsite-unwatch", daemon=True)
    stopping.start()
    stopping.join(timeout=seconds)
    if not stopping.is_alive():
        observer.join(timeout=max(0.0, deadline - time.monotonic()))


def _stop_rebuilding(rebuilder: Rebuilder, seconds: float) -> None:
    """Wait, for at most ``seconds``, for a rebuild under way to give up (it does at its next
    batch of pages: see :meth:`LiveSite.stop`) before the folder it writes is removed:
    stopped halfway, it went on writing, and left a whole site behind in the temporary
    folder (or said it could not write one there)."""
    rebuilder.site.stop()
    rebuilder.stopping.set()  # and no other rebuild starts
    if rebuilder.thread.ident is not None:  # started
        rebuilder.thread.join(timeout=seconds)


def _is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only, as the system reads it: ``127.1`` (short for
    127.0.0.1) and ``::ffff:127.0.0.1`` (IPv4 within IPv6) were warned of as exposing the
    site, ``ipaddress`` taking neither for loopback."""
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        try:
            address = ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return False
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


def _is_every(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def _url_host(host: str) -> str:
    """The host of the address to open. One that listens on every address (``0.0.0.0``,
    ``::``) is no address a browser may open (Windows' cannot): this machine's own stands
    for it."""
    if _is_every(host):
        return "[::1]" if ":" in host else "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def _refused_page(name: str, url: str) -> bytes:
    """The answer to a request addressed to a name serve does not answer for: why, and how to
    open the site, by its address or by that name."""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host not served'
        "</title></head><body><main><h1>Host not served</h1><p>This request was addressed to "
        f"<code>{html.escape(name)}</code>, and <code>mentorsite serve</code> answers only for "
        "localhost, IP addresses and the name given with <code>--host</code>: a page on "
        "another site could otherwise point a name of its own at this machine and read "
        "the site served (DNS rebinding).</p>"
        f'<p>Open <a href="{html.escape(url)}">{html.escape(url)}</a> (or this machine\'s IP '
        f"address), or, if <code>{html.escape(name)}</code> is this machine's name, start serve "
        f"with <code>--host {html.escape(name)}</code>.</p></main></body></html>"
    ).encode()


def _with_slash(path: str, query: str) -> str:
    """Where a folder named without its trailing slash moves to: the same path and query,
    the slash added. One leading slash only: ``//goals/`` is another host's address to a
    browser (Python before 3.10.6 passed on a request's ``////goals`` as it came)."""
    return "/" + path.lstrip("/") + "/" + (f"?{query}" if query else "")


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


def _listen(site: LiveSite, host: str, port: int) -> ThreadingHTTPServer:
    try:
        return _server(site, host, port)
    except OSError as exc:
        busy = exc.errno == errno.EADDRINUSE
        hint = ": another program (another serve?) holds it; --port 0 picks a free one" if busy \
            else ""
        raise MentorsiteError(f"cannot listen on {host}:{port}: {exc.strerror}{hint}") from None


def _server(site: LiveSite, host: str, port: int) -> ThreadingHTTPServer:
    handler = type("Handler", (_Handler,), {"site": site, "host": host})
    server_class = _Server6 if ":" in host else _Server
    return server_class((host, port), handler)


class _Handler(BaseHTTPRequestHandler):
    """GET and HEAD for files under the output folder; nothing else, no directory listings."""

    site: LiveSite
    host = "127.0.0.1"
    """The address serve listens on: a request may name it, besides any address and localhost."""
    server_version = "mentorsite"
    timeout = REQUEST_TIMEOUT
    """A connection that sends nothing for this long is closed (a stalled request holds a
    thread). Request lines over 64 KiB (414) and more than 100 header lines, or any over
    64 KiB (431), are refused by http.server itself; request bodies are never read."""

    def log_message(self, format: str, *args: object) -> None:
        return  # quiet: the terminal shows builds, not every request

    def version_string(self) -> str:
        """The ``Server`` header: the tool's name, not Python's version after it."""
        return self.server_version

    def do_HEAD(self) -> None:
        self.respond(body=False)

    def do_GET(self) -> None:
        self.respond(body=True)

    def refuse(self) -> None:
        self.send_error(HTTPStatus.METHOD_NOT_ALLOWED, "only GET and HEAD")

    def send_response(self, code: int, message: str | None = None) -> None:
        """A refused method's answer names the methods served: HTTP requires it of a 405,
        and a client told 501 for a method it does not know learns the same."""
        super().send_response(code, message)
        if code in (HTTPStatus.METHOD_NOT_ALLOWED, HTTPStatus.NOT_IMPLEMENTED):
            self.send_header("Allow", ALLOWED)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = refuse

    def respond(self, body: bool) -> None:
        refused = self.refused_name()
        if refused is not None:
            port = self.connection.getsockname()[1]
            page = _refused_page(refused, f"http://{_url_host(self.host)}:{port}/")
            self.send_bytes(page, "text/html; charset=utf-8", HTTPStatus.FORBIDDEN, body)
            return
        parts = urlsplit(self.path)
        if parts.path.startswith(INTERNAL):
            self.internal(parts.path[len(INTERNAL):], parts.query, body)
            return
        target = self.resolve(parts.path)
        if target is None:
            self.not_found(body)
        elif target.is_dir():
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", _with_slash(parts.path, parts.query))
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_file(target, body)

    def refused_name(self) -> str | None:
        """The name the request is addressed to, if it is neither this machine (an address,
        ``localhost``) nor the host serve was given. A web page may point a name of its own at
        127.0.0.1 (DNS rebinding) and then read every page served, private drafts and the
        problems' text included: its requests name that name."""
        given = self.headers.get("Host")
        if given is None:
            return None  # HTTP/1.0: no browser sends a request without one
        name = given.rpartition("]")[0][1:] if given.startswith("[") else given.partition(":")[0]
        name = name.rstrip(".").lower()
        if name in ("localhost", self.host.lower()) or name.endswith(".localhost"):
            return None
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return name
        return None

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
        now = self.site.now()
        try:
            page = (self.site.out / "404.html").read_bytes()
        except OSError:  # none built yet
            page = _NOT_FOUND
        self.send_bytes(page, "text/html; charset=utf-8", HTTPStatus.NOT_FOUND, body,
                        html=True, now=now)

    def send_file(self, path: Path, body: bool) -> None:
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        is_html = kind == "text/html"
        if kind.startswith("text/") or kind in ("application/json", "application/xml"):
            kind += "; charset=utf-8"
        # The build's version before its page: read after, a page a rebuild had not yet
        # replaced went out as the new version, and its browser waited for a newer one.
        now = self.site.now()
        try:
            data = path.read_bytes()
        except OSError:  # a rebuild removed it since it was found (an entry made private)
            self.not_found(body)
            return
        self.send_bytes(data, kind, HTTPStatus.OK, body, html=is_html, now=now)

    def send_bytes(self, data: bytes, kind: str, status: HTTPStatus, body: bool,
                   html: bool = False, now: Built | None = None) -> None:
        if html:
            data = self.live(data, now or self.site.now())
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

    def live(self, page: bytes, now: Built) -> bytes:
        """The page with the reload script, and the problems overlay after a failed build."""
        text = _CSP_META.sub("", page.decode("utf-8", "replace"))
        version, problems, built = now
        head = '<link rel="stylesheet" href="/__mentorsite/overlay.css">' if problems else ""
        script = f'<script src="/__mentorsite/reload.js" data-version="{version}"></script>'
        failed = ("The site could not be rebuilt: showing the last good build" if built
                  else "The site could not be built")
        # An alert, which ARIA lets a div be and not an aside; in the tab order, since a long
        # list scrolls inside it (overlay.css) and holds nothing else a keyboard could reach.
        overlay = (
            f'<div class="mentorsite-overlay" role="alert" tabindex="0"><h2>{failed}</h2>'
            "<p>Fix these problems and save; this page reloads by itself.</p>"
            f"<pre>{html.escape(problems)}</pre></div>"
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

