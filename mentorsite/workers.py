"""What every forked worker does first: arrange to end when the process that forked it does.

A worker blocked waiting for work never notices that its parent was killed outright (``kill -9``,
the kernel out of memory, a CI runner's hard timeout): ``concurrent.futures``' workers then wait
forever, holding the terminal's output open, and ``multiprocessing.Pool``'s print a
BrokenPipeError traceback each when they hand back their next result. On Linux the kernel can end
them with their parent; elsewhere they behave as before.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def end_with_parent(parent: int) -> None:
    """In a worker forked by ``parent`` (its process id): be killed when it ends."""
    if not sys.platform.startswith("linux"):
        return
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return
    prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before the line above took hold
        os._exit(1)
