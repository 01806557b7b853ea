"""A cache of what was read from git, keyed by commit id, so a rebuild reads only new commits.

Stored as JSON (see :mod:`mentorsite.cachefile`) under the source folder's
``.mentorsite-cache/``. Safe to delete at any time;
anything unreadable is ignored and rebuilt.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from mentorsite.cachefile import read_json, write_json
from mentorsite.commits import Commit, FileChange

VERSION = 1


@dataclass(frozen=True)
class CachedLog:
    """Commits (newest first) and blobs as they were when ``head`` was the newest commit."""

    head: str
    commits: tuple[Commit, ...]
    blobs: dict[str, bytes]


def load(path: Path, prefix: str) -> CachedLog | None:
    """The cached log for this source folder, or ``None`` when there is none worth trusting."""
    data = read_json(path)
    try:
        if data.get("version") != VERSION or data.get("prefix") != prefix:
            return None
        return CachedLog(
            head=data["head"],
            commits=tuple(_commit(c) for c in data["commits"]),
            blobs={sha: base64.b64decode(text) for sha, text in data["blobs"].items()},
        )
    except (AttributeError, ValueError, KeyError, TypeError):
        return None


def save(path: Path, prefix: str, log: CachedLog) -> None:
    write_json(path, {
        "version": VERSION,
        "prefix": prefix,
        "head": log.head,
        "commits": [_plain(c) for c in log.commits],
        "blobs": {sha: base64.b64encode(blob).decode("ascii") for sha, blob in log.blobs.items()},
    })


def _plain(commit: Commit) -> dict[str, Any]:
    return {
        "sha": commit.sha, "parents": list(commit.parents), "author": commit.author,
        "email": commit.email, "date": commit.date.isoformat(), "subject": commit.subject,
        "body": commit.body, "reviewers": list(commit.reviewers),
        "changes": [
            [c.status, c.path, c.old_path, c.old_blob, c.new_blob] for c in commit.changes
        ],
    }


def _commit(data: dict[str, Any]) -> Commit:
    return Commit(
        sha=data["sha"], parents=tuple(data["parents"]), author=data["author"],
        email=data["email"], date=datetime.fromisoformat(data["date"]),
        subject=data["subject"], body=data["body"], reviewers=tuple(data["reviewers"]),
        changes=tuple(FileChange(*change) for change in data["changes"]),
    )
