"""The text of a new goal, check-in, reflection or evidence file, ready for the pair to fill in.

Every template passes ``check`` exactly as written (warnings allowed: a new goal is not yet
SMART). That rules out placeholder values: an empty list is ``null`` and a wrong type, and a
made-up number would be a false reading. So hints are YAML comments, optional single values are
left empty (empty means "not given"), and what the pair may add — readings, list items — is
written commented out, ready to uncomment. Pure functions of the validated model; no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from mentorsite.authoring.yamlwrite import flow_list, one_line, scalar
from mentorsite.model.entries import CheckIn, Goal, Mentorship, Metric
from mentorsite.model.progress import Reading
from mentorsite.text import number, short_date

_HINT_COLUMN = 24
"""Where trailing hints start, so a template reads as two columns."""


def _hinted(text: str, hint: str, column: int = _HINT_COLUMN) -> str:
    """``text`` followed by ``# hint``, lined up at ``column`` when it fits. The hint is made
    one line: it may quote the pair's own words (a metric's unit), and a line break in them
    would end the comment and turn the rest into YAML."""
    return f"{text.ljust(column - 1)} # {one_line(hint)}"


def goal_text(title: str, today: date) -> str:
    """A new goal started ``today``, with one commented hint per SMART part."""
    return "\n".join([
        "---",
        f"title: {scalar(title)}",
        _hinted("status: active", "proposed, active, paused, achieved, dropped or pivoted"),
        f"started: {today.isoformat()}",
        _hinted("due:", "YYYY-MM-DD, the deadline: time-bound"),
        _hinted("why:", "why this goal, why now: relevant"),
        _hinted("# outcomes:", "what will be different when it is done"),
        "#   - …",
        _hinted("# success:", "how you will both know it is achieved: specific"),
        "#   - …",
        _hinted("# metrics:", "indicators read at each check-in: measurable"),
        _hinted("#   - id: example", "lowercase letters, digits and -"),
        "#     label: What you measure",
        _hinted("#     unit: hours", "optional"),
        _hinted("#     baseline: 0", "where you start"),
        _hinted("#     target: 10", "where you aim to be: attainable"),
        _hinted("#     scale: [1, 5]", "optional, for ratings"),
        _hinted("# milestones:", "dated steps on the way"),
        "#   - {title: First step, due: YYYY-MM-DD, done: false}",
        _hinted("# contingency:", "planned pivots"),
        "#   - {if: what could get in the way, then: what you would do instead}",
        "# Uncomment what you fill in. Below the closing line: the story of the goal, in "
        "Markdown.",
        "---",
        "",
    ])


def checkin_text(model: Mentorship, day: date) -> str:
    """A check-in on ``day``: attendees, every active goal with its metrics, open next steps.

    Readings are the one thing only the pair can write, so each metric is a commented line
    showing the last reading, the baseline and the target: uncomment ``metrics:`` and the
    lines you have a number for. An uncommented line left without a number is an error in
    ``check``, never a silent repeat of the last reading.
    """
    earlier = tuple(c for c in model.checkins if c.date <= day)
    settings = model.settings
    people = ([settings.mentee] if settings.mentee else []) + list(settings.mentors)
    lines = [
        "---",
        f"# Check-in of {short_date(day)}. Are we on track (each goal's status)? What obstacle",
        "# emerged? What adjustment could accelerate progress? What comes next? Notes from the",
        "# session go below the closing line, in Markdown.",
        _hinted(f"attendees: {flow_list(people)}", "remove who was not there"),
    ]
    active = [goal for goal in model.goals if goal.status == "active"]
    if active:
        lines.append("goals:")
        last = _last_readings(earlier)
        for goal in active:
            lines.extend(_goal_lines(goal, last))
    else:
        lines.append("# goals: there is no active goal yet; 'mentorsite new goal TITLE' adds one")
    lines += [
        _hinted("obstacles: []", "what got in the way? e.g. [Two reviewers on leave]"),
        _hinted("adjustments: []", "experiments and changes of approach to try"),
        _hinted("wins: []", "what went well, however small: the site celebrates it"),
    ]
    lines.extend(_next_lines(earlier[-1] if earlier else None))
    lines += ["---", ""]
    return "\n".join(lines)


def _last_readings(earlier: tuple[CheckIn, ...]) -> dict[tuple[str, str], Reading]:
    """The newest reading of each goal's metric, by goal id and metric id, in one pass over
    ``earlier`` (in model order): a series per metric went through every check-in, goals x
    metrics x check-ins, 3.3 s of a 'new checkin' in a mentorship of 20,000 files."""
    last: dict[tuple[str, str], Reading] = {}
    for checkin in earlier:
        for goal_id, about in checkin.goals.items():
            for metric_id, value in about.metrics.items():
                last[goal_id, metric_id] = Reading(checkin.date, value, checkin.slug)
    return last


def _goal_lines(goal: Goal, last: dict[tuple[str, str], Reading]) -> list[str]:
    lines = [
        _hinted(f"  {goal.id}:", goal.title),
        _hinted("    status:", "on-track, at-risk, off-track, blocked or done"),
    ]
    if goal.metrics:
        lines.append(_hinted("    # metrics:", "uncomment with the readings you have"))
        column = max(_HINT_COLUMN, *(len(f"    #   {m.id}:") + 2 for m in goal.metrics))
        for metric in goal.metrics:
            reading = last.get((goal.id, metric.id))
            lines.append(_hinted(f"    #   {metric.id}:", _reading_hint(metric, reading), column))
    lines.append(_hinted("    note:", "what moved, in a sentence"))
    return lines


def _reading_hint(metric: Metric, reading: Reading | None) -> str:
    """``last 16 on 22 Dec 2025; baseline 48, target 12 hours``: what a new reading compares
    to, ``reading`` the newest one."""
    last = "no reading yet"
    if reading is not None:
        last = f"last {_plain(reading.value)} on {short_date(reading.date)}"
    unit = f" {metric.unit}" if metric.unit else ""
    text = f"{last}; baseline {_plain(metric.baseline)}, target {_plain(metric.target)}{unit}"
    if metric.scale:
        text += f", scale {_plain(metric.scale[0])}-{_plain(metric.scale[1])}"
    return text


def _plain(value: float) -> str:
    """A value in a hint as it is written in the file, so it can be copied into it: without
    the thousands separators of the site (YAML reads ``1,000,000`` as text)."""
    return number(value).replace(",", "")


def _next_lines(previous: CheckIn | None) -> list[str]:
    """Open steps of the previous check-in, carried forward: only the newest steps are open.

    A private check-in's steps come commented out: carried as YAML, they were published with
    the new check-in unless the pair read a comment and deleted them, and a pair who only
    fills in the numbers does not."""
    steps = [step for step in previous.next if not step.done] if previous else []
    if previous is None or not steps:
        return [_hinted("next: []", "what comes next? - {task: …, owner: …, due: YYYY-MM-DD}")]
    day = short_date(previous.date)
    if previous.private:
        lines = [_hinted("next: []", f"open steps of {day}, a private check-in, below: to "
                         "publish one, delete the [] and uncomment it")]
    else:
        lines = [_hinted("next:", f"open steps of {day}; done: true once done")]
    mark = "  # " if previous.private else "  "
    for step in steps:
        lines.append(f"{mark}- task: {scalar(step.task)}")
        if step.owner:
            lines.append(f"{mark}  owner: {scalar(step.owner)}")
        if step.due:
            lines.append(f"{mark}  due: {step.due.isoformat()}")
        lines.append(f"{mark}  done: false")
    return lines


def reflection_text(title: str, goals: Sequence[str], prompts: Sequence[str],
                    example_goal: str | None = None) -> str:
    """A reflection with one heading per prompt of the settings, naming ``goals``."""
    if goals:
        about = f"goals: {flow_list(goals)}"
    else:
        about = _hinted("goals: []", f"the goals it is about, e.g. [{example_goal or 'goal-id'}]")
    head = [
        "---",
        f"title: {scalar(title)}",
        about,
        _hinted("milestone:", "the milestone it follows, if any"),
        "---",
    ]
    body = [f"\n## {one_line(prompt)}" for prompt in prompts]
    return "\n".join(head + body) + "\n"


def evidence_text(title: str, goals: Sequence[str], kind: str | None,
                  example_goal: str | None = None) -> str:
    """An evidence entry naming ``goals``, with hints for where it came from."""
    if goals:
        about = f"goals: {flow_list(goals)}"
    else:
        about = _hinted("goals: []", f"the goals it supports, e.g. [{example_goal or 'goal-id'}]")
    return "\n".join([
        "---",
        f"title: {scalar(title)}",
        about,
        _hinted(f"kind: {kind}" if kind else "kind:", "outcome, feedback, story or artifact"),
        _hinted("source:", "who or where it came from"),
        _hinted("link:", "an http(s) address of the original, if there is one"),
        _hinted("# rating: 4.5", "a number, if it came with one"),
        "---",
        "",
        "",
    ])
