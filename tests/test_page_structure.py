"""Every page has the structure a screen reader navigates by: its language, one ``main``, one
``h1``, headings that never skip a level on the way down, links that say where they go, and
every ``aria-labelledby``, ``aria-describedby`` and ``#fragment`` naming an element that is
there, once. The Nu Html Checker does not check these; they are what a reader of the page by
headings, links or landmarks relies on. And every date is a ``<time>`` with its ISO date.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import DEMO_DAY

HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]


def faults(page: str) -> list[str]:
    """What is wrong with the structure of one page's HTML."""
    doc = BeautifulSoup(page, "html.parser")
    found = []
    if not (doc.html and doc.html.get("lang")):
        found.append("no language")
    if len(doc.find_all("main")) != 1:
        found.append(f"{len(doc.find_all('main'))} main elements")
    if len(doc.find_all("h1")) != 1:
        found.append(f"{len(doc.find_all('h1'))} h1 elements")
    level = section = 1
    for heading in doc.find_all(HEADINGS):
        if int(heading.name[1]) > level + 1:
            found.append(f"{heading.name} after h{level}: {heading.get_text(strip=True)[:40]}")
        level = int(heading.name[1])
        if heading.find_parent(class_="prose") is None:
            section = level  # the page's own: a body's headings belong below it
        elif level <= section:
            found.append(f"a body's {heading.name} beside its section's h{section}: "
                         f"{heading.get_text(strip=True)[:40]}")
        if heading.find_parent(class_="prose") is not None and not heading.get("id"):
            found.append(f"a body's {heading.name} without an id: "
                         f"{heading.get_text(strip=True)[:40]}")
    for link in doc.find_all("a"):  # words: an arrow or a dash alone says nothing read aloud
        if not (any(c.isalnum() for c in link.get_text()) or link.get("aria-label")
                or link.find("title")):
            found.append(f"a link without words: {link.get('href')}")
    ids = Counter(element["id"] for element in doc.find_all(id=True))
    found += [f"id used twice: {name}" for name, times in sorted(ids.items()) if times > 1]
    for attribute in ("aria-labelledby", "aria-describedby"):
        for element in doc.find_all(attrs={attribute: True}):
            found += [f"{attribute} names no element: {name}"
                      for name in element[attribute].split() if not doc.find(id=name)]
    for link in doc.find_all("a", href=True):
        target = link["href"]
        if target.startswith("#") and len(target) > 1 and not doc.find(id=target[1:]):
            found.append(f"a link to no element: {target}")
    for table in doc.find_all("table"):  # the site's own: a body's tables are the pair's
        if not (table.find("caption") or table.get("aria-labelledby") or table.get("aria-label")
                or table.find_parent(class_="prose")):
            found.append(f"a table without a name: {table.get('class')}")
    return found


def site_faults(site: Path) -> dict[str, list[str]]:
    """:func:`faults` of every page of ``site`` that has any."""
    pages = {path.relative_to(site).as_posix(): faults(path.read_text(encoding="utf-8"))
             for path in sorted(site.rglob("*.html"))}
    return {page: found for page, found in pages.items() if found}


def test_every_page_of_the_demo_site_is_well_structured(demo_site: Path) -> None:
    assert len(list(demo_site.rglob("*.html"))) > 40  # with its history
    assert site_faults(demo_site) == {}


def test_no_two_pages_of_the_demo_site_share_a_title(demo_site: Path) -> None:
    """WCAG 2.4.2: a page's title says what it is, among the others."""
    titles = Counter(re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"))[1]
                     for path in demo_site.rglob("*.html") if path.name != "404.html")
    assert [title for title, times in titles.items() if times > 1] == []


def test_the_check_sees_a_skipped_level_a_wordless_link_and_a_dangling_name(
    demo_site: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(demo_site, site)
    page = site / "wins" / "index.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace(
        "</main>", '<h4>Deep</h4><a href="../"> </a><p aria-labelledby="nowhere">x</p>'
        '<a href="#gone">gone</a><h1>Again</h1><p id="Main">twice</p><a href="../">↩︎</a></main>',
        1), encoding="utf-8")
    assert site_faults(site) == {"wins/index.html": [
        "2 h1 elements", "h4 after h2: Deep", "a link without words: ../",
        "a link without words: ../", "id used twice: Main",
        "aria-labelledby names no element: nowhere", "a link to no element: #gone",
    ]}


