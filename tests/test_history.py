"""History from real git repositories made in tmp_path with the git CLI."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import threading
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from mentorsite.build import build
from mentorsite.history import cache as history_cache
from mentorsite.history import compare as history
from mentorsite.history import log as history_log
from mentorsite.history import parse as history_parse
from mentorsite.history.command import NoBaseError
from mentorsite.history.commits import Commit, GitLog
from mentorsite.history.field_changes import meaning
from mentorsite.history.log import read_history
from mentorsite.history.private_versions import is_private_text
from mentorsite.history.sessions import _only_in_branch
from mentorsite.pages import history as history_pages_module
from mentorsite.read.files import MAX_FILE_BYTES
from tests.conftest import Repo

if TYPE_CHECKING:
    from mentorsite.history.evolution import Evolution
    from mentorsite.model.insights import Insights

TODAY = date(2025, 3, 1)
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git CLI")

GOAL = """---
title: Speak up
status: {status}
started: 2025-01-01
due: 2025-06-30
why: Be heard.
success: Two talks.
metrics:
  - {{id: confidence, label: Confidence, baseline: 2, target: {target}, scale: [1, 5]}}
{extra}---
{body}
"""
CHECKIN = "---\ngoals:\n  speak: {{metrics: {{confidence: {value}}}}}\n{extra}---\nNotes.\n"


def goal(status: str = "active", target: int = 4, extra: str = "", body: str = "Body.") -> str:
    return GOAL.format(status=status, target=target, extra=extra, body=body)


@pytest.fixture
def repo(tmp_path) -> Repo:
    """A repository whose goal evolved: target moved, renamed, merged PR, squash, trailer."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.write("content/checkins/2025-01-06.md", CHECKIN.format(value=2, extra=""))
    repo.commit("Set the first goal")
    repo.write("content/goals/speak.md", goal(target=5, body="Body.\n\nMore ambition."))
    repo.commit("Raise the target", "-m", "Reviewed-by: Sam Okafor <sam@example.org>")
    repo.git("checkout", "-q", "-b", "week-2")
    repo.write("content/checkins/2025-01-13 notes é.md", "placeholder")
    repo.git("add", "-A")
    repo.git("rm", "-q", "--cached", "content/checkins/2025-01-13 notes é.md")
    (repo.root / "content/checkins/2025-01-13 notes é.md").unlink()
    repo.write("content/checkins/2025-01-13.md", CHECKIN.format(value=3, extra=""))
    repo.commit("Week two check-in")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "week-2", "-m",
             "Merge pull request #7 from priya/week-2\n\nWeek two review")
    repo.write("content/checkins/2025-01-20.md", CHECKIN.format(value=4, extra=""))
    repo.commit("Third check-in (#12)")
    repo.git("mv", "content/goals/speak.md", "content/goals/speak-up.md")
    repo.commit("Rename the goal")
    for checkin in ("2025-01-06", "2025-01-13", "2025-01-20"):
        path = repo.root / f"content/checkins/{checkin}.md"
        path.write_text(path.read_text().replace("speak:", "speak-up:"))
    repo.commit("Follow the rename")
    return repo


def built(repo: Repo, **options) -> tuple[Path, dict]:
    out = repo.root / "_site"
    build(repo.root, out, today=TODAY, **options)
    return out, json.loads((out / "data.json").read_text())


def page(site: Path, relpath: str) -> BeautifulSoup:
    return BeautifulSoup((site / relpath / "index.html").read_text(), "html.parser")


def _spy_on_git(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every process started from now on (``subprocess.run`` starts them through Popen)."""
    calls: list[list[str]] = []
    real_popen = subprocess.Popen

    def spy(args, *rest, **kwargs):
        calls.append(list(args))
        return real_popen(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", spy)
    return calls


def test_one_git_log_and_one_cat_file_per_build(repo, monkeypatch):
    calls = _spy_on_git(monkeypatch)
    read_history(repo.root)
    verbs = [next(a for a in call[1:] if not a.startswith("-") and "=" not in a)
             for call in calls]
    assert verbs.count("log") == 1
    assert verbs.count("cat-file") == 1
    assert len(calls) <= 5, calls  # rev-parse twice, log, cat-file, status: never per file


def test_reading_the_history_closes_every_pipe_and_waits_for_every_git(repo, monkeypatch):
    """cat-file's output was left open once read, for the garbage collector to close (a
    ResourceWarning on each read of the history, which serve does after each commit)."""
    started: list[subprocess.Popen] = []
    real_popen = subprocess.Popen

    def spy(*args, **kwargs):
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(subprocess, "Popen", spy)
    read_history(repo.root)
    assert any("cat-file" in process.args for process in started)
    for process in started:
        assert process.returncode is not None, process.args
        pipes = (process.stdin, process.stdout, process.stderr)
        assert all(pipe is None or pipe.closed for pipe in pipes), process.args


def test_cache_reads_only_new_commits_and_agrees_with_a_full_read(repo, monkeypatch):
    cache = repo.root / ".cache" / "history.json"
    read_history(repo.root, cache=cache)
    repo.write("content/checkins/2025-01-27.md", CHECKIN.format(value=5, extra="").replace(
        "speak:", "speak-up:"))
    new_sha = repo.commit("Another check-in")
    calls = _spy_on_git(monkeypatch)
    incremental = read_history(repo.root, cache=cache)
    [log_call] = [call for call in calls if "log" in call]
    assert any(arg.endswith(f"..{new_sha}") for arg in log_call)
    assert len([call for call in calls if "cat-file" in call]) == 1
    monkeypatch.undo()
    full = read_history(repo.root)
    assert incremental.commits == full.commits
    assert incremental.commits[0].sha == new_sha
    assert incremental.blobs == full.blobs
    calls = _spy_on_git(monkeypatch)
    unchanged = read_history(repo.root, cache=cache)
    assert not [call for call in calls if "log" in call or "cat-file" in call]
    assert unchanged.commits == full.commits


def _people_held_once(log: GitLog) -> bool:
    """Whether every name and address of ``log``'s people is one string, however many
    commits give it."""
    said = [said for c in log.commits for said in (c.author, c.email, *c.reviewers)]
    return len({id(text) for text in said}) == len(set(said))


def test_each_person_s_name_and_address_is_held_once(repo):
    """A pair's few people sign thousands of commits, each with a copy of their name and
    address (0.7 MiB of serve's memory on the 5,000-commit benchmark corpus): read from git,
    from the history cache, and by serve's first build in a process of its own, each is one
    string."""
    from mentorsite.history import aside

    cache = repo.root / ".cache" / "history.json"
    read = read_history(repo.root, cache=cache)
    assert len({c.author for c in read.commits}) < len(read.commits)
    assert _people_held_once(read)
    assert _people_held_once(read_history(repo.root, cache=cache))  # from the cache
    assert _people_held_once(aside.reading(repo.root, cache).result())


def test_a_log_read_in_tiny_pieces_reads_the_same(repo, monkeypatch):
    """Records and blob answers cut at every possible place still parse whole."""
    whole = read_history(repo.root)
    monkeypatch.setattr(history_parse, "_CHUNK", 3)
    pieces = read_history(repo.root)
    assert pieces.commits == whole.commits and len(whole.commits) == 7
    assert pieces.blobs == whole.blobs and whole.blobs


def test_a_damaged_repository_builds_without_history_and_says_why(repo):
    """git log failing half-way (an object lost) is a note, not a crash."""
    parent = repo.git("rev-parse", "HEAD~2").strip()
    (repo.root / ".git/objects" / parent[:2] / parent[2:]).unlink()
    log = read_history(repo.root)
    assert log.commits == () and log.problem and "could not read the history" in log.problem
    result = build(repo.root, repo.root / "_site", today=TODAY)
    assert any("could not read the history" in note for note in result.notes)


def test_cache_survives_a_rewritten_history(repo):
    cache = repo.root / ".cache" / "history.json"
    read_history(repo.root, cache=cache)
    repo.git("reset", "-q", "--hard", "HEAD~2")
    assert read_history(repo.root, cache=cache).commits == read_history(repo.root).commits
    cache.write_text("{not json")
    assert read_history(repo.root, cache=cache).commits == read_history(repo.root).commits


def test_a_commit_made_while_the_log_is_read_is_shown_once(repo, monkeypatch):
    """HEAD was asked for before ``git log`` ran, and the log read whatever HEAD was by then:
    a commit made in between (saved while ``serve`` or a build started) was cached under the
    HEAD before it, every later build read it again as new, and the history page and
    ``data.json`` listed it twice, until the cache was deleted."""
    from mentorsite.history.aside import cache_file

    real = history_log._log_and_blobs
    made: list[str] = []

    def committing_meanwhile(*args: object, **kwargs: object) -> object:
        repo.write("content/checkins/2025-01-27.md",
                   CHECKIN.format(value=5, extra="").replace("speak:", "speak-up:"))
        made.append(repo.commit("Made while the log was read"))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(history_log, "_log_and_blobs", committing_meanwhile)
    read_history(repo.root, cache=cache_file(repo.root))
    monkeypatch.undo()
    build(repo.root, repo.root / "_site", today=TODAY)
    shown = [commit["sha"] for commit in
             json.loads((repo.root / "_site/data.json").read_text())["history"]]
    assert shown.count(made[0]) == 1 and len(shown) == len(set(shown))
    assert read_history(repo.root, cache=cache_file(repo.root)).commits == read_history(
        repo.root).commits


def _flipped(data: bytes, at: int) -> bytes:
    """``data`` with one bit of the byte at ``at`` flipped, as a disk or a transfer does."""
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1:]


@pytest.mark.parametrize("spoil", [
    lambda data: data[: len(data) - 10],  # cut short: the last blobs are missing
    lambda data: data.replace(  # an older format
        f'"version": {history_cache.VERSION}'.encode(),
        f'"version": {history_cache.VERSION - 1}'.encode(), 1),
    lambda data: _flipped(data, len(data) - 5),  # a bit of a blob: that version lost
    lambda data: _flipped(data, data.index(b'"author": "') + 11),  # a name misspelt
    lambda data: b'{"version": 3, "prefix": "", "head": 1}\n',  # not a whole cache
    lambda data: b"[" * 100_000 + b"\n",  # nested past what json reads (RecursionError)
])
def test_a_damaged_cache_is_read_again_from_git(repo, spoil):
    cache = repo.root / ".cache" / history_cache.FILE
    full = read_history(repo.root, cache=cache)
    stored = cache.read_bytes()
    assert full.blobs and all(blob in stored for blob in full.blobs.values()), "stored as held"
    assert f'"version": {history_cache.VERSION}'.encode() in stored
    spoilt = spoil(stored)
    assert spoilt != stored
    cache.write_bytes(spoilt)
    again = read_history(repo.root, cache=cache)
    assert again.commits == full.commits and again.blobs == full.blobs


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_in_the_cache_s_place_is_passed_over(repo):
    """Opening a pipe waits for a writer that never comes: the build hung for ever."""
    cache = repo.root / ".cache" / history_cache.FILE
    full = read_history(repo.root)
    cache.parent.mkdir()
    os.mkfifo(cache)
    read: list[GitLog] = []
    reader = threading.Thread(target=lambda: read.append(read_history(repo.root, cache=cache)),
                              daemon=True)
    reader.start()
    reader.join(timeout=30)
    if reader.is_alive():
        with open(cache, "wb"):  # lets the reader go, so that the test run can end
            pass
        pytest.fail("reading the history waited on the pipe")
    assert read[0].commits == full.commits


def test_file_history_follows_renames(repo):
    _, data = built(repo)
    [speak] = data["goals"]
    assert speak["id"] == "speak-up"
    assert speak["created"]["date"].startswith("2025-01-0")
    assert speak["created"]["sha"] != speak["updated"]["sha"]
    commits = {c["subject"]: c for c in data["history"]}
    assert "content/goals/speak-up.md" in commits["Rename the goal"]["files"]
    assert commits["Set the first goal"]["files"] == [
        "content/checkins/2025-01-06.md", "content/goals/speak.md"
    ]


def test_goal_evolution_shows_the_meaning_of_each_change(repo):
    site, _ = built(repo)
    goal_page = page(site, "goals/speak-up")
    text = goal_page.get_text(" ", strip=True)
    assert "metrics.confidence.target" in text
    assert "More ambition." in text
    revision_links = [a["href"] for a in goal_page.select("a[href*='revisions/']")]
    assert len(set(revision_links)) >= 3


def test_revision_pages_compare_with_previous_and_current(repo):
    site, data = built(repo)
    first = next(c for c in data["history"] if c["subject"] == "Set the first goal")
    revision = page(site, f"goals/speak-up/revisions/{first['sha']}")
    sections = {s.h2.get_text(strip=True): s.get_text(" ", strip=True)
                for s in revision.find_all("section")}
    assert "first version" in sections["Compared with the version before"]
    current = sections["Compared with the current version"]
    assert "metrics.confidence.target" in current and "4" in current and "5" in current


def test_chart_marks_where_the_target_moved(repo):
    site, _ = built(repo)
    chart = page(site, "goals/speak-up").find("figure", class_="chart")
    assert "target 4 → 5" in chart.find("svg").get_text(" ")
    assert "Plan changed: target 4 → 5" in chart.figcaption.get_text(" ")


def test_review_sessions_group_merges_and_squashes(repo):
    site, data = built(repo)
    history = page(site, "history")
    titles = [h.get_text(" ", strip=True) for h in history.select(".session__title")]
    assert "#7 Week two review" in titles
    assert "#12 Third check-in" in titles
    assert "Rename the goal" in titles
    by_subject = {c["subject"]: c for c in data["history"]}
    assert by_subject["Week two check-in"]["pull_request"] == 7
    assert by_subject["Third check-in (#12)"]["pull_request"] == 12
    assert by_subject["Rename the goal"]["pull_request"] is None


def test_reviewed_by_trailer_marks_the_entries_it_touched(repo):
    _, data = built(repo)
    [speak] = data["goals"]
    raised = next(c for c in data["history"] if c["subject"] == "Raise the target")
    assert raised["reviewed_by"] == ["Sam Okafor"]
    assert {"name": "Sam Okafor", "date": raised["date"][:10]} in speak["reviewed_by"]
    untouched = next(c for c in data["checkins"] if c["slug"] == "2025-01-20")
    assert all(r["name"] != "Sam Okafor" for r in untouched["reviewed_by"])


def test_a_pull_request_is_one_review_on_the_day_it_was_merged(tmp_path):
    """Two commits on a branch, merged with one trailer: the goal listed the reviewer twice,
    dated by the branch's commits, before the review was given; and the session was titled
    by the trailer."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.commit("Goal")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("content/goals/speak.md", goal(target=5))
    repo.commit("Raise the target")
    repo.write("content/goals/speak.md", goal(target=5, body="Body.\n\nWhy five."))
    repo.commit("Say why")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "feature", "-m",
             "Merge pull request #3 from lee/feature\n\nReviewed-by: Lee Wong <lee@x.org>")
    merged = repo.git("log", "-1", "--format=%aI").strip()[:10]
    site, data = built(repo)
    assert data["goals"][0]["reviewed_by"] == [{"name": "Lee Wong", "date": merged}]
    titles = [h.get_text(" ", strip=True) for h in page(site, "history").select(".session__title")]
    assert titles[0] == "#3 Merge pull request #3 from lee/feature"
    repo.write("content/goals/speak.md", goal(target=5, body="Body.\n\nWhy five, again."))
    later = repo.commit("Reword", "-m", "Reviewed-by: Lee Wong <lee@x.org>")
    _, data = built(repo)
    day = next(c["date"][:10] for c in data["history"] if c["sha"] == later)
    assert data["goals"][0]["reviewed_by"] == [{"name": "Lee Wong", "date": day}]


