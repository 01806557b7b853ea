"""One small broken repository per diagnostic code, with the exact position it must report.

Every case starts from a repository holding only the valid goal ``alpha`` (metric ``speed``),
adds or replaces a file or two, and runs ``check --format json`` as of 2025-06-15. The whole
list of diagnostics is compared, so a case also proves that nothing else is reported. Columns
are worked out by hand in the comments: ``"status: "`` is 8 characters, so the value is at 9.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

import mentorsite
from mentorsite.model.project import read_project
from tests.conftest import VALID_GOAL

GOAL = "content/goals/beta.md"
CHECKIN = "content/checkins/2025-06-10.md"
PRIVATE_GOAL = "content/goals/gamma.md"
HEAD = "---\ntitle: t\nstarted: 2025-06-01\n"
"""Lines 1-3 of a goal: the two required fields; a case's own lines start at line 4."""
SMART = "due: 2025-12-31\nwhy: w\nsuccess: s\n"
"""Three lines that, with metrics or milestones, make a goal SMART and not overdue."""
PROMPTS = ("# What happened\nA talk.\n# Why it mattered\nIt did.\n# What I learned\nA lot.\n"
           "# What changes next\nMore talks.\n")


@dataclass
class Case:
    """Files to add to the base repository and the diagnostics they must produce, in order."""

    files: dict[str, str | bytes]
    expected: list[str]
    message: str = ""
    """Text the first diagnostic's message must contain (a did-you-mean hint, say)."""
    links: dict[str, str] = field(default_factory=dict)
    """Symbolic links to make: relpath → target, as written in the link."""


MILESTONE_GOAL = ("---\ntitle: Run reviews\nstarted: 2025-06-01\ndue: 2025-12-31\nwhy: w\n"
                  "success: s\nmilestones:\n  - {title: First review run, due: 2025-11-01}\n---\n")
"""A goal ``beta`` with one milestone, 'First review run', due after TODAY."""
REFLECTION = ("---\ntitle: t\ngoals: [beta]\nmilestone: {}\n---\n## What happened\nA\n"
              "## Why it mattered\nB\n## What I learned\nC\n## What changes next\nD\n")
"""A reflection on ``beta`` answering every prompt, its ``milestone`` to fill in."""


def deep_block(levels: int) -> str:
    """``a:`` mappings nested ``levels`` deep, two spaces per level."""
    return "".join("  " * i + "a:\n" for i in range(levels))


BOMB = (
    HEAD  # lines 1-3
    + "a: &a [x, x, x, x, x, x, x, x, x, x]\n"  # line 4: 11 values
    + "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"  # line 5: 111
    + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"  # line 6: 1,111
    + "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"  # line 7: 11,111
    + "e:\n"  # line 8
    + "  - *d\n" * 6  # lines 9-14, 11,111 values each
    + "---\n"
)
"""Expanded, the document holds 12,355 values before ``e``'s items (1 root, 7 keys, 2 scalars,
11 + 111 + 1,111 + 11,111, and ``e``'s list); three ``*d`` make 45,688 and the fourth, on line 12,
56,799 — the first past 50,000. Leaving keys out changes neither line."""

CASES = {
    # --- reading the file ---------------------------------------------------------------------
    "invalid-yaml": Case(
        {GOAL: "---\ntitle: a: b\nstarted: 2025-06-01\n---\n"},
        [f"{GOAL}:2:9: error [invalid-yaml]"],  # the second ':' of 'title: a: b'
    ),
    "merge-conflict": Case(
        {CHECKIN: "---\ngoals:\n  alpha:\n<<<<<<< HEAD\n    status: on-track\n=======\n"
                  "    status: at-risk\n>>>>>>> checkin-2025-06-10\n---\nBody.\n"},
        [f"{CHECKIN}:4:1: error [merge-conflict]"],  # nothing of what YAML makes of it
        message="unresolved merge conflict (lines 4-8): keep what should stay",
    ),
    "merge-conflict-in-the-body": Case(
        {CHECKIN: "---\ngoals: {alpha: {}}\n---\nWe agreed:\n\n<<<<<<< HEAD\nA\n=======\nB\n"
                  ">>>>>>> other\n"},
        [f"{CHECKIN}:6:1: error [merge-conflict]"],  # or the page would show the markers
    ),
    "merge-conflict-in-the-settings": Case(
        {"mentorsite.yml": "title: Ours\n<<<<<<< HEAD\ncadence: weekly\n=======\n"
                           "cadence: biweekly\n>>>>>>> main\n"},
        ["mentorsite.yml:2:1: error [merge-conflict]"],
    ),
    "a-heading-underlined-with-equals-signs-is-no-conflict": Case(
        {CHECKIN: "---\ngoals: {alpha: {}}\n---\nWins\n=======\n\n>>>>>>> a deep quote\n"},
        [],
    ),
    "a-broken-goal-is-not-also-unknown-where-it-is-named": Case(
        {GOAL: "---\ntitle: [broken\nstarted: 2025-06-01\n---\n",
         CHECKIN: "---\ngoals:\n  beta:\n    status: on-track\n---\n",
         "content/reflections/2025-06-10-x.md": "---\ntitle: t\ngoal: beta\n---\n" + PROMPTS},
        [f"{GOAL}:2:8: error [invalid-yaml]"],  # where the list that is never closed opens
    ),
    "broken-link": Case(
        {CHECKIN: "---\ngoals: {alpha: {}}\n---\nAs [planned](../goals/alpah.md#why).\n"},
        [f"{CHECKIN}:4:14: warning [broken-link]"],  # 'As [planned](' is 13 characters
        message="link to ../goals/alpah.md#why leads nowhere on the site: there is no "
                "published entry content/goals/alpah.md (a private one has no page)",
    ),
    "broken-link-to-no-heading-of-the-page": Case(  # the page opens, at its top
        {GOAL: f"{HEAD}{SMART}milestones: [{{title: m, due: 2025-12-01}}]\n---\n"
               "## Why it matters\n\n## लक्ष्य\n\nA note[^1].\n\n[^1]: Said.\n",
         CHECKIN: "---\ngoals: {beta: {}}\n---\nAs [planned](../goals/beta.md#why). "
                  "[ok](../goals/beta.md#why-it-matters) [ok](../goals/beta.md#fn1) "
                  "[ok](../goals/beta.md#%E0%A4%B2%E0%A4%95%E0%A5%8D%E0%A4%B7%E0%A5%8D%E0%A4%AF) "
                  "[ok](../goals/beta.md) [ok](../goals/beta.md#Milestones)\n"},
        [f"{CHECKIN}:4:14: warning [broken-link]"],  # 'As [planned](' is 13 characters
        message="link to ../goals/beta.md#why leads to the top of its page, not to a place in "
                "it: content/goals/beta.md has no heading whose anchor is #why (a heading's "
                "anchor is its text in lowercase, with '-' for each space and no punctuation)",
    ),
    "broken-link-to-no-heading-of-its-own-page": Case(  # it was not checked at all
        {GOAL: f"{HEAD}{SMART}milestones: [{{title: m, due: 2025-12-01}}]\n---\n"
               "## Why it matters\n\nSee [why](#why-it-matters), [risks](#risks), "
               "[the plan][p], [m](#Milestones), [n](#fn1) and `[c](#code)`.[^1]\n\n"
               "[^1]: Said.\n\n[p]: #the-plan\n[q]: #unused\n",
         PRIVATE_GOAL: "---\ntitle: t\nstarted: 2025-06-01\nprivate: true\n---\n"
                       "[risks](#risks)\n"},
        [f"{GOAL}:11:37: warning [broken-link]", f"{GOAL}:15:6: warning [broken-link]",
         f"{PRIVATE_GOAL}:1:1: warning [smart-incomplete]"],
        message="link to #risks leads nowhere in its page: this entry has no heading whose "
                "anchor is #risks (a heading's anchor is its text in lowercase",
    ),
    "a-link-to-its-own-heading-written-in-code-beside-one-that-is-a-link": Case(
        {GOAL: f"{HEAD}{SMART}milestones: [{{title: m, due: 2025-12-01}}]\n---\n"
               "[risks](#risks) as `[c](#risks)` shows.\n\n```\n[b](#risks)\n```\n"},
        [f"{GOAL}:9:9: warning [broken-link]"],  # the link, not the text in code told too
    ),
    "a-link-to-the-top-of-its-page-or-anothers": Case(  # HTML opens '#top' at the top
        {GOAL: f"{HEAD}{SMART}milestones: [{{title: m, due: 2025-12-01}}]\n---\n"
               "## Plan\n\n[Back to top](#top)\n",
         CHECKIN: "---\ngoals: {beta: {}}\n---\nSee [the goal](../goals/beta.md#top).\n"},
        [],
    ),
    "a-link-to-another-entry-written-in-code-is-no-link": Case(  # how to write one
        {CHECKIN: "---\ngoals: {alpha: {}}\n---\nWrite `[text](../goals/nope.md)`, as\n\n"
                  "    [planned](../goals/alpah.md#why)\n\nshows: [a](../goals/alpah.md).\n"},
        [f"{CHECKIN}:8:12: warning [broken-link]"],  # only the link
    ),
    "broken-link-by-the-repositorys-top": Case(  # as GitHub follows it
        {CHECKIN: "---\ngoals: {alpha: {}}\n---\nAs [planned](/content/goals/alpah.md?x=1)."
                  " [ok](../../content/goals/alpha.md)\n"},
        [f"{CHECKIN}:4:14: warning [broken-link]"],
        message="link to /content/goals/alpah.md?x=1 leads nowhere on the site: there is no "
                "published entry content/goals/alpah.md (a private one has no page)",
    ),
    "broken-link-written-with-backslashes": Case(  # as Windows writes paths
        {CHECKIN: "---\ngoals: {alpha: {}}\n---\nAs [planned](..\\goals\\alpha.md#why).\n"},
        [f"{CHECKIN}:4:14: warning [broken-link]"],
        message="link to ..\\goals\\alpha.md#why leads nowhere on the site or on GitHub: "
                "write it ../goals/alpha.md#why",
    ),
    "broken-link-in-another-case-than-the-file": Case(  # as macOS finds files
        {CHECKIN: "---\ngoals: {alpha: {}}\n---\nAs [planned](../goals/Alpha.md), "
                  "[again](../goals/alpha.MD).\n"},
        [f"{CHECKIN}:4:14: warning [broken-link]", f"{CHECKIN}:4:42: warning [broken-link]"],
        message="link to ../goals/Alpha.md leads nowhere on the site or on GitHub: write it "
                "../goals/alpha.md",
    ),
    "broken-link-with-spaces-in-angle-brackets": Case(  # no entry's file name holds a space
        {CHECKIN: "---\ngoals: {alpha: {}}\n---\nAs [planned](<../goals/plan a.md#next steps>)."
                  " [ok](<../goals/alpha.md>)\n\n[p]: <../goals/Plan B.md>\n"},
        [f"{CHECKIN}:4:15: warning [broken-link]",  # 'As [planned](<' is 14 characters
         f"{CHECKIN}:6:7: warning [broken-link]"],  # '[p]: <' is 6 characters
        message="link to ../goals/plan a.md#next steps leads nowhere on the site: there is no "
                "published entry content/goals/plan a.md (a private one has no page)",
    ),
    "broken-link-with-percent-escapes": Case(  # decoded, as a browser and GitHub decode them
        {CHECKIN: "---\ngoals: {alpha: {}}\n---\nAs [planned](../goals/plan%20a.md), "
                  "[ok](../goals/%61lpha.md#why) [ok](%2E%2E/goals/alpha.md)\n"},
        [f"{CHECKIN}:4:14: warning [broken-link]",  # 'As [planned](' is 13 characters
         f"{CHECKIN}:4:42: warning [broken-link]"],  # alpha has no heading #why
        message="link to ../goals/plan%20a.md leads nowhere on the site: there is no "
                "published entry content/goals/plan a.md (a private one has no page)",
    ),
    "broken-link-to-its-own-heading-in-angle-brackets": Case(  # it was not checked at all
        {GOAL: f"{HEAD}{SMART}milestones: [{{title: m, due: 2025-12-01}}]\n---\n"
               "## Next steps\n\nSee [a](<#next steps>), [ok](<#next-steps>) and "
               "`[c](<#in code>)`.\n\n[r]: <#the plan>\n\n[The plan][r]\n"},
        [f"{GOAL}:11:10: warning [broken-link]",  # 'See [a](<' is 9 characters
         f"{GOAL}:13:7: warning [broken-link]"],  # '[r]: <' is 6 characters
        message="link to #next steps leads nowhere in its page: this entry has no heading "
                "whose anchor is #next steps",
    ),
    "a-backtick-in-a-links-destination": Case(  # code where a span closes at it, else a link
        {CHECKIN: "---\ngoals: {alpha: {}}\n---\nCode `a [b](../goals/x`y.md) here.\n\n"
                  "Two [c](../goals/p`q.md) `r`.\n"},
        [f"{CHECKIN}:6:9: warning [broken-link]"],  # only the link: 'Two [c](' is 8 characters
    ),
    "raw-html": Case(  # a tag and a comment, each said once with how many more there are
        {CHECKIN: "---\ngoals: {alpha: {}}\n---\nA line<br>\n> quoted <b>bold</b>\n\n"
                  "  <!-- ask about the move -->\n\n`<code>` and <https://example.org> are not\n"},
        [f"{CHECKIN}:4:7: warning [raw-html]",  # 'A line' is 6 characters
         f"{CHECKIN}:7:3: warning [raw-html]"],  # the comment, indented two spaces
        message="raw HTML '<br>' is shown on the site as text, not as HTML (2 more in this "
                "file): write it in Markdown",
    ),
    "raw-html-comment-in-a-private-entry": Case(  # the site shows nothing of it
        {CHECKIN: "---\ngoals: {alpha: {}}\nprivate: true\n---\n<!-- a note -->\n"},
        [],
    ),
    "broken-link-as-a-reference": Case(  # the site rewrites reference links too
        {CHECKIN: "---\ngoals: {alpha: {}}\n---\nAs [planned][p], [ok][q].\n\n"
                  "[q]: ../goals/alpha.md\n  [p]: <../goals/alpah.md> \"The plan\"\n"},
        [f"{CHECKIN}:7:9: warning [broken-link]"],  # '  [p]: <' is 8 characters
        message="link to ../goals/alpah.md leads nowhere on the site: there is no "
                "published entry content/goals/alpah.md (a private one has no page)",
    ),
    "broken-link-to-a-private-entry": Case(
        {CHECKIN: "---\ngoals: {alpha: {}}\n---\nFine.\n\nSee [why](\n"
                  "../reflections/2025-06-11-why.md).\n",
         "content/reflections/2025-06-11-why.md":
             "---\nprivate: true\ntitle: Why\n---\n" + PROMPTS + "\n[back](../checkins/x.md)\n"},
        [f"{CHECKIN}:7:1: warning [broken-link]"],  # a private entry's links are not shown
        message="link to ../reflections/2025-06-11-why.md leads nowhere on the site: there is no "
                "published entry content/reflections/2025-06-11-why.md (a private one has no "
                "page)",
    ),
    "relative-image": Case(  # the site publishes no file of the repository but pages
        {CHECKIN: "---\ngoals: {alpha: {}}\n---\nThe board: ![board](../../images/board.png)"
                  " and `![not](code.png)`\n\n    ![nor](indented.png)\n\n```\n![nor](fenced.png)"
                  "\n```\n\n> - ![by reference][b] ![fine](https://example.org/x.png)"
                  " ![theme](../../static/logo.png) ![y](//example.org/y.png)\n\n"
                  "  [b]: <photos/b.jpg> \"Bee\"\n"},
        [f"{CHECKIN}:4:21: warning [relative-image]",  # 'The board: ![board](' is 20
         f"{CHECKIN}:14:9: warning [relative-image]"],  # '  [b]: <' is 8 characters
        message="image ../../images/board.png leads nowhere on the site, which publishes "
                "pages, not the repository's files: give the image's full https:// address",
    ),
    "link-without-text": Case(  # a link a screen reader can only call 'link'
        {CHECKIN: "---\ngoals: {alpha: {}}\n---\nSee [](https://example.org), [ ](https://a.org)"
                  " and `[](code)`.\n\n> [![](https://example.org/logo.png)](https://b.org)"
                  " [ok](https://c.org) [![ok](https://example.org/i.png)](https://d.org)"
                  " [`ok`](https://e.org)\n\n```\n[](https://f.org)\n```\n"},
        [f"{CHECKIN}:4:5: warning [link-without-text]",  # 'See ' is 4 characters
         f"{CHECKIN}:4:30: warning [link-without-text]",  # "See [](https://example.org), " is 29
         f"{CHECKIN}:6:3: warning [link-without-text]"],  # once, the link: '> ' is 2
        message="link has no text: a screen reader can only call it 'link'",
    ),
    "image-without-alt": Case(  # drawn alt="", passed over as decoration
        {CHECKIN: "---\ngoals: {alpha: {}}\n---\nThe board: ![](https://example.org/b.png), "
                  "![ok](https://example.org/c.png) and `![](code.png)`\n\n"
                  "    ![](https://example.org/indented.png)\n"},
        [f"{CHECKIN}:4:12: warning [image-without-alt]"],  # 'The board: ' is 11 characters
        message="image has no text in its brackets: the site draws it alt=\"\"",
    ),
    "unnamed-links-in-a-private-entry": Case(  # the site shows nothing of it
        {CHECKIN: "---\ngoals: {alpha: {}}\nprivate: true\n---\n[](https://a.org) "
                  "![](https://a.org/b.png)\n"},
        [],
    ),
    "relative-image-in-a-private-entry": Case(  # the site shows nothing of it
        {CHECKIN: "---\ngoals: {alpha: {}}\nprivate: true\n---\n![a](a.png)\n"},
        [],
    ),
    "links-that-lead-to-pages": Case(
        {CHECKIN: "---\ngoals: {alpha: {}}\n---\n[a](../goals/alpha.md) [b](2025-06-10.md) "
                  "[c](notes.md.html) [d](https://example.com/x.md)\n"},
        [],
    ),
    "a-checkin-naming-a-broken-goal-still-counts-as-a-meeting": Case(
        {"mentorsite.yml": "cadence: weekly\n",  # alpha started 14 days ago: overdue, alone
         GOAL: "---\ntitle: [broken\nstarted: 2025-06-01\n---\n",
         CHECKIN: "---\ngoals:\n  alpha: {}\n  beta: {}\n---\n"},
        [f"{CHECKIN}:1:1: warning [empty-checkin]",  # its own, told with beta broken too
         f"{GOAL}:2:8: error [invalid-yaml]"],
    ),
    "duplicate-key": Case(
        {GOAL: HEAD + "title: again\n---\n"},
        [f"{GOAL}:4:1: error [duplicate-key]"],
        message="first given on line 2",
    ),
    "yaml-tag-python": Case(
        {GOAL: HEAD + "why: !!python/object/apply:os.system [echo hi]\n---\n"},
        # read on past the tag, its value as written: a list, where text belongs
        [f"{GOAL}:4:6: error [yaml-tag]", f"{GOAL}:4:6: error [wrong-type]"],
        message="!!python/object/apply:os.system",
    ),
    "yaml-tag-local": Case(
        {GOAL: HEAD + "why: !foo bar\n---\n"}, [f"{GOAL}:4:6: error [yaml-tag]"]
    ),
    "yaml-tag-binary": Case(
        {GOAL: HEAD + "why: !!binary aGk=\n---\n"}, [f"{GOAL}:4:6: error [yaml-tag]"]
    ),
    "yaml-tag-on-a-list": Case(
        {GOAL: HEAD + "tags: !!seq [a]\n---\n"}, [f"{GOAL}:4:7: error [yaml-tag]"]
    ),
    "yaml-too-deep-flow": Case(
        # 'tags: ' is 6 characters: the 1st '[' is column 7, the 33rd (one past 32) column 39
        {GOAL: HEAD + "tags: " + "[" * 40 + "]" * 40 + "\n---\n"},
        [f"{GOAL}:4:39: error [yaml-too-deep]"],
    ),
    "yaml-too-deep-block": Case(
        # the mapping at depth d starts on line d + 1, column 2(d - 1) + 1; depth 33 is too deep
        {GOAL: "---\n" + deep_block(40) + "---\n"},
        [f"{GOAL}:34:65: error [yaml-too-deep]"],
    ),
    "not-a-mapping": Case(
        {GOAL: "---\n- a\n- b\n---\n"}, [f"{GOAL}:2:1: error [not-a-mapping]"]
    ),
    "not-a-mapping-for-want-of-a-space": Case(  # YAML reads 'status:active' as one text
        {GOAL: "---\nstatus:active\n---\n"}, [f"{GOAL}:2:1: error [not-a-mapping]"],
        message="put a space after the key's colon (status: active)",
    ),
    "not-a-mapping-settings": Case(
        {"mentorsite.yml": "cadence:weekly\n"}, ["mentorsite.yml:1:1: error [not-a-mapping]"],
        message="settings must be a mapping of 'key: value' lines: put a space after the "
                "key's colon (cadence: weekly)",
    ),
    "missing-front-matter": Case(
        {GOAL: "title: t\nstarted: 2025-06-01\n"}, [f"{GOAL}:1:1: error [missing-front-matter]"]
    ),
    "git-lfs-pointer": Case(  # told to start with '---' before
        {GOAL: "version https://git-lfs.github.com/spec/v1\noid sha256:"
               "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n"},
        [f"{GOAL}:1:1: error [git-lfs-pointer]"],
        message="this is a Git LFS pointer, not the file: run 'git lfs pull'",
    ),
    "unterminated-front-matter": Case(
        {GOAL: HEAD + "\nThe body, but the front matter was never closed.\n"},
        [f"{GOAL}:1:1: error [unterminated-front-matter]"],
    ),
    "invalid-encoding": Case(
        # Latin-1 'é' (0xe9) after 'title: caf', which is 10 characters
        {GOAL: b"---\ntitle: caf\xe9\nstarted: 2025-06-01\n---\n"},
        [f"{GOAL}:2:11: error [invalid-encoding]"],
        message="0xe9",
    ),
    "file-too-large": Case(
        {GOAL: HEAD + "---\n" + "x" * (1024 * 1024)},
        [f"{GOAL}:1:1: error [file-too-large]"],
    ),
    "symlink-escape": Case(
        {}, [f"{GOAL}:1:1: error [symlink-escape]"], links={GOAL: "../../../outside.md"}
    ),
    "unreadable-file": Case(
        # running as root, chmod 000 does not stop a read; a link to nothing cannot be read
        {}, [f"{GOAL}:1:1: error [unreadable-file]"], links={GOAL: "missing.md"}
    ),
    "unknown-file": Case(
        {"content/notes.md": HEAD + "---\n"}, ["content/notes.md:1:1: error [unknown-file]"],
        message="move it into content/goals, content/checkins, content/reflections or",
    ),
    "unknown-file-settings-as-yaml": Case(  # passed over, and every setting at its default
        {"mentorsite.yaml": "programme: none\n"}, ["mentorsite.yaml:1:1: error [unknown-file]"],
        message="mentorsite.yaml is not read: the settings are read from mentorsite.yml, spelt "
                "exactly so (a build on Linux, as in CI, reads no other name); rename it to "
                "mentorsite.yml",
    ),
    "unknown-file-settings-in-another-case": Case(  # one file on macOS, two on Linux
        {"mentorsite.yml": "title: t\n", "Mentorsite.yml": "programme: none\n"},
        ["Mentorsite.yml:1:1: error [unknown-file]"],
        message="merge it into mentorsite.yml and delete it",
    ),
    "unknown-file-not-markdown": Case(
        {"content/goals/plan.txt": "plan"}, ["content/goals/plan.txt:1:1: error [unknown-file]"],
        message="content files are named <name>.md: rename it to plan.md",
    ),
    "unknown-file-capital-extension": Case(
        {"content/goals/plan.MD": HEAD + "---\n"},
        ["content/goals/plan.MD:1:1: error [unknown-file]"],
        message="rename it to plan.md",
    ),
    "unknown-file-extension-and-name": Case(  # Plan.md would be refused in turn
        {"content/goals/My Plan.MD": HEAD + "---\n"},
        ["content/goals/My Plan.MD:1:1: error [unknown-file]"],
        message="content files are named <name>.md: rename it to my-plan.md",
    ),
    "unknown-file-offered-no-name-another-file-has": Case(
        # it was told 'rename it to alpha.md', which would lose or clash with that goal
        {"content/goals/Alpha.markdown": HEAD + "---\n"},
        ["content/goals/Alpha.markdown:1:1: error [unknown-file]"],
        message="content files are named <name>.md, and alpha.md is taken by another file: "
                "merge the two, or give this one another name",
    ),
    "unknown-file-extension-and-no-date": Case(
        {"content/checkins/notes.txt": HEAD + "---\n"},
        ["content/checkins/notes.txt:1:1: error [unknown-file]"],
        message="files in content/checkins are named <YYYY-MM-DD>.md or "
                "<YYYY-MM-DD>-<slug>.md: rename it",
    ),
    "unknown-file-image": Case(
        {"content/evidence/screenshot.png": b"\x89PNG\r\n\x1a\n"},
        ["content/evidence/screenshot.png:1:1: error [unknown-file]"],
        message="keep images, PDFs and the like outside content/",
    ),
    "unknown-file-misspelt-folder": Case(
        {"content/checkin/2025-06-10.md": "---\ngoals: {alpha: {}}\n---\n"},
        ["content/checkin/2025-06-10.md:1:1: error [unknown-file]"],
        message="'checkin' is not a content folder (did you mean 'checkins'?)",
    ),
    "unknown-file-in-a-subfolder": Case(
        {"content/goals/old/beta.md": HEAD + "---\n"},
        ["content/goals/old/beta.md:1:1: error [unknown-file]"],
        message="content/goals holds no folders: move it to content/goals/beta.md",
    ),
    "invalid-file-name-goal": Case(
        {"content/goals/Beta.md": HEAD + "---\n"},
        ["content/goals/Beta.md:1:1: error [invalid-file-name]"],
    ),
    "invalid-file-name-impossible-date": Case(
        {"content/checkins/2025-02-30.md": "---\n---\n"},
        ["content/checkins/2025-02-30.md:1:1: error [invalid-file-name]"],
        message="does not fit: 2025-02-30 is not a real date; name checkin files",
    ),
    "invalid-file-name-still-read": Case(
        {"content/evidence/notes.md": "---\ntitle: t\nkind: !!binary x\n---\n"},
        [  # a misnamed file is still read: "kind: " is 6 characters, the tag is at 7
            "content/evidence/notes.md:1:1: error [invalid-file-name]",
            "content/evidence/notes.md:3:7: error [yaml-tag]",
            "content/evidence/notes.md:3:7: error [invalid-value]",  # 'x', read on past the tag
        ],
    ),
    "invalid-file-name-fields-still-checked": Case(
        {"content/checkins/2025-02-30.md": "---\ngoals:\n  alpha: {status: bogus}\n"
                                           "  gone: {status: on-track}\n---\n",
         "content/goals/Beta_Plan.md": "---\ntitle: t\nstarted: yesterday\n---\n"},
        [  # its fields and the goals it names, though it is no entry without a real date
            "content/checkins/2025-02-30.md:1:1: error [invalid-file-name]",
            "content/checkins/2025-02-30.md:3:19: error [invalid-value]",
            "content/checkins/2025-02-30.md:4:3: error [unknown-goal]",
            "content/goals/Beta_Plan.md:1:1: error [invalid-file-name]",
            "content/goals/Beta_Plan.md:3:10: error [invalid-date]",
        ],
    ),
    "invalid-file-name-not-utf8": Case(
        {"content/checkins/today.md": b"---\nwins: [caf\xe9]\n---\n"},
        [  # "wins: [caf" is 10 characters: the byte 0xe9 is at 11
            "content/checkins/today.md:1:1: error [invalid-file-name]",
            "content/checkins/today.md:2:11: error [invalid-encoding]",
        ],
    ),
    "invalid-file-name-reflection-without-slug": Case(
        {"content/reflections/2025-06-10.md": "---\ntitle: t\n---\n" + PROMPTS},
        ["content/reflections/2025-06-10.md:1:1: error [invalid-file-name]"],
    ),
    # --- what a file says -----------------------------------------------------------------------
    "wrong-type": Case(
        {GOAL: "---\ntitle: [a, b]\nstarted: 2025-06-01\n---\n"},
        [f"{GOAL}:2:8: error [wrong-type]"],  # 'title: ' is 7 characters
    ),
    "wrong-type-nested": Case(
        {CHECKIN: "---\ngoals:\n  alpha:\n    metrics: {speed: \"3\"}\n---\n"},
        # '    metrics: {speed: ' is 21 characters
        [f"{CHECKIN}:4:22: error [wrong-type]"],
        message="got the text '3': quoted, a number is text; write 3 without quotes",
    ),
    "wrong-type-e-notation": Case(  # YAML 1.1: e-notation needs a dot and a signed exponent
        {CHECKIN: "---\ngoals:\n  alpha:\n    metrics: {speed: 2E6}\n---\n"},
        [f"{CHECKIN}:4:22: error [wrong-type]"],
        message="got the text '2E6': YAML reads e-notation as a number only with a dot and a "
                "signed exponent, as in 2.0e+6",
    ),
    "wrong-type-number-with-its-scale": Case(
        {CHECKIN: "---\ngoals:\n  alpha:\n    metrics: {speed: 3/5}\n---\n"},
        [f"{CHECKIN}:4:22: error [wrong-type]"],
        message="got the text '3/5': write the number alone, as in 3",
    ),
    "wrong-type-number-with-its-unit": Case(
        {CHECKIN: "---\ngoals:\n  alpha:\n    metrics: {speed: 2.5 km}\n---\n"},
        [f"{CHECKIN}:4:22: error [wrong-type]"],
        message="got the text '2.5 km': write the number alone, as in 2.5",
    ),
    "wrong-type-a-time-for-a-number": Case(  # YAML 1.1 read 1:30 in base 60, as 90
        {CHECKIN: "---\ngoals:\n  alpha:\n    metrics: {speed: 1:30}\n---\n"},
        [f"{CHECKIN}:4:22: error [wrong-type]"],
        message="got the text '1:30': a time is no number; write it in one unit, as in 90 "
                "(minutes) or 1.5 (hours)",
    ),
    "wrong-type-number-in-another-base": Case(  # YAML 1.1 read 017 as octal 15
        {CHECKIN: "---\ngoals:\n  alpha:\n    metrics: {speed: 017}\n---\n"},
        [f"{CHECKIN}:4:22: error [wrong-type]"],
        message="got the text '017': write the number in decimal digits alone, as in 17",
    ),
    "wrong-type-number-with-underscores": Case(  # YAML 1.1 read 1_000 as 1000
        {CHECKIN: "---\ngoals:\n  alpha:\n    metrics: {speed: 1_000}\n---\n"},
        [f"{CHECKIN}:4:22: error [wrong-type]"],
        message="got the text '1_000': write the number in decimal digits alone, as in 1000",
    ),
    "wrong-type-decimal-comma": Case(  # as a word processor in most of Europe writes 3.5
        {CHECKIN: "---\ngoals:\n  alpha:\n    metrics:\n      speed: 3,5\n---\n"},
        [f"{CHECKIN}:5:14: error [wrong-type]"],
        message="got the text '3,5': write a decimal with a point, as in 3.5",
    ),
    "wrong-type-thousands-comma": Case(
        {CHECKIN: "---\ngoals:\n  alpha:\n    metrics:\n      speed: 1,200\n---\n"},
        [f"{CHECKIN}:5:14: error [wrong-type]"],
        message="write 1200 without the comma, or 1.200 if it was a decimal comma",
    ),
    "wrong-type-decimal-comma-in-braces": Case(
        # in { } the comma ends an entry: YAML reads {speed: 3, "5": null}, which was told as an
        # unknown metric '5' and a reading '5' with nothing; one error now, at the number
        {CHECKIN: "---\ngoals:\n  alpha:\n    metrics: {speed: 3,5}\n---\n"},
        [f"{CHECKIN}:4:22: error [wrong-type]"],
        message="'goals.alpha.metrics.speed' is written 3,5: inside { } a comma ends an entry, "
                "so YAML read 3 and the key '5' without a value: write a decimal with a point, "
                "as in 3.5",
    ),
    "wrong-type-signed-decimal-comma-in-braces": Case(
        # the sign was dropped from what the pair wrote ('written 2,5'), and from the number to
        # write instead, which for '-0,5' turned it round ('as in 0.5')
        {CHECKIN: "---\ngoals:\n  alpha:\n    metrics: {speed: -0,5}\n---\n"},
        [f"{CHECKIN}:4:22: error [wrong-type]"],
        message="'goals.alpha.metrics.speed' is written -0,5: inside { } a comma ends an "
                "entry, so YAML read 0 and the key '5' without a value: write a decimal with a "
                "point, as in -0.5",
    ),
    "wrong-type-thousands-commas-in-braces": Case(  # a goal's metric, and a list left alone
        {GOAL: HEAD + SMART + "metrics:\n  - {id: m, label: l, baseline: 1,200,000, target: 2,"
         " scale: [1,5000000]}\n---\n"},
        [f"{GOAL}:8:33: error [wrong-type]"],
        message="'metrics[0].baseline' is written 1,200,000: inside { } a comma ends an entry, "
                "so YAML read 1 and the keys '200', '000' without a value: write 1200000 "
                "without the commas",
    ),
    "wrong-type-thousands-commas-in-braces-twice": Case(
        # YAML reads {baseline: 1, "200": null, target: 2, "200": null}: the second '200' was
        # a duplicate-key error, and the target was told as no comma, so the pair fixed one
        {GOAL: HEAD + SMART + "metrics:\n  - {id: m, label: l, baseline: 1,200, target: 2,200}"
         "\n---\n"},
        [f"{GOAL}:8:33: error [wrong-type]", f"{GOAL}:8:48: error [wrong-type]"],
        message="'metrics[0].baseline' is written 1,200: inside { } a comma ends an entry, so "
                "YAML read 1 and the key '200' without a value: write 1200 without the comma",
    ),
    "wrong-type-long-number": Case(
        {GOAL: "---\ntitle: 1" + "0" * 400 + "\nstarted: 2025-06-01\n---\n"},
        [f"{GOAL}:2:8: error [wrong-type]"],
        message="got the number " + "1" + "0" * 36 + "… (quote it if it is text)",
    ),
    "number-too-large": Case(
        {CHECKIN: "---\ngoals:\n  alpha:\n    metrics: {speed: 1" + "0" * 400 + "}\n---\n"},
        [f"{CHECKIN}:4:22: error [invalid-value]"],  # not "must be a number, got the number …"
        message="'goals.alpha.metrics.speed' is too large: 401 digits, where a number can be",
    ),
    "unknown-field": Case(
        {GOAL: HEAD + "tittle: x\n---\n"},
        [f"{GOAL}:4:1: error [unknown-field]"],
        message="unknown field 'tittle' (did you mean 'title'?)",
    ),
    "unknown-field-nested": Case(
        {CHECKIN: "---\ngoals:\n  alpha:\n    stauts: on-track\n---\n"},
        [f"{CHECKIN}:4:5: error [unknown-field]"],
        message="(did you mean 'status'?)",
    ),
    "missing-field": Case(
        {GOAL: "---\ntitle: t\n---\n"}, [f"{GOAL}:1:1: error [missing-field]"], message="started"
    ),
    # a required field written with a typo is one mistake, told by the did-you-mean alone
    "unknown-field-for-a-required-one": Case(
        {GOAL: "---\ntitle: t\nstrated: 2025-06-01\n---\n"},
        [f"{GOAL}:3:1: error [unknown-field]"],
        message="unknown field 'strated' (did you mean 'started'?)",
    ),
    # 'then' is given beside it: the one meant is the missing 'if', reported once
    "unknown-field-beside-the-field-it-looks-like": Case(
        {GOAL: HEAD + "contingency:\n  - when: it rains\n    then: stay in\n---\n"},
        [f"{GOAL}:5:5: error [unknown-field]"],
        message="unknown field 'when' (did you mean 'if'?)",
    ),
    "unknown-field-with-an-unseen-character": Case(
        {GOAL: HEAD + "\u00a0status: active\n---\n"},
        [f"{GOAL}:4:1: error [unknown-field]"],
        message="(did you mean 'status'?): the name holds a no-break space (U+00A0)",
    ),
    "invalid-value": Case(
        {GOAL: HEAD + "status: activ\n---\n"},
        [f"{GOAL}:4:9: error [invalid-value]"],
        message="(did you mean 'active'?)",
    ),
    "invalid-value-yes": Case(
        {GOAL: HEAD + "status: yes\n---\n"},
        [f"{GOAL}:4:9: error [invalid-value]"],
        message="got true: YAML reads yes, no, on and off as true or false (quote it",
    ),
    "wrong-type-text-for-a-list": Case(
        {CHECKIN: "---\nwins: Gave the demo\n---\n"},
        [f"{CHECKIN}:2:7: error [wrong-type]"],
        message="'wins' must be a list, got the text 'Gave the demo': write each item on a line "
                "of its own, under the key, starting with '- '",
    ),
    "wrong-type-text-for-a-next-step": Case(
        {CHECKIN: "---\nnext:\n  - Send the deck\n---\n"},
        [f"{CHECKIN}:3:5: error [wrong-type]"],
        message="got the text 'Send the deck': write - task: Send the deck (a next step's "
                "keys are task, owner, due, done)",
    ),
    "wrong-type-on": Case(
        {CHECKIN: "---\nwins: [on]\n---\n"},
        [f"{CHECKIN}:2:8: error [wrong-type]"],  # 'wins: [' is 7 characters
        message="'wins[0]' must be text, got true: YAML reads yes, no, on and off as true",
    ),
    "invalid-value-cadence-no": Case(
        {"mentorsite.yml": "cadence: no\n"},
        ["mentorsite.yml:1:10: error [invalid-value]"],
        message="a whole number of days, got 'false'",
    ),
    "invalid-id": Case(
        {GOAL: HEAD + "metrics:\n  - id: Speed_1\n    label: M\n    target: 3\n---\n"},
        [f"{GOAL}:5:9: error [invalid-id]"],  # '  - id: ' is 8 characters
    ),
    "invalid-id-a-goal-by-its-file": Case(
        {CHECKIN: "---\ngoals:\n  alpha.md: {}\n---\n"},
        [f"{CHECKIN}:3:3: error [invalid-id]"],
        message="(did you mean 'alpha'?)",
    ),
    "invalid-id-a-goal-by-its-path": Case(
        {"content/reflections/2025-06-10-x.md": "---\ntitle: t\ngoals: [content/goals/alpha.md]"
                                                "\n---\n" + PROMPTS},
        ["content/reflections/2025-06-10-x.md:3:9: error [invalid-id]"],
        message="(did you mean 'alpha'?)",
    ),
    "invalid-id-a-goal-by-its-title": Case(
        {"content/reflections/2025-06-10-x.md": "---\ntitle: t\ngoal: Ship alpha\n---\n"
                                                + PROMPTS},
        ["content/reflections/2025-06-10-x.md:3:7: error [invalid-id]"],
        message="; a goal is named by its id, its file's name without .md",
    ),
    "invalid-id-a-goal-by-another-goals-title": Case(
        {"content/reflections/2025-06-10-x.md": "---\ntitle: t\ngoal: ship  THE first release"
                                                "\n---\n" + PROMPTS},
        ["content/reflections/2025-06-10-x.md:3:7: error [invalid-id]"],
        message="; a goal is named by its id: did you mean 'alpha'?",
    ),
    "invalid-id-a-goal-by-its-title-half-remembered": Case(
        {CHECKIN: "---\ngoals:\n  ship the release: {}\n---\n"},
        [f"{CHECKIN}:3:3: error [invalid-id]"],
        message="; a goal is named by its id: did you mean 'alpha'?",
    ),
    "invalid-id-a-goal-by-its-title-as-a-check-in-key": Case(
        {CHECKIN: "---\ngoals:\n  Ship the first release: {}\n---\n"},
        [f"{CHECKIN}:3:3: error [invalid-id]"],
        message="; a goal is named by its id: did you mean 'alpha'?",
    ),
    "invalid-id-a-goal-by-the-words-of-its-title": Case(  # not the FAQ, nearer by letters
        {"content/goals/guide.md": VALID_GOAL.replace(
            "Ship the first release", "Write the platform team's onboarding guide"),
         "content/goals/faq.md": VALID_GOAL.replace(
             "Ship the first release", "Write the onboarding FAQ"),
         CHECKIN: "---\ngoals:\n  Write the onboarding guide: {}\n---\n"},
        [f"{CHECKIN}:3:3: error [invalid-id]"],
        message="; a goal is named by its id: did you mean 'guide'?",
    ),
    "invalid-id-a-goal-by-the-words-of-its-id": Case(
        {"content/goals/ship-it.md": HEAD + "---\n",
         "content/evidence/2025-06-10-x.md": "---\ntitle: t\ngoals: [Ship It!]\n---\n"},
        ["content/evidence/2025-06-10-x.md:3:9: error [invalid-id]",
         "content/goals/ship-it.md:1:1: warning [smart-incomplete]"],
        message="did you mean 'ship-it'?",
    ),
    "invalid-id-a-metric-in-capitals": Case(
        {CHECKIN: "---\ngoals:\n  alpha:\n    metrics: {Speed: 3}\n---\n"},
        [f"{CHECKIN}:4:15: error [invalid-id]"],
        message="(did you mean 'speed'?)",
    ),
    "invalid-date": Case(
        {GOAL: "---\ntitle: t\nstarted: next week\n---\n"},
        [f"{GOAL}:3:10: error [invalid-date]"],  # 'started: ' is 9 characters
    ),
    "invalid-date-written-otherwise": Case(
        {GOAL: "---\ntitle: t\nstarted: 06/01/2025\n---\n"},
        [f"{GOAL}:3:10: error [invalid-date]"],
        message="got '06/01/2025' (did you mean 2025-01-06 or 2025-06-01?)",
    ),
    "invalid-date-with-the-month-by-name": Case(  # as the site shows dates: 1 Jun 2025
        {GOAL: "---\ntitle: t\nstarted: 1 Jun 2025\n---\n"},
        [f"{GOAL}:3:10: error [invalid-date]"],
        message="got '1 Jun 2025' (did you mean 2025-06-01?)",
    ),
    "invalid-date-written-as-a-number": Case(
        {GOAL: "---\ntitle: t\nstarted: 20250601\n---\n"},
        [f"{GOAL}:3:10: error [invalid-date]"],
        message="got '20250601' (did you mean 2025-06-01?)",
    ),
    "invalid-date-impossible": Case(
        {GOAL: "---\ntitle: t\nstarted: 2025-02-30\n---\n"}, [f"{GOAL}:3:10: error [invalid-date]"]
    ),
    "invalid-date-due-before-start": Case(
        {GOAL: HEAD + "due: 2025-05-01\n---\n"}, [f"{GOAL}:4:6: error [invalid-date]"]
    ),
    "invalid-link": Case(
        {
            "content/evidence/2025-06-10-demo.md": "---\ntitle: Demo\n"
            "link: javascript:alert(1)\n---\n"
        },
        ["content/evidence/2025-06-10-demo.md:3:7: error [invalid-link]"],
    ),
    "date-mismatch": Case(
        {CHECKIN: "---\ndate: 2025-06-11\n---\n"}, [f"{CHECKIN}:2:7: error [date-mismatch]"]
    ),
    "duplicate-metric": Case(
        {
            GOAL: HEAD
            + "metrics:\n"  # line 4
            + "  - id: m\n    label: M\n    target: 3\n"  # lines 5-7
            + "  - id: m\n    label: N\n    target: 4\n---\n"  # lines 8-10
        },
        [f"{GOAL}:8:9: error [duplicate-metric]"],  # the second 'm'
    ),
    "invalid-metric-target-equals-baseline": Case(
        {GOAL: HEAD + "metrics:\n  - id: m\n    label: M\n    baseline: 3\n    target: 3\n---\n"},
        [f"{GOAL}:8:13: error [invalid-metric]"],  # '    target: ' is 12 characters
    ),
    "invalid-metric-direction-contradiction": Case(
        {
            GOAL: HEAD
            + "metrics:\n  - id: m\n    label: M\n    baseline: 3\n    target: 5\n"
            + "    direction: down\n---\n"
        },
        [f"{GOAL}:9:16: error [invalid-metric]"],  # '    direction: ' is 15 characters
    ),
    "invalid-metric-scale-min-not-below-max": Case(
        {
            GOAL: HEAD
            + "metrics:\n  - id: m\n    label: M\n    baseline: 3\n    target: 5\n"
            + "    scale: [5, 1]\n---\n"
        },
        [f"{GOAL}:9:12: error [invalid-metric]"],  # '    scale: ' is 11 characters
    ),
    "missing-field-scale-of-one-number": Case(  # content.md §9: the max is missing
        {
            GOAL: HEAD
            + "metrics:\n  - id: m\n    label: M\n    baseline: 3\n    target: 5\n"
            + "    scale: [1]\n---\n"
        },
        [f"{GOAL}:9:12: error [missing-field]"],
        message="'metrics[0].scale' must be a list [min, max] of two numbers, as in [1, 5]; "
                "got one item",
    ),
    "wrong-type-scale-of-three-numbers": Case(
        {
            GOAL: HEAD
            + "metrics:\n  - id: m\n    label: M\n    baseline: 3\n    target: 5\n"
            + "    scale: [1, 3, 5]\n---\n"
        },
        [f"{GOAL}:9:12: error [wrong-type]"],
        message="as in [1, 5]; got 3 items",
    ),
    "wrong-type-scale-empty": Case(
        {
            GOAL: HEAD
            + "metrics:\n  - id: m\n    label: M\n    baseline: 3\n    target: 5\n"
            + "    scale: []\n---\n"
        },
        [f"{GOAL}:9:12: error [wrong-type]"],
        message="as in [1, 5]; got an empty list",
    ),
    "invalid-metric-baseline-off-scale": Case(
        {
            GOAL: HEAD
            + "metrics:\n  - id: m\n    label: M\n    baseline: 7\n    target: 3\n"
            + "    scale: [1, 5]\n---\n"
        },
        [f"{GOAL}:7:15: error [invalid-metric]"],  # '    baseline: ' is 14 characters
    ),
    "missing-pivot-target": Case(
        {GOAL: HEAD + "status: pivoted\n---\n"}, [f"{GOAL}:4:9: error [missing-pivot-target]"]
    ),
    "pivot-cycle-self": Case(
        {GOAL: HEAD + "status: pivoted\npivoted_to: beta\n---\n"},
        [f"{GOAL}:5:13: error [pivot-cycle]"],  # 'pivoted_to: ' is 12 characters
    ),
    "pivot-cycle-two-goals": Case(
        {
            GOAL: HEAD + "status: pivoted\npivoted_to: gamma\n---\n",
            "content/goals/gamma.md": HEAD + "status: pivoted\npivoted_to: beta\n---\n",
        },
        [f"{GOAL}:5:13: error [pivot-cycle]", "content/goals/gamma.md:5:13: error [pivot-cycle]"],
    ),
    "pivot-cycle-only-on-the-goals-in-it": Case(  # delta pivoted into the circle, not on it
        {
            GOAL: HEAD + "status: pivoted\npivoted_to: gamma\n---\n",
            "content/goals/gamma.md": HEAD + "status: pivoted\npivoted_to: beta\n---\n",
            "content/goals/delta.md": HEAD + "status: pivoted\npivoted_to: beta\n---\n",
        },
        [f"{GOAL}:5:13: error [pivot-cycle]", "content/goals/delta.md:1:1: warning "
         "[smart-incomplete]", "content/goals/gamma.md:5:13: error [pivot-cycle]"],
    ),
    "unknown-goal-a-field-not-indented": Case(  # status belongs under alpha
        {CHECKIN: "---\ngoals:\n  alpha:\n  status: on-track\n---\n"},
        [f"{CHECKIN}:4:3: error [unknown-goal]", f"{CHECKIN}:4:11: error [wrong-type]"],
        message="unknown goal 'status': 'status' is what a check-in says of one goal, so it "
                "goes under that goal, indented two spaces more than the goal's id",
    ),
    "wrong-type-checkin-goals-as-a-list": Case(
        {CHECKIN: "---\ngoals: [alpha]\n---\n"}, [f"{CHECKIN}:2:8: error [wrong-type]"],
        message="got a list: write each goal's id as a key, with what the check-in says of "
                "it under it, as in goals: {alpha: {status: on-track}}",  # the id written
    ),
    "wrong-type-checkin-goals-as-a-title": Case(  # no id to show: the docs' example instead
        {CHECKIN: "---\ngoals: The alpha goal\n---\n"}, [f"{CHECKIN}:2:8: error [wrong-type]"],
        message="as in goals: {speak: {status: on-track}}",
    ),
    "wrong-type-checkin-status-under-the-goal-id": Case(
        {CHECKIN: "---\ngoals:\n  alpha: at-risk\n---\n"},
        [f"{CHECKIN}:3:10: error [wrong-type]"],
        message="got the text 'at-risk': write alpha: {status: at-risk}",
    ),
    "wrong-type-checkin-status-in-words-under-the-goal-id": Case(
        {CHECKIN: "---\ngoals:\n  alpha: on track\n---\n"},
        [f"{CHECKIN}:3:10: error [wrong-type]"],
        message="got the text 'on track': write alpha: {status: on-track}",
    ),
    "wrong-type-a-reading-left-empty": Case(  # as new checkin's lines read, uncommented
        {CHECKIN: "---\ngoals:\n  alpha:\n    metrics:\n      speed:\n---\n"},
        [f"{CHECKIN}:5:13: error [wrong-type]"],
        message="got nothing: write the reading, or leave the line out (or put # before it)",
    ),
    "unknown-field-reading-under-the-goal-id": Case(
        {CHECKIN: "---\ngoals:\n  alpha:\n    speed: 3\n---\n"},
        [f"{CHECKIN}:4:5: error [unknown-field]"],
        message="unknown field 'speed'; a reading goes under the goal's metrics, as in "
                "metrics: {speed: 3}",
    ),
    "wrong-type-readings-as-a-list": Case(
        {CHECKIN: "---\ngoals:\n  alpha:\n    metrics:\n      - speed: 3\n---\n"},
        [f"{CHECKIN}:5:7: error [wrong-type]"],
        message="got a list: write each reading as 'id: value', without '- '",
    ),
    "wrong-type-several-goals-under-goal": Case(
        {"content/reflections/2025-06-10-r.md": "---\ntitle: R\ngoal: [alpha]\n---\n"},
        ["content/reflections/2025-06-10-r.md:3:7: error [wrong-type]"],
        message="got a list: for more than one goal, write goals: [first, second]",
    ),
    "invalid-value-a-status-in-other-words": Case(
        {GOAL: "---\ntitle: t\nstarted: 2025-06-01\nstatus: in progress\n---\n"},
        [f"{GOAL}:4:9: error [invalid-value]"],
        message="got 'in progress' (did you mean 'active'?)",
    ),
    "invalid-value-a-checkin-status-in-other-words": Case(
        {CHECKIN: "---\ngoals:\n  alpha: {status: achieved}\n---\n"},
        [f"{CHECKIN}:3:19: error [invalid-value]"],
        message="got 'achieved' (did you mean 'done'?)",
    ),
    "invalid-value-a-direction-in-other-words": Case(
        {GOAL: "---\ntitle: t\nstarted: 2025-06-01\nmetrics:\n  - {id: m, label: M, "
               "target: 3, direction: lower}\n---\n"},
        [f"{GOAL}:5:45: error [invalid-value]"],
        message="got 'lower' (did you mean 'down'?)",
    ),
    "wrong-type-metrics-as-a-mapping": Case(
        {GOAL: "---\ntitle: t\nstarted: 2025-06-01\nmetrics: {talks: 3}\n---\n"},
        [f"{GOAL}:4:10: error [wrong-type]"],
        message="got a mapping: each metric is an item of its own, as in metrics: [{id: talks,",
    ),
    "wrong-type-names-on-one-line": Case(
        {"mentorsite.yml": "mentors: Jo, Sam\n"}, ["mentorsite.yml:1:10: error [wrong-type]"],
        message="got the text 'Jo, Sam': write [Jo, Sam], or each item on a line of its own",
    ),
    "invalid-value-cadence-in-words": Case(
        {"mentorsite.yml": "cadence: every 3 weeks\n"},
        ["mentorsite.yml:1:10: error [invalid-value]"],
        message="got 'every 3 weeks' (did you mean 21?)",
    ),
    "invalid-link-site-address-without-its-scheme": Case(
        {"mentorsite.yml": "base_url: example.org/plan/\n"},
        ["mentorsite.yml:1:11: error [invalid-link]"],
        message="is not an http or https URL (did you mean https://example.org/plan/?)",
    ),
    "invalid-link-without-its-scheme": Case(
        {"content/evidence/2025-06-10-e.md": "---\ntitle: E\nlink: example.org/report\n---\n"},
        ["content/evidence/2025-06-10-e.md:3:7: error [invalid-link]"],
        message="got 'example.org/report' (did you mean https://example.org/report?)",
    ),
    "unknown-field-by-another-name": Case(
        {GOAL: "---\ntitle: t\nstarted: 2025-06-01\ndeadline: 2025-12-01\n---\n"},
        [f"{GOAL}:4:1: error [unknown-field]"],
        message="unknown field 'deadline' (did you mean 'due'?)",
    ),
    "unknown-field-by-another-name-in-a-checkin": Case(
        {CHECKIN: "---\nnext_steps:\n  - {task: Send it, who: Jo}\n---\n"},
        [f"{CHECKIN}:2:1: error [unknown-field]"],
        message="unknown field 'next_steps' (did you mean 'next'?)",
    ),
    "unknown-field-by-another-name-nested": Case(
        {CHECKIN: "---\nnext:\n  - {task: Send it, who: Jo}\n---\n"},
        [f"{CHECKIN}:3:21: error [unknown-field]"],  # '  - {task: Send it, ' is 20
        message="unknown field 'who' (did you mean 'owner'?)",
    ),
    "unknown-goal": Case(
        {CHECKIN: "---\ngoals:\n  alpah:\n    status: on-track\n---\n"},
        [f"{CHECKIN}:3:3: error [unknown-goal]"],  # the key 'alpah'
        message="unknown goal 'alpah' (did you mean 'alpha'?)",
    ),
    "unknown-goal-renamed": Case(  # no goal's id is like it: the file was renamed, say
        {CHECKIN: "---\ngoals:\n  speak-up: {}\n---\n"},
        [f"{CHECKIN}:3:3: error [unknown-goal]"],
        message="unknown goal 'speak-up': there is no content/goals/speak-up.md (a goal's id is "
                "its file's name, so renaming the file renames the goal)",
    ),
    "unknown-goal-in-a-misnamed-file": Case(  # the one cause named where the goal is named
        {"content/goals/Beta.md": HEAD + "---\n", CHECKIN: "---\ngoals:\n  beta: {}\n---\n"},
        [f"{CHECKIN}:3:3: error [unknown-goal]",
         "content/goals/Beta.md:1:1: error [invalid-file-name]"],
        message="goal 'beta' is in content/goals/Beta.md, whose name does not fit: rename it "
                "beta.md",
    ),
    "unknown-goal-by-its-words": Case(  # not onboarding-faq, nearer by letters
        {"content/goals/write-platform-onboarding-guide.md": VALID_GOAL,
         "content/goals/onboarding-faq.md": VALID_GOAL,
         CHECKIN: "---\ngoals:\n  onboarding-guide: {}\n---\n"},
        [f"{CHECKIN}:3:3: error [unknown-goal]"],
        message="(did you mean 'write-platform-onboarding-guide'?)",
    ),
    "unknown-goal-from-a-reflection": Case(
        {"content/reflections/2025-06-10-x.md": "---\ntitle: t\ngoal: alpah\n---\n" + PROMPTS},
        ["content/reflections/2025-06-10-x.md:3:7: error [unknown-goal]"],
        message="(did you mean 'alpha'?)",
    ),
    "unknown-goal-pivot-target": Case(
        {GOAL: HEAD + "status: pivoted\npivoted_to: alhpa\n---\n"},
        [f"{GOAL}:5:13: error [unknown-goal]"],
        message="(did you mean 'alpha'?)",
    ),
    "unknown-metric": Case(
        {CHECKIN: "---\ngoals:\n  alpha:\n    metrics: {sped: 3}\n---\n"},
        [f"{CHECKIN}:4:15: error [unknown-metric]"],  # '    metrics: {' is 14 characters
        message="(did you mean 'speed'?)",
    ),
    # A file whose own fields have errors has its references checked in the same run.
    "unknown-goal-beside-a-field-error": Case(
        {CHECKIN: "---\nmood: 3\ngoals:\n  alpah:\n    status: on-track\n---\n"},
        [f"{CHECKIN}:2:1: error [unknown-field]", f"{CHECKIN}:4:3: error [unknown-goal]"],
    ),
    "unknown-metric-beside-a-field-error": Case(
        {CHECKIN: "---\ngoals:\n  alpha:\n    status: great\n    metrics: {sped: 3}\n---\n"},
        [f"{CHECKIN}:4:13: error [invalid-value]", f"{CHECKIN}:5:15: error [unknown-metric]"],
    ),
    # A goal whose own fields have errors still has its metric ids read as written, so a
    # check-in's misspelt metric comes in the same run; where they cannot all be read, nothing
    # is said of the readings (it would be a guess).
    "unknown-metric-of-a-goal-with-a-field-error": Case(
        {GOAL: HEAD + "due: [2025-12-31]\nmetrics:\n  - {id: pace, label: l, target: 5}\n---\n",
         CHECKIN: "---\ngoals:\n  beta:\n    metrics: {pase: 3}\n---\n"},
        [f"{CHECKIN}:4:15: error [unknown-metric]",
         f"{GOAL}:4:6: error [invalid-date]"],  # 'due: ' is 5 characters
        message="unknown metric 'pase' for goal 'beta' (did you mean 'pace'?)",
    ),
    "unknown-metric-of-a-goal-with-a-bad-metric": Case(
        {GOAL: HEAD + "metrics:\n  - id: pace\n    label: l\n    target: lots\n---\n",
         CHECKIN: "---\ngoals:\n  beta:\n    metrics: {pace: 3, pase: 3}\n---\n"},
        [f"{CHECKIN}:4:24: error [unknown-metric]",  # '    metrics: {pace: 3, ' is 23
         f"{GOAL}:7:13: error [wrong-type]"],  # '    target: ' is 12 characters
    ),
    "unknown-metric-of-a-goal-with-no-metrics-and-a-field-error": Case(
        {GOAL: "---\ntitle: [t]\nstarted: 2025-06-01\n---\n",
         CHECKIN: "---\ngoals:\n  beta:\n    metrics: {pace: 3}\n---\n"},
        [f"{CHECKIN}:4:15: error [unknown-metric]", f"{GOAL}:2:8: error [wrong-type]"],
        message="(goal 'beta' has no metrics)",
    ),
    # A name found among the goal files' ids (or a goal's metric ids) is not asked whether it
    # is an id; any other still is, and one that is not is the document's own error alone.
    "unknown-metric-beside-a-metric-name-that-is-no-id": Case(
        {CHECKIN: "---\ngoals:\n  alpha:\n    metrics: {Sped: 3, sped: 3, speed: 2}\n---\n"},
        [f"{CHECKIN}:4:15: error [invalid-id]", f"{CHECKIN}:4:24: error [unknown-metric]"],
        message="'Sped' is not a valid id",
    ),
    "unknown-goal-beside-a-goal-name-that-is-no-id": Case(
        {CHECKIN: "---\ngoals:\n  Alpha: {}\n  alpah: {}\n  alpha: {}\n  con: {}\n---\n",
         "content/goals/con.md": VALID_GOAL},  # a goal all the same, its name told
        [f"{CHECKIN}:3:3: error [invalid-id]", f"{CHECKIN}:4:3: error [unknown-goal]",
         "content/goals/con.md:1:1: error [invalid-file-name]"],
        message="'Alpha' is not a valid id",
    ),
    "no-metric-said-of-a-goal-whose-metric-id-is-not-an-id": Case(
        {GOAL: HEAD + "metrics:\n  - {id: Pace, label: l, target: 5}\n---\n",
         CHECKIN: "---\ngoals:\n  beta:\n    metrics: {pace: 3}\n---\n"},
        [f"{GOAL}:5:10: error [invalid-id]"],  # '  - {id: ' is 9 characters
    ),
    "no-metric-said-of-a-goal-whose-metrics-are-a-mapping": Case(
        {GOAL: HEAD + "metrics:\n  pace: {label: l, target: 5}\n---\n",
         CHECKIN: "---\ngoals:\n  beta:\n    metrics: {pace: 3}\n---\n"},
        [f"{GOAL}:5:3: error [wrong-type]"],
    ),
    "no-metric-said-of-a-goal-whose-metrics-key-is-misspelt": Case(
        {GOAL: HEAD + "metric:\n  - {id: pace, label: l, target: 5}\n---\n",
         CHECKIN: "---\ngoals:\n  beta:\n    metrics: {pace: 3}\n---\n"},
        [f"{GOAL}:4:1: error [unknown-field]"],
    ),
    "no-metric-said-of-a-goal-with-a-duplicate-key": Case(
        {GOAL: HEAD + "title: again\nmetrics:\n  - {id: pace, label: l, target: 5}\n---\n",
         CHECKIN: "---\ngoals:\n  beta:\n    metrics: {pase: 3}\n---\n"},
        [f"{GOAL}:4:1: error [duplicate-key]"],
    ),
    "unknown-goals-of-a-broken-reflection": Case(
        {"content/reflections/2025-06-10-x.md":
         "---\ntitle: t\nmood: 1\ngoals: [alpah, Alpha]\ngoal: beta\n---\n" + PROMPTS},
        ["content/reflections/2025-06-10-x.md:3:1: error [unknown-field]",
         "content/reflections/2025-06-10-x.md:4:9: error [unknown-goal]",
         "content/reflections/2025-06-10-x.md:4:16: error [invalid-id]",  # not looked up
         "content/reflections/2025-06-10-x.md:5:7: error [unknown-goal]"],
    ),
    "an-id-ending-in-a-line-break-is-not-looked-up": Case(
        {"content/evidence/2025-06-10-x.md": '---\ntitle: t\ngoals: ["alpah\\n"]\n---\n'},
        ["content/evidence/2025-06-10-x.md:3:9: error [invalid-id]"],
    ),
    "unknown-goal-of-broken-evidence": Case(
        {"content/evidence/2025-06-10-x.md": "---\ntitle: t\ngoals: [alpah]\ngoal: beta\n---\n"},
        ["content/evidence/2025-06-10-x.md:3:9: error [unknown-goal]",
         "content/evidence/2025-06-10-x.md:4:1: error [unknown-field]"],  # evidence has no 'goal'
    ),
    "unknown-pivot-target-of-a-broken-goal": Case(
        {GOAL: HEAD + "status: pivoted\npivoted_to: alhpa\nbogus: 1\n---\n"},
        [f"{GOAL}:5:13: error [unknown-goal]", f"{GOAL}:6:1: error [unknown-field]"],
    ),
    # --- mentorsite.yml -------------------------------------------------------------------------
    "settings-unknown-key": Case(
        {"mentorsite.yml": "title: Ours\nmentess: Priya\n"},
        ["mentorsite.yml:2:1: error [unknown-field]"],
        message="unknown field 'mentess' (did you mean 'mentee'?)",
    ),
    "settings-yaml-tag": Case(
        {"mentorsite.yml": "title: !!str Ours\n"}, ["mentorsite.yml:1:8: error [yaml-tag]"],
        message="'!!str' is not allowed; write plain values only",  # not "front matter"
    ),
    "settings-bad-cadence": Case(
        {"mentorsite.yml": "cadence: fortnightly\n"}, ["mentorsite.yml:1:10: error [invalid-value]"]
    ),
    "settings-zero-day-cadence": Case(
        {"mentorsite.yml": "title: Ours\ncadence: 0\n"},
        ["mentorsite.yml:2:10: error [invalid-value]"],
    ),
    "settings-cadence-over-a-year": Case(
        {"mentorsite.yml": "cadence: 1000000000000000000000000000000\n"},
        ["mentorsite.yml:1:10: error [invalid-value]"],
        message="cadence is more than a year: a pair checks in at least once every 366 days",
    ),
    "settings-bad-timezone": Case(
        {"mentorsite.yml": "title: Ours\ntimezone: Mars/Olympus\n"},
        ["mentorsite.yml:2:11: error [invalid-value]"],  # 'timezone: ' is 10 characters
        message="unknown timezone 'Mars/Olympus': use an IANA name such as Europe/London",
    ),
    "settings-misspelt-timezone": Case(
        {"mentorsite.yml": "timezone: europe/londn\n"},
        ["mentorsite.yml:1:11: error [invalid-value]"],
        message="unknown timezone 'europe/londn' (did you mean 'Europe/London'?)",
    ),
    "settings-timezone-in-lowercase": Case(  # difflib finds nothing alike in 'utc' and 'UTC'
        {"mentorsite.yml": "timezone: utc\n"},
        ["mentorsite.yml:1:11: error [invalid-value]"],
        message="unknown timezone 'utc' (did you mean 'UTC'?)",
    ),
    "settings-timezone-offset": Case(  # it suggested 'UTC'
        {"mentorsite.yml": "timezone: UTC+2\n"},
        ["mentorsite.yml:1:11: error [invalid-value]"],
        message="unknown timezone 'UTC+2': an offset is no time zone; use the place's IANA name, "
                "such as Europe/Berlin, or Etc/GMT-2 for the fixed offset (its sign is reversed)",
    ),
    "settings-timezone-abbreviated": Case(  # it suggested 'MST', seven hours away
        {"mentorsite.yml": "timezone: BST\n"},
        ["mentorsite.yml:1:11: error [invalid-value]"],
        message="unknown timezone 'BST': an abbreviation is no time zone; use the place's IANA "
                "name, as in Europe/London",
    ),
    "settings-timezone-abbreviated-unknown": Case(  # it suggested 'EST'
        {"mentorsite.yml": "timezone: ESTT\n"},
        ["mentorsite.yml:1:11: error [invalid-value]"],
        message="unknown timezone 'ESTT': an abbreviation is no time zone; use the place's IANA "
                "name, such as Europe/London",
    ),
    "settings-timezone-of-the-machine": Case(  # a laptop and CI would disagree on 'today'
        {"mentorsite.yml": "timezone: localtime\n"},
        ["mentorsite.yml:1:11: error [invalid-value]"],
        message="unknown timezone 'localtime': use an IANA name such as Europe/London",
    ),
    "settings-language-by-name": Case(
        {"mentorsite.yml": "title: Ours\nlanguage: German\n"},
        ["mentorsite.yml:2:11: error [invalid-value]"],  # 'language: ' is 10 characters
        message="'German' is not a language tag (BCP 47) (did you mean 'de'?)",
    ),
    "settings-language-as-a-locale": Case(
        {"mentorsite.yml": "language: de_DE\n"},
        ["mentorsite.yml:1:11: error [invalid-value]"],
        message="'de_DE' is not a language tag (BCP 47) (did you mean 'de-DE'?)",
    ),
    "settings-language-cut-short": Case(
        {"mentorsite.yml": "title: Ours\n\nlanguage:   'en-'\n"},
        ["mentorsite.yml:3:13: error [invalid-value]"],  # at its quote, after three spaces
        message="'en-' is not a language tag (BCP 47) (did you mean 'en'?)",
    ),
    "settings-language-a-country-for-a-region": Case(  # a valid form, a region unregistered
        {"mentorsite.yml": "language: en-UK\n"},
        ["mentorsite.yml:1:11: error [invalid-value]"],
        message="'en-UK' names no region: UK is no code in IANA's registry (did you mean "
                "'en-GB'?)",
    ),
    "settings-language-control-character": Case(
        {"mentorsite.yml": 'language: "de\\x01"\n'},
        ["mentorsite.yml:1:11: error [invalid-value]"],
        message="the tag holds the control character U+0001: remove it",
    ),
    "settings-language-norwegian-unquoted": Case(  # YAML 1.1's false
        {"mentorsite.yml": "language: no\n"},
        ["mentorsite.yml:1:11: error [invalid-value]"],
        message="quote Norwegian's tag, language: \"no\", or write nb (Bokmål) or nn",
    ),
    "settings-language-nothing-like-a-tag": Case(
        {"mentorsite.yml": "language: Hochdeutsch mit Umlauten\n"},
        ["mentorsite.yml:1:11: error [invalid-value]"],
        message="is not a language tag (BCP 47): write the language's code, with its region "
                "or script if need be, such as de, pt-BR or zh-Hant",
    ),
    "settings-language-a-number": Case(
        {"mentorsite.yml": "language: 1996\n"}, ["mentorsite.yml:1:11: error [wrong-type]"],
    ),
    "settings-language-named-as-hugo-does": Case(
        {"mentorsite.yml": "languageCode: de\n"}, ["mentorsite.yml:1:1: error [unknown-field]"],
        message="(did you mean 'language'?)",
    ),
    "settings-misspelt-cadence": Case(
        {"mentorsite.yml": "cadence: weekley\n"},
        ["mentorsite.yml:1:10: error [invalid-value]"],
        message="got 'weekley' (did you mean 'weekly'?)",
    ),
    "settings-cadence-in-other-words": Case(
        {"mentorsite.yml": "cadence: Fortnightly\n"},
        ["mentorsite.yml:1:10: error [invalid-value]"],
        message="got 'Fortnightly' (did you mean 'biweekly'?)",
    ),
    "settings-misspelt-theme": Case(
        {"mentorsite.yml": "theme: defualt\n"}, ["mentorsite.yml:1:8: error [unknown-theme]"],
        message="theme 'defualt' not found (did you mean 'default'?)",
    ),
    "settings-unknown-theme": Case(
        {"mentorsite.yml": "theme: fancy\n"}, ["mentorsite.yml:1:8: error [unknown-theme]"]
    ),
    "template-error": Case(  # every broken template in one run, beside the content's problems
        {"mentorsite.yml": "theme: mine\n",
         "themes/mine/templates/goal.html": "ok\n{% for %}\n",
         "themes/mine/templates/checkin.html": "{{ x }\n",
         "themes/mine/templates/notes.txt": "{{ not a template",
         "themes/mine/templates/wins.html": b"{{ x }}\ncaf\xe9\n",
         GOAL: HEAD + "colour: red\n---\n"},
        [f"{GOAL}:4:1: error [unknown-field]",
         "themes/mine/templates/checkin.html:1:1: error [template-error]",
         "themes/mine/templates/goal.html:2:1: error [template-error]",
         "themes/mine/templates/wins.html:2:4: error [template-error]"],
        message="unknown field 'colour'",
    ),
    "template-error-in-the-default-themes-override": Case(
        {"themes/default/templates/base.html": "{% block content %}\n"},
        ["themes/default/templates/base.html:1:1: error [template-error]"],
        message="invalid template: Unexpected end of template",
    ),
    "template-folder": Case(  # passed by for the built-in base.html, without a word
        {"mentorsite.yml": "theme: mine\n", "themes/mine/templates/base.html/notes.txt": "",
         "themes/mine/templates/parts/goal.html/.keep": ""},
        ["themes/mine/templates/base.html:1:1: warning [template-folder]",
         "themes/mine/templates/parts/goal.html:1:1: warning [template-folder]"],
        message="a folder named as a template: the build passes it by and uses the built-in "
                "base.html",
    ),
    "static-link": Case(  # left out of the site, without a word
        {"mentorsite.yml": "theme: mine\n", "design/logo.png": "logo\n",
         "themes/mine/static/ours.css": "p {}\n"},
        ["themes/mine/static/logo.png:1:1: warning [static-link]"],
        message="outside the theme's static/: the build leaves it out of the site",
        links={"themes/mine/static/logo.png": "../../../design/logo.png",
               "themes/mine/static/same.css": "ours.css"},
    ),
    "settings-unknown-theme-beside-another-error": Case(  # both in one run
        {"mentorsite.yml": "theme: fancy\ncadence: fortnightly\n"},
        ["mentorsite.yml:1:8: error [unknown-theme]", "mentorsite.yml:2:10: error [invalid-value]"],
    ),
    "settings-not-a-mapping": Case(
        {"mentorsite.yml": "- title\n"}, ["mentorsite.yml:1:1: error [not-a-mapping]"]
    ),
    # --- warnings -------------------------------------------------------------------------------
    "smart-incomplete": Case(
        {GOAL: HEAD + "---\n"},
        [f"{GOAL}:1:1: warning [smart-incomplete]"],
        message="add due, why, success, metrics",
    ),
    "goal-overdue": Case(
        {GOAL: HEAD + "due: 2025-06-10\nwhy: w\nsuccess: s\nmilestones: [{title: m}]\n---\n"},
        [f"{GOAL}:4:6: warning [goal-overdue]"],
    ),
    "milestone-overdue": Case(
        {GOAL: HEAD + SMART + "milestones:\n  - title: First\n    due: 2025-06-12\n---\n"},
        [f"{GOAL}:9:10: warning [milestone-overdue]"],  # '    due: ' is 9 characters
    ),
    "milestone-done-in-future": Case(  # a slip of the year: 2026 for 2025, today 15 June 2025
        {GOAL: HEAD + SMART + "milestones:\n  - title: First\n    done: 2026-06-12\n---\n"},
        [f"{GOAL}:9:11: warning [milestone-done-in-future]"],  # '    done: ' is 10 characters
        message="milestone 'First' done 2026-06-12, after today (2025-06-15): check the date; "
                "the site and status count it done already, a report only from that day on",
    ),
    "missing-prompt": Case(
        {
            # three prompts given as ATX, setext and lower case with '?'; the fourth is missing
            "content/reflections/2025-06-10-notes.md": "---\ntitle: t\ngoals: [alpha]\n---\n"
            "## What happened\nA\nWhy it mattered\n---------------\nB\n### what i learned?\n"
            "```\nC\n```\n"
        },
        ["content/reflections/2025-06-10-notes.md:1:1: warning [missing-prompt]"],
        message="What changes next",
    ),
    "missing-prompt-written-as-no-heading": Case(
        # '##What happened' (no space) and bold text on its own line are paragraphs; each was
        # told only 'no heading' at 1:1. The fence's line is code, no near heading
        {
            "content/reflections/2025-06-10-notes.md": "---\ntitle: t\ngoals: [alpha]\n---\n"
            "```\n**What changes next**\n```\n##What happened\nA\n**Why it mattered:**\nB\n"
            "## What I learned\nC\n"
        },
        ["content/reflections/2025-06-10-notes.md:1:1: warning [missing-prompt]",
         "content/reflections/2025-06-10-notes.md:8:1: warning [missing-prompt]",
         "content/reflections/2025-06-10-notes.md:10:1: warning [missing-prompt]"],
        message="What changes next'",
    ),
    "comment-in-value": Case(
        # YAML reads ' #1' as a comment: the title was 'Lead discussions', and check said
        # nothing. A comment written '# note', after a value or on its own, is one meant
        {GOAL: HEAD.replace("title: t", "title: Lead discussions #1") + SMART
         + "milestones:\n  - title: first #2\ntags: [x]  # note\n# t: x #1\n---\n",
         "mentorsite.yml": "title: Team #b #c\n"},
        [f"{GOAL}:2:25: warning [comment-in-value]", f"{GOAL}:8:18: warning [comment-in-value]",
         "mentorsite.yml:1:13: warning [comment-in-value]"],
        message="the text from ' #' is a YAML comment, not part of the value: quote the value",
    ),
    "comment-in-value-an-optional-value-emptied": Case(
        # YAML read each as left out, which an optional field may be, and check said nothing
        # (the goal's 'why' was told missing, as 'add why', at 1:1); a required one is an error.
        # The 'why' is told once, here: it was 'add why' at 1:1 as well (smart-incomplete)
        {GOAL: HEAD + "due: 2025-12-31\nwhy: #1 reason\nsuccess: s\nmilestones:\n"
         "  - title: m\n    due: 2025-12-01\n---\n",
         CHECKIN: "---\ngoals:\n  alpha:\n    note: #2 all good\n"
                  "next:\n  - task: Do it\n    owner: # who does it\n---\n",
         "mentorsite.yml": "cadence: #weekly\nmentors: # who mentors\n  - Ana\n"},
        # each at its '#', where the reader must look: it was at the blank before it
        [f"{CHECKIN}:4:11: warning [comment-in-value]",  # '    note: ' is 10 characters
         f"{GOAL}:5:6: warning [comment-in-value]",
         "mentorsite.yml:1:10: warning [comment-in-value]"],  # '# who' is a comment meant
        message="the value is empty: '#' after a space starts a YAML comment, so the text from "
                "it is not the value: quote the value",
    ),
    "unclosed-quote": Case(
        # pasted from a word processor: YAML reads a curly quote as text, so the title was
        # '“Ship it', mark and all, and check said nothing (a straight '"Ship it' is invalid
        # YAML). A pair closed, a mark inside a word or a value, an elided year, and a closing
        # mark a comment cut off (told as comment-in-value) are not told
        {GOAL: HEAD.replace("title: t", "title: “Ship it") + SMART
         + "milestones:\n  - title: \u2018first\n  - title: „Erster“ Schritt\n"
           "tags: [«deux, “closed”, it\u2019s, \u201824 plan, say “hi]\n"
           "outcomes:\n  - “Two\n    lines”\n"
           "  - “Cut #1”\n---\n",
         "mentorsite.yml": "title: “Team\n"},
        [f"{GOAL}:2:8: warning [unclosed-quote]",  # 'title: ' is 7 characters
         f"{GOAL}:8:12: warning [unclosed-quote]",  # '  - title: ' is 11
         f"{GOAL}:10:8: warning [unclosed-quote]",  # 'tags: [' is 7
         f"{GOAL}:14:10: warning [comment-in-value]",  # its '#': '  - “Cut ' is 9
         "mentorsite.yml:1:8: warning [unclosed-quote]"],
        message="the value starts with a typographic quote (“) and no ” closes it: YAML reads "
                "“ as text, not as a quote, so it is part of the value; put the value in "
                "straight quotes",
    ),
    "wrong-type-a-comment-for-a-list-item": Case(
        # a comment after a list's '-' took the item: YAML read 'wins: [null, second]', told
        # as 'got nothing' with no reason. A list under 'attendees: #who', or a mapping under
        # '- #2', is no value a comment took: neither is told (the first was a warning)
        {CHECKIN: "---\nwins:\n  - #1 first\n  - second\nattendees: #who\n- Ana\n"
                  "next:\n  - #2\n    task: Do it\n---\n"},
        [f"{CHECKIN}:3:5: error [wrong-type]"],  # at the '#' after '  - '
        message="'wins[0]' must be text, got nothing ('#' after a space starts a YAML "
                "comment: quote the value)",
    ),
    "wrong-type-a-comment-for-the-value": Case(
        {GOAL: HEAD.replace("title: t", "title: #1 priority") + SMART + "---\n"},
        [f"{GOAL}:2:8: error [wrong-type]"],  # at the '#' after 'title: '
        message="'title' must be text, got nothing ('#' after a space starts a YAML comment: "
                "quote the value)",
    ),
    "invalid-value-a-prompt-twice": Case(
        # one heading would answer both, and each reflection got each warning twice
        {"mentorsite.yml": "reflection_prompts: [Same, 'same?']\n"},
        ["mentorsite.yml:1:28: error [invalid-value]"],  # at the second, not at the '['
        message="'same?' is the prompt 'Same' again, as a heading matches it: remove one",
    ),
    "invalid-value-a-prompt-twice-in-a-block-list": Case(
        {"mentorsite.yml": "reflection_prompts:\n  - What happened\n  - Why\n"
                           "  - what happened?\n"},
        ["mentorsite.yml:4:5: error [invalid-value]"],
        message="'what happened?' is the prompt 'What happened' again",
    ),
    "unanswered-prompt": Case(
        {
            # as `new reflection` writes it, but for the first two answers; a setext heading's
            # text line is its own, not an answer to the heading above it
            "content/reflections/2025-06-10-notes.md": "---\ntitle: t\ngoals: [alpha]\n---\n"
            "## What happened\nA\n## Why it mattered\nB\n\nWhat I learned\n---\n\n"
            "## What changes next\n"
        },
        ["content/reflections/2025-06-10-notes.md:10:1: warning [unanswered-prompt]",
         "content/reflections/2025-06-10-notes.md:13:1: warning [unanswered-prompt]"],
        message="nothing is written under 'What I learned' yet",
    ),
    "unknown-milestone": Case(
        {"content/goals/beta.md": MILESTONE_GOAL,
         "content/reflections/2025-06-10-notes.md": REFLECTION.format("First revew run")},
        ["content/reflections/2025-06-10-notes.md:4:12: warning [unknown-milestone]"],
        message="milestone 'First revew run' is none of its goals' milestones (did you mean "
                "'First review run'?)",
    ),
    "unknown-milestone-not-for-free-text": Case(
        # free text that only tells of a milestone, another one, or its title in other case
        {"content/goals/beta.md": MILESTONE_GOAL, **{
            f"content/reflections/2025-06-1{n}-notes.md": REFLECTION.format(milestone)
            for n, milestone in enumerate(["Second review run", "first review run",
                                           "Goal achieved — the first review was run"])}},
        [],
    ),
    "empty-checkin": Case(
        # saved as `new checkin` writes it: the goal named with nothing said of it, the open
        # step of the check-in before carried forward
        {"content/checkins/2025-06-03.md": "---\nnext: [{task: Draft}]\n---\n",
         "content/checkins/2025-06-10.md": "---\n# Check-in of 10 Jun 2025\nattendees: [Ana]\n"
         "goals:\n  alpha:\n    status:\n    note:\nobstacles: []\nwins: []\n"
         "next:\n  - {task: Draft, done: false}\n---\n"},
        ["content/checkins/2025-06-10.md:1:1: warning [empty-checkin]"],
        message="the check-in records nothing yet",
    ),
    "empty-checkin-not-for-a-short-one": Case(
        # one thing said: a status, a note, a win, a new step, notes; or no goal named at all
        {f"content/checkins/2025-06-0{n}.md": text for n, text in enumerate([
            "---\ngoals: {alpha: {status: on-track}}\n---\n",
            "---\ngoals: {alpha: {note: Slow week}}\n---\n",
            "---\ngoals: {alpha: {}}\nwins: [Shipped]\n---\n",
            "---\ngoals: {alpha: {}}\nnext: [{task: Write it up}]\n---\n",
            "---\ngoals: {alpha: {}}\n---\nWe talked it through.\n",
            "---\nattendees: [Ana]\n---\n",
        ], start=2)},
        [],
    ),
    "checkin-gap": Case(
        {
            # 22 days from 1 to 23 May; biweekly allows 14 + 7; then 18 days to 10 June
            "content/checkins/2025-05-01.md": "---\n---\n",
            "content/checkins/2025-05-23.md": "---\n---\n",
            "content/checkins/2025-06-10.md": "---\n---\n",
        },
        ["content/checkins/2025-05-23.md:1:1: warning [checkin-gap]"],
        message="22 days since the check-in of 2025-05-01; the biweekly cadence allows 21 days",
    ),
    "checkin-gap-after-a-private-check-in": Case(
        {
            # the private check-in of 5 May counts as a meeting; the gap to 10 June is warned
            # of on the public check-in, which names neither its date nor the days since
            "content/checkins/2025-05-01.md": "---\n---\n",
            "content/checkins/2025-05-05-family.md": "---\nprivate: true\n---\n",
            "content/checkins/2025-06-10.md": "---\n---\n",
        },
        ["content/checkins/2025-06-10.md:1:1: warning [checkin-gap]"],
        message="longer than allowed since the check-in before it; the biweekly cadence "
                "allows 21 days",
    ),
    "checkin-gap-not-on-a-file-with-errors": Case(
        {
            # 1 to 23 May is too long a gap, but 23 May has an error: it is warned of nothing
            # until fixed; 23 May still counts as a meeting, so 10 June (18 days) is no gap
            "content/checkins/2025-05-01.md": "---\n---\n",
            "content/checkins/2025-05-23.md": "---\nwins: 5\n---\n",
            "content/checkins/2025-06-10.md": "---\n---\n",
        },
        ["content/checkins/2025-05-23.md:2:7: error [wrong-type]"],
    ),
    "checkin-overdue-not-on-a-file-with-errors": Case(
        {"content/checkins/2025-05-20.md": "---\nwins: 5\n---\n"},
        ["content/checkins/2025-05-20.md:2:7: error [wrong-type]"],
    ),
    "checkin-gap-not-past-a-file-whose-yaml-cannot-be-read": Case(
        {
            # 23 May cannot be read at all, but the pair met: 1 May to 10 June is no gap
            "content/checkins/2025-05-01.md": "---\n---\n",
            "content/checkins/2025-05-23.md": "---\nwins: [a\n---\n",
            "content/checkins/2025-06-10.md": "---\n---\n",
        },
        ["content/checkins/2025-05-23.md:2:7: error [invalid-yaml]"],
    ),
    "checkin-overdue-not-past-a-merge-conflict": Case(
        {
            "content/checkins/2025-05-01.md": "---\n---\n",  # 45 days before 15 June
            "content/checkins/2025-06-10.md":
                "---\n<<<<<<< HEAD\nwins: [a]\n=======\nwins: [b]\n>>>>>>> side\n---\n",
        },
        ["content/checkins/2025-06-10.md:2:1: error [merge-conflict]"],
    ),
    "checkin-overdue": Case(
        {"content/checkins/2025-05-20.md": "---\n---\n"},  # 26 days before 15 June
        ["content/checkins/2025-05-20.md:1:1: warning [checkin-overdue]"],
    ),
    "checkin-in-future": Case(  # a slip of the year: 2026 for 2025; today is 15 June 2025
        {CHECKIN: "---\n---\n", "content/checkins/2026-06-12.md": "---\n---\n"},
        ["content/checkins/2026-06-12.md:1:1: warning [checkin-in-future]"],
        message="check-in dated 2026-06-12, after today (2025-06-15): check the date; health "
                "counts it once its day has come",
    ),
    "checkin-overdue-despite-one-ahead": Case(  # held 20 May, 26 days ago; one for 16 June
        {"content/checkins/2025-05-20.md": "---\n---\n",
         "content/checkins/2025-06-16.md": "---\n---\n"},
        ["content/checkins/2025-05-20.md:1:1: warning [checkin-overdue]",
         "content/checkins/2025-06-16.md:1:1: warning [checkin-in-future]"],
    ),
    "checkin-overdue-none-yet": Case(
        # weekly allows 7 + 4 days; alpha started 14 days before 15 June with no check-in
        {"mentorsite.yml": "cadence: weekly\n"},
        ["content/goals/alpha.md:1:1: warning [checkin-overdue]"],
    ),
    "next-step-overdue": Case(
        {
            CHECKIN: "---\nnext:\n  - task: Do it\n    due: 2025-06-12\n"
            "  - task: Done already\n    due: 2025-06-12\n    done: true\n---\n"
        },
        [f"{CHECKIN}:4:10: warning [next-step-overdue]"],
    ),
    "duplicate-step": Case(  # pasted twice: the site listed both, the calendar one
        {
            CHECKIN: "---\nnext:\n  - task: Do it\n    due: 2025-06-20\n  - task: Ask\n"
            "  - {task: Do it, due: 2025-06-20}\n  - task: Do it\n    due: 2025-06-21\n"
            "  - task: Ask\n    owner: Ana\n---\n"
        },
        # the third step and the fifth, each at its '-' item's first key; not the fourth
        # (another due), though the fifth names an owner the second has not
        [f"{CHECKIN}:6:5: warning [duplicate-step]", f"{CHECKIN}:9:5: warning [duplicate-step]"],
        message="next step 'Do it' due 2025-06-20 is listed twice in this check-in (first on "
                "line 3): delete this one, or give each its own task",
    ),
    "reading-out-of-scale": Case(
        {
            GOAL: HEAD + SMART + "metrics:\n  - id: conf\n    label: Confidence\n"
            "    baseline: 2\n    target: 4\n    scale: [1, 5]\n---\n",
            CHECKIN: "---\ngoals:\n  beta:\n    metrics:\n      conf: 6\n---\n",
        },
        [f"{CHECKIN}:5:13: warning [reading-out-of-scale]"],  # '      conf: ' is 12 characters
    ),
    "checkin-before-start": Case(  # beta started on 1 June; a year typed wrong, say
        {
            GOAL: HEAD + SMART + "milestones: [{title: m}]\n---\n",
            "content/checkins/2025-05-30.md": "---\ngoals:\n  beta: {status: on-track}\n---\n",
            # a note alone, or a reading on the day it started, is no report before it
            "content/checkins/2025-05-31.md": "---\ngoals:\n  beta: {note: next month}\n---\n",
            CHECKIN: "---\ngoals:\n  alpha: {metrics: {speed: 2}}\n---\n",
        },
        ["content/checkins/2025-05-30.md:3:3: warning [checkin-before-start]"],
        message="check-in dated 2025-05-30 reports on goal 'beta' before it started "
                "(2025-06-01): check the year in the check-in's file name and in the goal's "
                "'started'",
    ),
    "checkin-before-start-of-a-private-goal": Case(  # a public check-in does not date it
        {
            PRIVATE_GOAL: HEAD + SMART + "milestones: [{title: m}]\nprivate: true\n---\n",
            "content/checkins/2025-05-30.md": "---\ngoals:\n  gamma:\n    status: blocked\n---\n",
        },
        ["content/checkins/2025-05-30.md:3:3: warning [checkin-before-start]"],
        message="check-in dated 2025-05-30 reports on goal 'gamma' before it started: check",
    ),
    "missing-reflection-achieved-goal": Case(
        {GOAL: HEAD + SMART + "status: achieved\nmilestones: [{title: m}]\n---\n"},
        [f"{GOAL}:7:9: warning [missing-reflection]"],
    ),
    "markdown-too-deep": Case(
        # the body starts on line 9; line 11 quotes 25 levels deep, past the limit of 20
        {GOAL: HEAD + SMART + "milestones: [{title: m}]\n---\nIntro.\n\n" + "> " * 25 + "x\n"},
        [f"{GOAL}:11:1: warning [markdown-too-deep]"],
        message="more than 20 levels deep",
    ),
    "missing-reflection-done-milestone": Case(
        {GOAL: HEAD + SMART + "milestones:\n  - title: m\n    done: 2025-06-05\n---\n"},
        [f"{GOAL}:9:11: warning [missing-reflection]"],  # '    done: ' is 10 characters
    ),
}

