"""Checks that run in a real browser: every page of a built site is laid out in a frame of each
width, a script looks at what Chromium made of it, and what it found comes back as JSON.

The site is served over HTTP, as a host serves it (``404.html`` links to the site's root, which
a ``file:`` address cannot resolve); without Chromium the test is skipped and says so.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator, Sequence
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

PAGE_LOOP = """<!doctype html><html><head><meta charset="utf-8"></head><body><div id="out"></div>
<script>
const pages = PAGES, widths = WIDTHS, found = [];
let at = 0;
function next() {
  if (at >= pages.length * widths.length) {
    document.getElementById("out").setAttribute("data-found", JSON.stringify(found));
    return;
  }
  const page = pages[Math.floor(at / widths.length)], width = widths[at % widths.length];
  const frame = document.createElement("iframe");
  frame.style.width = width + "px";
  frame.style.height = "800px";
  frame.onload = () => {
    const doc = frame.contentDocument, view = frame.contentWindow;
CHECK
    frame.remove();
    at += 1;
    next();
  };
  frame.src = page;
  document.body.appendChild(frame);
}
next();
</script></body></html>
"""
"""Each page at each width in turn, in a frame; ``CHECK`` is the check's script."""


def browser() -> str | None:
    """Chromium's command, under any of the names distributions give it."""
    return next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """The site over HTTP on a free local port."""
    quiet = type("Quiet", (SimpleHTTPRequestHandler,), {"log_message": lambda *_: None})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def look(site: Path, check: str, widths: Sequence[int], flags: Sequence[str] = (),
         **values: object) -> list[list[object]]:
    """What ``check`` found on every page of ``site`` at each of ``widths``.

    ``check`` is a script run on each page once it has loaded, with ``doc`` and ``view`` (the
    frame's document and window), ``page`` and ``width``; it adds what it finds to ``found``.
    Each of ``values`` replaces its name in the script, as JSON. ``flags`` go to Chromium.
    """
    chromium = browser()
    if chromium is None:
        pytest.skip("Chromium is not installed (.ci/run installs Debian's chromium)")
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    script = check
    for name, value in values.items():
        script = script.replace(name, json.dumps(value))
    harness = site / "browser-harness.html"
    harness.write_text(PAGE_LOOP.replace("PAGES", json.dumps(pages))
                       .replace("WIDTHS", json.dumps(list(widths)))
                       .replace("CHECK", script), encoding="utf-8")
    try:
        with served(site) as address:
            shown = subprocess.run(
                [chromium, "--headless", "--no-sandbox", "--disable-gpu", *flags,
                 "--virtual-time-budget=120000", "--dump-dom", f"{address}/{harness.name}"],
                capture_output=True, text=True, timeout=300, check=False,
            ).stdout
    finally:
        harness.unlink()
    result = re.search(r'data-found="([^"]*)"', shown)
    assert result, f"the browser did not finish looking at {len(pages)} pages"
    return list(json.loads(html.unescape(result.group(1))))
