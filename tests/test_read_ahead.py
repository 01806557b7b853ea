"""Front matter read by the Markdown helpers from the last file back while the build reads from
the first: each chunk read by one side only, the documents and problems those of a reading
without helpers, and a file that changed in between read again."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent import futures
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorsite.cachefile import CACHE_FOLDER
from mentorsite.diagnostics import Diagnostics
from mentorsite.markdown import ahead as markdown_ahead
from mentorsite.read import ahead as read_ahead
from mentorsite.read import yamlsafe
from mentorsite.read.frontmatter import FrontMatter, Known, known_front, normalise, split
from mentorsite.read.load import RawDocument, load_content
from tests.test_markdown_cache import checkin, make_site

TEXTS = [
    "---\ntitle: x\nwhen: 2025-01-02\nlist: [a, b]\n---\nBody\n",
    "---\n---\nEmpty front matter.\n",
    "---\n{}\n---\n",
    "---\ntitle: x\n---",
    "---\na: &x 1\nb: *x\n---\nAn alias: read on the full path, positions held.\n",
    "---\n- a list\n---\nNot a mapping.\n",
    "---\ndate: [\n---\nBroken YAML.\n",
    "no front matter\n",
    "---\nnever closed\n",
    # a duplicate key whose value has items: their positions were keyed by a new object in
    # each reading, so a reading ahead never matched (found by Hypothesis in CI)
    "---\nb: [x, 2025-01-02]\nb: [x, 2025-01-02]\n---\n",
]


@pytest.fixture
def helpers_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Helpers for any number of files, three files a chunk."""
    monkeypatch.setattr(markdown_ahead, "MIN_FILES", 1)
    monkeypatch.setattr(read_ahead, "CHUNK", 3)


def as_read(front: FrontMatter) -> tuple[object, ...]:
    """What a split file says, its positions worked out."""
    positions = front.positions
    return (front.meta, positions.values, positions.keys, front.body, front.body_line,
            front.problems)


@pytest.mark.parametrize("text", TEXTS)
def test_a_front_matter_read_ahead_is_the_one_split_reads(text: str):
    known = known_front(text)
    clean = not split(text).problems and split(text).positions.derived is False
    assert (known is not None) == clean
    assert as_read(split(text, known)) == as_read(split(text))


@given(st.lists(st.sampled_from(["---", "a: 1", "b: [x, 2025-01-02]", "c:", "  - d", "", "e: *f",
                                 "text", "g: {h: 1}"]), max_size=8))
def test_a_front_matter_read_ahead_is_the_one_split_reads_for_any_lines(lines: list[str]):
    text = normalise("\n".join(lines))
    assert as_read(split(text, known_front(text))) == as_read(split(text))


def test_a_front_matter_read_from_another_text_is_not_taken():
    before = "---\ntitle: old\n---\nBody\n"
    after = "---\ntitle: new\n---\nBody\n"
    front = split(after, known_front(before))
    assert front.meta == {"title": "new"} and front.pickled is None


