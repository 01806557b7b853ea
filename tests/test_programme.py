"""`mentorsite programme build`: a coordinator's site across pairs, as each pair allows.

Five generated pairs, judged as of TODAY: ana (full, weekly, with a private goal and a private
check-in), bo (summary by default, monthly, overdue), cy (programme: none), dee (full, a
10-day cadence, given as its published data.json) and a pair whose names would be spreadsheet
formulas (full, no check-ins yet).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, datetime, timezone, tzinfo
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from mentorsite import clock
from mentorsite.build import build
from mentorsite.cli.main import cli
from mentorsite.errors import OutputError
from mentorsite.programme import load as programme_load
from mentorsite.programme.build import build_programme, cache_file
from tests.conftest import assert_nu_html_valid
from tests.processes import running_with, stopped_in_set_name, stopped_into_an_error

TODAY = date(2025, 6, 15)

GOAL = "---\ntitle: {title}\nstarted: 2025-01-01\ndue: {due}\n{extra}---\n"
METRIC = "metrics:\n  - {{id: {id}, label: {id}, baseline: 0, target: 4}}\n"

ANA = {
    "mentorsite.yml": (
        "title: Ana's growth plan\nmentee: Ana Silva\nmentors: [Jo Mentor]\ncadence: weekly\n"
        "base_url: https://pairs.example.org/ana\nprogramme: full\n"
    ),
    "content/goals/speak.md": GOAL.format(title="Speak up", due="2025-12-31",
                                          extra=METRIC.format(id="talks")),
    # Private: its title, its readings (progress 1.0), its blocked status and its past due date
    # must change no count.
    "content/goals/secret.md": GOAL.format(
        title="SECRET-GOAL-TITLE", due="2025-01-31",
        extra=METRIC.format(id="hidden") + "private: true\n",
    ),
    "content/checkins/2025-06-10.md": (
        "---\ngoals:\n  speak: {status: at-risk, metrics: {talks: 2}}\n"
        "  secret: {status: blocked, metrics: {hidden: 4}}\nwins: [Gave a lightning talk]\n---\n"
    ),
    # A private check-in: newer (it would make the last check-in 3 days ago), with a reading
    # that would finish the public goal, and a win.
    "content/checkins/2025-06-12-private.md": (
        "---\nprivate: true\ngoals:\n  speak: {status: on-track, metrics: {talks: 4}}\n"
        "wins: [PRIVATE-WIN-TEXT]\n---\n"
    ),
}
BO = {
    "mentorsite.yml": "title: Bo's plan\nmentee: Bo Secretname\nmentors: [Mentor Hidden]\n"
                      "cadence: monthly\n",
    "content/goals/lead.md": GOAL.format(
        title="BO-GOAL-TITLE", due="2025-05-01",
        extra="milestones:\n  - {title: a, done: 2025-02-01}\n  - {title: b}\n  - {title: c}\n"
              "  - {title: d}\n",
    ),
    "content/goals/old.md": GOAL.format(title="Old", due="2025-02-01",
                                        extra="status: achieved\n"),
    "content/checkins/2025-03-01.md": "---\nwins: [BO-WIN-TEXT]\n---\n",
}
CY = {
    "mentorsite.yml": "title: Cy's quiet plan\nmentee: Cy Hiddenname\nprogramme: none\n",
    "content/goals/cy.md": GOAL.format(title="CY-GOAL-TITLE", due="2025-12-31", extra=""),
    "content/checkins/2025-06-14.md": "---\nwins: [CY-WIN-TEXT]\n---\n",
}
DEE = {
    "mentorsite.yml": "title: Dee's journey\nmentee: Dee Okoro\ncadence: 10\n"
                      "base_url: https://pairs.example.org/dee/\nprogramme: full\n",
    "content/goals/ship.md": GOAL.format(title="Ship the app", due="2025-12-31",
                                         extra=METRIC.format(id="features")),
    "content/checkins/2025-06-03.md": (
        "---\ngoals:\n  ship: {status: on-track, metrics: {features: 3}}\n"
        "wins: [First release out]\n---\n"
    ),
}
EVE = {
    "mentorsite.yml": (
        "title: '=HYPERLINK(\"http://evil.example\")'\nmentee: '@eve'\n"
        "mentors: ['+mentor', '-dash']\nprogramme: full\n"
    ),
    "content/goals/start.md": GOAL.format(title="Get started", due="2025-12-31",
                                          extra=METRIC.format(id="steps")),
}
SECRETS = ("SECRET-GOAL-TITLE", "PRIVATE-WIN-TEXT", "Bo Secretname", "Mentor Hidden",
           "BO-GOAL-TITLE", "BO-WIN-TEXT", "Cy Hiddenname", "CY-GOAL-TITLE", "CY-WIN-TEXT")
"""Nothing a programme may show: private files, and summary and none pairs' words."""


def write(root: Path, files: dict[str, str]) -> Path:
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    """A programme folder: pairs/{ana,bo,cy,eve} as repositories, data/dee/data.json published."""
    for name, files in (("ana", ANA), ("bo", BO), ("cy", CY), ("eve", EVE)):
        write(tmp_path / "pairs" / name, files)
    source = write(tmp_path / "dee-src", DEE)
    build(source, source / "_site", today=TODAY, history=False)
    (tmp_path / "data" / "dee").mkdir(parents=True)
    shutil.copy(source / "_site" / "data.json", tmp_path / "data" / "dee" / "data.json")
    shutil.rmtree(source)
    return tmp_path


def run(root: Path, *args: str, jobs: int = 1) -> Path:
    """Build ``root``'s programme (pairs/* and data/*/data.json) into root/_programme."""
    build_programme(args or ("pairs/*", "data/*/data.json"), root / "_programme", cwd=root,
                    today=TODAY, jobs=jobs)
    return root / "_programme"


def data(out: Path) -> dict[str, dict]:
    pairs = json.loads((out / "data.json").read_text())["pairs"]
    return {pair["name"]: pair for pair in pairs}


def rows(page: Path) -> list[str]:
    """The pair names of every row of a sorted page, top to bottom."""
    doc = BeautifulSoup(page.read_text(), "html.parser")
    return [row.th.find(string=True, recursive=True).strip()
            for row in doc.select("tbody tr.programme-row")]


def test_data_json_of_a_pair_carries_its_programme_setting(tmp_path):
    root = write(tmp_path / "cy", CY)
    build(root, root / "_site", today=TODAY, history=False)
    site = json.loads((root / "_site" / "data.json").read_text())["site"]
    assert site["programme"] == "none"


def test_the_overdue_pair_is_flagged_and_comes_first(programme):
    out = run(programme)
    pairs = data(out)
    assert pairs["Bo's plan"]["health"] == {
        "state": "overdue", "last_checkin": "2025-03-01", "days_since": 106,
        "cadence_days": 31, "allowed_days": 47,
    }
    assert pairs["Dee's journey"]["health"]["state"] == "due"  # 12 days on a 10-day cadence
    assert pairs["Ana's growth plan"]["health"]["state"] == "ok"
    doc = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    first = doc.select("tbody tr")[0]
    assert "Bo's plan" in first.th.get_text()
    assert "programme-row--health-overdue" in first["class"]
    assert "Check-in overdue" in first.get_text()
    assert [li.get_text(" ", strip=True) for li in doc.select(".programme-stats li")][1] == (
        "1 check-in overdue"
    )


def test_the_none_pair_shows_only_its_name(programme):
    out = run(programme)
    assert data(out)["Cy's quiet plan"] == {  # the id, as in pairs.csv, to match rows by
        "id": "cy", "name": "Cy's quiet plan", "programme": "none", "cohort": None,
    }
    doc = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    [row] = [r for r in doc.select("tbody tr") if "Cy's quiet plan" in r.get_text()]
    assert row.th.get_text(strip=True) == "Cy's quiet plan"
    assert row.th.find("a") is None
    assert [td.get_text(strip=True) for td in row.find_all("td")] == [
        "Not shared with the programme"
    ]
    csv_rows = list(csv.DictReader(io.StringIO((out / "pairs.csv").read_text())))
    [cy] = [r for r in csv_rows if r["name"] == "Cy's quiet plan"]
    assert {k: v for k, v in cy.items() if v} == {
        "id": "cy", "name": "Cy's quiet plan", "programme": "none",
    }


def test_summary_and_none_pairs_and_private_files_leave_no_trace(programme):
    out = run(programme)
    written = [*out.rglob("*"), cache_file(out)]
    for path in written:
        if path.is_file() and path.suffix != ".css":
            text = path.read_text(encoding="utf-8")
            for secret in SECRETS:
                assert secret not in text, (secret, path)
    bo = data(out)["Bo's plan"]
    assert "mentee" not in bo and "site" not in bo and "goal_list" not in bo
    assert bo["goals"] == {"total": 2, "by_status": {"active": 1, "achieved": 1}}
    assert (bo["goals_at_risk"], bo["mean_progress"]) == (1, 0.25)  # past due; 1 of 4 done
    assert not (out / "pairs" / "bo").exists()


def test_a_private_goal_and_a_private_checkin_are_in_no_count(programme):
    ana = data(run(programme))["Ana's growth plan"]
    assert ana["goals"] == {"total": 1, "by_status": {"active": 1}}
    assert ana["mean_progress"] == 0.5  # talks 2 of 4; the private reading of 4 is left out
    assert ana["checkins"] == 1
    assert ana["health"]["days_since"] == 5  # the private check-in of 12 June does not count
    assert ana["goals_at_risk"] == 1  # speak (at-risk); the private, blocked, overdue goal not
    assert [r["title"] for r in ana["at_risk_list"]] == ["Speak up"]
    assert ana["wins_recent"] == 1
    assert ana["site"] == "https://pairs.example.org/ana/"
    assert ana["goal_list"][0]["url"] == "https://pairs.example.org/ana/goals/speak/"


def test_sorted_pages_order_the_pairs_and_link_each_other(programme):
    out = run(programme)
    formula = '=HYPERLINK("http://evil.example")'
    assert rows(out / "index.html") == [
        "Bo's plan", formula, "Dee's journey", "Ana's growth plan", "Cy's quiet plan",
    ]
    assert rows(out / "by-progress" / "index.html") == [
        "Bo's plan", "Ana's growth plan", "Dee's journey", formula, "Cy's quiet plan",
    ]
    assert rows(out / "by-name" / "index.html") == [
        formula, "Ana's growth plan", "Bo's plan", "Dee's journey", "Cy's quiet plan",
    ]  # Cy shares nothing: last in every order, as docs/programme.md says
    assert rows(out / "by-risk" / "index.html") == [
        "Bo's plan", "Ana's growth plan", formula, "Dee's journey", "Cy's quiet plan",
    ]
    doc = BeautifulSoup((out / "by-name" / "index.html").read_text(), "html.parser")
    heads = {th.get_text(" ", strip=True).rstrip(" ▲▼"): th for th in doc.select("thead th")}
    assert heads["Pair"]["aria-sort"] == "ascending"
    assert [heads[h].a["href"] for h in ("Pair", "Check-ins", "Mean progress", "At risk")] == [
        "../by-name/", "../", "../by-progress/", "../by-risk/",
    ]
    # a narrow column breaks the heading before the count, never inside "30 days"
    assert "Wins, 30\u00a0days" in heads


def test_the_csv_parses_and_defuses_formulas(programme):
    out = run(programme)
    text = (out / "pairs.csv").read_text(encoding="utf-8")
    table = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(table) == 5
    eve = table[1]  # by health: no check-ins yet comes after overdue
    assert eve["name"] == "'=HYPERLINK(\"http://evil.example\")"
    assert eve["mentee"] == "'@eve"
    assert eve["mentors"] == "'+mentor; -dash"
    assert eve["health"] == "none"
    for row in table:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), row
    bo = next(r for r in table if r["name"] == "Bo's plan")
    assert (bo["mentee"], bo["mentors"], bo["site"]) == ("", "", "")
    assert (bo["health"], bo["days_since_checkin"], bo["goals_at_risk"]) == ("overdue", "106", "1")
    ana = next(r for r in table if r["name"] == "Ana's growth plan")
    assert (ana["mentee"], ana["site"]) == ("Ana Silva", "https://pairs.example.org/ana/")


def test_a_pair_reads_the_same_from_its_folder_and_its_data_json(programme, tmp_path):
    repo = write(tmp_path / "pairs" / "dee", DEE)
    pairs = json.loads((run(programme) / "data.json").read_text())["pairs"]
    from_json, from_repo = (p for p in pairs if p["name"] == "Dee's journey")
    for pair in (from_json, from_repo):
        del pair["id"], pair["url"]
    assert from_json == from_repo
    assert from_repo["goal_list"][0]["progress"] == 0.75
    assert repo.is_dir()


def test_a_full_pair_has_its_own_page(programme):
    out = run(programme)
    doc = BeautifulSoup((out / "pairs" / "ana" / "index.html").read_text(), "html.parser")
    text = doc.get_text(" ", strip=True)
    assert "Ana Silva" in text and "Jo Mentor" in text and "Gave a lightning talk" in text
    assert doc.find("a", string="Speak up")["href"] == "https://pairs.example.org/ana/goals/speak/"
    index = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    assert index.find("a", string="Ana's growth plan")["href"] == "pairs/ana/"


class _LateInTheUtcDay(datetime):
    """The clock at 23:00 UTC on 15 June 2025, on a machine in UTC: in Auckland (UTC+12) it is
    already 16 June."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
        instant = datetime(2025, 6, 15, 23, tzinfo=timezone.utc)
        return instant.astimezone(tz) if tz is not None else instant.replace(tzinfo=None)


def test_each_pair_is_judged_on_its_own_day(tmp_path, monkeypatch):
    """Without --today every pair was judged on the machine's day: built at 23:00 UTC, a pair
    in Auckland was a day behind its own site (its check-in 7 days old, not 8; its goal due
    that day not yet past due). Each is judged on the day its own build would have, and
    --today still fixes every pair's."""
    monkeypatch.setattr(clock, "datetime", _LateInTheUtcDay)
    weekly = ("---\ntitle: Ship\nstarted: 2025-01-01\ndue: 2025-06-15\n---\n",
              "---\ngoals: {ship: {status: on-track}}\n---\n")
    for name, zone in (("kiwi", "Pacific/Auckland"), ("london", "UTC")):
        write(tmp_path / "pairs" / name, {
            "mentorsite.yml": f"title: {name}\ncadence: weekly\ntimezone: {zone}\n"
                              "programme: full\n",
            "content/goals/ship.md": weekly[0], "content/checkins/2025-06-08.md": weekly[1]})
        build(tmp_path / "pairs" / name, tmp_path / "sites" / name, history=False)
    own = {name: json.loads((tmp_path / "sites" / name / "data.json").read_text())["health"]
           for name in ("kiwi", "london")}
    out = tmp_path / "_programme"
    build_programme(["pairs/*"], out, cwd=tmp_path, jobs=1)
    pairs = data(out)
    for name in ("kiwi", "london"):
        assert pairs[name]["health"]["days_since"] == own[name]["days_since"]
    assert pairs["kiwi"]["health"]["days_since"] == 8
    assert (pairs["kiwi"]["goals_at_risk"], pairs["london"]["goals_at_risk"]) == (1, 0)
    assert json.loads((out / "data.json").read_text())["programme"]["built"] == "2025-06-15"
    summary = BeautifulSoup((out / "pairs" / "kiwi" / "index.html").read_text(), "html.parser")
    assert "8\xa0days ago" in summary.select_one(".health__summary").get_text(" ")
    build_programme(["pairs/*"], out, cwd=tmp_path, jobs=1, today=date(2025, 6, 15))
    assert {pair["health"]["days_since"] for pair in data(out).values()} == {7}


def test_a_second_build_reuses_unchanged_pairs(programme, monkeypatch):
    reads: list[str] = []
    real = programme_load.read_pair

    def counted(path: str, kind: str, *days: date | None):
        reads.append(Path(path).name)
        return real(path, kind, *days)

    monkeypatch.setattr(programme_load, "read_pair", counted)
    out = run(programme)
    assert sorted(reads) == ["ana", "bo", "cy", "data.json", "eve"]
    first = (out / "data.json").read_text()
    cached = json.loads(cache_file(out).read_text())["pairs"]
    assert len(cached) == 5 and all(len(entry["fingerprint"]) == 32 for entry in cached.values())

    reads.clear()
    run(programme)
    assert reads == []
    assert (out / "data.json").read_text() == first

    checkin = programme / "pairs" / "bo" / "content" / "checkins" / "2025-06-01.md"
    checkin.write_text("---\nwins: [Back on track]\n---\n")
    run(programme)
    assert reads == ["bo"]
    assert data(out)["Bo's plan"]["health"]["state"] == "ok"


def test_a_pair_with_a_check_in_dated_ahead_is_read_again_on_a_later_day(programme):
    """Its cached read held the last check-in as of the day it was read: once the check-in
    dated ahead had come, a warm build still said overdue where a cold one said ok."""
    checkin = programme / "pairs" / "bo" / "content" / "checkins" / "2025-06-20.md"
    checkin.write_text("---\nwins: [Planned ahead]\n---\n")
    out = run(programme)
    assert data(out)["Bo's plan"]["health"]["state"] == "overdue"
    warm = _warm_then_cold(programme, out, date(2025, 6, 25), "Bo's plan", "health")
    assert (warm["state"], warm["last_checkin"]) == ("ok", "2025-06-20")


def _warm_then_cold(programme: Path, out: Path, later: date, pair: str, key: str) -> Any:
    """A pair's ``key`` in a warm build on the ``later`` day, checked to be what a cold one
    (its cache deleted) says."""
    build_programme(("pairs/*", "data/*/data.json"), out, cwd=programme, today=later, jobs=1)
    warm = data(out)[pair][key]
    cache_file(out).unlink()
    build_programme(("pairs/*", "data/*/data.json"), out, cwd=programme, today=later, jobs=1)
    assert warm == data(out)[pair][key]
    return warm


def test_a_pair_with_a_goal_achieved_ahead_of_its_due_date_is_read_again_on_a_later_day(
        programme):
    """Called done by no check-in, such a goal counts as achieved on its due date once that
    has come; the cached read kept it on the day it was read before, so a warm build after the
    due date missed the win a cold build counted as recent."""
    goal = programme / "pairs" / "ana" / "content" / "goals" / "early.md"
    goal.write_text(GOAL.format(title="Done early", due="2025-06-30", extra="status: achieved\n"))
    out = run(programme)
    warm = _warm_then_cold(programme, out, date(2025, 7, 2), "Ana's growth plan",
                           "recent_win_list")
    assert {"date": "2025-06-30", "kind": "goal", "text": "Done early"} in warm


def test_a_pair_with_a_goal_achieved_before_it_starts_is_read_again_on_a_later_day(programme):
    """With no due date and called done by no check-in, such a goal counts as achieved on the
    day of the build until it starts, then on its start; the cached read kept it on the day
    it was read, so a warm build after the start missed the win a cold build counted as
    recent."""
    goal = programme / "pairs" / "ana" / "content" / "goals" / "ahead.md"
    goal.write_text("---\ntitle: Begun ahead\nstarted: 2025-07-01\nstatus: achieved\n---\n")
    out = run(programme)
    warm = _warm_then_cold(programme, out, date(2025, 7, 20), "Ana's growth plan",
                           "recent_win_list")
    assert {"date": "2025-07-01", "kind": "goal", "text": "Begun ahead"} in warm


def test_a_pair_whose_missing_theme_is_made_is_read_again(programme):
    """Its settings' ``theme`` was an error until ``themes/<name>/`` was made, and a template
    of it Jinja cannot parse is one until it is fixed; neither changes anything under
    ``content/``: a warm build still counted the error (and said only the pair's valid part
    was counted) where a cold build found none."""
    pair = programme / "pairs" / "ana"
    settings = pair / "mentorsite.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "theme: mine\n", encoding="utf-8")
    assert data(run(programme))["Ana's growth plan"]["content_errors"] == 1
    (pair / "themes" / "mine" / "templates").mkdir(parents=True)
    assert data(run(programme))["Ana's growth plan"]["content_errors"] == 0
    template = pair / "themes" / "mine" / "templates" / "wins.html"
    template.write_text("{% if %}\n", encoding="utf-8")  # Jinja cannot parse it: an error
    assert data(run(programme))["Ana's growth plan"]["content_errors"] == 1
    template.write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    assert data(run(programme))["Ana's growth plan"]["content_errors"] == 0


def test_a_broken_cache_is_ignored_and_replaced(programme):
    out = run(programme)
    cache_file(out).write_text('{"version": 1, "pairs": {"x": [')
    assert len(data(run(programme))) == 5
    assert len(json.loads(cache_file(out).read_text())["pairs"]) == 5


def test_parallel_and_serial_builds_agree(programme, tmp_path):
    serial = (run(programme, jobs=1) / "data.json").read_text()
    shutil.rmtree(programme / "_programme")
    cache_file(programme / "_programme").unlink()
    assert (run(programme, jobs=2) / "data.json").read_text() == serial


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks here")
def test_the_pair_readers_are_forked_with_the_stops_held(programme, monkeypatch):
    """A SIGTERM whose handler ran inside fork's own bookkeeping was printed as "Exception
    ignored", with a traceback, and the stop was lost (the build's other pools hold the stops
    while they fork; this one did not)."""
    masks: list[set[signal.Signals]] = []
    real_fork = os.fork

    def fork() -> int:
        masks.append(signal.pthread_sigmask(signal.SIG_BLOCK, []))
        return real_fork()

    monkeypatch.setattr(os, "fork", fork)
    run(programme, jobs=2)
    assert len(masks) == 2
    assert all({signal.SIGINT, signal.SIGTERM, signal.SIGHUP} <= mask for mask in masks)
    assert signal.SIGTERM not in signal.pthread_sigmask(signal.SIG_BLOCK, [])


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root removes files from read-only folders: run the tests as "
                    "another user to see a site that cannot be removed")
