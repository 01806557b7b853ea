"""A page of the site as data: where it goes, which template draws it, what it is given."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page:
    """One HTML page: ``url`` is relative to the site root, ending in ``/`` for folders.

    Its fields are slots, with no dictionary: ``serve`` keeps every page of the site between
    rebuilds, and a dictionary each (made once ``output_path`` was first asked for, as a
    cached property) was 1.4 MiB of its memory on the 5,000-file benchmark corpus's 15,000
    pages, under the peak of its first build and of every edit."""

    url: str
    template: str
    title: str
    context: Mapping[str, Any] = field(default_factory=dict)
    served_anywhere: bool = False
    """True for the 404 page, which the server shows at any path: its links start from the
    site's published address (or ``/``) instead of being relative."""
    output_path: str = field(init=False, repr=False, compare=False)
    """The file the page is written to: pretty URLs end in ``index.html`` (worked out once:
    ``serve`` looks every page up by it after each edit)."""

    def __post_init__(self) -> None:
        url = self.url
        object.__setattr__(self, "output_path",
                           url + "index.html" if url.endswith("/") or not url else url)

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


@dataclass(frozen=True)
class Pager:
    """Where a page of a long list sits among the others; URLs are from the site root."""

    number: int
    count: int
    newer: str | None
    older: str | None


def paged(items: Sequence[T], size: int, folder: str) -> list[tuple[str, Sequence[T], Pager]]:
    """``items``, newest first, in pages of ``size``: ``folder`` (``history/``) holds the first,
    ``folder`` + ``page/2/``… the older ones, so that no page grows with the mentorship. Each
    page's URL, items and pager; one empty page for no items, which says there are none."""
    chunks = [items[start:start + size] for start in range(0, len(items), size)] or [items]

    def url(number: int) -> str:
        return folder if number == 1 else f"{folder}page/{number}/"

    last = len(chunks)
    return [(url(number), chunk,
             Pager(number, last, url(number - 1) if number > 1 else None,
                   url(number + 1) if number < last else None))
            for number, chunk in enumerate(chunks, start=1)]
