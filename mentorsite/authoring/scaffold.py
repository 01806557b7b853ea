"""``mentorsite init``: lay out a new mentorship repository that works from the first commit.

It writes the settings, one example goal that passes ``check``, a ``.gitignore``, a README for
the pair, the two GitHub workflows (check pull requests, publish to Pages) and Dependabot's
configuration to keep their actions current, and starts a git repository if there is none.
It only ever adds: a file that exists is kept as it is and reported, so running ``init``
again, or in a repository that is half set up, fills the gaps.
The longer files are templates shipped in ``mentorsite/authoring/scaffold_files/``.
"""

from __future__ import annotations

import os
import re
import string
from dataclasses import dataclass
from datetime import date, timedelta
from importlib.resources import files
from pathlib import Path

from pydantic import ValidationError

from mentorsite import __version__
from mentorsite.authoring.git_init import ensure_repository
from mentorsite.authoring.yamlwrite import flow_list, scalar
from mentorsite.errors import MentorsiteError
from mentorsite.exclusive_write import create, in_the_way, make_folder, twin
from mentorsite.model.entries import Settings
from mentorsite.model.field_types import CADENCES, MAX_CADENCE, cadence_hint, timezone_name
from mentorsite.model.project import read_settings, today_in
from mentorsite.read.files import is_ignored
from mentorsite.read.load import SETTINGS_FILE
from mentorsite.text import bidi_isolated, every, reads_right_to_left

EXAMPLE_GOAL = "content/goals/present-with-confidence.md"
IGNORED = ("_site/", ".mentorsite-cache/")
"""What the ``.gitignore`` must hold: build output and the history cache."""


@dataclass(frozen=True)
class Pair:
    """Who the repository is for, as ``init`` writes it into ``mentorsite.yml``."""

    title: str
    mentee: str | None
    mentors: tuple[str, ...]
    cadence: str | int
    """``weekly``, ``biweekly``, ``monthly`` or a number of days."""


@dataclass(frozen=True)
class ScaffoldReport:
    """What ``init`` did, in order, for the command to print."""

    created: tuple[str, ...]
    """Paths written, relative to the repository."""
    kept: tuple[str, ...]
    """Paths that existed and were left alone."""
    notes: tuple[str, ...]
    """Anything else worth saying: git, a ``.gitignore`` that misses entries."""


class _Template(string.Template):
    """``@@{name}`` placeholders, since workflows are full of ``$`` and ``${{ }}``."""

    delimiter = "@@"


def release_series(version: str) -> str:
    """The releases the workflows install, as a pip requirement: those that cannot change what
    ``check`` finds in the pair's files, from ``version`` (the one ``init`` ran) on. Patch
    releases of ``0.N`` (``~=0.N.P``), minor releases after 1.0 (``~=X.Y``); without one, a
    new release could fail every pull request of a pair who changed nothing."""
    numbers = re.match(r"(\d+)\.(\d+)(?:\.(\d+))?", version)
    if numbers is None:
        return f"mentorsite=={version}"
    major, minor, patch = numbers.groups()
    if major == "0":
        return f"mentorsite~=0.{minor}.{patch or 0}"
    return f"mentorsite~={major}.{minor}"


def parse_cadence(text: str) -> str | int:
    """``weekly``, ``biweekly``, ``monthly`` or a whole number of days from 1 to a year, as
    ``check`` allows (:data:`MAX_CADENCE`); else ValueError."""
    value = text.strip().lower()
    if value in CADENCES:
        return value
    if value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_CADENCE:
        return int(value)
    raise ValueError(f"'{text}' is not weekly, biweekly, monthly or a number of days "
                     f"from 1 to {MAX_CADENCE}{cadence_hint(text)}")


def default_title(mentee: str | None) -> str:
    """The site title when none is given: personal when the mentee is known. A name in a
    right-to-left script comes last (``Mentorship of مريم``): first, as in ``مريم's
    mentorship``, it made the title a right-to-left one, as a browser reads a text by its first
    letter, and the header showed it as ``s mentorship'مريم``."""
    if not mentee:
        return Settings().title
    return f"Mentorship of {mentee}" if reads_right_to_left(mentee) else f"{mentee}'s mentorship"


def settings_exist(folder: Path) -> bool:
    """Whether ``folder`` already has settings (then ``init`` keeps them and asks nothing)."""
    path = folder / SETTINGS_FILE
    return path.exists() or path.is_symlink()


