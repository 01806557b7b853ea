"""Hostile files are refused with a diagnostic, quickly, in bounded memory, and never crash.

A pull request can put anything in a content file, and ``check`` runs on it in CI. Each case
here runs the whole ``check`` command in-process twice: once timed (it must finish well under a
second: a safety bound, not a benchmark) and once under ``tracemalloc`` (its peak must stay
under 50 MB). ``run_cli`` fails the test on any exception, so a crash cannot pass.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from mentorsite.model.field_types import Link, Text
from mentorsite.text import NOT_HTML

GOAL = "content/goals/hostile.md"
SECONDS = 1.0
PEAK_BYTES = 50 * 1024 * 1024
N = 100_000


def billion_laughs() -> str:
    """The classic: nine levels of nine aliases, 9**9 (387 million) strings once expanded."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        name, below = "abcdefghi"[level], "abcdefghi"[level - 1]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{below}"] * 9) + "]")
    return "---\n" + "\n".join(lines) + "\n---\n"


def deep_block_mappings(levels: int) -> str:
    """``a:`` nested ``levels`` deep, one space per level (1,000 levels is about 500 kB)."""
    return "---\n" + "".join(" " * i + "a:\n" for i in range(levels)) + "---\n"


CASES = {
    # name: (file content, code, line, column or None where the level count is a matter of
    # taste: the root mapping may or may not count as the first of the 32 levels allowed)
    "billion-laughs": (billion_laughs(), "yaml-too-large", None, None),
    "python-object-tag": (
        "---\ntitle: !!python/object:__main__.Evil {}\n---\n", "yaml-tag", 2, 8
    ),
    "python-name-tag": ("---\ntitle: !!python/name:os.system\n---\n", "yaml-tag", 2, 8),
    "invalid-utf8": (b"---\ntitle: \xff\xfe\n---\n", "invalid-encoding", 2, 8),
    "encoded-surrogate": (b"---\ntitle: \xed\xa0\x80\n---\n", "invalid-encoding", 2, 8),
    "only-dashes": ("---\n", "unterminated-front-matter", 1, 1),
    "only-dashes-no-newline": ("---", "unterminated-front-matter", 1, 1),
    "deep-flow-sequences": (
        "---\ntitle: " + "[" * N + "]" * N + "\n---\n", "yaml-too-deep", 2, None
    ),
    "deep-flow-unclosed": ("---\ntitle: " + "[" * N + "\n---\n", "yaml-too-deep", 2, None),
    "deep-flow-mappings": (
        "---\ntitle: " + "{a: " * N + "}" * N + "\n---\n", "yaml-too-deep", 2, None
    ),
    # an apostrophe inside a flow scalar; the brackets after it are still brackets
    "deep-flow-behind-an-apostrophe": (
        "---\ntitle: [it's, " + "[" * N + "]" * N + "]\n---\n", "yaml-too-deep", 2, None
    ),
    # the mapping at depth d starts on line d + 1, column d; depth 33 is one too many
    "deep-block-mappings": (deep_block_mappings(1000), "yaml-too-deep", 34, 33),
    # '- ' pairs from column 3 on line 3: the list at depth d (root mapping = 1) is at 2d - 1
    "deep-compact-sequences": ("---\nx:\n  " + "- " * N + "x\n---\n", "yaml-too-deep", 3, 65),
    "nul-byte": ("---\ntitle: a\x00b\n---\n", "invalid-yaml", 2, 9),
}


def _check(run_cli, root: Path) -> tuple[float, list[dict[str, Any]]]:
    """Run check once, timed in CPU seconds; it must fail cleanly (exit 1, no traceback)."""
    started = time.process_time()  # CPU: check runs in this process; load does not stretch it
    result = run_cli("--source", root, "--today", "2025-06-15", "check", "--format", "json")
    elapsed = time.process_time() - started
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    return elapsed, json.loads(result.stdout)


