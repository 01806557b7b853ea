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

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentorsite import __version__
from mentorsite.cachefile import CACHE_FOLDER, committed, read_json, write_json
from mentorsite.diagnostics import Diagnostics, did_you_mean
from mentorsite.errors import MentorsiteError
from mentorsite.read.files import is_ignored
from mentorsite.read.names import report_clashes, report_not_utf8

if TYPE_CHECKING:
    import jinja2

TEMPLATE_ERROR = "template-error"
TEMPLATE_FOLDER = "template-folder"
STATIC_LINK = "static-link"
OWN_FILTERS = frozenset({
    "number", "percent", "long_date", "short_date", "names", "count", "every", "href",
    "headings_under", "e", "escape", "urlize",
})
"""The filters the build sets on its Jinja environment beside Jinja's own (the last three
replace Jinja's of that name): :mod:`mentorsite.render.templates` sets exactly these, by these
names, so that what ``check`` takes for a known filter is what the build has. Its tests are
Jinja's own."""
LEADS_BACK = ("the template leads back to itself without end: an include, import, extends or "
              "macro call in it, or in a template it reaches, comes round to it again")
"""What ``check`` and the build say of a template that comes round to itself while drawn."""
_LOOKING_UP = {"map": (0, "filter"), "select": (0, "test"), "reject": (0, "test"),
               "selectattr": (1, "test"), "rejectattr": (1, "test")}
"""Filters that look up a filter or a test by its name, given at this argument."""


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
        stamps = [(path, os.stat(path)) for path in found if path.is_file()]
        others = [(path, _kind(path)) for path in found if not path.is_file()]
    except OSError:  # the build says why the theme cannot be read
        return
    for path, kind in others:
        diagnostics.warning(path.relative_to(root).as_posix(), 1, 1, TEMPLATE_FOLDER,
                            f"{kind} named as a template: the build passes it by and uses "
                            f"the built-in {path.name}, if there is one (a template is a file)")
    names = frozenset(path.relative_to(folder).as_posix() for path in own) | _builtin_names()
    top = folder.resolve()
    if not stamps:
        return
    facts = _FactsCache(root / CACHE_FOLDER / FACTS_FILE)
    for path, info in stamps:
        relpath = path.relative_to(root).as_posix()
        if top not in (real := path.resolve()).parents:  # the build refuses it, as it does
            diagnostics.error(relpath, 1, 1, TEMPLATE_ERROR,
                              f"the template is a link to {real}, outside its theme: a "
                              "template is read only from inside it (copy the file in)")
            continue
        stamp = info.st_size, info.st_mtime_ns, info.st_ctime_ns
        for line, column, message in _problems(facts.of(path, stamp), names):
            diagnostics.error(relpath, line, column, TEMPLATE_ERROR, message)
    own_paths = [path for path, _ in stamps]
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


FACTS_FILE = "templates.json"
"""The cache, in :data:`~mentorsite.cachefile.CACHE_FOLDER`, of what ``check`` found in each
template it parsed (:class:`_Facts`), by the hash of its bytes: ``check``, run by editors on
every save and by pre-commit hooks, parsed each of a theme's templates twice on every run,
and the built-in ones its modules are called from, most of its time on a small repository."""


@dataclass(frozen=True)
class _Facts:
    """What ``check`` asks of one template's text, found by parsing it once: its problems of
    its own (not UTF-8, not Jinja, a filter or test the build lacks), the templates it loads
    by name (line and names, told only when none of them is a template), what compiling it
    as the build does refuses (told only when nothing else is), the templates it loads
    whenever it is drawn (:func:`_always_loads`), the names it calls from modules it imports
    (:func:`_calls`), and the names it defines (:func:`_exports`)."""

    problems: tuple[tuple[int, int, str], ...]
    loads: tuple[tuple[int, tuple[str, ...]], ...] = ()
    refused: tuple[tuple[int, int, str], ...] = ()
    always: tuple[tuple[int, str], ...] = ()
    calls: tuple[tuple[int, str, str], ...] = ()
    exports: frozenset[str] | None = None

    def as_json(self) -> dict[str, Any]:
        """The facts as JSON values, for :data:`FACTS_FILE`."""
        return {"problems": self.problems, "loads": self.loads, "refused": self.refused,
                "always": self.always, "calls": self.calls,
                "exports": None if self.exports is None else sorted(self.exports)}

    @staticmethod
    def from_json(value: Any) -> _Facts:
        """The facts :meth:`as_json` gave; ``ValueError``, ``TypeError`` or ``KeyError`` when
        ``value`` is not what it gives (then the template is parsed again)."""
        exports = value["exports"]
        return _Facts(
            problems=_spots(value["problems"]),
            loads=tuple((int(line), tuple(str(name) for name in names))
                        for line, names in value["loads"]),
            refused=_spots(value["refused"]),
            always=tuple((int(line), str(name)) for line, name in value["always"]),
            calls=tuple((int(line), str(module), str(name))
                        for line, module, name in value["calls"]),
            exports=None if exports is None else frozenset(str(name) for name in exports))


def _spots(value: Any) -> tuple[tuple[int, int, str], ...]:
    """The (line, column, message) problems kept as JSON in ``value``."""
    return tuple((int(line), int(column), str(text)) for line, column, text in value)


_SEEN: dict[tuple[str, tuple[int, ...]], tuple[str, _Facts]] = {}
"""The facts of each template this process has looked at, by its path and its size and times,
with the hash of its bytes: ``serve`` checks the settings on every rebuild, and reads again
only a template that has changed since."""


class _FactsCache:
    """The facts of templates, found by parsing those that neither this process nor
    :data:`FACTS_FILE` knows; Jinja is loaded only for those. The file is not trusted when
    git tracks it (:func:`~mentorsite.cachefile.committed`): one arriving in a pull request
    could say a broken template is sound."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stored: dict[str, Any] = {}
        self.used: dict[str, _Facts] = {}
        self.parsed = False
        value = read_json(path)
        if (isinstance(value, dict) and value.get("version") == _facts_version()
                and isinstance(value.get("templates"), dict) and not committed(path.parent)):
            self.stored = value["templates"]

    def of(self, path: Path, stamp: tuple[int, ...]) -> _Facts:
        """The facts of the template at ``path``, whose size and times are ``stamp``."""
        if (seen := _SEEN.get((str(path), stamp))) is not None:
            self.used[seen[0]] = seen[1]
            return seen[1]
        try:
            data = path.read_bytes()
        except OSError as exc:
            return _Facts(((1, 1, f"cannot read the template: {exc.strerror or exc}"),))
        digest = hashlib.sha256(data).hexdigest()
        facts = self._stored(digest)
        if facts is None:
            facts = _parse(data, str(path))
            self.parsed = True
        if len(_SEEN) > 512:  # a long ``serve`` whose templates changed many times
            _SEEN.clear()
        _SEEN[str(path), stamp] = digest, facts
        self.used[digest] = facts
        return facts

    def _stored(self, digest: str) -> _Facts | None:
        if (value := self.stored.get(digest)) is None:
            return None
        try:
            return _Facts.from_json(value)
        except (ValueError, TypeError, KeyError):
            return None

    def save(self) -> None:
        """Keep the facts of the templates this run looked at, when one had to be parsed or
        one kept is no longer used; one that cannot be written is skipped."""
        if not self.parsed and set(self.used) == set(self.stored):
            return
        with contextlib.suppress(OSError):
            write_json(self.path, {"version": _facts_version(), "templates": {
                digest: facts.as_json() for digest, facts in sorted(self.used.items())}})


@lru_cache(maxsize=1)
def _facts_version() -> str:
    """What the kept facts depend on beside a template's bytes: mentorsite's checks (its
    version, and this file as it is, which a source checkout changes without a new version),
    and the Jinja that parses and compiles (asked of the installed package, so Jinja itself
    is not loaded)."""
    try:
        jinja = metadata.version("jinja2")
    except metadata.PackageNotFoundError:
        jinja = "?"
    try:
        own = os.stat(__file__)
        checks = f"{own.st_size}-{own.st_mtime_ns}"
    except OSError:
        checks = "?"
    return f"mentorsite {__version__} ({checks}), jinja2 {jinja}"


def _parse(data: bytes, path: str) -> _Facts:
    """The facts of the template whose bytes are ``data``, from one parse. The tree is
    compiled last: Jinja's compiling folds constants in the tree it is given."""
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        return _Facts(((line, column, f"template is not UTF-8 (byte 0x{data[exc.start]:02x}); "
                                      "save it as UTF-8"),))
    import jinja2

    try:
        tree = _environment().parse(source, None, path)
    except jinja2.TemplateSyntaxError as exc:
        return _Facts(((exc.lineno or 1, 1, f"invalid template: {exc.message}"),))
    problems = tuple((line, 1, f"no {kind} named '{name}'{did_you_mean(name, known)}")
                     for line, kind, name, known in _unknown_names(tree))
    facts = _Facts(problems=problems, loads=tuple(_named_loads(tree)),
                   always=_always_loads(tree), calls=tuple(_calls(tree)),
                   exports=_exports(tree))
    if problems:  # compiling would refuse the first of them again, in Jinja's words
        return facts
    try:  # a block defined twice parses, and only compiling it refuses it
        _compiler().compile(tree, None, path, raw=True)
    except jinja2.TemplateSyntaxError as exc:  # in the words the build's compile uses
        return replace(facts, refused=((exc.lineno or 1, 1, f"invalid template: {exc.message}"),))
    return facts


