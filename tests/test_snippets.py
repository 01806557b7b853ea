"""The Python snippets draw exactly what the Jinja macros they replace drew.

``tests/fixtures/macros_before.html`` holds the macros as they were; each case renders one call
through them and through the default theme's ``macros.html`` (which now exports the Python
functions), in the same environment, and compares the HTML byte for byte.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from mentorsite.model.entries import Settings
from mentorsite.model.insights import insights
from mentorsite.model.project import read_project
from mentorsite.model.publish import published
from mentorsite.render.templates import renderer
from mentorsite.render.theme import builtin_theme

PROJECT = Path(__file__).resolve().parents[1]
BEFORE = (Path(__file__).parent / "fixtures" / "macros_before.html").read_text(encoding="utf-8")
TODAY = date(2025, 12, 28)

CALLS = [
    'status_badge("active")', 'status_badge("on-track", "Last check-in:")',
    'status_badge("off-track", "<b>&")', 'status_badge("made-up-status")', 'status_badge("")',
    'day(d)', 'day(d, "short")', 'day(d, "long")', 'day(d, "other")',
    'amount(none, "h")', 'amount(3, none)', 'amount(3.5, "")', 'amount(0.333, "%")',
    'amount(16, "hours")', 'amount(2, "<i>")', 'amount(-1.25, "km & m")',
    'relative(d)', 'relative(today)', 'relative(d2)', 'relative(d3)', 'relative(d4)',
    'goal_link("known")', 'goal_link("unknown")', 'goal_link("<x>")',
    'goal_list(["known", "unknown"])', 'goal_list([])', 'goal_list(none)', 'goal_list(("known",))',
    'kind_label("win")', 'kind_label("goal-started")', 'kind_label("odd")',
    'kind_label("win", {"win": "Won <it>"})', 'kind_label("x", {"win": "W"})',
]
VARIANTS = {
    "goal_titles": {"goal_titles": {"known": "Known & <loved>"}},
    "insights": {},  # filled in from the demo site
    "neither": {},
}


def _env() -> jinja2.Environment:
    """The site's environment, which can also load the macros as they were."""
    env = renderer([builtin_theme()], Settings(), TODAY, None).env
    return env.overlay(loader=jinja2.ChoiceLoader(
        [jinja2.DictLoader({"before.html": BEFORE}), env.loader]
    ))


@pytest.fixture(scope="module")
def demo_insights():
    """The demo site's insights, for goal links that look goals up instead of a title map."""
    project = read_project(PROJECT, TODAY)
    return insights(published(project.model), TODAY)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize("imported", ["with context", "without context"])
def test_snippet_draws_what_the_macro_drew(call, variant, imported, demo_insights):
    env = _env()
    # d is 50 days before today: within the days that both macros tell in days
    context = {
        "root": "../<r>/", "today": TODAY, "d": date(2025, 11, 8), "d2": date(2025, 12, 29),
        "d3": date(2025, 12, 27), "d4": date(2026, 1, 30), **VARIANTS[variant],
    }
    if variant == "insights":
        context["insights"] = demo_insights
        goal = demo_insights.goals[0].goal.id
        call = call.replace('"known"', f'"{goal}"')
    before = env.from_string(
        '{% import "before.html" as m with context %}{{ m.' + call + " }}"
    ).render(context)
    after = env.from_string(
        '{% import "macros.html" as m ' + ("with context" if imported == "with context" else "")
        + " %}{{ m." + call + " }}"
    ).render(context)
    assert after == before


def _charts(views):
    """Every metric of the demo site with its chart, and one with no readings at all."""
    from mentorsite.pages.charts import Tick, metric_chart

    found = [(metric, metric_chart(metric, view.goal.started, []))
             for view in views.goals for metric in view.metrics]
    bare = dataclasses.replace(found[0][0], series=())
    metric, chart = found[0]
    odd = dataclasses.replace(  # tick labels with markup; ticks at whole and half positions
        chart, x_ticks=(*chart.x_ticks, Tick(12, "<b>&"), Tick(30.25, '"Jan"')),
        y_ticks=(Tick(0, "0 & <1>"), *chart.y_ticks, Tick(99.95, "'x'")),
    )
    return [*found, (bare, metric_chart(bare, views.goals[0].goal.started, [])), (metric, odd)]


