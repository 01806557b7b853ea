"""The built-in stylesheet keeps pages readable on a 360 px phone.

Content is the pair's own text: a URL in a goal's rationale or a commit subject is one long
word. The body's ``overflow-wrap: anywhere`` breaks it and lets the box holding it be narrower
than the word; a grid or flex item that holds something else unbreakable still says
``min-width: 0``. ``tests/test_phone_layout.py`` checks the result in a browser.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STYLESHEET = Path(__file__).resolve().parents[1] / "themes/default/static/style.css"


def declarations(selector: str) -> dict[str, str]:
    """The declarations of the stylesheet's top-level rule for exactly ``selector`` (not a
    rule whose selector list ends with it)."""
    text = STYLESHEET.read_text(encoding="utf-8")
    found = re.search(r"(?:\A|(?<!,)\n)" + re.escape(selector) + r" \{\n(.*?)^\}", text,
                      re.MULTILINE | re.DOTALL)
    assert found, f"no top-level rule for {selector!r}"
    return declared(re.sub(r"/\*.*?\*/", "", found.group(1), flags=re.DOTALL))


def declared(body: str) -> dict[str, str]:
    """A rule's body (comments gone) as ``{property: value}``."""
    pairs = (line.strip().rstrip(";").split(":", 1) for line in body.splitlines() if ":" in line)
    return {name.strip(): value.strip() for name, value in pairs}


@pytest.mark.parametrize("selector", [
    ".plan dd",
    ".page-head > .commit-line > *",
])
def test_items_holding_long_words_can_shrink(selector):
    assert declarations(selector).get("min-width") == "0"


TOKEN = re.compile(r"(--[a-z0-9-]+): (#[0-9a-f]{6}|#[0-9a-f]{3});")
"""A colour token's declaration: its name and its value (#rrggbb, or #rgb)."""


def media_block(text: str, query: str) -> str:
    """The top-level ``@media`` block of ``query``, up to its closing brace."""
    start = text.index(f"@media {query} {{")
    return text[start:text.index("\n}\n", start)]


