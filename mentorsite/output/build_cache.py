"""Skip a build whose inputs have not changed since the last one into the same folder.

The fingerprint covers everything a build reads: the settings and every content and theme
file (by path, size, times and inode), the options, the day it is judged as of, the
mentorsite version, the Python and the folders its packages are installed in (see
:func:`installed`) and, with history, the commit checked out, git's index, a shallow
clone's boundary and the content's changes as ``git status`` sees them. When it
matches the last build's and that build's output is still as it left it, the build is done;
its diagnostics are replayed from the cache. The cache is JSON under ``.mentorsite-cache/``
and safe to delete.
"""

from __future__ import annotations

import hashlib
import os
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mentorsite import __version__
from mentorsite.cachefile import CACHE_FOLDER, read_json, write_json
from mentorsite.clock import today_in_zone
from mentorsite.diagnostics import Diagnostic, Diagnostics, Severity
from mentorsite.history.repository import head_state
from mentorsite.output.folder import output_state, resolved
from mentorsite.read.files import content_files
from mentorsite.read.load import SETTINGS_FILE, load_settings
from mentorsite.render.theme import theme_files


@dataclass(frozen=True)
class CachedBuild:
    """What the last build into an output folder reported."""

    fingerprint: str
    diagnostics: tuple[Diagnostic, ...]
    notes: tuple[str, ...]
    pages: int
    files: int
    output: str
    """The output folder as the build left it (:func:`~mentorsite.output.folder.output_state`)."""


@dataclass(frozen=True)
class LastBuild:
    """This build's fingerprint, where the last build into the same folder left its own, and
    that build when it had the same inputs and its output is still in place."""

    fingerprint: str
    path: Path
    same: CachedBuild | None


def last_build(root: Path, out: Path, today: date | None, base_url: str | None, strict: bool,
               history: bool) -> LastBuild:
    """Look at the inputs of a build of ``root`` into ``out`` with these options.

    This module loads no template engine, Markdown parser or model, so that ``build`` can
    answer "nothing changed" before loading them; it reads the settings only for their time
    zone, which decides the day (and a bad one is reported by the build that follows).
    """
    quiet = Diagnostics()
    settings = load_settings(root, quiet)
    top = os.fspath(root)  # plain strings: 5,000 Path objects cost more than the stat calls
    sources = [os.path.join(top, SETTINGS_FILE)]
    sources += [os.path.join(top, relpath) for relpath in content_files(root, quiet)]
    sources += [os.fspath(path) for path in theme_files(root)]
    sources += installed()
    head = head_state(root) if history else None
    # What the walk refused to read (links out, loops) is an input too: adding one must rebuild.
    refused = tuple(sorted((d.path, d.code) for d in quiet.items))
    options = (base_url, strict, history, str(resolved(out)), refused)
    day = today or today_in_zone(settings.meta.get("timezone", "UTC"))
    stamp = fingerprint(sources, options, day, head)
    path = cache_file(root / CACHE_FOLDER, out)
    cached = load(path)
    same = (cached is not None and cached.fingerprint == stamp
            and cached.output == output_state(out) != "")
    return LastBuild(stamp, path, cached if same else None)


def fingerprint(
    sources: Iterable[str], options: Sequence[object], today: date, head: str | None
) -> str:
    """A digest of the files' paths, sizes, modification and change times and inodes, and of
    everything else: an edit that keeps a file's size and sets its modification time back
    (``cp -p``, ``touch -r``, ``rsync -t``) still changes its change time, which no one sets."""
    digest = hashlib.sha256()
    digest.update(repr((__version__, sys.version, unicodedata.unidata_version, tuple(options),
                        today.isoformat(), head)).encode())
    for path in sorted(sources):
        try:
            info = os.stat(path)
        except OSError:
            digest.update(os.fsencode(f"{path}:missing\n"))  # a name need not be UTF-8
            continue
        digest.update(os.fsencode(
            f"{path}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}\n"))
    return digest.hexdigest()


def installed() -> list[str]:
    """The folders Python's packages are installed in, whose times change when a package is
    installed, upgraded or removed there. The pages are rendered by markdown-it-py, Jinja2 and
    the Python that runs them as much as by mentorsite: after ``pip install -U
    markdown-it-py``, or with another Python (whose Unicode decides the letters a heading's
    anchor keeps), "nothing changed" kept the site the old ones made, where a build into
    another folder rendered it anew."""
    return [path for path in sys.path
            if os.path.basename(path) in ("site-packages", "dist-packages")]


def cache_file(cache_folder: Path, out: Path) -> Path:
    """One cache file per output folder, so building to two places keeps two caches."""
    key = hashlib.sha256(os.fsencode(out.resolve())).hexdigest()[:16]
    return cache_folder / f"build-{key}.json"


def load(path: Path) -> CachedBuild | None:
    data = read_json(path)
    try:
        return CachedBuild(
            fingerprint=data["fingerprint"],
            diagnostics=tuple(
                Diagnostic(d["path"], d["line"], d["column"], Severity(d["severity"]), d["code"],
                           d["message"])
                for d in data["diagnostics"]
            ),
            notes=tuple(data["notes"]),
            pages=int(data["pages"]),
            files=int(data["files"]),
            output=str(data["output"]),
        )
    except (ValueError, KeyError, TypeError):
        return None


def save(path: Path, build: CachedBuild) -> None:
    write_json(path, {
        "fingerprint": build.fingerprint,
        "diagnostics": [
            {"path": d.path, "line": d.line, "column": d.column, "severity": d.severity.value,
             "code": d.code, "message": d.message}
            for d in build.diagnostics
        ],
        "notes": list(build.notes),
        "pages": build.pages,
        "files": build.files,
        "output": build.output,
    })
