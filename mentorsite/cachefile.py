"""JSON cache files: read if sound, written whole or not at all.

Caches only ever save time, so a cache that cannot be read is treated as empty and one that
cannot be written is skipped; JSON (never pickle) because a cache folder that arrived with a
cloned repository must not be able to run code.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def read_json(path: Path) -> Any:
    """The file's JSON value, or ``None`` when it is missing or not valid JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as JSON in one string: far faster than json.dump's chunks."""
    write_parts(path, [json.dumps(data).encode("utf-8")])


def write_parts(path: Path, parts: Iterable[bytes]) -> None:
    """Write the parts one after another beside the final name, then rename, so a reader never
    sees half a file; a cache that cannot be written is skipped, leaving nothing behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            for part in parts:
                stream.write(part)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