CASES["yaml-too-large"] = Case({GOAL: BOMB}, [f"{GOAL}:12:5: error [yaml-too-large]"])


def _params() -> list[object]:
    return [pytest.param(case, id=name) for name, case in CASES.items()]


@pytest.mark.parametrize("case", _params())
def test_each_code_at_its_position(case: Case, make_repo, check_json, valid_goal, brief):
    files = {"content/goals/alpha.md": valid_goal, **case.files}
    root = make_repo(files)
    for relpath, target in case.links.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, root / relpath)

    status, rows = check_json(root)

    assert brief(rows) == case.expected
    assert status == (1 if any(": error " in line for line in case.expected) else 0)
    assert not rows or case.message in rows[0]["message"]  # a case may show what is no problem


def test_text_where_goal_ids_belong_names_no_keys(make_repo, check_json, valid_goal):
    """A check-in's ``goals`` maps goal ids, not fields: the keys of a goal's update are no
    help there."""
    root = make_repo({"content/goals/alpha.md": valid_goal,
                      "content/checkins/2025-06-10.md": "---\ngoals: alpha\n---\n"})
    _status, rows = check_json(root)
    assert [row["message"] for row in rows] == [
        "'goals' must be a mapping of 'key: value' lines, got the text 'alpha': write each "
        "goal's id as a key, with what the check-in says of it under it, as in goals: "
        "{alpha: {status: on-track}}"]


