"""`mentorsite review` between two branches of a real repository."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter

import pytest
from click.testing import CliRunner

from mentorsite.cli.main import cli
from mentorsite.history import compare, private_versions, version_read
from mentorsite.history.evolution import evolution
from mentorsite.history.log import read_history
from mentorsite.model import insights, validate
from mentorsite.model.entries import Goal
from mentorsite.read import load
from tests.conftest import Repo, markdown_reads
from tests.test_history_checked_out import asked_of_git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git CLI")

GOAL = """---
title: Speak up
status: {status}
started: 2025-01-01
due: 2025-06-30
why: Be heard.
success: Two talks.
metrics:
  - {{id: talks, label: Talks given, unit: talks, baseline: 0, target: 4}}
---
"""
CHECKIN = "---\ngoals:\n  speak: {{metrics: {{talks: {talks}}}}}\n{extra}---\n"


@pytest.fixture
def repo(tmp_path) -> Repo:
    """main: a goal and one check-in (1 talk); branch `pr`: a second check-in (3 talks) with a
    win and an obstacle, the goal paused, and a private check-in with a reading of 4."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", GOAL.format(status="active"))
    repo.write("content/checkins/2025-01-06.md", CHECKIN.format(talks=1, extra=""))
    repo.commit("Start")
    repo.git("checkout", "-q", "-b", "pr")
    repo.write("content/checkins/2025-01-13.md", CHECKIN.format(
        talks=3, extra="wins: [Gave the demo, Asked the first question.]\n"
        "obstacles: [Stage fright]\n"))
    repo.write("content/checkins/2025-01-14-family.md", CHECKIN.format(
        talks=4, extra="obstacles: [SECRET-MATTER]\nprivate: true\n"))
    repo.write("content/goals/speak.md", GOAL.format(status="paused"))
    repo.commit("Week two")
    return repo


def run(repo: Repo, *args: str):
    return CliRunner().invoke(
        cli, ["--source", str(repo.root), "--today", "2025-01-15", "review", *args]
    )


def test_markdown_numbers_and_sections(repo):
    result = run(repo, "--base", "main", "--head", "pr")
    assert result.exit_code == 0, result.output
    text = result.output
    assert "**1 check-in added; Speak up: active → paused, 25% → 75%; no errors**" in text
    row = next(line for line in text.splitlines() if line.startswith("| Speak up"))
    assert "active → paused" in row
    assert "25% → 75%" in row
    assert "Talks given: 1 → 3 talks" in row, "the private reading of 4 is not the latest"
    assert "### Check-ins, reflections and evidence" in text
    assert "- **Added** check-in: Check-in 13 January 2025" in text
    assert ("  - Wins:\n    - Gave the demo\n    - Asked the first question.\n"
            "  - Obstacles:\n    - Stage fright\n") in text


def test_private_file_is_never_mentioned(repo):
    for fmt in ("markdown", "json"):
        output = run(repo, "--base", "main", "--head", "pr", "--format", fmt).output
        assert "SECRET-MATTER" not in output and "family" not in output


