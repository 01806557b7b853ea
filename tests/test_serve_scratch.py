"""Where serve keeps its site: the folders of serves killed outright are taken back, and no
other folder is."""

from __future__ import annotations

import gc
import os
import time
import warnings
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


def test_a_remover_still_running_is_kept_not_dropped(tmp_path):
    """serve leaves its folder's removal to a process it does not wait for. The process
    object was dropped at once, still running, and Python said 'ResourceWarning: subprocess
    N is still running' at every stop of serve wherever warnings are shown (python -X dev).
    It is kept; one that has ended is let go at the next removal."""
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        (folder / "inside").mkdir(parents=True)
        (folder / "inside" / "page.html").write_text("<p>x</p>")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scratch.remove_later(first)
        gc.collect()
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []
    [remover] = [process for process in scratch._removers if process.args[-1] == str(first)]
    remover.wait(60)
    assert not first.exists()
    scratch.remove_later(second)
    assert remover not in scratch._removers
    for process in scratch._removers:
        process.wait(60)
    assert not second.exists()
