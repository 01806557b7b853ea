"""`mentorsite init`: a repository that works from the first commit, and never a file replaced.

Each test scaffolds into a fresh folder under ``tmp_path`` through the real command, then reads
back what was written: the settings through ``check``, the workflows as YAML, git with git.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import traceback
import zipfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import TODAY

from mentorsite import __version__
from mentorsite.authoring import git_init
from mentorsite.authoring.scaffold import machine_zone, release_series
from mentorsite.cli.main import cli
from mentorsite.errors import MentorsiteError
from mentorsite.model import project as project_module
from mentorsite.model.project import read_project

PROJECT = Path(__file__).resolve().parents[1]

SCAFFOLD = (
    "mentorsite.yml",
    "content/goals/present-with-confidence.md",
    ".gitignore",
    "README.md",
    ".github/workflows/check.yml",
    ".github/workflows/pages.yml",
    ".github/dependabot.yml",
)
"""Every file ``init`` writes into an empty folder."""

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def answering_cli():
    """Like ``run_cli``, with ``input`` for the prompts; a crash still fails the test."""

    def run(*args, input=None):
        result = CliRunner().invoke(cli, [str(arg) for arg in args], input=input)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            assert result.exc_info is not None
            pytest.fail("".join(traceback.format_exception(*result.exc_info)))
        return result

    return run


@pytest.fixture
def init(answering_cli, tmp_path):
    """Run ``mentorsite --today TODAY init <tmp_path/name> ARGS…``; return (folder, result)."""

    def run(*args, name="plan", input=None):
        folder = tmp_path / name
        return folder, answering_cli("--today", TODAY, "init", folder, *args, input=input)

    return run


def _settings(folder: Path):
    return read_project(folder, date.fromisoformat(TODAY)).model.settings


def _workflow(folder: Path, name: str) -> dict:
    data = yaml.safe_load((folder / ".github" / "workflows" / name).read_text("utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def _steps(job: dict) -> dict[str, dict]:
    """Steps by what they use (action name without version) or the command they run."""
    return {step.get("uses", "").split("@")[0] or step["run"]: step for step in job["steps"]}


# --- what is written ---------------------------------------------------------------------------


def test_init_writes_every_file_and_prints_each(init):
    folder, result = init("--no-interactive", "--mentee", "Priya Raman")
    assert result.exit_code == 0, result.output
    for relpath in SCAFFOLD:
        assert (folder / relpath).is_file(), relpath
        assert f"created {(folder / relpath).as_posix()}" in result.output


def test_the_new_repository_passes_check_without_a_single_diagnostic(init, check_json):
    folder, _ = init("--no-interactive", "--mentee", "Priya", "--mentor", "Jordan")
    code, rows = check_json(folder)
    assert (code, rows) == (0, [])


def test_the_new_repository_builds(init, run_cli):
    folder, _ = init("--no-interactive")
    result = run_cli("--source", folder, "--today", TODAY, "build", "--no-history", "-q")
    assert result.exit_code == 0, result.output
    assert (folder / "_site" / "goals" / "present-with-confidence" / "index.html").is_file()


def test_flags_become_the_settings(init):
    folder, _ = init(
        "--no-interactive", "--mentee", "Priya Raman", "--mentor", "Jordan Ellis",
        "--mentor", "Sam O'Kafor", "--cadence", "weekly", "--title", "yes",
    )
    settings = _settings(folder)
    assert settings.mentee == "Priya Raman"
    assert settings.mentors == ("Jordan Ellis", "Sam O'Kafor")
    assert settings.cadence == "weekly"
    assert settings.title == "yes"  # quoted in the file, so YAML does not read it as true


@pytest.mark.parametrize(("args", "why"), [
    (("--title", "   "), "Invalid value for '--title': must not be blank"),
    (("--mentee", ""), "Invalid value for '--mentee': must not be blank"),
    (("--mentor", "Jo", "--mentor", "  "), "Invalid value for '--mentor': must not be blank"),
    (("--title", "Ana\x1b[31m"), "Invalid value for '--title': holds the control character "
                                  "U+001B: remove it"),
    (("--mentee", "Ana\x00"), "Invalid value for '--mentee': holds the control character "
                               "U+0000: remove it"),
    (("--mentor", "Jo\x7f"), "Invalid value for '--mentor': holds the control character "
                              "U+007F: remove it"),
    (("--mentee", b"Jos\xe9".decode("utf-8", "surrogateescape")),  # a Latin-1 terminal's
     "Invalid value for '--mentee': is not valid UTF-8"),  # a traceback, once it was written
])
def test_a_name_the_settings_would_refuse_is_a_usage_error_naming_the_option(
        init, args, why):
    """It said "invalid settings: must not be blank", exit 1, naming no option; a blank
    ``--mentee`` or ``--mentor`` was dropped without a word (leaving it out names no one)."""
    folder, result = init("--no-interactive", *args)
    assert result.exit_code == 2
    assert why in result.output
    assert not folder.exists()


def test_names_typed_over_lines_are_kept_on_one(init):
    """A newline in --mentee split the README's heading in two."""
    folder, result = init("--no-interactive", "--mentee", "Ana\nSilva", "--mentor",
                          "Jo\n  Mentor")
    assert result.exit_code == 0, result.output
    settings = _settings(folder)
    assert (settings.mentee, settings.mentors) == ("Ana Silva", ("Jo Mentor",))
    readme = (folder / "README.md").read_text("utf-8").splitlines()
    assert readme[0] == "# Ana Silva's mentorship"
    assert readme[2].startswith("Ana Silva, mentored by Jo Mentor. ")


def test_a_blank_title_answered_is_asked_again(init):
    """It aborted with "invalid settings" after every question had been answered."""
    folder, result = init("--interactive", input="Ana\n\n\n   \nOur plan\n")
    assert result.exit_code == 0, result.output
    assert "Error: must not be blank" in result.output
    assert _settings(folder).title == "Our plan"


def test_a_number_of_days_is_a_cadence(init):
    folder, _ = init("--no-interactive", "--cadence", "10")
    assert _settings(folder).cadence == 10


@pytest.mark.parametrize(("written", "meant"), [
    ("every 2 weeks", "'biweekly'"), ("once a month", "'monthly'"), ("3 weeks", "21")])
def test_a_cadence_in_words_is_answered_with_the_one_meant(init, written, meant):
    folder, result = init("--no-interactive", "--cadence", written)
    assert result.exit_code == 2
    assert f"(did you mean {meant}?)" in result.output
    assert not folder.exists()


def test_defaults_when_nothing_is_given_and_nobody_can_answer(init):
    folder, result = init()  # CliRunner's stdin is not a terminal: no prompts
    assert result.exit_code == 0, result.output
    settings = _settings(folder)
    assert (settings.title, settings.mentee, settings.mentors, settings.cadence) == (
        "Mentorship progress", None, (), "biweekly",
    )
    assert "# mentee:" in (folder / "mentorsite.yml").read_text("utf-8")


def test_the_title_defaults_to_the_mentees_name(init):
    folder, _ = init("--no-interactive", "--mentee", "Priya")
    assert _settings(folder).title == "Priya's mentorship"


def test_a_right_to_left_mentees_name_ends_the_title(init):
    """'مريم's mentorship' started with a right-to-left letter, so the header (which reads a
    title in the direction of its first letter) showed "s mentorship'مريم"; the name now
    comes last. In the README the names are isolated, so that GitHub keeps its English line
    left to right, and two Arabic mentors' names keep their order around the comma."""
    folder, _ = init("--no-interactive", "--mentee", "مريم", "--mentor", "ليلى",
                     "--mentor", "يوسف", "--mentor", "Jo")
    assert _settings(folder).title == "Mentorship of مريم"
    readme = (folder / "README.md").read_text("utf-8").splitlines()
    assert readme[0] == "# Mentorship of مريم"
    assert readme[2].startswith(
        "\u2068مريم\u2069, mentored by \u2068ليلى\u2069, \u2068يوسف\u2069 and Jo. ")


def test_interactive_init_asks_for_what_the_flags_leave_out(init):
    # an invalid cadence is asked again; an empty title takes the default
    folder, result = init(
        "--interactive", "--mentor", "Sam", input="Priya Raman\nfortnightly\n10\n\n"
    )
    assert result.exit_code == 0, result.output
    assert "Mentee's name" in result.output
    assert "Mentors" not in result.output  # given as a flag
    assert "is not weekly, biweekly, monthly or a number of days" in result.output
    settings = _settings(folder)
    assert (settings.mentee, settings.mentors, settings.cadence, settings.title) == (
        "Priya Raman", ("Sam",), 10, "Priya Raman's mentorship",
    )


