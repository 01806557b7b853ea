"""What a goal's revisions mean field by field: defaults, broken versions, merges."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from mentorsite.history import parse as history_parse
from mentorsite.history.body_diffs import body_diff, merge_diff
from mentorsite.history.commits import FileChange
from mentorsite.history.evolution import FileHistory, evolution
from mentorsite.history.field_changes import meaning
from mentorsite.history.log import read_history
from mentorsite.history.versions import Version
from tests.conftest import Repo
from tests.test_history import built, page

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git CLI")

GOAL = "content/goals/g.md"
FRONT = ("title: {title}\n{status}started: 2025-01-01\ndue: 2025-12-31\nwhy: w\nsuccess: s\n"
         "metrics:\n  - {{id: m, label: M, {baseline}target: 10}}\n")


def goal(title: str = "Goal G", status: str = "", baseline: str = "baseline: 0, ") -> str:
    return f"---\n{FRONT.format(title=title, status=status, baseline=baseline)}---\nBody.\n"


def history(repo: Repo) -> FileHistory:
    return evolution(read_history(repo.root), ()).files[GOAL]


def shown(changes: object) -> list[tuple[str, str | None, str | None]]:
    return [(c.field, c.before, c.after) for c in changes]  # type: ignore[attr-defined]


def test_a_field_left_out_is_compared_as_its_default(tmp_path):
    """A goal without ``status`` is ``active``: pausing it reads ``active → paused``, not
    ``added paused``; and dropping a ``baseline: 0`` that said the default changes nothing."""
    repo = Repo(tmp_path / "pair")
    repo.write(GOAL, goal())
    repo.commit("Set the goal")
    repo.write(GOAL, goal(status="status: paused\n"))
    repo.commit("Pause")
    repo.write(GOAL, goal(status="status: paused\n", baseline=""))
    repo.commit("Tidy: drop the default baseline")
    tidy, pause, first = history(repo).revisions
    assert shown(pause.changes) == [("status", "active", "paused")]
    assert shown(tidy.changes) == []
    assert "status" not in [c.field for c in first.changes]  # an addition lists what is written
    assert shown(meaning({"title": "G"}, {"title": "G", "status": "paused"}, "goal")) == [
        ("status", "active", "paused")]
    assert shown(meaning({"status": None}, {"status": "active"}, "goal")) == []


def test_a_version_after_a_broken_one_is_compared_with_the_last_readable(tmp_path):
    """The revision that mends broken front matter shows what changed since the last version
    that could be read, not every field added; the broken one shows no fields, and says why."""
    repo = Repo(tmp_path / "pair")
    repo.write(GOAL, goal())
    repo.commit("Set the goal")
    repo.write(GOAL, goal(title="[broken"))
    broken_sha = repo.commit("Break it")
    repo.write(GOAL, goal(title="[still broken"))
    repo.commit("Break it again")
    repo.write(GOAL, goal(title="Goal G2", status="status: dropped\n"))
    repo.commit("Mend it")
    mended, again, broken, _ = history(repo).revisions
    assert shown(mended.changes) == [("title", "Goal G", "Goal G2"),
                                     ("status", "active", "dropped")]
    assert broken.unreadable and again.unreadable and not mended.unreadable
    assert broken.changes == () and again.changes == ()
    site, _ = built(repo)
    evolved = page(site, "goals/g").find(id="Evolution").get_text(" ", strip=True)
    assert evolved.count("Its front matter could not be read") == 2
    assert "title : Goal G → changed to Goal G2" in evolved
    assert "added" not in evolved.split("Set the goal")[0]
    revision = page(site, f"goals/g/revisions/{broken_sha}").get_text(" ", strip=True)
    assert "Its front matter could not be read" in revision
    assert "This is the current version" not in revision
    commit = page(site, f"history/{broken_sha}").find("section", class_="file-change")
    assert "Its front matter could not be read" in commit.get_text(" ", strip=True)
    assert commit.find("ul", class_="field-changes") is None


def test_a_version_whose_front_matter_is_not_closed_has_no_diff(tmp_path):
    """A commit that only dropped the closing ``---`` showed every line of the text removed,
    where git shows one line; the commit that put it back showed every line added. Now the
    first says why it has no diff, and the second is compared with the last version whose
    text is known: one line added, as in git."""
    repo = Repo(tmp_path / "pair")
    text = goal().replace("Body.\n", "First line.\nSecond line.\n")
    repo.write(GOAL, text)
    repo.commit("Set the goal")
    repo.write(GOAL, text.replace("---\nFirst", "First"))
    broken_sha = repo.commit("Lose the closing line")
    repo.write(GOAL, text + "Third line.\n")
    mended_sha = repo.commit("Mend it and add a line")
    mended, broken, _ = history(repo).revisions
    assert broken.unclosed and not mended.unclosed
    assert broken.diff == ()
    assert [line for line in mended.diff if line[:1] in "+-"] == ["+Third line."]
    site, _ = built(repo)
    commit = page(site, f"history/{broken_sha}").find("section", class_="file-change")
    assert "does not open and close with '---' lines" in commit.get_text(" ", strip=True)
    assert commit.find("del") is None and "did not change" not in commit.get_text()
    mend = page(site, f"history/{mended_sha}").find("section", class_="file-change")
    assert [line.get_text() for line in mend.find_all(["ins", "del"])] == ["+Third line."]
    revision = page(site, f"goals/g/revisions/{broken_sha}").get_text(" ", strip=True)
    assert revision.count("does not open and close") == 2 and "did not change" not in revision


def test_a_version_without_its_opening_line_shows_no_front_matter_as_text(tmp_path):
    """A public check-in whose opening ``---`` was lost for a commit was read as all text,
    front matter and all, and its diffs showed what it said of a private goal (its id and
    note), which every version read properly leaves out."""
    repo = Repo(tmp_path / "pair")
    repo.write(GOAL, goal().replace("---\nBody", "private: true\n---\nBody"))
    checkin = "content/checkins/2025-01-06.md"
    repo.write(checkin, "---\ngoals:\n  g: {note: Hush-hush}\n---\nNotes.\n")
    repo.commit("Set the goal")
    repo.write(checkin, "goals:\n  g: {note: Hush-hush}\n---\nNotes.\n")
    lost = repo.commit("Lose the opening line")
    repo.write(checkin, "---\nattendees: [Ana]\n---\nNotes.\n")
    mended = repo.commit("Mend it")
    site, _ = built(repo)
    for sha in (lost, mended):
        text = (site / "history" / sha / "index.html").read_text()
        assert "Hush-hush" not in text
    assert "does not open and close" in page(site, f"history/{lost}").get_text()


def _merged_target(tmp_path, resolved: int | None = None) -> tuple[Repo, str]:
    """A target raised from 10 to 15 on a branch, merged with a merge commit while the main
    line moved the due date of the same goal; ``resolved``: the target the merge wrote."""
    repo = Repo(tmp_path / "pair")
    repo.write(GOAL, goal())
    repo.write("content/checkins/2025-01-06.md", "---\ngoals:\n  g: {metrics: {m: 3}}\n---\n")
    repo.commit("Set the goal")
    repo.git("checkout", "-q", "-b", "raise")
    repo.write(GOAL, goal().replace("target: 10", "target: 15"))
    repo.commit("Raise the target")
    repo.git("checkout", "-q", "main")
    repo.write(GOAL, goal().replace("due: 2025-12-31", "due: 2026-01-31"))
    repo.commit("Move the due date")
    repo.git("merge", "-q", "--no-ff", "--no-commit", "raise")
    if resolved is not None:
        repo.write(GOAL, goal().replace("due: 2025-12-31", "due: 2026-01-31")
                   .replace("target: 10", f"target: {resolved}"))
    return repo, repo.commit("Merge pull request #3 from priya/raise")


def test_a_change_merged_from_a_branch_is_the_branchs_alone(tmp_path):
    """The merge commit, which only took the raised target from its branch, does not show
    the move again: not in the goal's evolution, not as a second mark on its chart."""
    repo, merge = _merged_target(tmp_path)
    by_subject = {r.commit.subject: r for r in history(repo).revisions}
    assert shown(by_subject["Raise the target"].changes) == [("metrics.m.target", "10", "15")]
    assert shown(by_subject["Move the due date"].changes) == [("due", "2025-12-31", "2026-01-31")]
    assert "Merge pull request #3 from priya/raise" not in by_subject  # it made nothing
    for _ in range(2):  # the second build reads the log from its cache
        site, _ = built(repo)
        goal_page = page(site, "goals/g")
        marks = [t.get_text() for t in goal_page.select("figure.chart svg title")
                 if t.get_text().startswith("The plan changed here")]
        assert marks == ["The plan changed here: target 10 → 15"]
        assert goal_page.find(id="Evolution").get_text(" ").count("metrics.m.target") == 1
        assert not (site / "history" / merge).exists()  # as for a merge git made cleanly