def test_file_made_private_in_the_pull_request_is_never_mentioned(repo):
    """A goal, and a check-in with a reading of it, public on the base and made private on
    the head: neither its title nor its readings appear, on either side."""
    repo.git("checkout", "-q", "main")
    repo.write("content/goals/quiet.md", GOAL.format(status="active").replace(
        "Speak up", "SECRET-GOAL").replace("Talks given", "SECRET-LABEL"))
    repo.write("content/checkins/2025-01-08.md", "---\ngoals:\n  quiet: {metrics: {talks: 2}}\n"
               "wins: [SECRET-WIN]\n---\n")
    repo.commit("A goal")
    repo.git("checkout", "-q", "-b", "hide")
    repo.write("content/goals/quiet.md", GOAL.format(status="active").replace(
        "Speak up", "SECRET-GOAL").replace("---\n", "---\nprivate: true\n", 1))
    repo.write("content/checkins/2025-01-08.md", "---\ngoals:\n  quiet: {metrics: {talks: 2}}\n"
               "wins: [SECRET-WIN]\nprivate: true\n---\n")
    repo.commit("Make it private")
    for fmt in ("markdown", "json"):
        result = run(repo, "--base", "main", "--head", "hide", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "SECRET" not in result.output and "quiet" not in result.output


def test_json_has_the_same_numbers(repo):
    data = json.loads(run(repo, "--base", "main", "--head", "pr", "--format", "json").output)
    [goal] = data["goals"]
    assert (goal["progress_before"], goal["progress_after"]) == (0.25, 0.75)
    assert [e["slug"] for e in data["entries"]] == ["2025-01-13"]
    assert data["head_errors"] == 0


def test_working_tree_head_with_an_error_exits_1_and_lists_it(repo):
    repo.write("content/checkins/2025-01-20.md", "---\ngoals:\n  speek: {}\n---\n")
    result = run(repo, "--base", "main")
    assert result.exit_code == 1
    assert "### Problems in the changed files" in result.output
    assert "content/checkins/2025-01-20.md:3:3` error: unknown goal 'speek'" in result.output
    assert "did you mean 'speak'?" in result.output


def test_a_working_tree_file_too_large_is_not_read_whole(repo, monkeypatch):
    """A 2 GB file told file-too-large was read whole to learn whether it said private: 4 GB
    of memory. Its front matter is at its start; a private one stays unmentioned, a public
    one's problem is listed."""
    big = repo.root / "content/checkins/2025-01-20.md"
    big.write_bytes(b"---\nprivate: true\nwins: [SECRET-WIN]\n---\n" + b"y" * (3 << 20))
    loud = repo.root / "content/checkins/2025-01-21.md"
    loud.write_bytes(b"---\nwins: [Public]\n---\n" + b"x" * (2 << 20))
    read_whole = []
    real = type(big).read_bytes
    monkeypatch.setattr(type(big), "read_bytes",
                        lambda path: read_whole.append(path.name) or real(path))
    result = run(repo, "--base", "main")
    assert result.exit_code == 1
    assert "2025-01-20" not in result.output and "SECRET" not in result.output
    assert "content/checkins/2025-01-21.md:1:1` error: file is" in result.output
    assert not {big.name, loud.name} & set(read_whole)


def test_a_file_a_pull_request_makes_too_large_is_told_so(repo):
    """Versions over 1 MiB are not read whole from git (75f3af1), and were then taken for
    private ones: review said "no changes to the mentorship", its file-too-large unlisted.
    Its start is read, so one that says private stays unmentioned."""
    repo.git("checkout", "-q", "-b", "big", "main")
    goal = repo.root / "content/goals/speak.md"
    goal.write_bytes(goal.read_bytes() + b"x" * (1200 << 10))
    repo.write("content/checkins/2025-01-20.md",
               "---\nprivate: true\nwins: [SECRET-WIN]\n---\n" + "y" * (1200 << 10))
    repo.commit("Too large")
    result = run(repo, "--base", "main", "--head", "big")
    assert result.exit_code == 1
    assert "Speak up: removed" in result.output
    size = goal.stat().st_size
    assert f"`content/goals/speak.md:1:1` error: file is {size:,} bytes" in result.output
    assert "2025-01-20" not in result.output and "SECRET" not in result.output


def test_default_base_is_the_merge_base_with_main(repo):
    result = run(repo, "--head", "pr")
    assert result.exit_code == 0
    assert "1 check-in added" in result.output


def test_the_heading_names_the_branch_a_default_base_was_found_on(repo, monkeypatch):
    """Without --base the heading read '## Mentorship review: 3f0c…(40 digits) → pr': the
    merge base's id alone, which told the pair nothing of what the branch was compared with.
    It names the branch and the commit where the branch left it; the JSON keeps the id."""
    monkeypatch.delenv("GITHUB_BASE_REF", raising=False)
    fork = repo.git("merge-base", "main", "pr").strip()
    result = run(repo, "--head", "pr")
    assert result.output.startswith(f"## Mentorship review: main at {fork[:7]} → pr\n"), (
        result.output)
    assert json.loads(run(repo, "--head", "pr", "--format", "json").output)["base"] == fork
    typed = run(repo, "--base", "main", "--head", "pr").output
    assert typed.startswith("## Mentorship review: main → pr\n"), typed


def test_without_a_default_branch_the_error_says_why(repo, tmp_path):
    """Outside a repository, or before its first commit, passing a branch would not help.
    No base is a usage error (exit 2), as a REF naming no commit is: exit 1 says the head has
    errors, and CI must tell them apart."""
    repo.git("branch", "-m", "main", "trunk")
    result = run(repo, "--head", "pr")
    assert result.exit_code == 2
    assert "Error: no default branch to compare with: pass --base REF" in result.output
    unborn = Repo(tmp_path / "unborn")
    result = run(unborn)
    assert result.exit_code == 2
    assert ("Error: the repository has no commits yet: review compares two commits"
            in result.output)
    (tmp_path / "plain").mkdir()
    result = CliRunner().invoke(cli, ["--source", str(tmp_path / "plain"), "review"])
    assert result.exit_code == 2
    assert ("Error: the source folder is not in a git repository: review compares two "
            "commits") in result.output


def test_unknown_ref_is_a_clear_error(repo):
    """A usage error (exit 2): exit 1 says the head has errors, and CI must tell them apart."""
    result = run(repo, "--base", "no-such-branch")
    assert result.exit_code == 2
    assert ("Error: Invalid value for '--base': this repository has no branch, tag or commit "
            "'no-such-branch': check the name, or fetch it first (in GitHub Actions, "
            "actions/checkout with fetch-depth: 0)") in result.output
    assert "Traceback" not in result.output


def test_a_misspelt_ref_gets_the_branch_or_tag_meant(repo):
    repo.git("tag", "v1.0")
    for typed, meant in (("mian", "main"), ("pr2", "pr"), ("v1.O", "v1.0")):
        result = run(repo, "--base", typed)
        assert result.exit_code == 2
        assert (f"Error: Invalid value for '--base': this repository has no branch, tag or "
                f"commit '{typed}' (did you mean '{meant}'?): check the name") in result.output


@pytest.mark.parametrize("ref", ["HEAD:content", "HEAD:mentorsite.yml", "HEAD^{tree}"])
@pytest.mark.parametrize("which", ["--base", "--head"])
def test_a_ref_that_is_no_commit_is_refused(repo, which, ref):
    """A folder or file at a commit is no side of a review: read as the repository's root, a
    folder made every entry look removed (or added)."""
    other = "--head" if which == "--base" else "--base"
    result = run(repo, which, ref, other, "main")
    assert result.exit_code == 2, result.output
    assert (f"Invalid value for '{which}': '{ref}' is not a commit: review compares two "
            "commits") in result.output
    assert "Removed" not in result.output and "Added" not in result.output


@pytest.mark.parametrize("which", ["--base", "--head"])
def test_a_ref_git_would_take_for_an_option_is_refused(repo, which):
    """``git diff --output=FILE`` writes a file: no ref from the command line reaches git
    as an option, whichever git command would see it first."""
    target = repo.root / "written"
    other = "--head" if which == "--base" else "--base"
    result = run(repo, f"{which}=--output={target}", other, "main")
    assert result.exit_code == 2
    assert f"Invalid value for '{which}': '--output={target}' is not a git revision" in (
        result.output)
    assert not target.exists()


def test_changed_paths_never_hands_git_an_option(repo):
    from mentorsite.history.command import HistoryError
    from mentorsite.history.compare import changed_paths

    target = repo.root / "written"
    with pytest.raises(HistoryError, match="is not a git revision"):
        changed_paths(repo.root, "main", f"--output={target}")
    assert not target.exists()


def test_smart_warnings_of_changed_files_are_listed(repo):
    repo.git("checkout", "-q", "pr")
    repo.write("content/goals/speak.md", GOAL.format(status="active").replace(
        "why: Be heard.\n", ""))
    result = run(repo, "--base", "main")
    assert result.exit_code == 0, "warnings do not fail a review"
    assert "content/goals/speak.md:1:1` warning: goal is not yet SMART: add why" in result.output


def test_cadence_warning_is_listed(repo):
    repo.git("checkout", "-q", "pr")
    repo.git("rm", "-q", "content/checkins/2025-01-14-family.md")
    repo.commit("Keep the family note out of the repository")
    result = CliRunner().invoke(
        cli, ["--source", str(repo.root), "--today", "2025-04-01", "review", "--base", "main",
              "--head", "pr"]
    )
    assert "[checkin-overdue]" in result.output


def test_an_error_outside_the_change_is_counted_in_words(repo):
    repo.write("content/checkins/2025-01-20.md", "---\ngoals:\n  speek: {}\n---\n")
    repo.commit("A broken check-in, before the change")
    result = run(repo, "--base", "pr", "--head", "pr")
    assert result.exit_code == 1
    assert "1 error elsewhere in the content: run `mentorsite check`." in result.output


def test_what_a_check_in_says_of_a_goal_is_a_status_change(repo):
    """A check-in that calls a goal at risk is news for the review session, even when no
    reading moved: the goals table says what the newest check-in said, before → after."""
    repo.write("content/checkins/2025-01-15.md",
               "---\ngoals:\n  speak: {status: at-risk, note: Stage fright again}\n---\n")
    repo.commit("Third check-in")
    result = run(repo, "--base", "pr~1", "--head", "pr")
    assert result.exit_code == 0, result.output
    assert "**1 check-in added; Speak up: now at-risk; no errors**" in result.output
    row = next(line for line in result.output.splitlines() if line.startswith("| Speak up"))
    assert row.split(" | ")[1:3] == ["paused", "— → at-risk"]
    data = json.loads(run(repo, "--base", "pr~1", "--head", "pr", "--format", "json").output)
    [goal] = data["goals"]
    assert (goal["checkin_status_before"], goal["checkin_status_after"]) == (None, "at-risk")


def test_a_check_in_whose_date_was_fixed_is_moved_not_added_and_removed(repo):
    """Renamed to fix its date (with or without ``git mv``) and edited a little, a check-in
    is one entry that moved; a different check-in added beside a removed one is not."""
    repo.git("mv", "content/checkins/2025-01-13.md", "content/checkins/2025-01-12.md")
    path = repo.root / "content/checkins/2025-01-12.md"
    path.write_text(path.read_text().replace("Gave the demo", "Gave the demo twice"))
    result = run(repo, "--base", "pr")
    assert result.exit_code == 0, result.output
    assert "**1 check-in moved; no errors**" in result.output
    assert ("- **Moved** check-in: Check-in 13 January 2025 → Check-in 12 January 2025"
            in result.output)
    assert "  - Wins added:\n    - Gave the demo twice\n" in result.output
    data = json.loads(run(repo, "--base", "pr", "--format", "json").output)
    assert [(e["change"], e["slug"], e["moved_from"]) for e in data["entries"]] == [
        ("moved", "2025-01-12", "Check-in 13 January 2025")]

    repo.git("reset", "-q")  # as a plain mv leaves it: one file gone, one untracked
    assert "**1 check-in moved; no errors**" in run(repo, "--base", "pr").output

    # as empty a body as the one removed: what differs is what the fields say
    path.write_text("---\ngoals:\n  speak: {status: blocked, note: Nothing alike}\n"
                    "obstacles: [Flu, then a conference, then the holidays]\n---\n")
    result = run(repo, "--base", "pr")
    assert ("**1 check-in added; 1 check-in removed; Speak up: 75% → 25%, now blocked; no errors**"
            in result.output)


def test_a_goal_whose_file_was_renamed_is_one_goal_renamed(repo):
    """``git mv speak.md public-speaking.md`` (and the check-ins following it) read as one
    goal removed and a new one of the same title, each with its progress against nothing."""
    repo.git("mv", "content/goals/speak.md", "content/goals/public-speaking.md")
    for path in (repo.root / "content/checkins").glob("*.md"):
        path.write_text(path.read_text().replace("  speak:", "  public-speaking:"))
    repo.commit("Rename the goal")
    result = run(repo, "--base", "pr~1", "--head", "pr")
    assert result.exit_code == 0, result.output
    assert ("**2 check-ins changed; Speak up: renamed from speak; no errors**"
            in result.output)
    rows = [line for line in result.output.splitlines() if line.startswith("| Speak up")]
    assert rows == ["| Speak up (id speak → public-speaking) | paused | — | 75% | — |"]
    data = json.loads(run(repo, "--base", "pr~1", "--head", "pr", "--format", "json").output)
    assert [(g["id"], g["renamed_from"]) for g in data["goals"]] == [
        ("public-speaking", "speak")]


def test_a_change_of_too_many_files_is_not_searched_for_moves(repo, monkeypatch):
    """Comparing every removed entry with every added one grows as their product: past
    MOVE_PAIRS pairs the change is listed as it is."""
    from mentorsite.reports import review_entries

    repo.git("mv", "content/checkins/2025-01-13.md", "content/checkins/2025-01-12.md")
    assert "**1 check-in moved;" in run(repo, "--base", "pr").output
    monkeypatch.setattr(review_entries, "MOVE_PAIRS", 0)
    assert "**1 check-in added; 1 check-in removed;" in run(repo, "--base", "pr").output


MARKUP = "Ship *it* _now_ | `x` <b>bold</b> [link](https://e.example) ~~no~~ &amp; \\o/"
"""A title as a pair may type it, with every character Markdown reads as markup."""


def test_the_pairs_words_show_as_typed_in_the_comment(repo):
    """A title, a label and a win with Markdown's characters in them showed as emphasis, code,
    a link and raw HTML in the pull request comment, and a '|' broke its table row."""
    repo.git("checkout", "-q", "main")
    repo.write("content/goals/speak.md", GOAL.format(status="active").replace(
        "title: Speak up", f"title: '{MARKUP}'").replace("Talks given", "Talks | given *"))
    repo.commit("Typed")
    repo.git("checkout", "-q", "-b", "typed")
    repo.write("content/checkins/2025-01-13.md", CHECKIN.format(
        talks=3, extra=f"wins: ['{MARKUP}']\n"))
    result = run(repo, "--base", "main")
    assert result.exit_code == 0, result.output
    shown = markdown_reads(result.output)
    assert shown.count(MARKUP) == 3, shown  # the summary, the table, the win
    assert "Talks | given *: 1 → 3 talks" in shown


def test_a_changed_check_in_lists_only_the_wins_it_gained(repo):
    """A check-in edited to add a win listed all its wins, the old ones as if new."""
    path = repo.root / "content/checkins/2025-01-13.md"
    path.write_text(path.read_text().replace(
        "Asked the first question.]", "Asked the first question., Led the retro]"))
    result = run(repo, "--base", "pr")
    assert result.exit_code == 0, result.output
    assert "- **Changed** check-in: Check-in 13 January 2025\n  - Wins added:\n" \
           "    - Led the retro\n" in result.output
    assert "Gave the demo" not in result.output and "Stage fright" not in result.output
    data = json.loads(run(repo, "--base", "pr", "--format", "json").output)
    [entry] = data["entries"]
    assert (entry["wins"], entry["obstacles"]) == (["Led the retro"], [])


def test_mentions_and_issue_references_reach_the_comment_inert(repo):
    """The Check workflow posts the review as a pull request comment: a win thanking
    '@platform-team' for '#12' notified the whole team and linked issue 12. A zero-width
    space after the sign keeps the words as written; the JSON keeps them as they are."""
    path = repo.root / "content/checkins/2025-01-13.md"
    path.write_text(path.read_text().replace("Gave the demo", "'Thanks @platform-team for #12'"))
    result = run(repo, "--base", "main")
    assert "    - Thanks @\u200bplatform-team for #\u200b12\n" in result.output
    assert "@platform" not in result.output and "#12" not in result.output
    data = run(repo, "--base", "main", "--format", "json").output
    assert "Thanks @platform-team for #12" in data


def test_on_a_pull_requests_run_the_default_base_is_the_branch_it_is_for(repo, monkeypatch):
    """GitHub Actions names the branch a pull request is for in GITHUB_BASE_REF: a pair
    whose default branch is not main need not pass --base in their own workflow."""
    repo.git("branch", "-m", "main", "trunk")
    monkeypatch.setenv("GITHUB_BASE_REF", "trunk")
    result = run(repo, "--head", "pr")
    assert result.exit_code == 0, result.output
    assert "1 check-in added" in result.output
    repo.git("update-ref", "refs/remotes/origin/trunk", "pr")  # the remote's is the one asked
    same = run(repo, "--head", "pr").output
    assert "**no changes to the mentorship; no errors**" in same and "added" not in same
    monkeypatch.setenv("GITHUB_BASE_REF", "--all")
    assert "pass --base REF" in run(repo, "--head", "pr").output


def test_a_first_reading_that_lowers_progress_says_what_it_is_measured_by(tmp_path):
    """Progress is its metrics' readings, else its milestones done: a goal's first reading
    showed as a fall (50% → 25%) with nothing to say why."""
    repo = Repo(tmp_path / "pair")
    goal = GOAL.format(status="active")
    milestones = ("milestones:\n  - {title: Outline, due: 2025-01-10, done: 2025-01-05}\n"
                  "  - {title: Rehearse, due: 2025-02-10}\n---\n")
    repo.write("content/goals/speak.md", goal[:goal.rindex("---\n")] + milestones)
    repo.commit("Start")
    repo.git("checkout", "-q", "-b", "pr")
    repo.write("content/checkins/2025-01-13.md", CHECKIN.format(talks=1, extra=""))
    repo.commit("First reading")
    result = run(repo, "--base", "main", "--head", "pr")
    assert result.exit_code == 0, result.output
    assert "Speak up: 50% → 25% (by its readings now, by its milestones before)" in result.output
    row = next(line for line in result.output.splitlines() if line.startswith("| Speak up"))
    assert "| 50% → 25% (by its readings now, by its milestones before) |" in row
    [goal] = json.loads(run(repo, "--base", "main", "--head", "pr", "--format", "json")
                        .output)["goals"]
    assert (goal["measured_before"], goal["measured_after"]) == ("milestones", "readings")


def test_a_check_in_moved_and_made_private_is_never_mentioned(repo):
    """Private under its new name, it was "removed" under its old one, its wins quoted."""
    repo.git("checkout", "-q", "main")
    repo.write("content/checkins/2025-01-06.md", CHECKIN.format(
        talks=1, extra="wins: [SECRET-WIN]\n"))
    repo.commit("A win")
    repo.git("checkout", "-q", "-b", "hide")
    repo.git("mv", "content/checkins/2025-01-06.md", "content/checkins/2025-01-07.md")
    repo.write("content/checkins/2025-01-07.md", CHECKIN.format(
        talks=1, extra="wins: [SECRET-WIN]\nprivate: true\n"))
    repo.commit("Move it and keep it to ourselves")
    for fmt in ("markdown", "json"):
        result = run(repo, "--base", "main", "--head", "hide", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "SECRET" not in result.output and "6 January" not in result.output
        assert "emoved" not in result.output


def test_a_hint_never_names_a_private_goal(repo):
    """The review is posted on the pull request: "did you mean 'family-leave-plan'?" named a
    goal the site never shows."""
    repo.git("checkout", "-q", "main")
    repo.write("content/goals/family-leave-plan.md", GOAL.format(status="active").replace(
        "---\n", "---\nprivate: true\n", 1))
    repo.commit("A private goal")
    repo.git("checkout", "-q", "-b", "note")
    repo.write("content/evidence/2025-01-10-note.md",
               "---\ntitle: Note\ngoals: [family-leave]\nkind: story\n---\n")
    repo.commit("Evidence")
    result = run(repo, "--base", "main", "--head", "note")
    assert "unknown goal 'family-leave'" in result.output
    assert "family-leave-plan" not in result.output and "did you mean" not in result.output


def test_a_warning_on_a_public_file_never_names_a_private_check_in(tmp_path):
    """The review is posted on the pull request: a gap after a private check-in (the pair
    met, so it counts) named its date ("49 days since the check-in of 2025-01-20", or the
    days since, which date it too), a goal achieved in a private check-in was "achieved but
    no reflection names it on or after 2025-01-20", and a link to a private entry "that
    entry is private". ``check`` says the same words: one wording, naming none of them.
    (A gap after a public check-in names it: see tests/test_diagnostics_table.py.)"""
    repo = Repo(tmp_path / "pair")  # a monthly cadence: 47 days between check-ins
    repo.write("content/goals/speak.md", GOAL.format(status="active"))
    repo.write("content/checkins/2025-01-06.md", CHECKIN.format(talks=1, extra=""))
    repo.write("content/checkins/2025-01-20-family.md",
               "---\nprivate: true\ngoals:\n  speak: {status: done}\n---\nSECRET\n")
    repo.commit("Start")
    repo.git("checkout", "-q", "-b", "pr")
    repo.write("content/goals/speak.md", GOAL.format(status="achieved"))
    repo.write("content/checkins/2025-03-10.md", CHECKIN.format(talks=4, extra="") +
               "As we said [then](2025-01-20-family.md).\n")
    repo.commit("Done")
    for command in (["review", "--base", "main", "--head", "pr"], ["check"]):
        result = CliRunner().invoke(
            cli, ["--source", str(repo.root), "--today", "2025-03-15", *command])
        public = [line for line in result.output.splitlines() if "family.md:" not in line]
        said = "\n".join(public)
        for code in ("checkin-gap", "missing-reflection", "broken-link"):
            assert f"[{code}]" in said, result.output
        assert "longer than allowed since the check-in before it" in said
        assert "no reflection names it on or after the check-in that called it done" in said
        assert "2025-01-20" not in said.replace("2025-01-20-family.md", "")  # the link
        assert "20 January" not in said and " 49 days" not in said and "is private" not in said


def test_words_that_would_start_a_block_stay_in_their_item(repo):
    """A win starting '# ', '1. ' or '- ' was drawn as a heading or a list of its own."""
    from markdown_it import MarkdownIt

    path = repo.root / "content/checkins/2025-01-13.md"
    path.write_text(path.read_text().replace(
        "wins: [Gave the demo, Asked the first question.]",
        "wins: ['# 1 customer onboarded', '1. first merged PR', '- dash start']"))
    html = MarkdownIt("commonmark").render(run(repo, "--base", "main").output)
    for win in ("# 1 customer onboarded", "1. first merged PR", "- dash start"):
        assert f"<li>{win}</li>" in html.replace("\u200b", ""), html
    assert "<h1>" not in html and "<ol>" not in html


def test_a_file_name_with_backticks_stays_inside_its_code(repo):
    """The path of a problem was put between single backticks: one in the name ended the
    code, and a mention or raw HTML after it went live in the comment."""
    from markdown_it import MarkdownIt

    repo.write("content/notes `@octocat <img src=x> #12`.txt", "x")
    result = run(repo, "--base", "main")
    assert result.exit_code == 1
    html = MarkdownIt("commonmark").render(result.output)
    assert "<code>content/notes `@octocat &lt;img src=x&gt; #12`.txt:1:1</code>" in html, html


def test_a_terminal_escape_in_a_file_name_is_shown_as_its_escape(repo):
    """A problem's path went into the comment's code span as it was: Click stripped the
    ANSI sequence from output that is not a terminal, naming ``xy.md`` (no such file), and
    a terminal or a pasted comment got the raw escape."""
    repo.write("content/checkins/x\x1b[31my.md", CHECKIN.format(talks=2, extra=""))
    result = run(repo, "--base", "main")
    assert result.exit_code == 1, result.output
    assert "`content/checkins/x\\x1b[31my.md:1:1` error:" in result.output, result.output
    assert "\x1b" not in CliRunner().invoke(
        cli, ["--source", str(repo.root), "--today", "2025-01-15", "review", "--base", "main"],
        color=True).output


def test_the_default_base_is_where_the_head_given_left_main(repo):
    """Run on main, ``--head pr`` took the merge base of main with itself: main's newer
    check-in read as one the pull request removed."""
    repo.git("checkout", "-q", "main")
    repo.write("content/checkins/2025-01-09.md", CHECKIN.format(
        talks=2, extra="wins: [Main-side win]\n"))
    repo.commit("Main moves on")
    result = run(repo, "--head", "pr")
    assert result.exit_code == 0, result.output
    assert "**1 check-in added;" in result.output
    assert "Main-side win" not in result.output and "emoved" not in result.output
    assert run(repo, "--head", "no-such-branch").exit_code == 2


def test_the_summary_line_says_what_became_of_each_goal(repo):
    """A goal achieved or paused, or a goal added, was in the table but not in the summary,
    and a pull request that changed nothing read as one with changes: "no errors"."""
    repo.write("content/goals/listen.md", GOAL.format(status="active").replace(
        "Speak up", "Listen well"))
    repo.commit("A second goal")
    result = run(repo, "--base", "main", "--head", "pr")
    assert "Listen well: added" in result.output
    assert "Speak up: active → paused, 25% → 75%" in result.output
    assert "**no changes to the mentorship; no errors**" in run(repo, "--base", "pr",
                                                              "--head", "pr").output


def test_where_no_base_can_be_found_the_error_says_why(repo, tmp_path, monkeypatch):
    """A shallow clone was told it had no default branch, though origin/main was there; a
    GITHUB_BASE_REF naming no branch here fell back to main without a word; outside a
    repository an explicit --base was said to name no commit. Each is a usage error (exit
    2), not the head's errors (exit 1)."""
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "pr", "--no-single-branch",
                    f"file://{repo.root}", str(clone)], check=True)
    monkeypatch.setenv("GITHUB_BASE_REF", "main")  # its origin/HEAD is the request's own
    result = CliRunner().invoke(cli, ["--source", str(clone), "review"])
    assert result.exit_code == 2
    assert "shallow clone" in result.output and "fetch-depth: 0" in result.output
    monkeypatch.setenv("GITHUB_BASE_REF", "release-2026")
    result = run(repo, "--head", "pr")
    assert result.exit_code == 2
    assert "GITHUB_BASE_REF names the branch 'release-2026'" in result.output
    monkeypatch.delenv("GITHUB_BASE_REF")
    (tmp_path / "plain").mkdir()
    result = CliRunner().invoke(cli, ["--source", str(tmp_path / "plain"), "review",
                                      "--base", "main"])
    assert result.exit_code == 2
    assert "the source folder is not in a git repository" in result.output


