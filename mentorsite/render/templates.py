"""Render pages with Jinja2 through the theme chain: the pair's theme first, the default last.

A repository's ``themes/<name>/templates`` overrides any built-in template by name, and can
still reach the one it replaces as ``default/<name>`` (e.g. ``{% extends "default/base.html"
%}``). Static files layer the same way. Autoescaping is on for every template.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import islice
from pathlib import Path
from types import BuiltinFunctionType, MethodType
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.runtime import Macro
from markupsafe import Markup, escape

from mentorsite import __version__
from mentorsite.diagnostics import did_you_mean
from mentorsite.errors import MentorsiteError, TemplateFailed
from mentorsite.markdown.rules import placed_under
from mentorsite.model.entries import Settings
from mentorsite.pages.page import NAV, Page
from mentorsite.read.template_facts import OWN_FILTERS
from mentorsite.read.templates import LEADS_BACK, inside
from mentorsite.render.commit_snippets import GLOBALS as COMMIT_GLOBALS
from mentorsite.render.history_snippets import GLOBALS as HISTORY_GLOBALS
from mentorsite.render.list_snippets import GLOBALS as LIST_GLOBALS
from mentorsite.render.snippets import (
    GLOBALS,
    count_html,
    every_html,
    href,
    names,
    text,
)
from mentorsite.text import long_date, number, percent, reads_right_to_left, short_date

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' https:; "
    "base-uri 'none'; form-action 'none'"
)
"""The Content-Security-Policy every page carries: no scripts at all, styles from the site."""
_SNIPPET_GLOBALS = {**GLOBALS, **LIST_GLOBALS, **HISTORY_GLOBALS, **COMMIT_GLOBALS}
"""What every template can call from Python: the snippets and their helpers."""
_RUN = 4096
"""Pieces of template output joined into one run by :meth:`Renderer.render_in_parts`."""


@dataclass(frozen=True)
class Renderer:
    """A configured Jinja environment and what every page is told about the site."""

    env: jinja2.Environment
    settings: Settings
    today: date
    base_url: str | None
    nav: tuple[tuple[str, str], ...] = NAV
    root: Path | None = None
    """The repository, from which a broken template of its theme is named, as diagnostics
    name files (``themes/ours/templates/wins.html``); None: as Jinja names it."""
    blocks: dict[tuple[Any, ...], Markup] = field(default_factory=dict, compare=False)
    """What :meth:`cached_block` has drawn, by its key."""

    def render(self, page: Page, extra: Mapping[str, Any] | None = None) -> str:
        """The HTML of ``page``; a broken template is a :class:`MentorsiteError`."""
        context = self._context(page, extra)
        try:
            return self.env.get_template(page.template).render(context)
        except MentorsiteError:
            raise
        except Exception as exc:  # a theme's own template can divide by zero, too
            raise _template_error(exc, page.template, self.root, self._names(context)) from exc

    def render_in_parts(self, page: Page) -> Iterator[str]:
        """:meth:`render` in runs of the template's output, each made when the one before
        was taken: a list page of a large site is megabytes of HTML in tens of thousands of
        pieces, all held at once before they are joined.

        The template's own render function gives the pieces, as Jinja's ``generate`` does,
        without ``generate``'s generator around it, which every piece passed through (fifty
        and more on an entry page); a failure is still handed to Jinja, which points its
        traceback at the template's lines."""
        context = self._context(page, None)
        try:
            template = self.env.get_template(page.template)
            pieces = template.root_render_func(template.new_context(context))
            try:
                while run := list(islice(pieces, _RUN)):
                    yield "".join(run)
            except Exception:
                self.env.handle_exception()
        except MentorsiteError:
            raise
        except Exception as exc:
            raise _template_error(exc, page.template, self.root, self._names(context)) from exc

    def _names(self, context: Mapping[str, Any]) -> list[str]:
        """Every name a page's template can use: what the page is given, and the globals."""
        return [*context, *self.env.globals]

    def _context(self, page: Page, extra: Mapping[str, Any] | None) -> dict[str, Any]:
        root = (self.base_url or "/") if page.served_anywhere else "../" * page.depth
        return {
            "page": page,
            "site": self.settings,
            "root": root,
            "today": self.today,
            "nav": tuple((label, url, url == page.url) for label, url in self.nav),
            "cached_block": self.cached_block,
            "canonical": f"{self.base_url}{page.url}" if self.base_url else None,
            "csp": CSP,
            "version": __version__,
            **page.context,
            **(extra or {}),
        }

    def cached_block(self, *key: Any, caller: Callable[[], Markup]) -> Markup:
        """``{% call cached_block("header", root, nav) %}…{% endcall %}``: the block drawn once
        per distinct key in a build, like Hugo's ``partialCached``. A header or footer is the
        same on thousands of pages; the key must hold everything in the block that can differ
        from one page to another (the site, the day and the version never do within a build).
        """
        try:
            found = self.blocks.get(key)
        except TypeError:  # an unhashable key: draw the block every time
            return caller()
        if found is None:
            found = self.blocks[key] = caller()
        return found

    def compile(self, templates: Iterable[str]) -> None:
        """Load and compile ``templates`` now, so that processes forked later inherit them."""
        for template in templates:
            try:
                self.env.get_template(template)
            except jinja2.TemplateError as exc:
                raise _template_error(exc, template, self.root) from exc


