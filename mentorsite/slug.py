"""Turn a title into a file-name slug: lowercase ASCII letters, digits and ``-`` (SPEC §2).

Titles are what people type (``"Réunion d'équipe: 1er bilan!"``); slugs are what file names and
URLs may hold (``reunion-d-equipe-1er-bilan``). Accents are folded rather than dropped so the
slug stays readable, and long titles are cut at a word boundary.

A title in a script with one standard romanisation is spelt in Latin letters by it, so a pair
that writes in that script gets a name it can read back (``"Выступать на собраниях"`` →
``vystupat-na-sobraniiakh``) rather than ``untitled``: Cyrillic by ICAO Doc 9303 (the
machine-readable zone of Russian, Ukrainian, Belarusian, Serbian, Macedonian and Bulgarian
passports: one table for every Cyrillic language, which spells Serbian Cyrillic as Serbian
Latin folds), Greek by ELOT 743 (Greek passports), Armenian by BGN/PCGN 1981 and Georgian by
the national system of 2002, both without their apostrophes, as passports write them. Scripts
with no such single reading (Chinese, Japanese, Arabic, Hebrew, the Indic scripts) keep
nothing, and the title names the file :data:`FALLBACK`. Heading anchors are not slugs: they
keep the heading's own script, as GitHub's do (:mod:`mentorsite.markdown.rules`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

MAX_LENGTH = 60
"""Longest slug made from a title; file names and URLs stay readable."""

FALLBACK = "untitled"
"""The slug of a title with nothing to keep (only punctuation, or only letters of a script
with no standard romanisation)."""

_FOLDS = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "đ": "d",
     "Đ": "d", "ł": "l", "Ł": "l", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d", "\u0131": "i"}
)
"""Letters that Unicode decomposition leaves alone but that have a usual ASCII spelling."""

_CYRILLIC = dict(zip(
    "абвгґдђѓеёєжзѕиіїйјклљмнњопрстћќуўфхцчџшщъыьэюя",
    ["a", "b", "v", "g", "g", "d", "d", "g", "e", "e", "ie", "zh", "z", "dz", "i", "i", "i",
     "i", "j", "k", "l", "lj", "m", "n", "nj", "o", "p", "r", "s", "t", "c", "k", "u", "u",
     "f", "kh", "ts", "ch", "dz", "sh", "shch", "ie", "y", "", "e", "iu", "ia"], strict=True))
"""ICAO Doc 9303 (7th edition, part 3), lowercase."""

_GREEK = dict(zip(
    "αάβγδεέζηήθιίϊΐκλμνξοόπρσςτυύϋΰφχψωώ",
    ["a", "a", "v", "g", "d", "e", "e", "z", "i", "i", "th", "i", "i", "i", "i", "k", "l", "m",
     "n", "x", "o", "o", "p", "r", "s", "s", "t", "y", "y", "y", "y", "f", "ch", "ps", "o",
     "o"], strict=True))
"""ELOT 743, lowercase letter by letter; :data:`_GREEK_PAIRS` reads the pairs of letters
first."""

_GREEK_PAIRS = (
    (r"ο[υύ]", "ou"),
    # αυ, ευ, ηυ: a v before a vowel or a voiced consonant, an f before any other or at the end
    (r"([αάεέηή])[υύ](?=[αάεέηήιίϊΐοόυύϋΰωώβγδζλμνρ])", r"\1v"),
    (r"([αάεέηή])[υύ]", r"\1f"),
    (r"γ(?=[γξχ])", "n"),
    (r"(?<!\w)μπ", "b"),
)
"""ELOT 743's readings of two letters, in the order they apply: a diaeresis (``ϋ``) parts
them."""

_ARMENIAN = dict(zip(
    "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆև",
    ["a", "b", "g", "d", "e", "z", "e", "y", "t", "zh", "i", "l", "kh", "ts", "k", "h", "dz",
     "gh", "ch", "m", "y", "n", "sh", "o", "ch", "p", "j", "r", "s", "v", "t", "r", "ts", "v",
     "p", "k", "o", "f", "ev"], strict=True))
"""BGN/PCGN 1981 (Eastern Armenian) without its apostrophes, lowercase."""

_ARMENIAN_PAIRS = (
    (r"ու", "u"),
    (r"(?<!\w)ե", "ye"),
    (r"(?<!\w)ո", "vo"),
    (r"(?<!\w)և", "yev"),
)
"""A word's first ``ե``, ``ո`` and ``և`` are said with a y or v before them; ``ու`` is one u."""