def test_interactive_mentors_are_separated_by_commas(init):
    folder, result = init("--interactive", input="\nJordan Ellis, Sam Okafor ,\nweekly\nPlan\n")
    assert result.exit_code == 0, result.output
    settings = _settings(folder)
    assert (settings.mentee, settings.mentors, settings.title) == (
        None, ("Jordan Ellis", "Sam Okafor"), "Plan",
    )


@pytest.mark.parametrize("cadence", ["fortnightly", "0", "367", "\u00b2"])
def test_a_bad_cadence_flag_is_a_usage_error(init, cadence):
    """Refused before anything is written: 367 days passed here and then failed the settings'
    own check, leaving init half done; a superscript two passed isdigit."""
    folder, result = init("--cadence", cadence)
    assert result.exit_code == 2, result.output
    assert f"'{cadence}' is not weekly, biweekly, monthly or a number of days from 1 to 366" \
        in result.output
    assert not folder.exists()


@pytest.mark.parametrize(("cadence", "meant"), [
    ("fortnightly", "biweekly"), ("every two weeks", "biweekly"), ("Weekley", "weekly"),
    ("monthy", "monthly"),
])
def test_a_cadence_spelt_otherwise_is_named_as_check_names_it(init, cadence, meant):
    """``check`` says "did you mean 'biweekly'?" of ``cadence: fortnightly`` in
    mentorsite.yml; init, where a pair first writes it, said only what it was not."""
    _, result = init("--cadence", cadence)
    assert result.exit_code == 2
    assert f"number of days from 1 to 366 (did you mean '{meant}'?)" in result.output
    _, asked = init("--interactive", input=f"Priya\n\n{cadence}\n{meant}\n\n")
    assert asked.exit_code == 0, asked.output
    assert f"(did you mean '{meant}'?)" in asked.output


@pytest.mark.parametrize("place", ["content", ".github/workflows"])
def test_a_file_where_a_folder_should_be_stops_init_before_it_writes(init, tmp_path, place):
    """It wrote mentorsite.yml and a git repository, then failed with "Not a directory"."""
    folder = tmp_path / "plan"
    (folder / place).parent.mkdir(parents=True, exist_ok=True)
    (folder / place).write_text("mine\n")
    _, result = init("--no-interactive")
    assert result.exit_code == 1
    assert f"{place} is a file, where a folder should be; nothing was written" in result.output
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == sorted(
        {place, *(p.as_posix() for p in Path(place).parents if p != Path("."))})


def test_a_link_leading_nowhere_where_a_folder_should_be_stops_init_before_it_writes(
        init, tmp_path):
    """A dangling ``.github/workflows`` link: settings, README, example goal and ``.git`` were
    written, then init failed with "cannot create …: File exists" and no word of them."""
    folder = tmp_path / "plan"
    (folder / ".github").mkdir(parents=True)
    (folder / ".github/workflows").symlink_to(tmp_path / "nowhere")
    _, result = init("--no-interactive")
    assert result.exit_code == 1
    assert (".github/workflows is a link leading nowhere, where a folder should be; "
            "nothing was written") in result.output
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == [
        ".github", ".github/workflows"]
    (folder / "content").write_text("mine\n")  # two things in the way: each is named
    _, both = init("--no-interactive")
    assert (".github/workflows is a link leading nowhere, where a folder should be; content "
            "is a file, where a folder should be; nothing was written") in " ".join(
        both.output.split())


@pytest.mark.parametrize("blocking", ["file", "link"])
def test_a_directory_that_cannot_be_made_names_what_stands_in_its_way(
        answering_cli, tmp_path, blocking):
    """``init plan/sub`` with plan a file, or ``init plan`` with plan a link leading nowhere,
    said only "Not a directory" or "File exists"."""
    plan = tmp_path / "plan"
    if blocking == "file":
        plan.write_text("mine\n")
        target, what = plan / "sub", "a file"
    else:
        plan.symlink_to(tmp_path / "nowhere")
        target, what = plan, "a link leading nowhere"
    result = answering_cli("--today", TODAY, "init", target, "--no-interactive")
    assert result.exit_code == 1
    assert (f"cannot create {target}: {plan} is {what}, where a folder should be"
            in " ".join(result.output.split()))