_FOLDERS = ("content/goals", ".github/workflows")
"""The folders the scaffold writes into, besides the repository's own."""


def _make_folders(folder: Path) -> None:
    """Make the folders the scaffold writes into before anything else, or stop having written
    nothing: a file or a dangling link in a folder's place, or a folder that cannot be made,
    left half a scaffold behind (settings, README, ``.git``) with only "File exists" said."""
    blocking = sorted({found for place in _FOLDERS
                       if (found := in_the_way(folder / place)) is not None})
    if blocking:
        names = "; ".join(f"{path.relative_to(folder)} is {what}, where a folder should be"
                          for path, what in blocking)
        raise MentorsiteError(f"cannot scaffold {folder}: {names}; nothing was written")
    made: list[Path] = []
    try:
        for place in _FOLDERS:
            for step in (*reversed(Path(place).parents[:-1]), Path(place)):
                if not (folder / step).is_dir():
                    (folder / step).mkdir()
                    made.append(folder / step)
    except OSError as exc:
        for path in reversed(made):
            path.rmdir()
        raise MentorsiteError(f"cannot scaffold {folder}: cannot create {step}: "
                              f"{exc.strerror or exc}; nothing was written") from None


def scaffold(folder: Path, pair: Pair, today: date | None = None) -> ScaffoldReport:
    """Add every missing file of a mentorship repository to ``folder`` (created if needed)."""
    make_folder(folder, folder)
    _make_folders(folder)
    settings = read_settings(folder) if settings_exist(folder) else _settings(pair)
    git = ensure_repository(folder)
    day = today or today_in(settings)
    notes = [git.note] if git.note else []
    plan = {
        SETTINGS_FILE: settings_text(pair),
        EXAMPLE_GOAL: example_goal(day),
        ".gitignore": _read("gitignore.txt"),
        "README.md": readme(settings, git.branch),
        ".github/workflows/check.yml": _fill("check.yml", release=release_series(__version__)),
        ".github/workflows/pages.yml": _fill("pages.yml", branch=git.branch,
                                             schedule=daily_build(settings.timezone),
                                             release=release_series(__version__)),
        ".github/dependabot.yml": _read("dependabot.yml"),
    }
    created: list[str] = []
    kept: list[str] = []
    for relpath, text in plan.items():
        if relpath == EXAMPLE_GOAL and _has_goals(folder):
            continue  # a repository with goals of its own needs no example
        try:
            if create(folder / relpath, text):
                created.append(relpath)
            else:  # it, or a file whose name differs only in case (readme.md): name that one
                kept.append(_as_named(folder, relpath))
        except MentorsiteError as exc:  # a full disk: say what is there, for a second init
            written = ", ".join(created) or "no file"
            raise MentorsiteError(f"{exc}; written before it: {written} (run init again "
                                  "once it is fixed: it keeps what is there)") from None
    if ".gitignore" in kept:
        notes.extend(_gitignore_gaps(folder / ".gitignore"))
    return ScaffoldReport(tuple(created), tuple(kept), tuple(notes))


def _as_named(folder: Path, relpath: str) -> str:
    """``relpath`` as the file kept there is named: ``readme.md`` kept for ``README.md``."""
    found = twin(folder / relpath)
    return relpath if found is None else found.relative_to(folder).as_posix()


def settings_text(pair: Pair) -> str:
    """``mentorsite.yml`` for ``pair``, with a comment on each key worth knowing about."""
    mentee = f"mentee: {scalar(pair.mentee)}" if pair.mentee else "# mentee: Your Name"
    return "\n".join([
        "# Settings of the mentorship site. Every key is optional:",
        "# 'mentorsite schema settings' lists them all.",
        f"title: {scalar(pair.title)}",
        mentee,
        f"mentors: {flow_list(pair.mentors)}",
        f"cadence: {pair.cadence}  # weekly, biweekly, monthly or a number of days between "
        "check-ins",
        _timezone_line(machine_zone()),
        "# language: en  # the language you write in, a tag such as de, pt-BR or zh-Hant",
        "",
    ])


LOCALTIME = Path("/etc/localtime")
"""Where Linux and macOS keep the machine's time zone: a link into the zone files."""
_UTC = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/GMT", "GMT", "Etc/Universal",
                  "Universal", "Etc/Zulu", "Zulu", "Etc/Greenwich", "Greenwich"})


