"""Render pages on every core: forked workers render and write straight into the staging folder.

Forking lets each worker inherit the pages, the model and the Jinja environment instead of
receiving them pickled; only page index ranges go out and nothing but errors comes back.
Where ``fork`` is not available, or for small sites, pages render in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import as_completed
from pathlib import Path

from mentorsite.errors import TemplateFailed
from mentorsite.heap import young_collection
from mentorsite.markdown import cache as markdown_cache
from mentorsite.output.folder import safe_parts
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
        failed: Failed = {}
        for start in range(0, len(pages), PAGES_PER_TELL):
            stop = min(start + PAGES_PER_TELL, len(pages))
            _write(folder, pages, render, range(start, stop), failed)
            done(stop, len(pages))
        _tell(failed.values())
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
            # than by join (a worker lost, a stop) ends them at once.
            spans = {workers.submit(_render_span, span): number
                     for number, span in enumerate(_spans(len(pages), jobs * SPANS_PER_JOB))}
            meanwhile()
            told: list[list[str]] = [[] for _ in spans]
            for span in as_completed(spans):
                # Let go of each result once taken: a future kept in ``spans`` kept the
                # Markdown its worker handed back, which the cache writes to its file, and a
                # build with no cache held every body's HTML to the end of the render (11 MiB
                # of serve's first start on the 5,000-file benchmark corpus, 152.8 MiB).
                count, found, told[spans.pop(span)] = span.result()
                markdown_cache.merge(found)
                written += count
                done(written, len(pages))
            workers.join()
    finally:
        _work = None
    _tell(failure for span in told for failure in span)  # in the pages' order


Failed = dict[str, str]
"""The page templates that failed while drawing a page, each with how it failed
(:class:`TemplateFailed`'s line)."""


def _render_span(span: tuple[int, int]
                 ) -> tuple[int, tuple[dict[str, str], set[str]] | None, list[str]]:
    """In a worker: write the pages of ``span``; say how many, and hand back the Markdown it
    rendered and how its templates failed."""
    assert _work is not None, "set before the pool forks"
    folder, pages, render = _work
    failed: Failed = {}
    _write(folder, pages, render, range(*span), failed)
    return span[1] - span[0], markdown_cache.take(), list(failed.values())


def _tell(failures: Iterable[str]) -> None:
    """Fail the build with every distinct template failure it met, if it met one."""
    if told := list(failures):
        raise TemplateFailed.of(told)


def _spans(count: int, parts: int) -> list[tuple[int, int]]:
    if count == 0:
        return []
    size = -(-count // parts)
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def _write(folder: Path, pages: Sequence[Page], render: Renderer, indices: Iterable[int],
           failed: Failed) -> None:
    """Write the pages at ``indices``, but those whose template is in ``failed``. A page
    whose template fails is told there, and its template's pages after it are not drawn:
    the build has failed, but the pages of the other templates go on being drawn, so that
    it tells every template that fails, each at the cost of a page. It stopped at the
    first: a theme with three broken templates took three builds to learn of them all.

    Nothing is looked up for each page until a template has failed: the pages are filtered
    only from then on."""
    made: set[str] = set()
    top = os.fspath(folder)
    left: Iterator[int] = iter(indices)
    if failed:
        left = _unfailed(left, pages, failed)
    while (failure := _write_each(top, pages, render, left, made)) is not None:
        template, how = failure
        failed[template] = how
        left = _unfailed(left, pages, failed)


def _unfailed(indices: Iterator[int], pages: Sequence[Page], failed: Failed) -> Iterator[int]:
    return (index for index in indices if pages[index].template not in failed)


def _write_each(top: str, pages: Sequence[Page], render: Renderer, indices: Iterator[int],
                made: set[str]) -> tuple[str, str] | None:
    """Write the pages at ``indices`` until one's template fails: that template and how."""
    # Plain os calls: pathlib's own work was a third of the Python time spent writing pages,
    # and a text file object (three of them, stacked) a fifth of what was left. Most pages
    # are alone in a folder of their own, whose parent is made already: one mkdir, where
    # makedirs first looks whether the parent is there.
    for index in indices:
        page = pages[index]
        parts = safe_parts(page.output_path)
        parent = os.path.join(top, *parts[:-1])
        if parent not in made:
            try:
                os.mkdir(parent)
            except OSError:  # its parent is missing, or it is there already
                os.makedirs(parent, exist_ok=True)
            made.add(parent)
        handle = os.open(os.path.join(parent, parts[-1]), _NEW_FILE, 0o666)
        try:
            for run in render.render_in_parts(page):
                _write_all(handle, run.encode())
        except TemplateFailed as failure:  # costs nothing until raised (Python 3.11 on)
            return page.template, str(failure)
        finally:
            os.close(handle)
    return None


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
"""How ``open(path, "w")`` opens a file (the umask applies to its mode the same way)."""


def _write_all(handle: int, data: bytes) -> None:
    """All of ``data``: a write may take only part of it."""
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view):]
