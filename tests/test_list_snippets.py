"""The whole-site lists (check-ins, wins, timeline) draw exactly what their Jinja loops drew.

``tests/fixtures/pages_before/`` holds the three page templates as they were, loops included; each
test renders the page through them and through the default theme's templates (whose items now come
from :mod:`mentorsite.render.list_snippets`), in the same environment, and compares the HTML byte
for byte: with the demo site's entries and with entries full of markup.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import jinja2
import pytest

from mentorsite.model.entries import CheckIn, CheckInGoal, NextStep, Settings
from mentorsite.model.insights import Moment, Win, insights
from mentorsite.model.project import read_project
from mentorsite.model.publish import published
from mentorsite.pages.page import Page, Pager
from mentorsite.render.list_snippets import by_kind, by_month
from mentorsite.render.templates import Renderer, renderer
from mentorsite.render.theme import builtin_theme

PROJECT = Path(__file__).resolve().parents[1]
BEFORE = Path(__file__).parent / "fixtures" / "pages_before"
TODAY = date(2025, 12, 28)
HOSTILE = "<script>alert('x')</script> & \"q\""


@pytest.fixture(scope="module")
def demo():
    """The demo site's insights."""
    project = read_project(PROJECT, TODAY)
    return insights(published(project.model), TODAY)


def _renderers() -> tuple[Renderer, Renderer]:
    """The site's renderer, and one that also finds the old pages as ``before/<name>``."""
    render = renderer([builtin_theme()], Settings(title=f"Pair {HOSTILE}"), TODAY, None)
    old = {f"before/{path.name}": path.read_text(encoding="utf-8") for path in BEFORE.iterdir()}
    loader = jinja2.ChoiceLoader([jinja2.DictLoader(old), render.env.loader])
    env = render.env.overlay(loader=loader)
    return render, dataclasses.replace(render, env=env)


def _same(page: Page) -> str:
    render, before = _renderers()
    after = render.render(page)
    assert after == before.render(dataclasses.replace(page, template=f"before/{page.template}"))
    return after


def _hostile_checkins(demo) -> list[CheckIn]:
    """Check-ins with markup everywhere a list shows, and every count singular and plural."""
    first = demo.model.checkins[0]
    step = NextStep.model_construct(task="t", owner=None, due=None, done=False)
    return [
        first.model_copy(update={
            "goals": {"<x>&": CheckInGoal.model_construct(status="on-track", metrics={}, note=None),
                      "known": CheckInGoal.model_construct(status=None, metrics={}, note=None)},
            "wins": (HOSTILE,), "obstacles": ("a", "b"), "adjustments": ("c",),
            "next": (step, step)}),
        first.model_copy(update={"goals": {}, "wins": (), "obstacles": (), "adjustments": (),
                                 "next": ()}),
        first.model_copy(update={"wins": ("a", "b"), "obstacles": ("o",),
                                 "adjustments": ("c", "d"), "next": (step,)}),
    ]


def _one_page(entries: Sequence[object]) -> dict[str, object]:
    """What a paged list is told of a list that fits on its one page."""
    return {"total": len(entries), "pager": Pager(1, 1, None, None)}


@pytest.mark.parametrize("url", ["checkins/", "checkins/<r>&/"])
def test_the_checkins_list_draws_what_its_loop_drew(url, demo):
    titles = {view.goal.id: view.goal.title for view in demo.goals} | {"known": HOSTILE}
    entries = [*demo.model.checkins[::-1], *_hostile_checkins(demo)]
    html = _same(Page(url, "checkins.html", "Check-ins",
                      {"entries": entries, "goal_titles": titles, **_one_page(entries)}))
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;q&#34;" in html
    for shown in ("1 win\u00a0· 2 obstacles\u00a0· 1 adjustment\u00a0· 2 next steps",
                  "2 wins\u00a0· 1 obstacle\u00a0· 2 adjustments\u00a0· 1 next step",
                  "No wins, obstacles or next steps recorded.", "&lt;x&gt;&amp;"):
        assert shown in html
    # "known" is listed with nothing recorded, as new checkin lists every active goal
    assert "goals/known/" not in html and "goals/&lt;x&gt;&amp;/" not in html
    assert 'class="goal-id">&lt;x&gt;&amp;</span>' in html  # an unknown id, but on track


def _hostile_wins(demo) -> list[Win]:
    """Wins of every kind with markup in them, across a year's turn and back to a month seen
    before (which starts a month of its own again, as the loop did)."""
    return [
        *demo.wins,
        Win(date(2025, 1, 31), HOSTILE, "win", "checkins/<a>&/"),
        Win(date(2025, 1, 2), "goal", "goal", "goals/x/"),
        Win(date(2024, 12, 31), "m", "milestone", 'goals/"y"/'),
        Win(date(2024, 1, 5), "w", "win", "checkins/z/"),
        Win(date(2025, 1, 1), "back in January", "win", "checkins/z/"),
    ]


@pytest.mark.parametrize("url", ["wins/", "wins/<r>&/"])
def test_the_wins_page_draws_what_its_loop_drew(url, demo):
    html = _same(Page(url, "wins.html", "Wins", {"wins": _hostile_wins(demo)}))
    assert html.count('<section class="wins-month"') == len(by_month(_hostile_wins(demo)))
    assert "&lt;script&gt;alert(&#39;x&#39;)" in html and "<script>" not in html


