"""Read front-matter YAML safely into plain values, remembering where every key and value was.

Front matter is plain scalars, lists and mappings. We build values from PyYAML's event stream
(the C parser when available) with our own iterative composer instead of ``yaml.safe_load``,
because only at event level can we see explicit tags, duplicate keys, alias expansion and
nesting depth, and because libyaml's recursive composer crashes the process on deep nesting.
Every problem becomes a :class:`YamlProblem` with a position; nothing here raises past
:func:`read_yaml`.

Most front matter has none of that: no tag, no alias and a handful of levels. Such text is
composed by libyaml in C and its node tree walked here (about three times faster); anything
unusual in it, valid or not, is read again by the event loop, which alone reports problems.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, NoReturn

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

try:  # the C parser is ~6x faster; fall back to pure Python where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 32
"""Deepest nesting of lists and mappings accepted; real front matter needs four or five."""
MAX_NODES = 50_000
"""Most values a document may hold once aliases are expanded (stops 'billion laughs')."""

_TOO_DEEP = (
    f"YAML nested more than {MAX_DEPTH} levels deep, the limit: front matter needs only a few "
    "levels, so flatten it"
)

Path = tuple[str | int, ...]
"""Where a value sits: the keys and list indices from the top of the document."""
Position = tuple[int, int]
"""A 1-based (line, column) in the file."""

_MERGE_TAG = "tag:yaml.org,2002:merge"
_LF = re.compile("\n")
_QUOTE_OPENERS = frozenset(" \t\n[{,:-?")
"""Characters after which a quote starts a quoted scalar rather than sitting inside text."""
_resolver = Resolver()
_IMPLICIT_BY_FIRST = _resolver.yaml_implicit_resolvers
_constructor = SafeConstructor()
_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_MAYBE_TAG_OR_ALIAS = re.compile(r"(?:^|[\s\[{,:])[!*]")
"""Where a tag or an alias could start: text without it has neither (``Wow!`` and ``**`` pass)."""
_MAX_FAST_STRUCTURE = 1_000
"""Line breaks and indicators a text may hold for the C composer: they bound its nesting, and
so the depth of libyaml's recursion."""


@dataclass(frozen=True)
class YamlProblem:
    """A reason the YAML cannot be used, at a 1-based position."""

    line: int
    column: int
    code: str
    message: str


