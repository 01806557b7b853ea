"""`mentorsite status`: the dashboard in a terminal, with the site's own numbers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from mentorsite.build import build
from mentorsite.cli.main import cli
from mentorsite.reports.status import BAR_WIDTH, _bar
from mentorsite.text import percent

PROJECT = Path(__file__).resolve().parents[1]
TODAY = "2025-12-28"


def run(*args: str):
    return CliRunner().invoke(cli, ["--source", str(PROJECT), "--today", TODAY, "status", *args])


def test_json_numbers_match_data_json(tmp_path):
    build(PROJECT, tmp_path / "site", today=date.fromisoformat(TODAY), history=False)
    data = json.loads((tmp_path / "site" / "data.json").read_text())
    result = run("--format", "json")
    assert result.exit_code == 0, result.output
    status = json.loads(result.output)
    assert {g["id"]: g["progress"] for g in status["goals"]} == {
        g["id"]: g["progress"] for g in data["goals"]
    }
    assert status["health"]["last_checkin"] == data["health"]["last_checkin"]
    assert status["health"]["days_since"] == data["health"]["days_since"] == 6
    assert all(d["date"] <= "2026-02-26" for d in status["deadlines"])  # 60 days ahead
    assert status["overdue_steps"] == []


def test_text_shows_every_goal_with_its_percentage():
    result = run("--no-color")
    assert result.exit_code == 0
    status = json.loads(run("--format", "json").output)
    for goal in status["goals"]:
        line = next(line for line in result.output.splitlines() if goal["title"] in line)
        if goal["progress"] is not None:
            assert percent(goal['progress']) in line
        assert goal["status"] in line
        # a deadline only for a goal still open, as on the dashboard: a pivoted goal read
        # "due 31 Mar 2026 (in 93 days)"
        closed = goal["status"] in ("achieved", "dropped", "pivoted")
        assert ("· due" in line) == (goal["due"] is not None and not closed), line
    assert "\x1b[" not in result.output
    assert "6 days ago" in result.output and "on schedule" in result.output
    assert "(every 14 days, overdue after 21 days)" in result.output


def test_overdue_is_flagged_later():
    result = CliRunner().invoke(
        cli, ["--source", str(PROJECT), "--today", "2026-02-20", "status", "--format", "json"]
    )
    status = json.loads(result.output)
    assert status["health"]["state"] == "overdue"
    assert {s["task"] for s in status["overdue_steps"]}
    text = CliRunner().invoke(
        cli, ["--source", str(PROJECT), "--today", "2026-02-20", "status"], color=True
    ).output
    assert "\x1b[31m" in text, "overdue shown in red in a terminal"


@pytest.mark.parametrize("command", [["status"], ["status", "--format", "json"], ["report"]])
def test_a_summary_of_content_with_errors_is_printed_then_exits_1(
    command, make_repo, run_cli, valid_goal
):
    """A pair sees what can be read even while one file is broken; the exit status and a line
    on stderr say the rest needs `check`."""
    broken = "---\ndate: 2025-06-01\ngoals: [nowhere]\n---\nNotes.\n"
    root = make_repo({"content/goals/alpha.md": valid_goal,
                      "content/checkins/2025-06-01.md": broken})
    result = run_cli("--source", root, "--today", "2025-06-15", *command)
    assert result.exit_code == 1
    assert "1 error in the content: run 'mentorsite check'" in result.stderr
    assert "run 'mentorsite check'" not in result.stdout
    assert "Ship the first release" in result.stdout  # the goal, summarised all the same


@pytest.mark.parametrize(("files", "said"), [
    ({"mentorsite.yml": "cadence: sometimes\n"}, "1 error in mentorsite.yml"),
    ({"mentorsite.yml": "cadence: sometimes\n",
      "content/checkins/2025-06-01.md": "---\ngoals: [nowhere]\n---\n"},
     "2 errors in mentorsite.yml and the content"),
    ({"mentorsite.yml": "theme: mine\n",
      "themes/mine/templates/wins.html": "{% block x %}\n"}, "1 error in the theme"),
    ({"mentorsite.yml": "theme: mine\ncadence: sometimes\n",
      "themes/mine/templates/wins.html": "{% block x %}\n",
      "content/checkins/2025-06-01.md": "---\ngoals: [nowhere]\n---\n"},
     "3 errors in mentorsite.yml, the theme and the content"),
])
def test_the_line_on_errors_says_where_they_are(make_repo, run_cli, valid_goal, files, said):
    """An error in mentorsite.yml alone, or a theme's broken template, read "1 error in the
    content"."""
    root = make_repo({"content/goals/alpha.md": valid_goal, **files})
    result = run_cli("--source", root, "--today", "2025-06-15", "status")
    assert result.exit_code == 1
    assert result.stderr.endswith(f"{said}: run 'mentorsite check'\n")


