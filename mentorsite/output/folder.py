"""Write the site into a fresh folder beside the target, then swap it in whole.

A failed or interrupted build therefore leaves the previous site exactly as it was, and the
output folder never holds a mix of two builds. On Linux the swap is one atomic exchange
(``renameat2`` with ``RENAME_EXCHANGE``), so there is no moment without a site; elsewhere it is
two renames with SIGINT, SIGTERM and SIGHUP held off between them. Builds into the same folder take
turns (a lock on the folder that holds it), and each one first tidies what a killed build left
behind. A marker file tells our own output folders from anyone else's, so a mistyped ``--out``
can never delete a user's files.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import itertools
import os
import secrets
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from mentorsite.errors import OutputError
from mentorsite.exclusive_write import in_the_way
from mentorsite.held_signals import STOP_SIGNALS
from mentorsite.output.listing import MARKER as MARKER  # where the rest of the build looks for it
from mentorsite.output.listing import contents, listed, listed_of, write_marker

LOCK_TIMEOUT = 300.0
"""Seconds a build waits for another build writing beside the same output folder."""

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def resolved(out: Path) -> Path:
    """``out`` with every link on its way followed; an :class:`OutputError` when a link there
    leads back to itself (``_site`` → ``_site``), where no folder can be.

    Up to Python 3.12 ``resolve`` raises RuntimeError at a loop; from 3.13 it stops there and
    returns a path through the loop, which only looking at it tells apart (ELOOP): the build
    then replaced the link with a folder."""
    try:
        real = out.resolve()
    except (OSError, RuntimeError):
        raise _loop(out) from None
    try:
        os.stat(real)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _loop(out) from None
    return real


def _loop(out: Path) -> OutputError:
    return OutputError(f"--out {out} goes through a symbolic link that leads back to itself: "
                       "remove the link or choose another folder")


def check_output_folder(out: Path, root: Path) -> None:
    """Refuse an output folder whose replacement could destroy content or foreign files."""
    check_not_replacing(out, root, "the repository", "_site")
    check_ours(out)


def check_not_replacing(out: Path, root: Path, called: str, instead: str) -> None:
    """Refuse an output folder that is ``root``, holds it or lies in its ``content/``.

    ``called`` names ``root`` in the messages (a programme is built from the current folder,
    which need not be a repository) and ``instead`` is the folder they suggest."""
    out_real, root_real = resolved(out), root.resolve()
    try:
        content = (root / "content").resolve()
    except (OSError, RuntimeError):  # a link to itself (up to Python 3.12): holds no folder
        content = root_real / "content"
    if out_real == root_real:
        raise OutputError(f"--out {out} would replace {called} itself; choose e.g. {instead}")
    if out_real in root_real.parents:
        raise OutputError(f"--out {out} holds {called}, which replacing it would delete; "
                          f"choose e.g. {instead}")
    if out_real == content or content in out_real.parents:
        raise OutputError(f"--out {out} is inside content/; choose a folder outside it")


def check_ours(out: Path) -> None:
    """Refuse an output folder that is a file, a mount point, or holds files that no build of
    ours wrote.

    A mount point (a container's volume, ``--out /site``) cannot be renamed: the build wrote
    the whole site beside it and then failed at the swap with "Device or resource busy"."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out} is a file, not a folder")
    if os.path.ismount(resolved(out)):
        raise OutputError(
            f"--out {out} is a mount point, which a build cannot replace (it writes the new "
            f"site beside the folder and swaps the two); choose a folder inside it, e.g. "
            f"{out / '_site'}"
        )
    try:
        holds = out.is_dir() and any(out.iterdir())
    except OSError as exc:  # mode 000: what it holds cannot be told
        raise OutputError(
            f"--out {out} cannot be read ({exc.strerror}), so what replacing it would delete "
            f"cannot be told; make it readable (chmod -R u+rwX {out}) or remove it"
        ) from None
    if holds and not (out / MARKER).exists():
        raise OutputError(
            f"--out {out} is not empty and was not built by mentorsite; "
            "choose an empty or new folder"
        )


