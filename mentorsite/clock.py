"""What day it is where the pair lives: deadlines and check-in health are judged as of it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


def today_in_zone(name: object) -> date:
    """Today in the IANA time zone ``name``; in UTC when it is not one (the settings check
    reports a bad ``timezone``)."""
    try:
        zone = ZoneInfo(name) if isinstance(name, str) else ZoneInfo("UTC")
    except (KeyError, ValueError, OSError):
        zone = ZoneInfo("UTC")
    return datetime.now(zone).date()


def days_from(day: date, days: int) -> date:
    """``day`` moved by ``days``, held within the dates there are: a file or ``--today`` may
    say 9999-12-31 or 0001-01-01, and a horizon past them is simply their end."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min