def test_a_commit_naming_its_own_author_as_reviewer_shows_no_review_of_her(tmp_path):
    """A trailer naming the commit's own author signs off nothing (docs/workflow.md): the
    entry's page said "Not reviewed yet", while the history and the commit's page showed
    "Reviewed by Priya" on Priya's own commit. The pages show the other names only;
    data.json keeps every name the trailers give."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    own = repo.commit("Goal", "-m", "Reviewed-by: Priya <p@example.org>")
    repo.write("content/goals/speak.md", goal(target=5))
    both = repo.commit("Raise", "-m", "Reviewed-by: Priya <p@example.org>\n"
                       "Reviewed-by: Sam Okafor <sam@x.org>")
    site, data = built(repo)
    badges = [b.get_text(" ", strip=True) for b in page(site, "history").select(
        ".badge--reviewed")]
    assert badges == ["✓ Reviewed by Sam Okafor"], badges
    assert not page(site, f"history/{own}").select(".badge--reviewed")
    [shown] = page(site, f"history/{both}").select(".badge--reviewed")
    assert shown.get_text(" ", strip=True) == "✓ Sam Okafor"
    assert [c["reviewed_by"] for c in data["history"]] == [["Priya", "Sam Okafor"], ["Priya"]]


def test_no_e_mail_address_in_a_commit_message_is_published(tmp_path):
    """SECURITY.md: author e-mail addresses are never published. ``git commit -s``, GitHub's
    squash merges and trailers put them in messages, and commit pages showed them whole."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.commit("Goal from ana@home.example", "-m",
                "Thanks <bo@corp.example>.\n\nSigned-off-by: Ana Silva <ana@home.example>\n"
                "Co-authored-by: Bo <123+bo@users.noreply.github.com>\n"
                "Reviewed-by: Sam Okafor <sam@corp.example>")
    site, data = built(repo)
    [commit] = data["history"]
    assert commit["reviewed_by"] == ["Sam Okafor"]
    text = page(site, f"history/{commit['sha']}").get_text()
    assert "Signed-off-by: Ana Silva\nCo-authored-by: Bo\nReviewed-by: Sam Okafor" in text
    addresses = (b"ana@home.example", b"bo@corp.example", b"bo@users.noreply.github.com",
                 b"sam@corp.example", b"p@example.org")  # the last is the author's own
    published = [(path.name, address) for path in site.rglob("*") if path.is_file()
                 for address in addresses if address in path.read_bytes()]
    assert published == []


def test_a_name_that_is_an_e_mail_address_is_shown_without_it(tmp_path):
    """``user.name`` set to an address (some tools do) published it as the author's name; a
    trailer giving an address alone was dropped with the address, and its sign-off too."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.commit("Goal", "--author", "ana.private@home.example <ana.private@home.example>",
                "-m", "Reviewed-by: sam.private@corp.example\nApproved-by: <bo@corp.example>")
    site, data = built(repo)
    [commit] = data["history"]
    assert (commit["author"], commit["reviewed_by"]) == ("ana.private", ["sam.private", "bo"])
    assert [{"name": r["name"]} for r in data["goals"][0]["reviewed_by"]] == [
        {"name": "sam.private"}, {"name": "bo"}]
    published = [path.name for path in site.rglob("*") if path.is_file()
                 for domain in (b"@home.example", b"@corp.example") if domain in path.read_bytes()]
    assert published == []
    # the commit page shows the message's trailers by the same names, not as "Reviewed-by:"
    # with no one after it
    text = page(site, f"history/{commit['sha']}").get_text("\n")
    assert "Reviewed-by: sam.private" in text and "Approved-by: bo" in text


def test_commit_pages_show_meaning_first_then_diff(repo):
    site, data = built(repo)
    raise_target = next(c for c in data["history"] if c["subject"] == "Raise the target")
    commit = page(site, f"history/{raise_target['sha']}")
    section = commit.find("section", class_="file-change")
    headings = [h.get_text(strip=True) for h in section.find_all("h3")]
    assert headings == ["What changed", "Text"]
    assert section.find(class_="file-change__kind").get_text() == "goal"
    kinds = {kind.get_text() for kind in page(site, f"history/{data['history'][-1]['sha']}")
             .find_all(class_="file-change__kind")}
    assert "check-in" in kinds  # as the rest of the site says it, not the key "checkin"
    added = [ins.get_text() for ins in section.find_all("ins", class_="diff__add")]
    assert added == ["+", "+More ambition."]


def _public_checkin(tmp_path: Path, words: str, subject: str) -> tuple[Repo, str]:
    """A goal, then a public check-in whose obstacle is ``words``, committed on its own."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.commit("Goal")
    repo.write("content/checkins/2025-01-06.md",
               CHECKIN.format(value=2, extra=f"obstacles: [{words}]\n"))
    return repo, repo.commit(subject)


def test_private_file_with_public_past_is_nowhere(tmp_path):
    repo, only_private = _public_checkin(tmp_path, "SECRET-OBSTACLE", "Family matters")
    repo.write("content/checkins/2025-01-06.md",
               CHECKIN.format(value=2, extra="obstacles: [SECRET-OBSTACLE]\nprivate: true\n"))
    repo.commit("Make it private")
    site, data = built(repo)
    assert all(c["sha"] != only_private for c in data["history"])
    assert [c["subject"] for c in data["history"]] == ["Goal"]
    for path in site.rglob("*"):
        if path.is_file():
            text = path.read_text(errors="replace")
            assert "SECRET-OBSTACLE" not in text and "2025-01-06" not in text, path
    assert not (site / "history" / only_private).exists()


def test_a_file_renamed_and_made_private_before_a_commit_is_private_by_both_names(tmp_path):
    """``git mv`` then ``private: true``, not committed yet: the file's past, under the name
    it was committed with, showed on the history and commit pages (found by a random walk)."""
    repo, only_it = _public_checkin(tmp_path, "SAID-IN-PUBLIC", "A check-in")
    repo.git("mv", "content/checkins/2025-01-06.md", "content/checkins/2025-01-06-home.md")
    repo.write("content/checkins/2025-01-06-home.md",
               CHECKIN.format(value=2, extra="obstacles: [SAID-IN-PUBLIC]\nprivate: true\n"))
    site, data = built(repo)
    assert [c["subject"] for c in data["history"]] == ["Goal"]
    assert not (site / "history" / only_it).exists()
    assert [p for p in site.rglob("*") if p.is_file() and "SAID-IN-PUBLIC" in
            p.read_text(errors="replace")] == []