def _edited_on_a_branch(repo: Repo, path: str, branch: str, before: str, after: str,
                        base: str):
    """``path`` committed as ``before`` on the branch checked out (``base``), then as
    ``after`` on a new ``branch``: the review of that branch against ``base``."""
    repo.write(path, before)
    repo.commit("Before")
    repo.git("checkout", "-q", "-b", branch)
    repo.write(path, after)
    repo.commit("After")
    return run(repo, "--base", base, "--head", branch)


def test_a_check_in_made_public_is_what_the_merge_publishes(repo):
    """Private on the base, it was left out on both sides: the reviewers were not told the
    merge would publish it. Its private past is still not quoted (nothing "changed")."""
    repo.git("checkout", "-q", "main")
    result = _edited_on_a_branch(
        repo, "content/checkins/2025-01-08-talk.md", "share",
        CHECKIN.format(talks=2, extra="wins: [OLD-WIN]\nprivate: true\n"),
        CHECKIN.format(talks=2, extra="wins: [OLD-WIN, Ready to share]\n"), base="main")
    assert result.exit_code == 0, result.output
    assert "**1 check-in made public; Speak up: 25% → 50%; no errors**" in result.output
    assert ("- **Made public** check-in: Check-in 8 January 2025 (talk)\n  - Wins:\n"
            "    - OLD-WIN\n"
            "    - Ready to share\n") in result.output
    data = json.loads(run(repo, "--base", "main", "--head", "share", "--format", "json").output)
    assert [(e["slug"], e["change"]) for e in data["entries"]] == [
        ("2025-01-08-talk", "made public")]