def _refuse_replacing(out: Path) -> None:
    """Refuse to replace the site at ``out`` when that would lose something: files no build
    wrote there, or the previous site itself, left for good beside the new one. Asked while
    the render workers keep the cores busy, in one walk of the site (:func:`contents`)."""
    if not out.is_dir():
        return
    # A link is replaced, not followed: what it leads to is never removed.
    found = contents(out, (lambda _: False) if out.is_symlink() else _stuck)
    _refuse_added(out, found.added)
    if found.stuck is not None:
        _refuse_unremovable(out, Path(found.stuck))


def _refuse_added(out: Path, extra: list[str]) -> None:
    """Refuse to replace a site of ours that holds files no build wrote there (``extra``)."""
    if extra:
        shown = ", ".join(extra[:5]) + (f" and {len(extra) - 5} more" if len(extra) > 5 else "")
        they = "it" if len(extra) == 1 else "them"
        counted = "a file" if len(extra) == 1 else f"{len(extra):,} files"
        domain = ("; GitHub Pages deployed by Actions, as init's workflow does, takes its "
                  "custom domain from the repository's Pages settings and uses no CNAME file"
                  if "CNAME" in extra else "")
        raise OutputError(
            f"--out {out} holds {counted} no build wrote ({shown}): a build replaces the folder "
            f"whole and would delete {they}; move {they} elsewhere (a file to publish with the "
            f"site goes in the theme's static/ folder, and is published under static/{domain})"
        )


def _refuse_unremovable(out: Path, stuck: Path) -> None:
    """Refuse to replace a site that this user could not remove once it is swapped out: one
    with a folder (``stuck``: itself, or one inside) made read-only, or another user's. The
    swap itself works, as it needs only the folder that holds the site writable; the old site
    then stayed beside the new one for good, as a hidden ``.<name>.building-…`` folder that
    every later build failed to tidy away."""
    try:
        theirs = hasattr(os, "geteuid") and os.stat(stuck).st_uid != os.geteuid()
    except OSError:
        theirs = False
    readable = os.access(stuck, os.R_OK | os.X_OK)
    why, fix = (("another user's", f"its owner (or root) can remove {out}") if theirs else
                ("read-only" if readable else "unreadable",
                 f"make it writable (chmod -R u+rwX {out}) or remove it"))
    raise OutputError(
        f"cannot replace the site at {out}: {stuck} is {why}, so the previous site could not "
        f"be removed once replaced; {fix}, then build again"
    )


def _stuck(folder: str) -> bool:
    """Whether this user could not empty ``folder`` (as the swap runs, set-uid or not). An
    empty folder needs nothing."""
    wanted = os.R_OK | os.W_OK | os.X_OK
    effective = os.access in os.supports_effective_ids
    return not os.access(folder, wanted, effective_ids=effective) and not _empty(Path(folder))


def safe_parts(relpath: str) -> Sequence[str]:
    """``safe_relpath(relpath).parts``, without a path object for a plain relative path
    (names between single slashes, none of them ``.`` or ``..``), whose parts are its
    names: every page's file is named so, and making a ``PurePosixPath`` of each was half
    the Python of finding where a page goes (a history build writes a page per commit)."""
    parts = relpath.split("/")
    if "" in parts or "." in parts or ".." in parts or "\\" in relpath:
        return safe_relpath(relpath).parts  # refused, or cleaned as pathlib cleans it
    return parts


def safe_relpath(relpath: str) -> PurePosixPath:
    """A relative path that cannot climb out of the output folder."""
    path = PurePosixPath(relpath)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in relpath:
        raise OutputError(f"refusing to write outside the output folder: {relpath!r}")
    return path


Content = str | bytes | Iterator[str]
"""A file's text, its bytes, or its text in parts, written as they are made (so that a large
file is never whole in memory)."""
Producer = Callable[[Path, Callable[[], None]], None]
"""Writes the pages into the staging folder it is given, and calls the function it is given
once, at a moment of its choosing, to write the other files: forked render workers leave this
process idle while they render, and that is when it writes ``data.json`` and the calendar."""