def _peak(run_cli, root: Path) -> int:
    """Run check once under tracemalloc and return the peak of traced memory."""
    tracemalloc.start()
    try:
        run_cli("--source", root, "--today", "2025-06-15", "check", "--format", "json")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    ("content", "code", "line", "column"), list(CASES.values()), ids=list(CASES)
)
def test_hostile_front_matter_is_refused_fast(content, code, line, column, make_repo, run_cli):
    root = make_repo({GOAL: content})

    elapsed, rows = _check(run_cli, root)

    own = [r for r in rows if r["code"] == code]
    assert [(r["path"], r["code"], r["severity"]) for r in own] == [(GOAL, code, "error")]
    # a tag is read on past, with the value as written, so that the file's other problems
    # come in the same run (here, what the title and a goal lack); nothing else is
    others = {r["code"] for r in rows} - {code}
    assert others <= ({"missing-field", "wrong-type", "invalid-value"} if code == "yaml-tag"
                      else set())
    if line is not None:
        assert own[0]["line"] == line
    if column is not None:
        assert own[0]["column"] == column
    assert elapsed < SECONDS
    assert _peak(run_cli, root) < PEAK_BYTES


def test_billion_laughs_points_into_the_bomb(make_repo, run_cli):
    root = make_repo({GOAL: billion_laughs()})
    _, rows = _check(run_cli, root)
    assert 2 <= rows[0]["line"] <= 10  # the bomb's nine lines


def test_python_tags_run_nothing(tmp_path, make_repo, run_cli):
    marker = tmp_path / "pwned"
    root = make_repo(
        {GOAL: f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n---\n"}
    )
    _, rows = _check(run_cli, root)
    assert [r["code"] for r in rows if r["line"] == 2] == ["yaml-tag", "wrong-type"]
    assert not marker.exists()


@pytest.mark.parametrize("relpath", [GOAL, "mentorsite.yml"])
def test_fifty_megabyte_file_is_refused_unread(relpath, make_repo, run_cli):
    """The file is sparse: 50 MB on paper, nothing on disk; it must not be read at all."""
    root = make_repo({relpath: ""})
    with open(root / relpath, "wb") as handle:
        handle.write(b"---\ntitle: big\n---\n")
        handle.truncate(50 * 1024 * 1024)

    elapsed, rows = _check(run_cli, root)

    assert [(r["path"], r["line"], r["column"], r["code"]) for r in rows] == [
        (relpath, 1, 1, "file-too-large")
    ]
    assert "52,428,800 bytes" in str(rows[0]["message"])
    assert elapsed < SECONDS
    assert _peak(run_cli, root) < PEAK_BYTES


def test_one_hostile_file_does_not_hide_the_others(make_repo, run_cli, valid_goal):
    root = make_repo(
        {
            "content/goals/alpha.md": valid_goal,
            "content/goals/bomb.md": billion_laughs(),
            "content/goals/deep.md": "---\ntitle: " + "[" * N + "\n---\n",
            "content/goals/tag.md": "---\ntitle: !!python/object:x.Y {}\n---\n",
            "content/goals/typo.md": "---\ntitle: t\nstarted: 2025-06-01\nstatus: activ\n---\n",
        }
    )
    elapsed, rows = _check(run_cli, root)
    assert [(r["path"], r["code"]) for r in rows] == [
        ("content/goals/bomb.md", "yaml-too-large"),
        ("content/goals/deep.md", "yaml-too-deep"),
        ("content/goals/tag.md", "missing-field"),  # read on past the tag
        ("content/goals/tag.md", "yaml-tag"),
        ("content/goals/tag.md", "wrong-type"),
        ("content/goals/typo.md", "invalid-value"),
    ]
    assert elapsed < SECONDS


@pytest.mark.parametrize("relpath", [GOAL, "mentorsite.yml", "programme.yml"])
def test_a_tag_does_not_hide_the_files_other_problems(relpath, make_repo, run_cli):
    """One ``!!binary`` stopped the reading: the file's other problems (a misspelt field, a
    wrong value) came one run at a time, after the tag was fixed."""
    texts = {GOAL: "---\ntitle: !!binary aGVsbG8=\nstarted: 2025-01-01\nstatus: activ\n---\n",
             "mentorsite.yml": "title: !!binary aGVsbG8=\ncadence: weeky\n",
             "programme.yml": "description: !!binary aGVsbG8=\nsourcs: [x]\n"}
    root = make_repo({relpath: texts[relpath]})
    result = (run_cli("programme", "build", "--config", root / relpath, "--out", root / "out")
              if relpath == "programme.yml" else run_cli("--source", root, "check"))
    assert result.exit_code == 1
    said = [line for line in result.output.splitlines() if f"{relpath}:" in line]
    assert len(said) == 2 and "[yaml-tag]" in said[0] and "[yaml-tag]" not in said[1], said


def test_a_flat_list_of_twenty_thousand_tags_is_not_too_large(make_repo, run_cli):
    """20,002 values (a mapping, a key, 20,000 strings) is well under the 50,000 limit."""
    tags = ", ".join(f"t{n}" for n in range(20_000))
    text = f"---\ntitle: Many tags\nstarted: 2025-06-01\ntags: [{tags}]\n---\n"
    root = make_repo({GOAL: text})
    result = run_cli("--source", root, "--today", "2025-06-15", "check", "--format", "json")
    codes = {r["code"] for r in json.loads(result.stdout)}
    assert codes == {"smart-incomplete"}


def test_a_long_list_without_aliases_is_not_told_to_use_fewer_aliases(make_repo, run_cli):
    """60,000 plain values pass the limit with no alias in sight: the message says what is
    too long and where to put it; a bomb's still names the aliases."""
    tags = ", ".join(f"t{n}" for n in range(60_000))
    root = make_repo({GOAL: f"---\ntitle: Many tags\nstarted: 2025-06-01\ntags: [{tags}]\n---\n",
                      "content/goals/bomb.md": billion_laughs()})
    _, rows = _check(run_cli, root)
    told = {r["path"]: r["message"] for r in rows if r["code"] == "yaml-too-large"}
    assert "alias" not in told[GOAL] and "body" in told[GOAL], told
    assert "fewer aliases" in told["content/goals/bomb.md"], told


@pytest.mark.parametrize("escape", ["\\0", "\\x01", "\\e", "\\v", "\\x7f", "\\uFFFE"])
def test_control_characters_from_yaml_escapes_are_refused(escape, make_repo, run_cli):
    """YAML refuses a raw NUL but writes one from ``"\\0"``: it went into the pages as it
    was, where HTML forbids it. Tabs and line breaks stay text."""
    goal = (f'---\ntitle: "Speak{escape}up"\nstarted: 2025-01-01\n'
            'why: "One\\ttwo\\nthree\\r\\n"\n---\n')
    root = make_repo({GOAL: goal})
    result = run_cli("--source", root, "check", "--format", "json")
    assert result.exit_code == 1
    [problem] = [d for d in json.loads(result.output) if d["severity"] == "error"]
    assert (problem["line"], problem["column"], problem["code"]) == (2, 8, "invalid-value")
    assert "character U+" in problem["message"]  # a control character or a noncharacter


@pytest.mark.parametrize("escape, shown", [
    ("\\N", "control character U+0085"),  # YAML's NEXT LINE
    ("\\x85", "control character U+0085"),
    ("\\x80", "control character U+0080"),
    ("\\x9f", "control character U+009F"),
    ("\\uFDD0", "noncharacter U+FDD0"),
    ("\\uFDEF", "noncharacter U+FDEF"),
    ("\\U0001FFFE", "noncharacter U+1FFFE"),
    ("\\U0010FFFF", "noncharacter U+10FFFF"),
])
def test_c1_controls_and_noncharacters_from_yaml_escapes_are_refused(
    escape, shown, make_repo, run_cli
):
    """A C1 control (NEXT LINE from ``"\\N"``, ``"\\x85"`` …) or a noncharacter
    (``"\\uFDD0"``) in a text went into the pages, which then failed the Nu Html Checker: it
    is an invalid value where it was written, in a mentee's name too. A no-break space and a
    line separator (``"\\_"``, ``"\\L"``) stay text."""
    goal = (f'---\ntitle: "Speak{escape}up"\nstarted: 2025-01-01\n'
            'why: "One\\_two\\Lthree"\n---\n')
    settings = f'title: T\nmentee: "Ana{escape}"\n'
    root = make_repo({GOAL: goal, "mentorsite.yml": settings})
    result = run_cli("--source", root, "check", "--format", "json")
    assert result.exit_code == 1
    found = sorted((d["path"], d["line"], d["column"], d["code"], d["message"])
                   for d in json.loads(result.output) if d["severity"] == "error")
    assert found == [
        (GOAL, 2, 8, "invalid-value", f"'title': text holds the {shown}: remove it"),
        ("mentorsite.yml", 2, 9, "invalid-value", f"'mentee': text holds the {shown}: remove it"),
    ]


def test_every_character_a_page_may_not_hold_is_refused_in_a_text_and_a_link():
    """A text that :meth:`str.isprintable` passes is not searched for a character of
    :data:`~mentorsite.text.NOT_HTML` (field_types._shown_text and _printable_text): every
    such character, in every plane, must be one it refuses, and is refused in a text and a
    link, while a printable text is kept as it is."""
    assert [hex(code) for code in range(0x110000)
            if chr(code).isprintable() and NOT_HTML.match(chr(code))] == []
    text, link = TypeAdapter(Text), TypeAdapter(Link)
    forbidden = [chr(code) for code in range(0x110000) if NOT_HTML.match(chr(code))]
    assert len(forbidden) == 29 + 33 + 32 + 2 * 17  # C0 but tab, LF, CR; DEL and C1;
    # U+FDD0 to U+FDEF, and the last two code points of each of the 17 planes
    for character in forbidden:
        for adapter, value in ((text, f"Speak{character}up"), (link, f"https://a.org/{character}")):
            with pytest.raises(ValidationError, match=f"U\\+{ord(character):04X}: remove it"):
                adapter.validate_python(value)
    assert text.validate_python("Speak\u00a0up 👍🏿\tnow\n") == "Speak\u00a0up 👍🏿\tnow\n"


@pytest.mark.parametrize("escape", ["\\N", "\\x01", "\\uFDD0"])
def test_a_link_or_base_url_with_a_control_character_or_noncharacter_is_refused(
    escape, make_repo, run_cli
):
    """An evidence link and the site's address go into the pages' links as written."""
    evidence = ("---\ntitle: E\nkind: feedback\n"
                f'link: "https://example.com/a{escape}b"\n---\n')
    settings = f'title: T\nbase_url: "https://example.com/{escape}/"\n'
    root = make_repo({"content/evidence/2025-01-02-e.md": evidence, "mentorsite.yml": settings})
    result = run_cli("--source", root, "check", "--format", "json")
    assert result.exit_code == 1
    found = sorted((d["path"], d["line"], d["column"], d["code"], d["message"].split(":")[0])
                   for d in json.loads(result.output) if d["severity"] == "error")
    assert found == [
        ("content/evidence/2025-01-02-e.md", 4, 7, "invalid-value", "'link'"),
        ("mentorsite.yml", 2, 11, "invalid-value", "'base_url'"),
    ]


def test_a_value_followed_by_a_long_run_of_blanks_is_read(make_repo, run_cli):
    """300,000 blanks after a value (under 1 MiB), and a comment glued to its '#' on a later
    line: the search for such comments was tried from every blank of the run, each try to
    its end, and check ran for hours; the comment is warned of as any other."""
    text = "---\ntitle: Talk" + " " * 300_000 + "\nwhy: a #glued\nstarted: 2025-06-01\n---\n"
    root = make_repo({GOAL: text})
    result = run_cli("--source", root, "--today", "2025-06-15", "check", "--format", "json")
    rows = json.loads(result.stdout)
    glued = [(r["line"], r["column"]) for r in rows if r["code"] == "comment-in-value"]
    assert glued == [(3, 8)], glued
