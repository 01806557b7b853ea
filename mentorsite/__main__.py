"""Allow ``python -m mentorsite`` to behave exactly like the console script."""

from mentorsite.cli.main import main

main()
