"""Cache files: a save leaves one file, and clears the temporaries of builds killed saving."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import tracemalloc

import pytest

from mentorsite.cachefile import read_json, write_parts

KILLED_WHILE_SAVING = """
import os, signal, sys
from pathlib import Path
from mentorsite.cachefile import parts_writer
with parts_writer(Path(sys.argv[1])) as write:
    write(b"half a cache")
    os.kill(os.getpid(), signal.SIGKILL)
"""


def _temporaries(folder) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith(".markdown-"))


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL and process ids are POSIX")
def test_the_next_save_removes_what_a_build_killed_while_saving_left(tmp_path):
    """A build killed (SIGKILL) while saving a cache cannot remove its temporary file: one
    was left in the cache folder for good at each such stop."""
    cache = tmp_path / "markdown.json"
    done = subprocess.run([sys.executable, "-c", KILLED_WHILE_SAVING, str(cache)],
                          check=False)
    assert done.returncode == -signal.SIGKILL
    assert len(_temporaries(tmp_path)) == 1  # what the killed build left
    write_parts(cache, [b"{}"])
    assert _temporaries(tmp_path) == []
    assert cache.read_bytes() == b"{}"


def test_only_stale_temporaries_are_removed(tmp_path):
    """One a running build may be writing is kept: it is recent, or named with a live process;
    and nothing not named as a temporary of that cache is touched."""
    cache = tmp_path / "markdown.json"
    old = tmp_path / ".markdown-abcd_123"  # no process in its name: an earlier version's
    recent = tmp_path / ".markdown-wxyz_789"
    live = tmp_path / f".markdown-{os.getpid()}-abcdefgh"
    others = [tmp_path / ".markdown-notes", tmp_path / ".history-abcdefgh",
              tmp_path / "markdown-abcdefgh"]
    for path in (old, recent, live, *others):
        path.write_bytes(b"x")
    long_ago = time.time() - 24 * 3600  # stale by any measure: an hour is the one used
    for path in (old, *others):
        os.utime(path, (long_ago, long_ago))
    write_parts(cache, [b"{}"])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (cache, recent, live, *others))


def test_a_large_cache_is_not_in_memory_as_bytes_while_its_value_is_made(tmp_path):
    """The Markdown cache of the 5,000-file benchmark corpus is 9.9 MB, read just as a build
    starts rendering: its bytes, its text and its value were all held at once, at the peak of
    serve's first build. The bytes now go once decoded."""
    path = tmp_path / "cache.json"
    html = "<p>" + "x" * 5_000_000 + "</p>"
    path.write_text('{"html":{"k":"' + html + '"}}', encoding="utf-8")
    tracemalloc.start()
    try:
        value = read_json(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert value == {"html": {"k": html}}
    assert peak < 2.5 * len(html)  # the text and the value; not the bytes besides