def palette(dark: bool, printed: bool = False) -> dict[str, str]:
    """The colour tokens of the light ``:root`` rule, with the dark-mode ones over them, and
    print's over those (a page printed from a browser in dark mode sees all three)."""
    text = STYLESHEET.read_text(encoding="utf-8")
    light = re.search(r"^:root \{\n(.*?)^\}", text, re.MULTILINE | re.DOTALL)
    assert light
    tokens = dict(TOKEN.findall(light.group(1)))
    if dark:
        tokens.update(TOKEN.findall(media_block(text, "(prefers-color-scheme: dark)")))
    if printed:
        tokens.update(TOKEN.findall(media_block(text, "print")))
    return {name: value if len(value) == 7 else "#" + "".join(c * 2 for c in value[1:])
            for name, value in tokens.items()}


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def contrast(one: tuple[float, ...], two: tuple[float, ...]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours (0..255 a channel)."""
    def luminance(colour: tuple[float, ...]) -> float:
        linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4
                  for c in colour]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(("dark", "printed"), [(False, False), (True, False), (False, True),
                                               (True, True)],
                         ids=["light", "dark", "printed", "printed-in-dark-mode"])
@pytest.mark.parametrize("tone", ["ok", "warn", "bad", "info", "pivot", "neutral"])
def test_badge_text_meets_aa_contrast_on_its_tint(tone, dark, printed):
    """A badge is small text (0.8rem) in its tone on the tone mixed into the surface: 4.5:1.
    Printed, badges keep their colours (print-color-adjust: exact), and a browser in dark mode
    prints with the dark tokens under print's: an "Active" badge printed #7fa6ff on white."""
    mixed = re.fullmatch(r"color-mix\(in srgb, var\(--tone\) (\d+)%, var\(--surface\)\)",
                         declarations(".badge")["background"])
    assert mixed
    share = int(mixed.group(1)) / 100
    colours = palette(dark, printed)
    ink, surface = rgb(colours["--" + tone]), rgb(colours["--surface"])
    tint = tuple(round(i * share + s * (1 - share)) for i, s in zip(ink, surface, strict=True))
    assert contrast(ink, tint) >= 4.5


def test_print_sets_every_colour_dark_mode_sets():
    """WCAG 1.4.3 on paper: a page printed from a browser in dark mode matches both
    ``prefers-color-scheme: dark`` and ``print``, so a token print leaves alone keeps its dark
    value on white paper (a badge's pale blue, 2.4:1; a milestone's icon on dark navy)."""
    text = STYLESHEET.read_text(encoding="utf-8")
    dark = {name for name, _ in TOKEN.findall(media_block(text, "(prefers-color-scheme: dark)"))}
    printed = set(re.findall(r"(--[a-z0-9-]+):", media_block(text, "print")))
    assert dark - printed == set()


def test_a_transparent_border_stays_unseen_in_forced_colours():
    """Windows' contrast themes (``forced-colors: active``) paint every border in the theme's
    colours, a transparent one too: each link of the site's menu was underlined as the current
    page is, so nothing told which page was open. Each top-level rule with a border there only to
    be coloured later gives it the page's own colour there, and the current page keeps a mark
    of another colour."""
    text = STYLESHEET.read_text(encoding="utf-8")
    forced = media_block(text, "(forced-colors: active)")
    unseen = re.search(r"^  ([^{}]+?) \{\n    border-color: Canvas;\n  \}", forced, re.MULTILINE)
    assert unseen
    hidden = {selector.strip() for selector in unseen.group(1).split(",")}
    rules = [([selector.strip() for selector in selectors.split(",")], body)
             for selectors, body in re.findall(r"^([^\s@}/][^{}]*?) \{\n(.*?)^\}", text,
                                               re.MULTILINE | re.DOTALL)]
    transparent = {selector for selectors, body in rules
                   if re.search(r"border[a-z-]*:[^;]*\btransparent\b", body)
                   for selector in selectors}
    coloured = {selector for selectors, body in rules
                if re.search(r"border[a-z-]*-color: (?!transparent)", body)
                for selector in selectors}
    assert ".site-nav a" in transparent and ".diff__add" in coloured
    assert transparent - coloured <= hidden
    assert re.search(r'^  \.site-nav a\[aria-current="page"\] \{\n'
                     r"    border-bottom-color: Highlight;", forced, re.MULTILINE)


def test_a_scrolling_table_clips_its_visually_hidden_text():
    """.visually-hidden is position: absolute; a wide table scrolls inside .table-wrap, but
    hidden text in its right-hand columns escaped that overflow (its containing block was the
    page), so the programme view scrolled sideways to 764 px on a 360 px phone."""
    assert declarations(".visually-hidden").get("position") == "absolute !important"
    wrap = declarations(".table-wrap")
    assert wrap.get("overflow-x") == "auto"
    assert wrap.get("position") == "relative"


def test_print_does_not_repeat_an_evidence_link_after_itself():
    """Print spells out where external links go; an evidence page's link shows its own address
    as its text, so printing it again doubled a long URL."""
    text = STYLESHEET.read_text(encoding="utf-8")
    start = text.index("@media print {")
    block = text[start:text.index("\n}\n", start)]
    rule = re.search(r"^  \.entry-facts \.external::after \{\n(.*?)^  \}", block,
                     re.MULTILINE | re.DOTALL)
    assert rule and "content: none;" in rule.group(1)
    template = (STYLESHEET.parents[1] / "templates/evidence.html").read_text(encoding="utf-8")
    assert ('<a class="external" href="{{ evidence.link|href }}" rel="noopener noreferrer">'
            '{{ evidence.link }}</a>') in template


def test_a_diff_wraps_its_lines_at_every_width():
    """A diff line is a paragraph for anyone who does not hard-wrap their Markdown: it wraps,
    continuing past its + or -, instead of scrolling sideways inside a frame, which Safari
    cannot do from the keyboard."""
    lines = declarations(".diff__hunk,\n.diff__add,\n.diff__del,\n.diff__ctx")
    assert lines.get("white-space") == "pre-wrap"
    assert lines.get("overflow-wrap") == "anywhere"
    assert "width" not in declarations(".diff")
    assert "overflow-x" not in declarations(".diff-wrap")
    hanging = declarations(".diff__add,\n.diff__del,\n.diff__ctx")
    assert hanging.get("text-indent") == "-1ch"
    assert hanging.get("padding-left") == "calc(0.75rem + 1ch)"


def every_rule(selector: str) -> list[dict[str, str]]:
    """The declarations of every rule for exactly ``selector``, media queries' included."""
    text = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(encoding="utf-8"), flags=re.DOTALL)
    bodies = re.findall(r"(?:\A|(?<!,)\n)[ \t]*" + re.escape(selector) + r" \{\n(.*?)\n[ \t]*\}",
                        text, re.DOTALL)
    assert bodies, f"no rule for {selector!r}"
    return [declared(body) for body in bodies]


