"""A repository theme's own templates, parsed as the build will load them.

A template Jinja cannot parse stopped the build at the first one it happened to load, with
nothing said by ``check``: a pull request passed its check and the site's publishing then
failed, one broken template at a time. Parsing them all while the settings are checked puts
each one, at its line, among the problems ``check`` and ``build`` report. What only rendering
can tell (a name a template uses that no page gives it) is still the build's to say.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from mentorsite.diagnostics import Diagnostics
from mentorsite.read.files import is_ignored

if TYPE_CHECKING:
    import jinja2

TEMPLATE_ERROR = "template-error"


def check_templates(root: Path, theme: str, diagnostics: Diagnostics) -> None:
    """Report every ``.html`` file under ``themes/<theme>/templates/`` that is not UTF-8
    text, that Jinja cannot parse or that is a link leading out of the folder (which the
    build refuses to read), at its file and line. Jinja is loaded only when the repository's
    theme has templates of its own, and a template is parsed again only once it has changed
    (``serve`` checks the settings on every rebuild)."""
    folder = root / "themes" / theme / "templates"
    try:
        files = sorted(path for path in folder.rglob("*.html")
                       if path.is_file() and not is_ignored(path.name))
        stamps = [(path, os.stat(path)) for path in files]
    except OSError:  # the build says why the theme cannot be read
        return
    top = folder.resolve()
    for path, info in stamps:
        relpath = path.relative_to(root).as_posix()
        if top not in (real := path.resolve()).parents:  # the build refuses it, as it does
            diagnostics.error(relpath, 1, 1, TEMPLATE_ERROR,
                              f"the template is a link to {real}, outside its theme: a "
                              "template is read only from inside it (copy the file in)")
            continue
        for line, column, message in _problems(str(path), relpath, info.st_size,
                                               info.st_mtime_ns, info.st_ctime_ns):
            diagnostics.error(relpath, line, column, TEMPLATE_ERROR, message)


@lru_cache(maxsize=256)
def _problems(path: str, relpath: str, *stamp: int) -> tuple[tuple[int, int, str], ...]:
    """The problem of the template at ``path`` as it is at ``stamp``, if any."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return ((1, 1, f"cannot read the template: {exc.strerror or exc}"),)
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        return ((line, column, f"template is not UTF-8 (byte 0x{data[exc.start]:02x}); save it "
                               "as UTF-8"),)
    import jinja2

    try:
        _environment().parse(source, relpath, path)
    except jinja2.TemplateSyntaxError as exc:
        return ((exc.lineno or 1, 1, f"invalid template: {exc.message}"),)
    return ()


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """Jinja's default syntax, which the build's environment keeps."""
    import jinja2

    return jinja2.Environment()
