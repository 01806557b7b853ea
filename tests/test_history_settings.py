"""History from repositories as people have them: their own git settings, clones and folders
that git will or will not read. Each test builds the site through :func:`build` or runs the
command line, and reads what a person would see."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from mentorsite.build import build
from tests.conftest import Repo
from tests.test_history import CHECKIN, _public_checkin, built, goal

TODAY = date(2025, 3, 1)
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git CLI")


def _settings(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    """Give every git command from now on these settings, as a person's ``~/.gitconfig``
    would (``GIT_CONFIG_COUNT``: no file of theirs is touched)."""
    monkeypatch.setenv("GIT_CONFIG_COUNT", str(len(values)))
    for index, (key, value) in enumerate(values.items()):
        monkeypatch.setenv(f"GIT_CONFIG_KEY_{index}", key.replace("_", "."))
        monkeypatch.setenv(f"GIT_CONFIG_VALUE_{index}", value)


def _mentorship_in_a_folder(root: Path) -> Repo:
    """A project whose ``notes/`` folder holds a mentorship, a goal set and then changed."""
    repo = Repo(root)
    repo.write("notes/mentorsite.yml", "title: Sub\n")
    repo.write("notes/content/goals/speak.md", goal())
    repo.commit("Set the goal")
    repo.write("notes/content/goals/speak.md", goal(target=5))
    repo.commit("Raise the target")
    return repo


@pytest.mark.parametrize("setting", [{"log_showRoot": "false"}, {"diff_relative": "true"}])
def test_settings_that_change_git_log_change_no_history(setting, tmp_path, monkeypatch):
    """The mentorship in a folder of a larger project, its first commit the repository's."""
    repo = _mentorship_in_a_folder(tmp_path / "project")
    _settings(monkeypatch, **setting)
    site = tmp_path / "site"
    build(repo.root / "notes", site, today=TODAY)
    data = json.loads((site / "data.json").read_text())
    assert [c["subject"] for c in data["history"]] == ["Raise the target", "Set the goal"]
    assert data["history"][1]["files"] == ["content/goals/speak.md"]
    assert data["goals"][0]["created"]["sha"] == data["history"][1]["sha"]


def test_a_commit_lists_its_files_in_the_same_order_whatever_the_order_file(
        tmp_path, monkeypatch):
    """``diff.orderFile`` (goals first, as a person may like to review them): each commit's
    files came in that order, so the site built on their machine, or from the history cache
    it saved, differed from CI's."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.write("content/checkins/2025-01-06.md", CHECKIN.format(value=2, extra=""))
    repo.commit("Goal and check-in")
    order = tmp_path / "order"
    order.write_text("content/goals/*\n")
    _settings(monkeypatch, diff_orderFile=str(order))
    _, data = built(repo)
    assert data["history"][0]["files"] == ["content/checkins/2025-01-06.md",
                                           "content/goals/speak.md"]


def test_review_goes_on_whatever_the_order_file(tmp_path, monkeypatch, run_cli):
    """A ``diff.orderFile`` naming a file that is not there (set in ``~/.gitconfig`` for
    another project): the build read the history, and ``review`` failed with git's
    "failed to read orderfile"."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.commit("Set the goal")
    repo.write("content/checkins/2025-01-06.md", CHECKIN.format(value=2, extra=""))
    repo.commit("First check-in")
    _settings(monkeypatch, diff_orderFile=str(tmp_path / "gone"))
    result = run_cli("--source", repo.root, "review", "--base", "HEAD~1", "--head", "HEAD")
    assert result.exit_code == 0, result.output
    assert "orderfile" not in result.output and "2025-01-06" in result.stdout, result.stdout


