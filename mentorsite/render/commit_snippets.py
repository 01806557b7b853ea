"""A commit as one line of HTML (its date, subject, author, size and sign-off), made in Python.

The history's index pages list every commit of the repository, fifty review sessions a page,
and each goal's page and revision pages list its revisions' commits: as the Jinja macros
``commit_line`` and ``commit_meta`` of ``history_macros.html`` these lines were most of what
the index pages cost (about 120,000 instructions a commit, the page's frame included, on the
1,000-commit benchmark corpus). The default theme's ``history_macros.html`` exports these
functions under the macros' names, so a theme that overrides that file still decides how a
commit looks; the HTML is the macros' to the byte.
"""

from __future__ import annotations

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from mentorsite.history.commits import Commit
from mentorsite.render.snippets import names, text
from mentorsite.text import number, short_date


def _dated(commit: Commit) -> str:
    """The ``<time>`` a commit's line starts with, and the line's end."""
    when = commit.date
    return (f'<time class="commit-line__date" datetime="{text(when.isoformat())}">'
            f"{text(short_date(when.date()))}</time>\n")


def _by(commit: Commit) -> str:
    """Who made the commit and how many files it changed, then who signed it off."""
    files = len(commit.changes)
    size = f"&nbsp;· {text(number(files))} file{'s' if files != 1 else ''}" if files else ""
    signed = commit.signed_off_by
    badge = (f'<span class="badge badge--reviewed"><span aria-hidden="true">✓</span> '
             f"Reviewed by {names(signed)}</span>" if signed else "")
    return f'<span class="commit-line__by">by {text(commit.author)}{size}</span>\n{badge}'


def commit_meta(commit: Commit) -> Markup:
    """``h.commit_meta(commit)``: a commit's date, author, size and sign-off, without its
    subject (a review session of one commit is titled by it)."""
    return Markup(_dated(commit) + _by(commit))


@pass_context
def commit_line(context: Context, commit: Commit) -> Markup:
    """``h.commit_line(commit)``: a commit as one line, its subject linking its page under
    the calling page's ``root`` when it changed a file the site shows."""
    if commit.changes:
        subject = (f'<a class="commit-line__subject" href="{text(context["root"])}history/'
                   f'{text(commit.sha)}/">{text(commit.subject or commit.sha[:7])}</a>')
    else:
        subject = f'<span class="commit-line__subject">{text(commit.subject)}</span>'
    return Markup(f"{_dated(commit)}{subject} \n{_by(commit)}")


GLOBALS = {"commit_line_html": commit_line, "commit_meta_html": commit_meta}
"""What templates may call, registered on every Jinja environment."""
