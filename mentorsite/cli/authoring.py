"""The commands that write a pair's files: ``init`` scaffolds a repository and ``new`` adds a
goal, check-in, reflection or evidence file. Neither ever overwrites a file.

Like the rest of the command line they only parse options and call one function
(:mod:`mentorsite.authoring.scaffold`, :mod:`mentorsite.authoring.new_entry`), imported when the
command runs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import click

from mentorsite.cli.options import Options, day_read, parse_today
from mentorsite.cli.output import put
from mentorsite.diagnostic_formats import bytes_shown
from mentorsite.errors import MentorsiteError, UnknownGoals
from mentorsite.vocabulary import EVIDENCE_KINDS

if TYPE_CHECKING:
    from mentorsite.authoring.new_entry import NewFile
    from mentorsite.authoring.scaffold import Pair


def _parse_cadence(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> str | int | None:
    return None if value is None else _cadence_answer(value)


def _cadence_answer(value: str) -> str | int:
    from mentorsite.authoring.scaffold import parse_cadence

    try:
        return parse_cadence(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _typed(value: str, read: Callable[[str], str] | None = None) -> str:
    """What was typed for a title or a name, on one line (a newline split the README's
    heading), as ``read`` takes it (default :func:`~mentorsite.authoring.yamlwrite.typed_text`);
    else a usage error that names the option, rather than a file ``check`` refuses or settings
    init cannot write."""
    from mentorsite.authoring.yamlwrite import typed_text

    try:
        return (read or typed_text)(_as_typed(value))
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _as_typed(value: str) -> str:
    """``value`` as the bytes typed, read as UTF-8. Python decodes the command line and the
    terminal in the locale's encoding, and under an ASCII one (``LC_ALL=C`` with
    ``PYTHONUTF8=0``) each byte of a UTF-8 title past ASCII came as a lone surrogate: ``new
    goal "Выступления"`` was refused as typed in another encoding. The file system's encoding
    is the locale's, so ``os.fsencode`` gives the bytes back. Bytes that are not UTF-8 stay
    as they came, for :func:`~mentorsite.authoring.yamlwrite.typed_text` to refuse, and so
    does text the locale could not have handed over (a prompt's default, made here)."""
    try:
        return os.fsencode(value).decode("utf-8")
    except UnicodeError:
        return value


def _typed_or_none(value: str) -> str | None:
    """A name, where a blank one is none: a mentee or mentor not named yet."""
    return _typed(value) if value.strip() else None


def _title_param(_ctx: click.Context, _param: click.Parameter, value: str | None
                 ) -> str | None:
    return None if value is None else _typed(value)


def _entry_title_param(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    """The title of a new entry: what :func:`_typed` takes, with a letter or a digit in it
    (``new goal "!!!"`` is a usage error, as a blank title is, and writes nothing)."""
    from mentorsite.authoring.yamlwrite import entry_title

    return _typed(value, entry_title)


def _name_param(_ctx: click.Context, _param: click.Parameter, value: str | None
                ) -> str | None:
    """A name given as an option must be one: ``--mentee ""`` is a usage error, as a blank
    ``--title`` is, not a name silently dropped (leaving the option out names no one)."""
    return None if value is None else _typed(value)


def _names_param(_ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]
                 ) -> tuple[str, ...]:
    return tuple(_typed(each) for each in value)


def _names(typed: Iterable[str]) -> tuple[str, ...]:
    return tuple(name for each in typed if (name := _typed_or_none(each)))


def _ask_pair(title: str | None, mentee: str | None, mentors: tuple[str, ...],
              cadence: str | int | None) -> Pair:
    """Ask, one prompt each, for what the options left out."""
    from mentorsite.authoring.scaffold import Pair, default_title

    if mentee is None:
        mentee = click.prompt("Mentee's name", default="", show_default=False,
                              value_proc=_typed_or_none)
    if not mentors:
        mentors = click.prompt("Mentors' names, separated by commas", default="",
                               show_default=False,
                               value_proc=lambda text: _names(text.split(",")))
    if cadence is None:
        cadence = click.prompt("How often you check in (weekly, biweekly, monthly or days)",
                               default="biweekly", value_proc=_cadence_answer)
    if title is None:
        title = click.prompt("Site title", default=default_title(mentee), value_proc=_typed)
    return Pair(title, mentee, mentors, cadence)


@click.command(short_help="Scaffold a mentorship repository; never overwrites.")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", callback=_title_param,
              help="Site title  [default: from the mentee's name]")
