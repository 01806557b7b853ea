"""``serve``'s threads share the C allocator's one arena (:func:`~.memory.one_arena`).

glibc gives each thread an arena of its own: serve's rebuilds, which run in a thread, made
their values in a second heap while what they replaced lay freed in the first, 2 MiB of
serve's peak after five edits of the 5,000-file benchmark corpus.
"""

from __future__ import annotations

import platform
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

_HEAPS = """
import ctypes, sys, threading
from mentorsite.serve.memory import one_arena
if sys.argv[1] == "one":
    one_arena()
kept = []
thread = threading.Thread(target=lambda: kept.extend(bytearray(2000) for _ in range(2000)))
thread.start()
thread.join()
libc = ctypes.CDLL(None)
libc.open_memstream.restype = ctypes.c_void_p
text, size = ctypes.c_char_p(), ctypes.c_size_t()
stream = ctypes.c_void_p(libc.open_memstream(ctypes.byref(text), ctypes.byref(size)))
libc.malloc_info(0, stream)
libc.fclose(stream)
print(text.value.decode().count("<heap nr="))
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's arenas")
@pytest.mark.parametrize(("arenas", "heaps"), [("one", 1), ("default", 2)])
def test_a_thread_allocates_from_the_one_arena(arenas: str, heaps: int) -> None:
    """A thread's values land in the main heap (glibc's ``malloc_info`` lists each arena's
    heap); without :func:`one_arena`, in a heap of its own, as this test can see."""
    done = subprocess.run([sys.executable, "-c", _HEAPS, arenas], capture_output=True,
                          text=True, check=True)
    assert int(done.stdout) == heaps


def test_serve_takes_one_arena_before_its_first_build_and_threads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mentorsite.serve import server as server_module
    from mentorsite.serve.live import LiveSite

    root = tmp_path / "pair"
    (root / "content").mkdir(parents=True)
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    done: list[str] = []

    def first_build(site: LiveSite, changed: object = None) -> None:
        done.append("build")
        raise KeyboardInterrupt

    monkeypatch.setattr(server_module, "one_arena", lambda: done.append("one arena"))
    monkeypatch.setattr(LiveSite, "rebuild", first_build)
    server_module.serve(root, "127.0.0.1", 0, None, lambda _: None)
    assert done == ["one arena", "build"]
