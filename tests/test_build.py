"""`mentorsite build` end to end: the example mentorship, a hand-checked fixture, and failures."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import feedparser
import icalendar
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result

from mentorsite import build as build_module
from mentorsite.build import build
from mentorsite.cli.main import cli
from mentorsite.errors import BuildFailed, MentorsiteError
from mentorsite.model.entries import Settings
from mentorsite.output import build_cache, parallel
from mentorsite.output.folder import MARKER
from mentorsite.render.theme import static_files, theme_files
from tests.conftest import assert_nu_html_valid

PROJECT = Path(__file__).resolve().parents[1]
TODAY = date(2025, 12, 28)
PRIVATE_MARKER = "PRIVATE-MARKER-7f3a"


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    """The demo site built from the project's own content/, as of a fixed day."""
    out = tmp_path_factory.mktemp("example") / "_site"
    build(PROJECT, out, today=TODAY, base_url="https://pairs.example.org/priya/")
    return out


def write_repo(root: Path, files: dict[str, str]) -> Path:
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


SMALL = {
    "mentorsite.yml": "title: Small\nmentee: Ana\ncadence: weekly\n",
    "content/goals/speak.md": (
        "---\ntitle: Speak up\nstarted: 2025-01-01\ndue: 2025-06-30\nwhy: Be heard.\n"
        "success: Two talks.\nmetrics:\n"
        "  - {id: talks, label: Talks given, baseline: 0, target: 4}\n"
        "  - {id: wait, label: Days to reply, baseline: 10, target: 2}\n"
        "  - {id: unread, label: Never read, baseline: 0, target: 1}\n"
        "---\nBody.\n"
    ),
    "content/goals/ship.md": (
        "---\ntitle: Ship it\nstarted: 2025-01-01\ndue: 2025-06-30\nwhy: Deliver.\n"
        "success: Shipped.\nmilestones:\n"
        "  - {title: Plan, due: 2025-01-10, done: 2025-01-09}\n"
        "  - {title: Build, due: 2025-05-01}\n  - {title: Launch, due: 2025-06-01}\n"
        "---\n"
    ),
    "content/checkins/2025-01-06.md": (
        "---\ngoals:\n  speak: {metrics: {talks: 1, wait: 8}}\n---\n"
    ),
    "content/checkins/2025-01-13-b.md": "---\ngoals:\n  speak: {metrics: {talks: 3}}\n---\n",
    "content/checkins/2025-01-13-a.md": (
        "---\ngoals:\n  speak: {metrics: {talks: 9, wait: 6}}\n---\n"
    ),
    "content/reflections/2025-01-10-plan.md": (
        "---\ntitle: Planned\ngoal: ship\n---\n# What happened\n# Why it mattered\n"
        "# What I learned\n# What changes next\n"
    ),
}


def test_progress_in_data_json_follows_the_spec_rules(tmp_path):
    repo = write_repo(tmp_path / "repo", SMALL)
    build(repo, repo / "_site", today=date(2025, 1, 14))
    data = json.loads((repo / "_site" / "data.json").read_text())
    goals = {g["id"]: g for g in data["goals"]}
    metrics = {m["id"]: m for m in goals["speak"]["metrics"]}
    # Latest by check-in date, then slug: 2025-01-13-b comes after 2025-01-13-a.
    assert metrics["talks"]["latest"] == 3
    assert metrics["talks"]["progress"] == pytest.approx(3 / 4)
    # Direction down: 10 → 2, read 6 → (6 - 10) / (2 - 10) = 0.5.
    assert metrics["wait"]["latest"] == 6
    assert metrics["wait"]["progress"] == pytest.approx(0.5)
    assert metrics["wait"]["direction"] == "down"
    assert metrics["unread"]["latest"] is None and metrics["unread"]["progress"] is None
    # Goal: mean of the metrics that have readings.
    assert goals["speak"]["progress"] == pytest.approx((0.75 + 0.5) / 2)
    # Milestones only: share done.
    assert goals["ship"]["progress"] == pytest.approx(1 / 3)
    assert [p["checkin"] for p in metrics["talks"]["series"]] == [
        "2025-01-06", "2025-01-13-a", "2025-01-13-b"
    ]


def test_data_json_holds_the_fields_spec_lists(example_site):
    data = json.loads((example_site / "data.json").read_text())
    assert {"title", "mentee", "mentors", "cadence", "built"} <= set(data["site"])
    assert data["site"]["built"] == TODAY.isoformat()
    for goal in data["goals"]:
        assert {"id", "title", "status", "progress", "due", "metrics"} <= set(goal)
        assert goal["progress"] is None or 0 <= goal["progress"] <= 1
        for metric in goal["metrics"]:
            assert {"id", "label", "baseline", "target", "latest", "series"} <= set(metric)
    for kind in ("checkins", "reflections", "evidence"):
        assert data[kind], kind
        for entry in data[kind]:
            assert {"slug", "date", "goals", "url"} <= set(entry)
            assert (example_site / entry["url"] / "index.html").is_file()
    history_files = {path for commit in data["history"] for path in commit["files"]}
    assert history_files, "the project repository's own history is shown"
    assert not any("personal" in path for path in history_files), "private file in history"


def test_data_json_is_one_compact_line_of_utf_8(example_site):
    """Compact so that the C encoder writes it; non-ASCII text stays as written."""
    text = (example_site / "data.json").read_text(encoding="utf-8")
    assert text.endswith("}\n") and text.count("\n") == 1
    assert text == json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":")) + "\n"


def test_every_page_of_the_spec_is_written(example_site):
    data = json.loads((example_site / "data.json").read_text())
    expected = [
        "index.html", "checkins/index.html", "reflections/index.html", "evidence/index.html",
        "timeline/index.html", "wins/index.html", "goals/index.html", "feed.xml",
        "calendar.ics", "data.json", "404.html", "sitemap.xml", ".nojekyll",
        "static/style.css",
    ]
    expected += [f"goals/{g['id']}/index.html" for g in data["goals"]]
    for relpath in expected:
        assert (example_site / relpath).is_file(), relpath


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_internal_link_resolves(example_site):
    broken = []
    for page in html_files(example_site):
        doc = BeautifulSoup(page.read_text(), "html.parser")
        for tag, attr in (("a", "href"), ("link", "href"), ("img", "src")):
            for element in doc.find_all(tag):
                url = element.get(attr)
                if not url or urlsplit(url).scheme or url.startswith("#"):
                    continue
                if page.name == "404.html":
                    continue  # links from the site root (or base_url), checked below
                target = (page.parent / unquote(urlsplit(url).path)).resolve()
                if target.is_dir():
                    target = target / "index.html"
                if not target.is_file():
                    broken.append(f"{page.relative_to(example_site)} → {url}")
    assert not broken, broken


def test_not_found_page_links_from_the_published_root(example_site):
    doc = BeautifulSoup((example_site / "404.html").read_text(), "html.parser")
    stylesheet = doc.find("link", rel="stylesheet")["href"]
    assert stylesheet == "https://pairs.example.org/priya/static/style.css"


def test_private_content_is_nowhere_in_the_output(example_site):
    private = [
        path for path in (PROJECT / "content").rglob("*.md")
        if "private: true" in path.read_text()
    ]
    assert private, "the example must have a private file"
    for path in example_site.rglob("*"):
        if path.is_file():
            text = path.read_text(errors="replace")
            assert PRIVATE_MARKER not in text, path
            for private_path in private:
                assert private_path.stem not in text, (path, private_path.stem)


def test_a_private_goal_named_by_a_reflections_single_goal_is_nowhere_in_the_output(
        make_repo, tmp_path):
    """A reflection may name its goal as ``goal: id`` instead of a ``goals`` list: the
    private goal's id was then kept on the public reflection, for its page, the lists and
    ``data.json`` to show."""
    root = make_repo({
        "content/goals/speak.md": "---\ntitle: Speak\nstarted: 2025-01-01\n---\n",
        "content/goals/raise-talk.md": "---\ntitle: Hidden\nstarted: 2025-01-01\n"
                                       "private: true\n---\n",
        "content/reflections/2025-02-01-talk.md": "---\ntitle: After the talk\n"
        "goal: raise-talk\n---\n# What happened\n",
    })
    build(root, tmp_path / "site", today=date(2025, 3, 1), history=False)
    data = json.loads((tmp_path / "site/data.json").read_text())
    [reflection] = data["reflections"]
    assert reflection["goals"] == [] and reflection.get("goal") is None
    for path in (tmp_path / "site").rglob("*"):
        if path.is_file():
            assert "raise-talk" not in path.read_text(errors="replace"), path


