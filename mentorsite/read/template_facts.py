"""What one template's text holds for ``check``, found by parsing it once.

``check`` (run by editors on every save, by pre-commit hooks, and by ``status`` and ``build``,
which check the settings) asks several things of each template of a theme: its own problems,
the templates it loads, those it always loads (loops), the macros it calls from modules and
those it defines. Each was a parse and a walk of its own, and a module's tree was walked again
for every page importing it; now one parse gives them all (:class:`Facts`), kept by the hash
of the template's bytes (:mod:`~mentorsite.read.template_cache`), so an unchanged theme loads
no Jinja.
:mod:`~mentorsite.read.templates` reports what they mean for the theme as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from mentorsite.diagnostics import did_you_mean

if TYPE_CHECKING:
    import jinja2

OWN_FILTERS = frozenset({
    "number", "percent", "long_date", "short_date", "names", "count", "every", "href",
    "headings_under", "e", "escape", "urlize",
})
"""The filters the build sets on its Jinja environment beside Jinja's own (the last three
replace Jinja's of that name): :mod:`mentorsite.render.templates` sets exactly these, by these
names, so that what ``check`` takes for a known filter is what the build has. Its tests are
Jinja's own."""
_LOOKING_UP = {"map": (0, "filter"), "select": (0, "test"), "reject": (0, "test"),
               "selectattr": (1, "test"), "rejectattr": (1, "test")}
"""Filters that look up a filter or a test by its name, given at this argument."""


@dataclass(frozen=True)
class Facts:
    """What ``check`` asks of one template's text, found by parsing it once: its problems of
    its own (not UTF-8, not Jinja, a filter or test the build lacks), the templates it loads
    by name (line and names, told only when none of them is a template), what compiling it
    as the build does refuses (told only when nothing else is), the templates it loads
    whenever it is drawn (:func:`_always_loads`), the names it calls from modules it imports
    (:func:`_calls`), and the names it defines (:func:`_exports`)."""

    problems: tuple[tuple[int, int, str], ...]
    loads: tuple[tuple[int, tuple[str, ...]], ...] = ()
    refused: tuple[tuple[int, int, str], ...] = ()
    always: tuple[tuple[int, str, bool, bool], ...] = ()
    calls: tuple[tuple[int, str, str], ...] = ()
    exports: frozenset[str] | None = None

def parse_facts(data: bytes, path: str) -> Facts:
    """The facts of the template whose bytes are ``data``, from one parse. The tree is
    compiled last: Jinja's compiling folds constants in the tree it is given."""
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        return Facts(((line, column, f"template is not UTF-8 (byte 0x{data[exc.start]:02x}); "
                                      "save it as UTF-8"),))
    try:
        return _source_facts(source, path)
    except RecursionError:  # Jinja's parser and compiler, and the walks, recurse per nested tag
        return Facts(((1, 1, "invalid template: its tags are nested too deeply for Jinja to "
                             "read"),))


def _source_facts(source: str, path: str) -> Facts:
    """The facts of a template's ``source`` (see :func:`parse_facts`)."""
    import jinja2

    try:
        tree = parsing_environment().parse(source, None, path)
    except jinja2.TemplateSyntaxError as exc:
        return Facts(((exc.lineno or 1, 1, f"invalid template: {exc.message}"),))
    problems = tuple((line, 1, f"no {kind} named '{name}'{did_you_mean(name, known)}")
                     for line, kind, name, known in unknown_names(tree))
    facts = Facts(problems=problems, loads=tuple(named_loads(tree)),
                   always=_always_loads(tree), calls=tuple(_calls(tree)),
                   exports=_exports(tree))
    if problems:  # compiling would refuse the first of them again, in Jinja's words
        return facts
    try:  # a block defined twice parses, and only compiling it refuses it
        python = _compiler().compile(tree, None, path, raw=True)
    except jinja2.TemplateSyntaxError as exc:  # in the words the build's compile uses
        return replace(facts, refused=((exc.lineno or 1, 1, f"invalid template: {exc.message}"),))
    if _DEEP not in python:
        return facts
    try:
        compile(python, path, "exec", dont_inherit=True)
    except SyntaxError as exc:  # "too many statically nested blocks"
        line = _template_line(python, exc.lineno or 1)
        return replace(facts, refused=((line, 1, "invalid template: its tags are nested too "
                                                 f"deeply for Python to compile ({exc.msg})"),))
    return facts