def machine_zone(localtime: Path = LOCALTIME) -> str | None:
    """The IANA name of this machine's time zone (``TZ``, else the zone file ``localtime``
    links to), for ``init`` to write into the settings: CI builds in UTC, where a pair in Los
    Angeles has 'tomorrow' from 4 pm, and ``new checkin`` names the file by it. None where
    there is no name, or it is UTC's (a container or a CI runner: nothing to say of the
    pair, and UTC is the default)."""
    name = os.environ.get("TZ", "").removeprefix(":")
    if not name:
        _, found, name = os.path.realpath(localtime).rpartition("/zoneinfo/")
        if not found:
            return None
    try:
        timezone_name(name)
    except ValueError:  # pydantic's error is one: "localtime", a POSIX rule ("EST5EDT,M3…")
        return None
    return None if name in _UTC else name


def daily_build(zone: str) -> str:
    """The ``schedule`` entry of the publishing workflow for a pair in ``zone``: just after
    its midnight, so that the site's "today" is the pair's all day. At 04:17 UTC, as it was
    for every pair, a pair in Los Angeles read yesterday's site until 8 or 9 pm, and one in
    Auckland until 5 or 6 pm. GitHub reads the zone's summer time; in UTC (the default, and
    the zone of a settings error) the run keeps clear of midnight UTC, GitHub's busiest
    hour."""
    if zone == "UTC":
        return '    - cron: "17 4 * * *"        # 04:17 UTC'
    return ('    - cron: "17 0 * * *"        # 00:17 where the pair lives: change the zone here\n'
            f"      timezone: {scalar(zone)}  # if you change it in mentorsite.yml")


def _timezone_line(zone: str | None) -> str:
    if zone is None:
        return "# timezone: Europe/London  # decides what day 'today' is (default UTC)"
    return f"timezone: {scalar(zone)}  # decides what day 'today' is: this machine's zone"


def example_goal(today: date) -> str:
    """A complete SMART goal starting ``today``, with milestones and a deadline ahead."""
    weeks = {"first": 4, "second": 10, "third": 16, "due": 18}
    dates = {name: (today + timedelta(weeks=n)).isoformat() for name, n in weeks.items()}
    return _fill("example-goal.md", started=today.isoformat(), **dates)


def readme(settings: Settings, branch: str) -> str:
    """The pair's README: the cycle, the commands, and how the site gets published."""
    people = ""
    mentee, mentors = settings.mentee, tuple(bidi_isolated(name) for name in settings.mentors)
    if mentee and mentors:
        people = f"{bidi_isolated(mentee)}, mentored by {_and(mentors)}. "
    elif mentee:
        people = f"{default_title(mentee)}. "
    elif mentors:
        people = f"Mentored by {_and(mentors)}. "
    cadence = every(settings.cadence) if isinstance(settings.cadence, int) else settings.cadence
    return _fill("README.md", title=settings.title, who=people, cadence=cadence, branch=branch)


def _settings(pair: Pair) -> Settings:
    """The settings ``pair`` stands for, in the zone :func:`settings_text` writes into them:
    the example goal started on UTC's day, a day off the pair's for hours every day (in
    Los Angeles, 'tomorrow' from 4 pm); refuses what ``check`` would refuse."""
    try:
        return Settings(
            title=pair.title, mentee=pair.mentee, mentors=pair.mentors, cadence=pair.cadence,
            timezone=machine_zone() or "UTC",
        )
    except ValidationError as exc:
        problems = "; ".join(str(error["msg"]) for error in exc.errors())
        raise MentorsiteError(f"invalid settings: {problems}") from None


def _has_goals(folder: Path) -> bool:
    goals = folder / "content" / "goals"
    return goals.is_dir() and any(
        p.suffix == ".md" and not is_ignored(p.name) for p in goals.iterdir()
    )


def _gitignore_gaps(path: Path) -> list[str]:
    try:
        lines = {line.strip().strip("/") for line in path.read_text("utf-8").splitlines()}
    except (OSError, UnicodeDecodeError):
        return []
    missing = [entry for entry in IGNORED if entry.strip("/") not in lines]
    if not missing:
        return []
    return [f".gitignore does not ignore {', '.join(missing)}: add "
            f"{'it' if len(missing) == 1 else 'them'} so build output stays out of git"]


def _and(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _read(name: str) -> str:
    return (files("mentorsite.authoring") / "scaffold_files" / name).read_text(encoding="utf-8")


def _fill(name: str, **values: str) -> str:
    return _Template(_read(name)).substitute(values)