def test_body_headings_named_like_the_page_sections_keep_every_id_unique(
    tmp_path: Path,
) -> None:
    """A body's heading ids are lowercase slugs ("## Notes title" → ``notes-title``); the ids the
    pages give their own sections are capitalised (``Notes-title``, ``Plan``, ``Main``), so no
    heading a pair writes can take one of them and break the links and labels that name it."""
    from mentorsite.build import build

    root = tmp_path / "repo"
    shutil.copytree(Path(__file__).resolve().parents[1] / "content", root / "content")
    headings = ["Main", "Plan", "Plan title", "Indicators", "Milestones", "Contingency",
                "Notes", "Notes title", "Evolution", "Evolution title", "Goals title",
                "Wins title", "Next title", "Reflections and evidence", "History notice title"]
    for relpath in ("goals/billing-rewrite.md", "checkins/2025-09-08.md"):
        path = root / "content" / relpath
        path.write_text(path.read_text(encoding="utf-8")
                        + "".join(f"\n## {title}\n\nText.\n" for title in headings),
                        encoding="utf-8")
    out = tmp_path / "_site"
    build(root, out, today=DEMO_DAY)
    pages = ("goals/billing-rewrite/index.html", "checkins/2025-09-08/index.html")
    for page in pages:
        assert 'id="notes-title"' in (out / page).read_text(encoding="utf-8")
    assert {page: found for page, found in site_faults(out).items() if page in pages} == {}


def test_body_headings_sit_below_the_headings_of_the_page_that_holds_them(
    tmp_path: Path,
) -> None:
    """A reflection written with ``#`` headings had five h1s on its page; a goal's ``#
    Background`` was an h1 inside "The plan" and its ``## Details`` beside it, and ``#``,
    ``#####`` and ``######`` headings had no id to link to."""
    from mentorsite.build import build

    root = tmp_path / "repo"
    shutil.copytree(Path(__file__).resolve().parents[1] / "content", root / "content")
    outline = "\n# Background\n\nText.\n\n## Details\n\nMore.\n\n##### Tiny note\n\n###### Tinier\n"
    prompts = "".join(f"\n# {prompt}\n\nText.\n" for prompt in (
        "What happened", "Why it mattered", "What I learned", "What changes next"))
    bodies = {"goals/billing-rewrite.md": outline, "checkins/2025-09-08.md": outline,
              "evidence/2025-10-22-design-review-template.md": outline,
              "reflections/2025-09-26-first-solo-design-review.md": prompts}
    for relpath, added in bodies.items():
        path = root / "content" / relpath
        front = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        path.write_text(front + "\n---\n" + added, encoding="utf-8")
    out = tmp_path / "_site"
    build(root, out, today=DEMO_DAY)
    pages = {relpath: (out / relpath.removesuffix(".md") / "index.html").read_text(
        encoding="utf-8") for relpath in bodies}
    assert {page: found for page, html in pages.items() if (found := faults(html))} == {}
    reflection = pages["reflections/2025-09-26-first-solo-design-review.md"]
    assert reflection.count("<h1") == 1 and '<h2 id="what-happened">' in reflection
    goal = pages["goals/billing-rewrite.md"]
    assert '<h3 id="background">Background</h3>' in goal and '<h4 id="details">' in goal
    assert '<h4 id="tiny-note">' in pages["evidence/2025-10-22-design-review-template.md"]
    assert '<h6 id="tinier">' in pages["checkins/2025-09-08.md"]
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert '&lt;h2 id="what-happened"&gt;' in feed and "&lt;h1" not in feed


DATE = re.compile(r"\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}\b")
"""A date as the site writes it: ``8 September 2025`` or ``8 Sep 2025``."""


def dates_outside_time(page: str) -> list[str]:
    """The texts of a page's body that show a date outside a ``<time>`` element (and outside
    the titles and descriptions charts keep for screen readers): a browser, a translator or a
    reader's tool cannot read them as dates, and a phone may break them over two lines."""
    body = BeautifulSoup(page, "html.parser").body
    assert body is not None
    return [text.strip() for text in body.find_all(string=DATE)
            if not {"time", "title", "desc"} & {parent.name for parent in text.parents}
            and "moment__title" not in (text.parent.get("class") or [])]


def test_every_date_on_the_demo_site_is_a_time_element(demo_site: Path) -> None:
    """All but a timeline check-in's title ("Check-in 8 September 2025"), which names it
    beside its date."""
    found = {page.relative_to(demo_site).as_posix(): dates
             for page in sorted(demo_site.rglob("*.html"))
             if (dates := dates_outside_time(page.read_text(encoding="utf-8")))}
    assert found == {}
