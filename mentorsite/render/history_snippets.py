"""The pieces of HTML every commit page repeats for each file: the lines of a diff, the list
of changes in meaning, and the whole section of each file. Python, not Jinja macros, because a
history of thousands of commits calls them thousands of times. ``history_macros.html`` still
wraps the first two for goal and revision pages, so a theme that overrides those macros
decides how they look there; commit pages draw their files with :func:`file_changes`, so a
theme changes them by overriding ``commit.html``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import chain
from operator import attrgetter

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from mentorsite.history.body_diffs import lines_added_removed
from mentorsite.history.commits import Commit
from mentorsite.history.evolution import FileHistory, Revision
from mentorsite.history.field_changes import FieldChange
from mentorsite.render.snippets import escaped, isolated
from mentorsite.render.snippets import text as _text
from mentorsite.text import holds_not_html, on_pages, short_date

LONG_CHANGE = 60
"""Characters of old plus new value past which a change is stacked (old above new)."""

MOST_DIFF_LINES = 1_000
"""The lines of one diff a page shows; the rest are counted. A file once pasted full of a log
(a current file may hold 1 MiB, an old version any size) made a commit page of 18 MB that no
browser opens gladly and no one reads; ``git show`` has every line."""
MOST_FILES_IN_FULL = 100
"""The files a commit page shows each in full (its changes in meaning and its diff); a commit
of more, or whose diffs together pass :data:`MOST_PAGE_DIFF_LINES`, is shown as a list of its
files with the lines each gained and lost. A commit that added 2,000 files made a page of
7 MB; the largest commit of the example mentorship touches 29 files."""
MOST_PAGE_DIFF_LINES = 5_000
"""The diff lines a commit page shows in all (each file's counted up to
:data:`MOST_DIFF_LINES`) before it lists its files instead."""


_LINE = {"@": ('<span class="diff__hunk">', "</span>\n"),
         "+": ('<span class="visually-hidden diff__say">added: </span><ins class="diff__add">'
               '<span aria-hidden="true">+</span>', "</ins>\n"),
         "-": ('<span class="visually-hidden diff__say">removed: </span><del class="diff__del">'
               '<span aria-hidden="true">-</span>', "</del>\n")}
"""The element around a diff line, by its first character ("@" only as in "@@"). An added or
removed line is said to be one in words a screen reader reads (most read neither ``<ins>`` nor
``<del>``, and "+" as "plus", "-" as nothing), which the theme hides from sight and from a copy
of the diff; the line's own "+" or "-" is hidden from the reader instead, and stays in the
copy."""
_SIGNED = frozenset("+-")
_STR = frozenset({str})
"""The type of each line that :func:`diff_lines` escapes all at once (asked of every line
without a round of Python per line)."""
_CONTEXT = ('<span class="diff__ctx">', "</span>\n")


def diff_lines(lines: Sequence[str]) -> Markup:
    """Each line of a unified diff marked as a hunk header, an addition, a removal or context,
    followed by a real newline so the diff still reads as lines without the stylesheet; past
    :data:`MOST_DIFF_LINES`, how many more there are."""
    left_out = len(lines) - MOST_DIFF_LINES
    if left_out > 0:
        lines = lines[:MOST_DIFF_LINES]
    # Escaped all at once, then cut into lines again: diff lines are plain strings without a
    # line break (one with a break would give one piece more; then, or for anything else,
    # each line is escaped by itself). A character no page may hold (a control character in
    # a body, or a noncharacter) is shown as U+FFFD, as in the rendered body: an earlier
    # version of a file was never checked, and may hold any.
    whole = on_pages(escaped("\n".join(lines))) if {*map(type, lines)} <= _STR else None
    drawn = _one_sided(whole, len(lines)) if whole is not None else None
    out = [drawn] if drawn is not None else _line_by_line(lines, whole)
    if left_out > 0:
        out.append(f'<span class="diff__hunk diff__more">… {left_out:,} more '
                   f'{"line" if left_out == 1 else "lines"} of this change, not shown here'
                   "</span>\n")
    return Markup("".join(out))


def _line_by_line(lines: Sequence[str], whole: str | None) -> list[str]:
    """Each line of :func:`diff_lines` drawn by itself; ``whole``: the lines escaped and
    joined by line feeds, when they are all strings."""
    shown = whole.split("\n") if whole is not None else []
    if len(shown) != len(lines):
        shown = [on_pages(escaped(line) if type(line) is str else _text(line)) for line in lines]
    out = []
    for line, text in zip(lines, shown, strict=True):
        first = line[:1]
        if first == "@" and not line.startswith("@@"):
            first = ""  # a single "@" is a context line
        start, end = _LINE.get(first, _CONTEXT)
        mark, rest = ("" if first in _SIGNED else text[:1]), text[1:]  # a sign is in start
        if not rest.isascii():  # each line's text in its own direction, after its mark
            rest = isolated(rest)
        out.append(f"{start}{mark}{rest}{end}")
    return out


def _one_sided(whole: str, count: int) -> str | None:
    """What :func:`_line_by_line` draws of ``whole``, ``count`` diff lines escaped and
    joined by line feeds, when they are a hunk header and then only additions or only
    removals, all ASCII: a file added or deleted, 5,000 of the 5,150 revisions of the
    benchmark's history. One replacement over the text draws it, not a round of Python per
    line. None for any other diff, or lines holding a line feed of their own."""
    head, _, tail = whole.partition("\n")
    sign = tail[:1]
    if count < 2 or sign not in _SIGNED or not head.startswith("@@") or not whole.isascii():
        return None
    between = "\n" + sign  # every line feed in the tail starts another line of that sign
    if tail.count("\n") != count - 2 or tail.count(between) != count - 2:
        return None
    start, end = _LINE[sign]
    hunk_start, hunk_end = _LINE["@"]
    return f"{hunk_start}{head}{hunk_end}{start}{tail[1:].replace(between, end + start)}{end}"


def field_change_items(changes: Sequence[FieldChange]) -> Markup:
    """One ``<li>`` per changed field: ``name: old → new``, or added / removed.

    The fields and values are looked at together first, as one text: as a rule they are
    plain ASCII with nothing to escape, and are then written as they are, without the three
    calls of :func:`~mentorsite.render.snippets.text` per change (15,000 changes of the
    1,000-commit benchmark history, nearly all of a file added, were a third of what its
    commit pages drew in Python). A character no page may hold is shown as U+FFFD
    (:func:`~mentorsite.text.on_pages`), looked for in that text, not in the markup around
    it, which holds none: it is replaced character by character, so once over the whole list
    is the same as once per item."""
    rows = list(map(_CHANGE_PARTS, changes))
    if not {*map(type, chain.from_iterable(rows))} <= _TEXT_OR_NONE:  # not a history's
        return Markup(on_pages("".join([_item(*row, _text) for row in rows])))
    said = "".join(filter(None, chain.from_iterable(rows)))
    show = _as_is if said.isascii() and escaped(said) is said else _text
    html = "".join([_item(*row, show) for row in rows])
    return Markup(on_pages(html) if holds_not_html(said) else html)


_CHANGE_PARTS = attrgetter("field", "before", "after")
_TEXT_OR_NONE = frozenset({str, type(None)})


def _as_is(value: object) -> object:
    """A text of :func:`field_change_items` that is ASCII with nothing to escape (the joined
    text is, so each part is), as :func:`~mentorsite.render.snippets.text` writes it."""
    return value


def _item(field: str, before: str | None, after: str | None,
          show: Callable[[object], object]) -> str:
    """One changed field's ``<li>``, its field and values written by ``show``."""
    long = len(before or "") + len(after or "") > LONG_CHANGE
    if before is None:
        values = ('<span class="field-changes__added">added</span> '
                  f'<span class="field-changes__new">{show(after)}</span>')
    elif after is None:
        values = ('<span class="field-changes__removed">removed</span> '
                  f'<del class="field-changes__old">{show(before)}</del>')
    else:
        values = (f'<del class="field-changes__old">{show(before)}</del> '
                  '<span class="field-changes__arrow" aria-hidden="true">→</span>'
                  '<span class="visually-hidden"> changed to </span> '
                  f'<ins class="field-changes__new">{show(after)}</ins>')
    modifier = " field-changes__item--long" if long else ""
    return (f'<li class="field-changes__item{modifier}">\n'
            f'<span class="field-changes__name"><code class="field-changes__field">'
            f'{show(field)}</code>:</span>\n'
            f'<span class="field-changes__values">{values}</span>\n'
            '</li>\n')


