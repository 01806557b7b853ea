"""The output folder: written whole or not at all, and never a folder that is not ours."""

from __future__ import annotations

import os
import resource
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from mentorsite.errors import OutputError
from mentorsite.output.folder import (
    _SLICE,
    MARKER,
    _chunks,
    check_output_folder,
    safe_parts,
    safe_relpath,
    update_site,
    write_site,
)
from mentorsite.output.listing import listed, write_marker


def test_writes_files_and_marker(tmp_path):
    out = tmp_path / "_site"
    write_site(out, {"index.html": "<p>hi</p>", "goals/a/index.html": b"x"}, {})
    assert (out / "index.html").read_text() == "<p>hi</p>"
    assert (out / "goals/a/index.html").read_bytes() == b"x"
    assert (out / MARKER).exists()


def test_writes_a_file_given_in_parts_each_as_it_comes(tmp_path):
    out = tmp_path / "_site"
    written = []

    def parts():
        for part in ("[1", ",2", "]\n"):
            written.append(part)
            yield part

    write_site(out, {"data.json": parts()}, {})
    assert (out / "data.json").read_text() == "[1,2]\n"
    assert written == ["[1", ",2", "]\n"]


def test_replaces_previous_site_whole(tmp_path):
    out = tmp_path / "_site"
    write_site(out, {"old.html": "old", "index.html": "1"}, {})
    write_site(out, {"index.html": "2"}, {})
    assert (out / "index.html").read_text() == "2"
    assert not (out / "old.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"], "no staging folders left"


