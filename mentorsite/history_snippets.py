"""The two pieces of HTML every commit page repeats for each file: the lines of a diff and
the list of changes in meaning. Python, not Jinja macros, because a history of thousands of
commits calls them thousands of times; ``history_macros.html`` still wraps them, so a theme
that overrides those macros decides how they look.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from mentorsite.evolution import FieldChange

LONG_CHANGE = 60
"""Characters of old plus new value past which a change is stacked (old above new)."""


def _text(value: str | None) -> str:
    """``value`` escaped exactly as :func:`markupsafe.escape` (Jinja's autoescape) does it,
    without making a :class:`~markupsafe.Markup` of every diff line and field value: a plain
    string is escaped by five replacements in markupsafe's order, anything else (None, markup
    that escapes itself) goes through ``escape``."""
    if type(value) is not str:
        return str(escape(value))
    return (value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
            .replace("'", "&#39;").replace('"', "&#34;"))


_LINE = {"@": ('<span class="diff__hunk">', "</span>\n"),
         "+": ('<ins class="diff__add">', "</ins>\n"),
         "-": ('<del class="diff__del">', "</del>\n")}
"""The element around a diff line, by its first character ("@" only as in "@@")."""
_CONTEXT = ('<span class="diff__ctx">', "</span>\n")


def diff_lines(lines: Sequence[str]) -> Markup:
    """Each line of a unified diff marked as a hunk header, an addition, a removal or context,
    followed by a real newline so the diff still reads as lines without the stylesheet."""
    out = []
    for line in lines:
        first = line[:1]
        if first == "@" and not line.startswith("@@"):
            first = ""  # a single "@" is a context line
        start, end = _LINE.get(first, _CONTEXT)
        out.append(f"{start}{_text(line)}{end}")
    return Markup("".join(out))


def field_change_items(changes: Sequence[FieldChange]) -> Markup:
    """One ``<li>`` per changed field: ``name: old → new``, or added / removed."""
    return Markup("".join(_item(change) for change in changes))


def _item(change: FieldChange) -> str:
    long = len(change.before or "") + len(change.after or "") > LONG_CHANGE
    if change.before is None:
        values = ('<span class="field-changes__added">added</span> '
                  f'<span class="field-changes__new">{_text(change.after)}</span>')
    elif change.after is None:
        values = ('<span class="field-changes__removed">removed</span> '
                  f'<del class="field-changes__old">{_text(change.before)}</del>')
    else:
        values = (f'<del class="field-changes__old">{_text(change.before)}</del> '
                  '<span class="field-changes__arrow" aria-hidden="true">→</span>'
                  '<span class="visually-hidden"> changed to </span> '
                  f'<ins class="field-changes__new">{_text(change.after)}</ins>')
    modifier = " field-changes__item--long" if long else ""
    return (f'<li class="field-changes__item{modifier}">\n'
            f'<span class="field-changes__name"><code class="field-changes__field">'
            f'{_text(change.field)}</code>:</span>\n'
            f'<span class="field-changes__values">{values}</span>\n'
            '</li>\n')


GLOBALS = {"diff_lines": diff_lines, "field_change_items": field_change_items}
"""What templates may call, registered on every Jinja environment."""
