"""Diffs of long bodies: matched in work that grows with the body, the same diff as difflib's
for a body of ordinary length.

difflib matched a long body changed here and there in about n² steps, and where it may not
skip repeated lines (a merge's diff, which matches blank lines too) in n² for each of them: a
100 kB goal of paragraphs took 15 s to diff on a merge, a 1 MiB one hours.
"""

from __future__ import annotations

import difflib
import random

import pytest

from mentorsite.history import anchored
from mentorsite.history.body_diffs import body_diff, merge_diff
from mentorsite.history.versions import Version


def _paragraphs(count: int, changed: dict[int, str]) -> str:
    """A body of ``count`` paragraphs between blank lines, those in ``changed`` reworded."""
    return "\n\n".join(changed.get(n, f"Paragraph {n} says what it says.")
                       for n in range(count)) + "\n"


def _by_difflib(old: str, new: str) -> list[str]:
    return list(difflib.unified_diff(old.split("\n")[:-1], new.split("\n")[:-1],
                                     lineterm="", n=2))[2:]


@pytest.mark.parametrize("seed", range(40))
def test_a_body_of_ordinary_length_is_diffed_as_difflib_diffs_it(seed):
    shuffle = random.Random(seed)
    words = ["", "", "- item", "Some text.", "More text.", "# Heading", "---"]
    old = [shuffle.choice(words) for _ in range(shuffle.randint(1, 400))]
    new = [line if shuffle.random() < 0.8 else shuffle.choice(words) for line in old]
    before, after = "\n".join(old) + "\n", "\n".join(new) + "\n"
    assert body_diff(Version({}, before), Version({}, after)) == _by_difflib(before, after)


@pytest.fixture
def pairs_compared(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pairs of lines difflib may compare as it matches (each search for the longest
    common run looks at every pair in its ranges), summed over the searches made; a search
    that would take the sum past a million stops the test."""
    compared = [0]
    search = difflib.SequenceMatcher.find_longest_match

    def counted(self, alo=0, ahi=None, blo=0, bhi=None):
        ahi = len(self.a) if ahi is None else ahi
        bhi = len(self.b) if bhi is None else bhi
        compared[0] += (ahi - alo) * (bhi - blo)
        assert compared[0] < 1_000_000, "difflib compares every line with every other"
        return search(self, alo, ahi, blo, bhi)

    monkeypatch.setattr(difflib.SequenceMatcher, "find_longest_match", counted)
    return compared


def test_a_long_body_changed_here_and_there_is_diffed_in_linear_work(pairs_compared):
    count = 2 * anchored.EXACT_LINES
    old = _paragraphs(count, {n: f"Paragraph {n}, as first written." for n in range(0, count, 9)})
    new = _paragraphs(count, {n: f"Paragraph {n}, written again." for n in range(0, count, 13)})
    diff = body_diff(Version({}, old), Version({}, new))
    assert pairs_compared[0] < 100 * count
    reworded = set(range(0, count, 9)) | set(range(0, count, 13))
    assert sum(line.startswith("-") for line in diff) == len(reworded)


def test_a_merge_of_a_long_body_keeps_only_its_own_change_in_linear_work(pairs_compared):
    count = 2 * anchored.EXACT_LINES
    base = {n: f"Paragraph {n} says what it says." for n in range(count)}
    ours = _paragraphs(count, {**base, 10: "Ours changed this."})
    theirs = _paragraphs(count, {**base, 1500: "Theirs changed that."})
    merged = _paragraphs(count, {**base, 10: "Ours changed this.", 1500: "Theirs changed that.",
                                 700: "The merge wrote this itself."})
    diff = merge_diff(Version({}, ours), Version({}, merged), [Version({}, theirs)])
    assert [line for line in diff if line[:1] in "+-"] == [
        "-Paragraph 700 says what it says.", "+The merge wrote this itself."]
    assert pairs_compared[0] < 100 * count


CHECKLIST = ["- [ ] Practise the talk", ""]
"""A long body of one line and blank lines, repeated: no line of it is held once."""


def _body(lines: list[str]) -> Version:
    return Version({}, "\n".join(lines) + "\n")


def test_a_line_added_amid_a_long_run_of_one_line_is_diffed_as_one_line_added():
    count = anchored.EXACT_LINES
    old = CHECKLIST * count
    new = [*old[:count], "- [ ] Rehearse with a friend", *old[count:]]
    diff = body_diff(_body(old), _body(new))
    assert [line for line in diff if line[:1] in "+-"] == ["+- [ ] Rehearse with a friend"]


def test_a_merge_of_a_long_body_of_repeated_lines_keeps_only_its_own_change():
    """No line of the checklist is held once on both sides: the merge's own change was lost
    in a diff of every line, after n² steps (2 s for 3,000 lines, minutes for 20,000)."""
    count = anchored.EXACT_LINES
    done = "- [x] Practise the talk"
    ours = CHECKLIST * count
    theirs = list(ours)
    theirs[200] = done
    merged = list(theirs)
    merged[count] = done
    diff = merge_diff(_body(ours), _body(merged), [_body(theirs)])
    assert [line for line in diff if line[:1] in "+-"] == [f"-{ours[count]}", f"+{done}"]


def test_a_body_written_twice_is_diffed_in_linear_work(pairs_compared):
    """No line of a body pasted twice is held once but the one between the copies: each copy
    is cut again at the lines it holds once, where difflib matched the two copies whole."""
    count = 2 * anchored.EXACT_LINES
    copy = _paragraphs(count, {})
    first = _paragraphs(count, {n: f"Paragraph {n}, written again." for n in range(0, count, 97)})
    second = _paragraphs(count, {n: f"Paragraph {n}, at last." for n in range(5, count, 89)})
    old, new = f"{copy}\nBetween the two.\n\n{copy}", f"{first}\nBetween the two.\n\n{second}"
    diff = body_diff(Version({}, old), Version({}, new))
    changed = len(range(0, count, 97)) + len(range(5, count, 89))
    assert sum(line.startswith("-") for line in diff) == changed
    assert pairs_compared[0] < 100 * count
