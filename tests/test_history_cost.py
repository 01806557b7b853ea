"""What a build with history works out once, and the short cuts that give the same answer."""

from __future__ import annotations

import difflib
import multiprocessing
import pickle
import shutil
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType

import pytest

from mentorsite.build import build
from mentorsite.history import aside as history_aside
from mentorsite.history import body_diffs as body_diffs_module
from mentorsite.history import evolution as evolution_module
from mentorsite.history import field_changes as field_changes_module
from mentorsite.history import versions as versions_module
from mentorsite.history.body_diffs import body_diff
from mentorsite.history.field_changes import meaning
from mentorsite.history.log import read_history
from mentorsite.history.versions import Version
from mentorsite.model.project import read_project
from tests.conftest import Repo
from tests.test_history import TODAY, repo  # noqa: F401 - the fixture

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git CLI")


def _by_difflib(old: str, new: str) -> list[str]:
    return list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=2))[2:]


@pytest.mark.parametrize(("old", "new"), [
    ("", "One line."),
    ("", "Two\n\n- lines <b>\n"),
    ("Gone.", ""),
    ("All\nof\nit\n", ""),
    ("Same\ntext", "Same\ntext"),
    ("", ""),
])
def test_a_body_added_removed_or_kept_is_diffed_without_matching(old, new, monkeypatch):
    """A file added or deleted is one hunk of all its lines, as difflib writes it, without
    asking difflib to match anything (most commits add a file)."""
    expected = _by_difflib(old, new)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("difflib asked to match a body added, removed or kept")

    monkeypatch.setattr(body_diffs_module, "Matcher", refuse)
    before = Version({}, old) if old else None
    after = Version({}, new) if new else None
    assert body_diff(before, after) == expected
    assert body_diff(Version({}, old), Version({}, new)) == expected


def test_bodies_that_changed_in_part_still_go_through_difflib():
    before, after = Version({}, "a\nb\nc\nd\ne\nf"), Version({}, "a\nb\nX\nd\ne\nf\ng")
    assert body_diff(before, after) == _by_difflib(before.body, after.body)


def _meaning_level_by_level(old: dict, new: dict) -> list[tuple[str, str | None, str | None]]:
    """:func:`meaning` as it was written first: one dict per level, merged upwards (and, as
    since, a key whose value is left empty taken for one left out)."""

    def flatten(value: object, prefix: str = "") -> dict[str, str]:
        if isinstance(value, dict):
            flat: dict[str, str] = {}
            for key, item in value.items():
                if item is not None:  # a key left empty is one left out
                    flat.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
            return flat
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            flat = {}
            for index, item in enumerate(value):
                name = item.get("id") or item.get("title") or index
                flat.update(flatten(item, f"{prefix}.{name}"))
            return flat
        return {prefix: field_changes_module._show(value)}

    a, b = flatten(old), flatten(new)
    return [(k, a.get(k), b.get(k)) for k in dict.fromkeys([*a, *b]) if a.get(k) != b.get(k)]


TRICKY = [
    {},
    {"status": "active", "due": date(2025, 6, 30), "done": False, "note": None, "n": 3},
    {"a": {"b": "inner"}, "a.b": "dotted", "": {"x": "empty key"}, 7: "int key"},
    {"metrics": [{"id": "c", "target": 4}, {"title": "t"}, {}, {"id": "c", "target": 9}]},
    {"tags": ["x", 2, True, None], "empty": [], "nested": {}, "deep": {"l": [{"k": {"m": 1}}]}},
    {"status": "pivoted", "metrics": [{"id": "c", "target": 5}], "a.b": "other"},
    {"f": 2.5, "z": -0.0, "big": 10**30, "b": True, "at": datetime(2025, 1, 2, 3, 4),
     "d": {"on": date(2025, 1, 2), "off": False, "n": 0}},
    {"wins": ["Shipped <b>it</b>", "", "a; b"], "steps": ["one"], "mixed": ["x", 1.5, None],
     "deep": {"tags": ["t", "u"]}, "dates": [date(2025, 1, 2)], "scale": [1, 10000]},
]


@pytest.mark.parametrize("old", TRICKY)
@pytest.mark.parametrize("new", TRICKY)
def test_meaning_is_what_it_was_level_by_level(old, new):
    """One dict for the whole walk gives the same fields, values and order as a dict per
    level merged upwards, colliding names included (the later value, the first place)."""
    found = [(c.field, c.before, c.after) for c in meaning(old, new)]
    assert found == _meaning_level_by_level(old, new)



