"""Keep Python's cycle collector out of the build's way, without ever leaving it switched off.

A build allocates a few hundred thousand long-lived objects (the model, the pages) and almost no
reference cycles, yet the collector rescans the growing heap every few hundred allocations:
about a third of the reading stages' time on a large site. Reading therefore runs with the
collector paused, and rendering collects only what it allocates itself (the heap built so far is
frozen, which also keeps forked workers from touching, and so copying, the parent's pages).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cycle collection inside; the collector's state is restored on the way out."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def young_collection() -> Iterator[None]:
    """Cycle collection on, but only over objects allocated inside (forked workers included)."""
    enabled = gc.isenabled()
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        gc.unfreeze()
        if not enabled:
            gc.disable()
