"""The facts of templates (:mod:`~mentorsite.read.template_facts`) kept between runs, by the
hash of each template's bytes, in :data:`FACTS_FILE`, and in the process by its size and times:
an unchanged theme loads no Jinja, and ``serve`` parses again only a template that changed.
What is read back is exactly what was written, or the template is parsed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from mentorsite import __version__
from mentorsite.cachefile import committed, read_json, write_json
from mentorsite.read import template_facts
from mentorsite.read.settled import settled
from mentorsite.read.template_facts import Facts, parse_facts

FACTS_FILE = "templates.json"
"""The cache, in :data:`~mentorsite.cachefile.CACHE_FOLDER`, of what ``check`` found in each
template it parsed (:class:`Facts`), by the hash of its bytes: ``check``, run by editors on
every save and by pre-commit hooks, parsed each of a theme's templates twice on every run,
and the built-in ones its modules are called from, most of its time on a small repository."""


def as_json(facts: Facts) -> dict[str, Any]:
    """The facts as JSON values, for :data:`FACTS_FILE`."""
    return {"problems": facts.problems, "loads": facts.loads, "refused": facts.refused,
            "always": facts.always, "calls": facts.calls,
            "exports": None if facts.exports is None else sorted(facts.exports)}


def from_json(value: Any) -> Facts:
    """The facts :func:`as_json` gave; ``ValueError`` when ``value`` is not exactly what
    it gives (then the template is parsed again). The file is this machine's, but one
    edited by hand or by another program is not trusted: ``1e400`` for a line was a
    traceback (``OverflowError``), and ``"ab"`` for a list of names was taken for two
    names, ``'a' or 'b'``, in a report of a template no longer parsed."""
    if not isinstance(value, dict) or "exports" not in value:
        raise ValueError("not what as_json gives")
    exports = value["exports"]
    loads = _rows(value.get("loads"), (int, list))
    if ((exports is not None and not _items(exports, str))
            or not all(names and _items(names, str) for _, names in loads)):
        raise ValueError("names")
    return Facts(
        problems=_rows(value.get("problems"), (int, int, str)),
        loads=tuple((line, tuple(names)) for line, names in loads),
        refused=_rows(value.get("refused"), (int, int, str)),
        always=_rows(value.get("always"), (int, str, bool, bool)),
        calls=_rows(value.get("calls"), (int, str, str)),
        exports=None if exports is None else frozenset(exports))


def _rows(value: Any, kinds: tuple[type, ...]) -> tuple[Any, ...]:
    """The rows kept as JSON in ``value``, each a tuple of values of ``kinds`` (a line or a
    column is a whole number from 1, never ``true``); ``ValueError`` when they are not."""
    if not isinstance(value, list) or not all(
            isinstance(row, list) and len(row) == len(kinds)
            and all(_is(item, kind) for item, kind in zip(row, kinds, strict=True))
            for row in value):
        raise ValueError("rows")
    return tuple(tuple(row) for row in value)


def _items(value: Any, kind: type) -> bool:
    """Whether ``value`` is a JSON list of values of ``kind``."""
    return isinstance(value, list) and all(_is(item, kind) for item in value)


def _is(item: Any, kind: type) -> bool:
    """Whether the JSON value ``item`` is of ``kind``, a whole number being a line or a
    column: from 1, and below ``2**31`` (``10**30`` was told as a line)."""
    if kind is int:
        return type(item) is int and 1 <= item < 2**31
    return type(item) is kind


_SEEN: dict[tuple[str, tuple[int, int, int, int]], tuple[str, Facts]] = {}
"""The facts of each settled template this process has looked at, by its path and its
:func:`stamp`, with the hash of its bytes: ``serve`` checks the settings on every rebuild,
and reads again only a template that has changed since (or was changed a moment before)."""


class FactsCache:
    """The facts of templates, found by parsing those that neither this process nor
    :data:`FACTS_FILE` knows; Jinja is loaded only for those. The file is not trusted when
    git tracks it (:func:`~mentorsite.cachefile.committed`): one arriving in a pull request
    could say a broken template is sound."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stored: dict[str, Any] = {}
        self.used: dict[str, Facts] = {}
        self.parsed = False
        value = read_json(path)
        if (isinstance(value, dict) and value.get("version") == _facts_version()
                and isinstance(value.get("templates"), dict) and not committed(path.parent)):
            self.stored = value["templates"]

    def of(self, path: Path, stamp: tuple[int, int, int, int]) -> Facts:
        """The facts of the template at ``path``, whose :func:`stamp` is ``stamp``."""
        if (seen := _SEEN.get((str(path), stamp))) is not None:
            self.used[seen[0]] = seen[1]
            return seen[1]
        try:
            data = path.read_bytes()
        except OSError as exc:
            return Facts(((1, 1, f"cannot read the template: {exc.strerror or exc}"),))
        digest = hashlib.sha256(data).hexdigest()
        facts = self.used.get(digest) or self._stored(digest)
        if facts is None:
            facts = parse_facts(data, str(path))
            self.parsed = True
        if settled(stamp[1], stamp[2], time.time_ns()):  # else a save may follow unseen
            if len(_SEEN) > 512:  # a long ``serve`` whose templates changed many times
                _SEEN.clear()
            _SEEN[str(path), stamp] = digest, facts
        self.used[digest] = facts
        return facts

    def _stored(self, digest: str) -> Facts | None:
        if (value := self.stored.get(digest)) is None:
            return None
        try:
            return from_json(value)
        except ValueError:
            return None

    def save(self) -> None:
        """Keep the facts of the templates this run looked at, when one had to be parsed or
        one kept is no longer used; one that cannot be written is skipped."""
        if not self.parsed and set(self.used) == set(self.stored):
            return
        with contextlib.suppress(OSError):
            write_json(self.path, {"version": _facts_version(), "templates": {
                digest: as_json(facts) for digest, facts in sorted(self.used.items())}})


@lru_cache(maxsize=1)
def _facts_version() -> str:
    """What the kept facts depend on beside a template's bytes: mentorsite's checks (its
    version, and this file and the parse's as they are, which a source checkout changes
    without a new version), and the Jinja that parses and compiles (asked of the installed
    package, so Jinja itself is not loaded)."""
    try:
        jinja = metadata.version("jinja2")
    except metadata.PackageNotFoundError:
        jinja = "?"
    try:
        checks = "-".join(f"{own.st_size}-{own.st_mtime_ns}"
                          for own in map(os.stat, (__file__, template_facts.__file__)))
    except OSError:
        checks = "?"
    return f"mentorsite {__version__} ({checks}), jinja2 {jinja}"


def facts_of(facts: FactsCache, path: Path) -> Facts:
    """The facts of the template at ``path``; none when it cannot be read (told as its own
    problem, or, for a built-in one, by the build)."""
    try:
        info = path.stat()
    except OSError:
        return Facts(())
    return facts.of(path, stamp(info))


def stamp(info: os.stat_result) -> tuple[int, int, int, int]:
    """A template's size, times and inode: the same while it is, once settled (a save through
    a new file and a rename keeps the size and may keep the times)."""
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino
