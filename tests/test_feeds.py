"""Calendar line folding (RFC 5545 §3.1): at most 75 octets a line, never inside a character."""

from __future__ import annotations

import random

import pytest

from mentorsite.feeds import _fold


def _fold_by_character(line: str) -> str:
    """The reference: walk the characters, counting each one's UTF-8 octets."""
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > (75 if not parts else 74):
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


@pytest.mark.parametrize("length", [0, 1, 74, 75, 76, 148, 149, 150, 223, 224, 300])
@pytest.mark.parametrize("filler", ["a", "é", "🙂", "aé🙂"])
def test_fold_matches_the_character_walk(length, filler):
    line = (filler * length)[:length] if filler == "a" else "SUMMARY:" + filler * length
    folded = _fold(line)
    assert folded == _fold_by_character(line)
    pieces = folded.split("\r\n ")
    assert "".join(pieces) == line
    assert all(len(piece.encode("utf-8")) <= (75 if i == 0 else 74)
               for i, piece in enumerate(pieces))


def test_fold_matches_the_character_walk_on_random_lines():
    shuffle = random.Random(7)
    for _ in range(2000):
        line = "".join(shuffle.choice("aé€🎤 ;") for _ in range(shuffle.randint(0, 300)))
        assert _fold(line) == _fold_by_character(line)