def test_feed_is_valid_atom(example_site):
    feed = feedparser.parse((example_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    data = json.loads((example_site / "data.json").read_text())
    count = sum(len(data[kind]) for kind in ("checkins", "reflections", "evidence"))
    assert len(feed.entries) == count
    assert all(e.link.startswith("https://pairs.example.org/priya/") for e in feed.entries)


def test_a_build_writes_the_calendar_serve_makes(tmp_path):
    """A build writes the calendar an event at a time and keeps none of them; serve, which
    writes it after every edit, reads each goal's and check-in's events again from the
    calendar it wrote (the text is the same, made or read; without history, both stamp the
    events with the day)."""
    from mentorsite.model.insights import insights
    from mentorsite.model.project import read_project
    from mentorsite.model.publish import published
    from mentorsite.pages import feeds

    build(PROJECT, tmp_path / "_site", today=TODAY, history=False)
    views = insights(published(read_project(PROJECT, TODAY).model), TODAY)
    written = tmp_path / "calendar.ics"
    kept = feeds.Events(written)
    made = "".join(feeds.calendar_parts(views, kept=kept))
    written.write_bytes(made.encode("utf-8"))
    kept.written()
    again = "".join(feeds.calendar_parts(views, kept=kept))  # read from what was written
    assert (tmp_path / "_site/calendar.ics").read_bytes() == made.encode("utf-8")
    assert again == made


def test_calendar_is_valid_icalendar(example_site):
    calendar = icalendar.Calendar.from_ical((example_site / "calendar.ics").read_bytes())
    events = [c for c in calendar.walk("VEVENT")]
    data = json.loads((example_site / "data.json").read_text())
    dues = {g["due"] for g in data["goals"] if g["due"]}
    starts = {e["DTSTART"].dt.isoformat() for e in events}
    assert dues <= starts
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_sitemap_only_with_base_url(tmp_path):
    repo = write_repo(tmp_path / "repo", SMALL)
    build(repo, tmp_path / "plain", today=date(2025, 1, 14))
    assert not (tmp_path / "plain" / "sitemap.xml").exists()
    build(repo, tmp_path / "based", today=date(2025, 1, 14), base_url="https://x.example/a")
    sitemap = (tmp_path / "based" / "sitemap.xml").read_text()
    assert "<loc>https://x.example/a/goals/speak/</loc>" in sitemap
    assert (tmp_path / "based" / "404.html").is_file() and "404" not in sitemap  # no page


@pytest.mark.parametrize(("base_url", "loc"), [
    ("https://x.example/plän/", "https://x.example/pl%C3%A4n/goals/speak/"),
    ("https://bücher.example:8080/a/", "https://xn--bcher-kva.example:8080/a/goals/speak/"),
])
def test_sitemap_urls_are_url_escaped(tmp_path, base_url, loc):
    """The sitemap protocol asks for URL-escaped addresses; a base URL of other letters went
    in as written (the feed and the pages keep it so: they hold IRIs)."""
    repo = write_repo(tmp_path / "repo", SMALL)
    build(repo, tmp_path / "site", today=date(2025, 1, 14), base_url=base_url)
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text()
    assert f"<loc>{loc}</loc>" in sitemap
    assert sitemap.isascii()
    assert f'href="{base_url}feed.xml"' in (tmp_path / "site" / "feed.xml").read_text()
    # A calendar's URL is a URI (RFC 5545 §3.3.13), ASCII too; its DESCRIPTION is text.
    calendar = (tmp_path / "site" / "calendar.ics").read_text().replace("\r\n ", "")
    urls = [line for line in calendar.splitlines() if line.startswith("URL:")]
    assert urls and all(line.isascii() for line in urls)
    assert f"URL:{loc}" in urls


def test_failed_build_leaves_previous_site_byte_for_byte(tmp_path):
    repo = write_repo(tmp_path / "repo", SMALL)
    out = repo / "_site"
    build(repo, out, today=date(2025, 1, 14))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (repo / "content/goals/broken.md").write_text("---\ntitle: [unclosed\n---\n")
    result = CliRunner().invoke(cli, ["--source", str(repo), "build"])
    assert result.exit_code == 1
    assert "content/goals/broken.md:" in result.output
    assert "Traceback" not in result.output
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_unchanged_inputs_skip_the_build(tmp_path):
    repo = write_repo(tmp_path / "repo", SMALL)
    out = repo / "_site"
    first = build(repo, out, today=date(2025, 1, 14))
    again = build(repo, out, today=date(2025, 1, 14))
    assert not first.unchanged and again.unchanged
    assert again.diagnostics == first.diagnostics and again.pages == first.pages
    later = build(repo, out, today=date(2025, 1, 15))
    assert not later.unchanged, "the day a site is judged as of is an input"
    goal = repo / "content/goals/ship.md"
    goal.write_text(goal.read_text().replace("Ship it", "Ship it now"))
    edited = build(repo, out, today=date(2025, 1, 15))
    assert not edited.unchanged
    assert "Ship it now" in (out / "goals/ship/index.html").read_text()
    shutil.rmtree(out)
    assert not build(repo, out, today=date(2025, 1, 15)).unchanged, "a deleted site is rebuilt"
    assert (out / MARKER).is_file()


def test_an_edit_that_keeps_the_size_and_the_modification_time_is_an_input(tmp_path):
    """``cp -p``, ``touch -r`` and ``rsync -t`` keep a file's time: the build said nothing
    changed, and the site kept the old text, while ``check`` saw the new one."""
    repo = write_repo(tmp_path / "repo", SMALL)
    out = repo / "_site"
    build(repo, out, today=date(2025, 1, 14))
    goal = repo / "content/goals/ship.md"
    kept = goal.stat()
    goal.write_text(goal.read_text().replace("Ship it", "Ship us"))
    os.utime(goal, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    assert goal.stat().st_size == kept.st_size
    assert not build(repo, out, today=date(2025, 1, 14)).unchanged
    assert "Ship us" in (out / "goals/ship/index.html").read_text()


@pytest.mark.parametrize("damage", ["emptied", "page removed", "top file", "another site"])
def test_a_site_changed_by_hand_is_built_again(tmp_path, damage):
    """Only the marker was looked at: with the folder emptied but for its dot files, a page's
    folder removed, index.html overwritten or another pair's site built into the same folder,
    "nothing changed" left the site so."""
    repo = write_repo(tmp_path / "repo", SMALL)
    out = tmp_path / "site"
    build(repo, out, today=date(2025, 1, 14))
    if damage == "emptied":
        for path in out.iterdir():
            if not path.name.startswith("."):
                shutil.rmtree(path) if path.is_dir() else path.unlink()
    elif damage == "page removed":
        shutil.rmtree(out / "goals/ship")
    elif damage == "top file":
        (out / "index.html").write_text("hacked")
    else:
        other = write_repo(tmp_path / "other", {**SMALL, "mentorsite.yml": "title: Other\n"})
        build(other, out, today=date(2025, 1, 14))
    again = build(repo, out, today=date(2025, 1, 14))
    assert not again.unchanged
    assert (out / "goals/ship/index.html").is_file()
    assert "hacked" not in (out / "index.html").read_text()
    assert "Other" not in (out / "index.html").read_text()
    assert build(repo, out, today=date(2025, 1, 14)).unchanged, "and then it is as it was"


def test_a_site_another_build_swapped_in_before_this_one_was_done_is_not_taken_for_its(
        tmp_path, monkeypatch):
    """Two builds into one folder take turns at swapping their sites in, but each looked at
    the folder again after its turn, to remember its site for "nothing changed". A build
    into the same folder (here with a base URL) that swapped its site in just then was
    remembered as this one's: the next build with this one's options said nothing had changed,
    and the folder kept the other's site (its sitemap) for every build after."""
    repo = write_repo(tmp_path / "repo", SMALL)
    out = tmp_path / "site"
    write_site = build_module.write_site
    swapping: list[bool] = []

    def another_build_swaps_in_meanwhile(*args: Any, **kwargs: Any) -> str:
        left = write_site(*args, **kwargs)
        if not swapping:
            swapping.append(True)
            build(repo, out, today=date(2025, 1, 14), base_url="https://example.org/")
        return left

    monkeypatch.setattr(build_module, "write_site", another_build_swaps_in_meanwhile)
    build(repo, out, today=date(2025, 1, 14))
    assert (out / "sitemap.xml").is_file(), "the other build's site is in the folder"
    monkeypatch.setattr(build_module, "write_site", write_site)
    again = build(repo, out, today=date(2025, 1, 14))
    assert not again.unchanged
    assert not (out / "sitemap.xml").exists()
    with_base = build(repo, out, today=date(2025, 1, 14), base_url="https://example.org/")
    assert not with_base.unchanged and (out / "sitemap.xml").is_file()


def test_an_edit_to_the_repository_theme_is_an_input(tmp_path):
    repo = write_repo(tmp_path / "repo", SMALL)
    out = repo / "_site"
    build(repo, out, today=date(2025, 1, 14))
    write_repo(repo, {"themes/default/static/extra.css": "p { color: teal; }\n"})
    again = build(repo, out, today=date(2025, 1, 14))
    assert not again.unchanged
    assert (out / "static/extra.css").read_text() == "p { color: teal; }\n"


@pytest.mark.parametrize("linked", ["theme", "templates"])
def test_an_edit_to_a_theme_through_a_linked_folder_is_an_input(tmp_path, linked):
    """A theme (or its templates) kept in a folder of the repository and linked into
    ``themes/`` is read through the link, but the look for inputs did not go through it."""
    files = {**SMALL, "mentorsite.yml": SMALL["mentorsite.yml"] + "theme: mine\n",
             "shared/templates/404.html": "Lost.\n"}
    repo = write_repo(tmp_path / "repo", files)
    (repo / "themes").mkdir()
    if linked == "theme":
        (repo / "themes/mine").symlink_to("../shared")
    else:
        (repo / "themes/mine").mkdir()
        (repo / "themes/mine/templates").symlink_to("../../shared/templates")
    out = repo / "_site"
    build(repo, out, today=date(2025, 1, 14))
    (repo / "shared/templates/404.html").write_text("Found nothing.\n")
    assert not build(repo, out, today=date(2025, 1, 14)).unchanged
    assert (out / "404.html").read_text() == "Found nothing.\n"


def test_a_theme_linked_to_itself_is_looked_through_once(tmp_path):
    repo = write_repo(tmp_path / "repo", {**SMALL, "themes/mine/static/a.css": "p {}\n"})
    (repo / "themes/mine/static/again").symlink_to("..")
    (repo / "themes/out").symlink_to(tmp_path)  # leads out of the repository: not walked
    found = sorted(p.relative_to(repo).as_posix() for p in theme_files(repo)
                   if repo in p.parents)
    assert found == ["themes/mine/static/a.css", "themes/out"]  # the link, not what it holds


@pytest.mark.parametrize("linked", ["themes/mine", "themes/mine/templates"])
def test_a_theme_folder_replaced_by_a_link_out_is_refused_by_the_next_build(tmp_path, linked):
    """An empty ``templates/`` (or theme) replaced by a link to a folder outside: the walk for
    inputs found no file in either, so the next build said "nothing changed" and kept the
    site built with the folder inside, where a cold build refuses the link."""
    files = {**SMALL, "mentorsite.yml": SMALL["mentorsite.yml"] + "theme: mine\n"}
    repo = write_repo(tmp_path / "repo", files)
    (repo / "themes/mine/templates").mkdir(parents=True)
    out = tmp_path / "site"
    build(repo, out, today=date(2025, 1, 14))
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "templates").mkdir(parents=True)
    (elsewhere / "templates/404.html").write_text("Not ours.\n")
    shutil.rmtree(repo / linked)
    (repo / linked).symlink_to(elsewhere if linked == "themes/mine" else elsewhere / "templates")
    with pytest.raises(BuildFailed) as refused:
        build(repo, out, today=date(2025, 1, 14))
    assert [(d.path, d.code) for d in refused.value.project.diagnostics.items
            if d.code == "template-error"] == [(linked, "template-error")]


@pytest.mark.parametrize("change", ["package", "python"])
def test_a_build_after_the_software_changed_builds_again(tmp_path, monkeypatch, change):
    """After ``pip install -U markdown-it-py`` (or Jinja2), or with another Python, "nothing
    changed" kept the site the old ones rendered: Python 3.12 gives a heading with a letter
    of Unicode 15 another anchor than 3.11, and a build into another folder gave that one."""
    packages = tmp_path / "venv/lib/python3/site-packages"
    packages.mkdir(parents=True)
    monkeypatch.syspath_prepend(str(packages))
    repo = write_repo(tmp_path / "repo", SMALL)
    out, today = tmp_path / "site", date(2025, 1, 14)
    build(repo, out, today=today)
    assert build_cache.last_build(repo, out, today, None, False, True).same is not None
    if change == "package":
        (packages / "markdown_it_py-9.9.9.dist-info").mkdir()
    else:
        monkeypatch.setattr(sys, "version", "3.99.0 (main)")
    assert build_cache.last_build(repo, out, today, None, False, True).same is None


def test_a_build_with_nothing_changed_answers_before_loading_the_site_machinery(tmp_path):
    """The CLI tells "nothing changed" from the inputs' fingerprint alone: no model, template
    engine or Markdown parser is loaded for it."""
    repo = write_repo(tmp_path / "repo", SMALL)
    heavy = ("mentorsite.build", "mentorsite.model.entries", "pydantic", "jinja2", "markdown_it")
    program = (
        "import os, sys\n"
        "leave = os._exit\n"  # main() leaves through it, past any exit handler
        f"os._exit = lambda code: (print('LOADED', *(m for m in {heavy!r} if m in sys.modules),"
        " file=sys.stderr, flush=True), leave(code))\n"
        "from mentorsite.cli.main import main\n"
        f"sys.argv = ['mentorsite', '--source', {str(repo)!r}, '--today', '2025-01-14', 'build']\n"
        "main()\n"
    )

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stderr

    first = run()
    assert "built " in first and "LOADED mentorsite.build" in first
    second = run()
    assert "nothing changed since the last build" in second
    assert second.rstrip().endswith("LOADED"), second


def test_strict_build_fails_on_warnings(tmp_path):
    repo = write_repo(tmp_path / "repo", SMALL)
    with pytest.raises(BuildFailed):
        build(repo, repo / "_site", today=date(2026, 1, 1), strict=True)
    assert not (repo / "_site").exists()


def _recording_lint_and_render(monkeypatch) -> list[str]:
    """The order in which builds from here on lint and start rendering their pages."""
    from mentorsite.model import lint as lint_module

    events: list[str] = []
    lint, render_pages = lint_module.lint, build_module.render_pages

    def linting(*args: Any, **kwargs: Any) -> None:
        events.append("lint")
        lint(*args, **kwargs)

    def rendering(*args: Any, **kwargs: Any) -> None:
        events.append("render")
        render_pages(*args, **kwargs)

    monkeypatch.setattr(lint_module, "lint", linting)
    monkeypatch.setattr(build_module, "render_pages", rendering)
    return events


def test_a_build_lints_while_its_pages_render_and_tells_every_warning(tmp_path, monkeypatch):
    """Lint only warns and no page shows a warning: a build that is not strict lints once
    the pages are rendering, where it kept a core waiting before (0.1 CPU s of the 5,000-file
    benchmark corpus). Its warnings are all told, as ``check`` tells them."""
    from mentorsite.model.project import read_project

    repo = write_repo(tmp_path / "repo", SMALL)
    events = _recording_lint_and_render(monkeypatch)
    result = build(repo, repo / "_site", today=date(2026, 1, 1))
    assert events == ["render", "lint"]
    checked = read_project(repo, date(2026, 1, 1)).diagnostics
    assert checked.warnings > 0
    assert result.diagnostics == tuple(checked.sorted())


def test_the_lint_a_build_leaves_for_later_holds_no_document(tmp_path):
    """A build lints while its pages render: what lint needs of the documents is taken
    before, and they are let go. The lint held every file's front matter through the making
    of the pages (9 MiB more at the peak of the 5,000-file benchmark corpus with history)."""
    import gc

    from mentorsite.model.project import read_unlinted
    from mentorsite.read.load import RawDocument

    repo = write_repo(tmp_path / "repo", SMALL)
    project, lint = read_unlinted(repo, date(2026, 1, 1))
    gc.collect()
    assert not [held for held in gc.get_objects() if isinstance(held, RawDocument)]
    assert project.diagnostics.warnings == 0
    lint()
    assert project.diagnostics.warnings > 0


def test_a_strict_build_lints_before_a_page_is_drawn(tmp_path, monkeypatch):
    repo = write_repo(tmp_path / "repo", SMALL)
    events = _recording_lint_and_render(monkeypatch)
    with pytest.raises(BuildFailed):
        build(repo, repo / "_site", today=date(2026, 1, 1), strict=True)
    assert events == ["lint"]


def test_a_build_failed_by_errors_tells_the_warnings_too(tmp_path, monkeypatch):
    """Every problem in one run: a build that fails on errors draws no page, and still lints."""
    repo = write_repo(tmp_path / "repo", {
        **SMALL, "content/checkins/2025-01-20.md": "---\ngoals:\n  nowhere: {}\n---\n"})
    events = _recording_lint_and_render(monkeypatch)
    with pytest.raises(BuildFailed) as failed:
        build(repo, repo / "_site", today=date(2026, 1, 1))
    assert events == ["lint"]
    problems = failed.value.project.diagnostics
    assert problems.errors == 1 and problems.warnings > 0


def test_cli_build_reports_pages_and_is_quiet_with_q(tmp_path):
    repo = write_repo(tmp_path / "repo", SMALL)
    runner = CliRunner()
    loud = runner.invoke(cli, ["--source", str(repo), "--today", "2025-01-14", "build"])
    assert loud.exit_code == 0, loud.output
    assert "built" in loud.output and "pages" in loud.output
    quiet = runner.invoke(cli, ["--source", str(repo), "--today", "2025-01-14", "build", "-q"])
    assert quiet.exit_code == 0 and "built" not in quiet.output
    bad = runner.invoke(cli, ["--source", str(repo), "build", "--out", str(repo)])
    assert bad.exit_code == 1 and "repository itself" in bad.output


def test_theme_overrides_a_template_and_can_extend_the_default(tmp_path):
    files = dict(SMALL)
    files["mentorsite.yml"] += "theme: mine\n"
    files["themes/mine/templates/wins.html"] = (
        '{% extends "default/wins.html" %}{% block content %}<p id="own">Ours</p>'
        "{{ super() }}{% endblock %}"
    )
    files["themes/mine/static/extra.css"] = "p { color: red; }"
    repo = write_repo(tmp_path / "repo", files)
    build(repo, repo / "_site", today=date(2025, 1, 14))
    wins = BeautifulSoup((repo / "_site/wins/index.html").read_text(), "html.parser")
    assert wins.find(id="own").get_text() == "Ours"
    assert wins.find("h1") is not None, "the default page is still there around it"
    assert (repo / "_site/static/extra.css").is_file()
    assert (repo / "_site/static/style.css").is_file()


def test_a_theme_static_folder_named_as_a_built_in_file_replaces_it(tmp_path):
    """``themes/mine/static/style.css/`` beside the built-in ``style.css``: both were copied,
    and the build failed with "cannot write the site to _site: File exists
    (._site.building-…/static/style.css)", naming neither file."""
    files = dict(SMALL)
    files["mentorsite.yml"] += "theme: mine\n"
    files["themes/mine/static/style.css/print.css"] = "p { color: red; }"
    repo = write_repo(tmp_path / "repo", files)
    result = CliRunner().invoke(cli, ["--source", str(repo), "build", "-q"])
    assert result.exit_code == 0, result.output
    assert (repo / "_site/static/style.css/print.css").read_text() == "p { color: red; }"


def test_a_theme_static_file_named_as_a_folder_below_it_replaces_the_folder(tmp_path):
    """The other way round: the theme's file ``icons`` where the theme under it has a folder
    ``icons/`` takes its place, as a file replaces a file; other files stay."""
    own, under = tmp_path / "own", tmp_path / "under"
    for relpath in ("under/static/icons/a.svg", "under/static/icons.css",
                    "under/static/keep/b.css", "own/static/icons", "own/static/keep.css"):
        (tmp_path / relpath).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relpath).write_text("x")
    assert sorted(static_files([own, under])) == ["icons", "icons.css", "keep.css", "keep/b.css"]


@pytest.mark.parametrize("loop", ['{% include "wins.html" %}',
                                  "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}"])
def test_a_template_that_leads_back_to_itself_says_so(tmp_path, loop):
    """An include loop, or a macro calling itself, was told as "RecursionError: maximum
    recursion depth exceeded while calling a Python object", which named no loop."""
    files = dict(SMALL)
    files["mentorsite.yml"] += "theme: mine\n"
    files["themes/mine/templates/wins.html"] = f"<p>Wins</p>\n{loop}\n"
    repo = write_repo(tmp_path / "repo", files)
    result = CliRunner().invoke(cli, ["--source", str(repo), "build", "-q"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "RecursionError" not in result.output
    assert ("wins.html:2:1: error: the template leads back to itself without end"
            in result.output), result.output


def test_a_theme_template_that_is_not_utf8_is_an_error_with_file_and_line(tmp_path):
    """Jinja let the decoding error through: a traceback, and the last good output kept
    only by luck. It is a template error naming the file and the line of the bad byte."""
    files = dict(SMALL)
    files["mentorsite.yml"] += "theme: mine\n"
    repo = write_repo(tmp_path / "repo", files)
    template = repo / "themes/mine/templates/wins.html"
    template.parent.mkdir(parents=True)
    template.write_bytes(b'{% extends "default/wins.html" %}\n\ncaf\xe9\n')
    result = CliRunner().invoke(cli, ["--source", str(repo), "build", "-q"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert ("themes/mine/templates/wins.html:3:4: error: template is not UTF-8 (byte 0xe9); "
            "save it as UTF-8 [template-error]") in result.output, result.output


def test_a_template_failing_while_drawing_is_told_as_check_tells_a_problem(tmp_path):
    """`check` cannot find `{{ 1/0 }}`; `build` told it as "Error: …/wins.html:2: template
    error: ZeroDivisionError: division by zero", with no column, severity or code."""
    files = dict(SMALL)
    files["mentorsite.yml"] += "theme: mine\n"
    repo = write_repo(tmp_path / "repo", files)
    template = repo / "themes/mine/templates/wins.html"
    template.parent.mkdir(parents=True)
    template.write_text('{% extends "default/wins.html" %}\n{% block content %}{{ 1/0 }}'
                        '{% endblock %}\n')
    result = CliRunner().invoke(cli, ["--source", str(repo), "build", "-q"])
    assert result.exit_code == 1
    told, summary = result.output.splitlines()[-2:]
    assert told == ("themes/mine/templates/wins.html:2:1: error: ZeroDivisionError: "
                    "division by zero [template-error]")  # from the source, as check names it
    assert summary == "Error: build failed: a theme template failed; the previous site is unchanged"


@pytest.mark.parametrize("url", [
    "https://x.example/plan?v=1", "https://x.example/plan/#top", "http://x.example/my plan/",
    "https://", "http:///plan/",
])
def test_a_base_url_that_is_no_folder_address_is_an_error(tmp_path, url):
    """Page paths are appended to base_url: with a query, a fragment, a space or no host,
    every feed, sitemap and canonical link was broken (``…?v=1/goals/x/``), silently."""
    _repo, problem, flag = _base_url_checked(tmp_path, url)
    assert (problem["path"], problem["line"], problem["column"]) == ("mentorsite.yml", 4, 11)
    assert flag.exit_code == 2 and "--base-url" in flag.output


def _base_url_checked(tmp_path: Path, url: str) -> tuple[Path, dict[str, Any], Result]:
    """A repository with ``url`` as its base_url: its one invalid-link problem from ``check``
    (which must fail), and what ``build --base-url URL`` gives."""
    files = dict(SMALL)
    files["mentorsite.yml"] += f"base_url: '{url}'\n"
    repo = write_repo(tmp_path / "repo", files)
    result = CliRunner().invoke(cli, ["--source", str(repo), "check", "--format", "json"])
    assert result.exit_code == 1
    [problem] = [d for d in json.loads(result.output) if d["code"] == "invalid-link"]
    flag = CliRunner().invoke(cli, ["--source", str(repo), "build", "--base-url", url])
    return repo, problem, flag


@pytest.mark.parametrize(("url", "why"), [
    ("https://ana:s3cret@x.example/plan/", "holds a user name or password"),
    ("https://token@x.example/plan/", "holds a user name or password"),
    ("https://x.example:99999/plan/", "has a port that is not a number from 0 to 65535"),
    ("https://x.example:80a/plan/", "has a port that is not a number from 0 to 65535"),
    ("https://x.example/50%/", "holds a '%' not followed by two hexadecimal digits"),
    ("https://x.example/my plan/", "has a space, which would break the address of every page"),
    ("https://x ample.org/plan/", "has a space in its host, which no address holds"),
    ("https://x.example/plan?v=1", "leave out what follows its '?' or '#'"),
    ("https://x.example/plan<x>/", "holds '<', which no address may hold as it is: write it "
                                   "as %3C"),
    ('https://x.example/a"b/', "holds '\"', which no address may hold as it is"),
    ("https://x.example/a\\b/", "write it as %5C"),
    ("https://x.example/{plan}/", "write it as %7B"),
    ("https://alice.github.io/mentoring/index.html",
     "is the address of a page, not of the folder the site is published at: did you mean "
     "https://alice.github.io/mentoring/?"),
    ("https://x.example/Plan.HTM", "did you mean https://x.example/?"),
    ("https://x.example/plan/../other/", "holds a '.' or '..' folder"),
    ("https://x.example/./plan", "holds a '.' or '..' folder"),
])
def test_a_base_url_no_page_should_carry_is_an_error(tmp_path, url, why):
    """Every page, the feed and the calendar carry base_url: a password in it was published,
    and a bad port, a lone '%' or a '<' made links no browser follows (and pages that fail
    vnu); the address bar's ``…/mentoring/index.html`` made every canonical link, the 404
    page's stylesheet and the sitemap's addresses ``…/index.html/goals/``."""
    repo, problem, flag = _base_url_checked(tmp_path, url)
    assert why in problem["message"]
    assert flag.exit_code == 2 and why in flag.output
    assert not (repo / "_site").exists()


@pytest.mark.parametrize("character", ["\x01", "\x85", "\ufdd0"])
def test_a_base_url_flag_with_a_control_character_is_an_error(tmp_path, character):
    """The settings' base_url is text, checked as such; the flag put the character into
    every page, which then failed the Nu Html Checker."""
    repo = write_repo(tmp_path / "repo", SMALL)
    url = f"https://x.example/a{character}b/"
    result = CliRunner().invoke(cli, ["--source", str(repo), "build", "--base-url", url])
    assert result.exit_code == 2
    assert "holds a control character or a noncharacter, which no page may hold" in (
        result.output)
    assert not (repo / "_site").exists()


def test_unknown_theme_is_a_settings_error(tmp_path):
    files = dict(SMALL)
    files["mentorsite.yml"] += "theme: nope\n"
    repo = write_repo(tmp_path / "repo", files)
    result = CliRunner().invoke(cli, ["--source", str(repo), "check", "--format", "json"])
    assert result.exit_code == 1
    [problem] = [d for d in json.loads(result.output) if d["code"] == "unknown-theme"]
    assert (problem["path"], problem["line"], problem["column"]) == ("mentorsite.yml", 4, 8)


def _unreadable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make ``folder`` one that may not be looked into (the tests run as root, whom
    ``chmod 000`` does not stop): looking at what is in it, or under it, is refused."""
    import pathlib

    real_scandir, real_stat = os.scandir, pathlib.Path.stat

    def refused(path: object) -> bool:
        return str(path).startswith(str(folder) + os.sep) or (
            str(path) == str(folder) and not isinstance(path, pathlib.Path))

    def scandir(path: object = ".") -> object:
        if str(path) == str(folder) or refused(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    def stat(self: pathlib.Path, **kwargs: object) -> object:
        if refused(self):
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(pathlib.Path, "stat", stat)


@pytest.mark.parametrize("unreadable", ["themes", "themes/ours", "themes/ours/static"])
def test_a_theme_that_may_not_be_read_is_an_error_not_a_traceback(tmp_path, monkeypatch,
                                                                   unreadable):
    files = {**SMALL, "mentorsite.yml": SMALL["mentorsite.yml"] + "theme: ours\n",
             "themes/ours/static/extra.css": "p { color: teal; }\n"}
    repo = write_repo(tmp_path / "repo", files)
    _unreadable(monkeypatch, repo / unreadable)
    checked = CliRunner().invoke(cli, ["--source", str(repo), "check"])
    built = CliRunner().invoke(cli, ["--source", str(repo), "build"])
    assert (checked.exception is None or isinstance(checked.exception, SystemExit))
    assert (built.exit_code, built.exception.__class__) == (1, SystemExit), built.output
    if unreadable == "themes":
        assert checked.exit_code == 1
        assert "mentorsite.yml:4:8: error: theme 'ours' cannot be read: Permission denied" in (
            checked.output)
    else:
        assert f"{unreadable} cannot be read: Permission denied" in built.output
    assert not (repo / "_site").exists()


def test_html_passes_the_nu_html_checker(example_site):
    assert_nu_html_valid(example_site)


def test_pages_have_no_script_and_no_inline_style(example_site):
    for page in html_files(example_site):
        doc = BeautifulSoup(page.read_text(), "html.parser")
        assert doc.find("script") is None, page
        assert doc.find("style") is None, page
        assert not doc.find_all(style=True), page
        csp = doc.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert csp is not None and "default-src 'none'" in csp["content"], page


def test_a_build_leaves_the_cycle_collector_as_it_found_it(tmp_path):
    """Builds pause the collector and freeze the heap for rendering; both must be undone, also
    when the build fails, or a long-running ``serve`` would stop collecting cycles."""
    import gc

    repo = write_repo(tmp_path / "repo", SMALL)
    build(repo, tmp_path / "site", today=TODAY, history=False)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    write_repo(repo, {"content/goals/bad.md": "---\ntitle: [\n---\n"})
    with pytest.raises(BuildFailed):
        build(repo, tmp_path / "site", today=TODAY, history=False)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        (repo / "content/goals/bad.md").unlink()
        build(repo, tmp_path / "other", today=TODAY, history=False)
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()


def test_a_parallel_build_writes_what_a_serial_one_writes(tmp_path):
    """Above MIN_PARALLEL pages, forked workers render every page (templates compiled once in
    the parent); the site must be the one a single process writes, byte for byte."""
    import sys

    from mentorsite.output.parallel import MIN_PARALLEL

    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(PROJECT / "benchmarks" / "corpus.py"), str(corpus),
                    "--files", "300"], check=True, capture_output=True)
    serial = build(corpus, tmp_path / "serial", today=date(2026, 1, 15), history=False, jobs=1)
    parallel = build(corpus, tmp_path / "parallel", today=date(2026, 1, 15), history=False,
                     jobs=2)
    assert serial.pages == parallel.pages > MIN_PARALLEL

    def tree(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes()
                for p in sorted(root.rglob("*")) if p.is_file()}

    assert tree(tmp_path / "parallel") == tree(tmp_path / "serial")

    broken = corpus / "themes" / "default" / "templates" / "checkin.html"
    broken.parent.mkdir(parents=True)
    broken.write_text('{% extends "base.html" %}\n{% block content %}{{ no_such_name }}'
                      '{% endblock %}\n')  # parses: only rendering, in the workers, fails
    with pytest.raises(MentorsiteError, match=r"checkin.html:2:1: error: .* \[template-error\]"):
        build(corpus, tmp_path / "parallel", today=date(2026, 1, 15), history=False, jobs=2)
    assert tree(tmp_path / "parallel") == tree(tmp_path / "serial"), "the last site stays"


def test_a_template_changed_between_builds_is_used_by_the_next_build(tmp_path):
    """Jinja does not check templates for changes during a build; the next build (as ``serve``
    runs it, in the same process) must still notice an edited one."""
    repo = write_repo(tmp_path / "repo", {
        **SMALL, "themes/default/templates/404.html": "first {{ page.title }}\n",
    })
    build(repo, tmp_path / "one", today=TODAY, history=False)
    assert (tmp_path / "one" / "404.html").read_text() == "first Page not found\n"
    template = repo / "themes/default/templates/404.html"
    template.write_text("second {{ page.title }}\n")
    later = template.stat().st_mtime + 10
    os.utime(template, (later, later))
    build(repo, tmp_path / "two", today=TODAY, history=False)
    assert (tmp_path / "two" / "404.html").read_text() == "second Page not found\n"


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_long_build_says_how_far_rendering_has_got(tmp_path, monkeypatch, jobs):
    monkeypatch.setattr(build_module, "PROGRESS_SECONDS", 0.0)  # every run of pages counts
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    monkeypatch.setattr(parallel, "PAGES_PER_TELL", 4)  # as many runs as a large site's
    goal = ("---\ntitle: Speak up\nstarted: 2025-01-01\ndue: 2025-06-30\nwhy: Be heard.\n"
            "success: Two talks.\n---\n")
    files = {"content/goals/speak.md": goal}
    for day in range(1, 29):
        files[f"content/checkins/2025-01-{day:02d}.md"] = (
            f"---\ndate: 2025-01-{day:02d}\ngoals:\n  speak: {{}}\n---\nDay {day}.\n")
    root = write_repo(tmp_path / "pair", files)
    said: list[str] = []
    result = build(root, tmp_path / "out", today=TODAY, history=False, jobs=jobs,
                   say=said.append)
    counts = [int(line.split()[1]) for line in said if line.startswith("rendered ")]
    assert len(counts) >= 8 and counts == sorted(set(counts))
    assert all(0 < count < result.pages for count in counts)
    assert all(line.endswith(f"of {result.pages} pages") for line in said
               if line.startswith("rendered "))


def test_a_long_build_says_how_far_reading_has_got(tmp_path, monkeypatch):
    """Reading 20,000 files took 2-4 s here, without a word until it was done."""
    monkeypatch.setattr(build_module, "PROGRESS_SECONDS", 0.0)  # every file counts
    files = {f"content/checkins/2025-01-{day:02d}.md": f"---\ndate: 2025-01-{day:02d}\n---\n"
             for day in range(1, 29)}
    said: list[str] = []
    build(write_repo(tmp_path / "pair", files), tmp_path / "out", today=TODAY, history=False,
          say=said.append)
    reading = [line for line in said if line.endswith(" of 28 files")]
    assert reading == [f"read {done} of 28 files" for done in range(28)]
    assert said.index(reading[-1]) + 1 == said.index(next(
        line for line in said if line.startswith("read 28 entries in ")))


def test_the_cli_looks_at_the_inputs_once_a_build(tmp_path, monkeypatch):
    """The CLI's look at the inputs (a walk, a stat per file, git asked for HEAD) is handed to
    the build instead of being taken again."""
    repo = write_repo(tmp_path / "repo", SMALL)
    looks: list[Path] = []
    real = build_cache.last_build

    def counted(root: Path, *args: object) -> object:
        looks.append(root)
        return real(root, *args)

    monkeypatch.setattr(build_cache, "last_build", counted)
    result = CliRunner().invoke(cli, ["--source", str(repo), "--today", "2025-01-14", "build"])
    assert result.exit_code == 0, result.output
    assert len(looks) == 1


@pytest.mark.parametrize(("processes", "said"), [
    (1, "rendering 40 pages on 1 process"), (2, "rendering 40 pages on 2 processes")])
def test_rendering_says_how_many_processes(processes, said):
    assert build_module.rendering(40, processes) == said


@pytest.mark.parametrize(("today", "ticks", "marker"), [
    (TODAY, ["0", "60.61%", "90.91%"], "25.97%"),  # 6 days since the last check-in: to scale
    (date(2026, 12, 1), ["0", "30.30%", "45.45%"], "90.91%"),  # 344 days: pinned at twice 21
])
def test_health_meter_ticks_stay_apart_when_the_last_check_in_is_long_ago(tmp_path, today,
                                                                           ticks, marker):
    """The meter used to scale to the days since the last check-in, so after most of a year the
    0, 14d and 21d labels were drawn over one another in the first few per cent."""
    build(PROJECT, tmp_path / "_site", today=today, history=False)
    page = BeautifulSoup((tmp_path / "_site/index.html").read_text(), "html.parser")
    meter = page.find("svg", class_="health__meter")
    assert [tick["x"] for tick in meter.find_all("text", class_="health__tick")] == ticks
    assert meter.find("circle", class_="health__marker-dot")["cx"] == marker


@pytest.mark.parametrize(("least", "said"), [(10_000, "on 1 process"), (1, "on 2 processes")])
def test_a_build_says_how_many_processes_really_render(tmp_path, monkeypatch, least, said):
    """A site smaller than a pool is worth is rendered in the building process alone, and
    says so, whatever the cores."""
    monkeypatch.setattr(parallel, "MIN_PARALLEL", least)
    goal = ("---\ntitle: Speak up\nstarted: 2025-01-01\ndue: 2025-06-30\nwhy: Be heard.\n"
            "success: Two talks.\n---\n")
    root = write_repo(tmp_path / "pair", {"content/goals/speak.md": goal})
    lines: list[str] = []
    result = build(root, tmp_path / "out", today=TODAY, history=False, jobs=2, say=lines.append)
    assert f"rendering {result.pages} pages {said}" in lines


def test_two_check_ins_of_one_day_have_titles_that_tell_them_apart(tmp_path):
    """``2025-01-06.md`` and ``2025-01-06-design-review.md`` were both "Check-in 6 January
    2025": two pages of one title (WCAG 2.4.2), two links of one text to different pages."""
    files = {**SMALL,
             "content/checkins/2025-01-06-design-review.md":
                 "---\ngoals:\n  speak: {status: on-track}\n---\nThe review.\n"}
    repo = write_repo(tmp_path / "repo", files)
    out = tmp_path / "site"
    build(repo, out, today=date(2025, 1, 14), history=False)
    page = (out / "checkins/2025-01-06-design-review/index.html").read_text()
    assert "<title>Check-in 6 January 2025 (design review) · " in page
    assert re.search(r"<h1>Check-in <time[^>]*>6 January 2025</time> \(design review\)</h1>",
                     page)
    for listing in ("checkins/index.html", "timeline/index.html"):
        text = (out / listing).read_text()
        assert re.search(r'2025-01-06-design-review/">Check-in (<time[^>]*>)?6 Jan(uary)? '
                         r"2025(</time>)? \(design review\)</a>", text), listing
    assert "<title>Check-in 2025-01-06 (design review)</title>" in (
        out / "feed.xml").read_text()


def _three_years_of_checkins(tmp_path: Path) -> tuple[Path, list[date]]:
    """A site of a weekly pair's three years of check-ins (and one between), built."""
    files = {"content/goals/speak.md": SMALL["content/goals/speak.md"]}
    days = [date.fromordinal(date(2023, 12, 25).toordinal() + 7 * week) for week in range(157)]
    for day in days:
        files[f"content/checkins/{day}.md"] = "---\ngoals:\n  speak: {metrics: {talks: 1}}\n---\n"
    files["content/checkins/2024-12-31-year-end.md"] = "---\nwins: [A year]\n---\n"
    root = write_repo(tmp_path / "pair", files)
    out = tmp_path / "out"
    build(root, out, today=date(2026, 12, 28), history=False)
    return out, days


def _pages_of(out: Path, folder: str, title: str) -> list[BeautifulSoup]:
    """A paged list's pages, from its first at ``folder`` on by each page's link to the next
    older one, checking on the way that each links back to the one before it and says which
    page of how many it is."""
    def soup(url: str) -> BeautifulSoup:
        return BeautifulSoup((out / url / "index.html").read_text(encoding="utf-8"), "html.parser")

    pages, url = [soup(folder)], folder
    assert pages[0].select_one("a[rel=prev]") is None
    while (older := pages[-1].select_one("a[rel=next]")) is not None:
        number = len(pages) + 1
        assert (out / url / older["href"]).resolve() == (out / f"{folder}/page/{number}").resolve()
        url = f"{folder}/page/{number}"
        pages.append(soup(url))
        newer = (out / url / pages[-1].select_one("a[rel=prev]")["href"]).resolve()
        assert newer == (out / (folder if number == 2 else f"{folder}/page/{number - 1}"))
    count = len(pages)
    for number, page in enumerate(pages[1:], start=2):
        assert f"page {number} of {count}" in page.select_one("h1").get_text()
        assert page.select_one(".lede") is None
        assert page.title is not None and f"{title}, page {number} of {count}" in page.title.string
    assert not (out / folder / "page/1").exists()
    assert not (out / folder / f"page/{count + 1}").exists()
    return pages


def test_three_years_of_checkins_are_listed_fifty_to_a_page_newest_first(tmp_path):
    """Three years of a weekly pair's check-ins (and a few between) were one page of 600
    items, 1 MB, hundreds of screens long on a phone; now 50 to a page, each linking to the
    next older and newer page, and every check-in on exactly one of them."""
    out, days = _three_years_of_checkins(tmp_path)
    pages = _pages_of(out, "checkins", "Check-ins")
    assert "158 check-ins, newest first" in pages[0].select_one(".lede").get_text()
    seen: list[str] = []
    for page in pages:
        items = page.select(".entry-list__title a")
        assert 0 < len(items) <= 50
        seen += [a["href"].rsplit("/", 2)[-2] for a in items]
    expected = sorted([str(day) for day in days] + ["2024-12-31-year-end"], reverse=True)
    assert len(pages) == 4 and seen == expected


def test_three_years_of_moments_are_a_timeline_of_a_hundred_to_a_page(tmp_path):
    """The timeline listed every moment on one page: three years of a weekly pair's, 840
    moments, 328 kB. Now 100 to a page, newest first, each moment on exactly one, and a month
    that goes on onto the next page is named again there."""
    out, days = _three_years_of_checkins(tmp_path)
    pages = _pages_of(out, "timeline", "Timeline")
    assert len(pages) == 2
    seen: list[tuple[str, str]] = []
    for page in pages:
        items = page.select(".moment")
        assert 0 < len(items) <= 100
        for section in page.select(".timeline__month"):
            month = section.select_one("h2").get_text()
            seen += [(month, a["href"]) for a in section.select(".moment__title")]
    checkins = [href.rsplit("/", 2)[-2] for _, href in seen if "/checkins/" in href]
    assert checkins == sorted([str(day) for day in days] + ["2024-12-31-year-end"], reverse=True)
    assert len(seen) == len(set(seen))
    # the moment at the foot of the first page and the one at the head of the second each
    # sit under their own month's heading
    last, first = pages[0].select(".timeline__month")[-1], pages[1].select(".timeline__month")[0]
    for section in (last, first):
        day = section.select(".moment__title")[0]["href"].rsplit("/", 2)[-2][:7]
        assert section.select_one("h2")["id"] == f"month-{day}"


@pytest.mark.parametrize(("line", "message"), [
    ("<p>{{ 3|nubmer }}</p>", "no filter named 'nubmer' (did you mean 'number'?)"),
    ("{% if 3 is numbr %}x{% endif %}", "no test named 'numbr' (did you mean 'number'?)"),
    ("{% filter uper %}x{% endfilter %}", "no filter named 'uper' (did you mean 'upper'?)"),
    ("{{ [1]|map('nubmer')|join }}", "no filter named 'nubmer' (did you mean 'number'?)"),
    ("{{ [1]|selectattr('real', 'od')|list }}", "no test named 'od' (did you mean 'odd'?)"),
])
def test_a_misspelt_filter_or_test_fails_check_as_it_fails_the_build(tmp_path, line, message):
    """``check`` only parsed a theme's templates, which Jinja does whatever a filter or a test
    is named: the pull request passed, and the build after the merge failed on the name."""
    checked, built = _checked_and_built(tmp_path, {"wins.html": (
        '{% extends "default/wins.html" %}\n{% block content %}' + line + '{% endblock %}\n')})
    assert checked.exit_code == 1
    assert (f"themes/mine/templates/wins.html:2:1: error: {message} [template-error]"
            in checked.output), checked.output
    assert built.exit_code == 1 and "wins.html:2:1: error:" in built.output


def test_a_template_only_compiling_refuses_fails_check_as_it_fails_the_build(tmp_path):
    """A block defined twice parses, and only compiling refuses it: ``check``, which parsed
    the theme's templates, passed it, and the build after the merge failed on it."""
    checked, built = _checked_and_built(tmp_path, {"wins.html": (
        '{% extends "default/wins.html" %}\n{% block content %}x{% endblock %}\n'
        '{% block content %}y{% endblock %}\n')})
    said = ("themes/mine/templates/wins.html:3:1: error: invalid template: block 'content' "
            "defined twice [template-error]")
    assert checked.exit_code == 1 and said in checked.output, checked.output
    assert built.exit_code == 1 and said in built.output, built.output


@pytest.mark.parametrize("templates", [
    {"wins.html": '{% extends "default/wins.html" %}\n{% block content %}'
                  '{% include "wins.html" %}{% endblock %}\n'},
    {"base.html": '<p>x</p>\n{% extends "wins.html" %}\n'},
    {"wins.html": '<p>Wins</p>\n{% include "a.html" %}\n',
     "a.html": '{% import "b.html" as b %}\n', "b.html": '{% include "wins.html" %}\n'},
])
def test_a_template_that_always_leads_back_to_itself_fails_check_as_it_fails_the_build(
        tmp_path, templates):
    """Only the build found an include of itself, or two templates extending each other,
    when Python's recursion limit stopped the first page drawing it: ``check`` passed the
    theme, and the build after the merge failed."""
    checked, built = _checked_and_built(tmp_path, templates)
    said = ("themes/mine/templates/wins.html:2:1: error: the template leads back to itself "
            "without end")
    if "base.html" in templates:
        said = said.replace("wins.html", "base.html")
    assert checked.exit_code == 1 and said in checked.output, checked.output
    assert built.exit_code == 1 and said in built.output, built.output


def test_a_template_that_may_include_itself_passes_check(tmp_path):
    """A tree drawn by including the template for each child, or under an ``if``, ends."""
    checked, built = _checked_and_built(tmp_path, {
        "wins.html": '{% extends "default/wins.html" %}\n{% block content %}'
                     '{% include "tree.html" %}{% endblock %}\n',
        "tree.html": '{% for child in [] %}{% include "tree.html" %}{% endfor %}'
                     '{% if false %}{% include "tree.html" %}{% endif %}'
                     '{% macro m() %}{% include "tree.html" %}{% endmacro %}\n'})
    assert checked.exit_code == 0, checked.output
    assert built.exit_code == 0, built.output


def test_a_parent_template_whose_block_a_child_replaces_passes_check(tmp_path):
    """A ``base.html`` whose ``content`` block includes ``wins.html`` by default, while
    ``wins.html`` extends it with a ``content`` of its own: drawing it ends (the build always
    drew it), and ``check`` called it a template leading back to itself."""
    checked, built = _checked_and_built(tmp_path, {
        "base.html": '{% extends "default/base.html" %}\n'
                     '{% block content %}{% include "wins.html" %}{% endblock %}\n'})
    assert checked.exit_code == 0, checked.output
    assert built.exit_code == 0, built.output


def test_a_template_nested_too_deeply_is_a_problem_not_a_crash(tmp_path):
    """Tags nested past Python's recursion limit stopped ``check`` and ``build`` with a
    RecursionError's traceback from Jinja's parser."""
    deep = "{% if true %}" * 1000 + "x" + "{% endif %}" * 1000
    checked, built = _checked_and_built(tmp_path, {"wins.html": deep + "\n"})
    said = ("themes/mine/templates/wins.html:1:1: error: invalid template: its tags are "
            "nested too deeply")
    assert checked.exit_code == 1 and said in checked.output, checked.output
    assert built.exit_code == 1 and said in built.output, built.output


@pytest.mark.parametrize(("deep", "line", "why"), [
    ("{% for a in [1] %}\n" * 21 + "x" + "{% endfor %}" * 21, 21, "too many statically nested"),
    ("{% if true %}" * 99 + "x" + "{% endif %}" * 99, 1, "too many levels of indentation"),
])
def test_a_template_nested_past_what_python_compiles_fails_check(tmp_path, deep, line, why):
    """Jinja parses 21 loops nested in one another, or 99 ifs, but Python refuses the
    source it makes of them: ``check`` passed the theme, and the build failed at a line of
    that source (``wins.html:85:1: error: SyntaxError: too many statically nested
    blocks``). ``check`` tells it, at the template's line, and the build says the same."""
    checked, built = _checked_and_built(tmp_path, {"wins.html": deep + "\n"})
    said = (f"themes/mine/templates/wins.html:{line}:1: error: invalid template: its tags "
            f"are nested too deeply for Python to compile ({why}")
    assert checked.exit_code == 1 and said in checked.output, checked.output
    assert built.exit_code == 1 and said in built.output, built.output


def test_a_theme_checked_again_unchanged_is_not_walked_again(tmp_path, monkeypatch):
    """``serve`` checks the settings, and so the theme, on every rebuild: each check walked
    every template's tree again for what it calls from a module and what the module defines
    (110 ms of CPU a save with a theme of all 25 templates). Unchanged, the trees are not
    walked again, and the same problems are told."""
    import jinja2.nodes

    from mentorsite.diagnostics import Diagnostics
    from mentorsite.read.templates import check_templates

    files = dict(SMALL)
    files["themes/mine/templates/macros.html"] = '{% macro pager() %}{% endmacro %}\n'
    files["themes/mine/templates/wins.html"] = (
        '{% extends "base.html" %}{% import "macros.html" as m %}\n'
        '{% block content %}{{ m.pagr() }}{% endblock %}\n')
    repo = write_repo(tmp_path / "repo", files)
    first = Diagnostics()
    check_templates(repo, "mine", first)
    walks: list[object] = []
    real = jinja2.nodes.Node.find_all

    def counted(self: jinja2.nodes.Node, *args: Any) -> Any:
        walks.append(self)
        return real(self, *args)

    monkeypatch.setattr(jinja2.nodes.Node, "find_all", counted)
    again = Diagnostics()
    check_templates(repo, "mine", again)
    assert walks == []
    assert again.items == first.items and any(
        "defines no 'pagr'" in d.message for d in again.items), again.items


def _checked_and_built(tmp_path: Path, templates: dict[str, str]) -> tuple[Result, Result]:
    """``check``, then ``build``, of a small pair whose theme ``mine`` has ``templates``."""
    files = dict(SMALL)
    files["mentorsite.yml"] += "theme: mine\n"
    files.update({f"themes/mine/templates/{name}": text for name, text in templates.items()})
    repo = write_repo(tmp_path / "repo", files)
    checked, built = (
        CliRunner().invoke(cli, ["--source", str(repo), "--today", "2025-01-14", command])
        for command in ("check", "build"))
    return checked, built


def test_check_knows_every_filter_and_test_of_the_build():
    """What ``check`` takes for a known name is what the build's environment has, and the
    built-in templates use none it does not know."""
    from mentorsite.read import template_facts as facts
    from mentorsite.read import templates as checked
    from mentorsite.render.templates import renderer
    from mentorsite.render.theme import builtin_theme

    env = renderer([builtin_theme()], Settings(), date(2025, 1, 14), None).env
    parsed = facts.parsing_environment()
    assert set(env.filters) == set(parsed.filters) | facts.OWN_FILTERS
    assert set(env.tests) == set(parsed.tests)
    names = checked._builtin_names()
    for template in (builtin_theme() / "templates").rglob("*.html"):
        tree = parsed.parse(template.read_text(encoding="utf-8"))
        assert list(facts.unknown_names(tree)) == [], template
        assert [wanted for _, wanted in facts.named_loads(tree)
                if not any(name in names for name in wanted)] == [], template


MISSING = "no template named {} in the theme or the built-in one"


@pytest.mark.parametrize(("line", "message"), [
    ('{% extends "default/wins.htm" %}',
     MISSING.format("'default/wins.htm'") + " (did you mean 'default/wins.html'?)"),
    ('{% extends "base.html" %}{% include "partials/note.html" %}',
     MISSING.format("'partials/note.html'") + " (did you mean 'partials/notes.html'?)"),
    ('{% extends "base.html" %}{% import "macro.html" as m %}',
     MISSING.format("'macro.html'") + " (did you mean 'macros.html'?)"),
    ('{% extends "base.html" %}{% from "nowhere.html" import x %}',
     MISSING.format("'nowhere.html'")),
    ('{% extends "base.html" %}{% include ["nowhere.html", "nothing.html"] %}',
     MISSING.format("'nowhere.html' or 'nothing.html'")),
])
def test_a_template_loading_one_there_is_not_fails_check_as_it_fails_the_build(
        tmp_path, line, message):
    """``{% extends "default/wins.htm" %}`` passed ``check``, which only parsed it, and the
    build after the merge failed: no such template."""
    checked, built = _checked_and_built(
        tmp_path, {"wins.html": line + "\n", "partials/notes.html": "<p>notes</p>\n"})
    assert checked.exit_code == 1
    assert (f"themes/mine/templates/wins.html:1:1: error: {message} [template-error]"
            in checked.output), checked.output
    assert built.exit_code == 1 and "no template named" in built.output, built.output


def test_a_template_loading_what_the_theme_or_the_built_in_one_has_passes_check(tmp_path):
    checked, built = _checked_and_built(tmp_path, {"wins.html": (
        '{% extends "default/wins.html" %}{% block content %}{% include "partials/n.jinja" %}'
        '{% include "gone.html" ignore missing %}{% include ["gone.html", "partials/n.jinja"] %}'
        '{% import "macros.html" as m %}{% endblock %}\n'), "partials/n.jinja": "<p>n</p>\n"})
    assert "template" not in checked.output, checked.output
    assert built.exit_code == 0, built.output


def test_a_pipe_or_a_link_to_nothing_named_as_a_template_is_warned_of(tmp_path):
    """A pipe (``mkfifo``) or a link to nothing named as a template was passed by without a
    word, as a folder once was, and every page drawn with the built-in one."""
    files = {**SMALL, "mentorsite.yml": SMALL["mentorsite.yml"] + "theme: mine\n",
             "themes/mine/templates/notes.txt": "mine\n"}
    repo = write_repo(tmp_path / "repo", files)
    os.mkfifo(repo / "themes/mine/templates/goal.html")
    (repo / "themes/mine/templates/wins.html").symlink_to("gone.html")
    result = build(repo, tmp_path / "site", today=date(2025, 1, 14))
    assert sorted((d.path, d.code, d.message.split(" named")[0]) for d in result.diagnostics
                  if d.code.startswith("template")) == [
        ("themes/mine/templates/goal.html", "template-folder", "a pipe, socket or device"),
        ("themes/mine/templates/wins.html", "template-folder", "a link to nothing")]


def test_a_static_file_linked_out_of_the_theme_is_warned_of_and_left_out(tmp_path):
    """A theme's static file that is a link out of the repository (or to a file of it outside
    ``static/``) was left out of the site without a word; the build warns of each link, at
    the link, and still copies neither it nor what it leads to."""
    files = {**SMALL, "mentorsite.yml": SMALL["mentorsite.yml"] + "theme: mine\n",
             "design/logo.png": "logo\n", "themes/mine/static/ours.css": "p {}\n",
             "themes/mine/static/.hidden": "\n"}
    repo = write_repo(tmp_path / "repo", files)
    (tmp_path / "secret.txt").write_text("not the theme's\n")
    static = repo / "themes/mine/static"
    (static / "secret.txt").symlink_to(tmp_path / "secret.txt")
    (static / "logo.png").symlink_to("../../../design/logo.png")
    (static / "same.css").symlink_to("ours.css")  # inside static/: published, no warning
    (static / "gone.css").symlink_to("nowhere.css")  # a link to nothing holds nothing to lose
    result = build(repo, tmp_path / "site", today=date(2025, 1, 14))
    assert [(d.path, d.line, d.column, d.severity.value, d.code, d.message.split(",")[0])
            for d in result.diagnostics if d.code == "static-link"] == [
        ("themes/mine/static/logo.png", 1, 1, "warning", "static-link",
         f"a link to {repo.resolve() / 'design/logo.png'}"),
        ("themes/mine/static/secret.txt", 1, 1, "warning", "static-link",
         f"a link to {(tmp_path / 'secret.txt').resolve()}")]
    published = sorted(p.name for p in (tmp_path / "site/static").iterdir())
    assert "ours.css" in published and "same.css" in published
    assert not {"logo.png", "secret.txt"} & set(published)


def test_a_static_folder_linked_out_of_the_theme_is_warned_of(tmp_path):
    """``themes/mine/static`` as a link to ``content/``: none of it is published (it was never
    the theme's), and the build said nothing of it."""
    files = {**SMALL, "mentorsite.yml": SMALL["mentorsite.yml"] + "theme: mine\n"}
    repo = write_repo(tmp_path / "repo", files)
    (repo / "themes/mine").mkdir(parents=True)
    (repo / "themes/mine/static").symlink_to("../../content")
    result = build(repo, tmp_path / "site", today=date(2025, 1, 14))
    assert [(d.path, d.code, d.message.split(":")[0]) for d in result.diagnostics
            if d.code == "static-link"] == [
        ("themes/mine/static", "static-link",
         f"a link to {(repo / 'content').resolve()}, outside the theme")]
    assert not (tmp_path / "site/static/goals").exists()


def test_a_link_out_in_a_static_folder_linked_within_the_theme_is_warned_of(tmp_path):
    """``themes/mine/static`` as a link to ``themes/mine/assets`` is read through; a link out
    of it there is left out as in any ``static/``, and warned of at its path through the
    link."""
    files = {**SMALL, "mentorsite.yml": SMALL["mentorsite.yml"] + "theme: mine\n",
             "themes/mine/assets/ours.css": "p {}\n", "design/logo.png": "logo\n"}
    repo = write_repo(tmp_path / "repo", files)
    (repo / "themes/mine/static").symlink_to("assets")
    (repo / "themes/mine/assets/logo.png").symlink_to("../../../design/logo.png")
    result = build(repo, tmp_path / "site", today=date(2025, 1, 14))
    assert [d.path for d in result.diagnostics if d.code == "static-link"] == [
        "themes/mine/static/logo.png"]
    assert (tmp_path / "site/static/ours.css").exists()
    assert not (tmp_path / "site/static/logo.png").exists()


def test_a_folder_named_as_a_template_is_warned_of_by_the_build(tmp_path):
    """``themes/mine/templates/base.html/`` was passed by without a word, and every page drawn
    with the built-in base.html."""
    files = {**SMALL, "mentorsite.yml": SMALL["mentorsite.yml"] + "theme: mine\n",
             "themes/mine/templates/base.html/notes.txt": "mine\n"}
    repo = write_repo(tmp_path / "repo", files)
    result = build(repo, tmp_path / "site", today=date(2025, 1, 14))
    assert [(d.path, d.severity.value, d.code) for d in result.diagnostics
            if d.code.startswith("template")] == [
        ("themes/mine/templates/base.html", "warning", "template-folder")]


BROKEN_WHILE_DRAWING = {  # each parses, and `check` finds nothing wrong with it
    "themes/mine/templates/goal.html": (
        '{% extends "default/goal.html" %}\n{% block content %}{{ nope.x }}{% endblock %}\n'),
    "themes/mine/templates/checkin.html": (
        '{% extends "default/checkin.html" %}\n{% block content %}\n\n{{ 1//0 }}'
        '{% endblock %}\n'),
    "themes/mine/templates/wins.html": (
        '{% extends "default/wins.html" %}\n{% block content %}{% for x in 5 %}{% endfor %}'
        '{% endblock %}\n'),
}
"""Three templates that fail on different pages: two goals, four check-ins, the wins page."""
TOLD_WHILE_DRAWING = sorted([
    "themes/mine/templates/goal.html:2:1: error: 'nope' is undefined [template-error]",
    "themes/mine/templates/checkin.html:4:1: error: ZeroDivisionError: integer division or "
    "modulo by zero [template-error]",
    "themes/mine/templates/wins.html:2:1: error: TypeError: 'int' object is not iterable "
    "[template-error]",
])


def _files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("jobs", [1, 2])
def test_one_build_tells_every_template_that_fails_while_drawing_each_once(
        tmp_path, monkeypatch, jobs):
    """The build stopped at the first page that failed: a theme with three broken templates
    took three builds (fix one, build, meet the next). Each is told once, not once a page."""
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)  # with jobs=2, drawn in forked workers
    repo = write_repo(tmp_path / "repo", SMALL)
    out = tmp_path / "site"
    build(repo, out, today=date(2025, 1, 14), history=False, jobs=jobs)
    before = _files(out)
    write_repo(repo, {"mentorsite.yml": SMALL["mentorsite.yml"] + "theme: mine\n",
                      **BROKEN_WHILE_DRAWING})
    with pytest.raises(MentorsiteError) as failed:
        build(repo, out, today=date(2025, 1, 14), history=False, jobs=jobs)
    assert sorted(str(failed.value).splitlines()) == TOLD_WHILE_DRAWING
    assert _files(out) == before, "the previous site stays as it was"


def test_build_says_how_many_template_failures_it_told(tmp_path):
    repo = write_repo(tmp_path / "repo", {
        **SMALL, "mentorsite.yml": SMALL["mentorsite.yml"] + "theme: mine\n",
        **BROKEN_WHILE_DRAWING})
    result = CliRunner().invoke(cli, ["--source", str(repo), "--today", "2025-01-14", "build",
                                      "-q", "--no-history"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "[unanswered-prompt]" not in line]
    assert sorted(lines[:-1]) == TOLD_WHILE_DRAWING, result.output
    assert lines[-1] == ("Error: build failed: theme templates failed in 3 places; "
                         "the previous site is unchanged")
    assert not (repo / "_site").exists()


def test_a_template_failure_with_a_line_break_is_told_on_one_line(tmp_path):
    """Python's words may hold a line break (``unknown encoding: a\\nb``): told as they
    were, the failure took two lines, and the build said "failed in 2 places"."""
    repo = write_repo(tmp_path / "repo", {
        **SMALL, "mentorsite.yml": SMALL["mentorsite.yml"] + "theme: mine\n",
        "themes/mine/templates/wins.html": '{{ "x".encode("a\\nb") }}\n'})
    result = CliRunner().invoke(cli, ["--source", str(repo), "--today", "2025-01-14", "build",
                                      "-q", "--no-history"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "[unanswered-prompt]" not in line]
    assert lines == ["themes/mine/templates/wins.html:1:1: error: LookupError: unknown "
                     "encoding: a\\nb [template-error]",
                     "Error: build failed: a theme template failed; the previous site is "
                     "unchanged"], result.output