def test_a_rename_staged_after_a_build_is_built_again(tmp_path):
    """A file renamed and marked private is private by its old name once git knows of the
    rename; ``git add`` changes no file the build looks at, and the build said "nothing
    changed", publishing the old name's past (found by a hostile search)."""
    repo, only_it = _public_checkin(tmp_path, "SAID-IN-PUBLIC", "A check-in")
    (repo.root / "content/checkins/2025-01-06.md").rename(
        repo.root / "content/checkins/2025-01-06-home.md")
    repo.write("content/checkins/2025-01-06-home.md",
               CHECKIN.format(value=2, extra="obstacles: [SAID-IN-PUBLIC]\nprivate: true\n"))
    site, _ = built(repo)
    assert (site / "history" / only_it).exists(), "a rename git does not know of yet"
    repo.git("add", "-A")
    again = build(repo.root, site, today=TODAY)
    assert not again.unchanged
    assert not (site / "history" / only_it).exists()
    assert build(repo.root, site, today=TODAY).unchanged


@pytest.mark.parametrize("front", [
    "private: true  # not for the site\ntitle: [\n",
    "title: a\ntitle: b\nprivate: yes # dup keys above\n",
    "private: True\t#\ntitle: [\n",
    "- private: true\n- title: A list, not a mapping\n",  # refused by check: any version
    "[private: true, title: x]\n",
])
def test_a_broken_version_marked_private_with_a_comment_is_private(front):
    """A version whose front matter does not parse is judged private by its lines; a
    trailing comment on the ``private`` line did not count, so a file public now showed
    that version (and every one before it)."""
    assert is_private_text(f"---\n{front}---\nbody\n".encode())
    assert not is_private_text(b"---\ntitle: [\nprivate: false # not true\n---\n")


@pytest.mark.parametrize("front", [
    '"priv\\u0061te": true\n', "'private': 1\n", 'private: "true"\n', "private:\n",
    "private: |-\n  true\n", "title: [\nprivate: maybe\n", "  private: true\ntitle: [\n",
])
def test_a_version_that_asks_for_privacy_in_any_spelling_is_private(front):
    """An old version is shown whatever errors it had, so its ``private`` is read on the safe
    side: a key written with a YAML escape (private to the model) or a value other than
    ``false`` ("true", 1, left empty) published that version once the file was public."""
    assert is_private_text(f"---\n{front}---\nbody\n".encode())


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_version_saved_as_utf16_or_32_and_marked_private_is_private(codec, tmp_path):
    """Notepad's "Unicode": its ``private: true`` holds no byte string ``private``, so once
    the file was public again that version was on its pages, each letter beside a U+FFFD."""
    text = "---\ntitle: Goal\nstarted: 2025-01-01\nprivate: true\n---\nSECRET-WIDE\n"
    assert is_private_text(text.encode(codec))
    assert not is_private_text(text.replace("true", "false").encode(codec))
    repo = Repo(tmp_path / codec)
    (repo.root / "content/goals").mkdir(parents=True)
    (repo.root / "content/goals/speak.md").write_bytes(text.encode(codec))
    repo.commit("A private draft")
    repo.write("content/goals/speak.md", goal())
    repo.commit("Published")
    site, data = built(repo)
    assert data["history"] == []
    for path in site.rglob("*"):
        if path.is_file():
            assert "SECRET" not in path.read_text("utf-8", "replace").replace("\ufffd", "")


@pytest.mark.parametrize("front", ["private: false\n", "private: no # not now\n",
                                   "title: [\nprivate: off\n", "title: C:\\plans\n"])
def test_a_version_that_says_false_or_nothing_is_public(front):
    assert not is_private_text(f"---\n{front}---\nbody\n".encode())


def test_a_revision_private_by_an_escaped_key_stays_out_once_public(tmp_path):
    """``"priv\\u0061te": true`` is ``private: true`` to the model; the history's quick look
    for the bytes ``private`` missed it, and the revision's commit page was published."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.commit("Goal")
    repo.write("content/checkins/2025-01-06.md",
               CHECKIN.format(value=2, extra='obstacles: [ESC-SECRET]\n"priv\\u0061te": true\n'))
    repo.commit("Private check-in")
    repo.write("content/checkins/2025-01-06.md",
               CHECKIN.format(value=2, extra="obstacles: [NOW-PUBLIC]\n"))
    repo.commit("Public now")
    site, data = built(repo)
    assert [c["subject"] for c in data["history"]] == ["Goal"]
    assert [p for p in site.rglob("*") if p.is_file()
            and "ESC-SECRET" in p.read_text(errors="replace")] == []


def _merge_writing(repo: Repo, branch: str, relpath: str, text: str, subject: str) -> str:
    """Merge a branch that changed another file, writing ``text`` to ``relpath`` in the merge
    itself (as a conflict is resolved): the one commit that holds that version."""
    repo.git("checkout", "-q", "-b", branch)
    repo.write(f"content/evidence/2025-01-0{len(branch)}-{branch}.md",
               "---\ntitle: Note\nkind: feedback\n---\nx\n")
    repo.commit(f"On {branch}")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "--no-commit", branch)
    repo.write(relpath, text)
    return repo.commit(subject)


def test_a_file_private_only_in_a_merge_stays_out_with_every_revision(tmp_path):
    """``git log`` lists no files for a merge: a check-in marked private in one conflict
    resolution and made public in another was never seen private, and its earlier text was
    published."""
    path = "content/checkins/2025-01-06.md"
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.write(path, CHECKIN.format(value=2, extra="obstacles: [MERGE-SECRET]\n"))
    repo.commit("Goal and check-in")
    _merge_writing(repo, "a", path, CHECKIN.format(
        value=2, extra="obstacles: [MERGE-SECRET]\nprivate: true\n"), "Merge pull request #4")
    _merge_writing(repo, "bb", path, CHECKIN.format(value=2, extra="obstacles: [Redacted]\n"),
                   "Merge pull request #5")
    site, _ = built(repo)
    assert [p for p in site.rglob("*") if p.is_file()
            and "MERGE-SECRET" in p.read_text(errors="replace")] == []


def test_a_merge_of_three_reads_its_result_against_the_first_parent():
    """``git log -c --combined-all-paths``: a path per parent, then the merge's."""
    zero, a, b, c, r = "0" * 40, "a" * 40, "b" * 40, "c" * 40, "d" * 40
    x, y, z = b"content/goals/x.md", b"content/goals/y.md", b"content/evidence/2025-01-02-z.md"
    fields = [f":::100644 100644 100644 100644 {a} {b} {c} {r} MMM".encode(), x, x, x, x,
              f"::000000 100644 100644 {zero} {b} {r} AM".encode(), y, y, y,
              f"::100644 100644 000000 {a} {b} {zero} DD".encode(), b"notes.md", b"notes.md",
              b"notes.md",
              f"::100644 000000 100644 {a} {zero} {a} RA".encode(),
              b"content/reflections/2025-01-02-z.md", z, z,
              f"::000000 100644 100644 {zero} {b} {r} AR".encode(),  # moved on the second side
              b"content/checkins/2025-01-02.md", b"content/reflections/2025-01-02-w.md",
              b"content/checkins/2025-01-02.md"]
    changes = list(history_parse.parse_raw(fields, "content/", ""))
    assert [(c.status, c.path, c.old_path, c.old_blob, c.new_blob) for c in changes] == [
        ("M", x.decode(), None, a, r), ("A", y.decode(), None, None, r),
        ("R", z.decode(), "content/reflections/2025-01-02-z.md", a, a),
        ("R", "content/checkins/2025-01-02.md", "content/reflections/2025-01-02-w.md", b, r)]


def test_a_file_git_moves_in_a_merge_keeps_its_past_private(tmp_path):
    """One side moved the reflections it had into evidence/, the other added one: git's
    rename detection put it in evidence/ as it merged (``RA``). Read with no old path, its
    life as a reflection was another file's, published after it was marked private."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.write("content/reflections/2025-01-01-a.md", "---\ntitle: First\n---\nHello.\n")
    repo.commit("Start")
    repo.git("checkout", "-q", "-b", "side")
    (repo.root / "content/evidence").mkdir()
    repo.git("mv", "content/reflections/2025-01-01-a.md", "content/evidence/2025-01-01-a.md")
    repo.commit("Move to evidence")
    repo.git("checkout", "-q", "main")
    repo.write("content/reflections/2025-01-03-b.md",
               "---\ntitle: MOVED-SECRET\n---\nMOVED-SECRET body\n")
    repo.commit("Add reflection")
    repo.git("-c", "merge.directoryRenames=true", "merge", "-q", "--no-ff", "-m", "Merge", "side")
    moved = repo.root / "content/evidence/2025-01-03-b.md"
    assert moved.is_file()
    moved.write_text("---\nprivate: true\ntitle: MOVED-SECRET\nkind: feedback\n---\nx\n")
    repo.commit("Make it private")
    site, _ = built(repo)
    assert [p for p in site.rglob("*") if p.is_file()
            and "MOVED-SECRET" in p.read_text(errors="replace")] == []


def test_a_file_deleted_restored_then_renamed_and_private_keeps_its_whole_past(tmp_path):
    """The restore is an addition to git: the file's past before its deletion was another
    file's to the history, and stayed published once the file was renamed and made private."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.write("content/goals/side.md", goal(body="RESTORED-SECRET"))
    repo.commit("Add")
    repo.git("rm", "-q", "content/goals/side.md")
    repo.commit("Delete")
    repo.git("revert", "--no-edit", "HEAD")
    repo.git("mv", "content/goals/side.md", "content/goals/side-2.md")
    repo.write("content/goals/side-2.md", goal(extra="private: true\n", body="RESTORED-SECRET"))
    repo.commit("Rename and make private")
    site, _ = built(repo)
    assert [p for p in site.rglob("*") if p.is_file()
            and "RESTORED-SECRET" in p.read_text(errors="replace")] == []


def test_an_edit_on_a_branch_to_the_name_another_branch_renamed_stays_out(tmp_path):
    """Branches walked newest first overwrote each other's names for a path: a branch's edit
    of the old name was another file, published once the renamed file was private."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.write("content/goals/old.md", goal(body="Line one.\n\nLine two."))
    repo.commit("Add")
    repo.git("checkout", "-q", "-b", "side")
    repo.write("content/goals/old.md", goal(body="Line one.\n\nLine two.\n\nBRANCH-SECRET"))
    repo.commit("Edit on a branch")
    repo.git("checkout", "-q", "main")
    repo.git("mv", "content/goals/old.md", "content/goals/new.md")
    repo.write("content/goals/new.md", goal(extra="private: true\n",
                                            body="Line one.\n\nLine two."))
    repo.commit("Rename and make private")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge side", "side")
    site, _ = built(repo)
    assert [p for p in site.rglob("*") if p.is_file()
            and "BRANCH-SECRET" in p.read_text(errors="replace")] == []


REFLECTION = "---\ntitle: {title}\n{extra}---\n" + "".join(
    f"Line {n} of what I noticed this week, kept as it was written.\n" for n in range(12))


def _copied(tmp_path: Path, source_extra: str, copy_extra: str) -> tuple[Repo, str, str]:
    """A public reflection (``a``) with a line ``COPIED-TEXT``; then, in one commit, ``a``
    edited (``source_extra`` and a line) and a copy of it added (``b``) with ``copy_extra``: git
    reports the copy, as it does the second name a squash merge of two renames leaves."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    a, b = "content/reflections/2025-01-02-a.md", "content/reflections/2025-01-09-b.md"
    repo.write(a, REFLECTION.format(title="First", extra="") + "COPIED-TEXT\n")
    first = repo.commit("Add a")
    repo.write(a, REFLECTION.format(title="First", extra=source_extra) + "COPIED-TEXT\nMore.\n")
    repo.write(b, REFLECTION.format(title="Second", extra=copy_extra) + "COPIED-TEXT\n")
    copy = repo.commit("Copy a to b")
    assert "\nC" in "\n" + repo.git("log", "-C", "--name-status", "--format=", "-1")
    return repo, first, copy


