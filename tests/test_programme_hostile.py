"""`mentorsite programme build` against hostile input: broken published files, links that lead
out of a source or nowhere, settings that would leak into pages, output folders that would
delete a pair, pipes where files were expected. Each bad input gets a message and an exit
status, never a traceback, a hang or a lost file; no value from a broken file is repeated.
"""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mentorsite.cli.main import cli
from tests.test_programme import write

TODAY = date(2025, 6, 15)
PAIR = {
    "mentorsite.yml": "title: Ana's plan\nprogramme: full\n",
    "content/goals/speak.md": "---\ntitle: Speak up\nstarted: 2025-01-01\n---\n",
}


def build(cwd: Path, monkeypatch, *args: str) -> Result:
    """Run ``mentorsite programme build ARGS`` in ``cwd`` as of TODAY."""
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(cli, ["--today", TODAY.isoformat(), "programme", "build", *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_a_broken_data_json_is_listed_without_its_values(tmp_path, monkeypatch):
    """Pydantic's message repeats the value, which may be private text: the terminal, the
    front page and data.json name only where the problem is."""
    write(tmp_path / "pairs" / "ana", PAIR)
    data = tmp_path / "data"
    data.mkdir()
    (data / "cadence.json").write_text(json.dumps(
        {"site": {"title": "X", "programme": "full", "cadence": "SECRET-CADENCE"}}))
    (data / "started.json").write_text(json.dumps({
        "site": {"title": "Y", "programme": "full"},
        "goals": [{"id": "g", "title": "t", "started": "PRIVATE-DATE-TEXT"}],
    }))
    result = build(tmp_path, monkeypatch, "pairs/*", "data/*.json")
    assert result.exit_code == 0, result.output
    assert "warning: data/cadence.json: site.cadence: not a valid value" in result.stderr
    assert "warning: data/started.json: goals[0].started: not a valid value" in result.stderr
    out = tmp_path / "_programme"
    for text in (result.output, (out / "index.html").read_text(),
                 (out / "data.json").read_text()):
        assert "SECRET-CADENCE" not in text and "PRIVATE-DATE-TEXT" not in text


def test_the_fingerprint_does_not_follow_links_out_of_the_pair(tmp_path, monkeypatch):
    """A link in content/ to a folder outside the repository (to / it walked the whole disk
    for minutes, then crashed) is not read, so nothing behind it is looked at either."""
    from mentorsite.programme.config import Source
    from mentorsite.programme.load import fingerprint

    repo = write(tmp_path / "pairs" / "ana", PAIR)
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (repo / "content" / "out").symlink_to(outside, target_is_directory=True)
    (repo / "content" / "goals" / "up").symlink_to(tmp_path, target_is_directory=True)
    source = Source(repo.resolve(), "repo")
    before = fingerprint(source)
    (outside / "deep" / "new.md").write_text("---\ntitle: x\n---\n")
    (tmp_path / "elsewhere.txt").write_text("x")
    assert fingerprint(source) == before
    (repo / "content" / "goals" / "lead.md").write_text("---\ntitle: Lead\n---\n")
    assert fingerprint(source) != before
    result = build(tmp_path, monkeypatch, "pairs/*")
    assert result.exit_code == 0, result.output


def test_an_invalid_title_falls_back_to_the_default(tmp_path, monkeypatch):
    """A title that no page can hold (control characters) or that shows as nothing, in a
    mentorsite.yml with errors or in a published data.json, is not shown: the pair goes by the
    default title, as its own site would."""
    write(tmp_path / "pairs" / "escape", {
        **PAIR, "mentorsite.yml": 'title: "Bad\\x1b[31mTitle\\x00"\nprogramme: full\n'})
    write(tmp_path / "pairs" / "blank", {**PAIR, "mentorsite.yml": "title: '  '\n"})
    data = tmp_path / "data"
    data.mkdir()
    for name, consent in (("quiet", "none"), ("open", "full")):
        (data / f"{name}.json").write_text(json.dumps(
            {"site": {"title": "Bell\x07Title", "programme": consent}}))
    result = build(tmp_path, monkeypatch, "pairs/*", "data/*.json")
    assert result.exit_code == 0, result.output
    out = tmp_path / "_programme"
    pairs = json.loads((out / "data.json").read_text())["pairs"]
    assert [pair["name"] for pair in pairs] == ["Mentorship progress"] * 4
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".csv", ".json"):
            text = path.read_text()
            assert "\x1b" not in text and "\x07" not in text and "\x00" not in text, path


def test_blank_names_blank_sources_and_an_empty_cohort_are_named_at_their_positions(
        tmp_path, monkeypatch):
    """A blank source named the programme's own folder (or was said to match nothing); a blank
    cohort name made a heading of nothing; an empty cohort was 'a list [min, max] of two
    numbers'. Each is said plainly, at its line and column, all in one run."""
    write(tmp_path / "pairs" / "ana", PAIR)
    (tmp_path / "programme.yml").write_text(
        "title: ''\n"
        "sources: ['', '   ', pairs/ana]\n"
        "cohorts:\n"
        "  - name: '  '\n"
        "    sources: [pairs/ana]\n"
        "  - name: Empty\n"
        "    sources: []\n"
    )
    result = build(tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "programme.yml:1:8: error: 'title': must not be blank [invalid-value]",
        "programme.yml:2:11: error: 'sources[0]': must not be blank [invalid-value]",
        "programme.yml:2:15: error: 'sources[1]': must not be blank [invalid-value]",
        "programme.yml:4:11: error: 'cohorts[0].name': must not be blank [invalid-value]",
        "programme.yml:7:14: error: 'cohorts[1].sources': a cohort needs at least one source: "
        "list its pairs' folders or data.json files [invalid-value]",
        "Error: programme build failed: fix the settings above; nothing was written",
    ]
    assert not (tmp_path / "_programme").exists()


def test_a_source_named_through_a_link_keeps_its_name(tmp_path, monkeypatch):
    """pairs/ana → ../checkouts/repo-7f3a: the pair's id, page and messages say 'ana', as the
    coordinator named it, not the folder the link leads to."""
    write(tmp_path / "checkouts" / "repo-7f3a", PAIR)
    (tmp_path / "checkouts" / "broken.json").write_text("<html>404</html>")
    (tmp_path / "pairs").mkdir()
    (tmp_path / "pairs" / "ana").symlink_to("../checkouts/repo-7f3a")
    (tmp_path / "pairs" / "bo.json").symlink_to("../checkouts/broken.json")
    result = build(tmp_path, monkeypatch, "pairs/*")
    assert result.exit_code == 0, result.output
    assert "warning: pairs/bo.json: not valid JSON" in result.stderr
    out = tmp_path / "_programme"
    [pair] = json.loads((out / "data.json").read_text())["pairs"]
    assert (pair["id"], pair["url"]) == ("ana", "pairs/ana/")
    assert (out / "pairs" / "ana" / "index.html").is_file()


def test_link_loops_and_dangling_links_are_listed_as_problems(tmp_path, monkeypatch):
    write(tmp_path / "pairs" / "ana", PAIR)
    (tmp_path / "pairs" / "loop").symlink_to("loop")
    (tmp_path / "pairs" / "gone").symlink_to("nowhere")
    for args in (["pairs/*"], ["pairs/loop", "pairs/gone", "pairs/ana"]):
        result = build(tmp_path, monkeypatch, *args)
        assert result.exit_code == 0, result.output
        assert "warning: pairs/loop: a symbolic link that leads back to itself" in result.stderr
        assert ("warning: pairs/gone: a symbolic link to something that does not exist"
                in result.stderr)
        problems = json.loads((tmp_path / "_programme" / "data.json").read_text())["unreadable"]
        assert sorted(p["source"] for p in problems) == ["pairs/gone", "pairs/loop"]


def _clash_folder(tmp_path: Path) -> Path:
    """pairs/{ana,bo} as repositories and data/x/data.json published."""
    for name in ("ana", "bo"):
        write(tmp_path / "pairs" / name, PAIR)
    write(tmp_path / "data" / "x", {"data.json": json.dumps(
        {"site": {"title": "X", "programme": "none"}})})
    return tmp_path


def test_an_output_folder_that_would_delete_a_pair_names_the_pairs(tmp_path, monkeypatch):
    root = _clash_folder(tmp_path)
    sources = ("pairs/*", "data/x/data.json")
    expected = {
        "pairs": "--out pairs holds 2 pairs: pairs/ana, pairs/bo, which replacing it would "
                 "delete; choose a folder outside every pair, e.g. _programme",
        "data": "--out data holds the pair data/x/data.json, which replacing it would delete; "
                "choose a folder outside every pair, e.g. _programme",
        "data/x": "--out data/x holds the pair data/x/data.json, which replacing it would "
                  "delete; choose a folder outside every pair, e.g. _programme",
        "pairs/bo": "--out pairs/bo is the pair pairs/bo, which replacing it would delete; "
                    "choose a folder outside every pair, e.g. _programme",
        "pairs/ana/content/_p": "--out pairs/ana/content/_p is inside the content/ of the pair "
                                "pairs/ana; choose a folder outside every pair, e.g. _programme",
    }
    for out, message in expected.items():
        result = build(root, monkeypatch, *sources, "--out", out)
        assert result.exit_code == 1
        assert result.stderr == f"Error: {message}\n"
    assert sorted(p.name for p in (root / "pairs").iterdir()) == ["ana", "bo"]
    assert (root / "data" / "x" / "data.json").is_file()


def test_an_output_folder_that_would_delete_the_programme_says_which_folder(tmp_path,
                                                                          monkeypatch):
    """A programme is built from a folder of pairs, not a repository: the messages said "the
    repository" and suggested _site, the output folder of a pair's own build."""
    root = _clash_folder(tmp_path / "cohort")
    write(root / "config", {"programme.yml": "sources: ['../pairs/*']\n"})
    expected = {
        ".": "--out . would replace the current folder itself; choose e.g. _programme",
        "..": "--out .. holds the current folder, which replacing it would delete; "
              "choose e.g. _programme",
    }
    here = root / "here" / "deep"
    here.mkdir(parents=True)
    for out, message in expected.items():
        result = build(here, monkeypatch, "../../pairs/*", "--out", out)
        assert result.exit_code == 1
        assert result.stderr == f"Error: {message}\n"
    result = build(root / "data", monkeypatch, "--config", "../config/programme.yml",
                   "--out", "../config")
    assert result.exit_code == 1
    assert result.stderr == ("Error: --out ../config would replace the programme's folder "
                             f"{root / 'config'} itself; choose e.g. _programme\n")
    assert sorted(p.name for p in root.iterdir()) == ["config", "data", "here", "pairs"]
    assert here.is_dir()


def test_the_output_clash_message_is_the_same_on_every_run(tmp_path):
    """The folders were checked in the order of a set of paths, which changes from one run to
    the next (string hashes are salted per process): the message named one folder or another."""
    root = _clash_folder(tmp_path)
    said = set()
    for seed in ("0", "1", "2", "3", "4", "5"):
        done = subprocess.run(
            [sys.executable, "-m", "mentorsite", "programme", "build", "pairs/*",
             "data/x/data.json", "--out", "data/x"],
            cwd=root, capture_output=True, text=True, check=False,
            env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 1
        said.add(done.stderr)
    assert len(said) == 1 and "data/x/data.json" in said.pop()


def test_pairs_csv_has_each_pairs_id(tmp_path, monkeypatch):
    """Two pairs that kept the default title and share nothing were two identical rows: the
    id (the one the pair's page and data.json use) tells them apart, in the first column."""
    for name in ("north", "south"):
        write(tmp_path / "pairs" / name, {**PAIR, "mentorsite.yml": "programme: none\n"})
    write(tmp_path / "pairs" / "west", PAIR)
    result = build(tmp_path, monkeypatch, "pairs/*")
    assert result.exit_code == 0, result.output
    out = tmp_path / "_programme"
    text = (out / "pairs.csv").read_text(encoding="utf-8")
    assert text.startswith("id,name,cohort,programme,")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}
    assert sorted(rows) == ["north", "south", "west"]
    assert {rows[i]["name"] for i in ("north", "south")} == {"Mentorship progress"}
    assert rows["west"]["name"] == "Ana's plan" and (out / "pairs" / "west").is_dir()


def _run_limited(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``mentorsite programme build ARGS`` in a process of at most 1 GiB of memory, stopped
    after 30 seconds: a hang or a file read whole fails the test instead of the machine."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    try:
        return subprocess.run(
            [sys.executable, "-m", "mentorsite", "programme", "build", *args],
            cwd=root, capture_output=True, text=True, check=False, timeout=30,
            preexec_fn=limit)
    except subprocess.TimeoutExpired:
        pytest.fail(f"programme build {' '.join(args)} still running after 30 s")


def test_a_config_that_is_a_pipe_is_refused_without_waiting(tmp_path):
    write(tmp_path / "pairs" / "ana", PAIR)
    os.mkfifo(tmp_path / "settings.yml")
    done = _run_limited(tmp_path, "--config", "settings.yml", "pairs/*")
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(
        "settings.yml:1:1: error: not a regular file (a folder, a pipe or a device); give the "
        "settings file itself [unreadable-file]\n")
    os.rename(tmp_path / "settings.yml", tmp_path / "programme.yml")  # found, not named
    done = _run_limited(tmp_path, "pairs/*")
    assert done.returncode == 1 and "programme.yml:1:1: error: not a regular file" in done.stderr


def test_a_config_that_leads_back_to_itself_is_reported(tmp_path):
    """``programme.yml`` → ``programme.yml`` in the current folder ended the build in a
    RuntimeError's traceback (Python up to 3.12) before it was read."""
    write(tmp_path / "pairs" / "ana", PAIR)
    (tmp_path / "programme.yml").symlink_to("programme.yml")
    done = _run_limited(tmp_path, "pairs/*")
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(
        "programme.yml:1:1: error: cannot read file: Too many levels of symbolic links "
        "[unreadable-file]\n")
    assert not (tmp_path / "_programme").exists()


def test_a_huge_config_is_refused_unread(tmp_path):
    write(tmp_path / "pairs" / "ana", PAIR)
    with open(tmp_path / "programme.yml", "wb") as huge:
        huge.truncate(2 << 30)  # sparse: 2 GiB that take no room on disk
    done = _run_limited(tmp_path, "--config", "programme.yml", "pairs/*")
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(
        "programme.yml:1:1: error: file is 2,147,483,648 bytes; at most 1,048,576 are read "
        "[file-too-large]\n")


def test_a_pipe_in_the_place_of_the_cache_is_passed_over(tmp_path):
    """The cache is only ever a saving: a pipe where it should be (a cloned or unpacked folder
    can hold anything) is read as no cache, not waited on forever, and replaced."""
    from mentorsite.programme.build import cache_file

    write(tmp_path / "pairs" / "ana", PAIR)
    cache = cache_file(tmp_path / "_programme")
    cache.parent.mkdir()
    os.mkfifo(cache)
    done = _run_limited(tmp_path, "pairs/*")
    assert done.returncode == 0, done.stderr
    assert "(1 read, 0 unchanged)" in done.stderr
    assert json.loads(cache.read_text())["pairs"]


def test_no_usable_source_at_all_is_a_usage_error_and_writes_nothing(tmp_path, monkeypatch):
    """The docs promise exit 2 for 'no pairs at all'; when every source named was unusable
    the build wrote an empty site over the last one and exited 0."""
    write(tmp_path / "pairs" / "ana", PAIR)
    assert build(tmp_path, monkeypatch, "pairs/*").exit_code == 0
    before = (tmp_path / "_programme" / "data.json").read_bytes()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "x.json").write_text("<html>404</html>")
    (tmp_path / "data" / "gone.json").symlink_to("nowhere.json")
    (tmp_path / "empty").mkdir()
    result = build(tmp_path, monkeypatch, "data/*.json", "empty")
    assert result.exit_code == 2
    assert "warning: data/x.json: not valid JSON" in result.stderr
    assert "warning: data/gone.json: a symbolic link to something that does not exist" in (
        result.stderr)
    assert "warning: empty: not a mentorship repository" in result.stderr
    assert result.stderr.endswith(
        "Error: no pairs to show: not one of the 3 sources named could be read as a pair (see "
        "above); nothing was written\n")
    assert (tmp_path / "_programme" / "data.json").read_bytes() == before


def test_every_problem_of_programme_yml_is_reported_in_one_run(tmp_path, monkeypatch):
    """A wrong field stopped the checks of the patterns and the cohort names: each fix
    revealed the next problem."""
    write(tmp_path / "pairs" / "ana", PAIR)
    (tmp_path / "programme.yml").write_text(
        "titel: Spring\n"
        "sources: [pairs/*, nowhere/*]\n"
        "cohorts:\n"
        "  - name: Early\n"
        "    sources: [pairs/ana, gone]\n"
        "  - name: Early\n"
        "    sources: [pairs/ana]\n"
    )
    result = build(tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "programme.yml:1:1: error: unknown field 'titel' (did you mean 'title'?) [unknown-field]",
        "programme.yml:2:20: error: 'nowhere/*' matches no folder or file [no-such-source]",
        "programme.yml:5:26: error: 'gone' matches no folder or file [no-such-source]",
        "programme.yml:6:11: error: cohort 'Early' is named twice [duplicate-cohort]",
        "Error: programme build failed: fix the settings above; nothing was written",
    ]


def test_a_duplicate_key_in_programme_yml_hides_none_of_its_other_problems(tmp_path, monkeypatch):
    write(tmp_path / "pairs" / "ana", PAIR)
    (tmp_path / "programme.yml").write_text(
        "title: Spring\ntitle: Autumn\nsources: [pairs/*, nowhere/*]\n")
    result = build(tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "programme.yml:2:1: error: duplicate key 'title' (first given on line 1) [duplicate-key]",
        "programme.yml:3:20: error: 'nowhere/*' matches no folder or file [no-such-source]",
        "Error: programme build failed: fix the settings above; nothing was written",
    ]


def test_a_pair_folder_that_may_not_be_looked_into_is_listed(tmp_path, monkeypatch):
    """A folder of chmod 000 (or another user's) cannot be looked into: Path.is_file raises
    PermissionError there (it swallows only 'not there'), and the build ended in a traceback.
    Root is not stopped by chmod, so the refusal is made here."""
    write(tmp_path / "pairs" / "ana", PAIR)
    locked = tmp_path / "pairs" / "locked"
    write(locked, PAIR)
    real = Path.is_file

    def closed(path: Path) -> bool:
        if path.parent == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "is_file", closed)
    result = build(tmp_path, monkeypatch, "pairs/*")
    assert result.exit_code == 0, result.output
    assert "warning: pairs/locked: cannot be read: Permission denied" in result.stderr
    document = json.loads((tmp_path / "_programme" / "data.json").read_text())
    assert [pair["id"] for pair in document["pairs"]] == ["ana"]
    assert document["unreadable"] == [
        {"source": "pairs/locked", "problem": "cannot be read: Permission denied"}]


