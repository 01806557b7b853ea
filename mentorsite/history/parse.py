"""What git prints for the history, read: the log's records into commits, ``cat-file --batch``
answers into file versions, ``status`` lines into paths. Nothing here runs git
(:mod:`mentorsite.history.log` does); each function takes bytes and gives plain data.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta, timezone
from sys import intern
from typing import IO

from mentorsite.history.command import decode
from mentorsite.history.commits import Commit, FileChange, WorkingTree
from mentorsite.history.mailmap import Mailmap
from mentorsite.read.files import MAX_FILE_BYTES, Oversized
from mentorsite.text import on_pages

RECORD = b"\x1e"
"""Starts each commit in our log format; git forbids it nowhere, so we also count fields."""
FORMAT = "%x1e%H%x00%P%x00%an%x00%ae%x00%aI%x00%B%x00"
"""``git log --format`` of the records :func:`records` cuts and :func:`parse_record` reads."""
_HEADER_FIELDS = 6
_TRAILER_KEYS = ("reviewed-by", "approved-by")
_CHUNK = 1 << 16
_ADDRESS = re.compile(r"[ \t]{0,64}(?:<[^<>\s]{0,320}@[^<>\s]{0,320}>"
                      r"|[^\s<>@:(\[]{1,64}@[^\s<>@]{1,255}\.[^\s<>@)\]]{1,63})")
"""An e-mail address, as git writes an identity (``Ana <ana@home.example>``) or bare. Each
part is bounded, as addresses are (a local part of 64 characters, a domain of 255): from
every character of a long run of spaces or of letters without an ``@``, an unbounded part
read to the run's end, and a commit message of 8,000 such characters took 0.7 s."""
_TRAILER_LINE = re.compile(r"(?P<key>[A-Za-z][\w-]*):(?P<value>.*\S.*)")
"""A ``Key: value`` line, as trailers are written."""


def records(stream: IO[bytes]) -> Iterator[bytes]:
    """The log's records as they arrive: each starts with :data:`RECORD`, cut off here."""
    pending = b""
    started = False
    while chunk := stream.read1(_CHUNK):  # type: ignore[attr-defined]
        *complete, pending = (pending + chunk).split(RECORD)
        if not started and complete:
            complete, started = complete[1:], True  # what comes before the first record
        yield from complete
    if started:
        yield pending


def collect_blobs(stream: IO[bytes], blobs: dict[str, bytes],
                  keep: Callable[[bytes], bytes] | None = None) -> None:
    """Read ``cat-file --batch`` answers into ``blobs``, each as ``keep`` makes it (a version
    too large to be a content file as :data:`TOO_LARGE`); without ``keep``, as it is, one
    too large as its :class:`~mentorsite.read.files.Oversized` start. Missing ones (shallow
    clones) are skipped. Nothing here may raise: a dead reader would leave cat-file blocked
    on a full pipe, and the log's parser blocked writing to it."""
    while header := stream.readline():
        parts = header.decode("ascii", "replace").split()
        if len(parts) != 3 or not parts[2].isdigit():
            continue  # "<id> missing"
        size = int(parts[2])
        if size > MAX_FILE_BYTES:
            start = stream.read(MAX_FILE_BYTES) if keep is None else b""
            left = size - len(start)
            while left > 0 and (part := stream.read(min(left, _SKIPPED))):
                left -= len(part)
            blobs[parts[0]] = Oversized(start, size) if keep is None else keep(TOO_LARGE)
        else:
            data = stream.read(size)
            blobs[parts[0]] = data if keep is None else keep(data)
        stream.read(1)  # the newline after the content


TOO_LARGE = b"---\nprivate: true\n---\n"
"""What a version larger than a content file may be (:data:`MAX_FILE_BYTES`) is read as: one
marked private, so the file's past is withheld. A 2 GB file of zeros is a 2 MB commit, and
reading it whole took 4.5 GB on every build after; ``check`` never read such a file, its text
was never the site's to show, and whether it marked itself private cannot be known without
reading it all, so it is taken on the safe side."""
_SKIPPED = 1 << 20
"""How much of a version too large to keep is read (and let go of) at a time."""


