"""What ``serve`` keeps of its memory between rebuilds: the memory a build freed, handed back to
the system (:func:`give_back`)."""

from __future__ import annotations

import ctypes
import sys


def give_back() -> None:
    """Return to the system the memory the C allocator holds freed (glibc's ``malloc_trim``;
    elsewhere nothing). A whole build frees much of what it made on its way (the history read
    from another process, each part of data.json made, the model's intermediate values), and
    glibc keeps it: serve rested 21 MiB above what it uses on the 5,000-file benchmark
    corpus, and the pages it narrows next and every later rebuild were added on top of it."""
    if not sys.platform.startswith("linux"):
        return
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # another C library (musl)
        return
    trim(0)