def test_a_data_json_with_a_number_of_too_many_digits_is_listed_in_plain_words(tmp_path,
                                                                                monkeypatch):
    """Python refuses to read an integer of over 4,300 digits, and its message told the
    coordinator, on the terminal and the front page, to call sys.set_int_max_str_digits()."""
    write(tmp_path / "pairs" / "ana", PAIR)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "x.json").write_text(
        '{"site": {"title": "X", "programme": "full", "cadence": ' + "9" * 5000 + "}}")
    result = build(tmp_path, monkeypatch, "pairs/*", "data/*.json")
    assert result.exit_code == 0, result.output
    problem = "not valid JSON: it holds a number of too many digits to read"
    assert f"warning: data/x.json: {problem}" in result.stderr
    document = json.loads((tmp_path / "_programme" / "data.json").read_text())
    assert document["unreadable"] == [{"source": "data/x.json", "problem": problem}]
    assert "sys." not in (tmp_path / "_programme" / "index.html").read_text()


def test_a_data_json_with_a_sharing_value_it_does_not_know_is_said_to_be_newer(tmp_path,
                                                                                monkeypatch):
    """A value a newer mentorsite may bring fails closed, as a missing one does; it was said
    to come from an older mentorsite, which sent the coordinator the wrong way."""
    (tmp_path / "data").mkdir()
    for name, site in (("old", {"title": "Old"}),
                       ("new", {"title": "New", "programme": "goals-only", "mentee": "Mia"})):
        (tmp_path / "data" / f"{name}.json").write_text(json.dumps({"site": site}))
    result = build(tmp_path, monkeypatch, "data/*.json")
    assert result.exit_code == 0, result.output
    assert ("warning: data/new.json: data.json's site.programme is none of full, summary and "
            "none (made by a newer mentorsite?), so it is shown as 'programme: none'"
            in result.stderr)
    assert "warning: data/old.json: data.json does not say what the pair shares" in result.stderr
    assert "goals-only" not in result.stderr
    pairs = json.loads((tmp_path / "_programme" / "data.json").read_text())["pairs"]
    assert [(p["id"], p["programme"]) for p in pairs] == [("new", "none"), ("old", "none")]
    assert "Mia" not in (tmp_path / "_programme" / "index.html").read_text()


