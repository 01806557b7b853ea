"""How many processes a build runs at once: one per core this process may use."""

from __future__ import annotations

import os


def default_jobs() -> int:
    """The cores this process may use (its affinity where the system has one), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
