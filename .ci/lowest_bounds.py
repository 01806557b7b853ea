"""Print each runtime dependency of the installed mentorsite pinned at its lower bound
(``PyYAML==6.0.1``), one per line, for ``pip install -r``.

The bounds in pyproject.toml are a promise to every user who has older packages installed;
CI installs exactly these versions and runs the tests to keep it (``MENTORSITE_LOWEST=1
.ci/run``). The bounds once named versions the code could not even import with.
"""

from __future__ import annotations

import re
from importlib.metadata import requires

_BOUND = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*>=\s*([0-9][0-9A-Za-z.]*)\s*")


def lowest(requirements: list[str]) -> list[str]:
    """``name==bound`` for each requirement every user installs (an extra's, with a marker
    after ``;``, is left out)."""
    pins = []
    for requirement in requirements:
        if ";" in requirement:
            continue
        found = _BOUND.fullmatch(requirement)
        if found is None:
            raise SystemExit(f"no lower bound to pin in {requirement!r}: write it as name>=version")
        pins.append(f"{found[1]}=={found[2]}")
    return pins


if __name__ == "__main__":
    print("\n".join(lowest(requires("mentorsite") or [])))
