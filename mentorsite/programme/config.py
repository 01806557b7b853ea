"""``programme.yml``: the coordinator's settings, and which pairs they name (globs resolved).

Read with the same safe YAML reader and the same pydantic-to-diagnostic translation as
``mentorsite.yml``, so a typo gets a did-you-mean, a wrong type says what was expected, and every
problem is reported at its line and column in one run.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from mentorsite.diagnostic_formats import bytes_shown
from mentorsite.diagnostics import Diagnostics
from mentorsite.errors import MentorsiteError
from mentorsite.model.field_types import Text
from mentorsite.model.pydantic_errors import report_validation_error
from mentorsite.read.files import MAX_FILE_BYTES, decode, leads_to
from mentorsite.read.load import report_conflicts
from mentorsite.read.yamlsafe import Positions, not_a_mapping, read_yaml

CONFIG_FILE = "programme.yml"
"""Looked for in the current folder when ``--config`` is not given."""

Pattern = Text
"""A folder, a ``data.json`` file or a glob: a blank one would name the programme's own folder."""


def _some_sources(patterns: tuple[str, ...]) -> tuple[str, ...]:
    if not patterns:
        raise PydanticCustomError(
            "invalid-value", "a cohort needs at least one source: list its pairs' folders or "
            "data.json files", {})
    return patterns


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cohort(_Strict):
    """A named group of pairs, such as the intake of one season."""

    name: Text
    sources: Annotated[tuple[Pattern, ...], AfterValidator(_some_sources)]
    """Folders or ``data.json`` files, globs allowed, relative to ``programme.yml``."""


class ProgrammeSettings(_Strict):
    """``programme.yml``: every key optional."""

    title: Text = "Mentoring programme"
    description: Text | None = None
    """A sentence shown under the title."""
    sources: tuple[Pattern, ...] = ()
    """Pair repositories (folders) or published ``data.json`` files; globs allowed."""
    cohorts: tuple[Cohort, ...] = ()
    """Groups of pairs; the site shows one table per cohort, in this order."""


@dataclass(frozen=True)
class ProgrammeConfig:
    """The settings, where they came from (for resolving relative paths), and their positions."""

    settings: ProgrammeSettings
    folder: Path
    """Relative ``sources`` are relative to this folder (that of ``programme.yml``)."""
    display: str
    """The settings file's path as diagnostics show it."""
    positions: Positions
    patterns: tuple[tuple[tuple[str | int, ...], str], ...] = ()
    """Every source pattern written in the file, with where it is (``("sources", 0)``,
    ``("cohorts", 1, "sources", 0)``) — taken from what was read, so that even settings with
    errors elsewhere have their patterns checked in the same run."""


@dataclass(frozen=True)
class Source:
    """One pair to read: a repository folder or a published ``data.json`` file."""

    path: Path
    """Absolute and resolved, so the same pair named twice is read once."""
    kind: Literal["repo", "data-json"]
    cohort: str | None = None
    given: Path | None = None
    """The path as it was named (absolute, links not followed): the pair's id and the messages
    use it, so a link keeps the name the coordinator gave it. ``None``: ``path``."""

    @property
    def named(self) -> Path:
        return self.given or self.path


@dataclass(frozen=True)
class Selection:
    """The pairs a build reads, and the named paths that turned out not to be pairs."""

    sources: tuple[Source, ...]
    skipped: tuple[tuple[Path, str], ...]
    """Each path with the reason it is not a pair."""


class NoSuchSource(MentorsiteError):
    """A ``SOURCE`` argument matches nothing on disk (a usage error, exit 2)."""


def find_config(given: Path | None, cwd: Path) -> Path | None:
    """``--config`` when given, else ``programme.yml`` in ``cwd`` if there is one."""
    if given is not None:
        return given
    candidate = cwd / CONFIG_FILE
    return candidate if os.path.lexists(candidate) else None