def test_failure_while_writing_keeps_previous_site(tmp_path):
    out = tmp_path / "_site"
    write_site(out, {"index.html": "good"}, {})
    with pytest.raises(OutputError):
        write_site(out, {"index.html": "new", "../escape.html": "x"}, {})
    assert (out / "index.html").read_text() == "good"
    assert not (tmp_path / "escape.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_two_pages_at_one_path_are_refused_before_the_site_is_begun(tmp_path):
    out = tmp_path / "_site"
    write_site(out, {"index.html": "good"}, {})
    produced: list[str] = []

    def produce(folder: Path, others) -> None:
        produced.append("called")

    pages = ["goals/b/revisions/1/index.html", "index.html", "goals/b/revisions/1/index.html"]
    with pytest.raises(OutputError, match=r"1 of its files would be written twice "
                                          r"\(goals/b/revisions/1/index.html\)"):
        write_site(out, {"feed.xml": "<feed/>"}, {}, produce, pages[1:] + pages[:1])
    assert produced == []
    assert (out / "index.html").read_text() == "good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_a_folder_that_cannot_be_written_is_our_error(tmp_path, run_cli):
    """``--out README.md/site``, a read-only or a pseudo file system: the OSError was a
    traceback; it is an OutputError that says where (and which file is in the way: "File
    exists (notes.txt)" left the user to guess), and the folder holding it is left as it
    was."""
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(OutputError, match=r"cannot write the site to .*: .*notes\.txt is a file, "
                       "where a folder should be"):
        write_site(tmp_path / "notes.txt" / "_site", {"index.html": "x"}, {})
    assert (tmp_path / "notes.txt").read_text() == "mine"
    repo = tmp_path / "repo"
    (repo / "content").mkdir(parents=True)
    result = run_cli("--source", str(repo), "build", "--out", str(tmp_path / "notes.txt" / "x"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "cannot write the site" in result.output


@pytest.mark.parametrize("relpath", ["../x", "/etc/x", "a/../../x", "a\\..\\x", ""])
def test_paths_cannot_leave_the_output_folder(relpath):
    with pytest.raises(OutputError):
        safe_relpath(relpath)


@pytest.mark.parametrize("relpath", ["../x", "/etc/x", "a/../../x", "a\\..\\x", "", "a/..",
                                     "a//../x"])
def test_parts_cannot_leave_the_output_folder(relpath):
    with pytest.raises(OutputError):
        safe_parts(relpath)


@pytest.mark.parametrize("relpath", ["index.html", "goals/a/index.html", "a//b/c", "a/./b",
                                     "./a", "a/b/", "history/0f/index.html", "é/ü.html"])
def test_parts_are_those_of_the_path(relpath):
    assert tuple(safe_parts(relpath)) == safe_relpath(relpath).parts


def test_refuses_the_repository_and_its_parents(tmp_path):
    repo = tmp_path / "repo"
    (repo / "content").mkdir(parents=True)
    for out in (repo, tmp_path, repo / "content", repo / "content" / "site"):
        with pytest.raises(OutputError):
            check_output_folder(out, repo)


def test_refuses_a_foreign_non_empty_folder(tmp_path):
    repo = tmp_path / "repo"
    (repo / "content").mkdir(parents=True)
    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("years of work")
    with pytest.raises(OutputError, match="not empty"):
        check_output_folder(foreign, repo)
    check_output_folder(tmp_path / "new", repo)
    (tmp_path / "empty").mkdir()
    check_output_folder(tmp_path / "empty", repo)
    write_site(tmp_path / "ours", {"a.html": "x"}, {})
    check_output_folder(tmp_path / "ours", repo)


def test_updates_in_place_file_by_file(tmp_path):
    from mentorsite.output.folder import update_site

    out = tmp_path / "_site"
    write_site(out, {"index.html": "1", "a/b/index.html": "b", "a/c.html": "c"}, {})
    update_site(out, {"index.html": "2", "new/index.html": "n"}, ["a/b/index.html"])
    assert (out / "index.html").read_text() == "2"
    assert (out / "new/index.html").read_text() == "n"
    assert not (out / "a/b").exists(), "a folder left empty goes too"
    assert (out / "a/c.html").read_text() == "c"
    assert sorted(p.name for p in out.rglob("*")) == sorted(
        [MARKER, "index.html", "new", "index.html", "a", "c.html"]
    ), "no temporary files left"
    mode = (out / "index.html").stat().st_mode & 0o777
    assert mode == (out / "a/c.html").stat().st_mode & 0o777, "as a full build makes them"


def test_updates_in_place_a_file_given_in_parts_whole_or_not_at_all(tmp_path):
    """serve rewrites data.json in parts, as a build writes it: joined and then encoded, a
    5,000-file site's held two whole copies at once, 12 MB more at the peak of a rebuild.
    Until the last part is written, a reader still sees the old file whole; a failure
    midway leaves it, and no temporary file."""
    out = tmp_path / "_site"
    write_site(out, {"data.json": "[0]\n"}, {})
    seen = []

    def parts():
        for part in ("[1", ",\"é\"", "]\n"):
            seen.append((out / "data.json").read_text(encoding="utf-8"))
            yield part

    update_site(out, {"data.json": parts()})
    assert seen == ["[0]\n"] * 3
    assert (out / "data.json").read_text(encoding="utf-8") == '[1,"é"]\n'

    def failing():
        yield "[2"
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError, match="stopped"):
        update_site(out, {"data.json": failing()})
    assert (out / "data.json").read_text(encoding="utf-8") == '[1,"é"]\n'
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "data.json"]


@pytest.mark.parametrize("whole", [True, False], ids=["text", "parts"])
def test_a_large_text_is_written_without_a_copy_of_it_as_bytes(tmp_path, whole):
    """A part of data.json is a whole kind of entry (4.8 MB of check-ins on the 5,000-file
    benchmark corpus): encoded whole to be written, it was copied once more as bytes at the
    peak of every rebuild of serve that wrote it. The file is still that text in UTF-8."""
    out = tmp_path / "_site"
    write_site(out, {"data.json": "[0]\n"}, {})
    part = "é€" * 1_000_000  # 5 MB in UTF-8
    text = "[" + part + "]" if whole else iter(["[", part, "]"])
    tracemalloc.start()
    try:
        update_site(out, {"data.json": text})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (out / "data.json").read_text(encoding="utf-8") == "[" + part + "]"
    assert peak < len(part) // 4


def _made_once(parts: list[str], made: list[str]) -> Iterator[str]:
    """``parts``, each noted in ``made`` as it is given."""
    for part in parts:
        made.append(part)
        yield part


@pytest.mark.parametrize("given", [
    ["[", "é€" * 1_000_000, "]"],  # the same (5 MB in UTF-8)
    ["[", "é€" * 1_000_000, "]\n"],  # longer
    ["[", "é€" * 1_000_000],  # shorter
    ["[", "é€" * 500_000 + "x" + "é€" * 499_999 + "€", "]"],  # differs in the middle
    ["[" + "é€" * 20, "é€" * 999_980 + "]"],  # the same, parted elsewhere
], ids=["same", "longer", "shorter", "middle", "parted"])
def test_a_file_unless_the_same_is_made_once_compared_as_it_is_made(tmp_path, given):
    """serve asks whether data.json and the calendar changed after each edit: it made each
    once to digest it and again to write it (130 million instructions of a rebuild of the
    5,000-file benchmark corpus). Each is now made once, compared with the file there as it
    comes, never whole in memory, and written only if it differs, whole and right."""
    out = tmp_path / "_site"
    old = "[" + "é€" * 1_000_000 + "]"
    write_site(out, {"data.json": old, "feed.xml": "<feed/>"}, {})
    before = (out / "data.json").stat().st_ino
    made: list[str] = []
    tracemalloc.start()
    try:
        written = update_site(out, {"data.json": _made_once(given, made), "feed.xml": "<f/>"},
                              unless_same={"data.json", "feed.xml", "calendar.ics"})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    new = "".join(given)
    assert made == given
    assert peak < len(old.encode()) // 4  # a few slices, not a copy of either file
    assert (out / "data.json").read_text(encoding="utf-8") == new
    assert written == (["feed.xml"] if new == old else ["data.json", "feed.xml"])
    assert ((out / "data.json").stat().st_ino == before) == (new == old)
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "data.json", "feed.xml"]


