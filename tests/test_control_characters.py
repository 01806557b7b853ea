"""A body may hold characters no web page may: control characters (``\\x01``, DEL, NEL
``\\x85`` …) and Unicode noncharacters (U+FFFE, U+FDD0 …). A file is any text a pair's editor
saved; the site shows each such character as U+FFFD, in the rendered body and in the diffs of
its history, and its pages pass the Nu Html Checker."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from mentorsite.build import build
from mentorsite.markdown import engine
from mentorsite.text import NOT_HTML, holds_not_html
from tests.conftest import Repo, assert_nu_html_valid

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git CLI")

FORBIDDEN = "\x01\x08\x0b\x0c\x1b\x7f\x80\x85\x9f\ufdd0\ufdef\ufffe\uffff\U0001fffe\U0010ffff"
"""One of each kind: C0 controls (form feed among them), DEL, C1 controls (NEL among them) and
noncharacters of the Basic Multilingual Plane and of the planes above it."""
GOAL = """---
title: {title}
started: 2025-01-01
due: 2025-06-30
why: Be heard.
success: Two talks.
metrics:
  - {{id: m, label: Talks, baseline: 0, target: 2}}
---
"""
BODY = (f"A paragraph {FORBIDDEN} in the middle.\n\n## A heading {FORBIDDEN}\n\n"
        f"- an item {FORBIDDEN}\n- `code {FORBIDDEN}`\n\n```\nfenced {FORBIDDEN}\n```\n\n"
        f"| a | b |\n|---|---|\n| {FORBIDDEN} | cell |\n")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A goal whose body gained every kind of forbidden character in its second commit (so
    the history's diff holds them), and whose title had control characters in its first
    (an earlier version is never checked, and its change of title is shown); the second
    commit's message and author hold some too."""
    repo = Repo(tmp_path / "pair")
    repo.write("content/goals/speak.md", GOAL.format(title='"Speak\\x01 up\\N"') + "Plain.\n")
    repo.commit("First version")
    repo.write("content/goals/speak.md", GOAL.format(title="Speak up") + BODY)
    repo.commit("Notes\x01 taken\x85 at last\n\nThe body\x7f too.",
                "--author", "Pri\x1bya <p\x7f@example.org>")
    out = tmp_path / "site"
    build(repo.root, out, today=date(2025, 3, 1))
    return out


def pages(site: Path) -> dict[str, str]:
    return {page.relative_to(site).as_posix(): page.read_text(encoding="utf-8")
            for page in site.rglob("*.html")}


def test_a_body_shows_each_forbidden_character_as_a_replacement_character(site: Path) -> None:
    shown = pages(site)
    goal = shown["goals/speak/index.html"]
    for where in ("A paragraph ", "A heading ", "an item ", "code ", "fenced "):
        assert where + "\ufffd" * len(FORBIDDEN) in goal
    [commit] = [text for name, text in shown.items()
                if name.startswith("history/") and "fenced" in text]
    assert "+</span>fenced " + "\ufffd" * len(FORBIDDEN) in commit  # the diff
    assert "Speak\ufffd up\ufffd" in goal  # the title's change, in how the goal evolved
    # git takes any character in a commit's message and its author's name
    assert "Notes\ufffd taken\ufffd at last" in commit
    assert "Pri\ufffdya" in commit
    assert {name for name, text in shown.items() if NOT_HTML.search(text)} == set()


def test_pages_with_forbidden_characters_pass_the_nu_html_checker(site: Path) -> None:
    assert_nu_html_valid(site)


@pytest.mark.parametrize("character", FORBIDDEN)
def test_an_everyday_body_with_one_is_drawn_the_full_way(character: str) -> None:
    """A body of one plain paragraph is drawn without markdown-it; one that holds a forbidden
    character is not, and shows it as U+FFFD."""
    assert engine.render("plain words\n") == "<p>plain words</p>\n"
    assert engine.render(f"plain{character}words\n") == "<p>plain\ufffdwords</p>\n"


def test_the_markdown_cache_of_an_earlier_revision_is_not_reused() -> None:
    """Cached HTML drawn before forbidden characters were replaced would still hold them, and
    before headings with nothing for a slug got an id, an empty one."""
    assert engine.REVISION >= 6


def _around_each_kind() -> list[str]:
    """Every code point below U+3000, and each noncharacter of every plane with its
    neighbours: where the quick answer could go wrong."""
    points = set(range(0x3000)) | set(range(0xFDC0, 0xFE00))
    for plane in range(0, 0x110000, 0x10000):
        points |= {plane + offset for offset in (0xFFFC, 0xFFFD, 0xFFFE, 0xFFFF)}
        points |= {plane + 0x10000 + offset for offset in (0, 1) if plane + 0x10000 < 0x110000}
    return [chr(point) for point in sorted(points) if not 0xD800 <= point <= 0xDFFF]


@pytest.mark.parametrize("around", ["a{}b", "é{}b", "\U0001f389{}b"],
                         ids=["ascii", "latin", "emoji"])
def test_the_quick_answer_is_the_expressions(around: str) -> None:
    """holds_not_html answers as NOT_HTML's search would, in ASCII text, in other text and in
    text with a character above U+FFFF, which each take a way of their own."""
    wrong = [f"U+{ord(c):04X}" for c in _around_each_kind()
             if holds_not_html(around.format(c)) != (NOT_HTML.search(c) is not None)]
    assert wrong == []
