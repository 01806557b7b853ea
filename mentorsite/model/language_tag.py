"""The ``language`` setting: a BCP 47 language tag (RFC 5646), as ``<html lang>`` and the
feed's ``xml:lang`` take it, and what a pair who wrote something else most likely meant.

The tag's form is checked: ``de``, ``pt-BR``, ``zh-Hant``, ``sr-Latn-RS``, ``de-CH-1996``,
``en-x-mine``. Two rules are stricter than the grammar. A tag starts with a language's two- or
three-letter code, as every registered tag does (the grammar keeps four letters for future use
and lets five to eight be registered, none of which ever were), so ``German`` is refused. And
the seventeen irregular tags of old (``i-klingon``, ``en-GB-oed``), which the grammar lists one
by one, are refused: they are deprecated, most in favour of a tag of the usual form (``tlh``).

Of IANA's registry, only the two-letter codes are checked: a language's (ISO 639-1) and a
region's (ISO 3166-1), which the registry has not added to since 2011, so a list kept here
stays true. They are where pairs go wrong (``jp`` for Japanese, ``en-UK``), and the Nu Html
Checker and screen readers know no language they do not name. Three-letter languages,
scripts and variants, which the registry adds to every year, are taken by their form: a list
kept here would one day refuse a code just registered.
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


def _listed(codes: str) -> frozenset[str]:
    """The codes of a list kept as text, one space or line apart, as the registry orders them."""
    return frozenset(codes.split())


_LANGUAGES = _listed("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da
de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia
id ie ig ii ik in io is it iu iw ja ji jv jw ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg
li ln lo lt lu lv mg mh mi mk ml mn mo mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os
pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg sh si sk sl sm sn so sq sr ss st su sv sw ta te tg
th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
""")
"""Every two-letter language subtag in IANA's registry, deprecated ones too (``iw``), as the
Nu Html Checker takes them."""

_REGIONS = _listed("""
AA AC AD AE AF AG AI AL AM AN AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
BQ BR BS BT BU BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CP CR CS CU CV CW CX CY CZ DD DE
DG DJ DK DM DO DZ EA EC EE EG EH ER ES ET EU EZ FI FJ FK FM FO FR FX GA GB GD GE GF GG GH GI GL
GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU IC ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE
KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN
MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NT NU NZ OM PA PE PF PG PH PK
PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SU
SV SX SY SZ TA TC TD TF TG TH TJ TK TL TM TN TO TP TR TT TV TW TZ UA UG UM UN US UY UZ VA VC VE
VG VI VN VU WF WS YD YE YT YU ZA ZM ZR ZW ZZ
""") | {f"{first}{second}" for first in "QX" for second in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
               if first == "X" or second >= "M"}
"""Every two-letter region subtag in IANA's registry, with the ranges kept for private use
(``QM``..``QZ``, ``XA``..``XZ``)."""

_CODES_MEANT = {
    "jp": "ja", "cn": "zh", "kr": "ko", "gr": "el", "cz": "cs", "dk": "da", "ua": "uk",
    "sp": "es", "vn": "vi", "il": "he", "rs": "sr", "us": "en", "gb": "en", "uk": "GB",
}
"""A country's code written for its language's (``jp``), and ``UK`` for the United
Kingdom's region, ``GB``."""


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
        unknown = unregistered(value)
        if unknown is None:
            return value
        subtag, meant = unknown
        raise PydanticCustomError(
            "invalid-value", "'{value}' names no {what}: {subtag} is no code in IANA's registry"
                             "{hint}",
            {"value": value, "subtag": subtag,
             "what": "region" if subtag.isupper() else "language",
             "hint": f" (did you mean '{meant}'?)" if meant else
             "; write the language's code, with its region if need be, such as de or pt-BR"})
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


def unregistered(tag: str) -> tuple[str, str | None] | None:
    """The two-letter subtag of a well-formed ``tag`` that IANA's registry does not hold, in
    its usual case, with the tag most likely meant (``en-GB`` for ``en-UK``); else ``None``."""
    parts = tag.split("-")
    language = parts[0].lower()
    if len(language) == 2 and language not in _LANGUAGES:
        meant = _CODES_MEANT.get(language)
        return language, "-".join([meant, *parts[1:]]) if meant else None
    for index, part in enumerate(parts[1:], start=1):
        if len(part) == 1:
            return None  # extensions and private use follow: no region among them
        if len(part) == 2 and part.isalpha():  # the one place two letters stand: the region
            region = part.upper()
            if region in _REGIONS:
                return None
            meant = _CODES_MEANT.get(part.lower(), "")
            return region, ("-".join([*parts[:index], meant, *parts[index + 1:]])
                            if meant.isupper() else None)
    return None