def test_a_copy_of_a_withheld_file_is_withheld(tmp_path):
    """The copy's first diff showed the private file's text, published once the copy was
    edited (found by a random walk of squash merges of renamed files)."""
    repo, _, copy = _copied(tmp_path, "private: true\n", "")
    b = repo.root / "content/reflections/2025-01-09-b.md"
    b.write_text(b.read_text().replace("COPIED-TEXT\n", "Said in public.\n"))
    repo.commit("Edit b")
    site, data = built(repo)
    assert [p for p in site.rglob("*") if p.is_file()
            and "COPIED-TEXT" in p.read_text(errors="replace")] == []
    assert [c["subject"] for c in data["history"]] == ["Add a"]  # for its goal
    assert not (site / "history" / copy).exists()


def test_a_private_copy_keeps_nothing_of_its_public_source_back(tmp_path):
    """A copy made private hides its own past, not the file it came from."""
    repo, _, copy = _copied(tmp_path, "", "private: true\n")
    site, data = built(repo)
    assert [c["subject"] for c in data["history"]] == ["Copy a to b", "Add a"]
    commit_page = page(site, f"history/{copy}")
    assert [code.get_text() for code in commit_page.select(".file-change__path")] == [
        "content/reflections/2025-01-02-a.md"]
    assert "2025-01-09-b" not in (site / "history" / copy / "index.html").read_text()


def test_a_public_copy_says_where_it_came_from(tmp_path):
    repo, first, copy = _copied(tmp_path, "", "")
    site, data = built(repo)
    sections = page(site, f"history/{copy}").select("section.file-change")
    shown = {s.select_one(".file-change__path").get_text(): s for s in sections}
    copied = shown["content/reflections/2025-01-09-b.md"]
    assert copied.select_one(".badge").get_text() == "Copied"
    assert copied.select_one(".file-change__from").get_text() == (
        "Copied from content/reflections/2025-01-02-a.md.")
    assert "First" in copied.select_one(".field-changes").get_text()  # its title, changed
    assert [ins.get_text() for ins in copied.find_all("ins", class_="diff__add")] == []
    created = {r["slug"]: r["created"]["sha"] for r in data["reflections"]}
    assert created == {"2025-01-02-a": first, "2025-01-09-b": copy}


def test_a_goal_copied_from_another_says_so_and_has_only_its_own_past(tmp_path):
    """Its revisions say where it came from, and a file its first path held before it
    (deleted since) is not its past once it is renamed, as for a file added."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.write("content/goals/listen.md", goal(body="An older goal of that name."))
    repo.commit("Two goals")
    (repo.root / "content/goals/listen.md").unlink()
    repo.commit("Drop the older goal")
    repo.write("content/goals/speak.md", goal(target=5))
    repo.write("content/goals/listen.md", goal(body="Body.\n\nMY-OWN-WORDS"))
    copy = repo.commit("Copy speak to listen")
    repo.git("mv", "content/goals/listen.md", "content/goals/hear.md")
    repo.commit("Rename listen to hear")
    site, data = built(repo)
    hear = next(g for g in data["goals"] if g["id"] == "hear")
    assert hear["created"]["sha"] == copy
    revisions = page(site, "goals/hear").select("li.revision")
    assert [r.select_one(".revision__what").get_text() for r in revisions] == [
        "Renamed from content/goals/listen.md.", "Copied from content/goals/speak.md."]
    before = page(site, f"goals/hear/revisions/{copy}").find("section")
    assert "copied from content/goals/speak.md" in before.get_text(" ", strip=True)
    assert [ins.get_text() for ins in before.find_all("ins", class_="diff__add")] == [
        "+", "+MY-OWN-WORDS"]


def test_a_goal_deleted_then_taken_by_a_renamed_one_keeps_its_revisions_apart(tmp_path):
    """Goal b deleted, a renamed to b, a new goal a: the old b's revisions were the new b's
    too, and the commit that made both a and the old b had two pages at one URL, the second
    written over the first (found by a randomised walk of renames, copies and deletes)."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/a.md", goal(body="The goal first called a."))
    repo.write("content/goals/b.md", goal(body="OLD-B-WORDS"))
    both = repo.commit("Two goals")
    repo.write("content/goals/b.md", goal(body="OLD-B-WORDS, edited."))
    edited = repo.commit("Edit the old b")
    repo.git("rm", "-q", "content/goals/b.md")
    repo.commit("Drop the old b")
    repo.git("mv", "content/goals/a.md", "content/goals/b.md")
    renamed = repo.commit("Rename a to b")
    repo.write("content/goals/a.md", goal(body="A new goal a."))
    new = repo.commit("A new a")
    pages: list[str] = []
    real = history_pages_module.history_pages

    def listed(*args, **kwargs):
        made = real(*args, **kwargs)
        pages.extend(p.output_path for p in made)
        return made

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("mentorsite.build.history_pages", listed)
        site, data = built(repo)
    assert len(pages) == len(set(pages))
    assert sorted(p for p in pages if "/revisions/" in p) == sorted([
        f"goals/a/revisions/{new}/index.html", f"goals/b/revisions/{renamed}/index.html",
        f"goals/b/revisions/{both}/index.html"])
    assert "OLD-B-WORDS" not in page(site, f"goals/b/revisions/{both}").get_text()
    assert edited not in page(site, "goals/b").decode()
    goals = {g["id"]: g for g in data["goals"]}
    assert (goals["b"]["created"]["sha"], goals["a"]["created"]["sha"]) == (both, new)


def test_a_copy_made_in_a_merge_is_a_copy():
    """``git log -c -C``: a file a merge added as a copy of another is ``CC``."""
    a, r = "a" * 40, "d" * 40
    source, copy = b"content/goals/x.md", b"content/goals/y.md"
    fields = [f"::100644 100644 100644 {a} {a} {r} CC".encode(), source, source, copy]
    changes = list(history_parse.parse_raw(fields, "content/", ""))
    assert [(c.status, c.path, c.old_path, c.old_blob, c.new_blob) for c in changes] == [
        ("C", copy.decode(), source.decode(), a, r)]


def test_a_merge_shows_the_file_it_resolved(tmp_path):
    """A public file written in a merge (a conflict resolved) is a change of that merge."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.commit("Goal")
    merge = _merge_writing(repo, "a", "content/goals/speak.md", goal(body="Resolved."),
                           "Merge pull request #4")
    site, _ = built(repo)
    section = page(site, f"history/{merge}").find("section", class_="file-change")
    assert [ins.get_text() for ins in section.find_all("ins", class_="diff__add")] == [
        "+Resolved."]


def test_deleted_private_file_stays_out(tmp_path):
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.write("content/reflections/2025-01-02-hard.md",
               "---\ntitle: HIDDEN-TITLE\nprivate: true\n---\nx\n")
    repo.commit("Start")
    (repo.root / "content/reflections/2025-01-02-hard.md").unlink()
    repo.commit("Remove the private note")
    site, data = built(repo)
    assert [c["subject"] for c in data["history"]] == ["Start"]
    assert all("HIDDEN-TITLE" not in p.read_text(errors="replace")
               for p in site.rglob("*") if p.is_file())


def test_a_theme_reading_a_revisions_versions_finds_no_private_file(tmp_path):
    """A revision hands its file's versions to the goal page's template; they held every
    file the build had read, by blob id, private ones too: a theme that printed what a
    revision's versions held put a private check-in's notes on the goal's page."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.write("content/checkins/2025-01-06.md",
               CHECKIN.format(value=2, extra="private: true\n").replace("Notes.", "HIDDEN-NOTE"))
    repo.write("mentorsite.yml", "title: T\ncadence: monthly\ntheme: ours\n")
    repo.write("themes/ours/templates/goal.html",
               "{% for revision, url in revisions %}{{ revision.before }}{{ revision.after }}"
               "{{ revision.versions.__dict__ }}{% endfor %}\n")
    repo.commit("Start")
    site, _ = built(repo)
    shown = (site / "goals/speak/index.html").read_text()
    assert "Body." in shown  # the goal's own version is read from the working tree
    assert "HIDDEN-NOTE" not in shown


_DUMP = (
    "{% macro dump(x, depth) %}{{ x }}{% if depth < 6 %}"
    "{% if x is mapping %}{% for k, v in x.items() %} {{ k }}: {{ dump(v, depth + 1) }}"
    "{% endfor %}{% elif x.__dict__ is defined %}{% for k, v in x.__dict__.items() %}"
    " .{{ k }}= {{ dump(v, depth + 1) }}{% endfor %}{% elif x is iterable and x is not string %}"
    "{% for v in x %} {{ dump(v, depth + 1) }}{% endfor %}{% endif %}{% endif %}{% endmacro %}\n"
)
"""Prints everything a template reaches from ``x``: its text, and each attribute, entry and
item it holds, six levels deep."""


