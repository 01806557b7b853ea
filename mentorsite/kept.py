"""Values kept from one build to the next while what they are made from stays the same.

``serve`` builds again after every edit, mostly from the very objects of the last build; a
value whose sources are unchanged is given back as the same object, which also lets the page
comparison that follows see at once that nothing changed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable
from operator import is_
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel

S = TypeVar("S")
T = TypeVar("T")


class Equality:
    """``new == old``, where each pair of tuples, dataclasses and pydantic models within is
    compared once while this lasts.

    ``serve`` compares what this build made of an entry with what the last one made, and an
    entry that changed is part of many such values: a check-in naming every goal is a source
    of every goal's view and page, and each of them compared all the check-in says of every
    goal again, work that grew with the goals squared (a save of such a check-in in a plan of
    1,000 goals: 6 million pydantic comparisons, 17 s). Tuples and dataclasses are compared
    part by part as their own ``==`` does (each part by identity first), so that a part they
    share is found in the answers. Each answer is kept with its two objects, so that neither's
    address is another's while it is kept: :meth:`clear` when the values compared are done.
    """

    def __init__(self) -> None:
        self._olds: dict[int, object] = {}
        self._answers: dict[int, bool] = {}
        """By a value's ``id``: what it was compared with, and the answer."""
        self._held: list[object] = []
        """Each value compared, held while its ``id`` is: no tuple is made for a pair (the
        interpreter keeps freed tuples for reuse, and a rebuild's memory is counted)."""

    def clear(self) -> None:
        self._olds, self._answers, self._held = {}, {}, []

    def same(self, new: object, old: object) -> bool:
        """``new == old``, remembered for tuples, dataclasses and pydantic models."""
        if new is old:
            return True
        kind = type(new)
        how = _COMPARED.get(kind)
        if how is None:
            how = _COMPARED[kind] = _how_compared(kind)
        if not how or type(old) is not kind:
            return bool(new == old)
        key = id(new)
        if self._olds.get(key) is old:
            return self._answers[key]
        answer = self._answers[key] = self.parts_same(new, old, how)
        self._olds[key] = old
        self._held.append(new)
        return answer

    def parts_same(self, new: Any, old: Any, how: Compared = "tuple") -> bool:
        """Whether two tuples (or two dataclasses, or two pydantic models: ``how``) are equal,
        their parts compared by :meth:`same`, this pair's answer not kept."""
        if how == "model":
            return bool(new == old)
        if how != "tuple":  # a dataclass: the fields its own == compares
            for name in how:
                part, old_part = getattr(new, name), getattr(old, name)
                if part is not old_part and not self.same(part, old_part):
                    return False
            return True
        if len(new) != len(old):
            return False
        if all(map(is_, new, old)):  # most are the very same objects: looked at in C
            return True
        for part, old_part in zip(new, old, strict=True):
            if part is not old_part and not self.same(part, old_part):
                return False
        return True


Compared = Literal["tuple", "model", ""] | tuple[str, ...]
"""How :class:`Equality` compares two values of a type: as tuples, as pydantic models (by
their own ``==``, remembered), by the fields a dataclass's own ``==`` compares (their names),
or by their own ``==``, not remembered (``""``)."""
_COMPARED: dict[type, Compared] = {}


def _how_compared(kind: type) -> Compared:
    if issubclass(kind, tuple):
        return "tuple"
    if issubclass(kind, BaseModel):
        return "model"
    equal = kind.__dict__.get("__eq__")
    if not (dataclasses.is_dataclass(kind)
            and getattr(getattr(equal, "__code__", None), "co_filename", None) == "<string>"):
        return ""  # an == of the class's own, or none
    return tuple(f.name for f in dataclasses.fields(kind) if f.compare)


class Kept(Generic[T]):
    """Values by key, each with its sources: the same objects, or equal ones, keep the value.

    Call :meth:`done` after each build: values the build did not ask for are forgotten.
    """

    def __init__(self) -> None:
        self._last: dict[Hashable, tuple[tuple[object, ...], T]] = {}
        self._now: dict[Hashable, tuple[tuple[object, ...], T]] = {}
        self._equality = Equality()
        """The sources' comparisons: a changed entry is a source of many values."""

    def get(self, key: Hashable, sources: tuple[object, ...], make: Callable[..., T],
            *args: Any) -> T:
        """The value kept for ``key`` if its sources are ``sources``, else ``make(*args)``."""
        hit = self._last.get(key)
        if hit is None or not self._equality.parts_same(sources, hit[0]):
            hit = (sources, make(*args))
        self._now[key] = hit
        return hit[1]

    def again(self, key: Hashable, *first: object) -> T | None:
        """The value kept for ``key`` if its sources begin with the very objects ``first``
        (the caller knows the rest to be the same), else None: a :meth:`get` that makes no
        tuple of sources, for a caller that asks for thousands of values."""
        hit = self._last.get(key)
        if hit is None:
            return None
        sources = hit[0]
        for index, source in enumerate(first):
            if sources[index] is not source:
                return None
        self._now[key] = hit
        return hit[1]

    def sources(self, key: Hashable) -> tuple[object, ...] | None:
        """What the last build's value for ``key`` was made from, if any."""
        hit = self._last.get(key)
        return None if hit is None else hit[0]

    def last(self, key: Hashable) -> T | None:
        """The value the last build had for ``key``, if any."""
        hit = self._last.get(key)
        return None if hit is None else hit[1]

    def done(self) -> None:
        self._last, self._now = self._now, {}
        self._equality.clear()


class KeptFrom(Generic[S, T]):
    """``make(source)`` for many sources, each value kept while its source is the very same
    object (``serve``'s unchanged entries are, from one build to the next). Cheaper than
    :class:`Kept` for thousands of values: no tuple of sources is made or compared.

    Call :meth:`done` after each build that used it: values it did not ask for are forgotten.
    """

    def __init__(self, make: Callable[[S], T], key: Callable[[S], Hashable] = id) -> None:
        """``key``: what a source's value is found again by. An ``id`` is a new number for
        each source at each build, held beside the last build's until it is done (5,000 of
        them for a timeline of 5,000 entries): better a string the source holds (its path),
        whose hash Python keeps."""
        self._make = make
        self._key = key
        self._last: dict[Hashable, tuple[S, T]] = {}
        self._now: dict[Hashable, tuple[S, T]] = {}

    def __call__(self, source: S) -> T:
        key = self._key(source)
        hit = self._last.get(key)
        if hit is None or hit[0] is not source:
            hit = (source, self._make(source))
        self._now[key] = hit
        return hit[1]

    def done(self) -> None:
        self._last, self._now = self._now, {}
