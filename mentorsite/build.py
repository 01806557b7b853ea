"""``mentorsite build``: every stage of the site, in order, in one readable function.

read (load → validate → lint) → publish (drop private) → insights → pages → render → write.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mentorsite.data_json import data_json
from mentorsite.errors import MentorsiteError
from mentorsite.feeds import atom, calendar, sitemap
from mentorsite.insights import insights
from mentorsite.output import check_output_folder, write_site
from mentorsite.pages import site_pages
from mentorsite.project import Project, read_project
from mentorsite.publish import published
from mentorsite.render import renderer, static_files, theme_folders


class BuildFailed(MentorsiteError):
    """The content has errors (or warnings under --strict); nothing was written."""

    def __init__(self, project: Project) -> None:
        super().__init__("build failed: the content has problems; the previous site is unchanged")
        self.project = project


@dataclass(frozen=True)
class BuildResult:
    """What a build did."""

    project: Project
    out: Path
    pages: int
    files: int
    seconds: float


def build(
    root: Path,
    out: Path,
    *,
    today: date | None = None,
    base_url: str | None = None,
    strict: bool = False,
    say: Callable[[str], None] = lambda _: None,
) -> BuildResult:
    """Build the site of ``root`` into ``out``; raise :class:`BuildFailed` on content errors."""
    started = time.perf_counter()
    project = read_project(root, today)
    problems = project.diagnostics
    if problems.errors or (strict and problems.warnings):
        raise BuildFailed(project)
    check_output_folder(out, root)
    settings = project.model.settings
    base = _with_slash(base_url or settings.base_url)
    views = insights(published(project.model), project.today)
    pages = site_pages(views)
    say(f"rendering {len(pages)} pages")
    folders = theme_folders(root, settings)
    render = renderer(folders, settings, project.today, base)
    files: dict[str, str | bytes] = {page.output_path: render.render(page) for page in pages}
    bodies = {page.url: str(page.context["body"]) for page in pages if "body" in page.context}
    files["feed.xml"] = atom(views, base, bodies)
    files["calendar.ics"] = calendar(views)
    files["data.json"] = data_json(views)
    files[".nojekyll"] = ""
    if base:
        files["sitemap.xml"] = sitemap(pages, base)
    copies = {f"static/{name}": path for name, path in static_files(folders).items()}
    write_site(out, files, copies)
    return BuildResult(
        project, out, len(pages), len(files) + len(copies), time.perf_counter() - started
    )


def _with_slash(url: str | None) -> str | None:
    """Base URLs end in ``/`` so that page URLs can be appended to them."""
    if not url:
        return None
    return url if url.endswith("/") else url + "/"
