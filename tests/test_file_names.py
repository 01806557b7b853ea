"""A misnamed entry's message offers the name it was most likely meant to have.

A goal's id and an entry's date come from the file's name, so ``My Goal.md`` or
``3-12-2026.md`` is no document until renamed; the rule alone left the pair to work out the
new name themselves.
"""

from __future__ import annotations

import unicodedata

import pytest

from mentorsite.read.names import RULES, suggested_names

SUGGESTED = {
    # (kind, stem): the names offered
    ("goal", "My Goal"): ["my-goal.md"],
    ("goal", "Ünïcode Plan"): ["unicode-plan.md"],
    ("goal", "目標"): [],  # nothing Latin to make an id of
    ("goal", "Публичные выступления"): ["publichnye-vystupleniia.md"],  # ICAO Doc 9303
    ("evidence", "2026-11-30 Σχόλια μέντορα"): ["2026-11-30-scholia-mentora.md"],  # ELOT 743
    ("goal", "CON"): ["con-goal.md"],  # no file on Windows can be called con.md
    ("goal", "Com1 "): ["com1-goal.md"],
    ("checkin", "20261203"): ["2026-12-03.md"],
    ("checkin", "2026-12-3-review"): ["2026-12-03-review.md"],
    ("checkin", "2026.12.03"): ["2026-12-03.md"],
    ("checkin", "3-12-2026"): ["2026-12-03.md", "2026-03-12.md"],  # day or month first
    ("checkin", "31-12-2026"): ["2026-12-31.md"],  # no month 31
    ("checkin", "12-31-2026"): ["2026-12-31.md"],
    ("checkin", "5.5.2026"): ["2026-05-05.md"],  # read either way, the same day
    ("checkin", "2026-13-40"): [],  # no such day either way
    ("checkin", "Week 3"): [],
    ("reflection", "2026_11_30_week_one"): ["2026-11-30-week-one.md"],
    ("reflection", "Week one 30-11-2026"): ["2026-11-30-week-one.md"],
    ("reflection", "2026-11-30"): [],  # a reflection's name needs words after its date
    ("reflection", "week-one"): [],  # its date is the pair's to say
    ("evidence", "2026-11-30 Talk at the all-hands"): ["2026-11-30-talk-at-the-all-hands.md"],
    # the month by name, as the site writes dates (30 Nov 2026) or as people do
    ("checkin", "30 Nov 2026"): ["2026-11-30.md"],
    ("checkin", "dec-3rd-2026"): ["2026-12-03.md"],
    ("reflection", "Retro September 30, 2026"): ["2026-09-30-retro.md"],
    ("checkin", "30 Foo 2026"): [],  # no month
    ("checkin", "31 June 2026"): [],  # no such day
}


@pytest.mark.parametrize(("kind", "stem", "names"),
                         [(kind, stem, names) for (kind, stem), names in SUGGESTED.items()])
def test_the_name_offered_fits_the_rule(kind, stem, names):
    assert suggested_names(kind, stem) == names
    pattern, _rule = RULES[kind]
    assert all(pattern.fullmatch(name.removesuffix(".md")) for name in names)


def test_check_offers_the_names(make_repo, run_cli):
    root = make_repo({"content/checkins/3-12-2026.md": "---\ngoals: {}\n---\n",
                      "content/goals/Speak Up.md": "---\ntitle: Speak up\n---\n"})
    result = run_cli("--source", root, "check")
    assert result.exit_code == 1
    assert ("content/checkins/3-12-2026.md:1:1: error: file name '3-12-2026.md' does not fit; "
            "name checkin files <YYYY-MM-DD>.md or <YYYY-MM-DD>-<slug>.md (did you mean "
            "2026-12-03.md or 2026-03-12.md?) [invalid-file-name]") in result.output
    assert ("content/goals/Speak Up.md:1:1: error: file name 'Speak Up.md' does not fit; name "
            "goal files <id>.md with a lowercase id of a-z, 0-9, - (did you mean speak-up.md?) "
            "[invalid-file-name]") in result.output


