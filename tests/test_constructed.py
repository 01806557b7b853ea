"""Entries are built from their validated fields exactly as ``model_construct`` builds them.

Each of a site's thousands of entries is made twice over (its source file and the entry), and
pydantic's ``model_construct`` walks every field in Python to do it; :func:`constructed` sets
the same instance state directly. These tests hold it to ``model_construct``, and hold the
model to what it relies on.
"""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel

from mentorsite.model.entries import SourceFile
from mentorsite.model.project import read_project
from mentorsite.model.validate import _DOMAIN, _FIELDS, constructed
from tests.conftest import TODAY

CHECKIN = """\
---
goals:
  alpha:
    status: on-track
    metrics: {speed: 3}
next:
  - task: Write it down
    due: 2025-06-20
---

Body.
"""
REFLECTION = "---\ntitle: Looking back\ngoals: [alpha]\n---\n\nWhat I learned.\n"
EVIDENCE = "---\ntitle: A link\ngoals: [alpha]\nkind: artifact\nlink: https://example.com/\n---\n"


def _state(model: BaseModel) -> tuple[object, ...]:
    return (type(model), list(model.__dict__.items()), model.model_fields_set,
            model.__pydantic_extra__, model.__pydantic_private__)


@pytest.mark.parametrize("kind", sorted(_DOMAIN))
def test_what_constructed_relies_on_holds(kind):
    """Every field of the fields model, in order, then ``file``; nothing made after init."""
    domain = _DOMAIN[kind]
    assert list(domain.model_fields) == [*_FIELDS[kind].model_fields, "file"]
    for model in (domain, SourceFile):
        assert model.__pydantic_post_init__ is None
        assert not model.__private_attributes__
        assert model.model_config.get("extra") != "allow"


def test_entries_are_what_model_construct_makes(read_valid, valid_goal, monkeypatch):
    project = read_valid({
        "content/goals/alpha.md": valid_goal,
        "content/checkins/2025-06-10.md": CHECKIN,
        "content/reflections/2025-06-11-looking-back.md": REFLECTION,
        "content/evidence/2025-06-12-a-link.md": EVIDENCE,
    })
    entries = project.model.entries()
    assert {type(entry) for entry in entries} == set(_DOMAIN.values())
    for entry in entries:
        source = entry.file
        assert _state(source) == _state(SourceFile.model_construct(**source.__dict__))
        remade = type(entry).model_construct(_fields_set=entry.model_fields_set,
                                             **entry.__dict__)
        assert _state(entry) == _state(remade)
        assert entry == remade
        assert entry.model_dump(mode="json") == remade.model_dump(mode="json")


def test_validation_does_not_call_model_construct(make_repo, valid_goal, monkeypatch):
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("model_construct called")

    monkeypatch.setattr(BaseModel, "model_construct", classmethod(refuse))
    root = make_repo({"content/goals/alpha.md": valid_goal,
                      "content/checkins/2025-06-10.md": CHECKIN})
    project = read_project(root, date.fromisoformat(TODAY))
    assert len(project.model.entries()) == 2


def test_constructed_keeps_the_fields_set_it_is_given():
    fields_set = {"path", "slug"}
    values = {"path": "p", "slug": "s", "body": "", "body_line": 1, "meta": {}}
    made = constructed(SourceFile, values, fields_set)
    assert made.model_fields_set is fields_set
    assert made.path == "p" and made.meta == {}
