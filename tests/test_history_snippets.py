"""The Python pieces of the commit pages give exactly the HTML the Jinja macros gave."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from mentorsite.diagnostics import Diagnostics
from mentorsite.history.field_changes import FieldChange
from mentorsite.model.validate import validate_settings
from mentorsite.read.load import RawSettings
from mentorsite.render.templates import renderer
from mentorsite.render.theme import theme_folders
from mentorsite.text import short_date

FIXTURES = Path(__file__).parent / "fixtures"

CHANGES = [
    [FieldChange("status", "active", "pivoted")],
    [FieldChange("metrics.confidence.target", None, "5"),
     FieldChange("why", "<b>Be heard</b> & seen", None)],
    [FieldChange("success", "a" * 40, "b" * 21), FieldChange("success", "a" * 40, "b" * 20)],
    [FieldChange("milestones.Plan.due", "2025-01-10", "2025-02-01"),
     FieldChange('title "x"', "it's", '"quoted"')],
    [FieldChange("a&b<c>", "&amp; 'x' \"y\" <z>", "><&"), FieldChange("k", "", "")],
    [],
]
DIFFS = [
    ["@@ -1,2 +1,3 @@", " same", "-old <i>", "+new & improved", "+", " "],
    ["+only added"],
    ["", "-", "@@ weird"],
    ["@ one at-sign is context", "@@ -0,0 +1 @@", "+&lt; 'it' \"is\" <b>&amp;</b>", "->"],
    ["+two\nlines <b>", "-&"],
    [Markup("+<b>already markup</b>"), "+<i>plain</i>"],
    [],
]


@pytest.fixture(scope="module")
def old() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(FIXTURES)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["short_date"] = short_date
    return env


@pytest.fixture(scope="module")
def new(tmp_path_factory) -> jinja2.Environment:
    root = tmp_path_factory.mktemp("pair")
    settings = validate_settings(RawSettings({}, {}), root, Diagnostics())
    return renderer(theme_folders(root, settings), settings, None, None).env


def call(env: jinja2.Environment, template: str, macro: str, argument: object) -> str:
    module = env.get_template(template).module
    return str(getattr(module, macro)(argument))


@pytest.mark.parametrize("changes", CHANGES)
def test_field_changes_agree_with_the_macro(old, new, changes):
    before = call(old, "history_macros_before.html", "field_changes", changes)
    assert call(new, "history_macros.html", "field_changes", changes) == before


@pytest.mark.parametrize("lines", DIFFS)
def test_diff_agrees_with_the_macro(old, new, lines):
    before = call(old, "history_macros_before.html", "diff", lines)
    assert call(new, "history_macros.html", "diff", lines) == before


def test_plain_strings_are_escaped_without_markup_objects(old, monkeypatch):
    """Diff lines and field values are plain strings: escaped in place, the same characters
    as Jinja's autoescape, without a Markup object made for each (thousands per build)."""
    from mentorsite.render import history_snippets, snippets

    lines = DIFFS[-4]
    changes = CHANGES[-2]
    expected = (call(old, "history_macros_before.html", "diff", lines),
                call(old, "history_macros_before.html", "field_changes", changes))

    def refuse(value: object) -> object:
        raise AssertionError(f"escape() asked for {value!r}")

    monkeypatch.setattr(snippets, "escape", refuse)
    assert str(history_snippets.diff_lines(lines)) in expected[0]
    assert str(history_snippets.field_change_items(changes)) in expected[1]


def _revision(status: str, path: str, old_path: str | None, changes: list, diff: list) -> object:
    from types import SimpleNamespace

    return SimpleNamespace(status=status, path=path, old_path=old_path, changes=changes,
                           diff=diff, unreadable=False, unclosed=False, stored_change=None)


REVISIONS = [
    [],
    [_revision("A", "content/checkins/2025-01-06.md", None, CHANGES[1], DIFFS[1])],
    [_revision("M", "content/goals/speak.md", None, CHANGES[0], DIFFS[0]),
     _revision("R", "content/evidence/new <&> 'x'.md", 'content/evidence/"old".md', [], []),
     _revision("D", "content/reflections/gone.md", None, CHANGES[3], DIFFS[2]),
     _revision("C", "content/goals/copy.md", "content/goals/speak.md", CHANGES[2], []),
     _revision("T", "content/checkins/t.md", None, [], DIFFS[3]),
     _revision("X", "notes.md", None, [], ["+?"])],
]


@pytest.mark.parametrize("revisions", REVISIONS)
@pytest.mark.parametrize("root", ["", "../../", "https://example.org/a&b/"])
def test_a_commits_files_agree_with_the_loop_commit_html_had(old, revisions, root):
    """commit.html's files, drawn by one Python call, give the HTML its Jinja loop over the
    macros gave: badges, kinds, links (to pages that exist), renames, meaning, diff."""
    from mentorsite.pages.history import kind_of
    from mentorsite.render.history_snippets import file_changes

    entry_urls = {"content/goals/speak.md": "goals/speak/",
                  "content/evidence/new <&> 'x'.md": "evidence/x&y/"}
    before = old.get_template("commit_files_before.html").render(
        revisions=revisions, entry_urls=entry_urls, root=root, kind_of=kind_of)
    assert str(file_changes(revisions, entry_urls, root, kind_of)) == before