def test_a_value_a_merge_resolves_is_the_merges_change(tmp_path):
    """A merge that writes a target neither parent had changed it: from the first parent's."""
    repo, _ = _merged_target(tmp_path, resolved=20)
    merge = history(repo).revisions[0]
    assert shown(merge.changes) == [("metrics.m.target", "10", "20")]


def test_a_merges_file_keeps_its_versions_in_the_other_parents():
    """``git log -c --combined-all-paths`` gives a blob per parent: the first is the one the
    merge is compared with, the others go with the change (a moved file's, from its source)."""
    a, b, c, r = "a" * 40, "b" * 40, "c" * 40, "d" * 40
    x, w = b"content/goals/x.md", b"content/goals/w.md"
    fields = [f":::100644 100644 100644 100644 {a} {b} {c} {r} MMM".encode(), x, x, x, x,
              f"::100644 100644 100644 {a} {b} {r} MR".encode(), x, w, x]
    assert list(history_parse.parse_raw(fields, "content/", "")) == [
        FileChange("M", x.decode(), None, a, r, (b, c)),
        FileChange("R", x.decode(), w.decode(), b, r, (a,))]


def _merged_text(tmp_path, resolve=None) -> tuple[Repo, str]:
    """A line added to the plan's text on a branch, merged with a merge commit while the main
    line moved the due date of the same goal (or, with ``resolve``, added a line of its own
    at the same place, and the merge wrote ``resolve(text)`` over the conflict)."""
    repo = Repo(tmp_path / "pair")
    body = goal().replace("Body.\n", "Body.\nMore.\n")
    repo.write(GOAL, body)
    repo.commit("Set the goal")
    repo.git("checkout", "-q", "-b", "plan")
    repo.write(GOAL, body + "BRANCH-LINE\n")
    repo.commit("Plan a rehearsal")
    repo.git("checkout", "-q", "main")
    if resolve is None:
        repo.write(GOAL, body.replace("due: 2025-12-31", "due: 2026-01-31"))
    else:
        repo.write(GOAL, body + "MAIN-LINE\n")
    repo.commit("Main moves on")
    try:
        repo.git("merge", "-q", "--no-ff", "--no-commit", "plan")
    except subprocess.CalledProcessError:
        assert resolve is not None, "only the text written on both sides conflicts"
    if resolve is not None:
        repo.write(GOAL, resolve(body))
    return repo, repo.commit("Merge pull request #4 from priya/plan")