STATUS_LABELS = {"A": "Added", "M": "Changed", "D": "Deleted", "R": "Renamed", "C": "Copied",
                 "T": "Changed"}
"""How a file's change is labelled on its commit page, by git's status letter."""


def file_changes(revisions: Sequence[Revision], entry_urls: Mapping[str, str], root: str,
                 kind_of: Callable[[str], str]) -> Markup:
    """A commit page's files, each a section: what happened to it, its kind and path (a link
    to its page while it has one), where it was renamed or copied from, what changed in meaning and
    the diff of its text. The same HTML as ``field_changes`` and ``diff`` of
    ``history_macros.html`` inside commit.html's loop, which it replaces: a commit page of a
    long history is mostly this, thousands of times per build. Past
    :data:`MOST_FILES_IN_FULL` files or :data:`MOST_PAGE_DIFF_LINES` lines, each file is a line
    of a list instead (:func:`file_list`).

    Each revision's diff is asked for once (:func:`_diffs`): a revision works it out, or
    finds it again among those it keeps, each time it is asked, a look-up through its earlier
    versions and two memos."""
    diffs = _diffs(revisions)
    if diffs is None:
        return file_list(revisions, entry_urls, root, kind_of)
    out = []
    for index, (revision, diff) in enumerate(zip(revisions, diffs, strict=True), start=1):
        path = _text(revision.path)
        if revision.path in entry_urls:
            where = (f'<a class="file-change__path" href="{_text(root)}'
                     f'{_text(entry_urls[revision.path])}">{path}</a>')
        else:
            where = f'<code class="file-change__path">{path}</code>'
        out.append(
            f'<section class="card file-change" aria-labelledby="file-{index}">\n'
            f'<h2 id="file-{index}" class="file-change__title">\n'
            f'<span class="badge badge--change-{_text(revision.status.lower())}">'
            f'{STATUS_LABELS.get(revision.status, "Changed")}</span>\n'
            f'<span class="file-change__kind">{_text(kind_of(revision.path))}</span>\n'
            f'{where}</h2>\n'
        )
        if revision.old_path:
            how = "Copied" if revision.status == "C" else "Renamed"
            out.append(f'<p class="file-change__from">{how} from '
                       f'<code>{_text(revision.old_path)}</code>.</p>')
        changes = revision.changes
        if revision.unreadable:
            note = UNCLOSED if revision.unclosed else UNREADABLE
            out.append(f'<p class="muted">{note}</p>\n\n')
        elif changes:
            out.append('<h3>What changed</h3>\n<ul class="field-changes">\n'
                       f'{field_change_items(changes)}</ul>\n\n')
        if not revision.unclosed:  # else no text to compare: the note above says why
            out.append(_text_section(diff, None if diff else revision.stored_change))
        out.append("</section>\n")
    return Markup("".join(out))