@pytest.mark.parametrize("root", ["../", "../<r>&/"])
def test_chart_ticks_points_and_reading_rows_draw_what_the_loops_drew(root, demo_insights):
    env = _env()
    charts = _charts(demo_insights)
    assert {len(metric.series) > 1 for metric, _ in charts} == {True, False}
    assert {metric.metric.unit for metric, _ in charts} >= {None, "%", "hours"}
    for index, (view, chart) in enumerate(charts):
        context = {"root": root, "today": TODAY, "view": view, "chart": chart,
                   "id": f"chart-{index}"}
        calls = "{{ m.metric_chart(view, chart, id) }}{{ m.readings_table(view) }}"
        before = env.from_string(
            '{% import "before.html" as m with context %}' + calls).render(context)
        after = env.from_string(
            '{% import "macros.html" as m with context %}' + calls).render(context)
        assert after == before



def test_a_chart_with_links_is_a_labelled_group_not_an_image(demo_insights):
    """Its points link to their check-ins: inside role="img" those links would be focusable
    but hidden from screen readers (axe-core: nested-interactive)."""
    view, chart = next((view, chart) for view, chart in _charts(demo_insights)
                       if len(view.series) > 1)
    html = _env().from_string('{% import "macros.html" as m with context %}'
                              '{{ m.metric_chart(view, chart, "c") }}').render(
        {"root": "../", "today": TODAY, "view": view, "chart": chart})
    svg = html[html.index("<svg"):html.index(">", html.index("<svg")) + 1]
    assert '<a href="../checkins/' in html
    assert 'role="group" aria-labelledby="c-title c-desc"' in svg
    assert 'role="img"' not in svg

HOSTILE = "<script>alert('x')</script> & \"q\""


def _hostile_goal(view):
    """A demo goal whose one metric has markup in its label and unit."""
    from mentorsite.model.entries import Metric

    metric = Metric.model_construct(id="m1", label=f"Speed {HOSTILE}", unit="<i>&", target=1)
    return view.goal.model_copy(update={"metrics": (*view.goal.metrics, metric)})


def _hostile_about():
    """What a check-in says about goals: every branch of the loops, with hostile text."""
    from mentorsite.model.entries import CheckInGoal

    return {
        "m1-goal": CheckInGoal.model_construct(
            status="on-track", metrics={"m1": 2.5, "other<&>": 3, "m2": 0.333}, note=HOSTILE),
        "<x>&": CheckInGoal.model_construct(status="made-up<&>", metrics={"m1": 4}, note=None),
        "quiet": CheckInGoal.model_construct(status=None, metrics={}, note=None),
        "noted": CheckInGoal.model_construct(status=None, metrics={}, note="just & this"),
    }


def _render_both(call, context):
    env = _env()
    before = env.from_string(
        '{% import "before.html" as m with context %}{{ m.' + call + " }}").render(context)
    after = env.from_string('{% import "macros.html" as m %}{{ m.' + call + " }}").render(context)
    return before, after


@pytest.mark.parametrize("root", ["../../", "../<r>&/"])
def test_checkin_goal_items_draw_what_the_loop_drew(root, demo_insights):
    view = demo_insights.goals[0]
    goal = _hostile_goal(view)
    goals = {"m1-goal": goal, view.goal.id: view.goal}
    about = {**_hostile_about(), **{c: a for ch in demo_insights.model.checkins
                                    for c, a in ch.goals.items()}}
    titles = {"m1-goal": f"Title {HOSTILE}", "quiet": "Q", "noted": "N",
              view.goal.id: view.goal.title}
    context = {"root": root, "today": TODAY, "about": about, "goals": goals,
               "goal_titles": titles}
    before, after = _render_both("checkin_goal_items(about, goals)", context)
    assert after == before
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;q&#34;" in after
    assert "<script>" not in after and "<i>&" not in after
    assert "nothing recorded" not in after  # said in one line: checkin_quiet_goals
    for shown in ("<dt>other&lt;&amp;&gt;</dt>",
                  "badge--made-up&lt;&amp;&gt;", "<dt>Speed &lt;script&gt;",
                  '<p class="checkin-goal__note">just &amp; this</p>'):
        assert shown in after