def test_a_diff_is_escaped_at_once(monkeypatch):
    """A diff's lines are escaped as one text, not one call each (hundreds of thousands of
    lines in a long history)."""
    from mentorsite.render import history_snippets

    calls = []
    real = history_snippets.escaped

    def counting(value):  # type: ignore[no-untyped-def]
        calls.append(value)
        return real(value)

    monkeypatch.setattr(history_snippets, "escaped", counting)
    shown = str(history_snippets.diff_lines(DIFFS[0]))
    assert len(calls) == 1 and shown.count("\n") == len(DIFFS[0])


ONE_SIDED = [
    ["@@ -0,0 +1,4 @@", "+# Week 3 <notes>", "+", "+Tom & 'Ann' said \"yes\"", "+a +b"],
    ["@@ -1,3 +0,0 @@", "-gone", "-", "--- not front matter"],
    ["@@ -0,0 +1 @@", "+one line"],
    ["@@ -0,0 +1 @@"],
    ["@@ -0,0 +1,2 @@", "+two\n+lines in one", "+x"],
    ["@@ -0,0 +1,2 @@", "+added", "-removed"],
    ["@@ -0,0 +1,2 @@", "+added", "@@ -5 +5 @@", "+again"],
    ["@ not a hunk", "+x", "+y"],
    ["@@ -0,0 +1,2 @@", "+x", Markup("+<b>markup</b>")],
]


@pytest.mark.parametrize("lines", ONE_SIDED)
def test_a_file_added_or_deleted_agrees_with_the_macro(old, new, lines):
    """A diff of only additions or only removals after its hunk header (a file added or
    deleted) is drawn whole, and still as the macro drew it line by line; so is one that only
    looks like it (a line feed inside a line, text not in ASCII, a second hunk, markup)."""
    before = call(old, "history_macros_before.html", "diff", lines)
    assert call(new, "history_macros.html", "diff", lines) == before


def test_a_file_added_in_other_scripts_is_still_drawn_line_by_line():
    """Text not in ASCII is set in its own direction line by line, and a character no page
    may hold is U+FFFD, in a file added as in any diff."""
    from mentorsite.render.history_snippets import diff_lines

    shown = str(diff_lines(["@@ -0,0 +1,3 @@", "+caf\u00e9", "+\u05e9\u05dc\u05d5\u05dd",
                            "+bell \x07"]))
    assert '</span>caf\u00e9</ins>' in shown
    assert '</span>\u2068\u05e9\u05dc\u05d5\u05dd\u2069</ins>' in shown
    assert '</span>bell \ufffd</ins>' in shown


def test_a_file_added_is_drawn_without_a_round_per_line(monkeypatch):
    """Most revisions of a long history add a file: its diff is drawn by one replacement over
    its text, not by looking up each line's element (5,000 of the benchmark's 5,150 diffs,
    about 140,000 lines)."""
    from mentorsite.render import history_snippets

    looked_up = []

    class Counting(dict):  # type: ignore[type-arg]
        def get(self, key, default=None):  # type: ignore[no-untyped-def]
            looked_up.append(key)
            return super().get(key, default)

    monkeypatch.setattr(history_snippets, "_LINE", Counting(history_snippets._LINE))
    lines = ["@@ -0,0 +1,300 @@", *(f"+line {n} <i>" for n in range(300))]
    shown = str(history_snippets.diff_lines(lines))
    assert looked_up == []
    assert shown.count('class="diff__add"') == 300 and shown.count("&lt;i&gt;") == 300


@pytest.mark.parametrize(("lines", "more"), [(1_000, ""), (1_001, "1 more line"),
                                               (150_000, "149,000 more lines")])
def test_a_long_diff_shows_its_first_thousand_lines_and_counts_the_rest(lines, more):
    from mentorsite.render import history_snippets

    shown = str(history_snippets.diff_lines([f"+line {n}" for n in range(lines)]))
    assert shown.count('class="diff__add"') == min(lines, 1_000)
    assert "+</span>line 999<" in shown and "line 1000<" not in shown
    assert (f"… {more} of this change, not shown here</span>" in shown) == bool(more)
    assert ("diff__more" in shown) == bool(more)



PLAIN_CHANGES = [FieldChange("status", "active", "pivoted"),
                 FieldChange("metrics.talks.target", None, "5"),
                 FieldChange("why", "To be heard in every review of the quarter, " * 2, None)]