@click.option("--mentee", callback=_name_param, help="The mentee's name.")
@click.option("--mentor", "mentors", multiple=True, callback=_names_param,
              help="A mentor's name; repeat for each.")
@click.option("--cadence", callback=_parse_cadence, metavar="weekly|biweekly|monthly|DAYS",
              help="How often the pair checks in  [default: biweekly]")
@click.option("--interactive/--no-interactive", default=None,
              help="Ask for what the options leave out  [default: when stdin is a terminal]")
@click.pass_obj
@day_read
def init(options: Options, directory: Path | None, title: str | None, mentee: str | None,
         mentors: tuple[str, ...], cadence: str | int | None, interactive: bool | None) -> None:
    """Scaffold a mentorship repository in DIRECTORY (default: --source); never overwrites."""
    from mentorsite.authoring.scaffold import Pair, default_title, scaffold, settings_exist

    folder = directory if directory is not None else options.source
    if interactive is None:
        interactive = sys.stdin is not None and sys.stdin.isatty()
    if interactive and not settings_exist(folder):
        try:
            pair = _ask_pair(title, mentee, mentors, cadence)
        except click.Abort:  # the input ended (or Ctrl-C) at a question: Click says "Aborted!"
            click.echo(err=True)  # off the question's line
            raise click.ClickException(
                "stopped before every question was answered: nothing was written (the options, "
                "'mentorsite init --help', answer them without questions)") from None
    else:
        pair = Pair(title or default_title(mentee), mentee, mentors, cadence or "biweekly")
    try:
        report = scaffold(folder, pair, options.today)
    except MentorsiteError as exc:
        raise click.ClickException(str(exc)) from None
    for relpath in report.created:
        put(f"created {(folder / relpath).as_posix()}")
    for relpath in report.kept:
        put(f"kept existing {(folder / relpath).as_posix()}")
    for note in report.notes:
        put(note)
    if report.created:
        put(_next_steps(folder, "README.md" in report.created))


def _next_steps(folder: Path, guide: bool) -> str:
    """What to do after ``init``: read the README it wrote (by its path from here), or, where
    a README of the pair's own was kept, what that guide would have said first."""
    if guide:
        return (f"Next: read {(folder / 'README.md').as_posix()}, run 'mentorsite check', "
                "then commit.")
    return ("Next: run 'mentorsite check', then commit; to publish the site, push to GitHub "
            "and choose Settings → Pages → Source: GitHub Actions.")


def _edit_option(command: Callable[..., None]) -> Callable[..., None]:
    return click.option("--edit", is_flag=True,
                        help="Open the new file in $VISUAL or $EDITOR.")(command)


def _created(options: Options, make: Callable[[], NewFile], edit: bool) -> None:
    """Run one of the ``new_*`` functions, print the file's path, open it if asked."""
    from mentorsite.read.load import holds_mentorship, not_a_mentorship

    if not holds_mentorship(options.source):  # the wrong folder: do not start one there
        raise click.ClickException(not_a_mentorship(f"in {os.path.abspath(options.source)}"))
    try:
        made = make()
    except UnknownGoals as exc:
        raise click.BadParameter(str(exc), param_hint="'--goal'") from None
    except MentorsiteError as exc:
        raise click.ClickException(str(exc)) from None
    relpath = made.path
    shown = _from_here(options.source / relpath)
    put(shown)
    if made.taken:
        meaning = (f"so this goal's id is '{PurePosixPath(relpath).stem}'"
                   if relpath.startswith("content/goals/") else "so the new one is beside it")
        click.echo(f"note: {_from_here(options.source / made.taken)} already exists, "
                   f"{meaning}; delete {shown} if you meant to edit that one", err=True)
    if made.same_title and made.same_title != PurePosixPath(made.taken or "").stem:
        click.echo(f"note: the goal '{made.same_title}' already has this title; delete "
                   f"{shown} if you meant to edit that one", err=True)
    if made.unread:
        # Prefilled from what validated: a goal whose file is broken is left out.
        files, many = ", ".join(map(bytes_shown, made.unread)), len(made.unread)
        which = (f"{files} has errors, so the new file leaves out what it holds and anything "
                 "that refers to it" if many == 1 else
                 f"{many} files have errors ({files}), so the new file leaves out what they "
                 "hold and anything that refers to them")
        click.echo(f"note: {which}; 'mentorsite check' lists the errors", err=True)
    if made.nameless:  # "untitled": a title in Japanese or Arabic (SPEC: a-z, 0-9, -)
        click.echo(f"note: the title has no letters a-z or digits to name the file after; "
                   f"rename {shown} to say what it is (lowercase a-z, 0-9 and -)", err=True)
    if edit:
        try:
            click.edit(filename=str(options.source / relpath))
        except click.ClickException as exc:  # the editor is missing, or exited with an error
            raise click.ClickException(
                f"{shown} is written, but the editor did not open it ({exc.message}): "
                "open it yourself, or set $VISUAL or $EDITOR") from None


