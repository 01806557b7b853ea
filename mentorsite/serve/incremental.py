"""``serve``'s rebuilds: the last build kept in memory, and only what an edit changed done again.

The stages are :func:`mentorsite.build.build`'s, in the same order. What is kept from one run
to the next:

- each content file's document, for as long as the file's size and times stay the same, or
  while the file watcher reports no change to it (:class:`~mentorsite.read.reread.Reader`), and
  its own-field validation (:class:`~mentorsite.model.validate.FieldsCache`),
  so an unchanged file gives the very same entry object again;
- the git log, read again only when HEAD moves (which files are uncommitted is asked each time);
  the first build reads it in a process of its own, beside the content, as ``build`` does;
- goal views, charts, revision and commit pages and each check-in's calendar events, each
  while what it is made from stays the same objects (see
  :class:`~mentorsite.model.insights.GoalViews`); ``data.json`` items likewise, not as text
  but as where they lie in the file written, read again from there
  (:class:`~mentorsite.pages.data_json.Pieces`);
- each goal and entry page while what it is made from stays the same, as the same object
  (:class:`~mentorsite.pages.site.KeptPages`), with its Markdown body, rendered once;
- each page (compared by :mod:`mentorsite.pages.keys`) and each other file's text, so that
  only pages whose inputs changed are rendered and only changed files are written, each one
  atomically.

The first build, and a build after the settings, the theme, the day or the history's presence
changed (or with the output folder gone), renders every page and swaps the whole output folder
in, as ``build`` does: on every core while no other thread runs (serve's first build, before
its server and watcher start), else in this process alone. The first good build also uses and
saves ``build``'s Markdown cache. A build with content errors raises and leaves the output as
it was, but for the entries marked private or deleted since the last good build: that build's
content is built again without them (:mod:`mentorsite.serve.withdrawn`), as an edit is. The
next build is compared with what the output folder holds.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mentorsite.build import (
    READ,
    RENDERED,
    BuildResult,
    feeds_and_markers,
    progress,
    rendering,
    with_slash,
)
from mentorsite.cachefile import CACHE_FOLDER
from mentorsite.cores import default_jobs
from mentorsite.diagnostics import Diagnostics
from mentorsite.errors import BuildFailed, TemplateFailed
from mentorsite.heap import collection_paused
from mentorsite.history import aside as history_aside
from mentorsite.history.commits import Commit, GitLog, WorkingTree
from mentorsite.history.evolution import Evolution, evolution
from mentorsite.history.log import read_history, uncommitted_files
from mentorsite.history.repository import head_commit, mailmap_stamp, source_prefix
from mentorsite.kept import Kept
from mentorsite.markdown import cache as markdown_cache
from mentorsite.model.entries import Mentorship
from mentorsite.model.insights import GoalViews, Insights, insights
from mentorsite.model.project import Project, linted_later, today_in
from mentorsite.model.publish import published
from mentorsite.model.validate import FieldsCache
from mentorsite.output.folder import (
    MARKER,
    Content,
    check_output_folder,
    update_site,
    write_site,
)
from mentorsite.output.parallel import processes, render_pages
from mentorsite.pages.data_json import Pieces, data_json_parts
from mentorsite.pages.feeds import Events, calendar_parts
from mentorsite.pages.history import history_notes, history_pages
from mentorsite.pages.keys import Comparison, Narrowing, builtin_templates_only, narrow_ahead
from mentorsite.pages.page import Page
from mentorsite.pages.site import KeptPages, site_pages
from mentorsite.read.load import Told, load_settings
from mentorsite.read.reread import Reader
from mentorsite.render.templates import Renderer, renderer
from mentorsite.render.theme import chain_files, static_files, theme_folders
from mentorsite.serve.checked_out import Blobs
from mentorsite.serve.memory import give_back
from mentorsite.serve.withdrawn import Withdrawn, withdrawn
from mentorsite.text import count


class Cancelled(Exception):
    """Serve is stopping: the build under way gave up where it was (see
    :attr:`LiveBuild.stopping`), leaving the output folder as it found it."""


@dataclass(frozen=True)
class Rebuilt:
    """What one (re)build did."""

    result: BuildResult
    rendered: int
    """Pages rendered: every page for a full build, those whose key changed otherwise."""
    written: int
    """Files written or removed in the output folder (every file for a full build)."""
    full: bool


def _nothing() -> WorkingTree:
    """No file is uncommitted (no git, or nothing asked)."""
    return WorkingTree()


class _History:
    """The published history, kept while HEAD and the ``.mailmap`` stay as they were."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.head: str | None = None
        self.log = GitLog()
        self.log_read = False
        self.private: set[str] | None = None
        self.timezone: str | None = None
        """The settings' ``timezone`` the history's commits are dated in."""
        self.changes: Evolution | None = None
        self.head_now: str | None = None
        self.answer: Callable[[], WorkingTree] = _nothing
        """Which files are uncommitted, once git has said."""
        self.prefix: str | None = None
        """The source folder's path in the repository, asked once the log has been read."""
        self.reading: tuple[str, history_aside.History] | None = None
        """The first log being read in a process of its own, and the HEAD it is read at."""
        self.people: str | None = None
        """The ``.mailmap`` the log's names were mapped by (:func:`mailmap_stamp`): an edit
        to it renames commits' authors and sign-offs, as a full build reads them, with no
        commit made."""
        self.people_now: str | None = None
        self.copies: tuple[tuple[Commit, ...], bool] | None = None
        """The log's commits, and whether any of them copied a file (:meth:`_copies`)."""

    def ask(self) -> None:
        """Start asking git what it takes a while to answer; :meth:`evolution` waits for it.
        Which files are uncommitted is asked first, so that git looks at the working tree
        while it is asked where HEAD is (the answer goes unused if HEAD moved)."""
        if self.log_read and self.log.problem is None:
            if self.prefix is None:
                self.prefix = source_prefix(self.root)
            self.answer = uncommitted_files(self.root, self.prefix)
        self.head_now = head_commit(self.root)
        self.people_now = self._people()
        if not self.log_read and self.reading is None and self.head_now and _alone():
            # The first log is read beside the content, as build reads it.
            self.reading = (self.head_now, history_aside.reading(
                self.root, history_aside.cache_file(self.root)))

    def _take_reading(self) -> None:
        """The log the first build started reading, as read at the HEAD of then (a build
        that failed before it needed the log leaves it to the next, which reads it again if
        HEAD has moved since)."""
        if self.reading is not None:
            (head, reading), self.reading = self.reading, None
            self.log, self.head, self.log_read, self.changes = (
                self._held(reading.result()), head, True, None)
            self.people = self.people_now

    def _held(self, log: GitLog) -> GitLog:
        """``log``, holding its versions so that :meth:`let_go` can let go of some."""
        return dataclasses.replace(log, blobs=Blobs(self.root, log.blobs))

    def let_go(self) -> None:
        """Let go of the newest version of each file until a rebuild asks for one (see
        :mod:`~mentorsite.serve.checked_out`): once a build is done with the history."""
        if isinstance(self.log.blobs, Blobs):
            self.log.blobs.let_go(self.log.commits)

    def _copies(self) -> bool:
        """Whether git took a file any commit added for a copy of another: which files are
        uncommitted then says which copies of withheld files are withheld too (see
        :func:`~mentorsite.history.evolution.evolution`), and the history is interpreted
        again when that changes. Asked once per log read: most logs have none."""
        commits = self.log.commits
        if self.copies is None or self.copies[0] is not commits:
            self.copies = (commits, any(change.status == "C" for commit in commits
                                        for change in commit.changes))
        return self.copies[1]

    def _people(self) -> str | None:
        """The ``.mailmap``'s stamp now; None without git or a repository."""
        if self.prefix is None:
            self.prefix = source_prefix(self.root)
        return None if self.prefix is None else mailmap_stamp(self.root, self.prefix)

    def forget(self) -> None:
        """Wait for an answer that was not needed after all (the build failed first)."""
        self.answer()
        self.answer = _nothing

    def evolution(self, private_now: set[str], timezone: str) -> Evolution:
        self._take_reading()
        head, answer = self.head_now, self.answer
        self.answer = _nothing
        if (not self.log_read or head is None or head != self.head
                or self.people_now != self.people):
            answer()  # not needed after all: the whole log is read again
            self.log = self._held(read_history(self.root,
                                               cache=history_aside.cache_file(self.root)))
            self.head, self.log_read, self.changes = head, True, None
            self.people = self.people_now
        elif self.log.problem is None and answer is not _nothing:
            # Not asked: the first log, read beside the content, already holds the answer
            fresh = answer()
            if fresh.renamed != self.log.renamed or (
                    fresh.uncommitted != self.log.uncommitted and self._copies()):
                # a file renamed and marked private is private by both names; a copy of a
                # withheld file is withheld too while it has uncommitted changes
                self.changes = None
            self.log = dataclasses.replace(self.log, uncommitted=fresh.uncommitted,
                                           renamed=fresh.renamed)
        if self.changes is None or private_now != self.private or timezone != self.timezone:
            self.changes = evolution(self.log, private_now, timezone=timezone)
            self.private, self.timezone = set(private_now), timezone
        uncommitted = frozenset(
            path for path in self.log.uncommitted if path not in self.changes.withheld
        )
        if uncommitted != self.changes.uncommitted:
            self.changes = dataclasses.replace(self.changes, uncommitted=uncommitted)
        return self.changes