def test_plain_field_changes_are_written_as_they_are(old, monkeypatch):
    """Fields and values that are ASCII with nothing to escape (nearly all of a history's)
    are written without a call to escape each one: three a change, 15,000 changes on the
    1,000-commit benchmark's commit pages."""
    from mentorsite.render import history_snippets

    expected = call(old, "history_macros_before.html", "field_changes", PLAIN_CHANGES)

    def refuse(value: object) -> str:
        raise AssertionError(f"text() asked for {value!r}")

    monkeypatch.setattr(history_snippets, "_text", refuse)
    shown = str(history_snippets.field_change_items(PLAIN_CHANGES))
    assert shown and shown in expected


def test_field_changes_are_searched_for_forbidden_characters_in_their_texts_only(monkeypatch):
    """Only the fields and values can hold a character no page may, not the markup around
    them, which was most of what was searched."""
    from mentorsite import text
    from mentorsite.render import history_snippets

    searched: list[str] = []
    real = text.holds_not_html

    def holds(value: str) -> bool:
        searched.append(value)
        return real(value)

    monkeypatch.setattr(history_snippets, "holds_not_html", holds, raising=False)
    monkeypatch.setattr(text, "holds_not_html", holds)
    history_snippets.field_change_items(PLAIN_CHANGES)
    assert searched and not any("<li" in value for value in searched)


ODD_CHANGES = [
    [FieldChange("title", "Speak\x01 up", "Speak up")],
    [FieldChange("note", None, "caf\u00e9 & <b>"),
     FieldChange("why", "\u05e9\u05dc\u05d5\u05dd", "x")],
    [FieldChange("a", "bell \x07 \ufffe", "\u05e9 <i>"), FieldChange("b", None, "plain")],
    [FieldChange("http://x", None, "https://\u05e9\u05dc\u05d5\u05dd \x85")],
    [FieldChange("n", Markup("<i>5</i>"), None), FieldChange("m", None, Markup("x"))],
]


@pytest.mark.parametrize("changes", ODD_CHANGES)
def test_field_changes_not_plain_are_escaped_isolated_and_replaced_as_before(changes):
    """Fields and values with something to escape, text in other scripts or a character no
    page may hold are each escaped and isolated, and the character shown as U+FFFD, as when
    every value was escaped by itself and the whole list searched."""
    from mentorsite.render.history_snippets import _item, field_change_items
    from mentorsite.render.snippets import text
    from mentorsite.text import on_pages

    each = "".join(_item(c.field, c.before, c.after, text) for c in changes)
    assert str(field_change_items(changes)) == on_pages(each)

def _commit(sha: str, when: str, author: str) -> object:
    from datetime import datetime
    from types import SimpleNamespace

    return SimpleNamespace(sha=sha, date=datetime.fromisoformat(when), author=author)


def _history(first: object, last: object, reviews: list) -> object:
    from types import SimpleNamespace

    return SimpleNamespace(created=SimpleNamespace(commit=first),
                           updated=SimpleNamespace(commit=last), reviews=tuple(reviews),
                           cut=False)


FIRST = _commit("a1b2c3", "2025-01-06T09:30:00+01:00", "Ana <ana> & 'co'")
LAST = _commit("d4&e5", "2025-03-01T23:59:00-05:00", 'Bo "the" <b>reviewer</b>')
HISTORIES = [
    (None, False, []),
    (None, False, ["history is off (--no-history)", "second"]),
    (None, False, ["<b>shallow</b> & 'cut'"]),
    (None, True, ["the file is not committed"]),
    (_history(FIRST, FIRST, []), False, []),
    (_history(FIRST, FIRST, []), True, ["x"]),
    (_history(FIRST, LAST, [("Mei <m>", date(2025, 3, 2))]), False, []),
    (_history(FIRST, LAST, [("Mei", date(2025, 3, 2)), ("Sam & 'Jo'", date(2024, 12, 31)),
                            ("Lu", date(2025, 1, 1))]), True, ["ignored"]),
]


@pytest.mark.parametrize(("history", "uncommitted", "notes"), HISTORIES)
@pytest.mark.parametrize("root", ["", "../../", "https://example.org/a&b/<x>/"])
@pytest.mark.parametrize("imported", ["with context", ""])
def test_entry_history_agrees_with_the_macro(old, new, history, uncommitted, notes, root,
                                             imported):
    """Every branch of an entry's history (none and why, uncommitted, created only, changed
    since, reviewed by one or several), with markup in every name, and the link to the last
    change under the calling page's root, imported with context or without."""
    call = "{{ h.entry_history(history, uncommitted, notes) }}"
    context = {"history": history, "uncommitted": uncommitted, "notes": notes, "root": root}
    before = old.from_string(
        '{% import "history_macros_before.html" as h with context %}' + call).render(context)
    after = new.from_string(
        f'{{% import "history_macros.html" as h {imported} %}}' + call).render(context)
    assert after == before
    assert "<b>" not in after and "<x>" not in after


def test_entry_history_is_drawn_in_python(new):
    """The built-in history_macros.html exports the Python snippet under the macro's name:
    every entry page draws one, so it is no Jinja macro any more."""
    from mentorsite.render.history_snippets import entry_history

    assert new.get_template("history_macros.html").module.entry_history is entry_history
