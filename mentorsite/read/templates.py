"""A repository theme's own templates, parsed as the build will load them.

A template Jinja cannot parse stopped the build at the first one it happened to load, with
nothing said by ``check``: a pull request passed its check and the site's publishing then
failed, one broken template at a time. Parsing them all while the settings are checked puts
each one, at its line, among the problems ``check`` and ``build`` report; one that parses is
compiled as the build compiles it (a block defined twice parses). So is a filter or a
test the build's environment does not have (``{{ x|nubmer }}``): Jinja parses it, and only
compiling or drawing the page refuses it; and so is an ``extends``, ``include`` or ``import``
of a template neither the theme nor the built-in one has (``"default/checkin.htm"``), and a
macro called from a module that does not define it (``m.pager`` with a theme's own
``macros.html`` that has none, which the built-in pages call). What only
rendering can tell (a name a template uses that no page gives it) is still the build's to say.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from mentorsite.cachefile import CACHE_FOLDER
from mentorsite.diagnostics import Diagnostics, did_you_mean
from mentorsite.errors import MentorsiteError
from mentorsite.read.files import is_ignored
from mentorsite.read.names import report_clashes, report_not_utf8
from mentorsite.read.template_cache import FACTS_FILE, FactsCache, facts_of, stamp
from mentorsite.read.template_facts import Facts

TEMPLATE_ERROR = "template-error"
TEMPLATE_FOLDER = "template-folder"
STATIC_LINK = "static-link"
LEADS_BACK = ("the template leads back to itself without end: an include, import, extends or "
              "macro call in it, or in a template it reaches, comes round to it again")
"""What ``check`` and the build say of a template that comes round to itself while drawn."""
def check_templates(root: Path, theme: str, diagnostics: Diagnostics) -> None:
    """Report ``themes/<theme>`` or its ``templates/`` leading out of the repository
    (:func:`leading_out`), or else every ``.html`` file under the latter that is not UTF-8
    text, that Jinja cannot parse or that is a link leading out of the folder (which the
    build refuses to read), at its file and line, and warn of every folder named as a
    template (``base.html/``), which the build passes by for the built-in template of that
    name; and any two files of the theme whose names macOS and Windows take for one, and any
    whose name is not UTF-8 (:func:`_report_theme_names`). Jinja is loaded only when the
    repository's theme has templates of its own, and a template is parsed again only once it
    has changed: what was found in it is kept in :data:`FACTS_FILE` (``check`` runs on every
    save, ``serve`` checks the settings on every rebuild)."""
    if (leading := leading_out(root, theme)) is not None:
        diagnostics.error(leading[0], 1, 1, TEMPLATE_ERROR, f"the folder {leading[1]}")
        return  # the build reads nothing of it
    _report_theme_names(root, theme, diagnostics)
    _report_static_links(root, theme, diagnostics)
    folder = root / "themes" / theme / "templates"
    try:
        every = sorted(folder.rglob("*"))  # one walk: the templates, and the names they load
        own = [path for path in every if path.is_file()]
        found = [path for path in every if path.suffix == ".html" and not is_ignored(path.name)]
        stats = [(path, os.stat(path)) for path in found if path.is_file()]
        others = [(path, _kind(path)) for path in found if not path.is_file()]
    except OSError:  # the build says why the theme cannot be read
        return
    for path, kind in others:
        diagnostics.warning(path.relative_to(root).as_posix(), 1, 1, TEMPLATE_FOLDER,
                            f"{kind} named as a template: the build passes it by and uses "
                            f"the built-in {path.name}, if there is one (a template is a file)")
    names = frozenset(path.relative_to(folder).as_posix() for path in own) | _builtin_names()
    top = folder.resolve()
    if not stats:
        return
    facts = FactsCache(root / CACHE_FOLDER / FACTS_FILE)
    for path, info in stats:
        relpath = path.relative_to(root).as_posix()
        if top not in (real := path.resolve()).parents:  # the build refuses it, as it does
            diagnostics.error(relpath, 1, 1, TEMPLATE_ERROR,
                              f"the template is a link to {real}, outside its theme: a "
                              "template is read only from inside it (copy the file in)")
            continue
        for line, column, message in _problems(facts.of(path, stamp(info)), names):
            diagnostics.error(relpath, line, column, TEMPLATE_ERROR, message)
    own_paths = [path for path, _ in stats]
    _report_missing_exports(root, folder, own_paths, facts, diagnostics)
    _report_loops(root, folder, own_paths, facts, diagnostics)
    facts.save()


def _kind(path: Path) -> str:
    """What ``path``, named as a template and not a file, is: the build passes a pipe or a
    link to nothing by as it does a folder, and used the built-in template without a word."""
    if path.is_dir():
        return "a folder"
    if path.is_symlink() and not path.exists():
        return "a link to nothing"
    return "a pipe, socket or device"


def builtin_theme() -> Path:
    """The default theme: inside the installed package, or beside it in a source checkout."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "themes" / "default", package.parent / "themes" / "default"):
        if (candidate / "templates").is_dir():
            return candidate
    raise MentorsiteError("the built-in theme is missing: reinstall mentorsite")


