"""``mentorsite programme``: a coordinator's site over many pairs.

Like the rest of the command line it only parses options and calls one function
(:func:`mentorsite.programme.build.build_programme`), imported when the command runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mentorsite.cli.options import Options, OutputFolder, WholeNumber, day_read
from mentorsite.cli.stopping import STOPS, build_interrupted, stop_in, stop_signals_raise
from mentorsite.diagnostic_formats import as_text
from mentorsite.errors import MentorsiteError
from mentorsite.text import count

if TYPE_CHECKING:
    from mentorsite.programme.site import Unreadable


@click.group(short_help="A coordinator's site of many pairs.")
def programme() -> None:
    """A coordinator's view of many pairs, showing what each pair's settings allow."""


@programme.command("build", short_help="Render a coordinator's site from many pairs.")
@click.argument("sources", nargs=-1, metavar="[SOURCE]...")
@click.option(
    "--out", type=OutputFolder(), default=Path("_programme"), show_default=True,
    help="Output folder.",
)
@click.option(
    "--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Programme settings  [default: programme.yml in the current folder, if there is one]",
)
@click.option("-j", "--jobs", type=WholeNumber(min=1), metavar="N",
              help="Processes that read pairs  [default: one per core]")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.pass_obj
@day_read
def programme_build(options: Options, sources: tuple[str, ...], out: Path, config: Path | None,
                    jobs: int | None, quiet: bool) -> None:
    """Render a coordinator site from pair repositories and published data.json files.

    Each SOURCE is a pair's repository folder or its published data.json (globs are fine);
    without any, the pairs are those listed in programme.yml.
    """
    from mentorsite.programme.build import NoPairs, ProgrammeInvalid, build_programme
    from mentorsite.programme.config import NoSuchSource

    def say(text: str) -> None:
        if not quiet:
            click.echo(text, err=True)

    existed = out.exists()
    with stop_signals_raise():  # around the clean-up too: a second stop there ends it
        try:
            result = build_programme(sources, out, config=config, today=options.today,
                                     jobs=jobs, say=say)
        except ProgrammeInvalid as failed:
            click.echo(as_text(failed.diagnostics.sorted()), nl=False, err=True)
            raise click.ClickException(str(failed)) from None
        except NoSuchSource as exc:
            if isinstance(exc, NoPairs):
                _warn(exc.notes, exc.unreadable)
            raise click.UsageError(str(exc)) from None
        except MentorsiteError as exc:
            raise click.ClickException(str(exc)) from None
        except STOPS as error:
            if (stop := stop_in(error)) is None:
                raise
            build_interrupted("programme build", out, existed, stop)
    _warn(result.notes, result.unreadable)
    say(f"built the programme site of {count(result.pairs, 'pair')} "
        f"({result.read} read, {result.reused} unchanged) in {result.seconds:.2f} s → {out}")


def _warn(notes: Sequence[str], unreadable: Sequence[Unreadable]) -> None:
    for note in notes:
        click.echo(f"warning: {note}", err=True)
    for item in unreadable:
        click.echo(f"warning: {item.source}: {item.problem}", err=True)