def write_site(
    out: Path,
    files: Mapping[str, Content],
    copies: Mapping[str, Path],
    produce: Producer | None = None,
    produced: Iterable[str] = (),
) -> str:
    """Write ``files``, copy ``copies`` and let ``produce`` write the rest (``produced``)
    into a staging folder, then swap it in for ``out`` — all of it, or nothing. A folder that
    cannot be written (read-only, or a file on the way) is an :class:`OutputError`.

    Returns the :func:`output_state` of the site this call put in place, taken before another
    build may replace it: looked at afterwards, it could be that build's site, which "nothing
    changed" would then take for this one's."""
    with _unwritable(out):
        return _write_site(_through_link(out), files, copies, produce, produced)


def built_site(out: Path) -> tuple[int, int] | None:
    """Which build's site is at ``out``: its marker's device and inode, new with every build
    (None when no site of ours is there). A stop that comes once the new site is in changes
    nothing: the caller tells that case from an interrupted build by this."""
    try:
        marker = os.stat(out / MARKER)
    except OSError:
        return None
    return marker.st_dev, marker.st_ino


def output_state(out: Path) -> str:
    """How the site at ``out`` stands, to tell whether it is still as a build left it: the
    folder and each entry at its top (the marker among them) by inode and modification time.
    Another build swapped in, the folder emptied, a page folder removed or a top file
    overwritten by hand each change it; a page edited inside its folder does not (only
    reading every page would tell). Empty when no site of ours is there."""
    folder = _through_link(out)
    try:
        found = [(".", os.stat(folder))]
        with os.scandir(folder) as entries:
            found += [(entry.name, entry.stat(follow_symlinks=False)) for entry in entries]
    except OSError:
        return ""
    if not any(name == MARKER for name, _ in found):
        return ""
    return "\n".join(sorted(f"{name}:{info.st_ino}:{info.st_mtime_ns}" for name, info in found))


def _each_once(written: list[str]) -> list[str]:
    """``written``, the paths a build writes, once each path is known to come once: two
    pages at one path were written one over the other, or mixed by two render workers, and
    nothing said so (a goal whose revisions were another's, c33cbd8). Such a site is not
    begun, and the previous one stays."""
    if len(set(written)) != len(written):
        twice = sorted(path for path, times in Counter(written).items() if times > 1)
        raise OutputError(f"cannot write the site: {len(twice)} of its files would be written "
                          f"twice ({', '.join(twice[:3])}{', …' if len(twice) > 3 else ''}); "
                          "this is a fault of mentorsite's, please report it")
    return written


def _staging_name(out: Path) -> Path:
    """A name beside ``out`` for the folder a build writes into, not yet made: made inside
    the ``try`` that removes it, a stop that comes just as it is made still sees it removed.
    (``mkdtemp`` made it before handing its name back, and a Ctrl-C in between left it lying
    beside the site.) The process id and 64 random bits keep two builds' names apart."""
    return out.parent / f".{out.name}.building-{os.getpid()}-{secrets.token_hex(8)}"


def _through_link(out: Path) -> Path:
    """Where a site is built: a link named as the output folder (``_site`` → ``/var/www/x``,
    made by the user) is kept, and the folder it leads to is the one replaced."""
    return resolved(out) if out.is_symlink() else out


def _write_site(out: Path, files: Mapping[str, Content], copies: Mapping[str, Path],
                produce: Producer | None, produced: Iterable[str]) -> str:
    written = _each_once([*files, *copies, *produced])
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        blocking = in_the_way(out.parent)
        if blocking is None:
            raise
        raise OutputError(f"cannot write the site to {out}: {blocking[0]} is {blocking[1]}, "
                          "where a folder should be") from None
    with _turn(out.parent):
        _tidy(out)
        staging = _staging_name(out)
        try:
            os.mkdir(staging, 0o700)
            write_marker(staging)  # ours from here on

            def others() -> None:
                _refuse_replacing(out)
                _write_files(staging, files, copies)

            if produce is None:
                others()
            else:
                produce(staging, others)
            write_marker(staging, written)
            # As mkdir would have made it: under a shared umask (002) a teammate's next build
            # can then remove this site once it is swapped out, as it can the folders inside.
            os.chmod(staging, 0o777 & ~_umask())
            with _signals_held():
                _swap(staging, out)
                _remove(staging)  # after an exchange it holds the previous site
            return output_state(out)  # still our turn: no other build has swapped in yet
        finally:
            _remove(staging)