def _from_here(path: Path) -> str:
    """``path`` as the working folder reaches it: relative when it is inside that folder, else
    absolute, as ``init`` names what it writes. The path from the mentorship's root
    (``content/goals/x.md``) opened nothing from anywhere else: ``$EDITOR "$(mentorsite
    --source site new goal X)"``, or a run in ``content/goals/``, opened a new empty file."""
    full = Path(os.path.abspath(path))
    try:
        return full.relative_to(os.getcwd()).as_posix()
    except (ValueError, OSError):  # outside the working folder, or that folder is gone
        return full.as_posix()


@click.group(short_help="Write a new goal, check-in, reflection or evidence.")
def new() -> None:
    """Write a new goal, check-in, reflection or evidence file from a template."""


@new.command("goal", short_help="A goal started today, with a hint for each SMART part.")
@click.argument("title", callback=_entry_title_param)
@_edit_option
@click.pass_obj
@day_read
def new_goal_command(options: Options, title: str, edit: bool) -> None:
    """A goal called TITLE, started today, with a hint for each SMART part."""
    from mentorsite.authoring.new_entry import new_goal

    _created(options, lambda: new_goal(options.source, title, options.today), edit)


@new.command("checkin", short_help="A check-in prefilled from the goals and the last one.")
@click.option("--date", "day", callback=parse_today, metavar="YYYY-MM-DD",
              help="The day of the check-in  [default: today]")
@_edit_option
@click.pass_obj
@day_read
def new_checkin_command(options: Options, day: date | None, edit: bool) -> None:
    """A check-in prefilled with every active goal, its metrics and the open next steps."""
    from mentorsite.authoring.new_entry import new_checkin

    _created(options, lambda: new_checkin(options.source, day, options.today), edit)


@new.command("reflection", short_help="A reflection with a heading for each prompt.")
@click.argument("title", callback=_entry_title_param)
@click.option("--goal", "goals", multiple=True, metavar="ID",
              help="A goal it is about; repeat for several.")
@_edit_option
@click.pass_obj
@day_read
def new_reflection_command(options: Options, title: str, goals: tuple[str, ...],
                           edit: bool) -> None:
    """A reflection called TITLE, with a heading for each reflection prompt."""
    from mentorsite.authoring.new_entry import new_reflection

    _created(options, lambda: new_reflection(options.source, title, goals, options.today),
             edit)


@new.command("evidence", short_help="Evidence: an outcome, feedback, a story or an artifact.")
@click.argument("title", callback=_entry_title_param)
@click.option("--goal", "goals", multiple=True, metavar="ID",
              help="A goal it supports; repeat for several.")
@click.option("--kind", type=click.Choice(EVIDENCE_KINDS), help="What sort of evidence it is.")
@_edit_option
@click.pass_obj
@day_read
def new_evidence_command(options: Options, title: str, goals: tuple[str, ...],
                         kind: str | None, edit: bool) -> None:
    """Evidence called TITLE: an outcome, feedback, a story or an artifact."""
    from mentorsite.authoring.new_entry import new_evidence

    _created(options,
             lambda: new_evidence(options.source, title, goals, kind, options.today), edit)