def test_a_folder_of_data_json_files_named_itself_says_how_to_name_them(tmp_path, monkeypatch):
    """The workflows of docs/programme.md §7 gather data/<id>.json or data/<artifact>/data.json;
    naming the folder read it as a repository, and the message did not say how to read them."""
    write(tmp_path / "pairs" / "ana", PAIR)
    published = json.dumps({"site": {"title": "X", "programme": "none"}})
    for relpath in ("data/ana.json", "artifacts/pair-bo/data.json"):
        (tmp_path / relpath).parent.mkdir(parents=True)
        (tmp_path / relpath).write_text(published)
    (tmp_path / "empty").mkdir()
    result = build(tmp_path, monkeypatch, "pairs/ana", "data/", "artifacts", "empty")
    assert result.exit_code == 0, result.output
    repository = "not a mentorship repository (it has no mentorsite.yml and no content/)"
    assert (f"warning: data: {repository}; to read the data.json files in it, name them: "
            "'data/*.json'") in result.stderr
    assert (f"warning: artifacts: {repository}; to read the data.json files in it, name them: "
            "'artifacts/*/data.json'") in result.stderr
    assert f"warning: empty: {repository}\n" in result.stderr


def test_a_source_whose_name_is_not_utf8_is_listed_with_its_bytes_escaped(tmp_path, monkeypatch):
    """A folder name that is not UTF-8 is read by Python with lone surrogates, which no UTF-8
    page holds: a source of such a name that could not be read ended the build in a
    UnicodeEncodeError traceback as the front page was written."""
    write(tmp_path / "pairs" / "ana", PAIR)
    os.mkdir(os.path.join(os.fsencode(tmp_path), b"pairs", b"em\xffpty"))
    result = build(tmp_path, monkeypatch, "pairs/*")
    assert result.exit_code == 0, result.output
    assert "warning: pairs/em\\xffpty: not a mentorship repository" in result.stderr
    problems = json.loads((tmp_path / "_programme" / "data.json").read_text())["unreadable"]
    assert [problem["source"] for problem in problems] == ["pairs/em\\xffpty"]
    assert "pairs/em\\xffpty" in (tmp_path / "_programme" / "index.html").read_text()
    data = os.path.join(os.fsencode(tmp_path), b"da\xfeta")
    os.mkdir(data)
    with open(os.path.join(data, b"x.json"), "w") as file:
        file.write("{}")
    result = build(tmp_path, monkeypatch, "pairs/ana", os.fsdecode(b"da\xfeta"))
    assert result.exit_code == 0, result.output
    assert "name them: 'da\\xfeta/*.json'" in result.stderr


