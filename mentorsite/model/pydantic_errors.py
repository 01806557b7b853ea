"""Translate pydantic validation errors into diagnostics a mentoring pair can act on.

Pydantic reports a location (keys and list indices) and an error type; the YAML reader kept the
position of every key and value, so each error lands on the line and column it is about, with a
stable code and a message in our words rather than pydantic's.
"""

from __future__ import annotations

import re
import types
import typing
import unicodedata
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from mentorsite.diagnostics import Diagnostics, closest, did_you_mean
from mentorsite.model.entries import (
    CHECKIN_STATUSES,
    CheckInFields,
    CheckInGoal,
    GoalFields,
    NextStep,
    ReflectionFields,
)
from mentorsite.model.field_types import is_id
from mentorsite.read.flowcommas import comma_hint
from mentorsite.read.yamlsafe import Path, Positions, dotted
from mentorsite.text import shortened

_EXPECTED = {
    "string_type": "text",
    "float_type": "a number",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "tuple_type": "a list",
    "list_type": "a list",
    "dict_type": "a mapping of 'key: value' lines",
    "model_type": "a mapping of 'key: value' lines",
    "model_attributes_type": "a mapping of 'key: value' lines",
    "date_type": "a date YYYY-MM-DD",
}


def report_validation_error(
    exc: ValidationError,
    model: type[BaseModel],
    relpath: str,
    positions: Positions,
    diagnostics: Diagnostics,
) -> None:
    """Add one diagnostic per distinct location in ``exc``.

    A required field missing where an unknown field was written in its place (``stauts``,
    ``name`` for ``title``, ``started`` with a no-break space) is told once, by the unknown
    field's did-you-mean: the two errors were one mistake, and fixing the name fixes both."""
    errors = exc.errors(include_url=False)
    seen: set[Path] = {
        (*loc[:-1], meant) for error in errors if error["type"] == "extra_forbidden"
        if (loc := tuple(error["loc"]))
        and (meant := _field_meant(str(loc[-1]), _not_given(model, loc, positions)))
    }
    for error in errors:
        loc = tuple(error["loc"])
        if loc in seen:
            continue
        seen.add(loc)
        code, message, (line, column) = _translate(error, loc, model, positions)
        diagnostics.error(relpath, line, column, code, message)


def _translate(
    error: ErrorDetails, loc: tuple[str | int, ...], model: type[BaseModel], positions: Positions
) -> tuple[str, str, tuple[int, int]]:
    kind = error["type"]
    is_key = bool(loc) and loc[-1] == "[key]"
    path: Path = loc[:-1] if is_key else loc
    where = dotted(path)
    value = error.get("input")
    if kind == "extra_forbidden":
        name = str(path[-1])
        meant = (_field_meant(name, _not_given(model, path, positions))
                 or _field_meant(name, _fields_at(model, path[:-1])))
        hint = f" (did you mean '{meant}'?)" if meant else _entry_hint(model, path, value)
        return ("unknown-field", f"unknown field '{name}'{hint}{_unseen_in(name)}",
                positions.of_key(path))
    if kind == "missing" and isinstance(path[-1], int):  # a [min, max] short of an item
        items = value if isinstance(value, list) else []
        return ("missing-field" if items else "wrong-type",
                f"'{dotted(path[:-1])}' {_PAIR}; got {_items(len(items))}",
                positions.of_value(path[:-1]))
    if kind == "missing":
        at = (1, 1) if len(path) == 1 else positions.of_value(path[:-1])
        return "missing-field", f"missing required field '{where}'", at
    at = positions.of_key(path) if is_key else positions.of_value(path)
    if isinstance(item := (error.get("ctx") or {}).get("item"), int):
        at = positions.of_value((*path, item))  # a check of the whole list, about one item
    if "-" in kind:  # our own PydanticCustomError types are already diagnostic codes
        return kind, f"'{where}': {error['msg']}" if where else error["msg"], at
    if kind == "string_pattern_mismatch":
        return "invalid-id", not_an_id(str(value), _id_hint(str(value), path)), at
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        hint = did_you_mean(str(value), choices) or _same_word(value, choices)
        got = f"'{value}'" if isinstance(value, str) else _describe(value)
        return ("invalid-value",
                f"'{where}' must be one of {', '.join(choices)}; got {got}{hint}", at)
    if kind == "float_type" and type(value) is int:  # a whole number past what a float holds
        return ("invalid-value", f"'{where}' is too large: {len(str(abs(value)))} digits, where "
                "a number can be at most about 1.8e308", at)
    if kind in _EXPECTED:
        hint = (_number_hint(value) or _entry_hint(model, path, value)) if kind in (
            "float_type", "int_type") else (
            _entry_hint(model, path, value)
            or _shape_hint(kind, value, _fields_at(model, path), path[-1:] in _NAME_LISTS))
        return ("wrong-type",
                f"'{where}' must be {_EXPECTED[kind]}, got {_describe(value)}{hint}", at)
    if kind == "finite_number":
        return "invalid-value", f"'{where}' must be a finite number", at
    if kind in ("too_short", "too_long"):
        count = len(value) if isinstance(value, list | tuple) else 0
        return "wrong-type", f"'{where}' {_PAIR}; got {_items(count)}", at
    return "invalid-value", f"'{where}': {error['msg']}", at