def test_a_summary_of_sound_content_exits_0(make_repo, run_cli, valid_goal):
    result = run_cli("--source", make_repo({"content/goals/alpha.md": valid_goal}),
                     "--today", "2025-06-15", "report")
    assert result.exit_code == 0, result.output
    assert "error(s)" not in result.stderr


@pytest.mark.parametrize("command", [["status"], ["status", "--format", "json"], ["report"]])
def test_a_summary_of_a_folder_without_a_mentorship_says_so(command, tmp_path, run_cli):
    """Run in the wrong folder, the summary is empty: the warning `check` gives says why."""
    result = run_cli("--source", tmp_path, "--today", "2025-06-15", *command)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "warning: no mentorsite.yml and no content/ folder here: run mentorsite in the "
        "mentorship repository or name it with --source ('mentorsite init' makes one)\n")


def test_a_summary_of_a_new_mentorship_gives_no_warning(make_repo, run_cli, valid_goal):
    result = run_cli("--source", make_repo({"content/goals/alpha.md": valid_goal}),
                     "--today", "2025-06-15", "status")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_a_check_in_dated_ahead_is_not_the_last_one_held(make_repo, run_cli, valid_goal):
    """A check-in for 2026 written in June 2025 (a slip of the year, or an agenda written
    ahead) made health 'last 12 Jun 2026, in 362 days — on schedule'."""
    root = make_repo({
        "content/goals/alpha.md": valid_goal,
        "content/checkins/2025-06-09.md": "---\n---\n",
        "content/checkins/2026-06-12.md": "---\n---\n",
    })
    result = run_cli("--source", root, "--today", "2025-06-15", "status", "--format", "json")
    assert result.exit_code == 0, result.output
    health = json.loads(result.stdout)["health"]
    assert (health["last_checkin"], health["days_since"], health["state"]) == (
        "2025-06-09", 6, "ok")
    out = make_repo({
        "content/goals/alpha.md": valid_goal, "content/checkins/2026-06-12.md": "---\n---\n"})
    result = run_cli("--source", out, "--today", "2025-06-15", "status", "--format", "json")
    assert json.loads(result.stdout)["health"]["state"] == "none"


