"""Markdown bodies to HTML: CommonMark with task lists, footnotes, heading anchors and tables.

Raw HTML is shown as text, never rendered, and links may only be http, https, mailto or
relative; anything else (``javascript:``, ``data:``, ``file:``…) is left as plain text. The
result is safe to insert into a page as it is.

Rendering stays bounded on hostile bodies: nesting is capped at :data:`MAX_NESTING` levels
(block quotes, lists and footnotes deeper than that are shown as flat paragraphs instead of
being nested further or dropped, and :func:`nesting_cut` tells ``check`` where; emphasis
deeper than that is shown as its asterisks), and heading anchors are made unique in linear
time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.parser_block import ParserBlock
from markdown_it.renderer import RendererHTML, RendererProtocol
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.footnote import footnote_plugin

from mentorsite.markdown import everyday
from mentorsite.markdown.rules import Anchors, Outline, block_direction, entry_link, is_safe_link
from mentorsite.markdown.tasks import task_lists
from mentorsite.text import on_pages

MAX_NESTING = 20
"""Deepest nesting of block quotes, lists (a list and its item are two levels), footnotes,
links and emphasis that is drawn as nesting; real notes need a handful."""
REVISION = 15
"""Which HTML these rules draw: part of the Markdown cache's key, so a change to what any body
renders to (2: tables, task-list labels; 3: heading levels; 4: links to content files; 5:
characters a page may not hold shown as U+FFFD; 6: no empty heading ids; 7: no heading id a
footnote's; 8: links to content files by any path; 9: headings drawn as an outline from h2,
each with an id; 10: a footnote's link back named by its reference; 11: heading ids keep
combining marks; 12: a body in a right-to-left script laid out block by block in the direction
of its text; 13: its footnotes too; 14: a link to a content file by its name's % escapes;
15: code blocks and tables in the tab order, :func:`_focusable_pre`) makes the cache of an
earlier one count as empty."""
_ALIGNED = {f"text-align:{side}": f"align-{side}" for side in ("left", "center", "right")}
"""A table column's alignment, which markdown-it gives as a ``style`` attribute (blocked by
the pages' Content-Security-Policy), as a class of the theme's."""

_CUT = "mentorsite_nesting_cut"
"""Key in markdown-it's ``env``: the 0-based body line where nesting reached the limit."""
_HR = re.compile(r"([*_-])[ \t]*\1[ \t]*\1")
_UNDERLINE_END = re.compile(r"[=-][ \t]*(?:[\r\n]|\Z)")
_CANNOT_MATCH: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("fence", lambda text: "```" not in text and "~~~" not in text),
    ("blockquote", lambda text: ">" not in text),
    ("hr", lambda text: _HR.search(text) is None),
    ("lheading", lambda text: _UNDERLINE_END.search(text) is None),
    ("reference", lambda text: "]:" not in text),
    ("table", lambda text: "|" not in text),
)
"""Block rules, each with what tells that a body holds nothing it could match: a fence needs
three backticks or tildes, a quote a ``>``, a rule three ``*``, ``-`` or ``_`` with only blanks
between them, a setext heading a line ending in ``=`` or ``-``, a link definition ``]:``, a
table a ``|``.

markdown-it tries every block rule at the start of every block, and the quote, rule and fence
rules again on every line of a paragraph (could this line end it?), so most of its time on
ordinary notes goes to rules that never match. A body is rendered without the rules it cannot
trigger, which gives the same HTML (tested against the full parser) in about a fifth less
time."""
_INLINE_MARKS = re.compile(r"[\n!&*\[\\\]^_`<]")
"""Where an inline rule of ours can start: a line break, an image's ``!``, an entity's ``&``,
emphasis, a link's or a footnote's ``[`` (and ``]``, where a link text ends), an escape, a
footnote's ``^``, a code span, an autolink's ``<``.

markdown-it's text rule stops at 23 characters, kept for its rules and its plugins'. At each
of the others (``-``, ``:``, ``#``, ``=`` …) every rule of ours is tried and fails before the
character is taken as text; here the text rule takes them in its stride."""
_FLAT_MARKS = re.compile(r"[!&*\[\\\]^_`<]")
""":data:`_INLINE_MARKS` but the line break, for :func:`_flat`."""
_CONTAINERS = r"(?:[ \t>]|[-*+](?=[ \t]|$)|[0-9]{1,9}[.)](?=[ \t]|$)|\[\^[^\]\s]*\]:)+"
"""The start of a line made of what opens or continues block containers: indentation, ``>``,
list markers and footnote labels. Every nesting level a line reaches takes at least one
column of it, so a body whose runs are all narrower than the limit cannot reach it."""
_FIRST_RUN = re.compile(_CONTAINERS, re.MULTILINE)
_LATER_RUNS = re.compile(r"\n(" + _CONTAINERS + ")", re.MULTILINE)
"""The runs of the lines after the first: found from line break to line break (a pattern that
starts with ``^`` is tried at every character of the body, three times as long)."""


