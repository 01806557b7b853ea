"""Invalid YAML is explained in a pair's words, at the mistake, not at libyaml's state.

libyaml names where it gave up and what its parser expected ("did not find expected ',' or
']'" on the closing ``---``, "mapping values are not allowed in this context"): someone who
writes front matter by hand in a text editor learns neither what is wrong nor what to do.
"""

from __future__ import annotations

import pytest

from mentorsite.read.yamlsafe import read_yaml

CASES = {
    # name: (YAML text, line, column, words the message must hold)
    "a list never closed": ("title: [oops\nstarted: 2025-06-01\n", 1, 8,
                            "the list opened with '[' here is not closed with ']'"),
    "a mapping never closed": ("title: {a: 1\nstatus: active\n", 1, 8,
                               "the mapping opened with '{' here is not closed with '}'"),
    "a comma missing in a list": ("tags: [a, \"b\" c]\n", 1, 15,
                                  "expected ',' or ']' here, in the list opened with '[' at "
                                  "column 7"),
    "a quote never closed": ('title: "oops\n', 1, 8, "the quote opened here is never closed"),
    "a single quote never closed": ("why: x\ntitle: 'oops\n", 2, 8,
                                    "the quote opened here is never closed"),
    "a colon in a value": ("title: Plan: phase one\n", 1, 12,
                           "':' followed by a space cannot be used here: put the value in "
                           "quotes"),
    "a line indented too far": ("title: oops\n  bad: indent\n", 2, 6,
                                "check the indentation of this line and the one above"),
    "a list item indented too little": ("tags:\n  - a\n - b\n", 3, 2,
                                        "this line's indentation does not line up with the "
                                        "keys or list items above it (from line 1)"),
    "a tab for indentation": ("\ttitle: x\n", 1, 1, "a tab cannot indent YAML: indent with "
                                                     "spaces"),
    "a value starting with @": ("title: @home\n", 1, 8,
                                "a value cannot start with '@': put the value in quotes"),
    "a value starting with a backtick": ("title: `x`\n", 1, 8,
                                         "a value cannot start with '`': put the value in "
                                         "quotes"),
    "a list the file ends in": ("title: x\ntags: [a,\n", 2, 7,
                                "the list opened with '[' here is not closed with ']'"),
    # both are open: the innermost is the one to close first
    "a list the file ends in, inside a mapping": ("title: x\nx: {a: [1,\n", 2, 8,
                                                  "the list opened with '[' here is not closed"),
    # a '#' after a space (or a '[' or ',') starts a comment, which took the ']': libyaml's
    # words were kept, "did not find expected node content" at the line after
    "a comment taking a list's bracket": ("wins: [#1 first]\n", 1, 8,
                                          "'#' here starts a YAML comment, which takes the "
                                          "rest of the line and its closing bracket"),
    "a comment taking a bracket, keys after": ("wins: [a, #1]\nobstacles: [b]\n", 1, 11,
                                               "'#' here starts a YAML comment"),
    "a comment taking a mapping's brace": ("metrics: {a: b # c}\n", 1, 16,
                                           "'#' here starts a YAML comment"),
    "a bracket in a comment line, then a comment taking one": (
        "# [x\nwins: ['#1', #2]\n", 2, 14, "'#' here starts a YAML comment"),
    "a comment line in a list never closed": ("wins: [a,\n  # b\n  c\n", 1, 7,
                                              "the list opened with '[' here is not closed"),
    # a bracket in a comment opens nothing: it was named as the one left open
    "a bracket in a comment in a list the file ends in": (
        "tags: [a,\n  b, # see {the plan\n", 1, 7,
        "the list opened with '[' here is not closed with ']'"),
    "a comment line with a bracket in a mapping the file ends in": (
        "metrics: {a: 1,\n  # see [the plan\n", 1, 10,
        "the mapping opened with '{' here is not closed with '}'"),
    "a comment holding a bracket pair in a list never closed": (
        "tags: [a, b\n# see [the plan]\nwhy: x\n", 1, 7,
        "the list opened with '[' here is not closed with ']'"),
    "a bracket alone": ("title: {\n", 1, 8,
                        "the mapping opened with '{' here is not closed with '}'"),
    "a list item after its key": ("tags: - a\n", 1, 7,
                                  "a list item ('- ') cannot follow a key on the same line"),
    "a value starting with &": ("title: & more\n", 1, 8,
                                "a value cannot start with '&' (YAML's mark of an anchor)"),
    "no space after a key's colon": ("title: x\nstatus:active\ndue: 2025-06-01\n", 2, 1,
                                     "put a space after the key's colon (status: active, "
                                     "not status:active)"),
    "a tab in a text's indentation": ("note: >\n\tWent well\n", 2, 1,
                                      "a tab cannot indent YAML: indent with spaces"),
    "a tab after a list item": ("tags:\n  - b\n\tnote: v\n", 3, 1,
                                "a tab cannot indent YAML: indent with spaces"),
    "a quote inside single quotes": ("note: 'it's fine'\n", 1, 11,
                                     "text after the closing quote: put the whole value in "
                                     "quotes, writing a quote inside it as the other kind"),
    "text after a quoted value": ('title: "Plan" B\n', 1, 15, "text after the closing quote"),
    "text after a list": ("tags: [a, b] c\n", 1, 14,
                          "text after the closing ']': put the whole value in quotes"),
    "the first line indented": ("  title: x\nstatus: y\n", 2, 1,
                                "keys at the top start at the beginning of their line"),
    "a quote open at a '---' line": ("title: 'Plan\ndue: x\n---\nmore\n", 1, 8,
                                      "the quote opened here is never closed"),
    "keys after a '...' line": ("title: x\nstarted: 2025-06-01\n...\nstatus: active\n", 3, 1,
                                "'...' ends the YAML here, so the lines after it are not read: "
                                "delete this line"),
    "a directive before the keys": ("%YAML 1.2\ntitle: x\n", 1, 1,
                                    "a line starting with '%' is a YAML directive, which front "
                                    "matter does not take: delete it"),
    "a no-break space after a key's colon": ("title: x\nstatus:\u00a0active\ndue: 2025-06-01\n",
                                              2, 8, "this is a no-break space (U+00A0), which "
                                              "YAML does not read as a space"),
    "a no-break space indenting": ("tags:\n\u00a0 - a\n", 2, 1,
                                   "type an ordinary space in its place"),
    "typographic quotes": ("title: \u201cPlan: phase one\u201d\n", 1, 8,
                           "the value starts with a typographic quote (\u201c), which YAML "
                           "reads as text, not as a quote: put the value in straight quotes"),
    "a value going on at a line's start": ("title: Plan for\nthe year\nstatus: active\n", 2, 1,
                                           "if it goes on with the value above, indent it, or "
                                           "put that whole value in quotes"),
    "text after '|'": ("why: | because\n", 1, 6,
                       "'|' and '>' start a text on the lines below them, so nothing can follow "
                       "on their own line"),
    "an unknown escape": ('title: "C:\\new\\docs"\n', 1, 15,
                          "write \\\\ for a backslash, or put the value in single quotes"),
}


