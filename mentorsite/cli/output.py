"""Standard output: what a command prints for the pair to read or for a script to take in."""

from __future__ import annotations

import errno

import click


def put(text: str, nl: bool = True, color: bool | None = None) -> None:
    """Print ``text`` to standard output.

    A closed pipe (``| head``) ends the command as Click ends it. Any other failure to write
    (a full disk, ``> /dev/full``) leaves a script's input cut short: it is the command's
    error, said in one line with exit status 1, not a traceback."""
    try:
        click.echo(text, nl=nl, color=color)
    except OSError as error:
        if error.errno == errno.EPIPE:
            raise
        raise click.ClickException(f"cannot write output: {error.strerror or error}") from None