_PAIR = "must be a list [min, max] of two numbers, as in [1, 5]"
"""What a ``scale`` is, the one fixed-length list a file holds."""


def _items(count: int) -> str:
    return {0: "an empty list", 1: "one item"}.get(count, f"{count} items")


_SAME_WORDS = {
    "active": ("in progress", "ongoing", "started", "open", "doing", "current"),
    "achieved": ("done", "complete", "completed", "finished", "met", "closed"),
    "paused": ("on hold", "hold", "waiting", "parked"),
    "dropped": ("cancelled", "canceled", "abandoned", "stopped"),
    "done": ("achieved", "complete", "completed", "finished"),
    "on-track": ("ok", "good", "fine", "green"),
    "at-risk": ("risky", "amber", "yellow", "slipping"),
    "off-track": ("late", "behind", "red", "delayed"),
    "up": ("higher", "increase", "more", "ascending", "higher is better"),
    "down": ("lower", "decrease", "less", "descending", "lower is better"),
    "outcome": ("result",),
    "feedback": ("praise", "review", "comment"),
}
"""Words a pair may write for a status or kind the files spell otherwise (with spaces for
hyphens: ``in-progress`` is looked up as ``in progress``)."""


_SAME_FIELDS = {
    "due": ("deadline", "due date", "end", "end date", "by"),
    "started": ("start", "start date", "begin", "began", "since", "created"),
    "why": ("reason", "purpose", "motivation", "rationale", "description"),
    "success": ("criteria", "success criteria", "definition of done", "done when"),
    "metrics": ("kpis", "kpi", "indicators", "measures", "readings"),
    "milestones": ("steps", "checkpoints", "phases"),
    "tags": ("labels", "categories", "tag"),
    "pivoted_to": ("pivot", "pivot to", "replaced by", "became"),
    "contingency": ("contingencies", "plan b", "fallback", "risks"),
    "title": ("name",),
    "if": ("when", "risk", "trigger", "condition"),
    "then": ("action", "plan", "pivot"),
    "status": ("state",),
    "obstacles": ("blockers", "challenges", "problems", "issues"),
    "adjustments": ("changes", "experiments", "tweaks"),
    "wins": ("achievements", "highlights", "successes", "win"),
    "next": ("next steps", "actions", "action items", "todo", "todos", "tasks"),
    "attendees": ("participants", "people", "present"),
    "label": ("name", "title"),
    "target": ("goal", "target value"),
    "baseline": ("initial", "start value"),
    "unit": ("units",),
    "owner": ("who", "assignee"),
    "task": ("description", "title", "action"),
    "link": ("url", "href"),
    "kind": ("type", "category"),
    "source": ("from", "author"),
    "rating": ("score",),
    "mentors": ("mentor",),
    "cadence": ("frequency", "meeting cadence"),
    "timezone": ("tz", "time zone"),
    "language": ("lang", "locale", "languagecode", "language code", "default lang",
                 "site language"),
    "base_url": ("url", "site url", "baseurl"),
    "reflection_prompts": ("prompts",),
}
"""Names a pair may give a field that is called otherwise here (``deadline`` for ``due``),
with spaces for the ``_`` and ``-`` they may be written with."""