def test_a_theme_dumping_what_revisions_hold_finds_no_private_goal(tmp_path):
    """A revision hands its file's versions to the templates; they held the ids of private
    goals (to leave them out of old versions) and the public files' front matter as written,
    a check-in's note on a private goal in it: a theme printing what it could reach from a
    revision put both on the goal's, revision and commit pages."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.write("content/goals/hidden-goal.md", goal(extra="private: true\n"))
    repo.write("content/checkins/2025-01-06.md",
               "---\ngoals:\n  speak: {metrics: {confidence: 3}}\n"
               "  hidden-goal: {status: at-risk, note: SECRET-NOTE}\n---\nNotes.\n")
    repo.commit("Start")
    repo.write("content/goals/speak.md", goal(target=5))
    repo.commit("Raise the target")
    repo.write("mentorsite.yml", "title: T\ncadence: monthly\ntheme: ours\n")
    dumps = {"goal.html": "{% for revision, url in revisions %}{{ dump(revision, 0) }}{% endfor %}",
             "revision.html": "{{ dump(revision, 0) }} {{ dump(to_current, 0) }}",
             "commit.html": "{% for revision in revisions %}{{ dump(revision, 0) }}{% endfor %}"}
    for name, text in dumps.items():
        repo.write(f"themes/ours/templates/{name}", _DUMP + text)
    site, _ = built(repo)
    shown = {path: path.read_text() for path in site.rglob("*.html")}
    assert sum(".shown_again=" in text for text in shown.values()) >= 4  # they reach the versions
    for path, text in shown.items():
        assert "hidden-goal" not in text and "SECRET-NOTE" not in text, path


def test_public_entries_history_keeps_private_goals_out(tmp_path):
    """A public check-in's commit page lists its field changes: the readings and notes of a
    private goal in it, and a private goal's id in a reflection's list or a pivot, stay out
    there as they do on the entry's own page."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.write("content/goals/hidden-goal.md", goal(extra="private: true\n"))
    repo.commit("Goals")
    repo.write("content/checkins/2025-01-06.md",
               "---\ngoals:\n  speak: {metrics: {confidence: 3}}\n"
               "  hidden-goal: {status: at-risk, metrics: {confidence: 4}, note: SECRET-NOTE}\n"
               "---\nNotes.\n")
    repo.write("content/reflections/2025-01-07-talk.md",
               "---\ntitle: Talk\ngoals: [speak, hidden-goal]\n---\nx\n")
    repo.commit("Week one")
    repo.write("content/goals/speak.md",
               goal(status="pivoted", extra="pivoted_to: hidden-goal\n"))
    repo.commit("Pivot")
    site, _ = built(repo)
    for path in site.rglob("*"):
        if path.is_file():
            text = path.read_text(errors="replace")
            assert "hidden-goal" not in text and "SECRET-NOTE" not in text, path


def test_latin1_message_and_non_ascii_file_name(tmp_path):
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.write("content/evidence/2025-01-03-café talk.md", "---\ntitle: x\n---\n")
    repo.git("add", "-A")
    repo.git("-c", "i18n.commitEncoding=ISO-8859-1", "commit", "-q", "-F", "-",
             message="Réunion à Zürich".encode("latin-1"))
    log = read_history(repo.root)
    [commit] = log.commits
    assert commit.subject == "Réunion à Zürich"
    assert {c.path for c in commit.changes} == {
        "content/goals/speak.md", "content/evidence/2025-01-03-café talk.md"
    }


def test_source_in_a_sub_folder(tmp_path):
    repo = Repo(tmp_path / "top")
    repo.write("pair/mentorsite.yml", "title: Sub\n")
    repo.write("pair/content/goals/speak.md", goal())
    repo.write("content/goals/elsewhere.md", goal())
    repo.commit("Both")
    site = tmp_path / "site"
    build(repo.root / "pair", site, today=TODAY)
    data = json.loads((site / "data.json").read_text())
    assert data["history"][0]["files"] == ["content/goals/speak.md"]


def test_no_git_repository_still_builds_and_says_why(tmp_path):
    root = tmp_path / "plain"
    (root / "content/goals").mkdir(parents=True)
    (root / "content/goals/speak.md").write_text(goal())
    result = build(root, root / "_site", today=TODAY)
    assert any("not in a git repository" in note for note in result.notes)
    data = json.loads((root / "_site/data.json").read_text())
    assert data["history"] == [] and data["goals"][0]["created"] is None
    assert "not in a git repository" in page(root / "_site", "goals/speak").get_text()


def test_empty_repository_and_uncommitted_changes(tmp_path):
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    result = build(repo.root, repo.root / "_site", today=TODAY)
    assert any("no commits yet" in note for note in result.notes)
    repo.commit("Goal")
    repo.write("content/goals/speak.md", goal(target=5))
    result = build(repo.root, repo.root / "_site", today=TODAY)
    assert any("uncommitted" in note for note in result.notes)
    data = json.loads((repo.root / "_site/data.json").read_text())
    assert data["goals"][0]["uncommitted"] is True


def test_a_private_file_with_uncommitted_changes_is_not_counted_on_the_site(tmp_path):
    """Its edit is as private as the file: the site said "1 content file with uncommitted
    changes" on every page when only a private check-in had been edited, telling readers
    that a file they cannot see exists and is being written."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.write("content/checkins/2025-01-06.md",
               CHECKIN.format(value=2, extra="private: true\n"))
    repo.commit("Goal and a private check-in")
    repo.write("content/checkins/2025-01-06.md",
               CHECKIN.format(value=3, extra="private: true\n"))
    result = build(repo.root, repo.root / "_site", today=TODAY)
    assert not [note for note in result.notes if "uncommitted" in note]
    for html in (repo.root / "_site").rglob("*.html"):
        assert "uncommitted" not in html.read_text(), html


def test_a_pull_request_that_changed_only_private_files_is_no_review_session(tmp_path):
    """Its commits are left out, and so is its merge, which changed nothing itself: the
    history page must not list the pull request by its number and title, which named what
    the private check-in was about."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.commit("Goal")
    repo.git("checkout", "-q", "-b", "talk")
    repo.write("content/checkins/2025-01-06.md",
               CHECKIN.format(value=2, extra="private: true\n"))
    repo.commit("Notes of the salary talk")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "talk", "-m",
             "Merge pull request #7 from priya/talk\n\nSalary talk notes")
    site, data = built(repo)
    assert [c["subject"] for c in data["history"]] == ["Goal"]
    text = "".join(html.read_text() for html in (site / "history").rglob("*.html"))
    assert "Salary" not in text and "#7" not in text


def test_a_shallow_clone_does_not_date_creation_at_its_cut(tmp_path):
    """git gives the commit a shallow clone was cut at no parents, so its log lists every file
    there as added: a goal made long before and edited since was "created" by its first edit
    in the clone, and a goal from a second root commit (histories merged) the clone holds
    whole had no history at all, every commit without parents being taken for the cut. The
    cut commits are read from git's shallow file."""
    pair = Repo(tmp_path / "pair")
    pair.write("content/goals/old.md", goal(body="First."))
    pair.commit("Set the old goal")
    pair.write("content/goals/old.md", goal(body="Second."))
    pair.commit("Edit the old goal")  # the cut (depth 5)
    pair.write("content/goals/old.md", goal(body="Third."))
    pair.commit("Edit the old goal once more")
    pair.git("checkout", "-q", "--orphan", "side")
    pair.git("rm", "-q", "-r", "--cached", ".")
    (pair.root / "content/goals/old.md").unlink()
    pair.write("content/goals/side.md", goal(body="From a second root."))
    side = pair.commit("Start a second history")
    pair.git("checkout", "-q", "-f", "main")
    pair.git("merge", "-q", "--allow-unrelated-histories", "side", "-m", "Join the histories")
    pair.write("content/goals/old.md", goal(body="Fourth."))
    edit = pair.commit("Edit the old goal again")
    pair.write("content/goals/new.md", goal(body="New."))
    new = pair.commit("Set a new goal")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "5", f"file://{pair.root}", str(clone)],
                   check=True)
    build(clone, tmp_path / "site", today=TODAY)
    goals = {g["id"]: g for g in json.loads((tmp_path / "site/data.json").read_text())["goals"]}
    assert goals["old"]["created"] is None and goals["old"]["updated"]["sha"] == edit
    assert goals["new"]["created"]["sha"] == new
    assert goals["side"]["created"]["sha"] == side
    said = page(tmp_path / "site", "goals/old").select_one(".entry-history").get_text(" ")
    assert "Created before the history this shallow clone holds; last changed" in said
    assert "Not reviewed yet" not in said


def test_a_branch_with_no_commits_yet_is_not_called_an_empty_repository(repo, tmp_path,
                                                                         monkeypatch):
    """An unborn branch checked out, while main holds commits, said "the repository has no
    commits yet" in build's warning, on the pages and from review."""
    monkeypatch.delenv("GITHUB_BASE_REF", raising=False)
    repo.git("checkout", "-q", "--orphan", "fresh")
    result = build(repo.root, tmp_path / "site", today=TODAY)
    assert "the branch 'fresh' has no commits yet" in result.notes
    assert "the branch 'fresh' has no commits yet" in page(
        tmp_path / "site", "goals/speak-up").get_text()
    with pytest.raises(NoBaseError, match="the branch 'fresh' has no commits yet: "):
        history.default_base(repo.root)
    empty = Repo(tmp_path / "empty")
    assert read_history(empty.root).problem == "the repository has no commits yet"


def test_shallow_clone_is_detected_and_named(repo, tmp_path):
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo.root}", str(clone)],
                   check=True)
    result = build(clone, tmp_path / "site", today=TODAY)
    assert any("shallow clone" in note and "fetch-depth: 0" in note for note in result.notes)
    history = page(tmp_path / "site", "history").get_text()
    assert "fetch-depth: 0" in history
    data = json.loads((tmp_path / "site" / "data.json").read_text())
    assert [c["subject"] for c in data["history"]] == ["Follow the rename"], (
        "the clone's cut-off commit is not shown as adding every file"
    )


def test_no_history_flag_skips_git(repo, monkeypatch):
    """No history is read: the one thing git is asked is whether the Markdown cache is
    committed (whose HTML is then not trusted)."""
    real = subprocess.run
    asked: list[list[str]] = []

    def only_ls_files(args, *rest, **kwargs):
        asked.append(list(args)[1:])
        if list(args)[1:] != ["ls-files", "-z", "--", ".mentorsite-cache"]:
            raise AssertionError(f"git must not run with --no-history: {args}")
        return real(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "run", only_ls_files)
    site, data = built(repo, history=False)
    assert data["history"] == []
    assert not (site / "history").exists()
    build(repo.root, repo.root / "_again", today=TODAY, history=False)  # the cache it left
    assert asked[:1] == [["ls-files", "-z", "--", ".mentorsite-cache"]]


def test_meaning_keys_lists_by_id_and_title():
    old = {"status": "active", "metrics": [{"id": "c", "target": 4}],
           "milestones": [{"title": "Plan", "done": False}]}
    new = {"status": "pivoted", "metrics": [{"id": "c", "target": 5}],
           "milestones": [{"title": "Plan", "done": date(2025, 1, 9)}, {"title": "Ship"}]}
    shown = {(c.field, c.before, c.after) for c in meaning(old, new)}
    assert shown == {
        ("status", "active", "pivoted"),
        ("metrics.c.target", "4", "5"),
        ("milestones.Plan.done", "false", "2025-01-09"),
        ("milestones.Ship.title", None, "Ship"),
    }


def test_renames_across_the_content_folder_are_additions_and_deletions(tmp_path):
    repo = Repo(tmp_path / "pair")
    repo.write("drafts/speak.md", goal())
    repo.write("content/goals/old.md", goal(body="Old goal."))
    repo.commit("Drafts")
    repo.git("mv", "drafts/speak.md", "content/goals/speak.md")
    repo.git("mv", "content/goals/old.md", "drafts/old.md")
    repo.commit("Move the draft in and the old goal out")
    [moved, first] = read_history(repo.root).commits
    assert {(c.status, c.path, c.old_path) for c in moved.changes} == {
        ("A", "content/goals/speak.md", None), ("D", "content/goals/old.md", None),
    }
    assert [(c.status, c.path) for c in first.changes] == [("A", "content/goals/old.md")]


