"""`mentorsite report`: a period's progress, checked against data.json and against the files.

The expected numbers are worked out here from the example's own content files (front matter
read with PyYAML, private files skipped), never copied from the command's output, so a wrong
rule in the report makes these tests fail.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from mentorsite.build import build
from mentorsite.cli.main import cli
from mentorsite.model.progress import goal_progress_as_of
from mentorsite.model.project import read_project
from mentorsite.text import percent

PROJECT = Path(__file__).resolve().parents[1]
TODAY = "2025-12-28"
PRIVATE_MARKER = "PRIVATE-MARKER-7f3a"
SINCE, UNTIL = date(2025, 10, 1), date(2025, 11, 30)
LAST_CHECKIN = date(2025, 12, 22)


def run(*args: str, today: str = TODAY):
    return CliRunner().invoke(cli, ["--source", str(PROJECT), "--today", today, "report", *args])


def report_json(*args: str) -> dict[str, Any]:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text[4:text.index("\n---\n", 4)]) or {}


@pytest.fixture(scope="module")
def data_json(tmp_path_factory) -> dict[str, Any]:
    """data.json of the example site built as of TODAY (no history: not needed here)."""
    out = tmp_path_factory.mktemp("report") / "site"
    build(PROJECT, out, today=date.fromisoformat(TODAY), history=False)
    return json.loads((out / "data.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def goals() -> dict[str, dict[str, Any]]:
    """Front matter of each example goal, by id."""
    return {p.stem: front_matter(p) for p in sorted((PROJECT / "content/goals").glob("*.md"))}


@pytest.fixture(scope="module")
def checkins() -> list[tuple[date, str, dict[str, Any]]]:
    """The public check-ins as (date, slug, front matter), oldest first."""
    found = []
    for path in (PROJECT / "content/checkins").glob("*.md"):
        meta = front_matter(path)
        if not meta.get("private"):
            found.append((date.fromisoformat(path.stem[:10]), path.stem, meta))
    return sorted(found, key=lambda c: (c[0], c[1]))


def expected_progress(goal_id, goal, checkins, day):
    """SPEC §2 progress as of ``day``, worked out from the files alone."""
    shares = []
    for metric in goal.get("metrics", []):
        readings = [meta["goals"][goal_id]["metrics"][metric["id"]]
                    for when, _, meta in checkins
                    if when <= day and metric["id"] in
                    ((meta.get("goals") or {}).get(goal_id) or {}).get("metrics", {})]
        if readings:
            base, target = metric.get("baseline", 0), metric["target"]
            shares.append(min(1.0, max(0.0, (readings[-1] - base) / (target - base))))
    if shares:
        return sum(shares) / len(shares)
    milestones = goal.get("milestones", [])
    if not milestones:
        return None
    return sum(1 for m in milestones if m["done"] and m["done"] <= day) / len(milestones)


def test_end_progress_at_the_last_checkin_equals_data_json(data_json):
    report = report_json("--since", "2025-10-01", "--until", LAST_CHECKIN.isoformat())
    assert {g["id"]: g["progress_end"] for g in report["goals"]} == {
        g["id"]: g["progress"] for g in data_json["goals"]
    }


def test_progress_at_both_ends_follows_the_files(goals, checkins):
    report = report_json("--since", SINCE.isoformat(), "--until", UNTIL.isoformat())
    by_id = {g["id"]: g for g in report["goals"]}
    assert set(by_id) == set(goals), "every example goal was open during the period"
    for goal_id, goal in goals.items():
        row = by_id[goal_id]
        end = expected_progress(goal_id, goal, checkins, UNTIL)
        assert row["progress_end"] == pytest.approx(end), goal_id
        if goal["started"] >= SINCE:
            assert row["new"] and row["progress_start"] == 0.0, goal_id
        else:
            start = expected_progress(goal_id, goal, checkins, SINCE - timedelta(days=1))
            assert not row["new"]
            assert row["progress_start"] == pytest.approx(start), goal_id
            assert row["change"] == pytest.approx(end - start), goal_id
    # Spot checks a reader can verify by eye: 1 of 4 reviews and 50% decision records on
    # 30 September (0.25 and 0.2), everything at target by 30 November.
    assert by_id["run-design-reviews"]["progress_start"] == pytest.approx(0.225)
    assert by_id["run-design-reviews"]["progress_end"] == 1.0


def test_progress_as_of_counts_milestones_from_their_done_date():
    model = read_project(PROJECT, date(2025, 12, 28)).model
    guide = model.goals_by_id()["onboarding-guide"]
    as_of = [goal_progress_as_of(guide, model.checkins, date(2025, 11, d)) for d in (18, 19)]
    assert as_of == [0.25, 0.5]
    assert goal_progress_as_of(guide, model.checkins, date(2025, 9, 30)) == 0.0


def test_statuses_changes_and_pivot(goals, checkins):
    report = report_json("--since", SINCE.isoformat(), "--until", UNTIL.isoformat())
    by_id = {g["id"]: g for g in report["goals"]}
    for goal_id in goals:
        marks = [{"date": when.isoformat(), "status": meta["goals"][goal_id]["status"]}
                 for when, _, meta in checkins
                 if SINCE <= when <= UNTIL
                 and ((meta.get("goals") or {}).get(goal_id) or {}).get("status")]
        assert by_id[goal_id]["statuses"] == marks, goal_id
        assert by_id[goal_id]["first_status"] == (marks[0] if marks else None)
        assert by_id[goal_id]["last_status"] == (marks[-1] if marks else None)
    achieved = by_id["run-design-reviews"]
    assert (achieved["status"], achieved["closed_on"]) == ("achieved", "2025-11-17")
    pivot = by_id["billing-rewrite"]
    assert pivot["status"] == "pivoted"
    assert pivot["pivoted_to"]["id"] == "incident-process"
    assert pivot["closed_on"] == goals["incident-process"]["started"].isoformat()
    markdown = run("--since", SINCE.isoformat(), "--until", UNTIL.isoformat()).output
    assert "pivoted to **Lead the incident-response process overhaul**" in markdown


def test_a_pivot_closes_on_its_later_day_in_one_period_only(goals, checkins):
    """Pivoted: the last check-in that names the goal or the day its replacement started,
    whichever is later (docs/workflow.md). A period ending between the two showed the pivot
    on the first day, pointing at a goal not yet begun, and the next period counted it too."""
    last_mention = max(when for when, _, meta in checkins
                       if "billing-rewrite" in (meta.get("goals") or {}))
    started = goals["incident-process"]["started"]
    assert SINCE <= last_mention < started <= UNTIL
    before = {g["id"]: g for g in report_json(
        "--since", SINCE.isoformat(), "--until", last_mention.isoformat())["goals"]}
    assert (before["billing-rewrite"]["status"], before["billing-rewrite"]["closed_on"],
            before["billing-rewrite"]["pivoted_to"]) == ("active", None, None)
    assert "pivoted" not in run("--since", SINCE.isoformat(),
                                "--until", last_mention.isoformat()).output
    after = {g["id"]: g for g in report_json(
        "--since", (last_mention + timedelta(days=1)).isoformat(),
        "--until", UNTIL.isoformat())["goals"]}
    assert (after["billing-rewrite"]["status"], after["billing-rewrite"]["closed_on"]) == (
        "pivoted", started.isoformat())


def test_the_past_is_not_judged_by_todays_status():
    september = report_json("--since", "2025-09-01", "--until", "2025-09-30")
    by_id = {g["id"]: g for g in september["goals"]}
    assert "incident-process" not in by_id, "not started yet"
    assert by_id["billing-rewrite"]["status"] == "active"
    assert by_id["billing-rewrite"]["pivoted_to"] is None
    assert by_id["run-design-reviews"]["status"] == "active"
    december = report_json("--since", "2025-12-01", "--until", TODAY)
    assert {g["id"] for g in december["goals"]}.isdisjoint(
        {"billing-rewrite", "run-design-reviews"}), "closed before December"


def test_wins_are_only_those_inside_the_period(goals, checkins):
    report = report_json("--since", SINCE.isoformat(), "--until", UNTIL.isoformat())
    assert all(SINCE.isoformat() <= w["date"] <= UNTIL.isoformat() for w in report["wins"])
    expected = sorted(
        [(when.isoformat(), "win", text) for when, _, meta in checkins
         if SINCE <= when <= UNTIL for text in meta.get("wins") or []]
        + [(m["done"].isoformat(), "milestone", m["title"]) for g in goals.values()
           for m in g.get("milestones", []) if m["done"] and SINCE <= m["done"] <= UNTIL]
        + [(when.isoformat(), "goal", goals[goal_id]["title"]) for when, _, meta in checkins
           if SINCE <= when <= UNTIL for goal_id, about in (meta.get("goals") or {}).items()
           if (about or {}).get("status") == "done"]
    )
    assert sorted((w["date"], w["kind"], w["text"]) for w in report["wins"]) == expected
    assert len(expected) == 20
    assert [w["date"] for w in report["wins"]] == sorted(w["date"] for w in report["wins"])


def test_evidence_and_reflections_inside_the_period():
    report = report_json("--since", SINCE.isoformat(), "--until", UNTIL.isoformat())

    def inside(kind: str) -> list[str]:
        return sorted(p.stem for p in (PROJECT / "content" / kind).glob("*.md")
                      if SINCE.isoformat() <= p.stem[:10] <= UNTIL.isoformat())

    assert [e["slug"] for e in report["evidence"]] == inside("evidence")
    assert [r["slug"] for r in report["reflections"]] == inside("reflections")
    feedback = next(e for e in report["evidence"] if e["kind"] == "feedback")
    assert feedback["goals"] == ["run-design-reviews", "lead-confidence"]


def test_checkin_regularity(checkins):
    report = report_json("--since", SINCE.isoformat(), "--until", UNTIL.isoformat())
    days = [when for when, _, _ in checkins if when <= UNTIL]
    gaps = [(b - a).days for a, b in pairwise(days) if b >= SINCE]
    regular = report["checkins"]
    assert regular["count"] == sum(1 for d in days if d >= SINCE) == 6
    assert regular["expected"] == ((UNTIL - SINCE).days + 1) // 14 == 4
    assert regular["mean_gap"] == pytest.approx(sum(gaps) / len(gaps))
    assert regular["longest_gap"] == max(gaps) == 14
    assert regular["allowed_gap"] == 21 and regular["long_gaps"] == []
    assert regular["days_since_last"] == (UNTIL - days[-1]).days


def test_no_check_in_is_expected_before_the_mentorship_began_or_after_today(
    make_repo, run_cli, valid_goal
):
    """A report of the year for a pair that began on 1 September, asked on 1 October: four
    weeks could have had a check-in, not fifty-two (it said "1 check-in against 52 expected")."""
    root = make_repo({
        "mentorsite.yml": "mentee: Ana\ncadence: weekly\n",
        "content/goals/ship.md": valid_goal.replace("started: 2025-06-01", "started: 2025-09-01"),
        "content/checkins/2025-09-15.md": "---\nwins: [Something]\n---\n",
    })
    result = run_cli("--source", root, "--today", "2025-10-01", "report", "--format", "json",
                     "--since", "2025-01-01", "--until", "2025-12-31")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["checkins"]["expected"] == 31 // 7


def test_long_gaps_are_listed(make_repo, run_cli, valid_goal):
    checkin = "---\nwins: [Something]\n---\n"
    root = make_repo({
        "mentorsite.yml": "mentee: Ana\ncadence: weekly\n",
        "content/goals/ship.md": valid_goal,
        **{f"content/checkins/2025-06-{d:02d}.md": checkin for d in (2, 9, 30)},
    })
    result = run_cli("--source", root, "--today", "2025-06-30", "report", "--format", "json")
    assert result.exit_code == 0, result.output
    regular = json.loads(result.output)["checkins"]
    assert regular["long_gaps"] == [{"from": "2025-06-09", "to": "2025-06-30", "days": 21}]
    assert regular["allowed_gap"] == 11


def test_a_private_check_in_left_out_is_named_apart_from_the_report(
        make_repo, run_cli, valid_goal):
    """``check`` counts a private check-in and warned of no gap; the report, which counts only
    published ones, said "Long gap: 9 Jun 2025 → 23 Jun 2025 (14 days)" and "2 check-ins
    against 3 expected" with no word of it, while ``status`` names it. It is named on
    standard error, as ``status`` names it, never in the report pasted elsewhere."""
    checkin = "---\nwins: [Something]\n---\n"
    root = make_repo({
        "mentorsite.yml": "mentee: Ana\ncadence: weekly\n",
        "content/goals/ship.md": valid_goal,
        "content/checkins/2025-06-09.md": checkin,
        "content/checkins/2025-06-16.md": "---\nprivate: true\nwins: [SECRET-WIN]\n---\n",
        "content/checkins/2025-06-23.md": checkin,
    })
    checked = run_cli("--source", root, "--today", "2025-06-23", "check")
    assert "checkin-gap" not in checked.output
    for fmt in ("markdown", "json"):
        result = run_cli("--source", root, "--today", "2025-06-23", "report", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert result.stderr == ("note: the private check-in of 16 Jun 2025 is not counted: "
                                 "the report counts only published ones\n")
        assert "16 Jun" not in result.stdout and "SECRET" not in result.stdout
        if fmt == "markdown":
            assert "Long gap: 9 Jun 2025 → 23 Jun 2025 (14 days)" in result.stdout
    public = make_repo({"content/goals/ship.md": valid_goal,
                        "content/checkins/2025-06-16.md": checkin})
    result = run_cli("--source", public, "--today", "2025-06-23", "report")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_the_mean_gap_reads_to_a_tenth_of_a_day(make_repo, run_cli, valid_goal):
    """Gaps of 7, 7 and 8 days: a mean of 7.333…, worked out, not written by the pair."""
    checkin = "---\nwins: [Something]\n---\n"
    root = make_repo({
        "mentorsite.yml": "mentee: Ana\ncadence: weekly\n",
        "content/goals/ship.md": valid_goal,
        **{f"content/checkins/2025-06-{d:02d}.md": checkin for d in (2, 9, 16, 24)},
    })
    result = run_cli("--source", root, "--today", "2025-06-30", "report")
    assert result.exit_code == 0, result.output
    assert "Gap between check-ins: mean 7.3 days, longest 8 days" in result.output
    assert "(one every 7 days; gaps of up to 11 days allowed)" in result.output


def test_private_checkin_never_appears(data_json):
    for args in ([], ["--since", "2025-10-21", "--until", "2025-10-21"],
                 ["--since", SINCE.isoformat(), "--until", UNTIL.isoformat()]):
        for fmt in ("markdown", "json"):
            output = run(*args, "--format", fmt).output
            assert PRIVATE_MARKER not in output
            assert "personal" not in output and "surgery" not in output
    one_day = report_json("--since", "2025-10-21", "--until", "2025-10-21")
    assert one_day["checkins"]["count"] == 0
    assert all(g["statuses"] == [] for g in one_day["goals"])


def test_markdown_title_summary_and_table():
    result = run("--since", SINCE.isoformat(), "--until", UNTIL.isoformat())
    assert result.exit_code == 0, result.output
    report = report_json("--since", SINCE.isoformat(), "--until", UNTIL.isoformat())
    lines = result.output.splitlines()
    assert lines[0] == "# Progress report: Priya Raman, 1 Oct 2025 to 30 Nov 2025"
    assert lines[2] == report["summary"] and "6 check-ins" in lines[2]
    for goal in report["goals"]:
        row = next(line for line in lines if line.startswith(f"| {goal['title']} |"))
        start, end = (percent(goal[k]) for k in ("progress_start", "progress_end"))
        assert f"| {start} → {end} |" in row
    for heading in ("## Goals", "## Status changes", "## Wins (20)", "## Evidence (2)",
                    "## Reflections (2)", "## Check-ins"):
        assert heading in lines


def test_table_cells_are_escaped(make_repo, run_cli, valid_goal):
    goal = valid_goal.replace("title: Ship the first release",
                              'title: "Ship | test\\\\\\nrelease"')
    root = make_repo({"mentorsite.yml": "mentee: Ana\n", "content/goals/ship.md": goal})
    result = run_cli("--source", root, "--today", "2025-06-15", "report")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("| Ship"))
    assert row.startswith("| Ship \\| test\\\\ release | active (new) |")
    unescaped = row.replace("\\\\", "").replace("\\|", "")
    assert unescaped.count("|") == 5


def test_summary_without_a_mentee_reads_as_one_sentence(make_repo, run_cli, valid_goal):
    """With no ``mentee`` set, "the pair" stands in mid-sentence: "(14 days), the pair
    worked on", not "(14 days), The pair worked on"."""
    root = make_repo({"content/goals/ship.md": valid_goal})
    result = run_cli("--source", root, "--today", "2025-06-15", "report", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "), the pair worked on 1 goal" in json.loads(result.output)["summary"]


def test_the_json_summary_is_plain_text(make_repo, run_cli, valid_goal):
    """The JSON's summary held the Markdown's escapes and zero-width spaces: 'Ana \\<b\\>'."""
    root = make_repo({"mentorsite.yml": "mentee: 'Ana <b>|@bob_x'\n",
                      "content/goals/ship.md": valid_goal})
    result = run_cli("--source", root, "--today", "2025-06-15", "report", "--format", "json")
    assert "), Ana <b>|@bob_x worked on 1 goal" in json.loads(result.output)["summary"]
    shown = run_cli("--source", root, "--today", "2025-06-15", "report").output
    assert "Ana \\<b\\>\\|@\u200bbob\\_x worked on" in shown


def test_defaults_run_from_the_start_of_the_mentorship_to_today(monkeypatch):
    report = report_json()
    assert (report["since"], report["until"]) == ("2025-09-01", TODAY)
    monkeypatch.setenv("MENTORSITE_TODAY", "2025-11-30")
    result = CliRunner().invoke(cli, ["--source", str(PROJECT), "report", "--format", "json"])
    assert json.loads(result.stdout)["until"] == "2025-11-30"


@pytest.mark.parametrize("args", [
    ["--since", "2025-12-01", "--until", "2025-11-01"],
    ["--since", "2026-01-05"],
    ["--since", "2025-13-01"],
    ["--until", "next week"],
    ["--format", "pdf"],
])
def test_usage_errors_exit_2(args):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("since", "said"), [
    ("2025-06-01", "; progress rose on 2. "),  # both goals new: 0% → 30%, 0% → 50%
    ("2025-06-03", "; progress rose on 1 and fell on 1. "),  # ship 50% → 30%, docs 25% → 50%
    ("2025-06-07", "; progress fell on 1. "),  # ship 50% → 30%, docs 50% → 50%
    ("2025-06-10", "; no goal's progress moved. "),
])
def test_the_summary_says_only_which_way_progress_moved(make_repo, run_cli, valid_goal,
                                                        since, said):
    """'ship' (speed 0 → 10) reads 5 on 2 June and 3 on 9 June; 'docs' (pages 0 → 4) reads
    1 on 1 June and 2 on 6 June. No count of none ("fell on 0") is spelt out."""
    docs = (valid_goal.replace("id: speed", "id: pages").replace("target: 10", "target: 4")
            .replace("Ship the first release", "Write the docs"))
    root = make_repo({
        "content/goals/ship.md": valid_goal,
        "content/goals/docs.md": docs,
        "content/checkins/2025-06-01.md": "---\ngoals:\n  docs: {metrics: {pages: 1}}\n---\n",
        "content/checkins/2025-06-02.md": "---\ngoals:\n  ship: {metrics: {speed: 5}}\n---\n",
        "content/checkins/2025-06-06.md": "---\ngoals:\n  docs: {metrics: {pages: 2}}\n---\n",
        "content/checkins/2025-06-09.md": "---\ngoals:\n  ship: {metrics: {speed: 3}}\n---\n",
    })
    result = run_cli("--source", root, "--today", "2025-06-30", "report",
                     "--since", since, "--until", "2025-06-30")
    assert result.exit_code == 0, result.output
    assert said in result.output
    assert " on 0" not in result.output


@pytest.mark.parametrize(("cadence", "allowed"), [(1, 2), (7, 11), (14, 21), (31, 47),
                                                  (10**30 + 1, 15 * 10**29 + 2)])
def test_the_allowed_gap_is_the_cadence_and_half_again_rounded_up(cadence, allowed):
    """Worked in whole numbers, as a programme reads a pair's cadence from its data.json,
    where no limit holds: in floats, 10**30 days allowed 1500000000000000009942312419328."""
    from mentorsite.model.progress import allowed_gap

    assert allowed_gap(cadence) == allowed


def test_the_pairs_words_show_as_typed_in_the_markdown(make_repo, run_cli, valid_goal):
    """Pasted into a review document, a title with Markdown's characters showed as emphasis,
    code, a link or raw HTML, and a '|' broke the goals table's row."""
    from tests.conftest import markdown_reads
    from tests.test_review import MARKUP

    root = make_repo({
        "mentorsite.yml": f"mentee: '{MARKUP}'\n",
        "content/goals/ship.md": valid_goal.replace("title: ", f"title: '{MARKUP}' #", 1),
        "content/checkins/2025-06-09.md": f"---\nwins: ['{MARKUP}']\n---\n",
    })
    result = run_cli("--source", root, "--today", "2025-06-15", "report")
    assert result.exit_code == 0, result.output
    shown = markdown_reads(result.stdout)
    assert shown.count(MARKUP) >= 4, shown  # the heading, the summary, the table, the win


