"""Who a commit's people are, as the repository's ``.mailmap`` says (git's gitmailmap(5)).

A mentor who commits as ``sam <sam@laptop>`` and merges on GitHub as ``Sam Okafor
<sam@corp.example>`` is two people to git until a ``.mailmap`` at the top of the repository
says they are one; ``git log``, ``shortlog`` and ``blame`` then show one name, and so must
the site, or its history lists two authors and a sign-off by one of them counts as someone
else's review of the other's work. The log is read with the names as committed, and each
author and each ``Reviewed-by:`` or ``Approved-by:`` trailer goes through one
:class:`Mailmap`, so the two agree. Only the ``.mailmap`` file is read: not git's
``mailmap.file`` or ``mailmap.blob`` settings, which live outside the repository.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

K = TypeVar("K")

FILE = ".mailmap"
"""Its name, at the top of the repository's working tree."""


@dataclass(frozen=True)
class _Proper:
    """What one line maps to: a name, an address, or both (``None``: keep what was written)."""

    name: str | None
    email: str | None


@dataclass(frozen=True)
class Mailmap:
    """Lines of a ``.mailmap``, by the address (lower case) each maps from."""

    by_email: dict[str, _Proper] = field(default_factory=dict)
    """``Proper Name <proper@x> <commit@x>``: whatever name was committed with the address."""
    by_name: dict[tuple[str, str], _Proper] = field(default_factory=dict)
    """``Proper Name <proper@x> Commit Name <commit@x>``: only that name with that address."""

    def canonical(self, name: str, email: str) -> tuple[str, str]:
        """The name and address a person committed as, as the file maps them; as written
        when no line names the address (names and addresses are matched in any case)."""
        key = email.lower()
        proper = self.by_name.get((name.lower(), key)) or self.by_email.get(key)
        if proper is None:
            return name, email
        return proper.name or name, proper.email or email


def read(text: str) -> Mailmap:
    """The lines of a ``.mailmap`` file. A line git would pass over (a ``#`` comment, no
    ``<address>``) is passed over here too; what follows a line's last address is a comment.
    A later line for the same address replaces what an earlier one gave, field by field."""
    people = Mailmap()
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        first = _name_and_email(line)
        if first is None:
            continue
        name, email, rest = first
        second = _name_and_email(rest)
        if second is None:  # Proper Name <commit@x>
            _add(people.by_email, email.lower(), _Proper(name, None))
        elif second[0]:  # Proper Name <proper@x> Commit Name <commit@x>
            _add(people.by_name, (second[0].lower(), second[1].lower()), _Proper(name, email))
        else:  # [Proper Name] <proper@x> <commit@x>
            _add(people.by_email, second[1].lower(), _Proper(name, email))
    return people


def _name_and_email(text: str) -> tuple[str | None, str, str] | None:
    """``Name <address>`` at the start of ``text``: the name (``None`` when there is none),
    the address, and what follows; ``None`` without a whole non-empty ``<address>``."""
    left = text.find("<")
    right = text.find(">", left + 1)
    if left < 0 or right < 0 or right == left + 1:
        return None
    return text[:left].strip() or None, text[left + 1:right].strip(), text[right + 1:]


def _add(lines: dict[K, _Proper], key: K, proper: _Proper) -> None:
    earlier = lines.get(key)
    if earlier is not None:
        proper = _Proper(proper.name or earlier.name, proper.email or earlier.email)
    lines[key] = proper
