"""Everyday notes drawn straight to HTML: the HTML markdown-it would draw, in a fraction of
its time, or nothing.

Most bodies are paragraphs, ``#`` headings and one-line ``-`` items (tasks among them), with
emphasis and links in their text. markdown-it builds a token for every piece of that and tries
every rule at every line and mark; drawing those forms directly takes a quarter of the time. For
a body written in anything else :func:`render` answers ``None``, and markdown-it renders it.

What counts as everyday is narrow on purpose, and each bound is there because past it
CommonMark's rules start to depend on more than one line or one mark:

- no backslash, backtick, ``<``, ``&``, ``|``, tab, control character or noncharacter
  anywhere (a body with one is rendered the full way, which shows it as U+FFFD), no image
  (``![``), inline footnote (``^[``) or link definition (``]:``);
- a footnote is a reference ``[^label]`` in a paragraph or an item, made once, to a
  definition that is a line of its own, ``[^label]: text``, between blank lines (or the
  body's ends), whose text starts as a paragraph may and has no reference; and every
  definition is referred to;
- a line never starts with a blank or a mark that could open a block other than a ``#``
  heading or a ``-`` item (a quote, a fence, a rule, a setext underline, another list), and
  never ends with a blank;
- a list is one ``-`` item a line, tight or loose (a blank line between two items makes each
  item a paragraph, as markdown-it draws it), and the line after its last item is blank;
- a ``[`` opens a link ``[text](destination)`` whose text has no marks and whose destination
  is one safe word;
- every ``*`` or ``_`` run is one or two long and either only opens or only closes emphasis,
  each opener closed by the next run, of the same mark and length: no nesting, no run that
  could do both, nothing left unmatched.

A body in Arabic or Hebrew (one holding a letter of a right-to-left script or a direction
control) is drawn here too, each top-level block's opening tag with the ``dir`` markdown-it's
rule gives it (:func:`~mentorsite.markdown.rules.block_direction`): a paragraph, a heading
after its id, a list after its class, the footnotes' section; not a paragraph in an item or a
footnote.

The property that matters, that the answer is markdown-it's HTML or ``None``, is tested
against the full parser on generated bodies made of exactly these marks and their near misses.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it.common.normalize_url import normalizeLink
from markdown_it.common.utils import escapeHtml, isMdAsciiPunct, isPunctChar, isWhiteSpace, mdTrim

from mentorsite.markdown.rules import Anchors, Outline, block_direction, entry_link, is_safe_link
from mentorsite.text import holds_not_html

_REFUSED = re.compile(r"[\\`<&|\x00-\x09\x0b-\x1f]")
_ASCII_ALLOWED = bytes(sorted(set(range(0x20, 0x7F)) - set(b"\\`<&|"))) + b"\n"
"""The ASCII characters an everyday body may hold: the printable ones but those
:data:`_REFUSED` names, and the line break (no tab, no carriage return, no DEL, which no page
may hold)."""
_REFUSED_PAIRS = ("![", "^[", " \n")
"""What the everyday forms never hold, anywhere in a body: characters, and pairs of them (a
blank at a line's end is one, as is a blank at the body's end). A search for each pair is
quicker than one expression that tries every alternative at every character."""
_OTHER_BLOCK = re.compile(r"[ >+=~#-]|([*_])(?:\1?(?: |$)|\1\1)|[0-9]{1,9}[.)](?: |$)")
"""A line start that could open a block the everyday forms leave out, or be part of one: a
blank (indented code, or a line that continues something), a quote, a ``+`` or ``*`` item or
an ordered one, a setext underline, a fence, a thematic break. ``#`` and ``-`` are tried for a
heading or an item first; what is left of them is refused here."""
_BLOCK_STARTS = frozenset(" >+=~#-*_0123456789")
"""The first characters of the lines :data:`_OTHER_BLOCK`, :data:`_HEADING` or :data:`_ITEM`
could match: a line that starts with any other opens or continues a paragraph, unasked."""
_HEADING = re.compile(r"(#{1,6}) (.*[^#])$")
_ITEM = "- "
_TASK = re.compile(r"\[([ xX])\] ")
_MARK = re.compile(r"[\[\]*_]")
_LINK = re.compile(r"\[([^\[\]*_]+)\]\(([^\s()<>]+)\)")
_NOTE_PAIRS = ("[^", "]:")
"""What a footnote's reference and definition hold: a body with either is read for them."""
_NOTE_DEFINITION = re.compile(r"\[\^([A-Za-z0-9_-]{1,32})\]: (.*)")
_NOTE_REFERENCE = re.compile(r"\[\^([A-Za-z0-9_-]{1,32})\](?!\()")
"""A footnote reference; one followed by ``(`` is a link's text. (``[`` after one cannot
make it a reference link: an everyday body has no link definition.)"""
_NOTE_LINE = "\x00"
"""What a footnote definition's line becomes once it is taken out: a block of its own, which
ends a list as it does in markdown-it, and draws nothing (a body holds no NUL)."""
_CHECKED = ('<input class="task-list-item-checkbox" checked="checked" disabled="disabled" '
            'type="checkbox">')
_CHECKBOX = {
    " ": '<input class="task-list-item-checkbox" disabled="disabled" type="checkbox">',
    "x": _CHECKED,
    "X": _CHECKED,
}


class _NotEveryday(Exception):
    """The body holds something the everyday forms leave out."""


BACK_TO_REFERENCE = "Back to reference "
"""A footnote's link back to the text is named by this and its reference's number."""


class _Notes:
    """A body's footnotes: each definition's text by its label, and the labels in the order
    the body refers to them (which numbers them)."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts
        self.order: list[str] = []

    def refer(self, label: str) -> int:
        """The number of the footnote ``label``, referred to for the first and only time."""
        if label not in self.texts or label in self.order:
            raise _NotEveryday
        self.order.append(label)
        return len(self.order)

    def html(self, direction: str) -> str:
        """The footnotes' section, as markdown-it's footnote plugin draws it; ``direction``,
        its ``dir`` attribute or nothing."""
        if len(self.order) != len(self.texts):
            raise _NotEveryday  # a definition nothing refers to
        if not self.order:
            return ""
        items = "".join(
            f'<li id="fn{number}" class="footnote-item"><p>{_inline(self.texts[label])[0]} '
            f'<a href="#fnref{number}" class="footnote-backref" '
            f'aria-label="{BACK_TO_REFERENCE}{number}">\u21a9\ufe0e</a></p>\n</li>\n'
            for number, label in enumerate(self.order, start=1)
        )
        return (f'<hr class="footnotes-sep">\n<section class="footnotes"{direction}>\n'
                f'<ol class="footnotes-list">\n{items}</ol>\n</section>\n')


def render(markdown: str) -> str | None:
    """The body's HTML, exactly as markdown-it draws it, or ``None`` if it is not everyday."""
    if (_refused_character(markdown) or markdown.endswith(" ")
            or _holds_pair(markdown, _REFUSED_PAIRS)):
        return None
    own = block_direction(markdown)
    direction = f' dir="{own}"' if own else ""
    try:
        lines = markdown.split("\n")
        notes = _notes(lines) if _holds_pair(markdown, _NOTE_PAIRS) else None
        html = _blocks(lines, direction, notes)
        return "".join(html) + (notes.html(direction) if notes else "")
    except _NotEveryday:
        return None


def _holds_pair(markdown: str, pairs: tuple[str, ...]) -> bool:
    """Whether the body holds one of ``pairs`` of characters. Each is looked for only in a body
    that holds its first character: the search for one character runs at memchr's speed, the
    search for two tests every character, and the five searches over every body were 8% of the
    time."""
    return any(pair[0] in markdown and pair in markdown for pair in pairs)


def _refused_character(markdown: str) -> bool:
    """Whether the body holds a character of :data:`_REFUSED`, or one no page may hold
    (:func:`~mentorsite.text.holds_not_html`). An ASCII body, nearly every one, is answered
    by deleting what it may hold and seeing whether anything is left, one pass at C speed: the
    pattern, a class ``re`` tests at each character, took a seventh of the time everyday bodies
    took, and :func:`~mentorsite.text.holds_not_html` passed over the body once more."""
    if markdown.isascii():
        return bool(markdown.encode("ascii").translate(None, _ASCII_ALLOWED))
    return _REFUSED.search(markdown) is not None or holds_not_html(markdown)


def _notes(lines: list[str]) -> _Notes:
    """Take the footnote definitions out of ``lines`` (each leaves :data:`_NOTE_LINE`); what
    they say."""
    texts: dict[str, str] = {}
    for at, line in enumerate(lines):
        definition = _NOTE_DEFINITION.fullmatch(line)
        if definition is None:
            if "]:" in line:
                raise _NotEveryday  # a link definition, or a footnote's not on a line alone
            continue
        label, text = definition.groups()
        apart = (at == 0 or not lines[at - 1]) and (at + 1 == len(lines) or not lines[at + 1])
        opens_block = _HEADING.match(text) or text.startswith(_ITEM) or _OTHER_BLOCK.match(text)
        if not apart or label in texts or opens_block or "[^" in text or "]:" in text:
            raise _NotEveryday
        texts[label] = mdTrim(text)
        lines[at] = _NOTE_LINE
    return _Notes(texts)


