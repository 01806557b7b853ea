"""Nothing lost: a build replaces the site whole or not at all, even when killed or doubled.

Unit tests drive :func:`mentorsite.output.folder.write_site` through each way a swap can go (atomic
exchange, the two-rename fallback, a failure between its renames, leftovers of killed builds).
End-to-end tests run ``python -m mentorsite build`` in subprocesses on a generated repository
large enough to render on several processes, send SIGTERM, SIGINT or SIGHUP at several moments, and
compare the output folder with a manifest (path → SHA-256) of a complete build.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

import mentorsite
from mentorsite.errors import OutputError
from mentorsite.output import folder as output
from mentorsite.output.folder import MARKER, write_site
from tests.conftest import Repo
from tests.processes import running_with, stopped_in_set_name, stopped_into_an_error

TODAY = "2025-06-15"
PACKAGE_PARENT = str(Path(mentorsite.__file__).resolve().parents[1])


def manifest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by relative path, with the SHA-256 of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def leftovers(out: Path) -> list[str]:
    """Staging or retired folders of ``out`` still lying beside it."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


# --- write_site ------------------------------------------------------------------------------


def test_a_stop_right_as_the_staging_folder_is_made_leaves_none(tmp_path, monkeypatch):
    """A Ctrl-C that Python raises just after the folder a build writes into is made, before
    the build holds its name, must still see it removed: the build's clean-up knew only a
    name it had been given, and a signal sent the moment the folder appeared (the kill
    tests below do) left it lying beside the site."""
    out = tmp_path / "_site"
    write_site(out, {"index.html": "1"}, {})
    real_mkdir = os.mkdir

    def stopped_as_made(path, *args, **kwargs):
        real_mkdir(path, *args, **kwargs)
        if os.path.basename(path).startswith("._site.building-"):
            raise KeyboardInterrupt

    monkeypatch.setattr(os, "mkdir", stopped_as_made)
    with pytest.raises(KeyboardInterrupt):
        write_site(out, {"index.html": "2"}, {})
    assert leftovers(out) == []
    assert (out / "index.html").read_text() == "1"


def test_the_swap_is_one_atomic_exchange_on_linux(tmp_path, monkeypatch):
    if output._renameat2() is None:
        pytest.skip("renameat2 is Linux-only")
    calls: list[bool] = []
    real = output._exchange
    monkeypatch.setattr(output, "_exchange", lambda a, b: calls.append(real(a, b)) or calls[-1])
    out = tmp_path / "_site"
    write_site(out, {"index.html": "1"}, {})
    assert calls == [], "nothing to exchange with the first time"
    write_site(out, {"index.html": "2"}, {})
    assert calls == [True]
    assert (out / "index.html").read_text() == "2"
    assert leftovers(out) == []


def test_the_exchange_swaps_two_folders(tmp_path):
    if output._renameat2() is None:
        pytest.skip("renameat2 is Linux-only")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x").write_text("a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x").write_text("b")
    assert output._exchange(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "a" / "x").read_text() == "b"
    assert (tmp_path / "b" / "x").read_text() == "a"


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two renames"])
def test_an_output_folder_that_is_a_link_stays_a_link(tmp_path, monkeypatch, exchange):
    """A pair that links ``_site`` to where its web server reads (``/var/www/plan``) keeps
    the link, and the site lands where it leads: the link is theirs."""
    if not exchange:
        monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    served = tmp_path / "www" / "plan"
    served.mkdir(parents=True)
    out = tmp_path / "repo" / "_site"
    out.parent.mkdir()
    out.symlink_to(served, target_is_directory=True)
    write_site(out, {"index.html": "1"}, {})
    write_site(out, {"index.html": "2"}, {})
    assert out.is_symlink() and out.resolve() == served.resolve()
    assert (served / "index.html").read_text() == "2"
    assert leftovers(out) == [] and leftovers(served) == []


