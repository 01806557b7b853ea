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


def diff_lines(lines: Sequence[str]) -> Markup:
    """Each line of a unified diff marked as a hunk header, an addition, a removal or context,
    followed by a real newline so the diff still reads as lines without the stylesheet."""
    out = []
    for line in lines:
        if line.startswith("@@"):
            out.append(f'<span class="diff__hunk">{escape(line)}</span>\n')
        elif line.startswith("+"):
            out.append(f'<ins class="diff__add">{escape(line)}</ins>\n')
        elif line.startswith("-"):
            out.append(f'<del class="diff__del">{escape(line)}</del>\n')
        else:
            out.append(f'<span class="diff__ctx">{escape(line)}</span>\n')
    return Markup("".join(out))


def field_change_items(changes: Sequence[FieldChange]) -> Markup:
    """One ``<li>`` per changed field: ``name: old → new``, or added / removed."""
    return Markup("".join(_item(change) for change in changes))


def _item(change: FieldChange) -> str:
    long = len(change.before or "") + len(change.after or "") > LONG_CHANGE
    if change.before is None:
        values = ('<span class="field-changes__added">added</span> '
                  f'<span class="field-changes__new">{escape(change.after)}</span>')
    elif change.after is None:
        values = ('<span class="field-changes__removed">removed</span> '
                  f'<del class="field-changes__old">{escape(change.before)}</del>')
    else:
        values = (f'<del class="field-changes__old">{escape(change.before)}</del> '
                  '<span class="field-changes__arrow" aria-hidden="true">→</span>'
                  '<span class="visually-hidden"> changed to </span> '
                  f'<ins class="field-changes__new">{escape(change.after)}</ins>')
    modifier = " field-changes__item--long" if long else ""
    return (f'<li class="field-changes__item{modifier}">\n'
            f'<span class="field-changes__name"><code class="field-changes__field">'
            f'{escape(change.field)}</code>:</span>\n'
            f'<span class="field-changes__values">{values}</span>\n'
            '</li>\n')


GLOBALS = {"diff_lines": diff_lines, "field_change_items": field_change_items}
"""What templates may call, registered on every Jinja environment."""
