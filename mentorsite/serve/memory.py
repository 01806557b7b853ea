"""What ``serve`` keeps of its memory between rebuilds: the digest of a file's text in place of
the text (:func:`digest`), and the memory a build freed, handed back to the system
(:func:`give_back`)."""

from __future__ import annotations

import ctypes
import hashlib
import sys
from collections.abc import Iterable


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


_SLICE = 1 << 16
"""How many characters of a part :func:`digest` encodes at once."""


def digest(parts: Iterable[str]) -> bytes:
    """A file's text, given in parts, as a digest that tells it from any other text.

    Each part is encoded a slice at a time: a part of ``data.json`` is a whole kind of
    entry (4.8 MB for the check-ins of the 5,000-file benchmark corpus), and encoding it
    whole made a copy of it as bytes on every build, just before a whole build forks its
    render workers and at the peak of a rebuild. UTF-8 encodes each character on its own,
    so the slices encode to the same bytes as the whole part."""
    hashed = hashlib.blake2b()
    for part in parts:
        for start in range(0, len(part), _SLICE):
            hashed.update(part[start:start + _SLICE].encode("utf-8", "surrogatepass"))
    return hashed.digest()
