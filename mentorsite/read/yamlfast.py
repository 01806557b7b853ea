"""The fast path of :mod:`mentorsite.read.yamlsafe`: plain front matter composed by libyaml in C.

Most front matter has no explicit tag, no alias and a handful of levels. Such text is composed
by libyaml into a node tree (``yaml.compose``, with tag resolution left to the walk so that keys
are never resolved), and the tree is walked into the values and positions that yamlsafe's event
loop would make. Anything unusual, valid or not (a possible tag or alias, a duplicate key, a
collection as a key, too deep, too many values, a scalar that cannot be read, any error at all),
gives ``None``: the event loop then reads the text and reports every problem itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from sys import intern
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode

try:  # the C parser is ~6x faster; fall back to pure Python where libyaml is missing
    from yaml import CSafeLoader as Loader
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as Loader  # type: ignore[assignment]
    _Parser = Loader  # type: ignore[misc]

from mentorsite.read.yamlscalars import ScalarResolver

__all__ = ["MAX_STRUCTURE", "Loader", "Plain", "compose_plain"]

_resolver = ScalarResolver()
_IMPLICIT_BY_FIRST = _resolver.yaml_implicit_resolvers
_constructor = SafeConstructor()
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_PLAIN = "plain"
"""The composer's tag for a plain scalar: resolved by the walk, and only for values."""
_MAYBE_UNUSUAL = re.compile(r"(?:^|[\s\[{,:])[!*]|(?:^|[\s\[{,])\?(?:\s|$)")
"""Where a tag, an alias or an explicit key (``? key``) could start: text without it has none
(``Wow!``, ``**`` and ``why?`` pass). libyaml places an explicit key's missing value at the end
of the stream, where the event loop does not."""
MAX_STRUCTURE = 1_000
"""Line breaks and indicators a text may hold for the C composer: they bound its nesting, and
so the depth of libyaml's recursion."""

Where = tuple[Any, ...]
"""The keys and list indices from the top of the document (yamlsafe's ``Path``)."""
Position = tuple[int, int]


@dataclass(frozen=True)
class Plain:
    """A plain document: its value and where each value and each mapping key starts."""

    value: Any
    values: dict[Where, Position]
    keys: dict[Where, Position]


class _Unusual(Exception):
    """Raised by the walk for anything the event loop must read instead."""


