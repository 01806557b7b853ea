"""mentorsite's modules compiled to bytecode before a benchmark times it, as the other tools' are.

pip compiles a package's modules when it installs it, so Pelican's and MkDocs' processes read
bytecode from their first run. mentorsite installed the README's way (``pip install -e``) is
compiled by Python the first time each module is imported, and kept in ``__pycache__``, unless
``PYTHONDONTWRITEBYTECODE`` is set (some sandboxes and CI images set it). Then every mentorsite
process compiles its modules again: 0.08 s of CPU on this machine, a third of a warm rebuild of
5,000 files, which the comparison would count against mentorsite alone. The runners compile the
package first, as pip would have, and the report says so.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def package_folder(python: str = sys.executable, cwd: Path | None = None) -> Path:
    """The folder of the ``mentorsite`` package that ``python -m mentorsite`` runs when started
    in ``cwd``: ``-m`` takes a package in the folder it starts in before ``PYTHONPATH``'s."""
    found = subprocess.run([python, "-c", "import mentorsite; print(mentorsite.__file__)"],
                           cwd=cwd, capture_output=True, text=True, check=True)
    return Path(found.stdout.strip()).parent


def compile_package(folder: Path, python: str = sys.executable) -> str:
    """Compile the package in ``folder`` (:func:`package_folder`); one line for the report
    saying so, or why it could not be (then each mentorsite process compiles what it imports)."""
    result = subprocess.run([python, "-m", "compileall", "-q", str(folder)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        why = (result.stdout + result.stderr).strip().splitlines()
        return (f"mentorsite's bytecode could not be written in {folder} "
                f"({why[-1] if why else f'compileall exit {result.returncode}'}): each "
                "mentorsite process compiles the modules it imports, which adds about 0.1 s")
    return (f"mentorsite's modules ({folder}) compiled to bytecode before the runs, as pip "
            "compiles the other Python tools' when it installs them")
