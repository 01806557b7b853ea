"""The persistent cache of rendered Markdown: a rebuild renders only the bodies that changed,
and the cache never changes what the site says."""

from __future__ import annotations

import json
import os
import tracemalloc
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


def test_the_build_lets_go_of_each_workers_markdown_once_saved(tmp_path, monkeypatch):
    """What a render worker hands back goes into the cache file and is not kept: a build
    with no cache held every body's HTML until its render ended, each in the result of its
    worker's task (11 MiB of serve's first start on the 5,000-file benchmark corpus)."""
    site = make_site(tmp_path / "pair", 0)
    for day in range(1, 29):
        words = f"Talked {day} " + " ".join(f"w{day}x{n}" for n in range(2500))
        (site / f"content/checkins/2025-01-{day:02d}.md").write_text(checkin(day, words))
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    merge, spans = markdown_cache.merge, parallel._spans
    before: list[int] = []  # memory held as the workers are handed their pages
    seen: list[tuple[int, int]] = []  # (HTML handed back, memory held) as each is merged

    def handing(count: int, parts: int) -> list[tuple[int, int]]:
        before.append(tracemalloc.get_traced_memory()[0])
        return spans(count, parts)

    def counted(found: tuple[dict[str, str], set[str]] | None) -> None:
        merge(found)
        html = sum(map(len, found[0].values())) if found else 0
        seen.append((html, tracemalloc.get_traced_memory()[0]))

    monkeypatch.setattr(parallel, "_spans", handing)
    monkeypatch.setattr(markdown_cache, "merge", counted)
    tracemalloc.start()
    try:
        build(site, tmp_path / "out", today=TODAY, history=False, jobs=2)
    finally:
        tracemalloc.stop()
    handed = sum(html for html, _ in seen)
    assert handed > 1_000_000 and len(before) == 1
    assert seen[-1][1] - before[0] < handed / 4


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
        assert cache.new == {} and len(cache.known) == 0, "a worker keeps nothing it handed over"
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
    known = markdown_cache.load(tmp_path)
    assert len(known) == 2 and {key: known.get(key) for key in saved["html"]} == saved["html"]


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
    poisoned = {key: "<b>POISON</b>" + html for key, html in data["html"].items()}
    _cache_file(saved.parent, poisoned)
    build(site, tmp_path / "trusted", today=TODAY, history=False, jobs=1)
    assert "<b>POISON</b>" in pages(tmp_path / "trusted")["goals/speak/index.html"]
    _cache_file(saved.parent, poisoned)  # as it was committed, not as the build left it
    repo.git("add", "-f", str(saved))
    repo.commit("Cache")
    markdown_cache.committed.cache_clear()
    build(site, tmp_path / "committed", today=TODAY, history=False, jobs=1)
    assert not any("POISON" in page for page in pages(tmp_path / "committed").values())


@pytest.mark.parametrize("work_tree", [True, False])
def test_a_cache_committed_to_git_named_by_relative_git_variables_is_not_trusted(
        site, tmp_path, monkeypatch, work_tree):
    """``GIT_DIR=.git mentorsite --source notes build``: git, run in the source folder, was
    asked whether the cache is committed with the person's relative ``GIT_DIR``, found no
    repository there, and the committed cache was trusted; so it was without
    ``GIT_WORK_TREE``, git then taking the source folder for the top of the work tree."""
    import shutil

    from tests.conftest import Repo

    project = tmp_path / "project"
    shutil.copytree(site, project / "notes")
    repo = Repo(project)
    build(project / "notes", tmp_path / "first", today=TODAY, history=False, jobs=1)
    saved = project / "notes" / CACHE_FOLDER / markdown_cache.FILE
    data = json.loads(saved.read_text())
    _cache_file(saved.parent, {key: "<b>POISON</b>" + html for key, html in data["html"].items()})
    repo.git("add", "-f", str(saved))
    repo.commit("Cache")
    monkeypatch.chdir(project)
    monkeypatch.setenv("GIT_DIR", ".git")
    if work_tree:
        monkeypatch.setenv("GIT_WORK_TREE", ".")
    markdown_cache.committed.cache_clear()
    build(project / "notes", tmp_path / "committed", today=TODAY, history=False, jobs=1)
    assert not any("POISON" in page for page in pages(tmp_path / "committed").values())