def test_a_programme_site_that_could_not_be_removed_once_replaced_is_left_as_it_was(programme):
    """A read-only folder in the programme's site: the previous site stayed beside the new
    one for good, hidden, as the build could not remove it once swapped out. Now the build
    stops there and leaves the site and the folder around it as they were."""
    out = run(programme)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    around = sorted(p.name for p in programme.iterdir())
    (out / "static").chmod(0o555)
    try:
        with pytest.raises(OutputError, match=f"{out / 'static'} is read-only"):
            run(programme)
    finally:
        (out / "static").chmod(0o755)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in programme.iterdir()) == around


def test_programme_yml_names_pairs_and_groups_them_by_cohort(programme, monkeypatch):
    (programme / "programme.yml").write_text(
        "title: Spring programme\ndescription: Two cohorts.\n"
        "sources: [pairs/*]\n"
        "cohorts:\n"
        "  - name: Early\n    sources: [pairs/ana, pairs/bo]\n"
        "  - name: Published\n    sources: ['data/*/data.json']\n"
    )
    monkeypatch.chdir(programme)
    result = CliRunner().invoke(cli, ["--today", TODAY.isoformat(), "programme", "build"])
    assert result.exit_code == 0, result.output
    out = programme / "_programme"
    doc = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    assert doc.h1.get_text() == "Spring programme"
    groups = {s.h2.get_text(" ", strip=True): [r.th.find(string=True).strip()
                                               for r in s.select("tbody tr")]
              for s in doc.select("section.programme-group")}
    assert groups == {
        "Early (2)": ["Bo's plan", "Ana's growth plan"],
        "Published (1)": ["Dee's journey"],
        "Other pairs (2)": ['=HYPERLINK("http://evil.example")', "Cy's quiet plan"],
    }
    assert data(out)["Ana's growth plan"]["cohort"] == "Early"


