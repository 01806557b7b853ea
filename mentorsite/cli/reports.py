"""The commands that summarise a mentorship rather than build it: ``status`` for the terminal,
``report`` for a performance review and ``review`` for a pull request.

Like the rest of the command line they only parse options and call one function
(:mod:`mentorsite.reports`), imported when the command runs.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from typing import TYPE_CHECKING

import click

from mentorsite.cli.options import Options, day_read, parse_today
from mentorsite.cli.output import put, put_json
from mentorsite.errors import MentorsiteError

if TYPE_CHECKING:
    from mentorsite.diagnostics import Diagnostics


@click.command(short_help="Summarise progress, health, overdue steps and deadlines.")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text",
              show_default=True, help="text for people, json for scripts.")
@click.option("--no-color", is_flag=True, help="Plain text even in a terminal.")
@click.pass_obj
@day_read
def status(options: Options, fmt: str, no_color: bool) -> None:
    """Summarise progress, check-in health, overdue steps, deadlines and wins."""
    from mentorsite.model.insights import insights
    from mentorsite.model.project import read_project
    from mentorsite.model.publish import published
    from mentorsite.reports.status import as_json as status_json
    from mentorsite.reports.status import as_text as status_text

    project = read_project(options.source, options.today, warned=False)  # it tells errors only
    views = insights(published(project.model), project.today)
    if fmt == "json":
        put_json(status_json(views))
    else:
        held = [c.date for c in project.model.checkins if c.date <= project.today]
        newest = max(held, default=None)
        private_last = newest if newest and newest != views.health.last else None
        put(_drawable(status_text(views, private_last)), nl=False,
            color=False if no_color or _no_color_asked() else None)
    _after_summary(project.diagnostics)


_IN_ASCII = str.maketrans({"█": "#", "░": ".", "·": "-", "—": "-"})
"""The marks ``status`` draws with, as a terminal without them shows them."""


def _drawable(text: str) -> str:
    """``text`` with its bars and dashes in ASCII where standard output cannot write them (a
    Latin-1 or ASCII terminal): each was printed as a ``\\u2588`` escape, six characters for
    one, and every bar ran 120 characters wide."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        "█░·—".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return text.translate(_IN_ASCII)
    return text


def _no_color_asked() -> bool:
    """Whether the environment asks for plain text: ``NO_COLOR`` set to anything but empty
    (no-color.org), or a terminal that draws no colour (``TERM=dumb``)."""
    return bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"


@click.command(short_help="A progress report for a period, in Markdown or JSON.")
@click.option("--since", callback=parse_today, metavar="YYYY-MM-DD",
              help="First day of the period  [default: the start of the mentorship]")
@click.option("--until", callback=parse_today, metavar="YYYY-MM-DD",
              help="Last day of the period  [default: today]")
@click.option("--format", "fmt", type=click.Choice(("markdown", "json")), default="markdown",
              show_default=True, help="markdown to paste, json for tools.")
@click.pass_obj
@day_read
def report(options: Options, since: date | None, until: date | None, fmt: str) -> None:
    """A progress report for a period, for a performance review or a programme report."""
    from mentorsite.model.project import read_project
    from mentorsite.model.publish import published
    from mentorsite.reports.formats import as_json as report_json
    from mentorsite.reports.formats import as_markdown as report_markdown
    from mentorsite.reports.formats import private_note
    from mentorsite.reports.report import build_report, private_checkins
    from mentorsite.reports.report import period as report_period

    project = read_project(options.source, options.today)
    model = published(project.model)
    try:
        when = report_period(model, project.today, since, until)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--since'") from None
    made = build_report(model, project.today, when)
    if fmt == "json":
        put_json(report_json(made))
    else:
        put(report_markdown(made), nl=False)
    left_out = private_checkins(project.model, when, project.today)
    if left_out:
        click.echo(f"note: {private_note(left_out)}", err=True)
    _after_summary(project.diagnostics)


@click.command(short_help="Summarise what a pull request changes.")
@click.option("--base", metavar="REF",
              help="Where the change starts  [default: merge base with the pull request's "
                   "branch (GITHUB_BASE_REF), else the default branch]")
@click.option("--head", metavar="REF", help="Where it ends  [default: the working tree]")
@click.option("--format", "fmt", type=click.Choice(("markdown", "json")), default="markdown",
              show_default=True, help="markdown for a pull request comment, json for tools.")
@click.pass_obj
@day_read
def review(options: Options, base: str | None, head: str | None, fmt: str) -> None:
    """Summarise what a pull request changes, for a review session; exit 1 on errors."""
    from mentorsite.history.command import NoBaseError, RevisionError
    from mentorsite.history.compare import default_base
    from mentorsite.reports.review import review as review_change
    from mentorsite.reports.review_formats import as_json as review_json
    from mentorsite.reports.review_formats import as_markdown as review_markdown

    shown = None  # the base as the heading names it: the ref typed, or the branch found
    try:
        if base is None:
            found = default_base(options.source, head)
            base, shown = found.commit, f"{found.branch} at {found.commit[:7]}"
        result = review_change(options.source, base, head, options.today)
    except RevisionError as exc:  # the ref typed, not the content: exit 2, as CI can tell
        hint = "'--head'" if exc.ref == head and head != base else "'--base'"
        raise click.BadParameter(str(exc), param_hint=hint) from None
    except NoBaseError as exc:  # nothing to compare with: a usage error too, exit 2
        raise click.UsageError(str(exc)) from None
    except MentorsiteError as exc:
        raise click.ClickException(str(exc)) from None
    if fmt == "json":
        put_json(review_json(result))
    else:
        put(review_markdown(result, shown), nl=False)
    if result.head_errors:
        raise SystemExit(1)


def _after_summary(diagnostics: Diagnostics) -> None:
    """A summary is printed even from content with errors, then the status says so. Run in a
    folder that holds no mentorship at all, it is empty, and the warning says why: else it
    would read as a plan with nothing in it yet."""
    from mentorsite.read.load import NO_MENTORSHIP, errors_found

    for found in diagnostics:
        if found.code == NO_MENTORSHIP:
            click.echo(f"warning: {found.message}", err=True)
    if diagnostics.errors:
        click.echo(f"{errors_found(diagnostics)}: run 'mentorsite check'", err=True)
        raise SystemExit(1)