def test_a_prompt_written_as_no_heading_is_told_how_to_write_it(make_repo, check_json,
                                                                 valid_goal):
    """The pair wrote the prompt, as a heading is written elsewhere (no space after '##', or
    bold): the message says which line and what to write there."""
    root = make_repo({"content/goals/alpha.md": valid_goal,
                      **CASES["missing-prompt-written-as-no-heading"].files})
    _status, rows = check_json(root)
    assert [row["message"] for row in rows][1:] == [
        "reflection has no heading 'What happened': '##What happened' is not a heading "
        "without a space after the '#' marks: write '## What happened'",
        "reflection has no heading 'Why it mattered': '**Why it mattered:**' is bold text, "
        "not a heading: write '## Why it mattered'"]


def test_base_repository_is_clean(make_repo, check_json, valid_goal):
    """The starting point of every case gives no diagnostic, so each case shows only its own."""
    assert check_json(make_repo({"content/goals/alpha.md": valid_goal})) == (0, [])


def test_every_code_the_package_produces_has_a_case() -> None:
    """A new diagnostic code needs a case here; the codes are read from the package source."""
    package = Path(mentorsite.__file__).parent
    stages = ["read/yamlsafe", "read/frontmatter", "read/comments", "read/quotes", "read/load",
              "model/entries", "model/validate", "model/cross_checks", "model/pydantic_errors"]
    modules = [package / f"{name}.py" for name in stages]
    modules += sorted((package / "model" / "lint").glob("*.py"))  # the package of warnings
    source = "".join(module.read_text(encoding="utf-8") for module in modules)
    statuses = {"on-track", "at-risk", "off-track"}
    produced = set(re.findall(r'"([a-z]+(?:-[a-z]+)+)"', source)) - statuses
    covered = {
        line.rsplit("[", 1)[1].rstrip("]")
        for case in CASES.values()
        for line in case.expected
    } | {"no-mentorship"}  # a folder holding nothing: its own test below
    assert produced <= covered, f"codes with no case: {sorted(produced - covered)}"