@lru_cache(maxsize=1)
def _builtin_names() -> frozenset[str]:
    """The names the built-in theme's templates are loaded by: each file's, and the same as
    ``default/<name>``; a template of the theme may load these as well as its own files."""
    templates = builtin_theme() / "templates"
    names = {path.relative_to(templates).as_posix()
             for path in templates.rglob("*") if path.is_file()}
    return frozenset(names | {f"default/{name}" for name in names})


def _report_theme_names(root: Path, theme: str, diagnostics: Diagnostics) -> None:
    """Report each file of ``themes/<theme>`` whose path differs from another's only in case
    or in how its accents are encoded (``static/Logo.png`` beside ``static/logo.png``), as
    content files are: a checkout on macOS or Windows keeps one of them, and a build there
    publishes one file for the two names; and each whose name is not UTF-8
    (:func:`~mentorsite.read.names.report_not_utf8`). Nothing when the theme cannot be read
    (the build says why)."""
    own = root / "themes" / theme
    try:
        paths = [path.relative_to(root).as_posix() for path in own.rglob("*") if path.is_file()]
    except OSError:
        return
    report_clashes(sorted(paths), diagnostics, "rename one of them")
    report_not_utf8(sorted(paths), diagnostics)


def _report_static_links(root: Path, theme: str, diagnostics: Diagnostics) -> None:
    """Warn of each link in ``themes/<theme>/static/`` leading out of it (to ``/etc/hostname``,
    to ``design/logo.png``), and of ``static`` itself as a link leading out of the theme:
    the build publishes neither what it leads to nor the link
    (:func:`~mentorsite.render.theme.static_files`), and left the file out of the site without
    a word. A link is looked at, never followed into what it leads to."""
    own = root / "themes" / theme
    static = own / "static"
    try:
        if static.is_symlink() and not _leads_into(static, own):
            left_out = [static]
        else:  # through static/ as a link to a folder of the theme, which the build reads
            links = [Path(place, name) for place, folders, files in os.walk(static)
                     for name in [*folders, *files] if Path(place, name).is_symlink()]
            left_out = [path for path in sorted(links)
                        if not (path.name.startswith(".") and not path.is_dir())
                        and not _leads_into(path, static)]
        reals = [path.resolve() for path in left_out]
    except (OSError, RuntimeError):  # a loop of links: the build says why
        return
    for path, real in zip(left_out, reals, strict=True):
        place = "the theme" if path == static else "the theme's static/"
        diagnostics.warning(path.relative_to(root).as_posix(), 1, 1, STATIC_LINK,
                            f"a link to {real}, outside {place}: the build leaves it out of "
                            "the site (copy what it leads to into static/)")


def _leads_into(link: Path, folder: Path) -> bool:
    """Whether ``link`` stays in ``folder`` (:func:`inside`), as the build asks; a link to
    nothing leads nowhere (the build passes it by as it does any name that is no file)."""
    return not link.exists() or inside(link, folder)


def inside(path: Path, folder: Path) -> bool:
    """True when ``path``, links resolved, is ``folder`` or lies inside it."""
    real, top = path.resolve(), folder.resolve()
    return real == top or top in real.parents


def leading_out(root: Path, theme: str) -> tuple[str, str] | None:
    """``themes/<theme>`` or its ``templates/`` when it is a link leading out of the
    repository, and where it leads, which the build refuses: the folder elsewhere would be
    published as the theme's static files, or rendered into the pages as its templates.
    ``check`` and the build ask this one question, so that a pull request's check fails on
    what the build after the merge refuses."""
    own = root / "themes" / theme
    top = root.resolve()
    for folder in (own, own / "templates"):
        try:
            if not folder.exists() or top in (real := folder.resolve()).parents:
                continue
        except OSError:  # a loop of links: the build says why the theme cannot be read
            return None
        name = folder.relative_to(root).as_posix()
        return name, (f"leads outside the repository, to {real}: a theme is read only from "
                      "inside it (copy the theme into themes/)")
    return None


def _problems(facts: Facts, names: frozenset[str]) -> tuple[tuple[int, int, str], ...]:
    """The problems of a template with ``facts``, among the templates called ``names`` (its
    own files and :func:`_builtin_names`): what compiling refuses only when nothing else is
    found, as compiling would refuse the first of those again."""
    found = (*facts.problems,
             *((line, 1, f"no template named {' or '.join(map(repr, wanted))} in the theme "
                         f"or the built-in one{did_you_mean(wanted[0], names)}")
               for line, wanted in facts.loads if not any(name in names for name in wanted)))
    return found or facts.refused