def _blocks(lines: list[str], direction: str, notes: _Notes | None = None) -> list[str]:
    """The HTML of each block, in order; ``direction``, the ``dir`` attribute each takes (or
    nothing); ``notes``, the body's footnotes."""
    html: list[str] = []
    anchors, outline = Anchors(), Outline()
    at, end = 0, len(lines)
    while at < end:
        line = lines[at]
        if not line or line == _NOTE_LINE:
            at += 1
        elif line[0] not in _BLOCK_STARTS:
            at = _paragraph(lines, at, html, direction, notes)
        elif heading := _HEADING.match(line):
            level = outline.level(len(heading.group(1)))
            html.append(_heading(level, heading.group(2), anchors, direction))
            at += 1
        elif line.startswith(_ITEM):
            at = _list(lines, at, html, direction, notes)
        elif _OTHER_BLOCK.match(line):
            raise _NotEveryday
        else:
            at = _paragraph(lines, at, html, direction, notes)
    return html


def _heading(level: int, text: str, anchors: Anchors, direction: str) -> str:
    content = mdTrim(text)
    if not content:
        raise _NotEveryday
    inner, title = _inline(content)
    return f'<h{level} id="{escapeHtml(anchors.id(title))}"{direction}>{inner}</h{level}>\n'


def _paragraph(lines: list[str], start: int, html: list[str], direction: str,
               notes: _Notes | None) -> int:
    """Draw the paragraph that starts at ``start``; the line after it.

    It runs to a blank line, or to a heading or an item, which may interrupt it."""
    at = start + 1
    while at < len(lines):
        line = lines[at]
        if not line:
            break
        if line[0] in _BLOCK_STARTS:  # the patterns, tried at every line, were 8% of the time
            if _HEADING.match(line) or line.startswith(_ITEM):
                break
            if _OTHER_BLOCK.match(line):
                raise _NotEveryday
        at += 1
    content = mdTrim("\n".join(lines[start:at]))
    if not content:
        raise _NotEveryday
    html.append(f"<p{direction}>{_inline(content, notes)[0]}</p>\n")
    return at


def _list(lines: list[str], start: int, html: list[str], direction: str,
          notes: _Notes | None) -> int:
    """Draw the list that starts at ``start``; the line after it.

    It is loose (each item a paragraph) if a blank line parts two of its items."""
    items: list[tuple[str, str | None]] = []
    loose = False
    at = after = start
    while after < len(lines) and lines[after].startswith(_ITEM):
        loose = loose or after > at
        items.append(_item(lines[after][len(_ITEM):], notes))
        at = after + 1
        if at < len(lines) and lines[at] and not lines[at].startswith(_ITEM):
            raise _NotEveryday  # a line that continues the last item
        after = at
        while after < len(lines) and not lines[after]:
            after += 1
    tasks = any(checkbox is not None for _, checkbox in items)
    drawn = [_item_html(inner, checkbox, loose) for inner, checkbox in items]
    opening = f'<ul class="contains-task-list"{direction}>\n' if tasks else f"<ul{direction}>\n"
    html.append(opening + "".join(drawn) + "</ul>\n")
    return at


def _item(text: str, notes: _Notes | None) -> tuple[str, str | None]:
    """An item's inner HTML, and its checkbox if it is a task."""
    content = mdTrim(text)
    if not content or _OTHER_BLOCK.match(text):  # a heading in an item starts with "#"
        raise _NotEveryday
    task = _TASK.match(content)
    if task is None:
        return _inline(content, notes)[0], None
    return _inline(content[3:], notes)[0], _CHECKBOX[task.group(1)]  # the blank after "]" stays


def _item_html(inner: str, checkbox: str | None, loose: bool) -> str:
    """An item as markdown-it draws it: a task is its checkbox's label; in a loose list the
    item's text is a paragraph of its own."""
    if checkbox is not None:
        inner = f"<label>{checkbox}{inner}</label>"
    opening = '<li class="task-list-item">' if checkbox is not None else "<li>"
    if loose:
        return f"{opening}\n<p>{inner}</p>\n</li>\n"
    return f"{opening}{inner}</li>\n"


