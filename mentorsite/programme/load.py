"""Read every pair of a programme: in parallel across cores, re-using what an earlier build read.

A pair is read again only when what a read looks at has changed. Its **fingerprint** is a hash of
the path, size, modification time (in nanoseconds) and mode of ``mentorsite.yml`` and of every
file and folder under ``content/`` and ``themes/`` (following links only to folders inside the
repository; a ``theme`` setting is an error until its folder is there, and so is a broken
template in it) — exactly what :func:`mentorsite.model.project.read_project` looks at, so any
edit, added or deleted file, checkout, pull or rebase that changes them changes the
fingerprint — or, for a ``data.json``, of that one file. This needs no subprocess per pair
(HEAD plus ``git status --porcelain`` would need two, and would miss a second edit to a file
that is already modified).

The cache is one JSON file on the output side (:mod:`mentorsite.cachefile`: never pickle,
written whole and then renamed into place). Anything unreadable in it is ignored.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from pathlib import Path

from pydantic import TypeAdapter

from mentorsite import __version__
from mentorsite.cachefile import read_json, write_json
from mentorsite.programme.config import Source
from mentorsite.programme.pair import PairRead, pair_day, read_pair
from mentorsite.workers import Workers, end_with_parent

CACHE_VERSION = 6
"""2: a read that holds for its day only says so, with the day. 3: a pair's language. 4: a
goal achieved ahead of its due date makes a read hold for its day only. 5: so does one
achieved with no due date before the day it starts. 6: a pair's time zone and the day it was
judged on, each pair being judged on its own day."""
_READ = TypeAdapter(PairRead)


@dataclass(frozen=True)
class LoadedPair:
    """A source and what reading it gave."""

    source: Source
    read: PairRead
    reused: bool
    """True when the result came from the cache, unchanged since the last build."""
    day: date
    """The day the pair is judged on in this build (:func:`~mentorsite.programme.pair.pair_day`)."""


@dataclass(frozen=True)
class Loaded:
    """Every source's result, in the order the sources were given."""

    pairs: tuple[LoadedPair, ...]

    @property
    def reused(self) -> int:
        return sum(1 for pair in self.pairs if pair.reused)

    @property
    def read(self) -> int:
        return len(self.pairs) - self.reused


def fingerprint(source: Source) -> str:
    """A hash of what reading ``source`` would look at (see the module docstring)."""
    root = str(source.path)
    if source.kind == "repo":
        settings, content = os.path.join(root, "mentorsite.yml"), os.path.join(root, "content")
        real = os.path.realpath(root)
        # themes/ too: a theme the settings name is an error until its folder is there, and so
        # is a template of it that Jinja cannot parse; neither changes anything in content/
        stamps = [_stamp(settings), *_walk(content, real),
                  *_walk(os.path.join(root, "themes"), real)]
    else:
        stamps = [_stamp(root)]
    text = f"{source.kind}\n" + "\n".join(stamps)
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def _stamp(path: str, entry: os.DirEntry[str] | None = None, follow: bool = True) -> str:
    try:
        if entry is not None:
            info = entry.stat(follow_symlinks=follow)
        else:
            info = os.stat(path, follow_symlinks=follow)
    except OSError:
        return f"{path}\0missing"
    return f"{path}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_mode}"


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _walk(top: str, root: str) -> list[str]:
    """Stamps of ``top`` and of everything below it, in a stable order, following links to
    folders once each, and only to folders inside ``root`` (as
    :func:`mentorsite.read.files.content_files` does: it reads nothing a link out of the
    repository leads to, so that is not looked at either; a link to ``/`` walked the disk)."""
    if not _inside(os.path.realpath(top), root):
        return [_stamp(top, follow=False)]
    stamps = [_stamp(top)]
    seen: set[str] = set()
    stack = [top]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in seen:
            continue
        seen.add(real)
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            linked = entry.is_symlink()
            if linked and not _inside(os.path.realpath(entry.path), root):
                stamps.append(_stamp(entry.path, entry, follow=False))
                continue
            stamps.append(_stamp(entry.path, entry))
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                stack.append(entry.path)
    return stamps