def test_right_to_left_words_are_isolated_in_the_markdown(make_repo, run_cli, valid_goal):
    """An Arabic mentee's name, goal title and win set bare in the report's English sentences
    took the words after them into their right-to-left run ("Milestone: …" read backwards);
    each is between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, its English label
    outside, and the JSON holds the words as written."""
    from tests.conftest import markdown_reads
    from tests.test_review import ARABIC

    root = make_repo({
        "mentorsite.yml": "mentee: 'مريم'\n",
        "content/goals/ship.md": valid_goal.replace(
            "title: Ship the first release", f"title: '{ARABIC}'").replace(
            "metrics:", "milestones: [{title: 'مرحلة', due: 2025-06-10, done: 2025-06-09}]\n"
            "metrics:"),
        "content/checkins/2025-06-09.md": f"---\nwins: ['{ARABIC}']\n---\n",
    })
    result = run_cli("--source", root, "--today", "2025-06-15", "report")
    assert result.exit_code == 0, result.output
    shown = markdown_reads(result.stdout)
    assert "Progress report: \u2068مريم\u2069, " in shown
    assert "\u2068مريم\u2069 worked on 1 goal" in shown
    assert f"| \u2068{ARABIC}\u2069 |" in result.stdout
    assert f"9 Jun 2025 — \u2068{ARABIC}\u2069\n" in result.stdout
    assert "9 Jun 2025 — Milestone: \u2068مرحلة\u2069\n" in result.stdout
    data = run_cli("--source", root, "--today", "2025-06-15", "report", "--format", "json")
    assert "\u2068" not in data.stdout and ARABIC in json.loads(data.stdout)["wins"][0]["text"]


