"""The tools the runner compares: how to find each one, prepare its input and run a cold build.

A tool that is not installed is skipped with the reason, never an error. Pelican and MkDocs
are looked for first in a benchmark virtual environment (``--venv``, default
``/tmp/bench-venv``, so their dependencies never clash with mentorsite's), then on PATH.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from corpus_model import TODAY
from exports import export

HERE = Path(__file__).resolve().parent
TOOL_ORDER = ("mentorsite", "floor-1", "floor-2", "pelican", "mkdocs", "hugo")
LABELS = {
    "mentorsite": "mentorsite", "floor-1": "floor, 1 process", "floor-2": "floor, 2 processes",
    "pelican": "Pelican", "mkdocs": "MkDocs", "hugo": "Hugo",
}


@dataclass(frozen=True)
class Tool:
    """One way of building the corpus: a name, a program, and why it is missing (if it is)."""

    name: str
    program: str | None
    missing: str | None = None

    @property
    def label(self) -> str:
        """The name shown in tables."""
        return LABELS[self.name]

    def source(self, corpus: Path, work: Path) -> Path:
        """The folder this tool builds from: the corpus itself, or an export of it."""
        if self.name in ("pelican", "mkdocs", "hugo"):
            return export(corpus, self.name, work / f"{self.name}-src")
        return corpus

    def command(self, source: Path, out: Path, history: bool = False) -> list[str]:
        """The cold-build command line; ``out`` must not exist yet."""
        assert self.program is not None
        if self.name == "mentorsite":
            return [self.program, "-m", "mentorsite", "--source", str(source), "--today",
                    TODAY.isoformat(), "build", "--out", str(out), "-q",
                    *([] if history else ["--no-history"])]
        if self.name.startswith("floor"):
            jobs = self.name.split("-")[1]
            return [self.program, str(HERE / "floor.py"), str(source), str(out), "--jobs", jobs]
        if self.name == "pelican":
            return [self.program, str(source / "content"), "-s",
                    str(source / "pelicanconf.py"), "-o", str(out), "-q"]
        if self.name == "mkdocs":
            return [self.program, "build", "-q", "-f", str(source / "mkdocs.yml"), "-d",
                    str(out)]
        return [self.program, "--quiet", "--source", str(source), "--destination", str(out)]


def _venv_or_path(name: str, venv: Path) -> str | None:
    candidate = venv / "bin" / name
    return str(candidate) if candidate.is_file() else shutil.which(name)


def _interpreter(program: str) -> str:
    """The Python a console script runs with, from its ``#!`` line."""
    first = Path(program).read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
    return first[2:].strip() if first.startswith("#!") else sys.executable


def find(name: str, venv: Path) -> Tool:
    """The tool called ``name``, with the reason it cannot run if it cannot."""
    if name in ("mentorsite", "floor-1", "floor-2"):
        return Tool(name, sys.executable)
    if name == "hugo":
        program = shutil.which("hugo")
        return Tool(name, program, None if program else "hugo is not installed "
                    "(apt-get install hugo)")
    program = _venv_or_path(name, venv)
    if program is None:
        extra = " markdown" if name == "pelican" else ""
        return Tool(name, None, f"{name} is not installed (pip install {name}{extra}, "
                    f"e.g. into {venv})")
    if name == "pelican":
        check = subprocess.run([_interpreter(program), "-c", "import markdown"],
                               capture_output=True, check=False)
        if check.returncode != 0:
            return Tool(name, None, "pelican is installed without the 'markdown' package, "
                        "so it would skip every .md file (pip install markdown)")
    return Tool(name, program)


def version(tool: Tool) -> str:
    """The tool's version line, for the record."""
    if tool.program is None:
        return "not installed"
    if tool.name == "mentorsite":
        code = ("import mentorsite, pydantic; print(f'mentorsite {mentorsite.__version__} "
                "(pydantic {pydantic.VERSION})')")
        command = [tool.program, "-c", code]
    elif tool.name.startswith("floor"):
        code = ("import markdown_it, mdit_py_plugins, jinja2, yaml; print(f'markdown-it-py "
                "{markdown_it.__version__}, mdit-py-plugins {mdit_py_plugins.__version__}, "
                "Jinja2 {jinja2.__version__}, PyYAML {yaml.__version__} "
                "(libyaml {yaml.__with_libyaml__})')")
        command = [tool.program, "-c", code]
    elif tool.name == "hugo":
        command = [tool.program, "version"]
    else:
        command = [tool.program, "--version"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    return (result.stdout or result.stderr).strip().splitlines()[0]
