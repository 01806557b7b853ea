"""What changed in words between two versions of a file's body: its unified diff lines
(:func:`body_diff`), a merge's own (:func:`merge_diff`, without what it took from a parent),
and the lines a diff adds and removes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from mentorsite.history.anchored import Matcher

if TYPE_CHECKING:
    from mentorsite.history.version_read import Version


def body_diff(before: Version | None, after: Version | None) -> list[str]:
    """Unified diff lines (without file headers) between two bodies."""
    return _diff(_lines(before.body) if before else [], _lines(after.body) if after else [])


def lines_added_removed(diff: Sequence[str]) -> tuple[int, int]:
    """The lines a diff of :func:`body_diff`'s form adds and removes: a commit's list of files
    and ``review`` give them, as a goal's page counts them in its template."""
    added = sum(1 for line in diff if line.startswith("+"))
    return added, sum(1 for line in diff if line.startswith("-"))


def _diff(old: list[str], new: list[str]) -> list[str]:
    """Unified diff lines (without file headers) between two bodies' lines."""
    if old == new:
        return []
    if not old or not new:  # a file added or emptied: one hunk of every line, nothing to match
        return [f"@@ -{_range(len(old))} +{_range(len(new))} @@",
                *(f"-{line}" for line in old), *(f"+{line}" for line in new)]
    return _unified(old, new)


def _unified(old: list[str], new: list[str], context: int = 2) -> list[str]:
    """:func:`difflib.unified_diff`'s lines without its file headers, from a matcher
    (:class:`~mentorsite.history.anchored.Matcher`) whose work grows with the bodies."""
    lines: list[str] = []
    for group in Matcher(old, new).get_grouped_opcodes(context):
        lines.append(f"@@ -{_hunk(group[0][1], group[-1][2])} "
                     f"+{_hunk(group[0][3], group[-1][4])} @@")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += (f" {line}" for line in old[i1:i2])
                continue
            lines += (f"-{line}" for line in old[i1:i2])
            lines += (f"+{line}" for line in new[j1:j2])
    return lines


def merge_diff(before: Version | None, after: Version | None,
               others: list[Version | None]) -> list[str]:
    """A merge's body diff: what it made itself, not what it took from a parent.

    ``before`` is the first parent's version, ``others`` the other parents' (None: no file,
    which has no lines to take). A line the merge added counts only where no other parent has
    it, and a line it dropped only where every other parent still has it: otherwise the merge
    took that change from a parent (the text a branch added showed again on the merge that
    merged it). None is left when the body is one parent's. The diff is from the first
    parent's text with the changes taken from the others applied, so its context lines are
    the merge's and its hunks hold only what the merge made."""
    old = _lines(before.body) if before else []
    new = _lines(after.body) if after else []
    parents = [_lines(other.body) for other in others if other is not None]
    if not parents:
        return _diff(old, new)
    if new == old or new in parents:
        return []
    taken = set().union(*(_matched(parent, new)[1] for parent in parents))
    kept = set(range(len(old))).intersection(*(_matched(old, parent)[0] for parent in parents))
    start: list[str] = []
    opcodes = Matcher(old, new, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            start += old[i1:i2]
            continue
        start += [old[i] for i in range(i1, i2) if i in kept]  # dropped by the merge itself
        start += [new[j] for j in range(j1, j2) if j in taken]  # another parent's
    return _diff(start, new)


def _matched(one: list[str], other: list[str]) -> tuple[set[int], set[int]]:
    """The indices of the lines of ``one`` and of ``other`` that a diff of the two keeps."""
    blocks = Matcher(one, other, autojunk=False).get_matching_blocks()
    return ({i + k for i, _, size in blocks for k in range(size)},
            {j + k for _, j, size in blocks for k in range(size)})


def _lines(body: str) -> list[str]:
    """A body's lines, cut at its line feeds only (line ends are LF once read): not at what
    ``str.splitlines`` also takes for a line end (NEL ``\\x85``, form feed, U+2028 …), which
    Markdown and the page show within a line."""
    lines = body.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def _range(length: int) -> str:
    """A hunk header's range of a whole side of ``length`` lines, as difflib writes it."""
    return _hunk(0, length)


def _hunk(start: int, stop: int) -> str:
    """A hunk header's range of lines ``start`` to ``stop`` (0-based, end excluded), as
    difflib writes it: an empty one names the line before it."""
    length = stop - start
    return f"{start + 1}" if length == 1 else f"{start + (length > 0)},{length}"
