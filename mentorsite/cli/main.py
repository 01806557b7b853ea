"""The command line: parse options, call one function, turn its outcome into an exit status.

No product logic lives here. Exit statuses: 0 fine, 1 problems in the content (SPEC §3),
2 a usage error (Click's own status for bad options and missing folders), and 128 plus the
signal's number for a build that Ctrl-C (130), SIGTERM (143) or SIGHUP (129) stopped.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sys
from datetime import date
from pathlib import Path

import click
from click.core import ParameterSource

from mentorsite import __version__
from mentorsite.cli.authoring import init, new
from mentorsite.cli.options import Options, OutputFolder, WholeNumber, day_read, read_today
from mentorsite.cli.output import put, put_json
from mentorsite.cli.programme import programme
from mentorsite.cli.reports import report, review, status
from mentorsite.cli.stopping import (
    STOPS,
    build_interrupted,
    stop_in,
    stop_signals_raise,
    stopped_status,
)
from mentorsite.diagnostic_formats import (
    FORMATS,
    as_github,
    as_json,
    as_text,
    git_prefix,
    tally,
    write_step_summary,
)
from mentorsite.diagnostics import Severity
from mentorsite.errors import BuildFailed, MentorsiteError, TemplateFailed
from mentorsite.held_signals import stops_held
from mentorsite.vocabulary import SCHEMA_KINDS

# Each command imports what it runs when it runs. Starting this module loads no model, no
# template engine and no Markdown parser: `build` with nothing changed answers before it loads
# them, and no command loads the server, the programme site or the scaffolder it does not use.
# Nor does it read content: `--version` and `--help` load no YAML, no git history reader and
# no build cache, which every command but them then loads (read.load, from the group).


class _Commands(click.Group):
    """mentorsite's commands. Ctrl-C in one that does not handle it itself (``check``,
    ``status``, ``report`` …) ends it with 130, as the shell reports a process that SIGINT
    ended, and as ``build`` does: Click said "Aborted!" and exited 1, the status ``check``
    gives content with errors."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo(f"{ctx.invoked_subcommand or 'mentorsite'} interrupted", err=True)
            raise SystemExit(stopped_status(KeyboardInterrupt())) from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="mentorsite")
@click.option(
    "--source",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    show_default=False,
    help="The mentorship repository (the folder holding content/ and mentorsite.yml); by "
         "default the one the working folder is in.",
)
@click.option(
    "--today",
    envvar="MENTORSITE_TODAY",
    callback=read_today,
    metavar="YYYY-MM-DD",
    help="Judge deadlines and check-in health as of this day (env: MENTORSITE_TODAY).",
)
@click.pass_context
def cli(ctx: click.Context, source: Path, today: date | click.BadParameter | None) -> None:
    """Validate a mentoring plan kept in git and render it as a progress site."""
    if not source.is_absolute():
        try:
            os.getcwd()
        except OSError:  # every path from here would end in a traceback
            raise click.ClickException(
                "the working folder is gone (deleted, or replaced by a checkout): cd into the "
                "mentorship again, or name it with --source") from None
    from mentorsite.read.load import mentorship_around

    named = ctx.get_parameter_source("source") is not ParameterSource.DEFAULT
    if not named and ctx.invoked_subcommand not in ("init", "programme"):
        source = mentorship_around(source)  # run from content/goals/, as git is from a sub-folder
    if isinstance(today, click.BadParameter):  # raised as the command runs: its help first
        ctx.obj = Options(source=source, today=None, source_named=named, bad_today=today)
    else:
        ctx.obj = Options(source=source, today=today, source_named=named)


for command in (init, new, status, report, review, programme):
    cli.add_command(command)


@cli.command(short_help="Report every problem in the settings and content.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
    help="text for people, json for tools, github for workflow annotations.",
)
@click.argument("places", nargs=-1, metavar="[PATH]...",
                type=click.Path(exists=True, path_type=Path))
@click.pass_obj
@day_read
def check(options: Options, strict: bool, fmt: str, places: tuple[Path, ...]) -> None:
    """Report every problem in the settings and content, and exit 1 on errors.

    With PATHs (files or folders, as an editor or a hook names them), only the problems in
    those: the whole mentorship is still read, as its files refer to each other.
    """
    from mentorsite.model.project import read_project
    from mentorsite.read.load import NO_MENTORSHIP

    source = _checked_source(options, places)
    wanted = [_in_source(source, place) for place in places]
    project = read_project(source, options.today)
    items = [d for d in project.diagnostics.sorted()
             if not wanted or _within(d.path, wanted) or d.code == NO_MENTORSHIP]
    if fmt == "json":
        put_json(as_json(items))
    elif fmt == "github":
        prefix = git_prefix(source)
        put(as_github(items, prefix), nl=False)
        unwritten = write_step_summary(items, prefix)
        if unwritten:
            click.echo(f"warning: {unwritten}", err=True)
    else:
        put(as_text(items), nl=False)
        click.echo(f"found {tally(items)}", err=True)
    _say_left_out(source)
    errors = any(d.severity is Severity.ERROR for d in items)
    if errors or (strict and items):
        raise SystemExit(1)


