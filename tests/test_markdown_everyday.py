"""Everyday bodies drawn without markdown-it: its HTML exactly, or nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorsite.markdown import engine, everyday
from mentorsite.text import holds_not_html, reads_right_to_left


def markdown_it(text: str) -> str:
    """What the full parser, with every rule of ours, draws."""
    return engine._parser().render(text)


# --- whatever it is given, the answer is markdown-it's HTML or None ---------------------------

PIECES = [
    "word", "Word", "a", "é", "日本", " ", "  ", "\n", "\n\n", "\n\n\n", "- ", "-", "--", "---",
    "- [ ] ", "- [x] ", "- [X] ", "[ ]", "[x]", "# ", "## ", "### ", "#### ", "##### ", "####### ",
    "#", "*", "**", "***", "_", "__", "___", "[", "]", "(", ")", "[a](https://x.org/a_b)",
    "[the\nnotes](notes.html)", "[a](javascript:x)", "[a]", "[a]: /u", "](", ".", ",", "!", "?",
    ":", '"', "'", ">", "> ", "\xa0", "\u2003", "—", "1. ", "2) ", "10.", "+ ", "* ", "=", "==",
    "~~~", "```", "`", "\\", "&", "<", "|", "^", "[^1]", "^[n]", "![i](x.png)", "\t", "\r\n",
    "\x00", "\x0b", "[^a]", "[^1]: ", "\n\n[^1]: A note.\n\n", "\n[^a]: B *c*.\n", "]:", "[^",
    "[g](../goals/a.md#x)", "مرحبا", "שלום", "،", "٣", "\u200e", "\u200f", "\u202b", "\u202c",
    "\u202e", "\u2067", "\u2069", "[ملاحظات](../goals/a.md#خطة)",
]
"""Everyday marks, what almost is one, and what the everyday forms leave out."""


@settings(max_examples=1500, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=50).map("".join))
def test_the_answer_is_markdown_its_html_or_none(text: str) -> None:
    assert everyday.render(text) in (None, markdown_it(text))


# --- and for everyday bodies it is the HTML ------------------------------------------------------

LATIN = ["notes", "Review", "week", "ça", "日本", "it's", "v3", "on-call"]
WORDS = st.sampled_from(LATIN)
RIGHT_TO_LEFT = [
    "ملاحظات", "مراجعة", "الأسبوع", "مُراجَعة", "٣", "ﻻ", "שבוע", "הערות", "תודה",
    "\u2067مريم\u2069", "\u2068Ana\u2069", "\u200fv3", "\u200e", "\u202bתודה\u202c",  # noqa: RUF001
    "\u202eabc\u202c", "\u202aok\u202c", "\u2066ok\u2069",
]
"""Arabic and Hebrew words (one with harakat, an Arabic-Indic digit, a presentation form),
and the direction controls: marks, embeddings, overrides and isolates around words."""
RIGHT_TO_LEFT_WORDS = st.sampled_from(RIGHT_TO_LEFT)
MIXED_WORDS = st.sampled_from(LATIN + RIGHT_TO_LEFT)
PUNCT = st.sampled_from(["", "", ".", ",", ":", "?", "!", ")", '"'])
DESTINATIONS = st.sampled_from(["https://x.org/a_b?q=1", "notes.html", "#top", "mailto:a@b.co",
                                "https://例え.jp/ü", "../goals/speak.md", "2025-06-10.md#wins",
                                "../goals/speak.md#الخطة", "https://x.org/مرحبا"])


@st.composite
def phrase(draw: st.DrawFn, words_from: st.SearchStrategy[str] = WORDS) -> str:
    """A word, an emphasised run of words, or a link, with punctuation after it."""
    words = " ".join(draw(st.lists(words_from, min_size=1, max_size=3)))
    kind = draw(st.sampled_from(["plain", "plain", "em", "strong", "under", "link", "quote"]))
    text = {
        "plain": words, "em": f"*{words}*", "strong": f"**{words}**", "under": f"_{words}_",
        "link": f"[{words}]({draw(DESTINATIONS)})",
        "quote": f'"{words}"',
    }[kind]
    return text + draw(PUNCT)


@st.composite
def inline(draw: st.DrawFn, lines: bool = True, words: st.SearchStrategy[str] = WORDS) -> str:
    """Phrases on one line, or on several."""
    pieces = draw(st.lists(phrase(words), min_size=1, max_size=8))
    joints = [draw(st.sampled_from([" ", " ", "\n"] if lines else [" "])) for _ in pieces[1:]]
    return pieces[0] + "".join(j + p for j, p in zip(joints, pieces[1:], strict=True))


@st.composite
def block(draw: st.DrawFn, words: st.SearchStrategy[str] = WORDS) -> str:
    kind = draw(st.sampled_from(["paragraph", "paragraph", "heading", "list", "tasks"]))
    if kind == "paragraph":
        return draw(inline(words=words))
    if kind == "heading":
        return "#" * draw(st.integers(1, 6)) + " " + draw(inline(lines=False, words=words))
    items = draw(st.lists(inline(lines=False, words=words), min_size=1, max_size=4))
    if kind == "tasks":
        items = [draw(st.sampled_from(["[ ] ", "[x] ", "[X] ", ""])) + item for item in items]
    gaps = [draw(st.sampled_from(["\n", "\n", "\n\n"])) for _ in items[1:]]
    return "- " + items[0] + "".join(g + "- " + i for g, i in zip(gaps, items[1:], strict=True))


@st.composite
def with_notes(draw: st.DrawFn, words: st.SearchStrategy[str] = WORDS) -> str:
    """Blocks, some paragraphs referring to a footnote at their start or end, each footnote
    defined once on a line of its own, among the blocks."""
    blocks = draw(st.lists(block(words), min_size=1, max_size=6))
    paragraphs = [at for at, text in enumerate(blocks) if not text.startswith(("#", "- "))]
    labels = draw(st.lists(st.sampled_from(["1", "2", "note", "a-b", "x_9"]), unique=True,
                           max_size=len(paragraphs)))
    for label, at in zip(labels, draw(st.permutations(paragraphs)), strict=False):
        reference = f"[^{label}]"
        start = draw(st.booleans()) or blocks[at].endswith("!")  # "![" opens an image
        blocks[at] = reference + blocks[at] if start else blocks[at] + reference
    for label in labels:
        place = draw(st.integers(0, len(blocks)))
        blocks.insert(place, f"[^{label}]: {draw(inline(lines=False, words=words))}")
    return "\n\n".join(blocks)


@settings(max_examples=600, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(block(), min_size=1, max_size=6).map("\n\n".join))
def test_everyday_bodies_are_drawn_as_markdown_it_draws_them(text: str) -> None:
    assert everyday.render(text) == markdown_it(text)


@settings(max_examples=400, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(with_notes())
def test_everyday_bodies_with_footnotes_are_drawn_as_markdown_it_draws_them(text: str) -> None:
    assert everyday.render(text) == markdown_it(text)


@st.composite
def outline(draw: st.DrawFn, words: st.SearchStrategy[str] = WORDS) -> str:
    """Mostly headings, of any level in any order (the same title now and then), some with
    a paragraph under them: the outline and the ids drawn from it."""
    titles = st.one_of(inline(lines=False, words=words),
                       st.sampled_from(["Notes", "notes", "FN1", "a", "ملاحظات", "\u200fa"]))
    blocks = []
    for _ in range(draw(st.integers(1, 12))):
        blocks.append("#" * draw(st.integers(1, 6)) + " " + draw(titles))
        if draw(st.integers(0, 3)) == 0:
            blocks.append(draw(inline(words=words)))
    return draw(st.sampled_from(["\n\n", "\n"])).join(blocks)


@settings(max_examples=600, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(outline())
def test_everyday_headings_are_drawn_as_markdown_it_draws_them(text: str) -> None:
    """Each heading's level (:class:`~mentorsite.markdown.rules.Outline`) and id."""
    html = everyday.render(text)
    assert html is not None
    assert html == markdown_it(text)