def pack(blob: bytes) -> bytes:
    """A file version as :class:`GitLog` holds it: zlib at its fastest level, which packs
    these small texts nearly as well as the default (5.6 MB against 5.4 for the 5,000-commit
    corpus) for three quarters of the time, on every cold build."""
    return zlib.compress(blob, 1)


def parse_record(record: bytes, prefix: str, people: Mailmap) -> Commit | None:
    """One commit, or None when it changed no content and is not a merge; its author and
    sign-offs by the names ``people`` (the ``.mailmap``) gives them, interned: a pair's few
    people sign thousands of commits, and each commit held copies of its own (5,000 of the
    same three names and as many addresses, 0.7 MiB of ``serve``'s memory on the 5,000-commit
    benchmark corpus, under the peak of its first build and of every edit). The log reaches
    ``serve`` pickled, and pickle sends one string once however often it is used."""
    parts = record.split(b"\0")
    if len(parts) < _HEADER_FIELDS:
        return None
    sha, parents, when = (decode(parts[index]) for index in (0, 1, 4))
    # git takes any character in a message or a name; a page may not hold some of them
    author, email, message = (on_pages(decode(parts[index])) for index in (2, 3, 5))
    author, email = people.canonical(author, email)
    signed = reviewers(message, people)
    subject, _, body = without_addresses(message).strip("\n").partition("\n")
    changes = tuple(parse_raw(parts[_HEADER_FIELDS:], prefix + "content/", prefix))
    if not changes and len(parents.split()) < 2:
        return None
    return Commit(
        sha=sha,
        parents=tuple(parents.split()),
        author=intern(name_shown(author)),
        email=intern(email),
        date=commit_date(when),
        subject=subject.strip(),
        body=body.strip("\n"),
        reviewers=tuple(dict.fromkeys(intern(name_shown(name)) for name in signed)),
        changes=changes,
    )


UNREADABLE_DATE = datetime(1970, 1, 1, tzinfo=timezone.utc)
"""The date of a commit whose date git cannot read: what git itself shows for one (``%aI``
of a timestamp too large to hold reads 1970-01-01), not the time of the build."""
_DATE = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:Z|([+-])(\d\d):(\d\d))")


def commit_date(when: str) -> datetime:
    """A commit's author date from ``%aI``. git writes what a commit says, and commits made by
    old importers and hand-made tools say things no clock can: a time zone of ``+9999``
    (which git adds to the local time it shows, and Python refuses as an offset), or a date
    before 1970, for which git 2.39 writes the placeholder itself (``%aI``). Each stopped
    the build with a traceback. The first is read as the moment it names, in UTC; the
    second as :data:`UNREADABLE_DATE`. git 2.45 writes UTC as ``Z``, which Python 3.10's
    ``fromisoformat`` refuses, so the offset is read here when it does. The common case stays
    one ``fromisoformat`` call (0.2 µs against 5 µs for the match below, per commit)."""
    try:
        return datetime.fromisoformat(when)
    except ValueError:
        pass
    found = _DATE.fullmatch(when.strip())
    if found is None:
        return UNREADABLE_DATE
    local, sign, hours, minutes = found.groups()
    offset = (timedelta(hours=int(hours), minutes=int(minutes)) * (-1 if sign == "-" else 1)
              if sign else timedelta(0))
    try:
        moment = datetime.fromisoformat(local) - offset
    except (ValueError, OverflowError):
        return UNREADABLE_DATE
    zone = timezone.utc if abs(offset) >= timedelta(days=1) else timezone(offset)
    return moment.replace(tzinfo=timezone.utc).astimezone(zone)


def without_addresses(message: str) -> str:
    """``message`` without the e-mail addresses of people: SECURITY.md promises that none is
    published, and ``git commit -s``, GitHub's squash merges and the pair's own trailers
    (``Signed-off-by: Ana <ana@home.example>``, ``Co-authored-by: …``) put them in messages,
    which commit pages show. The names stay; an address written bare goes too, but a
    trailer that gives nothing but an address keeps what comes before its ``@``
    (:func:`name_shown`), as its sign-off does: it read ``Co-authored-by:`` and no one."""
    if "@" not in message:
        return message
    return "\n".join(_line_without_addresses(line) for line in message.split("\n"))


