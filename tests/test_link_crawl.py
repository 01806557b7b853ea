"""Every link resolves: a crawl from the dashboard follows each ``href`` and ``src`` (pages, the
stylesheet, theme files, the feed, the calendar, data.json) and each ``#fragment`` to an id.

The site is served from a project's sub-path (``/pair/``, as GitHub Pages serves it), so a link
that climbs one folder too many, or starts from the host's root, leaves the site and is told.
The content has headings in Hindi, Arabic and emoji, links between entries to those headings,
footnotes, and images of the theme's with a space and a ``%`` in their names.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

SITE = "http://host/pair/"

GOAL = """---
title: Lead design reviews
started: 2025-05-01
due: 2025-12-31
why: To grow.
success: Reviews run.
milestones: [{title: First one 🎉, due: 2025-06-01, done: 2025-05-20}]
---
## लक्ष्य और परिणाम

See [the next part](#ما-الذي-حدث) and [the wins](#-wins), a note[^a].

## ما الذي حدث؟

## 🎉 Wins

[^a]: Said.
"""
CHECKIN = """---
goals: {lead: {status: on-track}}
---
## Notes

Back to [the aim](../goals/lead.md#लक्ष्य-और-परिणाम),
[the photo](../evidence/2025-06-02-photo.md#صور).
"""
EVIDENCE = """---
title: Photo ✨
goals: [lead]
kind: artifact
---
## صور

![the board](../../static/img%20dir/board%20100%25.png)
"""


class _Page(HTMLParser):
    """A page's links (``href``, ``src``) and the ids its elements hold."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is not None and name == "id":
                self.ids.add(value)
            elif value is not None and name in ("href", "src"):
                self.links.append(value)


def _file(site: Path, url: str) -> Path | None:
    """The file a server of ``site`` at :data:`SITE` answers ``url`` with; None for a link
    that leaves the site."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != SITE.removesuffix("pair/"):
        return None
    path = unquote(parts.path)
    if not path.startswith(urlsplit(SITE).path):
        return site / "not-under-the-sub-path"
    found = site / path.removeprefix(urlsplit(SITE).path)
    return found / "index.html" if found.is_dir() else found


def broken_links(site: Path) -> list[str]:
    """Each link from a page reached from the dashboard that leads to no file, or to no id,
    and each page no link reaches."""
    pages: dict[Path, _Page] = {}
    queue, links = [SITE], []
    while queue:
        url = queue.pop()
        page = _file(site, url)
        if page is None or page in pages or page.suffix != ".html" or not page.is_file():
            continue
        pages[page] = _Page(page.read_text("utf-8"))
        for link in pages[page].links:
            links.append((page, link, urljoin(url, link)))
            queue.append(urljoin(url, link).partition("#")[0])
    broken = []
    for page, link, url in links:
        address, _, fragment = url.partition("#")
        target = _file(site, address)
        if target is None:
            continue
        where = f"{page.relative_to(site)}: {link}"
        if not target.is_file():
            broken.append(f"{where} leads to no file")
        elif fragment and target.suffix == ".html":
            held = pages.get(target) or _Page(target.read_text("utf-8"))
            if unquote(fragment) not in held.ids:
                broken.append(f"{where} names no id on its page")
    # 404.html is shown at addresses that lead nowhere, and linked from no page
    unreached = set(site.rglob("*.html")) - set(pages) - {site / "404.html"}
    return broken + sorted(f"{page.relative_to(site)} is reached by no link"
                           for page in unreached)


def test_every_link_and_fragment_from_the_dashboard_resolves_under_a_sub_path(
        make_repo, run_cli, tmp_path):
    root = make_repo({
        "mentorsite.yml": "title: Pair\ntheme: mine\n",
        "content/goals/lead.md": GOAL,
        "content/checkins/2025-06-01.md": CHECKIN,
        "content/evidence/2025-06-02-photo.md": EVIDENCE,
        "themes/mine/static/img dir/board 100%.png": b"\x89PNG",
    })
    out = tmp_path / "site"
    result = run_cli("--source", root, "--today", "2025-06-10", "build", "--out", out,
                     "--base-url", "https://example.github.io/pair/")
    assert result.exit_code == 0, result.output
    assert "broken-link" not in result.output
    assert (out / "static" / "img dir" / "board 100%.png").is_file()
    assert broken_links(out) == []
