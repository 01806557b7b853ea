"""Which lines two versions of a long body share, in work that grows with the body.

difflib's matcher looks for the longest run the two have in common, then again on each side
of it, scanning the whole of each part every time; on a long body changed here and there that
came to about n² steps, and where it may not skip lines that repeat (blank lines, ``---``) to
n² steps for each of them. A 100 kB goal of blank-line paragraphs took 15 s to diff on a
merge, a 1 MiB one hours. A long body is first cut at the lines each version holds exactly
once, in the order both have them (the patience diff's anchors), after the lines both
versions start and end with; a long part between two anchors is cut again at the lines it
holds once, and difflib matches what is left, little at a time. Without the ends, a line added
amid a long run of one line (a checklist of the same item) was diffed as every line removed and
added again, and a merge's diff of it took n² steps. A body of up to :data:`EXACT_LINES` lines
a side is matched by difflib alone, as before.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections import Counter

EXACT_LINES = 1_000
"""The most lines a side may have for difflib alone to match the two: far more than a note."""


class Matcher(difflib.SequenceMatcher[str]):
    """difflib's matcher of two lists of lines, cut at anchors when either side is long."""

    def __init__(self, a: list[str], b: list[str], autojunk: bool = True) -> None:
        super().__init__(None, a, b, autojunk)
        self._lines, self._junk = (a, b), autojunk
        self._blocks: list[difflib.Match] | None = None

    def get_matching_blocks(self) -> list[difflib.Match]:
        a, b = self._lines
        if len(a) <= EXACT_LINES and len(b) <= EXACT_LINES:
            return super().get_matching_blocks()
        if self._blocks is None:
            self._blocks = self._anchored(a, b)
        return self._blocks

    def _anchored(self, a: list[str], b: list[str]) -> list[difflib.Match]:
        """The matching blocks: the lines each end of a part shares, the anchors within a
        long part, and difflib's blocks within a short one."""
        blocks: list[tuple[int, int, int]] = []
        parts = [(0, len(a), 0, len(b))]
        while parts:
            a_start, a_end, b_start, b_end = _shared_ends(a, b, *parts.pop(), blocks)
            anchors = ([] if a_end - a_start <= EXACT_LINES or b_end - b_start <= EXACT_LINES
                       else _anchors(a[a_start:a_end], b[b_start:b_end]))
            if not anchors:  # a short part, or one with no line held once a side
                between = difflib.SequenceMatcher(None, a[a_start:a_end], b[b_start:b_end],
                                                  self._junk)
                blocks += [(a_start + k, b_start + m, size)
                           for k, m, size in between.get_matching_blocks() if size]
                continue
            after_a, after_b = a_start, b_start
            for i, j in anchors:  # the parts between two anchors, each cut at anchors again
                blocks.append((a_start + i, b_start + j, 1))
                parts.append((after_a, a_start + i, after_b, b_start + j))
                after_a, after_b = a_start + i + 1, b_start + j + 1
            parts.append((after_a, a_end, after_b, b_end))
        joined: list[difflib.Match] = []
        for i, j, size in sorted(blocks):  # adjacent runs as one, as difflib gives them
            last = joined[-1] if joined else None
            if last and last.a + last.size == i and last.b + last.size == j:
                joined.pop()
                joined.append(difflib.Match(last.a, last.b, last.size + size))
            else:
                joined.append(difflib.Match(i, j, size))
        return [*joined, difflib.Match(len(a), len(b), 0)]


def _shared_ends(a: list[str], b: list[str], a_start: int, a_end: int, b_start: int,
                 b_end: int, blocks: list[tuple[int, int, int]]) -> tuple[int, int, int, int]:
    """The part of ``a[a_start:a_end]`` and ``b[b_start:b_end]`` between the lines both start
    and end with, which are added to ``blocks``: a line added amid a long run of one line
    (a checklist of the same item, blank lines) is then matched as one line added."""
    first_a, first_b, last_a = a_start, b_start, a_end
    while a_start < a_end and b_start < b_end and a[a_start] == b[b_start]:
        a_start, b_start = a_start + 1, b_start + 1
    while a_end > a_start and b_end > b_start and a[a_end - 1] == b[b_end - 1]:
        a_end, b_end = a_end - 1, b_end - 1
    if a_start > first_a:
        blocks.append((first_a, first_b, a_start - first_a))
    if last_a > a_end:
        blocks.append((a_end, b_end, last_a - a_end))
    return a_start, a_end, b_start, b_end


def _anchors(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """The lines each side holds once, as (index in ``a``, index in ``b``), the longest
    sequence of them in the same order on both sides (patience sorting, n log n)."""
    once_a, once_b = Counter(a), Counter(b)
    in_b = {line: j for j, line in enumerate(b) if once_b[line] == 1}
    pairs = [(i, in_b[line]) for i, line in enumerate(a)
             if once_a[line] == 1 and line in in_b]
    tops: list[int] = []  # the smallest b index ending an increasing run of each length
    ends: list[int] = []  # the pair that ends it
    before: list[int] = []  # each pair's predecessor in its run, -1 for none
    for index, (_, j) in enumerate(pairs):
        length = bisect_left(tops, j)
        if length == len(tops):
            tops.append(j)
            ends.append(index)
        else:
            tops[length], ends[length] = j, index
        before.append(ends[length - 1] if length else -1)
    chain, at = [], ends[-1] if ends else -1
    while at >= 0:
        chain.append(pairs[at])
        at = before[at]
    return chain[::-1]
