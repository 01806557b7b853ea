"""Task lists: the HTML mdit-py-plugins' task-list rule draws, in work that grows with the list.

A list of n tasks cost that rule n²/2 steps (it walked back from each task past every item
before it to find its list): a 300 kB checklist took minutes to build.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.tasklists import tasklists_plugin

from mentorsite.markdown.engine import render

BODIES = {
    "tight": "- [ ] one\n- [x] two\n- [X] three\n- not a task\n",
    "loose": "- [ ] one\n\n- [x] two\n",
    "ordered": "1. [ ] one\n2) [x] two\n",
    "nested": "- [ ] one\n  - [x] inner\n    1. [ ] deeper\n- [ ] two\n",
    "quoted": "> - [ ] in a quote\n> - [x] done\n",
    "tab-after-box": "- [ ]\ttab\n- [x]\n- [ ]  two blanks\n",
    "footnote": "A note[^a].\n\n[^a]: see below\n\n- [ ] after it\n\n[^b]: - [x] in a note\n",
    "markup": "- [ ] *emphasis* and `code` and [a link](https://example.org)\n",
}


def _plugin_rendered(markdown: str) -> str:
    """``markdown`` drawn by our parser with the plugin's rule in place of ours."""
    from mentorsite.markdown import engine

    plugin = MarkdownIt().use(tasklists_plugin, label=True)
    rule = next(r.fn for r in plugin.core.ruler.__rules__ if r.name == "github-tasklists")
    md = engine._configured()
    md.core.ruler.at("task_lists", rule)
    html: str = md.render(markdown + "\\\n")  # a backslash: not an everyday body
    return html


@pytest.mark.parametrize("markdown", list(BODIES.values()), ids=list(BODIES))
def test_task_lists_are_drawn_as_the_plugin_draws_them(markdown):
    assert render(markdown + "\\\n") == _plugin_rendered(markdown)


def _lines_run(markdown: str) -> int:
    """How many lines of Python rendering ``markdown`` runs: the work done, on any machine."""
    lines = 0

    def trace(frame: FrameType, event: str, arg: object) -> Callable[..., object]:
        nonlocal lines
        lines += event == "line"
        return trace

    sys.settrace(trace)
    try:
        render(markdown)
    finally:
        sys.settrace(None)
    return lines


def test_the_work_on_a_task_list_grows_with_its_length():
    """Each task's list is found without walking back over the items before it: four times
    the tasks, about four times the work (the plugin's walk made it sixteen)."""
    short, long = (_lines_run("- [ ] a task\n" * tasks + "\\\n") for tasks in (500, 2_000))
    assert long < 6 * short