@pytest.mark.parametrize("selector, kept_whole", [
    # a metric's baseline → latest → target: on a 320 px phone with a unit such as
    # "sections", the target stuck out of its card when the three were held on one line
    (".metric__values", ("flex-wrap", "nowrap")),
    # a column heading such as "median hours to first review" held a Markdown table wider
    # than a 360 px phone
    ("thead th", ("white-space", "nowrap")),
])
def test_what_may_not_fit_a_phone_may_wrap(selector, kept_whole):
    name, value = kept_whole
    assert all(rule.get(name) != value for rule in every_rule(selector))
    assert len(every_rule(".metric__values")) == 2  # the phone's rule is read too


def test_a_long_word_breaks_anywhere_but_in_a_data_table():
    """Outside tables a word longer than the screen breaks without any rule for its box; a
    table keeps its values whole and scrolls in its frame."""
    assert declarations("body")["overflow-wrap"] == "anywhere"
    assert declarations("table")["overflow-wrap"] == "break-word"


def test_a_pairs_name_stays_in_view_while_the_programme_table_scrolls():
    """On a phone the programme's table of pairs scrolls sideways in its frame: its row
    headings stick to the frame's left edge, on a background of their own, and no wider than
    the room a focused link is scrolled clear of."""
    text = STYLESHEET.read_text(encoding="utf-8")
    start = text.index("@media (max-width: 60rem) {\n  .programme-table thead th:first-child,")
    block = text[start:text.index("\n}\n", start)]
    sticky = re.search(r"\.programme-row > th \{\n(.*?)\n  \}", block, re.DOTALL)
    assert sticky and "position: sticky;" in sticky.group(1) and "left: 0;" in sticky.group(1)
    assert re.search(r"\.programme-row > th \{\n    background: var\(--surface\);", block)
    # a link the keyboard brings into view stops clear of the sticky names (WCAG 2.4.11)
    assert "scroll-padding-inline-start: max(40vw, 8rem);" in block
    assert "max-width: 40vw;" in block


def kept_whole_in_print() -> set[str]:
    """The selectors of the print rules that say ``break-inside: avoid``."""
    text = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(encoding="utf-8"), flags=re.DOTALL)
    rules = re.findall(r"\n([^{}]+)\{([^{}]*)\}", media_block(text, "print"))
    return {selector.strip() for selectors, body in rules
            if "break-inside: avoid" in body for selector in selectors.split(",")}


def test_the_dashboards_next_steps_print_breaking_between_steps():
    """Held whole, the 'Open next steps' card did not fit under the check-in health on the
    first printed page and left nearly half of it blank; it breaks between steps, each whole."""
    whole = kept_whole_in_print()
    assert ".step-list li" in whole and ".health" in whole
    assert ".steps" not in whole