@pytest.mark.parametrize("old", TRICKY)
@pytest.mark.parametrize("new", TRICKY)
def test_changes_are_made_without_a_round_of_their_constructor(old, new, monkeypatch):
    """Each change is a :class:`FieldChange` made by ``tuple.__new__``: the named tuple's own
    constructor is a Python function, called for each of the 15,000 changes of the
    1,000-commit benchmark history's commit pages."""
    FieldChange = field_changes_module.FieldChange
    expected = _meaning_level_by_level(old, new)

    def refuse(*_args: object) -> None:
        raise AssertionError("FieldChange's constructor called")

    monkeypatch.setattr(FieldChange, "__new__", refuse)
    found = meaning(old, new)
    assert [(c.field, c.before, c.after) for c in found] == expected
    assert all(type(c) is FieldChange for c in found)

class _NoMappingCheck(type):
    def __instancecheck__(cls, value: object) -> bool:
        raise AssertionError(f"isinstance of {type(value).__name__} against Mapping")


class _Mapping(metaclass=_NoMappingCheck):
    pass


@pytest.mark.parametrize("meta", TRICKY)
def test_front_matter_is_flattened_without_asking_the_mapping_abc(
    meta: dict[object, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Front matter is dicts, lists and scalars: their type tells whether each is a mapping.
    The ABC's isinstance check cost more than the rest of flattening a commit's files."""
    expected = field_changes_module.flatten(meta)
    monkeypatch.setattr(field_changes_module, "Mapping", _Mapping)
    assert field_changes_module.flatten(meta) == expected


def test_a_list_of_texts_is_flattened_without_showing_each_item(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wins, obstacles, next steps and tags are lists of texts, in nearly every version a
    commit page compares: joined at once, as :func:`_show` joins them item by item."""
    shown: list[object] = []
    real = field_changes_module._show

    def counting(value: object) -> str:
        shown.append(value)
        return real(value)

    monkeypatch.setattr(field_changes_module, "_show", counting)
    flat = field_changes_module.flatten({"wins": ["Shipped", "Asked early"], "d": {"t": ["x"]}})
    assert flat == {"wins": "Shipped; Asked early", "d.t": "x"}
    assert shown == []


def test_a_mapping_of_another_type_is_still_flattened_as_one() -> None:
    shown = field_changes_module.flatten({"a": MappingProxyType({"b": 1, "c": date(2025, 1, 2)})})
    assert shown == {"a.b": "1", "a.c": "2025-01-02"}


def test_each_version_is_flattened_once(repo, monkeypatch):  # noqa: F811
    """A version is the "after" of one revision and the "before" of the next: its front
    matter is flattened for the comparison once, not once per revision."""
    flattened: Counter[int] = Counter()
    real = versions_module.flatten

    def counting(value, prefix="", into=None):  # type: ignore[no-untyped-def]
        if into is None:
            flattened[id(value)] += 1
        return real(value, prefix, into)

    monkeypatch.setattr(versions_module, "flatten", counting)
    changes = evolution_module.evolution(read_history(repo.root), ())
    revisions = [r for revs in changes.revisions_by_commit.values() for r in revs]
    for revision in revisions:
        revision.changes  # noqa: B018
    versions = {b for r in revisions for b in (r.old_blob, r.new_blob) if b}
    assert sum(flattened.values()) == len(versions)
    assert len(revisions) > len(versions) / 2


def test_goal_versions_are_read_once_in_a_build(repo, monkeypatch):  # noqa: F811
    """A goal's versions are shown on its page, on its revision pages and on its commits'
    pages, far apart in a build: each is read once (its YAML parsed, or its front matter
    taken from the build's own reading), however few versions the build keeps otherwise. An
    old one is not read in the build's process at all where it can fork: the history's own
    process hands it back read (see :attr:`GitLog.read_ahead`)."""
    monkeypatch.setattr(versions_module, "REMEMBERED", 1)
    real_read, real_loads = versions_module.read_version, pickle.loads
    read: Counter[bytes | None] = Counter()

    def counting(blob: bytes | None) -> Version | None:
        read[blob] += 1
        return real_read(blob)

    def counting_loads(data: bytes) -> object:
        read[data] += 1
        return real_loads(data)

    monkeypatch.setattr(versions_module, "read_version", counting)
    monkeypatch.setattr(versions_module.pickle, "loads", counting_loads)
    build(repo.root, repo.root / "_site", today=TODAY, jobs=1)
    goals = {blob: count for blob, count in read.items() if blob and b"Speak up" in blob}
    forked = "fork" in multiprocessing.get_all_start_methods()
    assert len(goals) == (1 if forked else 2) and set(goals.values()) == {1}


def _current_texts(root: Path) -> set[bytes]:
    return {path.read_bytes() for path in (root / "content").rglob("*.md")}


def test_versions_the_working_tree_holds_are_not_read_again(repo, monkeypatch):  # noqa: F811
    """Most versions a history shows are the files as they are now, which the build has just
    read: their YAML is not parsed a second time; only older versions' is."""
    real = versions_module.read_version
    read: list[bytes | None] = []

    def counting(blob: bytes | None) -> Version | None:
        read.append(blob)
        return real(blob)

    monkeypatch.setattr(versions_module, "read_version", counting)
    build(repo.root, repo.root / "_site", today=TODAY, jobs=1)
    assert read, "older versions are still read from git"
    assert not _current_texts(repo.root) & set(read)


def _shown(changes: evolution_module.Evolution) -> list[tuple[object, ...]]:
    return [(r.path, r.before, r.after, r.changes, r.diff)
            for revisions in changes.revisions_by_commit.values() for r in revisions]


def test_versions_taken_from_the_reading_show_what_git_gives(tmp_path):
    """A version taken from the build's reading shows the same front matter, changes and diff
    as the one read from git, a private goal still left out of it; a file saved with CRLF
    (normalised when read) is read from git."""
    pair = Repo(tmp_path / "pair")
    pair.write("content/goals/speak.md", "---\ntitle: Speak\nstatus: active\n---\nOld.\n")
    pair.write("content/goals/hidden.md", "---\ntitle: H\nstatus: active\nprivate: true\n---\n")
    pair.write("content/checkins/2025-01-06.md", "---\ngoals: {speak: {note: a}}\n---\nA.\n")
    pair.commit("Start")
    pair.write("content/goals/speak.md",
               "---\ntitle: Speak up\nstatus: active\ndue: 2025-06-30\n---\nNew.\n")
    pair.write("content/checkins/2025-01-06.md",
               "---\ngoals: {speak: {note: b}, hidden: {note: SECRET}}\n---\nB.\n")
    pair.write("content/checkins/2025-01-13.md", "---\r\ngoals: {}\r\n---\r\nCRLF.\r\n")
    pair.commit("Edit")
    project = read_project(pair.root, TODAY, fronts=True)
    private = project.model.private_paths()
    log = read_history(pair.root)
    with_fronts = evolution_module.evolution(log, private, project.fronts)
    shown = _shown(with_fronts)
    assert shown == _shown(evolution_module.evolution(log, private))
    assert "SECRET" not in repr(shown) and "hidden" not in repr(shown)
    added = {r.new_blob for revs in with_fronts.revisions_by_commit.values() for r in revs}
    assert len(added & set(project.fronts)) == 2, "the goal and check-in as they are now"


def test_the_reading_keys_each_front_matter_by_gits_blob_id(repo):  # noqa: F811
    """What the reading keeps for the history is found by the ids git gives the same files."""
    listed = repo.git("ls-files", "-s", "content").splitlines()
    blob_ids = {line.split()[1] for line in listed}
    fronts = read_project(repo.root, TODAY, fronts=True).fronts
    assert set(fronts) == blob_ids and len(blob_ids) == len(listed)
    assert not read_project(repo.root, TODAY).fronts


def test_a_build_lets_go_of_the_versions_it_read_itself(repo):  # noqa: F811
    """The versions taken from the build's reading are dropped from the log, to make room for
    the pages; the older ones stay for the pages that show them."""
    log = read_history(repo.root)
    old = set(log.blobs)
    build(repo.root, repo.root / "_site", today=TODAY, jobs=1,
          git_history=history_aside.History(lambda: log))
    now = set(read_project(repo.root, TODAY, fronts=True).fronts)
    assert now & old and not now & set(log.blobs)
    assert set(log.blobs) == old - now


def test_only_goal_versions_are_kept_for_good(tmp_path):
    """What is kept for the whole build is the few goals' versions, never a check-in's."""
    pair = Repo(tmp_path / "pair")
    pair.write("content/goals/g.md", "---\ntitle: G\nstatus: active\n---\nBody.\n")
    pair.write("content/checkins/2025-01-06.md", "---\ngoals: {}\n---\nNotes.\n")
    pair.commit("Start")
    pair.write("content/checkins/2025-01-06.md", "---\ngoals: {}\n---\nMore notes.\n")
    pair.commit("Edit the check-in")
    changes = evolution_module.evolution(read_history(pair.root), ())
    revisions = [r for revs in changes.revisions_by_commit.values() for r in revs]
    for revision in revisions:
        revision.changes, revision.diff  # noqa: B018
    versions = revisions[0].versions
    goal = changes.files["content/goals/g.md"].revisions[0].new_blob
    assert versions.shown_again == {goal}
    kept = {key for _, key in versions.kept}
    assert kept == {goal, (None, goal, ()), (None, goal, None, ())}  # read and flat; diff; changes


def test_old_versions_are_packed_at_zlibs_fastest_level(repo):  # noqa: F811
    """Every old version is compressed once per cold build, as git gives it: at level 1."""
    import zlib

    from mentorsite.history.parse import pack

    log = read_history(repo.root)
    assert log.blobs
    for blob_id, packed in log.blobs.items():
        raw = log.blob(blob_id)
        assert raw is not None and packed == pack(raw) == zlib.compress(raw, 1)


def test_each_old_version_is_looked_at_once_for_privacy(repo, monkeypatch):  # noqa: F811
    """Whether a version is marked private is asked once per version, though most versions
    are the new side of one change and the old side of the next."""
    from mentorsite.history.commits import GitLog

    log = read_history(repo.root)
    asked: Counter[str] = Counter()
    real = GitLog.blob

    def counting(self: GitLog, blob_id: str) -> bytes | None:
        asked[blob_id] += 1
        return real(self, blob_id)

    monkeypatch.setattr(GitLog, "blob", counting)
    evolution_module.evolution(log, ())
    assert asked and set(asked.values()) == {1}


_TEXTS = {
    "a1": b"---\ntitle: Speak up\nstatus: active\n---\nSay one thing a meeting.\n",
    "a2": b"---\ntitle: Speak up\nstatus: done\n---\nSay two things a meeting.\n",
    "g1": b"---\ntitle: Listen\n---\nAsk first.\n",
    "g2": b"---\ntitle: Listen well\n---\nAsk first, then wait.\n",
}


def _python_calls(work) -> Counter[str]:  # type: ignore[no-untyped-def]
    """The Python functions ``work()`` runs, by name, each resumption of a generator too."""
    import sys

    calls: Counter[str] = Counter()

    def profile(frame, event, _arg):  # type: ignore[no-untyped-def]
        if event == "call":
            calls[frame.f_code.co_name] += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return calls


def test_a_version_asked_for_again_is_found_at_once():
    """Every comparison asks again for its versions (ten thousand look-ups in a build of a
    thousand commits): a version found is the look-up and its memo, with no function made
    to read it and no generator run to see whether a goal's page shows it again."""
    versions = versions_module.Versions(_TEXTS.get, shown_again=frozenset({"g1", "g2"}))
    for blob in _TEXTS:
        assert versions(blob) is not None

    calls = _python_calls(lambda: [versions(blob) for blob in _TEXTS for _ in range(10)])
    assert calls == Counter({"__call__": 40, "_remembered": 20, "_kept": 20, "<lambda>": 1,
                             "<listcomp>": 1})
    assert versions("a2").meta["status"] == "done"


def test_a_comparison_asked_for_again_runs_no_generator():
    """Whether a comparison is kept for good (one of its versions is a goal's) is one set
    operation, not a generator over its versions."""
    versions = versions_module.Versions(_TEXTS.get, shown_again=frozenset({"g1", "g2"}))
    pairs = [("a1", "a2"), ("g1", "g2"), (None, "a1")]
    first = [(versions.changed(old, new), versions.diff(old, new)) for old, new in pairs]

    calls = _python_calls(lambda: [(versions.changed(old, new), versions.diff(old, new))
                                   for old, new in pairs])
    assert calls["<genexpr>"] == 0 and calls["_get"] == 2 * len(pairs)
    assert [(versions.changed(old, new), versions.diff(old, new)) for old, new in pairs] == first
    assert first[0][0] and first[1][1]
