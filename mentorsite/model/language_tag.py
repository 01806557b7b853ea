"""The ``language`` setting: a BCP 47 language tag (RFC 5646), as ``<html lang>`` and the
feed's ``xml:lang`` take it, and what a pair who wrote something else most likely meant.

Only the tag's form is checked, not IANA's registry of subtags (which changes, and which no
package here holds): ``de``, ``pt-BR``, ``zh-Hant``, ``sr-Latn-RS``, ``de-CH-1996``,
``en-x-mine``. Two rules are stricter than the grammar. A tag starts with a language's two- or
three-letter code, as every registered tag does (the grammar keeps four letters for future use
and lets five to eight be registered, none of which ever were), so ``German`` is refused. And
the seventeen irregular tags of old (``i-klingon``, ``en-GB-oed``), which the grammar lists one
by one, are refused: they are deprecated, most in favour of a tag of the usual form (``tlh``).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic_core import PydanticCustomError

from mentorsite.text import forbidden_character

_ALPHA, _DIGIT, _ALPHANUM = "[A-Za-z]", "[0-9]", "[A-Za-z0-9]"
LANGUAGE_TAG_PATTERN = (
    f"^(?:{_ALPHA}{{2,3}}(?:-{_ALPHA}{{3}}){{0,3}}"  # ISO 639, and up to three extlangs
    f"(?:-{_ALPHA}{{4}})?"  # script
    f"(?:-(?:{_ALPHA}{{2}}|{_DIGIT}{{3}}))?"  # region
    f"(?:-(?:{_ALPHANUM}{{5,8}}|{_DIGIT}{_ALPHANUM}{{3}}))*"  # variants
    f"(?:-[0-9A-WY-Za-wy-z](?:-{_ALPHANUM}{{2,8}})+)*"  # extensions
    f"(?:-[Xx](?:-{_ALPHANUM}{{1,8}})+)?"  # private use
    f"|[Xx](?:-{_ALPHANUM}{{1,8}})+)$"  # a tag of private use alone
)
"""A well-formed tag, for Python and for editors' JSON Schema validators alike (no flags)."""
_LANGUAGE_TAG = re.compile(LANGUAGE_TAG_PATTERN.removesuffix("$") + r"\Z")

_NAMES = {
    "arabic": "ar", "bengali": "bn", "bulgarian": "bg", "catalan": "ca", "chinese": "zh",
    "croatian": "hr", "czech": "cs", "danish": "da", "dutch": "nl", "english": "en",
    "estonian": "et", "finnish": "fi", "french": "fr", "german": "de", "greek": "el",
    "hebrew": "he", "hindi": "hi", "hungarian": "hu", "indonesian": "id", "irish": "ga",
    "italian": "it", "japanese": "ja", "korean": "ko", "latvian": "lv", "lithuanian": "lt",
    "norwegian": "no", "persian": "fa", "polish": "pl", "portuguese": "pt", "romanian": "ro",
    "russian": "ru", "serbian": "sr", "slovak": "sk", "slovenian": "sl", "spanish": "es",
    "swahili": "sw", "swedish": "sv", "tamil": "ta", "thai": "th", "turkish": "tr",
    "ukrainian": "uk", "urdu": "ur", "vietnamese": "vi", "welsh": "cy",
    # as the language calls itself
    "deutsch": "de", "español": "es", "espanol": "es", "français": "fr", "francais": "fr",
    "italiano": "it", "nederlands": "nl", "polski": "pl", "português": "pt",
    "portugues": "pt", "svenska": "sv", "türkçe": "tr", "turkce": "tr", "norsk": "no",
    "dansk": "da", "suomi": "fi", "čeština": "cs", "magyar": "hu", "русский": "ru",
    "українська": "uk", "中文": "zh", "日本語": "ja", "한국어": "ko", "العربية": "ar",
    "עברית": "he", "ελληνικά": "el",
}
"""Languages by name, in English and in their own words: what a pair writes for a tag."""


def is_language_tag(value: str) -> bool:
    """Whether ``value`` is a well-formed language tag (see the module's note)."""
    return _LANGUAGE_TAG.match(value) is not None


def language_tag(value: Any) -> Any:
    """The ``language`` setting as written, when it is a well-formed tag; else an
    ``invalid-value`` that says what to write. ``language: no`` (Norwegian) is false to YAML."""
    if value is False:
        raise PydanticCustomError(
            "invalid-value", "YAML reads no as false: quote Norwegian's tag, language: \"no\", "
                             "or write nb (Bokmål) or nn (Nynorsk)", {})
    if not isinstance(value, str):
        return value  # the field's own type says what it is not
    found = forbidden_character(value)
    if found is not None:
        raise PydanticCustomError("invalid-value", "the tag holds {what}: remove it",
                                  {"what": found})
    if is_language_tag(value):
        return value
    meant = tag_meant(value)
    raise PydanticCustomError(
        "invalid-value", "'{value}' is not a language tag (BCP 47){hint}",
        {"value": value,
         "hint": f" (did you mean '{meant}'?)" if meant else
         ": write the language's code, with its region or script if need be, such as de, "
         "pt-BR or zh-Hant"},
    )


def tag_meant(written: str) -> str | None:
    """The tag a pair most likely meant by ``written``: ``de-DE`` for a locale's ``de_DE``
    or ``de_DE.UTF-8``, ``en`` for ``en-``, ``de`` for ``German`` or ``Deutsch``."""
    text = written.strip()
    named = _NAMES.get(text.lower())
    if named:
        return named
    parts = re.split(r"[-_\s]+", re.split(r"[.@]", text)[0])  # a locale's encoding, modifier
    tag = "-".join(part for part in parts if part)
    if tag and tag != written and is_language_tag(tag):
        return tag
    return None
