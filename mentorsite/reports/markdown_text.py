"""The pair's words in the Markdown that ``report`` and ``review`` write, reading as typed."""

from __future__ import annotations

import re

_MARKUP = re.compile(r"([\\`*_\[\]<>|~&])")
"""What Markdown (GitHub's) reads as markup inside a line: emphasis, code, links and images,
raw HTML and entities, a table's cell borders, strikethrough. Each is escaped with a
backslash, as CommonMark allows before any ASCII punctuation."""


def literal(text: str) -> str:
    """``text`` on one line, each character Markdown would read as markup escaped: a title
    ``Ship *it* [now](…)`` shows as written, in a pull request comment as on the site, and
    a ``|`` keeps a table row whole. A line break would end a list item or a row."""
    return _MARKUP.sub(r"\\\1", " ".join(text.splitlines()).strip())