def _reachable(start: list[str], by_sha: dict[str, Commit]) -> set[str]:
    seen: set[str] = set()
    stack = list(start)
    while stack:
        sha = stack.pop()
        if sha not in seen and sha in by_sha:
            seen.add(sha)
            stack.extend(by_sha[sha].parents)
    return seen


@pytest.mark.parametrize("seed", range(20))
def test_branch_of_a_merge_is_what_only_its_side_reaches(seed):
    """The one-walk branch finder agrees with two whole reachability walks, on random graphs
    with long-lived branches, merges back and forth, and commits missing from the log."""
    chance = random.Random(seed)
    created: list[Commit] = []
    tips = ["c0"]
    for number in range(1, 120):
        parent = chance.choice(tips)
        parents = (parent,)
        if len(tips) > 1 and chance.random() < 0.25:
            parents = (parent, chance.choice([t for t in tips if t != parent]))
        elif chance.random() < 0.15:
            tips.append(parent)  # a new branch starts here
        sha = f"c{number}"
        tips[tips.index(parent)] = sha
        created.append(Commit(sha, parents, "A", "a@x", datetime(2025, 1, 1), "s", "", (), ()))
    log = [c for c in reversed(created) if chance.random() > 0.05]  # some left out
    by_sha = {c.sha: c for c in log}
    order = {c.sha: index for index, c in enumerate(log)}
    merges = [c for c in log if len(c.parents) > 1]
    assert merges
    for merge in merges:
        expected = (_reachable(list(merge.parents[1:]), by_sha)
                    - _reachable([merge.parents[0]], by_sha))
        found = _only_in_branch(merge, by_sha, order)
        assert sorted(found) == sorted(expected) and len(found) == len(set(found))


def test_old_versions_that_cannot_be_read_are_a_note(repo, monkeypatch):
    """cat-file failing (here: refusing its options) is said, never a crash or a silent gap."""
    real_start = history_log.start_git

    def broken_cat_file(git, root, args, **kwargs):
        if args[0] == "cat-file":
            args = ["cat-file", "--no-such-option"]
        return real_start(git, root, args, **kwargs)

    monkeypatch.setattr(history_log, "start_git", broken_cat_file)
    log = read_history(repo.root)
    assert log.commits == () and "could not read the old file versions" in (log.problem or "")


def test_a_long_history_is_split_into_pages_newest_first(repo, monkeypatch):
    monkeypatch.setattr(history_pages_module, "SESSIONS_PER_PAGE", 2)
    repo.write("content/checkins/2025-01-27.md",
               CHECKIN.format(value=5, extra="").replace("speak:", "speak-up:"))
    site, _ = built(repo)
    first = page(site, "history")
    assert "uncommitted" in first.select_one(".notice").get_text()
    assert page(site, "history/page/2").select_one(".notice") is None, "said once, on page 1"
    titles = [h.get_text(" ", strip=True) for h in first.select(".session__title")]
    assert len(titles) == 2 and titles[0] == "Follow the rename"
    assert first.select_one("a[rel=prev]") is None
    seen, where, pages = titles, first, 1
    while (older := where.select_one("a[rel=next]")) is not None:
        assert older["href"] == f"../{'../../' if pages > 1 else ''}history/page/{pages + 1}/"
        pages += 1
        where = page(site, f"history/page/{pages}")
        newer = where.select_one("a[rel=prev]")["href"]
        assert newer.endswith("history/" if pages == 2 else f"history/page/{pages - 1}/")
        assert f"page {pages} of" in where.select_one("h1").get_text()
        seen += [h.get_text(" ", strip=True) for h in where.select(".session__title")]
    assert pages == 3 and len(seen) == len(set(seen)) == 6
    assert "#7 Week two review" in seen and seen[-1] == "Set the first goal"
    assert not (site / "history/page/1").exists()
    assert not (site / f"history/page/{pages + 1}").exists()


def test_only_goals_keep_their_front_matter_as_written(repo):
    """Goal revisions are compared with the goal as written now; nothing compares other
    entries, so their raw front matter is not kept in memory for the whole build."""
    from mentorsite.model.project import read_project

    model = read_project(repo.root, TODAY).model
    assert model.goals[0].file.meta["metrics"][0]["target"] == 5
    assert all(c.file.meta == {} for c in model.checkins) and model.checkins


def test_what_revisions_mean_is_worked_out_again_not_kept(repo, monkeypatch):
    """A render worker shows thousands of revisions, each on one page: only the latest few
    versions and comparisons are kept, and what is worked out again is the same."""
    from mentorsite.history import evolution as evolution_module
    from mentorsite.history import versions as versions_module

    monkeypatch.setattr(versions_module, "REMEMBERED", 2)
    changes = evolution_module.evolution(read_history(repo.root), ())
    revisions = [r for revs in changes.revisions_by_commit.values() for r in revs]
    first = [(r.before, r.after, r.changes, r.diff) for r in revisions]
    assert len(revisions) > 4
    versions = revisions[0].versions
    assert max(len(versions.read), len(versions.changes), len(versions.diffs)) <= 2
    assert [(r.before, r.after, r.changes, r.diff) for r in revisions] == first
    # Nothing worked out is cached on a revision (a named tuple holds no more than its fields).
    assert not any({"before", "after", "changes", "diff"} & set(getattr(r, "__dict__", ()))
                   for r in revisions)


def _views_and_changes(repo: Repo) -> tuple[Insights, Evolution]:
    """The published views of ``repo``'s content and the evolution of its history, made
    afresh, as a build makes them before its pages."""
    from mentorsite.history.evolution import evolution
    from mentorsite.model.insights import insights
    from mentorsite.model.project import read_project
    from mentorsite.model.publish import published

    model = read_project(repo.root, TODAY).model
    return (insights(published(model), TODAY),
            evolution(read_history(repo.root), model.private_paths()))


def test_a_revision_page_is_compared_by_the_worker_that_renders_it(repo, monkeypatch):
    """A build makes every goal revision's page before it forks its render workers: how the
    revision stands against the goal now is worked out when the page is rendered, not while
    the pages are made, and the page made again (``serve``) compares equal."""
    views, changes = _views_and_changes(repo)
    compared = []
    real_diff = history_pages_module.body_diff
    monkeypatch.setattr(history_pages_module, "body_diff",
                        lambda *versions: compared.append(versions) or real_diff(*versions))

    def revision_pages():
        monkeypatch.setattr(history_pages_module, "_recent", {})
        return [page for page in history_pages_module.history_pages(changes, views)
                if page.template == "revision.html"]

    pages = revision_pages()
    assert pages and not compared
    shown = [(page.context["to_current"].diff, page.context["to_previous"].changes)
             for page in pages]
    assert len(compared) == len(pages) and any(diff for diff, _ in shown)
    again = revision_pages()
    assert [page.context for page in again] == [page.context for page in pages]


def test_a_goals_charts_are_laid_out_by_the_worker_that_renders_its_page(repo, monkeypatch):
    """A build makes every goal's page before it forks its render workers: its charts, and
    the target moves they mark (old goal versions read and compared), are laid out when the
    page is rendered, not while the pages are made; the charts made again (``serve``) compare
    equal."""
    from mentorsite.pages import site as site_module

    views, changes = _views_and_changes(repo)
    moved = []
    real_moves = site_module.target_moves
    monkeypatch.setattr(site_module, "target_moves",
                        lambda history: moved.append(history) or real_moves(history))

    def goal_page():
        return next(page for page in site_module.site_pages(views, changes)
                    if page.template == "goal.html")

    page = goal_page()
    assert not moved
    charts = page.context["charts"]
    assert len(charts) == 1 and not moved
    (_, chart), = charts
    assert len(moved) == 1 and chart.marks
    again = goal_page().context["charts"]
    assert again is not charts and again == charts


def test_a_goals_charts_print_the_same_in_every_build(repo):
    """A theme printing ``{{ charts }}`` shows the charts as the list they were before they
    were laid out when asked for, not the object's address, which differs from build to
    build."""
    from mentorsite.pages import site as site_module

    def printed() -> str:
        views, changes = _views_and_changes(repo)
        page = next(page for page in site_module.site_pages(views, changes)
                    if page.template == "goal.html")
        return str(page.context["charts"])

    first = printed()
    assert first == printed()
    assert first.startswith("[(") and "Chart(" in first and " at 0x" not in first


def test_old_versions_are_held_compressed(repo):
    """Old file versions were the largest part of the history in memory: they are held
    compressed, and given back as git gave them."""
    import zlib

    log = read_history(repo.root)
    blob_id = log.commits[-1].changes[0].new_blob
    assert blob_id is not None
    assert log.blob(blob_id) == zlib.decompress(log.blobs[blob_id])
    assert log.blob(blob_id) == subprocess.run(
        ["git", "cat-file", "blob", blob_id], cwd=repo.root, capture_output=True, check=True
    ).stdout
    assert log.blob("0" * 40) is None
    assert GitLog(blobs={blob_id: b"not compressed"}).blob(blob_id) is None, "a damaged cache"


def test_reading_the_history_never_writes_the_index(repo):
    """``git status`` refreshes a stale index and takes ``index.lock`` to write it; a commit
    the person makes meanwhile (serve asks after every save) would fail on that lock. A file
    touched without a change leaves its index entry stale: reading must leave it so."""
    from mentorsite.history.commits import WorkingTree
    from mentorsite.history.log import uncommitted_files

    index = repo.root / ".git" / "index"
    tracked = next((repo.root / "content").rglob("*.md"))
    later = tracked.stat().st_mtime + 5
    os.utime(tracked, (later, later))
    before = index.read_bytes()
    assert read_history(repo.root).uncommitted == frozenset()
    assert uncommitted_files(repo.root)() == WorkingTree()
    assert index.read_bytes() == before


def test_a_key_left_empty_is_no_field_of_the_diff():
    """``note:`` left empty (as new checkin writes it) read "Removed: null" and "Added: null"
    on the commit page of a goal's rename; an empty value is the same as none."""
    old = {"goals": {"speak": {"status": "at-risk", "note": None}}, "wins": []}
    new = {"goals": {"public-speaking": {"status": "at-risk", "note": None}}, "wins": [],
           "due": None}
    shown = [(c.field, c.before, c.after) for c in meaning(old, new)]
    assert shown == [("goals.speak.status", "at-risk", None),
                     ("goals.public-speaking.status", None, "at-risk")]
    assert meaning({"note": "Went well"}, {"note": None})[0][:3] == ("note", "Went well", None)


def test_a_clone_made_whole_since_the_last_build_is_built_again(repo, tmp_path):
    """``git fetch --unshallow`` touches no file the build reads, nor the commit checked out:
    "nothing changed" kept the shallow clone's site, without the history it asks for."""
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo.root}", str(clone)],
                   check=True)
    site = tmp_path / "site"
    assert any("shallow clone" in note for note in build(clone, site, today=TODAY).notes)
    subprocess.run(["git", "-C", str(clone), "fetch", "-q", "--unshallow"], check=True)
    again = build(clone, site, today=TODAY)
    assert not again.unchanged
    assert not any("shallow clone" in note for note in again.notes)
    assert "Week two check-in" in page(site, "history").get_text()