def read_config(path: Path | None, cwd: Path, diagnostics: Diagnostics) -> ProgrammeConfig:
    """Read ``path`` (``None``: all defaults); problems go to ``diagnostics``, never raised."""
    if path is None:
        return ProgrammeConfig(ProgrammeSettings(), cwd, CONFIG_FILE, Positions())
    shown = leads_to(path)  # a link to itself is read, and reported, below
    folder = shown.parent
    here = cwd.resolve()
    display = shown.relative_to(here).as_posix() if shown.is_relative_to(here) else path.as_posix()
    defaults = ProgrammeConfig(ProgrammeSettings(), folder, display, Positions())
    try:
        data = _read_settings(path)
    except OSError as exc:
        diagnostics.error(display, 1, 1, "unreadable-file", f"cannot read file: {exc.strerror}")
        return defaults
    except _NotRead as exc:
        diagnostics.error(display, 1, 1, exc.code, str(exc))
        return defaults
    text = decode(display, data, diagnostics)
    if text is None or report_conflicts(display, text, diagnostics):
        return defaults
    read = read_yaml(text)
    for problem in read.problems:
        diagnostics.error(display, problem.line, problem.column, problem.code, problem.message)
    if read.value is None:  # empty, or not readable for its problems (see YamlProblem.read_on)
        return defaults
    if not isinstance(read.value, dict):
        diagnostics.error(display, 1, 1, "not-a-mapping",
                          not_a_mapping("programme settings", read.value))
        return defaults
    patterns = tuple(_written(read.value, "sources"))
    _check_cohort_names(read.value, display, read.positions, diagnostics)
    try:
        settings = ProgrammeSettings.model_validate(read.value)
    except ValidationError as exc:
        report_validation_error(exc, ProgrammeSettings, display, read.positions, diagnostics)
        return replace(defaults, positions=read.positions, patterns=patterns)
    return ProgrammeConfig(settings, folder, display, read.positions, patterns)


class _NotRead(Exception):
    """The settings file is refused unread: what it is, and the diagnostic's code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _read_settings(path: Path) -> bytes:
    """The bytes of the regular file at ``path``, at most :data:`MAX_FILE_BYTES` of them.

    Opened without waiting, so a pipe (``--config <(…)``, a FIFO) is refused instead of
    waiting for a writer forever; and never read past the limit, so a huge file or a device
    (``/dev/zero``) cannot fill the memory.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _NotRead("unreadable-file", "not a regular file (a folder, a pipe or a device); "
                           "give the settings file itself")
        if info.st_size > MAX_FILE_BYTES:
            raise _NotRead("file-too-large", f"file is {info.st_size:,} bytes; {_AT_MOST}")
        parts: list[bytes] = []
        size = 0
        while size <= MAX_FILE_BYTES and (part := os.read(fd, MAX_FILE_BYTES + 1 - size)):
            parts.append(part)
            size += len(part)
        if size > MAX_FILE_BYTES:  # it grew since it was looked at
            raise _NotRead("file-too-large", f"file is over {MAX_FILE_BYTES:,} bytes; {_AT_MOST}")
        return b"".join(parts)
    finally:
        os.close(fd)


_AT_MOST = f"at most {MAX_FILE_BYTES:,} are read"


