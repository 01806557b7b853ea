"""The state of the disk the builds write to, put beside the figures it sways.

Every tool here makes a folder and a page for each content file, so how fast the kernel makes
them moves every figure, and on ext4 without a journal (the machine of RESULTS.md) it changes
from minute to minute: making a file there passes over every inode freed in the last one to six
minutes, one by one (:func:`measure.set_aside`). A run started soon after a large deletion (a
previous run's clean-up, a ``rm -rf`` of old sites) is slowed for minutes: a minute after one,
Hugo's cold 5,000-file build took 1.72 s instead of 1.07 s, ours 2.47 s instead of 1.92 s
(README.md). The runner calls :func:`probe` before and after the cold builds and the report
prints both, so that two runs can be read side by side knowing whether their disks were alike.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from measure import set_aside

PROBE_PAGES = 1000
"""Folders the probe makes, each with one page: a fifth of the 5,000-file corpus's pages."""
PAGE = b"<!doctype html>".ljust(11_000, b"x")
"""About the size of a check-in page of the corpus."""


def probe(folder: Path, spent: Path, pages: int = PROBE_PAGES) -> float:
    """CPU seconds (user + system, this process) to make ``pages`` folders in ``folder``,
    each holding an ``index.html``, as pretty URLs have them. The folders are set aside in
    ``spent``, not deleted: a deletion would slow what is measured next."""
    folder.mkdir(parents=True, exist_ok=True)
    made = Path(tempfile.mkdtemp(prefix="disk-probe-", dir=folder))
    before = time.process_time()
    for index in range(pages):
        page = made / f"p{index}"
        page.mkdir()
        handle = os.open(page / "index.html", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(handle, PAGE)
        finally:
            os.close(handle)
    took = time.process_time() - before
    set_aside(made, spent)
    return took


def file_system(path: Path, mountinfo: str | None = None, journals: set[str] | None = None
                ) -> str:
    """What ``path`` is stored on: its file system's type, and for ext3/ext4 whether it has a
    journal (``/proc/fs/jbd2`` lists the devices that have one). ``mountinfo`` and
    ``journals`` stand in for ``/proc/self/mountinfo`` and that listing; "unknown" where the
    system does not say (not Linux)."""
    try:
        if mountinfo is None:
            mountinfo = Path("/proc/self/mountinfo").read_text(encoding="utf-8")
        if journals is None:
            journals = set(os.listdir("/proc/fs/jbd2")) if os.path.isdir("/proc/fs/jbd2") \
                else set()
    except OSError:
        return "unknown"
    mount = _mount_of(str(path.resolve()), mountinfo)
    if mount is None:
        return "unknown"
    kind, device = mount
    if kind not in ("ext3", "ext4"):
        return kind
    name = os.path.basename(os.path.realpath(device))  # /dev/mapper/vg-root is dm-0 there
    journalled = any(entry.rsplit("-", 1)[0] == name for entry in journals)
    return kind if journalled else f"{kind} without a journal"


def _mount_of(path: str, mountinfo: str) -> tuple[str, str] | None:
    """The type and source device of the mount that holds ``path``: the one with the longest
    mount point on its way (``man 5 proc``: fields 5, and 1 and 2 after the `` - ``)."""
    found: tuple[int, str, str] | None = None
    for line in mountinfo.splitlines():
        fields, _, rest = line.partition(" - ")
        parts, after = fields.split(), rest.split()
        if len(parts) < 5 or len(after) < 2:
            continue
        point = parts[4].replace("\\040", " ")
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and (found is None or len(point) >= found[0]):
            found = (len(point), after[0], after[1])
    return None if found is None else (found[1], found[2])


def described(taken: list[float], kind: str) -> str:
    """A sentence on the disk: its file system and the probes before and after the builds."""
    times = " and ".join(f"{seconds:.2f} s" for seconds in taken) or "not probed"
    return (f"disk of the work folder: {kind}; making {PROBE_PAGES:,} folders with an "
            f"11 kB page each took {times} of CPU before and after the cold builds. "
            "Many times the quiet figure means files were deleted minutes before, which "
            "slows every tool's writing (README.md, \"set aside\")")


def told(taken: list[float], folder: Path) -> str:
    """:func:`described` for ``folder``'s file system, as a sentence of its own: what the
    scripts that measure builds print after them."""
    return f"The {described(taken, file_system(folder))}."