@pytest.mark.parametrize("rule", ["info/exclude", ".gitignore"])
def test_a_file_newly_ignored_is_no_longer_shown_uncommitted(rule, repo):
    """An ignore rule touches no file the build reads (``.git/info/exclude``, or a
    ``.gitignore`` outside content/): "nothing changed" kept "Not committed yet"."""
    draft = "content/checkins/2025-02-03.md"
    repo.write(draft, CHECKIN.format(value=4, extra="").replace("speak:", "speak-up:"))
    out, _ = built(repo)
    assert "not committed yet" in page(out, "checkins/2025-02-03").get_text().lower()
    ignore = repo.root / (".git/info/exclude" if rule == "info/exclude" else ".gitignore")
    ignore.parent.mkdir(exist_ok=True)
    ignore.write_text(f"/{draft}\n")
    assert not build(repo.root, out, today=TODAY).unchanged
    assert "not committed yet" not in page(out, "checkins/2025-02-03").get_text().lower()
    assert build(repo.root, out, today=TODAY).unchanged, "and then it is as it was"


def test_a_folder_made_a_repository_since_the_last_build_is_built_again(tmp_path, run_cli):
    """Nothing in the folder's files changes with ``git init`` or a missing git, so the
    "nothing changed" check kept a site saying "not in a git repository" after ``git init``."""
    root = tmp_path / "pair"
    (root / "content/goals").mkdir(parents=True)
    (root / "content/goals/speak.md").write_text(goal())
    args = ("--source", root, "--today", "2025-03-01", "build")
    first = run_cli(*args)
    assert "not in a git repository" in first.output
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    second = run_cli(*args)
    assert "nothing changed" not in second.output
    assert "no commits yet" in second.output
    assert "no commits yet" in page(root / "_site", "goals/speak").get_text()
    assert "nothing changed" in run_cli(*args).output


def test_files_that_are_no_entries_never_reach_the_history(tmp_path):
    """A private entry's attachment and its editor's swap file, committed beside it and then
    taken out as `check` asks: no front matter covers them, so their text and names were
    published in the commit's diff and in data.json. A note renamed into an entry is shown
    added, not as a diff from the note."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.commit("Goal")
    repo.write("content/evidence/2025-01-09-letter.md", "---\ntitle: SECRET-TITLE\n"
               "goals: [speak]\nkind: feedback\nprivate: true\n---\nSee the letter.\n")
    repo.write("content/evidence/secret-letter.txt", "SECRET-LETTER\n")
    (repo.root / "content/evidence/.2025-01-09-letter.md.swp").write_bytes(
        b"b0VIM 9.0\0\0SECRET-SWAP\0private: true\0")
    notes = "".join(f"Point {n} of the talk went well.\n" for n in range(12))
    repo.write("content/evidence/talk-notes.txt", f"SECRET-NOTES\n{notes}")
    repo.commit("Add the letter")
    repo.git("rm", "-q", "content/evidence/secret-letter.txt",
             "content/evidence/.2025-01-09-letter.md.swp")
    repo.git("mv", "content/evidence/talk-notes.txt", "content/evidence/2025-01-10-talk.md")
    repo.write("content/evidence/2025-01-10-talk.md",
               f"---\ntitle: Talk notes\ngoals: [speak]\nkind: story\n---\n{notes}")
    repo.commit("Keep attachments out of content")
    site, data = built(repo)
    assert [c["subject"] for c in data["history"]] == ["Keep attachments out of content", "Goal"]
    [talk] = [f for c in data["history"] for f in c["files"]
              if f.endswith("talk.md") or "talk-notes" in f]
    assert talk == "content/evidence/2025-01-10-talk.md"
    for path in site.rglob("*"):
        if path.is_file():
            text = path.read_text(errors="replace")
            for said in ("SECRET", "secret-letter", "09-letter", ".swp", "talk-notes"):
                assert said not in text, (path, said)


@pytest.mark.parametrize("message, signed", [
    ("Notes\n\n    Reviewed-by: Jordan (next week)\n\nMore notes.", []),
    ("Notes\n\nWe said Reviewed-by: Jordan would do.\nReviewed-by: Sam", []),
    ("Notes\nReviewed-by: Sam", []),  # the subject's paragraph holds no trailers
    ("Notes\n\nProse.\n\nReviewed-by: Sam <s@x.org>\nApproved-by: Bo", ["Sam", "Bo"]),
    ("Notes\n\nSigned-off-by: Ana\nSee the plan, then\nReviewed-by: Sam", ["Sam"]),
])
def test_only_the_trailer_block_signs_off(tmp_path, message, signed):
    """A "Reviewed-by:" line anywhere in the message marked entries reviewed, as git's own
    `interpret-trailers --parse` would not."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.commit(message)
    _, data = built(repo)
    assert [r["name"] for r in data["goals"][0]["reviewed_by"]] == signed
    parsed = repo.git("interpret-trailers", "--parse", message=message.encode())
    git_names = [line.split(":", 1)[1].split("<")[0].strip() for line in parsed.splitlines()
                 if line.lower().startswith(("reviewed-by", "approved-by"))]
    assert git_names == signed, "the same as git reads them"


def test_an_entry_whose_past_is_withheld_says_so_without_saying_why(tmp_path):
    """Private in an earlier commit, public now: its page had an empty history box, no dates
    and no word. It now says its past is not published (not that it was private once)."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.write("content/checkins/2025-01-06.md",
               CHECKIN.format(value=2, extra="private: true\n"))
    repo.commit("Private at first")
    repo.write("content/checkins/2025-01-06.md", CHECKIN.format(value=2, extra=""))
    repo.commit("Shared")
    site, _ = built(repo)
    box = page(site, "checkins/2025-01-06").find(class_="entry-history")
    assert " ".join(box.get_text().split()) == "No history: its past versions are not published."
    goal_box = page(site, "goals/speak").find(class_="entry-history")
    assert "Created" in goal_box.get_text() and "not published" not in goal_box.get_text()


def test_a_private_newest_checkin_leaves_the_site_as_if_it_were_not_there(tmp_path):
    """The newest check-in, private, closed a step of the public one before it and opened
    another. The site shows the public check-in's steps open (one overdue), in the calendar
    too: closing them, or listing none, would tell readers a later check-in exists. Every
    file is the same as when the private one is not in the working tree at all."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.write("content/checkins/2025-02-01.md",
               "---\nnext:\n  - {task: Draft the talk, due: 2025-03-20}\n"
               "  - {task: Book the room, due: 2025-02-05}\n---\nNotes.\n")
    repo.commit("Week one")
    private = "content/checkins/2025-02-08.md"
    repo.write(private, "---\nprivate: true\nnext:\n  - {task: SECRET-TASK, due: 2025-03-25}\n"
               "  - {task: Draft the talk, due: 2025-03-20, done: true}\n---\nx\n")
    repo.commit("A private session")
    with_it, _ = built(repo)
    dashboard = page(with_it, "").get_text(" ", strip=True)
    assert "Draft the talk" in dashboard and "SECRET-TASK" not in dashboard
    assert "Book the room due 5 Feb 2025 Overdue" in dashboard
    assert "Draft the talk" in (with_it / "calendar.ics").read_text()
    shutil.move(with_it, tmp_path / "with")
    (repo.root / private).unlink()
    without, _ = built(repo)
    for path in (tmp_path / "with").rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (without / path.relative_to(tmp_path / "with")
                                         ).read_bytes(), path


def test_a_commit_that_only_changes_how_text_is_stored_says_what_changed(tmp_path):
    """Line ends turned to CRLF, a byte-order mark added: git counts each as a change, and
    the commit page said "Changed" beside "The text did not change", with nothing to show
    what did; the goal's revision page said the same, and the goal's own list of its
    revisions showed such a one as its commit line alone."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.write("content/checkins/2025-01-06.md", CHECKIN.format(value=2, extra=""))
    repo.commit("Start")
    text = goal()
    (repo.root / "content/goals/speak.md").write_bytes(text.replace("\n", "\r\n").encode())
    crlf = repo.commit("Windows line ends")
    checkin = repo.root / "content/checkins/2025-01-06.md"
    checkin.write_bytes(b"\xef\xbb\xbf" + checkin.read_bytes())
    bom = repo.commit("A byte-order mark")
    (repo.root / "content/goals/speak.md").write_text(text)
    back = repo.commit("Unix line ends again")
    site, _ = built(repo)

    def said(relpath: str) -> str:
        return page(site, relpath).get_text(" ", strip=True)

    assert ("The text did not change; its line endings changed from LF (Unix) to CRLF "
            "(Windows).") in said(f"history/{crlf}")
    assert ("The text did not change; a byte-order mark was added at its start."
            in said(f"history/{bom}"))
    assert ("its line endings changed from CRLF (Windows) to LF (Unix)."
            in said(f"history/{back}"))
    assert ("The text did not change; its line endings changed from LF (Unix) to CRLF "
            "(Windows).") in said(f"goals/speak/revisions/{crlf}")
    listed = [item.get_text(" ", strip=True) for item in page(site, "goals/speak").select(
        "ol.revisions > li")]
    stored = [text for text in listed if "The text did not change" in text]
    assert len(stored) == 2  # the two line-ending commits, newest first
    assert "Unix line ends again" in stored[0] and (
        "its line endings changed from CRLF (Windows) to LF (Unix).") in stored[0]
    assert "Windows line ends" in stored[1] and (
        "its line endings changed from LF (Unix) to CRLF (Windows).") in stored[1]


def test_a_theme_keeping_its_own_history_macros_still_builds_a_revision_page(tmp_path):
    """A theme that replaced ``history_macros.html`` before its ``diff`` told what changed in
    how the text is stored keeps building: the built-in revision page called ``diff`` with
    that second argument, and every build failed with 'TypeError: macro 'diff' takes not more
    than 1 argument(s)' at a template the theme never touched. The page says it all the same."""
    import re

    import mentorsite

    builtin = Path(mentorsite.__file__).parent.parent / "themes/default/templates"
    ours = re.sub(r"\{% macro diff\([^)]*\)", "{% macro diff(lines)",
                  (builtin / "history_macros.html").read_text())
    repo = Repo(tmp_path / "pair")
    repo.write("mentorsite.yml", "title: T\ncadence: monthly\ntheme: ours\n")
    repo.write("themes/ours/templates/history_macros.html", ours)
    repo.write("content/goals/speak.md", goal())
    repo.commit("Start")
    (repo.root / "content/goals/speak.md").write_bytes(goal().replace("\n", "\r\n").encode())
    crlf = repo.commit("Windows line ends")
    site, _ = built(repo)
    assert ("The text did not change; its line endings changed from LF (Unix) to CRLF "
            "(Windows).") in page(site, f"goals/speak/revisions/{crlf}").get_text(" ", strip=True)


