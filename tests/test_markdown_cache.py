"""The persistent cache of rendered Markdown: a rebuild renders only the bodies that changed,
and the cache never changes what the site says."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from mentorsite.build import build
from mentorsite.markdown import cache as markdown_cache
from mentorsite.markdown import engine as markdown
from mentorsite.output import parallel
from mentorsite.output.build_cache import CACHE_FOLDER

TODAY = date(2025, 3, 1)
GOAL = ("---\ntitle: Speak up\nstarted: 2025-01-01\ndue: 2025-06-30\nwhy: Be heard.\n"
        "success: Two talks.\n---\nThe goal's **own** words.\n")


def checkin(day: int, words: str) -> str:
    return f"---\ndate: 2025-01-{day:02d}\ngoals:\n  speak: {{}}\n---\n{words} on day {day}.\n"


def make_site(root: Path, days: int) -> Path:
    """A goal and a check-in on each of the first ``days`` days of January."""
    (root / "content/goals").mkdir(parents=True)
    (root / "content/checkins").mkdir()
    (root / "content/goals/speak.md").write_text(GOAL)
    for day in range(1, days + 1):
        (root / f"content/checkins/2025-01-{day:02d}.md").write_text(checkin(day, "Talked"))
    return root


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "pair", 10)


def pages(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): p.read_text() for p in sorted(out.rglob("*.html"))}


def test_a_rebuild_renders_only_the_body_that_changed(site, markdown_renders):
    build(site, site / "_site", today=TODAY, history=False, jobs=1)
    assert len(markdown_renders) == 11
    markdown_renders.clear()
    path = site / "content/checkins/2025-01-04.md"
    path.write_text(checkin(4, "Presented"))
    build(site, site / "_site", today=TODAY, history=False, jobs=1)
    assert markdown_renders == ["Presented on day 4.\n"]


def test_the_cache_changes_nothing_on_the_site(site, tmp_path):
    build(site, tmp_path / "cold", today=TODAY, history=False, jobs=1)
    (site / "content/checkins/2025-01-04.md").write_text(checkin(4, "Presented"))
    build(site, tmp_path / "warm", today=TODAY, history=False, jobs=1)
    cache = site / CACHE_FOLDER
    assert (cache / markdown_cache.FILE).is_file()
    for item in cache.iterdir():
        if item.is_file():
            item.unlink()  # every cache gone: what a first build would make
    build(site, tmp_path / "fresh", today=TODAY, history=False, jobs=1)
    assert pages(tmp_path / "warm") == pages(tmp_path / "fresh")


def test_bodies_no_longer_used_leave_the_cache(site):
    build(site, site / "_site", today=TODAY, history=False, jobs=1)
    (site / "content/checkins/2025-01-04.md").unlink()
    build(site, site / "_site", today=TODAY, history=False, jobs=1)
    kept = json.loads((site / CACHE_FOLDER / markdown_cache.FILE).read_text())["html"]
    assert len(kept) == 10
    assert markdown_cache.key("Talked on day 4.\n") not in kept


@pytest.mark.parametrize("spoil", [
    lambda text: "{not json",
    lambda text: json.dumps({**json.loads(text), "salt": "mentorsite 0.0.1"}),
    lambda text: json.dumps({**json.loads(text), "html": ["a list"]}),
])
def test_an_unreadable_or_foreign_cache_counts_as_empty(site, markdown_renders,
                                                       spoil: Callable[[str], str]):
    build(site, site / "_site", today=TODAY, history=False, jobs=1)
    path = site / CACHE_FOLDER / markdown_cache.FILE
    path.write_text(spoil(path.read_text()))
    (site / "content/goals/speak.md").write_text(GOAL + "\nMore.\n")  # rebuild, not skip
    markdown_renders.clear()
    build(site, site / "_site", today=TODAY, history=False, jobs=1)
    assert len(markdown_renders) == 11
    assert "<strong>own</strong>" in (site / "_site/goals/speak/index.html").read_text()


def test_render_workers_hand_back_what_they_rendered(site, monkeypatch):
    """With the pool, bodies rendered in forked workers still reach the saved cache."""
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    build(site, site / "_site", today=TODAY, history=False, jobs=2)
    kept = json.loads((site / CACHE_FOLDER / markdown_cache.FILE).read_text())["html"]
    expected = {markdown_cache.key(f"Talked on day {day}.\n") for day in range(1, 11)}
    assert expected <= set(kept) and len(kept) == 11
    assert kept[markdown_cache.key("Talked on day 3.\n")] == markdown.render("Talked on day 3.\n")


def test_bodies_keep_their_html_only_without_a_build_cache():
    """In a build the cache holds the HTML (and a worker hands it over); serve, which has no
    cache, keeps it on the body for the next rebuild."""
    from mentorsite.pages.site import LazyMarkdown

    with markdown_cache.cached(None) as cache:
        body = LazyMarkdown("Some *words*.\n")
        assert str(body) == markdown.render("Some *words*.\n")
        assert body._html is None
        assert cache.take() == ({markdown_cache.key("Some *words*.\n"):
                                 markdown.render("Some *words*.\n")},
                                {markdown_cache.key("Some *words*.\n")})
        assert cache.new == {} and cache.known == {}, "a worker keeps nothing it handed over"
    body = LazyMarkdown("Some *words*.\n")
    assert str(body) == markdown.render("Some *words*.\n")
    assert body._html == markdown.render("Some *words*.\n")


def test_html_handed_over_by_workers_goes_to_the_file_not_memory(tmp_path):
    with markdown_cache.cached(tmp_path) as cache:
        cache.merge({"a" * 32: "<p>a</p>\n"}, {"a" * 32})
        cache.merge({"b" * 32: "<p>b</p>\n", "a" * 32: "<p>a</p>\n"}, {"b" * 32})
        assert cache.new == {}
        assert not (tmp_path / markdown_cache.FILE).exists(), "whole or not at all"
    saved = json.loads((tmp_path / markdown_cache.FILE).read_text())
    assert saved["html"] == {"a" * 32: "<p>a</p>\n", "b" * 32: "<p>b</p>\n"}
    assert markdown_cache.load(tmp_path) == saved["html"]


def test_a_build_that_fails_leaves_the_cache_file_as_it_was(tmp_path):
    (tmp_path / markdown_cache.FILE).write_text("before")
    with pytest.raises(RuntimeError), markdown_cache.cached(tmp_path) as cache:
        cache.merge({"a" * 32: "<p>a</p>\n"}, {"a" * 32})
        raise RuntimeError
    assert (tmp_path / markdown_cache.FILE).read_text() == "before"
    assert [p.name for p in tmp_path.iterdir()] == [markdown_cache.FILE]


def test_a_cache_committed_to_git_is_not_trusted(site, tmp_path):
    """The cache's HTML is published as it is: one forced into the repository (a pull request
    that adds it past .gitignore) put raw HTML on every page whose body it keyed."""
    from tests.conftest import Repo

    repo = Repo(site)
    build(site, tmp_path / "first", today=TODAY, history=False, jobs=1)
    saved = site / CACHE_FOLDER / markdown_cache.FILE
    data = json.loads(saved.read_text())
    data["html"] = {key: "<b>POISON</b>" + html for key, html in data["html"].items()}
    saved.write_text(json.dumps(data))
    build(site, tmp_path / "trusted", today=TODAY, history=False, jobs=1)
    assert "<b>POISON</b>" in pages(tmp_path / "trusted")["goals/speak/index.html"]
    saved.write_text(json.dumps(data))  # as it was committed, not as the build left it
    repo.git("add", "-f", str(saved))
    repo.commit("Cache")
    markdown_cache.committed.cache_clear()
    build(site, tmp_path / "committed", today=TODAY, history=False, jobs=1)
    assert not any("POISON" in page for page in pages(tmp_path / "committed").values())