def load_pairs(
    sources: Sequence[Source], today: date | None, programme_day: date, cache: Path | None,
    jobs: int,
) -> Loaded:
    """Read ``sources`` (unchanged ones from ``cache``), with up to ``jobs`` processes, each as
    of ``today`` when given, else of its own day (:func:`~mentorsite.programme.pair.pair_day`).
    A cached read that holds for its day only is taken again on that same day of its pair's."""
    stamps = [fingerprint(source) for source in sources]
    known = _load_cache(cache)
    results: dict[int, LoadedPair] = {}
    todo: list[int] = []
    for index, (source, stamp) in enumerate(zip(sources, stamps, strict=True)):
        entry = known.get(str(source.path))
        day = pair_day(entry[1], today, programme_day) if entry is not None else None
        if entry is not None and day is not None and entry[0] == stamp \
                and entry[2] in (None, day):
            results[index] = LoadedPair(source, entry[1], reused=True, day=day)
        else:
            todo.append(index)
    fresh = _read_all([sources[i] for i in todo], today, programme_day, jobs)
    for index, read in zip(todo, fresh, strict=True):
        results[index] = LoadedPair(sources[index], read, reused=False,
                                    day=read.day or pair_day(read, today, programme_day))
    loaded = Loaded(tuple(results[i] for i in range(len(sources))))
    unchanged = not loaded.read and known.keys() == {str(s.path) for s in sources}
    if cache is not None and not unchanged:
        _save_cache(cache, zip(loaded.pairs, stamps, strict=True))
    return loaded


def _read_all(sources: Sequence[Source], today: date | None, programme_day: date, jobs: int
              ) -> list[PairRead]:
    paths = [str(source.path) for source in sources]
    kinds = [source.kind for source in sources]
    if jobs <= 1 or len(sources) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [read_pair(path, kind, today, programme_day)
                for path, kind in zip(paths, kinds, strict=True)]
    workers = min(jobs, len(sources))
    chunk = max(1, len(sources) // (workers * 8))
    # Forked, so that this process is the readers' parent and they end with it. A stop or an
    # error ends them at once: a pool of concurrent.futures waited for the reads under way.
    with Workers(workers, end_with_parent, os.getpid()) as readers:
        reads = readers.starmap(
            read_pair, zip(paths, kinds, repeat(today), repeat(programme_day)), chunk)
        readers.join()
    return reads


def _load_cache(path: Path | None) -> dict[str, tuple[str, PairRead, date | None]]:
    """Cached results by source path, as ``(fingerprint, read, the day it holds for)`` (None:
    any day); empty when untrustworthy."""
    data = read_json(path) if path is not None else None
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION \
            or data.get("mentorsite") != __version__:
        return {}
    try:
        return {
            key: (str(entry["fingerprint"]), _READ.validate_python(entry["read"]),
                  date.fromisoformat(entry["day"]) if entry.get("day") else None)
            for key, entry in data["pairs"].items()
        }
    except (KeyError, TypeError, AttributeError, ValueError):  # ValidationError is one
        return {}


def _save_cache(path: Path, entries: Iterable[tuple[LoadedPair, str]]) -> None:
    """Every source's result with its fingerprint (and its pair's day, for a read that holds
    for that day only); only what each pair shares is in it."""
    write_json(path, {
        "version": CACHE_VERSION,
        "mentorsite": __version__,
        "pairs": {
            str(pair.source.path): {
                "kind": pair.source.kind,
                "fingerprint": stamp,
                "read": _READ.dump_python(pair.read, mode="json"),
                "day": pair.day.isoformat() if pair.read.day_bound else None,
            }
            for pair, stamp in entries
        },
    })
