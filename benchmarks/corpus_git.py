"""Give a benchmark corpus a git history of exactly C commits, through ONE ``git fast-import``.

The history tells the corpus's story in date order: settings first, each file added on its
day, goals reframed later (a target and a deadline move), check-ins committed as a draft and
finished a day later, evidence renamed after it was filed, every 25th change made on a short
branch and merged with ``--no-ff`` semantics (a merge commit with two parents), some direct
commits squash-merged ``(#N)`` and some signed off with ``Reviewed-by:``. Every timestamp is
fixed, so the same corpus gives the same commit ids. The last commit's tree is exactly the
working tree the corpus writer made, so ``git status`` is clean afterwards.
"""

from __future__ import annotations

import copy
import os
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

from corpus_model import Entry
from corpus_yaml import document

PR_EVERY = 25
"""One change in this many is a pull request: two branch commits and a merge commit."""
RENAME_EVERY = 100
"""One commit in this many renames an evidence file."""
AUTHORS = (("Priya Raman", "priya@example.com"), ("Jordan Ellis", "jordan@example.com"),
           ("Sam Okafor", "sam@example.com"))
GITIGNORE = "_site/\n.mentorsite-cache/\n"
_LABELS = {"goal": "Goal", "checkin": "Check-in", "reflection": "Reflection",
           "evidence": "Evidence"}


@dataclass(frozen=True)
class Op:
    """One change to one file: add or modify (``text``), or rename ``old`` → ``path``."""

    when: datetime
    path: str
    message: str
    text: str | None = None
    old: str | None = None


@dataclass
class _Stream:
    """The fast-import input being written, with its mark counter."""

    chunks: list[bytes] = field(default_factory=list)
    mark: int = 0

    def data(self, payload: bytes) -> None:
        self.chunks.append(b"data %d\n" % len(payload) + payload + b"\n")

    def blob(self, text: str) -> int:
        self.mark += 1
        self.chunks.append(b"blob\nmark :%d\n" % self.mark)
        self.data(text.encode())
        return self.mark


def _at(day: object, minute: int = 0) -> datetime:
    """Evening of ``day`` (a date), ``minute`` minutes past 18:00 UTC."""
    moment = datetime.combine(day, time(18), tzinfo=timezone.utc)  # type: ignore[arg-type]
    return moment + timedelta(minutes=minute)


def _goal_draft(entry: Entry) -> str:
    """The goal as first written: an easier target and a later deadline."""
    meta = copy.deepcopy(entry.meta)
    metric = meta["metrics"][0]
    metric["target"] = metric["target"] + (1 if metric["target"] >= metric["baseline"] else -1)
    meta["due"] = meta["due"] + timedelta(days=30)
    return document(meta, entry.body)


def _checkin_draft(entry: Entry, cut: int) -> str:
    """The check-in with its last ``cut`` body blocks not yet written."""
    blocks = entry.body.rstrip("\n").split("\n\n")
    keep = max(1, len(blocks) - cut)
    return document(entry.meta, "\n\n".join(blocks[:keep]) + "\n")


def plan_ops(entries: list[Entry], settings: str, commits: int) -> list[Op]:
    """Every file change in date order: enough to fill ``commits`` commits where possible."""
    merges = commits // PR_EVERY
    direct = commits - merges
    evidence = [e for e in entries if e.kind == "evidence"]
    renames = set(e.path for e in evidence[:: max(1, len(evidence) // max(1, commits //
                                                                         RENAME_EVERY))])
    goals = [e for e in entries if e.kind == "goal"]
    checkins = [e for e in entries if e.kind == "checkin"]
    base = 1 + len(entries) + len(renames) + len(goals)
    drafts = max(0, direct - base)
    first = min(e.day for e in entries)
    ops = [Op(_at(first - timedelta(days=8)), "mentorsite.yml", "Start the mentorship",
              settings)]
    ops.append(Op(_at(first - timedelta(days=8), 1), ".gitignore", "Ignore the build",
                  GITIGNORE))
    for index, entry in enumerate(entries):
        ops.extend(_entry_ops(entry, index, entry.path in renames, drafts, len(checkins)))
    return sorted(ops, key=lambda op: op.when)


def _entry_ops(entry: Entry, index: int, rename: bool, drafts: int,
               checkins: int) -> list[Op]:
    """The changes that bring one file to its final text."""
    kind, when = entry.kind, _at(entry.day, index % 300)
    if kind == "goal":
        later = when + timedelta(days=20 + index % 200)
        return [Op(when, entry.path, f"Set goal: {entry.title}", _goal_draft(entry)),
                Op(later, entry.path, f"Reframe {entry.slug}: raise the bar", entry.text())]
    if kind == "evidence" and rename:
        old = entry.path.replace(".md", "-draft.md")
        return [Op(when, old, f"Evidence: {entry.title}", entry.text()),
                Op(when + timedelta(days=2), entry.path, "Rename the evidence file", old=old)]
    if kind == "checkin" and drafts:
        rounds = drafts // checkins + (1 if index % checkins < drafts % checkins else 0)
        if rounds:
            ops = [Op(when, entry.path, f"Check-in {entry.slug} (draft)",
                      _checkin_draft(entry, rounds))]
            ops += [Op(when + timedelta(hours=r + 1), entry.path, f"Finish check-in notes "
                       f"{entry.slug}", _checkin_draft(entry, rounds - r - 1))
                    for r in range(rounds)]
            return ops
    return [Op(when, entry.path, f"{_LABELS[kind]}: {entry.title}", entry.text())]


