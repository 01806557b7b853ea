"""The page list a build makes is the one ``serve`` keeps, made without keeping anything.

A build asks for the pages once: no page of it is ever asked for again, so it makes each page
directly, without the sources ``serve`` keeps every page by (:class:`~mentorsite.pages.KeptPages`).
"""

from __future__ import annotations

import pytest

from mentorsite.insights import insights
from mentorsite.kept import Kept
from mentorsite.pages import KeptPages, LazyMarkdown, site_pages
from mentorsite.publish import published

CHECKIN = """\
---
goals:
  alpha:
    status: on-track
    metrics: {speed: 3}
wins: [Shipped it]
---

Body of the check-in.
"""
REFLECTION = "---\ntitle: Looking back\ngoals: [alpha]\n---\n\nWhat I learned.\n"


@pytest.fixture
def views(read_valid, valid_goal):
    """The insights of a site with a goal, two check-ins and a reflection."""
    project = read_valid({
        "content/goals/alpha.md": valid_goal,
        "content/checkins/2025-06-10.md": CHECKIN,
        "content/checkins/2025-06-12.md": CHECKIN,
        "content/reflections/2025-06-11-looking-back.md": REFLECTION,
    })
    return insights(published(project.model), project.today)


def _shown(value: object) -> object:
    return ("markdown", value.text) if isinstance(value, LazyMarkdown) else value


def _described(pages):
    return [(page.url, page.template, page.title, page.served_anywhere,
             {key: _shown(value) for key, value in page.context.items()}) for page in pages]


@pytest.mark.parametrize("builtin", [True, False], ids=["builtin", "theme"])
def test_a_build_makes_the_pages_serve_keeps(views, builtin):
    made = site_pages(views, None)
    kept = site_pages(views, None, KeptPages(builtin=builtin))
    assert len(made) == 8 + 1 + 3
    assert _described(made) == _described(kept)


def test_a_build_keeps_nothing(views, monkeypatch):
    def refuse(*args: object) -> None:
        raise AssertionError("kept in a build")

    monkeypatch.setattr(Kept, "get", refuse)
    assert len(site_pages(views, None)) == 12