@pytest.mark.parametrize("mask", [0o002, 0o077])
def test_the_site_folder_takes_its_mode_from_the_umask_as_the_folders_in_it_do(tmp_path, mask):
    """The top of the site was always made 0755, whatever the umask, while everything in it
    followed the umask. A team sharing a deployment folder (umask 002, a setgid group folder)
    then could not remove one another's previous site after the swap: each build left the
    last one's whole site lying beside the new one as ``.site.building-…``, without a word.
    Under umask 077 the top was the one folder others could list."""
    previous = os.umask(mask)
    output._umask.cache_clear()
    try:
        out = tmp_path / "site"
        write_site(out, {"index.html": "1", "goals/a/index.html": "a"}, {})
    finally:
        os.umask(previous)
        output._umask.cache_clear()
    modes = {name: (out / name).stat().st_mode & 0o777 for name in (".", "goals", "index.html")}
    assert modes == {".": 0o777 & ~mask, "goals": 0o777 & ~mask, "index.html": 0o666 & ~mask}


def test_without_exchange_two_renames_replace_the_site(tmp_path, monkeypatch):
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    out = tmp_path / "_site"
    write_site(out, {"old.html": "old", "index.html": "1"}, {})
    write_site(out, {"index.html": "2"}, {})
    assert manifest(out).keys() == {"index.html", MARKER}
    assert (out / "index.html").read_text() == "2"
    assert leftovers(out) == []


def test_a_site_that_cannot_be_moved_aside_is_left_with_nothing_beside_it(tmp_path, monkeypatch):
    """Without the exchange, the old site is first moved into a ``.<name>.old-*`` folder;
    when that move failed (a folder busy or locked), the empty folder made for it was left
    beside the site."""
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    out = tmp_path / "_site"
    write_site(out, {"index.html": "old"}, {})
    real_rename = os.rename

    def failing_rename(source, target):
        if Path(source) == out:
            raise OSError(16, "Device or resource busy")
        real_rename(source, target)

    monkeypatch.setattr(output.os, "rename", failing_rename)
    with pytest.raises(OutputError, match="Device or resource busy"):
        write_site(out, {"index.html": "new"}, {})
    assert (out / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_a_failure_between_the_two_renames_puts_the_old_site_back(tmp_path, monkeypatch):
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    out = tmp_path / "_site"
    write_site(out, {"index.html": "old"}, {})
    real_rename = os.rename

    def failing_rename(source, target):
        if Path(source).name.startswith("._site.building-") and Path(target) == out:
            raise OSError(5, "Input/output error")
        real_rename(source, target)

    monkeypatch.setattr(output.os, "rename", failing_rename)
    with pytest.raises(OutputError, match="Input/output error"):  # a user error, said once
        write_site(out, {"index.html": "new"}, {})
    assert (out / "index.html").read_text() == "old"
    assert leftovers(out) == []


def test_the_next_build_recovers_a_site_cut_off_between_the_renames(tmp_path):
    """SIGKILL between the fallback's renames leaves the old site in ``.<name>.old-*/site``."""
    out = tmp_path / "_site"
    write_site(out, {"index.html": "old", "goals/a/index.html": "a"}, {})
    before = manifest(out)
    retired = tmp_path / "._site.old-killed"
    retired.mkdir()
    os.rename(out, retired / "site")
    half = tmp_path / "._site.building-killed"
    (half / "goals").mkdir(parents=True)
    (half / MARKER).write_text("")
    (half / "index.html").write_text("half")
    with pytest.raises(OutputError):  # this build fails too, after tidying up
        write_site(out, {"index.html": "new", "../escape.html": "x"}, {})
    assert manifest(out) == before
    assert leftovers(out) == []


def test_leftovers_are_removed_but_foreign_folders_kept(tmp_path):
    out = tmp_path / "_site"
    write_site(out, {"index.html": "1"}, {})
    ours = {
        "._site.building-a": {MARKER: "", "index.html": "half"},
        "._site.building-empty": {},
        "._site.old-b": {f"site/{MARKER}": "", "site/index.html": "older"},
        "._site.old-empty": {},
    }
    foreign = {
        "._site.building-notes": {"thesis.tex": "years of work"},
        "._site.old-notes": {"site/thesis.tex": "years of work"},
    }
    for name, files in {**ours, **foreign}.items():
        (tmp_path / name).mkdir()
        for relpath, text in files.items():
            (tmp_path / name / relpath).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name / relpath).write_text(text)
    write_site(out, {"index.html": "2"}, {})
    assert leftovers(out) == sorted(foreign)
    assert (tmp_path / "._site.building-notes" / "thesis.tex").read_text() == "years of work"


