"""The command line: parse options, call one function, turn its outcome into an exit status.

No product logic lives here. Exit statuses: 0 fine, 1 problems in the content (SPEC §3),
2 a usage error (Click's own status for bad options and missing folders).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click

from mentorsite import __version__
from mentorsite.build import BuildFailed
from mentorsite.build import build as build_site
from mentorsite.diagnostic_formats import (
    FORMATS,
    as_github,
    as_json,
    as_text,
    git_prefix,
    write_step_summary,
)
from mentorsite.errors import MentorsiteError
from mentorsite.insights import insights
from mentorsite.project import read_project
from mentorsite.publish import published
from mentorsite.schema import KINDS, all_schemas, json_schema
from mentorsite.serve import serve as serve_site
from mentorsite.status import as_json as status_json
from mentorsite.status import as_text as status_text


@dataclass(frozen=True)
class Options:
    """What the group's options say, passed down to every command."""

    source: Path
    today: date | None


def _parse_today(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date YYYY-MM-DD") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="mentorsite")
@click.option(
    "--source",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The mentorship repository (the folder holding content/ and mentorsite.yml).",
)
@click.option(
    "--today",
    envvar="MENTORSITE_TODAY",
    callback=_parse_today,
    metavar="YYYY-MM-DD",
    help="Judge deadlines and check-in health as of this day (env: MENTORSITE_TODAY).",
)
@click.pass_context
def cli(ctx: click.Context, source: Path, today: date | None) -> None:
    """Validate a mentoring plan kept in git and render it as a progress site."""
    ctx.obj = Options(source=source, today=today)


@cli.command()
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
    help="text for people, json for tools, github for workflow annotations.",
)
@click.pass_obj
def check(options: Options, strict: bool, fmt: str) -> None:
    """Report every problem in the settings and content, and exit 1 on errors."""
    project = read_project(options.source, options.today)
    items = project.diagnostics.sorted()
    if fmt == "json":
        click.echo(as_json(items), nl=False)
    elif fmt == "github":
        prefix = git_prefix(options.source)
        click.echo(as_github(items, prefix), nl=False)
        write_step_summary(items, prefix)
    else:
        click.echo(as_text(items), nl=False)
    diagnostics = project.diagnostics
    if diagnostics.errors or (strict and diagnostics.warnings):
        raise SystemExit(1)


def _parse_base_url(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> str | None:
    if value is not None and not value.lower().startswith(("http://", "https://")):
        raise click.BadParameter(f"'{value}' is not an http or https URL")
    return value


@cli.command()
@click.option(
    "--out", type=click.Path(path_type=Path), default=None,
    help="Output folder  [default: _site in the source folder]",
)
@click.option("--base-url", callback=_parse_base_url, metavar="URL",
              help="Absolute URL the site is published at (feed, sitemap, canonical links).")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--no-history", is_flag=True, help="Skip reading git history (faster).")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.pass_obj
def build(options: Options, out: Path | None, base_url: str | None, strict: bool,
          no_history: bool, quiet: bool) -> None:
    """Validate, then render the progress site; on errors keep the previous site as it was."""

    def say(text: str) -> None:
        if not quiet:
            click.echo(text, err=True)

    target = out if out is not None else options.source / "_site"
    try:
        result = build_site(
            options.source, target, today=options.today, base_url=base_url, strict=strict,
            history=not no_history, say=say,
        )
    except BuildFailed as failed:
        click.echo(as_text(failed.project.diagnostics.sorted()), nl=False, err=True)
        raise click.ClickException(str(failed)) from None
    except MentorsiteError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(as_text(result.project.diagnostics.sorted()), nl=False, err=True)
    for note in result.notes:
        click.echo(f"warning: history: {note}", err=True)
    say(f"built {result.pages} pages ({result.files} files) in {result.seconds:.2f} s → {target}")


@cli.command()
@click.argument("kind", required=False, type=click.Choice(KINDS))
def schema(kind: str | None) -> None:
    """Print the JSON Schema of KIND's front matter (settings: mentorsite.yml), or of all."""
    document = json_schema(kind) if kind else all_schemas()
    click.echo(json.dumps(document, indent=2))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text",
              show_default=True, help="text for people, json for scripts.")
@click.option("--no-color", is_flag=True, help="Plain text even in a terminal.")
@click.pass_obj
def status(options: Options, fmt: str, no_color: bool) -> None:
    """Summarise progress, check-in health, overdue steps, deadlines and wins."""
    project = read_project(options.source, options.today)
    views = insights(published(project.model), project.today)
    if fmt == "json":
        click.echo(status_json(views), nl=False)
    else:
        click.echo(status_text(views), nl=False, color=False if no_color else None)
    if project.diagnostics.errors:
        click.echo(
            f"{project.diagnostics.errors} error(s) in the content: run 'mentorsite check'",
            err=True,
        )
        raise SystemExit(1)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback exposes the site.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0 picks a free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@click.pass_obj
def serve(options: Options, host: str, port: int, open_browser: bool) -> None:
    """Build, serve and rebuild on every change, reloading open pages."""

    def say(text: str) -> None:
        click.echo(text, err=True)

    def ready(url: str) -> None:
        if open_browser:
            click.launch(url)

    try:
        serve_site(options.source, host, port, options.today, say, ready)
    except MentorsiteError as exc:
        raise click.ClickException(str(exc)) from None


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="mentorsite")
