"""The C fast path (:mod:`mentorsite.read.yamlfast`) reads exactly what yamlsafe's event loop reads.

Plain front matter is composed by libyaml and its node tree walked; everything else goes
through the event loop. Whatever the text, both must give the same value (same types, same key
order), the same positions and the same problems.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from mentorsite.read import yamlfast, yamlsafe
from mentorsite.read.yamlfast import compose_plain
from mentorsite.read.yamlsafe import MAX_DEPTH, MAX_NODES, read_yaml
from mentorsite.read.yamltext import Lines as _Lines
from tests.test_hostile_props import front_matter

PLAIN = """\
title: Speak up at work
started: 2025-01-01
due: 2025-06-30
status: active
why: "Be heard: in meetings, and beyond!"
tags: [speaking, 'career', growth]
metrics:
  - {id: talks, label: Talks given, baseline: 0, target: 4.5, unit: ""}
  - id: wait
    label: Days to reply
    baseline: 10
    target: 2
    scale: [1, 10]
milestones:
  - title: Plan
    due: 2025-01-10
    done: 2025-01-09
  - {title: Build, due: 2025-02-30}
goals:
  speak: {status: on-track, note: "Wow! 2*3 & R&D", metrics: {talks: 1}}
2024: yes
yes: ~
empty:
'quoted key': |
  a block
  of text
nested: {a: [[1, 2], {b: null}], c: 1e3, d: 0x1f, e: .nan, f: -.inf, g: 2025-01-01 10:00:00}
merge: <<
"""

EXAMPLES = [
    PLAIN,
    "",
    "\n",
    "? ",  # an explicit key at the very end: Hypothesis found the two paths placed it apart
    "~\n",
    "just text\n",
    "- a\n- b\n",
    "a: 1\na: 2\n",
    "a: !!str 1\n",
    "a: ! x\n",
    "a: &x [1, 2]\nb: *x\n",
    "a: *nowhere\n",
    "a: [1, 2\n",
    "a: b: c\n",
    "--- a\n--- b\n",
    "? [a, b]\n: c\n",
    "{a: 1}: 2\n",
    "a: 123456789012345678901234567890\n",
    "a: 1e999999\n",
    "a: 2025-13-45\n",
    "a: 'lone \ud800 surrogate'\n",
    "a: \"\\ud800\"\n",
    "a:\n" + "".join("  " * i + "- \n" for i in range(40)),
    "- " * 40 + "x\n",
    "a: [" + "[" * 40 + "]" * 40 + "]\n",
    "k: v\n" * 2_000,
    "a:\t1\n",
    "a: \x00\n",
    "a: \u2028b\nc: \x85d\n",
    "\ufeffa: 1\nb: [2]\n",
    "a: 1\r\nb: [2]\rc: 3\n",
    "é🙂: 'ü🙂'\nb: [x, 'ü', {c: d}]\n  # comment\nd:    e\n",
    "%YAML 1.1\n---\na: 1\n",
    "a: 1\n...\n",
    "<<: {a: 1}\n",
    "a: =\nb: [=, '=', x]\n=: c\n",  # YAML 1.1's "value key": no constructor for its tag
]


def _both(text: str, monkeypatch: pytest.MonkeyPatch, offset: int = 0) -> tuple[str, str]:
    fast = read_yaml(text, line_offset=offset)
    with monkeypatch.context() as patch:
        patch.setattr(yamlsafe, "compose_plain", lambda *args, **kwargs: None)
        slow = read_yaml(text, line_offset=offset)

    def shown(result: yamlsafe.YamlResult) -> str:
        return repr((result.value, result.positions.values, result.positions.keys,
                     result.problems))

    return shown(fast), shown(slow)


@pytest.mark.parametrize("text", EXAMPLES, ids=range(len(EXAMPLES)))
def test_fast_path_reads_what_the_event_loop_reads(text, monkeypatch):
    fast, slow = _both(text, monkeypatch, offset=1)
    assert fast == slow


@given(text=st.one_of(front_matter, st.text()))
def test_fast_path_agrees_on_any_text(text):
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, slow = _both(text, monkeypatch)
    assert fast == slow


def test_plain_front_matter_takes_the_fast_path():
    """The speed of a build rests on this: ordinary front matter, '!' and '*' inside words
    included, must not fall back to the event loop."""

    def fast(text: str) -> object:
        return compose_plain(text, _Lines(text, 1).at, 2, MAX_DEPTH, MAX_NODES)

    assert fast(PLAIN) is not None
    assert fast("why: Is it? Yes?\nhow: a?b\n") is not None
    for unusual in ("a: !!str 1\n", "a: &x 1\nb: *x\n", "a: 1\na: 2\n", "- " * 40 + "x\n",
                    "? ", "? a\n: b\n", "- ? a\n"):
        assert fast(unusual) is None


def test_a_value_seen_before_is_not_resolved_again(monkeypatch):
    """Dates and numbers come back in file after file: each is resolved once."""
    resolved: list[str] = []
    real = yamlfast._made
    monkeypatch.setattr(yamlfast, "_MADE", {})
    monkeypatch.setattr(yamlfast, "_made", lambda value: resolved.append(value) or real(value))
    for _ in range(3):
        assert read_yaml("due: 2025-06-30\ncount: 3\nok: yes\n").value == {
            "due": date(2025, 6, 30), "count": 3, "ok": True,
        }
    assert sorted(resolved) == ["2025-06-30", "3", "yes"]


def test_remembered_values_are_bounded(monkeypatch):
    monkeypatch.setattr(yamlfast, "_MADE", {})
    for day in range(1, 29):
        for month in range(1, 13):
            read_yaml(f"due: 2025-{month:02}-{day:02}\n")
    assert 0 < len(yamlfast._MADE) <= yamlfast.MAX_REMEMBERED


def test_the_fast_path_needs_no_constructor_or_resolver(monkeypatch):
    """libyaml composes the text; the loader's constructor and resolver are not set up."""

    def refuse(*args: object) -> None:
        raise AssertionError("set up for nothing")

    monkeypatch.setattr(SafeConstructor, "__init__", refuse)
    monkeypatch.setattr(Resolver, "__init__", refuse)
    assert read_yaml(PLAIN).value["title"] == "Speak up at work"