def test_goals_a_check_in_lists_with_nothing_recorded_get_one_line_not_a_card(
        make_repo, run_cli, valid_goal):
    """``new checkin`` lists every active goal; a pair that filled in one of three got two
    cards saying only "Mentioned, nothing recorded."."""
    from bs4 import BeautifulSoup

    root = make_repo({
        **{f"content/goals/{g}.md": valid_goal.replace("Ship the first release", title)
           for g, title in (("ship", "Ship"), ("docs", "Docs <&>"), ("talk", "Talk"))},
        "content/checkins/2025-06-10.md": "---\ngoals:\n  ship: {status: on-track}\n"
                                          "  docs:\n    status:\n    note:\n  talk: {}\n---\n",
    })
    result = run_cli("--source", root, "--today", "2025-06-15", "build", "--no-history", "-q")
    assert result.exit_code == 0, result.output
    page = BeautifulSoup((root / "_site/checkins/2025-06-10/index.html").read_text(),
                         "html.parser")
    assert [card.h3.get_text() for card in page.select(".checkin-goal")] == ["Ship"]
    quiet = page.select_one(".checkin-goals__quiet")
    assert quiet.get_text() == "Also listed, with nothing recorded: Docs <&>, Talk."
    assert [a["href"] for a in quiet.select("a")] == ["../../goals/docs/", "../../goals/talk/"]
    # a check-in that records nothing of any goal has no empty list of cards
    (root / "content/checkins/2025-06-12.md").write_text("---\ngoals:\n  ship: {}\n---\n")
    assert run_cli("--source", root, "--today", "2025-06-15", "build", "--no-history",
                   "-q").exit_code == 0
    quiet_page = BeautifulSoup((root / "_site/checkins/2025-06-12/index.html").read_text(),
                               "html.parser")
    assert quiet_page.select("ul.checkin-goals") == []
    assert quiet_page.select_one(".checkin-goals__quiet").get_text() == (
        "Also listed, with nothing recorded: Ship.")
    # and a goal page's check-in notes leave out each listing with nothing
    talk = BeautifulSoup((root / "_site/goals/talk/index.html").read_text(), "html.parser")
    notes = talk.select_one("#Notes")
    assert notes.select(".note") == []
    assert "No check-in has recorded anything of this goal yet." in notes.get_text()
    ship = BeautifulSoup((root / "_site/goals/ship/index.html").read_text(), "html.parser")
    assert len(ship.select("#Notes .note")) == 1


def test_step_rows_draw_what_the_loop_drew(demo_insights):
    from mentorsite.model.entries import NextStep

    steps = [step for checkin in demo_insights.model.checkins for step in checkin.next]
    steps += [
        NextStep.model_construct(task=HOSTILE, owner=None, due=None, done=False),
        NextStep.model_construct(task="late", owner="<b>Ann & Bo</b>", due=date(2025, 12, 1),
                                 done=False),
        NextStep.model_construct(task="due today", owner="", due=TODAY, done=False),
        NextStep.model_construct(task="done late", owner="x", due=date(2025, 1, 1), done=True),
        NextStep.model_construct(task="later", owner="y", due=date(2026, 3, 1), done=False),
    ]
    before, after = _render_both("step_rows(steps, today)",
                                 {"root": "../", "today": TODAY, "steps": steps})
    assert after == before
    for shown in ('class="is-overdue"', 'class="is-done"', 'class=""', "&lt;b&gt;Ann &amp; Bo",
                  "&lt;script&gt;alert(&#39;x&#39;)"):
        assert shown in after


