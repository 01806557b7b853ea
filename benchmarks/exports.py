"""Export a mentorsite corpus as a Pelican, MkDocs or Hugo site with the SAME Markdown bodies.

Each tool gets one page per content file, with the simplest front matter it accepts (a title
and a date) and a minimal configuration, so that the comparison times Markdown → HTML pages
rather than features:

- Pelican: ``content/<kind>-<slug>.md`` with ``Title:``/``Date:``/``Slug:``/``Category:``
  metadata, the default theme, feeds off, no content cache.
- MkDocs: ``docs/<kind>/<slug>.md`` with YAML ``title``, ``plugins: []`` (search off) and the
  nav cut to the index page (its default nav lists every page on every page: quadratic).
- Hugo: ``content/posts/<kind>-<slug>.md`` with YAML front matter and a three-file layout
  (baseof, single, list); taxonomies, RSS and sitemap off.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

PELICAN_CONF = """AUTHOR = "Priya Raman"
SITENAME = "Benchmark mentorship"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
"""
MKDOCS_CONF = """site_name: Benchmark mentorship
plugins: []
nav:
  - Home: index.md
"""
HUGO_CONF = """baseURL = "http://example.org/"
title = "Benchmark mentorship"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
buildFuture = true
"""
HUGO_LAYOUTS = {
    "baseof.html": '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
                   "<title>{{ .Title }}</title></head>\n"
                   '<body>{{ block "main" . }}{{ end }}</body></html>\n',
    "single.html": '{{ define "main" }}<main><h1>{{ .Title }}</h1>{{ .Content }}</main>'
                   "{{ end }}\n",
    "list.html": '{{ define "main" }}<main><h1>{{ .Title }}</h1><ul>{{ range .Pages }}'
                 '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>'
                 "</main>{{ end }}\n",
}
TOOLS = ("pelican", "mkdocs", "hugo")


@dataclass(frozen=True)
class Page:
    """One content file as the other tools need it."""

    kind: str
    slug: str
    title: str
    day: str
    body: str


def pages(corpus: Path) -> Iterator[Page]:
    """Every content file of a mentorsite corpus, in path order."""
    for path in sorted(corpus.glob("content/*/*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.load(front, Loader=yaml.CSafeLoader) or {}
        slug = path.stem
        day = str(meta.get("date") or meta.get("started") or slug[:10])
        title = str(meta.get("title") or f"Check-in {slug}")
        yield Page(path.parent.name, slug, title, day, body.lstrip("\n"))


def _pelican(corpus: Path, site: Path) -> None:
    (site / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    content = site / "content"
    content.mkdir()
    for page in pages(corpus):
        name = f"{page.kind}-{page.slug}"
        head = (f"Title: {page.title}\nDate: {page.day}\nSlug: {name}\n"
                f"Category: {page.kind}\n\n")
        (content / f"{name}.md").write_text(head + page.body, encoding="utf-8")


def _mkdocs(corpus: Path, site: Path) -> None:
    (site / "mkdocs.yml").write_text(MKDOCS_CONF, encoding="utf-8")
    docs = site / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Benchmark mentorship\n", encoding="utf-8")
    for page in pages(corpus):
        folder = docs / page.kind
        folder.mkdir(exist_ok=True)
        head = f"---\ntitle: {json.dumps(page.title)}\n---\n\n"
        (folder / f"{page.slug}.md").write_text(head + page.body, encoding="utf-8")


def _hugo(corpus: Path, site: Path) -> None:
    (site / "config.toml").write_text(HUGO_CONF, encoding="utf-8")
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    posts = site / "content" / "posts"
    posts.mkdir(parents=True)
    for page in pages(corpus):
        head = f"---\ntitle: {json.dumps(page.title)}\ndate: {page.day}\n---\n\n"
        (posts / f"{page.kind}-{page.slug}.md").write_text(head + page.body, encoding="utf-8")


_EXPORTERS = {"pelican": _pelican, "mkdocs": _mkdocs, "hugo": _hugo}


def export(corpus: Path, tool: str, site: Path) -> Path:
    """Write ``tool``'s source folder for ``corpus`` into ``site`` (replaced); returns it."""
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    _EXPORTERS[tool](corpus, site)
    return site
