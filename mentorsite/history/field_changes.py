"""What changed in meaning between two versions of a file's front matter, field by field
(:class:`FieldChange`, :func:`meaning`): each version flattened to dotted field names and the
values a revision shows, with the defaults of its kind of entry where it leaves them out."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, NamedTuple

from pydantic import BaseModel

from mentorsite.model.entries import FIELDS_BY_KIND
from mentorsite.model.pydantic_errors import nested_model
from mentorsite.text import number


class FieldChange(NamedTuple):
    """One change of meaning: ``metrics.confidence.target: 4 → 5``. A named tuple, not a
    frozen dataclass: a long history makes tens of thousands, and a frozen dataclass sets each
    field through ``object.__setattr__``."""

    field: str
    before: str | None
    """None when the field was added."""
    after: str | None
    """None when the field was removed."""


def meaning(old: Mapping[str, Any], new: Mapping[str, Any], kind: str | None = None
            ) -> list[FieldChange]:
    """Field-by-field changes, with lists of mappings keyed by their ``id`` or ``title``;
    with ``kind`` (``goal``…), a field left out is compared as its default (see
    :func:`defaults_left_out`)."""
    return flat_changes(_with_defaults(old, kind), _with_defaults(new, kind))


_Defaults = tuple[dict[str, Any], dict[str, Any]]
"""A model's plain defaults by key (``status: active``), and the :data:`_Defaults` of the
models its lists or mappings hold by key (each metric's ``baseline: 0``)."""


def _defaults_of(model: type[BaseModel]) -> _Defaults:
    """What an entry of ``model`` means by the keys it leaves out, where the default is one
    plain value: a text, a number or true/false. An empty list is left out (it says nothing
    a missing one does not, and ``[]`` would be shown for it)."""
    plain: dict[str, Any] = {}
    inner: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        key = field.alias or name
        if type(field.default) in (str, int, float, bool):
            plain[key] = field.default
        held = nested_model(field.annotation)
        if held is not None:
            found = _defaults_of(held)
            if found[0] or found[1]:
                inner[key] = found
    return plain, inner


_DEFAULTS: dict[str, _Defaults] = {kind: _defaults_of(model)
                                   for kind, model in FIELDS_BY_KIND.items()}
"""The defaults of each kind's front matter, worked out once from the model."""


def defaults_left_out(meta: Mapping[str, Any], kind: str | None) -> dict[str, str]:
    """The plain defaults of its ``kind`` (see :func:`_defaults_of`) that ``meta`` leaves out
    or empty, flattened as :func:`flatten` names and shows them: a goal written without
    ``status`` is ``active``, and a metric's ``baseline: 0`` says what leaving it out does.
    Nothing is validated: a history compares thousands of versions, each only for what it
    says, and only the few keys with a default are looked at."""
    defaults = _DEFAULTS.get(kind) if kind else None
    found: dict[str, str] = {}
    if defaults and _is_mapping(meta):
        _left_out(meta, defaults, "", found)
    return found


def _left_out(meta: Mapping[str, Any], defaults: _Defaults, prefix: str,
              into: dict[str, str]) -> None:
    plain, inner = defaults
    for key, default in plain.items():
        if meta.get(key) is None:
            into[f"{prefix}{key}"] = _show(default)
    for key, held in inner.items():
        value = meta.get(key)
        if type(value) is list and value and all(_is_mapping(v) for v in value):
            for index, item in enumerate(value):
                _left_out(item, held, f"{prefix}{key}.{_item_name(item, index)}.", into)
        elif isinstance(value, Mapping):
            for name, item in value.items():
                if _is_mapping(item):
                    _left_out(item, held, f"{prefix}{key}.{name}.", into)


def _with_defaults(meta: Mapping[str, Any], kind: str | None) -> dict[str, str]:
    """``meta`` flattened, with the defaults it leaves out after its own fields."""
    flat = flatten(meta)
    flat.update(defaults_left_out(meta, kind))
    return flat


def flat_changes(old: Mapping[str, str], new: Mapping[str, str]) -> list[FieldChange]:
    """What :func:`meaning` finds, from both sides flattened: the fields of ``old`` in order,
    then those only ``new`` has. Each change is made by ``tuple.__new__`` itself, not by
    calling :class:`FieldChange`, whose constructor is a Python function around it: a round
    of Python for each of the 15,000 changes of the 1,000-commit benchmark history, nearly
    all of them the fields of a file added."""
    changes = [_made(FieldChange, (key, before, after)) for key, before in old.items()
               if before != (after := new.get(key))]
    changes += [_made(FieldChange, (key, None, after)) for key, after in new.items()
                if key not in old]
    return changes


_made = tuple.__new__
"""A tuple of a subclass (:class:`FieldChange`) from its items, as its constructor makes it."""


def _item_name(item: Mapping[str, Any], index: int) -> object:
    """How a mapping in a list is named in a field's name: by its id, else its title, else
    its place."""
    return item.get("id") or item.get("title") or index


def flatten(value: Any, prefix: str = "", into: dict[str, str] | None = None
             ) -> dict[str, str]:
    """``value`` as dotted field names → shown values, written into ``into`` (one dict for
    the whole walk, not one per level)."""
    flat: dict[str, str] = {} if into is None else into
    if _is_mapping(value):
        for key, item in value.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            kind = type(item)
            if kind is str:
                flat[name] = item
            elif kind is int or kind is float:  # not bool: its type is bool
                flat[name] = number(item)
            elif kind is date:
                flat[name] = item.isoformat()
            elif kind is list and item and {*map(type, item)} <= _TEXTS:  # shown as _show does
                flat[name] = "; ".join(item)
            elif item is not None:  # a key left empty is one left out (docs/content.md §1)
                flatten(item, name, flat)
    elif isinstance(value, list) and value and all(_is_mapping(v) for v in value):
        for index, item in enumerate(value):
            flatten(item, f"{prefix}.{_item_name(item, index)}", flat)
    else:
        flat[prefix] = _show(value)
    return flat


def _is_mapping(value: object) -> bool:
    """``isinstance(value, Mapping)``, with the answer for the types front matter holds
    (dicts, lists and scalars) known at once: the ABC's check costs more than the rest of
    flattening a value."""
    kind = type(value)
    if kind is dict:
        return True
    if kind in _NOT_MAPPINGS:
        return False
    return isinstance(value, Mapping)


_TEXTS = frozenset({str})
"""The type of every item of a list of texts (next steps, wins, tags): :func:`flatten`
writes such a list joined at once, as :func:`_show` writes it item by item."""
_NOT_MAPPINGS = frozenset({str, int, float, bool, list, date, datetime, type(None)})


def _show(value: Any) -> str:
    """A value of front matter as a revision shows it: numbers as the site writes them
    (:func:`~mentorsite.text.number`), so that ``1e16`` reads as the target beside it does and
    ``1000`` rewritten as ``1000.0`` is no change."""
    if type(value) in (int, float):
        return number(value)
    if isinstance(value, list):
        if value and all(type(v) in (int, float) for v in value):  # a scale: [1, 5]
            return f"[{', '.join(number(v).replace(',', '') for v in value)}]"  # not [1, 10,000]
        return "; ".join(_show(v) for v in value) if value else "[]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return "null" if value is None else str(value)