def test_only_the_newest_check_ins_steps_are_open_or_overdue(make_repo, run_cli, valid_goal):
    """docs/content.md: only the newest check-in's next steps are open, and steps in older
    check-ins are never warned about. Their pages flagged every step not marked done there
    "Overdue · Open" for ever, while the dashboard said nothing was open."""
    from bs4 import BeautifulSoup

    step = "next:\n  - {{task: Book a room, owner: Ana, due: 2025-06-01{done}}}\n"
    root = make_repo({
        "content/goals/ship.md": valid_goal,
        "content/checkins/2025-05-20.md": "---\ngoals:\n  ship: {status: on-track}\n"
                                          + step.format(done="") + "---\n",
        "content/checkins/2025-06-10.md": "---\ngoals:\n  ship: {status: on-track}\n"
                                          + step.format(done=", done: true") + "---\n",
        "content/checkins/2025-06-12.md": "---\ngoals:\n  ship: {status: on-track}\n---\n",
    })

    def steps(day: str, today: str = "2025-06-15") -> tuple[list[list[str]], str]:
        result = run_cli("--source", root, "--today", today, "build", "--no-history", "-q")
        assert result.exit_code == 0, result.output
        page = BeautifulSoup((root / f"_site/checkins/{day}/index.html").read_text(),
                             "html.parser")
        section = page.select_one("table.steps-table").find_parent("section")
        rows = [[td.get_text(" ", strip=True) for td in tr.select("th, td")]
                for tr in section.select("tbody tr")]
        intro = section.select_one(".section-intro")
        return rows, intro.get_text(" ", strip=True) if intro else ""

    rows, intro = steps("2025-05-20")
    assert rows == [["Book a room", "Ana", "1 Jun 2025", "Not done"]]
    assert intro.startswith("Only the newest check-in\u2019s next steps are open")
    # an older check-in whose steps were all done there needs no pointer
    assert steps("2025-06-10") == ([["Book a room", "Ana", "1 Jun 2025", "✓ Done"]], "")
    # the newest held by today: one dated later leaves the steps before it open
    rows, intro = steps("2025-05-20", today="2025-06-05")
    assert (rows, intro) == ([["Book a room", "Ana", "1 Jun 2025 Overdue", "Open"]], "")


@pytest.mark.parametrize(("status", "due", "milestone"), [
    ("active", "Overdue due 1 Feb 2025, 4 months ago", "Overdue due 1 Mar 2025, 3 months ago"),
    ("paused", "Due 1 Feb 2025 (4 months ago)", "Overdue due 1 Mar 2025, 3 months ago"),
    ("proposed", "Due 1 Feb 2025 (4 months ago)", "Overdue due 1 Mar 2025, 3 months ago"),
    ("achieved", "Due 1 Feb 2025", "Not done due 1 Mar 2025"),
    ("pivoted", "Due 1 Feb 2025", "Not done due 1 Mar 2025"),
])
def test_only_what_check_warns_of_is_overdue_on_a_goal_page(make_repo, run_cli, valid_goal,
                                                           status, due, milestone):
    """``check`` warns of an active goal past its due date (goal-overdue) and of a milestone
    past due on a goal still open (milestone-overdue). Pages flagged a paused or proposed
    goal "Overdue", and an achieved goal's milestone it never did "Overdue" for ever. A closed
    goal's milestone not done counted the days ("Not done due 16 Mar (in 35 days)") beside
    the goal's own due date, which counts none: it is no longer planned."""
    from bs4 import BeautifulSoup

    goal = valid_goal.replace("started: 2025-06-01\ndue: 2025-12-31", (
        f"started: 2025-01-01\ndue: 2025-02-01\nstatus: {status}\n"
        + ("pivoted_to: next\n" if status == "pivoted" else "") +
        "milestones:\n  - {title: Draft, due: 2025-03-01}"))
    root = make_repo({"content/goals/ship.md": goal, "content/goals/next.md": valid_goal})
    result = run_cli("--source", root, "--today", "2025-06-15", "build", "--no-history", "-q")
    assert result.exit_code == 0, result.output
    page = BeautifulSoup((root / "_site/goals/ship/index.html").read_text(), "html.parser")
    text = " ".join(page.get_text().split())
    assert due in text
    assert " ".join(page.select_one(".milestone__when").get_text().split()) == milestone
    assert ("Overdue due 1 Feb" in text) == (status == "active")


@pytest.mark.parametrize("status", ["active", "paused", "achieved", "dropped", "pivoted"])
def test_a_closed_goal_shows_no_last_check_in_badge(make_repo, run_cli, valid_goal, status):
    """A pivoted, dropped or achieved goal's page and card said "Last check-in: ✓ On track"
    under the goal's own closed status, which ``status`` does not say of a closed goal: what a
    check-in said of it no longer describes it. An open goal keeps its badge."""
    from bs4 import BeautifulSoup

    goal = valid_goal.replace("started: 2025-06-01", f"started: 2025-06-01\nstatus: {status}"
                              + ("\npivoted_to: next" if status == "pivoted" else ""))
    root = make_repo({
        "content/goals/ship.md": goal, "content/goals/next.md": valid_goal,
        "content/checkins/2025-06-10.md": "---\ngoals:\n  ship: {status: on-track}\n---\n",
    })
    result = run_cli("--source", root, "--today", "2025-06-15", "build", "--no-history", "-q")
    assert result.exit_code == 0, result.output
    for page in ("goals/ship/index.html", "goals/index.html"):
        soup = BeautifulSoup((root / "_site" / page).read_text(), "html.parser")
        link = soup.select_one('.goal-card__title a[href$="goals/ship/"]')
        head = soup.select_one(".goal-head") if link is None else link.find_parent("article")
        assert head is not None, page
        shown = "Last check-in:" in " ".join(head.get_text().split())
        assert shown == (status in ("active", "paused")), page