_DEEP = "\n" + " " * 80
"""A line of the Python source Jinja makes of a template indented 20 levels (4 spaces each)
or more: Python refuses more than 20 loops nested in one another (21 nested ``{% for %}``)
and 100 levels of indentation (99 nested ``{% if %}``), which only the build's compile of
that source told, at a line of the source (``goal.html:85:1: SyntaxError: too many
statically nested blocks``), after ``check`` had passed the theme. Python's compile is run
only on a source that deep (the built-in templates reach 7 levels): it costs a third of
what parsing costs."""
_DEBUG_INFO = re.compile(r"^debug_info = '([0-9=&]*)'$", re.MULTILINE)
"""Jinja's map, at the end of a template's Python source, of the template's lines to the
source's: ``'2=12&4=15'``."""


def _template_line(python: str, line: int) -> int:
    """The template's line that the line ``line`` of its Python source ``python`` was made
    from (1 when Jinja's map does not say)."""
    found = _DEBUG_INFO.search(python)
    pairs = [pair.split("=") for pair in found[1].split("&")] if found and found[1] else []
    return max(((int(code), int(own)) for own, code in pairs if int(code) <= line),
               default=(0, 1))[1]


def named_loads(tree: jinja2.nodes.Template) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Each template ``tree`` extends, includes or imports by name (a list of names: the
    first of them there is), with its line; the build fails on one that is no template, at
    the page that draws it, and ``check`` tells it (:mod:`~mentorsite.read.templates`). An
    ``include … ignore missing`` is not; a name made while drawing (``{% extends layout %}``)
    is still the build's to find."""
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


def unknown_names(tree: jinja2.nodes.Template
                   ) -> Iterator[tuple[int, str, str, frozenset[str]]]:
    """Each filter and test ``tree`` uses that the build's environment does not have, with
    its line, its kind and the names of that kind there are: ``{{ x|nubmer }}``, ``{% if x
    is numbr %}``, and a name given as text to a filter that looks it up (``map("nubmer")``,
    ``select("numbr")``). The build fails on each, at the page that draws it; a name made
    while drawing (``map(name)``) is still the build's to find."""
    from jinja2 import nodes

    parser = parsing_environment()
    filters = frozenset(parser.filters) | OWN_FILTERS
    tests = frozenset(parser.tests)
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


def _always_loads(tree: jinja2.nodes.Template) -> tuple[tuple[int, str, bool, bool], ...]:
    """Each (line, name, whether in a block, whether an extends) of a template ``tree``
    loads by a constant name whenever it is drawn: outside any ``if`` branch, loop body,
    macro or ``call`` body, and, in a template that extends another, not an include outside
    its blocks (never drawn). One in a block may not be drawn when ``tree`` is drawn as the
    parent of another, whose own block of that name replaces it."""
    from jinja2 import nodes

    child = any(isinstance(node, nodes.Extends) for node in tree.body)
    found: list[tuple[int, str, bool, bool]] = []
    sure = {nodes.If: ("test",), nodes.For: ("iter",), nodes.CallBlock: ("call",),
            nodes.CondExpr: ("test",), nodes.And: ("left",), nodes.Or: ("left",)}
    """What of each node always runs when the node does: an if's test, not its branches."""

    def walk(node: nodes.Node, top: bool) -> None:
        if isinstance(node, (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
            if isinstance(node.template, nodes.Const) and isinstance(node.template.value, str) \
                    and not (top and child and isinstance(node, nodes.Include)):
                found.append((node.lineno, node.template.value, not top,
                              isinstance(node, nodes.Extends)))
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
    one that cannot be parsed has none either: :func:`parse_facts`). Those set anywhere in it are
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
def parsing_environment() -> jinja2.Environment:
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

    compiling = jinja2.Environment()
    compiling.filters.update(dict.fromkeys(OWN_FILTERS, str))
    return compiling
