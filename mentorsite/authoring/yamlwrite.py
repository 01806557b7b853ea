"""Write values into front matter so that they read back exactly as written.

Templates put what people typed (titles, names, tasks) into YAML. Written bare, ``yes`` would
read back as true, ``2025`` as a number and ``Fix: the rota`` would not parse at all. PyYAML's
own emitter knows when a value needs quotes, for the same YAML 1.1 rules the loader uses.
"""

from __future__ import annotations

from collections.abc import Sequence

import yaml

from mentorsite.text import forbidden_character

_WIDTH = 1_000_000
"""Wide enough that the emitter never folds a value over two lines."""


def one_line(text: str) -> str:
    """``text`` with runs of whitespace (newlines included) as single spaces, trimmed."""
    return " ".join(text.split())


def typed_text(text: str) -> str:
    """What a pair typed for a title or a name, on one line; ValueError (saying why) for what
    ``check`` would then refuse in the file: blank, not UTF-8 (Python hands bytes that are
    not as lone surrogates), or a control character or noncharacter, which no page may hold
    and a shell's ``$'\\x01'`` can pass."""
    line = one_line(text)
    if not line:
        raise ValueError("must not be blank")
    if any("\ud800" <= character <= "\udfff" for character in line):
        raise ValueError("is not valid UTF-8: was it typed in another encoding?")
    found = forbidden_character(line)
    if found is not None:
        raise ValueError(f"holds {found}: remove it")
    return line


def entry_title(text: str) -> str:
    """:func:`typed_text` for the title of a new goal, reflection or evidence entry, which must
    also hold a letter or a digit, of any script: ``"!!!"`` (or a ``"$TITLE"`` the shell left
    as punctuation) names nothing, and would have made a goal called ``!!!`` in a file named
    ``untitled.md``. A title in Japanese or Arabic is a title: only its file needs a name."""
    line = typed_text(text)
    if not any(character.isalnum() for character in line):
        raise ValueError(f"'{line}' has no letters or digits: write what it is called")
    return line


def scalar(text: str) -> str:
    """``text`` as a YAML scalar for a block mapping value: bare when safe, else quoted."""
    dumped = yaml.safe_dump(one_line(text), allow_unicode=True, width=_WIDTH)
    return dumped.removesuffix("\n...\n").removesuffix("\n")


def flow_list(items: Sequence[str]) -> str:
    """``items`` as a YAML flow sequence, ``[a, b]``, each quoted only when it must be."""
    dumped = yaml.safe_dump(
        [one_line(item) for item in items], default_flow_style=True, allow_unicode=True,
        width=_WIDTH,
    )
    return dumped.removesuffix("\n")
