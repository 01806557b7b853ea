"""Turn a title into a file-name slug: lowercase ASCII letters, digits and ``-`` (SPEC §2).

Titles are what people type (``"Réunion d'équipe: 1er bilan!"``); slugs are what file names and
URLs may hold (``reunion-d-equipe-1er-bilan``). Accents are folded rather than dropped so the
slug stays readable, and long titles are cut at a word boundary.
"""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 60
"""Longest slug made from a title; file names and URLs stay readable."""

FALLBACK = "untitled"
"""The slug of a title with nothing to keep (only punctuation, or no Latin letters)."""

_FOLDS = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "đ": "d",
     "Đ": "d", "ł": "l", "Ł": "l", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d", "\u0131": "i"}
)
"""Letters that Unicode decomposition leaves alone but that have a usual ASCII spelling."""

_NOT_ALLOWED = re.compile(r"[^a-z0-9]+")


def slugify(title: str, max_length: int = MAX_LENGTH) -> str:
    """The slug of ``title``: accents folded, anything else between words becomes one ``-``;
    :data:`FALLBACK` when nothing is left."""
    return kept_slug(title, max_length) or FALLBACK


def kept_slug(title: str, max_length: int = MAX_LENGTH) -> str:
    """The slug of ``title`` as :func:`slugify` makes it, but ``""`` when nothing of the title
    may be in a file name."""
    decomposed = unicodedata.normalize("NFKD", title.translate(_FOLDS))
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_ALLOWED.sub("-", ascii_only).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut[: cut.rindex("-")] if "-" in cut else slug[:max_length]
        slug = slug.strip("-")
    return slug


def alphabetical(text: str) -> tuple[str, str]:
    """The key that sorts ``text`` A to Z as people read names: its letters with accents
    folded as a slug folds them ('Émile' beside 'Emma', 'Ömer' beside 'Olga', the Turkish
    dotless i beside 'i', never after 'z'), then case-blind; the text as written breaks ties
    ('Eve' and 'Ève' keep one order)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLDS))
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return (letters.casefold(), unicodedata.normalize("NFC", text).casefold())
