"""``mentorsite build``: every stage of the site, in order, in one readable function.

read (load → validate → lint) → publish (drop private) → insights → pages → render → write.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mentorsite import build_cache, history_cache, markdown_cache
from mentorsite.commits import GitLog
from mentorsite.data_json import Pieces, data_json, data_json_parts
from mentorsite.diagnostics import Diagnostic, Diagnostics
from mentorsite.errors import MentorsiteError
from mentorsite.evolution import Evolution, evolution
from mentorsite.feeds import atom, calendar, calendar_parts, sitemap
from mentorsite.files import content_files
from mentorsite.heap import collection_paused
from mentorsite.history import head_commit, read_history
from mentorsite.history_pages import history_notes, history_pages
from mentorsite.insights import Insights, insights
from mentorsite.load import SETTINGS_FILE, load_settings
from mentorsite.output import MARKER, Content, check_output_folder, write_site
from mentorsite.page import Page
from mentorsite.pages import site_pages
from mentorsite.parallel import default_jobs, render_pages
from mentorsite.project import Project, read_project, today_in
from mentorsite.publish import published
from mentorsite.render import renderer, static_files, theme_folders
from mentorsite.validate import validate_settings

CACHE_FOLDER = ".mentorsite-cache"
"""Under the source folder: what earlier builds read, safe to delete at any time."""


class BuildFailed(MentorsiteError):
    """The content has errors (or warnings under --strict); nothing was written."""

    def __init__(self, project: Project) -> None:
        super().__init__("build failed: the content has problems; the previous site is unchanged")
        self.project = project


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
) -> BuildResult:
    """Build the site of ``root`` into ``out``; raise :class:`BuildFailed` on content errors.

    History problems (no git, a shallow clone) never fail a build: they come back as notes.
    A build whose inputs are those of the last build into ``out`` returns at once.
    """
    started = time.perf_counter()
    stamp, cache = _fingerprint(root, out, today, base_url, strict, history)
    cached = build_cache.load(cache)
    if cached and cached.fingerprint == stamp and (out / MARKER).is_file():
        return BuildResult(out, cached.pages, cached.files, time.perf_counter() - started,
                           cached.diagnostics, cached.notes, unchanged=True)
    git_log = _read_history_aside(root) if history else None
    try:
        project = read_project(root, today)
    finally:
        log = git_log.result() if git_log else None
    model = project.model
    say(f"read {len(model.entries())} entries in {time.perf_counter() - started:.1f} s")
    problems = project.diagnostics
    if problems.errors or (strict and problems.warnings):
        raise BuildFailed(project)
    check_output_folder(out, root)
    settings = project.model.settings
    base = with_slash(base_url or settings.base_url)
    views = insights(published(project.model), project.today)
    # Every private file's path is withheld from the published history.
    changes = evolution(log, model.private_paths()) if log else None
    pages = site_pages(views, changes)
    if changes is not None and changes.commits:
        pages += history_pages(changes, views)
    say(f"rendering {len(pages)} pages on {jobs or default_jobs()} processes")
    folders = theme_folders(root, settings)
    render = renderer(
        folders, settings, project.today, base, with_history=changes is not None
        and bool(changes.commits)
    )
    copies = {f"static/{name}": path for name, path in static_files(folders).items()}
    workers = jobs or default_jobs()
    with markdown_cache.cached(root / CACHE_FOLDER):
        # data.json and the calendar go into their files as they are made: whole, they are
        # 10 MB of text on a 5,000-file site and more while made, inherited by the workers.
        files: dict[str, Content] = {**feeds_and_markers(views, pages, base),
                                     "calendar.ics": calendar_parts(views),
                                     "data.json": data_json_parts(views, changes)}
        write_site(out, files, copies, lambda folder: render_pages(folder, pages, render, workers))
    result = BuildResult(
        out, len(pages), len(files) + len(copies) + len(pages), time.perf_counter() - started,
        tuple(problems.sorted()), tuple(history_notes(changes)) if history else (),
    )
    build_cache.save(cache, build_cache.CachedBuild(
        stamp, result.diagnostics, result.notes, result.pages, result.files
    ))
    return result


def site_files(views: Insights, changes: Evolution | None, pages: list[Page],
               base: str | None, pieces: Pieces | None = None) -> dict[str, str | bytes]:
    """Every file of the site that is not a page or a theme asset (``pieces``: see
    :class:`~mentorsite.data_json.Pieces`)."""
    files: dict[str, str | bytes] = {**feeds_and_markers(views, pages, base),
                                     "calendar.ics": calendar(views),
                                     "data.json": data_json(views, changes, pieces)}
    return files


def feeds_and_markers(views: Insights, pages: list[Page], base: str | None) -> dict[str, str]:
    """The files of :func:`site_files` but the calendar and ``data.json``."""
    bodies = {page.url: page.context["body"] for page in pages if "body" in page.context}
    files = {"feed.xml": atom(views, base, bodies)}
    files[".nojekyll"] = ""
    if base:
        files["sitemap.xml"] = sitemap(pages, base)
    return files


def _fingerprint(root: Path, out: Path, today: date | None, base_url: str | None,
                 strict: bool, history: bool) -> tuple[str, Path]:
    """The inputs' fingerprint, and where the last build into ``out`` left its own."""
    quiet = Diagnostics()
    settings = validate_settings(load_settings(root, quiet), root, quiet)
    sources = [root / SETTINGS_FILE, *(root / p for p in content_files(root, quiet))]
    for folder in theme_folders(root, settings):
        sources += [p for p in folder.rglob("*") if p.is_file()]
    head = head_commit(root) if history else None
    # What the walk refused to read (links out, loops) is an input too: adding one must rebuild.
    refused = tuple(sorted((d.path, d.code) for d in quiet.items))
    options = (base_url, strict, history, str(out.resolve()), refused)
    stamp = build_cache.fingerprint(sources, options, today or today_in(settings), head)
    return stamp, build_cache.cache_file(root / CACHE_FOLDER, out)


def _read_history_aside(root: Path) -> Future[GitLog]:
    """Read the git history on a thread while this one reads the content: git does its work
    in processes of its own (the other core), so the two overlap."""
    found: Future[GitLog] = Future()

    def read() -> None:
        try:
            found.set_result(read_history(root, cache=root / CACHE_FOLDER / history_cache.FILE))
        except BaseException as exc:  # handed to the waiting thread, which raises it
            found.set_exception(exc)

    threading.Thread(target=read, name="mentorsite-history", daemon=True).start()
    return found


def with_slash(url: str | None) -> str | None:
    """Base URLs end in ``/`` so that page URLs can be appended to them."""
    if not url:
        return None
    return url if url.endswith("/") else url + "/"