@pytest.mark.parametrize("root", ["../../", "../<r>&/"])
def test_note_items_draw_what_the_loop_drew(root, demo_insights):
    from mentorsite.model.insights import Note

    for view in demo_insights.goals:
        goal = _hostile_goal(view)
        notes = [*view.notes, *(Note(checkin, about) for checkin in demo_insights.model.checkins[:1]
                                for about in _hostile_about().values())]
        before, after = _render_both("note_items(notes, goal, root)",
                                     {"root": root, "today": TODAY, "notes": notes, "goal": goal})
        assert after == before
        assert "Speed &lt;script&gt;alert(&#39;x&#39;)" in after and "<script>" not in after
        assert "other&lt;&amp;&gt;: <strong>3</strong>" in after


def test_days_and_badges_are_made_once_and_told_apart():
    from datetime import datetime

    from mentorsite.render.snippets import day, status_badge

    assert day(date(2025, 9, 8)) is day(date(2025, 9, 8))
    assert day(date(2025, 9, 8), "short") == '<time datetime="2025-09-08">8 Sep 2025</time>'
    assert day(datetime(2025, 9, 8, 10, 30)) == (
        '<time datetime="2025-09-08T10:30:00">8 September 2025</time>')
    assert status_badge("at-risk") is status_badge("at-risk")
    assert status_badge("at-risk", "<p>") != status_badge("at-risk")
    assert '<span class="badge__prefix">&lt;p&gt;</span>' in status_badge("at-risk", "<p>")


SECTIONS = [
    '"Obstacles that emerged", items, "entry-section--obstacles"',
    '"Adjustments", items', 'title, items, "x"', 'title, items, class="k<&>"',
    'title, [], "x"', 'title, none, "x"', 'title, ["one"], css_class', "title, (1, 2.5, none)",
]


@pytest.mark.parametrize("call", SECTIONS)
def test_text_section_draws_what_the_macro_drew(call):
    """An entry's list under a heading (none when empty), with markup in the title, the class
    and every item, the class given by position or as ``class=`` like the macro took it."""
    context = {"title": f"Title {HOSTILE}", "items": [HOSTILE, "plain", "a & b", "<i>x</i>"],
               "css_class": "c'\"<>&", "root": "../", "today": TODAY}
    before, after = _render_both(f"text_section({call})", context)
    assert after == before
    assert "<script>" not in after and "<i>x" not in after


def test_text_section_is_drawn_in_python():
    """The built-in macros.html exports the Python snippet under the macro's name, and it
    refuses an argument the macro did not take, as the macro did."""
    from mentorsite.render.snippets import text_section

    module = _env().get_template("macros.html").module
    assert module.text_section is text_section
    with pytest.raises(TypeError):
        text_section("t", ["x"], klass="y")


@pytest.mark.parametrize("value", [
    HOSTILE, "", "plain", "&amp; 'x' \"y\" <z>", Markup("<b>kept</b> &amp;"), None, 3, 2.5,
    "a & b", "a < b", "a > b", "it's", 'say "x"', "ünï ✓ —",
    type("Sub", (str,), {})("<sub>"), type("Html", (), {"__html__": lambda self: "<h>"})(),
])
def test_text_escapes_exactly_as_markupsafe(value):
    from markupsafe import escape

    from mentorsite.render.snippets import text

    assert text(value) == str(escape(value))
    assert type(text(value)) is str