def test_a_goal_made_public_under_a_new_name_is_added(repo):
    """Renamed and made public in one change: the head publishes it; before, being private
    under its old name hid it under both."""
    repo.git("checkout", "-q", "main")
    repo.write("content/goals/quiet.md", GOAL.format(status="active").replace(
        "Speak up", "Listen well").replace("---\n", "---\nprivate: true\n", 1))
    repo.commit("A private goal")
    repo.git("checkout", "-q", "-b", "share")
    repo.git("mv", "content/goals/quiet.md", "content/goals/listen.md")
    repo.write("content/goals/listen.md", GOAL.format(status="active").replace(
        "Speak up", "Listen well"))
    repo.commit("Share it under its own name")
    result = run(repo, "--base", "main", "--head", "share")
    assert result.exit_code == 0, result.output
    assert "**Listen well: added; no errors**" in result.output
    assert "quiet" not in result.output


def test_a_check_in_broken_by_the_pull_request_is_not_removed(repo):
    """A typo in its front matter: the head cannot read it, and the review called it removed
    (its wins quoted as gone) above the problem that says why."""
    repo.git("checkout", "-q", "-b", "typo")
    repo.write("content/checkins/2025-01-06.md", "---\ngoals: [speak\nwins: [Spoke]\n---\n")
    repo.commit("A typo")
    for fmt in ("markdown", "json"):
        result = run(repo, "--base", "pr", "--head", "typo", "--format", fmt)
        assert result.exit_code == 1, result.output
        assert "emoved" not in result.output and "content/checkins/2025-01-06.md" in result.output
    result = run(repo, "--base", "pr", "--head", "typo")
    assert "**1 check-in changed; 1 error**" in result.output
    assert ("- **Changed** check-in: Check-in 6 January 2025 (it cannot be read: see its "
            "problems below)\n") in result.output