def _problems(facts: _Facts, names: frozenset[str]) -> tuple[tuple[int, int, str], ...]:
    """The problems of a template with ``facts``, among the templates called ``names`` (its
    own files and :func:`_builtin_names`): what compiling refuses only when nothing else is
    found, as compiling would refuse the first of those again."""
    found = (*facts.problems,
             *((line, 1, f"no template named {' or '.join(map(repr, wanted))} in the theme "
                         f"or the built-in one{did_you_mean(wanted[0], names)}")
               for line, wanted in facts.loads if not any(name in names for name in wanted)))
    return found or facts.refused


def _named_loads(tree: jinja2.nodes.Template) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Each template ``tree`` extends, includes or imports by name (a list of names: the
    first of them there is), with its line; the build fails on one that is no template
    (:func:`_problems`), at the page that draws it. An ``include … ignore missing`` is not;
    a name made while drawing (``{% extends layout %}``) is still the build's to find."""
    from jinja2 import nodes

    loads = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)
    for node in tree.find_all(loads):
        if not isinstance(node, loads) or (isinstance(node, nodes.Include) and node.ignore_missing):
            continue
        target = node.template
        given = target.items if isinstance(target, (nodes.List, nodes.Tuple)) else [target]
        wanted = [item.value for item in given
                  if isinstance(item, nodes.Const) and isinstance(item.value, str)]
        if wanted and len(wanted) == len(given):
            yield node.lineno, tuple(wanted)