class _SafeMarkdown(MarkdownIt):
    """markdown-it with our link rule in place of its own block list."""

    def validateLink(self, url: str) -> bool:
        return is_safe_link(url)

    def normalizeLink(self, url: str) -> str:
        return super().normalizeLink(entry_link(url))


class _BoundedBlock(ParserBlock):
    """markdown-it's block parser, but content nested past the limit is kept, flat.

    markdown-it itself silently drops everything below the nesting limit; here it becomes one
    plain paragraph at the limit, and the first line where that changed what it shows (more
    than one paragraph's text there, or a block of another kind) is noted in ``env``.
    """

    def tokenize(self, state: StateBlock, startLine: int, endLine: int) -> None:
        if state.level < state.md.options.maxNesting:
            super().tokenize(state, startLine, endLine)
            return
        state.line = line = state.skipEmptyLines(startLine)  # as markdown-it's own does
        if line >= endLine or state.sCount[line] < state.blkIndent:
            return
        text = state.getLines(line, endLine, state.blkIndent, False).strip()
        if _CUT not in state.env and not _one_paragraph(text):
            state.env[_CUT] = line
        state.push("paragraph_open", "p", 1).map = [line, endLine]
        inline = state.push("inline", "", 0)
        inline.content, inline.map, inline.children = text, [line, endLine], []
        state.push("paragraph_close", "p", -1)
        state.line = endLine


def _bound_inline(state: StateCore) -> None:
    """Inline elements nested past the limit are shown as the text that marked them.

    markdown-it pairs emphasis delimiters after its nesting check, so 10,000 ``*`` around a
    word would otherwise nest 5,000 elements deep.
    """
    limit = state.md.options.maxNesting
    for block in state.tokens:
        depth, flattened = 0, []
        for token in block.children or ():
            if token.nesting == 1:
                flattened.append(depth >= limit)
                depth += 1
                if flattened[-1]:
                    _as_text(token)
            elif token.nesting == -1 and flattened:
                depth -= 1
                if flattened.pop():
                    _as_text(token)


def _as_text(token: Token) -> None:
    token.type, token.tag, token.nesting = "text", "", 0
    token.content, token.attrs = token.markup, {}


def _shown_characters(state: StateCore) -> None:
    """Each character no page may hold (:data:`~mentorsite.text.NOT_HTML`) as U+FFFD, as
    markdown-it's own ``normalize`` does with NUL, before any rule reads the body."""
    state.src = on_pages(state.src)


def _aligned_cells(state: StateCore) -> None:
    """A table cell's alignment as a class, not the inline style the pages' policy refuses."""
    for token in state.tokens:
        if token.type in ("th_open", "td_open") and "style" in token.attrs:
            style = str(token.attrs.pop("style"))
            if style in _ALIGNED:
                token.attrs["class"] = _ALIGNED[style]


def _focusable_tables(state: StateCore) -> None:
    """Each table in the tab order, as :func:`_focusable_pre` puts each code block: the
    stylesheet lets a wide one scroll sideways in its own box (``.prose table``)."""
    for token in state.tokens:
        if token.type == "table_open":
            token.attrSet("tabindex", "0")


def _focusable_pre(self: RendererHTML, tokens: Sequence[Token], idx: int,
                   options: OptionsDict, env: EnvType) -> str:
    """A code block (fenced or indented) as markdown-it draws it, its ``<pre>`` in the tab
    order. The stylesheet lets a long line scroll sideways inside the block, and a block
    holding nothing focusable cannot be scrolled from the keyboard in every browser (Safari
    cannot): the line's end was out of reach without a mouse (axe: scrollable-region-focusable).
    Its focus ring shows where the arrow keys will scroll."""
    draw = RendererHTML.fence if tokens[idx].type == "fence" else RendererHTML.code_block
    drawn = draw(self, tokens, idx, options, env)
    return '<pre tabindex="0"' + drawn.removeprefix("<pre")


_OWN_DIRECTION = frozenset({
    "paragraph_open", "heading_open", "blockquote_open", "bullet_list_open",
    "ordered_list_open", "table_open", "footnote_block_open"})
"""The blocks a body in a right-to-left script lays out in the direction of their own text."""


def _directions(state: StateCore) -> None:
    """In a body that holds right-to-left text, each block of the body's own
    (:data:`_OWN_DIRECTION`, not inside another) with ``dir="auto"``
    (:func:`~mentorsite.markdown.rules.block_direction`): the browser gives it the
    direction of its first letter, and what it holds takes that direction. The page itself reads
    left to right, and a stylesheet can turn a paragraph's text around
    (``unicode-bidi: plaintext``) but not the side a list puts its bullets and numbers on, nor
    a quote its bar, nor the order of a table's columns: an Arabic list had its bullets at the
    far left of right-aligned items, an Arabic table its first column on the left. Not on the
    blocks inside, as a browser leaves out an element with a ``dir`` of its own when it looks
    for its container's first letter. A body without such text is drawn as before."""
    direction = block_direction(state.src)
    if direction is None:
        return
    for token in state.tokens:
        if token.level == 0 and token.type in _OWN_DIRECTION:
            token.attrSet("dir", direction)


def _heading_levels(state: StateCore) -> None:
    """Headings drawn as an outline under the page's title
    (:class:`~mentorsite.markdown.rules.Outline`)."""
    outline, level = Outline(), 0
    for token in state.tokens:
        if token.type == "heading_open":
            level = outline.level(int(token.tag[1]))
            token.tag = f"h{level}"
        elif token.type == "heading_close":  # headings never nest: it closes the one above
            token.tag = f"h{level}"


def _anchors(state: StateCore) -> None:
    """Give every heading a unique id (:class:`~mentorsite.markdown.rules.Anchors`)."""
    anchors = Anchors()
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        children = tokens[index + 1].children or []
        title = "".join(c.content for c in children if c.type in ("text", "code_inline"))
        token.attrSet("id", anchors.id(title))


@cache
def _parser() -> MarkdownIt:
    """The parser with every rule and markdown-it's own inline parsing: the reference for what
    a body's HTML is."""
    return _configured()


@cache
def _parser_without(rules: frozenset[str]) -> MarkdownIt:
    """The parser that renders bodies: without the block ``rules`` (from
    :data:`_CANNOT_MATCH`; at most 64 of them are made), its text rule stopping only at
    :data:`_INLINE_MARKS`, and plain lines parsed by :func:`_flat`."""
    md = _configured()
    if rules:
        md.block.ruler.disable(sorted(rules))
    md.inline.terminator_re = _INLINE_MARKS
    md.core.ruler.at("inline", _inline)
    return md