def test_new_entries_with_errors_are_listed_with_their_problems(repo):
    """They were left out, and the summary said "no changes to the mentorship; 2 errors"."""
    repo.git("checkout", "-q", "-b", "session")
    repo.write("content/checkins/2025-01-20.md",
               CHECKIN.format(talks=3, extra='wins: [Big win, ""]\n'))
    repo.write("content/evidence/2025-01-21-fb.md", '---\ntitle: Feedback\nrating: "5"\n---\n')
    repo.commit("A session")
    result = run(repo, "--base", "pr", "--head", "session")
    assert result.exit_code == 1
    assert "**1 check-in added; 1 evidence entry added; 2 errors**" in result.output
    assert "- **Added** check-in: 2025-01-20.md (it has errors: see its problems" in result.output
    assert "- **Added** evidence entry: 2025-01-21-fb.md (it has errors" in result.output
    assert "elsewhere in the content" not in result.output  # both are listed here
    data = json.loads(run(repo, "--base", "pr", "--head", "session", "--format", "json").output)
    assert [(e["slug"], e["change"], e["unreadable"], e["readable"])
            for e in data["entries"]] == [
        ("2025-01-20", "added", True, True), ("2025-01-21-fb", "added", True, True)]


def test_a_check_in_naming_an_unknown_goal_is_not_called_unreadable(repo):
    """A goal id mistyped (``goals: {speek: …}``) left the check-in out, and the review said
    it "cannot be read", sending the pair to hunt for a YAML error in a file that parses; it
    says the file has errors, and the problem below names the goal meant."""
    repo.git("checkout", "-q", "-b", "typo")
    repo.write("content/checkins/2025-01-14.md",
               "---\ngoals:\n  speek: {status: on-track}\n---\n")
    repo.commit("A session")
    result = run(repo, "--base", "pr", "--head", "typo")
    assert result.exit_code == 1
    assert ("- **Added** check-in: 2025-01-14.md (it has errors: see its problems below)\n"
            in result.output)
    assert "cannot be read" not in result.output
    assert "unknown goal 'speek' (did you mean 'speak'?)" in result.output