def test_short_parts_are_encoded_and_compared_a_slice_at_a_time_not_one_by_one():
    """serve's data.json and calendar come as thousands of short parts (an item, a comma, an
    event): each was encoded, read back from the old file and compared on its own (17,000
    reads after every edit of the 5,000-file benchmark corpus). They are gathered into
    slices, a long part still cut into them, and the bytes are the same, in order."""
    parts = ["é,\r\n"] * 100_000 + ["x" * 200_000] + ["€\r", "\n"] * 10
    chunks = list(_chunks(iter(parts)))
    assert b"".join(chunks) == "".join(parts).encode("utf-8")
    assert len(chunks) < 20
    assert all(len(chunk) <= 4 * 2 * _SLICE for chunk in chunks)


def test_a_file_unless_the_same_is_written_where_there_is_none(tmp_path):
    out = tmp_path / "_site"
    write_site(out, {"feed.xml": "<feed/>"}, {})
    written = update_site(out, {"calendar.ics": iter(["BEGIN", ":VCALENDAR"])},
                          unless_same={"calendar.ics"})
    assert written == ["calendar.ics"]
    assert (out / "calendar.ics").read_text(encoding="utf-8") == "BEGIN:VCALENDAR"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX's")
def test_a_pipe_in_a_files_place_is_written_over_not_waited_on(tmp_path):
    """A named pipe where serve compares data.json with the file there: opened to read,
    it waited for a writer for ever, and serve's rebuild with it."""
    import signal

    out = tmp_path / "_site"
    write_site(out, {"data.json": "{}"}, {})
    (out / "data.json").unlink()
    os.mkfifo(out / "data.json")

    def stuck(*_: object) -> None:
        raise AssertionError("update_site waited on the pipe")  # not an OSError it catches

    before = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(5)
    try:
        written = update_site(out, {"data.json": iter(["{", "}"])}, unless_same={"data.json"})
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
    assert written == ["data.json"]
    assert (out / "data.json").is_file() and (out / "data.json").read_text() == "{}"


def test_a_link_in_a_files_place_is_replaced_even_to_the_same_bytes(tmp_path):
    """A link is not read through to compare: the file elsewhere is left, the link replaced
    by the file, as a whole build makes it."""
    out = tmp_path / "_site"
    write_site(out, {"data.json": "{}"}, {})
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("{}")
    (out / "data.json").unlink()
    (out / "data.json").symlink_to(elsewhere)
    written = update_site(out, {"data.json": iter(["{}"])}, unless_same={"data.json"})
    assert written == ["data.json"]
    assert not (out / "data.json").is_symlink() and (out / "data.json").read_text() == "{}"
    assert elsewhere.read_text() == "{}"


def test_updates_in_place_only_our_own_folders_and_inside_them(tmp_path):
    from mentorsite.output.folder import update_site

    (tmp_path / "theirs").mkdir()
    with pytest.raises(OutputError):
        update_site(tmp_path / "theirs", {"index.html": "x"})
    assert not (tmp_path / "theirs/index.html").exists()
    out = tmp_path / "_site"
    write_site(out, {"index.html": "1"}, {})
    with pytest.raises(OutputError):
        update_site(out, {"../escape.html": "x"})
    with pytest.raises(OutputError):
        update_site(out, {}, ["../theirs"])
    assert not (tmp_path / "escape.html").exists() and (tmp_path / "theirs").is_dir()


ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.mark.skipif(ROOT, reason="root removes files from read-only folders: run the tests as "
                    "another user to see a site that cannot be removed")