def test_an_empty_wins_page_is_as_it_was():
    _same(Page("wins/", "wins.html", "Wins", {"wins": []}))


@pytest.mark.parametrize("url", ["timeline/", "timeline/<r>&/"])
def test_the_timeline_draws_what_its_loop_drew(url, demo):
    moments = [
        *demo.timeline,
        # a check-in's title is insights' (checkin_title), which the loop drew from its date
        Moment(date(2025, 2, 1), "checkin", "Check-in 1 February 2025", "checkins/<c>/"),
        Moment(date(2025, 1, 9), "reflection", HOSTILE, "reflections/&/"),
        Moment(date(2025, 1, 8), "evidence", "e", 'evidence/"e"/'),
        Moment(date(2024, 1, 7), "goal-started", "<g>", "goals/g/"),
        Moment(date(2024, 1, 6), "milestone", "m & m", "goals/g/"),
    ]
    html = _same(Page(url, "timeline.html", "Timeline",
                      {"moments": moments, **_one_page(moments)}))
    assert "Check-in 1 February 2025</a>" in html
    assert "&lt;script&gt;alert(&#39;x&#39;)" in html and "<script>" not in html


def test_by_month_keeps_the_order_and_starts_a_month_again_when_it_comes_back():
    days = [date(2025, 2, 3), date(2025, 2, 1), date(2025, 1, 9), date(2024, 1, 9),
            date(2025, 1, 1)]
    wins = [Win(day, "w", "win", "u") for day in days]
    assert [(first, [win.date for win in run]) for first, run in by_month(wins)] == [
        (date(2025, 2, 3), days[:2]), (date(2025, 1, 9), days[2:3]),
        (date(2024, 1, 9), days[3:4]), (date(2025, 1, 1), days[4:]),
    ]
    assert by_month([]) == []


def test_a_long_checkins_list_is_made_a_hundred_items_at_a_time(demo):
    """Each piece of template output holds at most a hundred items, so the items of a site's
    list of thousands are never made and copied as one string."""
    entries = [*demo.model.checkins[::-1]] * (250 // len(demo.model.checkins) + 1)
    page = Page("checkins/", "checkins.html", "Check-ins",
                {"entries": entries[:250], **_one_page(entries[:250]),
                 "goal_titles": {view.goal.id: view.goal.title for view in demo.goals}})
    html = _same(page)
    render, _ = _renderers()
    pieces = render.env.get_template("checkins.html").generate(render._context(page, None))
    counts = [count for piece in pieces if (count := piece.count('<li class="entry-list__item">'))]
    assert counts == [100, 100, 50]
    assert html.count('<li class="entry-list__item">') == 250


def test_by_kind_groups_as_selectattr_did(demo):
    wins = _hostile_wins(demo)
    env = renderer([builtin_theme()], Settings(), TODAY, None).env
    groups = by_kind(wins)
    for kind in ("goal", "milestone", "win", "other"):
        selected = env.from_string(
            '{{ wins|selectattr("kind", "equalto", kind)|list|length }}').render(
                wins=wins, kind=kind)
        assert str(len(groups.get(kind, []))) == selected
        assert groups.get(kind, []) == [win for win in wins if win.kind == kind]
    assert set(groups) <= {"goal", "milestone", "win"} and groups["win"]


def test_the_wins_page_counts_its_wins_without_filtering_each(demo, monkeypatch):
    """Thousands of wins: counted by kind in one pass, not by Jinja's selectattr once a kind."""
    render, _ = _renderers()

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("selectattr used")

    monkeypatch.setitem(render.env.filters, "selectattr", refuse)
    html = render.render(Page("wins/", "wins.html", "Wins", {"wins": _hostile_wins(demo)}))
    assert 'class="stat__number"' in html


def test_list_items_escape_plain_strings_without_markup_objects(demo, monkeypatch):
    """Slugs, texts, titles and URLs are plain strings: escaped in place by the snippets'
    ``text`` (the same characters as Jinja's autoescape), not made a Markup object each,
    thousands on a large site's lists; the pages still draw what their loops drew."""
    from mentorsite.render import list_snippets, snippets

    assert not hasattr(list_snippets, "escape")
    real = snippets.escape

    def only_for_others(value: object) -> object:
        assert type(value) is not str, f"escape() asked for the plain string {value!r}"
        return real(value)

    monkeypatch.setattr(snippets, "escape", only_for_others)
    titles = {view.goal.id: view.goal.title for view in demo.goals} | {"known": HOSTILE}
    _same(Page("checkins/<r>&/", "checkins.html", "Check-ins",
               {"entries": _hostile_checkins(demo), "goal_titles": titles,
                **_one_page(_hostile_checkins(demo))}))
    _same(Page("wins/<r>&/", "wins.html", "Wins", {"wins": _hostile_wins(demo)}))
    _same(Page("timeline/<r>&/", "timeline.html", "Timeline", {"moments": [
        *demo.timeline,
        Moment(date(2025, 2, 1), "checkin", "Check-in 1 February 2025", "checkins/<c>/"),
        Moment(date(2025, 1, 9), "reflection", HOSTILE, "reflections/&/")],
        **_one_page(demo.timeline)}))