def test_a_check_in_the_pull_request_mends_is_fixed_not_added(repo):
    result = _edited_on_a_branch(
        repo, "content/checkins/2025-01-20.md", "mend", "---\ngoals: [speak\n---\n",
        CHECKIN.format(talks=3, extra="wins: [Gave the talk]\n"), base="pr")
    assert result.exit_code == 0, result.output
    assert "**1 check-in fixed; no errors**" in result.output
    assert "- **Fixed** check-in: Check-in 20 January 2025\n  - Wins:\n    - Gave the talk\n" \
        in result.output


def test_a_hint_never_names_a_private_goals_metric(repo):
    repo.git("checkout", "-q", "main")
    repo.write("content/goals/family-plan.md", GOAL.format(status="active").replace(
        "---\n", "---\nprivate: true\n", 1).replace("id: talks", "id: panic-attacks"))
    repo.commit("A private goal")
    repo.git("checkout", "-q", "-b", "note")
    repo.write("content/checkins/2025-01-10.md",
               "---\ngoals:\n  speak: {metrics: {talk: 2}}\n"
               "  family-plan: {metrics: {attacks: 1}}\n---\n")
    repo.commit("A check-in")
    for fmt in ("markdown", "json"):
        result = run(repo, "--base", "main", "--head", "note", "--format", fmt)
        assert "unknown metric 'attacks' for goal 'family-plan'" in result.output
        assert "panic" not in result.output
        assert "did you mean 'talks'" in result.output, "a public goal's hint stays"