def test_a_folder_that_cannot_be_made_stops_init_before_it_writes(init, tmp_path,
                                                                   monkeypatch):
    """``.github`` not writable: the folders init had made are taken away again and no file
    is written, so the pair is not left with half a scaffold."""
    real_mkdir = Path.mkdir

    def mkdir(self, *args, **kwargs):
        if self.name == "workflows":
            raise PermissionError(13, "Permission denied", str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    folder, result = init("--no-interactive")
    assert result.exit_code == 1
    assert ("cannot create .github/workflows: Permission denied; nothing was written"
            in result.output)
    assert list(folder.iterdir()) == []


def test_a_file_that_cannot_be_written_is_named_with_those_written_before_it(
        init, monkeypatch):
    """A full disk halfway: init said only "cannot create …", not that the settings and the
    example goal were already there."""
    from mentorsite.authoring import scaffold

    real_create = scaffold.create

    def create(path, text):
        if path.name == "README.md":
            raise MentorsiteError(f"cannot create {path}: No space left on device")
        return real_create(path, text)

    monkeypatch.setattr(scaffold, "create", create)
    folder, result = init("--no-interactive")
    assert result.exit_code == 1
    assert (f"cannot create {folder / 'README.md'}: No space left on device; written before "
            f"it: {', '.join(SCAFFOLD[:3])} (run init again once it is fixed: it keeps what "
            "is there)") in " ".join(result.output.split())


def test_no_placeholder_is_left_unfilled(init):
    folder, _ = init("--no-interactive", "--mentee", "Priya", "--mentor", "Sam")
    for relpath in SCAFFOLD:
        assert "@@" not in (folder / relpath).read_text("utf-8"), relpath


def test_the_example_goal_is_smart_and_dated_from_today(init):
    folder, _ = init("--no-interactive")
    [goal] = read_project(folder, date.fromisoformat(TODAY)).model.goals
    assert goal.started == date.fromisoformat(TODAY)
    assert goal.due and goal.due > goal.started
    assert goal.why and goal.success and goal.metrics and goal.contingency
    assert len(goal.milestones) >= 2
    assert all(m.due and goal.started < m.due <= goal.due for m in goal.milestones)


def test_gitignore_ignores_the_site_and_the_cache(init):
    folder, _ = init("--no-interactive")
    lines = (folder / ".gitignore").read_text("utf-8").splitlines()
    assert "_site/" in lines and ".mentorsite-cache/" in lines


def test_readme_explains_the_cycle_the_commands_and_publishing(init):
    folder, _ = init("--no-interactive", "--mentee", "Priya", "--mentor", "Jordan")
    readme = (folder / "README.md").read_text("utf-8")
    assert readme.startswith("# Priya's mentorship\n")
    assert "Priya, mentored by Jordan." in readme
    assert "set → monitor → adjust → celebrate" in readme
    for command in ("check", "build", "new", "serve", "status"):
        assert f"`mentorsite {command}" in readme, command
    assert "Source: GitHub Actions" in readme
    # the first push runs Publish before Pages is on: the pair is told to expect it, and what to do
    assert "first run fails" in readme and "**Publish → Run workflow**" in readme


# --- the workflows ------------------------------------------------------------------------------


def test_check_workflow_checks_pull_requests_with_read_only_access(init):
    folder, _ = init("--no-interactive")
    workflow = _workflow(folder, "check.yml")
    assert "pull_request" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    [job] = workflow["jobs"].values()
    steps = _steps(job)
    checkout = steps["actions/checkout"]["with"]
    assert checkout["fetch-depth"] == 0
    assert checkout["persist-credentials"] is False
    assert "actions/setup-python" in steps
    assert f'pip install "{release_series(__version__)}"' in steps
    assert "mentorsite check --format github" in steps


def test_pages_workflow_builds_with_history_and_deploys_with_least_privilege(init):
    folder, _ = init("--no-interactive")
    workflow = _workflow(folder, "pages.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["group"] == "pages"

    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}  # no write, no token
    steps = _steps(build)
    checkout = steps["actions/checkout"]["with"]
    assert checkout["fetch-depth"] == 0
    assert "filter" not in checkout  # old versions fetched later need a token: none is kept
    assert checkout["persist-credentials"] is False
    assert steps["actions/configure-pages"]["id"] == "pages"
    build_step = steps['mentorsite build --base-url "$BASE_URL/"']
    assert build_step["env"] == {"BASE_URL": "${{ steps.pages.outputs.base_url }}"}
    assert steps["actions/upload-pages-artifact"]["with"]["path"] == "_site"

    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert "actions/deploy-pages" in _steps(deploy)


@pytest.mark.parametrize(("version", "series"), [
    ("0.1.0", "mentorsite~=0.1.0"), ("0.3.2", "mentorsite~=0.3.2"), ("0.4", "mentorsite~=0.4.0"),
    ("1.4.2", "mentorsite~=1.4"), ("2.0.0rc1", "mentorsite~=2.0"), ("dev", "mentorsite==dev"),
])
def test_the_workflows_install_the_releases_that_keep_the_rules_of_this_one(version, series):
    """Installed unpinned, a new release whose checks find something new in files that passed
    would fail every pull request of a pair who changed nothing: 0.N takes its patch releases,
    1.0 on its minor ones."""
    assert release_series(version) == series


def test_both_workflows_install_the_series_init_came_from_as_the_docs_say(init):
    folder, _ = init("--no-interactive")
    installs = {name: [step["run"] for job in _workflow(folder, name)["jobs"].values()
                       for step in job["steps"] if "pip install" in step.get("run", "")]
                for name in ("check.yml", "pages.yml")}
    series = release_series(__version__)
    assert installs == {"check.yml": [f'pip install "{series}"'],
                        "pages.yml": [f'pip install "{series}"']}
    for doc in ("README.md", "docs/workflow.md"):
        assert series in (PROJECT / doc).read_text("utf-8"), doc


def test_dependabot_moves_the_pinned_actions_of_the_workflows_on(init):
    """Each action is pinned to a commit, which nothing else would ever move to a release
    with its security fixes."""
    folder, _ = init("--no-interactive")
    config = yaml.safe_load((folder / ".github" / "dependabot.yml").read_text("utf-8"))
    assert config["version"] == 2
    [update] = config["updates"]
    assert update["package-ecosystem"] == "github-actions" and update["directory"] == "/"
    assert update["schedule"]["interval"] in {"daily", "weekly", "monthly"}


def test_pages_workflow_builds_the_site_again_every_day(init):
    """Deadlines, overdue steps and check-in health are judged against the build's day: a site
    built only on a push said "on schedule" for as long as nobody pushed, which is when the
    pair has stopped meeting. One run a day, at a fixed minute of a fixed hour."""
    folder, _ = init("--no-interactive")
    [schedule] = _workflow(folder, "pages.yml")["on"]["schedule"]
    minute, hour, *every = schedule["cron"].split()
    assert 0 <= int(minute) < 60 and 0 <= int(hour) < 24 and every == ["*", "*", "*"]


@pytest.mark.parametrize("name", ["check.yml", "pages.yml"])
def test_workflow_actions_are_pinned_to_a_commit_with_its_version(init, name):
    folder, _ = init("--no-interactive")
    text = (folder / ".github" / "workflows" / name).read_text()
    for job in _workflow(folder, name)["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                action, _, sha = step["uses"].partition("@")
                assert action.startswith("actions/"), step["uses"]
                assert len(sha) == 40 and int(sha, 16) >= 0, step["uses"]
                assert re.search(rf"{re.escape(step['uses'])}\s+# v\d+", text), step["uses"]


# --- git ---------------------------------------------------------------------------------------


@needs_git
def test_init_starts_a_git_repository_on_main(init):
    folder, result = init("--no-interactive")
    assert (folder / ".git").is_dir()
    assert "initialised a git repository on branch main" in result.output
    head = subprocess.run(["git", "-C", folder, "symbolic-ref", "--short", "HEAD"],
                          capture_output=True, text=True, check=True).stdout.strip()
    assert head == "main"


@needs_git
def test_init_inside_a_repository_uses_it_and_its_branch(init, tmp_path):
    subprocess.run(["git", "init", "-q", "--initial-branch=trunk", tmp_path], check=True)
    folder, result = init("--no-interactive", name="sub/plan")
    assert not (folder / ".git").exists()
    assert "initialised" not in result.output
    assert (f"this folder is 'sub/plan' in the repository at {tmp_path}: GitHub runs only the "
            f"workflows in {tmp_path}/.github/workflows") in " ".join(result.output.split())
    assert _workflow(folder, "pages.yml")["on"]["push"] == {"branches": ["trunk"]}
    assert "push to `trunk`" in (folder / "README.md").read_text("utf-8")


@needs_git
@pytest.mark.parametrize("remote", [False, True])
def test_init_on_a_branch_of_its_own_publishes_the_default_branch(init, tmp_path, remote):
    """Set up on a branch for its pull request, the Pages workflow published that branch:
    after the merge, nothing. The remote's HEAD names the default branch, else a local main."""
    top = tmp_path / "plan"
    subprocess.run(["git", "init", "-q", "--initial-branch=main", top], check=True)
    subprocess.run(["git", "-C", top, "-c", "user.name=P", "-c", "user.email=p@x", "commit",
                    "-q", "--allow-empty", "-m", "Start"], check=True)
    if remote:
        subprocess.run(["git", "-C", top, "branch", "-q", "-m", "main", "trunk"], check=True)
        subprocess.run(["git", "-C", top, "update-ref", "refs/remotes/origin/trunk", "trunk"],
                       check=True)
        subprocess.run(["git", "-C", top, "symbolic-ref", "refs/remotes/origin/HEAD",
                        "refs/remotes/origin/trunk"], check=True)
    subprocess.run(["git", "-C", top, "switch", "-q", "-c", "add-mentorsite"], check=True)
    folder, result = init("--no-interactive")
    default = "trunk" if remote else "main"
    assert _workflow(folder, "pages.yml")["on"]["push"] == {"branches": [default]}
    assert (f"the Pages workflow publishes pushes to {default}, the default branch, not "
            "add-mentorsite, the branch checked out") in " ".join(result.output.split())


def test_the_next_step_names_the_guide_only_where_init_wrote_it(init, tmp_path):
    """A README of the pair's own was kept, and init still said "Next: read README.md"."""
    folder, result = init("--no-interactive")
    assert f"Next: read {folder.as_posix()}/README.md, run 'mentorsite check'" in result.output
    other = tmp_path / "notes"
    other.mkdir()
    (other / "README.md").write_text("# My notes\n")
    _, result = init("--no-interactive", name="notes")
    assert "kept existing" in result.output and "Next: read" not in result.output
    assert "Settings → Pages → Source: GitHub Actions" in result.output
    assert (other / "README.md").read_text() == "# My notes\n"


def test_without_git_init_writes_everything_and_says_so(init, monkeypatch):
    monkeypatch.setattr(git_init.shutil, "which", lambda name: None)
    folder, result = init("--no-interactive")
    assert result.exit_code == 0, result.output
    assert "git is not installed: skipped 'git init'" in result.output
    assert not (folder / ".git").exists()
    assert all((folder / relpath).is_file() for relpath in SCAFFOLD)


# --- never overwrites -------------------------------------------------------------------------


def test_init_twice_keeps_every_file_and_reports_it(init):
    folder, _ = init("--no-interactive", "--mentee", "Priya")
    before = {relpath: (folder / relpath).read_bytes() for relpath in SCAFFOLD}
    (folder / "README.md").write_text("Our own notes\n", encoding="utf-8")
    before["README.md"] = b"Our own notes\n"

    _, again = init("--no-interactive", "--mentee", "Someone else", "--cadence", "weekly")
    assert again.exit_code == 0, again.output
    assert "created" not in again.output
    for relpath in SCAFFOLD:
        if relpath.startswith("content/goals/"):
            continue  # a repository that has goals gets no example goal, not even a "kept"
        assert f"kept existing {(folder / relpath).as_posix()}" in again.output
    assert {relpath: (folder / relpath).read_bytes() for relpath in SCAFFOLD} == before


def test_a_file_named_as_one_of_init_s_but_for_case_is_kept_and_none_is_added(init, tmp_path):
    """init wrote README.md beside the pair's readme.md: committed from Linux, a checkout on
    macOS or Windows, which hold one file for the two names, kept only one of them."""
    folder = tmp_path / "plan"
    folder.mkdir()
    (folder / "readme.md").write_text("Our own notes\n", encoding="utf-8")
    _, result = init("--no-interactive")
    assert result.exit_code == 0, result.output
    assert f"kept existing {(folder / 'readme.md').as_posix()}" in result.output
    assert "README.md" not in result.output
    assert not (folder / "README.md").exists()
    assert (folder / "readme.md").read_text("utf-8") == "Our own notes\n"


def test_init_keeps_existing_settings_byte_for_byte_and_adds_the_rest(init, tmp_path):
    folder = tmp_path / "plan"
    folder.mkdir()
    settings = b"# ours\r\ntitle: Our plan\r\nmentee: Ana\r\ncadence: monthly\r\n"
    (folder / "mentorsite.yml").write_bytes(settings)

    _, result = init("--interactive", "--mentee", "Bob", input="")  # asks nothing: kept
    assert result.exit_code == 0, result.output
    assert (folder / "mentorsite.yml").read_bytes() == settings
    assert f"kept existing {(folder / 'mentorsite.yml').as_posix()}" in result.output
    for relpath in SCAFFOLD[1:]:
        assert f"created {(folder / relpath).as_posix()}" in result.output
    readme = (folder / "README.md").read_text("utf-8")
    assert readme.startswith("# Our plan\n") and "(monthly)" in readme


def test_a_repository_with_goals_gets_no_example_goal(init, tmp_path, valid_goal):
    goals = tmp_path / "plan" / "content" / "goals"
    goals.mkdir(parents=True)
    (goals / "ours.md").write_text(valid_goal, encoding="utf-8")
    _, result = init("--no-interactive")
    assert sorted(p.name for p in goals.iterdir()) == ["ours.md"]
    assert "present-with-confidence" not in result.output


def test_a_kept_gitignore_that_misses_entries_is_reported(init, tmp_path):
    folder = tmp_path / "plan"
    folder.mkdir()
    (folder / ".gitignore").write_text("/_site\n*.pyc\n", encoding="utf-8")
    _, result = init("--no-interactive")
    assert ".gitignore does not ignore .mentorsite-cache/" in result.output
    assert (folder / ".gitignore").read_text("utf-8") == "/_site\n*.pyc\n"


def test_init_defaults_to_the_source_folder(run_cli, tmp_path):
    result = run_cli("--source", tmp_path, "--today", TODAY, "init", "--no-interactive")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mentorsite.yml").is_file()


def test_init_into_a_file_is_a_usage_error(run_cli, tmp_path):
    target = tmp_path / "plan"
    target.write_text("not a folder\n", encoding="utf-8")
    result = run_cli("init", target, "--no-interactive")
    assert result.exit_code == 2
    assert target.read_text("utf-8") == "not a folder\n"


# --- packaging ----------------------------------------------------------------------------------


def test_the_wheel_ships_the_scaffold_templates(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path),
         str(PROJECT)],
        check=True, capture_output=True,
    )
    [wheel] = tmp_path.glob("mentorsite-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = PROJECT / "mentorsite" / "authoring" / "scaffold_files"
    expected = {f"mentorsite/authoring/scaffold_files/{p.name}" for p in templates.iterdir()}
    assert len(expected) >= 5
    assert expected <= names


def test_input_ending_at_a_question_says_so_and_writes_nothing(tmp_path):
    """Piped answers that ran out ended in Click's bare 'Aborted!'. Answered through a real
    pipe: Click's CliRunner before 8.2.1 (we allow 8.2) answers every question after its input
    has run out with an empty line, as if Enter were pressed, and the scaffold was written."""
    folder = tmp_path / "plan"
    done = subprocess.run(
        [sys.executable, "-m", "mentorsite", "--today", TODAY, "init", str(folder),
         "--interactive"], input="Ana\n", capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert ("Error: stopped before every question was answered: nothing was written"
            in done.stderr)
    assert not folder.exists()


def test_settings_show_the_language_setting_commented_out(init, monkeypatch):
    """The pair learns of ``language`` where it sets everything else; left commented, the
    site stays English, and uncommented it is a tag the check takes. Not guessed from the
    machine's locale: the language a pair writes in is not the one its laptop was set up in."""
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    folder, result = init("--no-interactive")
    assert result.exit_code == 0, result.output
    text = (folder / "mentorsite.yml").read_text("utf-8")
    assert "\n# language: en  # the language you write in" in text
    assert _settings(folder).language == "en"
    (folder / "mentorsite.yml").write_text(text.replace("# language: en", "language: de"),
                                           "utf-8")
    assert _settings(folder).language == "de"


# --- the time zone ----------------------------------------------------------------------------


def test_settings_name_the_machines_time_zone(init, monkeypatch):
    """CI builds in UTC: a pair in Los Angeles with no ``timezone`` had tomorrow's 'today'
    from 4 pm, on the site and in the name ``new checkin`` gives the file. ``init`` writes
    the zone of the machine it runs on, which the settings check accepts."""
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    folder, result = init("--no-interactive")
    assert result.exit_code == 0, result.output
    assert "\ntimezone: America/Los_Angeles  #" in (folder / "mentorsite.yml").read_text("utf-8")
    assert _settings(folder).timezone == "America/Los_Angeles"


@pytest.mark.parametrize("tz", ["UTC", "Etc/UTC", "localtime", "EST5EDT,M3.2.0,M11.1.0",
                                "Mars/Olympus_Mons"])
def test_settings_leave_the_time_zone_out_on_a_machine_in_utc_or_none_known(init, monkeypatch,
                                                                            tz):
    """A container or a CI runner is in UTC, which says nothing of the pair, and is the
    default; a POSIX rule or an unknown name is no IANA zone to write."""
    monkeypatch.setenv("TZ", tz)
    folder, result = init("--no-interactive")
    assert result.exit_code == 0, result.output
    text = (folder / "mentorsite.yml").read_text("utf-8")
    assert "\n# timezone: Europe/London  #" in text and "\ntimezone:" not in text


def test_the_example_goal_starts_on_the_day_of_the_zone_init_writes(tmp_path, monkeypatch):
    """The example goal was started on UTC's day while the settings named the machine's zone:
    in Pago Pago, from 1 pm on, it started tomorrow, and ``new checkin`` named today's file
    by the day before the goal's start."""
    monkeypatch.setenv("TZ", "Pacific/Pago_Pago")
    days = {"Pacific/Pago_Pago": "2026-12-06", "UTC": "2026-12-07"}  # 00:30 UTC, 7 December
    monkeypatch.setattr(project_module, "today_in_zone",
                        lambda zone: date.fromisoformat(days[zone]))
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "plan"), "--no-interactive"])
    assert result.exit_code == 0, result.output
    goal = (tmp_path / "plan" / "content" / "goals" / "present-with-confidence.md").read_text()
    assert "\nstarted: 2026-12-06\n" in goal


