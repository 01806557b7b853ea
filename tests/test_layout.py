"""The package's folders are the stages of the data flow, and no stage reaches into a later one.

``mentorsite/__init__.py`` describes the layout; this test holds it to its word, so a newcomer
can trust that ``read/`` knows nothing of the model, the model nothing of pages, and so on.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import mentorsite

PACKAGE = Path(mentorsite.__file__).parent

LAYERS: list[set[str]] = [
    {"basics"},  # the modules at the top: errors, diagnostics, clock, text, caches' files …
    {"read"},  # files → parsed documents
    {"markdown"},  # bodies → HTML
    {"model"},  # parsed documents → the validated model
    {"history"},  # the model's git history
    {"pages"},  # model and history → pages
    {"render"},  # pages → HTML
    {"output"},  # HTML → the output folder
    {"build"},  # the stages in order
    {"serve", "reports", "authoring", "programme"},  # the commands, each on its own
    {"cli"},  # options in, messages and exit codes out
]
LAYER_OF = {group: index for index, layer in enumerate(LAYERS) for group in layer}


def group_of(module: str) -> str:
    """The stage a dotted module name belongs to: its folder, or ``basics`` at the top."""
    parts = module.split(".")
    if len(parts) == 1:
        return "basics"  # ``from mentorsite import __version__``
    if parts[1] == "__main__":
        return "cli"
    if parts[1] == "build":
        return "build"
    return parts[1] if (PACKAGE / parts[1]).is_dir() else "basics"


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


class Imports(ast.NodeVisitor):
    """Every ``mentorsite`` module a file imports, at the top or inside a function; imports
    under ``if TYPE_CHECKING:`` are left out, as they are for annotations only."""

    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        name = test.attr if isinstance(test, ast.Attribute) else getattr(test, "id", None)
        for child in node.orelse if name == "TYPE_CHECKING" else [*node.body, *node.orelse]:
            self.visit(child)

    def visit_Import(self, node: ast.Import) -> None:
        self.found += [(node.lineno, alias.name) for alias in node.names
                       if alias.name.split(".")[0] == "mentorsite"]

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level == 0 and node.module and node.module.split(".")[0] == "mentorsite":
            self.found.append((node.lineno, node.module))


def imports(path: Path) -> Iterator[tuple[int, str]]:
    visitor = Imports()
    visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
    yield from visitor.found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_folder_is_a_stage() -> None:
    """A new folder in the package has to be given its place in the flow here."""
    folders = {path.name for path in PACKAGE.iterdir()
               if path.is_dir() and (path / "__init__.py").is_file()}
    assert folders == set(LAYER_OF) - {"basics", "build"}


@pytest.mark.parametrize("path", MODULES, ids=lambda path: module_name(path))
def test_no_module_imports_a_later_stage(path: Path) -> None:
    """Each stage builds on the ones before it; the commands of one layer never on each
    other: a module in ``read/`` importing the model, or ``serve/`` importing ``reports/``,
    fails here with the line."""
    own = group_of(module_name(path))
    wrong = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {own} imports {target} ({group_of(target)})"
        for line, target in imports(path)
        if group_of(target) != own and LAYER_OF[group_of(target)] >= LAYER_OF[own]
    ]
    assert not wrong, "\n".join(wrong)


def test_the_check_sees_a_late_import(tmp_path: Path) -> None:
    """The check itself: a read-stage module importing the model is caught, while the same
    import for annotations only is not."""
    late = tmp_path / "late.py"
    late.write_text("from typing import TYPE_CHECKING\n"
                    "if TYPE_CHECKING:\n    from mentorsite.pages.page import Page\n"
                    "def f():\n    from mentorsite.model.entries import Goal\n")
    assert [(line, target, group_of(target)) for line, target in imports(late)] == [
        (5, "mentorsite.model.entries", "model")
    ]
    assert LAYER_OF["model"] > LAYER_OF["read"]


README = PACKAGE.parent / "README.md"


def test_every_module_the_readme_names_exists() -> None:
    """The README's table of the package's folders is where a newcomer looks for a module:
    each ``name.py`` or ``name/`` it names in a folder's row is a file or folder of that folder
    (``model/lint.py`` named there after it had become the package ``model/lint/`` sent a
    reader to a file that no longer exists)."""
    table = README.read_text(encoding="utf-8").split("| folder | stage |\n")[1].split("\n\n")[0]
    rows = [line.split("|")[1:3] for line in table.splitlines() if line.startswith("| `")]
    named = 0
    for first, rest in rows:
        folders = [PACKAGE / name.rstrip("/") for name in re.findall(r"`([\w/]+/)`", first)]
        for name in re.findall(r"`([\w/]+(?:\.py|/))`", rest):
            places = [folder / name for folder in [PACKAGE, *folders]]
            assert any(place.exists() for place in places), f"README names {name} in {first}"
            named += 1
    assert named > 40
