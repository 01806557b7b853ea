"""Markdown rendered ahead, on the cores reading leaves idle: the same HTML under the same keys
as the render workers would make, helpers always stopped, and the site unchanged."""

from __future__ import annotations

import contextlib
import errno
import json
import multiprocessing
import os
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorsite.build import build
from mentorsite.cachefile import CACHE_FOLDER
from mentorsite.errors import BuildFailed
from mentorsite.markdown import ahead as markdown_ahead
from mentorsite.markdown import cache as markdown_cache
from mentorsite.markdown import engine as markdown
from mentorsite.output import parallel
from mentorsite.read.frontmatter import body_of, normalise, split
from mentorsite.workers import RESULTS_PIPE_BYTES
from tests.conftest import build_in_a_fresh_interpreter
from tests.test_markdown_cache import GOAL, TODAY, make_site
from tests.test_workers import linux, results_pipe_bytes


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "pair", 28)


@pytest.fixture
def ahead_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Helpers for any number of files, a few files a task, pages rendered in a pool."""
    monkeypatch.setattr(markdown_ahead, "MIN_FILES", 1)
    monkeypatch.setattr(markdown_ahead, "FILES_PER_TASK", 3)
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)


@pytest.mark.parametrize("text", [
    "---\ntitle: x\n---\nBody\n", "---\n---\n", "---\ntitle: x\n---", "---  \na: 1\n--- \n\n# H\n",
    "no front matter\n", "---\nnever closed\n", "", "---\na: |\n  ---\n---\nafter\n",
])
def test_the_body_is_the_one_split_gives(text: str):
    front = split(text)
    closed = not any(p.code in ("missing-front-matter", "unterminated-front-matter")
                     for p in front.problems)
    assert body_of(text) == (front.body if closed else None)


@given(st.lists(st.sampled_from(["---", "--- ", "title: x", "", "text", "a: [1"]), max_size=8))
def test_the_body_is_the_one_split_gives_for_any_lines(lines: list[str]):
    text = normalise("\n".join(lines))
    front = split(text)
    closed = not any(p.code in ("missing-front-matter", "unterminated-front-matter")
                     for p in front.problems)
    assert body_of(text) == (front.body if closed else None)


def finished(ahead: markdown_ahead.Ahead) -> dict[str, str]:
    """What the helpers make once they have had all the time they need."""
    deadline = time.monotonic() + 60
    while not all(task.done() for task in ahead._tasks) and time.monotonic() < deadline:
        time.sleep(0.01)
    return ahead.finish()


def test_helpers_render_each_new_body_under_its_cache_key(site, ahead_always):
    (site / "content/checkins/2025-01-02.md").write_text("---\ndate: [\n---\nBroken YAML.\n")
    (site / "content/checkins/2025-01-03.md").write_text("no front matter at all\n")
    cache = site / CACHE_FOLDER
    with markdown_cache.cached(cache) as earlier:  # an earlier build used day 5's body
        earlier.render("Talked on day 5.\n")
    with markdown_ahead.rendering(site, cache, 2) as ahead:
        done = finished(ahead)
    bodies = [GOAL.split("---\n", 2)[2], "Broken YAML.\n"]
    bodies += [f"Talked on day {day}.\n" for day in range(1, 29) if day not in (2, 3, 5)]
    assert done == {markdown_cache.key(body): markdown.render(body) for body in bodies}


def test_helpers_are_stopped_however_the_block_ends(site, ahead_always):
    with pytest.raises(RuntimeError), \
            markdown_ahead.rendering(site, site / CACHE_FOLDER, 2):
        assert len(multiprocessing.active_children()) == 2
        raise RuntimeError("the build failed")
    assert multiprocessing.active_children() == []


def test_no_helpers_for_a_small_site_or_one_core(site):
    for helpers in (0, 1):
        with markdown_ahead.rendering(site, site / CACHE_FOLDER, helpers) as ahead:
            assert multiprocessing.active_children() == []  # 29 files: below MIN_FILES
            assert ahead.finish() == {}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=T", "-c", "user.email=t@x",
                    *args], check=True, capture_output=True)


def test_a_build_with_helpers_makes_the_same_site(site, tmp_path, ahead_always):
    secret = "---\ndate: 2025-01-28\nprivate: true\ngoals:\n  speak: {}\n---\nSecret.\n"
    (site / "content/checkins/2025-01-28.md").write_text(secret)
    git(site, "init", "-q")
    git(site, "add", ".")
    git(site, "commit", "-qm", "Start")
    build(site, tmp_path / "one", today=TODAY, jobs=1)
    (site / CACHE_FOLDER / markdown_cache.FILE).unlink()
    build(site, tmp_path / "two", today=TODAY, jobs=2)
    one, two = tmp_path / "one", tmp_path / "two"
    names = sorted(str(p.relative_to(one)) for p in one.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(two)) for p in two.rglob("*") if p.is_file())
    assert all((one / name).read_bytes() == (two / name).read_bytes() for name in names)
    kept = json.loads((site / CACHE_FOLDER / markdown_cache.FILE).read_text())["html"]
    assert len(kept) == 28 and markdown_cache.key("Secret.\n") not in kept  # rendered, unused
    assert multiprocessing.active_children() == []


def test_a_failed_build_stops_the_helpers_and_saves_no_cache(site, tmp_path, ahead_always):
    (site / "content/checkins/2025-01-02.md").write_text("---\ndate: [\n---\nBroken.\n")
    with pytest.raises(BuildFailed):
        build(site, tmp_path / "out", today=TODAY, history=False, jobs=2)
    assert multiprocessing.active_children() == []
    assert not (site / CACHE_FOLDER / markdown_cache.FILE).exists()



@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts /proc/self/fd")
@pytest.mark.parametrize("fails", [False, True], ids=["built", "failed"])
def test_builds_one_after_another_leave_no_file_open(site, tmp_path, ahead_always, fails):
    """The helpers' lock file is closed as they end, not once the cycle collector finds the
    build's reading: a process building again and again held one file more each time."""
    if fails:
        (site / "content/checkins/2025-01-02.md").write_text("---\ndate: [\n---\nBroken.\n")
    opened = []
    edited = site / "content/checkins/2025-01-04.md"
    for turn in range(4):  # the first opens what stays open for the next (loaded modules)
        edited.write_text(f"{edited.read_text()}\nEdit {turn}.\n")
        with contextlib.suppress(BuildFailed):
            build(site, tmp_path / "out", today=TODAY, history=False, jobs=2)
        opened.append(len(os.listdir("/proc/self/fd")))
    assert opened[1:] == [opened[1]] * 3