def test_programme_yml_errors_are_all_reported_with_positions(programme, monkeypatch):
    (programme / "programme.yml").write_text(
        "title: Spring\n"
        "sourcs: [pairs/*]\n"
        "cohorts:\n"
        "  - nme: Early\n"
        "    sources: [pairs/a*]\n"
        "  - name: 5\n"
        "    sources: pairs/b*\n"
    )
    monkeypatch.chdir(programme)
    result = CliRunner().invoke(cli, ["programme", "build"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        "programme.yml:2:1: error: unknown field 'sourcs' (did you mean 'sources'?) "
        "[unknown-field]",
        "programme.yml:4:5: error: unknown field 'nme' (did you mean 'name'?) [unknown-field]",
        "programme.yml:6:11: error: 'cohorts[1].name' must be text, got the number 5 "
        "(quote it if it is text) [wrong-type]",
        "programme.yml:7:14: error: 'cohorts[1].sources' must be a list, got the text "
        "'pairs/b*': write each item on a line of its own, under the key, starting with '- ' "
        "[wrong-type]",
        "Error: programme build failed: fix the settings above; nothing was written",
    ]
    assert not (programme / "_programme").exists()


def test_a_merge_conflict_in_programme_yml_is_named(programme, monkeypatch):
    (programme / "programme.yml").write_text(
        "title: Spring\n<<<<<<< HEAD\nsources: [pairs/*]\n=======\nsources: [data/*]\n"
        ">>>>>>> cohorts\n")
    monkeypatch.chdir(programme)
    result = CliRunner().invoke(cli, ["programme", "build"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "programme.yml:2:1: error: unresolved merge conflict (lines 2-6): keep what should stay, "
        "and delete git's <<<<<<<, ======= and >>>>>>> lines [merge-conflict]")


def test_a_source_pattern_that_matches_nothing_is_an_error_at_its_position(programme,
                                                                          monkeypatch):
    (programme / "programme.yml").write_text("sources:\n  - pairs/*\n  - nowhere/*\n")
    monkeypatch.chdir(programme)
    result = CliRunner().invoke(cli, ["programme", "build"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "programme.yml:3:5: error: 'nowhere/*' matches no folder or file [no-such-source]\n"
    )


def test_usage_errors_exit_2(programme, monkeypatch):
    monkeypatch.chdir(programme)
    runner = CliRunner()
    missing = runner.invoke(cli, ["programme", "build", "nowhere/*"])
    assert missing.exit_code == 2 and "matches no folder or file" in missing.stderr
    nothing = runner.invoke(cli, ["programme", "build"])
    assert nothing.exit_code == 2 and "no pairs to show" in nothing.stderr
    clash = runner.invoke(cli, ["programme", "build", "pairs/*", "--out", "pairs/ana"])
    assert clash.exit_code == 1 and "--out pairs/ana" in clash.stderr


def test_unreadable_sources_are_listed_and_the_rest_is_built(programme, monkeypatch):
    (programme / "data" / "broken").mkdir()
    (programme / "data" / "broken" / "data.json").write_text("<html>404</html>")
    (programme / "pairs" / "empty").mkdir()
    monkeypatch.chdir(programme)
    result = CliRunner().invoke(
        cli, ["--today", TODAY.isoformat(), "programme", "build", "pairs/*", "data/*/data.json"]
    )
    assert result.exit_code == 0, result.output
    assert "warning: data/broken/data.json: not valid JSON" in result.stderr
    assert "warning: pairs/empty: not a mentorship repository" in result.stderr
    # the broken data.json is a source read, not a pair: "reading 6 pairs" counted it as one
    assert "reading 6 sources" in result.stderr
    assert "built the programme site of 5 pairs" in result.stderr
    out = programme / "_programme"
    problems = json.loads((out / "data.json").read_text())["unreadable"]
    assert [p["source"] for p in problems] == ["pairs/empty", "data/broken/data.json"]
    assert "could not be read" in (out / "index.html").read_text()
    assert len(data(out)) == 5


def test_a_pair_whose_settings_have_errors_is_shown_as_none(tmp_path):
    write(tmp_path / "pairs" / "typo", {**ANA, "mentorsite.yml": "title: Typo\nprogramme: ful\n"})
    out = tmp_path / "_programme"
    result = build_programme(["pairs/*"], out, cwd=tmp_path, today=TODAY, jobs=1)
    assert data(out)["Typo"] == {"id": "typo", "name": "Typo", "programme": "none",
                                 "cohort": None}
    assert "shown as 'programme: none'" in result.notes[0]


def test_a_pair_with_one_error_in_its_content_is_counted_in_words(tmp_path):
    broken = {**ANA, "content/checkins/2025-06-01.md": "---\ngoals:\n  nope: {}\n---\n"}
    write(tmp_path / "pairs" / "ana", broken)
    result = build_programme(["pairs/*"], tmp_path / "_programme", cwd=tmp_path, today=TODAY,
                             jobs=1)
    assert [note for note in result.notes if "in the content" in note] == [
        "pairs/ana: 1 error in the content; only its valid part is counted "
        "(run 'mentorsite check' there)"
    ]


def test_a_pair_is_read_without_linting_it(tmp_path, monkeypatch):
    """The programme counts each pair's valid content and tells only of its errors: linting
    every pair's files (and loading the Markdown parser to read their bodies) was work no page
    or note of the programme shows."""
    from mentorsite.model import lint

    linted: list[object] = []
    monkeypatch.setattr(lint, "lint", lambda *args: linted.append(args))
    write(tmp_path / "pairs" / "ana", {**ANA, "content/checkins/2025-06-01.md":
                                       "---\ngoals:\n  nope: {}\n---\n"})
    result = build_programme(["pairs/*"], tmp_path / "_programme", cwd=tmp_path, today=TODAY,
                             jobs=1)
    assert linted == []
    assert "pairs/ana: 1 error in the content" in " ".join(result.notes)

def test_pairs_of_one_name_are_told_apart_by_their_ids(tmp_path):
    """Two pairs that kept the default title: each row adds the pair's id (from the folder the
    coordinator named, and in the CSV and data.json already), and the build says why."""
    for name in ("north", "south"):
        write(tmp_path / "pairs" / name, {**ANA, "mentorsite.yml": "cadence: weekly\n"})
    write(tmp_path / "pairs" / "west", ANA)
    out = tmp_path / "_programme"
    result = build_programme(["pairs/*"], out, cwd=tmp_path, today=TODAY, jobs=1)
    doc = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    names = sorted((row.th.find(string=True).strip(),
                    ids.get_text() if (ids := row.select_one(".programme-row__id")) else None)
                   for row in doc.select("tbody tr"))
    assert names == [("Ana's growth plan", None), ("Mentorship progress", "(north)"),
                     ("Mentorship progress", "(south)")]
    assert result.notes == ("2 pairs are called 'Mentorship progress' (north, south): the table "
                            "adds each one's id after it; a pair names its site with 'title' in "
                            "its mentorsite.yml",)


def test_pair_ids_do_not_depend_on_the_order_of_the_sources(tmp_path):
    """``programme build x/site y/site`` and ``y/site x/site`` swapped the ids site and
    site-2, so a row matched by id across builds was another pair's. A folder whose own name
    is site-2 keeps it."""
    for folder in ("x/site", "y/site", "z/site-2"):
        write(tmp_path / folder, {**ANA, "mentorsite.yml": f"title: {folder}\n"})
    ids = []
    for sources in (["x/site", "y/site", "z/site-2"], ["z/site-2", "y/site", "x/site"]):
        out = tmp_path / "_programme"
        build_programme(sources, out, cwd=tmp_path, today=TODAY, jobs=1)
        ids.append({name: pair["id"] for name, pair in data(out).items()})
    assert ids[0] == ids[1] == {"x/site": "site", "y/site": "site-3", "z/site-2": "site-2"}


def test_a_pair_named_twice_goes_by_the_same_name_whatever_the_order(tmp_path):
    """A folder and a link to it are one pair, read once: it went by the name given first,
    so the ids of the other pairs of that name swapped with the order of the sources."""
    for folder in ("x/site", "y/site"):
        write(tmp_path / folder, {**ANA, "mentorsite.yml": f"title: {folder}\n"})
    (tmp_path / "links").mkdir()
    (tmp_path / "links" / "zed").symlink_to(tmp_path / "x" / "site")
    ids = []
    for sources in (["x/site", "y/site", "links/zed"], ["links/zed", "y/site", "x/site"]):
        out = tmp_path / "_programme"
        build_programme(sources, out, cwd=tmp_path, today=TODAY, jobs=1)
        ids.append({name: pair["id"] for name, pair in data(out).items()})
    # by the name that sorts first: the link's
    assert ids[0] == ids[1] == {"x/site": "zed", "y/site": "site"}


def test_a_data_json_without_the_setting_is_shown_as_none(programme):
    path = programme / "data" / "dee" / "data.json"
    document = json.loads(path.read_text())
    del document["site"]["programme"]
    path.write_text(json.dumps(document))
    assert data(run(programme))["Dee's journey"]["programme"] == "none"


def test_pages_pass_the_nu_html_checker_and_need_no_script(programme):
    out = run(programme)
    for page in out.rglob("*.html"):
        doc = BeautifulSoup(page.read_text(), "html.parser")
        assert doc.find("script") is None and doc.find("style") is None, page
        assert not doc.find_all(style=True), page
        csp = doc.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert "default-src 'none'" in csp["content"]
        for link in doc.find_all(["a", "link"], href=True):
            href = link["href"]
            if not href.startswith(("https://", "http://", "#")):
                target = (page.parent / href).resolve()
                assert target.exists(), (page, href)
    assert_nu_html_valid(out)


SLOW_READS = """
import sys, time
from mentorsite.programme import load
real = load.read_pair

def slow(*args):
    time.sleep(0.4)
    return real(*args)

load.read_pair = slow  # the forked readers inherit it
sys.argv = ["mentorsite", "--today", "2025-06-01", "programme", "build", "--jobs", "2",
            "--out", sys.argv[1], "pairs/*"]
from mentorsite.cli.main import main
main()
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT", "SIGKILL"])
def test_a_stopped_programme_build_leaves_no_reader_behind(programme, name):
    """``kill`` during the reading stops it: the readers go too (they were left waiting for
    work forever, holding the terminal's output open), and the last site stays."""
    import signal
    import time

    number = getattr(signal, name)
    out = programme / "_programme"
    run(programme)
    before = (out / "data.json").read_bytes()
    cache_file(out).unlink()  # every pair is read again, slowly
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_READS, str(out)], cwd=programme,
        stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    assert "reading" in process.stderr.readline()
    time.sleep(0.2)
    process.send_signal(number)
    try:
        stderr = process.communicate(timeout=20)[1]
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail(f"still running after {name}: {running_with(out)}")
    assert (out / "data.json").read_bytes() == before
    assert running_with(out) == []
    if number == signal.SIGKILL:  # nothing to say: the readers just go with it
        assert process.returncode == -number and "Traceback" not in stderr
    else:
        assert process.returncode == 128 + number
        assert f"programme build interrupted: {out} holds the last complete build" in stderr



@pytest.mark.parametrize(("name", "group"), [("SIGTERM", False), ("SIGINT", True)],
                         ids=["kill", "ctrl-c in a terminal"])
def test_a_stopped_programme_build_does_not_wait_for_the_reads_under_way(programme, name,
                                                                          group):
    """The readers were a pool of concurrent.futures, whose leaving waited for every read
    under way: a second and more on a large programme, for ever on a pair that never ends.
    Now they are ended at once."""
    out = programme / "_programme"
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_READS.replace("time.sleep(0.4)", "time.sleep(60)"),
         str(out)], cwd=programme, stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert process.stderr is not None
    assert "reading" in process.stderr.readline()
    time.sleep(0.3)  # the reads are under way
    number = getattr(signal, name)
    (os.killpg if group else os.kill)(process.pid, number)
    try:
        stderr = process.communicate(timeout=20)[1]
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail(f"still running after {name}: {running_with(out)}")
    assert process.returncode == 128 + number, stderr
    assert running_with(out) == []


STOPPED_IN_SET_NAME = stopped_in_set_name(
    "mentorsite.programme.build", "build_programme",
    '["programme", "build", "--out", sys.argv[1], "pairs/*"]')


STOPPED_INTO_AN_ERROR = stopped_into_an_error(
    "mentorsite.programme.build", "build_programme",
    '["programme", "build", "--out", sys.argv[1], "pairs/*"]')


@pytest.mark.parametrize("script", [STOPPED_IN_SET_NAME, STOPPED_INTO_AN_ERROR],
                         ids=["wrapped-in-a-runtime-error", "turned-into-another-error"])
def test_a_stop_turned_into_an_error_still_interrupts_the_programme_build(programme, script):
    """Python 3.11 makes an exception raised in ``__set_name__`` a RuntimeError, a stop too;
    pydantic-core makes a ``SchemaError`` of a stop whose handler runs as it builds a model's
    validators: the programme build ended with its traceback and status 1."""
    out = programme / "_programme"
    ran = subprocess.run([sys.executable, "-c", script, str(out)], cwd=programme,
                         capture_output=True, text=True, timeout=60, check=False)
    assert ran.returncode == 143, ran.stderr
    assert ran.stderr == f"programme build interrupted: {out} was not made\n"


def test_pairs_by_name_sort_names_of_any_language_among_the_others(tmp_path):
    """'Émile' and 'Ömer' sorted after 'Zoë' (by code point: É and Ö come after z), and the
    Turkish dotless i after them."""
    names = ["Zoë Ångström", "Ömer Çelik", "Anna Bauer", "Émile Zola", "\u0131\u015f\u0131k",
             "Olga", "Eve"]
    for index, name in enumerate(names):
        write(tmp_path / "pairs" / f"p{index}", {"mentorsite.yml": f"title: {name}\n"})
    out = tmp_path / "_programme"
    build_programme(["pairs/*"], out, cwd=tmp_path, today=TODAY, jobs=1)
    assert rows(out / "by-name" / "index.html") == [
        "Anna Bauer", "Émile Zola", "Eve", "\u0131\u015f\u0131k", "Olga", "Ömer Çelik",
        "Zoë Ångström",
    ]


def test_pairs_by_name_sort_cyrillic_names_in_their_alphabets_order(tmp_path):
    """Ukrainian, Serbian, Macedonian and Belarusian letters that Russian lacks come after 'я'
    by code point, so 'Ірина', 'Єва' and 'Јелена' sorted after 'Яна'. Each is in its
    alphabet's place now."""
    names = ["Яна", "Ірина", "Єва", "Ежи", "Јелена", "Иван", "Йосип", "Игорь", "Ђорђе",
             "Драган", "Ўладзімір", "Урош", "Ґанна", "Галина", "Ћира", "Тома", "Жанна"]
    for index, name in enumerate(names):
        write(tmp_path / "pairs" / f"p{index}", {"mentorsite.yml": f"title: {name}\n"})
    out = tmp_path / "_programme"
    build_programme(["pairs/*"], out, cwd=tmp_path, today=TODAY, jobs=1)
    assert rows(out / "by-name" / "index.html") == [
        "Галина", "Ґанна", "Драган", "Ђорђе", "Ежи", "Єва", "Жанна", "Иван", "Игорь", "Ірина",
        "Йосип", "Јелена", "Тома", "Ћира", "Урош", "Ўладзімір", "Яна"]


def test_a_data_json_language_no_registry_holds_is_not_marked(tmp_path):
    """A ``data.json`` made before its ``language`` was checked against the registry may say
    ``jp``: marking the pair's words with it would give the programme's pages a ``lang`` that
    neither screen readers nor the Nu Html Checker know, so they are left unmarked."""
    source = write(tmp_path / "src", {**DEE, "mentorsite.yml": DEE["mentorsite.yml"]
                                      + "language: ja\n"})
    build(source, source / "_site", today=TODAY, history=False)
    data = json.loads((source / "_site" / "data.json").read_text())
    data["site"]["language"] = "jp"
    (tmp_path / "data" / "dee").mkdir(parents=True)
    (tmp_path / "data" / "dee" / "data.json").write_text(json.dumps(data))
    out = run(tmp_path, "data/*/data.json")

    assert ' lang="jp"' not in (out / "index.html").read_text()
    assert (out / "pairs" / "dee" / "index.html").read_text().count(" lang=") == 1


def test_a_pairs_own_words_are_marked_with_its_language(tmp_path):
    """The programme's pages are in English, its own words; a pair's words on them (its site's
    title, goal titles, wins) carry the pair's ``language``, read from its repository or its
    ``data.json``, so that a screen reader reads 'Präsentieren üben' as German; the names of
    people are left as they are, and an English pair's words are not marked at all."""
    german = {**ANA, "mentorsite.yml": ANA["mentorsite.yml"] + "language: de\n"}
    german["content/goals/speak.md"] = german["content/goals/speak.md"].replace(
        "Speak up", "Präsentieren üben")
    write(tmp_path / "pairs" / "ana", german)
    write(tmp_path / "pairs" / "dee", DEE)
    write(tmp_path / "pairs" / "cy", {**CY, "mentorsite.yml": CY["mentorsite.yml"]
                                      + "language: pt-BR\n"})
    source = write(tmp_path / "tr-src", {**DEE, "mentorsite.yml": DEE["mentorsite.yml"].replace(
        "Dee's journey", "Yolculuğum") + "language: tr\n"})
    build(source, source / "_site", today=TODAY, history=False)
    (tmp_path / "data" / "tr").mkdir(parents=True)
    shutil.copy(source / "_site" / "data.json", tmp_path / "data" / "tr" / "data.json")
    out = run(tmp_path)

    index = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    assert index.html["lang"] == "en"
    assert index.find("a", string="Ana's growth plan")["lang"] == "de"
    assert index.find("a", string="Yolculuğum")["lang"] == "tr"
    assert index.find("span", string="Cy's quiet plan")["lang"] == "pt-BR"  # a name, no link
    assert "lang" not in index.find("a", string="Dee's journey").attrs
    assert sorted(span["lang"] for span in index.select(".visually-hidden [lang]")) == [
        "de", "tr"]

    ana = BeautifulSoup((out / "pairs" / "ana" / "index.html").read_text(), "html.parser")
    assert ana.html["lang"] == "en" and ana.h1["lang"] == "de"
    assert ana.find("a", string="Präsentieren üben").parent["lang"] == "de"
    assert ana.find("span", string="Gave a lightning talk")["lang"] == "de"
    assert ana.find(class_="programme-facts").find(attrs={"lang": True}) is None
    dee = (out / "pairs" / "dee" / "index.html").read_text()
    assert dee.count(" lang=") == 1  # the page's own
    assert_nu_html_valid(out)


def test_pair_ids_spell_a_folder_in_another_script_as_new_names_files(tmp_path):
    """Pair folders Анна, Борис and Глеб were the ids pair, pair-2 and pair-3, so a new pair
    sorting first shifted every id and the note telling two pairs of one title apart named
    them by numbers; they are romanised as ``new`` names a file (ICAO Doc 9303), and a Chinese
    folder, which has no one romanisation, is still ``pair``."""
    same = "Наставничество"
    titles = {"Анна": same, "Борис": "Борис", "Глеб": "Глеб", "Straße": same, "小明": "小明"}
    for folder, title in titles.items():
        write(tmp_path / "pairs" / folder, {**ANA, "mentorsite.yml": f"title: {title}\n"})
    out = tmp_path / "_programme"
    result = build_programme(["pairs/*"], out, cwd=tmp_path, today=TODAY, jobs=1)
    pairs = json.loads((out / "data.json").read_text(encoding="utf-8"))["pairs"]
    assert sorted(pair["id"] for pair in pairs) == ["anna", "boris", "gleb", "pair", "strasse"]
    assert [note.split(")")[0] for note in result.notes] in (
        [f"2 pairs are called '{same}' (anna, strasse"],
        [f"2 pairs are called '{same}' (strasse, anna"])
