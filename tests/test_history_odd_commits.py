"""Commits real repositories hold that no ``git commit`` of today makes: dates no clock can
show (a time zone of ``+9999``, a day before 1970), made by old importers and hand-made
tools, and messages left empty. Each is made here with ``git hash-object``, as those tools
wrote them, and must neither stop the build nor leave the history unreadable."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta, timezone

import pytest
from bs4 import BeautifulSoup

from mentorsite.build import build
from mentorsite.history import parse as history_parse
from mentorsite.history.log import read_history
from mentorsite.history.mailmap import Mailmap
from tests.conftest import Repo

TODAY = date(2025, 3, 1)
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git CLI")

CHECKIN = "---\nwins: [Spoke up]\n---\nNotes {n}.\n"


def _hand_made_commit(repo: Repo, subject: str, stamp: str) -> str:
    """Commit the index as a tool writing its own commit objects would, with the author and
    committer line's date as given (``<seconds> <zone>``), and check it out."""
    repo.git("add", "-A")
    tree = repo.git("write-tree").strip()
    parent = repo.git("rev-parse", "HEAD").strip()
    text = (f"tree {tree}\nparent {parent}\nauthor Old Tool <old@example.org> {stamp}\n"
            f"committer Old Tool <old@example.org> {stamp}\n\n{subject}\n")
    sha = repo.git("hash-object", "-t", "commit", "-w", "--stdin",
                   message=text.encode()).strip()
    repo.git("reset", "-q", sha)
    return sha


@pytest.fixture
def odd_dates(tmp_path) -> tuple[Repo, str, str]:
    """A repository with a commit in time zone ``+9999`` and one dated 1960, each adding a
    check-in; returns it and the two commits' ids."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/checkins/2025-01-06.md", CHECKIN.format(n=1))
    repo.commit("First check-in")
    repo.write("content/checkins/2025-01-13.md", CHECKIN.format(n=2))
    zoned = _hand_made_commit(repo, "Imported with a broken zone", "1700000000 +9999")
    repo.write("content/checkins/2025-01-20.md", CHECKIN.format(n=3))
    old = _hand_made_commit(repo, "Imported from 1960", "-315619200 +0000")
    return repo, zoned, old


def test_a_commit_whose_date_no_clock_can_show_does_not_stop_the_build(odd_dates):
    """A zone of +9999 stopped every build with "offset must be a timedelta strictly
    between…", and a date before 1970 (git 2.39 writes the placeholder ``%aI`` itself) with
    "Invalid isoformat string": a traceback, and no site, for a repository git reads."""
    repo, zoned, old = odd_dates
    log = read_history(repo.root)
    assert log.problem is None
    dates = {commit.sha: commit.date for commit in log.commits}
    assert dates[zoned] == datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)
    assert dates[old].tzinfo is not None
    out = repo.root / "_site"
    build(repo.root, out, today=TODAY)
    assert (out / "history" / zoned / "index.html").is_file()
    assert (out / "history" / old / "index.html").is_file()


@pytest.mark.parametrize(("written", "expected"), [
    ("2025-01-13T12:00:00+02:00",
     datetime(2025, 1, 13, 12, tzinfo=timezone(timedelta(hours=2)))),
    ("2025-01-13T12:00:00-05:30",
     datetime(2025, 1, 13, 12, tzinfo=timezone(-timedelta(hours=5, minutes=30)))),
    # git 2.45 and later write UTC so; Python 3.10's fromisoformat refuses it
    ("2025-01-13T12:00:00Z", datetime(2025, 1, 13, 12, tzinfo=timezone.utc)),
    ("2023-11-19T02:52:20+99:99", datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)),
    ("%aI", datetime(1970, 1, 1, tzinfo=timezone.utc)),  # as git shows a date it cannot read
])
def test_each_way_git_writes_an_author_date_is_read(written, expected):
    record = b"\0".join([b"a" * 40, b"b" * 40, b"Ana", b"ana@example.org", written.encode(),
                         b"Subject\n", b""])
    commit = history_parse.parse_record(record, "", Mailmap())
    assert commit is None or commit.date == expected  # no file changed: read, then dropped
    merge = b"\0".join([b"a" * 40, b"b" * 40 + b" " + b"c" * 40, b"Ana", b"ana@example.org",
                        written.encode(), b"Merge\n", b""])
    commit = history_parse.parse_record(merge, "", Mailmap())
    assert commit is not None
    assert commit.date == expected
    assert commit.date.utcoffset() == expected.utcoffset()


def test_a_commit_with_an_empty_message_is_listed_by_its_short_id(tmp_path):
    """``git commit --allow-empty-message`` was listed on history/ as a link with no text:
    nothing to see or click, and a bare link to a screen reader."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/checkins/2025-01-06.md", CHECKIN.format(n=1))
    repo.commit("First check-in")
    repo.write("content/checkins/2025-01-13.md", CHECKIN.format(n=2))
    sha = repo.commit("", "--allow-empty-message")
    out = repo.root / "_site"
    build(repo.root, out, today=TODAY)
    page = BeautifulSoup((out / "history" / "index.html").read_text(), "html.parser")
    links = [a for a in page.select(".session__title a") if a["href"].endswith(f"{sha}/")]
    assert [a.get_text() for a in links] == [sha[:7]]
    assert all(a.get_text().strip() for a in page.select(".session__title a"))
