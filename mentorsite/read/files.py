"""Find and read files on disk without ever being tricked into reading the wrong thing.

Content is read only from inside the repository: links that leave it, link loops, pipes and
devices are reported instead of followed, and files over the size limit are refused unread.
Text must be UTF-8; it comes back with LF line ends and without a byte-order mark.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from mentorsite.diagnostics import Diagnostics
from mentorsite.read.frontmatter import front_text, normalise

MAX_FILE_BYTES = 1024 * 1024
"""Files larger than this are refused unread (SPEC §3)."""


class Oversized(bytes):
    """A file version larger than a content file may be, which git holds (in a commit, a
    2 GB file of zeros is 2 MB), read no further than :data:`MAX_FILE_BYTES`: its bytes are
    that start, where its front matter is (whether it says ``private: true``), and ``size``
    is its whole size, which ``file-too-large`` tells."""

    size: int

    def __new__(cls, start: bytes, size: int) -> Oversized:
        version = super().__new__(cls, start)
        version.size = size
        return version


def too_large(size: int) -> str:
    """The message for a file over :data:`MAX_FILE_BYTES`, with what to do about it."""
    return (
        f"file is {size:,} bytes; content files may be at most {MAX_FILE_BYTES:,} bytes (1 MiB): "
        "split it, or keep large material outside the repository and link to it"
    )


def is_ignored(name: str) -> bool:
    """Editor droppings and hidden files are not content: ``.x.swp``, ``x~``, ``#x#``, the
    copies JetBrains' editors save through (``x.md___jb_tmp___``, ``x.md___jb_old___``) and
    the file vim makes and removes to learn whether it may write a folder (``4913``, or
    ``5036`` … when that is taken). ``serve`` rebuilds while they exist: taken for content,
    each failed the build for as long."""
    return (name.startswith((".", "#")) or name.endswith(("~", "___jb_tmp___", "___jb_old___"))
            or (name.isdigit() and int(name) >= 4913 and (int(name) - 4913) % 123 == 0))


def read_text(root: Path, relpath: str, diagnostics: Diagnostics) -> str | None:
    """Read a file inside ``root`` as UTF-8, or report why it cannot be read."""
    path = f"{root}/{relpath}"  # thousands of files: plain text, not a Path each
    try:
        info = os.lstat(path)
        flags = _READ_FLAGS
        if stat.S_ISLNK(info.st_mode):
            if not _inside(Path(path).resolve(strict=True), root.resolve()):
                diagnostics.error(
                    relpath, 1, 1, "symlink-escape",
                    "symbolic link points outside the repository; it is not read",
                )
                return None
            info = os.stat(path)
            flags = _READ_LINKED_FLAGS
        if not stat.S_ISREG(info.st_mode):
            diagnostics.error(relpath, 1, 1, "unreadable-file", "not a regular file")
            return None
        size = info.st_size
        if size > MAX_FILE_BYTES:
            diagnostics.error(
                relpath, 1, 1, "file-too-large",
                too_large(size),
            )
            return None
        data = _read(path, flags, size)
    except (OSError, RuntimeError) as exc:
        reason = getattr(exc, "strerror", None) or "symbolic link loop"
        diagnostics.error(relpath, 1, 1, "unreadable-file", f"cannot read file: {reason}")
        return None
    return decode(relpath, data, diagnostics)


class FrontAgain:
    """A content file's front matter text, read again when asked for (None: the file is gone,
    unreadable, or its front matter no longer opens and closes): what a document's positions
    are worked out from once they have let go of the text read first
    (:meth:`~mentorsite.read.yamlsafe.Positions.let_go`), which tells whether it is the same."""

    __slots__ = ("relpath", "root")

    def __init__(self, root: Path, relpath: str) -> None:
        self.root, self.relpath = root, relpath

    def __call__(self) -> str | None:
        text = read_text(self.root, self.relpath, Diagnostics())
        return None if text is None else front_text(text)


_READ_LINKED_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_READ_FLAGS = _READ_LINKED_FLAGS | getattr(os, "O_NOFOLLOW", 0)
"""A file that was no link when looked at is not followed if it has become one since."""


def _read(path: str, flags: int, size: int) -> bytes:
    """Every byte of the regular file at ``path``, ``size`` bytes long when looked at: one
    open, one read and one close (a Python file object costs four more calls to the system
    and a buffer)."""
    fd = os.open(path, flags)
    try:
        data = os.read(fd, size + 1)
        if len(data) == size:  # all of it, as it was when looked at
            return data
        parts = [data]  # it changed since, or the read stopped short: read on to the end
        while chunk := os.read(fd, 1 << 16):
            parts.append(chunk)
        return b"".join(parts)
    finally:
        os.close(fd)


_UTF16_STARTS = (b"\xff\xfe", b"\xfe\xff", b"-\x00", b"\x00-")
"""How a UTF-16 file starts: with its byte-order mark (Windows Notepad's "Unicode", and
PowerShell's ``>`` write one), or, without, with the first ``-`` of its front matter."""


_UTF32_STARTS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"-\x00\x00\x00", b"\x00\x00\x00-")
"""How a UTF-32 file starts, with its byte-order mark or its first ``-``: looked for before
UTF-16's, as its little-endian mark and ``-`` begin with theirs (it was called UTF-16, and
without a mark big-endian it was read as UTF-8, NUL bytes and all: "missing front matter")."""