_GEORGIAN = dict(zip(
    "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
    ["a", "b", "g", "d", "e", "v", "z", "t", "i", "k", "l", "m", "n", "o", "p", "zh", "r", "s",
     "t", "u", "p", "k", "gh", "q", "sh", "ch", "ts", "dz", "ts", "ch", "kh", "j", "h"],
    strict=True))
"""The Georgian national system (2002) without its apostrophes, Mkhedruli (Mtavruli capitals
lowercase to it)."""

_ROMANISED = str.maketrans({**_CYRILLIC, **_GREEK, **_ARMENIAN, **_GEORGIAN})

_NOT_ALLOWED = re.compile(r"[^a-z0-9]+")


def slugify(title: str, max_length: int = MAX_LENGTH) -> str:
    """The slug of ``title``: accents folded, other scripts romanised, anything else between
    words becomes one ``-``; :data:`FALLBACK` when nothing is left."""
    return kept_slug(title, max_length) or FALLBACK


def kept_slug(title: str, max_length: int | None = MAX_LENGTH) -> str:
    """The slug of ``title`` as :func:`slugify` makes it, but ``""`` when nothing of the title
    may be in a file name; ``max_length`` None: never cut (a name that is already a file's)."""
    decomposed = unicodedata.normalize("NFKD", _romanised(title).translate(_FOLDS))
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    slug = _NOT_ALLOWED.sub("-", ascii_only).strip("-")
    if max_length is not None and len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut[: cut.rindex("-")] if "-" in cut else slug[:max_length]
        slug = slug.strip("-")
    return slug


@cache
def _pairs() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The pairs' patterns, compiled when a title is first spelt: a module every command
    loads (file names are read with it) compiled them at import, a millisecond of Greek
    classes that ``check`` never uses."""
    return tuple((re.compile(pattern), spelt) for pattern, spelt in (*_GREEK_PAIRS,
                                                                      *_ARMENIAN_PAIRS))


def _romanised(text: str) -> str:
    """``text`` in lowercase, its Cyrillic, Greek, Armenian and Georgian letters spelt in Latin
    ones by the schemes above (composed first, so that ``й`` typed as ``и`` and a breve is one
    letter); letters of any other script are left as they are."""
    text = unicodedata.normalize("NFC", text).lower()
    for pattern, spelt in _pairs():
        text = pattern.sub(spelt, text)
    return text.translate(_ROMANISED)


def alphabetical(text: str) -> tuple[str, str]:
    """The key that sorts ``text`` A to Z as people read names: its letters with accents
    folded as a slug folds them ('Émile' beside 'Emma', 'Ömer' beside 'Olga', the Turkish
    dotless i beside 'i', never after 'z'), Cyrillic letters in their alphabet's place
    (:data:`_CYRILLIC_PLACES`), then case-blind; the text as written breaks ties ('Eve' and
    'Ève' keep one order)."""
    placed = unicodedata.normalize("NFC", text).lower().translate(_CYRILLIC_PLACES)
    decomposed = unicodedata.normalize("NFKD", placed.translate(_FOLDS))
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return (letters.casefold(), unicodedata.normalize("NFC", text).casefold())


_CYRILLIC_PLACES = str.maketrans({
    letter: f"{after}{chr(0x10FFF0 + rank)}" for after, letters in (
        ("г", "ґ"), ("д", "ђѓ"), ("е", "є"), ("з", "ѕ"), ("и", "іїйј"), ("л", "љ"), ("н", "њ"),
        ("т", "ћќ"), ("у", "ў"), ("ч", "џ"))
    for rank, letter in enumerate(letters, 1)})
"""The Cyrillic letters that Russian lacks, or that decomposition would fold into another
(``й`` into ``и``), each placed after the letter it follows in its alphabet: Ukrainian
``ґ``, ``є``, ``і``, ``ї``, Serbian ``ђ``, ``ј``, ``љ``, ``њ``, ``ћ``, ``џ``, Macedonian
``ѓ``, ``ѕ``, ``ќ``, Belarusian ``ў``. By code point they all came after ``я``, so 'Ірина'
and 'Јелена' sorted after 'Яна'. No two of the languages order the letters they share
otherwise; ``ё`` stays with ``е``, as Russian dictionaries file it."""
