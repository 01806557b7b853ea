"""A cache of what was read from git, keyed by commit id, so a rebuild reads only new commits.

One file under the source folder's ``.mentorsite-cache/``: a line with the CRC-32 of the rest,
a line of JSON (the commits, and where each blob lies), then the blobs' bytes one after
another, compressed as the log holds them. The blobs are written and read as they are, with no
encoding: the build that saves the cache is reading the content at the same moment, and a
whole-file JSON with base64 blobs would hold two more copies of every old version in memory
then. JSON and bytes only, never pickle: a cache folder that arrived with a cloned repository
must not be able to run code. Safe to delete at any time; anything unreadable is ignored and
rebuilt. The CRC makes a damaged file (a bit flipped on a disk, in a CI cache's transfer)
unreadable too: a flipped byte in a blob dropped that old version from the site, and one in
the JSON could change a name or a date, where a build without the cache showed them as they
are.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from sys import intern
from typing import Any

from mentorsite.cachefile import read_cache, write_parts
from mentorsite.history.commits import Commit, FileChange

VERSION = 15
"""4: commit messages and names hold no character a page may not (see parse_record); 5: nor
an e-mail address; 6: a merge lists the files it resolved; 7: and those git moved in it; 8:
no name is an e-mail address, and a sign-off given as one is kept; 9: copies are read as
copies; 10: a trailer in a message that gives only an address keeps its local part; 11:
sign-offs are read from the trailer block alone; 12: a merge's file keeps its versions in the
other parents; 13: names as the ``.mailmap`` gives them (under the digest of its text); 14:
names and messages in UTF-8 whatever ``i18n.logOutputEncoding`` is, and renames found
whatever ``diff.renameLimit`` is; 15: each commit's files in git's order whatever
``diff.orderFile`` says."""
FILE = "history.cache"
"""Its name in the cache folder."""
_CHECK = len(b"%08x\n" % 0)
"""The length of the first line, the CRC-32 of all that follows it."""


@dataclass(frozen=True)
class CachedLog:
    """Commits (newest first) and blobs as they were when ``head`` was the newest commit."""

    head: str
    commits: tuple[Commit, ...]
    blobs: dict[str, bytes]


def load(path: Path, prefix: str, people: str) -> CachedLog | None:
    """The cached log for this source folder, its names mapped by the ``.mailmap`` whose
    digest is ``people``; ``None`` when there is none worth trusting."""
    data = read_cache(path)
    if data is None:
        return None
    try:
        end = data.index(b"\n", _CHECK)
        if data[:_CHECK] != b"%08x\n" % zlib.crc32(memoryview(data)[_CHECK:]):
            return None
        header, stored = data[_CHECK:end], data[end + 1:]
        del data
        meta = json.loads(header)
        if (meta.get("version"), meta.get("prefix"), meta.get("people")) != (
                VERSION, prefix, people):
            return None
        blobs: dict[str, bytes] = {}
        for sha, (start, size) in meta["blobs"].items():
            if not (isinstance(start, int) and isinstance(size, int)
                    and 0 <= start <= start + size <= len(stored)):
                return None
            blobs[sha] = stored[start:start + size]
        return CachedLog(
            head=meta["head"],
            commits=tuple(_commit(c) for c in meta["commits"]),
            blobs=blobs,
        )
    except (AttributeError, ValueError, KeyError, TypeError, RecursionError):
        return None


def save(path: Path, prefix: str, people: str, log: CachedLog) -> None:
    """The check line, the header line, then every blob as it is (see
    :func:`cachefile.write_parts`)."""
    where: dict[str, tuple[int, int]] = {}
    start = 0
    for sha, blob in log.blobs.items():
        where[sha] = (start, len(blob))
        start += len(blob)
    header = json.dumps({
        "version": VERSION,
        "prefix": prefix,
        "people": people,
        "head": log.head,
        "commits": [_plain(c) for c in log.commits],
        "blobs": where,
    })
    head = header.encode("utf-8") + b"\n"
    check = zlib.crc32(head)
    for blob in log.blobs.values():
        check = zlib.crc32(blob, check)
    write_parts(path, (b"%08x\n" % check, head, *log.blobs.values()))


def _plain(commit: Commit) -> dict[str, Any]:
    return {
        "sha": commit.sha, "parents": list(commit.parents), "author": commit.author,
        "email": commit.email, "date": commit.date.isoformat(), "subject": commit.subject,
        "body": commit.body, "reviewers": list(commit.reviewers),
        "changes": [
            [c.status, c.path, c.old_path, c.old_blob, c.new_blob, list(c.merged_with)]
            for c in commit.changes
        ],
    }


def _commit(data: dict[str, Any]) -> Commit:
    """A commit as :func:`_plain` wrote it, its people's names and addresses interned, as
    :func:`~mentorsite.history.parse.parse_record` gives them: JSON makes each anew."""
    return Commit(
        sha=data["sha"], parents=tuple(data["parents"]), author=intern(data["author"]),
        email=intern(data["email"]), date=datetime.fromisoformat(data["date"]),
        subject=data["subject"], body=data["body"],
        reviewers=tuple(map(intern, data["reviewers"])),
        changes=tuple(_change(*change) for change in data["changes"]),
    )


def _change(status: str, path: str, old_path: str | None, old_blob: str | None,
            new_blob: str | None, merged_with: list[str | None]) -> FileChange:
    return FileChange(status, path, old_path, old_blob, new_blob, tuple(merged_with))
