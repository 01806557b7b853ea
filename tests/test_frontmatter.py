"""Front matter is found where the rule says, line by line, without cutting the text into lines.

The rule (SPEC §3): the first line is ``---``, the front matter ends at the next line that is
``---`` (trailing whitespace allowed on both), and the body is every line after it. A file's
body is most of its text, so :func:`split` finds the closing line by looking only at the
lines that start with ``---``; :func:`_by_lines` below is the rule written out line by line,
and both must agree on any text.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorsite.read import frontmatter, yamlsafe
from mentorsite.read.frontmatter import body_of, split

LINES = st.sampled_from([
    "---", "--- ", "---\t", "---\u2028", "----", " ---", "--", "a: 1", "b: [x, y]", "", "x",
    "- 1", "c: 'q'", "# c", "---a", "\x0c",
])


def _by_lines(text: str) -> tuple[str, str, int] | None:
    """(YAML text, body, body line) by the rule, line by line; None without front matter."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if close is None:
        return None
    return "\n".join(lines[1:close]) + "\n", "\n".join(lines[close + 1:]), close + 2


class _Unsplittable(str):
    """Text that fails the test if anything cuts it into lines."""

    def split(self, *args: object, **kwargs: object) -> list[str]:
        raise AssertionError("the text was cut into lines")

    def splitlines(self, *args: object, **kwargs: object) -> list[str]:
        raise AssertionError("the text was cut into lines")


@given(st.lists(LINES, max_size=10), st.booleans())
def test_split_follows_the_rule_on_any_lines(lines, final_newline):
    text = "\n".join(lines) + ("\n" if final_newline else "")
    expected = _by_lines(text)
    front = split(text)
    assert body_of(text) == (expected[1] if expected else None)
    if expected is None:
        assert [p.code for p in front.problems] in (
            ["missing-front-matter"], ["unterminated-front-matter"]
        )
        return
    _, body, body_line = expected
    assert (front.body, front.body_line) == (body, body_line)


def test_the_yaml_read_is_exactly_the_lines_between(monkeypatch):
    read: list[str] = []

    def spy(text: str, line_offset: int = 0) -> yamlsafe.YamlResult:
        read.append(text)
        return yamlsafe.read_yaml(text, line_offset)

    monkeypatch.setattr(frontmatter, "read_yaml", spy)
    for text in ("---\na: 1\nb: 2\n---\nbody\n", "---\n---\nbody", "--- \n---\t\n",
                 "---\na: 1\n----\nb: 2\n---"):
        expected = _by_lines(text)
        assert expected is not None
        split(text)
        assert read[-1] == expected[0]


def test_the_body_is_never_cut_into_lines():
    text = _Unsplittable("---\ntitle: t\n---\n" + "A line of the body.\n" * 1000)
    front = split(text)
    assert front.meta == {"title": "t"} and front.body_line == 4
    assert front.body == "A line of the body.\n" * 1000
    assert body_of(text) == front.body


def test_blank_lines_above_the_opening_line_are_named_at_it():
    """An empty first line (an editor's, or a paste below one) was told 'the file must start
    with a '---' line' at 1:1, where the pair sees one a line or two below."""
    for text, line, lines in (("\n---\ntitle: t\n---\n", 2, "line"),
                              (" \n\t\n\n---\n---\nbody", 4, "lines")):
        (problem,) = split(text).problems
        assert (problem.line, problem.column, problem.code) == (line, 1, "missing-front-matter")
        assert problem.message.endswith(f"delete the blank {lines} above it")
    for text in ("", "\n", "title: t\n---\n", "\n  ---\n---\n", "\n---a\n---\n"):
        (problem,) = split(text).problems
        assert (problem.line, problem.message) == (
            1, "missing front matter: the file must start with a '---' line")


def test_a_number_cut_by_a_comma_in_braces_is_told_read_ahead_or_not():
    """A front matter read in a helper process (known_front) is the same front matter: the
    key '5' a decimal comma made in { } is taken out, and the number told, either way."""
    text = "---\nmetrics: {speed: 3,5}\n---\n"
    for known in (None, frontmatter.known_front(text)):
        front = split(text, known)
        assert front.meta == {"metrics": {"speed": 3}}
        assert [(p.line, p.column, p.code, p.read_on) for p in front.problems] == [
            (2, 18, "wrong-type", True)]


def test_a_key_after_a_number_cut_by_a_comma_keeps_its_value_when_a_group_had_its_name():
    """'{a: 1,200, 200: 5}': YAML reads the key '200' twice, once from the comma and once as
    written, and left out the second as a duplicate, so the reading 5 was lost and the one key
    '200' the pair wrote was told a duplicate. The group is taken out; '200' keeps 5, and its
    place, and so does a mapping written as its value."""
    for value, kept in (("5", 5), ("{x: [1]}", {"x": [1]})):
        front = split(f"---\nmetrics: {{a: 1,200, 200: {value}}}\n---\n")
        assert front.meta == {"metrics": {"a": 1, "200": kept}}
        assert [(p.line, p.column, p.code) for p in front.problems] == [(2, 14, "wrong-type")]
        assert front.positions.of_key(("metrics", "200")) == (2, 21)
        assert front.positions.of_value(("metrics", "200")) == (2, 26)
    assert front.positions.of_value(("metrics", "200", "x", 0)) == (2, 31)
    front = split("---\nmetrics: {a: 1,200, b: 2,200, 200: 5}\n---\n")
    assert front.meta == {"metrics": {"a": 1, "b": 2, "200": 5}}
    assert [p.code for p in front.problems] == ["wrong-type", "wrong-type"]


@pytest.mark.parametrize("text, normalised", [
    ("\ufeff---\r\na: 1\rb: 2\n---\r\n\r\rBody\r\n", "---\na: 1\nb: 2\n---\n\n\nBody\n"),
    ("---\r\na: 1\r\n---\r\n", "---\na: 1\n---\n"),
    ("---\na: 1\n---\nBody \u2603\r", "---\na: 1\n---\nBody \u2603\n"),
    ("---\na: 1\n---\nBody \u2603\n", "---\na: 1\n---\nBody \u2603\n"),
    ("\ufeff---\na: 1\n---\n", "---\na: 1\n---\n"),
])
def test_every_line_end_is_made_lf_and_a_text_without_cr_is_kept(text, normalised):
    """CRLF, a CR alone (anywhere, the last character too) and a byte-order mark, mixed in one
    file or alone; a text without a CR is only looked through for one."""
    assert frontmatter.normalise(text) == normalised


def test_a_file_saved_with_carriage_returns_alone_reads_line_by_line():
    """An editor set to classic Mac line ends writes CR alone: the file was one line, and
    told it had no front matter. Normalised, each CR ends a line, and lines keep their
    numbers."""
    front = split(frontmatter.normalise("---\rtitle: Speak\rstarted: 2025-01-01\r---\rBody.\r"))
    assert not front.problems
    assert (front.meta["title"], front.body, front.body_line) == ("Speak", "Body.\n", 5)