@contextlib.contextmanager
def _unwritable(out: Path) -> Iterator[None]:
    """Turn the operating system's refusal to write under ``out`` into a user error."""
    try:
        yield
    except OSError as exc:
        where = _failed_at(exc, out)
        raise OutputError(
            f"cannot write the site to {out}: {exc.strerror or exc}{where}"
        ) from exc


def _failed_at(exc: OSError, out: Path) -> str:
    """Where writing failed, as the user knows the place: the file being written (a copy's
    or a rename's second name: a full disk was blamed on the theme's ``style.css`` it copied
    from), named under ``out`` rather than the hidden folder a build writes in first, and the
    folder that holds ``out`` when it is that hidden folder itself that cannot be made, in
    full ("(in .)" told a user building in the current folder nothing)."""
    name = exc.filename2 if exc.filename2 is not None else exc.filename
    if name is None:
        return ""
    path = Path(os.fsdecode(name))
    try:
        site = _through_link(out)
    except OutputError:
        site = out
    building = f".{site.name}.building-"
    for place in (path, *path.parents):
        if place.parent == site.parent and place.name.startswith(building):
            inside = path.relative_to(place)
            if inside.parts:
                return f" ({out / inside})"
            return f" (in {site.parent.absolute()}, which holds it)"
    return f" ({path})"


def _write_files(staging: Path, files: Mapping[str, Content], copies: Mapping[str, Path]) -> None:
    made: set[Path] = set()
    for relpath, source in copies.items():
        target = _prepare(staging, relpath, made)
        shutil.copyfile(source, target)
    for relpath, data in files.items():
        target = _prepare(staging, relpath, made)
        with target.open("wb") as stream:
            _write_content(stream, data)


_SLICE = 1 << 16
"""How many characters of a text :func:`_write_content` encodes at once."""


def _write_content(stream: BinaryIO, data: Content) -> None:
    """Write a file's text (as UTF-8) or bytes; text in parts is encoded part by part, so
    that neither its whole text nor its whole encoding is ever in memory, and each part a
    slice at a time: a part of ``data.json`` is a whole kind of entry (4.8 MB of check-ins on
    the 5,000-file benchmark corpus), and encoding it whole made a copy of it as bytes at
    the peak of every rebuild that wrote it. UTF-8 encodes each character on its own, so
    the slices encode to the same bytes as the whole part."""
    for chunk in _chunks(data):
        stream.write(chunk)


def _chunks(data: Content) -> Iterator[bytes]:
    """A file's bytes as :func:`_write_content` writes them, a slice at a time: a long part
    cut into slices, short ones gathered into one. ``serve``'s ``data.json`` and calendar
    come as thousands of short parts (an item, a comma, an event): encoded, compared with
    the file there (:func:`_changed`) and written one by one, they were 17,000 reads of it,
    each with its own bytes, after every edit of the 5,000-file benchmark corpus."""
    if isinstance(data, bytes):
        yield data
        return
    gathered: list[str] = []
    size = 0
    for part in (data,) if isinstance(data, str) else data:
        if len(part) < _SLICE:
            gathered.append(part)
            size += len(part)
            if size >= _SLICE:
                yield "".join(gathered).encode("utf-8")
                gathered, size = [], 0
            continue
        if gathered:
            yield "".join(gathered).encode("utf-8")
            gathered, size = [], 0
        for start in range(0, len(part), _SLICE):
            yield part[start:start + _SLICE].encode("utf-8")
    if gathered:
        yield "".join(gathered).encode("utf-8")


def _changed(target: Path, chunks: Iterator[bytes]) -> Iterator[bytes] | None:
    """None if ``chunks`` are the bytes ``target`` holds; else all of them, those found the
    same read back from ``target`` (:func:`_head`) and the rest as they come. The file is
    read along the chunks as they are made, so neither is ever whole in memory, and what
    makes them runs once, whether the file changed or not."""
    old = _regular_file(target)
    if old is None:  # gone, or no regular file: written whole
        return chunks
    with old:
        same = 0
        for chunk in chunks:
            if old.read(len(chunk)) != chunk:
                return itertools.chain(_head(target, same), (chunk,), chunks)
            same += len(chunk)
        return None if not old.read(1) else _head(target, same)