def _diffs(revisions: Sequence[Revision]) -> list[tuple[str, ...]] | None:
    """Each revision's diff, or None when a commit's files are too many, or their diffs too
    long, to show in full."""
    if len(revisions) > MOST_FILES_IN_FULL:
        return None
    diffs = []
    lines = 0
    for revision in revisions:
        diff = revision.diff
        lines += min(len(diff), MOST_DIFF_LINES)
        if lines > MOST_PAGE_DIFF_LINES:
            return None
        diffs.append(diff)
    return diffs


def file_list(revisions: Sequence[Revision], entry_urls: Mapping[str, str], root: str,
              kind_of: Callable[[str], str]) -> Markup:
    """A commit's files as a list: what happened to each, its kind, its path (a link to the
    goal's version of this commit, which compares it line by line, or to the entry's page),
    and the lines of text it gained and lost, with why no diff is shown."""
    counted = [(revision, *lines_added_removed(revision.diff)) for revision in revisions]
    lines = sum(added + removed for _, added, removed in counted)
    out = ['<section class="card file-list" aria-labelledby="files">\n'
           f'<h2 id="files">{len(revisions):,} files changed</h2>\n'
           "<p class=\"muted\">Too many to show each one\u2019s changes on one page "
           f"({lines:,} {'line' if lines == 1 else 'lines'} added or removed): each file is "
           "listed with the lines its text gained and lost. A goal\u2019s link leads to this "
           "version of it, compared with the one before; <code>git show</code> with the "
           "commit above has every line.</p>\n"
           '<ul class="file-list__items">\n']
    for revision, added, removed in counted:
        out.append(f"<li>{_listed(revision, added, removed, entry_urls, root, kind_of)}</li>\n")
    out.append("</ul>\n</section>\n")
    return Markup("".join(out))