def test_each_chunk_is_taken_by_one_side_until_they_meet():
    context = multiprocessing.get_context("fork")
    halves = read_ahead.Halves(context, [f"content/goals/g{i}.md" for i in range(1000)])
    chunks = -(-1000 // read_ahead.CHUNK)
    backs = context.Queue()

    def take_from_the_back() -> None:
        taken = []
        while (chunk := halves.take_back()) is not None:
            taken.append(chunk)
        backs.put(taken)

    helper = context.Process(target=take_from_the_back)
    helper.start()
    fronts = []
    while (chunk := halves.take_front()) is not None:
        fronts.append(chunk)
    theirs = backs.get(timeout=30)
    helper.join()
    assert fronts == list(range(len(fronts)))
    assert theirs == list(range(chunks - 1, len(fronts) - 1, -1))
    assert halves.take_back() is None and halves.take_front() is None


def parses_here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The YAML texts this process reads (a forked helper's reads are not seen)."""
    seen: list[str] = []
    read = yamlsafe.read_yaml

    def counted(text: str, line_offset: int = 0) -> yamlsafe.YamlResult:
        seen.append(text)
        return read(text, line_offset)

    monkeypatch.setattr("mentorsite.read.frontmatter.read_yaml", counted)
    return seen


def helpers_done(ahead: markdown_ahead.Ahead) -> None:
    """Wait until the helpers have read every front matter they could take."""
    deadline = time.monotonic() + 60
    while not all(task.done() for task in ahead._reads) and time.monotonic() < deadline:
        time.sleep(0.01)


def documents(root: Path, shared: read_ahead.Shared | None = None
              ) -> tuple[list[RawDocument], list[object], dict[str, tuple[bytes, str]]]:
    diagnostics = Diagnostics()
    fronts: dict[str, tuple[bytes, str]] = {}
    found = load_content(root, diagnostics, fronts, shared)
    read = [(d.kind, d.path, d.slug, d.file_date, d.meta, d.positions.values,
             d.positions.keys, d.body, d.body_line) for d in found]
    return read, diagnostics.sorted(), fronts


def test_the_helpers_read_what_this_process_does_not(tmp_path, helpers_always, monkeypatch):
    site = make_site(tmp_path / "pair", 28)
    (site / "content/checkins/2025-01-02.md").write_text("---\ndate: [\n---\nBroken YAML.\n")
    (site / "content/checkins/2025-01-03.md").write_text("---\na: &x 1\nb: *x\n---\nAlias.\n")
    (site / "content/checkins/notes.txt").write_text("not content\n")
    alone = documents(site)
    seen = parses_here(monkeypatch)
    with markdown_ahead.rendering(site, site / CACHE_FOLDER, 1) as ahead:
        helpers_done(ahead)  # they took every chunk
        assert ahead.reading is not None
        shared = documents(site, ahead.reading)
        assert ahead.reading._theirs == {}  # nothing of theirs held after the reading
    assert shared == alone
    # Only the two front matters the helpers could not take cleanly were read here.
    assert seen == ["date: [\n", "a: &x 1\nb: *x\n"]
    assert multiprocessing.active_children() == []


def test_the_two_sides_meet_in_the_middle(tmp_path, helpers_always, monkeypatch):
    site = make_site(tmp_path / "pair", 28)
    alone = documents(site)
    seen = parses_here(monkeypatch)
    monkeypatch.setattr(read_ahead, "read_text", slowly(read_ahead.read_text))
    with markdown_ahead.rendering(site, site / CACHE_FOLDER, 1) as ahead:
        assert ahead.reading is not None
        taken = ahead.reading._halves._taken
        deadline = time.monotonic() + 60
        while taken[1] == 10 and time.monotonic() < deadline:  # the helper took a chunk
            time.sleep(0.001)
        shared = documents(site, ahead.reading)
    assert shared == alone
    assert 0 < len(seen) < 29


def slowly(read: Callable[[Path, str, Diagnostics], str | None]
           ) -> Callable[[Path, str, Diagnostics], str | None]:
    """``read`` taking long enough that this process reads some files itself."""
    def slow(root: Path, relpath: str, diagnostics: Diagnostics) -> str | None:
        time.sleep(0.02)
        return read(root, relpath, diagnostics)
    return slow


def test_a_file_changed_after_the_helper_read_it_is_read_again(tmp_path, helpers_always):
    site = make_site(tmp_path / "pair", 28)
    with markdown_ahead.rendering(site, site / CACHE_FOLDER, 1) as ahead:
        helpers_done(ahead)
        (site / "content/checkins/2025-01-27.md").write_text(checkin(27, "Changed"))
        (site / "content/checkins/2025-01-28.md").write_text(
            "---\ndate: 2025-01-28\ngoals: {speak: {}}\nmood: 6\n---\nNew.\n")
        shared = documents(site, ahead.reading)
    assert shared == documents(site)
    changed = {read[1]: read[4] for read in shared[0]}  # path → front matter
    assert changed["content/checkins/2025-01-28.md"]["mood"] == 6
    assert changed["content/checkins/2025-01-27.md"] != {}


def test_a_file_added_after_the_helpers_started_leaves_them_out(tmp_path, helpers_always,
                                                                monkeypatch):
    site = make_site(tmp_path / "pair", 28)
    with markdown_ahead.rendering(site, site / CACHE_FOLDER, 1) as ahead:
        helpers_done(ahead)
        (site / "content/checkins/2025-01-29.md").write_text(checkin(29, "Added"))
        seen = parses_here(monkeypatch)
        shared = documents(site, ahead.reading)
    assert len(seen) == 30  # the indices moved: every front matter is read here
    assert shared == documents(site)


def test_the_history_keeps_the_helpers_pickles(tmp_path, helpers_always):
    site = make_site(tmp_path / "pair", 28)
    with markdown_ahead.rendering(site, site / CACHE_FOLDER, 1) as ahead:
        helpers_done(ahead)
        _, _, fronts = documents(site, ahead.reading)
    assert {key: (pickle.loads(meta), body) for key, (meta, body) in fronts.items()} == {
        key: (pickle.loads(meta), body) for key, (meta, body) in documents(site)[2].items()}


def test_a_helper_that_does_not_answer_is_done_without(tmp_path, helpers_always, monkeypatch):
    """A helper gone quiet (killed, say) costs the reading a bounded wait, not the build."""
    site = make_site(tmp_path / "pair", 28)
    read_back = read_ahead.read_back

    def stuck(root: Path, halves: read_ahead.Halves, stopping: Callable[[], bool]
              ) -> dict[int, tuple[int, bytes]]:
        found = read_back(root, halves, stopping)
        time.sleep(6)
        return found

    monkeypatch.setattr(read_ahead, "read_back", stuck)
    monkeypatch.setattr(markdown_ahead, "GATHER_SECONDS", 0.1)
    seen = parses_here(monkeypatch)
    with markdown_ahead.rendering(site, site / CACHE_FOLDER, 1) as ahead:
        started = time.monotonic()
        shared = documents(site, ahead.reading)
        waited, read_here = time.monotonic() - started, len(seen)
    assert waited < 4 and read_here == 29  # all read here, not after the helper's 6 s
    assert shared == documents(site)


SHARING = ("mentorsite/read/ahead.py", "mentorsite/markdown/ahead.py",
           "multiprocessing/synchronize.py", "multiprocessing/sharedctypes.py")
"""The code by which a helper shares the reading and hears the stop with this process: its own,
and whatever multiprocessing holds for it (its locks)."""


def killed_at(line: int, read_back: Callable[[Path, read_ahead.Halves, Callable[[], bool]],
                                             dict[int, Known]]
              ) -> Callable[[Path, read_ahead.Halves, Callable[[], bool]], dict[int, Known]]:
    """``read_back``, in a helper killed (SIGKILL) as it comes to the ``line``-th line it
    runs of the code that it shares with this process."""
    def killing(root: Path, halves: read_ahead.Halves, stopping: Callable[[], bool]
                ) -> dict[int, Known]:
        seen = 0

        def trace(frame: FrameType, event: str, _: object) -> object:
            nonlocal seen
            if not frame.f_code.co_filename.endswith(SHARING):
                return None
            if event == "line":
                seen += 1
                if seen == line:
                    os.kill(os.getpid(), signal.SIGKILL)
            return trace

        sys.settrace(trace)
        try:
            return read_back(root, halves, stopping)
        finally:
            sys.settrace(None)
    return killing


def test_a_helper_killed_anywhere_in_the_reading_keeps_nothing_waiting(tmp_path, helpers_always,
                                                                      monkeypatch):
    """A helper killed (the kernel out of memory, ``kill -9``) at each line in turn of what it
    shares with this process, until one it outlives: the reading and the stop go on, the
    documents those of a reading alone. A shared lock it died holding (the chunks taken, the
    sign to stop) kept the build waiting for it forever."""
    site = make_site(tmp_path / "pair", 8)
    alone = documents(site)
    killed = []
    read_back = read_ahead.read_back
    for line in itertools.count(1):
        monkeypatch.setattr(read_ahead, "read_back", killed_at(line, read_back))
        shared: list[object] = []

        def read(shared: list[object]) -> None:
            with markdown_ahead.rendering(site, site / CACHE_FOLDER, 1) as ahead:
                futures.wait(ahead._reads, 30)  # the helper has read, or is dead
                killed.append(ahead._reads[0].exception() is not None)
                shared.append(documents(site, ahead.reading))

        reading = threading.Thread(target=read, args=(shared,), daemon=True)
        reading.start()
        reading.join(30)
        assert not reading.is_alive(), f"the build waited for a helper killed at line {line}"
        assert shared == [alone]
        if not killed[-1]:
            break
    assert killed[:-1] == [True] * (len(killed) - 1) and len(killed) > 10