def _say_left_out(source: Path) -> None:
    """Warn that a sparse checkout leaves content files out: ``check`` read the rest as the
    whole mentorship, and warned of no check-in for a year where they were all committed."""
    from mentorsite.history.sparse import left_out

    folders = left_out(source)
    if folders:  # the pages' history module, and the history's, only for what it says then
        from mentorsite.pages.history import sparse_note

        click.echo(f"warning: {sparse_note(folders)}", err=True)


def _checked_source(options: Options, places: tuple[Path, ...]) -> Path:
    """The mentorship ``check`` reads: the one found around the working folder, or, when
    there is none there and no ``--source`` named one, the one the first path is in. An
    editor's linter names a file from wherever the editor started (the home folder, /), and
    the working folder's empty "mentorship" was read: every problem of the file named was
    filtered out with the warning that there was none, and the file passed."""
    from mentorsite.read.load import holds_mentorship, mentorship_around

    if options.source_named or not places or holds_mentorship(options.source):
        return options.source
    around = mentorship_around(places[0])
    return around if holds_mentorship(around) else options.source


def _in_source(source: Path, place: Path) -> str:
    """``place``, named from the working folder, as a path from the source folder with forward
    slashes, as diagnostics name files ("" for the source folder itself)."""
    try:
        inside = Path(os.path.abspath(place)).relative_to(os.path.abspath(source))
    except ValueError:
        raise click.BadParameter(
            f"'{place}' is outside the mentorship at {os.path.abspath(source)}",
            param_hint="PATH") from None
    return "" if inside == Path(".") else inside.as_posix()


def _within(path: str, places: list[str]) -> bool:
    return any(not place or path == place or path.startswith(place + "/") for place in places)


def _parse_base_url(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> str | None:
    if value is None:
        return None
    from mentorsite.model.field_types import site_url_problem  # pydantic loads only now

    problem = site_url_problem(value)
    if problem is not None:
        raise click.BadParameter(f"'{value}' {problem}")
    return value


@cli.command(short_help="Validate the content, then render the progress site.")
@click.option(
    "--out", type=OutputFolder(), default=None,
    help="Output folder  [default: _site in the source folder]",
)
@click.option("--base-url", callback=_parse_base_url, metavar="URL",
              help="Absolute URL the site is published at (feed, sitemap, canonical links).")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--no-history", is_flag=True, help="Skip reading git history (faster).")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.pass_obj
@day_read
def build(options: Options, out: Path | None, base_url: str | None, strict: bool,
          no_history: bool, quiet: bool) -> None:
    """Validate, then render the progress site; on errors keep the previous site as it was."""
    from mentorsite.cachefile import CACHE_FOLDER
    from mentorsite.output.build_cache import last_build
    from mentorsite.output.folder import built_site
    from mentorsite.read.load import holds_mentorship, not_a_mentorship

    def say(text: str) -> None:
        if not quiet:
            click.echo(text, err=True)

    if not holds_mentorship(options.source):  # a folder of content/, say: a site put there
        # would be content of the wrong kind, and an empty site is never what was meant
        raise click.UsageError(f"{not_a_mentorship(f'in {options.source}')}; nothing to build")
    target = out if out is not None else options.source / "_site"
    existed, before = target.exists(), built_site(target)
    with stop_signals_raise():  # around the clean-up too: a second stop there ends it
        try:
            last = last_build(options.source, target, options.today, base_url, strict,
                              not no_history)
            if last.same is not None:
                click.echo(as_text(last.same.diagnostics), nl=False, err=True)
                _say_history_notes(last.same.notes)
                say(f"nothing changed since the last build into {target}")
                return
            # The history's reader and the Markdown helpers start first: they need only git
            # and the Markdown parser, and work on the other cores while this process loads
            # the rest (a third of a second). The reader is forked before the helpers' threads.
            from mentorsite.history.aside import beside_build
            from mentorsite.markdown.ahead import rendering

            git_history = None if no_history else beside_build(options.source)
            with git_history or contextlib.nullcontext(), \
                    rendering(options.source, options.source / CACHE_FOLDER) as ahead:
                from mentorsite.build import build as build_site

                result = build_site(
                    options.source, target, today=options.today, base_url=base_url,
                    strict=strict, history=not no_history, say=say, last=last, ahead=ahead,
                    git_history=git_history,
                )
        except BuildFailed as failed:
            click.echo(as_text(failed.project.diagnostics.sorted()), nl=False, err=True)
            raise click.ClickException(str(failed)) from None
        except TemplateFailed as failed:
            click.echo(str(failed), err=True)
            what = ("a theme template failed" if failed.count == 1
                    else f"theme templates failed in {failed.count} places")
            raise click.ClickException(
                f"build failed: {what}; the previous site is unchanged") from None
        except MentorsiteError as exc:
            raise click.ClickException(str(exc)) from None
        except STOPS as error:
            if (stop := stop_in(error)) is None:
                raise
            if built_site(target) not in (None, before):  # it came once the new site was in
                say(f"built the site → {target}; stopped as it finished")
                return
            build_interrupted("build", target, existed, stop)
    click.echo(as_text(result.diagnostics), nl=False, err=True)
    _say_history_notes(result.notes)
    if result.unchanged:
        say(f"nothing changed since the last build into {target}")
    else:
        say(f"built {result.pages} pages ({result.files} files) "
            f"in {result.seconds:.2f} s → {target}")


def _say_history_notes(notes: tuple[str, ...]) -> None:
    for note in notes:
        click.echo(f"warning: history: {note}", err=True)


@cli.command(short_help="Print the JSON Schema of the front matter.")
@click.argument("kind", required=False, type=click.Choice(SCHEMA_KINDS), metavar="[KIND]")
@day_read
def schema(kind: str | None) -> None:
    """Print the JSON Schema of KIND's front matter, or of all: KIND is settings (for
    mentorsite.yml), goal, checkin, reflection or evidence."""
    from mentorsite.model.schema import all_schemas, json_schema

    document = json_schema(kind) if kind else all_schemas()
    put(json.dumps(document, indent=2))


def _address(_ctx: click.Context, _param: click.Parameter, host: str) -> str:
    """An address to listen on: an empty one would listen on every interface unasked. An IPv6
    address may come in brackets, as a URL writes it; one with a port (``127.0.0.1:8000``)
    was looked up as a host name, and "Name or service not known" did not say why."""
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not host.strip():
        raise click.BadParameter("give an address, such as 127.0.0.1 (0.0.0.0 listens on "
                                 "every interface and exposes the site)")
    address, _, port = host.rpartition(":")
    if port.isdigit() and (host.count(":") == 1 or address.endswith("]")):  # IPv6 has 2+
        raise click.BadParameter(f"give the port with --port: --host {address.strip('[]')} "
                                 f"--port {port}")
    return host


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, callback=_address,
              help="Address to listen on; anything but loopback exposes the site.")
