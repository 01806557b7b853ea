"""Read front-matter YAML safely into plain values, remembering where every key and value was.

Front matter is plain scalars, lists and mappings. We build values from PyYAML's event stream
(the C parser when available) with our own iterative composer instead of ``yaml.safe_load``,
because only at event level can we see explicit tags, duplicate keys, alias expansion and
nesting depth, and because libyaml's recursive composer crashes the process on deep nesting.
Every problem becomes a :class:`YamlProblem` with a position; nothing here raises past
:func:`read_yaml`.

Most front matter has none of that: no tag, no alias and a handful of levels. Such text is
composed by libyaml in C and its node tree walked (:mod:`mentorsite.read.yamlfast`, about three
times faster); anything unusual in it, valid or not, is read here by the event loop, which
alone reports problems.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NoReturn

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode

from mentorsite.read.yamlfast import Loader as _Loader
from mentorsite.read.yamlfast import compose_plain
from mentorsite.read.yamlscalars import ScalarResolver
from mentorsite.read.yamltext import Lines, Position, brackets, explained, one_line

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


def dotted(path: Path) -> str:
    """``metrics[0].baseline``: a place in a document as every message names it."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text

_MERGE_TAG = "tag:yaml.org,2002:merge"
_resolver = ScalarResolver()
_constructor = SafeConstructor()


@dataclass(frozen=True)
class YamlProblem:
    """A reason the YAML cannot be used, at a 1-based position."""

    line: int
    column: int
    code: str
    message: str
    read_on: bool = False
    """The document was read on past it all the same (a duplicate key, whose value is left
    out), so that its other problems are found in the same run; it still has an error."""


class Positions:
    """Where each value and each mapping key of a document starts.

    Plain front matter is read without them (:meth:`later`): kept for every value of every
    file they were most of the memory a site took while it was read, yet only a message needs
    one. They are worked out from the text the first time one is asked for, by the very walk
    that read the values, so they are exactly those that reading would have recorded.
    """

    __slots__ = ("_check", "_keys", "_text", "_values")

    def __init__(self, values: dict[Path, Position] | None = None,
                 keys: dict[Path, Position] | None = None) -> None:
        self._values = {} if values is None else values
        self._keys = {} if keys is None else keys
        self._text: tuple[str | Callable[[], str | None], int] | None = None
        self._check = 0
        """The hash of the text let go of (:meth:`let_go`), which the text read again must have."""

    @classmethod
    def later(cls, text: str, line_offset: int) -> Positions:
        """The positions in ``text`` (which :func:`read_yaml` read on its fast path), not
        worked out until one is asked for; until then only the text is kept."""
        positions = cls()
        positions._text = (text, line_offset)
        return positions

    @property
    def holds_text(self) -> bool:
        """Whether it holds the text it works the positions out from (see :meth:`let_go`)."""
        return self._text is not None and isinstance(self._text[0], str)

    def let_go(self, again: Callable[[], str | None]) -> None:
        """Let go of the text kept to work the positions out (:meth:`later`); it is read
        ``again`` if one is asked for. When that is not the very text let go of (its file
        changed since; ``again`` gives None when it is gone), no position is known, and each
        is given as the start of the file. The texts are told apart by their hash in this
        process: positions are worked out in the process that read them."""
        if self._text is not None and self.holds_text:
            text, line_offset = self._text
            self._text, self._check = (again, line_offset), hash(text)

    @property
    def derived(self) -> bool:
        """Whether the positions are held (False: only the text they come from is)."""
        return self._text is None

    @property
    def values(self) -> dict[Path, Position]:
        """Each value's position, by its path."""
        self._derive()
        return self._values

    @property
    def keys(self) -> dict[Path, Position]:
        """Each mapping key's position, by the path of its value."""
        self._derive()
        return self._keys

    def _derive(self) -> None:
        if self._text is None:
            return
        kept, line_offset = self._text
        text = kept if isinstance(kept, str) else kept()
        if text is None or (text is not kept and hash(text) != self._check):
            self._text = None
            return
        plain = compose_plain(text, Lines(text, line_offset).at, line_offset + 1, MAX_DEPTH,
                              MAX_NODES)
        assert plain is not None, "the same text took the fast path when it was read"
        self._values, self._keys, self._text = plain.values, plain.keys, None

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
    """The value of a document, or the problems that stopped it from being read (``value``
    is None then); problems it was read on past come with the value."""

    value: Any = None
    positions: Positions = field(default_factory=Positions)
    problems: list[YamlProblem] = field(default_factory=list)
    left_out: dict[Path, list[tuple[Position, Any]]] = field(default_factory=dict)
    """The values of duplicate keys, which ``value`` leaves out, each by where its key is,
    under the path the key would have had: a key that a comma cut from a number made
    (``{a: 1,200, 200: 5}``) was no key at all, and the one written after it keeps its value
    (:mod:`~mentorsite.read.flowcommas`). Their values' positions are under
    :func:`left_out_path`."""


