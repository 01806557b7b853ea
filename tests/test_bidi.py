"""A pair that writes in Arabic, Hebrew or Persian reads its sentences in their own direction.

A browser lays a right-to-left sentence out from right to left only where its paragraph is, or
where it is isolated from the English around it; otherwise the page's left-to-right direction
puts its closing "!" on the wrong side and, where it holds English words, cuts it into pieces
drawn out of order. So every text the pair wrote in this site is an Arabic sentence that ends in
"!", and on every page, at a desktop's width and a phone's, each such sentence drawn must end
on its left: its "!" left of its first letter.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mentorsite.build import build
from tests.browser import look
from tests.conftest import Repo

SENTENCE = "جملة عربية فيها English words ورقم 3 وتنتهي هنا!"
"""Arabic, with English words and a number inside: drawn out of order in a left-to-right
paragraph."""


def said(what: str) -> str:
    """A distinct Arabic sentence, ending in "!"; YAML-quoted."""
    return f'"{what} {SENTENCE}"'


GOAL = f"""\
---
title: {said("هدف")}
started: 2025-05-01
due: 2025-12-31
why: {said("لماذا")}
outcomes: [{said("نتيجة")}]
success: [{said("نجاح")}]
metrics:
  - {{id: talks, label: {said("مقياس")}, baseline: 0, target: 3}}
milestones:
  - {{title: {said("مرحلة")}, due: 2025-05-20, done: 2025-05-20}}
  - {{title: {said("مرحلة قادمة")}, due: 2025-07-01}}
contingency:
  - {{if: {said("إذا")}, then: {said("إذن")}}}
---
{SENTENCE}

- {SENTENCE}
- `f(x, 1)` {SENTENCE}

> {SENTENCE}

| عمود | قيمة |
| --- | --- |
| {SENTENCE} | 3 |

```
f(x, 1)
```

- [ ] {SENTENCE}
  - {SENTENCE}

> > {SENTENCE}
"""
CHECKIN = f"""\
---
goals:
  speak: {{status: on-track, metrics: {{talks: {{reading}}}}, note: {said("ملاحظة")}}}
obstacles: [{said("عقبة")}]
adjustments: [{said("تعديل")}]
wins: [{said("نجاح صغير")}]
next:
  - {{task: {said("مهمة")}, owner: Sam, due: 2025-06-20}}
---
{SENTENCE}
"""
REFLECTION = f"""\
---
title: {said("تأمل")}
goals: [speak]
milestone: {said("مرحلة")}
---
## {SENTENCE}

{SENTENCE}
"""
EVIDENCE = f"""\
---
title: {said("دليل")}
goals: [speak]
kind: feedback
source: {said("مصدر")}
---
{SENTENCE}
"""

WIDTHS = (390, 1100)

MISDRAWN = """\
const strong = /[A-Za-z\\u0590-\\u08ff]/;
const rtl = /^[\\u0590-\\u08ff]/;
const texts = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
for (let node = texts.nextNode(); node; node = texts.nextNode()) {
  const sentence = node.data.replace(/[\u2066-\u2069]/g, "").trim();
  const first = node.data.search(strong);
  if (!sentence.endsWith("!") || first < 0 || !rtl.test(node.data.slice(first))) continue;
  const letter = doc.createRange(), mark = doc.createRange();
  letter.setStart(node, first);
  letter.setEnd(node, first + 1);
  const end = node.data.lastIndexOf("!");
  mark.setStart(node, end);
  mark.setEnd(node, end + 1);
  const [a, b] = [letter.getClientRects()[0], mark.getClientRects()[0]];
  if (!a || !b) continue;  // not drawn
  if (Math.abs(a.top - b.top) < 2 && b.left >= a.left)
    found.push([page, width, node.parentElement.tagName.toLowerCase() + "." +
                node.parentElement.className, sentence.slice(0, 24)]);
}
"""
"""Each right-to-left sentence whose "!" is drawn right of its first letter, on one line."""


def rtl_site(tmp_path: Path) -> Path:
    """A pair's site, history on: a goal, two check-ins, a reflection and evidence, all in
    Arabic, and commits whose subjects are Arabic sentences too."""
    repo = Repo(tmp_path / "pair")
    repo.write("mentorsite.yml", f"title: {said('خطة')}\nmentee: Ana\ncadence: weekly\n")
    repo.write("content/goals/speak.md", GOAL)
    repo.write("content/checkins/2025-06-02.md", CHECKIN.replace("{reading}", "1"))
    repo.commit(SENTENCE)
    repo.write("content/checkins/2025-06-09.md", CHECKIN.replace("{reading}", "2"))
    repo.write("content/reflections/2025-06-09-first.md", REFLECTION)
    repo.write("content/evidence/2025-06-09-praise.md", EVIDENCE)
    repo.commit(f"{SENTENCE}\n\n{SENTENCE}")
    build(repo.root, repo.root / "_site", today=date(2025, 6, 12))
    return repo.root / "_site"


def test_right_to_left_sentences_read_from_the_right(tmp_path: Path) -> None:
    assert look(rtl_site(tmp_path), MISDRAWN, WIDTHS) == []


MIRRORED = """\
const rtl = /^[^A-Za-z\\u0590-\\u08ff]*[\\u0590-\\u08ff]/;
const own = (block, what) => found.push([page, width, block.tagName.toLowerCase(), what]);
for (const block of doc.querySelectorAll(".prose > :is(ul, ol, blockquote, table)")) {
  if (!rtl.test(block.textContent)) continue;
  const box = block.getBoundingClientRect();
  for (const item of block.querySelectorAll(":scope > li"))
    if (item.getBoundingClientRect().right > box.right - 10) own(block, "bullet on the left");
  if (block.tagName === "BLOCKQUOTE" && view.getComputedStyle(block).borderRightWidth === "0px")
    own(block, "bar on the left");
  const cells = [...block.querySelectorAll("th")].map((cell) => cell.getBoundingClientRect());
  if (cells.length > 1 && cells[0].left < cells[1].left)
    own(block, "first column on the left");
}
for (const box of doc.querySelectorAll(".prose .task-list-item input")) {
  const text = document.createRange();
  text.selectNodeContents(box.parentElement);
  text.setStartAfter(box);
  const [at, words] = [box.getBoundingClientRect(), text.getBoundingClientRect()];
  if (rtl.test(text.toString()) && at.left < words.right - 1)
    own(box, "checkbox under its text");
}
const phone = view.innerWidth <= 640;
for (const inner of doc.querySelectorAll(".prose :is(li > ul, blockquote blockquote)")) {
  if (!phone || !rtl.test(inner.textContent)) continue;
  const style = view.getComputedStyle(inner);
  if (inner.tagName === "BLOCKQUOTE" ? style.borderRightWidth !== "2px"
      : parseFloat(style.paddingRight) > 30)
    own(inner, "not stepped in as little as on the left");
}
for (const code of doc.querySelectorAll(".prose :is(pre, code)"))
  if (view.getComputedStyle(code).direction !== "ltr") own(code, "code turned around");
