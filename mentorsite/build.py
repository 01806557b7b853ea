"""``mentorsite build``: every stage of the site, in order, in one readable function.

read (load → validate) → publish (drop private) → insights → pages → render → write; lint
while the pages render (it only warns), or before, in a build that fails (errors, or warnings
under ``--strict``), which tells every problem.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mentorsite.cachefile import CACHE_FOLDER
from mentorsite.cores import default_jobs
from mentorsite.diagnostics import Diagnostic
from mentorsite.errors import BuildFailed
from mentorsite.heap import collection_paused
from mentorsite.history import aside as history_aside
from mentorsite.history.evolution import evolution
from mentorsite.history.log import read_missing
from mentorsite.markdown import ahead as markdown_ahead
from mentorsite.markdown import cache as markdown_cache
from mentorsite.model.insights import Insights, insights
from mentorsite.model.project import read_unlinted
from mentorsite.model.publish import published
from mentorsite.output import build_cache
from mentorsite.output.folder import Content, check_output_folder, write_site
from mentorsite.output.parallel import processes, render_pages
from mentorsite.pages.data_json import data_json_parts
from mentorsite.pages.feeds import atom, calendar_parts, feed_urls, sitemap
from mentorsite.pages.history import history_notes, history_pages
from mentorsite.pages.page import Page
from mentorsite.pages.site import site_pages
from mentorsite.render.templates import renderer
from mentorsite.render.theme import static_files, theme_folders
from mentorsite.text import count

PROGRESS_SECONDS = 2.0
"""A long build says how far its reading and its rendering have got at most this often."""
READ = "read {done} of {total} files"
"""What a long build says of its reading, now and then (:func:`progress`)."""
RENDERED = "rendered {done} of {total} pages"
"""What a long build says of its rendering, now and then (:func:`progress`)."""


@dataclass(frozen=True)
class BuildResult:
    """What a build did."""

    out: Path
    pages: int
    files: int
    seconds: float
    diagnostics: tuple[Diagnostic, ...] = ()
    """The warnings of the content (a build with errors raises :class:`BuildFailed`)."""
    notes: tuple[str, ...] = ()
    """What the site could not show (history), each naming its fix."""
    unchanged: bool = False
    """True when nothing had changed since the last build into ``out``, so nothing was done."""


@collection_paused()
def build(
    root: Path,
    out: Path,
    *,
    today: date | None = None,
    base_url: str | None = None,
    strict: bool = False,
    history: bool = True,
    jobs: int | None = None,
    say: Callable[[str], None] = lambda _: None,
    last: build_cache.LastBuild | None = None,
    ahead: markdown_ahead.Ahead | None = None,
    git_history: history_aside.History | None = None,
) -> BuildResult:
    """Build the site of ``root`` into ``out``; raise :class:`BuildFailed` on content errors.

    History problems (no git, a shallow clone) never fail a build: they come back as notes. A build
    whose inputs are those of the last build into ``out`` returns at once. ``last``: what the caller
    already found of these inputs with :func:`~mentorsite.output.build_cache.last_build` (the CLI
    looks before it loads this module), so that they are not walked twice. ``ahead``: Markdown
    helpers the caller started (:func:`markdown_ahead.rendering`), before it loaded this module, and
    stops; without them the build starts its own. ``git_history``: likewise the history being read
    (:func:`history_aside.reading`), when ``history`` is on.
    """
    started = time.perf_counter()
    if last is None:
        last = build_cache.last_build(root, out, today, base_url, strict, history)
    if last.same:
        return BuildResult(out, last.same.pages, last.same.files, time.perf_counter() - started,
                           last.same.diagnostics, last.same.notes, unchanged=True)
    workers = jobs or default_jobs()
    if history and git_history is None:  # first: the helpers below start threads
        git_history = history_aside.beside_build(root)
    with git_history or nullcontext(), markdown_cache.cached(root / CACHE_FOLDER) as bodies, \
            _ahead(root, workers - 1, ahead) as ahead:
        project, lint = read_unlinted(root, today, fronts=history, shared=ahead.reading,
                                      told=progress(say, READ))
        problems = project.diagnostics
        if strict or problems.errors:  # the build fails on what lint tells, or tells it all
            lint()
        log = git_history.result() if history and git_history else None
        model = project.model
        say(f"read {count(len(model.entries()), 'entry', 'entries')} "
            f"in {time.perf_counter() - started:.1f} s")
        if problems.errors or (strict and problems.warnings):
            raise BuildFailed(project)
        check_output_folder(out, root)
        settings = project.model.settings
        base = with_slash(base_url or settings.base_url)
        views = insights(published(project.model), project.today)
        if log:  # the versions it left to the working tree that were not found there
            log = read_missing(root, log, project.fronts)
        # Every private file's path is withheld from the published history.
        changes = evolution(log, model.private_paths(), project.fronts,
                            timezone=model.settings.timezone) if log else None
        if log:
            log.forget(project.fronts)  # shown from what was read, once privacy is known
        pages = site_pages(views, changes)
        if changes is not None and changes.commits:
            pages += history_pages(changes, views)
        say(rendering(len(pages), processes(len(pages), workers)))
        folders = theme_folders(root, settings)
        render = renderer(
            folders, settings, project.today, base, with_history=changes is not None
            and bool(changes.commits), root=root
        )
        copies = {f"static/{name}": path for name, path in static_files(folders).items()}
        bodies.known.update(ahead.finish())
        # data.json and the calendar go into their files as they are made (whole, they are
        # 10 MB of text on a 5,000-file site), while the workers render (write_site's producer
        # is handed the writing of the files).
        files: dict[str, Content] = {**feeds_and_markers(views, pages, base),
                                     "calendar.ics": calendar_parts(views, base, changes=changes),
                                     "data.json": data_json_parts(views, changes)}
        written = progress(say, RENDERED)

        def meanwhile(write_files: Callable[[], None]) -> None:
            """This process's work while the workers render. Lint only warns, and no page
            shows a warning, so a build that is not strict (nor failed) lints here, not while
            a core waited for this process to start the workers (0.1 CPU s of 5,000 files)."""
            if not strict:
                lint()
            write_files()

        # The site as this build left it, for "nothing changed": a build into the same folder
        # that swaps its site in once this one's turn is over must not be taken for this one.
        left = write_site(out, files, copies, lambda folder, write_files: render_pages(
            folder, pages, render, workers, written, meanwhile=lambda: meanwhile(write_files)),
            produced=[page.output_path for page in pages])
    result = BuildResult(
        out, len(pages), len(files) + len(copies) + len(pages), time.perf_counter() - started,
        tuple(problems.sorted()), tuple(history_notes(changes)) if history else (),
    )
    build_cache.save(last.path, build_cache.CachedBuild(
        last.fingerprint, result.diagnostics, result.notes, result.pages, result.files, left,
    ))
    return result


def feeds_and_markers(views: Insights, pages: list[Page], base: str | None) -> dict[str, str]:
    """The files of the site that are neither pages nor theme assets, but the calendar and
    ``data.json``, which go into their files in parts (:func:`build`, and ``serve``)."""
    # Only the feed's pages: a map of every page's body (5,000 on the 5,000-file benchmark
    # corpus) for the 50 the feed shows was most of this, in every rebuild of serve too.
    shown = feed_urls(views)
    bodies = {page.url: page.context["body"] for page in pages
              if page.url in shown and "body" in page.context}
    files = {"feed.xml": atom(views, base, bodies)}
    files[".nojekyll"] = ""
    if base:
        files["sitemap.xml"] = sitemap(pages, base)
    return files


def rendering(pages: int, processes: int) -> str:
    """What a build says as it starts rendering."""
    return f"rendering {count(pages, 'page')} on {count(processes, 'process', 'processes')}"


def progress(say: Callable[[str], None], done_of: str) -> Callable[[int, int], None]:
    """Told how many of how many things a stage has done, say ``done_of`` (its ``{done}`` and
    ``{total}`` filled in) when :data:`PROGRESS_SECONDS` have passed since it was made or last
    said it, and never for the last one: the stage then says it is done."""
    last = time.perf_counter()

    def told(done: int, total: int) -> None:
        nonlocal last
        now = time.perf_counter()
        if done < total and now - last >= PROGRESS_SECONDS:
            last = now
            say(done_of.format(done=done, total=total))

    return told


def _ahead(root: Path, helpers: int, started: markdown_ahead.Ahead | None
           ) -> AbstractContextManager[markdown_ahead.Ahead]:
    """The Markdown helpers the caller started, or new ones for as long as the build runs."""
    if started is not None:
        return nullcontext(started)
    return markdown_ahead.rendering(root, root / CACHE_FOLDER, helpers)


def with_slash(url: str | None) -> str | None:
    """Base URLs end in ``/`` so that page URLs can be appended to them."""
    if not url:
        return None
    return url if url.endswith("/") else url + "/"