_OLD_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
              | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
"""How the file there is opened to compare (Windows has no named pipe in a folder, and of
these flags only O_RDONLY and O_BINARY)."""


def _regular_file(path: Path) -> BinaryIO | None:
    """The regular file at ``path`` opened to read, or None: opened without waiting and not
    through a link, so that a named pipe in a file's place (or a link to one, or to a
    terminal) is written over, as a whole build would leave none, and not waited on for
    ever, which hung ``serve``'s rebuild; and a link is replaced by the file, not read
    through to a file elsewhere and left as it is."""
    try:
        fd = os.open(path, _OLD_FLAGS)
    except OSError:
        return None
    stream = os.fdopen(fd, "rb")
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return stream
    except OSError:
        pass
    stream.close()
    return None


def _head(path: Path, size: int) -> Iterator[bytes]:
    """The first ``size`` bytes of ``path``, a slice at a time."""
    with path.open("rb") as stream:
        while size > 0 and (chunk := stream.read(min(size, _SLICE))):
            size -= len(chunk)
            yield chunk


def update_site(
    out: Path, files: Mapping[str, Content], removed: Collection[str] = (),
    unless_same: Collection[str] = (),
) -> list[str]:
    """Change a site built before in place: write ``files`` and delete ``removed``; return
    the files written.

    Each file is written beside its target and renamed over it, so a reader of ``out`` sees
    every file whole, old or new; folders left empty by a removal go too, as a full build
    would not have made them. Used by ``serve``, whose rebuilds change a handful of files;
    a file given in parts (``data.json`` of a large site) is written as they come, and is
    renamed over its target only once the last is written. A file named in ``unless_same``
    is compared with the one there as it is made, and written only if it differs
    (:func:`_changed`): ``serve`` made ``data.json`` and the calendar once to learn whether
    an edit changed them and again to write them (on the 5,000-file benchmark corpus, the
    second time was 130 of the 1,080 million instructions of a rebuild after one check-in).
    A file that cannot be written (a full disk) is an :class:`OutputError` naming it.
    """
    with _unwritable(out):
        return _update_site(out, files, removed, unless_same)


def _update_site(out: Path, files: Mapping[str, Content], removed: Collection[str],
                 unless_same: Collection[str]) -> list[str]:
    if not (out / MARKER).is_file():
        raise OutputError(f"{out} was not built by mentorsite; it cannot be updated in place")
    made: set[Path] = set()
    written = []
    for relpath, data in files.items():
        target = _prepare(out, relpath, made)
        chunks = _chunks(data)
        if relpath in unless_same:
            changed = _changed(target, chunks)
            if changed is None:
                continue
            chunks = changed
        _write_over(target, chunks)
        written.append(relpath)
    top = out.resolve()
    for relpath in removed:
        target = out.joinpath(*safe_parts(relpath))
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        folder = target.parent
        while folder.resolve() != top and _empty(folder):
            folder.rmdir()
            folder = folder.parent
    known = listed_of(out, files.keys() | set(removed))
    if known is not None and not (known.issuperset(files) and known.isdisjoint(removed)):
        write_marker(out, ((listed(out) or known) | files.keys()) - set(removed))
    return written