@cache
def _flat() -> MarkdownIt:
    """The inline parser for text whose line breaks have no blank beside them.

    Such a break is a soft break, which is drawn as the line break itself; markdown-it still
    ends the text at every line, tries its rules there and adds a token for the break, which
    was a fifth of the time it took on ordinary notes. Here the text runs on over the break.
    """
    md = _configured()
    md.inline.ruler.disable(["newline"])
    md.inline.terminator_re = _FLAT_MARKS
    return md


def _inline(state: StateCore) -> None:
    """markdown-it's inline core rule, with :func:`_flat` for text it can take."""
    flat = _flat()
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            md = state.md if _blank_at_break(token.content) else flat
            md.inline.parse(token.content, md, state.env, token.children)


def _blank_at_break(text: str) -> bool:
    """Whether a line break in ``text`` has a space or tab beside it: the blanks the newline
    rule would drop, or a hard break (two spaces). Four searches for a fixed pair of characters
    take a third of the time of one regular expression that looks at every character."""
    return " \n" in text or "\t\n" in text or "\n " in text or "\n\t" in text


def _footnote_backref(self: RendererProtocol, tokens: Sequence[Token], idx: int,
                      options: OptionsDict, env: EnvType) -> str:
    """A footnote's link back to the text, named by its reference as the text shows it ("Back
    to reference 1"; to the second reference to it, "1:1"): its arrow is no name to a screen
    reader, nor in a list of the page's links."""
    meta = tokens[idx].meta
    shown = f"{meta['id'] + 1}" + (f":{meta['subId']}" if meta["subId"] > 0 else "")
    return (f' <a href="#fnref{shown}" class="footnote-backref" '
            f'aria-label="{everyday.BACK_TO_REFERENCE}{shown}">\u21a9\ufe0e</a>')


def _footnote_block(self: RendererProtocol, tokens: Sequence[Token], idx: int,
                    options: OptionsDict, env: EnvType) -> str:
    """The footnotes' section, as mdit-py-plugins draws it, with the ``dir`` :func:`_directions`
    gives it in a right-to-left body: the plugin's own drawing leaves out every attribute."""
    direction = tokens[idx].attrGet("dir")
    shown = f' dir="{direction}"' if direction else ""
    return (f'<hr class="footnotes-sep">\n<section class="footnotes"{shown}>\n'
            '<ol class="footnotes-list">\n')


def _configured() -> MarkdownIt:
    """A new parser with our options, rules and plugins."""
    md = _SafeMarkdown(
        "commonmark",
        {"html": False, "typographer": False, "xhtmlOut": False, "maxNesting": MAX_NESTING},
    )
    block = _BoundedBlock()
    block.ruler = md.block.ruler
    md.block = block
    # With "html" off these two rules only ever answer "no", after a logged call on every line
    # and every '<': without them the output is the same and the parser a little faster.
    md.disable(["html_block", "html_inline"])
    md.enable("table")
    # Each task's text is its checkbox's label: a checkbox without one has no name to be read.
    md.core.ruler.after("inline", "task_lists", task_lists)
    md.use(footnote_plugin)
    md.add_render_rule("footnote_anchor", _footnote_backref)
    md.add_render_rule("footnote_block_open", _footnote_block)
    md.add_render_rule("fence", _focusable_pre)
    md.add_render_rule("code_block", _focusable_pre)
    md.core.ruler.after("normalize", "shown_characters", _shown_characters)
    md.core.ruler.push("aligned_cells", _aligned_cells)
    md.core.ruler.push("focusable_tables", _focusable_tables)
    md.core.ruler.push("heading_levels", _heading_levels)
    md.core.ruler.push("bounded_inline", _bound_inline)
    md.core.ruler.push("anchor", _anchors)
    md.core.ruler.push("directions", _directions)
    return md


def render(markdown: str) -> str:
    """HTML for a Markdown body; raw HTML in it is escaped, and a character no page may hold
    (:data:`~mentorsite.text.NOT_HTML`: a control character, a noncharacter) is shown as
    U+FFFD. An everyday body, which holds none, is drawn without markdown-it
    (:mod:`~mentorsite.markdown.everyday`), to the same HTML."""
    html = everyday.render(markdown)
    if html is not None:
        return html
    unused = frozenset(rule for rule, cannot in _CANNOT_MATCH if cannot(markdown))
    drawn: str = _parser_without(unused).render(markdown)
    return drawn


