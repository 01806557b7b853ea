"""What every command of the command line is given: the group's options, and how a date
option is read."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click


@dataclass(frozen=True)
class Options:
    """What the group's options say, passed down to every command."""

    source: Path
    today: date | None


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
