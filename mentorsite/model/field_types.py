"""What each front-matter value may be: the parsers and annotated types the content model's
classes are made of (dates, links, ids, text a page can hold, cadences, time zones). Every
problem is a ``PydanticCustomError`` whose code is the diagnostic's.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal, TypeGuard
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    GetJsonSchemaHandler,
    Strict,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from mentorsite.diagnostics import did_you_mean
from mentorsite.read.names import dates_meant
from mentorsite.text import NOT_HTML_BMP, forbidden_character, heading_words, holds_not_html

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_ID = re.compile(ID_PATTERN)


def is_id(value: object) -> TypeGuard[str]:
    """Whether ``value`` is a well-formed id, as the ``Id`` type accepts it (the whole string:
    ``$`` alone would let a final line break through)."""
    return type(value) is str and _ID.fullmatch(value) is not None

_DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")

CADENCES = {"weekly": 7, "biweekly": 14, "monthly": 31}


def _iso_date(value: Any) -> date:
    """Accept a YAML date or an ISO ``YYYY-MM-DD`` string; nothing with a time of day."""
    if isinstance(value, datetime):
        raise PydanticCustomError(
            "invalid-date", "must be a date YYYY-MM-DD without a time, got '{value}'",
            {"value": str(value)},
        )
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE_PATTERN.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
        raise PydanticCustomError(
            "invalid-date", "'{value}' is not a real date", {"value": value}
        )
    written = str(value) if type(value) in (str, int) else ""  # 20261231 is a number to YAML
    meant = " or ".join(day.isoformat() for day in dates_meant(written))
    raise PydanticCustomError(
        "invalid-date", "must be a date YYYY-MM-DD, got {value}{hint}",
        {"value": _quoted(value), "hint": f" (did you mean {meant}?)" if meant else ""},
    )


def _quoted(value: Any) -> str:
    """``value`` as a message quotes what the pair wrote: a scalar in quotes as YAML spells
    it, anything else by what it is, never in Python's spelling (``None``, ``{'a': 1}``)."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple, set)):
        return "a list"
    return f"'{str(value).lower() if isinstance(value, bool) else value}'"


def _done_value(value: Any) -> date | Literal[False]:
    """A milestone's ``done``: false while open, else the date it was done."""
    if value is False or value is None:
        return False
    if value is True:
        raise PydanticCustomError(
            "invalid-date", "must be the date it was done (YYYY-MM-DD), or false", {}
        )
    return _iso_date(value)


def _http_url(value: str) -> str:
    """Only http and https links are published; anything else could run code in a browser.
    The address must lead somewhere (a host) and publish no password; characters a URL may
    not hold in its path (a space, ``|``) are escaped on the page, as a browser would."""
    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
    if scheme not in ("http", "https") or "//" not in value:
        raise PydanticCustomError(
            "invalid-link", "link must be an http or https URL, got '{value}'{meant}",
            {"value": value, "meant": _scheme_hint(value)},
        )
    problem = _address_problem(value)
    if problem is not None:
        raise PydanticCustomError("invalid-link", "'{value}' {problem}",
                                  {"value": value, "problem": problem})
    return value


def _address_problem(url: str) -> str | None:
    """Why the http(s) URL ``url`` leads nowhere, or would publish a password; None when it
    is a whole address."""
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed IPv6 bracket
        return "is not a valid URL"
    if any(c.isspace() for c in parts.netloc):
        return "has a space in its host, which no address holds: remove it"
    if not parts.hostname:
        return "has no host, such as example.org, after its //"
    if parts.username is not None or parts.password is not None:
        return ("holds a user name or password, which every page, the feed and the calendar "
                "would publish: leave it out")
    try:
        parts.port  # noqa: B018 - reading it is the check: urllib raises on a bad port
    except ValueError:
        return "has a port that is not a number from 0 to 65535"
    return None