def _container_runs(markdown: str) -> list[str]:
    """The container run (:data:`_CONTAINERS`) at the start of each line that has one."""
    first = _FIRST_RUN.match(markdown)
    return ([first.group()] if first else []) + _LATER_RUNS.findall(markdown)


@dataclass(frozen=True, order=True)
class RawHtml:
    """A place where a body writes raw HTML, which the site shows as text."""

    line: int
    """1-based, in the body."""
    column: int
    text: str
    """The first line of that HTML, as written."""


@cache
def _shallow() -> MarkdownIt:
    """A parser that reads only the outermost blocks (what lies deeper is dropped, unread)."""
    return MarkdownIt("commonmark", {"maxNesting": 1}).enable("table").use(footnote_plugin)


def _one_paragraph(text: str) -> bool:
    """Whether ``text`` reads as one plain paragraph: shown as one at the nesting limit, it
    is shown as it would be without the limit (20 block quotes around a line of text)."""
    blocks = [token.type for token in _shallow().parse(text)]
    return blocks == ["paragraph_open", "inline", "paragraph_close"]


_TAG_START = re.compile(r"<[A-Za-z/!?]")
"""What raw HTML starts with: a tag, a closing tag, a comment or declaration, an instruction."""


@cache
def _html_finder() -> MarkdownIt:
    """A parser that takes raw HTML as HTML, as CommonMark does, to find where a body has it."""
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
    return md.enable("table").use(footnote_plugin)


def raw_html(markdown: str) -> tuple[RawHtml, ...]:
    """Where ``markdown`` writes raw HTML (``<br>``, ``<details>``, ``<!-- a note -->``), in
    order: a pair who wrote it expects it to work, and would see the tags, or the comment
    they meant to hide, shown on the page. Only a body with a ``<`` before a letter, ``/``,
    ``!`` or ``?`` is parsed; code spans and blocks are not HTML."""
    if _TAG_START.search(markdown) is None:
        return ()
    lines = markdown.replace("\0", "\ufffd").split("\n")
    found: list[RawHtml] = []
    for token in _html_finder().parse("\n".join(lines)):
        if token.map is None:
            continue
        if token.type == "html_block":
            found.append(_placed(lines, token.map[0], token.content))
        elif token.type == "inline":
            block = "\n".join(lines[token.map[0]:token.map[1]])
            at, line, line_start = 0, token.map[0], 0  # counted on from tag to tag
            for child in token.children or ():
                if child.type == "html_inline":  # found by its first line: a container's
                    first = child.content.split("\n")[0]  # marks are not in the others
                    seen, at = at, max(block.find(first, at), at)
                    if breaks := block.count("\n", seen, at):
                        line, line_start = line + breaks, block.rfind("\n", seen, at) + 1
                    found.append(RawHtml(line + 1, at - line_start + 1, first))
                    at += len(first)
    return tuple(sorted(found))


def _placed(lines: list[str], index: int, content: str) -> RawHtml:
    """An HTML block's place and first line."""
    first = content.split("\n")[0].strip()
    return RawHtml(index + 1, max(lines[index].find(first), 0) + 1, first)


def nesting_cut(markdown: str) -> int | None:
    """The 1-based line of the body where nesting passes :data:`MAX_NESTING`, if it does.

    Only the block structure is parsed, and only when some line starts with enough container
    markers to get that deep, so a body without any costs one regular-expression scan.
    """
    if not any(
        len(run) + 3 * run.count("\t") >= MAX_NESTING for run in _container_runs(markdown)
    ):
        return None
    md = _parser()
    env: dict[str, int] = {}
    md.block.parse(markdown.replace("\0", "\ufffd"), md, env, [])
    cut = env.get(_CUT)
    return None if cut is None else cut + 1
