"""A file's version read from its bytes in git: its front matter parsed, its body, how its
lines end. Apart from :mod:`~mentorsite.history.versions` (what changed between two versions),
which needs the model's fields and so pydantic: the history's own process
(:mod:`~mentorsite.history.aside`) reads the old versions of goals with this alone, and
importing the rest there, forked before the build loads it, cost that process more than
parsing those versions (a quarter of its instructions on the 1,000-commit benchmark corpus).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mentorsite.read.frontmatter import body_of, normalise, split


@dataclass(frozen=True)
class Version:
    """A file's text at one commit: front matter and body, as far as they could be read."""

    meta: Mapping[str, Any]
    body: str
    readable: bool = True
    """False when its front matter could not be read (a YAML error, no closing ``---``): its
    ``meta`` is then empty, which says nothing of what the file meant."""
    closed: bool = True
    """False when its front matter does not open and close with ``---`` lines: where it ends
    and the text begins cannot be told, so its ``body`` says nothing of its text either (empty,
    or the whole file, front matter and all: a public check-in's notes on a private goal),
    and no diff compares it (see
    :meth:`~mentorsite.history.versions.Versions.diff`)."""
    endings: str = "LF"
    """Its line ends as stored: ``LF``, ``CRLF``, ``CR``, ``mixed``, or empty for none (the
    text is read with LF). Versions the build read from the working tree are LF: one that is
    not has another blob id, and is read from git (see :data:`~mentorsite.read.load.Fronts`)."""
    bom: bool = False
    """Whether it starts with a byte-order mark (the text is read without it)."""


def read_version(blob: bytes | None) -> Version | None:
    """A file version's front matter and body; unreadable front matter counts as empty."""
    if blob is None:
        return None
    raw = blob.decode("utf-8", "replace")
    text = normalise(raw)
    front = split(text)
    endings, bom = _endings(raw), raw.startswith("\ufeff")
    if front.problems:
        return Version({}, front.body, readable=False, closed=body_of(text) is not None,
                       endings=endings, bom=bom)
    return Version(front.meta, front.body, endings=endings, bom=bom)


def _endings(raw: str) -> str:
    """How the lines of ``raw`` end (see :attr:`Version.endings`)."""
    crlf = raw.count("\r\n")
    found = [name for name, count in (("LF", raw.count("\n") - crlf), ("CRLF", crlf),
                                      ("CR", raw.count("\r") - crlf)) if count]
    return "mixed" if len(found) > 1 else "".join(found)