# --- and in Arabic and Hebrew, each top-level block with its direction ---------------------------


@st.composite
def right_to_left(draw: st.DrawFn,
                  kind: Callable[[st.SearchStrategy[str]], st.SearchStrategy[str]]) -> str:
    """A body of ``kind`` in Latin, right-to-left or mixed words, holding at least one
    right-to-left word or direction control somewhere: then every top-level block takes
    ``dir="auto"``, an English one too."""
    words = draw(st.sampled_from([WORDS, RIGHT_TO_LEFT_WORDS, MIXED_WORDS]))
    body = draw(kind(words))
    if not reads_right_to_left(body):
        blocks = body.split("\n\n")
        at = draw(st.integers(0, len(blocks)))
        blocks.insert(at, draw(block(RIGHT_TO_LEFT_WORDS)))
        body = "\n\n".join(blocks)
    return body


def blocks(words: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(block(words), min_size=1, max_size=6).map("\n\n".join)


@settings(max_examples=600, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(right_to_left(blocks), right_to_left(with_notes), right_to_left(outline)))
def test_right_to_left_bodies_are_drawn_as_markdown_it_draws_them(text: str) -> None:
    """Each paragraph, heading (after its id), list (after its class) and the footnotes'
    section opens with ``dir="auto"``, exactly where markdown-it's rule puts it; a paragraph in
    a loose item or in a footnote takes none."""
    html = everyday.render(text)
    assert html is not None
    assert html == markdown_it(text)
    assert 'dir="auto"' in html


# --- and for real notes, edited at random --------------------------------------------------------

DEMO_BODIES = [
    text.split("\n---\n", 1)[1]
    for text in (path.read_text(encoding="utf-8") for path in
                 sorted((Path(__file__).resolve().parents[1] / "content").rglob("*.md")))
]
"""The demo pair's notes: most are everyday, some are not."""
EDITS = st.sampled_from(["*", "_", "**", "[", "]", "(", ")", "\n", "\n\n", " ", "# ", "- ", "-",
                         "1. ", ">", '"', "\xa0", "=", "[x](y)", "[ ] ", "](", "  ", ""])


@st.composite
def edited_note(draw: st.DrawFn) -> str:
    """A demo note with a few marks put in or characters taken out."""
    text = draw(st.sampled_from(DEMO_BODIES))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 3))
        text = text[:at] + draw(EDITS) + text[at + cut:]
    return text


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(edited_note())
def test_edited_notes_are_drawn_as_markdown_it_draws_them_or_not_at_all(text: str) -> None:
    assert everyday.render(text) in (None, markdown_it(text))