def _field_meant(name: str, allowed: list[str]) -> str | None:
    """The field of ``allowed`` meant by the unknown ``name``: the nearest in spelling
    (``stauts``), else the one called so in other words (``deadline`` for ``due``)."""
    written = name.strip().lower().replace("_", " ").replace("-", " ")
    return closest(name, allowed) or next(
        (field for field in allowed if written in _SAME_FIELDS.get(field, ())), None)


def _not_given(model: type[BaseModel], path: Path, positions: Positions) -> list[str]:
    """The fields of the mapping holding ``path`` that it does not already hold, which a
    did-you-mean looks among first: one naming a field the mapping holds (``when`` → ``then``,
    beside a ``then``) had a pair write that field twice, and said nothing of the missing
    ``if``."""
    given = {key[-1] for key in positions.keys if key[:-1] == path[:-1]}
    return [name for name in _fields_at(model, path[:-1]) if name not in given]


def _unseen_in(name: str) -> str:
    """Where a field's name holds a character that shows as a space or as nothing (a no-break
    space pasted from a word processor, a zero-width space from a web page), which of them it
    is: the name in the message looks right, or like the field it should be."""
    unseen = next((char for char in name if char != " " and (
        unicodedata.category(char) in ("Zs", "Cf", "Cc"))), None)
    if unseen is None:
        return ""
    called = unicodedata.name(unseen, "control character").lower()
    return (f": the name holds a {called} (U+{ord(unseen):04X}), which looks like a space or "
            "like nothing: retype the name")


def _same_word(value: Any, choices: list[str]) -> str:
    """`` (did you mean 'active'?)`` for ``in-progress``: the word meant, by its sense."""
    meant = _word_meant(value, choices)
    return f" (did you mean '{meant}'?)" if meant else ""


def _word_meant(value: Any, choices: list[str]) -> str | None:
    """The one of ``choices`` that ``value`` stands for in other words, if any."""
    if not isinstance(value, str):
        return None
    written = " ".join(value.strip().lower().replace("_", " ").replace("-", " ").split())
    return next((choice for choice in choices if written in _SAME_WORDS.get(choice, ())),
                None)


GOAL_NAMED_BY_ID = "; a goal is named by its id, its file's name without .md"
"""The end of an ``invalid-id`` error where a goal is named; validation names the goal meant in
its place when another file tells it (:func:`mentorsite.model.validate.validate_documents`)."""


def not_an_id(value: str, hint: str = "") -> str:
    """The ``invalid-id`` message for ``value``, ending with ``hint``."""
    return (f"'{value}' is not a valid id: use lowercase letters, digits and '-', "
            f"starting with a letter or digit{hint}")


def id_written(value: str) -> str | None:
    """The id ``value`` holds, where one was written as a file or a path (``speak.md``,
    ``goals/speak``, ``../content``) or in capitals (``Talks``)."""
    stem = value.rstrip("/").rsplit("/", 1)[-1].removesuffix(".md").lower()
    return stem if stem != value and is_id(stem) else None


def _id_hint(value: str, path: Path) -> str:
    """The id meant, where one was written as a file (:func:`id_written`); what a goal's id
    is, where a goal was named by its title."""
    if (stem := id_written(value)) is not None:
        return f" (did you mean '{stem}'?)"
    if path and path[0] in ("goals", "goal", "pivoted_to") and len(path) <= 2:
        return GOAL_NAMED_BY_ID
    return ""


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return (f"{str(value).lower()}: YAML reads yes, no, on and off as true or false "
                "(quote it if it is text)")
    if isinstance(value, (int, float)):
        return f"the number {shortened(str(value))} (quote it if it is text)"
    if isinstance(value, str):
        return f"the text '{shortened(value)}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