class _Composer(_Parser):
    """libyaml's composer with tag resolution left to :class:`_Walk` (keys never need it);
    just the parser, without the constructor and resolver a loader also sets up."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        return _PLAIN if kind is ScalarNode and implicit[0] else _STR_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


def compose_plain(
    text: str, at_index: Callable[[int], Position], first_line: int, max_depth: int,
    max_nodes: int, *, where: bool = True,
) -> Plain | None:
    """``text`` read in C, or None when the event loop must read it.

    ``at_index`` turns a character index into a file position, and ``first_line`` is the file
    line of the text's first line; ``max_depth`` and ``max_nodes`` are yamlsafe's limits.
    With ``where`` false no position is recorded (``values`` and ``keys`` stay empty): they
    are most of the memory a document takes, and a message rarely needs them.
    """
    if ("!" in text or "*" in text or "?" in text) and _MAYBE_UNUSUAL.search(text):
        return None
    if len(text) > MAX_STRUCTURE and _structure(text) > MAX_STRUCTURE:
        return None  # (no text holds more of them than characters)
    try:
        composer = _Composer(text)
        try:
            node = composer.get_single_node()
        finally:
            composer.dispose()
    except Exception:  # never accepted here: the event loop reports it
        return None
    if node is None:
        return Plain(None, {}, {})
    walk = _Walk(text, at_index, first_line, max_depth, max_nodes, where)
    try:
        if where:
            walk.values[()] = walk.at(node.start_mark)
        value = (
            _scalar(node) if isinstance(node, ScalarNode) else walk.collection(node, (), 1)
        )
    except _Unusual:
        return None
    return Plain(value, walk.values, walk.keys)


_STRUCTURE = b"\n-:?[{,"
"""What :data:`MAX_STRUCTURE` counts: line breaks and the indicators that open a level."""


def _structure(text: str) -> int:
    """How many of :data:`_STRUCTURE` ``text`` holds: its UTF-8 bytes less those left once
    they are deleted. Each is one byte, which no other character's UTF-8 holds, and the bytes
    are gone through once, where counting each character took seven passes over the text
    (the 1,945 of the benchmark corpus's 5,000 front matters longer than 1,000 characters)."""
    data = text.encode("utf-8", "surrogatepass")  # a lone surrogate is libyaml's to refuse
    return len(data) - len(data.translate(None, _STRUCTURE))


class _Walk:
    """Values and positions from a composed tree, exactly as yamlsafe's event loop makes them."""

    def __init__(self, text: str, at_index: Callable[[int], Position], first_line: int,
                 max_depth: int, max_nodes: int, where: bool) -> None:
        self.at_index = at_index
        self.where = where
        # libyaml also breaks lines at CR, NEL, LS and PS (and skips a byte-order mark): only
        # without them are its own line and column those of the file.
        self.own_lines = where and not any(c in text for c in "\r\x85\u2028\u2029\ufeff")
        self.first_line = first_line
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.values: dict[Where, Position] = {}
        self.keys: dict[Where, Position] = {}
        self.nodes = 1

    def at(self, mark: Any) -> Position:
        if self.own_lines:
            return (mark.line + self.first_line, mark.column + 1)
        return self.at_index(mark.index)

    def collection(self, node: yaml.Node, path: Where, depth: int) -> Any:
        if depth > self.max_depth:
            raise _Unusual
        self.nodes += len(node.value) * (1 if isinstance(node, yaml.SequenceNode) else 2)
        if self.nodes > self.max_nodes:
            raise _Unusual
        values, at, where = self.values, self.at, self.where
        if isinstance(node, yaml.SequenceNode):
            items: list[Any] = []
            for index, item in enumerate(node.value):
                if where:  # the key made apart: mypy for Python 3.10 reads x[(*a, b)] as x[*a, b]
                    place = (*path, index)
                    values[place] = at(item.start_mark)
                items.append(
                    _scalar(item) if isinstance(item, ScalarNode)
                    else self.collection(item, (*path, index), depth + 1)
                )
            return items
        mapping: dict[Any, Any] = {}
        keys = self.keys
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.value in mapping:
                raise _Unusual
            key = intern(key_node.value)  # the text written, as in the event loop
            if where:
                place = (*path, key)
                keys[place] = at(key_node.start_mark)
                values[place] = at(value_node.start_mark)
            mapping[key] = (
                _scalar(value_node) if isinstance(value_node, ScalarNode)
                else self.collection(value_node, (*path, key), depth + 1)
            )
        return mapping


def _scalar(node: yaml.Node) -> Any:
    """The value of a scalar node: its text, or what an implicit type makes of it."""
    value = node.value
    if node.tag == _STR_TAG or (value and value[0] not in _IMPLICIT_BY_FIRST):
        return value  # no implicit type (number, date, boolean …) starts with this character
    return _implicit(value)


def _implicit(value: str) -> Any:
    """A plain scalar's value as its implicit type makes it, remembered: the same dates and
    numbers come back in file after file. Every such value is immutable (None, a bool, an
    int, a float, a date or datetime, or the text itself), so files may share it (PyYAML
    itself gives every ``.nan`` as one object)."""
    made = _MADE.get(value, _UNKNOWN)
    if made is _UNKNOWN:
        made = _made(value)
        if len(_MADE) >= MAX_REMEMBERED:
            _MADE.clear()
        _MADE[value] = made
    return made


MAX_REMEMBERED = 4096
"""Most implicit values :func:`_implicit` remembers at a time."""
_MADE: dict[str, Any] = {}
_UNKNOWN = object()


def _made(value: str) -> Any:
    """What the implicit type of a plain scalar makes of it (:class:`_Unusual` if nothing)."""
    tag = _resolver.resolve(ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    construct = _constructor.yaml_constructors.get(tag)
    if tag in (_STR_TAG, _MERGE_TAG) or construct is None:
        return value  # '<<', and YAML 1.1's '=' (a "value key"), are the text written
    try:
        return construct(_constructor, ScalarNode(tag, value))
    except (ConstructorError, ValueError, OverflowError):
        if tag == _TIMESTAMP_TAG:
            return value  # an impossible date such as 2025-02-30: validated later
        raise _Unusual from None