def test_a_build_goes_on_without_helpers_when_the_temporary_folder_is_full(
        site, tmp_path, ahead_always, monkeypatch):
    """The helpers share a lock file and shared memory, made in the temporary folders: with no
    room there, the build stopped with a traceback, where it needs neither to be built."""
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(tempfile, "mkstemp", full)
    result = build(site, tmp_path / "out", today=TODAY, history=False, jobs=2)
    assert result.pages and (tmp_path / "out/index.html").is_file()
    assert multiprocessing.active_children() == []


def test_helpers_stop_between_files_without_a_signal(site, monkeypatch):
    """Told to stop, the helpers end the file they are on and leave: they are sent home,
    never killed."""
    monkeypatch.setattr(markdown_ahead, "MIN_FILES", 1)
    monkeypatch.setattr(markdown_ahead, "FILES_PER_TASK", 1000)  # one task: all the files
    killed = []
    monkeypatch.setattr(markdown_ahead.Workers, "end", lambda self: killed.append(
        [worker.process.exitcode for worker in self._workers]))
    with markdown_ahead.rendering(site, site / CACHE_FOLDER, 1) as ahead:
        done = ahead.finish()
    assert killed == [[0]], "ended, not killed"
    assert multiprocessing.active_children() == []
    every = {markdown_cache.key(f"Talked on day {day}.\n") for day in range(1, 29)}
    assert set(done) <= every | {markdown_cache.key(GOAL.split("---\n", 2)[2])}
    assert all(html == markdown.render(text) for text in [f"Talked on day {d}.\n"
               for d in range(1, 29)] if (html := done.get(markdown_cache.key(text))))


def test_the_cli_starts_the_helpers_before_it_loads_the_build(site, tmp_path):
    """The helpers render while the build's own machinery (the model, Jinja) is imported: they
    are forked before it, so they hold none of it."""
    heavy = ("mentorsite.build", "mentorsite.model.entries", "pydantic", "jinja2")
    patch = (
        "from mentorsite.markdown import ahead as markdown_ahead\n"
        "markdown_ahead.MIN_FILES = 1\n"
        "markdown_ahead.default_jobs = lambda: 2\n"
        "render = markdown_ahead._render\n"
        "def seen(*span):\n"
        f"    print('HELPER HAS', *(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)\n"
        "    return render(*span)\n"
        "markdown_ahead._render = seen\n"
    )
    done = build_in_a_fresh_interpreter(patch, site, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    said = [line for line in done.stderr.splitlines() if line.startswith("HELPER HAS")]
    assert said and all(line == "HELPER HAS" for line in said), done.stderr
    assert (tmp_path / "out/checkins/2025-01-28/index.html").is_file()


@linux
def test_the_helpers_hand_back_their_bodies_through_a_roomy_pipe(site, ahead_always):
    with markdown_ahead.rendering(site, site / CACHE_FOLDER, 1) as ahead:
        assert ahead._pool is not None
        assert results_pipe_bytes(ahead._pool) == RESULTS_PIPE_BYTES


def test_a_helper_hands_back_its_markdown_in_few_results(tmp_path, monkeypatch):
    """Each result is taken, and the helper handed its next task, by a thread of the building
    process that waits its turn on the interpreter lock while the content is read: at 25
    files a task, a helper on the 5,000-file benchmark corpus waited about half its time.
    451 files are three tasks of up to 200, every body rendered as the workers would."""
    from datetime import date, timedelta

    monkeypatch.setattr(markdown_ahead, "MIN_FILES", 1)
    site = make_site(tmp_path / "pair", 1)
    first = date(2023, 1, 1)  # then 2025-01-01, make_site's, stays
    for day in range(450):
        (site / f"content/checkins/{first + timedelta(days=day)}.md").write_text(
            f"---\ngoals:\n  speak: {{}}\n---\nMet on day {day}.\n")
    with markdown_ahead.rendering(site, site / CACHE_FOLDER, 1) as ahead:
        tasks = len(ahead._tasks)
        done = finished(ahead)
    assert tasks == 3
    bodies = [GOAL.split("---\n", 2)[2], "Talked on day 1.\n",
              *(f"Met on day {day}.\n" for day in range(450))]
    assert done == {markdown_cache.key(body): markdown.render(body) for body in bodies}
