"""When a file's size and times may stand for its bytes.

A second save within the file system's time resolution leaves a file's size and times as
they were, so a file changed a moment ago must be read again whatever they say (git calls
this the racy case). Those kept in memory by ``serve`` (content files, templates' facts) are
trusted unchanged only once settled.
"""

from __future__ import annotations

SETTLED_NS = 2_000_000_000
"""A file whose last change is older than this (2 s) is trusted unchanged while its size and
times stay the same; a younger one is read again. 2 s covers file systems that keep whole
(FAT: even) seconds."""
SETTLED_FINE_NS = 100_000_000
"""The same for a file whose times have a fraction of a second: its file system keeps finer
times (Linux updates them at every clock tick, 1 to 10 ms)."""


def settled(mtime_ns: int, ctime_ns: int, now_ns: int) -> bool:
    """Whether a file last changed at these times can no longer change unseen by them."""
    changed = max(mtime_ns, ctime_ns)
    window = SETTLED_FINE_NS if changed % 1_000_000_000 else SETTLED_NS
    return now_ns - changed > window