def _cache_file(folder: Path, html: dict[str, str]) -> Path:
    """A cache file as a build of this version writes it."""
    from mentorsite.cachefile import parts_writer

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / markdown_cache.FILE
    with parts_writer(path) as write:
        saver = markdown_cache._Saver(write)
        for digest, text in html.items():
            saver.add(digest, text)
        saver.close()
    return path


def test_a_cache_is_read_a_body_at_a_time_not_held_decoded(tmp_path):
    """The cache of the 5,000-file benchmark corpus is 9.9 MB: decoded whole, serve's first
    build and build held all its HTML while the pages render, and decoding it took twice that
    again, at the peak of both. Only where each body lies in the file is held, and the file
    is read a line at a time to find out."""
    html = {f"{n:032x}": f"<p>Body {n} é 🎤 \"quoted\"</p>\n" * 60 for n in range(300)}
    size = _cache_file(tmp_path, html).stat().st_size
    tracemalloc.start()
    try:
        known = markdown_cache.load(tmp_path)
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert size > 1 << 19
    assert held < size / 4 and peak < size / 2
    assert len(known) == len(html)
    assert all(known.get(key) == text for key, text in html.items())
    assert "f" * 32 not in known and known.get("f" * 32) is None
    known.close()


def test_a_cache_file_is_valid_json_a_body_to_a_line(tmp_path):
    """Laid out a body to a line, where each lies is found by reading its lines: matching
    JSON's grammar through the file took five times as long as decoding it whole."""
    html = {"a" * 32: "<p>a</p>\n", "b" * 32: "<p>\u2028b\\ \"c\"</p>\n", "c" * 32: ""}
    path = _cache_file(tmp_path, html)
    assert json.loads(path.read_text())["html"] == html
    assert len(path.read_bytes().splitlines()) == len(html) + 2
    known = markdown_cache.load(tmp_path)
    assert {key: known.get(key) for key in html} == html
    known.close()
    _cache_file(tmp_path, {})
    assert json.loads(path.read_text())["html"] == {}
    assert len(markdown_cache.load(tmp_path)) == 0


@pytest.mark.parametrize("dumps", [{"separators": (",", ":")}, {}, {"indent": 1}],
                         ids=["compact", "spaced", "indented"])
def test_a_cache_file_laid_out_otherwise_holds_nothing(tmp_path, dumps):
    """The same JSON laid out otherwise (an older version's cache, one written by hand) holds
    nothing: its bodies are rendered again, and the cache saved anew."""
    data = {"salt": markdown_cache._salt(), "html": {"a" * 32: "<p>a</p>\n"}}
    (tmp_path / markdown_cache.FILE).write_text(json.dumps(data, **dumps))  # type: ignore[arg-type]
    assert len(markdown_cache.load(tmp_path)) == 0


_ENTRY = '"' + "a" * 32 + '":"<p>a</p>\\n"'


@pytest.mark.parametrize("text", [
    "", "not json", '{"salt": "other", "html": {}}', '{"html": {}, "salt": "%s"}',
    "%H", "%H}}", "%H}}\ntrailing", "%H" + _ENTRY, "%H" + _ENTRY + "\n",
    "%H" + _ENTRY + ",\n}}\n", "%H" + _ENTRY + "\n}}\n}", "%H" + _ENTRY + "\n}}\n\n",
    "%H" + _ENTRY.replace("a" * 32, "A" * 32) + "\n}}\n",
    "%H" + _ENTRY.replace("a" * 32, "a" * 31) + "\n}}\n",
    "%H" + _ENTRY[:-1] + "\n}}\n", "%H" + _ENTRY + " \n}}\n",
])
def test_a_cache_file_of_another_shape_holds_nothing(tmp_path, text):
    from mentorsite.markdown.cache_index import head

    first = head(markdown_cache._salt()).decode()
    written = text.replace("%H", first).replace("%s", markdown_cache._salt())
    (tmp_path / markdown_cache.FILE).write_text(written)
    assert len(markdown_cache.load(tmp_path)) == 0


def _sealed(text: str) -> str:
    """A cache file's text edited by hand, its last line's check made to fit it again."""
    import zlib

    from mentorsite.markdown.cache_index import tail

    before = "".join(text.splitlines(keepends=True)[:-1])
    return before + tail(zlib.crc32(before.encode())).decode()


def test_a_body_the_file_holds_unsoundly_is_rendered_and_not_copied(site):
    """An entry whose escape is broken reads as missing: the body is rendered again, and the
    cache saved holds the new HTML, not the broken entry."""
    build(site, site / "_site", today=TODAY, history=False, jobs=1)
    path = site / CACHE_FOLDER / markdown_cache.FILE
    digest = markdown_cache.key("Talked on day 3.\n")
    text = path.read_text()
    start = text.index(f'"{digest}":"') + len(digest) + 4
    path.write_text(_sealed(text[:start] + "\\x" + text[start:]))
    known = markdown_cache.load(site / CACHE_FOLDER)
    assert digest in known and known.get(digest) is None
    known.close()
    build(site, site / "again", today=TODAY, history=False, jobs=1)
    assert pages(site / "again") == pages(site / "_site")
    saved = json.loads(path.read_text())["html"]
    assert saved[digest] == markdown.render("Talked on day 3.\n")


def test_a_bit_flipped_in_a_body_s_html_is_not_published(site):
    """A cache file damaged since it was written (a disk, a CI cache's transfer) holds
    nothing: one bit flipped in a body's HTML still read as sound JSON, and the page was
    published with the flipped letter."""
    build(site, site / "_site", today=TODAY, history=False, jobs=1)
    path = site / CACHE_FOLDER / markdown_cache.FILE
    data = path.read_bytes()
    at = data.index(b"Talked on day 3.")
    path.write_bytes(data[:at] + bytes([data[at] ^ 1]) + data[at + 1:])
    assert len(markdown_cache.load(site / CACHE_FOLDER)) == 0
    build(site, site / "again", today=TODAY, history=False, jobs=1)
    assert pages(site / "again") == pages(site / "_site")


def test_a_cache_from_a_python_of_another_unicode_holds_nothing(site, monkeypatch):
    """A heading's anchor keeps the letters of the Unicode of the Python that renders it: a
    CI moved from Python 3.11 to 3.12 (Unicode 14 to 15) published 3.11's anchors from the
    cache it restored, where a build without it gave 3.12's."""
    import unicodedata

    build(site, site / "_site", today=TODAY, history=False, jobs=1)
    assert len(markdown_cache.load(site / CACHE_FOLDER)) > 0
    monkeypatch.setattr(unicodedata, "unidata_version", "99.0.0")
    markdown_cache._salt.cache_clear()
    try:
        assert len(markdown_cache.load(site / CACHE_FOLDER)) == 0
    finally:
        monkeypatch.undo()
        markdown_cache._salt.cache_clear()


def test_a_cache_file_replaced_after_it_was_indexed_holds_nothing(tmp_path):
    """A render worker reads the file after the build indexed it; if another build saved its
    cache in between, the places indexed are not that file's: nothing is read from it."""
    _cache_file(tmp_path, {"a" * 32: "<p>a</p>\n"})
    known = markdown_cache.load(tmp_path)
    _cache_file(tmp_path / "other", {"a" * 32: "<p>X</p>\n", "b" * 32: "<p>b</p>\n"})
    (tmp_path / "other" / markdown_cache.FILE).replace(tmp_path / markdown_cache.FILE)
    assert known.get("a" * 32) is None
    assert len(known) == 0


@pytest.mark.skipif(not hasattr(os, "fork"), reason="render workers are forked only where fork is")
def test_a_forked_worker_lets_go_of_the_file_it_inherited(tmp_path):
    """A render worker opens the cache file for itself. The build's file object, which it
    inherits, was dropped open: each worker printed 'ResourceWarning: unclosed file' where
    warnings are shown (python -X dev). The worker now closes its copy; the build's stays open."""
    import multiprocessing

    _cache_file(tmp_path, {"a" * 32: "<p>a</p>\n"})
    known = markdown_cache.load(tmp_path)
    assert known.get("a" * 32) == "<p>a</p>\n"
    inherited = known.stream
    assert inherited is not None

    def in_the_worker() -> None:
        read = known.get("a" * 32)
        os._exit(0 if read == "<p>a</p>\n" and inherited.closed else 1)

    worker = multiprocessing.get_context("fork").Process(target=in_the_worker)
    worker.start()
    worker.join(60)
    assert worker.exitcode == 0
    assert not inherited.closed and known.get("a" * 32) == "<p>a</p>\n"
    known.close()
    assert inherited.closed