def _unknown_names(tree: jinja2.nodes.Template
                   ) -> Iterator[tuple[int, str, str, frozenset[str]]]:
    """Each filter and test ``tree`` uses that the build's environment does not have, with
    its line, its kind and the names of that kind there are: ``{{ x|nubmer }}``, ``{% if x
    is numbr %}``, and a name given as text to a filter that looks it up (``map("nubmer")``,
    ``select("numbr")``). The build fails on each, at the page that draws it; a name made
    while drawing (``map(name)``) is still the build's to find."""
    from jinja2 import nodes

    environment = _environment()
    filters = frozenset(environment.filters) | OWN_FILTERS
    tests = frozenset(environment.tests)
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        used = [("test" if isinstance(node, nodes.Test) else "filter", node.name)]
        at, kind = _LOOKING_UP.get(node.name, (-1, ""))
        arg = node.args[at] if isinstance(node, nodes.Filter) and 0 <= at < len(node.args) else None
        if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
            used.append((kind, arg.value))
        for kind, name in used:
            known = filters if kind == "filter" else tests
            if name not in known:
                yield node.lineno, kind, name, known


def _report_missing_exports(root: Path, folder: Path, own: list[Path], facts: _FactsCache,
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
        for line, module, called in _facts_of(facts, caller).calls:
            if (path := templates.get(module)) is None or (caller not in shown
                                                           and path not in shown):
                continue
            defined = _facts_of(facts, path).exports
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


def _report_loops(root: Path, folder: Path, own: list[Path], facts: _FactsCache,
                  diagnostics: Diagnostics) -> None:
    """Report each include, import or extends in a theme's template that always runs when
    the template is drawn and loads a template that always comes round to it again (an
    include of itself, two templates extending each other): the build ran into Python's
    recursion limit at the first page drawing it, and ``check`` had passed the theme. One
    in an ``if``, a loop or a macro may end (a tree drawn by including itself for each
    child), and is left to the build."""
    templates = _chain(folder, own)
    known: dict[Path, list[tuple[int, Path]]] = {}

    def loads(path: Path) -> list[tuple[int, Path]]:  # parsed only when a theme's reaches it
        if (found := known.get(path)) is None:
            found = known[path] = [(line, templates[name])
                                   for line, name in _facts_of(facts, path).always
                                   if name in templates]
        return found

    for path in own:
        for line, target in loads(path):
            if path in _reached(target, loads):
                diagnostics.error(path.relative_to(root).as_posix(), line, 1, TEMPLATE_ERROR,
                                  LEADS_BACK)


def _reached(start: Path, loads: Callable[[Path], list[tuple[int, Path]]]) -> set[Path]:
    """Every template drawing ``start`` always draws, ``start`` itself included."""
    seen, todo = {start}, [start]
    while todo:
        for _, target in loads(todo.pop()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _always_loads(tree: jinja2.nodes.Template) -> tuple[tuple[int, str], ...]:
    """Each (line, name) of a template ``tree`` loads by a constant name whenever it is
    drawn: outside any ``if`` branch, loop body, macro or ``call`` body, and, in a template
    that extends another, not an include outside its blocks (never drawn)."""
    from jinja2 import nodes

    child = any(isinstance(node, nodes.Extends) for node in tree.body)
    found: list[tuple[int, str]] = []
    sure = {nodes.If: ("test",), nodes.For: ("iter",), nodes.CallBlock: ("call",),
            nodes.CondExpr: ("test",), nodes.And: ("left",), nodes.Or: ("left",)}
    """What of each node always runs when the node does: an if's test, not its branches."""

    def walk(node: nodes.Node, top: bool) -> None:
        if isinstance(node, (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
            if isinstance(node.template, nodes.Const) and isinstance(node.template.value, str) \
                    and not (top and child and isinstance(node, nodes.Include)):
                found.append((node.lineno, node.template.value))
            return
        if isinstance(node, nodes.Macro):
            return
        fields = sure.get(type(node))
        children = ([getattr(node, name) for name in fields] if fields is not None
                    else list(node.iter_child_nodes()))
        for inner in children:
            walk(inner, top and not isinstance(node, nodes.Block))

    for statement in tree.body:
        walk(statement, True)
    return tuple(found)


def _facts_of(facts: _FactsCache, path: Path) -> _Facts:
    """The facts of the template at ``path``; none when it cannot be read (told as its own
    problem, or, for a built-in one, by the build)."""
    try:
        info = path.stat()
    except OSError:
        return _Facts(())
    return facts.of(path, (info.st_size, info.st_mtime_ns, info.st_ctime_ns))


def _calls(tree: jinja2.nodes.Template) -> Iterator[tuple[int, str, str]]:
    """Each (line, module, name) of a name the template ``tree`` calls from a module it
    imports by a constant name."""
    from jinja2 import nodes

    bound = _bindings(tree)
    for node in tree.find_all((nodes.Import, nodes.FromImport)):
        if not isinstance(node, (nodes.Import, nodes.FromImport)):
            continue
        target = node.template
        if not isinstance(target, nodes.Const) or not isinstance(target.value, str):
            continue
        if isinstance(node, nodes.FromImport):
            yield from ((node.lineno, target.value, name if isinstance(name, str) else name[0])
                        for name in node.names)
        elif bound.count(node.target) == 1:
            yield from ((use.lineno, target.value, use.attr)
                        for use in tree.find_all(nodes.Getattr)
                        if isinstance(use.node, nodes.Name) and use.node.name == node.target)


def _bindings(tree: jinja2.nodes.Template) -> list[str]:
    """Every name the template binds, once for each time it does: an import's, a loop's or a
    ``set``'s target, a macro's parameter. A module's name bound anywhere else too
    (``{% for m in goal.milestones %}{{ m.title }}`` beside ``import … as m``) may stand for
    something else where it is used, so what is used of it is not told: ``m.title`` there was
    "macros.html defines no 'title'", an error that failed the build of a working theme."""
    from jinja2 import nodes

    names = [name.name for name in tree.find_all(nodes.Name) if name.ctx in ("store", "param")]
    for node in tree.find_all((nodes.Import, nodes.FromImport)):
        if isinstance(node, nodes.Import):
            names.append(node.target)
        elif isinstance(node, nodes.FromImport):
            names += [name if isinstance(name, str) else name[1] for name in node.names]
    return names


def _exports(tree: jinja2.nodes.Template) -> frozenset[str] | None:
    """The names the template ``tree`` defines (macros, ``set`` and imports), which a
    template importing it may call; ``None`` when that cannot be told (it extends another;
    one that cannot be parsed has none either: :func:`_parse`). Those set anywhere in it are
    counted, on the safe side: only one it never defines is told."""
    from jinja2 import nodes

    if any(isinstance(node, nodes.Extends) for node in tree.body):
        return None
    names: set[str] = set()
    for node in tree.find_all((nodes.Macro, nodes.Assign, nodes.AssignBlock, nodes.Import,
                               nodes.FromImport)):
        if isinstance(node, nodes.Macro):
            names.add(node.name)
        elif isinstance(node, (nodes.Assign, nodes.AssignBlock)):
            names |= {target.name for target in node.target.find_all(nodes.Name)}
            if isinstance(node.target, nodes.Name):
                names.add(node.target.name)
        elif isinstance(node, nodes.Import):
            names.add(node.target)
        elif isinstance(node, nodes.FromImport):
            names |= {name if isinstance(name, str) else name[1] for name in node.names}
    return frozenset(names)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """Jinja's default syntax, which the build's environment keeps, and Jinja's own filters
    and tests, which it has too."""
    import jinja2

    return jinja2.Environment()


@lru_cache(maxsize=1)
def _compiler() -> jinja2.Environment:
    """Jinja's environment knowing the build's own filters by name, as compiling asks
    (what each does is not needed): a template is compiled as the build compiles it, to
    Python's source only (``raw``), since what refuses a template is Jinja's and Python's
    own compiling of it was most of the time spent. The render stage's environment is not
    used: the read stage comes before it, and its compiler is Jinja's all the same."""
    import jinja2

    environment = jinja2.Environment()
    environment.filters.update(dict.fromkeys(OWN_FILTERS, str))
    return environment