@pytest.mark.parametrize("read_only", ["_site", "_site/goals/a"])
def test_a_site_that_could_not_be_removed_once_replaced_is_left_as_it_was(
        make_repo, valid_goal, run_cli, read_only):
    """A read-only output folder (or a folder in it): the swap worked, but the previous site
    could not be removed after it, and stayed beside the new one for good as a hidden
    ``._site.building-…`` folder. Now the build stops, says which folder and what to do, and
    leaves the site and the folder around it as they were."""
    root = make_repo({"content/goals/a.md": valid_goal})
    assert run_cli("--source", root, "build", "--no-history").exit_code == 0
    site = root / "_site"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    around = sorted(p.name for p in root.iterdir())
    (root / read_only).chmod(0o555)
    try:
        (root / "content/goals/a.md").write_text(valid_goal + "\nOne line more.\n")
        result = run_cli("--source", root, "build", "--no-history")
        assert result.exit_code == 1
        assert (f"cannot replace the site at {site}: {root / read_only} is read-only, so the "
                "previous site could not be removed once replaced; make it writable (chmod -R "
                f"u+rwX {site}) or remove it, then build again") in " ".join(result.output.split())
        assert "Traceback" not in result.output
        assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
        assert sorted(p.name for p in root.iterdir()) == around, "nothing left beside it"
    finally:
        (root / read_only).chmod(0o755)


@pytest.mark.parametrize("stuck", ["_site", "_site/goals/a"])
def test_a_site_with_a_folder_that_could_not_be_emptied_is_left_as_it_was_by_anyone(
        make_repo, valid_goal, run_cli, monkeypatch, stuck):
    """The test above, which root cannot run (it may empty any folder): here the folder is
    taken for one this user could not empty, so that CI, which runs as root, walks the site
    to it, refuses and leaves everything as it was."""
    from mentorsite.output import folder

    root = make_repo({"content/goals/a.md": valid_goal})
    assert run_cli("--source", root, "build", "--no-history").exit_code == 0
    site = root / "_site"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    around = sorted(p.name for p in root.iterdir())
    monkeypatch.setattr(folder, "_stuck", lambda path: Path(path) == root / stuck)
    (root / "content/goals/a.md").write_text(valid_goal + "\nOne line more.\n")
    result = run_cli("--source", root, "build", "--no-history")
    assert result.exit_code == 1
    assert (f"cannot replace the site at {site}: {root / stuck} is read-only, so the previous "
            f"site could not be removed once replaced") in " ".join(result.output.split())
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in root.iterdir()) == around, "nothing left beside it"


def test_one_walk_finds_the_added_files_and_the_first_folder_that_could_not_be_emptied(
        tmp_path):
    from mentorsite.output.listing import Contents, contents, write_marker

    site = tmp_path / "_site"
    (site / "goals/a").mkdir(parents=True)
    (site / "goals/a/index.html").write_text("page")
    (site / "notes").mkdir()
    (site / "notes/mine.txt").write_text("by hand")
    (site / "goals/.DS_Store").write_text("")
    (site / "elsewhere").symlink_to(tmp_path)
    write_marker(site, ["goals/a/index.html"])
    looked_at: list[str] = []
    found = contents(site, lambda folder: looked_at.append(folder) is not None)
    assert found == Contents(["elsewhere", "notes/mine.txt"], None)
    assert sorted(looked_at) == sorted(str(site / name) for name in
                                       ("", "goals", "goals/a", "notes")), "links not followed"
    found = contents(site, lambda folder: folder.endswith(("goals", "notes")))
    assert found.added == ["elsewhere", "notes/mine.txt"] and found.stuck is not None
    assert found.stuck in (str(site / "goals"), str(site / "notes")), "the first one"
    (site / ".mentorsite-output").write_text("no list\n")  # a site from before lists
    assert contents(site, lambda _: False).added == []


@pytest.mark.skipif(ROOT, reason="root reads any folder: run the tests as another user to see "
                    "an unreadable one")