def left_out_path(path: Path, key_at: Position) -> Path:
    """The path under which the positions of the value of the duplicate key at ``key_at``,
    in the mapping at ``path``, are kept (its own, and those of anything inside it)."""
    return (*path, _LeftOut(*key_at))  # type: ignore[arg-type]


@dataclass(frozen=True)
class _LeftOut:
    """The key of a duplicate entry: its value is read, for its own problems, and left out.
    Known by where it is, so that two readings of one text give equal positions (as one
    made a new object of each, a reading ahead never matched the reading it stood for)."""

    line: int
    column: int
    key: Any = field(default=None, compare=False)
    """The key as written, twice in its mapping."""


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
    lines = Lines(text, line_offset)
    plain = compose_plain(text, lines.at, line_offset + 1, MAX_DEPTH, MAX_NODES, where=False)
    if plain is not None:
        return YamlResult(plain.value, Positions.later(text, line_offset))
    try:
        result.value = _Composer(result, lines).compose(text)
    except _Stop as stop:
        result.problems.append(stop.problem)
        result.value = None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = lines.at(mark.index) if mark else (1 + line_offset, 1)
        reason = one_line(exc.problem or exc.context or "not valid YAML")
        if "nesting depth" in reason:  # libyaml's own limit (PyYAML 6.0.4 and later)
            result.problems.append(YamlProblem(line, column, "yaml-too-deep", _TOO_DEEP))
        else:
            (line, column), reason = explained(exc, lines, (line, column), reason)
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
                        f"invalid YAML: unacceptable character{shown}: {one_line(reason)}")
        )
        result.value = None
    return result


def not_a_mapping(what: str, value: Any) -> str:
    """The message for a document that is no mapping, ``what`` naming it ("front matter"):
    a lone ``status:active`` is one text to YAML, for want of a space after the colon."""
    message = f"{what} must be a mapping of 'key: value' lines"
    if isinstance(value, str) and _KEY_WITHOUT_SPACE.match(value):
        key, rest = value.split(":", 1)
        message += f": put a space after the key's colon ({key}: {rest.split()[0]})"
    return message


_KEY_WITHOUT_SPACE = re.compile(r"[A-Za-z_][\w-]*:[^\s:]")