def _groups(ops: list[Op], direct: int) -> list[list[Op]]:
    """Split the ops into ``direct`` commits (fewer if there are fewer ops), in order."""
    count = min(direct, len(ops))
    return [ops[i * len(ops) // count:(i + 1) * len(ops) // count] for i in range(count)]


def _subject(ops: list[Op]) -> str:
    more = f" (+{len(ops) - 1} more)" if len(ops) > 1 else ""
    return ops[0].message + more


class _History:
    """Writes commits into a fast-import stream, keeping main's tip and the clock."""

    def __init__(self) -> None:
        self.stream = _Stream()
        self.tip: int | None = None
        self.clock = 0
        self.count = 0
        self.pr = 0

    def _changes(self, ops: list[Op], blobs: dict[int, int]) -> list[bytes]:
        """Blob marks for the ops (written now if new) and the file-change lines."""
        lines = []
        for op in ops:
            if op.old is not None:
                lines.append(f"R {op.old} {op.path}\n".encode())
                continue
            if id(op) not in blobs:
                blobs[id(op)] = self.stream.blob(op.text or "")
            lines.append(f"M 100644 :{blobs[id(op)]} {op.path}\n".encode())
        return lines

    def commit(self, ref: str, ops: list[Op], message: str, parents: list[int],
               blobs: dict[int, int], when: datetime | None = None) -> int:
        """One commit on ``ref``; returns its mark."""
        changes = self._changes(ops, blobs)
        stamp = int((when or ops[-1].when).timestamp())
        self.clock = max(self.clock + 60, stamp)
        name, email = AUTHORS[self.count % len(AUTHORS)]
        self.count += 1
        self.stream.mark += 1
        mark = self.stream.mark
        who = f"{name} <{email}> {self.clock} +0000\n"
        self.stream.chunks.append(
            f"commit {ref}\nmark :{mark}\nauthor {who}committer {who}".encode()
        )
        self.stream.data(message.encode())
        if parents:
            self.stream.chunks.append(f"from :{parents[0]}\n".encode())
        for parent in parents[1:]:
            self.stream.chunks.append(f"merge :{parent}\n".encode())
        self.stream.chunks.extend(changes)
        self.stream.chunks.append(b"\n")
        return mark

    def direct(self, ops: list[Op]) -> None:
        """A commit straight on main: some squash-merged, some signed off."""
        message = _subject(ops)
        if self.count % 10 == 3:
            self.pr += 1
            message += f" (#{self.pr})"
        if self.count % 5 == 1:
            message += "\n\nReviewed-by: Jordan Ellis <jordan@example.com>"
        self.tip = self.commit("refs/heads/main", ops, message + "\n",
                               [self.tip] if self.tip else [], {})

    def pull_request(self, first: list[Op], second: list[Op]) -> None:
        """Two commits on a short branch, merged into main with a merge commit."""
        self.pr += 1
        blobs: dict[int, int] = {}
        base = [self.tip] if self.tip else []
        one = self.commit("refs/heads/topic", first, _subject(first) + "\n", base, blobs)
        two = self.commit("refs/heads/topic", second, _subject(second) + "\n", [one], blobs)
        branch = f"pair/{first[0].path.rsplit('/', 1)[-1].removesuffix('.md')}"
        message = (f"Merge pull request #{self.pr} from {branch}\n\n{_subject(first)}\n\n"
                   "Approved-by: Sam Okafor <sam@example.com>\n")
        when = datetime.fromtimestamp(self.clock + 600, tz=timezone.utc)
        self.tip = self.commit("refs/heads/main", first + second, message,
                               [*base, two], blobs, when)


def write_history(root: Path, entries: list[Entry], settings: str, commits: int) -> int:
    """Create ``root/.git`` with ``commits`` commits ending in the working tree; the count."""
    merges = commits // PR_EVERY
    groups = _groups(plan_ops(entries, settings, commits), commits - merges)
    starts = _pr_starts(len(groups), merges)
    history = _History()
    index = 0
    while index < len(groups):
        if index in starts and index + 1 < len(groups):
            history.pull_request(groups[index], groups[index + 1])
            index += 2
        else:
            history.direct(groups[index])
            index += 1
    _import(root, b"".join(history.stream.chunks))
    return history.count


def _pr_starts(groups: int, merges: int) -> set[int]:
    """Where each pull request starts: spread evenly, never overlapping."""
    if merges == 0 or groups < 3:
        return set()
    step = max(2, groups // merges)
    return {1 + k * step for k in range(merges) if 1 + k * step + 1 < groups}


def _import(root: Path, stream: bytes) -> None:
    """``git init`` + one ``fast-import``, then the index from HEAD (the tree is on disk)."""
    (root / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-01-15T12:00:00Z",
           "GIT_COMMITTER_DATE": "2026-01-15T12:00:00Z"}

    def git(*args: str, data: bytes | None = None) -> None:
        subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=root, env=env,
                       input=data, check=True, capture_output=True)

    git("init", "-q")
    git("fast-import", "--quiet", "--done", data=stream + b"done\n")
    git("symbolic-ref", "HEAD", "refs/heads/main")
    git("update-ref", "-d", "refs/heads/topic")
    git("reset", "-q", "--mixed", "main")
