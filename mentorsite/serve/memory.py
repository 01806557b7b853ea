"""What ``serve`` keeps of its memory between rebuilds: one arena for all its threads
(:func:`one_arena`), and the memory a build freed, handed back to the system
(:func:`give_back`)."""

from __future__ import annotations

import ctypes
import sys

_M_ARENA_MAX = -8
"""glibc's ``mallopt`` parameter (``malloc.h``): how many arenas the threads allocate from."""


def _libc() -> ctypes.CDLL | None:
    """The C library on Linux, else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None)
    except OSError:
        return None


def one_arena() -> None:
    """Have every thread of this process allocate from the C allocator's main arena (glibc's
    ``M_ARENA_MAX``; elsewhere nothing); call it before the threads start. glibc gives a
    thread an arena of its own: serve's rebuilds, which run in a thread, made their values
    in a second heap while what they replaced lay freed in the first, given back only when
    serve settles, 2 MiB of serve's peak after five edits of the 5,000-file benchmark corpus
    (153.4 MiB, now 151.4). Python runs one thread at a time: they hardly wait for each
    other's allocations."""
    libc = _libc()
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is not None:
        mallopt(_M_ARENA_MAX, 1)


def give_back() -> None:
    """Return to the system the memory the C allocator holds freed (glibc's ``malloc_trim``;
    elsewhere nothing). A whole build frees much of what it made on its way (the history read
    from another process, each part of data.json made, the model's intermediate values), and
    glibc keeps it: serve rested 21 MiB above what it uses on the 5,000-file benchmark
    corpus, and the pages it narrows next and every later rebuild were added on top of it."""
    trim = getattr(_libc(), "malloc_trim", None)  # none in another C library (musl)
    if trim is not None:
        trim(0)
