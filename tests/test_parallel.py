"""Render workers: they write every page and leave on their own once the work is done."""

from __future__ import annotations

import os
import signal
from datetime import date
from pathlib import Path
from typing import Any

from mentorsite.build import build
from mentorsite.output import parallel

GOAL = ("---\ntitle: Speak up\nstarted: 2025-01-01\ndue: 2025-06-30\nwhy: Be heard.\n"
        "success: Two talks.\n---\nThe goal.\n")


def test_workers_are_let_finish_not_terminated(tmp_path: Path, monkeypatch) -> None:
    """Terminating the pool signals workers while holding the task queue's lock, and a worker
    waiting for that lock was seen to outlive the signal, leaving the build waiting forever."""
    root = tmp_path / "pair"
    (root / "content/goals").mkdir(parents=True)
    (root / "content/checkins").mkdir()
    (root / "content/goals/speak.md").write_text(GOAL)
    for day in range(1, 11):
        (root / f"content/checkins/2025-01-{day:02d}.md").write_text(
            f"---\ngoals:\n  speak: {{}}\n---\nDay {day}.\n")
    sent: list[int] = []
    real_kill = os.kill

    def kill(pid: int, sig: int) -> None:
        sent.append(sig)
        real_kill(pid, sig)

    monkeypatch.setattr(os, "kill", kill)
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    build(root, tmp_path / "_site", today=date(2025, 3, 1), history=False, jobs=2)
    assert (tmp_path / "_site/checkins/2025-01-10/index.html").is_file()
    assert signal.SIGTERM not in sent


def _small_site(tmp_path: Path) -> Path:
    root = tmp_path / "pair"
    (root / "content/goals").mkdir(parents=True)
    (root / "content/goals/speak.md").write_text(GOAL)
    return root


def test_the_other_files_are_written_while_the_workers_render(tmp_path: Path,
                                                             monkeypatch) -> None:
    """The build's process is idle while forked workers render: that is when it writes
    data.json and the calendar, after the workers were forked (they never inherit it)."""
    import multiprocessing

    from mentorsite.output import folder as output

    seen: dict[str, object] = {}
    real_write_files = output._write_files

    def write_files(staging: Path, files, copies) -> None:
        seen["workers"] = len(multiprocessing.active_children())
        seen["pid"] = os.getpid()
        real_write_files(staging, files, copies)

    monkeypatch.setattr(output, "_write_files", write_files)
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    build(_small_site(tmp_path), tmp_path / "_site", today=date(2025, 3, 1), history=False,
          jobs=2)
    assert seen == {"workers": 2, "pid": os.getpid()}
    assert (tmp_path / "_site/data.json").is_file()
    assert (tmp_path / "_site/goals/speak/index.html").is_file()


def test_in_one_process_the_other_files_come_before_the_pages(tmp_path: Path,
                                                              monkeypatch) -> None:
    from mentorsite.output import folder as output

    pages_then: list[list[str]] = []
    real_write_files = output._write_files

    def write_files(staging: Path, files, copies) -> None:
        pages_then.append(sorted(p.name for p in staging.rglob("index.html")))
        real_write_files(staging, files, copies)

    monkeypatch.setattr(output, "_write_files", write_files)
    build(_small_site(tmp_path), tmp_path / "_site", today=date(2025, 3, 1), history=False,
          jobs=1)
    assert pages_then == [[]]
    assert (tmp_path / "_site/calendar.ics").is_file()
    assert (tmp_path / "_site/goals/speak/index.html").is_file()


def _checkins_site(tmp_path: Path, count: int) -> Path:
    root = _small_site(tmp_path)
    (root / "content/checkins").mkdir()
    for day in range(1, count + 1):
        (root / f"content/checkins/2025-01-{day:02d}.md").write_text(
            f"---\ngoals:\n  speak: {{}}\n---\nDay {day}, é.\n")
    return root


def _pages_of(tmp_path: Path, count: int) -> tuple[list[Any], Any]:
    """The pages of a site of ``count`` check-ins, and the renderer a build draws them with."""
    from mentorsite.model.insights import insights
    from mentorsite.model.project import read_project
    from mentorsite.model.publish import published
    from mentorsite.pages.site import site_pages
    from mentorsite.render.templates import renderer
    from mentorsite.render.theme import theme_folders

    root = _checkins_site(tmp_path, count)
    project = read_project(root, date(2025, 3, 1))
    pages = site_pages(insights(published(project.model), project.today), None)
    settings = project.model.settings
    return pages, renderer(theme_folders(root, settings), settings, project.today, None)