def _stop_removing_after(removals: int, patch: pytest.MonkeyPatch) -> None:
    """Let ``removals`` calls of ``os.unlink`` and ``os.rmdir`` through, then Ctrl-C."""
    done = 0

    def counted(real: Callable[..., None]) -> Callable[..., None]:
        def call(*args: object, **options: object) -> None:
            nonlocal done
            if done == removals:
                raise KeyboardInterrupt
            done += 1
            real(*args, **options)
        return call

    patch.setattr(os, "unlink", counted(os.unlink))
    patch.setattr(os, "rmdir", counted(os.rmdir))


@pytest.mark.parametrize("marker_made", ["first", "last"])
def test_a_removal_cut_short_leaves_what_the_next_build_knows_as_ours(
    tmp_path, monkeypatch, marker_made
):
    """A second Ctrl-C while an interrupted build removes its half-written folder stops the
    removal part way. What is left must still hold the marker (or be empty), or the next build
    would take it for someone else's and leave it beside the site for good. (Whether the marker goes
    first depends on the order the file system lists a folder in, which follows the order
    files were made on some and the reverse on others: both are tried.)"""
    out = tmp_path / "_site"
    pages = {f"p{n}/index.html": "page" for n in range(6)} | {"style.css": "", "feed.xml": ""}
    files = {MARKER: "", **pages} if marker_made == "first" else {**pages, MARKER: ""}
    cut_at = 0
    while True:
        staging = tmp_path / f"._site.building-{cut_at}"
        for relpath, text in files.items():
            (staging / relpath).parent.mkdir(parents=True, exist_ok=True)
            (staging / relpath).write_text(text)
        with monkeypatch.context() as patch:
            _stop_removing_after(cut_at, patch)
            with contextlib.suppress(KeyboardInterrupt):
                output._remove(staging)
        if not staging.exists():
            break
        assert (staging / MARKER).is_file() or not any(staging.iterdir()), (
            f"cut after {cut_at} removals, the marker is gone and files are left")
        cut_at += 1
    write_site(out, {"index.html": "1"}, {})
    assert leftovers(out) == []
    assert cut_at > len(files), "every point of the removal was tried"


def test_builds_into_one_folder_take_turns(tmp_path):
    """While one build writes, a second waits for it instead of touching its staging folder."""
    out = tmp_path / "_site"
    write_site(out, {"index.html": "0"}, {})
    inside, release = threading.Event(), threading.Event()
    order: list[str] = []

    def slow(staging: Path, write_files: Callable[[], None]) -> None:
        write_files()
        inside.set()
        release.wait(timeout=10)
        order.append("first wrote")

    first = threading.Thread(target=write_site, args=(out, {"index.html": "1"}, {}, slow))
    first.start()
    assert inside.wait(timeout=10)
    second = threading.Thread(
        target=lambda: (write_site(out, {"index.html": "2"}, {}), order.append("second wrote"))
    )
    second.start()
    time.sleep(0.3)
    assert order == [], "the second build waits for the first"
    release.set()
    first.join(timeout=10)
    second.join(timeout=10)
    assert order == ["first wrote", "second wrote"]
    assert (out / "index.html").read_text() == "2"
    assert leftovers(out) == []


