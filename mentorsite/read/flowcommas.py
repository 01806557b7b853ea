"""Numbers written with a comma inside ``{ }``: ``metrics: {confidence: 3,5}``.

In a flow mapping a comma ends an entry, so YAML reads a decimal comma (``3,5``) or a thousands
separator (``1,200``) as the number before it and one more key after it, with no value:
``{confidence: 3, "5": null}``. Each part was then told apart, as an unknown metric '5' and as a
reading '5' that is missing, neither naming the comma. The keys the comma made are taken out
and the number is told once, where it is written, as a duplicate key is. A key written after
such a number and equal to one of its groups (``{a: 1,200, 200: 5}``) was read as a duplicate
of the group, and left out: it is the only key of its name, and keeps its value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from mentorsite.read.yamlsafe import Path, Positions, YamlProblem, dotted, left_out_path
from mentorsite.read.yamltext import Position

_MAYBE = re.compile(r",(?<=[0-9],)(?=[0-9])")
"""A comma between digits: text without one holds no such number, and is not walked. Written
from its comma, which the regex engine skips to: ``[0-9],[0-9]`` was tried at every character,
and took ten times as long over the 5,000 front matters of the benchmark corpus (none of which
holds one)."""


def split_numbers(text: str, line_offset: int, value: Any, positions: Positions,
                  problems: list[YamlProblem],
                  left_out: dict[Path, list[tuple[Position, Any]]] | None = None,
                  ) -> list[YamlProblem]:
    """Take out of ``value`` (the document read from ``text``, whose first line is file line
    ``line_offset + 1``) each key that a comma inside a number made in a flow mapping, and
    say what to write instead, at the number: ``problems`` (those of reading it) with that
    said, and without the duplicate keys that such keys were (``1,200`` and ``2,200`` in one
    mapping make the key '200' twice). A key written after the number and left out of
    ``value`` as a duplicate of a group (``left_out``, by its path) is put back with its value."""
    if _MAYBE.search(text) is None or "{" not in text:
        return problems
    split = _Split(text.split("\n"), line_offset, positions, {
        (problem.line, problem.column): problem for problem in problems
        if problem.code == "duplicate-key"}, {} if left_out is None else left_out)
    stack: list[tuple[Path, Any]] = [((), value)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, list):
            stack.extend(((*path, index), item) for index, item in enumerate(node))
        elif isinstance(node, dict):
            split.numbers_in(path, node)
            stack.extend(((*path, key), item) for key, item in node.items()
                         if isinstance(key, str | int))
    return [problem for problem in problems if problem not in split.explained] + split.told


_WRITTEN = re.compile(r"[-+]?[0-9]+((?:,[0-9]+)+)(?=[ \t]*(?:[,}]|$))")
"""A number written with commas, up to the end of its entry: the groups after its first
comma are keys without a value (a group followed by ``:`` has one, and is left alone)."""


@dataclass
class _Split:
    """The walk of one document's flow mappings for numbers that commas cut."""

    lines: list[str]
    line_offset: int
    positions: Positions
    duplicates: dict[Position, YamlProblem]
    """The duplicate-key problems of the document, by where their key is."""
    left_out: dict[Path, list[tuple[Position, Any]]]
    """The values of the duplicate keys, by their path and where their key is."""
    told: list[YamlProblem] = field(default_factory=list)
    explained: set[YamlProblem] = field(default_factory=set)
    """The duplicate keys that were groups of a number: told with the number instead."""

    def numbers_in(self, path: Path, mapping: dict[Any, Any]) -> None:
        """Tell the numbers of ``mapping`` (at ``path``) cut by commas: a whole number whose
        text runs on, after a comma, in digit groups that YAML took for keys without values,
        each still in ``mapping`` (it is taken out) or a duplicate key (left out already)."""
        keyed: dict[Position | None, Any] | None = None
        groups_at: set[Position] = set()
        gone: list[Any] = []
        for key, number in list(mapping.items()):
            if type(number) is not int or not isinstance(key, str | int):
                continue
            line, column = self.positions.of_value((*path, key))
            at = line - 1 - self.line_offset
            written = _WRITTEN.match(self.lines[at], column - 1) if (
                0 <= at < len(self.lines)) else None
            if written is None:
                continue
            if keyed is None:
                keyed = {self.positions.keys.get((*path, name)): name for name in mapping}
            groups = written[1].split(",")[1:]
            places, place = [], written.start(1) + 2  # the 1-based column after the comma
            for group in groups:
                places.append((line, place))
                place += len(group) + 1
            if not all(where in self.duplicates or (
                    where in keyed and keyed[where] in mapping
                    and mapping[keyed[where]] is None) for where in places):
                continue
            groups_at.update(places)
            for where in places:
                if where in self.duplicates:
                    self.explained.add(self.duplicates[where])
                else:
                    gone.append(keyed[where])
                    del mapping[keyed[where]]
            whole = written[0][:written.start(1) - written.start()]  # '+2' and '-0' as typed
            self.told.append(YamlProblem(
                line, column, "wrong-type",
                f"'{dotted((*path, key))}' is written {written[0]}: inside {{ }} a comma ends "
                f"an entry, so YAML read {number} and {_keys(groups)} without a value"
                f"{comma_hint(whole, groups)}", read_on=True))
        for key in gone:
            self.put_back(path, mapping, key, groups_at)

    def put_back(self, path: Path, mapping: dict[Any, Any], key: Any,
                 groups_at: set[Position]) -> None:
        """Give ``key``, a group of a number taken out of ``mapping``, the value of the first
        key of its name written as one (not a group itself), which was read as a duplicate."""
        for key_at, value in self.left_out.get((*path, key), []):
            if key_at in groups_at or key_at not in self.duplicates:
                continue
            self.explained.add(self.duplicates[key_at])
            mapping[key] = value
            named: Path = (*path, key)
            self.positions.keys[named] = key_at
            kept, length = left_out_path(path, key_at), len(named)
            for place, where in list(self.positions.values.items()):
                if place[:length] == kept:
                    inside: Path = named + place[length:]
                    self.positions.values[inside] = where
            return


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
