"""Our own scans of a body, beside markdown-it's, read it in linear time and as they did before.

``check`` reads a reflection's headings (to match its prompts) and places every image a body
shows. A regular expression that tries every end of a line, or a search of the whole body
for each image, took minutes to hours on a hostile body of 1 MB (the most a file may hold).
Each scan is compared here with the reading it replaced, on every short input of the marks
it cares about, then run once on a body that took the old one minutes.
"""

from __future__ import annotations

import itertools
import re

from mentorsite.markdown.images import images
from mentorsite.model.lint.headings import headings
from mentorsite.text import heading_words
from tests.conftest import VALID_GOAL

_OLD_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
"""How a heading line was read: for each end of the text, each split of the blanks before a
closing run was tried (quadratic in a line's blanks)."""
_OLD_CLOSING = re.compile(r"[:?.!\u3002\u061f\u06d4\u0964\u0589\u1362\u104b]+$")
"""How closing marks were stripped: from each mark of a run, the run read to its end."""


def strings(alphabet: str, longest: int) -> list[str]:
    return ["".join(chars) for size in range(longest + 1)
            for chars in itertools.product(alphabet, repeat=size)]


def test_heading_lines_are_read_as_the_regular_expression_read_them():
    for line in strings(" \t#a", 8):
        old = _OLD_ATX.match(line)
        expected = [] if old is None else [old.group(1) or ""]
        assert headings(line) == expected, repr(line)


def test_closing_marks_are_stripped_as_before():
    for heading in strings(":?a .\u3002", 6):
        plain = heading.strip()
        expected = " ".join(_OLD_CLOSING.sub("", plain).rstrip().casefold().split())
        assert heading_words(heading) == expected, repr(heading)


def test_a_reflection_of_hostile_heading_lines_is_checked(make_repo, check_json):
    """A heading line of 200,000 tabs between a word and a closing ``#`` (hours to read
    before), and one of 200,000 colons before a word (minutes): both read as headings, in
    one pass each, and the prompts they do not answer are named."""
    body = ("# What happened\n\nA lot.\n\n"
            + "# a" + "\t" * 200_000 + "#x\n\n"
            + "## " + ":" * 200_000 + "x\n\nText.\n")
    root = make_repo({
        "mentorsite.yml": "title: t\nreflection_prompts: [What happened?, Why it matters]\n",
        "content/goals/g.md": VALID_GOAL,
        "content/checkins/2025-06-10.md": "---\ngoals: {g: {status: on-track}}\n---\n",
        "content/reflections/2025-06-12-r.md": f"---\ntitle: R\ngoal: g\n---\n{body}",
    })
    _code, rows = check_json(root)
    assert [row["message"] for row in rows if row["code"] == "missing-prompt"] == [
        "reflection has no heading 'Why it matters'"]
    assert headings(body) == ["What happened", "a" + "\t" * 200_000 + "#x", ":" * 200_000 + "x"]


def test_each_image_by_reference_is_placed_at_its_definition():
    """30,000 images, each by a reference of its own: each definition is found in a table of
    them made once, not by a search of the body."""
    count = 30_000
    body = ("".join(f"![a][r{n}]\n" for n in range(count)) + "\n"
            + "".join(f"[r{n}]: p{n}.png\n" for n in range(count)))
    found = images(body)
    assert [(image.line, image.column, image.source) for image in found[::7_499]] == [
        (count + 2 + n, len(f"[r{n}]: ") + 1, f"p{n}.png") for n in range(0, count, 7_499)]


def test_the_first_definition_starting_with_an_address_is_where_it_is_placed():
    """As the search did: the first definition whose address starts with the image's."""
    body = "![a][r]\n\n[s]: x.png.old\n[r]: x.png\n"
    assert [(image.line, image.column) for image in images(body)] == [(3, 6)]


def test_escaped_addresses_in_one_paragraph_are_placed_at_their_own_parentheses():
    """50,000 images with an escaped address each (written ``a\\_b0.png``, read ``a_b0.png``)
    in one paragraph: each is placed where its address begins, looked for only near it (each
    read the rest of the paragraph before)."""
    line = "".join(f"![a](a\\_b{n}.png) " for n in range(50_000))
    found = images(line + "\n")
    assert len(found) == 50_000
    starts = [at + 2 for at in range(len(line)) if line.startswith("](", at)]
    assert [(image.line, image.column) for image in found] == [(1, at + 1) for at in starts]


def test_an_escaped_address_is_not_placed_at_a_mention_far_later():
    """The address as read, written out in the same paragraph pages later, is not where the
    image's is (the search to the paragraph's end placed it there)."""
    body = "![a](a\\_b.png) and then " + "words " * 1_000 + "about a_b.png.\n"
    assert [(image.line, image.column) for image in images(body)] == [(1, 6)]