@click.option("--port", default=8000, show_default=True, type=WholeNumber(0, 65535),
              metavar="PORT",
              help="Port to listen on (0 picks a free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@click.pass_obj
@day_read
def serve(options: Options, host: str, port: int, open_browser: bool) -> None:
    """Build, serve and rebuild on every change, reloading open pages.

    Ctrl-C, SIGTERM or SIGHUP stops it once it has started, its first build included: it
    says "stopping", removes the temporary folder it served from and exits 0.
    """

    def say(text: str) -> None:
        click.echo(text, err=True)

    def ready(url: str) -> None:
        if open_browser:
            click.launch(url)

    with stop_signals_raise():  # around the handling too: which stop came is known there
        try:
            from mentorsite.serve.server import serve as serve_site

            serve_site(options.source, host, port, options.today, say, ready)
        except MentorsiteError as exc:
            raise click.ClickException(str(exc)) from None
        except STOPS as error:  # while serve loaded, or one a library turned into its own
            if stop_in(error) is None:
                raise
            say("stopping")


def main() -> None:
    """Console-script entry point: run the command, then leave without the interpreter's
    teardown, which after a build frees the model and the pages one object at a time (a tenth
    of a second on a large site) when the system frees the whole process at once. Every file
    is closed and every helper process gone by then; what is printed is flushed first.

    A Ctrl-C that comes once the command has handled its own stop (a second one just as an
    interrupted build finishes clearing up) ends it quietly, as the first one did: the
    command is over, and it would only have printed a traceback."""
    code = 128 + signal.SIGINT
    _lenient_output()
    try:
        try:
            cli(prog_name="mentorsite")
            code = 0
        except SystemExit as leaving:
            code = _exit_status(leaving.code)
    except KeyboardInterrupt:
        pass
    try:
        _flush_output()
    finally:
        os._exit(code)


def _lenient_output() -> None:
    """Let standard output show a character its encoding lacks as an escape (``\\u2192``),
    as standard error does, rather than fail on it. Output redirected on Windows, or under a
    locale that is not UTF-8, is in a legacy code page, where a report's arrows and a status's
    bars raised UnicodeEncodeError once the command had done its work."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")


def _flush_output() -> None:
    """Flush what the command printed, holding any stop that comes meanwhile: it goes with the
    process."""
    with stops_held():
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError, AttributeError):  # closed, or broken
                stream.flush()


def _exit_status(code: object) -> int:
    """The status Python gives ``SystemExit(code)``: None is 0, a number itself, any other
    value is printed and gives 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