def _owned_by_another(tmp_path: Path) -> Path:
    """A mentorship whose files another user owns, as a checkout mounted into a container
    or copied as root is: git refuses to read it ("dubious ownership")."""
    repo = Repo(tmp_path / "theirs")
    repo.write("content/goals/speak.md", goal())
    repo.commit("Set the goal")
    for path in [repo.root, *repo.root.rglob("*")]:
        os.lchown(path, 65534, 65534)
    return repo.root


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="needs root, to give the repository to another user")
def test_a_repository_another_user_owns_says_how_to_trust_it(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    root = _owned_by_another(tmp_path)
    built = run_cli("--source", root, "build", "--out", tmp_path / "site")
    assert built.exit_code == 0
    assert "another user owns it" in built.stderr and "safe.directory" in built.stderr
    assert "not in a git repository" not in built.stderr
    assert "safe.directory" in (tmp_path / "site/goals/speak/index.html").read_text()
    reviewed = run_cli("--source", root, "review")
    assert reviewed.exit_code == 2
    assert "safe.directory" in reviewed.stderr


def test_a_damaged_git_config_is_named_not_taken_for_no_repository(tmp_path):
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.commit("Set the goal")
    with (repo.root / ".git/config").open("a") as config:
        config.write("[broken\n")
    result = build(repo.root, tmp_path / "site", today=TODAY)
    assert any(note.startswith("git cannot read the repository: ") and "bad config" in note
               for note in result.notes), result.notes


def test_a_damaged_git_settings_file_is_named_without_its_path(tmp_path, monkeypatch):
    """git names the file ("bad config line 1 in file /home/ana/.gitconfig"), and what the
    build says of its history is published on the site's pages: the home folder's path is
    left out, and what names the file is said instead."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.commit("Set the goal")
    settings = tmp_path / "home-of-ana" / ".gitconfig"
    settings.parent.mkdir()
    settings.write_text("[broken\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(settings))
    result = build(repo.root, tmp_path / "site", today=TODAY)
    assert result.notes == ("git cannot read the repository: bad config line 1 of a git "
                            "settings file ('git config --list --show-origin' names it)",)
    site = "".join(p.read_text() for p in (tmp_path / "site").rglob("*.html"))
    assert "bad config line 1" in site
    assert "home-of-ana" not in site and "fatal" not in site


def test_a_failing_log_is_told_on_the_pages_without_the_file_git_names(tmp_path,
                                                                         monkeypatch):
    """Whatever git's log stops on, its line reaches every entry page: not the path of the
    file it names, which may be in a home folder."""
    from mentorsite.history import log
    from mentorsite.history.command import GitFailed

    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.commit("Set the goal")

    def failing(*_args, **_kwargs):
        raise GitFailed("fatal: bad config line 3 in file /home/ana/.config/git/config\n")

    monkeypatch.setattr(log, "_log_and_blobs", failing)
    result = build(repo.root, tmp_path / "site", today=TODAY)
    assert result.notes == ("git could not read the history: bad config line 3",)
    site = "".join(p.read_text() for p in (tmp_path / "site").rglob("*.html"))
    assert "bad config line 3" in site and "/home/ana" not in site


def test_review_without_git_is_a_usage_error_not_content_with_errors(tmp_path, run_cli,
                                                                      monkeypatch):
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.commit("Set the goal")
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    for extra in ((), ("--base", "main")):
        result = run_cli("--source", repo.root, "review", *extra)
        assert result.exit_code == 2, result.output
        assert "git is not installed, or not on PATH" in result.stderr


def test_a_partial_clone_whose_remote_is_gone_builds_and_says_why(tmp_path):
    """``git clone --filter=blob:none``: old versions are fetched as cat-file asks for them,
    and where the remote is gone the build goes on without history, saying why, and no page
    gives the remote's path."""
    origin = Repo(tmp_path / "origin")
    origin.write("content/goals/speak.md", goal())
    origin.commit("Set the goal")
    origin.write("content/goals/speak.md", goal(target=5))
    origin.commit("Raise the target")
    origin.git("config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    origin.git("clone", "-q", "--filter=blob:none", f"file://{origin.root}", str(clone))
    reachable = build(clone, tmp_path / "site", today=TODAY)
    assert reachable.notes == ()
    assert len(json.loads((tmp_path / "site/data.json").read_text())["history"]) == 2

    _says_the_partial_clone_is_cut_off(origin, tmp_path, "site2")


def test_review_of_a_partial_clone_whose_remote_is_gone_is_a_usage_error(tmp_path, run_cli):
    """``review`` reads the base's files through ``cat-file``, which fetches them in a partial
    clone: with the remote gone, it ended in a traceback (exit 1, which CI reads as content
    with errors)."""
    origin = Repo(tmp_path / "origin")
    origin.write("content/goals/speak.md", goal())
    origin.commit("Set the goal")
    origin.git("checkout", "-q", "-b", "feature")
    origin.write("content/goals/speak.md", goal(target=5))
    origin.commit("Raise the target")
    origin.git("config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    origin.git("clone", "-q", "--filter=blob:none", "--no-checkout", f"file://{origin.root}",
               str(clone))
    origin.root.rename(tmp_path / "moved-away")
    result = run_cli("--source", clone, "review", "--base", "origin/main",
                     "--head", "origin/feature")
    assert result.exit_code == 2, result.output
    assert "partial clone" in result.stderr and "Traceback" not in result.output


def test_a_partial_clone_whose_remote_is_gone_says_why_when_a_rename_needs_old_versions(
        tmp_path):
    """A file renamed and edited in one commit: ``git log -C`` compares its versions to find
    the rename, so in a partial clone the log itself fetches them. With the remote gone the
    log failed, and the build's note (on the pages too) gave git's words naming the
    remote's path, and no fix."""
    origin = Repo(tmp_path / "origin")
    origin.write("content/goals/speak.md", goal(body="A body long enough.\n" * 20))
    origin.commit("Set the goal")
    origin.git("mv", "content/goals/speak.md", "content/goals/talk.md")
    origin.write("content/goals/talk.md", goal(target=5, body="A body long enough.\n" * 20))
    origin.commit("Rename and raise the target")
    origin.git("config", "uploadpack.allowFilter", "true")
    _says_the_partial_clone_is_cut_off(origin, tmp_path, "site")


def _says_the_partial_clone_is_cut_off(origin: Repo, tmp_path: Path, out: str) -> None:
    """A partial clone of ``origin``, built once ``origin`` is gone: the build's notes and
    pages say it is a partial clone and the fix, and name no path of the remote's."""
    gone = tmp_path / "clone-of-gone"
    origin.git("clone", "-q", "--filter=blob:none", f"file://{origin.root}", str(gone))
    origin.root.rename(tmp_path / "moved-away")
    result = build(gone, tmp_path / out, today=TODAY)
    assert any("partial clone" in note and "without --filter" in note
               for note in result.notes), result.notes
    site = "".join(p.read_text() for p in (tmp_path / out).rglob("*.html"))
    assert "partial clone" in site and str(tmp_path) not in site


@pytest.mark.parametrize("variable", ["GIT_LITERAL_PATHSPECS", "GIT_GLOB_PATHSPECS",
                                      "GIT_ICASE_PATHSPECS"])
def test_review_is_the_same_under_git_pathspec_variables(variable, tmp_path, run_cli):
    """A tool's ``export GIT_LITERAL_PATHSPECS=1`` made ``review`` read the base as holding
    no content (every goal "added"); the other two made it fail."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.commit("Set the goal")
    repo.write("content/goals/speak.md", goal(target=5))
    repo.commit("Raise the target")
    args = ("--source", repo.root, "review", "--base", "HEAD~1", "--head", "HEAD",
            "--format", "json")
    plain = run_cli(*args)
    assert plain.exit_code == 0, plain.output
    assert json.loads(plain.stdout)["goals"][0]["status_before"] == "active"
    under = run_cli(*args, env={variable: "1"})
    assert (under.exit_code, under.stdout) == (0, plain.stdout), under.output


def test_a_repository_named_by_relative_git_variables_is_read_from_a_sub_folder(
        tmp_path, monkeypatch, run_cli):
    """``GIT_DIR=.git GIT_WORK_TREE=. mentorsite --source notes …``: git, run in the source
    folder, looked for ``notes/.git``, so the site had no history ("not in a git
    repository") and ``review`` stopped, where git in the same shell read the repository."""
    repo = _mentorship_in_a_folder(tmp_path / "project")
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("GIT_DIR", ".git")
    monkeypatch.setenv("GIT_WORK_TREE", ".")
    result = build(repo.root / "notes", tmp_path / "site", today=TODAY)
    assert not result.notes, result.notes
    assert len(list((tmp_path / "site" / "history").glob("*/index.html"))) == 2
    review = run_cli("--source", "notes", "review", "--base", "HEAD~1", "--head", "HEAD",
                     "--format", "json")
    assert review.exit_code == 0, review.output
    assert json.loads(review.stdout)["goals"][0]["status_before"] == "active"


def test_git_dir_without_a_work_tree_reads_the_repository_the_source_folder_is_in(
        tmp_path, monkeypatch, run_cli):
    """``GIT_DIR`` exported without ``GIT_WORK_TREE`` (a hook, a CI step): git took the source
    folder it runs in for the top of the work tree, so a mentorship in a sub-folder had no
    history and every file "not committed yet", and a ``GIT_DIR`` naming another repository
    published that one's commits on the site."""
    repo = _mentorship_in_a_folder(tmp_path / "project")
    other = Repo(tmp_path / "other")
    other.write("content/goals/speak.md", goal(body="OTHER-TEXT"))
    other.commit("OTHER-SUBJECT")
    monkeypatch.chdir(repo.root)
    for number, git_dir in enumerate((".git", str(other.root / ".git"))):
        monkeypatch.setenv("GIT_DIR", git_dir)
        out = tmp_path / f"site-{number}"
        result = build(repo.root / "notes", out, today=TODAY)
        assert not result.notes, result.notes
        assert len(list((out / "history").glob("*/index.html"))) == 2
        assert not [p for p in out.rglob("*") if p.is_file() and "OTHER-" in p.read_text()]
        review = run_cli("--source", "notes", "review", "--base", "HEAD~1", "--head", "HEAD",
                         "--format", "json")
        assert review.exit_code == 0, review.output
        assert json.loads(review.stdout)["goals"][0]["status_before"] == "active"


def _content_as_a_submodule(tmp_path: Path) -> Repo:
    """A mentorship whose ``content/`` is a submodule that has moved on once since it was
    added: the repository holding ``mentorsite.yml`` records only its commit."""
    inner = Repo(tmp_path / "inner")
    (inner.root / "mentorsite.yml").unlink()
    inner.write("goals/speak.md", goal())
    inner.commit("Set the goal")
    outer = Repo(tmp_path / "pair")
    outer.write("mentorsite.yml", "title: Sub\n")
    outer.git("-c", "protocol.file.allow=always", "submodule", "-q", "add",
              str(inner.root), "content")
    outer.commit("Add the content as a submodule")
    outer.write("content/goals/speak.md", goal(target=5))
    outer.git("-C", "content", "commit", "-q", "-a", "-m", "Raise the target")
    outer.commit("Move the content on")
    return outer


def test_content_kept_as_a_submodule_is_said_to_have_no_history_here(tmp_path):
    """``content/`` added as a submodule: the repository holding ``mentorsite.yml`` records
    only the submodule's commit, and the site showed no history, no warning and no word
    why."""
    outer = _content_as_a_submodule(tmp_path)
    result = build(outer.root, tmp_path / "site", today=TODAY)
    assert any("content/ is a git repository of its own" in note
               for note in result.notes), result.notes
    site = "".join(p.read_text() for p in (tmp_path / "site").rglob("*.html"))
    assert "content/ is a git repository of its own" in site


@pytest.mark.parametrize("head", [(), ("--head", "HEAD")])
def test_review_of_content_kept_as_a_submodule_is_a_usage_error(head, tmp_path, run_cli):
    """Both commits record the submodule, not its files: ``review`` read neither side as
    holding any content and said "no changes to the mentorship" of a target raised (exit
    0), or, against the working tree, every goal "added"."""
    outer = _content_as_a_submodule(tmp_path)
    result = run_cli("--source", outer.root, "review", "--base", "HEAD~1", *head)
    assert result.exit_code == 2, result.output
    assert "content/ is a git repository of its own" in result.stderr


def test_names_and_messages_are_read_whatever_encoding_the_log_is_set_to(tmp_path,
                                                                          monkeypatch):
    """``i18n.logOutputEncoding=gbk``, often advised for a Windows console in Chinese: git
    re-encoded names and messages, which were read as Latin-1 and published as mojibake."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.git("add", "-A")
    repo.git("-c", "user.name=王小明", "-c", "user.email=w@example.org", "commit", "-q",
             "--author", "王小明 <w@example.org>", "-m", "设定目标提高信心")
    _settings(monkeypatch, i18n_logOutputEncoding="gbk")
    build(repo.root, tmp_path / "site", today=TODAY)
    data = json.loads((tmp_path / "site/data.json").read_text(encoding="utf-8"))
    assert [(c["author"], c["subject"]) for c in data["history"]] == [
        ("王小明", "设定目标提高信心")]



def _two_renamed_one_private(tmp_path: Path) -> Repo:
    """Two check-ins committed, then each renamed and edited (not committed yet), the first
    marked private: its obstacle ``SAID-IN-PUBLIC`` was public under its old name."""
    repo, _ = _public_checkin(tmp_path, "SAID-IN-PUBLIC", "A check-in")
    repo.write("content/checkins/2025-01-20.md", CHECKIN.format(value=3, extra=""))
    repo.commit("Another check-in")
    for old, new, extra in [
            ("2025-01-20", "2025-01-20-late", "wins: [a]\n"),
            ("2025-01-06", "2025-01-06-home", "obstacles: [SAID-IN-PUBLIC]\nprivate: true\n")]:
        repo.git("mv", f"content/checkins/{old}.md", f"content/checkins/{new}.md")
        repo.write(f"content/checkins/{new}.md",
                   CHECKIN.format(value=2 if "private" in extra else 3, extra=extra))
    return repo


def _published(site: Path, words: str) -> list[Path]:
    return [p for p in site.rglob("*") if p.is_file() and words in p.read_text(errors="replace")]


@pytest.mark.parametrize("setting", [{"diff_renames": "false"}, {"status_renames": "false"}])
def test_a_rename_staged_with_private_is_private_by_both_names_whatever_the_settings(
        setting, tmp_path, monkeypatch):
    """Not committed yet: under these settings ``git status`` told the renames as files
    removed and added, and the private check-in's past showed in full on its commit page
    under its old name."""
    repo = _two_renamed_one_private(tmp_path)
    _settings(monkeypatch, **setting)
    site, data = built(repo)
    assert "A check-in" not in [c["subject"] for c in data["history"]]
    assert _published(site, "SAID-IN-PUBLIC") == []


def test_a_commit_renaming_two_files_is_read_as_renames_whatever_the_rename_limit(
        tmp_path, monkeypatch):
    """``diff.renameLimit=1``: the commit renaming them was read as two files removed and
    two added, and the private check-in's past was published under its old name."""
    repo = _two_renamed_one_private(tmp_path)
    repo.commit("Rename both, one made private")
    _settings(monkeypatch, diff_renameLimit="1")
    site, data = built(repo)
    assert "A check-in" not in [c["subject"] for c in data["history"]]
    assert _published(site, "SAID-IN-PUBLIC") == []


def test_a_review_reads_two_renamed_files_as_renames_whatever_the_rename_limit(
        tmp_path, monkeypatch):
    """``diff.renameLimit=1``: ``review`` read the branch renaming two edited check-ins as two
    removed and two added, so the one marked private was not private under its old name, and
    the review named it removed."""
    from click.testing import CliRunner

    from mentorsite.cli.main import cli

    repo = _two_renamed_one_private(tmp_path)
    repo.commit("Rename both, one made private")

    def review() -> str:
        result = CliRunner().invoke(cli, [
            "--source", str(repo.root), "--today", "2025-03-01", "review", "--base", "HEAD~1",
            "--head", "HEAD", "--format", "json"])
        assert result.exit_code == 0, result.output
        return result.output

    expected = review()
    _settings(monkeypatch, diff_renameLimit="1")
    assert review() == expected
    assert "2025-01-06" not in expected


def test_a_sparse_checkout_says_which_content_folders_it_leaves_out(tmp_path):
    """``git sparse-checkout set content/goals mentorsite.yml``: the build made a site with no
    check-in and ``check`` warned of none for a year, with no word that the check-ins were
    committed and only not checked out. Both say so, and how to check them out."""
    from click.testing import CliRunner

    from mentorsite.cli.main import cli

    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.write("content/checkins/2025-01-06.md", CHECKIN.format(value=2, extra=""))
    repo.write("content/checkins/2025-01-13.md", CHECKIN.format(value=3, extra="private: true\n"))
    repo.commit("Goal and check-ins")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo.root), str(clone)], check=True)
    subprocess.run(["git", "sparse-checkout", "set", "--skip-checks", "content/goals",
                    "mentorsite.yml"], cwd=clone, check=True)
    assert not (clone / "content/checkins").exists()

    notes = build(clone, tmp_path / "site", today=TODAY).notes
    [note] = [note for note in notes if "sparse" in note]
    assert "content/checkins" in note and "git sparse-checkout disable" in note
    assert "2025-01-13" not in note and "content/goals" not in note
    checked = CliRunner().invoke(cli, ["--source", str(clone), "--today", "2025-03-01",
                                       "check"])
    assert note in checked.stderr

    subprocess.run(["git", "sparse-checkout", "disable"], cwd=clone, check=True)
    assert not [n for n in build(clone, tmp_path / "site", today=TODAY).notes if "sparse" in n]
    checked = CliRunner().invoke(cli, ["--source", str(clone), "--today", "2025-03-01",
                                       "check"])
    assert "sparse" not in checked.stderr


def test_serve_says_on_the_terminal_what_the_history_cannot_show(tmp_path):
    """``build`` says "this is a shallow clone … fetch-depth: 0" on the terminal; ``serve``
    said it only on history/, which no one opens to find out why a page has no past."""
    from mentorsite.serve.live import LiveSite

    origin = Repo(tmp_path / "origin")
    origin.write("content/goals/speak.md", goal())
    for day in (6, 13):
        origin.write(f"content/checkins/2025-01-{day:02d}.md", CHECKIN.format(value=2, extra=""))
        origin.commit(f"Check-in of the {day}th")
    shallow = tmp_path / "shallow"
    origin.git("clone", "-q", "--depth", "1", f"file://{origin.root}", str(shallow))
    said: list[str] = []
    live = LiveSite(shallow, tmp_path / "site", TODAY, said.append)
    live.rebuild()
    told = [line for text in said for line in text.splitlines()
            if line.startswith("warning: history:")]
    assert len(told) == 1 and "shallow clone" in told[0] and "fetch-depth: 0" in told[0], said
    live.rebuild({"content/checkins/2025-01-13.md"})
    assert len([text for text in said if "warning: history:" in text]) == 1, said
