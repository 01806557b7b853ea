"""Where serve keeps its site: the folders of serves killed outright are taken back, and no
other folder is."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from mentorsite.serve import scratch


def _left(parent: Path, name: str, age: float) -> Path:
    """A serve's folder with its lock file, held by nobody, last changed ``age`` seconds ago."""
    folder = parent / f"{scratch.SERVING}{name}"
    folder.mkdir()
    (folder / "serving.lock").touch()
    then = time.time() - age
    os.utime(folder, (then, then))
    return folder


def test_only_this_users_folders_unchanged_for_a_while_are_taken_as_abandoned(tmp_path):
    """A folder just made has not been locked yet by the serve that made it, so it is left
    until it has stood unchanged for a while; one unlocked and old enough is a killed serve's."""
    killed = _left(tmp_path, "killed", scratch.ABANDONED_AFTER + 60)
    _left(tmp_path, "young", 1)
    assert scratch._abandoned(tmp_path) == [killed]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="only root can give a folder to another user")
def test_another_users_killed_serve_is_left_even_to_root(tmp_path):
    """A shared temporary folder holds every user's serves: root could open and remove
    another user's, and must not."""
    theirs = _left(tmp_path, "theirs", scratch.ABANDONED_AFTER + 60)
    os.chown(theirs, 4242, 4242)
    os.chown(theirs / "serving.lock", 4242, 4242)
    assert scratch._abandoned(tmp_path) == []
