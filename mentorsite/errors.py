"""The few exceptions core code raises; only ``cli.py`` turns them into messages and exits.

Problems in content are not exceptions: they are diagnostics (see ``diagnostics.py``). These
are for what stops a command as a whole.
"""

from __future__ import annotations


class MentorsiteError(Exception):
    """A problem the user can fix, shown as one line without a traceback (exit 1)."""


class OutputError(MentorsiteError):
    """The output folder cannot be used: it is the source, holds content, or is not ours."""