def test_a_folder_with_no_settings_and_no_content_is_no_mentorship(tmp_path, check_json, make_repo):
    """Run in the wrong folder, check and build say so rather than show an empty site."""
    status, rows = check_json(tmp_path)
    assert status == 0
    assert [(r["path"], r["line"], r["column"], r["code"]) for r in rows] == [
        ("mentorsite.yml", 1, 1, "no-mentorship")
    ]
    assert "run mentorsite in the mentorship repository" in rows[0]["message"]
    # either one is enough to be a mentorship: settings alone, or content alone
    assert check_json(make_repo({"mentorsite.yml": "title: T\n"})) == (0, [])
    root = make_repo({})
    (root / "content").mkdir(exist_ok=True)
    assert check_json(root) == (0, [])


def test_a_reflection_after_the_milestone_silences_missing_reflection(
    make_repo, check_json, valid_goal
):
    """The counterpart of the missing-reflection cases: a reflection naming the goal."""
    root = make_repo(
        {
            "content/goals/alpha.md": valid_goal,
            GOAL: HEAD + SMART + "status: achieved\nmilestones:\n"
            "  - title: m\n    done: 2025-06-05\n---\n",
            "content/reflections/2025-06-06-done.md": "---\ntitle: t\ngoal: beta\n---\n"
            + PROMPTS,
        }
    )
    assert check_json(root) == (0, [])


# --- line ends and byte-order marks -----------------------------------------------------------

MIXED = {
    "mentorsite.yml": "title: Ours\ncadense: weekly\n",
    GOAL: HEAD + "bogus: 1\nstatus: activ\n---\nBody.\n",
    CHECKIN: "---\ngoals:\n  alpah: {}\nnext:\n  - task: t\n    due: 2025-06-12\n---\n",
    "content/reflections/2025-06-10-notes.md": "---\ntitle: t\ngoals: [alpha]\n---\n"
    "What happened\n=============\n\n## Why it mattered\n## What I learned\n",
    "content/evidence/2025-06-10-demo.md": "---\ntitle: Demo\nlink: ftp://x\n---\n",
}
MIXED_EXPECTED = [
    f"{CHECKIN}:3:3: error [unknown-goal]",
    "content/evidence/2025-06-10-demo.md:3:7: error [invalid-link]",
    f"{GOAL}:4:1: error [unknown-field]",
    f"{GOAL}:5:9: error [invalid-value]",
    "content/reflections/2025-06-10-notes.md:1:1: warning [missing-prompt]",
    # a setext heading (two lines, the second of '=') then two ATX ones, none answered
    "content/reflections/2025-06-10-notes.md:5:1: warning [unanswered-prompt]",
    "content/reflections/2025-06-10-notes.md:8:1: warning [unanswered-prompt]",
    "content/reflections/2025-06-10-notes.md:9:1: warning [unanswered-prompt]",
    "mentorsite.yml:2:1: error [unknown-field]",
]
"""The check-in has an error, so its overdue next step is not linted; the reflection lacks one
prompt ('What changes next'), its others given as setext and ATX headings."""