def _copied_beside_a_private_checkin(repo: Repo, copied: str) -> None:
    """A private check-in edited in the commit that adds a public one git takes for its
    copy (the same goals and wins); the public one says ``copied`` then, and is edited."""
    repo.write("content/goals/speak.md", goal())
    front = "---\n{private}goals:\n  speak: {{status: on-track}}\nwins: [One, Two, Three]\n---\n"
    repo.write("content/checkins/2025-01-06.md",
               front.format(private="private: true\n") + "SECRET-LINE\n")
    repo.commit("Start")
    repo.write("content/checkins/2025-01-06.md",
               front.format(private="private: true\n") + "SECRET-LINE\nSECRET-MORE\n")
    repo.write("content/checkins/2025-01-13.md", front.format(private="") + copied)
    repo.commit("Week two")
    assert "C" in repo.git("log", "-1", "--raw", "-C", "--format=")  # git's pairing
    repo.write("content/checkins/2025-01-13.md", front.format(private="") + "Edited.\n")
    repo.commit("Edit week two")


def test_a_public_file_git_takes_for_a_private_ones_copy_keeps_its_history(tmp_path):
    """git paired a public check-in, added beside a private one it edited, with that one as a
    copy: the public check-in's whole past was withheld ("its past versions are not
    published"). It shares with the private one only what it says now: its history is shown,
    from its addition, with nothing of the private one, not even its path."""
    repo = Repo(tmp_path / "pair")
    _copied_beside_a_private_checkin(repo, "Public words.\n")
    site, data = built(repo)
    assert [c["subject"] for c in data["history"]] == ["Edit week two", "Week two", "Start"]
    said = page(site, "checkins/2025-01-13").get_text(" ", strip=True)
    assert "its past versions are not published" not in said and "Created" in said
    added = page(site, f"history/{data['history'][1]['sha']}").get_text(" ", strip=True)
    assert "Added check-in content/checkins/2025-01-13.md" in added
    assert "+ Public words." in added
    for path in site.rglob("*"):
        if path.is_file():
            text = path.read_text(errors="replace")
            assert "SECRET" not in text and "checkins/2025-01-06" not in text, path


def test_a_copy_that_said_what_a_private_file_says_keeps_its_history_withheld(tmp_path):
    """The same, but the public check-in first said words of the private one, in a line of
    its own, since taken out: its past is still withheld, so they are nowhere on the site."""
    repo = Repo(tmp_path / "pair")
    _copied_beside_a_private_checkin(repo, "Practised SECRET-LINE twice.\n")
    site, _ = built(repo)
    said = page(site, "checkins/2025-01-13").get_text(" ", strip=True)
    assert "its past versions are not published" in said
    for path in site.rglob("*"):
        if path.is_file():
            assert "SECRET" not in path.read_text(errors="replace"), path


def test_a_commit_whose_only_change_is_a_copy_of_a_private_file_names_no_private_path():
    """A commit whose one change is a public copy of a private file (git names such a source
    even when the commit left it alone, under ``--find-copies-harder`` or in a merge) shows
    the copy as added: the commit's changes handed to the site had the copy's source path
    whenever as many changes were public as git listed."""
    import zlib

    from mentorsite.history.commits import FileChange
    from mentorsite.history.evolution import evolution

    secret, public = "content/checkins/2025-01-06.md", "content/checkins/2025-01-13.md"
    texts = {"p" * 40: "---\nprivate: true\nwins: [One]\n---\nSECRET\n",
             "q" * 40: "---\nwins: [One]\n---\nPublic words.\n"}
    when = datetime(2025, 1, 13, 12, 0).astimezone()
    log = GitLog(commits=(
        Commit("b" * 40, ("a" * 40,), "Ann", "a@x", when, "Week two", "", (),
               (FileChange("C", public, secret, "p" * 40, "q" * 40),)),
        Commit("a" * 40, (), "Ann", "a@x", when, "Start", "", (),
               (FileChange("A", secret, None, None, "p" * 40),)),
    ), blobs={blob: zlib.compress(text.encode()) for blob, text in texts.items()})
    changes = evolution(log, [secret])
    [commit] = changes.commits
    assert [(c.status, c.path, c.old_path, c.old_blob) for c in commit.changes] == [
        ("A", public, None, None)]


def test_a_merge_that_resolved_a_conflict_only_in_a_private_file_still_groups_its_request(
        tmp_path):
    """The merge's own change (``git log -c``) was only to a private check-in, so it was left
    out as a private commit, and the pull request's public commit was listed alone, not under
    the request. The merge is kept as a clean one is, with nothing of the private file."""
    private = "content/checkins/2025-01-06.md"
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.write(private, CHECKIN.format(value=2, extra="private: true\nobstacles: [BASE]\n"))
    repo.commit("Goal and notes")
    repo.git("checkout", "-q", "-b", "raise")
    repo.write(private, CHECKIN.format(value=2, extra="private: true\nobstacles: [SIDE]\n"))
    repo.commit("Side notes")
    repo.write("content/goals/speak.md", goal(target=5))
    repo.commit("Raise the target")
    repo.git("checkout", "-q", "main")
    repo.write(private, CHECKIN.format(value=2, extra="private: true\nobstacles: [MAIN]\n"))
    repo.commit("Main notes")
    assert subprocess.run(["git", "merge", "-q", "--no-ff", "raise"], cwd=repo.root,
                          capture_output=True).returncode != 0  # a real conflict
    repo.write(private,
               CHECKIN.format(value=2, extra="private: true\nobstacles: [CONFLICT-X]\n"))
    repo.commit("Merge pull request #9 from priya/raise\n\nA bolder target")
    site, data = built(repo)
    by_subject = {c["subject"]: c for c in data["history"]}
    assert by_subject["Raise the target"]["pull_request"] == 9
    titles = [h.get_text(" ", strip=True) for h in page(site, "history").select(".session__title")]
    assert "#9 A bolder target" in titles
    for file in (p for p in site.rglob("*") if p.is_file()):
        text = file.read_text(errors="replace")
        assert "CONFLICT-X" not in text and "checkins/2025-01-06" not in text, file


def test_a_pull_request_whose_last_commit_is_private_groups_its_public_commits(tmp_path):
    """Its branch was walked through the commits shown alone, and the private one at its tip
    left the merge no way back to the public commit before it, listed alone: the merge of a
    branch is walked through every commit git lists."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.commit("Goal")
    repo.git("checkout", "-q", "-b", "raise")
    repo.write("content/goals/speak.md", goal(target=5))
    repo.commit("Raise the target")
    repo.write("content/checkins/2025-01-06.md",
               CHECKIN.format(value=2, extra="private: true\nobstacles: [TIP-SECRET]\n"))
    repo.commit("Notes of the talk")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "raise", "-m",
             "Merge pull request #9 from priya/raise\n\nA bolder target")
    site, data = built(repo)
    assert [(c["subject"], c["pull_request"]) for c in data["history"]] == [
        ("Raise the target", 9), ("Goal", None)]
    assert [p for p in site.rglob("*") if p.is_file()
            and "TIP-SECRET" in p.read_text(errors="replace")] == []


def test_a_pull_request_merged_by_the_mentor_is_reviewed_by_her_on_the_history(tmp_path):
    """The mentor merged the mentee's pull request without a trailer: the goal's page said
    "Reviewed by" her (a merge is a review), while the history's session showed only "Merge
    pull request #4 … by" her, with no badge. The session names who reviewed it, as the
    entries count them; not the mentee, who merged her own earlier request."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", goal())
    repo.commit("Goal")
    for number, merger, body in ((3, "Priya <p@example.org>", "Why."),
                                 (4, "Sam Okafor <sam@x.org>", "Why, again.")):
        repo.git("checkout", "-q", "-b", f"why-{number}")
        repo.write("content/goals/speak.md", goal(body=body))
        repo.commit("Say why")
        repo.git("checkout", "-q", "main")
        repo.git("merge", "-q", "--no-ff", f"why-{number}",
                 "-m", f"Merge pull request #{number} from priya/why-{number}")
        repo.git("commit", "-q", "--amend", "--no-edit", f"--author={merger}")
    site, data = built(repo)
    sessions = {s.h2.get_text(" ", strip=True)[:2]: s
                for s in page(site, "history").select(".session--pr")}
    badge = sessions["#4"].find("p", class_="session__meta")
    assert " ".join(badge.get_text().split()) == "✓ Reviewed by Sam Okafor"
    assert sessions["#3"].find("p", class_="session__meta") is None
    assert [r["name"] for r in data["goals"][0]["reviewed_by"]] == ["Sam Okafor"]


def test_a_version_larger_than_a_content_file_may_be_is_not_read_whole(tmp_path):
    """A 2 GB file of zeros is a 2 MB commit: added and removed again, every later build read
    it whole from git (4.5 GB). A version over the content files' limit is withheld as a
    private one is, by both ways the history reads versions; one under it is read as it is.
    Read for review, it is read as far as its front matter, and its size is kept."""
    repo = Repo(tmp_path / "pair")
    big = "---\ntitle: Big\n---\n" + "x" * (2 * 1024 * 1024)
    repo.write("content/goals/big.md", big)
    repo.write("content/goals/small.md", "---\ntitle: Small\n---\n")
    repo.commit("Add a big file")
    ids = {path: repo.git("rev-parse", f"HEAD:{path}").strip()
           for path in ("content/goals/big.md", "content/goals/small.md")}
    (repo.root / "content/goals/big.md").unlink()
    repo.commit("Remove it")
    log = read_history(repo.root)
    assert log.blob(ids["content/goals/big.md"]) == history_parse.TOO_LARGE
    assert log.blob(ids["content/goals/small.md"]) == b"---\ntitle: Small\n---\n"
    found = history_log.read_blobs("git", repo.root, list(ids.values()))
    assert found == {ids["content/goals/big.md"]: big[:MAX_FILE_BYTES].encode(),
                     ids["content/goals/small.md"]: b"---\ntitle: Small\n---\n"}
    assert found[ids["content/goals/big.md"]].size == len(big)  # review tells file-too-large
    del log.blobs[ids["content/goals/big.md"]]  # as a build reads what it left, once read
    assert history_log.read_missing(repo.root, log).blob(
        ids["content/goals/big.md"]) == history_parse.TOO_LARGE


def test_a_revision_prints_the_same_in_every_build(repo):
    """A theme printing ``{{ revision }}`` shows its fields, not the versions it reads them
    with: that object is printed by its address, which differs from one build to the next
    (so the same site came out different every time), and it names nothing a page shows."""
    from mentorsite.history.evolution import evolution

    def printed() -> list[str]:
        changes = evolution(read_history(repo.root), ())
        return [str(r) for revs in changes.revisions_by_commit.values() for r in revs]

    first = printed()
    assert first and first == printed()
    assert not any("versions" in text for text in first)


def test_a_revision_page_prints_its_comparisons_the_same_in_every_build(repo):
    """A theme printing ``{{ to_current }}`` shows what the comparison holds, as it did when
    it was a dataclass, not the object's address, which differs from build to build."""

    def printed() -> list[str]:
        history_pages_module._recent.clear()
        views, changes = _views_and_changes(repo)
        pages = history_pages_module.history_pages(changes, views)
        return [str(page.context[name]) for page in pages if page.template == "revision.html"
                for name in ("to_previous", "to_current")]

    first = printed()
    assert first and first == printed()
    assert any("+" in text for text in first)  # a line of a diff is in it
