"""Turn a repository's files into :class:`RawDocument` s: kind, name, front matter, body.

Files come from disk (through :mod:`mentorsite.read.files`, which refuses what is unsafe to read) or
from memory (a git commit's tree, for ``review``). This stage decides each file's kind from
where it lives and splits front matter from body; it does not judge what the front matter says.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentorsite.diagnostics import Diagnostics, Severity, did_you_mean
from mentorsite.exclusive_write import folded
from mentorsite.read.comments import GLUED, GLUED_COMMENT, CutComments, Position, cut_comments
from mentorsite.read.files import (
    MAX_FILE_BYTES,
    FrontAgain,
    Oversized,
    content_files,
    decode,
    is_ignored,
    read_text,
    too_large,
)
from mentorsite.read.frontmatter import FrontMatter, Known, split
from mentorsite.read.names import (
    KIND_FOLDERS,
    RULES,
    WINDOWS_DEVICES,
    meant,
    portable,
    rename_to,
    renamed,
    report_clashes,
    suggested_names,
)
from mentorsite.read.quotes import UNCLOSED, unclosed_message, unclosed_quotes
from mentorsite.read.yamlsafe import Positions, not_a_mapping, read_yaml
from mentorsite.text import count

if TYPE_CHECKING:  # the read-ahead, which forks, is loaded by the build that uses it
    from mentorsite.read.ahead import Shared

SETTINGS_FILE = "mentorsite.yml"
NO_MENTORSHIP = "no-mentorship"
"""The code of the warning that the folder holds neither settings nor content."""


@dataclass
class RawDocument:
    """One content file as read: what its front matter says and where, before validation."""

    kind: str
    path: str
    """Relative to the repository root, forward slashes."""
    slug: str
    file_date: date | None
    """The date in the file name, for dated kinds."""
    meta: dict[str, Any]
    positions: Positions
    body: str
    body_line: int
    broken: bool = False
    """Its YAML has an error it was read on past (a duplicate key): its fields are checked, so
    that one run reports all its problems, but it is left out of the model."""
    misnamed: bool = False
    """Its file name does not fit its kind: its fields and the goals it names are checked, so
    that one run reports all its problems, but without an id or a date from its name it is
    no entry (``slug`` is the name as written, ``file_date`` None)."""
    emptied: tuple[tuple[Position, Position], ...] = ()
    """Where a value was taken whole by a comment (``title: #1 priority``), and where its
    ``#`` is (:attr:`~mentorsite.read.comments.CutComments.emptied`): an error that it is
    missing says why, at the ``#``."""


@dataclass
class RawSettings:
    """``mentorsite.yml`` as read; empty when the file does not exist."""

    meta: dict[str, Any] = field(default_factory=dict)
    positions: Positions = field(default_factory=Positions)
    exists: bool = False
    emptied: tuple[tuple[Position, Position], ...] = ()
    """Where a value was taken whole by a comment (``cadence: #weekly``), as in
    :attr:`RawDocument.emptied`."""


def not_a_mentorship(where: str = "here") -> str:
    """What is said of a folder that is no mentorship (:func:`holds_mentorship`), ``where``
    naming it."""
    return (f"no mentorsite.yml and no content/ folder {where}: run mentorsite in the "
            "mentorship repository or name it with --source ('mentorsite init' makes one)")


def errors_found(diagnostics: Diagnostics) -> str:
    """``2 errors in the content``, ``1 error in mentorsite.yml`` or ``3 errors in
    mentorsite.yml, the theme and the content``: where a summary's errors are, for the line
    that says to run ``check`` (a theme's broken template was "1 error in the content")."""
    found = [d for d in diagnostics.items if d.severity is Severity.ERROR]
    paths = {d.path for d in found}
    themed = {path for path in paths if path.startswith("themes/")}
    places = [place for place, here in (
        (SETTINGS_FILE, SETTINGS_FILE in paths), ("the theme", bool(themed)),
        ("the content", bool(paths - themed - {SETTINGS_FILE}))) if here]
    listed = (f"{', '.join(places[:-1])} and {places[-1]}" if len(places) > 1
              else "".join(places))
    return f"{count(len(found), 'error')} in {listed}"


def holds_mentorship(root: Path) -> bool:
    """Whether ``root`` has ``mentorsite.yml`` or ``content/``: run elsewhere, a build would
    publish an empty site without a word, and ``new`` would start a mentorship of its own."""
    settings = root / SETTINGS_FILE
    return settings.exists() or settings.is_symlink() or (root / "content").exists()


def mentorship_around(start: Path) -> Path:
    """The mentorship ``start`` is in: ``start`` itself when it holds one, else the nearest
    folder above holding ``mentorsite.yml``, or whose ``content/`` ``start`` is in; ``start``
    when there is none. Run in ``content/goals/``, as an editor or a hook runs, ``check``
    read ``content/goals`` as a mentorship of its own (a warning its paths then filtered out,
    so a broken file passed) and ``build`` wrote a site into ``content/``."""
    if holds_mentorship(start):
        return start
    here = Path(os.path.abspath(start))
    for folder in here.parents:
        try:
            if (folder / SETTINGS_FILE).is_file() or (
                    (folder / "content").is_dir() and here.is_relative_to(folder / "content")):
                return folder
        except OSError:  # a folder above that may not be looked into: none above it counts
            break
    return start


def load_settings(root: Path, diagnostics: Diagnostics) -> RawSettings:
    """Read ``mentorsite.yml`` if there is one; its problems are diagnostics like any other."""
    for name in misnamed_settings(root):
        there = (root / SETTINGS_FILE).exists() or (root / SETTINGS_FILE).is_symlink()
        diagnostics.error(
            name, 1, 1, "unknown-file",
            f"{name} is not read: the settings are read from {SETTINGS_FILE}, spelt exactly so "
            "(a build on Linux, as in CI, reads no other name); "
            + ("merge it into mentorsite.yml and delete it" if there
               else "rename it to mentorsite.yml"))
    if not (root / SETTINGS_FILE).exists() and not (root / SETTINGS_FILE).is_symlink():
        if not holds_mentorship(root):
            diagnostics.warning(SETTINGS_FILE, 1, 1, NO_MENTORSHIP, not_a_mentorship())
        return RawSettings()
    return settings_from_text(read_text(root, SETTINGS_FILE, diagnostics), diagnostics)


_SETTINGS_MEANT = frozenset(folded(name) for name in (SETTINGS_FILE, "mentorsite.yaml"))


def misnamed_settings(root: Path) -> list[str]:
    """Files at the top of ``root`` meant as the settings but never read as them:
    ``mentorsite.yaml`` (as MkDocs and Hugo accept it) or ``Mentorsite.yml``. Passed over
    without a word, every setting in them (``programme: none`` among them) was left at its
    default, and check said the repository had no problems."""
    try:
        with os.scandir(root) as entries:
            names = [entry.name for entry in entries]
    except OSError:
        return []
    return sorted(name for name in names
                  if name != SETTINGS_FILE and folded(name) in _SETTINGS_MEANT)


def settings_from_text(text: str | None, diagnostics: Diagnostics) -> RawSettings:
    """Settings from the text of ``mentorsite.yml`` (``None``: it exists but is unreadable)."""
    if text is None or report_conflicts(SETTINGS_FILE, text, diagnostics):
        return RawSettings(exists=True)
    read = read_yaml(text)
    for problem in read.problems:
        diagnostics.error(
            SETTINGS_FILE, problem.line, problem.column, problem.code, problem.message
        )
    cut = CutComments() if read.problems else cut_comments(text, 0)
    for line, column in cut.glued:
        diagnostics.warning(SETTINGS_FILE, line, column, GLUED, GLUED_COMMENT)
    for (line, column), opener in () if read.problems else unclosed_quotes(text, 0):
        diagnostics.warning(SETTINGS_FILE, line, column, UNCLOSED, unclosed_message(opener))
    if read.value is None:  # empty, or not readable for its problems (see YamlProblem.read_on)
        return RawSettings(positions=read.positions, exists=True)
    if not isinstance(read.value, dict):
        diagnostics.error(
            SETTINGS_FILE, 1, 1, "not-a-mapping", not_a_mapping("settings", read.value)
        )
        return RawSettings(exists=True)
    return RawSettings(read.value, read.positions, exists=True, emptied=cut.emptied)


Told = Callable[[int, int], None]
"""Told how many of how many files are read so far (a build's progress on the terminal)."""

Fronts = dict[str, tuple[bytes, str]]
"""Each content file's front matter as read (pickled) and its body, by the git blob id of its
text: the history shows most of these same texts again, as the versions its commits added, and
takes them from here instead of reading their YAML a second time. The front matter is pickled
because 5,000 parsed mappings, held until the commit pages are rendered, took 16 MB in every
process; the body is the string the model keeps anyway."""


@dataclass
class _Parse:
    """One content file's text, its front matter split off and read, and its document once
    made (None while not, or when the front matter cannot be read)."""

    text: str
    front: FrontMatter
    document: RawDocument | None = None


class Parsed:
    """Each content file's document as last made, kept while its path and text stay the same:
    ``review`` reads the content at two commits, where a pull request changes a few files of
    thousands, and parsed the YAML of every file the two share twice (3.7 of the 6.9 s it took
    under cProfile on the 5,000-file benchmark corpus). A file read again with the same text
    gives the very same document, which lets validation keep its checks too
    (:class:`~mentorsite.model.validate.FieldsCache`); its problems are reported again."""

    def __init__(self) -> None:
        self._kept: dict[str, _Parse] = {}

    def parse(self, relpath: str, text: str, known: Known | None) -> _Parse:
        """The file's parse from before if its text is the same, else a new one, kept."""
        hit = self._kept.get(relpath)
        if hit is None or hit.text != text:
            hit = self._kept[relpath] = _Parse(text, split(text, known))
        return hit


def load_content(root: Path, diagnostics: Diagnostics, fronts: Fronts | None = None,
                 shared: Shared | None = None, told: Told | None = None,
                 kind: str | None = None, parsed: Parsed | None = None) -> list[RawDocument]:
    """Read every content file under ``root/content`` from disk, in path order; ``fronts``,
    when given, is filled as :data:`Fronts` says. ``shared``: helpers reading the front
    matter from the last file back (:mod:`mentorsite.read.ahead`). ``told``: how many of the
    files are read, before each. ``kind``: read only the files of that kind (``goal``), for
    what needs no other. ``parsed``: the documents of an earlier reading, to take again
    where a file's text is the same.

    Each document's positions let go of its front matter text as soon as it is read, and
    read the file again if a problem must be placed in it
    (:meth:`~mentorsite.read.yamlsafe.Positions.let_go`): few files have one, and the texts,
    held to the end of the reading and beyond, were 3.4 MiB of the peak of a 5,000-file
    build."""
    relpaths = content_files(root, diagnostics)
    if kind is not None:
        relpaths = [relpath for relpath in relpaths if entry_kind(relpath) == kind]
    return _documents(
        relpaths, lambda path: read_text(root, path, diagnostics), diagnostics, fronts,
        shared.lookup(relpaths) if shared else None, told, parsed, root,
    )


def git_blob_id(text: str) -> str:
    """The id git gives a file holding ``text`` in UTF-8."""
    data = text.encode("utf-8")
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def load_snapshot(
    files: Mapping[str, bytes], diagnostics: Diagnostics, parsed: Parsed | None = None
) -> tuple[RawSettings, list[RawDocument]]:
    """Settings and documents from file contents held in memory (e.g. a git commit's tree);
    ``parsed``: the documents of an earlier reading, as :func:`load_content` takes them."""

    def read(relpath: str) -> str | None:
        data = files[relpath]
        size = data.size if isinstance(data, Oversized) else len(data)
        if size > MAX_FILE_BYTES:
            diagnostics.error(relpath, 1, 1, "file-too-large", too_large(size))
            return None
        return decode(relpath, data, diagnostics)

    settings = (
        settings_from_text(read(SETTINGS_FILE), diagnostics)
        if SETTINGS_FILE in files else RawSettings()
    )
    paths = sorted(p for p in files if p.startswith("content/"))
    return settings, _documents(paths, read, diagnostics, parsed=parsed)


def load_document(
    relpath: str, read: Callable[[str], str | None], diagnostics: Diagnostics,
    root: Path | None = None,
) -> RawDocument | None:
    """One content file, read through ``read``, as :func:`load_content` reads each of them;
    ``root``: as :func:`_documents` takes it."""
    found = _documents([relpath], read, diagnostics, root=root)
    return found[0] if found else None


def _device(stem: str, kind: str) -> str:
    """What is said of a file Windows cannot hold, named after one of its devices."""
    return (f"file name '{stem}.md' does not fit: Windows keeps the name '{stem}' for a "
            "device, so git cannot check this repository out there; rename it to "
            f"{portable(stem, kind)}.md, and the {kind}'s id where other entries name it")


def _documents(
    paths: list[str], read: Callable[[str], str | None], diagnostics: Diagnostics,
    fronts: Fronts | None = None, known: Callable[[int], Known | None] | None = None,
    told: Told | None = None, parsed: Parsed | None = None,
    root: Path | None = None,
) -> list[RawDocument]:
    """The documents of ``paths``, each read through ``read``; ``root``: the folder they are
    on disk in, from which a file is read again for its positions, which then let go of its
    text (None: the files are held in memory)."""
    documents = []
    report_clashes(paths, diagnostics, "merge them into one file")
    for index, relpath in enumerate(paths):
        if told:
            told(index, len(paths))
        kind = entry_kind(relpath)
        if kind is None:
            diagnostics.error(relpath, 1, 1, "unknown-file", _stray(relpath))
            continue
        document = _document(relpath, kind, read, diagnostics, fronts,
                             known(index) if known else None, parsed)
        if document is not None:
            if root is not None:
                document.positions.let_go(FrontAgain(root, relpath))
            documents.append(document)
    return documents


def _stray(relpath: str) -> str:
    """What is wrong with a file under ``content/`` that is no content file, and what to do."""
    _, *folders, name = relpath.split("/")
    kinds = "content/goals, content/checkins, content/reflections or content/evidence"
    if not folders:
        return f"file belongs to no content kind: move it into {kinds}"
    folder = folders[0]
    if folder not in KIND_FOLDERS:
        return (f"'{folder}' is not a content folder{did_you_mean(folder, KIND_FOLDERS)}: "
                f"content files go in {kinds}")
    if len(folders) > 1:
        return f"content/{folder} holds no folders: move it to content/{folder}/{name}"
    kind = KIND_FOLDERS[folder]
    names = renamed(kind, name)
    if names is None:
        return ("only <name>.md files are content, and the site publishes no other file: keep "
                "images, PDFs and the like outside content/, shared where evidence can 'link' "
                "to them")
    if not names:
        return f"files in content/{folder} are named {RULES[kind][1]}: rename it"
    return "content files are named <name>.md" + rename_to(names)


def report_conflicts(relpath: str, text: str, diagnostics: Diagnostics) -> bool:
    """Report each merge conflict git left in ``text`` (the file ``relpath``); whether there
    was one. What the YAML or the page would make of its markers is then beside the point."""
    conflicts = _conflicts(text) if "<<<<<<<" in text else []
    for start, end in conflicts:
        diagnostics.error(
            relpath, start, 1, "merge-conflict",
            f"unresolved merge conflict (lines {start}-{end}): keep what should stay, and "
            "delete git's <<<<<<<, ======= and >>>>>>> lines",
        )
    return bool(conflicts)


def _conflicts(text: str) -> list[tuple[int, int]]:
    """The first and last line of each conflict git left in ``text``: its three markers in
    order. A line of ``=======`` alone is a Markdown heading's underline, so it takes all
    three."""
    found: list[tuple[int, int]] = []
    start, middle = 0, False
    for number, line in enumerate(text.splitlines(), 1):
        if _marker(line, "<"):
            start, middle = number, False
        elif line.rstrip() == "=======" and start:
            middle = True
        elif _marker(line, ">") and middle:
            found.append((start, number))
            start, middle = 0, False
    return found


def _marker(line: str, sign: str) -> bool:
    """``<<<<<<< HEAD`` or ``>>>>>>> branch``: seven signs, then nothing or a space."""
    return line.startswith(sign * 7) and (len(line) == 7 or line[7] in " \t")


def entry_kind(relpath: str) -> str | None:
    """The kind of the entry at ``relpath`` (from the source folder), None for other files."""
    parts = relpath.split("/")
    if len(parts) != 3 or not parts[2].endswith(".md"):
        return None
    return KIND_FOLDERS.get(parts[1])


def checkin_day(relpath: str, kind: str = "checkin") -> date | None:
    """The day a check-in's file name gives (or an entry's of another dated ``kind``), None
    for any other file or a name without one: the pair met (or reflected) that day even when
    the file cannot be read."""
    if entry_kind(relpath) != kind:
        return None
    match = RULES[kind][0].fullmatch(relpath.rsplit("/", 1)[1][:-3])
    try:
        return date.fromisoformat(match["date"]) if match else None
    except ValueError:
        return None


def is_entry_path(relpath: str) -> bool:
    """Whether a path (from the source folder) is one the site may publish: the settings, or
    a ``<name>.md`` in a kind's folder that is not an editor's file. Anything else under
    ``content/`` (an attachment, a swap file) is never read, so nothing says it is private."""
    return relpath == SETTINGS_FILE or (
        entry_kind(relpath) is not None and not is_ignored(relpath.rsplit("/", 1)[1]))


def _document(
    relpath: str, kind: str, read: Callable[[str], str | None], diagnostics: Diagnostics,
    fronts: Fronts | None, known: Known | None = None, parsed: Parsed | None = None,
) -> RawDocument | None:
    stem = relpath.rsplit("/", 1)[1][: -len(".md")]
    pattern, expected = RULES[kind]
    match = pattern.fullmatch(stem)  # not match(): '$' also matches before a final newline
    file_date, unreal = None, ""
    if match and "date" in pattern.groupindex:
        try:
            file_date = date.fromisoformat(match["date"])
        except ValueError:  # the right shape, but no day of the calendar
            unreal, match = f": {match['date']} is not a real date", None
    if match is None:
        diagnostics.error(
            relpath, 1, 1, "invalid-file-name",
            f"file name '{stem}.md' does not fit{unreal}; name {kind} files {expected}"
            + meant(suggested_names(kind, stem)),
        )
    elif stem in WINDOWS_DEVICES:
        diagnostics.error(relpath, 1, 1, "invalid-file-name", _device(stem, kind))
    text = read(relpath)
    if text is None:
        return None
    if report_conflicts(relpath, text, diagnostics):
        return None
    parse = parsed.parse(relpath, text, known) if parsed else _Parse(text, split(text, known))
    front = parse.front
    for problem in front.problems:
        diagnostics.error(relpath, problem.line, problem.column, problem.code, problem.message)
    if not all(problem.read_on for problem in front.problems):
        return None
    for line, column in front.cut.glued:
        diagnostics.warning(relpath, line, column, GLUED, GLUED_COMMENT)
    for (line, column), opener in front.unclosed:
        diagnostics.warning(relpath, line, column, UNCLOSED, unclosed_message(opener))
    if fronts is not None and not front.problems:
        # The id of the text as normalised: a version with CRLF line ends or a byte-order
        # mark has another, and is read from git.
        pickled = front.pickled or pickle.dumps(front.meta, pickle.HIGHEST_PROTOCOL)
        fronts[git_blob_id(text)] = (pickled, front.body)
    if parse.document is None:  # the same path and text make the same document
        parse.document = RawDocument(
            kind, relpath, stem, file_date, front.meta, front.positions, front.body,
            front.body_line, broken=bool(front.problems), misnamed=match is None,
            emptied=front.cut.emptied)
    return parse.document