def test_a_merge_that_only_took_its_parents_changes_is_no_revision(tmp_path):
    """Its diff showed the branch's line again, beside no field change; now neither the goal's
    evolution nor the merge's commit page lists it, as for a file git merged cleanly, and the
    pull request is still one session."""
    repo, merge = _merged_text(tmp_path)
    assert [r.commit.subject for r in history(repo).revisions] == [
        "Plan a rehearsal", "Main moves on", "Set the goal"]
    for _ in range(2):  # the second build reads the log from its cache
        site, data = built(repo)
        evolved = page(site, "goals/g").find(id="Evolution").get_text(" ")
        assert evolved.count("BRANCH-LINE") == 1 and "Merge pull request" not in evolved
        assert not (site / "history" / merge).exists()
        assert merge not in [c["sha"] for c in data["history"]]
        assert "Merge pull request #4" in page(site, "history").get_text(" ")


def test_a_merges_text_diff_holds_only_the_lines_it_wrote(tmp_path):
    """A conflict resolved by keeping both sides' lines and writing one more: the merge's diff
    is that line alone, not the branch's line again."""
    repo, merge = _merged_text(
        tmp_path, lambda body: body + "MAIN-LINE\nBRANCH-LINE\nMERGE-LINE\n")
    revision = history(repo).revisions[0]
    assert revision.commit.sha == merge
    assert [line for line in revision.diff if line[:1] in "+-"] == ["+MERGE-LINE"]
    site, _ = built(repo)
    commit = page(site, f"history/{merge}").find("section", class_="file-change")
    assert "MERGE-LINE" in commit.get_text() and "+BRANCH-LINE" not in commit.get_text()


def test_a_merges_text_diff_counts_a_line_unlike_every_parent():
    """Lines one parent removed or added are that parent's; a line every parent had that the
    merge dropped, or one none had, is the merge's; a body equal to one parent's is no change."""
    def version(*lines: str) -> Version:
        return Version({}, "".join(f"{line}\n" for line in lines))

    first = version("a", "b", "c", "d")
    branch = version("a", "c", "d", "e")  # dropped b, added e
    merged = version("a", "c", "x", "e")  # took both; dropped d, added x itself
    assert [line for line in merge_diff(first, merged, [branch]) if line[:1] in "+-"] == [
        "-d", "+x"]
    assert merge_diff(first, branch, [branch]) == []
    assert merge_diff(first, first, [branch]) == []
    assert [line for line in merge_diff(None, merged, [branch]) if line[:1] in "+-"] == ["+x"]
    assert merge_diff(first, merged, [None]) == body_diff(first, merged)
    other = version("a", "SECRET", "c", "d", "e")  # a line only the other parent had
    assert not any("SECRET" in line for line in merge_diff(first, merged, [other]))
