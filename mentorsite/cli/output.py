"""Standard output: what a command prints for the pair to read or for a script to take in."""

from __future__ import annotations

import errno
import json
import re
import sys

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


def put_json(text: str) -> None:
    """Print the JSON document ``text`` so that it reads back as the same data in whatever
    encoding standard output has.

    A character the output's encoding lacks (a legacy code page: output redirected on
    Windows, a locale that is not UTF-8) was written as Python's escape, and for one past
    U+FFFF (an emoji in a title or a file name) that is ``\\U0001f680``, which JSON has not:
    the whole document failed to parse. It goes out as JSON's own escape instead
    (``\\ud83d\\ude80``); outside strings JSON is ASCII, so only strings hold such a one."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    put(_encodable(text, encoding), nl=False)


_NOT_ASCII = re.compile("[^\x00-\x7f]")


def _encodable(text: str, encoding: str) -> str:
    """JSON ``text`` with each character ``encoding`` cannot write as a JSON escape."""
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    except LookupError:  # an encoding Python does not know: keep to what every one has
        encoding = "ascii"

    def escaped(match: re.Match[str]) -> str:
        char = match.group()
        try:
            char.encode(encoding)
        except UnicodeEncodeError:
            return json.dumps(char)[1:-1]
        return char

    return _NOT_ASCII.sub(escaped, text)