def _line_without_addresses(line: str) -> str:
    if "@" not in line:
        return line
    trailer = _TRAILER_LINE.match(line)
    if trailer and not _ADDRESS.sub("", trailer["value"]).strip():
        return f"{trailer['key']}: {name_shown(trailer['value'])}"
    return _ADDRESS.sub("", line)


def name_shown(name: str) -> str:
    """A person's name as pages show it, without an e-mail address: ``user.name`` is now and
    then set to one, and a trailer may give only one (``Reviewed-by: ana@home.example``). A
    name that was nothing but an address keeps what comes before its ``@``."""
    if "@" not in name:
        return name
    return _ADDRESS.sub("", name).strip() or name.strip(" \t<>").partition("@")[0]


def parse_raw(fields: list[bytes], content: str, prefix: str) -> Iterable[FileChange]:
    """``:old_mode new_mode old_blob new_blob STATUS\\0path\\0[new_path\\0]`` entries under
    ``content`` (a path from the top of the repository), with paths from the source folder.

    A rename into ``content/`` counts as an addition there, and one out of it as a deletion.
    """
    index = 0
    while index < len(fields):
        head = fields[index].strip(b"\n")
        index += 1
        if head.startswith(b"::"):  # a path per parent, then the merge's
            parents = len(head) - len(head.lstrip(b":"))
            names = [decode(p) for p in fields[index : index + parents + 1]]
            index += parents + 1
            if len(names) == parents + 1 and names[-1].startswith(content):
                yield _merged(head, [name[len(prefix):] for name in names], content[len(prefix):])
            continue
        if not head.startswith(b":"):
            continue
        _, _, old_blob, new_blob, status = head[1:].decode("ascii").split(" ")
        kind = status[0]
        paths = fields[index : index + (2 if kind in "RC" else 1)]
        index += len(paths)
        names = [decode(p) for p in paths]
        inside = [name.startswith(content) for name in names]
        old = None if set(old_blob) == {"0"} else old_blob
        new = None if set(new_blob) == {"0"} else new_blob
        if kind in "RC" and inside == [True, True]:
            yield FileChange(kind, names[1][len(prefix):], names[0][len(prefix):], old, new)
        elif kind in "RC" and inside[1]:
            yield FileChange("A", names[1][len(prefix):], None, None, new)
        elif kind == "R" and inside[0]:
            yield FileChange("D", names[0][len(prefix):], None, old, None)
        elif kind not in "RC" and inside[0]:
            yield FileChange(kind, names[0][len(prefix):], None, old, new)


def _merged(head: bytes, paths: list[str], content: str) -> FileChange:
    """A merge's file that is unlike its version in every parent (``git log -c
    --combined-all-paths``: ``::mode mode mode blob blob blob RM``, a colon, mode, blob, status
    letter and path per parent, then the merge's): a conflict resolved, a change made in the
    merge itself, or a file git moved as it merged. As a change from the first parent's
    version, so that what it made (``private: true``, say) is seen like any commit's; a file
    moved as a parent saw it (``RM``, ``AR``) is a rename from that parent's path, so that it
    keeps its past, and one copied in the merge (``CC``) a copy, so that it keeps its
    source's. The versions of the other parents go with it (``merged_with``): a change one of
    them made, which the merge only took, is that parent's, not the merge's."""
    parents = len(paths) - 1
    words = head[parents:].decode("ascii").split(" ")
    blobs, letters = words[parents + 1 : 2 * parents + 2], words[-1]
    known = [None if set(blob) == {"0"} else blob for blob in blobs]
    new = known[-1]

    def others(source: int) -> tuple[str | None, ...]:
        return tuple(blob for index, blob in enumerate(known[:parents]) if index != source)

    for kind in "RC":  # moved, else copied: from the first parent it was so from
        source = next((index for index, letter in enumerate(letters[:parents])
                       if letter == kind and paths[index].startswith(content)), None)
        if source is not None:
            return FileChange(kind, paths[-1], paths[source], known[source], new, others(source))
    old = known[0]
    return FileChange("A" if old is None else "D" if new is None else "M", paths[-1], None, old,
                      new, others(0))


