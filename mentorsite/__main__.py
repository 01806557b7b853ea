"""Allow ``python -m mentorsite`` to behave exactly like the console script."""

from mentorsite.cli.start import run

run()