def _cohorts_written(raw: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    cohorts = raw.get("cohorts")
    if not isinstance(cohorts, list):
        return []
    return [(index, cohort) for index, cohort in enumerate(cohorts) if isinstance(cohort, dict)]


def _written(raw: dict[str, Any], key: str) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Each text, not blank, in the list under ``key`` and under each cohort's ``key``, with
    where it is; anything else there is the validation's to report."""
    where: list[tuple[tuple[str | int, ...], object]] = [((key,), raw.get(key))]
    where += [(("cohorts", index, key), cohort.get(key))
              for index, cohort in _cohorts_written(raw)]
    for at, items in where:
        if isinstance(items, list):
            for index, item in enumerate(items):
                if isinstance(item, str) and item.strip():
                    yield (*at, index), item


def _check_cohort_names(raw: dict[str, Any], display: str, positions: Positions,
                        diagnostics: Diagnostics) -> None:
    seen: set[str] = set()
    for index, cohort in _cohorts_written(raw):
        name = cohort.get("name")
        if not isinstance(name, str) or not name.strip():
            continue
        if name in seen:
            line, column = positions.of_value(("cohorts", index, "name"))
            diagnostics.error(display, line, column, "duplicate-cohort",
                              f"cohort '{name}' is named twice")
        seen.add(name)


def expand(pattern: str, base: Path) -> list[Path]:
    """Every existing path ``pattern`` names (a glob, or a plain path), in order: absolute, but
    with links not followed (a link to nothing, or to itself, is there too)."""
    full = os.path.join(base, os.path.expanduser(pattern))
    if glob.has_magic(pattern):
        return [Path(os.path.abspath(found)) for found in sorted(glob.glob(full))]
    return [Path(os.path.abspath(full))] if os.path.lexists(full) else []


def real_path(path: Path) -> Path | str:
    """Where ``path`` leads with every link followed, or why it leads nowhere."""
    try:
        real = path.resolve(strict=True)
    except RuntimeError:  # Python up to 3.12 on a loop
        return "a symbolic link that leads back to itself"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link that leads back to itself"
        if path.is_symlink() or exc.errno == errno.ENOENT:
            return "a symbolic link to something that does not exist"
        return f"cannot be read: {exc.strerror}"
    return real


def pair_kind(path: Path) -> Literal["repo", "data-json"] | None:
    """``repo`` for a mentorship repository folder, ``data-json`` for a ``.json`` file."""
    if path.is_dir():
        has_repo = (path / "mentorsite.yml").is_file() or (path / "content").is_dir()
        return "repo" if has_repo else None
    if path.is_file() and path.suffix.lower() == ".json":
        return "data-json"
    return None


def not_a_pair(path: Path, named: bool, shown: str = "") -> str | None:
    """Why ``path`` is not a pair, or ``None`` when it is quietly skipped.

    ``named`` is true for a plain path, false for a glob match: a glob over a folder of
    ``data.json`` files may also match a README, which is skipped, but a folder, or a path given
    by name, is expected to be a pair. ``shown``: the pattern that named a folder by name, for
    a hint when it holds ``data.json`` files.
    """
    if path.is_dir():
        return "not a mentorship repository (it has no mentorsite.yml and no content/)" + (
            _json_hint(path, shown) if shown else "")
    return "not a folder or a .json file" if named else None


def _json_hint(folder: Path, shown: str) -> str:
    """How to name the published ``data.json`` files a folder holds, as gathered by the
    workflows of docs/programme.md §7 (``data/<id>.json``, ``data/<artifact>/data.json``): the
    folder itself was named, and read as a repository."""
    for pattern in ("*.json", "*/data.json"):
        if any(found.is_file() for found in folder.glob(pattern)):
            return (f"; to read the data.json files in it, name them: "
                    f"'{bytes_shown(shown)}/{pattern}'")
    return ""


def select_sources(
    args: Sequence[str], cwd: Path, config: ProgrammeConfig, diagnostics: Diagnostics
) -> Selection:
    """The pairs to read: the ``SOURCE`` arguments when given, else the settings' ``sources``
    and every cohort's. Cohorts label whichever pairs their patterns name.

    An argument that matches nothing raises :class:`NoSuchSource` (a usage error); a pattern in
    the settings that matches nothing is a diagnostic at its position.
    """
    if args:
        named: list[tuple[str, Path]] = []
        for arg in args:
            paths = expand(arg, cwd)
            if not paths:
                raise NoSuchSource(f"'{arg}' matches no folder or file")
            named += [(arg, path) for path in paths]
    else:
        named = _config_paths(config, diagnostics)
    cohorts = _cohorts(config)
    sources: dict[Path, Source] = {}
    skipped: dict[Path, str] = {}
    for pattern, given in named:
        real = real_path(given)
        if isinstance(real, str):
            skipped.setdefault(given, real)
            continue
        if real in sources:  # named twice (a link to it): by the name that sorts first
            if given < sources[real].named:
                sources[real] = replace(sources[real], given=given)
            continue
        if given in skipped:
            continue
        try:
            kind = pair_kind(real)
        except OSError as exc:  # a folder it may not look into (chmod 000, another user's)
            skipped[given] = f"cannot be read: {exc.strerror}"
            continue
        plain = not glob.has_magic(pattern)
        reason = None if kind else not_a_pair(real, plain, pattern.rstrip("/") if plain else "")
        if kind:
            sources[real] = Source(real, kind, cohorts.get(real), given)
        elif reason:
            skipped[given] = reason
    return Selection(tuple(sources.values()), tuple(skipped.items()))


def _config_paths(config: ProgrammeConfig, diagnostics: Diagnostics) -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    for path_in_file, pattern in config.patterns:
        paths = expand(pattern, config.folder)
        if not paths:
            line, column = config.positions.of_value(path_in_file)
            diagnostics.error(config.display, line, column, "no-such-source",
                              f"'{pattern}' matches no folder or file")
        found += [(pattern, path) for path in paths]
    return found


def _cohorts(config: ProgrammeConfig) -> dict[Path, str]:
    """Each path a cohort names → that cohort (the first one wins)."""
    found: dict[Path, str] = {}
    for cohort in config.settings.cohorts:
        for pattern in cohort.sources:
            for path in expand(pattern, config.folder):
                real = real_path(path)
                if not isinstance(real, str):
                    found.setdefault(real, cohort.name)
    return found