def test_most_demo_notes_are_everyday() -> None:
    drawn = [body for body in DEMO_BODIES if everyday.render(body) is not None]
    assert len(drawn) > len(DEMO_BODIES) // 2
    assert all(everyday.render(body) == markdown_it(body) for body in drawn)


@pytest.mark.parametrize("body", [
    "A week of reviews.\nIt went *well*, **mostly**, see [the notes](notes.html).\n",
    "## What we tried\n\n- [x] the timer\n- [ ] the template\n\n## What we tried\n",
    "# Title\n### Skipped a level\n",
    "# What happened\na\n# Why it mattered\n###### Deep\n## Under\n# Last\n",
    "Notes before a list:\n- one\n- two\n\n- three, loose\n",
    "__init__ and *a*, _b_.\n",
    "A note[^1].\n\n[^1]: Source.\n",
    "[^b]: B, *said*.\n\n- item[^a]\n- *and*[^b]\n\n[^a]: A.\n",
    "## ما جربناه\n\n- [x] المؤقت\n- [ ] القالب\n\n- بند، *مهم*\n\nملاحظة[^1].\n\n[^1]: المصدر.\n",  # noqa: RUF001
    "# שלום\n\nA week in English, then **עברית** and [الخطة](../goals/speak.md#الخطة).\n",
    "\u202eabc\u202c and \u2067مريم\u2069.\n\n- \u200e\n",
])
def test_the_everyday_forms_are_drawn_here(body: str) -> None:
    assert everyday.render(body) == markdown_it(body)


@pytest.mark.parametrize("body", [
    "Use `code`.\n", "A\\*b.\n", "Q&A\n", "<b>x</b>\n", "| a |\n", "![i](x.png)\n",
    "[a]\n\n[a]: https://x.org\n", "> quoted\n",
    "Title\n===\n", "Title\n---\n", "* star item\n", "+ plus item\n", "1. first\n",
    "    code\n", "- item\ncontinued lazily\n", "- item\n  - nested\n", "***\n",
    "text  \nhard break\n", "*a **b** c*\n", "**a*\n", "a*b*c_d_\n", "[a](javascript:x)\n",
    "[a] b\n", "line \n", "## Closed ##\n", "#hashtag\n", "x\ty\n", "a\r\nb\n",
    "A[^1] b[^1].\n\n[^1]: S.\n", "A[^1].\n\n[^1]: S.\n[^2]: T.\n", "A[^1]\n[^1]: S.\n",
    "# Head[^1]\n\n[^1]: S.\n", "A[^x](y).\n\n[^x]: S.\n", "A[^1].\n", "[^1]: S.\n",
    "A[^1].\n\n[^1]: 1. S.\n", "A[^1].\n\n[^1]: S[^2].\n\n[^2]: T.\n", "A[^1].\n\n[^1]:  S.\n",
    "A^[inline note].\n", "A[^a b].\n\n[^a b]: S.\n",
])
def test_what_the_everyday_forms_leave_out_goes_to_markdown_it(body: str) -> None:
    assert everyday.render(body) is None
    assert engine.render(body) == markdown_it(body)