"""
"""Each list, quote and table of a body that starts in a right-to-left script, laid out
mirrored: its bullets right of its items, its bar on the right, its first column on the right;
code kept left to right inside it; a task's checkbox right of its text, not under it; on a
phone, a list or a quote inside another stepping in as little as it does in English."""


def test_right_to_left_lists_quotes_and_tables_are_mirrored(tmp_path: Path) -> None:
    """The stylesheet turned each paragraph's text around, and no more: the bullets of an
    Arabic list stood at the far left of its right-aligned items, a quote's bar on the left, a
    table's first column on the left."""
    assert look(rtl_site(tmp_path), MIRRORED, WIDTHS) == []


def test_the_check_sees_a_sentence_drawn_left_to_right(tmp_path: Path) -> None:
    """The check itself: the same sentence in a paragraph held left to right is reported."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        f'<!doctype html><html lang="en"><title>t</title><p dir="ltr">{SENTENCE}</p>'
        f'<p dir="rtl">{SENTENCE}</p>', encoding="utf-8")
    assert look(site, MISDRAWN, (390,)) == [["index.html", 390, "p.", SENTENCE[:24]]]


def test_texts_in_a_right_to_left_script_or_turning_direction_are_isolated() -> None:
    """Escaped as before, and isolated: Arabic, Hebrew, a right-to-left override (which would
    turn the page's words after it around), but never English, accented Latin or a URL."""
    from mentorsite.render.snippets import text

    assert text("محمد <b>") == "\u2068محمد &lt;b&gt;\u2069"
    assert text("\u05d3\u05e0\u05d9") == "\u2068\u05d3\u05e0\u05d9\u2069"
    assert text("won \u202eeman") == "\u2068won \u202eeman\u2069"
    for kept in ("Ana & Jo", "Zoë Ångström", "田中", "https://ar.wikipedia.org/wiki/محمد",
                 "HTTP://ar.wikipedia.org/wiki/محمد"):
        assert text(kept) == kept.replace("&", "&amp;")


@pytest.mark.parametrize("written", ["{{ x|e }}", "{{ x|escape }}", '<b title="{{ x|e }}">'])
def test_a_theme_escaping_by_hand_isolates_as_plain_output_does(written: str) -> None:
    """``{{ x }}``, ``|join`` and ``|truncate`` were isolated; ``|e`` and ``|escape`` made
    markup of the escaped text, which passed through as it was."""
    from mentorsite.model.entries import Settings
    from mentorsite.render.templates import renderer
    from mentorsite.render.theme import builtin_theme

    env = renderer([builtin_theme()], Settings(), date(2025, 12, 28), None).env
    plain = env.from_string(written.replace("|escape", "").replace("|e", ""))
    for value in ("محمد <b>", "Ana & Jo", 42):
        assert env.from_string(written).render(x=value) == plain.render(x=value)
    assert "\u2068" in env.from_string(written).render(x="محمد")


def test_a_theme_linking_addresses_isolates_right_to_left_text() -> None:
    """``|urlize`` kept its links and escaping, but a right-to-left sentence in it was not
    isolated as ``{{ x }}`` isolates it, and ended on the wrong side of an English page."""
    from mentorsite.model.entries import Settings
    from mentorsite.render.templates import renderer
    from mentorsite.render.theme import builtin_theme

    env = renderer([builtin_theme()], Settings(), date(2025, 12, 28), None).env
    linked = env.from_string("{{ x|urlize }}")
    arabic = linked.render(x="انظر https://example.org <b>")
    assert arabic.startswith("\u2068") and arabic.endswith("\u2069")
    assert '<a href="https://example.org"' in arabic and "&lt;b&gt;" in arabic
    assert linked.render(x="see https://example.org") == (
        'see <a href="https://example.org" rel="noopener">https://example.org</a>')