def test_a_hint_never_names_a_private_goals_milestone(repo):
    """A public reflection on a private goal (the reflection names it, the site leaves it out)
    whose ``milestone`` is a near miss of that goal's milestone was warned of with "did you
    mean 'Ana's court hearing set'?": the review, posted on the pull request, quoted a
    milestone the site never shows. A public goal's milestone is still suggested."""
    repo.git("checkout", "-q", "main")  # (check now gives the public reflection no warning)
    repo.write("content/goals/family.md", GOAL.format(status="active").replace(
        "---\n", "---\nprivate: true\nmilestones:\n"
        "  - {title: Ana's court hearing set, due: 2025-03-01, done: false}\n", 1))
    repo.write("content/goals/speak.md", GOAL.format(status="active").replace(
        "---\n", "---\nmilestones:\n  - {title: First talk given, due: 2025-03-01, "
        "done: false}\n", 1))
    repo.commit("A private goal, a public milestone")
    repo.git("checkout", "-q", "-b", "note")
    prompts = "".join(f"## {p}\nSo.\n" for p in ("What happened", "Why it mattered",
                                                    "What I learned", "What changes next"))
    repo.write("content/reflections/2025-01-10-hearing.md",
               f"---\ntitle: A week\ngoals: [family]\nmilestone: Ana's court hearing sat\n"
               f"---\n{prompts}")
    repo.write("content/reflections/2025-01-11-talk.md",
               f"---\ntitle: A talk\ngoals: [speak]\nmilestone: First talk givn\n---\n{prompts}")
    repo.commit("Reflections")
    for fmt in ("markdown", "json"):
        result = run(repo, "--base", "main", "--head", "note", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "hearing s" not in result.output  # check gives it no warning (§11)
        assert "did you mean 'First talk given'?" in result.output, "a public one's stays"


PLANNED = GOAL.format(status="active") + "We practise at the team meeting.\nThen at the guild.\n"


def _replanned(repo: Repo, text: str) -> str:
    """The goal as ``PLANNED`` on main, and as ``text`` on a branch ``replan``."""
    repo.git("checkout", "-q", "main")
    repo.write("content/goals/speak.md", PLANNED)
    repo.commit("Plan")
    repo.git("checkout", "-q", "-b", "replan")
    repo.write("content/goals/speak.md", text)
    repo.commit("Replan")
    return repo.git("rev-parse", "HEAD").strip()


def test_a_goals_own_plan_changes_are_listed(repo):
    """A due date moved, a target raised, a milestone added and the plan's text rewritten
    were not mentioned: "no changes to the mentorship", as long as the progress held."""
    _replanned(repo, PLANNED.replace("due: 2025-06-30", "due: 2025-09-30")
               .replace("target: 4}", "target: 8}")
               .replace("---\nWe", "milestones:\n  - {title: First talk, due: 2025-03-01}\n---\nWe")
               .replace("Then at the guild.", "Then at the guild, twice.\nThen at a meetup."))
    result = run(repo, "--base", "main", "--head", "replan")
    assert result.exit_code == 0, result.output
    assert ("**Speak up: plan changed (due, metrics, milestones, text), 25% → 13%; no errors**"
            in result.output)
    assert ("### Goal plans changed\n\n- **Speak up**\n"
            "  - `due`: 2025-06-30 → 2025-09-30\n"
            "  - `metrics.talks.target`: 4 → 8\n"
            "  - `milestones.First talk.title`: added First talk\n"
            "  - `milestones.First talk.due`: added 2025-03-01\n"
            "  - `milestones.First talk.done`: added false\n"
            "  - plan text changed (2 lines added, 1 removed)\n") in result.output
    data = json.loads(run(repo, "--base", "main", "--head", "replan", "--format", "json").output)
    [goal] = data["goals"]
    assert goal["plan"][:2] == [
        {"field": "due", "before": "2025-06-30", "after": "2025-09-30"},
        {"field": "metrics.talks.target", "before": "4", "after": "8"}]
    assert (goal["text_added"], goal["text_removed"]) == (2, 1)


def test_a_plan_change_reads_as_the_goals_history_reads_it(repo):
    """A field written out as its default (``baseline: 0``) changes nothing, a status stays
    in its own column, and what is left is what the goal's page lists for the same commit."""
    sha = _replanned(repo, PLANNED.replace("baseline: 0,", "")
                     .replace("status: active", "status: paused")
                     .replace("title: Speak up", "title: Speak up at work"))
    result = run(repo, "--base", "main", "--head", "replan")
    assert "- **Speak up at work**\n  - `title`: Speak up → Speak up at work\n" in result.output
    assert "baseline" not in result.output and "`status`" not in result.output
    assert "Speak up at work: active → paused, plan changed (title)" in result.output
    history = evolution(read_history(repo.root), ()).files["content/goals/speak.md"]
    [revision] = [r for r in history.revisions if r.commit.sha == sha]
    data = json.loads(run(repo, "--base", "main", "--head", "replan", "--format", "json").output)
    assert [tuple(c.values()) for c in data["goals"][0]["plan"]] == [
        tuple(c) for c in revision.changes if c.field != "status"]


def test_a_private_goals_plan_is_never_mentioned(repo):
    """A private goal replanned is not mentioned at all; a public goal pivoted to it does not
    name it (its page does not either)."""
    repo.git("checkout", "-q", "main")
    repo.write("content/goals/quiet.md", PLANNED.replace("Speak up", "SECRET-GOAL")
               .replace("---\n", "---\nprivate: true\n", 1))
    repo.commit("A private goal")
    _replanned(repo, PLANNED.replace("status: active", "status: pivoted\npivoted_to: quiet"))
    repo.write("content/goals/quiet.md", PLANNED.replace("Speak up", "SECRET-GOAL")
               .replace("---\n", "---\nprivate: true\n", 1)
               .replace("due: 2025-06-30", "due: 2025-07-31") + "SECRET-PLAN\n")
    repo.commit("Replan the private goal")
    for fmt in ("markdown", "json"):
        result = run(repo, "--base", "main", "--head", "replan", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "SECRET" not in result.output and "quiet" not in result.output
        assert "2025-07-31" not in result.output and "pivoted_to" not in result.output
    text = run(repo, "--base", "main", "--head", "replan").output
    assert "**Speak up: active → pivoted; no errors**" in text
    assert "### Goal plans changed" not in text


def _goal_ids_read_by_review(tmp_path, goals: int, monkeypatch) -> int:
    """How many times ``review`` reads a goal's id on a repository of ``goals`` goals."""
    repo = Repo(tmp_path / f"pair-{goals}")
    for number in range(goals):
        repo.write(f"content/goals/g{number}.md", GOAL.format(status="active"))
    repo.commit("Goals")
    reads = 0
    slug_of = Goal.id.fget
    assert slug_of is not None

    def counted(goal: Goal) -> str:
        nonlocal reads
        reads += 1
        return slug_of(goal)

    with monkeypatch.context() as patch:
        patch.setattr(Goal, "id", property(counted))
        assert run(repo, "--base", "HEAD").exit_code == 0
    return reads


def test_review_looks_each_goal_up_once_not_through_every_goal(tmp_path, monkeypatch):
    """Each goal was found by a scan of every goal, on both sides: a pair with 2,000 goals
    waited 5 s for a review of no change. Four times the goals now cost about four times the
    reads of their ids, not sixteen times."""
    few = _goal_ids_read_by_review(tmp_path, 20, monkeypatch)
    many = _goal_ids_read_by_review(tmp_path, 80, monkeypatch)
    assert many < 6 * few


ARABIC = "التحدث أمام الجمهور 2 مرة!"
"""A goal title in Arabic holding a number and ending in '!': bare in an English sentence it
takes the words after it into its right-to-left run ("…!: active → paused" read backwards)."""


def test_a_right_to_left_title_or_win_is_isolated_in_the_comment(repo):
    """An Arabic goal title in the summary line and the goals table, and an
    Arabic win, are each between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE in the
    Markdown (GitHub strips <bdi>), so the English around them keeps its order; a win ending in
    a link is left bare, as GitHub would take the mark into the link; the JSON has no marks."""
    repo.git("checkout", "-q", "main")
    repo.write("content/goals/speak.md", GOAL.format(status="active").replace(
        "title: Speak up", f"title: '{ARABIC}'"))
    repo.commit("Arabic")
    repo.git("checkout", "-q", "-b", "arabic")
    repo.write("content/goals/speak.md", GOAL.format(status="paused").replace(
        "title: Speak up", f"title: '{ARABIC}'"))
    repo.write("content/checkins/2025-01-13.md", CHECKIN.format(
        talks=3, extra=f"wins: ['{ARABIC}', 'شكرا https://example.org/a']\n"))
    result = run(repo, "--base", "main")
    assert result.exit_code == 0, result.output
    shown = markdown_reads(result.output)
    isolated = f"\u2068{ARABIC}\u2069"
    assert f"{isolated}: active → paused" in shown, shown
    assert f"| {isolated} |" in result.output
    assert f"    - {isolated}\n" in result.output
    assert "    - شكرا https://example.org/a\n" in result.output
    data = run(repo, "--base", "main", "--format", "json").output
    assert "\u2068" not in data and "\u2069" not in data


def test_a_new_check_in_status_after_an_old_one_reads_before_and_after(repo):
    """What the newest check-in says of a goal, when one before it said something else: the
    summary line gives both ("at-risk → on-track"), not "now" as for a first word on it."""
    repo.write("content/checkins/2025-01-14.md",
               "---\ngoals:\n  speak: {status: at-risk}\n---\n")
    repo.commit("At risk")
    repo.write("content/checkins/2025-01-15.md",
               "---\ngoals:\n  speak: {status: on-track}\n---\n")
    repo.commit("Back on track")
    result = run(repo, "--base", "pr~1", "--head", "pr")
    assert "**1 check-in added; Speak up: at-risk → on-track; no errors**" in result.output


def test_a_warning_the_base_had_already_is_not_one_this_change_raises(repo):
    """A goal not yet SMART before the pull request, and not changed by it, is no news: the
    comment lists only the warnings the change brings."""
    repo.write("content/goals/speak.md", GOAL.format(status="paused").replace(
        "why: Be heard.\n", ""))
    repo.commit("Drop the why")
    repo.write("content/checkins/2025-01-15.md", CHECKIN.format(talks=3, extra=""))
    repo.commit("Third check-in")
    result = run(repo, "--base", "pr~1", "--head", "pr")
    assert result.exit_code == 0, result.output
    assert "not yet SMART" not in result.output
    assert "not yet SMART" in run(repo, "--base", "pr~2", "--head", "pr").output  # its change


def _work_done(repo: Repo, monkeypatch, *args: str) -> tuple[Counter[str], Counter[str],
                                                             Counter[str]]:
    """What ``review`` with ``args`` does over again: the texts whose front matter it parses,
    the paths whose fields it checks, the goals whose views it makes, each with how often.
    It makes no site's wins, timeline or health, which it shows none of."""
    parsed: Counter[str] = Counter()
    checked: Counter[str] = Counter()
    viewed: Counter[str] = Counter()

    def unused(*_args):
        raise AssertionError("review shows no wins, timeline or health")
    split, check_fields, goal_view = load.split, validate._check_fields, insights._goal_view

    def parse(text, known=None):
        parsed[text] += 1
        return split(text, known)

    def check(raw, diagnostics):
        checked[raw.path] += 1
        return check_fields(raw, diagnostics)

    def view(goal, index, today):
        viewed[goal.id] += 1
        return goal_view(goal, index, today)

    with monkeypatch.context() as patch:
        patch.setattr(load, "split", parse)
        patch.setattr(version_read, "split", parse)  # a goal's plan, before and after
        patch.setattr(private_versions, "split", parse)  # whether a file is private
        patch.setattr(validate, "_check_fields", check)
        patch.setattr(insights, "_goal_view", view)
        for name in ("_wins", "_timeline", "_health"):
            patch.setattr(insights, name, unused)
        result = run(repo, *args)
    assert result.exit_code == 0, result.output
    assert "1 check-in changed" in result.output
    return parsed, checked, viewed


@pytest.mark.parametrize("head", [["--head", "pr"], []], ids=["commit", "working-tree"])
def test_what_both_sides_share_is_read_once(tmp_path, monkeypatch, head):
    """Review parsed, checked and summed up every file of both sides: on the 5,000-file
    benchmark corpus a pull request changing one check-in took 3.9 CPU s, twice what reading
    the content once does. A file the same on both sides is parsed and checked once (a goal's
    plan is not compared with itself), a goal with the same entries naming it is viewed once;
    the changed check-in, and the goal it names, on each side."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", GOAL.format(status="active"))
    repo.write("content/goals/other.md", GOAL.format(status="paused"))
    for day in range(1, 8):
        repo.write(f"content/checkins/2025-01-0{day}.md", CHECKIN.format(talks=day, extra=""))
    repo.commit("Start")
    repo.git("checkout", "-q", "-b", "pr")
    repo.write("content/checkins/2025-01-07.md", CHECKIN.format(talks=9, extra=""))
    if head:
        repo.commit("Fewer talks than I said")
    parsed, checked, viewed = _work_done(repo, monkeypatch, "--base", "main", *head)
    assert set(parsed.values()) == {1} and len(parsed) == 10, parsed
    assert checked == {**dict.fromkeys(checked, 1), "content/checkins/2025-01-07.md": 2}
    assert viewed == {"other": 1, "speak": 2}


def test_the_blobs_of_both_sides_come_through_one_cat_file(tmp_path, monkeypatch):
    """Each side's tree was read by a ``cat-file --batch`` of its own, so every file the two
    share went through git twice (0.38 of review's 3.1 CPU s on the 5,000-file benchmark
    corpus, one file changed). One reading now asks for each blob once, for both sides."""
    asked = asked_of_git(monkeypatch, compare)
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", GOAL.format(status="active"))
    repo.write("content/checkins/2025-01-06.md", CHECKIN.format(talks=1, extra=""))
    repo.commit("Start")
    repo.git("checkout", "-q", "-b", "pr")
    repo.write("content/checkins/2025-01-06.md", CHECKIN.format(talks=2, extra=""))
    repo.commit("Two talks")
    result = CliRunner().invoke(cli, ["--source", str(repo.root), "review", "--base", "main",
                                      "--head", "pr"])
    assert result.exit_code == 0, result.output
    [blobs] = asked
    assert len(blobs) == len(set(blobs)) == 4  # settings, goal, and the check-in twice