_PLAIN_NUMBER = re.compile(r"[-+]?[0-9]+(?:\.[0-9]*(?:[eE][-+][0-9]+)?)?")
"""A number as YAML reads it unquoted."""
_NUMBER_AND_MORE = re.compile(r"([-+]?[0-9]+(?:\.[0-9]+)?)\s*(?:/\s*[0-9.]+|%|[^\W\d_].*)")
"""A number with its scale, a percent sign or a unit after it: ``3/5``, ``45%``, ``3 talks``."""
_COMMA_NUMBER = re.compile(r"([-+]?[0-9]+)((?:,[0-9]+)+)")
"""A number written with a decimal comma (``3,5``) or thousands separators (``1,200``)."""
_E_NOTATION = re.compile(r"([-+]?[0-9]+)(?:\.([0-9]*))?[eE]([-+]?)([0-9]+)")


_OTHER_BASE = re.compile(r"[-+]?(?:0[xXoObB][0-9a-fA-F_]+|0[0-9_]+|[0-9]+_[0-9_]*)")
"""A whole number in a spelling YAML 1.1 would read in another base or with ``_`` between its
digits (``0x10``, ``0o17``, ``017``, ``1_000``), which mentorsite reads as text."""
_TIME = re.compile(r"([-+]?)([0-9]+):([0-5]?[0-9])")
_LONGEST_NUMBER = 40
"""Longer text is no number anyone meant, and Python refuses to convert a very long one."""


def _other_spelling_hint(value: str) -> str:
    """What to write for a number spelt as YAML 1.1 would read it in another base (see
    :mod:`mentorsite.read.yamlscalars`), or as a time (``1:30``)."""
    if len(value) > _LONGEST_NUMBER:
        return ""
    time = _TIME.fullmatch(value)
    if time:
        sign, hours, minutes = time.groups()
        in_hours = f"{int(hours) + int(minutes) / 60:.2f}".rstrip("0").rstrip(".")
        return (f": a time is no number; write it in one unit, as in "
                f"{sign}{int(hours) * 60 + int(minutes)} (minutes) or {sign}{in_hours} (hours)")
    if not _OTHER_BASE.fullmatch(value):
        return ""
    digits = value.replace("_", "")
    try:
        number = int(digits, 0)
    except ValueError:
        try:
            number = int(digits, 10)  # leading zeros: 017 is 17, not YAML 1.1's octal 15
        except ValueError:
            return ""
    return f": write the number in decimal digits alone, as in {number}"


def _number_hint(value: Any) -> str:
    """Why a number came out as text, when it did. YAML 1.1 reads e-notation as a number only
    with a dot and a signed exponent (``1.0e+6``; ``1e6`` is text), and a quoted number is
    text."""
    if not isinstance(value, str):
        return ""
    other = _other_spelling_hint(value)
    if other:
        return other
    if _PLAIN_NUMBER.fullmatch(value):
        return f": quoted, a number is text; write {value} without quotes"
    comma = _COMMA_NUMBER.fullmatch(value.strip())
    if comma:
        return comma_hint(comma[1], comma[2].split(",")[1:])
    written = _E_NOTATION.fullmatch(value)
    if written is None:
        leading = _NUMBER_AND_MORE.fullmatch(value.strip())
        return f": write the number alone, as in {leading[1]}" if leading else ""
    whole, fraction, sign, power = written.groups()
    return (f": YAML reads e-notation as a number only with a dot and a signed exponent, "
            f"as in {whole}.{fraction or '0'}e{sign or '+'}{power}")


_NAME_LISTS = {("mentors",), ("attendees",), ("tags",), ("goals",)}
"""Lists of names, which a pair may write on one line with commas (``mentors: Jo, Sam``)."""