HELD_OFF = """
import os, signal, threading, time
from mentorsite.output import folder as output
received = []
signal.signal(signal.SIGTERM, lambda number, frame: received.append(number))
with output._signals_held():
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(0.05)
    assert received == [], received
time.sleep(0.05)
assert received == [], "the swap was done: a signal that came meanwhile is let go"
try:
    with output._signals_held():
        os.kill(os.getpid(), signal.SIGTERM)
        raise OSError("the swap failed")
except OSError:
    pass
time.sleep(0.05)
assert received == [signal.SIGTERM], "a swap that failed is interrupted as asked"
received.clear()

def another_thread():  # started before the signals are held, as a pool's threads are
    told = threading.Event()

    def take():
        told.wait()
        signal.pthread_kill(threading.get_ident(), signal.SIGTERM)

    thread = threading.Thread(target=take)
    thread.start()
    return told, thread

def taken_by(other):
    told, thread = other
    told.set()
    thread.join()
    time.sleep(0.05)

other = another_thread()
with output._signals_held():
    taken_by(other)
    assert received == [], received
time.sleep(0.05)
assert received == [], "taken by another thread, it is let go all the same"
other = another_thread()
try:
    with output._signals_held():
        taken_by(other)
        raise OSError("the swap failed")
except OSError:
    pass
time.sleep(0.05)
assert received == [signal.SIGTERM], "and delivered after a swap that failed"
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_stop_signals_are_held_off_during_the_swap(name):
    """In a fresh interpreter: the held signal waits; once the new site is in it is let go,
    and after a failed swap it is delivered. The same when another thread takes it (a pool's
    threads do not hold it off): its handler would have run in the middle of the swap."""
    if not hasattr(signal, "pthread_sigmask"):
        pytest.skip("no signal masks here")
    script = HELD_OFF.replace("SIGTERM", name)
    result = subprocess.run([sys.executable, "-c", script], env=_env(), capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr


# --- the build command, in process -----------------------------------------------------------


def _small_repo(make_repo, valid_goal) -> Path:
    return make_repo({"content/goals/alpha.md": valid_goal,
                      "content/checkins/2025-06-10.md": "---\ngoals: {alpha: {}}\n---\nHi.\n"})


@pytest.mark.parametrize(("how", "status"), [("SIGTERM", 143), ("SIGHUP", 129), ("ctrl-c", 130)])
def test_an_interrupted_write_keeps_the_previous_site(
    how, status, tmp_path, make_repo, valid_goal, run_cli, monkeypatch
):
    root = _small_repo(make_repo, valid_goal)
    out = tmp_path / "site"
    assert run_cli("--source", root, "--today", TODAY, "build", "--out", out).exit_code == 0
    before = manifest(out)
    (root / "content/goals/alpha.md").write_text(valid_goal.replace("first release", "second"))
    import mentorsite.build as build_module

    real = build_module.render_pages

    def interrupted(folder: Path, *args: object, **options: object) -> None:
        real(folder, *args, **options)
        assert (folder / "index.html").is_file(), "the staging folder is being written"
        if how.startswith("SIG"):
            os.kill(os.getpid(), getattr(signal, how))
            time.sleep(5)  # the handler raises before this ends
            pytest.fail(f"{how} was not turned into an exception")
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "render_pages", interrupted)
    handlers = [signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGHUP)]
    result = run_cli("--source", root, "--today", TODAY, "build", "--out", out)
    assert result.exit_code == status
    assert f"build interrupted: {out} holds the last complete build" in result.output
    assert manifest(out) == before
    assert leftovers(out) == []
    assert [signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGHUP)] == handlers, (
        "the old handlers are back")


_STOPPED_AGAIN_AS_IT_SAYS_SO = """
import os, signal, sys, time
import mentorsite.build as build_module
from mentorsite.cli import main as module

def interrupted(*_args, **_options):
    os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C while the pages render
    time.sleep(5)

