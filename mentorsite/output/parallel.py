"""Render pages on every core: forked workers render and write straight into the staging folder.

Forking lets each worker inherit the pages, the model and the Jinja environment instead of
receiving them pickled; only page index ranges go out and nothing but errors comes back.
Where ``fork`` is not available, or for small sites, pages render in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import as_completed
from pathlib import Path

from mentorsite.heap import young_collection
from mentorsite.markdown import cache as markdown_cache
from mentorsite.output.folder import safe_relpath
from mentorsite.pages.page import Page
from mentorsite.render.templates import Renderer
from mentorsite.workers import Workers, end_with_parent

MIN_PARALLEL = 200
"""Below this many pages a pool costs more than it saves."""
SPANS_PER_JOB = 32
"""Pages go out in this many runs of neighbours per worker: small enough that the slow ones (a
goal page costs forty check-in pages) spread over the workers and none waits long at the end."""
PAGES_PER_TELL = 32
"""Pages rendered in this process between two calls of ``done``, whatever the site's size:
``done`` is where serve's rebuild gives up once serve stops. Split into 32 runs like the
workers' work, a 10,000-page site told it every 320 pages, and Ctrl-C during a whole rebuild
waited up to 2 s for the run under way."""

Done = Callable[[int, int], None]
"""Told how many of the pages are written so far, each time a run of pages is."""

_work: tuple[Path, Sequence[Page], Renderer] | None = None
"""What forked workers render; set only while a pool runs."""


def render_pages(folder: Path, pages: Sequence[Page], render: Renderer, jobs: int,
                 done: Done | None = None, meanwhile: Callable[[], None] | None = None) -> None:
    """Write every page's HTML under ``folder``, on up to ``jobs`` processes. ``meanwhile``
    is other work for this process: done while forked workers render, which leaves it idle
    (in one process, before the pages)."""
    with young_collection():
        _render_pages(folder, pages, render, jobs, done or (lambda _, __: None),
                      meanwhile or (lambda: None))


def processes(pages: int, jobs: int) -> int:
    """How many processes :func:`render_pages` renders ``pages`` pages on, given ``jobs``."""
    forkable = "fork" in multiprocessing.get_all_start_methods()
    return jobs if jobs >= 2 and pages >= MIN_PARALLEL and forkable else 1


def _render_pages(folder: Path, pages: Sequence[Page], render: Renderer, jobs: int,
                  done: Done, meanwhile: Callable[[], None]) -> None:
    global _work
    if processes(len(pages), jobs) == 1:
        meanwhile()
        for start in range(0, len(pages), PAGES_PER_TELL):
            stop = min(start + PAGES_PER_TELL, len(pages))
            _write(folder, pages, render, range(start, stop))
            done(stop, len(pages))
        return
    # Compile every page template here first: the forked workers inherit them compiled instead
    # of each compiling them again. Rendering stays in the workers, where it runs in parallel.
    render.compile(dict.fromkeys(page.template for page in pages))
    _work = (folder, pages, render)
    written = 0
    try:
        with Workers(jobs, end_with_parent, os.getpid()) as workers:
            # The workers are forked and handed their spans before this process turns to its
            # own work, so they never inherit what it does. Leaving the block any other way
            # than by join (an error in a worker, a stop) ends them at once.
            spans = [workers.submit(_render_span, span)
                     for span in _spans(len(pages), jobs * SPANS_PER_JOB)]
            meanwhile()
            for span in as_completed(spans):
                count, found = span.result()
                markdown_cache.merge(found)
                written += count
                done(written, len(pages))
            workers.join()
    finally:
        _work = None


def _render_span(span: tuple[int, int]) -> tuple[int, tuple[dict[str, str], set[str]] | None]:
    """In a worker: write the pages of ``span``; say how many, and hand back the Markdown it
    rendered."""
    assert _work is not None, "set before the pool forks"
    folder, pages, render = _work
    _write(folder, pages, render, range(*span))
    return span[1] - span[0], markdown_cache.take()


def _spans(count: int, parts: int) -> list[tuple[int, int]]:
    if count == 0:
        return []
    size = -(-count // parts)
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def _write(
    folder: Path, pages: Sequence[Page], render: Renderer, indices: Iterable[int]
) -> None:
    # Plain os calls: pathlib's own work was a third of the Python time spent writing pages,
    # and a text file object (three of them, stacked) a fifth of what was left. Most pages
    # are alone in a folder of their own, whose parent is made already: one mkdir, where
    # makedirs first looks whether the parent is there.
    made: set[str] = set()
    top = os.fspath(folder)
    for index in indices:
        page = pages[index]
        relpath = safe_relpath(page.output_path)
        parent = os.path.join(top, *relpath.parts[:-1])
        if parent not in made:
            try:
                os.mkdir(parent)
            except OSError:  # its parent is missing, or it is there already
                os.makedirs(parent, exist_ok=True)
            made.add(parent)
        handle = os.open(os.path.join(parent, relpath.name), _NEW_FILE, 0o666)
        try:
            for run in render.render_in_parts(page):
                _write_all(handle, run.encode())
        finally:
            os.close(handle)


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
"""How ``open(path, "w")`` opens a file (the umask applies to its mode the same way)."""


def _write_all(handle: int, data: bytes) -> None:
    """All of ``data``: a write may take only part of it."""
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view):]