def reviewers(message: str, people: Mailmap) -> tuple[str, ...]:
    """The names a commit message's ``Reviewed-by:`` and ``Approved-by:`` trailers give: only
    in its trailer block, as ``git interpret-trailers`` finds it, not any line of the message
    ("    Reviewed-by: Jordan (next week)" in a paragraph of prose signed nothing off). A
    trailer with an address (``Sam <sam@laptop>``, or the address alone) names whom
    ``people`` maps it to."""
    names = []
    for line in _trailer_block(message):
        key, sep, value = line.partition(":")
        if sep and key.lower() in _TRAILER_KEYS and value.strip():
            names.append(_signer(value.strip(), people))
    return tuple(dict.fromkeys(names))


def _signer(value: str, people: Mailmap) -> str:
    """The name a trailer's ``value`` gives (as written when it gives only an address,
    which :func:`name_shown` then cuts), as ``people`` maps it."""
    name, bracket, rest = value.partition("<")
    if bracket:
        email = rest.partition(">")[0].strip()
    else:
        email = value if "@" in value and not any(c.isspace() for c in value) else ""
        name = "" if email else value
    if email:
        name = people.canonical(name.strip(), email)[0]
    return name.strip() or value


def _trailer_block(message: str) -> list[str]:
    """The lines of the message's last paragraph, when it is not the first (the subject's)
    and git would take it for trailers: all of them ``Key: value`` lines (or indented
    continuations), or a quarter of them with a ``Signed-off-by:`` among them."""
    paragraphs = [p for p in _PARAGRAPH_BREAK.split(message.strip("\n")) if p.strip()]
    if len(paragraphs) < 2:
        return []
    lines = paragraphs[-1].splitlines()
    trailers = [line for line in lines if _TRAILER_KEY.match(line)]
    signed = any(line.lower().startswith("signed-off-by:") for line in trailers)
    continued = sum(line[:1].isspace() for line in lines)
    loose = len(lines) - len(trailers) - continued
    return trailers if not loose or (signed and 4 * len(trailers) >= len(lines)) else []


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_TRAILER_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*:")
"""A trailer's key, as git reads one: no space before its colon, nor before the key."""


def blob_ids(commit: Commit, seen: set[str] | None = None) -> Iterator[str]:
    """The versions ``commit`` names; with ``seen`` (the paths named by the commits read
    before it, newest first, which it adds to), not the version it leaves at a path it is
    the first to name, nor that same version on the other side of the change (a rename)."""
    for change in commit.changes:
        newest = None
        if seen is not None and change.path not in seen:
            seen.add(change.path)
            newest = change.new_blob
        if change.old_blob and change.old_blob != newest:
            yield change.old_blob
        if change.new_blob and change.new_blob != newest:
            yield change.new_blob
        yield from (blob for blob in change.merged_with if blob)


def children_first(commits: list[Commit]) -> list[Commit]:
    """Newest first as git listed them, but never a parent before one of its children (clocks
    can be skewed), which following renames backwards relies on."""
    children: dict[str, int] = {}
    for commit in commits:
        for parent in commit.parents:
            children[parent] = children.get(parent, 0) + 1
    by_sha = {commit.sha: commit for commit in commits}
    ready = [c for c in reversed(commits) if children.get(c.sha, 0) == 0]
    ordered: list[Commit] = []
    while ready:
        commit = ready.pop()
        ordered.append(commit)
        for parent in commit.parents:
            children[parent] -= 1
            if children[parent] == 0 and parent in by_sha:
                ready.append(by_sha[parent])
    return ordered if len(ordered) == len(commits) else commits


def working_tree(out: bytes, prefix: str) -> WorkingTree:
    """``git status --porcelain=v1 -z``: the content paths it names, and the renames staged
    (``R`` in the index column: the new path, then the committed one)."""
    paths = set()
    renamed: dict[str, str] = {}
    entries = out.split(b"\0")
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if len(entry) < 4:
            continue
        name = decode(entry[3:])
        if entry[:1] in (b"R", b"C"):
            old = decode(entries[index]) if index < len(entries) else ""
            index += 1  # the original path follows a rename
            if entry[:1] == b"R" and name.startswith(prefix) and old.startswith(prefix):
                renamed[name[len(prefix):]] = old[len(prefix):]
        if name.startswith(prefix):
            paths.add(name[len(prefix) :])
    return WorkingTree(frozenset(paths), renamed)