@dataclass(frozen=True)
class _Built:
    """What the last good build wrote into the output folder."""

    setup: tuple[object, ...]
    """What every page depends on: settings, day, history shown or not, theme files."""
    pages: dict[str, Page]
    """Each page by its output path."""
    files: frozenset[str]
    """The other files, by name: the next build compares each with the file the output
    folder holds as it writes it (:func:`~mentorsite.output.folder.update_site`), not with a
    copy kept of its text (``data.json`` and the calendar of a 5,000-file site are 10 MB of
    it) nor a digest of it."""
    copies: int
    """How many theme files were copied."""
    withdrawn: Withdrawn
    """Entries of the last good content it leaves out, made private or deleted while the
    content had errors (see :meth:`LiveBuild._withdraw`)."""


@dataclass(frozen=True)
class _Wrote:
    """What :meth:`LiveBuild._write` did."""

    built: _Built
    rendered: int
    written: int
    full: bool
    changes: Evolution
    """The history shown."""


class LiveBuild:
    """Builds ``root`` into ``out`` again and again, each time redoing only what changed."""

    def __init__(self, root: Path, out: Path, today: date | None = None,
                 say: Callable[[str], None] = lambda _: None,
                 stopping: threading.Event | None = None) -> None:
        self.root, self.out, self.today = root, out, today
        self.say = say
        """Told how a whole build is getting on, as ``build`` tells the terminal."""
        self.stopping = stopping or threading.Event()
        """Set when serve stops: a build under way then raises :class:`Cancelled` at its next
        stage or batch of pages. Serve rebuilds in a thread of its own, which nothing else
        can end: a whole rebuild of a large site went on for seconds after Ctrl-C, printing
        its progress, while serve waited for it, and could still be writing into the
        temporary folder as serve removed it."""
        self.reader = Reader(root)
        self.fields = FieldsCache()
        self.history = _History(root)
        self.kept_pages = KeptPages()
        self.pieces = Pieces(out / "data.json")
        self.events = Events(out / "calendar.ics")
        self.commit_pages: Kept[tuple[Page, ...]] = Kept()
        self.narrowing = Narrowing()
        self.unnarrowed = False
        """Whether the last whole build's pages wait for :func:`narrow_ahead` (see settle)."""
        self.views = GoalViews()
        self.last: _Built | None = None
        self.good: Project | None = None
        """The content as the last good build read it."""
        self.good_files: Mapping[str, object] = {}
        """Each content file as the last good build read it (see :class:`Reader`)."""
        self.model: Mentorship | None = None
        """The model the last build read, good or not."""
        self.day: date | None = None
        """The day the last build read the content as of."""

    @collection_paused()  # as in build(): the heap it builds holds next to no cycles
    def build(self, changed: Collection[str] | None = None,
              shown: Callable[[], None] = lambda: None) -> Rebuilt:
        """Build once; raise :class:`~mentorsite.build.BuildFailed` on content errors, leaving
        the output folder as the last good build left it, less any entry marked private or
        deleted since (see :meth:`_withdraw`). ``changed``: the paths (relative to
        the root) that may have changed since the last build, if known; see :meth:`missed`.
        ``shown``: called when a rebuild has put its pages in place, before it writes the
        site's other files (see :meth:`_update`); a whole build does not call it."""
        started = time.perf_counter()
        self._go_on()
        self.history.ask()
        try:
            return self._build(started, changed, shown)
        finally:
            self.history.forget()

    def _markdown_cache(self) -> contextlib.AbstractContextManager[object]:
        """``build``'s Markdown cache, while the first build (until one succeeds) renders its
        pages: a serve started after a build, or after another serve, renders only the bodies
        that changed since, and leaves the cache as ``build`` would. What this process renders
        besides (the feed's bodies), and what later builds render, keeps its HTML on its
        page instead (see :class:`~mentorsite.pages.site.LazyMarkdown`), for the next edit."""
        if self.last is not None:
            return contextlib.nullcontext()
        return markdown_cache.cached(self.root / CACHE_FOLDER)

    def missed(self) -> bool:
        """Whether the content differs from what the last build read: after a build told
        which paths changed, a change it was not told of (the watcher missed an event)."""
        return self.reader.missed()

    def new_day(self) -> bool:
        """Whether the day has turned where the pair lives since the last build (without
        ``--today``): overdue goals, check-in health and the deadlines ahead are judged as of
        the day, and a serve left running overnight showed yesterday's."""
        if self.today is not None or self.model is None or self.day is None:
            return False
        return today_in(self.model.settings) != self.day

    def _go_on(self) -> None:
        """Raise :class:`Cancelled` once serve is stopping."""
        if self.stopping.is_set():
            raise Cancelled

    def _told(self, done_of: str) -> Callable[[int, int], None]:
        """:func:`~mentorsite.build.progress` for ``done_of``, which also gives up once serve
        is stopping: told after every batch of pages, the render ends there, and
        :func:`~mentorsite.output.folder.write_site` removes its half-written staging folder
        (ending the render workers, if any)."""
        told = progress(self.say, done_of)

        def going_on(done: int, total: int) -> None:
            self._go_on()
            told(done, total)

        return going_on

    def _build(self, started: float, changed: Collection[str] | None,
               shown: Callable[[], None]) -> Rebuilt:
        project, lint = self._read(changed, self._told(READ) if self.last is None else None)
        self._go_on()
        self.model, self.day = project.model, project.today
        if self.last is None:
            self.say(f"read {count(len(project.model.entries()), 'entry', 'entries')} in "
                     f"{time.perf_counter() - started:.1f} s")
        if project.diagnostics.errors:
            lint()
            self._withdraw()
            raise BuildFailed(project)
        self.good, self.good_files = project, self.reader.known
        wrote = self._write(project, Withdrawn(), shown)
        lint()  # it only warns, on the terminal: the pages are shown first (see _update)
        pages, files = wrote.built.pages, wrote.built.files
        result = BuildResult(
            self.out, len(pages), len(files) + wrote.built.copies + len(pages),
            time.perf_counter() - started,
            tuple(project.diagnostics.sorted()), tuple(history_notes(wrote.changes)),
        )
        return Rebuilt(result, wrote.rendered, wrote.written, full=wrote.full)

    def _withdraw(self) -> None:
        """While the content has errors: take out of the site served what the last good
        build published of entries marked private or deleted since (:mod:`.withdrawn`), by
        building the last good content without them, as an edit is built; and put back those
        no longer withdrawn. Nothing is done while the same entries stay withdrawn."""
        good, last = self.good, self.last
        if good is None or last is None:
            return
        changed = self.reader.changed_since(self.good_files)
        now = withdrawn(good.model, changed, self.reader) if changed else Withdrawn()
        if now.paths() != last.withdrawn.paths():
            self._write(good, now)

    def withdrawn(self) -> int:
        """How many entries of the last good build the site served leaves out, marked
        private or deleted while the content had errors."""
        return 0 if self.last is None else len(self.last.withdrawn.paths())

    def _write(self, project: Project, left_out: Withdrawn,
               shown: Callable[[], None] = lambda: None) -> _Wrote:
        """Render ``project``'s site, less the entries ``left_out``, into the output folder:
        whole, or only what changed since the last build (calling ``shown`` between its
        pages and its other files, see :meth:`_update`)."""
        settings = project.model.settings
        base = with_slash(settings.base_url)
        views = insights(published(project.model, left_out.paths()), project.today, self.views)
        self._go_on()
        changes = self.history.evolution(project.model.private_paths() | left_out.private,
                                         settings.timezone)
        self._go_on()
        folders = theme_folders(self.root, settings)
        builtin = builtin_templates_only(folders)
        self.kept_pages.builtin = builtin
        pages = site_pages(views, changes, self.kept_pages)
        if changes.commits:
            pages += history_pages(changes, views, self.commit_pages)
        render = renderer(folders, settings, project.today, base,
                          with_history=bool(changes.commits), root=self.root)
        setup = (settings, project.today, bool(changes.commits), _stamp(folders, self.root))
        by_path = {page.output_path: page for page in pages}
        self._go_on()
        files = self._files(views, changes, pages, base)
        self._go_on()
        copies = {f"static/{name}": path for name, path in static_files(folders).items()}
        last = self.last
        if last is None or last.setup != setup or not (self.out / MARKER).is_file():
            last = None  # everything changes, or the output folder is gone: build it whole
            check_output_folder(self.out, self.root)
            jobs = _render_jobs()
            forked = processes(len(pages), jobs) > 1
            self.say(rendering(len(pages), processes(len(pages), jobs)))
            told = self._told(RENDERED)
            with self._markdown_cache():
                parts = {name: made() for name, made in files.items()}
                write_site(self.out, parts, copies, lambda folder, write_files: render_pages(
                    folder, pages, render, jobs, told,
                    meanwhile=functools.partial(self._meanwhile, forked, write_files)),
                    produced=by_path)
            self.pieces.written()
            self.events.written()
            rendered, written = len(pages), len(pages) + len(files) + len(copies)
            self.unnarrowed = builtin
        else:
            rendered, written = self._update(last, by_path, files, render, builtin, shown)
            self.pieces.written()
            self.events.written()
        self.narrowing.done()
        self.last = _Built(setup, by_path, frozenset(files), len(copies), left_out)
        return _Wrote(self.last, rendered, written, last is None, changes)

    def _meanwhile(self, forked: bool, write_files: Callable[[], None]) -> None:
        """What this process does while a whole build's pages render: let go of the history's
        newest versions (see :meth:`_History.let_go`) once the workers that render from them
        are forked (each holds its own copy), rather than at the end, which held them through
        the peak of serve's first start; then write the other files."""
        if forked:
            self.history.let_go()
        write_files()

    def _files(self, views: Insights, changes: Evolution, pages: list[Page],
               base: str | None) -> dict[str, Callable[[], Iterator[str]]]:
        """Every file of the site that is not a page or a theme asset, each as what makes its
        text in parts, a part at a time, so that ``data.json`` and the calendar are never held
        whole; on a rebuild, each is compared with the file the site holds as it is made,
        and written only if it differs (:func:`~mentorsite.output.folder.update_site`).
        Listed, their parts were: both whole (10 MB on the 5,000-file benchmark corpus) for
        all of a whole build's render and of a rebuild's, at the peak of each. Their items are
        kept from one build to the next (the calendar's events, :attr:`events`) or read again
        from the file written (``data.json``'s, :attr:`pieces`), so that making them again
        mostly joins them again."""
        texts = feeds_and_markers(views, pages, base)
        files: dict[str, Callable[[], Iterator[str]]] = {
            name: functools.partial(iter, (text,)) for name, text in texts.items()
        }
        files["calendar.ics"] = functools.partial(calendar_parts, views, base, self.events,
                                                  changes)
        files["data.json"] = functools.partial(data_json_parts, views, changes, self.pieces)
        return files

    def _update(self, last: _Built, pages: dict[str, Page],
                files: dict[str, Callable[[], Iterator[str]]], render: Renderer,
                builtin: bool, shown: Callable[[], None]
                ) -> tuple[int, int]:
        """Render the pages that changed since ``last``; write them and remove what is gone,
        call ``shown``, then write the other files that changed. How many pages were
        rendered, files touched.

        The browser reloads a page, which needs none of the other files: ``data.json`` and
        the calendar, made again and compared with the files there, were a quarter of a
        rebuild after one check-in on the 5,000-file benchmark corpus, and the page waited
        for them."""
        compare = Comparison(self.narrowing if builtin else None)
        before = last.pages
        stale = [page for path, page in pages.items()
                 if not _same(compare, before.get(path), page)]
        writes: dict[str, Content] = {}
        failed: dict[str, str] = {}  # as a whole build tells them: every template, once
        for page in stale:
            self._go_on()
            if page.template in failed:
                continue
            try:
                writes[page.output_path] = render.render(page)
            except TemplateFailed as failure:
                failed[page.template] = str(failure)
        if failed:
            raise TemplateFailed.of(failed.values())
        gone = sorted((before.keys() | last.files) - (pages.keys() | files.keys()))
        written = update_site(self.out, writes, gone)
        shown()
        written += update_site(self.out, {name: made() for name, made in files.items()},
                               unless_same=files.keys())
        return len(stale), len(written) + len(gone)

    def settle(self) -> None:
        """Collect what the last build left behind and hand the memory it held back to the
        system (:func:`~mentorsite.serve.memory.give_back`), then exempt everything still
        alive from the cyclic garbage collector: the next rebuild then does not pay for
        scanning a large heap that mostly stays as it is. After a whole build, narrow its
        pages ahead once that memory is back, so that the first save compares them as fast
        as the next. Call it once the build has been shown."""
        self.history.let_go()
        gc.unfreeze()
        gc.collect()
        give_back()
        if self.unnarrowed and self.last is not None:
            narrow_ahead(self.narrowing, self.last.pages.values())
        self.unnarrowed = False
        gc.freeze()

    def _read(self, changed: Collection[str] | None, told: Told | None
              ) -> tuple[Project, Callable[[], None]]:
        """:func:`mentorsite.model.project.read_project`, from what is known of each file,
        and what lints it (:func:`~mentorsite.model.project.linted_later`)."""
        diagnostics = Diagnostics()
        raw_settings = load_settings(self.root, diagnostics)
        documents = self.reader.documents(diagnostics, changed, told)
        return linted_later(
            self.root, raw_settings, documents, diagnostics, self.today, self.fields
        )


def _alone() -> bool:
    """Whether this process runs no other thread (serve's first build, before its server and
    its watcher start): only then may it fork, as a child forked while another thread holds
    a lock would wait for it forever."""
    return threading.active_count() == 1


def _render_jobs() -> int:
    """The processes a whole build renders on: every core when it may fork, else this one."""
    return default_jobs() if _alone() else 1


def _same(compare: Comparison, before: Page | None, page: Page) -> bool:
    return page is before or (before is not None and compare.same_page(page, before))


def _stamp(folders: list[Path], root: Path) -> tuple[tuple[str, int, int], ...]:
    """Every theme file by path, size and modification time."""
    found = []
    for path in sorted(chain_files(folders, root)):
        try:
            info = path.stat()
        except OSError:
            continue
        found.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(found)