def _template_error(exc: Exception, template: str, root: Path | None,
                    given: Iterable[str] = ()) -> TemplateFailed:
    """A broken or missing template, or one that failed while rendering (``{{ 1/0 }}``), as
    a user error: the file (from ``root``, when it lies in it), the line, what is wrong; a
    name the page is not given (``{{ sitee.title }}``), with the closest of ``given``."""
    where = getattr(exc, "filename", None)
    line = getattr(exc, "lineno", None)
    reached = ""
    if where is None and (found := _failed_at(exc, root)) is not None:
        where, line, reached = found
    if where is None:
        where, line = template, None
    elif root is not None:
        where = _from_root(where, root)
    if isinstance(exc, jinja2.TemplateNotFound):  # Jinja's message is the bare name
        names = exc.templates if isinstance(exc, jinja2.TemplatesNotFound) else [exc.name]
        what = f"no template named {' or '.join(map(repr, names))} in the theme or the built-in one"
    elif isinstance(exc, jinja2.TemplateError):
        what = str(exc)
        if isinstance(exc, jinja2.UndefinedError) and (
                unknown := _UNKNOWN_NAME.fullmatch(what)) is not None:
            what += did_you_mean(unknown[1], given)
    elif isinstance(exc, RecursionError):  # Python's words name no template, nor a loop
        what = LEADS_BACK
    else:
        what = f"{type(exc).__name__}: {exc}"
    return TemplateFailed.at(where, line, what + reached)


_UNKNOWN_NAME = re.compile(r"'([A-Za-z_][A-Za-z0-9_]*)' is undefined")
"""Jinja's message for a name a template uses that its page is not given."""


class _Undefined(jinja2.StrictUndefined):
    """Jinja's strict undefined, whose error for an attribute or key that a value lacks
    (``{{ goal.titel }}``) names the closest one it has: Jinja's says only which it lacks,
    and a theme's author was left to read the model's source for the right name."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        message: str = super()._undefined_message
        name, value = self._undefined_name, self._undefined_obj
        if self._undefined_hint or value is jinja2.utils.missing or not isinstance(name, str):
            return message
        if isinstance(value, Mapping):
            known = [key for key in value if isinstance(key, str)]
        elif type(value).__module__ == "builtins":  # a number's or a text's methods are no
            return message  # hint: a pager given as 3 had no 'count' ('bit_count'?)
        else:
            known = [attribute for attribute in dir(value) if not attribute.startswith("_")]
        return message + did_you_mean(name, known)


def _from_root(path: str, root: Path) -> str:
    """``path`` from ``root`` with forward slashes, or as it is when it lies outside (a
    built-in template): ``build`` named a template from the folder it was run in, and
    ``serve``, which resolves the source, by its absolute path."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return path