def test_an_equals_sign_is_text_not_a_crash():
    assert read_yaml("a: =\nb: [=]\n").value == {"a": "=", "b": ["="]}


@pytest.mark.parametrize("extra, fast", [("", True), (",", False)])
def test_the_structure_bound_counts_each_line_break_and_indicator_once(extra, fast):
    """A text with more line breaks and indicators than MAX_STRUCTURE (they bound the
    nesting, and so libyaml's recursion) is left to the event loop: each counts once, and a
    character outside ASCII (é, 👍, a full-width comma) not at all."""
    lines = ["- é👍\uff0c\n"] * (yamlfast.MAX_STRUCTURE // 2 - 1) + [f"- é👍\uff0c{extra}\n"]
    text = "".join(lines)
    read = compose_plain(text, _Lines(text, 1).at, 2, MAX_DEPTH, MAX_NODES)
    assert (read is not None) is fast
    if read is not None:
        assert read.value == [f"é👍\uff0c{extra}"] * len(lines)


def test_a_long_text_with_a_lone_surrogate_is_left_to_the_event_loop():
    """No file holds one (it is UTF-8), but a text made in Python may: counting the
    structure of a long one must not fail on it, and the event loop says what it is."""
    text = "- a\ud800\n" * 300
    assert compose_plain(text, _Lines(text, 1).at, 2, MAX_DEPTH, MAX_NODES) is None
    [problem] = read_yaml(text, line_offset=1).problems
    assert (problem.line, problem.code) == (2, "invalid-encoding")


def test_front_matters_read_share_their_keys():
    """Each key was a string of its own in every front matter: 100,990 of them, 5.5 MiB, on
    the 5,000-file benchmark corpus, for 142 different names, which serve keeps with every
    document it has read (and build through its render). Keys written alike are one string."""
    text = ("goals:\n  speak: {status: on-track, note: Fine}\n"
            "next:\n  - {task: Book, due: 2025-03-10}\n")
    first, second = read_yaml(text, 1).value, read_yaml(text, 1).value
    assert first == second
    assert all(a is b for a, b in zip(first, second, strict=True))
    assert all(a is b for a, b in zip(first["goals"]["speak"], second["goals"]["speak"],
                                      strict=True))
    assert next(iter(first["goals"])) is next(iter(second["goals"]))
    assert next(iter(first["next"][0])) is next(iter(second["next"][0]))
