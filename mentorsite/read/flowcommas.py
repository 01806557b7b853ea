"""Numbers written with a comma inside ``{ }``: ``metrics: {confidence: 3,5}``.

In a flow mapping a comma ends an entry, so YAML reads a decimal comma (``3,5``) or a thousands
separator (``1,200``) as the number before it and one more key after it, with no value:
``{confidence: 3, "5": null}``. Each part was then told apart, as an unknown metric '5' and as a
reading '5' that is missing, neither naming the comma. The keys the comma made are taken out
and the number is told once, where it is written, as a duplicate key is.
"""

from __future__ import annotations

import re
from typing import Any

from mentorsite.read.yamlsafe import Path, Positions, YamlProblem, dotted

_MAYBE = re.compile(r"[0-9],[0-9]")
"""A comma between digits: text without one holds no such number, and is not walked."""


def split_numbers(text: str, value: Any, positions: Positions) -> list[YamlProblem]:
    """Take out of ``value`` (the document read from ``text``) each key that a comma inside a
    number made in a flow mapping, and say what to write instead, at the number."""
    if _MAYBE.search(text) is None or "{" not in text:
        return []
    problems: list[YamlProblem] = []
    stack: list[tuple[Path, Any]] = [((), value)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, list):
            stack.extend(((*path, index), item) for index, item in enumerate(node))
        elif isinstance(node, dict):
            problems.extend(_split_in(path, node, positions))
            stack.extend(((*path, key), item) for key, item in node.items()
                         if isinstance(key, str | int))
    return problems


def _split_in(path: Path, mapping: dict[Any, Any], positions: Positions) -> list[YamlProblem]:
    """The numbers of ``mapping`` (at ``path``) cut by commas: a whole number followed, right
    after a comma on its line, by digit-only keys without values; those keys are taken out."""
    problems = []
    keys = list(mapping)
    at = 0
    while at < len(keys):
        key, number = keys[at], mapping[keys[at]]
        at += 1
        if type(number) is not int or not isinstance(key, str | int):
            continue
        line, column = positions.of_value((*path, key))
        end = column + len(str(number))
        groups = []
        while at < len(keys) and mapping[keys[at]] is None and str(keys[at]).isdigit() and (
                positions.of_key((*path, keys[at])) == (line, end + 1)):
            groups.append(str(keys[at]))
            end += 1 + len(groups[-1])
            at += 1
        if not groups:
            continue
        for group in groups:
            del mapping[group if group in mapping else int(group)]
        written = ",".join([str(number), *groups])
        problems.append(YamlProblem(
            line, column, "wrong-type",
            f"'{dotted((*path, key))}' is written {written}: inside {{ }} a comma "
            f"ends an entry, so YAML read {number} and {_keys(groups)} without a value"
            f"{comma_hint(str(number), groups)}", read_on=True))
    return problems


def _keys(groups: list[str]) -> str:
    named = ", ".join(f"'{group}'" for group in groups)
    return f"the key{'s' if len(groups) > 1 else ''} {named}"


def comma_hint(whole: str, groups: list[str]) -> str:
    """What to write for a number with commas in it, ``whole`` before the first and
    ``groups`` after each: a decimal with a point (``3,5``: 3.5), or the number without its
    thousands separators (``1,200,000``: 1200000; ``1,200``: 1200, or 1.200 if that comma was
    a decimal one). Block and flow forms alike are told so."""
    if not all(len(group) == 3 for group in groups):
        return f": write a decimal with a point, as in {whole}.{groups[0]}" if len(
            groups) == 1 else ""
    if len(groups) > 1:
        return f": write {whole}{''.join(groups)} without the commas"
    return (f": write {whole}{groups[0]} without the comma, or {whole}.{groups[0]} if it was "
            "a decimal comma")