@pytest.mark.parametrize(("share", "full"), [
    (0, 0), (0.01, 1), (0.5, BAR_WIDTH // 2), (0.99, BAR_WIDTH - 1), (0.999, BAR_WIDTH - 1),
    (1, BAR_WIDTH),
])
def test_the_bar_is_full_only_for_the_whole_and_empty_only_for_nothing(share, full):
    """A goal at 99% drew a full bar beside its "99%", and one at 1% an empty one."""
    assert _bar(share) == "█" * full + "░" * (BAR_WIDTH - full)


def test_a_newer_private_check_in_is_named_as_not_counted(make_repo, run_cli, valid_goal):
    """``check`` counts a private check-in and the site does not; status, which shows the
    site's health, said "overdue" with no word of the check-in the pair had just written."""
    root = make_repo({
        "content/goals/alpha.md": valid_goal,
        "content/checkins/2025-06-02.md": "---\n---\n",
        "content/checkins/2025-07-01.md": "---\nprivate: true\n---\n",
    })
    result = run_cli("--source", root, "--today", "2025-07-02", "status", "--no-color")
    assert result.exit_code == 0, result.output
    assert "Check-ins: last 2 Jun 2025, 30 days ago — overdue" in result.stdout
    assert ("The private check-in of 1 Jul 2025 is not counted: the site counts only "
            "published ones.") in result.stdout
    checked = run_cli("--source", root, "--today", "2025-07-02", "check")
    assert "checkin-overdue" not in checked.output
    public = make_repo({"content/goals/alpha.md": valid_goal,
                        "content/checkins/2025-07-01.md": "---\n---\n"})
    result = run_cli("--source", public, "--today", "2025-07-02", "status")
    assert "private" not in result.stdout


def test_a_goal_its_newest_check_in_called_at_risk_says_so(make_repo, run_cli, valid_goal):
    """The dashboard badges "Last check-in: At risk"; status showed only 'active', so a goal
    in trouble read as any other in the terminal."""
    root = make_repo({
        **{f"content/goals/{g}.md": valid_goal.replace("Ship the first release", g.title())
           for g in ("risky", "fine", "stuck")},
        "content/checkins/2025-06-02.md": "---\ngoals:\n  fine: {status: blocked}\n---\n",
        "content/checkins/2025-06-09.md": "---\ngoals:\n  risky: {status: at-risk}\n"
                                          "  fine: {status: on-track}\n"
                                          "  stuck: {status: blocked}\n---\n",
    })
    result = run_cli("--source", root, "--today", "2025-06-15", "status", "--no-color")
    assert result.exit_code == 0, result.output
    lines = {line.split("active", 1)[1].split()[0]: line
             for line in result.stdout.splitlines() if " active " in line}
    assert "· last check-in: at-risk  · due 31 Dec 2025" in lines["Risky"]
    assert "· last check-in: blocked  · due" in lines["Stuck"]
    assert "last check-in" not in lines["Fine"]  # blocked once, on track since
    coloured = CliRunner().invoke(cli, ["--source", str(root), "--today", "2025-06-15",
                                        "status"], color=True).output
    assert "\x1b[33mlast check-in: at-risk" in coloured
    assert "\x1b[31mlast check-in: blocked" in coloured


def test_a_mentorship_without_goals_says_so_under_goals(make_repo, run_cli):
    root = make_repo({"mentorsite.yml": "title: Ours\n"})
    result = run_cli("--source", root, "--today", "2025-06-15", "status", "--no-color")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[2:4] == ["Goals", "  none yet: 'mentorsite new goal TITLE' adds one"]


def test_overdue_next_steps_are_listed_longest_overdue_first(make_repo, run_cli, valid_goal):
    """They were listed in the check-in's order, so the oldest could sit at the bottom."""
    steps = [("Write the plan", "2025-06-10"), ("Book the room", "2025-06-03"),
             ("Send the notes", "2025-06-20"), ("Ask for review", "2025-06-07")]
    written = "".join(f"  - {{task: {task}, due: {due}}}\n" for task, due in steps)
    root = make_repo({"content/goals/ship.md": valid_goal,
                      "content/checkins/2025-06-01.md": f"---\nnext:\n{written}---\n"})
    args = ("--source", root, "--today", "2025-06-15", "status")
    text = run_cli(*args, "--no-color").stdout.splitlines()
    start = text.index("Overdue next steps")
    assert [line.split(maxsplit=3)[-1] for line in text[start + 1:start + 4]] == [
        "Book the room", "Ask for review", "Write the plan"]
    listed = json.loads(run_cli(*args, "--format", "json").stdout)["overdue_steps"]
    assert [step["due"] for step in listed] == ["2025-06-03", "2025-06-07", "2025-06-10"]


def test_a_check_in_dated_ahead_leaves_the_steps_open_and_overdue(make_repo, run_cli, check_json,
                                                                   valid_goal):
    """A check-in dated after today (a slip of the year, an agenda written ahead) was taken as
    the newest: the steps of the one held closed, their warnings gone ('Overdue next steps:
    none'), while ``new checkin`` carried them forward as open."""
    root = make_repo({"content/goals/ship.md": valid_goal,
                      "content/checkins/2025-06-01.md":
                          "---\nnext:\n  - {task: Book the room, due: 2025-06-10}\n---\n",
                      "content/checkins/2026-06-14.md":
                          "---\nnext:\n  - {task: Far ahead, due: 2026-06-20}\n---\n"})
    args = ("--source", root, "--today", "2025-06-15", "status")
    listed = json.loads(run_cli(*args, "--format", "json").stdout)["overdue_steps"]
    assert [step["task"] for step in listed] == ["Book the room"]
    _, rows = check_json(root)
    assert [(r["path"], r["code"]) for r in rows if r["code"] == "next-step-overdue"] == [
        ("content/checkins/2025-06-01.md", "next-step-overdue")]


@pytest.mark.parametrize(("env", "coloured"), [
    ({}, True), ({"NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False), ({"NO_COLOR": ""}, True),
])
def test_a_terminal_that_asks_for_plain_text_gets_it(env, coloured):
    """Only --no-color turned the colour off: NO_COLOR (no-color.org) and TERM=dumb did not."""
    result = CliRunner().invoke(cli, ["--source", str(PROJECT), "--today", "2026-01-02",
                                      "status"], env={"NO_COLOR": None, "TERM": "xterm", **env},
                                color=True)  # as in a terminal
    assert result.exit_code == 0, result.output
    assert ("\x1b[" in result.output) == coloured


def test_the_dates_of_a_section_make_one_column(make_repo, run_cli):
    """A day of one digit shifted the rest of its line one place left of the others."""
    goal = ("---\ntitle: Speak up\nstarted: 2025-05-01\ndue: 2025-06-25\nwhy: w\nsuccess: s\n"
            "milestones:\n  - {title: Outline, due: 2025-06-02}\n"
            "  - {title: Rehearse, due: 2025-06-20}\n---\n")
    root = make_repo({"content/goals/speak.md": goal})
    text = run_cli("--source", root, "--today", "2025-06-01", "status", "--no-color").output
    rows = text.split("Deadlines in the next 60 days\n")[1].split("\n\n")[0].splitlines()
    assert [row.index("Milestone") for row in rows[:2]] == [15, 15], rows
    assert rows[0].startswith("   2 Jun 2025  Milestone Outline"), rows


def test_deadlines_and_wins_are_named_in_the_sites_words(make_repo, run_cli):
    """A milestone done was listed among the recent wins as bare as a check-in's win, so one
    of the same words read as a win told twice, and deadlines were typed as codes
    ('next-step', 'goal'): the dashboard and the report call them a milestone, a next step
    and a goal's due date."""
    goal = ("---\ntitle: Speak up\nstarted: 2025-05-01\ndue: 2025-06-25\nwhy: w\nsuccess: s\n"
            "milestones:\n  - {title: First talk, due: 2025-05-20, done: 2025-05-19}\n---\n")
    checkin = ("---\ngoals: {speak: {status: on-track}}\nwins: [First talk]\n"
               "next:\n  - {task: Book a room, due: 2025-06-03}\n---\n")
    reflection = ("---\ntitle: After the talk\ngoal: speak\n---\n## What happened\nx\n"
                  "## Why it mattered\nx\n## What I learned\nx\n## What changes next\nx\n")
    root = make_repo({"content/goals/speak.md": goal, "content/checkins/2025-05-19.md": checkin,
                      "content/reflections/2025-05-19-after.md": reflection})
    text = run_cli("--source", root, "--today", "2025-06-01", "status", "--no-color").output
    wins = [row.strip() for row in text.split("Recent wins\n")[1].strip().splitlines()]
    assert wins == ["19 May 2025  Milestone: First talk", "19 May 2025  First talk"], text
    deadlines = text.split("Deadlines in the next 60 days\n")[1].split("\n\n")[0].splitlines()
    assert deadlines == ["   3 Jun 2025  Next step Book a room",
                         "  25 Jun 2025  Goal due  Speak up"], text


def test_the_pairs_words_stay_on_their_line(make_repo, run_cli):
    """A milestone titled "Line one\\nline two" (YAML's escape) broke its row of the recent
    wins across two lines, where check quotes it escaped; so did a goal's title, a step's
    task or owner, a win, a tab or a line separator in them."""
    goal = ('---\ntitle: "Speak\\tup"\nstarted: 2025-05-01\ndue: 2025-06-25\nwhy: w\n'
            'success: s\nmilestones:\n  - {title: "Line one\\nline two", done: 2025-05-19}\n'
            '  - {title: "Next\\nmonth", due: 2025-06-20}\n---\n')
    checkin = ('---\nwins: ["Won\\u2028again"]\n'
               'next:\n  - {task: "Book\\na room", owner: "Jo\\nAnn", due: 2025-05-30}\n---\n')
    root = make_repo({"content/goals/speak.md": goal, "content/checkins/2025-05-19.md": checkin})
    text = run_cli("--source", root, "--today", "2025-06-01", "status", "--no-color").output
    for shown in ("active    Speak\\tup", "  30 May 2025  Book\\na room (Jo\\nAnn)",
                  "  20 Jun 2025  Milestone Next\\nmonth", "  19 May 2025  Won\\u2028again",
                  "  19 May 2025  Milestone: Line one\\nline two"):
        assert any(line.endswith(shown) or shown + "  ·" in line for line in text.splitlines()
                   ), (shown, text)


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_a_terminal_without_block_characters_gets_bars_it_can_show(encoding):
    """In a Latin-1 terminal each block of a bar printed as a \\u2588 escape: 120 characters
    for a bar of 20, and the table ran off the screen."""
    done = subprocess.run(
        [sys.executable, "-m", "mentorsite", "--source", str(PROJECT), "--today", TODAY,
         "status", "--no-color"],
        capture_output=True, env={**os.environ, "PYTHONIOENCODING": encoding}, check=True)
    text = done.stdout.decode(encoding, "replace")  # the pair's own words may not fit it
    assert "\\u2588" not in text and "\\u2014" not in text
    bars = [line.split()[0] for line in text.splitlines() if line.startswith("  #")
            or line.startswith("  .")]
    assert bars and all(len(bar) == 20 for bar in bars), bars


@pytest.mark.parametrize(("today", "due", "last"), [
    ("2025-06-15", "tomorrow", "yesterday"),
    ("2025-06-16", "today", "2 days ago"),
    ("2025-06-17", "yesterday", "3 days ago"),
    ("2025-06-14", "in 2 days", "today"),
])
def test_days_are_told_in_the_sites_words(make_repo, run_cli, valid_goal, today, due, last):
    """The terminal said "in 1 day" and "1 day ago" where the dashboard said "tomorrow" and
    "yesterday"; both now take their words from one function."""
    root = make_repo({"content/goals/ship.md": valid_goal.replace("2025-12-31", "2025-06-16"),
                      "content/checkins/2025-06-14.md": "---\ngoals: {ship: {}}\n---\n"})
    result = run_cli("--source", root, "--today", today, "status", "--no-color")
    assert result.exit_code == 0, result.output
    assert f"· due 16 Jun 2025 ({due})" in result.stdout
    assert f"Check-ins: last 14 Jun 2025, {last} — " in result.stdout
    build(root, root / "_site", today=date.fromisoformat(today), history=False)
    page = (root / "_site" / "index.html").read_text()
    due, last = (words.replace(" d", "&nbsp;d") for words in (due, last))
    assert (f'16 Jun 2025</time> <span class="muted">({due})' in page  # due ahead
            or f"16 Jun 2025</time>, {due}</span>" in page)  # overdue
    assert f"<strong>{last}</strong>" in page


def test_status_lists_the_deadlines_the_dashboard_lists(make_repo, run_cli, tmp_path):
    """The dashboard lists what is due in the next 60 days, status cut them at 30: a goal due
    in 50 days was on the dashboard and 'none' in the terminal."""
    goal = ("---\ntitle: Speak up\nstarted: 2025-05-01\ndue: 2025-07-21\nwhy: w\nsuccess: s\n"
            "milestones:\n  - {title: Outline, due: 2025-06-10}\n"
            "  - {title: Far off, due: 2025-09-01}\n---\n")
    root = make_repo({"content/goals/speak.md": goal})
    text = run_cli("--source", root, "--today", "2025-06-01", "status", "--no-color").output
    rows = text.split("Deadlines in the next 60 days\n")[1].split("\n\n")[0].splitlines()
    assert [row.split("  ", 2)[-1] for row in rows] == [
        "Milestone Outline", "Goal due  Speak up"], text
    build(root, tmp_path / "site", today=date(2025, 6, 1), history=False)
    dashboard = (tmp_path / "site" / "index.html").read_text()
    shown = dashboard.split('id="deadlines-title"')[1].split("</section>")[0]
    assert "Outline" in shown and "Speak up" in shown and "Far off" not in shown
