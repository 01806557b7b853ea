"""What day it is where the pair lives: deadlines and check-in health are judged as of it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def zone_of(name: object) -> ZoneInfo:
    """The IANA time zone ``name``; UTC when it is not one (the settings check reports a bad
    ``timezone``)."""
    try:
        return ZoneInfo(name) if isinstance(name, str) else ZoneInfo("UTC")
    except (KeyError, ValueError, OSError):
        return ZoneInfo("UTC")


def today_in_zone(name: object) -> date:
    """Today in the IANA time zone ``name``; in UTC when it is not one."""
    return datetime.now(zone_of(name)).date()


def machine_today() -> date:
    """Today on this machine's clock, in its own zone: the day of what is no single pair's
    (a programme's build day, and the pairs whose zone it cannot know)."""
    return datetime.now().date()


def day_starts(day: date, name: object) -> str:
    """The moment ``day`` begins in the time zone ``name``, as RFC 3339 writes it
    (``2025-02-03T00:00:00-08:00``; ``Z`` where the offset is nought), for the feed: written as
    midnight UTC, an entry of 3 February was one of 2 February, 4 pm, to a reader in Los
    Angeles."""
    offset = datetime.combine(day, time(), zone_of(name)).utcoffset() or timedelta()
    minutes = round(offset.total_seconds() / 60)  # a zone's local mean time is in seconds
    if not minutes:
        return f"{day.isoformat()}T00:00:00Z"
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{day.isoformat()}T00:00:00{sign}{hours:02}:{minutes:02}"


def days_from(day: date, days: int) -> date:
    """``day`` moved by ``days``, held within the dates there are: a file or ``--today`` may
    say 9999-12-31 or 0001-01-01, and a horizon past them is simply their end."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min
