"""Which processes are still running: for tests that stop a command and look for leftovers."""

from __future__ import annotations

import os
from pathlib import Path


def running_with(path: Path) -> list[int]:
    """Processes (forked workers included) whose command line names ``path``: Linux only."""
    found = []
    for entry in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            arguments = entry.read_bytes().split(b"\0")
        except OSError:
            continue
        if os.fsencode(path) in arguments:
            found.append(int(entry.parent.name))
    return found