def test_a_page_is_written_whole_when_the_system_takes_part_of_each_write(
    tmp_path: Path, monkeypatch
) -> None:
    """A write may take fewer bytes than it is given: the rest is written after it."""
    root = _checkins_site(tmp_path, 3)
    build(root, tmp_path / "whole", today=date(2025, 3, 1), history=False, jobs=1)
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:7])))
    build(root, tmp_path / "bits", today=date(2025, 3, 1), history=False, jobs=1)
    monkeypatch.undo()
    for page in (tmp_path / "whole").rglob("index.html"):
        assert (tmp_path / "bits" / page.relative_to(tmp_path / "whole")).read_bytes() == \
            page.read_bytes()


def test_each_page_costs_one_mkdir_and_no_text_file_object(tmp_path: Path, monkeypatch) -> None:
    """A page alone in a folder whose parent is made already costs one ``mkdir`` (makedirs
    looks at the parent first), and its file is opened at the system's level: the file
    objects stacked for text were a fifth of the Python time spent writing pages."""
    import builtins

    pages, render = _pages_of(tmp_path, 9)
    out = tmp_path / "_site"
    (out / "checkins").mkdir(parents=True)
    calls: list[tuple[str, str]] = []

    def spy(name: str, real):
        def called(path, *args, **kwargs):
            calls.append((name, os.fspath(path)))
            return real(path, *args, **kwargs)
        return called

    monkeypatch.setattr(os, "mkdir", spy("mkdir", os.mkdir))
    monkeypatch.setattr(os, "makedirs", spy("makedirs", os.makedirs))
    monkeypatch.setattr(builtins, "open", spy("open", builtins.open))
    parallel._write(out, pages, render, range(len(pages)), {})
    monkeypatch.undo()
    checkins = [(name, path) for name, path in calls if "/checkins/" in path]
    assert sorted(checkins) == sorted(
        ("mkdir", str(out / f"checkins/2025-01-{day:02d}")) for day in range(1, 10))
    assert not [path for name, path in calls if name == "open"]
    assert (out / "checkins/2025-01-09/index.html").read_text().count("Day 9, é.") == 1


def test_a_page_is_placed_without_a_path_object(tmp_path: Path, monkeypatch) -> None:
    """Where a page goes is found from its plain relative path by splitting it at its
    slashes: a ``PurePosixPath`` made for each page was half the Python of placing it, once
    per page (twice the pages with history: one per commit)."""
    import pathlib

    pages, render = _pages_of(tmp_path, 5)
    out = tmp_path / "_site"
    out.mkdir()
    made: list[str] = []
    real_new = pathlib.PurePosixPath.__new__

    def counted(cls, *args):
        made.append(cls.__name__)
        return real_new(cls, *args)

    monkeypatch.setattr(pathlib.PurePosixPath, "__new__", counted)
    parallel._write(out, pages, render, range(len(pages)), {})
    monkeypatch.undo()
    assert len(pages) > 5 and made == []
    assert (out / "checkins/2025-01-05/index.html").read_text().count("Day 5, é.") == 1


def test_one_process_tells_its_progress_every_few_pages_however_large_the_site(
        tmp_path: Path) -> None:
    """``done`` is where serve's whole rebuild gives up once serve stops; rendering in this
    process told it after each 32nd of the site, so on a 10,000-page site Ctrl-C waited for
    320 pages (2 s) to render."""

    class Quick:
        def render_in_parts(self, page: object) -> list[str]:
            return ["x"]

    class Named:
        def __init__(self, index: int) -> None:
            self.output_path = f"p{index}.html"

    told: list[int] = []
    pages = [Named(index) for index in range(3_000)]
    parallel.render_pages(tmp_path, pages, Quick(), 1,  # type: ignore[arg-type]
                          lambda done, _total: told.append(done))
    assert told[-1] == 3_000
    assert max(b - a for a, b in zip([0, *told], told, strict=False)) <= 32
