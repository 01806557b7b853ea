"""``serve``'s incremental rebuilds: after any edit the site is byte for byte a full build's.

Each case builds a small repository with history, edits it the way a person would, rebuilds
with the same :class:`~mentorsite.serve.incremental.LiveBuild` and compares its output folder with a
fresh ``build()`` of the same files into another folder.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import platform
import random
import threading
import tracemalloc
import weakref
from collections.abc import Callable, Collection, Iterator, Mapping
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from conftest import Repo
from pydantic import BaseModel

from mentorsite import kept
from mentorsite.build import build
from mentorsite.errors import BuildFailed, MentorsiteError
from mentorsite.history.command import GitFailed
from mentorsite.model import validate
from mentorsite.output import folder
from mentorsite.output.folder import Content
from mentorsite.serve import checked_out, incremental
from mentorsite.serve.incremental import LiveBuild

TODAY = date(2025, 3, 1)

GOAL = """---
title: {title}
started: 2025-01-01
due: 2025-12-31
why: Be heard.
success: Two talks.
metrics:
  - {{id: talks, label: Talks given, baseline: 0, target: 4}}
  - {{id: nerves, label: Nerves, baseline: 8, target: 3, scale: [1, 10]}}
---
Why this goal matters, in **Markdown**.
"""

CHECKIN = """---
goals:
  {goal}:
    status: on-track
    metrics: {{talks: {talks}}}
    note: Going well.
wins: [A first talk]
next:
  - {{task: Book a room, owner: Priya, due: 2025-03-10}}
---
Notes from the session.
"""

REFLECTION = """---
title: {title}
goals: [{goal}]
---
## What happened
It went well.
"""

EVIDENCE = """---
title: Feedback from the team
goals: [write]
kind: feedback
---
They liked it.
"""


@pytest.fixture(autouse=True)
def _threads_of_this_test_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build forks only when no other thread runs in the process (``_alone``). Threads that
    earlier tests left behind (a listener waiting out its timeout) are not this test's: only
    the threads started since it began count, or whether a build forks would depend on which
    tests ran before."""
    from mentorsite.serve import incremental

    before = set(threading.enumerate())
    monkeypatch.setattr(incremental, "_alone", lambda: set(threading.enumerate()) <= before)


@pytest.fixture
def pair(tmp_path: Path) -> Repo:
    """A repository with goals, check-ins, a reflection and evidence over a few commits."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", GOAL.format(title="Speak up"))
    repo.write("content/goals/write.md", GOAL.format(title="Write more"))
    repo.write("content/checkins/2025-01-06.md", CHECKIN.format(goal="speak", talks=1))
    repo.commit("Set the goals")
    repo.write("content/checkins/2025-01-20.md", CHECKIN.format(goal="speak", talks=2))
    repo.write("content/reflections/2025-01-21-first-talk.md",
               REFLECTION.format(title="First talk", goal="speak"))
    repo.commit("Second check-in", "-m", "Reviewed-by: Sam <sam@example.org>")
    repo.write("content/evidence/2025-02-01-feedback.md", EVIDENCE)
    repo.write("content/checkins/2025-02-03.md", CHECKIN.format(goal="write", talks=3))
    repo.commit("Feedback")
    return repo


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under ``folder``."""
    return {
        path.relative_to(folder).as_posix(): None if path.is_dir() else path.read_bytes()
        for path in sorted(folder.rglob("*"))
    }


def assert_same_as_full(live: LiveBuild, root: Path, where: Path) -> None:
    fresh = where / f"full-{len(list(where.glob('full-*')))}"
    build(root, fresh, today=TODAY, jobs=1)
    got, expected = tree(live.out), tree(fresh)
    assert sorted(got) == sorted(expected)
    differing = [name for name in expected if got[name] != expected[name]]
    assert not differing


def replace(repo: Repo, relpath: str, old: str, new: str) -> None:
    path = repo.root / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS: dict[str, Callable[[Repo], None]] = {
    "check-in body": lambda r: replace(
        r, "content/checkins/2025-01-20.md", "Notes from the session.", "Notes, edited."),
    "check-in goal": lambda r: replace(
        r, "content/checkins/2025-01-20.md", "  speak:", "  write:"),
    "metric reading": lambda r: replace(
        r, "content/checkins/2025-01-20.md", "talks: 2", "talks: 3"),
    "next step due": lambda r: replace(
        r, "content/checkins/2025-01-20.md", "due: 2025-03-10", "due: 2025-03-12"),
    "goal title": lambda r: replace(
        r, "content/goals/write.md", "title: Write more", "title: Write a lot more"),
    "goal body": lambda r: replace(
        r, "content/goals/speak.md", "in **Markdown**", "in *Markdown*"),
    "file added": lambda r: r.write(
        "content/reflections/2025-02-10-second.md",
        REFLECTION.format(title="Second talk", goal="write")),
    "goal added": lambda r: r.write("content/goals/listen.md", GOAL.format(title="Listen")),
    "check-in added last": lambda r: r.write(
        "content/checkins/2025-02-20.md", CHECKIN.format(goal="speak", talks=4)),
    "file deleted": lambda r: (r.root / "content/checkins/2025-01-20.md").unlink(),
    "evidence deleted": lambda r: (r.root / "content/evidence/2025-02-01-feedback.md").unlink(),
    "made private": lambda r: replace(
        r, "content/reflections/2025-01-21-first-talk.md", "title:", "private: true\ntitle:"),
    "goal made private": lambda r: replace(
        r, "content/goals/write.md", "title:", "private: true\ntitle:"),
    "settings": lambda r: r.write("mentorsite.yml", "title: Renamed\ncadence: weekly\n"),
    # noon in UTC is 2 am the next day there: every commit's day moves
    "time zone": lambda r: r.write(
        "mentorsite.yml", "title: T\ncadence: monthly\ntimezone: Pacific/Kiritimati\n"),
    "language": lambda r: r.write("mentorsite.yml", "language: de\n"),
    "theme template": lambda r: r.write(
        "themes/default/templates/reflection.html",
        '{% extends "default/reflection.html" %}{% block body_class %}mine{% endblock %}'),
    "target moved, committed": lambda r: (
        replace(r, "content/goals/speak.md", "baseline: 0, target: 4", "baseline: 0, target: 6"),
        r.commit("Aim higher"),
    ),
    "committed": lambda r: (
        replace(r, "content/checkins/2025-02-03.md", "Going well.", "Going fine."),
        r.commit("Edit a note"),
    ),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edit_gives_the_full_build(pair: Repo, tmp_path: Path, edit: str) -> None:
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    assert live.build().full
    assert_same_as_full(live, pair.root, tmp_path)
    EDITS[edit](pair)
    live.build()
    assert_same_as_full(live, pair.root, tmp_path)


def test_a_new_language_is_every_pages_and_the_feeds(pair: Repo, tmp_path: Path) -> None:
    """Every page of the site served carries ``lang``, each one rendered again when the
    setting changes (back to the default too), and so does the feed; the theme's own pages
    (the 404) as much as the pair's."""
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    for language in ("tr", "pt-BR", "en"):
        pair.write("mentorsite.yml", f"language: {language}\n" if language != "en" else "")
        assert live.build().full
        pages = {path.relative_to(live.out).as_posix(): path.read_text("utf-8")
                 for path in live.out.rglob("*.html")}
        assert len(pages) > 15 and "404.html" in pages and "history/index.html" in pages
        assert [name for name, text in pages.items()
                if f'<html lang="{language}">' not in text] == []
        assert f'xml:lang="{language}"' in (live.out / "feed.xml").read_text("utf-8")


def _front(path: Path) -> tuple[dict[str, Any], str]:
    """A file's front matter, parsed, and its body."""
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4)
    return yaml.safe_load(text[4:end]) or {}, text[end + 5:]