def _entry_hint(model: type[BaseModel], path: Path, value: Any) -> str:
    """What a check-in or a reflection most likely meant, for the shapes people write at
    first: a check-in's goals as a list, a goal's status or a reading written straight under
    the goal, readings as a list, a next step as bare text, several goals under ``goal``."""
    if model is ReflectionFields and path == ("goal",) and isinstance(value, list):
        return ": for more than one goal, write goals: [first, second]"
    if path == ("metrics",) and isinstance(value, dict) and model is GoalFields:
        return (": each metric is an item of its own, as in metrics: [{id: talks, label: "
                "Talks given, target: 3}]")
    if model is not CheckInFields or not path:
        return ""
    if path == ("goals",) and isinstance(value, list | str):
        named = value if isinstance(value, str) else next(iter(value), None)
        example = named.strip() if isinstance(named, str) and is_id(named.strip()) else "speak"
        return (": write each goal's id as a key, with what the check-in says of it under "
                f"it, as in goals: {{{example}: {{status: on-track}}}}")
    if (len(path) == 2 and path[0] == "goals" and path[1] not in CheckInGoal.model_fields
            and (status := _status_meant(value))):  # `status:` level with its goal: no goal
        return f": write {path[1]}: {{status: {status}}}"
    if len(path) == 3 and path[0] == "goals" and path[2] not in CheckInGoal.model_fields:
        return (f"; a reading goes under the goal's metrics, as in metrics: "
                f"{{{path[2]}: {value}}}" if isinstance(value, int | float) else "")
    if len(path) == 3 and path[0] == "goals" and path[2] == "metrics" and isinstance(
            value, list):
        return ": write each reading as 'id: value', without '- ', as in metrics: {talks: 2}"
    if len(path) == 4 and path[0] == "goals" and path[2] == "metrics" and value is None:
        return ": write the reading, or leave the line out (or put # before it) until there is one"
    if len(path) == 2 and path[0] == "next" and isinstance(value, str):
        return (f": write - task: {shortened(value)} (a next step's keys are "
                f"{', '.join(_names(NextStep))})")
    return ""


def _status_meant(value: Any) -> str | None:
    """The check-in status ``value`` stands for: ``on track`` and ``ok`` are ``on-track``."""
    if not isinstance(value, str):
        return None
    written = "-".join(value.strip().lower().split())
    return written if written in CHECKIN_STATUSES else _word_meant(value, list(CHECKIN_STATUSES))


def _shape_hint(kind: str, value: Any, fields: list[str], names_listed: bool = False) -> str:
    """How to write a list or a mapping where a single value was written: YAML's two ways of
    writing them are not obvious to someone new to it."""
    if isinstance(value, dict | list):
        return ""
    if kind in ("list_type", "tuple_type"):
        if isinstance(value, str) and ", " in value and names_listed:
            return f": write [{value}], or each item on a line of its own, starting with '- '"
        return ": write each item on a line of its own, under the key, starting with '- '"
    if kind in ("model_type", "model_attributes_type") and fields:  # not a dict of ids
        return f"; its keys are {', '.join(fields)}"
    return ""


def _fields_at(model: type[BaseModel], path: Path) -> list[str]:
    """Field names (as written in files) of the model found at ``path`` inside ``model``."""
    current: type[BaseModel] | None = model
    index = 0
    while current is not None and index < len(path):
        field = _field_named(current, path[index])
        if field is None:
            return []
        annotation = field.annotation
        current = nested_model(annotation)
        index += 2 if _is_container(annotation) else 1
    return _names(current) if current is not None else []


def _field_named(model: type[BaseModel], name: str | int) -> Any:
    for field_name, field in model.model_fields.items():
        if (field.alias or field_name) == name:
            return field
    return None


def _names(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model class in ``annotation`` (``Metric`` in ``tuple[Metric, ...]``). Python 3.10
    takes ``tuple[Metric, ...]`` for a class too, which ``issubclass`` then refuses."""
    if (typing.get_origin(annotation) is None and isinstance(annotation, type)
            and issubclass(annotation, BaseModel)):
        return annotation
    for arg in typing.get_args(annotation):
        found = nested_model(arg)
        if found is not None:
            return found
    return None


def _is_container(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin in (tuple, list, dict):
        return True
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        return any(_is_container(arg) for arg in typing.get_args(annotation))
    return False