def _failed_at(exc: BaseException, root: Path | None) -> tuple[str, int, str] | None:
    """The template file and line where rendering failed (an undefined name, a bad call),
    and where in a built-in template it did, if that is not the file: such errors carry
    neither, but Jinja points the traceback's frames at the template's lines, each frame's
    globals holding the error. The innermost one is where it happened; when that lies in a
    built-in template (``macros.html``'s ``progress_bar`` called without its arguments) the
    innermost one of the repository's theme is named instead, with the built-in line after
    the message: the call in the theme is what its author can change, and the built-in
    file's path is one in the installed package."""
    frames: list[tuple[str, int]] = []
    tb = exc.__traceback__
    while tb is not None:
        frame_globals = tb.tb_frame.f_globals
        if frame_globals.get("__jinja_exception__") is exc:
            frames.append((str(frame_globals["__file__"]), tb.tb_lineno))
        tb = tb.tb_next
    if not frames:
        return None
    where, line = frames[-1]
    if root is None or inside(Path(where), root):
        return where, line, ""
    own = [(path, at) for path, at in frames if inside(Path(path), root)]
    if not own:
        return where, line, ""
    return *own[-1], f" (in the built-in {Path(where).name}, line {line})"


def renderer(folders: list[Path], settings: Settings, today: date,
             base_url: str | None, with_history: bool = False,
             root: Path | None = None) -> Renderer:
    """A :class:`Renderer` over ``folders`` (from :func:`theme_folders`), naming a broken
    template from ``root``."""
    nav = (*NAV, ("History", "history/")) if with_history else NAV
    env = _environment(tuple(folders))
    cache = env.cache
    if cache is not None and not all(template.is_up_to_date for template in cache.values()):
        cache.clear()  # a template changed since the last build (serve): compile again
    return Renderer(env, settings, today, base_url, nav, root)