@pytest.mark.parametrize(("statuses", "said"), [
    # on track before the period, off track inside it: a change, dated where each was given
    (("on-track", "off-track"),
     "- **Ship the first release**: on-track (1 Jun 2025) → off-track (1 Jul 2025)"),
    (("off-track", "off-track"),
     "- Check-in status held steady: Ship the first release (off-track)"),
])
def test_a_status_change_counts_from_the_last_status_before_the_period(
        make_repo, run_cli, valid_goal, statuses, said):
    """Only the statuses inside the period were compared, so a goal that went off track
    during it, after being on track, read "held steady (off-track)"."""
    before, inside = statuses
    root = make_repo({
        "content/goals/ship.md": valid_goal,
        "content/checkins/2025-06-01.md": f"---\ngoals:\n  ship: {{status: {before}}}\n---\n",
        "content/checkins/2025-07-01.md": f"---\ngoals:\n  ship: {{status: {inside}}}\n---\n",
    })
    args = ("--source", root, "--today", "2025-07-15", "report",
            "--since", "2025-06-15", "--until", "2025-07-15")
    markdown = run_cli(*args)
    assert markdown.exit_code == 0, markdown.output
    assert said in markdown.output.splitlines()
    (goal,) = json.loads(run_cli(*args, "--format", "json").output)["goals"]
    assert goal["status_before"] == {"date": "2025-06-01", "status": before}
    assert goal["statuses"] == [{"date": "2025-07-01", "status": inside}]