def _write_over(target: Path, chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` beside ``target`` and rename the file over it, so that a reader sees
    it whole, old or new. A failure (a full disk) removes that file and is told of
    ``target``: the name of the hidden file beside it means nothing to the user."""
    try:
        _replace(target, chunks)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(target)) from None


def _replace(target: Path, chunks: Iterable[bytes]) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            for chunk in chunks:
                stream.write(chunk)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@lru_cache(maxsize=1)
def _umask() -> int:
    """The process's file creation mask (reading it means setting it, so once)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _prepare(staging: Path, relpath: str, made: set[Path]) -> Path:
    target = staging.joinpath(*safe_parts(relpath))
    parent = target.parent
    if parent not in made:
        parent.mkdir(parents=True, exist_ok=True)
        made.add(parent)
    return target


def _swap(staging: Path, out: Path) -> None:
    """Put ``staging`` where ``out`` is; the previous site is left at ``staging`` or removed."""
    if not os.path.lexists(out):
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    try:
        os.rename(out, retired / "site")
    except OSError:  # the old site stayed where it was; the folder made for it goes
        with contextlib.suppress(OSError):
            os.rmdir(retired)  # removes it only while empty, never a site
        raise
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(retired / "site", out)  # should this fail too, the next build recovers it
        _remove(retired)
        raise
    _remove(retired)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step; False where the system or the file system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                 _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


@lru_cache(maxsize=1)
def _renameat2() -> Callable[..., int] | None:
    """Linux's ``renameat2`` from the C library, or None (another system, an old libc)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    function.restype = ctypes.c_int
    found: Callable[..., int] = function
    return found


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold off SIGINT, SIGTERM and SIGHUP while the sites trade places (where the system can).

    One that comes meanwhile is let go once the new site is in: it came too late to keep the
    old site, and stopping now would only report a finished build as interrupted. A mask holds
    a signal off this thread only; one that another thread (a pool's) takes would still run
    its handler here, so in the main thread the handlers only note it meanwhile."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    came: list[int] = []
    handlers = _noting(came)
    before = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    swapped = False
    try:
        yield
        if hasattr(signal, "sigtimedwait"):
            while signal.sigtimedwait(STOP_SIGNALS, 0) is not None:
                pass
        swapped = True
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
        for number in () if swapped else came:
            signal.raise_signal(number)  # the swap failed: the stop is delivered as asked


def _noting(came: list[int]) -> dict[int, Any]:
    """In the main thread, handle the held signals by noting them in ``came``; the handlers
    they had (none elsewhere: only the main thread may set them)."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {number: signal.signal(number, lambda signum, _frame: came.append(signum))
            for number in STOP_SIGNALS}


@contextlib.contextmanager
def _turn(folder: Path) -> Iterator[None]:
    """One writer at a time beside ``folder``'s output folders: an advisory lock on it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock, builds must not overlap
        yield
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # a folder we may write to but not read: go on without the lock
        yield
        return
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise OutputError(
                        f"another build has been writing in {folder} for over "
                        f"{LOCK_TIMEOUT:.0f} s; try again once it has finished"
                    ) from None
                time.sleep(0.05)
            except OSError:  # a file system without locks (some network mounts)
                break
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _tidy(out: Path) -> None:
    """Clear up after builds that were killed: put a lost site back, remove half-built ones.

    Only folders we made are touched: ``.<name>.building-*`` holding our marker (or nothing)
    and ``.<name>.old-*`` holding a site of ours (or nothing).
    """
    parent = out.parent
    building, old = f".{out.name}.building-", f".{out.name}.old-"
    try:
        names = sorted(os.listdir(parent))
    except OSError:
        return
    for name in names:
        path = parent / name
        if name.startswith(old) and _ours(path / "site") and not os.path.lexists(out):
            os.rename(path / "site", out)  # the two-rename swap was cut between its renames
        leftover = (name.startswith(building) and _ours(path)) or (
            name.startswith(old) and (_ours(path / "site") or _empty(path))
        )
        if leftover:
            _remove(path)


def _ours(path: Path) -> bool:
    return not path.is_symlink() and path.is_dir() and ((path / MARKER).is_file() or _empty(path))


def _empty(path: Path) -> bool:
    try:
        return path.is_dir() and not path.is_symlink() and not any(path.iterdir())
    except OSError:
        return False


def _remove(path: Path) -> None:
    """Remove a folder of ours (or a link), the marker of each site in it last.

    Cut short (a second Ctrl-C while an interrupted build clears up), what is left still holds
    its marker, so the next build knows it as ours and removes it (:func:`_tidy`)."""
    if path.is_symlink():
        path.unlink()
        return
    try:
        entries = [entry for entry in os.scandir(path) if entry.name != MARKER]
    except OSError:
        return
    for entry in entries:
        if not entry.is_dir(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
        elif os.path.lexists(os.path.join(entry.path, MARKER)):
            _remove(Path(entry.path))  # a retired folder's site
        else:
            shutil.rmtree(entry.path, ignore_errors=True)
    with contextlib.suppress(OSError):
        os.unlink(path / MARKER)
    with contextlib.suppress(OSError):
        os.rmdir(path)
