"""Small pieces of HTML that templates use many times a page, made in Python.

A date, an amount, a status badge or a goal link appears hundreds of times on a goal page and
thousands of times on the whole-site lists; as Jinja macros they were most of the templates' cost.
They are registered as globals of the Jinja environment (:mod:`mentorsite.render.templates`), and
the default theme's ``macros.html`` exports them under the names its macros had (``m.day``,
``m.goal_link`` …), so a theme that overrides ``macros.html`` still decides how they look.

Every value is escaped here as autoescaping would (:func:`text`: the same characters, without
a :class:`Markup` object made for each value); each function returns :class:`Markup`.
Functions that need the page (``root``, ``today``, the goal titles) take the calling
template's context, so templates call them with the same arguments as the macros.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from mentorsite.text import (
    KIND_LABELS,
    count,
    every,
    long_date,
    number,
    reads_right_to_left,
    relative_days,
    short_date,
)

if TYPE_CHECKING:
    from mentorsite.model.entries import CheckInGoal, Goal, NextStep
    from mentorsite.model.insights import Note
    from mentorsite.model.progress import Reading
    from mentorsite.pages.charts import Chart, Point

STATUS_ICONS = {
    "proposed": "○", "active": "●", "paused": "‖", "achieved": "★", "dropped": "✕",
    "pivoted": "↪", "on-track": "✓", "at-risk": "!", "off-track": "✕", "blocked": "■",
    "done": "★",
}
_EMPTY: Mapping[str, str] = {}


def text(value: object) -> str:
    """``value`` escaped exactly as :func:`markupsafe.escape` (Jinja's autoescape) does it,
    as a plain string: a ``str`` by five replacements in markupsafe's order, without the
    :class:`Markup` object ``escape`` makes of each (a goal page escapes thousands of values);
    anything else (None, a number, markup that escapes itself) goes through ``escape``.

    A string written right to left (Arabic, Hebrew …) is also isolated (:func:`isolated`)."""
    if type(value) is not str:
        return str(escape(value))
    if ("&" in value or "<" in value or ">" in value or "'" in value
            or '"' in value):  # most values have none: five searches, no call
        value = escaped(value)
    return value if value.isascii() else isolated(value)


def escaped(value: str) -> str:
    """:func:`text` without the isolation: the characters ``markupsafe.escape`` makes."""
    if ("&" in value or "<" in value or ">" in value or "'" in value
            or '"' in value):  # most values have none: five searches, no method calls
        return (value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
                .replace("'", "&#39;").replace('"', "&#34;"))
    return value


_LINKS = ("http://", "https://")
"""How a link the pair wrote starts, in any case (``HTTPS://`` is a link too)."""


_NOT_IN_URL = re.compile(r'[\x00-\x20"<>\\^`{|}\x7f]|%(?![0-9A-Fa-f]{2})')
"""An ASCII character no URL may hold as it is (WHATWG URL: a space, ``|``, ``^`` …), or a
``%`` that starts no escape."""


def href(url: str) -> Markup:
    """``url`` (an http(s) link from the content) as the value of an ``href``: each character
    of :data:`_NOT_IN_URL` percent-encoded, as a browser does when it follows the link, then
    escaped; never isolated as a text is (:func:`isolated`), as the invisible marks would
    become part of the address."""
    return Markup(escaped(_NOT_IN_URL.sub(lambda found: f"%{ord(found[0]):02X}", url)))


def isolated(value: str) -> str:
    """``value`` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE when it holds a
    letter of a right-to-left script or a direction control: a browser then lays it out in the
    direction of its own first letter, as one piece beside the page's English, and ends there
    whatever direction it set. Without them, in a left-to-right page a right-to-left sentence
    ends on the wrong side ("!" on the right), and one holding English words is drawn in
    pieces, out of order. Plain characters rather than ``<bdi>``, as the same value may go into
    an attribute (a tooltip); never into a URL, which they would break."""
    if not reads_right_to_left(value) or value[:8].lower().startswith(_LINKS):
        return value
    return f"\u2068{value}\u2069"


def names(people: Iterable[str]) -> Markup:
    """People's names, comma-separated, each in a ``<bdi>``: two names in a right-to-left
    script with a comma between them would otherwise be laid out as one right-to-left run, the
    second name first, in a left-to-right page."""
    return Markup(", ".join(f"<bdi>{escaped(name)}</bdi>" for name in people))


@lru_cache(maxsize=16384)
def _short(value: date) -> str:
    """:func:`short_date`, escaped: the title of a chart's point, a readings table's link."""
    return text(short_date(value))


@lru_cache(maxsize=256)
def status_badge(status: str, prefix: str = "") -> Markup:
    """A status as a badge: the text carries the meaning, colour and icon only reinforce it.
    A site has a handful of statuses: each badge is made once (``lru_cache``)."""
    shown = f'<span class="badge__prefix">{text(prefix)}</span> ' if prefix else ""
    return Markup(
        f'<span class="badge badge--{text(status)}">{shown}'
        f'<span class="badge__icon" aria-hidden="true">{text(STATUS_ICONS.get(status, "•"))}'
        f'</span> {text(str(status).replace("-", " ").capitalize())}</span>'
    )


@lru_cache(maxsize=16384)
def day(value: date, style: str = "long") -> Markup:
    """A date in a ``<time>`` element; ``long`` (8 September 2025) or ``short`` (8 Sep 2025).
    A check-in's date is shown on its page, in the lists and in each goal's notes and readings:
    each is made once (``lru_cache``; some years of days in both styles fit)."""
    shown = long_date(value) if style == "long" else short_date(value)
    return Markup(f'<time datetime="{text(value.isoformat())}">{text(shown)}</time>')


def count_html(amount: int, noun: str) -> Markup:
    """:func:`mentorsite.text.count` on a page (the ``count`` filter): ``14 days``, the number
    held to its noun by a no-break space."""
    return Markup(text(count(amount, noun, grouped=True)).replace(" ", "&nbsp;", 1))


def every_html(days: int) -> Markup:
    """:func:`mentorsite.text.every` on a page (the ``every`` filter): ``every 14 days``, the
    number held to ``days``."""
    return Markup(every(days).replace(" days", "&nbsp;days"))


def amount(value: float | None, unit: str | None) -> Markup:
    """A number with its unit: ``16 hours``, ``60%``, or just ``4`` for unitless ratings; a
    no-break space keeps the number on the line of its unit."""
    return Markup(_amount(value, unit))


@lru_cache(maxsize=16384)
def _amount(value: float | None, unit: str | None) -> str:
    """:func:`amount` as a plain string, for the snippets that draw many. A number is written
    by :func:`number` in digits, ``-`` and ``.`` only: nothing in it to escape.

    Each reading is drawn on its check-in and three times on its goal's page: made once
    (``lru_cache``; numbers equal as keys, such as ``2`` and ``2.0``, are written alike)."""
    if value is None:
        return "—"
    if not unit:
        return number(value)
    if unit == "%":
        return f"{number(value)}%"
    return f"{number(value)}&nbsp;{text(unit)}"


def days_ago(days: int) -> Markup:
    """``today``, ``yesterday``, ``5 days ago`` of a count of days already worked out: a
    programme judges each pair on its own day, which :func:`relative` to the build day would
    contradict (built at 23:00 UTC, "7 days ago" beside an Auckland pair's 8)."""
    return Markup(relative_days(-days, count_html))


@pass_context
def relative(context: Context, value: date) -> Markup:
    """``in 3 days``, ``tomorrow``, ``today``, ``5 days ago``, relative to the build day
    (:func:`~mentorsite.text.relative_days`); the count held to "days" (:func:`count_html`),
    so that a phone never puts "days" alone on the next line."""
    return Markup(relative_days((value - context["today"]).days, count_html))


@pass_context
def goal_link(context: Context, goal_id: str) -> Markup:
    """A link to a goal by id; a goal the site does not know is shown as its id, unlinked."""
    return Markup(goal_link_text(context, goal_id))


def goal_link_text(context: Context, goal_id: str) -> str:
    """:func:`goal_link` as a plain string, for the snippets that draw many."""
    root = text(context["root"])
    titles = context.get("goal_titles")
    if titles is not None:
        if goal_id in titles:
            return f'<a href="{root}goals/{text(goal_id)}/">{text(titles[goal_id])}</a>'
        return f'<span class="goal-id">{text(goal_id)}</span>'
    insights = context.get("insights")
    if insights is not None:
        found = insights.goal(goal_id)
        if found:
            return f'<a href="{root}{text(found.url)}">{text(found.goal.title)}</a>'
        return f'<span class="goal-id">{text(goal_id)}</span>'
    return f'<a href="{root}goals/{text(goal_id)}/">{text(goal_id)}</a>'


@pass_context
def goal_list(context: Context, goal_ids: Iterable[str]) -> Markup:
    """Goals an entry names, as an inline list of links (nothing when it names none)."""
    if not goal_ids:
        return Markup("")
    items = "".join(f"<li>{goal_link_text(context, goal_id)}</li>\n" for goal_id in goal_ids)
    return Markup(f'<ul class="inline-list goal-links">\n{items}</ul>')


def kind_label(kind: str, labels: Mapping[str, str] = _EMPTY) -> Markup:
    """A kind of win, deadline or timeline moment, in words."""
    shown = labels.get(kind) or KIND_LABELS.get(kind, kind)
    return Markup(f'<span class="kind kind--{text(kind)}">{text(shown)}</span>')


def chart_ticks(chart: Chart) -> Markup:
    """A chart's grid: a line for each tick of the value axis (labelled by
    :func:`chart_values`), then a tick and a label for each of the time axis (at most
    thirteen; a phone hides the minor ones)."""
    left, right, bottom = chart.left, chart.right, chart.bottom
    y_tick = f'<line x1="{left}" x2="{right}" y1="{{0}}" y2="{{0}}"/>\n'.format
    # Each time label hangs one line of its own height below the axis (dy="1em"), however
    # large the stylesheet draws it: a phone draws it twice the size.
    x_tick = ('<line class="chart__xtick" x1="{0}" x2="{0}" '
              f'y1="{bottom}" y2="{bottom + 5}"/>\n<text class="chart__tick chart__tick--x{{2}}" '
              f'x="{{3}}" y="{bottom + 4}" dy="1em" text-anchor="middle">{{1}}</text>\n').format
    return Markup(
        "".join(y_tick(f"{tick.at:.1f}") for tick in chart.y_ticks)
        + "".join(x_tick(f"{tick.at:.1f}", text(tick.label),
                         " chart__tick--minor" if tick.minor else "",
                         f"{tick.at if tick.centre is None else tick.centre:.1f}")
                  for tick in chart.x_ticks)
    )


def chart_values(chart: Chart) -> Markup:
    """The value axis' labels, right-aligned left of the plot, over a backdrop as wide as the
    room left of it (less a point's radius, so the first reading is not cut): they are drawn
    apart from the chart so that, where a phone scrolls the chart sideways, they stay put at
    its left edge, as a charting tool's fixed axis does, above the readings scrolled under."""
    label = (f'<text class="chart__tick chart__tick--y" x="{chart.left - 8}" y="{{0}}" '
             'text-anchor="end" dominant-baseline="middle">{1}</text>\n').format
    return Markup(
        f'<rect class="chart__values-backdrop" x="0" y="0" width="{chart.left - 10}" '
        f'height="{chart.bottom}"/>\n'
        + "".join(label(f"{tick.at:.1f}", text(tick.label)) for tick in chart.y_ticks)
    )


def chart_points(points: Sequence[Point], unit: str | None, root: str) -> Markup:
    """A metric chart's points, each a link to its check-in titled with the reading; the
    latest drawn larger. A goal page draws a point for every reading of every metric."""
    top, last = text(root), len(points) - 1
    return Markup("".join(
        f'<a href="{top}{text(point.url)}">\n'
        f"<title>{_short(point.reading.date)}: "
        f"{_amount(point.reading.value, unit)}</title>\n"
        + (f'<circle class="chart__point chart__point--latest" cx="{point.x:.1f}" '
           f'cy="{point.y:.1f}" r="6"/>\n' if index == last else
           f'<circle class="chart__point" cx="{point.x:.1f}" cy="{point.y:.1f}" r="4.5"/>\n')
        + "</a>\n"
        for index, point in enumerate(points)
    ))


def wide_readings(series: Sequence[Reading]) -> bool:
    """Whether a long readings table prints in two columns, not three: a reading written in
    more than ten characters (``1,234,568.481``), which a third of a printed page broke in
    two. Asked in Python, once per table: through the template's filters it was three calls
    a reading (48,000 on the 5,000-file benchmark corpus)."""
    return len(series) > 12 and any(len(number(reading.value)) > 10 for reading in series)


def reading_rows(series: Sequence[Reading], root: str) -> Markup:
    """The rows of a metric's readings table, newest first, each dated by a link to its
    check-in (a column of its own said the date a second time and, on a phone, made the table
    wider than its card)."""
    top = text(root)
    return Markup("".join(
        f'<tr>\n<th scope="row"><a href="{top}checkins/{text(reading.checkin)}/">'
        f"{day(reading.date, 'short')}</a></th>\n"
        f'<td class="num">{_amount(reading.value, None)}</td>\n</tr>\n'
        for reading in reversed(series)
    ))


@pass_context
def checkin_goal_items(
    context: Context, about_goals: Mapping[str, CheckInGoal], goals: Mapping[str, Goal]
) -> Markup:
    """A check-in page's cards, one per goal it records something of: the goal, the status, the
    readings (labelled as the goal names its metrics) and the note. The goals listed with
    nothing (``new checkin`` lists every active goal) are :func:`checkin_quiet_goals`."""
    items = []
    for goal_id, about in about_goals.items():
        if not about.recorded:
            continue
        item = [f'    <li class="card checkin-goal">\n      <h3 class="checkin-goal__title">'
                f"{goal_link_text(context, goal_id)}</h3>\n"]
        if about.status:
            item.append(f'<p class="badges">{status_badge(about.status)}</p>')
        if about.metrics:
            known = goals.get(goal_id)
            item.append('      <dl class="readings-list">\n')
            for metric_id, value in about.metrics.items():
                metric = known.metric(metric_id) if known else None
                shown, unit = (metric.label, metric.unit) if metric else (metric_id, None)
                item.append(f"        <div><dt>{text(shown)}</dt>"
                            f"<dd>{_amount(value, unit)}</dd></div>\n")
            item.append("      </dl>\n")
        if about.note:
            item.append(f'<p class="checkin-goal__note">{text(about.note)}</p>')
        item.append("    </li>\n")
        items.append("".join(item))
    return Markup("".join(items))


@pass_context
def checkin_quiet_goals(context: Context, about_goals: Mapping[str, CheckInGoal]) -> Markup:
    """One line naming the goals a check-in lists with nothing recorded: a card each, saying
    "nothing recorded", made a check-in written from the prefill mostly empty cards."""
    quiet = [goal_link_text(context, goal_id)
             for goal_id, about in about_goals.items() if not about.recorded]
    if not quiet:
        return Markup("")
    return Markup(f'<p class="checkin-goals__quiet muted">Also listed, with nothing recorded: '
                  f'{", ".join(quiet)}.</p>\n')


def step_rows(steps: Iterable[NextStep], today: date | None) -> Markup:
    """The rows of a check-in's next-steps table: done, open or overdue on ``today``; with
    ``today`` None (an older check-in's, which are no longer open: the newest carries on what
    is still to do) done or not done, and never overdue, as ``check`` never warns of them."""
    rows = []
    undone = '<span class="muted">Open</span>' if today else '<span class="muted">Not done</span>'
    for step in steps:
        late = not step.done and step.due and today and step.due < today
        state = "is-done" if step.done else "is-overdue" if late else ""
        due = ("—" if not step.due else
               f'{day(step.due, "short")} <span class="overdue__flag">Overdue</span>' if late
               else day(step.due, "short"))
        done = ('<span class="done-mark"><span aria-hidden="true">✓</span> Done</span>'
                if step.done else undone)
        rows.append(
            f'      <tr class="{state}">\n        <th scope="row">{text(step.task)}</th>\n'
            f'        <td data-label="Owner">{text(step.owner or "—")}</td>\n'
            f'        <td data-label="Due">{due}</td>\n'
            f'        <td data-label="Status">{done}</td>\n      </tr>\n'
        )
    return Markup("".join(rows))


def note_items(notes: Iterable[Note], goal: Goal, root: str) -> Markup:
    """A goal page's check-in notes, one item per check-in that mentions the goal: its date
    (a link to it), the status it gave, the readings and the note."""
    top, items = text(root), []
    metrics: dict[str, tuple[str, str | None]] = {}  # by id, the first of an id as goal.metric
    for metric in reversed(goal.metrics):
        metrics[metric.id] = (text(metric.label), metric.unit)
    for note in notes:
        about = note.about
        badge = f" {status_badge(about.status)}" if about.status else ""
        item = [f'    <li class="note">\n      <p class="note__head">'
                f'<a href="{top}checkins/{text(note.checkin.slug)}/">'
                f"{day(note.checkin.date)}</a>{badge}</p>\n"]
        if about.metrics:
            item.append('      <ul class="readings-inline">\n')
            for metric_id, value in about.metrics.items():
                known = metrics.get(metric_id)
                shown = (f"{known[0]}: <strong>{_amount(value, known[1])}</strong>" if known else
                         f"{text(metric_id)}: <strong>{_amount(value, None)}</strong>")
                item.append(f"        <li>{shown}</li>\n")
            item.append("      </ul>\n")
        if about.note:
            item.append(f'      <p class="note__text">{text(about.note)}</p>\n')
        item.append("    </li>\n")
        items.append("".join(item))
    return Markup("".join(items))


def text_section(title: str, items: Iterable[object] | None, css: str = "",
                 **named: str) -> Markup:
    """An entry's list of strings (obstacles, adjustments …) as a section under ``title``
    with the class ``entry-section <css>``; nothing when there are none. Like the macro it
    replaces, the class can also be given by its name: ``text_section(…, class="…")``."""
    css = named.pop("class", css)
    if named:
        raise TypeError(f"text_section() got an unexpected argument {next(iter(named))!r}")
    if not items:
        return Markup("")
    shown = "".join(f"<li>{text(item)}</li>\n" for item in items)
    return Markup(f'<section class="entry-section {text(css)}">\n<h2>{text(title)}</h2>\n'
                  f"<ul>\n{shown}</ul>\n</section>")


GLOBALS: dict[str, Any] = {
    "status_badge_html": status_badge,
    "day_html": day,
    "amount_html": amount,
    "relative_html": relative,
    "days_ago_html": days_ago,
    "goal_link_html": goal_link,
    "goal_list_html": goal_list,
    "kind_label_html": kind_label,
    "chart_ticks_html": chart_ticks,
    "chart_values_html": chart_values,
    "wide_readings": wide_readings,
    "chart_points_html": chart_points,
    "reading_rows_html": reading_rows,
    "checkin_goal_items_html": checkin_goal_items,
    "checkin_quiet_goals_html": checkin_quiet_goals,
    "step_rows_html": step_rows,
    "note_items_html": note_items,
    "text_section_html": text_section,
    "STATUS_ICONS_MAP": STATUS_ICONS,
    "KIND_LABELS_MAP": KIND_LABELS,
}
"""What :mod:`mentorsite.render.templates` adds to every environment's globals."""