@pytest.mark.parametrize("zone", ["America/Los_Angeles", "Pacific/Auckland", "Etc/GMT+5"])
def test_the_site_is_built_again_just_after_midnight_where_the_pair_lives(init, monkeypatch,
                                                                         zone):
    """The daily build ran at 04:17 UTC for every pair: one in Los Angeles read yesterday's
    deadlines and check-in health until 8 or 9 pm, one in Auckland until 5 or 6 pm. It runs
    at 00:17 in the settings' zone, which GitHub follows through summer time."""
    monkeypatch.setenv("TZ", zone)
    folder, _ = init("--no-interactive")
    [schedule] = _workflow(folder, "pages.yml")["on"]["schedule"]
    assert schedule == {"cron": "17 0 * * *", "timezone": zone}


def test_a_pair_in_utc_is_built_again_clear_of_githubs_busiest_hour(init, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    folder, _ = init("--no-interactive")
    [schedule] = _workflow(folder, "pages.yml")["on"]["schedule"]
    assert schedule == {"cron": "17 4 * * *"}


def test_the_machines_time_zone_is_the_zone_file_localtime_links_to(tmp_path, monkeypatch):
    """Without ``TZ``, Linux and macOS name their zone by the link /etc/localtime
    (/usr/share/zoneinfo/Pacific/Auckland, /var/db/timezone/zoneinfo/Pacific/Auckland)."""
    monkeypatch.delenv("TZ", raising=False)
    for target in ("usr/share/zoneinfo/Pacific/Auckland",
                   "var/db/timezone/zoneinfo/Pacific/Auckland", "usr/share/zoneinfo/Etc/UTC"):
        (tmp_path / target).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / target).write_bytes(b"")
        link = tmp_path / "localtime"
        link.unlink(missing_ok=True)
        link.symlink_to(tmp_path / target)
        assert machine_zone(link) == (None if target.endswith("UTC") else "Pacific/Auckland")
    assert machine_zone(tmp_path / "none") is None  # Windows: no such file


def test_a_ctrl_c_while_git_init_runs_leaves_a_whole_repository(tmp_path):
    """The git that ``init`` runs sends Ctrl-C to it as it starts, then takes a second: init
    still stops with 130, but only once git has made the repository. A stop there used to
    kill git midway, and its half-made .git (a config.lock left in it) made the next
    ``init`` say "'git init' failed"."""
    real_git = shutil.which("git")
    assert real_git is not None
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    fake = bin_folder / "git"
    fake.write_text('#!/bin/sh\ncase " $* " in *" init "*) kill -INT $PPID; sleep 1;; esac\n'
                    f'exec {real_git} "$@"\n')
    fake.chmod(0o755)
    folder = tmp_path / "pair"
    env = {**os.environ, "PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}"}
    ran = subprocess.run([sys.executable, "-m", "mentorsite", "init", str(folder),
                          "--no-interactive", "--mentee", "Ana"],
                         env=env, capture_output=True, text=True, timeout=60)
    assert ran.returncode == 130, ran.stderr
    assert "Traceback" not in ran.stderr
    made = subprocess.run([real_git, "-C", str(folder), "rev-parse", "--git-dir"],
                          capture_output=True, text=True)
    assert made.stdout.strip() == ".git", made.stderr