@pytest.mark.parametrize(("text", "line", "column", "words"), CASES.values(), ids=CASES.keys())
def test_invalid_yaml_says_what_is_wrong_where_it_is(text, line, column, words):
    problems = read_yaml(text).problems
    assert [(p.line, p.column, p.code) for p in problems] == [(line, column, "invalid-yaml")]
    assert problems[0].message.startswith("invalid YAML: ")
    assert words in problems[0].message


def test_other_complaints_keep_libyamls_words():
    problems = read_yaml("%YAML 1.1\n%YAML 1.1\n---\na: 1\n").problems
    assert [(p.line, p.column) for p in problems] == [(2, 1)]
    assert problems[0].message == "invalid YAML: found duplicate %YAML directive"


def test_check_shows_the_explanation_at_the_opening_bracket(make_repo, run_cli):
    root = make_repo({"content/goals/speak.md": "---\ntitle: [Speak up\nstarted: 2025-06-01\n"
                                                "---\n"})
    result = run_cli("--source", root, "check")
    assert result.exit_code == 1
    assert ("content/goals/speak.md:2:8: error: invalid YAML: the list opened with '[' here "
            "is not closed with ']' (YAML gave up on line 3) [invalid-yaml]") in result.output


NUMBERS_AND_TEXT = (
    "time: 1:30\nhex: 0x10\nleading: 017\nspaced: 1_000\nbinary: 0b11\nseconds: 1:30.5\n"
    "whole: 12\nnegative: -3\nplus: +7\nfraction: 1.5\nhalf: .5\nsigned_half: -.5\n"
    "big: 1.0e+6\nzero: 0\nday: 2025-06-01\nyes_: yes\n"
)


@pytest.mark.parametrize("tail", ["", "anchor: &a 1\n"], ids=["fast path", "event loop"])
def test_numbers_are_read_only_in_decimal_digits(tail):
    """YAML 1.1 read ``1:30`` as 90, ``0x10`` as 16, ``017`` as 15 and ``1_000`` as 1000:
    a time or a code in a note was refused as a number the pair never wrote, and a reading
    was silently another number. Both readers (libyaml's tree, and the event loop any
    anchor sends a text to) read them alike."""
    import datetime

    value = read_yaml(NUMBERS_AND_TEXT + tail).value
    assert {key: value[key] for key in value if key != "anchor"} == {
        "time": "1:30", "hex": "0x10", "leading": "017", "spaced": "1_000", "binary": "0b11",
        "seconds": "1:30.5", "whole": 12, "negative": -3, "plus": 7, "fraction": 1.5,
        "half": 0.5, "signed_half": -0.5, "big": 1e6, "zero": 0,
        "day": datetime.date(2025, 6, 1), "yes_": True,
    }


@pytest.mark.parametrize(("text", "fix"), [
    ("status:active", "status: active"),
    ("reflection-prompts:none", "reflection-prompts: none"),  # a key of words joined by '-'
])
def test_a_lone_key_without_its_space_is_told_where_the_space_goes(text, fix):
    """A file of one ``key:value`` line is one text to YAML, not a mapping: the message says
    what to write, for a key with a '-' in it too."""
    from mentorsite.read.yamlsafe import not_a_mapping

    assert not_a_mapping("front matter", read_yaml(text).value).endswith(
        f": put a space after the key's colon ({fix})")
