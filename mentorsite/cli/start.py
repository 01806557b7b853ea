"""The console script's entry point, apart from the command line it loads.

Loading the command line's modules takes a tenth of a second or more, and a Ctrl-C then came
before any of mentorsite's handling was in place: Python printed a KeyboardInterrupt traceback
through a dozen imports. Here nothing is loaded yet, so the stop is caught around the loading.
"""

from __future__ import annotations

import os


def run() -> None:
    """Load the command line and run it; a Ctrl-C while it loads ends with 130 quietly."""
    try:
        from mentorsite.cli.main import main
    except KeyboardInterrupt:
        os.write(2, b"mentorsite interrupted\n")
        os._exit(130)
    main()
