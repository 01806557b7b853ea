"""Every workflow we ship or scaffold passes actionlint and zizmor (nothing at medium or above)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from mentorsite.cli.main import cli

PROJECT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} must be installed in CI (the dev extra installs it)")
        pytest.skip(f"{name} is not installed (pip install -e '.[dev]')")
    return found


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory) -> list[Path]:
    """The workflows `mentorsite init` writes for a pair."""
    root = tmp_path_factory.mktemp("pair")
    result = CliRunner().invoke(
        cli, ["--today", "2025-01-01", "init", str(root), "--mentee", "Ana", "--mentor", "Bo"]
    )
    assert result.exit_code == 0, result.output
    files = sorted((root / ".github" / "workflows").glob("*.yml"))
    assert len(files) >= 2
    return files


def workflows(scaffolded: list[Path]) -> list[Path]:
    return sorted((PROJECT / ".github" / "workflows").glob("*.yml")) + scaffolded


def test_actionlint(scaffolded):
    result = subprocess.run(
        [_tool("actionlint"), "-no-color", *map(str, workflows(scaffolded))],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_at_medium_or_above(scaffolded):
    """The workflows, and the Dependabot configuration that moves their actions on."""
    dependabot = scaffolded[0].parent.parent / "dependabot.yml"
    result = subprocess.run(
        [_tool("zizmor"), "--offline", "--min-severity", "medium", "--format", "plain",
         *map(str, workflows(scaffolded)), str(dependabot)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_workflows_build_with_full_history_and_least_privilege(scaffolded):
    pages = [PROJECT / ".github/workflows/pages.yml",
             *(p for p in scaffolded if "pages" in p.name)]
    for path in pages:
        flow = yaml.safe_load(path.read_text())
        assert flow["permissions"] == {"contents": "read"}, path
        build_steps = flow["jobs"]["build"]["steps"]
        checkout = next(s for s in build_steps if s.get("uses", "").startswith("actions/checkout"))
        assert checkout["with"]["fetch-depth"] == 0
        # A blob-less clone fetches old versions while the history is read: in a private
        # repository that needs the token the checkout does not keep, and the site was built
        # without its history, its goal pages showing git's error.
        assert "filter" not in checkout["with"], path
        assert checkout["with"]["persist-credentials"] is False, path
        deploy = flow["jobs"]["deploy"]
        assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
        assert deploy["environment"]["name"] == "github-pages"


def test_pages_workflows_keep_the_build_cache_between_runs(scaffolded):
    """Rendered Markdown and git history carry over, restored only from the branch's own runs."""
    for path in [PROJECT / ".github/workflows/pages.yml",
                 *(p for p in scaffolded if "pages" in p.name)]:
        steps = yaml.safe_load(path.read_text())["jobs"]["build"]["steps"]
        uses = [s.get("uses", "") for s in steps]
        [cache] = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
        assert len(cache["uses"].split("@")[1]) == 40, "pinned to a commit"
        assert cache["with"]["path"] == ".mentorsite-cache"
        assert "github.ref_name" in cache["with"]["key"]
        build = next(i for i, s in enumerate(steps) if "mentorsite build" in s.get("run", ""))
        assert uses.index(cache["uses"]) < build, path


def test_pre_commit_hook_runs_check():
    [hook] = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())
    assert hook["entry"] == "mentorsite check" and hook["pass_filenames"] is False


def test_pair_check_workflow_annotates_and_reviews(scaffolded):
    [check] = [p for p in scaffolded if p.name == "check.yml"]
    flow = yaml.safe_load(check.read_text())
    assert flow[True] == {"pull_request": None}  # YAML 1.1 reads the key `on` as true
    runs = [step.get("run", "") for step in flow["jobs"]["check"]["steps"]]
    assert "mentorsite check --format github" in runs
    review = next(run for run in runs if "mentorsite review" in run)
    assert '--base "origin/$BASE_REF"' in review and "$GITHUB_STEP_SUMMARY" in review
    assert any("gh pr comment" in run and "<!-- mentorsite review -->" in run for run in runs)


def test_the_docs_give_each_job_its_permissions(scaffolded):
    """docs/workflow.md told a reader the jobs get `contents: read`, and the deploy job
    `pages: write` and `id-token: write`; the check job also writes to pull requests and the
    build reads Pages. Every permission a scaffolded job has is named there now."""
    docs = " ".join((PROJECT / "docs/workflow.md").read_text().split())
    for path in workflows(scaffolded):
        for name, job in yaml.safe_load(path.read_text())["jobs"].items():
            for key, value in job.get("permissions", {}).items():
                assert f"`{key}: {value}`" in docs, (path.name, name, key)


MARKER = "<!-- mentorsite review -->"

_GH = """#!/bin/bash
# A stand-in for GitHub's CLI: the pull request's comments are $STATE/comments.json.
if [ "$1" = api ] && [ "$2" = --method ]; then   # api --method PATCH <comment> -F body=@<file>
  echo "PATCH ${4##*/}" >> "$STATE/calls"; cp "${6#body=@}" "$STATE/posted.md"; exit 0
fi
if [ "$1" = api ]; then                          # api <comments> --paginate --jq <filter>
  jq -r "$5" < "$STATE/comments.json"; exit 0
fi
echo CREATE >> "$STATE/calls"; cp "$5" "$STATE/posted.md"   # pr comment <n> --body-file <f>
"""