ENCODINGS = {
    "lf": lambda text: text.encode("utf-8"),
    "crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "bom": lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    "bom-crlf": lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_crlf_and_bom_files_report_the_same_positions(
    encoding, make_repo, check_json, valid_goal, brief
):
    encode = ENCODINGS[encoding]
    files = {"content/goals/alpha.md": valid_goal, **MIXED}
    root = make_repo({path: encode(text) for path, text in files.items()})
    status, rows = check_json(root)
    assert status == 1
    assert brief(rows) == MIXED_EXPECTED


@pytest.mark.parametrize("encoding", ["crlf", "bom", "bom-crlf"])
def test_crlf_and_bom_change_no_message(encoding, make_repo, check_json, valid_goal):
    """Not only positions: no stray '\\r' or BOM may leak into a message."""
    files = {"content/goals/alpha.md": valid_goal, **MIXED}
    _, plain = check_json(make_repo({p: ENCODINGS["lf"](t) for p, t in files.items()}))
    _, other = check_json(make_repo({p: ENCODINGS[encoding](t) for p, t in files.items()}))
    assert other == plain


# --- bugs: each test states the correct behaviour ---------------------------------------------


@pytest.mark.parametrize(
    "relpath", [GOAL, "content/loop", "mentorsite.yml"], ids=["file", "folder", "settings"]
)
def test_symlink_loop_is_reported_not_a_crash(relpath, make_repo, check_json, valid_goal, brief):
    root = make_repo({"content/goals/alpha.md": valid_goal})
    os.symlink(relpath.rsplit("/", 1)[-1], root / relpath)  # a link to itself
    status, rows = check_json(root)
    assert status == 1
    assert brief(rows) == [f"{relpath}:1:1: error [unreadable-file]"]


@pytest.mark.parametrize(("target", "said"), [
    ("content", "content/ is a symbolic link that leads back to itself"),
    ("moved-away", "content/ is a symbolic link that leads to moved-away, which is not there"),
])
def test_a_content_link_that_leads_nowhere_is_an_error(target, said, make_repo, check_json,
                                                       run_cli):
    """``content`` → ``content``, or to a folder since moved: the mentorship was read as one
    with no content at all, 'found no problems'; build published an empty site, or, at the
    loop, ended in a RuntimeError's traceback."""
    root = make_repo({"mentorsite.yml": "title: Ours\n"})
    os.symlink(target, root / "content")
    status, rows = check_json(root)
    assert status == 1
    assert [(r["path"], r["code"], r["message"]) for r in rows] == [
        ("content", "unreadable-file", f"cannot read: {said}")]
    built = run_cli("--source", root, "build")
    assert built.exit_code == 1
    assert said in built.output
    assert "Traceback" not in built.output
    assert not (root / "_site").exists()


@pytest.mark.parametrize("link", ["content/checkins/loop", "content/aa", "content/zz"])
def test_a_link_to_a_content_folder_leaves_the_folder_read_where_it_is(
        link, make_repo, check_json, valid_goal):
    """A link back to ``content/goals`` was sometimes walked first: the real folder was then
    skipped as seen, so the goals were read as files of the link's folder, told to move to
    content/checkins/, and the pair's goal errors were never reported where they are."""
    broken = valid_goal.replace("title:", "status: actve\ntitle:")
    root = make_repo({"content/goals/alpha.md": valid_goal, "content/goals/beta.md": broken,
                      "content/checkins/.keep": ""})
    os.symlink(os.path.relpath(root / "content/goals", (root / link).parent), root / link)
    status, rows = check_json(root)
    assert status == 1
    assert [(r["path"], r["code"]) for r in rows] == [
        ("content/goals/beta.md", "invalid-value")]
    project = read_project(root, date(2025, 6, 15))
    assert [goal.file.path for goal in project.model.goals] == ["content/goals/alpha.md"]


def test_content_folder_linked_out_of_the_repository_is_refused(
    tmp_path, make_repo, check_json, valid_goal, brief
):
    outside = tmp_path / "elsewhere"
    (outside / "goals").mkdir(parents=True)
    (outside / "goals" / "alpha.md").write_text(valid_goal, encoding="utf-8")
    root = make_repo({"mentorsite.yml": "title: Ours\n"})
    os.symlink(outside, root / "content")
    status, rows = check_json(root)
    assert status == 1
    assert brief(rows) == ["content:1:1: error [symlink-escape]"]


def test_named_pipe_is_refused_without_blocking(make_repo, valid_goal):
    root = make_repo({"content/goals/alpha.md": valid_goal})
    pipe = root / GOAL
    os.mkfifo(pipe)
    found: list[object] = []
    reader = threading.Thread(
        target=lambda: found.append(read_project(root, date(2025, 6, 15))), daemon=True
    )
    reader.start()
    reader.join(timeout=0.5)
    blocked = reader.is_alive()
    if blocked:  # let the reader finish: opening the pipe for writing gives it an empty file
        with open(pipe, "wb"):
            pass
        reader.join(timeout=5.0)
    assert not blocked, "check blocked reading a named pipe"
    codes = [(d.path, d.code) for d in found[0].diagnostics]  # type: ignore[attr-defined]
    assert codes == [(GOAL, "unreadable-file")]


def test_overlong_timezone_is_an_invalid_value(make_repo, check_json, brief):
    root = make_repo({"mentorsite.yml": f"timezone: {'a' * 300}\n"})
    status, rows = check_json(root)
    assert status == 1
    assert brief(rows) == ["mentorsite.yml:1:11: error [invalid-value]"]


@pytest.mark.parametrize(
    ("data", "column"),
    [
        # BOM then 'title: caf' (10 characters): the bad byte is character 11 of the line
        pytest.param(b"\xef\xbb\xbftitle: caf\xe9\n", 11, id="after-a-bom"),
        # 'title: ' (7) and 'é' (one character, two bytes): the bad byte is character 9
        pytest.param(b"title: \xc3\xa9\xe9\n", 9, id="after-a-multibyte-character"),
    ],
)
def test_invalid_encoding_column_counts_characters(data, column, make_repo, check_json, brief):
    _, rows = check_json(make_repo({"mentorsite.yml": data}))
    assert brief(rows) == [f"mentorsite.yml:1:{column}: error [invalid-encoding]"]


_UTF16 = "file is UTF-16 (what Windows Notepad calls 'Unicode'); save it as UTF-8"
_UTF32 = "file is UTF-32; save it as UTF-8"


@pytest.mark.parametrize(("path", "text", "encoding", "message"), [
    (GOAL, "---\r\ntitle: Talk\r\n---\r\n", "utf-16", _UTF16),  # little-endian, with a mark
    (GOAL, "---\r\ntitle: Talk\r\n---\r\n", "utf-16-le", _UTF16),  # no byte-order mark
    (GOAL, "---\r\ntitle: Talk\r\n---\r\n", "utf-16-be", _UTF16),
    ("mentorsite.yml", "title: Talk\r\n", "utf-16", _UTF16),
    (GOAL, "---\ntitle: Talk\n---\n", "utf-32", _UTF32),  # little-endian, with a mark
    (GOAL, "---\ntitle: Talk\n---\n", "utf-32-le", _UTF32),  # no byte-order mark
    (GOAL, "---\ntitle: Talk\n---\n", "utf-32-be", _UTF32),
    ("mentorsite.yml", "title: Talk\n", "utf-32", _UTF32),
])
def test_a_wide_file_is_named_so(path, text, encoding, message, make_repo, check_json):
    """Notepad's "Unicode" is UTF-16: it was "not UTF-8 (byte 0xff)", or, without a
    byte-order mark, "missing front matter", though the file plainly starts with '---'.
    UTF-32's little-endian mark begins with UTF-16's: it was called UTF-16, and without a
    mark, big-endian, "missing front matter" (read as UTF-8, NUL bytes and all)."""
    _, rows = check_json(make_repo({path: text.encode(encoding)}))
    assert [(row["path"], row["line"], row["column"], row["code"], row["message"])
            for row in rows] == [(path, 1, 1, "invalid-encoding", message)]


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_invalid_encoding_line_counts_every_kind_of_line_end(end, make_repo, check_json, brief):
    """A file saved with Windows-1252 quotes ('it\x92s'), with the line ends of any system:
    with CR alone (classic Mac, and some Windows tools) it was all line 1, column 49."""
    text = f"---{end}title: Talk{end}why: it\u2019s late{end}---{end}"
    _, rows = check_json(make_repo({GOAL: text.encode("cp1252")}))
    assert brief(rows) == [f"{GOAL}:3:8: error [invalid-encoding]"]


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"], ids=["nel", "ls", "ps"])
def test_unicode_line_separators_do_not_shift_lines(separator, make_repo, check_json, brief):
    text = f'---\ntitle: "a{separator}b"\nstarted: 2025-06-01\nbogus: 1\n---\n'
    _, rows = check_json(make_repo({GOAL: text}))
    assert brief(rows) == [f"{GOAL}:4:1: error [unknown-field]"]


