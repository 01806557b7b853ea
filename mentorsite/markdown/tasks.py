"""Task lists (``- [ ] a task``, ``- [x] done``): each such item drawn with a disabled checkbox
that its text labels, and its list marked as one that holds tasks.

This is the HTML mdit-py-plugins' ``tasklists_plugin`` draws with ``label=True``, found in
one pass. The plugin looks for each task's list by walking back from the task to the list's
opening, past every item before it, so a list of n tasks took n²/2 steps: 20,000 tasks in one
list (a 300 kB checklist) took minutes to build. Here the list that holds each token is known
as the tokens go by.
"""

from __future__ import annotations

import re

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_BOX = re.compile(r"\[[ xX]][ \t\n\v\f\r]+")
"""What a task's paragraph starts with: a box and GFM whitespace (markdown-it has trimmed the
blanks before it)."""
_CHECKBOX = {
    " ": '<input class="task-list-item-checkbox" disabled="disabled" type="checkbox">',
    "x": '<input class="task-list-item-checkbox" checked="checked" disabled="disabled" '
         'type="checkbox">',
}


def task_lists(state: StateCore) -> None:
    """Core rule, after ``inline``: each item whose first paragraph starts with a box becomes
    a task, and the list that holds it a ``contains-task-list``."""
    tokens = state.tokens
    latest: dict[int, Token] = {}  # the latest token at each level: at an item's less one, its list
    for index, token in enumerate(tokens):
        if (2 <= index < len(tokens) - 1 and token.type == "inline"
                and tokens[index - 1].type == "paragraph_open"
                and tokens[index - 2].type == "list_item_open"
                and _BOX.match(token.content)):
            item = tokens[index - 2]
            _todoify(token)
            item.attrSet("class", "task-list-item")
            holder = latest.get(item.level - 1, tokens[-1])  # the plugin's "none": the last
            holder.attrSet("class", "contains-task-list")
        latest[token.level] = token


def _todoify(token: Token) -> None:
    """The task's text without its box, after a checkbox, all in a ``<label>``."""
    assert token.children is not None  # the inline rule has run
    # A box followed by another blank than a space is a task without a checkbox, as the
    # plugin draws it.
    box = _CHECKBOX[token.content[1].lower()] if token.content[3] == " " else ""
    checkbox = Token("html_inline", "", 0, content=box)
    token.children.insert(0, checkbox)
    token.children[1].content = token.children[1].content[3:]
    token.content = token.content[3:]
    token.children.insert(0, Token("html_inline", "", 0, content="<label>"))
    token.children.append(Token("html_inline", "", 0, content="</label>"))