def _comment(scaffolded: list[Path], tmp_path: Path, review: str,
             comments: list[dict]) -> tuple[list[str], str]:
    """Run the Check job's comment step with a stand-in `gh`: what it did, and what it posted."""
    [check] = [p for p in scaffolded if p.name == "check.yml"]
    steps = yaml.safe_load(check.read_text())["jobs"]["check"]["steps"]
    run = next(step["run"] for step in steps if "gh pr comment" in step.get("run", ""))
    _tool("jq")  # stands in for gh's --jq
    (tmp_path / "review.md").write_text(review, encoding="utf-8")
    (tmp_path / "comments.json").write_text(json.dumps(comments), encoding="utf-8")
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    (bin_folder / "gh").write_text(_GH)
    (bin_folder / "gh").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_folder}:{os.environ['PATH']}", "PR": "7",
           "GITHUB_REPOSITORY": "ana/plan", "STATE": str(tmp_path)}
    subprocess.run(["bash", "-e", "-c", run], cwd=tmp_path, env=env, check=True)
    calls = (tmp_path / "calls").read_text().split("\n")[:-1]
    return calls, (tmp_path / "posted.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("size", [2_000, 70_000])
def test_the_review_comment_fits_in_a_comment(scaffolded, tmp_path, size):
    """GitHub refuses a comment over 65,536 characters: a pull request of 300 check-ins made
    a review of 68,679, and the Check job failed. The step runs here with a stand-in `gh`."""
    line = "- **Added** check-in: Check-in 13 January 2025 — naïve wins\n"
    review = line * (size // len(line))
    _, posted = _comment(scaffolded, tmp_path, review, [])
    assert len(posted) <= 65_536 and posted.startswith(MARKER + "\n")
    posted = posted.removeprefix(MARKER + "\n")
    if size < 60_000:
        assert posted == review
    else:
        assert posted.startswith(line) and review.startswith(posted.split("\n\n_")[0])
        assert posted.endswith("the whole of it is in the job summary of this run._\n")


@pytest.mark.parametrize(("comments", "done"), [
    ([], ["CREATE"]),
    ([{"id": 11, "user": {"login": "github-actions[bot]"}, "body": "Coverage: 91%"}],
     ["CREATE"]),
    ([{"id": 11, "user": {"login": "github-actions[bot]"}, "body": "Coverage: 91%"},
      {"id": 12, "user": {"login": "github-actions[bot]"}, "body": MARKER + "\nold review"},
      {"id": 13, "user": {"login": "ana"}, "body": MARKER + "\nquoted"},
      {"id": 14, "user": {"login": "github-actions[bot]"}, "body": "Coverage: 92%"}],
     ["PATCH 12"]),
], ids=["first", "another-workflows-comment", "its-own-comment"])
def test_the_review_comment_edits_its_own_comment_only(scaffolded, tmp_path, comments, done):
    """The step kept its comment up to date with `gh pr comment --edit-last`, which edits the
    last comment made with the token: a pair whose other workflow comments too (a coverage
    report) had that comment overwritten by the review, or the review posted over it. The
    review's comment is found by its first line, among the workflow's own comments."""
    calls, posted = _comment(scaffolded, tmp_path, "- **Added** check-in\n", comments)
    assert calls == done
    assert posted == MARKER + "\n- **Added** check-in\n"


def test_no_script_has_an_expression_pasted_into_it(scaffolded):
    """`${{ }}` in a `run:` is pasted into the script before the shell reads it, so a value
    holding a quote or `$(…)` runs as code (zizmor: template-injection). The Publish workflow
    `init` wrote pasted the Pages address so; each value goes in through `env:` now."""
    for path in workflows(scaffolded):
        for name, job in yaml.safe_load(path.read_text())["jobs"].items():
            for step in job["steps"]:
                assert "${{" not in step.get("run", ""), (path.name, name, step["run"])


def test_the_tests_of_each_landing_on_main_run_to_the_end():
    """Two merges in a row cancelled the first one's Tests run (one concurrency group per
    ref, cancel-in-progress), so that commit on main was never tested: only a pull request's
    older run, made moot by a newer push, is cancelled now."""
    flow = yaml.safe_load((PROJECT / ".github/workflows/tests.yml").read_text())
    assert flow["concurrency"]["group"] == "tests-${{ github.ref }}"
    assert flow["concurrency"]["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"


def test_the_docs_say_which_pull_requests_get_no_review_comment(scaffolded):
    """docs/workflow.md promised every pull request the review as a comment; the Check job
    skips it for a fork's, whose token cannot write, and a pair waited for it in vain."""
    [check] = [p for p in scaffolded if p.name == "check.yml"]
    steps = yaml.safe_load(check.read_text())["jobs"]["check"]["steps"]
    [comment] = [step for step in steps if "gh pr comment" in step.get("run", "")]
    assert "github.event.pull_request.head.repo.full_name == github.repository" in comment["if"]
    docs = " ".join((PROJECT / "docs/workflow.md").read_text().split())
    assert ("A pull request from a fork gets no comment, as GitHub gives its run a token that "
            "cannot write: its review is in the job summary alone") in docs


def test_a_pull_request_dependabot_opens_is_not_failed_by_the_review_comment(scaffolded):
    """GitHub runs a Dependabot pull request's workflows with a read-only token, as a fork's,
    though its branch is in the repository: the comment step ran, was refused, and failed the
    Check of a pull request that only moves an action's pin on. It is skipped for those too."""
    [check] = [p for p in scaffolded if p.name == "check.yml"]
    steps = yaml.safe_load(check.read_text())["jobs"]["check"]["steps"]
    [comment] = [step for step in steps if "gh pr comment" in step.get("run", "")]
    condition = comment["if"]
    assert "\n" not in condition  # a more indented line would keep its line break
    assert "github.actor != 'dependabot[bot]'" in condition
    assert condition.startswith("${{ !cancelled() &&") and condition.endswith("}}")
    docs = " ".join((PROJECT / "docs/workflow.md").read_text().split())
    assert "Neither does one Dependabot opens" in docs