def _inline(text: str, notes: _Notes | None = None) -> tuple[str, str]:
    """The HTML of a paragraph's, heading's or item's text, and its words alone (a heading's
    anchor is made from them); ``notes``: the footnotes it may refer to (none in a heading).

    Most texts (two in three on the benchmark corpus, most items and headings among them) hold
    no mark at all: four searches for one character each find that at C speed, where the
    pattern would test every character against its class."""
    if "*" not in text and "_" not in text and "[" not in text and "]" not in text:
        return _escaped(text), text
    html: list[str] = []
    words: list[str] = []
    opener: tuple[str, int] | None = None  # the open emphasis run, and where its tag goes
    at = 0
    for mark in _MARK.finditer(text):
        start = mark.start()
        if start < at:
            continue  # inside a link's destination, or the rest of a run
        if start > at:
            html.append(_escaped(text[at:start]))
            words.append(text[at:start])
        char = text[start]
        if char == "[":
            if notes is not None and text.startswith("[^", start):
                at = _reference(text, start, html, notes)
            else:
                at = _link(text, start, html, words)
            continue
        end = start + 1
        while end < len(text) and text[end] == char:
            end += 1
        run = text[start:end]
        if char == "]" or len(run) > 2:
            raise _NotEveryday
        opens = _opens(text, start, end)
        if opens and opener is None:
            opener = (run, len(html))
            html.append("")
        elif not opens and opener is not None and opener[0] == run:
            tag = "strong" if len(run) == 2 else "em"
            html[opener[1]] = f"<{tag}>"
            html.append(f"</{tag}>")
            opener = None
        else:
            raise _NotEveryday
        at = end
    if opener is not None:
        raise _NotEveryday
    html.append(_escaped(text[at:]))
    words.append(text[at:])
    return "".join(html), "".join(words)


def _escaped(text: str) -> str:
    """The text of an everyday body escaped as markdown-it escapes it (``escapeHtml``): such a
    body holds no ``&`` and no ``<`` (:data:`_REFUSED`), so only ``>`` and ``"`` are replaced.
    Each replacement passes over the whole text, and the four were a ninth of the time."""
    return text.replace(">", "&gt;").replace('"', "&quot;")


def _link(text: str, start: int, html: list[str], words: list[str]) -> int:
    """Draw the link at ``start``; where the text after it begins."""
    link = _LINK.match(text, start)
    if link is None:
        raise _NotEveryday
    label, destination = link.groups()
    href = normalizeLink(entry_link(destination))
    if not is_safe_link(href):
        raise _NotEveryday
    html.append(f'<a href="{escapeHtml(href)}">{_escaped(label)}</a>')
    words.append(label)
    return link.end()


def _reference(text: str, start: int, html: list[str], notes: _Notes) -> int:
    """Draw the footnote reference at ``start``; where the text after it begins."""
    reference = _NOTE_REFERENCE.match(text, start)
    if reference is None:
        raise _NotEveryday
    number = notes.refer(reference.group(1))
    html.append(f'<sup class="footnote-ref"><a href="#fn{number}" id="fnref{number}">'
                f"[{number}]</a></sup>")
    return reference.end()


def _opens(text: str, start: int, end: int) -> bool:
    """Whether the ``*`` or ``_`` run from ``start`` to ``end`` opens emphasis (or else closes
    it); refused if it could do both or neither. CommonMark's flanking rules, as markdown-it's
    ``scanDelims`` reads them."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    can_open, can_close = _flanks(before, after, text[start] == "*")
    if can_open == can_close:
        raise _NotEveryday
    return can_open


@lru_cache(maxsize=4096)  # pairs of characters: bounded, whatever a hostile body holds
def _flanks(before: str, after: str, inside_words: bool) -> tuple[bool, bool]:
    """Whether a run between ``before`` and ``after`` can open and can close emphasis."""
    before_punct = isMdAsciiPunct(ord(before)) or isPunctChar(before)
    after_punct = isMdAsciiPunct(ord(after)) or isPunctChar(after)
    before_space, after_space = isWhiteSpace(ord(before)), isWhiteSpace(ord(after))
    left = not (after_space or (after_punct and not (before_space or before_punct)))
    right = not (before_space or (before_punct and not (after_space or after_punct)))
    can_open = left and (inside_words or not right or before_punct)
    can_close = right and (inside_words or not left or after_punct)
    return can_open, can_close