def test_a_goals_first_status_is_no_status_held_steady(make_repo, run_cli, valid_goal):
    """A goal given a status for the first time inside the period read "held steady"."""
    root = make_repo({
        "content/goals/ship.md": valid_goal,
        "content/checkins/2025-07-01.md": "---\ngoals:\n  ship: {status: at-risk}\n---\n",
    })
    result = run_cli("--source", root, "--today", "2025-07-15", "report",
                     "--since", "2025-06-15", "--until", "2025-07-15")
    assert result.exit_code == 0, result.output
    assert ("- **Ship the first release**: at-risk (1 Jul 2025), its first check-in status"
            in result.output.splitlines())
    assert "held steady" not in result.output


@pytest.mark.parametrize(("extra", "mentions", "closed"), [
    # achieved: the first check-in that called it done, else its due date, else its start
    ("status: achieved\n", {"2025-06-10": "on-track", "2025-06-20": "done",
                            "2025-06-25": "done"}, ("achieved", "2025-06-20")),
    ("status: achieved\n", {"2025-06-10": "on-track"}, ("achieved", "2025-12-31")),
    # dropped: the last check-in that mentions it, else its start
    ("status: dropped\n", {"2025-06-10": "at-risk", "2025-06-20": "off-track"},
     ("dropped", "2025-06-20")),
    ("status: dropped\n", {}, ("dropped", "2025-06-01")),
])
def test_a_goal_closes_on_the_day_docs_workflow_says(make_repo, run_cli, valid_goal, extra,
                                                     mentions, closed):
    """docs/workflow.md says how the report dates a goal's closing, as the files do not."""
    root = make_repo({
        "content/goals/ship.md": valid_goal.replace("---\n\n", extra + "---\n\n", 1),
        **{f"content/checkins/{day}.md": f"---\ngoals:\n  ship: {{status: {status}}}\n---\n"
           for day, status in mentions.items()},
    })
    result = run_cli("--source", root, "--today", "2026-01-15", "report",
                     "--since", "2025-06-01", "--until", "2026-01-15", "--format", "json")
    assert result.exit_code == 0, result.output
    (goal,) = json.loads(result.stdout)["goals"]
    assert (goal["status"], goal["closed_on"]) == closed