@dataclass
class Positions:
    """Where each value and each mapping key of a document starts."""

    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)

    def of_value(self, path: Path) -> Position:
        """The value's position, else that of its nearest enclosing value, else 1:1."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return found
        return (1, 1)

    def of_key(self, path: Path) -> Position:
        """The key's position when the value is a mapping entry, else the value's."""
        return self.keys.get(path) or self.of_value(path)


@dataclass
class YamlResult:
    """The value of a document, or the problems that stopped it from being read."""

    value: Any = None
    positions: Positions = field(default_factory=Positions)
    problems: list[YamlProblem] = field(default_factory=list)


class _Stop(Exception):
    """Raised inside the composer to abandon a document after a fatal problem."""

    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class _Frame:
    """A list or mapping being filled while the event stream is walked."""

    value: list[Any] | dict[Any, Any]
    path: Path
    anchor: str | None
    size: int = 1
    pending_key: Any = None
    pending_key_pos: Position | None = None
    has_key: bool = False


def read_yaml(text: str, line_offset: int = 0) -> YamlResult:
    """Compose ``text`` into plain Python values; ``line_offset`` shifts every reported line."""
    result = YamlResult()
    depth_problem = _flow_depth_problem(text, line_offset)
    if depth_problem:
        result.problems.append(depth_problem)
        return result
    lines = _Lines(text, line_offset)
    composed = _composed_in_c(text, lines)
    if composed is not None:
        return composed
    try:
        result.value = _Composer(result, lines).compose(text)
    except _Stop as stop:
        result.problems.append(stop.problem)
        result.value = None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = lines.at(mark.index) if mark else (1 + line_offset, 1)
        reason = _one_line(exc.problem or exc.context or "not valid YAML")
        if "nesting depth" in reason:  # libyaml's own limit (PyYAML 6.0.4 and later)
            result.problems.append(YamlProblem(line, column, "yaml-too-deep", _TOO_DEEP))
        else:
            result.problems.append(
                YamlProblem(line, column, "invalid-yaml", f"invalid YAML: {reason}")
            )
        result.value = None
    except UnicodeEncodeError as exc:  # a lone surrogate: never from a file, which is UTF-8
        line, column = lines.at(exc.start)
        result.problems.append(
            YamlProblem(line, column, "invalid-encoding",
                        f"character U+{ord(text[exc.start]):04X} cannot be written in UTF-8")
        )
        result.value = None
    except yaml.YAMLError as exc:
        position = getattr(exc, "position", None)
        line, column = lines.at(position) if isinstance(position, int) else (1 + line_offset, 1)
        reason = getattr(exc, "reason", None) or str(exc)
        character = getattr(exc, "character", None)
        shown = f" {character!r}" if isinstance(character, str) else ""
        result.problems.append(
            YamlProblem(line, column, "invalid-yaml",
                        f"invalid YAML: unacceptable character{shown}: {_one_line(reason)}")
        )
        result.value = None
    return result


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class _Lines:
    """Character offsets to file positions, counting only LF as a line break.

    PyYAML also breaks lines at U+0085, U+2028 and U+2029, so its own line numbers drift from
    the file's; every position is therefore taken from the mark's character index instead.
    """

    def __init__(self, text: str, line_offset: int) -> None:
        self.starts = [0]
        self.starts += [match.end() for match in _LF.finditer(text)]
        self.offset = line_offset

    def at(self, index: int) -> Position:
        line = bisect.bisect_right(self.starts, index) - 1
        return (line + 1 + self.offset, index - self.starts[line] + 1)


def _flow_depth_problem(text: str, line_offset: int) -> YamlProblem | None:
    """Reject deeply nested ``[[[…`` before libyaml, whose time grows with the square of it.

    A linear scan that skips quoted text; it can only over-count, and only for plain scalars
    holding dozens of unclosed brackets. Text with too few brackets to nest that deep is not
    scanned at all.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = line = 0
    column = 0
    quote = ""
    previous = "\n"
    for char in text:
        column += 1
        if char == "\n":
            line, column, quote = line + 1, 0, ""
        elif quote:
            if char == quote:
                quote = ""
        elif char in "\"'" and previous in _QUOTE_OPENERS:
            quote = char  # a quote opens a scalar only where one can start, not in "it's"
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return YamlProblem(
                    line + 1 + line_offset,
                    column,
                    "yaml-too-deep",
                    _TOO_DEEP,
                )
        elif char in "]}":
            depth = max(0, depth - 1)
        previous = char
    return None


class _Unusual(Exception):
    """Raised by the fast path for anything the event loop must read instead."""


_PLAIN = "plain"
"""The fast composer's tag for a plain scalar: resolved by the walk, and only for values."""


class _FastLoader(_Loader):
    """libyaml's composer with tag resolution left to :class:`_NodeWalk` (keys never need it)."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        return _PLAIN if kind is ScalarNode and implicit[0] else _STR_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


def _composed_in_c(text: str, lines: _Lines) -> YamlResult | None:
    """Plain front matter composed by libyaml; None for text that may hold a tag, an alias or
    deep nesting, and for any problem at all (the event loop then finds and places it)."""
    if ("!" in text or "*" in text) and _MAYBE_TAG_OR_ALIAS.search(text):
        return None
    structure = text.count("\n") + sum(text.count(c) for c in "-:?[{,")
    if structure > _MAX_FAST_STRUCTURE:
        return None
    try:
        node = yaml.compose(text, Loader=_FastLoader)
    except Exception:  # never accepted here: the event loop reports it
        return None
    result = YamlResult()
    if node is None:
        return result
    walk = _NodeWalk(text, lines, result.positions)
    try:
        result.positions.values[()] = walk.at(node.start_mark)
        result.value = (
            walk.scalar(node) if isinstance(node, ScalarNode) else walk.collection(node, (), 1)
        )
    except _Unusual:
        return None
    return result


class _NodeWalk:
    """Values and positions from a composed tree, exactly as :class:`_Composer` makes them."""

    def __init__(self, text: str, lines: _Lines, positions: Positions) -> None:
        self.lines = lines
        # libyaml also breaks lines at CR, NEL, LS and PS (and skips a byte-order mark): only
        # without them are its own line and column those of the file.
        self.own_lines = not any(c in text for c in "\r\x85\u2028\u2029\ufeff")
        self.first_line = lines.offset + 1
        self.positions = positions
        self.nodes = 1

    def at(self, mark: Any) -> Position:
        if self.own_lines:
            return (mark.line + self.first_line, mark.column + 1)
        return self.lines.at(mark.index)

    def collection(self, node: yaml.Node, path: Path, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise _Unusual
        self.nodes += len(node.value) * (1 if isinstance(node, yaml.SequenceNode) else 2)
        if self.nodes > MAX_NODES:
            raise _Unusual
        values, at = self.positions.values, self.at
        if isinstance(node, yaml.SequenceNode):
            items: list[Any] = []
            for index, item in enumerate(node.value):
                values[(*path, index)] = at(item.start_mark)
                items.append(
                    self.scalar(item) if isinstance(item, ScalarNode)
                    else self.collection(item, (*path, index), depth + 1)
                )
            return items
        mapping: dict[Any, Any] = {}
        keys = self.positions.keys
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.value in mapping:
                raise _Unusual
            key = key_node.value  # keys stay the text written, as in _Composer
            keys[(*path, key)] = at(key_node.start_mark)
            values[(*path, key)] = at(value_node.start_mark)
            mapping[key] = (
                self.scalar(value_node) if isinstance(value_node, ScalarNode)
                else self.collection(value_node, (*path, key), depth + 1)
            )
        return mapping

    def scalar(self, node: yaml.Node) -> Any:
        value = node.value
        if node.tag == _STR_TAG or (value and value[0] not in _IMPLICIT_BY_FIRST):
            return value  # no implicit type (number, date, boolean …) starts with this character
        tag = _resolver.resolve(ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        if tag in (_STR_TAG, _MERGE_TAG):
            return value
        try:
            return _constructor.yaml_constructors[tag](_constructor, ScalarNode(tag, value))
        except (ConstructorError, ValueError, OverflowError):
            if tag == _TIMESTAMP_TAG:
                return value  # an impossible date such as 2025-02-30: validated later
            raise _Unusual from None


class _Composer:
    """Turns events into values with an explicit stack, so depth never recurses."""

    def __init__(self, result: YamlResult, lines: _Lines) -> None:
        self.result = result
        self.lines = lines
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0

    def pos(self, event: yaml.Event) -> Position:
        mark = event.start_mark
        assert mark is not None, "the parser marks every event"
        return self.lines.at(mark.index)

    def count(self, values: int, event: yaml.Event) -> None:
        """Count values as they appear (an alias counts its whole expansion)."""
        self.nodes += values
        if self.nodes > MAX_NODES:
            self.stop(
                event,
                "yaml-too-large",
                f"YAML expands to more than {MAX_NODES:,} values, the limit, once aliases are "
                "expanded: use fewer aliases, and none inside what an alias repeats",
            )

    def compose(self, text: str) -> Any:
        stack: list[_Frame] = []
        root: Any = None
        documents = 0
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.stop(event, "invalid-yaml", "front matter must be a single YAML document")
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                self.check_tag(event)
                if len(stack) >= MAX_DEPTH:
                    self.stop(
                        event, "yaml-too-deep", _TOO_DEEP
                    )
                container: list[Any] | dict[Any, Any] = (
                    {} if isinstance(event, yaml.MappingStartEvent) else []
                )
                self.count(1, event)
                path = self.place(stack, event)
                stack.append(_Frame(container, path, event.anchor))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                if frame.anchor:
                    self.anchors[frame.anchor] = (frame.value, frame.size)
                root = self.add(stack, frame.value, frame.size, event, placed=True)
            elif isinstance(event, yaml.ScalarEvent):
                self.check_tag(event)
                self.count(1, event)
                # Keys stay the text written: field names and ids are text, so `2024:` or
                # `yes:` mean "2024" and "yes", not a number or a boolean.
                is_key = bool(stack) and isinstance(stack[-1].value, dict) and not stack[-1].has_key
                value = event.value if is_key else self.scalar(event)
                if event.anchor:
                    self.anchors[event.anchor] = (value, 1)
                root = self.add(stack, value, 1, event)
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor not in self.anchors:
                    self.stop(event, "invalid-yaml", f"unknown alias '*{event.anchor}'")
                value, size = self.anchors[event.anchor]
                self.count(size, event)
                root = self.add(stack, value, size, event)
        return root

    def place(self, stack: list[_Frame], event: yaml.Event) -> Path:
        """The path of a collection that starts here, recorded before its children."""
        if not stack:
            self.result.positions.values[()] = self.pos(event)
            return ()
        parent = stack[-1]
        if isinstance(parent.value, dict):
            if not parent.has_key:
                self.stop(event, "invalid-yaml", "a mapping key must be a plain value")
            path = (*parent.path, parent.pending_key)
        else:
            path = (*parent.path, len(parent.value))
        self.result.positions.values[path] = self.pos(event)
        return path

    def add(
        self, stack: list[_Frame], value: Any, size: int, event: yaml.Event, placed: bool = False
    ) -> Any:
        """Attach a finished value to its parent; returns it when it is the document itself."""
        if not stack:
            if not placed:
                self.result.positions.values[()] = self.pos(event)
            return value
        parent = stack[-1]
        parent.size += size
        if isinstance(parent.value, list):
            if not placed:
                self.result.positions.values[(*parent.path, len(parent.value))] = self.pos(event)
            parent.value.append(value)
        elif not parent.has_key:
            self.take_key(parent, value, event)
        else:
            path = (*parent.path, parent.pending_key)
            if not placed:
                self.result.positions.values[path] = self.pos(event)
            parent.value[parent.pending_key] = value
            parent.has_key = False
        return None

    def take_key(self, parent: _Frame, key: Any, event: yaml.Event) -> None:
        if isinstance(key, (list, dict)):
            self.stop(event, "invalid-yaml", "a mapping key must be a plain value")
        assert isinstance(parent.value, dict)
        if key in parent.value:
            line, column = self.pos(event)
            first = self.result.positions.keys.get((*parent.path, key), (line, column))
            raise _Stop(
                YamlProblem(
                    line,
                    column,
                    "duplicate-key",
                    f"duplicate key '{key}' (first given on line {first[0]})",
                )
            )
        self.result.positions.keys[(*parent.path, key)] = self.pos(event)
        parent.pending_key = key
        parent.has_key = True

    def check_tag(self, event: yaml.NodeEvent) -> None:
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.stop(
                event,
                "yaml-tag",
                f"explicit YAML tag '{shown}' is not allowed; front matter holds plain values only",
            )

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = _resolver.resolve(ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
        if tag == _MERGE_TAG:
            return event.value
        if tag == "tag:yaml.org,2002:str":
            return event.value
        node = ScalarNode(tag, event.value, None, None, event.style)
        try:
            return _constructor.yaml_constructors[tag](_constructor, node)
        except (ConstructorError, ValueError, OverflowError):
            if tag == "tag:yaml.org,2002:timestamp":
                return event.value  # an impossible date such as 2025-02-30: validated later
            self.stop(event, "invalid-yaml", f"cannot read value '{event.value}'")

    def stop(self, event: yaml.Event, code: str, message: str) -> NoReturn:
        line, column = self.pos(event)
        raise _Stop(YamlProblem(line, column, code, message))
