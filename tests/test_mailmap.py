"""A ``.mailmap`` makes one person of the names a mentor commits and signs off under."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from mentorsite.build import build
from mentorsite.history import mailmap
from tests.conftest import Repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git CLI")

TODAY = date(2025, 3, 1)
GOAL = ("---\ntitle: Speak up\nstatus: active\nstarted: 2025-01-01\ndue: 2025-06-30\n"
        "why: Be heard.\nsuccess: Two talks.\n---\n{body}\n")

MAILMAP = """\
# who is who
Sam Okafor <sam@corp.example> <sam@laptop>
<priya@corp.example> <p@example.org>
Bo Chen <bo@corp.example> bo <BO@Old.Example>
Ana Silva <ana@a.example> Ana <ana@shared.example>
Anyone <any@shared.example> <ana@shared.example>
Lee Wong <lee@x.example>   # the rest is a comment
Lee Wong <lee@x.example> <>
no address at all
Kai <kai@x.example> <kai@old.example>
<kai@new.example> <kai@old.example>
"""

CONTACTS = [
    ("sam", "sam@laptop"), ("Samuel", "SAM@LAPTOP"), ("Priya", "p@example.org"),
    ("bo", "bo@old.example"), ("Bo", "BO@OLD.EXAMPLE"), ("robert", "bo@old.example"),
    ("Ana", "ana@shared.example"), ("ANA", "ana@shared.example"),
    ("Someone", "ana@shared.example"), ("lee", "lee@x.example"), ("Kai K", "kai@old.example"),
    ("Nobody", "nobody@x.example"), ("Sam Okafor", "sam@corp.example"),
]


def test_names_are_mapped_as_git_maps_them(tmp_path):
    """Each form of gitmailmap(5), in any case, against ``git check-mailmap`` itself."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".mailmap").write_text(MAILMAP)
    asked = [f"{name} <{email}>" for name, email in CONTACTS]
    said = subprocess.run(["git", "check-mailmap", *asked], cwd=tmp_path, check=True,
                          capture_output=True, text=True).stdout.splitlines()
    people = mailmap.read(MAILMAP)
    ours = ["{} <{}>".format(*people.canonical(name, email)) for name, email in CONTACTS]
    assert ours == said
    assert said[0] == "Sam Okafor <sam@corp.example>"  # the file was read, and maps


def _mentorship(tmp_path: Path) -> Repo:
    """Sam commits from a laptop as ``sam`` and signs off as ``Sam Okafor``; Priya as
    ``Priya`` with the address the tests' commits carry."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", GOAL.format(body="Body."))
    repo.commit("Goal", "--author", "sam <sam@laptop>")
    repo.write("content/goals/speak.md", GOAL.format(body="Body, again."))
    repo.commit("Reword", "-m", "Reviewed-by: sam <sam@laptop>")
    repo.write("content/goals/speak.md", GOAL.format(body="Body, once more."))
    repo.commit("Sam reviews his own work", "--author", "sam <sam@laptop>",
                "-m", "Reviewed-by: Sam Okafor <sam@corp.example>")
    return repo


def _built(repo: Repo) -> dict:
    out = repo.root / "_site"
    build(repo.root, out, today=TODAY)
    return json.loads((out / "data.json").read_text())


def test_a_mentor_under_two_names_is_one_person(tmp_path):
    repo = _mentorship(tmp_path)
    repo.write(".mailmap", "Sam Okafor <sam@corp.example> <sam@laptop>\n")
    repo.commit("Say who is who")
    data = _built(repo)
    people = {c["subject"]: (c["author"], c["reviewed_by"]) for c in data["history"]}
    assert people == {
        "Goal": ("Sam Okafor", []),
        "Reword": ("Priya", ["Sam Okafor"]),
        "Sam reviews his own work": ("Sam Okafor", ["Sam Okafor"]),
    }
    # his sign-off of his own commit is no review of it; Priya's commit's is
    [speak] = data["goals"]
    assert [r["name"] for r in speak["reviewed_by"]] == ["Sam Okafor"]
    reword = next(c for c in data["history"] if c["subject"] == "Reword")
    assert speak["reviewed_by"][0]["date"] == reword["date"][:10]
    published = [path.name for path in (repo.root / "_site").rglob("*") if path.is_file()
                 if b"sam@corp.example" in path.read_bytes()]
    assert published == []


def test_a_mailmap_written_after_a_build_maps_the_history_read_before_it(tmp_path):
    """The history cache holds names as mapped, and the last build's record says nothing
    changed: a ``.mailmap`` not yet committed must reach both."""
    repo = _mentorship(tmp_path)
    before = _built(repo)
    assert {c["author"] for c in before["history"]} == {"sam", "Priya"}
    repo.write(".mailmap", "Sam Okafor <sam@corp.example> <sam@laptop>\n")
    after = _built(repo)
    assert {c["author"] for c in after["history"]} == {"Sam Okafor", "Priya"}
    (repo.root / ".mailmap").unlink()
    assert _built(repo) == before


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="needs O_NOFOLLOW")
def test_a_mailmap_that_is_a_symbolic_link_is_not_read(tmp_path):
    """git refuses to follow a ``.mailmap`` link (since 2.32): the site maps no one by it."""
    repo = _mentorship(tmp_path)
    (tmp_path / "elsewhere").write_text("Sam Okafor <sam@corp.example> <sam@laptop>\n")
    (repo.root / ".mailmap").symlink_to(tmp_path / "elsewhere")
    assert {c["author"] for c in _built(repo)["history"]} == {"sam", "Priya"}


def test_a_mentorship_in_a_folder_reads_the_repository_s_mailmap(tmp_path):
    repo = Repo(tmp_path / "repo")
    repo.write("mentoring/mentorsite.yml", "title: T\ncadence: monthly\n")
    repo.write("mentoring/content/goals/speak.md", GOAL.format(body="Body."))
    repo.write(".mailmap", "Sam Okafor <sam@corp.example> <sam@laptop>\n")
    repo.commit("Goal", "--author", "sam <sam@laptop>")
    out = tmp_path / "site"
    build(repo.root / "mentoring", out, today=TODAY)
    data = json.loads((out / "data.json").read_text())
    assert [c["author"] for c in data["history"]] == ["Sam Okafor"]