def test_an_entry_about_a_goal_closed_before_the_period_names_the_goal_by_title(
        make_repo, run_cli, valid_goal):
    """A reflection looking back on a goal achieved before the period listed the goal's id
    ("about ship"), as titles were taken from the period's goal table only."""
    done = valid_goal.replace("title:", "status: achieved\ntitle:").replace(
        "due: 2025-12-31", "due: 2025-06-05")
    root = make_repo({
        "content/goals/ship.md": done,
        "content/reflections/2025-07-10-looking-back.md":
            "---\ntitle: Looking back\ngoals: [ship]\n---\n",
        "content/evidence/2025-07-11-praise.md":
            "---\ntitle: Praise\ngoals: [ship]\nkind: feedback\n---\n",
    })
    result = run_cli("--source", root, "--today", "2025-07-15", "report",
                     "--since", "2025-07-01", "--until", "2025-07-15")
    assert result.exit_code == 0, result.output
    assert "No goal was open in this period." in result.output
    about = [line for line in result.output.splitlines() if "Looking back" in line
             or "Praise" in line]
    assert len(about) == 2
    assert all("Ship the first release" in line and "ship)" not in line for line in about)


@pytest.mark.parametrize(("today", "said"), [
    ("2025-06-20", "Last check-in 9 Jun 2025, 11 days ago (the period runs on to 30 Jun 2025)"),
    ("2025-06-09", "Last check-in 9 Jun 2025, today (the period runs on to 30 Jun 2025)"),
    ("2025-06-10", "Last check-in 9 Jun 2025, yesterday (the period runs on to 30 Jun 2025)"),
    ("2025-07-15", "Last check-in 9 Jun 2025, 21 days before the end of the period"),
])
def test_the_days_since_the_last_check_in_are_not_counted_into_the_future(
        make_repo, run_cli, valid_goal, today, said):
    """With --until after today, the days were counted to that future day: a pair that met
    last week read "Last check-in 21 days before the end of the period". The day itself is
    named too, as the site names it beside "3 months ago" (the report gave only the count)."""
    root = make_repo({"content/goals/ship.md": valid_goal,
                      "content/checkins/2025-06-02.md": "---\nwins: [One]\n---\n",
                      "content/checkins/2025-06-09.md": "---\nwins: [Two]\n---\n"})
    args = ("--source", root, "--today", today, "report",
            "--since", "2025-06-01", "--until", "2025-06-30")
    assert f"- {said}" in run_cli(*args).output.splitlines()
    regular = json.loads(run_cli(*args, "--format", "json").output)["checkins"]
    assert regular["days_since_last_until"] == min(today, "2025-06-30")


