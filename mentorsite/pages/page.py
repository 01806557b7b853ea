"""A page of the site as data: where it goes, which template draws it, what it is given."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class Page:
    """One HTML page: ``url`` is relative to the site root, ending in ``/`` for folders."""

    url: str
    template: str
    title: str
    context: Mapping[str, Any] = field(default_factory=dict)
    served_anywhere: bool = False
    """True for the 404 page, which the server shows at any path: its links start from the
    site's published address (or ``/``) instead of being relative."""

    @cached_property
    def output_path(self) -> str:
        """The file the page is written to: pretty URLs end in ``index.html`` (worked out
        once: ``serve`` looks every page up by it after each edit)."""
        return self.url + "index.html" if self.url.endswith("/") or not self.url else self.url

    @property
    def depth(self) -> int:
        """How many folders deep the page sits, for relative links back to the root."""
        return self.output_path.count("/")


NAV = (
    ("Dashboard", ""),
    ("Goals", "goals/"),
    ("Check-ins", "checkins/"),
    ("Reflections", "reflections/"),
    ("Evidence", "evidence/"),
    ("Wins", "wins/"),
    ("Timeline", "timeline/"),
)
"""The site's main navigation: label → URL from the root."""
