"""Find the content files of a repository and read each into a :class:`RawDocument`.

This is the only stage that touches content on disk. It decides each file's kind from where it
lives, refuses what is unsafe to read (too large, not UTF-8, a link out of the repository), and
splits front matter from body. It does not judge what the front matter says.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from mentorsite.diagnostics import Diagnostics
from mentorsite.frontmatter import normalise, split
from mentorsite.yamlsafe import Positions, read_yaml

MAX_FILE_BYTES = 1024 * 1024
"""Files larger than this are refused unread (SPEC §3)."""

KIND_FOLDERS = {
    "goals": "goal",
    "checkins": "checkin",
    "reflections": "reflection",
    "evidence": "evidence",
}
"""Folder under ``content/`` → the kind of every ``.md`` file in it."""

SETTINGS_FILE = "mentorsite.yml"

_SLUG = r"[a-z0-9][a-z0-9-]*"
_NAME_RULES = {
    "goal": (re.compile(rf"^(?P<slug>{_SLUG})$"), "<id>.md with a lowercase id of a-z, 0-9, -"),
    "checkin": (
        re.compile(rf"^(?P<slug>(?P<date>\d{{4}}-\d{{2}}-\d{{2}})(?:-{_SLUG})?)$"),
        "<YYYY-MM-DD>.md or <YYYY-MM-DD>-<slug>.md",
    ),
    "reflection": (
        re.compile(rf"^(?P<slug>(?P<date>\d{{4}}-\d{{2}}-\d{{2}})-{_SLUG})$"),
        "<YYYY-MM-DD>-<slug>.md",
    ),
    "evidence": (
        re.compile(rf"^(?P<slug>(?P<date>\d{{4}}-\d{{2}}-\d{{2}})-{_SLUG})$"),
        "<YYYY-MM-DD>-<slug>.md",
    ),
}


@dataclass
class RawDocument:
    """One content file as read: what its front matter says and where, before validation."""

    kind: str
    path: str
    """Relative to the repository root, forward slashes."""
    slug: str
    file_date: date | None
    """The date in the file name, for dated kinds."""
    meta: dict[str, Any]
    positions: Positions
    body: str
    body_line: int


@dataclass
class RawSettings:
    """``mentorsite.yml`` as read; empty when the file does not exist."""

    meta: dict[str, Any] = field(default_factory=dict)
    positions: Positions = field(default_factory=Positions)
    exists: bool = False


def is_ignored(name: str) -> bool:
    """Editor droppings and hidden files are not content: ``.x.swp``, ``x~``, ``#x#``."""
    return name.startswith((".", "#")) or name.endswith("~")


def read_text(root: Path, relpath: str, diagnostics: Diagnostics) -> str | None:
    """Read a file inside ``root`` as UTF-8, or report why it cannot be read."""
    path = root / relpath
    try:
        if path.is_symlink() and not _inside(path.resolve(strict=True), root.resolve()):
            diagnostics.error(
                relpath, 1, 1, "symlink-escape",
                "symbolic link points outside the repository; it is not read",
            )
            return None
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            diagnostics.error(relpath, 1, 1, "unreadable-file", "not a regular file")
            return None
        size = info.st_size
        if size > MAX_FILE_BYTES:
            diagnostics.error(
                relpath, 1, 1, "file-too-large",
                f"file is {size:,} bytes; content files may be at most {MAX_FILE_BYTES:,} bytes",
            )
            return None
        data = path.read_bytes()
    except (OSError, RuntimeError) as exc:
        reason = getattr(exc, "strerror", None) or "symbolic link loop"
        diagnostics.error(relpath, 1, 1, "unreadable-file", f"cannot read file: {reason}")
        return None
    return decode(relpath, data, diagnostics)


def decode(relpath: str, data: bytes, diagnostics: Diagnostics) -> str | None:
    """UTF-8 text with LF line ends, or a diagnostic at the first byte that is not UTF-8."""
    try:
        return normalise(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        before = data[line_start : exc.start].decode("utf-8", "replace").lstrip("\ufeff")
        column = len(before) + 1
        diagnostics.error(
            relpath, line, column, "invalid-encoding",
            f"file is not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8",
        )
        return None


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """A folder to walk into; a link loop is not one (it is reported when read as a file)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _loops(path: Path) -> bool:
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return True
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def _real(path: Path) -> Path:
    """Where a link really leads; a loop leads nowhere and so stays where it is."""
    try:
        return path.resolve(strict=False)
    except (OSError, RuntimeError):
        return path


def load_settings(root: Path, diagnostics: Diagnostics) -> RawSettings:
    """Read ``mentorsite.yml`` if there is one; its problems are diagnostics like any other."""
    if not (root / SETTINGS_FILE).exists() and not (root / SETTINGS_FILE).is_symlink():
        return RawSettings()
    text = read_text(root, SETTINGS_FILE, diagnostics)
    if text is None:
        return RawSettings(exists=True)
    read = read_yaml(text)
    for problem in read.problems:
        diagnostics.error(
            SETTINGS_FILE, problem.line, problem.column, problem.code, problem.message
        )
    if read.problems or read.value is None:
        return RawSettings(positions=read.positions, exists=True)
    if not isinstance(read.value, dict):
        diagnostics.error(
            SETTINGS_FILE, 1, 1, "not-a-mapping", "settings must be a mapping of 'key: value' lines"
        )
        return RawSettings(exists=True)
    return RawSettings(read.value, read.positions, exists=True)


def load_content(root: Path, diagnostics: Diagnostics) -> list[RawDocument]:
    """Read every content file under ``root/content``, in path order."""
    documents = []
    for relpath in content_files(root, diagnostics):
        kind = _kind_of(relpath)
        if kind is None:
            diagnostics.error(
                relpath, 1, 1, "unknown-file",
                "file belongs to no content kind: use content/goals, content/checkins, "
                "content/reflections or content/evidence, as <name>.md",
            )
            continue
        document = _load_document(root, relpath, kind, diagnostics)
        if document is not None:
            documents.append(document)
    return documents


def content_files(root: Path, diagnostics: Diagnostics) -> list[str]:
    """Relative paths of every file under ``content/``, not following links out of it."""
    found: list[str] = []
    top = root / "content"
    real_root = root.resolve()
    if top.is_symlink() and not _inside(_real(top), real_root):
        diagnostics.error("content", 1, 1, "symlink-escape",
                          "content/ is a link to a folder outside the repository; it is not read")
        return found
    if top.exists() and not top.is_dir():
        diagnostics.error("content", 1, 1, "unknown-file", "content must be a folder")
        return found
    if not top.is_dir():
        return found
    seen: set[Path] = set()
    stack = [top]
    while stack:
        folder = stack.pop()
        real = _real(folder)
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            rel = folder.relative_to(root).as_posix()
            diagnostics.error(rel, 1, 1, "unreadable-file", f"cannot read folder: {exc.strerror}")
            continue
        for entry in entries:
            if is_ignored(entry.name):
                continue
            path = Path(entry.path)
            rel = path.relative_to(root).as_posix()
            if entry.is_symlink() and not _inside(_real(path), real_root):
                diagnostics.error(
                    rel, 1, 1, "symlink-escape",
                    "symbolic link points outside the repository; it is not read",
                )
            elif entry.is_symlink() and _loops(path):
                diagnostics.error(rel, 1, 1, "unreadable-file",
                                  "cannot read: the symbolic link leads back to itself")
            elif _is_dir(entry):
                stack.append(path)
            else:
                found.append(rel)
    return sorted(found)


def _kind_of(relpath: str) -> str | None:
    parts = relpath.split("/")
    if len(parts) != 3 or not parts[2].endswith(".md"):
        return None
    return KIND_FOLDERS.get(parts[1])


def _load_document(
    root: Path, relpath: str, kind: str, diagnostics: Diagnostics
) -> RawDocument | None:
    stem = relpath.rsplit("/", 1)[1][: -len(".md")]
    pattern, expected = _NAME_RULES[kind]
    match = pattern.match(stem)
    file_date = None
    if match and "date" in pattern.groupindex:
        try:
            file_date = date.fromisoformat(match["date"])
        except ValueError:
            match = None
    if match is None:
        diagnostics.error(
            relpath, 1, 1, "invalid-file-name",
            f"file name '{stem}.md' does not fit; name {kind} files {expected}",
        )
        return None
    text = read_text(root, relpath, diagnostics)
    if text is None:
        return None
    front = split(text)
    for problem in front.problems:
        diagnostics.error(relpath, problem.line, problem.column, problem.code, problem.message)
    if front.problems:
        return None
    return RawDocument(
        kind, relpath, stem, file_date, front.meta, front.positions, front.body, front.body_line
    )