def test_the_check_in_figures_are_grouped_alike(make_repo, run_cli, valid_goal):
    """A gap of ten thousand years read "mean 3,652,058 days, longest 3652058 days"."""
    root = make_repo({"content/goals/ship.md": valid_goal.replace("2025-06-01", "0001-01-01"),
                      "content/checkins/0001-01-01.md": "---\nwins: [One]\n---\n",
                      "content/checkins/9999-12-31.md": "---\nwins: [Two]\n---\n"})
    out = run_cli("--source", root, "--today", "9999-12-31", "report").output
    assert "- Gap between check-ins: mean 3,652,058 days, longest 3,652,058 days" in (
        out.splitlines())
    assert "- 2 check-ins against 260,861 expected" in out


def test_a_first_reading_that_lowers_progress_says_what_it_is_measured_by(make_repo):
    """A goal's progress is its metrics' readings, else its milestones done: its first
    reading in the period read as a fall (50% → 25%) with nothing to say why."""
    root = make_repo({
        "mentorsite.yml": "mentee: Ana\ncadence: monthly\n",
        "content/goals/speak.md": (
            "---\ntitle: Speak up\nstarted: 2025-01-01\ndue: 2025-12-31\nwhy: x\nsuccess: y\n"
            "metrics:\n  - {id: talks, label: Talks, baseline: 0, target: 4}\n"
            "milestones:\n  - {title: Outline, due: 2025-02-01, done: 2025-01-20}\n"
            "  - {title: Rehearse, due: 2025-06-01}\n---\n"),
        "content/checkins/2025-03-10.md": "---\ngoals:\n  speak: {metrics: {talks: 1}}\n---\n",
    })
    result = CliRunner().invoke(cli, ["--source", str(root), "--today", "2025-04-01", "report",
                                      "--since", "2025-03-01", "--until", "2025-03-31"])
    assert result.exit_code == 0, result.output
    assert ("| Speak up | active | 50% → 25% (by its readings at the end, by its milestones at "
            "the start) | -25 pts |") in result.output
    as_json = CliRunner().invoke(cli, ["--source", str(root), "--today", "2025-04-01", "report",
                                       "--since", "2025-03-01", "--until", "2025-03-31",
                                       "--format", "json"])
    [goal] = json.loads(as_json.output)["goals"]
    assert (goal["measured_start"], goal["measured_end"]) == ("milestones", "readings")
