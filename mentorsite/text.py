"""How numbers, dates and shares read on the site and in the terminal, in one place."""

from __future__ import annotations

from datetime import date
from functools import lru_cache


def number(value: float | None) -> str:
    """``3`` for whole numbers, else up to two decimals (``2.5``, ``0.33``); ``—`` for none."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def percent(share: float | None) -> str:
    """``42%`` for a share of 0..1; ``—`` when unknown."""
    return "—" if share is None else f"{round(share * 100)}%"


@lru_cache(maxsize=8192)
def long_date(day: date) -> str:
    """``8 September 2025``; remembered, as a site shows the same days again and again."""
    return f"{day.day} {day:%B %Y}"


@lru_cache(maxsize=8192)
def short_date(day: date) -> str:
    """``8 Sep 2025``; remembered, as a site shows the same days again and again."""
    return f"{day.day} {day:%b %Y}"