def decode(relpath: str, data: bytes, diagnostics: Diagnostics) -> str | None:
    """UTF-8 text with LF line ends, or a diagnostic at the first byte that is not UTF-8:
    its line counted as the text's are, a CR alone ending one too."""
    if data.startswith(_UTF32_STARTS):
        diagnostics.error(relpath, 1, 1, "invalid-encoding",
                          "file is UTF-32; save it as UTF-8")
        return None
    if data.startswith(_UTF16_STARTS):
        diagnostics.error(relpath, 1, 1, "invalid-encoding",
                          "file is UTF-16 (what Windows Notepad calls 'Unicode'); save it as "
                          "UTF-8")
        return None
    try:
        return normalise(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        before_bad = data[: exc.start]
        line_start = max(before_bad.rfind(b"\n"), before_bad.rfind(b"\r")) + 1
        line = before_bad.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
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


def leads_to(path: Path) -> Path:
    """Where a link really leads; a loop leads nowhere and so stays where it is (the folder
    it is in resolved, as the root is: a relative ``--source`` is no link out)."""
    try:
        return path.resolve(strict=False)
    except (OSError, RuntimeError):
        return located(path)


def located(path: Path) -> Path:
    """``path`` with the links on its way followed, but not a link at its end: where a name
    is, whatever it leads to (``path`` itself when a link on its way leads back to itself;
    resolving through a loop raises RuntimeError up to Python 3.12)."""
    try:
        return path.parent.resolve() / path.name
    except (OSError, RuntimeError):
        return path


def content_files(root: Path, diagnostics: Diagnostics,
                  linked: dict[str, list[str]] | None = None) -> list[str]:
    """Relative paths of every file under ``content/``, not following links out of it.

    ``linked`` gets, for each file reached through a link (to it or to a folder on its way),
    where it really is and its paths: an edit there changes those content files, and a
    watcher that judges events by where they are would not know it."""
    found: list[str] = []
    top = root / "content"
    real_root = root.resolve()
    if top.is_symlink() and not _inside(leads_to(top), real_root):
        diagnostics.error("content", 1, 1, "symlink-escape",
                          "content/ is a link to a folder outside the repository; it is not read")
        return found
    if top.exists() and not top.is_dir():
        diagnostics.error("content", 1, 1, "unknown-file", "content must be a folder")
        return found
    if top.is_symlink() and not top.exists():  # read as no content at all, and said nothing
        leads = ("leads back to itself" if _loops(top)
                 else f"leads to {os.readlink(top)}, which is not there")
        diagnostics.error("content", 1, 1, "unreadable-file",
                          f"cannot read: content/ is a symbolic link that {leads}")
        return found
    if not top.is_dir():
        return found
    seen: set[Path] = set()
    stack = [(top, "content", False)]  # each folder, its path from the root, if by a link
    through: list[tuple[Path, str, bool]] = []  # folders reached through a link, walked last
    while stack or through:
        # Every folder that is really in content/ is read where it is before any link to it
        # is followed: a link back to a folder is then the one skipped, not the folder.
        folder, folder_rel, by_link = stack.pop() if stack else through.pop()
        real = leads_to(folder)
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            diagnostics.error(folder_rel, 1, 1, "unreadable-file",
                              f"cannot read folder: {exc.strerror}")
            continue
        for entry in entries:
            if is_ignored(entry.name):
                continue
            rel = f"{folder_rel}/{entry.name}"
            if not entry.is_symlink():
                if _is_dir(entry):
                    stack.append((Path(entry.path), rel, by_link))
                else:
                    found.append(rel)
                    if by_link and linked is not None:
                        linked.setdefault(str(leads_to(Path(entry.path))), []).append(rel)
                continue
            path = Path(entry.path)
            if not _inside(leads_to(path), real_root):
                diagnostics.error(
                    rel, 1, 1, "symlink-escape",
                    "symbolic link points outside the repository; it is not read",
                )
            elif _loops(path):
                diagnostics.error(rel, 1, 1, "unreadable-file",
                                  "cannot read: the symbolic link leads back to itself")
            elif _is_dir(entry):
                through.append((path, rel, True))
            else:
                found.append(rel)
                if linked is not None:
                    linked.setdefault(str(leads_to(path)), []).append(rel)
    return sorted(found)
