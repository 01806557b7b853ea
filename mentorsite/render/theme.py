"""Which folders make a site's theme, and which of their files a build reads.

A repository's ``themes/<name>/`` is layered over the built-in default theme, which ships inside the
package. Kept apart from :mod:`mentorsite.render.templates` (Jinja), so that telling whether
anything changed since the last build needs no template engine.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from mentorsite.errors import MentorsiteError
from mentorsite.read.templates import builtin_theme, inside, leading_out

if TYPE_CHECKING:
    from mentorsite.model.entries import Settings


def theme_folders(root: Path, settings: Settings) -> list[Path]:
    """Theme folders, most specific first; the built-in default is always last.

    A theme is read only from inside the repository, as content is: ``themes/<name>`` as a
    link to a folder elsewhere would publish that folder's files as the theme's static ones,
    and its ``templates/`` as one would render that folder's files into the pages."""
    builtin = builtin_theme()
    own = root / "themes" / settings.theme
    try:
        if not own.is_dir() or own.resolve() == builtin.resolve():
            return [builtin]
        os.scandir(own).close()
    except OSError as exc:
        raise MentorsiteError(
            f"themes/{settings.theme} cannot be read: {exc.strerror or exc}") from None
    if (leading := leading_out(root, settings.theme)) is not None:
        raise MentorsiteError(" ".join(leading))
    return [own, builtin]


def theme_files(root: Path) -> list[Path]:
    """Every file a build of ``root`` could read from a theme: the built-in theme's, and those
    of every theme in the repository (reading the settings to know which one is chosen would
    cost more than looking at them all); and every linked folder in them that leads out of the
    repository, which the build refuses or leaves alone: an empty ``templates/`` replaced by a
    link to a folder elsewhere changes no file the walk finds, and the build that refuses it
    must still run."""
    return [*_files_in(builtin_theme(), builtin_theme()), *_files_in(root / "themes", root)]


def chain_files(folders: list[Path], root: Path) -> list[Path]:
    """Every file the theme chain ``folders`` (from :func:`theme_folders`) of the repository
    ``root`` holds, as :func:`theme_files` finds them: through linked folders that stay in
    the repository (``themes/ours/templates`` → ``design/templates``), which ``serve`` did
    not look into, so that a template saved there was rebuilt with nothing rendered again."""
    *own, builtin = folders
    return [*(path for folder in own for path in _files_in(folder, root)),
            *_files_in(builtin, builtin)]


def _files_in(folder: Path, within: Path) -> Iterator[Path]:
    """Every file under ``folder``, through linked folders that stay ``within`` (the build
    reads a theme's templates and static files through those, and refuses or leaves alone
    what leads out: such a link is given itself, not walked); a folder reached twice is
    walked once."""
    top = os.path.realpath(within)
    walked: set[str] = set()
    for place, folders, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(place)
        if real in walked or os.path.commonpath((real, top)) != top:
            folders.clear()
            if real not in walked:
                yield Path(place)
            continue
        walked.add(real)
        yield from (path for name in files if (path := Path(place, name)).is_file())


def static_files(folders: list[Path]) -> dict[str, Path]:
    """Every theme asset by its path under ``static/``; earlier folders win. A link that
    leads out of its theme's ``static/`` (``static`` itself a link to ``content/``, a file
    linked to one elsewhere) is not followed: what it leads to was never the theme's to
    publish."""
    found: dict[str, Path] = {}
    for folder in reversed(folders):
        static = folder / "static"
        try:
            if not static.is_dir() or not inside(static, folder):
                continue
            os.scandir(static).close()
        except OSError as exc:
            raise MentorsiteError(
                f"{static} cannot be read: {exc.strerror or exc}") from None
        layer = {path.relative_to(static).as_posix(): path for path in sorted(static.rglob("*"))
                 if path.is_file() and not path.name.startswith(".") and inside(path, static)}
        found = {**_not_clashing(found, layer), **layer}
    return found


def _not_clashing(below: dict[str, Path], layer: dict[str, Path]) -> dict[str, Path]:
    """The files of ``below`` that can lie beside ``layer``'s: a folder of the layer replaces a
    file of that name below it (``static/style.css/`` in a theme, the built-in stylesheet),
    and a file of the layer a folder, as a file replaces a file. Both kept, the build failed
    writing the site, with "File exists" and a name in its temporary folder."""
    folders = {parent for name in layer for parent in _parents(name)}
    return {name: path for name, path in below.items()
            if name not in folders and not any(parent in layer for parent in _parents(name))}


def _parents(name: str) -> list[str]:
    """The folders a static file's path (``a/b/c.css``) lies in: ``a/b`` and ``a``."""
    parts = name.split("/")
    return ["/".join(parts[:end]) for end in range(len(parts) - 1, 0, -1)]
