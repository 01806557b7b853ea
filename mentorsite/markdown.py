"""Markdown bodies to HTML: CommonMark with task lists, footnotes and heading anchors.

Raw HTML is shown as text, never rendered, and links may only be http, https, mailto or
relative; anything else (``javascript:``, ``data:``, ``file:``…) is left as plain text. The
result is safe to insert into a page as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def is_safe_link(url: str) -> bool:
    """True for http(s), mailto and scheme-less (relative or fragment) links."""
    match = _SCHEME.match(_INVISIBLE.sub("", url))
    return match is None or match.group(1).lower() in SAFE_SCHEMES


class _SafeMarkdown(MarkdownIt):
    """markdown-it with our link rule in place of its own block list."""

    def validateLink(self, url: str) -> bool:
        return is_safe_link(url)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = _SafeMarkdown("commonmark", {"html": False, "typographer": False, "xhtmlOut": False})
    md.use(tasklists_plugin).use(footnote_plugin).use(anchors_plugin, min_level=2, max_level=4)
    return md


def render(markdown: str) -> str:
    """HTML for a Markdown body; raw HTML in it is escaped."""
    html: str = _parser().render(markdown)
    return html
