"""JSON Schema (draft 2020-12) of the settings and each content kind, from the model itself."""

from __future__ import annotations

from typing import Any

from mentorsite.model.entries import FIELDS_BY_KIND

DRAFT = "https://json-schema.org/draft/2020-12/schema"
KINDS = tuple(FIELDS_BY_KIND)


def json_schema(kind: str) -> dict[str, Any]:
    """The schema of one kind's front matter (or of ``mentorsite.yml`` for ``settings``)."""
    schema = FIELDS_BY_KIND[kind].model_json_schema(mode="validation")
    return {"$schema": DRAFT, **_readable(_keys_closed(schema))}


def _keys_closed(node: Any) -> Any:
    """``node`` with each mapping whose keys are ids (a check-in's ``goals``, a goal's
    ``metrics`` readings) refusing any other key. Pydantic names the keys' pattern only, which
    constrains the keys that match it and lets the rest through: an editor said nothing of a
    goal written ``Alpha:``, which ``check`` refuses (``invalid-id``)."""
    if isinstance(node, dict):
        closed = {key: _keys_closed(value) for key, value in node.items()}
        if "patternProperties" in closed and "additionalProperties" not in closed:
            closed["additionalProperties"] = False
        return closed
    if isinstance(node, list):
        return [_keys_closed(item) for item in node]
    return node


def _readable(node: Any) -> Any:
    """``node`` with each description's reStructuredText literals (````x````, as the model's
    docstrings write them) in Markdown's (```x```), as an editor shows them on hover."""
    if isinstance(node, dict):
        return {key: value.replace("``", "`") if key == "description" and isinstance(
            value, str) else _readable(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_readable(item) for item in node]
    return node


def all_schemas() -> dict[str, dict[str, Any]]:
    return {kind: json_schema(kind) for kind in KINDS}