real = module.build_interrupted

def saying(*args):
    os.kill(os.getpid(), signal.SIGTERM)  # asked again as it says what the first one left
    time.sleep(0.2)
    real(*args)

build_module.render_pages = interrupted
module.build_interrupted = saying
sys.argv = ["mentorsite", *sys.argv[1:]]
module.main()
"""


def test_a_second_stop_as_the_build_says_it_was_interrupted_ends_it_at_once(
    tmp_path, make_repo, valid_goal
):
    """The part of the clean-up that says what an interrupted build left is inside it too."""
    root = _small_repo(make_repo, valid_goal)
    ran = subprocess.run(
        [sys.executable, "-c", _STOPPED_AGAIN_AS_IT_SAYS_SO, *_command(root, tmp_path / "s")[3:]],
        env=_env(), capture_output=True, text=True, timeout=60, check=False)
    assert ran.returncode == 143, ran.stderr
    assert ran.stderr == "stopped at once, before its clean-up was done\n"


_STOPPED_AS_IT_FINISHES = """
import os, signal, sys, time
from mentorsite.cli import main as module
from mentorsite.output import build_cache

def saving(*_args):
    os.kill(os.getpid(), signal.SIGTERM)  # the new site is in; the build is saving its cache
    time.sleep(5)

build_cache.save = saving
sys.argv = ["mentorsite", *sys.argv[1:]]
module.main()
"""


_STOPPED_IN_SET_NAME_AS_IT_FINISHES = stopped_in_set_name(
    "mentorsite.output.build_cache", "save", "sys.argv[1:]")


@pytest.mark.parametrize("program", [_STOPPED_AS_IT_FINISHES, _STOPPED_IN_SET_NAME_AS_IT_FINISHES],
                         ids=["stop", "stop python wraps"])
def test_a_stop_once_the_new_site_is_in_is_no_interruption(tmp_path, make_repo, valid_goal,
                                                            program):
    """A build stopped after its site was swapped in said "interrupted: the folder holds the
    last complete build" and exited 143, though that build was the one it had just made. A
    stop Python wraps in a RuntimeError took a branch of its own, which did not ask."""
    root = _small_repo(make_repo, valid_goal)
    out = tmp_path / "site"
    subprocess.run(_command(root, out), env=_env(), check=True, capture_output=True)
    before = manifest(out)
    (root / "content/goals/alpha.md").write_text(valid_goal.replace("first release", "second"))
    arguments = [argument for argument in _command(root, out)[3:] if argument != "-q"]
    ran = subprocess.run([sys.executable, "-c", program, *arguments],
                         env=_env(), capture_output=True, text=True, timeout=60, check=False)
    assert ran.returncode == 0, ran.stderr
    assert f"built the site → {out}; stopped as it finished" in ran.stderr
    assert manifest(out) != before
    assert "second" in (out / "goals/alpha/index.html").read_text()


_STOPPED_IN_SET_NAME = stopped_in_set_name("mentorsite.build", "render_pages", "sys.argv[1:]")
"""Python 3.11 turns an exception raised in ``__set_name__`` into a RuntimeError: a SIGTERM
whose handler ran there, 0.2 s into a build (importing pydantic), ended it with that traceback
and status 1 (CI caught it once in about 400 killed builds)."""
_STOPPED_INTO_AN_ERROR = stopped_into_an_error("mentorsite.build", "render_pages",
                                              "sys.argv[1:]")
"""pydantic-core makes a ``SchemaError`` ("Error building "literal" validator:
KeyboardInterrupt") of a stop whose handler runs while it builds a model's validators, as the
model is imported: a Ctrl-C then ended the build with that traceback and status 1."""


@pytest.mark.parametrize("script", [_STOPPED_IN_SET_NAME, _STOPPED_INTO_AN_ERROR],
                         ids=["wrapped-in-a-runtime-error", "turned-into-another-error"])
def test_a_stop_turned_into_an_error_still_interrupts_the_build(
    tmp_path, make_repo, valid_goal, script
):
    root = _small_repo(make_repo, valid_goal)
    out = tmp_path / "s"
    ran = subprocess.run(
        [sys.executable, "-c", script, *_command(root, out)[3:]],
        env=_env(), capture_output=True, text=True, timeout=60, check=False)
    assert ran.returncode == 143, ran.stderr
    assert ran.stderr == f"build interrupted: {out} was not made\n"
    assert leftovers(out) == []


def test_an_interrupted_first_build_makes_no_folder_and_says_so(
    tmp_path, make_repo, valid_goal, run_cli, monkeypatch
):
    root = _small_repo(make_repo, valid_goal)
    out = tmp_path / "site"
    import mentorsite.build as build_module

    def interrupted(*args: object, **options: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "render_pages", interrupted)
    result = run_cli("--source", root, "--today", TODAY, "build", "--out", out)
    assert result.exit_code == 130
    assert f"build interrupted: {out} was not made" in result.output
    assert not out.exists()
    assert leftovers(out) == []


# --- the build command, in subprocesses ------------------------------------------------------


def _big_repo(root: Path, goals: int = 6, checkins: int = 210) -> Path:
    """Enough check-ins for the build to render on several processes and take a while."""
    (root / "content" / "goals").mkdir(parents=True)
    (root / "content" / "checkins").mkdir(parents=True)
    (root / "mentorsite.yml").write_text("title: Big\ncadence: 366\n")
    for number in range(goals):
        (root / f"content/goals/goal-{number}.md").write_text(
            f"---\ntitle: Goal {number}\nstarted: 2024-01-01\ndue: 2026-12-31\nwhy: w\n"
            "success: s\nmetrics:\n  - {id: m, label: M, baseline: 0, target: 100}\n---\n"
            f"Goal {number}.\n"
        )
    for number in range(checkins):
        day = date(2024, 1, 1) + timedelta(days=number)
        readings = "\n".join(
            f"  goal-{g}: {{status: on-track, metrics: {{m: {number % 100}}}, note: n{number}}}"
            for g in range(goals)
        )
        (root / f"content/checkins/{day}.md").write_text(
            f"---\ngoals:\n{readings}\nwins: [win {number}]\n---\n"
            + ("Notes from the session, *some* of them [linked](https://example.com). " * 12
               + "\n\n") * 3
        )
    return root


def _command(root: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "mentorsite", "--source", str(root), "--today", TODAY,
            "build", "--no-history", "-q", "--out", str(out)]


def _env() -> dict[str, str]:
    """Subprocesses run this checkout's package, whatever else is installed, and print their
    threads' stacks if one hangs (:func:`_finish`)."""
    path = os.pathsep.join(filter(None, [PACKAGE_PARENT, os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "PYTHONFAULTHANDLER": "1"}


@pytest.fixture(scope="module")
def big_site(tmp_path_factory) -> tuple[Path, Path, dict[str, str], dict[str, str]]:
    """A large repository, its built site, and manifests of that build and of the next one."""
    base = tmp_path_factory.mktemp("big")
    root = _big_repo(base / "repo")
    out = base / "site"
    subprocess.run(_command(root, out), check=True, env=_env(), capture_output=True)
    old = manifest(out)
    goal = root / "content/goals/goal-0.md"
    goal.write_text(goal.read_text().replace("Goal 0", "Goal zero"))
    reference = base / "reference"
    subprocess.run(_command(root, reference), check=True, env=_env(), capture_output=True)
    new = manifest(reference)
    assert old != new
    return root, out, old, new


def _staging_appears(out: Path, process: subprocess.Popen[str], extra: float) -> None:
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if any(p.name.startswith(f".{out.name}.building-") for p in out.parent.iterdir()):
            time.sleep(extra)
            return
        time.sleep(0.002)


@pytest.mark.parametrize(
    ("number", "when"),
    [(signal.SIGTERM, 0.05), (signal.SIGTERM, 0.2), (signal.SIGTERM, 0.5),
     (signal.SIGTERM, 1.0), (signal.SIGTERM, "writing"), (signal.SIGTERM, "writing+0.2"),
     (signal.SIGINT, 0.5), (signal.SIGINT, "writing"), (signal.SIGHUP, "writing"),
     (signal.SIGKILL, "writing"), (signal.SIGKILL, "writing+0.3")],
    ids=lambda value: getattr(value, "name", str(value)),
)
def test_a_killed_build_leaves_the_previous_site_whole(big_site, number, when):
    root, out, old, new = big_site
    process = subprocess.Popen(_command(root, out), env=_env(), stderr=subprocess.PIPE,
                               text=True)
    if isinstance(when, str):
        _staging_appears(out, process, float(when.partition("+")[2] or 0))
    else:
        time.sleep(when)
    process.send_signal(number)
    stderr = _finish(process)
    now = manifest(out)
    assert now in (old, new), "the output is exactly one complete build"
    if process.returncode in (129, 130, 143):
        assert now == old, "an interrupted build changes nothing"
        # On a busy machine a Ctrl-C at 0.5 s can come while the command line still loads.
        assert "build interrupted" in stderr or stderr.strip() == "mentorsite interrupted"
    else:
        # finished first (0), killed before the handler was in place, or by SIGKILL
        assert process.returncode in (0, -signal.SIGTERM, -signal.SIGINT, -signal.SIGHUP,
                                      -signal.SIGKILL), stderr
    assert "Traceback" not in stderr, "no worker complains that its build is gone"
    if number != signal.SIGKILL:  # the next build tidies what a killed one leaves
        assert leftovers(out) == []
    assert running_with(out) == [], "no render worker outlives its build"


def _finish(process: subprocess.Popen[str], timeout: float = 120) -> str:
    """Wait for the build (and everything holding its stderr); a hang fails the test, showing
    where the build was stuck (SIGABRT makes Python's faulthandler print every thread)."""
    try:
        return process.communicate(timeout=timeout)[1]
    except subprocess.TimeoutExpired:
        still = running_with(Path(process.args[-1]))
        process.send_signal(signal.SIGABRT)
        try:
            stuck = process.communicate(timeout=10)[1]
        except subprocess.TimeoutExpired:
            process.kill()
            stuck = "(no stacks: it did not end on SIGABRT either)"
        pytest.fail(f"the build did not end after the signal; still running: {still}\n"
                    f"{stuck[-6000:]}")


_A_HELPER_STOPS_THE_GROUP = """
import os, signal, sys, time
from mentorsite.cli.main import main
from mentorsite.markdown import ahead

number = signal.Signals[sys.argv[1]]

def stopping_the_group(start, stop):
    if ahead._job is not None and start == 0:  # once, in a helper the build forked
        os.killpg(0, number)  # as Ctrl-C in a terminal, or a stop sent to the whole group
        time.sleep(3)
    return {}

ahead._render = stopping_the_group
sys.argv = ["mentorsite", *sys.argv[2:]]
main()
"""

_THE_HISTORY_READER_STOPS_THE_GROUP = """
import os, signal, sys, time
from mentorsite.cli.main import main
from mentorsite.history import aside

number = signal.Signals[sys.argv[1]]

def read_history(*_args, **_options):
    os.killpg(0, number)  # the build is stopped while the history is read
    time.sleep(1)  # it has ended by now
    return "history " * 2_000_000  # more than a pipe holds

aside.read_history = read_history
sys.argv = ["mentorsite", *sys.argv[2:]]
main()
"""


def _stopped_in_its_own_group(program: str, number: signal.Signals, command: list[str]
                              ) -> subprocess.CompletedProcess[str]:
    """Run ``program`` as the build's own process group, as a terminal runs a command; kill
    whatever of the group is left if it hangs."""
    process = subprocess.Popen([sys.executable, "-c", program, number.name, *command[3:]],
                               env=_env(), stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        stderr = _finish(process, timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    return subprocess.CompletedProcess(process.args, process.returncode, "", stderr)


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP],
                         ids=lambda number: number.name)
def test_a_stop_sent_to_the_whole_group_ends_the_build_and_its_helpers(big_site, tmp_path,
                                                                       number):
    """Ctrl-C in a terminal reaches every process of the command's group. A Markdown helper
    ended there and then, its task never came back, and the build waited for it for ever
    (every Ctrl-C in the first second of a 5,000-file build)."""
    root = big_site[0]
    out = tmp_path / "site"
    ran = _stopped_in_its_own_group(_A_HELPER_STOPS_THE_GROUP, number, _command(root, out))
    assert ran.returncode == 128 + number, ran.stderr
    assert ran.stderr == f"build interrupted: {out} was not made\n"
    assert running_with(out) == []


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP],
                         ids=lambda number: number.name)
def test_the_history_reader_ends_with_a_stopped_build(tmp_path, make_repo, valid_goal, number):
    """The reader lets a stop be, the build's to handle; but it outlived the build, waiting
    for ever to send a history larger than the pipe, whose reading end it held itself, and
    kept the terminal's output open."""
    root = _small_repo(make_repo, valid_goal)
    out = tmp_path / "site"
    command = [argument for argument in _command(root, out) if argument != "--no-history"]
    ran = _stopped_in_its_own_group(_THE_HISTORY_READER_STOPS_THE_GROUP, number, command)
    assert ran.returncode == 128 + number, ran.stderr
    assert ran.stderr == f"build interrupted: {out} was not made\n"
    assert running_with(out) == []


def test_two_builds_at_once_leave_one_complete_site(big_site, tmp_path):
    root, _out, _old, new = big_site
    out = tmp_path / "site"
    processes = [
        subprocess.Popen(_command(root, out), env=_env(), stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
    assert manifest(out) == new
    assert leftovers(out) == []


# --- nothing writes under content/ ----------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, tuple[str, int, bytes | None]]:
    """Every entry under ``folder``: its kind, its permission bits and its bytes."""
    found: dict[str, tuple[str, int, bytes | None]] = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        kind = "link" if path.is_symlink() else "dir" if path.is_dir() else "file"
        data = path.read_bytes() if kind == "file" else None
        found[path.relative_to(folder).as_posix()] = (kind, info.st_mode, data)
    return found


def test_no_command_but_new_and_init_writes_under_content(tmp_path, run_cli, valid_goal):
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/alpha.md", valid_goal)
    repo.write("content/checkins/2025-06-10.md", "---\ngoals: {alpha: {metrics: {speed: 2}}}\n"
               "---\nHi.\n")
    repo.commit("First")
    repo.write("content/reflections/2025-06-12-notes.md",
               "---\ntitle: Notes\ngoal: alpha\n---\n# What happened\nThings.\n")
    repo.write("content/evidence/2025-06-13-demo.md", "---\ntitle: Demo\n---\n")
    repo.commit("Second")
    repo.write("content/goals/alpha.md", valid_goal.replace("first release", "release"))
    before = _snapshot(repo.root / "content")
    base = ["--source", repo.root, "--today", TODAY]
    for args in (["check"], ["check", "--format", "json"], ["check", "--format", "github"],
                 ["build"], ["build", "--out", tmp_path / "elsewhere"], ["status"],
                 ["status", "--format", "json"], ["report"], ["report", "--format", "json"],
                 ["review", "--base", "HEAD~1"], ["review", "--base", "HEAD~1", "--head", "HEAD"],
                 ["schema"], ["schema", "goal"]):
        result = run_cli(*base, *args)
        assert result.exit_code in (0, 1), (args, result.output)
        assert _snapshot(repo.root / "content") == before, f"{args} changed content/"