def test_a_body_is_drawn_here_without_markdown_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_parser(rules: frozenset[str]) -> None:
        raise AssertionError("markdown-it was asked")

    monkeypatch.setattr(engine, "_parser_without", no_parser)
    html = engine.render("## Plan\n\n- [x] ship it, **today**\n- call [Ana](https://x.org)\n")
    assert '<h2 id="plan">' in html and "<strong>today</strong>" in html
    html = engine.render("## الخطة\n\n- [x] أنجزته، **اليوم**\n- اتصل بـ[آنا](https://x.org)\n")
    assert '<h2 id="الخطة" dir="auto">' in html
    assert '<ul class="contains-task-list" dir="auto">' in html


def test_what_it_remembers_of_marks_is_bounded_whatever_a_body_holds() -> None:
    """Each mark's neighbours are remembered; a body with thousands of different ones may not
    make the memory grow with it."""
    body = " ".join(f"*{chr(0x4E00 + n)}*" for n in range(6000))
    assert everyday.render(body) == markdown_it(body)
    assert everyday._flanks.cache_info().currsize <= 4096


@pytest.mark.parametrize("around", ["a{}b", "é{}b"])
def test_a_body_is_refused_for_each_character_the_pattern_or_the_pages_refuse(
        around: str) -> None:
    """An ASCII body is checked by deleting the characters it may hold, another by the pattern
    and :func:`~mentorsite.text.holds_not_html`: both refuse the same characters (a tab, a
    carriage return, DEL, a backtick…) and no other."""
    for code in range(0x80):
        body = around.format(chr(code))
        refused = everyday._REFUSED.search(body) is not None or holds_not_html(body)
        assert everyday._refused_character(body) == refused, repr(chr(code))
    assert everyday._refused_character("a\x7fb") and everyday._refused_character("a\tb")
    assert not everyday._refused_character("a-b\n")


def test_a_line_that_could_open_a_block_starts_with_one_of_the_block_starts() -> None:
    """A paragraph's line whose first character is not one of them is taken as its next line
    without the patterns: none of them may match such a line."""
    for code in [*range(0x80), 0xA0, 0x2003, 0xFF03, 0xFF0D, 0x0661]:
        first = chr(code)
        if first in everyday._BLOCK_STARTS:
            continue
        for rest in ["", " ", " x", "x", first, f"{first} x", f"{first}{first}{first}", ". x"]:
            line = first + rest
            assert everyday._OTHER_BLOCK.match(line) is None, repr(line)
            assert everyday._HEADING.match(line) is None, repr(line)
            assert not line.startswith(everyday._ITEM), repr(line)


@pytest.mark.parametrize("body", [
    'She said "ship it" > wait, 3 > 2.\n',
    '# A "title" > none\n\n- "quoted" > item\n- plain\n',
    "No marks at all, then one: _a_.\n",
    "Marks only [later](notes.html).\n", "Emphasis only *here*.\n", "Only **strong**.\n",
])
def test_texts_with_and_without_marks_are_drawn_as_markdown_it_draws_them(body: str) -> None:
    """A text without ``*``, ``_``, ``[`` or ``]`` is only escaped, without looking for marks;
    one mark of any of them and it is read mark by mark."""
    assert everyday.render(body) == markdown_it(body)


@pytest.mark.parametrize("body", ["a ] b\n", "a [ b\n", "a * b\n", "a __ b\n"])
def test_a_text_with_one_unmatched_mark_goes_to_markdown_it(body: str) -> None:
    assert everyday.render(body) is None


@pytest.mark.parametrize("body", [
    '# "Quoted" > heading\n\nA "quote" > and *"em" >* [a "label" >](x.html)[^1].\n\n'
    '- "item" >\n- [x] "task" >\n\n[^1]: A "note" >.\n',
    "# شعار \"مهم\" >\n\n**\"قوي\"** نص \"مقتبس\" >.\n",
])
def test_quotes_and_greater_than_signs_are_escaped_as_markdown_it_escapes_them(body: str) -> None:
    """An everyday body never holds ``&`` or ``<``, so only these two are escaped here, in
    every place text is drawn: a heading, a paragraph, emphasis, a link's text, an item, a
    task, a footnote."""
    html = everyday.render(body)
    assert html is not None and "&quot;" in html and "&gt;" in html
    assert html == markdown_it(body)


@pytest.mark.parametrize("pair", [*everyday._REFUSED_PAIRS, *everyday._NOTE_PAIRS])
def test_a_pair_is_found_only_where_both_its_characters_stand_together(pair: str) -> None:
    """A pair is looked for only in a body that holds its first character."""
    first, second = pair
    pairs = (pair,)
    assert everyday._holds_pair(f"a{pair}b", pairs) and everyday._holds_pair(pair, pairs)
    assert everyday._holds_pair(f"{first}x{first}{second}", pairs)
    assert not everyday._holds_pair(f"a{first}b{second}c{second}{first}", pairs)
    assert not everyday._holds_pair(f"a{second}b", pairs)
