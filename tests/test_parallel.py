"""Render workers: they write every page and leave on their own once the work is done."""

from __future__ import annotations

import os
import signal
from datetime import date
from pathlib import Path

from mentorsite import parallel
from mentorsite.build import build

GOAL = ("---\ntitle: Speak up\nstarted: 2025-01-01\ndue: 2025-06-30\nwhy: Be heard.\n"
        "success: Two talks.\n---\nThe goal.\n")


def test_workers_are_let_finish_not_terminated(tmp_path: Path, monkeypatch) -> None:
    """Terminating the pool signals workers while holding the task queue's lock, and a worker
    waiting for that lock was seen to outlive the signal, leaving the build waiting forever."""
    root = tmp_path / "pair"
    (root / "content/goals").mkdir(parents=True)
    (root / "content/checkins").mkdir()
    (root / "content/goals/speak.md").write_text(GOAL)
    for day in range(1, 11):
        (root / f"content/checkins/2025-01-{day:02d}.md").write_text(
            f"---\ngoals:\n  speak: {{}}\n---\nDay {day}.\n")
    sent: list[int] = []
    real_kill = os.kill

    def kill(pid: int, sig: int) -> None:
        sent.append(sig)
        real_kill(pid, sig)

    monkeypatch.setattr(os, "kill", kill)
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    build(root, tmp_path / "_site", today=date(2025, 3, 1), history=False, jobs=2)
    assert (tmp_path / "_site/checkins/2025-01-10/index.html").is_file()
    assert signal.SIGTERM not in sent