def _changed_value(value: Any, rnd: random.Random) -> Any:
    """Another value of the same kind, mostly one the check still takes."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return rnd.choice([value + 1, value * 2, 0, 3.5])
    if isinstance(value, date):
        return value + timedelta(days=rnd.randint(-40, 40))
    if isinstance(value, str):
        statuses = ("on-track", "at-risk", "off-track", "blocked", "done")
        if value in statuses:
            return rnd.choice(statuses)
        return rnd.choice([value + " (edited)", "New words", "Ünïcode ✓"])
    if isinstance(value, list) and value:
        return value[1:] if rnd.random() < 0.5 else [*value, value[0]]
    return value


def _random_edit(repo: Repo, rnd: random.Random) -> list[str]:
    """Edit the repository as a pair might, at random; the paths changed."""
    files = sorted((repo.root / "content").rglob("*.md"))
    path = rnd.choice(files)
    rel = path.relative_to(repo.root).as_posix()
    front, body = _front(path)
    roll = rnd.random()
    if roll < 0.1:
        path.unlink()
        return [rel]
    if roll < 0.2:
        copy = path.with_name(f"{path.stem[:10]}-copy-{rnd.randint(0, 99)}.md")
        if path.parent.name == "goals":
            copy = path.with_name(f"copy-{rnd.randint(0, 99)}.md")
        copy.write_bytes(path.read_bytes())
        return [copy.relative_to(repo.root).as_posix()]
    if roll < 0.3:
        repo.commit(f"Step {rnd.randint(0, 999)}")
        return []
    if roll < 0.4:
        front["private"] = not front.get("private", False)
    elif roll < 0.55:
        body += rnd.choice(["\nMore *text*.\n", "\n- an item\n", "\n## A heading\n"])
    else:
        places: list[tuple[Any, Any]] = []

        def walk(node: Any) -> None:
            keys = node.keys() if isinstance(node, dict) else range(len(node))
            for key in keys:
                places.append((node, key))
                if isinstance(node[key], (dict, list)):
                    walk(node[key])

        walk(front)
        if places:
            node, key = rnd.choice(places)
            node[key] = _changed_value(node[key], rnd)
    path.write_text(f"---\n{yaml.safe_dump(front, sort_keys=False)}---\n{body}", encoding="utf-8")
    return [rel]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("told", [True, False], ids=["told", "looked"])
def test_a_random_walk_of_edits_gives_the_full_build_at_every_step(
    pair: Repo, tmp_path: Path, seed: int, told: bool
) -> None:
    """Edits drawn at random, one after another (a value, a body, privacy, a copy, a deletion,
    a commit), each rebuilt as serve rebuilds it; an edit the check refuses is undone, and
    the undoing rebuilt too. Not one pair of edits is left to chance in the cases above."""
    rnd = random.Random(seed)
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    for _ in range(12):
        before = {p: p.read_bytes() for p in (pair.root / "content").rglob("*.md")}
        changed = _random_edit(pair, rnd)
        try:
            live.build(changed if told else None)
            built = True
        except BuildFailed:
            built = False
        try:
            assert_same_as_full(live, pair.root, tmp_path)
        except BuildFailed:
            assert not built, "serve built what a full build refuses"
            for path in set((pair.root / "content").rglob("*.md")) - set(before):
                path.unlink()
            for path, data in before.items():
                path.write_bytes(data)
            live.build(changed if told else None)
            assert_same_as_full(live, pair.root, tmp_path)


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edit_made_before_serve_starts_gives_the_full_build(
    pair: Repo, tmp_path: Path, edit: str
) -> None:
    """serve's first build starts from whatever state the pair left the repository in."""
    EDITS[edit](pair)
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    assert live.build().full
    assert_same_as_full(live, pair.root, tmp_path)