def _report_missing_exports(root: Path, folder: Path, own: list[Path], facts: FactsCache,
                            diagnostics: Diagnostics) -> None:
    """Report each name a template calls from a module it imports (``m.pager(…)`` after
    ``{% import "macros.html" as m %}``, or ``{% from "macros.html" import pager %}``) that
    the module the build loads by that name does not define, when either is the theme's own:
    a ``macros.html`` of the theme's lacking a macro a built-in page calls failed only the
    build, with Jinja's "'TemplateModule object' has no attribute 'pager'". It is told at the
    call, or, when the caller is a built-in page, at the top of the theme's module."""
    templates = _chain(folder, own)
    shown = {path: path.relative_to(root).as_posix() for path in own}
    callers = {path for name, path in templates.items() if not name.startswith("default/")}
    unmet: dict[tuple[Path, str], list[str]] = {}  # a theme's module: the built-in callers
    for caller in sorted(callers):  # a page the theme replaces calls nothing
        for line, module, called in facts_of(facts, caller).calls:
            if (path := templates.get(module)) is None or (caller not in shown
                                                           and path not in shown):
                continue
            defined = facts_of(facts, path).exports
            if defined is None or called in defined:
                continue
            if caller in shown:
                diagnostics.error(shown[caller], line, 1, TEMPLATE_ERROR,
                                  f"{module} defines no '{called}'"
                                  f"{did_you_mean(called, defined)}")
            elif f"{caller.name}" not in unmet.setdefault((path, called), []):
                unmet[path, called].append(caller.name)
    for (path, called), pages in unmet.items():
        diagnostics.error(shown[path], 1, 1, TEMPLATE_ERROR,
                          f"defines no '{called}', which the built-in {', '.join(pages)} "
                          f"call{'s' if len(pages) == 1 else ''}: define it, as the built-in "
                          f"{path.name} does")


def _chain(folder: Path, own: list[Path]) -> dict[str, Path]:
    """The file the build loads by each name a template may load: the theme's own (``own``,
    under ``folder``) before the built-in one, which is also ``default/<name>``."""
    templates = {path.relative_to(folder).as_posix(): path for path in own}
    builtin = builtin_theme() / "templates"
    for name in _builtin_names():
        templates.setdefault(name, builtin / name.removeprefix("default/"))
    return templates


def _report_loops(root: Path, folder: Path, own: list[Path], facts: FactsCache,
                  diagnostics: Diagnostics) -> None:
    """Report each include, import or extends in a theme's template that always runs when
    the template is drawn and loads a template that always comes round to it again (an
    include of itself, two templates extending each other): the build ran into Python's
    recursion limit at the first page drawing it, and ``check`` had passed the theme. One
    in an ``if``, a loop or a macro may end (a tree drawn by including itself for each
    child), and is left to the build; so is one in a block of a template drawn as the
    parent of another, which the child's own block of that name may replace (a ``base.html``
    whose ``content`` includes ``wins.html`` by default, and ``wins.html`` extending it with
    a ``content`` of its own, ends)."""
    templates = _chain(folder, own)
    known: dict[_Drawn, list[tuple[int, _Drawn]]] = {}

    def loads(drawn: _Drawn) -> list[tuple[int, _Drawn]]:  # parsed only when reached
        if (found := known.get(drawn)) is None:
            path, as_parent = drawn
            found = known[drawn] = [
                (line, (templates[name], extends))
                for line, name, in_block, extends in facts_of(facts, path).always
                if name in templates and not (as_parent and in_block)]
        return found

    for path in own:
        for line, target in loads((path, False)):
            if any(drawn[0] == path and _recurs(drawn, loads)
                   for drawn in _reached(target, loads)):
                diagnostics.error(path.relative_to(root).as_posix(), line, 1, TEMPLATE_ERROR,
                                  LEADS_BACK)


_Drawn = tuple[Path, bool]
"""A template, and whether it is drawn as the parent of another (its blocks may be the
child's)."""
_Loads = Callable[[_Drawn], list[tuple[int, _Drawn]]]


def _recurs(drawn: _Drawn, loads: _Loads) -> bool:
    """Whether drawing ``drawn`` always comes round to drawing it so again."""
    return any(drawn in _reached(target, loads) for _, target in loads(drawn))


def _reached(start: _Drawn, loads: _Loads) -> set[_Drawn]:
    """Every template drawing ``start`` always draws, ``start`` itself included."""
    seen, todo = {start}, [start]
    while todo:
        for _, target in loads(todo.pop()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen

