"""The floor: the least work any Python build of the corpus must do, and nothing else.

    python benchmarks/floor.py CORPUS OUT [--jobs 1|2]

For every ``content/*/*.md``: read it, split the front matter, ``yaml.load`` it with
``CSafeLoader``, render the body with markdown-it-py (CommonMark, html off, the same plugins as
mentorsite: task lists, footnotes, heading anchors), render ONE small Jinja2 template, and
write ``OUT/<kind>/<slug>/index.html``. No validation, no lists, no history. With ``--jobs 2``
a ``multiprocessing`` pool shares the files out in chunks.
"""

from __future__ import annotations

import argparse
from functools import lru_cache
from multiprocessing import Pool
from pathlib import Path
from typing import Any

import jinja2
import yaml
from arguments import claim, corpus, count, new_folder
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>{{ body | safe }}</main></body></html>
"""


@lru_cache(maxsize=1)
def _tools() -> tuple[MarkdownIt, jinja2.Template]:
    """The parser and the template, made once per process."""
    md = MarkdownIt("commonmark", {"html": False})
    md.use(tasklists_plugin).use(footnote_plugin).use(anchors_plugin, min_level=2, max_level=4)
    env = jinja2.Environment(autoescape=True)
    return md, env.from_string(TEMPLATE)


def split(text: str) -> tuple[str, str]:
    """Front matter and body of a ``---`` delimited file."""
    _, front, body = text.split("---\n", 2)
    return front, body


def build_one(source: str, out: str) -> None:
    """Read, parse, render and write one content file."""
    path = Path(source)
    md, template = _tools()
    front, body = split(path.read_text(encoding="utf-8"))
    meta: dict[str, Any] = yaml.load(front, Loader=yaml.CSafeLoader) or {}
    html = template.render(title=meta.get("title") or path.stem, body=md.render(body))
    target = Path(out, path.parent.name, path.stem)
    target.mkdir(parents=True, exist_ok=True)
    (target / "index.html").write_text(html, encoding="utf-8")


def _build_chunk(args: tuple[list[str], str]) -> int:
    sources, out = args
    for source in sources:
        build_one(source, out)
    return len(sources)


def build(corpus: Path, out: Path, jobs: int = 1) -> int:
    """Build every content file of ``corpus`` into ``out``; the number of pages."""
    sources = sorted(str(p) for p in corpus.glob("content/*/*.md"))
    if jobs <= 1:
        return _build_chunk((sources, str(out)))
    chunks = [(sources[i::jobs * 4], str(out)) for i in range(jobs * 4)]
    with Pool(jobs) as pool:
        return sum(pool.map(_build_chunk, chunks))


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=corpus)
    parser.add_argument("out", type=new_folder, help="a new or empty folder, or an earlier OUT")
    parser.add_argument("--jobs", type=count, default=1, help="processes (default 1)")
    args = parser.parse_args()
    print(build(args.corpus, claim(args.out), args.jobs))


if __name__ == "__main__":
    main()
