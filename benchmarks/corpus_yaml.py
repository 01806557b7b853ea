"""A tiny, predictable YAML writer for the benchmark corpus's front matter.

It writes what a person would type: block mappings, flow lists of short words, flow mappings
for readings, plain scalars where YAML 1.1 reads them back unchanged and double quotes
everywhere else. It is not general; it covers exactly the shapes the corpus uses.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.'()/&+-]*[A-Za-z0-9.)']$")
_FLOW_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 .'-]*[A-Za-z0-9.']$")
_YAML11_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


def scalar(value: Any, flow: bool = False) -> str:
    """One value as YAML text; strings are quoted unless they read back as the same string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    pattern = _FLOW_PLAIN if flow else _PLAIN
    if pattern.match(text) and text.lower() not in _YAML11_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list, tuple))


def _flow(value: Any) -> str | None:
    """A one-line flow form for short lists and mappings of scalars, else None."""
    if isinstance(value, (list, tuple)) and all(_is_scalar(v) for v in value):
        text = "[" + ", ".join(scalar(v, flow=True) for v in value) + "]"
    elif isinstance(value, dict) and all(_is_scalar(v) for v in value.values()):
        text = "{" + ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in value.items()) + "}"
    else:
        return None
    return text if len(text) <= 80 else None


def dump(mapping: dict[str, Any], indent: int = 0) -> list[str]:
    """The lines of a block mapping at ``indent`` spaces."""
    pad = " " * indent
    lines: list[str] = []
    for key, value in mapping.items():
        if _is_scalar(value):
            lines.append(f"{pad}{key}: {scalar(value)}")
            continue
        flow = _flow(value)
        if flow is not None:
            lines.append(f"{pad}{key}: {flow}")
        elif isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines.extend(dump(value, indent + 2))
        else:
            lines.append(f"{pad}{key}:")
            lines.extend(_dump_list(value, indent + 2))
    return lines


def _dump_list(items: list[Any] | tuple[Any, ...], indent: int) -> list[str]:
    """A block list; mappings start on the dash line."""
    pad = " " * indent
    lines: list[str] = []
    for item in items:
        if isinstance(item, dict):
            inner = dump(item, indent + 2)
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines.extend(inner[1:])
        else:
            lines.append(f"{pad}- {scalar(item)}")
    return lines


def document(meta: dict[str, Any], body: str) -> str:
    """A whole content file: front matter between ``---`` lines, a blank line, the body."""
    return "---\n" + "\n".join(dump(meta)) + "\n---\n\n" + body