@lru_cache(maxsize=4)
def _environment(folders: tuple[Path, ...]) -> jinja2.Environment:
    """One Jinja environment per theme chain and process, so ``serve`` compiles each template
    once (a changed template is noticed by its modification time when the next build makes its
    :func:`renderer`, and compiled again; within a build nothing is checked again, which spares
    a few ``stat`` calls for every page). Loaded templates are kept in a plain dict
    (``cache_size=-1``), not Jinja's default least-recently-used cache, which takes a lock and
    reorders its queue on each of the four or so lookups a page makes (its template, the one
    it extends, each import); a theme has a few dozen templates.

    Compiled templates are also kept across processes in Jinja's own per-user cache folder
    (private to this user, never inside the repository: a cache that arrived with a clone
    must not be able to run code)."""
    loader = jinja2.ChoiceLoader(
        [
            _ContainedLoader([str(folder / "templates") for folder in folders]),
            jinja2.PrefixLoader(
                {"default": jinja2.FileSystemLoader(str(folders[-1] / "templates"))}
            ),
        ]
    )
    env = _Environment(
        loader=loader,
        autoescape=True,
        undefined=_Undefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=-1,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters.update({name: _FILTERS[name] for name in OWN_FILTERS})
    env.globals.update(_SNIPPET_GLOBALS)
    return env


def _output(value: Any) -> str:
    """What ``{{ value }}`` writes with autoescaping on: the characters of Jinja's
    ``markupsafe.escape(value)``, as a plain string (:func:`~mentorsite.render.snippets.text`) where
    ``escape`` makes a :class:`Markup` object of each, and markup (a snippet's HTML, a
    Markdown body) as it is, where ``escape`` copies it into a new one. What a template
    writes is only ever joined into the page, so nothing asks whether a piece is markup; a
    macro's or a block's output is still marked safe by Jinja as a whole."""
    if type(value) is str:
        return text(value)
    if hasattr(value, "__html__"):
        html = value.__html__()
        return html if type(html) is Markup or type(html) is str else Markup(html)
    return text(str(value))


def _escaped(value: Any) -> Markup:
    """``|e`` and ``|escape`` as ``{{ value }}`` writes it: escaped, and isolated when it reads
    right to left (:func:`~mentorsite.render.snippets.text`). Jinja's own filters escape
    alone, and their markup passed through unisolated, in a theme that used them."""
    return value if isinstance(value, Markup) else Markup(_output(value))


def _headings_under(body: Any, level: int) -> Markup:
    """``{{ body|headings_under(2) }}``: a Markdown body set in a section headed by an ``h2``,
    its top headings drawn one level below that one, its others below them
    (:func:`~mentorsite.markdown.rules.placed_under`). ``{{ body }}`` alone draws them as
    under the page's ``h1``."""
    return Markup(placed_under(_output(body), level))


@jinja2.pass_eval_context
def _urlized(eval_ctx: jinja2.nodes.EvalContext, value: Any, *args: Any, **kwargs: Any) -> str:
    """``|urlize`` isolated as ``{{ value }}`` is when its text reads right to left
    (:func:`~mentorsite.render.snippets.isolated`): the links in it are Jinja's, the text
    around them a user's. Unisolated, a right-to-left sentence in a theme's ``|urlize``
    ended on the wrong side."""
    html = jinja2.filters.do_urlize(eval_ctx, value, *args, **kwargs)
    if not reads_right_to_left(str(value)):
        return html
    return Markup(f"\u2068{html}\u2069") if isinstance(html, Markup) else f"\u2068{html}\u2069"


_FILTERS: dict[str, Callable[..., Any]] = {
    "number": number, "percent": percent, "long_date": long_date, "short_date": short_date,
    "names": names, "count": count_html, "every": every_html, "href": href, "e": _escaped,
    "escape": _escaped, "urlize": _urlized, "headings_under": _headings_under,
}
"""The functions of the filters the environment sets: those named in
:data:`~mentorsite.read.template_facts.OWN_FILTERS`, where ``check`` learns which there are."""


class _Template(jinja2.Template):
    """A template whose ``{{ … }}`` are written by :func:`_output`.

    A compiled template escapes every value it writes with the ``escape`` it imports from
    Jinja's runtime (markupsafe's); once its code has run, that name is pointed at
    :func:`_output` in the template's own namespace. The compiled code is unchanged (and so
    is what Jinja keeps of it across processes); only ``{{ … }}`` output calls that name."""

    @classmethod
    def from_code(cls, environment: jinja2.Environment, code: Any,
                  globals: MutableMapping[str, Any],
                  uptodate: Callable[[], bool] | None = None) -> jinja2.Template:
        template = super().from_code(environment, code, globals, uptodate)
        namespace = template.root_render_func.__globals__
        if namespace.get("escape") is escape:
            namespace["escape"] = _output
        return template


_PASS_ARG = "jinja_pass_arg"
"""The attribute :func:`jinja2.pass_context` and its kin set on what they mark."""


def _context_marker() -> object:
    """What :func:`jinja2.pass_context` marks a function with."""

    @jinja2.pass_context
    def probe(context: Any) -> None: ...

    return getattr(probe, _PASS_ARG)


_TAKES_CONTEXT = _context_marker()
_SNIPPETS: dict[int, tuple[Callable[..., Any], bool]] = {
    id(snippet): (snippet, getattr(snippet, _PASS_ARG, None) is _TAKES_CONTEXT)
    for snippet in _SNIPPET_GLOBALS.values()
    if callable(snippet) and getattr(snippet, _PASS_ARG, None) in (None, _TAKES_CONTEXT)
}
"""The snippets' functions by ``id``, each with whether it takes the calling context."""


class _Context(jinja2.runtime.Context):
    """A context that calls the snippets, :meth:`Renderer.cached_block`, Jinja's macros and
    built-in methods (``date.isoformat``) without asking each time what to pass them.

    For every call in a template Jinja asks the callable, and its ``__call__``, whether it
    takes the context, the evaluation context or the environment: attribute look-ups that
    fail, each raising and catching an ``AttributeError`` with its message: several times
    what a method such as ``isoformat`` costs itself. The snippets and ``cached_block`` are
    ours, so what each takes is known; a built-in function or method takes nothing (neither
    it nor its ``__call__`` can carry Jinja's mark), nor does a macro, unless its own
    attributes say otherwise. Anything else a template calls (functions and classes of a
    theme's own) goes through Jinja's ``call``."""

    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        kind = type(__obj)
        if kind is BuiltinFunctionType or (kind is Macro and _PASS_ARG not in vars(__obj)):
            takes_context = False
        elif (known := _SNIPPETS.get(id(__obj))) is not None and known[0] is __obj:
            takes_context = known[1]
        elif isinstance(__obj, MethodType) and __obj.__func__ is Renderer.cached_block:
            takes_context = False
        else:
            return super().call(__obj, *args, **kwargs)
        loop_vars = kwargs.pop("_loop_vars", None)
        block_vars = kwargs.pop("_block_vars", None)
        if takes_context:  # as Jinja does: the loop's and the block's variables are seen too
            context: jinja2.runtime.Context = __self
            if loop_vars:
                context = context.derived(loop_vars)
            if block_vars:
                context = context.derived(block_vars)
            args = (context, *args)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception")


class _Environment(jinja2.Environment):
    """An environment whose templates each take a plain copy of its globals.

    Jinja chains a template's globals over the environment's (a ``ChainMap``), which every
    page pays for in Python: its context copies them key by key, and each ``{% import %}``
    compares them with the imported template's key by key. Jinja's documentation already
    asks that globals not change once a template is loaded (ours are set when the
    environment is made), and a copy still keeps one template's globals from another's."""

    template_class = _Template
    context_class = _Context

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


class _ContainedLoader(jinja2.FileSystemLoader):
    """Loads a template only if it really lies inside its theme folder: a template that is a
    link to a file elsewhere (``/etc/…``) is an error that names it, never rendered; and
    without the byte-order mark an editor may have saved it with, as content is read: Jinja
    kept the mark as text, so that a page whose template and ``base.html`` both had one began
    with two, the second before the doctype, which put browsers in quirks mode."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        try:
            source, filename, uptodate = super().get_source(environment, template)
        except jinja2.TemplateNotFound:
            raise  # an OSError too, for Jinja: another folder may have it
        except (UnicodeDecodeError, OSError) as exc:
            raise self._unreadable(template, exc) from exc
        found = next((index for index, folder in enumerate(self.searchpath)
                      if inside(Path(filename), Path(folder))), None)
        if found is None:
            error = jinja2.TemplateSyntaxError(
                f"the template is a link to {Path(filename).resolve()}, outside its theme: a "
                "template is read only from inside it (copy the file in)", 1, template, filename)
            error.translated = True
            raise error
        return source.removeprefix("\ufeff"), filename, _unshadowed(uptodate, [
            os.path.join(folder, *split_template_path(template))
            for folder in self.searchpath[:found]
        ])

    def _unreadable(self, template: str, exc: UnicodeDecodeError | OSError
                    ) -> jinja2.TemplateSyntaxError:
        """A theme file that is not UTF-8 text, or cannot be read, as a template error that
        names the file and the line (Jinja lets the decoding error through as it is)."""
        pieces = split_template_path(template)
        paths = [os.path.join(folder, *pieces) for folder in self.searchpath]
        path = next((p for p in paths if os.path.isfile(p)), paths[0] if paths else template)
        if isinstance(exc, UnicodeDecodeError):
            line = exc.object[:exc.start].count(b"\n") + 1
            message = f"file is not UTF-8 (byte 0x{exc.object[exc.start]:02x}); save it as UTF-8"
        else:
            line, message = 1, f"cannot read the file: {exc.strerror or exc}"
        error = jinja2.TemplateSyntaxError(message, line, template, path)
        error.translated = True  # the message alone: the file and line are said once, before
        return error


def _unshadowed(uptodate: Callable[[], bool], ahead: list[str]) -> Callable[[], bool]:
    """``uptodate``, and also false once a file at one of the paths ``ahead`` exists: a
    template added to the theme while ``serve`` runs, in a folder searched before the one the
    cached template came from, must replace it, though that one did not change."""
    if not ahead:
        return uptodate
    return lambda: uptodate() and not any(os.path.isfile(path) for path in ahead)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None  # no private temporary folder: compile every time