def test_after_settling_the_first_save_narrows_only_the_entry_it_changed(
    pair: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """settle() narrows a whole build's lists and goal views ahead, as the first comparison
    would (see ``keys.narrow_ahead``): the first save then narrows only the entry it changed,
    not every entry of every list, as every later save does."""
    import gc

    from mentorsite.pages import keys

    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    live.settle()
    gc.unfreeze()  # settle() exempts the heap from the collector: give it back to the tests
    narrowed: list[str] = []
    real = keys.shown_fields

    def counted(narrowing: keys.Narrowing, entry: Any) -> tuple[object, ...]:
        narrowed.append(entry.file.path)
        return real(narrowing, entry)

    monkeypatch.setattr(keys, "shown_fields", counted)
    EDITS["check-in body"](pair)
    live.build()
    assert set(narrowed) == {"content/checkins/2025-01-20.md"}
    assert_same_as_full(live, pair.root, tmp_path)


def test_an_entry_narrowed_ahead_holds_its_values_without_their_names(
    pair: Repo, tmp_path: Path
) -> None:
    """What settle() narrows ahead is kept for every entry while serve runs: an entry's fields
    as a tuple of their values, named by the entry's type and their order, not a pair of name
    and value each (39,000 pairs, 2.1 MiB, on the 5,000-file benchmark corpus)."""
    from mentorsite.pages import keys

    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    live.settle()
    gc.unfreeze()  # settle() exempts the heap from the collector: give it back to the tests
    assert live.model is not None
    checkin = live.model.checkins[0]
    kind, slug, path, values = live.narrowing.shown(checkin, keys.shown_fields)
    assert (kind, slug, path) == (type(checkin), checkin.file.slug, checkin.file.path)
    assert values == tuple(value for name, value in checkin.__dict__.items() if name != "file")
    EDITS["check-in body"](pair)
    live.build()
    assert_same_as_full(live, pair.root, tmp_path)


def test_every_edit_in_turn_gives_the_full_build(pair: Repo, tmp_path: Path) -> None:
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    for edit in EDITS.values():
        edit(pair)
        live.build()
        assert_same_as_full(live, pair.root, tmp_path)


def test_a_file_removed_from_the_output_folder_is_written_again_by_the_next_rebuild(
    pair: Repo, tmp_path: Path
) -> None:
    """A rebuild compares the files that are not pages (data.json, the calendar, the feed,
    .nojekyll) with what the output folder holds, not with what the last build wrote:
    one deleted there (by hand, by a clean-up) stayed missing while serve ran, its digest
    unchanged, and the site served was not the site built."""
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    (tmp_path / "live" / ".nojekyll").unlink()
    (tmp_path / "live" / "calendar.ics").write_text("BEGIN:VCALENDAR\r\n", encoding="utf-8")
    EDITS["check-in body"](pair)
    live.build()
    assert_same_as_full(live, pair.root, tmp_path)


def _resident() -> int:
    """This process's memory in RAM, in bytes (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc_trim")
def test_settling_gives_back_the_memory_a_build_freed(pair: Repo, tmp_path: Path) -> None:
    """glibc keeps memory freed between blocks still in use: after a whole build serve rested
    21 MiB above what it used on the 5,000-file benchmark corpus, and every rebuild was
    added on top of it. Here 30 MB freed that way is handed back when serve settles."""
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    # Blocks of the same size in turn (filled, so that their pages are touched): each one
    # freed lies between two still in use, so glibc cannot merge them and give them back.
    freed = [(b"\1" * 100_000, b"\2" * 100_000) for _ in range(300)]
    kept = [block for _, block in freed]
    del freed
    before = _resident()
    live.settle()
    assert before - _resident() > 20_000_000
    assert len(kept) == 300


def test_a_rebuild_writes_data_json_and_the_calendar_in_parts(
    pair: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild joined each into one string, which writing it then encoded whole: two
    copies of data.json at once, 12 MB more at the peak of a rebuild on the 5,000-file
    benchmark corpus. They are handed over in parts, written as a full build writes them."""
    given: dict[str, object] = {}

    def update_site(out: Path, files: Mapping[str, Content], removed: Collection[str] = (),
                    unless_same: Collection[str] = ()) -> list[str]:
        given.update(files)
        return folder.update_site(out, files, removed, unless_same)

    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    monkeypatch.setattr(incremental, "update_site", update_site)
    EDITS["next step due"](pair)
    live.build(["content/checkins/2025-01-20.md"])
    assert {"data.json", "calendar.ics"} <= given.keys()
    assert not any(isinstance(given[name], str | bytes) for name in ("data.json", "calendar.ics"))
    assert_same_as_full(live, pair.root, tmp_path)


class _Part(str):
    """A part of a file's text that can be watched for being let go (a str cannot)."""


@pytest.mark.parametrize("name", ["data.json", "calendar.ics"])
def test_a_build_holds_one_part_of_data_json_and_the_calendar_at_a_time(
    pair: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Serve listed every part of both to digest them, and held the lists until they were
    written: after a whole build's render and a rebuild's, 10 MB of text at the peak of each
    on the 5,000-file benchmark corpus. Each part is let go once the next one is made, or,
    short, once a slice of them is (``folder._SLICE``, made small here: the pair's files are
    shorter than one) has been gathered to be written."""
    made = {"data.json": "data_json_parts", "calendar.ics": "calendar_parts"}[name]
    real = getattr(incremental, made)
    alive: list[int] = []
    """How many characters of the parts made before were still held as each was made."""
    sizes: list[int] = []

    def watched(*args: Any) -> Iterator[str]:
        parts: list[tuple[weakref.ref[_Part], int]] = []
        for text in real(*args):
            part = _Part(text)
            alive.append(sum(size for ref, size in parts if ref() is not None))
            parts.append((weakref.ref(part), len(part)))
            sizes.append(len(part))
            yield part
            del part

    monkeypatch.setattr(folder, "_SLICE", 64)
    monkeypatch.setattr(incremental, made, watched)
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    EDITS["next step due"](pair)
    live.build(["content/checkins/2025-01-20.md"])
    assert len(alive) > 6
    assert max(alive) < 64 + max(sizes)  # a slice, and the part before (named by the loop)
    assert_same_as_full(live, pair.root, tmp_path)


def test_the_calendar_makes_only_the_edited_check_ins_events_again(
    pair: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Serve kept each check-in's events joined into one text, and every event besides in a
    cache of its own with its arguments: 9 MiB on the 5,000-file benchmark corpus. The events
    of each goal and check-in are read again from the calendar written while what they are
    made from is the same: a rebuild after an edit of one check-in makes only its events again."""
    from mentorsite.pages import feeds

    replace(pair, "content/checkins/2025-02-03.md", "next:\n",
            "next:\n  - {task: Write a draft, owner: Priya, due: 2025-03-11}\n")
    made: list[str] = []
    for name in ("_steps", "_goal_events"):
        real = getattr(feeds, name)
        monkeypatch.setattr(feeds, name, lambda *args, real=real, name=name: (
            made.append(name), real(*args))[1])
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    assert "_steps" in made and "_goal_events" in made
    assert (live.out / "calendar.ics").read_text(encoding="utf-8").count("BEGIN:VEVENT") > 3
    made.clear()
    EDITS["check-in body"](pair)  # a check-in whose step a later one lists: no event of its own
    live.build(["content/checkins/2025-01-20.md"])
    assert made == ["_steps"]  # the edited check-in's, none of the others'
    assert_same_as_full(live, pair.root, tmp_path)


@pytest.mark.parametrize("told", [True, False], ids=["told", "looked"])
def test_a_file_renamed_and_made_private_while_serving_hides_its_past(
    pair: Repo, tmp_path: Path, told: bool
) -> None:
    """A file moved and marked private while serve runs, then the move staged (``git add``):
    from then on git names the move, and the file's commit pages, under the name it was
    committed with, must go as a full build leaves them out."""
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    old, new = "content/checkins/2025-02-03.md", "content/checkins/2025-02-03-home.md"
    (pair.root / old).rename(pair.root / new)
    replace(pair, new, "goals:", "private: true\ngoals:")
    live.build([old, new] if told else None)
    assert_same_as_full(live, pair.root, tmp_path)
    pair.git("add", "-A")
    live.build([] if told else None)
    assert_same_as_full(live, pair.root, tmp_path)
    pages = [p.read_text() for p in (tmp_path / "live").rglob("*.html")]
    assert not any("2025-02-03" in page for page in pages)


def test_a_mailmap_edited_while_serving_renames_the_authors_as_a_full_build(
    pair: Repo, tmp_path: Path
) -> None:
    """A ``.mailmap`` written or edited while serve runs, committed or not, renames every
    commit's author as a full build shows them; serve read the log again only when HEAD
    moved, so its pages kept the old names (the watcher names no content path for it)."""
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    for name in ("Priya Raman", "Priya R."):
        (pair.root / ".mailmap").write_text(f"{name} <p@example.org>\n", encoding="utf-8")
        live.build([])
        assert_same_as_full(live, pair.root, tmp_path)
        assert any(name in page.read_text(encoding="utf-8")
                   for page in (tmp_path / "live" / "history").rglob("*.html"))


def test_an_error_keeps_the_last_good_site_until_it_is_fixed(pair: Repo, tmp_path: Path) -> None:
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    before = tree(live.out)
    path = "content/checkins/2025-01-20.md"
    replace(pair, path, "talks: 2", "talks: two")
    with pytest.raises(BuildFailed) as failed:
        live.build()
    assert [d.code for d in failed.value.project.diagnostics.items if d.path == path]
    assert tree(live.out) == before
    replace(pair, path, "talks: two", "talks: 5")
    rebuilt = live.build()
    assert not rebuilt.full
    assert_same_as_full(live, pair.root, tmp_path)


BROKEN = "content/checkins/2025-02-10.md"
"""A check-in added with a YAML error: the content cannot be built while it is there."""


def add_broken(repo: Repo) -> None:
    """Write :data:`BROKEN`, which git ignores: git counts it as no uncommitted file, and the
    site without it is the site with it once it is gone (``history/`` counts those)."""
    with (repo.root / ".git/info/exclude").open("a") as exclude:
        exclude.write(f"/{BROKEN}\n")
    repo.write(BROKEN, "---\nwins: [oops\n---\n")

WITHDRAWALS: dict[str, Callable[[Repo], object]] = {
    "made private": lambda r: replace(
        r, "content/checkins/2025-01-20.md", "goals:", "private: true\ngoals:"),
    "deleted": lambda r: (r.root / "content/checkins/2025-01-20.md").unlink(),
    "moved out of the content": lambda r: (r.root / "content/checkins/2025-01-20.md").rename(
        r.root / "2025-01-20.md"),
    "made private with a YAML error of its own": lambda r: replace(
        r, "content/checkins/2025-01-20.md", "goals:", "private: true\nwins: [oops\ngoals:"),
}


@pytest.mark.parametrize("told", [True, False])
@pytest.mark.parametrize("withdraw", list(WITHDRAWALS))
def test_an_entry_withdrawn_while_another_file_has_an_error_is_served_no_more(
    pair: Repo, tmp_path: Path, withdraw: str, told: bool
) -> None:
    """The last good build stays served while the content has errors, but without an entry
    made private or deleted since: at once, the site is the last good content's without it
    (its page, its place in the lists, the feed and data.json, its readings on its goal's
    page), and the next good build goes on from there."""
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    assert "Notes from the session." in (live.out / "checkins/2025-01-20/index.html").read_text()
    before = files_of(pair.root)
    add_broken(pair)
    WITHDRAWALS[withdraw](pair)
    with pytest.raises(BuildFailed):
        live.build(changed_paths(before, files_of(pair.root)) if told else None)
    assert not (live.out / "checkins/2025-01-20").exists()
    if "private" in withdraw:  # nor its history (a deleted file's commits stay, as in build)
        assert not [name for name, data in tree(live.out).items()
                    if data is not None and b"2025-01-20" in data]
    assert live.withdrawn() == 1
    before = files_of(pair.root)
    (pair.root / BROKEN).unlink()
    if "error" in withdraw:  # as a full build sees it once the error is mended
        replace(pair, "content/checkins/2025-01-20.md", "wins: [oops\n", "")
    assert_same_as_full(live, pair.root, tmp_path)
    rebuilt = live.build(changed_paths(before, files_of(pair.root)) if told else None)
    assert not rebuilt.full and rebuilt.rendered == 0
    assert_same_as_full(live, pair.root, tmp_path)


def test_an_entry_public_again_while_the_error_stays_is_served_again(pair: Repo,
                                                                       tmp_path: Path) -> None:
    """What is withdrawn is worked out from the last good content at each failed build: an
    entry made private and public again while another file's error stays is back, and a
    failed build that withdraws nothing new writes nothing."""
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    good = tree(live.out)
    add_broken(pair)
    with pytest.raises(BuildFailed):
        live.build()
    assert tree(live.out) == good
    WITHDRAWALS["made private"](pair)
    with pytest.raises(BuildFailed):
        live.build()
    assert not (live.out / "checkins/2025-01-20").exists()
    withdrawn = tree(live.out)
    pair.write(BROKEN, "---\nwins: [still broken\n---\n")
    with pytest.raises(BuildFailed):
        live.build()
    assert tree(live.out) == withdrawn
    replace(pair, "content/checkins/2025-01-20.md", "private: true\n", "")
    with pytest.raises(BuildFailed):
        live.build()
    assert tree(live.out) == good
    assert live.withdrawn() == 0


def test_a_goal_left_in_a_merge_conflict_reads_as_check_reads_it(pair: Repo,
                                                                  tmp_path: Path) -> None:
    """serve, told of the one file, finds what ``check`` finds: the conflict, and no goal
    gone unknown where it is named; resolving it gives the full build again."""
    from mentorsite.model.project import read_project

    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    path = "content/goals/write.md"
    replace(pair, path, "title: Write more",
            "<<<<<<< HEAD\ntitle: Write more\n=======\ntitle: Write a lot\n>>>>>>> theirs")
    with pytest.raises(BuildFailed) as failed:
        live.build([path])
    served = [(d.path, d.line, d.code) for d in failed.value.project.diagnostics.items]
    checked = [(d.path, d.line, d.code) for d in read_project(pair.root, TODAY).diagnostics.items]
    assert sorted(served) == sorted(checked)
    assert (path, 2, "merge-conflict") in served
    assert "unknown-goal" not in [code for _, _, code in served]
    replace(pair, path,
            "<<<<<<< HEAD\ntitle: Write more\n=======\ntitle: Write a lot\n>>>>>>> theirs",
            "title: Write a lot")
    live.build([path])
    assert_same_as_full(live, pair.root, tmp_path)


def test_a_goal_broken_while_serving_hides_no_warning_of_the_checkins_naming_it(
        pair: Repo, tmp_path: Path) -> None:
    """serve tells what ``check`` tells after an edit breaks a goal: the newest check-in,
    which names it, keeps its overdue next step; mending the goal tells what it told before."""
    from mentorsite.model.project import read_project

    newest, goal = "content/checkins/2025-02-03.md", "content/goals/write.md"
    replace(pair, newest, "due: 2025-03-10", "due: 2025-02-20")
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    before = [(d.path, d.line, d.code) for d in live.build().result.diagnostics]
    assert (newest, 9, "next-step-overdue") in before
    replace(pair, goal, "started: 2025-01-01", "started: soon")
    with pytest.raises(BuildFailed) as failed:
        live.build([goal])
    served = [(d.path, d.line, d.code) for d in failed.value.project.diagnostics.items]
    checked = [(d.path, d.line, d.code) for d in read_project(pair.root, TODAY).diagnostics.items]
    assert sorted(served) == sorted(checked)
    assert sorted(served) == sorted([*before, (goal, 3, "invalid-date")])
    replace(pair, goal, "started: soon", "started: 2025-01-01")
    assert [(d.path, d.line, d.code) for d in live.build([goal]).result.diagnostics] == before
    assert_same_as_full(live, pair.root, tmp_path)


def test_a_body_edit_renders_only_the_pages_that_show_it(pair: Repo, tmp_path: Path) -> None:
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    first = live.build()
    assert first.full and first.rendered == first.result.pages
    unchanged = live.build()
    assert not unchanged.full and unchanged.rendered == 0 and unchanged.written == 0
    # Committed and edited already: the edit does not change which files are uncommitted.
    replace(pair, "content/checkins/2025-01-20.md", "Notes from the session.", "Notes.")
    live.build()
    replace(pair, "content/checkins/2025-01-20.md", "Notes.", "Notes, again.")
    rebuilt = live.build()
    assert rebuilt.rendered == 1  # the check-in's own page: no other page shows its body
    assert rebuilt.written == 2  # and the feed, which holds the body too
    assert_same_as_full(live, pair.root, tmp_path)


def test_a_body_edit_lays_out_no_goal_chart(
    pair: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check-in's goal page is compared with the last one when the check-in changes: the
    comparison laid out the goal's charts, though its readings had not changed, and the page
    kept held them for good, one more goal's at each edit."""
    from mentorsite.pages import site

    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    laid_out: list[object] = []
    chart = site.metric_chart
    monkeypatch.setattr(site, "metric_chart", lambda *args: laid_out.append(args) or chart(*args))
    replace(pair, "content/checkins/2025-01-20.md", "Notes from the session.", "Notes.")
    live.build()
    assert laid_out == []
    assert live.last is not None
    charts = live.last.pages["goals/speak/index.html"].context["charts"]
    assert "_laid_out" not in vars(charts)
    replace(pair, "content/checkins/2025-01-20.md", "talks: 2", "talks: 3")
    live.build()
    assert laid_out, "a reading changed: the charts are laid out again"
    assert_same_as_full(live, pair.root, tmp_path)


def test_an_unchanged_file_is_not_read_again(
    pair: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("mentorsite.read.settled.SETTLED_NS", -1)
    monkeypatch.setattr("mentorsite.read.settled.SETTLED_FINE_NS", -1)
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    entries = {e.file.path: e for e in live.model.entries()}
    replace(pair, "content/checkins/2025-01-20.md", "Notes from the session.", "Other notes.")
    live.build()
    again = {e.file.path: e for e in live.model.entries()}
    assert again["content/checkins/2025-01-20.md"] is not entries["content/checkins/2025-01-20.md"]
    assert all(again[p] is entries[p] for p in entries if p != "content/checkins/2025-01-20.md")


def test_without_git_an_edit_gives_the_full_build(tmp_path: Path) -> None:
    root = tmp_path / "pair"
    (root / "content/goals").mkdir(parents=True)
    (root / "content/checkins").mkdir()
    (root / "content/goals/speak.md").write_text(GOAL.format(title="Speak up"))
    (root / "content/checkins/2025-01-06.md").write_text(CHECKIN.format(goal="speak", talks=1))
    live = LiveBuild(root, tmp_path / "live", TODAY)
    live.build()
    (root / "content/checkins/2025-01-20.md").write_text(CHECKIN.format(goal="speak", talks=2))
    live.build()
    assert_same_as_full(live, root, tmp_path)


def test_data_json_made_from_pieces_is_the_compact_dump(pair: Repo, tmp_path: Path) -> None:
    import json

    from mentorsite.pages.data_json import Pieces, data_json_parts

    replace(pair, "content/goals/speak.md", "title: Speak up", 'title: "Sp\\u2028eak é 🎤\\n"')
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    text = (live.out / "data.json").read_text(encoding="utf-8")
    assert "🎤" in text
    assert text == json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":")) + "\n"
    from mentorsite.model.insights import insights

    views = insights(live.model, TODAY)
    pieces = Pieces(live.out / "data.json")

    def whole(*pieces_kept: Pieces) -> str:
        return "".join(data_json_parts(views, None, *pieces_kept))

    assert whole(pieces) == whole(pieces) == whole()


def held_texts(start: str) -> list[str]:
    """The texts beginning with ``start`` (longer than a literal of a test) that a container
    of this process holds, or a tuple in one (the collector no longer tracks a tuple of
    texts)."""
    gc.collect()
    found = []
    for holder in gc.get_objects():
        for part in gc.get_referents(holder):
            for text in part if type(part) is tuple else (part,):
                if isinstance(text, str) and text.startswith(start) and len(text) > 50:
                    found.append(text)
    return found


def test_serve_holds_no_text_of_data_json(pair: Repo, tmp_path: Path) -> None:
    """Serve kept the encoded items of data.json from one build to the next, a copy of the
    file it wrote (7.8 MiB on the 5,000-file benchmark corpus) under every rebuild's peak.
    It keeps where each item lies in the file, and reads it again from there: once a build
    and an edit are done, no container of this process holds an item's text."""
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    replace(pair, "content/checkins/2025-01-20.md", "talks: 2", "talks: 5")
    live.build(["content/checkins/2025-01-20.md"])
    assert (live.out / "data.json").read_text(encoding="utf-8").count('{"slug":') == 5
    assert not held_texts('{"slug":')
    assert_same_as_full(live, pair.root, tmp_path)


def test_serve_reads_unchanged_data_json_items_from_the_file(
        pair: Repo, tmp_path: Path, monkeypatch) -> None:
    """After an edit of one check-in, only its item of data.json is made again; the others
    are read from the file written, and the file is a full build's."""
    from mentorsite.pages import data_json

    made: list[str] = []
    real = data_json._entry_item

    def entry_item(key: str, entry: Any, changes: Any) -> dict[str, Any]:
        made.append(entry.file.path)
        return real(key, entry, changes)

    monkeypatch.setattr(data_json, "_entry_item", entry_item)
    # more bytes than characters before the check-ins: items lie where their bytes do
    replace(pair, "content/goals/speak.md", "title: Speak up", 'title: "Spéak 🎤"')
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    assert len(made) == 5
    for talks in (5, 6):
        made.clear()
        replace(pair, "content/checkins/2025-01-20.md", f"talks: {talks - 1 if talks == 6 else 2}",
                f"talks: {talks}")
        live.build(["content/checkins/2025-01-20.md"])
        assert made == ["content/checkins/2025-01-20.md"]
        assert_same_as_full(live, pair.root, tmp_path)


def test_serve_holds_no_text_of_the_calendar(pair: Repo, tmp_path: Path) -> None:
    """Serve kept each goal's and check-in's calendar events from one build to the next, a
    copy of the calendar it wrote (2.3 MiB on the 5,000-file benchmark corpus). It reads
    them again from the file: once a build and an edit are done, no container holds an
    event's text, and the calendar is a full build's."""
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    replace(pair, "content/checkins/2025-02-03.md", "due: 2025-03-10", "due: 2025-03-12")
    live.build(["content/checkins/2025-02-03.md"])
    replace(pair, "content/checkins/2025-01-20.md", "Notes", "Notes, again")
    live.build(["content/checkins/2025-01-20.md"])
    assert (live.out / "calendar.ics").read_text(encoding="utf-8").count("BEGIN:VEVENT") >= 2
    assert not held_texts("BEGIN:VEVENT")
    assert_same_as_full(live, pair.root, tmp_path)


def test_serve_makes_data_json_again_when_the_file_was_changed(
        pair: Repo, tmp_path: Path) -> None:
    """An item is read from the file only while it is the file serve wrote: one written over
    (or cut short) since has every item made again, never bytes of another file; likewise
    the calendar's events."""
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    target = live.out / "data.json"
    calendar = live.out / "calendar.ics"
    for edit, spoilt in enumerate((target.read_bytes().replace(b'"slug"', b'"SLUG"'), b"{}")):
        target.write_bytes(spoilt)
        calendar.write_bytes(calendar.read_bytes().replace(b"SUMMARY", b"SUMMARX"))
        replace(pair, "content/checkins/2025-01-20.md", "Notes", f"Notes {edit}")
        live.build(["content/checkins/2025-01-20.md"])
        assert_same_as_full(live, pair.root, tmp_path)


def test_data_json_is_made_an_item_at_a_time(pair: Repo) -> None:
    """A full build writes data.json as it is made: the document is never whole in memory."""
    import json

    from mentorsite.model.insights import insights
    from mentorsite.model.project import read_project
    from mentorsite.pages.data_json import data_json_parts

    views = insights(read_project(pair.root, TODAY).model, TODAY)
    parts = list(data_json_parts(views))
    entries = len(views.goals) + len(views.model.checkins)
    assert len(parts) > entries, "at least a part per goal and check-in"
    assert json.loads("".join(parts))["site"]["title"] == views.model.settings.title


def test_data_json_makes_no_json_encoder_per_item(pair: Repo, monkeypatch) -> None:
    """``json.dumps`` with options makes a new encoder each call: one per item of a
    5,000-file site, in the building process while the pages render."""
    import json

    from mentorsite.model.insights import insights
    from mentorsite.model.project import read_project
    from mentorsite.pages.data_json import data_json_parts

    views = insights(read_project(pair.root, TODAY).model, TODAY)
    made: list[object] = []
    init = json.JSONEncoder.__init__

    def counted(self: json.JSONEncoder, *args: object, **options: object) -> None:
        made.append(self)
        init(self, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(json.JSONEncoder, "__init__", counted)
    parts = list(data_json_parts(views))
    assert len(views.model.checkins) > 1
    assert json.loads("".join(parts))["checkins"]
    assert made == []


@pytest.mark.parametrize("line", [
    "", "x" * 75, "x" * 76, "é" * 37 + "x", "é" * 38, "🎤" * 18 + "xxx", "🎤" * 19,
    "SUMMARY:" + "Ünïcödé " * 40,
])
def test_calendar_lines_fold_at_75_octets(line: str) -> None:
    from mentorsite.pages.feeds import _fold

    folded = _fold(line)
    parts = folded.split("\r\n ")
    assert "".join(parts) == line
    assert all(len(part.encode()) <= (75 if i == 0 else 74) for i, part in enumerate(parts))
    assert all(parts[:-1]) and (len(parts) == 1 or len(parts[0].encode()) > 71)


def test_problems_are_those_a_full_read_finds(pair: Repo, tmp_path: Path) -> None:
    from mentorsite.model.project import read_project

    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    pair.write("content/checkins/not-a-date.md", CHECKIN.format(goal="speak", talks=1))
    pair.write("content/notes.md", "stray")
    (pair.root / "content/evidence/2025-02-02-latin.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    replace(pair, "content/reflections/2025-01-21-first-talk.md", "title:", "title: [x\nbad:")
    replace(pair, "content/checkins/2025-01-20.md", "talks: 2", "talkz: 2")
    replace(pair, "content/checkins/2025-02-03.md", "  write:", "  wirte:\n    mood: 3")
    (pair.root / "content/checkins/2025-02-10.md").symlink_to(tmp_path / "elsewhere.md")
    (tmp_path / "elsewhere.md").write_text(CHECKIN.format(goal="speak", talks=1))
    for _ in range(2):  # read afresh, then from what was kept
        with pytest.raises(BuildFailed) as failed:
            live.build()
        expected = read_project(pair.root, TODAY).diagnostics.sorted()
        assert failed.value.project.diagnostics.sorted() == expected
        assert len(expected) >= 5
        broken = [d.code for d in expected if d.path == "content/checkins/2025-02-03.md"]
        assert broken == ["unknown-goal", "unknown-field"]  # its goal, though it is broken


def test_an_output_folder_removed_meanwhile_is_built_whole(pair: Repo, tmp_path: Path) -> None:
    import shutil

    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    shutil.rmtree(live.out)
    EDITS["check-in body"](pair)
    assert live.build().full
    assert_same_as_full(live, pair.root, tmp_path)


def own_checkin_page(pair: Repo, shown: str) -> None:
    """Give the pair a theme of its own whose check-in page also shows ``shown`` (Jinja, in the
    body's class): something the built-in page does not."""
    pair.write("themes/mine/templates/checkin.html",
               '{% extends "default/checkin.html" %}{% block body_class %}'
               f"{shown}{{% endblock %}}")
    pair.write("mentorsite.yml", "title: T\ncadence: monthly\ntheme: mine\n")


def test_a_theme_of_its_own_may_show_anything(pair: Repo, tmp_path: Path) -> None:
    """Here every check-in page lists every goal's title: the built-in templates' narrowing
    (a check-in shows only the goals it names) must not apply."""
    own_checkin_page(pair, '{{ goal_titles.values()|join(",") }}')
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    EDITS["goal title"](pair)
    live.build()
    assert "Write a lot more" in (live.out / "checkins/2025-01-06/index.html").read_text()
    assert_same_as_full(live, pair.root, tmp_path)


def test_a_template_added_to_the_theme_while_serving_replaces_the_built_in_one(
    pair: Repo, tmp_path: Path
) -> None:
    """The theme is chosen while ``serve`` runs, and its first template written after: the
    next build draws check-ins with it, not with the built-in one compiled before (which is
    unchanged on disk, so its modification time alone says nothing)."""
    pair.write("mentorsite.yml", "title: T\ncadence: monthly\ntheme: mine\n")
    pair.write("themes/mine/static/extra.css", "main { color: teal; }\n")
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    page = live.out / "checkins/2025-01-06/index.html"
    assert "page--checkin" in page.read_text()
    own_checkin_page(pair, "ours")
    live.build()
    assert 'class="ours"' in page.read_text()
    assert_same_as_full(live, pair.root, tmp_path)
    (pair.root / "themes/mine/templates/checkin.html").unlink()  # and gone again
    live.build()
    assert "page--checkin" in page.read_text()


def test_files_edited_before_serve_starts_are_uncommitted_in_its_first_build(
    pair: Repo, tmp_path: Path
) -> None:
    """serve's first build reads the history in a process of its own; the files edited but
    not committed when it starts are shown as such at once, not only after the first save
    (which then re-rendered every one of their pages: a slow first edit)."""
    EDITS["check-in body"](pair)
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    first = live.build()
    assert first.result.notes == (
        "1 content file with uncommitted changes: their latest edits show as "
        "'not committed yet'",
    )
    assert "Not committed yet" in (live.out / "checkins/2025-01-20/index.html").read_text()
    assert_same_as_full(live, pair.root, tmp_path)
    replace(pair, "content/checkins/2025-01-20.md", "Notes, edited.", "Notes, edited again.")
    again = live.build()
    assert again.rendered == 1  # the check-in's own page: nothing else shows its body
    assert_same_as_full(live, pair.root, tmp_path)


def test_pages_an_edit_does_not_reach_are_kept_as_they_were(pair: Repo, tmp_path: Path) -> None:
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    assert live.last is not None
    before = live.last.pages
    EDITS["check-in body"](pair)  # and the file is now uncommitted: the history notes change
    live.build()
    after = live.last.pages
    edited = "checkins/2025-01-20/index.html"
    assert after[edited] is not before[edited]
    for path in ("checkins/2025-01-06/index.html", "reflections/2025-01-21-first-talk/index.html",
                 "evidence/2025-02-01-feedback/index.html"):
        assert after[path] is before[path], path
    goal = "goals/write/index.html"  # made again (the notes changed), its charts not
    assert after[goal].context["charts"] is before[goal].context["charts"]
    EDITS["check-in goal"](pair)  # the timeline and the wins are made again, from what was kept
    live.build()
    now = live.last.pages
    for page, name in (("timeline/index.html", "moments"), ("wins/index.html", "wins")):
        earlier = {item.url: item for item in after[page].context[name]}
        later = {item.url: item for item in now[page].context[name]}
        assert later["checkins/2025-01-06/"] is earlier["checkins/2025-01-06/"], page
        assert later["checkins/2025-01-20/"] is not earlier["checkins/2025-01-20/"], page
    assert_same_as_full(live, pair.root, tmp_path)


def test_a_theme_showing_every_note_is_rendered_again_when_they_change(
    pair: Repo, tmp_path: Path
) -> None:
    """The built-in check-in page shows the history notes only without history of its own;
    this one shows them always, so an edit elsewhere that changes them changes every page."""
    own_checkin_page(pair, '{{ history_notes|join(",") }}')
    pair.commit("A theme of our own")
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    EDITS["goal body"](pair)
    live.build()
    assert "uncommitted" in (live.out / "checkins/2025-01-06/index.html").read_text()
    assert_same_as_full(live, pair.root, tmp_path)


def files_of(root: Path) -> dict[str, bytes]:
    """Every file of the repository but git's own, by relative path."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


def changed_paths(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    """What a file watcher reports: every path added, removed or written, some twice."""
    named = [path for path in {*before, *after} if before.get(path) != after.get(path)]
    return named + named[:1]


def told(live: LiveBuild, pair: Repo, edit: Callable[[Repo], object]) -> None:
    """Make ``edit``, then rebuild told the paths a file watcher would report."""
    before = files_of(pair.root)
    edit(pair)
    live.build(changed_paths(before, files_of(pair.root)))


@pytest.mark.parametrize("edit", list(EDITS))
def test_told_which_paths_changed_an_edit_gives_the_full_build(
    pair: Repo, tmp_path: Path, edit: str
) -> None:
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    told(live, pair, EDITS[edit])
    assert_same_as_full(live, pair.root, tmp_path)
    assert not live.missed()


def test_told_of_every_edit_in_turn_and_of_a_rename(pair: Repo, tmp_path: Path) -> None:
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    edits = [*EDITS.values(), lambda r: (r.root / "content/checkins/2025-01-06.md").rename(
        r.root / "content/checkins/2025-01-07.md")]
    for edit in edits:
        told(live, pair, edit)
        assert_same_as_full(live, pair.root, tmp_path)


def test_an_edit_the_watcher_missed_is_found_afterwards(pair: Repo, tmp_path: Path) -> None:
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    EDITS["check-in body"](pair)
    pair.write("content/reflections/2025-02-10-second.md",
               REFLECTION.format(title="Second talk", goal="write"))
    live.build(["content/reflections/2025-02-10-second.md"])  # the first event was lost
    assert "Notes, edited." not in (live.out / "checkins/2025-01-20/index.html").read_text()
    assert live.missed()
    live.build()
    assert_same_as_full(live, pair.root, tmp_path)
    assert not live.missed()


def test_a_link_or_a_folder_named_by_the_watcher_is_walked(pair: Repo, tmp_path: Path) -> None:
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    (tmp_path / "outside.md").write_text(CHECKIN.format(goal="speak", talks=1))
    (pair.root / "content/checkins/2025-02-10.md").symlink_to(tmp_path / "outside.md")
    with pytest.raises(BuildFailed) as failed:
        live.build(["content/checkins/2025-02-10.md"])
    assert "symlink-escape" in [d.code for d in failed.value.project.diagnostics.items]
    (pair.root / "content/checkins/2025-02-10.md").unlink()
    (pair.root / "content/evidence/more").mkdir()
    (pair.root / "content/evidence/more/2025-02-11-talk.md").write_text(EVIDENCE)
    with pytest.raises(BuildFailed) as failed:
        live.build(["content/evidence/more/2025-02-11-talk.md"])
    codes = [d.code for d in failed.value.project.diagnostics.items]
    assert "unknown-file" in codes and "symlink-escape" not in codes
    (pair.root / "content/evidence/more/2025-02-11-talk.md").unlink()
    live.build(["content/checkins/2025-02-10.md", "content/evidence/more/2025-02-11-talk.md"])
    assert_same_as_full(live, pair.root, tmp_path)


GOAL_EDITS: dict[str, Callable[[Repo], None]] = {
    "metric renamed": lambda r: replace(r, "content/goals/speak.md", "id: talks", "id: talkz"),
    "goal deleted": lambda r: (r.root / "content/goals/speak.md").unlink(),
    "goal broken": lambda r: replace(r, "content/goals/speak.md", "started: 2025-01-01",
                                     "started: soon"),
}


@pytest.mark.parametrize("edit", list(GOAL_EDITS))
def test_unchanged_entries_are_checked_again_against_changed_goals(
    pair: Repo, tmp_path: Path, edit: str
) -> None:
    from mentorsite.model.project import read_project

    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    with pytest.raises(BuildFailed) as failed:
        told(live, pair, GOAL_EDITS[edit])
    found = failed.value.project.diagnostics.sorted()
    assert found == read_project(pair.root, TODAY).diagnostics.sorted()
    assert any(d.path.startswith("content/checkins/") for d in found) or edit == "goal broken"
    pair.git("checkout", "--", "content/goals/speak.md")
    live.build()
    assert_same_as_full(live, pair.root, tmp_path)


def test_a_metric_renamed_in_a_broken_goal_is_checked_again_in_the_check_ins(
    pair: Repo, tmp_path: Path
) -> None:
    """A goal whose fields have errors still has its metric ids read for the check-ins: an
    unchanged check-in is checked again when they change, though the goal stays broken."""
    from mentorsite.model.project import read_project

    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    for edit in (GOAL_EDITS["goal broken"], GOAL_EDITS["metric renamed"]):
        with pytest.raises(BuildFailed) as failed:
            told(live, pair, edit)
        assert failed.value.project.diagnostics.sorted() == (
            read_project(pair.root, TODAY).diagnostics.sorted())
    codes = {d.code for d in failed.value.project.diagnostics.items}
    assert {"invalid-date", "unknown-metric"} <= codes


def test_git_is_asked_where_the_source_is_once(
    pair: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each rebuild asks git which files are uncommitted; where the source folder sits in the
    repository does not change meanwhile, so that is asked once."""
    from mentorsite.history import repository as history
    from mentorsite.serve import incremental

    asked: list[Path] = []

    def source_prefix(root: Path) -> str | None:
        asked.append(root)
        return history.source_prefix(root)

    monkeypatch.setattr(incremental, "source_prefix", source_prefix)
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    for edit in ("check-in body", "metric reading", "file added"):
        live.build()
        EDITS[edit](pair)
    live.build()
    assert asked == [pair.root]
    assert_same_as_full(live, pair.root, tmp_path)


@pytest.fixture
def render_jobs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The processes each whole build of a LiveBuild renders on; two cores, and a pool even
    for a site this small."""
    from mentorsite.output import parallel
    from mentorsite.serve import incremental

    asked: list[int] = []
    real = parallel.render_pages

    def render_pages(*args: object, **kwargs: object) -> None:
        asked.append(args[3])  # type: ignore[arg-type]
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(incremental, "render_pages", render_pages)
    monkeypatch.setattr(incremental, "default_jobs", lambda: 2)
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    return asked


@contextlib.contextmanager
def another_thread() -> Iterator[None]:
    """A thread waiting beside the build inside, as serve's server and watcher do."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        yield
    finally:
        stop.set()
        other.join()


def test_the_first_build_renders_on_every_core(
    pair: Repo, tmp_path: Path, render_jobs: list[int]
) -> None:
    """serve's first build runs before its server and watcher threads: it forks render workers
    as ``build`` does, and the edits after it (rendered here, from pages whose Markdown only a
    worker drew) still give the full build's site."""
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    assert live.build().full
    assert render_jobs == [2]
    assert_same_as_full(live, pair.root, tmp_path)
    for edit in ("goal body", "check-in body", "file added"):
        EDITS[edit](pair)
        assert not live.build().full
        assert_same_as_full(live, pair.root, tmp_path)
    assert render_jobs == [2]


def test_a_whole_build_beside_other_threads_renders_in_this_process(
    pair: Repo, tmp_path: Path, render_jobs: list[int]
) -> None:
    """Once the server and the watcher run, a build that renders everything again (here: the
    settings changed) must not fork: a worker could inherit a lock one of them holds."""
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    with another_thread():
        EDITS["settings"](pair)
        assert live.build().full
    assert render_jobs == [2, 1]
    assert_same_as_full(live, pair.root, tmp_path)


def test_serve_after_a_build_renders_no_page_body_again(
    pair: Repo, tmp_path: Path, markdown_renders: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the feed's bodies are drawn again, before the pages and kept for the next edit;
    the pages' come from the Markdown cache the build left."""
    from mentorsite.pages import feeds

    monkeypatch.setattr(feeds, "FEED_LIMIT", 1)
    build(pair.root, tmp_path / "built", today=TODAY, jobs=1)
    assert len(markdown_renders) > 1
    markdown_renders.clear()
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    assert len(markdown_renders) == 1
    assert_same_as_full(live, pair.root, tmp_path)


def test_a_build_after_serve_renders_no_body_again(
    pair: Repo, tmp_path: Path, markdown_renders: list[str]
) -> None:
    """serve's first build leaves the Markdown cache as ``build`` would; the edits after it
    leave the cache alone and keep each body's HTML on its page instead: the first edit
    draws the bodies the pages it changed show (the feed's too), later ones the body edited."""
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    assert markdown_renders
    markdown_renders.clear()
    build(pair.root, tmp_path / "built", today=TODAY, jobs=1)
    assert markdown_renders == []
    cache = pair.root / ".mentorsite-cache" / "markdown.json"
    saved = cache.read_bytes()
    EDITS["check-in body"](pair)
    live.build()
    assert "Notes, edited.\n" in markdown_renders
    markdown_renders.clear()
    replace(pair, "content/checkins/2025-01-20.md", "Notes, edited.", "Notes, again.")
    live.build()
    assert markdown_renders == ["Notes, again.\n"]
    assert cache.read_bytes() == saved
    assert_same_as_full(live, pair.root, tmp_path)


@pytest.fixture
def history_forks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folders whose history a LiveBuild started reading in a process of its own."""
    from mentorsite.history import aside as history_aside

    started: list[Path] = []
    real = history_aside.reading

    def reading(root: Path, cache: Path | None = None, *,
                newest: bool = True) -> history_aside.History:
        started.append(root)
        return real(root, cache, newest=newest)

    monkeypatch.setattr(history_aside, "reading", reading)
    return started


def test_the_first_build_reads_the_history_beside_the_content(
    pair: Repo, tmp_path: Path, history_forks: list[Path]
) -> None:
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    assert history_forks == [pair.root]
    assert_same_as_full(live, pair.root, tmp_path)  # build() forks its own reading too
    history_forks.clear()
    EDITS["committed"](pair)  # HEAD moves: read again, in this process (serve's threads run)
    live.build()
    assert history_forks == []
    assert_same_as_full(live, pair.root, tmp_path)


def test_beside_other_threads_the_history_is_read_in_this_process(
    pair: Repo, tmp_path: Path, history_forks: list[Path]
) -> None:
    with another_thread():
        live = LiveBuild(pair.root, tmp_path / "live", TODAY)
        live.build()
    assert history_forks == []
    assert_same_as_full(live, pair.root, tmp_path)


def test_a_history_read_for_a_failed_first_build_is_not_shown_once_head_moved(
    pair: Repo, tmp_path: Path, history_forks: list[Path]
) -> None:
    """The first build fails before it needs the log it started reading; by the next one a
    commit has been made, so that log is out of date and is read again."""
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    replace(pair, "content/checkins/2025-01-20.md", "talks: 2", "talks: two")
    with pytest.raises(BuildFailed):
        live.build()
    assert history_forks == [pair.root]
    replace(pair, "content/checkins/2025-01-20.md", "talks: two", "talks: 5")
    pair.commit("Fix the reading")
    live.build()
    assert history_forks == [pair.root]
    assert "Fix the reading" in (live.out / "history/index.html").read_text(encoding="utf-8")
    assert_same_as_full(live, pair.root, tmp_path)


def test_a_build_runs_without_the_cycle_collector_and_restores_it(
    pair: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As build() does: the heap a build makes holds next to no cycles, and collecting over
    it took over half a second of serve's first build of 5,000 files."""
    import gc

    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    seen: list[bool] = []
    real = live._build

    def _build(*args: object) -> object:
        seen.append(gc.isenabled())
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(live, "_build", _build)
    assert gc.isenabled()
    live.build()
    assert seen == [False]
    assert gc.isenabled()


def test_a_whole_build_says_how_it_is_getting_on_and_an_edit_says_nothing(
    pair: Repo, tmp_path: Path, render_jobs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve's first build of a large site takes a while: it says what ``build`` says."""
    from mentorsite import build as build_module

    monkeypatch.setattr(build_module, "PROGRESS_SECONDS", 0.0)  # every run of pages counts
    said: list[str] = []
    live = LiveBuild(pair.root, tmp_path / "live", TODAY, said.append)
    first = live.build()
    files = len(list((pair.root / "content").rglob("*.md")))
    assert said[:files] == [f"read {done} of {files} files" for done in range(files)]
    assert said[files].startswith("read 7 entries in ")
    assert said[files + 1] == f"rendering {first.result.pages} pages on 2 processes"
    counts = [int(line.split()[1]) for line in said[files + 2:]]
    assert counts and counts == sorted(set(counts)) and all(
        0 < count < first.result.pages for count in counts)
    said.clear()
    EDITS["check-in body"](pair)
    live.build()
    assert said == []


def test_a_body_edit_renders_no_list_of_a_goals_notes_again(pair: Repo, tmp_path: Path) -> None:
    """A goal with more check-in notes than its page shows has a list of them
    (``goals/<id>/notes/``), which shows each check-in's note and readings, not its body: a
    body edit renders the check-in's page only, as it does for the goal's page."""
    for day in range(1, 22):
        pair.write(f"content/checkins/2025-02-{day + 4:02d}.md",
                   CHECKIN.format(goal="speak", talks=day))
    pair.commit("Three weeks of check-ins")
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    assert (live.out / "goals/speak/notes/index.html").exists()
    replace(pair, "content/checkins/2025-02-10.md", "Notes from the session.", "Notes.")
    live.build()
    replace(pair, "content/checkins/2025-02-10.md", "Notes.", "Notes, again.")
    rebuilt = live.build()
    assert rebuilt.rendered == 1  # the check-in's own page: no other page shows its body
    assert_same_as_full(live, pair.root, tmp_path)


@pytest.mark.parametrize(("name", "code", "free", "taken"), [
    ("Speak Up.md", "invalid-file-name", " (did you mean speak-up.md?)",
     " (speak-up.md is taken by another file: merge the two, or give this one another name)"),
    ("Speak Up.markdown", "unknown-file", ": rename it to speak-up.md",
     ", and speak-up.md is taken by another file: merge the two, or give this one another name"),
], ids=["misnamed", "another-extension"])
def test_a_misnamed_file_is_offered_only_a_free_name_after_an_edit_elsewhere(
        pair: Repo, tmp_path: Path, name: str, code: str, free: str, taken: str) -> None:
    """``Speak Up.md`` (or ``Speak Up.markdown``) beside ``speak-up.md`` was told "did you mean
    speak-up.md?" ("rename it to speak-up.md"), the other file's name; and what serve told of
    a file is kept until that file changes, so the hint must follow the other file as it goes
    and comes back."""
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    pair.write(f"content/goals/{name}", GOAL.format(title="Speak up again"))

    def hint() -> str:
        with pytest.raises(BuildFailed) as failed:
            live.build()
        [told] = [item.message for item in failed.value.project.diagnostics
                  if item.code == code]
        return told

    assert hint().endswith(free)
    pair.write("content/goals/speak-up.md", GOAL.format(title="Speak up"))
    assert hint().endswith(taken)
    (pair.root / "content/goals/speak-up.md").unlink()
    assert hint().endswith(free)


def test_linting_the_same_bodies_again_searches_none_of_them(pair: Repo) -> None:
    """Serve lints every entry again after each save, and searched each body four times for
    what it may need checked (an image, a name, a link to an entry, a fragment): a quarter
    of lint's instructions on a rebuild of the 5,000-file benchmark corpus. What a body
    holds is remembered, as the rest of its checks are."""
    from mentorsite.diagnostics import Diagnostics
    from mentorsite.model.lint import lint
    from mentorsite.model.project import read_project

    searched: list[str] = []

    class Searched(str):
        def __contains__(self, part: object) -> bool:
            searched.append(str(part))
            return super().__contains__(part)

    def watched(entry: Any) -> Any:
        return entry.model_copy(
            update={"file": entry.file.model_copy(update={"body": Searched(entry.file.body)})})

    model = read_project(pair.root, TODAY).model
    model = dataclasses.replace(model, **{
        kind: tuple(watched(entry) for entry in getattr(model, kind))
        for kind in ("goals", "checkins", "reflections", "evidence")})
    first, again = Diagnostics(), Diagnostics()
    lint(model, {}, TODAY, first, [])
    assert searched
    searched.clear()
    lint(model, {}, TODAY, again, [])
    assert searched == []
    assert again.sorted() == first.sorted()


def _models(model: BaseModel) -> Iterator[BaseModel]:
    """``model`` and every model in its fields, as a tuple, list or mapping holds them."""
    yield model
    for value in model.__dict__.values():
        items = value.values() if isinstance(value, dict) else value
        for item in items if isinstance(value, tuple | list | dict) else (value,):
            if isinstance(item, BaseModel):
                yield from _models(item)


def test_the_entries_kept_share_one_set_of_each_set_of_their_field_names(
    pair: Repo, tmp_path: Path
) -> None:
    """pydantic gives every model a set of the fields it was given: serve kept 8.7 MiB of
    them for the 5,000-file benchmark corpus's entries, their source files, check-in goals,
    next steps and metrics, for 14 different sets of names. Each entry a build or a
    rebuild reads holds the one set of its names; a copy updated adds to a set of its own."""
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    pair.write("content/checkins/2025-02-10.md", CHECKIN.format(goal="write", talks=4))
    live.build(["content/checkins/2025-02-10.md"])
    assert live.model is not None
    models = [model for entry in live.model.entries() for model in _models(entry)]
    assert len(models) > 20
    assert (len({id(model.model_fields_set) for model in models})
            == len({frozenset(model.model_fields_set) for model in models}))
    first, *_, last = live.model.checkins
    assert first.model_fields_set is last.model_fields_set
    copied = first.model_copy(update={"obstacles": ("A cold",)})
    assert "obstacles" in copied.model_fields_set
    assert "obstacles" not in first.model_fields_set | last.model_fields_set


@pytest.mark.parametrize("module", [validate, kept], ids=["checks", "wins-and-moments"])
def test_what_a_rebuild_keeps_of_each_entry_is_found_again_by_path_not_by_a_new_number(
    pair: Repo, tmp_path: Path, module: ModuleType
) -> None:
    """The fields cache found each document's checks by its ``id`` (two each: its own checks
    and the cross-document ones), and the wins and the timeline each entry's own: a new
    number for every entry after every edit, held beside the last build's until the
    rebuild's end (320 KB and 270 KB on the 5,000-file benchmark corpus). They are found by
    the path the entry holds, so a rebuild keeps nothing new per entry it did not read."""
    for day in range(1, 29):
        pair.write(f"content/checkins/2025-02-{day:02}.md",
                   CHECKIN.format(goal="speak", talks=day % 5))
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    pair.write("content/checkins/2025-02-10.md", CHECKIN.format(goal="write", talks=4))
    tracemalloc.start()
    try:
        live.build(["content/checkins/2025-02-10.md"])
        held = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(True, module.__file__ or "")])
    finally:
        tracemalloc.stop()
    assert live.model is not None and len(live.model.checkins) == 30
    assert sum(stat.count for stat in held.statistics("filename")) < 20, held.statistics("lineno")


def test_the_entries_urls_stay_the_last_builds_while_they_are_the_same(
    pair: Repo, tmp_path: Path
) -> None:
    """The history pages' map of every entry's URL was made again after each edit: 5,000
    new strings and a dict of them, 470 KB at a rebuild's peak on the 5,000-file benchmark
    corpus. An edit that moves no entry keeps the last one; a new entry makes a new one."""
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()

    def urls() -> Any:
        assert live.last is not None
        return live.last.pages["history/index.html"].context["entry_urls"]

    first = urls()
    EDITS["next step due"](pair)
    live.build(["content/checkins/2025-01-20.md"])
    assert urls() is first
    pair.write("content/checkins/2025-02-10.md", CHECKIN.format(goal="write", talks=4))
    live.build(["content/checkins/2025-02-10.md"])
    assert urls() is not first
    assert urls()["content/checkins/2025-02-10.md"] == "checkins/2025-02-10/"
    assert_same_as_full(live, pair.root, tmp_path)


def _checked_out(repo: Repo) -> set[str]:
    """The blob id of every content file HEAD holds."""
    listing = repo.git("ls-tree", "-r", "HEAD", "content").splitlines()
    return {line.split()[2] for line in listing}


def _settle(live: LiveBuild) -> None:
    live.settle()
    gc.unfreeze()  # settle() exempts the heap from the collector: give it back to the tests


def _settled(repo: Repo, out: Path) -> LiveBuild:
    live = LiveBuild(repo.root, out, TODAY)
    live.build()
    _settle(live)
    return live


def test_settling_lets_go_of_the_versions_checked_out(pair: Repo, tmp_path: Path) -> None:
    """serve held each file's newest version from git for as long as it ran, which no edit
    reads again (an edit renders what it read from the working tree): on the 5,000-file
    benchmark corpus, 5.4 MiB at the peak of every edit. Once settled, none is held; the
    older ones are."""
    older = _checked_out(pair)
    replace(pair, "content/checkins/2025-01-06.md", "Going well.", "Going better.")
    pair.commit("Better")
    live = _settled(pair, tmp_path / "live")
    held = live.history.log.blobs
    newest = _checked_out(pair)
    assert len(newest) == 7  # every file of the pair
    assert not newest & held.keys()
    assert set(held) == older - newest  # the check-in as it was
    replace(pair, "content/checkins/2025-01-20.md", "Notes from the session.", "Notes.")
    live.build(["content/checkins/2025-01-20.md"])
    _settle(live)
    assert not newest & live.history.log.blobs.keys()
    assert_same_as_full(live, pair.root, tmp_path)


def test_a_rebuild_that_needs_them_reads_them_back_at_once(
    pair: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file marked private works the history out again, which reads every version: those
    let go of come back from git in one ``cat-file``, and the site is a full build's."""
    live = _settled(pair, tmp_path / "live")
    asked: list[list[str]] = []
    real = checked_out.read_packed

    def counted(root: Path, ids: list[str]) -> dict[str, bytes]:
        asked.append(ids)
        return real(root, ids)

    monkeypatch.setattr(checked_out, "read_packed", counted)
    replace(pair, "content/checkins/2025-01-20.md", "goals:", "private: true\ngoals:")
    live.build(["content/checkins/2025-01-20.md"])
    assert [len(ids) for ids in asked] == [7]
    assert_same_as_full(live, pair.root, tmp_path)
    _settle(live)
    replace(pair, "content/checkins/2025-01-20.md", "private: true\n", "")
    live.build(["content/checkins/2025-01-20.md"])
    assert len(asked) == 2
    assert_same_as_full(live, pair.root, tmp_path)


def test_git_failing_to_give_them_back_fails_the_build(
    pair: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A version let go of and not read back cannot say whether it was private: the rebuild
    fails with git's word, and the site stays as it was, never built without it."""
    live = _settled(pair, tmp_path / "live")
    before = {p: p.read_bytes() for p in (tmp_path / "live").rglob("*") if p.is_file()}

    def failing(root: Path, ids: list[str]) -> dict[str, bytes]:
        raise GitFailed("fatal: not a git repository")

    monkeypatch.setattr(checked_out, "read_packed", failing)
    replace(pair, "content/checkins/2025-01-20.md", "goals:", "private: true\ngoals:")
    with pytest.raises(MentorsiteError, match="git could not read the old file versions"):
        live.build(["content/checkins/2025-01-20.md"])
    after = {p: p.read_bytes() for p in (tmp_path / "live").rglob("*") if p.is_file()}
    assert after == before


def test_a_whole_build_on_forked_workers_lets_go_of_them_as_they_render(
    pair: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers forked to render serve's first start hold the versions they render from:
    serve let go of its own only once settled, after the peak of its first start, which they
    were part of."""
    from mentorsite.output import parallel

    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    monkeypatch.setattr(incremental, "_render_jobs", lambda: 2)
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    assert not _checked_out(pair) & live.history.log.blobs.keys()
    assert_same_as_full(live, pair.root, tmp_path)


def test_serve_holds_no_front_matter_text_and_a_later_problem_is_placed_as_check_does(
    pair: Repo, tmp_path: Path
) -> None:
    """Each document kept the text of its front matter, to place a problem found in it
    later: 3.9 MiB of serve's memory on the 5,000-file benchmark corpus, through its first
    build (it let go of them once settled). None is held once read; a goal deleted then
    makes the check-ins and evidence naming it wrong, and each is placed by reading its file
    again, at the line and column a fresh read gives."""
    from mentorsite.model.project import read_project

    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    documents = [read.document for read in live.reader.known.values() if read.document]
    texts = [doc.path for doc in documents if doc.positions.holds_text]
    assert len(documents) == 7 and texts == []
    (pair.root / "content/goals/write.md").unlink()
    with pytest.raises(BuildFailed) as failed:
        live.build(["content/goals/write.md"])
    found = failed.value.project.diagnostics.sorted()
    assert {d.path for d in found if d.severity == "error"} == {
        "content/checkins/2025-02-03.md", "content/evidence/2025-02-01-feedback.md"}
    assert [(d.path, d.line, d.column, d.message) for d in found] == [
        (d.path, d.line, d.column, d.message)
        for d in read_project(pair.root, TODAY).diagnostics.sorted()]
    assert all(d.line > 1 for d in found if d.severity == "error")


def test_a_file_changed_since_it_was_read_is_placed_at_its_start(
    pair: Repo, tmp_path: Path
) -> None:
    """The text read again is the one read, or none: a file changed since (its rebuild is
    on the way) gives no position at all rather than one of another text."""
    live = _settled(pair, tmp_path / "live")
    read = live.reader.known["content/checkins/2025-02-03.md"]
    assert read.document is not None
    replace(pair, "content/checkins/2025-02-03.md", "goals:", "# a comment\n\ngoals:")
    assert read.document.positions.of_value(("goals", "write", "status")) == (1, 1)


def test_an_edit_to_a_copy_of_a_private_file_hides_its_past_as_a_full_build(
    pair: Repo, tmp_path: Path
) -> None:
    """git takes a goal added in the commit that edited a private one for its copy: its past
    is the private goal's, shown only while the copy's versions differ from its source's
    words, and never while it has uncommitted changes (its page then says another text).
    Saving the copy makes it uncommitted: serve showed its history still, a full build
    withholds it."""
    replace(pair, "content/goals/speak.md", "title:", "private: true\ntitle:")
    pair.commit("Speak is ours")
    replace(pair, "content/goals/speak.md", "in **Markdown**", "in *Markdown*")
    pair.write("content/goals/listen.md", GOAL.format(title="Listen"))
    pair.commit("Listen, copied from speak")
    assert "C" in pair.git("log", "-1", "--name-status", "-C", "--format=")
    live = LiveBuild(pair.root, tmp_path / "live", TODAY)
    live.build()
    assert_same_as_full(live, pair.root, tmp_path)
    told(live, pair, lambda r: replace(r, "content/goals/listen.md", "Be heard.", "Listen."))
    assert_same_as_full(live, pair.root, tmp_path)
