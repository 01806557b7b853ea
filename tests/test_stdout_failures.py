"""Standard output that cannot be written ends the command with one line, never a traceback.

A script reading ``mentorsite status --format json`` from a full disk gets half a document; the
command must say so and fail (exit 1). A closed pipe (``| head``) is the reader's choice, and
ends the command quietly as Click ends it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEMO_DAY

COMMANDS = [
    ["schema"], ["schema", "goal"], ["check"], ["check", "--format", "json"], ["status"],
    ["status", "--format", "json"], ["report"], ["report", "--format", "json"],
    ["new", "goal", "Run a workshop"],
]
FULL = Path("/dev/full")


def _run(root: Path, args: list[str], stdout: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mentorsite", "--source", str(root),
         "--today", DEMO_DAY.isoformat(), *args],
        stdout=stdout, stderr=subprocess.PIPE, text=True, check=False, timeout=120,
    )


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_full_disk_is_one_line_and_exit_1(args: list[str], make_repo, valid_goal) -> None:
    root = make_repo({"content/goals/speak.md": valid_goal})
    with FULL.open("w") as full:
        done = _run(root, args, full.fileno())
    assert "Traceback" not in done.stderr
    assert "Error: cannot write output: No space left on device" in done.stderr
    assert done.returncode == 1


def test_a_closed_pipe_ends_the_command_quietly(make_repo, valid_goal) -> None:
    root = make_repo({"content/goals/speak.md": valid_goal})
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before a byte is written, as with `| head -0`
    try:
        done = _run(root, ["schema"], write_end)
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr and "cannot write output" not in done.stderr
    assert done.returncode == 1
