"""What every command of the command line is given: the group's options, and how a date
option is read."""

from __future__ import annotations

import errno
import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ParamSpec, TypeVar, cast

import click


@dataclass(frozen=True)
class Options:
    """What the group's options say, passed down to every command."""

    source: Path
    today: date | None
    source_named: bool = False
    """``--source`` named the mentorship; else it was looked for around the working folder,
    and ``check`` looks around the paths it is given when there is none there."""
    bad_today: click.BadParameter | None = None
    """Why ``--today`` (or ``MENTORSITE_TODAY``) is no day, raised by :func:`day_read` when a
    command runs; ``today`` is then None."""


_P = ParamSpec("_P")
_R = TypeVar("_R")


def read_today(ctx: click.Context, param: click.Parameter, value: str | None
               ) -> date | click.BadParameter | None:
    """The group's ``--today`` (Click callback): the day, or the usage error it is, kept
    for :func:`day_read` to raise. Click runs the group's callbacks before a command's own
    options are read, so raised here it ended ``MENTORSITE_TODAY=bad mentorsite check
    --help`` with exit 2 and no help."""
    try:
        return parse_today(ctx, param, value)
    except click.BadParameter as bad:
        bad.ctx, bad.param = ctx, param  # as Click fills them in for an error it catches
        return bad


def day_read(command: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``command`` only once the group's ``--today`` is read as a day: a bad one is a
    usage error (exit 2) for every command that runs, its help shown first."""

    @functools.wraps(command)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        options = click.get_current_context().find_object(Options)
        if options is not None and options.bad_today is not None:
            raise options.bad_today
        return command(*args, **kwargs)

    return run


class WholeNumber(click.IntRange):
    """A whole number within bounds, named so in a usage error: Click's own says "'abc' is
    not a valid integer range"."""

    name = "whole number"


def parse_today(_ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """A ``YYYY-MM-DD`` option as a date (Click callback). Only that form, as in the files:
    Python also reads ``20260101`` and the week date ``2026-W01-1``, which the message and
    the help promise nothing of."""
    if value is None:
        return None
    try:
        if not _DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        # Click names the flag; a value set in the environment names its variable too (Click
        # records where a value came from only after this callback)
        envvar = param.envvar if isinstance(param.envvar, str) else None
        where = f", as {envvar} says," if envvar and os.environ.get(envvar) == value else ""
        if _DATE.fullmatch(value):
            raise click.BadParameter(f"'{value}'{where} is not a real date") from None
        from mentorsite.read.names import dates_meant  # only on a mistake: the CLI starts fast

        meant = " or ".join(day.isoformat() for day in dates_meant(value))
        hint = f" (did you mean {meant}?)" if meant else ""
        raise click.BadParameter(f"'{value}'{where} is not a date YYYY-MM-DD{hint}") from None


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class OutputFolder(click.Path):
    """An ``--out`` folder, looked at as it is read: a name the system cannot take (longer than
    it allows) or a place it will not let us look at is a usage error then, not a traceback
    from the first look the command takes."""

    def __init__(self) -> None:
        super().__init__(path_type=Path)

    def convert(self, value: str | os.PathLike[str], param: click.Parameter | None,
                ctx: click.Context | None) -> Path:
        if not os.fspath(value).strip():  # Path("") is ".", the repository itself
            self.fail("no folder given: name one, e.g. _site", param, ctx)
        path = cast(Path, super().convert(value, param, ctx))  # path_type=Path makes one
        try:
            os.stat(path)
        except OSError as error:
            # Absent, under a file, or a loop of links: the build says what it makes of those.
            if error.errno not in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP):
                self.fail(f"cannot use '{value}': {error.strerror}", param, ctx)
        return path