def _listed(revision: Revision, added: int, removed: int, entry_urls: Mapping[str, str],
            root: str, kind_of: Callable[[str], str]) -> str:
    """One file of :func:`file_list`."""
    path, kind = _text(revision.path), kind_of(revision.path)
    url = entry_urls.get(revision.path)
    if url is not None and kind == "goal" and revision.after is not None:
        url = f"{url}revisions/{revision.commit.sha}/"
    where = (f'<a class="file-change__path" href="{_text(root)}{_text(url)}">{path}</a>'
             if url is not None else f'<code class="file-change__path">{path}</code>')
    counts = (f'<span class="revision__count-add">{added:,} added</span>, '
              f'<span class="revision__count-del">{removed:,} removed</span>')
    fields = len(revision.changes)
    meaning = f", {fields} field{'' if fields == 1 else 's'} changed" if fields else ""
    return (f'<span class="badge badge--change-{_text(revision.status.lower())}">'
            f'{STATUS_LABELS.get(revision.status, "Changed")}</span> '
            f'<span class="file-change__kind">{_text(kind)}</span> {where} '
            f'<span class="revision__count">(lines: {counts}{meaning})</span>')


@pass_context
def entry_history(context: Context, history: FileHistory | None, uncommitted: bool,
                  notes: Sequence[str]) -> Markup:
    """An entry's own history, for the top of its page: when it was created and last changed
    (a link to that commit, under the page's ``root``) and by whom, who reviewed it, or why
    there is no history to show. Every entry page draws one."""
    out = ['<div class="entry-history">\n']
    if history:
        created, last = history.created, history.updated.commit
        out.append(_created(created.commit) if created else CUT)
        if created is None or last.sha != created.commit.sha:
            changed = last.date.date()
            out.append(f'; last changed <a href="{_text(context["root"])}history/'
                       f'{_text(last.sha)}/"><time datetime="{changed.isoformat()}">'
                       f"{_text(short_date(changed))}</time></a> by {_text(last.author)}")
        out.append(".\n")
        if uncommitted:
            out.append('<span class="badge badge--uncommitted">Not committed yet</span>')
        out.append("</p>\n")
        if history.reviews:
            reviews = ", ".join(
                f'<bdi>{escaped(name)}</bdi> (<time datetime="{when.isoformat()}">'
                f"{_text(short_date(when))}</time>)" for name, when in history.reviews)
            out.append('<p class="entry-history__reviews"><span class="entry-history__check" '
                       f'aria-hidden="true">✓</span> Reviewed by {reviews}.</p>\n')
        elif history.cut:  # reviewed before the cut, perhaps
            out.append("<p>Not reviewed in the history this clone holds.</p>\n")
        else:
            out.append("<p>Not reviewed yet.</p>\n")
    elif uncommitted:
        out.append('<p><span class="badge badge--uncommitted">Not committed yet</span> This entry '
                   "has no committed history.</p>\n")
    elif notes:
        out.append(f"<p>No history: {_text(notes[0])}.</p>\n")
    out.append("</div>")
    return Markup("".join(out))


CUT = "<p>Created before the history this shallow clone holds"
"""Begins the history of an entry a shallow clone holds from its cut on: git lists the entry
as added by the commit it was cut at, which only held it."""


def _created(first: Commit) -> str:
    made = first.date.date()
    return (f'<p>Created <time datetime="{made.isoformat()}">{_text(short_date(made))}'
            f"</time> by {_text(first.author)}")


def _text_section(diff: Sequence[str], stored: str | None = None) -> str:
    """A file's "Text" on a commit page: its diff, or that the text did not change, and what
    changed in how it is stored (``stored``, see :attr:`Revision.stored_change
    <mentorsite.history.evolution.Revision.stored_change>`), when that did."""
    if not diff:
        said = f"The text did not change; {_text(stored)}." if stored else (
            "The text did not change.")
        return f'<h3>Text</h3>\n<p class="muted">{said}</p>\n\n'
    return ('<h3>Text</h3>\n<div class="diff-wrap">\n<pre class="diff"><code>'
            f'{diff_lines(diff)}</code></pre>\n</div>\n\n')


UNREADABLE = "Its front matter could not be read: only its text is compared."
"""Said of a version whose front matter has an error (see :meth:`Revision.changes
<mentorsite.history.evolution.Revision.changes>`), where its changes in meaning would be."""
UNCLOSED = ("Its front matter does not open and close with '---' lines, so its text "
            "cannot be told from it: the version that mends it compares the text.")
"""Said of a version whose front matter does not open and close, in place of its changes and
its diff (see :meth:`Versions.diff <mentorsite.history.versions.Versions.diff>`)."""
GLOBALS = {"diff_lines": diff_lines, "field_change_items": field_change_items,
           "unreadable_note": UNREADABLE, "unclosed_note": UNCLOSED,
           "file_changes": file_changes, "file_list": file_list,
           "entry_history_html": entry_history}
"""What templates may call, registered on every Jinja environment."""