def test_the_goal_and_checkin_snippets_escape_plain_strings_without_markup_objects(
        demo_insights, monkeypatch):
    """Titles, labels, notes, slugs and tasks are plain strings: escaped in place (the same
    characters as Jinja's autoescape) without a Markup object made for each, thousands on a
    goal page; numbers as :func:`number` writes them have nothing to escape."""
    from mentorsite.model.entries import NextStep
    from mentorsite.model.insights import Note
    from mentorsite.render import snippets

    view = demo_insights.goals[0]
    goal = _hostile_goal(view)
    notes = [*view.notes, *(Note(checkin, about) for checkin in demo_insights.model.checkins[:1]
                            for about in _hostile_about().values())]
    steps = [NextStep.model_construct(task=HOSTILE, owner="<b>", due=date(2025, 12, 1),
                                      done=False)]
    chart = _charts(demo_insights)[-1][1]
    context = {"root": "../<r>&/", "today": TODAY, "notes": notes, "goal": goal,
               "about": _hostile_about(), "goals": {"m1-goal": goal}, "steps": steps,
               "goal_titles": {"m1-goal": HOSTILE}, "chart": chart, "title": HOSTILE,
               "items": [HOSTILE, "&"]}
    calls = ["note_items(notes, goal, root)", "checkin_goal_items(about, goals)",
             "step_rows(steps, today)", "text_section(title, items, title)",
             "goal_list(['m1-goal', '<u>'])"]
    expected = [_render_both(call, context)[0] for call in calls]
    expected.append(_env().from_string(
        '{% import "before.html" as m with context %}{{ m.metric_chart(v, chart, "c") }}'
        '{{ m.readings_table(v) }}').render({**context, "v": _charts(demo_insights)[-1][0]}))
    real = snippets.escape

    def only_for_others(value: object) -> object:
        assert type(value) is not str, f"escape() asked for the plain string {value!r}"
        return real(value)

    monkeypatch.setattr(snippets, "escape", only_for_others)
    for call, before in zip(calls, expected[:-1], strict=True):
        assert _render_both(call, context)[1] == before
    after = _env().from_string(
        '{% import "macros.html" as m with context %}{{ m.metric_chart(v, chart, "c") }}'
        '{{ m.readings_table(v) }}').render({**context, "v": _charts(demo_insights)[-1][0]})
    assert after == expected[-1]


@pytest.mark.parametrize("unit", [None, "", "%", "hours", "<i>&"])
def test_amounts_are_made_once_and_equal_numbers_are_written_alike(unit):
    """Each reading is drawn four times a build: its amount is made once. Numbers that are
    equal keys of that cache (``2``, ``2.0``, ``True`` and ``1`` …) read the same anyway."""
    from mentorsite.render.snippets import _amount, amount
    from mentorsite.text import number

    for same in ([2, 2.0], [1, 1.0, True], [0, 0.0, -0.0, False], [2.5, 2.50]):
        shown = {_amount(value, unit) for value in same}
        assert len(shown) == 1
        assert shown == {str(amount(value, unit)) for value in same}
        assert number(same[0]) in shown.pop()
    before = _amount.cache_info().hits
    assert _amount(37.25, unit) is _amount(37.25, unit)
    assert _amount.cache_info().hits > before


def test_a_count_of_days_keeps_its_unit_on_its_line():
    """"in 46 days" and "12 days ago" never break between the count and "days" (a phone put
    "days" alone on the next line of a goal card's "(in 126 days)"), nor "in 4 months"."""
    template = _env().from_string('{% import "macros.html" as m with context %}'
                                  "{{ m.relative(later) }} | {{ m.relative(earlier) }}")
    shown = template.render(today=TODAY, later=date(2026, 2, 12), earlier=date(2025, 12, 16))
    assert shown == "in 46&nbsp;days | 12&nbsp;days ago"
    shown = template.render(today=TODAY, later=date(2026, 5, 3), earlier=date(2023, 5, 11))
    assert shown == "in 4&nbsp;months | 3&nbsp;years ago"


@pytest.mark.parametrize(("days", "words"), [
    (-59, "59 days ago"), (45, "in 45 days"), (-60, "2 months ago"), (-106, "3 months ago"),
    (126, "in 4 months"), (-364, "11 months ago"), (-365, "1 year ago"),
    (-547, "1 year ago"), (-548, "2 years ago"), (-963, "3 years ago"), (1298, "in 4 years"),
])
def test_a_day_far_off_is_told_in_months_or_years(days, words):
    """A three-year mentorship's dashboard said its side goal was due "963 days ago" and its
    main one "in 1298 days": past two months a day is told in months, past a year in years,
    rounded to the nearest, on the site, in ``status`` and in a report alike (one function)."""
    from mentorsite.text import relative_days

    assert relative_days(days) == words