def test_a_data_json_holding_half_a_character_is_listed_not_a_traceback(tmp_path, monkeypatch):
    """JSON may escape half a UTF-16 pair on its own ("\\udcff"), which mentorsite never
    publishes and Python reads as a lone surrogate: in a title or a win it reached the pages,
    and writing them ended the whole build in a UnicodeEncodeError traceback. A whole pair,
    escaped (an emoji), is one character and reads as before."""
    write(tmp_path / "pairs" / "ana", PAIR)
    (tmp_path / "data").mkdir()
    site = '{"site": {"title": %s, "programme": "full", "mentee": %s}}'
    (tmp_path / "data" / "half.json").write_text(site % ('"Bo"', '"M \\ud800"'))
    (tmp_path / "data" / "emoji.json").write_text(site % ('"Cy \\ud83d\\ude00"', '"Cy"'))
    result = build(tmp_path, monkeypatch, "pairs/*", "data/*.json")
    assert result.exit_code == 0, result.output
    assert ("warning: data/half.json: not valid JSON: a text in it holds half a character (an "
            "escape such as \\udcff, alone), which no page can hold") in result.stderr
    names = [p["name"] for p in json.loads((tmp_path / "_programme" / "data.json").read_text())
             ["pairs"]]
    assert sorted(names) == ["Ana's plan", "Cy \N{GRINNING FACE}"]