@pytest.mark.parametrize("name", ["con", "aux", "nul", "prn", "com1", "lpt9"])
def test_check_refuses_a_name_windows_keeps_for_a_device(make_repo, check_json, brief,
                                                          valid_goal, name):
    """git for Windows cannot check out a repository holding ``content/goals/con.md``: the
    pair's partner on Windows could not clone it, and the site's ``goals/con/`` folder could
    not be copied there either."""
    root = make_repo({f"content/goals/{name}.md": valid_goal,
                      "content/goals/other.md": valid_goal,
                      "content/goals/Lpt1.MD": valid_goal})
    code, rows = check_json(root)
    assert code == 1
    assert brief(rows) == ["content/goals/Lpt1.MD:1:1: error [unknown-file]",
                           f"content/goals/{name}.md:1:1: error [invalid-file-name]"]
    assert rows[0]["message"].endswith("rename it to lpt1-goal.md")
    assert rows[1]["message"] == (
        f"file name '{name}.md' does not fit: Windows keeps the name '{name}' for a device, "
        f"so git cannot check this repository out there; rename it to {name}-goal.md, and "
        "the goal's id where other entries name it")


def test_a_name_that_merely_starts_like_a_device_is_fine(make_repo, check_json, valid_goal):
    root = make_repo({f"content/goals/{name}.md": valid_goal
                      for name in ("console", "con-goal", "aux1", "com10", "null")})
    assert check_json(root) == (0, [])


def test_check_refuses_names_macos_and_windows_take_for_one(make_repo, check_json, brief,
                                                            valid_goal):
    """Linux holds ``Goal-A.md`` beside ``goal-a.md``, and ``café.md`` written as macOS writes
    it (NFD) beside the same name as typed on Linux (NFC); a checkout on macOS or Windows
    keeps one of each pair, and git there shows the other as changed."""
    nfd, nfc = (unicodedata.normalize(form, "café") for form in ("NFD", "NFC"))
    root = make_repo({"content/goals/goal-a.md": valid_goal,
                      "content/goals/Goal-A.md": valid_goal,
                      f"content/goals/{nfd}.md": valid_goal,
                      f"content/goals/{nfc}.md": valid_goal,
                      "content/goals/goal-b.md": valid_goal})
    code, rows = check_json(root)
    clashes = [row for row in rows if "differ only in case" in row["message"]]
    assert code == 1
    assert brief(clashes) == [f"content/goals/{name}:1:1: error [invalid-file-name]"
                              for name in sorted(["Goal-A.md", "goal-a.md", f"{nfd}.md",
                                                  f"{nfc}.md"])]
    assert {row["message"] for row in clashes if row["path"].endswith("goal-a.md")} == {
        "its name and that of content/goals/Goal-A.md differ only in case or in how accents "
        "are encoded (NFC, NFD): macOS and Windows hold one file for them, so a checkout "
        "there keeps only one; merge them into one file"}


def test_check_refuses_theme_files_macos_and_windows_take_for_one(make_repo, check_json,
                                                                  brief, valid_goal):
    """``static/Logo.png`` beside ``static/logo.png`` in a pair's theme were both published:
    a checkout on macOS or Windows keeps one, and a build there writes one file for the two
    names. They are refused as content files are; files differing otherwise are not."""
    root = make_repo({"mentorsite.yml": "theme: ours\n", "content/goals/speak.md": valid_goal,
                      "themes/ours/static/Logo.png": "a", "themes/ours/static/logo.png": "b",
                      "themes/ours/static/logo.svg": "c",
                      "themes/ours/templates/wins.html": '{% extends "default/wins.html" %}\n'})
    code, rows = check_json(root)
    assert code == 1
    assert brief(rows) == [f"themes/ours/static/{name}:1:1: error [invalid-file-name]"
                           for name in ("Logo.png", "logo.png")]
    assert rows[0]["message"].endswith("so a checkout there keeps only one; rename one of them")


@pytest.mark.parametrize("name", ["x.md.", "x.md ", "x.md. "])
def test_a_name_ending_in_a_dot_or_a_space_is_offered_its_name(make_repo, check_json, name,
                                                              valid_goal):
    """It was told to keep images and PDFs outside content/, as if it were no Markdown."""
    _, rows = check_json(make_repo({f"content/goals/{name}": valid_goal}))
    assert [(row["path"], row["code"], row["message"]) for row in rows] == [
        (f"content/goals/{name}", "unknown-file",
         "content files are named <name>.md: rename it to x.md")]