def test_control_character_message_is_one_line(make_repo, run_cli):
    root = make_repo({GOAL: '---\ntitle: "a\x0cb"\nstarted: 2025-06-01\n---\n'})
    result = run_cli("--source", root, "--today", "2025-06-15", "check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1, lines
    # 'title: "a' is 9 characters: the form feed is at column 10
    assert lines[0].startswith(f"{GOAL}:2:10: error: ")
    assert lines[0].endswith(" [invalid-yaml]")
    assert "<unicode string>" not in lines[0]


@pytest.mark.parametrize("key", ["1", "yes", "null", "2025-01-01"])
def test_non_text_key_is_reported_at_the_key(key, make_repo, check_json):
    _, rows = check_json(make_repo({GOAL: HEAD + SMART + f"{key}: x\n---\n"}))
    assert [(r["line"], r["column"], r["severity"]) for r in rows] == [(7, 1, "error")]


def test_date_mismatch_is_reported_next_to_a_type_error(make_repo, check_json, brief):
    text = "---\ntitle: t\ngoals: alpha\ndate: 2025-06-11\n---\n" + PROMPTS
    _, rows = check_json(make_repo({"content/reflections/2025-06-10-x.md": text}))
    assert brief(rows) == [
        "content/reflections/2025-06-10-x.md:3:8: error [wrong-type]",
        "content/reflections/2025-06-10-x.md:4:7: error [date-mismatch]",
    ]


@pytest.mark.parametrize(("given", "expected"), [
    ("2025-06-10 10:00:00", ["invalid-date"]),
    ("2025-06-11 10:00:00", ["date-mismatch", "invalid-date"]),
])
def test_a_date_with_a_time_of_the_same_day_is_no_mismatch(given, expected, make_repo,
                                                            check_json):
    """The day is the file name's, so only the time is wrong: one invalid-date, not also
    'disagrees with the file name's date' between two spellings of the same day."""
    _, rows = check_json(make_repo({CHECKIN: f"---\ndate: {given}\n---\n"}))
    assert sorted(r["code"] for r in rows) == expected


def test_optional_values_left_empty_are_left_out(make_repo, check_json, valid_goal, run_cli):
    """content.md §1: an empty optional single value is the same as leaving it out. An empty
    ``status:``, ``title:``, ``timezone:``, ``theme:``, ``programme:`` or ``cadence:`` were
    refused, each in its own words ('got nothing', "did you mean 'none'?", "got 'None'")."""
    settings = "title:\ntimezone:\ntheme:\nprogramme:\ncadence:\n"
    goal = valid_goal.replace("title:", "status:\ntitle:")
    root = make_repo({"mentorsite.yml": settings, "content/goals/alpha.md": goal})
    assert check_json(root) == (0, [])
    project = read_project(root, date(2025, 6, 15))
    assert project.model.settings.title == "Mentorship progress"
    assert project.model.settings.cadence == "biweekly"
    assert [goal.status for goal in project.model.goals] == ["active"]


def test_a_value_of_the_wrong_kind_is_named_in_the_pairs_words(make_repo, check_json):
    """A date or cadence that was nothing, a list or a mapping was quoted in Python's own
    spelling: "got 'None'", "got '[datetime.date(2025, 1, 1)]'", "got '{'a': 1}'"."""
    goals = {"content/goals/a.md": "---\ntitle: A\nstarted:\n---\n",
             "content/goals/b.md": "---\ntitle: B\nstarted: [2025-01-01]\ndue: {a: 1}\n---\n"}
    root = make_repo({"mentorsite.yml": "cadence: [1]\n", **goals})
    _, rows = check_json(root)
    assert [(r["path"], r["message"]) for r in rows] == [
        ("content/goals/a.md", "'started': must be a date YYYY-MM-DD, got nothing"),
        ("content/goals/b.md", "'started': must be a date YYYY-MM-DD, got a list"),
        ("content/goals/b.md", "'due': must be a date YYYY-MM-DD, got a mapping"),
        ("mentorsite.yml", "'cadence': cadence must be weekly, biweekly, monthly or a whole "
                           "number of days, got a list"),
    ]


def test_private_left_empty_is_refused_not_taken_for_false(make_repo, check_json, valid_goal):
    """``private:`` with nothing after it may mean the pair forgot the ``true``: taking it
    for ``false`` would publish the goal."""
    root = make_repo({"content/goals/alpha.md": valid_goal.replace("title:", "private:\ntitle:")})
    _, rows = check_json(root)
    assert [(r["code"], r["message"]) for r in rows] == [
        ("wrong-type", "'private' must be true or false, got nothing")]


@pytest.mark.parametrize("files", [
    {CHECKIN: "---\ngoals:\n  alpha:\n    metrics: {speed: 0x" + "f" * 5000 + "}\n---\n"},
    {CHECKIN: "---\ngoals:\n  alpha:\n    metrics: {speed: " + "9" * 5000 + ":30}\n---\n"},
    {"mentorsite.yml": "cadence: every " + "9" * 5000 + " weeks\n"},
], ids=["hex", "time", "cadence"])
def test_a_number_too_long_to_convert_gets_no_hint_and_no_crash(files, make_repo, check_json,
                                                                valid_goal):
    """The hints that work out the number meant (0x10 → 16, 3 weeks → 21) converted any
    length of digits, and Python refuses to convert more than 4,300: a traceback."""
    root = make_repo({GOAL.replace("beta", "alpha"): valid_goal, **files})
    status, rows = check_json(root)
    assert status == 1
    assert [r["code"] for r in rows] in (["wrong-type"], ["invalid-value"])
    assert "limit" not in rows[0]["message"] and "Value error" not in rows[0]["message"]


def test_a_field_written_level_with_its_goal_is_not_offered_as_a_goal(make_repo, check_json):
    """``status: on-track`` level with the goal it is about was told both to go under the
    goal and, in the next message, to become a goal of its own (write status: {status: …})."""
    root = make_repo({CHECKIN: "---\ngoals:\n  alpha:\n  status: on-track\n---\n"})
    _, rows = check_json(root)
    assert [r["message"] for r in rows if r["code"] == "wrong-type"] == [
        "'goals.status' must be a mapping of 'key: value' lines, got the text 'on-track'; "
        "its keys are status, metrics, note"]


def test_a_duplicate_key_leaves_the_rest_of_the_file_checked(make_repo, check_json, brief):
    """A second ``due:`` was the only problem said, however many more the file had: the
    others came one run at a time, after it was fixed."""
    text = (HEAD + SMART + "due: 2026-01-01\ncolour: blue\n"  # lines 7-8
            + "milestones:\n  - title: m\n    due: 2025-13-01\n---\n")  # line 11
    _, rows = check_json(make_repo({GOAL: text}))
    assert brief(rows) == [f"{GOAL}:7:1: error [duplicate-key]",
                           f"{GOAL}:8:1: error [unknown-field]",
                           f"{GOAL}:11:10: error [invalid-date]"]


def test_a_goal_with_a_duplicate_key_is_left_out_with_what_reports_on_it(
        make_repo, valid_goal) -> None:
    """Its fields are checked but it still has an error: it is no goal of the model, and a
    check-in reporting on it is left out too, as for a goal with any other error."""
    root = make_repo({
        "content/goals/alpha.md": valid_goal,
        GOAL: HEAD + SMART + "why: again\nmilestones: [{title: m}]\n---\n",
        CHECKIN: "---\ngoals:\n  beta: {status: on-track}\n---\n",
    })
    model = read_project(root, date(2025, 6, 15)).model
    assert [goal.id for goal in model.goals] == ["alpha"]
    assert model.checkins == ()


def test_a_duplicate_key_in_the_settings_hides_none_of_their_other_problems(
        make_repo, check_json, valid_goal, brief):
    root = make_repo({"mentorsite.yml": "title: A\ntitle: B\ncadence: fortnightly\n",
                      "content/goals/alpha.md": valid_goal})
    _, rows = check_json(root)
    assert brief(rows) == ["mentorsite.yml:2:1: error [duplicate-key]",
                           "mentorsite.yml:3:10: error [invalid-value]"]


def test_a_title_two_goals_share_names_neither(make_repo, check_json, valid_goal):
    """Named by a title that is two goals', a goal could be either: the error does not guess."""
    root = make_repo({"content/goals/alpha.md": valid_goal,
                      "content/goals/beta.md": valid_goal.replace("title: Ship", "title: ship"),
                      "content/evidence/2025-06-10-x.md":
                          "---\ntitle: t\ngoals: [Ship the first release]\n---\n"})
    _status, rows = check_json(root)
    assert [(row["code"], row["message"].rsplit(";", 1)[1]) for row in rows] == [
        ("invalid-id", " a goal is named by its id, its file's name without .md")]


def test_pivots_are_walked_once_each_in_a_long_line_of_them():
    """Each goal's chain of pivots was walked to its end, and looked up in a list: a line of
    2,000 pivoted goals took 15 s to check. Each goal is now looked at a bounded number of
    times; the circles found are those every goal on them is told of."""
    from types import SimpleNamespace

    from mentorsite.model.cross_checks import Goals

    class Counting(dict):  # type: ignore[type-arg]
        looked = 0

        def __getitem__(self, key: str) -> object:
            Counting.looked += 1
            return super().__getitem__(key)

        def __contains__(self, key: object) -> bool:
            Counting.looked += 1
            return super().__contains__(key)

    def goal(to: str | None) -> object:
        return SimpleNamespace(entry=SimpleNamespace(pivoted_to=to))

    line = {f"g{n}": goal(f"g{n + 1}") for n in range(2_000)}  # g1999 → g2000: not a goal
    rest = {"a": goal("b"), "b": goal("c"), "c": goal("a"), "tail": goal("a"), "self": goal("self")}
    goals = Goals(set(), Counting({**line, **rest}))
    assert goals.circles == {"a": ["a", "b", "c", "a"], "b": ["b", "c", "a", "b"],
                             "c": ["c", "a", "b", "c"], "self": ["self", "self"]}
    assert Counting.looked < 4 * len(goals.valid)


def test_a_hint_among_many_choices_compares_a_few_and_finds_the_same(monkeypatch):
    """difflib compared a misspelt goal with every goal id: a check-in naming 1,000 goals
    wrongly, in a plan of 1,000 goals, took 16 s. A shortlist of the choices sharing the most
    letters and pairs is compared; the hint is the one the whole list gives."""
    import difflib
    import random

    from mentorsite import diagnostics

    ids = [f"goal-number-{n}" for n in range(1_000)] + ["speak-up", "lead-the-team"]
    compared: list[str] = []
    real = difflib.SequenceMatcher.set_seq1
    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1",
                        lambda self, a: (compared.append(a), real(self, a))[1])
    rng = random.Random(7)
    for word in ["goal-numbr-1", "goal-number-1000", "Goal-Number-42", "speek-up", "lead-team",
                 *(f"gaol-number-{rng.randrange(1_000)}" for _ in range(50))]:
        compared.clear()
        hint = diagnostics.did_you_mean(word, ids)
        assert len(compared) <= diagnostics.SHORTLIST + 1  # difflib sets an empty one first
        whole = difflib.get_close_matches(word.casefold(), ids, n=1, cutoff=0.6)
        assert hint == (f" (did you mean '{whole[0]}'?)" if whole else ""), word


def test_a_file_is_checked_without_reading_again_what_was_told_of_the_files_before_it(tmp_path):
    """A value a comment took whole (``why: #1 reason``) was told by two passes over every
    problem told so far, of every file, for each file holding one: check and build of 6,000
    such goals spent 2.6 of their 4 seconds there, growing as the square of the files. The
    problems told before the files are checked are now read as often however many follow."""
    from mentorsite.diagnostics import Diagnostic, Diagnostics, Severity
    from mentorsite.model.entries import Settings
    from mentorsite.model.validate import validate_documents
    from mentorsite.read.load import load_content

    reads = [0]

    @dataclass(frozen=True)
    class Counted(Diagnostic):
        """A problem told before the content is checked, counting each look at it."""

        def __getattribute__(self, name: str) -> object:
            if not name.startswith("__"):
                reads[0] += 1
            return super().__getattribute__(name)

    def reads_checking(files: int) -> int:
        root = tmp_path / str(files)
        (root / "content" / "goals").mkdir(parents=True)
        for index in range(files):
            (root / "content" / "goals" / f"g{index}.md").write_text(
                f"---\ntitle: Goal {index}\nstarted: 2025-06-01\nwhy: #{index} reason\n---\n")
        diagnostics = Diagnostics()
        documents = load_content(root, diagnostics)
        diagnostics.items[:0] = [Counted("mentorsite.yml", line, 1, Severity.WARNING, "x", "m")
                                 for line in range(1, 51)]
        reads[0] = 0
        validate_documents(Settings(), documents, diagnostics)
        told = [d for d in diagnostics if d.code == "comment-in-value"]
        assert len(told) == files, told  # each file's emptied 'why' is still told
        return reads[0]

    assert reads_checking(40) == reads_checking(2)


def test_serve_renders_no_linked_body_again_to_find_its_anchors(tmp_path, monkeypatch):
    """Checking a link to another entry's heading (``../goals/g7.md#plan``) renders that
    entry's body for its anchors. ``serve`` lints every body again after each edit, and the
    anchors were kept for 1,024 bodies only: a site linking to more, by a ``#fragment``, had
    every one of them rendered again on every save. A second reading renders none."""
    from mentorsite.markdown.engine import render
    from mentorsite.model.lint import links

    goals = 1_100
    root = tmp_path / "repo"
    (root / "content" / "goals").mkdir(parents=True)
    (root / "content" / "checkins").mkdir()
    (root / "mentorsite.yml").write_text("title: t\n")
    for index in range(goals):
        (root / "content" / "goals" / f"g{index}.md").write_text(
            f"---\ntitle: Goal {index}\nstarted: 2025-06-01\n---\n## Plan {index}\n")
    (root / "content" / "checkins" / "2025-06-10.md").write_text(
        "---\ngoals: {g0: {status: on-track}}\n---\n" + "".join(
            f"[{index}](../goals/g{index}.md#plan-{index})\n" for index in range(goals)))
    rendered: list[str] = []

    def counted(body: str) -> str:
        rendered.append(body)
        return render(body)

    monkeypatch.setattr(links, "render", counted)
    links._places.cache_clear()
    first = read_project(root, date(2025, 6, 15))
    assert len(rendered) == goals  # each linked body once, and each link found its heading
    assert not [d for d in first.diagnostics if d.code == "broken-link"]
    rendered.clear()
    read_project(root, date(2025, 6, 15))
    assert rendered == []


def test_serve_scans_no_unchanged_body_again_for_links_to_its_own_headings(tmp_path,
                                                                          monkeypatch):
    """Every body with a heading holds a ``#``, and ``serve`` lints every body again after
    each edit: each was scanned again for links to its own headings on every save. A
    second reading scans none, and still tells the broken link."""
    from mentorsite.model.lint import links

    root = tmp_path / "repo"
    (root / "content" / "goals").mkdir(parents=True)
    (root / "mentorsite.yml").write_text("title: t\n")
    for index in range(3):
        (root / "content" / "goals" / f"g{index}.md").write_text(
            f"---\ntitle: Goal {index}\nstarted: 2025-06-01\n---\n## Plan\n\n"
            f"[plan](#plan) [risks](#risks-{index})\n\n{tmp_path.name}\n")  # no body seen before
    scanned: list[str] = []

    class Counted:
        def __init__(self, pattern):
            self.pattern = pattern

        def finditer(self, body: str):
            scanned.append(body)
            return self.pattern.finditer(body)

    for name in ("_FRAGMENT_LINK", "_INLINE_FRAGMENT_LINK"):  # with reference links, or without
        monkeypatch.setattr(links, name, Counted(getattr(links, name)))
    first = read_project(root, date(2025, 6, 15))
    assert len(scanned) == 3
    scanned.clear()
    again = read_project(root, date(2025, 6, 15))
    assert scanned == []
    broken = [(d.path, d.line, d.column) for d in again.diagnostics if d.code == "broken-link"]
    assert broken == [(d.path, d.line, d.column) for d in first.diagnostics
                      if d.code == "broken-link"]
    assert broken == [(f"content/goals/g{index}.md", 7, 23) for index in range(3)]


def test_a_public_files_hints_name_no_private_goal(make_repo, check_json, valid_goal):
    """docs/content.md §11: a warning on a public file never names a private one (check's
    annotations show on the pull request). A public check-in naming 'divorce-paperwrk' was
    asked "did you mean 'divorce-paperwork'?", and a public reflection's near-miss milestone
    quoted the private goal's milestone title; a private file's problems still may."""
    private = MILESTONE_GOAL.replace("---\ntitle:", "---\nprivate: true\ntitle:", 1)
    files = {"content/goals/divorce-paperwork.md": private,
             CHECKIN: "---\ngoals: {divorce-paperwrk: {}}\n---\n",
             "content/reflections/2025-06-10-notes.md":
                 REFLECTION.format("First revew run").replace("[beta]", "[divorce-paperwork]")}
    _, rows = check_json(make_repo(files))
    said = {r["code"]: r["message"] for r in rows}
    assert said["unknown-goal"].startswith("unknown goal 'divorce-paperwrk': there is no ")
    assert "unknown-milestone" not in said and "divorce-paperwork" not in str(rows)
    hidden = {path: text.replace("---\n", "---\nprivate: true\n", 1)
              for path, text in files.items() if "goals/" not in path}
    _, rows = check_json(make_repo({**files, **hidden}))
    said = {r["code"]: r["message"] for r in rows}
    assert "(did you mean 'divorce-paperwork'?)" in said["unknown-goal"]
    assert "(did you mean 'First review run'?)" in said["unknown-milestone"]


@pytest.mark.parametrize(("theme", "folder", "hint"), [
    ("../content", "themes/mine/templates/.keep", ""),
    ("../content", "themes/content/notes.txt", ""),  # a folder, not a theme
    ("../content", "themes/content/static/.keep", " (did you mean 'content'?)"),
    ("themes/mine", "themes/mine/templates/.keep", " (did you mean 'mine'?)"),
    ("Mine", "themes/mine/static/.keep", " (did you mean 'mine'?)"),
])
def test_a_theme_that_is_no_id_is_hinted_only_a_theme_there_is(
        make_repo, check_json, valid_goal, theme, folder, hint):
    """``theme: ../content`` was told "(did you mean 'content'?)", the content folder and no
    theme: the hint names only the built-in theme or a folder under ``themes/`` holding one."""
    _, rows = check_json(make_repo({"content/goals/alpha.md": valid_goal, folder: "",
                                    "mentorsite.yml": f"theme: '{theme}'\n"}))
    assert [(r["path"], r["line"], r["column"], r["code"], r["message"]) for r in rows] == [
        ("mentorsite.yml", 1, 8, "invalid-id",
         f"'{theme}' is not a valid id: use lowercase letters, digits and '-', starting with a "
         f"letter or digit{hint}")]