@pytest.mark.parametrize(("unreadable", "said"), [
    ("_site", "--out {site} cannot be read (Permission denied), so what replacing it would "
              "delete cannot be told; make it readable (chmod -R u+rwX {site}) or remove it"),
    ("_site/goals", "cannot replace the site at {site}: {site}/goals is unreadable"),
])
def test_an_unreadable_output_folder_is_named_not_a_traceback(make_repo, valid_goal, run_cli,
                                                              unreadable, said):
    """An output folder (or one in it) of mode 000: looking at what it held was a
    traceback (PermissionError); a folder in it was called read-only. The build says what it
    is and leaves it as it was."""
    root = make_repo({"content/goals/a.md": valid_goal})
    assert run_cli("--source", root, "build", "--no-history").exit_code == 0
    site = root / "_site"
    before = sorted(p.relative_to(root) for p in site.rglob("*"))
    (root / unreadable).chmod(0)
    try:
        (root / "content/goals/a.md").write_text(valid_goal + "\nOne line more.\n")
        result = run_cli("--source", root, "build", "--no-history")
    finally:
        (root / unreadable).chmod(0o755)
    assert result.exit_code == 1
    assert said.format(site=site) in " ".join(result.output.split()), result.output
    assert sorted(p.relative_to(root) for p in site.rglob("*")) == before


@pytest.mark.skipif(ROOT, reason="root may write in any folder: run the tests as another user "
                    "to see a read-only one")
def test_an_empty_read_only_output_folder_is_replaced(tmp_path):
    """Nothing in it needs removing, and removing the folder itself needs only the folder
    that holds it writable: such a folder is no reason to stop."""
    out = tmp_path / "_site"
    out.mkdir(mode=0o555)
    write_site(out, {"index.html": "new"}, {})
    assert (out / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


@pytest.mark.skipif(ROOT, reason="root may write in any folder: run the tests as another user "
                    "to see a read-only one")
def test_a_read_only_folder_holding_the_site_is_named_in_full(make_repo, valid_goal, run_cli,
                                                              monkeypatch):
    """Built from the folder that holds the site, the message said "Permission denied (in .)".
    It names that folder in full, and nothing is written or left behind."""
    root = make_repo({"content/goals/a.md": valid_goal})
    monkeypatch.chdir(root)
    around = sorted(p.name for p in root.iterdir())
    root.chmod(0o555)
    try:
        result = run_cli("build", "--no-history")
    finally:
        root.chmod(0o755)
    assert result.exit_code == 1
    assert (f"cannot write the site to _site: Permission denied (in {root}, which holds it)"
            in result.output), result.output
    assert sorted(p.name for p in root.iterdir()) == around


def test_a_file_added_to_a_built_site_stops_the_next_build(make_repo, valid_goal, run_cli):
    """The folder is replaced whole: a file put there by hand (a CNAME, notes) went with the
    next build without a word. Now the build names it and leaves folder and file alone."""
    root = make_repo({"content/goals/alpha.md": valid_goal})
    assert run_cli("--source", root, "build", "--no-history").exit_code == 0
    site = root / "_site"
    (site / "CNAME").write_text("plan.example.org\n")
    (site / "mine").mkdir()
    (site / "mine" / "notes.txt").write_text("keep me")
    (site / "elsewhere").symlink_to(root / "content")
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (root / "content/goals/alpha.md").write_text(valid_goal + "\nOne line more.\n")
    result = run_cli("--source", root, "build", "--no-history")
    assert result.exit_code == 1
    assert (f"--out {site} holds 3 files no build wrote (CNAME, elsewhere, mine/notes.txt): "
            "a build replaces the folder whole and would delete them") in result.output
    # the hint says where such a file goes, and where it is published: a CNAME would not
    # be at the site's top there, nor does a deployment by Actions use one
    assert ("theme's static/ folder, and is published under static/; GitHub Pages deployed "
            "by Actions, as init's workflow does, takes its custom domain from the repository's "
            "Pages settings and uses no CNAME file)") in " ".join(result.output.split())
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_what_a_file_manager_leaves_does_not_stop_a_build(tmp_path):
    out = tmp_path / "_site"
    write_site(out, {"index.html": "1", "goals/a/index.html": "a"}, {})
    for name in (".DS_Store", "goals/a/._index.html", "goals/Thumbs.db", "desktop.ini"):
        (out / name).write_text("")
    write_site(out, {"index.html": "2"}, {})
    assert sorted(p.name for p in out.rglob("*")) == [MARKER, "index.html"]


def test_a_site_built_before_builds_listed_their_files_is_replaced_as_before(tmp_path):
    out = tmp_path / "_site"
    out.mkdir()
    (out / MARKER).write_text("This folder is built by mentorsite and replaced whole.\n")
    (out / "index.html").write_text("old")
    write_site(out, {"index.html": "new"}, {})
    assert (out / "index.html").read_text() == "new"


def test_pages_written_in_place_are_listed_as_the_builds(tmp_path):
    """serve changes its site in place: what it adds is its own, what it removes is gone;
    only a file it did not write stops a build."""
    out = tmp_path / "_site"
    write_site(out, {"index.html": "1", "goals/a/index.html": "a"}, {}, produced=())
    update_site(out, {"goals/b/index.html": "b"}, removed=["goals/a/index.html"])
    (out / "goals" / "a").mkdir()
    (out / "goals" / "a" / "index.html").write_text("put back by hand")
    with pytest.raises(OutputError, match=r"holds a file no build wrote \(goals/a/index.html\)"):
        write_site(out, {"index.html": "2"}, {})
    (out / "goals" / "a" / "index.html").unlink()
    write_site(out, {"index.html": "2"}, {})
    assert not (out / "goals").exists()


def test_a_rebuild_asks_the_listing_only_of_the_files_it_wrote(tmp_path):
    """After every rebuild serve checks that the files it wrote are listed in the marker: it
    read the whole list into a set of every file of the site (2.5 MiB on the 5,000-file
    benchmark corpus), at the top of the rebuild's memory. It is now read a line at a time;
    a file added or removed is listed as before."""
    out = tmp_path / "_site"
    write_site(out, {"index.html": "1"}, {})
    names = [f"checkins/{n:05}-a-rather-long-check-in-name/index.html" for n in range(5_000)]
    write_marker(out, ["index.html", *names])
    size = (out / MARKER).stat().st_size
    tracemalloc.start()
    try:
        update_site(out, {"index.html": "2"})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < size // 4
    update_site(out, {"new/index.html": "n"}, removed=[names[0]])
    assert listed(out) == {"index.html", "new/index.html", *names[1:]}


def test_what_a_producer_writes_is_listed_when_it_is_named(tmp_path):
    out = tmp_path / "_site"

    def produce(folder, write_files):
        write_files()
        (folder / "page.html").write_text("p")

    write_site(out, {"index.html": "1"}, {}, produce, produced=["page.html"])
    write_site(out, {"index.html": "2"}, {})
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "index.html"]


