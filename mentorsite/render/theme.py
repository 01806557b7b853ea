"""Which folders make a site's theme, and which of their files a build reads.

A repository's ``themes/<name>/`` is layered over the built-in default theme, which ships inside the
package. Kept apart from :mod:`mentorsite.render.templates` (Jinja), so that telling whether
anything changed since the last build needs no template engine.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mentorsite.errors import MentorsiteError

if TYPE_CHECKING:
    from mentorsite.model.entries import Settings


def builtin_theme() -> Path:
    """The default theme: inside the installed package, or beside it in a source checkout."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "themes" / "default", package.parent / "themes" / "default"):
        if (candidate / "templates").is_dir():
            return candidate
    raise MentorsiteError("the built-in theme is missing: reinstall mentorsite")


def theme_folders(root: Path, settings: Settings) -> list[Path]:
    """Theme folders, most specific first; the built-in default is always last."""
    builtin = builtin_theme()
    own = root / "themes" / settings.theme
    if own.is_dir() and own.resolve() != builtin.resolve():
        return [own, builtin]
    return [builtin]


def theme_files(root: Path) -> list[Path]:
    """Every file a build of ``root`` could read from a theme: the built-in theme's, and those
    of every theme in the repository (reading the settings to know which one is chosen would
    cost more than looking at them all)."""
    folders = [builtin_theme(), root / "themes"]
    return [path for folder in folders for path in folder.rglob("*") if path.is_file()]


def static_files(folders: list[Path]) -> dict[str, Path]:
    """Every theme asset by its path under ``static/``; earlier folders win."""
    found: dict[str, Path] = {}
    for folder in reversed(folders):
        static = folder / "static"
        if not static.is_dir():
            continue
        for path in sorted(static.rglob("*")):
            if path.is_file() and not path.name.startswith(".") and inside(path, static):
                found[path.relative_to(static).as_posix()] = path
    return found


def inside(path: Path, folder: Path) -> bool:
    """True when ``path``, links resolved, is ``folder`` or lies inside it."""
    real, top = path.resolve(), folder.resolve()
    return real == top or top in real.parents