def _flow_depth_problem(text: str, line_offset: int) -> YamlProblem | None:
    """Reject deeply nested ``[[[…`` before libyaml, whose time grows with the square of it.

    A linear scan that skips quoted text; it can only over-count, and only for plain scalars
    holding dozens of unclosed brackets. Text with too few brackets to nest that deep is not
    scanned at all.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    for index, char in brackets(text):
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line, column = Lines(text, line_offset).at(index)
                return YamlProblem(line, column, "yaml-too-deep", _TOO_DEEP)
        else:
            depth = max(0, depth - 1)
    return None


class _Composer:
    """Turns events into values with an explicit stack, so depth never recurses."""

    def __init__(self, result: YamlResult, lines: Lines) -> None:
        self.result = result
        self.lines = lines
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.aliased = False
        """Whether an alias has repeated a value yet: only then is the advice to use fewer."""

    def pos(self, event: yaml.Event) -> Position:
        mark = event.start_mark
        assert mark is not None, "the parser marks every event"
        return self.lines.at(mark.index)

    def count(self, values: int, event: yaml.Event) -> None:
        """Count values as they appear (an alias counts its whole expansion). A document
        that is long without any alias is told so, not to use fewer aliases it has none of."""
        self.nodes += values
        if self.nodes <= MAX_NODES:
            return
        if self.aliased or isinstance(event, yaml.AliasEvent):
            self.stop(
                event,
                "yaml-too-large",
                f"YAML expands to more than {MAX_NODES:,} values, the limit, once aliases are "
                "expanded: use fewer aliases, and none inside what an alias repeats",
            )
        self.stop(
            event,
            "yaml-too-large",
            f"YAML holds more than {MAX_NODES:,} values, the limit: front matter needs a few "
            "dozen, so keep long lists and notes in the body, below the front matter",
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
                tagged = self.check_tag(event)
                self.count(1, event)
                # Keys stay the text written: field names and ids are text, so `2024:` or
                # `yes:` mean "2024" and "yes", not a number or a boolean.
                is_key = bool(stack) and isinstance(stack[-1].value, dict) and not stack[-1].has_key
                value = event.value if is_key or tagged else self.scalar(event)
                if event.anchor:
                    self.anchors[event.anchor] = (value, 1)
                root = self.add(stack, value, 1, event)
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor not in self.anchors:
                    self.stop(event, "invalid-yaml", f"unknown alias '*{event.anchor}'")
                value, size = self.anchors[event.anchor]
                self.count(size, event)
                self.aliased = True
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
                index = (*parent.path, len(parent.value))  # made apart: see yamlfast
                self.result.positions.values[index] = self.pos(event)
            parent.value.append(value)
        elif not parent.has_key:
            self.take_key(parent, value, event)
        else:
            parent.has_key = False
            path = (*parent.path, parent.pending_key)
            if not placed:
                self.result.positions.values[path] = self.pos(event)
            if isinstance(parent.pending_key, _LeftOut):
                key = parent.pending_key
                self.result.left_out.setdefault((*parent.path, key.key), []).append(
                    ((key.line, key.column), value))
                return None
            parent.value[parent.pending_key] = value
        return None

    def take_key(self, parent: _Frame, key: Any, event: yaml.Event) -> None:
        if isinstance(key, (list, dict)):
            self.stop(event, "invalid-yaml", "a mapping key must be a plain value")
        assert isinstance(parent.value, dict)
        if key in parent.value:
            line, column = self.pos(event)
            first = self.result.positions.keys.get((*parent.path, key), (line, column))
            self.result.problems.append(YamlProblem(
                line, column, "duplicate-key",
                f"duplicate key '{key}' (first given on line {first[0]})", read_on=True))
            parent.pending_key, parent.has_key = _LeftOut(line, column, key), True
            return
        named = (*parent.path, key)  # made apart: see yamlfast
        self.result.positions.keys[named] = self.pos(event)
        parent.pending_key = key
        parent.has_key = True

    def check_tag(self, event: yaml.NodeEvent) -> bool:
        """Whether ``event`` has an explicit tag: an error, and the document is read on past
        it with the value as written (text, a plain list or mapping; no tag is ever acted on),
        so that one tag does not hide the document's other problems."""
        tag = getattr(event, "tag", None)
        if tag is None:
            return False
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        line, column = self.pos(event)
        self.result.problems.append(YamlProblem(
            line, column, "yaml-tag",
            f"explicit YAML tag '{shown}' is not allowed; write plain values only", read_on=True))
        return True

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = _resolver.resolve(ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
        construct = _constructor.yaml_constructors.get(tag)
        if tag == _MERGE_TAG or construct is None:
            return event.value  # '<<', and YAML 1.1's '=' (a "value key"), are the text written
        if tag == "tag:yaml.org,2002:str":
            return event.value
        node = ScalarNode(tag, event.value, None, None, event.style)
        try:
            return construct(_constructor, node)
        except (ConstructorError, ValueError, OverflowError):
            if tag == "tag:yaml.org,2002:timestamp":
                return event.value  # an impossible date such as 2025-02-30: validated later
            self.stop(event, "invalid-yaml", f"cannot read value '{event.value}'")

    def stop(self, event: yaml.Event, code: str, message: str) -> NoReturn:
        line, column = self.pos(event)
        raise _Stop(YamlProblem(line, column, code, message))
