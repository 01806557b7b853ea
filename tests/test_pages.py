"""The page list a build makes is the one ``serve`` keeps, made without keeping anything.

A build asks for the pages once: no page of it is ever asked for again, so it makes each page
directly, without the sources ``serve`` keeps every page by
(:class:`~mentorsite.pages.site.KeptPages`).
"""

from __future__ import annotations

import dataclasses

import pytest

from mentorsite.history.evolution import Evolution
from mentorsite.kept import Kept
from mentorsite.model.insights import insights
from mentorsite.model.publish import published
from mentorsite.pages.site import KeptPages, LazyMarkdown, site_pages

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


def _entry_keys(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The paths of the entry pages ``Kept.get`` is asked for, from now on."""
    asked: list[object] = []
    get = Kept.get

    def counting(self: Kept[object], key: object, *args: object) -> object:
        if isinstance(key, str) and key.startswith(("content/checkins/",
                                                    "content/reflections/")):
            asked.append(key)
        return get(self, key, *args)

    monkeypatch.setattr(Kept, "get", counting)
    return asked


@pytest.mark.parametrize("builtin", [True, False], ids=["builtin", "theme"])
def test_serve_gives_unchanged_entry_pages_back_without_making_their_sources(
        views, monkeypatch, builtin):
    """After an edit most of thousands of entries are the very objects of the last build:
    their pages come back at once, without a tuple of sources made and compared for each."""
    kept = KeptPages(builtin=builtin)
    first = site_pages(views, None, kept)
    asked = _entry_keys(monkeypatch)
    again = site_pages(views, None, kept)
    assert asked == []
    assert all(one is other for one, other in zip(first, again, strict=True)
               if one.template in ("checkin.html", "reflection.html"))


def test_serve_keeps_each_page_by_the_path_its_entry_holds(views, monkeypatch):
    """Pages were kept by (built-in templates or not, path): a new tuple for each of
    thousands of pages after each edit, 270 KB of a rebuild's peak on the 5,000-file
    benchmark corpus. They are kept by the very path string the entry holds, and made again
    when the templates change between the built-in ones and a theme's."""
    kept = KeptPages()
    first = site_pages(views, None, kept)
    paths = {id(entry.file.path) for entry in views.model.entries()}
    keys: list[object] = []
    again = Kept.again
    monkeypatch.setattr(Kept, "again", lambda self, key, *first: (
        keys.append(key), again(self, key, *first))[1])
    assert all(one is other for one, other in zip(first, site_pages(views, None, kept),
                                                  strict=True)
               if one.template in ("checkin.html", "reflection.html"))
    assert len(keys) == 3 and all(id(key) in paths for key in keys)
    kept.builtin = False
    themed = site_pages(views, None, kept)
    assert not any(one is other for one, other in zip(first, themed, strict=True)
                   if one.template in ("checkin.html", "reflection.html"))


def test_an_entry_page_is_made_again_when_a_goal_it_names_is_renamed(views):
    """The same entry objects, but the goal they name has a new title: not the last page."""
    kept = KeptPages()
    first = {page.url: page for page in site_pages(views, None, kept)}
    model = views.model
    renamed = dataclasses.replace(model, goals=tuple(
        goal.model_copy(update={"title": "Renamed"}) for goal in model.goals))
    again = {page.url: page for page in site_pages(insights(renamed, views.today), None, kept)}
    for url in ("checkins/2025-06-10/", "reflections/2025-06-11-looking-back/"):
        assert again[url] is not first[url]
        assert again[url].context["goal_titles"]["alpha"] == "Renamed"


def _uncommitted(*paths: str) -> Evolution:
    """A history with no commits yet and ``paths`` uncommitted."""
    return Evolution(commits=(), files={}, sessions=(), revisions_by_commit={},
                     uncommitted=frozenset(paths), shallow=False, problem=None)


@pytest.mark.parametrize("builtin", [True, False], ids=["builtin", "theme"])
def test_an_entry_page_showing_the_history_notes_is_made_again_when_they_change(views, builtin):
    """A second uncommitted file changes the notes that pages without a history show."""
    kept = KeptPages(builtin=builtin)
    site_pages(views, _uncommitted("content/checkins/2025-06-10.md"), kept)
    again = {page.url: page for page in site_pages(
        views, _uncommitted("content/checkins/2025-06-10.md", "content/checkins/2025-06-12.md"),
        kept)}
    notes = again["reflections/2025-06-11-looking-back/"].context["history_notes"]
    assert notes == ["2 content files with uncommitted changes: their latest edits show as "
                     "'not committed yet'"]


def test_a_page_holds_its_fields_and_path_in_slots(demo_pages):
    """serve keeps every page of the site between rebuilds (15,000 on the 5,000-file
    benchmark corpus): each holds its fields and the file it is written to in slots, without
    a dictionary of its own (made once ``output_path`` was first asked for, 1.4 MiB in all)."""
    from mentorsite.pages.page import Page

    assert {page.output_path for page in demo_pages} >= {"index.html", "goals/index.html",
                                                         "404.html"}
    for page in demo_pages:
        assert not hasattr(page, "__dict__")
        assert page.output_path == (page.url + "index.html" if page.url.endswith("/")
                                    or not page.url else page.url)
    page = Page("wins/", "wins.html", "Wins")
    assert page == Page("wins/", "wins.html", "Wins")
    assert dataclasses.replace(page, url="404.html").output_path == "404.html"
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.url = "goals/"  # type: ignore[misc]
