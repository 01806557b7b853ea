"""What day it is where the pair lives: deadlines and check-in health are judged as of it."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def today_in_zone(name: object) -> date:
    """Today in the IANA time zone ``name``; in UTC when it is not one (the settings check
    reports a bad ``timezone``)."""
    try:
        zone = ZoneInfo(name) if isinstance(name, str) else ZoneInfo("UTC")
    except (KeyError, ValueError, OSError):
        zone = ZoneInfo("UTC")
    return datetime.now(zone).date()