def test_a_full_disk_names_the_file_written_under_the_output_folder(tmp_path):
    """A disk that fills (here, a file size limit) while a theme file is copied: the message
    named the theme's file it copied from, which the user then suspected, not the site's."""
    big = tmp_path / "theme.css"
    big.write_bytes(b"x" * 100_000)
    out = tmp_path / "_site"
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, hard))  # Python ignores SIGXFSZ
    try:
        with pytest.raises(OutputError) as raised:
            write_site(out, {}, {"static/style.css": big})
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    message = str(raised.value)
    assert f"({out / 'static' / 'style.css'})" in message, message
    assert "theme.css" not in message and ".building-" not in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theme.css"], "nothing left behind"


def test_a_mount_point_is_refused_before_anything_is_built(make_repo, valid_goal, run_cli,
                                                           monkeypatch):
    """``--out /site``, a container's volume: a mount point cannot be renamed, and the build
    rendered every page beside it before failing at the swap with "Device or resource busy".
    It is refused at once, saying why and what to choose instead. (Mounting needs root: the
    check is fooled here into taking the folder for one.)"""
    root = make_repo({"content/goals/alpha.md": valid_goal})
    volume = root.parent / "volume"
    volume.mkdir()
    real_ismount = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda path: Path(path) == volume.resolve()
                        or real_ismount(path))
    result = run_cli("--source", root, "build", "--no-history", "--out", volume)
    assert result.exit_code == 1
    assert f"--out {volume} is a mount point" in result.output
    assert f"e.g. {volume / '_site'}" in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert sorted(p.name for p in root.parent.iterdir() if p.name.startswith(".")) == []
    assert list(volume.iterdir()) == []