def site_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be the address the site is published at, or None when it can.

    Page paths are appended to it for feeds, the sitemap and canonical links, so it needs a
    host and nothing after its path: a query, a fragment or a space would break every one.
    """
    if not url.lower().startswith(("http://", "https://")):
        return f"is not an http or https URL{_scheme_hint(url)}"
    if holds_not_html(url):  # as --base-url, where no text check came first
        return "holds a control character or a noncharacter, which no page may hold"
    problem = _address_problem(url)
    if problem is not None:
        return problem
    if any(c.isspace() for c in url):
        return ("has a space, which would break the address of every page: remove it, or "
                "write it as %20")
    if "?" in url or "#" in url:
        return ("is not the address of a folder, such as https://example.org/plan/: leave out "
                "what follows its '?' or '#'")
    parts = urlsplit(url)
    folder, _, last = parts.path.rpartition("/")
    if last.lower().endswith((".html", ".htm")):
        return ("is the address of a page, not of the folder the site is published at: "
                f"did you mean {urlunsplit(parts._replace(path=folder + '/'))}?")
    if any(segment in (".", "..") for segment in parts.path.split("/")):
        return ("holds a '.' or '..' folder, which a browser would resolve away from every "
                "page's address: write the folder the site is published at")
    host = parts.netloc.replace("[", "").replace("]", "")  # an IPv6 address's brackets
    if unsafe := next((c for c in host + parts.path if c in _NOT_IN_ADDRESSES), None):
        return (f"holds '{unsafe}', which no address may hold as it is: write it as "
                f"%{ord(unsafe):02X}")
    if _BAD_PERCENT.search(url):
        return "holds a '%' not followed by two hexadecimal digits: write a percent sign as %25"
    return None


def _scheme_hint(address: str) -> str:
    """`` (did you mean https://example.org/?)`` for an address written without its scheme."""
    return f" (did you mean https://{address}?)" if _BARE_HOST.match(address) else ""


_BARE_HOST = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?$", re.IGNORECASE)
"""An address written without its ``https://``: ``example.org/plan/``."""
_BAD_PERCENT = re.compile("%(?![0-9A-Fa-f]{2})")
_NOT_IN_ADDRESSES = frozenset('"<>\\^`{|}[]')
"""Characters a URL may not hold unescaped (RFC 3986; the HTML checker refuses them in every
page's links, where the base URL is put before every page's address)."""


def _site_url(value: str) -> str:
    problem = site_url_problem(value)
    if problem is not None:
        raise PydanticCustomError("invalid-link", "'{value}' {problem}",
                                  {"value": value, "problem": problem})
    return value


_MACHINE_ZONE = "localtime"
"""A name the system's zone files answer to that is no IANA zone: the machine's own zone, so
the same site would judge 'today' one way on a laptop and another in CI."""


_OFFSET = re.compile(r"(?:UTC|GMT)?\s*([+-])\s*([0-9]{1,2})(?::?([0-9]{2}))?", re.IGNORECASE)


def _offset_hint(value: str) -> str:
    """What to write for a fixed offset (``UTC+2``, ``-05:00``): the place's own zone follows
    its summer time; a whole-hour ``Etc/GMT`` zone does not, and counts the other way."""
    found = _OFFSET.fullmatch(value.strip())
    if found is None:
        return ""
    sign, hours, minutes = found.groups()
    fixed = ("" if int(minutes or 0) or int(hours) > 12 else
             f", or Etc/GMT{'-' if sign == '+' else '+'}{int(hours)} for the fixed offset "
             "(its sign is reversed)")
    return f": an offset is no time zone; use the place's IANA name, such as Europe/Berlin{fixed}"


_ABBREVIATED = {
    "BST": "Europe/London",
    "CEST": "Europe/Berlin", "MEZ": "Europe/Berlin", "MESZ": "Europe/Berlin",
    "EEST": "Europe/Athens", "WEST": "Europe/Lisbon", "MSK": "Europe/Moscow",
    "EDT": "America/New_York", "CST": "America/Chicago", "CDT": "America/Chicago",
    "MDT": "America/Denver", "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
    "AKST": "America/Anchorage", "AKDT": "America/Anchorage", "BRT": "America/Sao_Paulo",
    "SAST": "Africa/Johannesburg", "WAT": "Africa/Lagos", "EAT": "Africa/Nairobi",
    "JST": "Asia/Tokyo", "KST": "Asia/Seoul", "SGT": "Asia/Singapore", "HKT": "Asia/Hong_Kong",
    "AEST": "Australia/Sydney", "AEDT": "Australia/Sydney", "AWST": "Australia/Perth",
    "NZST": "Pacific/Auckland", "NZDT": "Pacific/Auckland",
}
"""Abbreviations a pair may write for a zone, which are no zone names, with the IANA name of
the place most who write them mean; by spelling ``BST`` came nearest to ``MST``, seven hours
away."""
_ABBREVIATION = re.compile(r"[A-Z]{2,5}")


def _abbreviation_hint(value: str) -> str:
    """What to write for a zone's abbreviation (``BST``, ``CEST``): the place's IANA name,
    which, unlike the abbreviation, says when its summer time starts and ends."""
    written = value.strip()
    if not _ABBREVIATION.fullmatch(written):
        return ""
    place = _ABBREVIATED.get(written)
    example = f", as in {place}" if place else ", such as Europe/London"
    return f": an abbreviation is no time zone; use the place's IANA name{example}"


def timezone_name(value: str) -> str:
    try:
        if value == _MACHINE_ZONE:
            raise ValueError(value)
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # Only now the list of every zone: reading it takes a walk over the system's files.
        hint = _offset_hint(value) or _abbreviation_hint(value) or did_you_mean(
            value, available_timezones() - {_MACHINE_ZONE}) or (
            ": use an IANA name such as Europe/London")
        raise PydanticCustomError("invalid-value", "unknown timezone '{value}'{hint}",
                                  {"value": value, "hint": hint}) from None
    return value


def one_or_many(value: Any) -> Any:
    """Let ``success: text`` stand for a list of one."""
    return [value] if isinstance(value, str) else value


def empty_mapping(value: Any) -> Any:
    """Let a check-in list a goal with nothing under it."""
    return {} if value is None else value


@dataclass(frozen=True)
class MayBeEmpty:
    """The JSON Schema half of :func:`empty_mapping`: the value may be null too, or an editor
    would underline a goal listed with nothing under it, which ``check`` takes."""

    def __get_pydantic_json_schema__(self, core: CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"anyOf": [handler(core), {"type": "null"}]}


@dataclass(frozen=True, eq=False)
class JsonSchema:
    """A type's JSON Schema as written here, in place of the one pydantic would make.
    pydantic's own ``WithJsonSchema`` (2.6 to 2.10 at least) handed out its one dict and then
    wrote a field's title and default into it, so with pydantic 2.6, which pyproject.toml
    allows, every ``Text`` field after the site's title said ``default: Mentorship progress``
    to an editor. Each field gets a copy of its own."""

    schema: Mapping[str, Any]

    def __get_pydantic_json_schema__(self, core: CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return copy.deepcopy(dict(self.schema))


MAX_CADENCE = 366
"""The longest cadence, in days: check-in health means nothing for a pair that meets less
than once a year, and a longer one is a slip of the keyboard (``140`` for ``14``, or worse)."""


def cadence_value(value: Any) -> int | str:
    if isinstance(value, str) and value in CADENCES:
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        if value > MAX_CADENCE:
            raise PydanticCustomError(
                "invalid-value",
                "cadence is more than a year: a pair checks in at least once every {most} days",
                {"most": MAX_CADENCE},
            )
        return value
    raise PydanticCustomError(
        "invalid-value",
        "cadence must be weekly, biweekly, monthly or a whole number of days, got {value}"
        "{hint}",
        {"value": _quoted(value),
         "hint": cadence_hint(value) if isinstance(value, str) else ""},
    )


_SAME_CADENCES = {"fortnightly": "biweekly", "every two weeks": "biweekly"}
"""What a pair may write for a cadence that is spelt otherwise here."""


def cadence_hint(text: str) -> str:
    """`` (did you mean 'biweekly'?)`` for ``fortnightly``, ``weekley`` or ``every 2 weeks``;
    `` (did you mean 21?)`` for ``3 weeks``; else nothing."""
    written = text.strip().lower()
    spelt = _EVERY.fullmatch(written)
    if spelt:
        count, unit = spelt.groups()
        number = int(count) if count and count.isdigit() else _COUNTS[count or "one"]
        days = number * {"day": 1, "week": 7, "month": 31}[unit]
        named = next((name for name, every in CADENCES.items() if every == days), None)
        if named or 0 < days <= MAX_CADENCE:
            return f" (did you mean {repr(named) if named else days}?)"
    return did_you_mean(_SAME_CADENCES.get(written, text.strip()), CADENCES)


_EVERY = re.compile(r"(?:every|once (?:a|every))?\s*([0-9]{1,3}|a|one|two|three|four|six)?\s*"
                    r"(day|week|month)s?")
_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "six": 6}


def _printable_text(value: str) -> str:
    """YAML's escapes (``"\\x00"``, ``"\\e"``, ``"\\N"``, ``"\\uFDD0"``) let a text hold
    characters that no page can (:data:`~mentorsite.text.NOT_HTML`): control characters and
    Unicode's noncharacters. Tabs and line breaks are text.

    Each of those is a control character (Unicode's category Cc) or a noncharacter (Cn, which
    a noncharacter stays for good), both of which :meth:`str.isprintable` refuses: a text it
    passes, as most of front matter's texts (all but those with a line break or a tab), is
    answered by that one call at C speed, without the two calls deep in Python of
    :func:`~mentorsite.text.forbidden_character`."""
    if value.isprintable():
        return value
    found = forbidden_character(value)
    if found is not None:
        raise PydanticCustomError("invalid-value", "text holds {what}: remove it",
                                  {"what": found})
    return value


def distinct_prompts(prompts: tuple[str, ...]) -> tuple[str, ...]:
    """Reflection prompts that one heading would not answer twice: ``Same`` and ``same?`` are
    one prompt, so a reflection got each warning twice for it."""
    seen: dict[str, str] = {}
    for index, prompt in enumerate(prompts):
        words = heading_words(prompt)
        if words in seen:
            raise PydanticCustomError(
                "invalid-value", "'{again}' is the prompt '{first}' again, as a heading "
                "matches it: remove one", {"again": prompt, "first": seen[words], "item": index})
        seen[words] = prompt
    return prompts


def _shown_text(value: str) -> str:
    """A :data:`Text`: :func:`_printable_text`, and not blank. A text is shown as a title, a
    heading, a link, an item or a name: blank, it shows as nothing (an empty link on the
    dashboard, an empty heading, a bullet with no words). To say nothing, the key is left out
    or left empty (``note:``), which is no text at all. One validator, not one for each
    question, and :func:`_printable_text` called only for a text that is not printable:
    pydantic's call into Python is paid once per text, and a printable one's answer once."""
    if not value.isprintable():
        _printable_text(value)
    if not value.strip():
        raise PydanticCustomError("invalid-value", "must not be blank", {})
    return value


_NOT_SHOWN = "".join(c if c == "-" else f"\\u{ord(c):04x}" for c in NOT_HTML_BMP)
TEXT_PATTERN = f"^[^{_NOT_SHOWN}]*[^\\s{_NOT_SHOWN}][^{_NOT_SHOWN}]*$"
""":data:`Text` for editors' JSON Schema validators: something that is not a space, and none
of the characters no page may hold. Only those below U+10000, written as escapes, which every
regular expression dialect a validator uses (ECMA 262, with or without its ``u`` flag, and
Python's) reads alike. A class naming characters above U+FFFF would, without ``u``, name
their halves (UTF-16 surrogates) instead, and refuse texts that merely share one: 👍🏿, whose
skin tone ends in the same half as U+1FFFF."""

TEXT_SCHEMA = {"type": "string", "pattern": TEXT_PATTERN}
LINK_PATTERN = (f"^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#@\\\\{_NOT_SHOWN}]+"
                f"(?:[/?#][^{_NOT_SHOWN}]*)?$")
""":data:`Link` for editors, as near as a pattern comes: http or https, a host with no space,
user name or password, and none of the characters no page may hold. A bad port, or an unclosed
IPv6 bracket, is left to ``check``."""
_NOT_IN_HOST = '"<>\\\\^`{|}'
SITE_URL_PATTERN = (f"^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#@{_NOT_IN_HOST}{_NOT_SHOWN}]+"
                    f"(?:/[^\\s?#{_NOT_IN_HOST}\\[\\]{_NOT_SHOWN}]*)?$")
""":data:`SiteUrl` for editors, as near as a pattern comes to :func:`site_url_problem`: http or
https in any case, a host with no space, user name or password, then a path without a space, a
query, a fragment or a character no address may hold as it is. A bad port, a page's address,
a ``.`` or ``..`` folder and a ``%`` without two hexadecimal digits are left to ``check``."""
Text = Annotated[
    str, Strict(), AfterValidator(_shown_text), JsonSchema(TEXT_SCHEMA),
]
Id = Annotated[str, Strict(), StringConstraints(pattern=ID_PATTERN)]
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
DATE_SCHEMA = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
"""A date's shape as the pattern, too: most validators take ``format`` as a note only."""
IsoDate = Annotated[date, BeforeValidator(_iso_date), JsonSchema(DATE_SCHEMA)]
DoneDate = Annotated[
    date | Literal[False],
    BeforeValidator(_done_value),
    JsonSchema({"oneOf": [{"const": False}, DATE_SCHEMA]}),
]
Link = Annotated[
    str, Strict(), AfterValidator(_printable_text), AfterValidator(_http_url),
    JsonSchema({"type": "string", "format": "uri", "pattern": LINK_PATTERN}),
]
SiteUrl = Annotated[
    str, Strict(), AfterValidator(_printable_text), AfterValidator(_site_url),
    JsonSchema({"type": "string", "format": "uri", "pattern": SITE_URL_PATTERN}),
]
TextList = tuple[Text, ...]
IdList = tuple[Id, ...]
