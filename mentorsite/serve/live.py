"""The live site behind ``mentorsite serve``: what is being served, and rebuilding it when the
settings, content or themes change.

The server (:mod:`mentorsite.serve.server`), the file watcher's :class:`Rebuilder` and the rebuilds
share one :class:`LiveSite`. Rebuilds run :class:`~mentorsite.serve.incremental.LiveBuild`, which
keeps the last build in memory and redoes only what an edit changed.
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

from watchdog.events import FileSystemEvent, FileSystemEventHandler

from mentorsite.diagnostic_formats import as_text, tally
from mentorsite.errors import BuildFailed, MentorsiteError
from mentorsite.history.mailmap import FILE as MAILMAP
from mentorsite.read.files import is_ignored, located
from mentorsite.read.load import SETTINGS_FILE
from mentorsite.serve.incremental import Cancelled, LiveBuild
from mentorsite.text import count

DEBOUNCE = 0.05
"""Seconds of quiet after the last change before rebuilding: editors write twice or rename,
all within a few milliseconds; a file caught half-written is read again at the next event."""
IDLE = 5.0
"""Seconds without changes after a rebuild before serve tidies its memory: a full garbage
collection takes a while on a large site, and would hold up the pages being reloaded or the
next rebuild. Until then what a rebuild leaves is only frozen (see ``_loop``)."""
SETTLE_EVERY = 20
"""Rebuilds after which memory is tidied at the first half second of quiet, however short."""


class Built(NamedTuple):
    """What a served page shows of the builds: see :meth:`LiveSite.now`."""

    version: int
    problems: str | None
    built: bool


@dataclass
class LiveSite:
    """What the server, the watcher and the rebuilder share, behind one condition."""

    root: Path
    out: Path
    today: date | None
    say: Callable[[str], None]
    version: int = field(default_factory=lambda: time.time_ns() // 1_000_000)
    """Counts builds from the time serve started, in milliseconds: a page still open from an
    earlier serve has a smaller one, and reloads when it reconnects to this one."""
    problems: str | None = None
    """The text of the last failed build's problems, or None after a good build."""
    built: bool = False
    """Whether a build ever succeeded: until then there is no last good build to show."""
    changed: threading.Condition = field(default_factory=threading.Condition)
    stopping: threading.Event = field(default_factory=threading.Event)
    """Set by :meth:`stop`: the rebuild under way gives up, and no other starts."""
    saying: threading.Lock = field(default_factory=threading.Lock)
    """Held while a build's news is told, and by :meth:`stop`: once serve says it is
    stopping, nothing of a build follows it on the terminal."""
    builder: LiveBuild = field(init=False)
    """Keeps the last build in memory, so that a rebuild redoes only what changed. Only the
    first build, before the server and the watcher start, forks render workers: forking a
    process that runs their threads could inherit a lock some thread holds and hang."""

    def __post_init__(self) -> None:
        self.builder = LiveBuild(self.root, self.out, self.today, self._tell, self.stopping)

    def stop(self) -> None:
        """End the rebuild under way within a moment (see :class:`LiveBuild`'s ``stopping``),
        and tell nothing more of builds. Call it before saying serve is stopping."""
        with self.saying:
            self.stopping.set()

    def _tell(self, text: str) -> None:
        """Say ``text`` unless serve is stopping."""
        with self.saying:
            if not self.stopping.is_set():
                self.say(text)

    def rebuild(self, changed: Collection[str] | None = None) -> None:
        """Build once; a failure keeps the previous output and records why. ``changed``: the
        paths that may have changed since the last build, if known. A build that serve's stop
        cut short says nothing. The browser is told to reload as soon as the pages are in
        place (see :meth:`LiveBuild.build`'s ``shown``), once for the build."""
        started = time.perf_counter()
        reloaded = False

        def shown() -> None:
            nonlocal reloaded
            if not reloaded:
                reloaded, self.built = True, True
                self._publish(None)

        was_built = self.built
        try:
            rebuilt = self.builder.build(changed, shown)
        except Cancelled:
            return
        except BuildFailed as failed:
            found = failed.project.diagnostics.sorted()
            problems = as_text(found)
            self._publish(problems)
            self._tell(problems.rstrip() + f"\nbuild failed, {tally(found)}: {self._meanwhile()}")
            return
        except MentorsiteError as exc:
            self._publish(str(exc))
            self._tell(f"build failed: {exc}")
            return
        first = not was_built
        shown()
        warnings = as_text(rebuilt.result.diagnostics)
        if warnings:
            self._tell(warnings.rstrip())
        if first:  # as build says them; after each edit, "uncommitted changes" would repeat
            for note in rebuilt.result.notes:
                self._tell(f"warning: history: {note}")
        seconds = time.perf_counter() - started
        self._tell(f"built {rebuilt.result.pages} pages in {seconds:.2f} s"
                   + ("" if rebuilt.full else f" ({rebuilt.rendered} rendered again)"))

    def _meanwhile(self) -> str:
        """What is served while the content has errors."""
        if self.built:
            left_out = self.builder.withdrawn()
            return "still serving the last good build" + (
                f", without the {count(left_out, 'entry', 'entries')} made private or "
                "deleted since" if left_out else "")
        return "the site appears once they are fixed"

    def _publish(self, problems: str | None) -> None:
        with self.changed:
            self.problems = problems
            self.version += 1
            self.changed.notify_all()

    def now(self) -> Built:
        """The build version, the last build's problems and whether a build ever succeeded,
        as one moment has them."""
        with self.changed:
            return Built(self.version, self.problems, self.built)

    def wait(self, seen: int, timeout: float) -> int:
        """The build version once it differs from ``seen``, or ``seen`` after ``timeout``."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.version


class Rebuilder(FileSystemEventHandler):
    """Collects file events and rebuilds once things have been quiet for ``DEBOUNCE``.

    The rebuild is told which paths the events named, so that it need not look at every file;
    once things are quiet, it checks that no change went unreported (see
    :meth:`~mentorsite.serve.incremental.LiveBuild.missed`).
    """

    def __init__(self, site: LiveSite, git_folders: tuple[Path, ...] = (),
                 mailmap: Path | None = None) -> None:
        self.site = site
        self.git_folders = git_folders
        """Where a commit, checkout or ``git add`` is seen: the history shown depends on them
        (a commit's page and sign-offs, a rename staged that makes a file private by both
        names), and none of them changes a file the content events name."""
        self.mailmap = mailmap
        """The repository's ``.mailmap``: at its top, above the root when the source is a
        sub-folder (build reads that one, and serve took only one beside the settings).
        None: the one beside the settings."""
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
        # content, settings and themes by their place, wherever the links on their way go
        linked = self.links_to(paths) + self.setup_links_to(paths)
        paths += linked
        if not linked and not any(self.relevant(p) for p in paths):
            if any(self.moves_history(p) for p in paths):  # a rebuild asks git where HEAD is
                self.last_event = time.monotonic()
                self.pending.set()
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
        """Settings, content and themes matter; editor droppings and our own output do not.
        A link is judged by where it is, not where it leads: one that leads back to itself
        killed the watcher with a traceback, and one out of the repository was not reported
        until the next full check."""
        try:
            rel = located(Path(path)).relative_to(self.site.root.resolve())
        except ValueError:
            return False
        parts = rel.parts
        if not parts or any(is_ignored(part) for part in parts):
            return False
        return parts == (SETTINGS_FILE,) or parts[0] in ("content", "themes")

    def links_to(self, paths: list[str]) -> list[str]:
        """The content files that are links to ``paths`` (or reached through a link to a
        folder on their way), as paths: the file an editor saves is where the link leads. A
        file new in a folder that a linked folder of content leads to is content too, by
        the name it has there (``content/evidence`` → ``shared/evidence``: a file saved in
        either is an entry)."""
        linked = self.site.builder.reader.linked
        if not linked:
            return []
        root = self.site.root
        folders: dict[str, set[str]] = {}
        for real, rels in linked.items():
            for rel in rels:
                folder = rel.rpartition("/")[0]
                if os.path.realpath(root / folder) == os.path.dirname(real):  # a linked folder
                    folders.setdefault(os.path.dirname(real), set()).add(folder)
        found = []
        for path in paths:
            real = str(located(Path(path)))
            rels = linked.get(real) or [f"{folder}/{os.path.basename(real)}"
                                        for folder in folders.get(os.path.dirname(real), ())]
            found += [str(root / rel) for rel in rels]
        return found

    def setup_links_to(self, paths: list[str]) -> list[str]:
        """The settings and theme folders that are links to ``paths``, or to folders holding
        them, as the paths by those links: ``mentorsite.yml`` → ``config/mentorsite.yml``, or
        ``themes/mine`` → ``design/mine``, was not rebuilt when the file it leads to was
        saved, as the event named only where the file really is. Looked up at each event:
        a link made or changed while serving counts at once."""
        root = self.site.root
        places = [root / SETTINGS_FILE, *_linked_folders(root / "themes", root)]
        found: list[str] = []
        for place in places:
            if not place.is_symlink():
                continue
            real = Path(os.path.realpath(place))
            for path in paths:
                with contextlib.suppress(ValueError):
                    found.append(str(place / located(Path(path)).relative_to(real)))
        return found

    def moves_history(self, path: str) -> bool:
        """Whether ``path`` is git's HEAD, index or a ref: what a commit, an amend, a reset,
        a checkout or ``git add`` writes last (renaming its ``.lock`` over it); or the
        repository's ``.mailmap``, whose names every commit's author and sign-offs are shown
        by, committed or not."""
        if Path(path) == (self.mailmap or self.site.root / MAILMAP):
            return True
        for folder in self.git_folders:
            try:
                parts = Path(path).relative_to(folder).parts
            except ValueError:
                continue
            if parts in (("HEAD",), ("index",), ("packed-refs",)) or parts[:1] == ("refs",):
                return True
        return False

    def _loop(self) -> None:
        unsettled = 0  # rebuilds since memory was last tidied
        # Whether the last rebuild trusted the events' paths; the first build had none to
        # trust: a file saved while it ran, before the watcher started, was missed for good.
        unchecked = True
        while not self.stopping.is_set():
            if not self.pending.wait(timeout=0.5):
                if unchecked:
                    unchecked = False
                    if self.site.builder.missed():
                        self.site.rebuild()
                if self.site.builder.new_day():
                    self.site.rebuild(set())  # nothing read again; every page as of today
                idle = time.monotonic() - self.last_event > IDLE
                if unsettled and (idle or unsettled >= SETTLE_EVERY):
                    self.site.builder.settle()
                    unsettled = 0
                continue
            while (quiet := time.monotonic() - self.last_event) < DEBOUNCE:
                time.sleep(DEBOUNCE - quiet)  # until the burst has been quiet for DEBOUNCE
            if self.stopping.is_set():
                return  # serve is stopping: no rebuild for it to wait for
            self.pending.clear()
            changed = self.take()
            self.site.rebuild(changed)
            unchecked = changed is not None
            # Exempt what the rebuild left from the cyclic collector until it is quiet (one
            # step): the next rebuild then does not scan a large heap that mostly stays.
            gc.freeze()
            unsettled += 1


def _linked_folders(themes: Path, root: Path) -> list[Path]:
    """Every folder under ``themes`` that is a link, at any depth, by the path through the
    links: ``themes/mine``, and ``themes/mine/templates`` → ``design/templates``, whose
    saved templates were not rebuilt, the event naming only ``design/templates/…``. A folder
    reached twice is walked once (a link that leads back up), and one out of the repository
    ``root`` not at all, as the build reads nothing there: this runs at every event, and a
    link to ``/`` walked the whole disk."""
    top = os.path.realpath(root)
    found: list[Path] = []
    walked: set[str] = set()
    for place, folders, _ in os.walk(themes, followlinks=True):
        real = os.path.realpath(place)
        if real in walked or os.path.commonpath((real, top)) != top:
            folders.clear()
            continue
        walked.add(real)
        found += [Path(place, name) for name in folders
                  if os.path.islink(os.path.join(place, name))]
    return found
