"""Values kept from one build to the next while what they are made from stays the same.

``serve`` builds again after every edit, mostly from the very objects of the last build; a
value whose sources are unchanged is given back as the same object, which also lets the page
comparison that follows see at once that nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

S = TypeVar("S")
T = TypeVar("T")


class Kept(Generic[T]):
    """Values by key, each with its sources: the same objects, or equal ones, keep the value.

    Call :meth:`done` after each build: values the build did not ask for are forgotten.
    """

    def __init__(self) -> None:
        self._last: dict[Hashable, tuple[tuple[object, ...], T]] = {}
        self._now: dict[Hashable, tuple[tuple[object, ...], T]] = {}

    def get(self, key: Hashable, sources: tuple[object, ...], make: Callable[..., T],
            *args: Any) -> T:
        """The value kept for ``key`` if its sources are ``sources``, else ``make(*args)``."""
        hit = self._last.get(key)
        if hit is None or hit[0] != sources:  # tuples compare each item by identity first
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
