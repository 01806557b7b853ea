"""Cross-site scripting: every string a pair controls reaches each output escaped for it.

One repository puts classic payloads in every field (settings, goals, metrics, milestones,
check-ins, reflections, evidence, Markdown bodies) and in git (commit subjects and bodies,
review trailers, author names, a squash-merge title, a file name), then builds with history.
Every output is parsed, never grepped: HTML and inline SVG with BeautifulSoup, the feed and
the sitemap as XML, the calendar with icalendar, data.json as JSON. No script element, event
handler attribute or ``javascript:``/``data:`` URL may appear that the theme did not put there
(it puts none), the calendar holds exactly the events the content asks for, and a Jinja
expression in the content is shown, never run.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from mentorsite.render.templates import CSP
from tests.conftest import Repo

PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "' onmouseover='x",
    "</title><script>alert(1)</script>",
    "]]><x>",
    "{{7*7}}",
    "{% for x in range(3) %}loop{% endfor %}",
    '<svg onload="alert(1)"><circle/></svg>',
    "\r\nBEGIN:VEVENT\r\nSUMMARY:injected\r\nEND:VEVENT\r\n",
    "</textarea><iframe src=javascript:alert(1)></iframe>",
    "<!-- -->",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    "\u202eevil\u202c ‮ x\u0301\u0308 🙂",
)
EVIL = " ".join(PAYLOADS)
"""All of them at once: each field below holds this text, tagged with the field's name."""
JINJA = "{{7*7}}"
TODAY = "2025-06-15"
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "srcset", "poster",
                  "data", "background", "cite", "codebase", "ping"}
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "base", "form", "frame", "frameset",
                  "applet", "foreignobject", "animate", "set", "handler", "listener", "style",
                  "textarea", "button", "img", "video", "audio", "source"}
THEME_LINK_RELS = {"canonical", "alternate", "stylesheet"}
THEME_METAS = {"charset", "viewport", "Content-Security-Policy", "referrer", "color-scheme",
               "generator"}


def evil(field: str) -> str:
    """The payloads, labelled so a test can tell which field a text came from."""
    return f"[{field}] {EVIL}"


BODY = "\n\n".join(
    [
        "## A heading " + EVIL,
        *PAYLOADS,
        "[click](javascript:alert(1)) [data](data:text/html,<script>alert(1)</script>) "
        "![img](javascript:alert(1)) <javascript:alert(1)> [ref][evil] [ok](https://example.com/"
        '"onmouseover=alert(1))',
        "[evil]: javascript:alert(1)",
        'A footnote[^x].\n\n[^x]: <script>alert(1)</script> "><img src=x onerror=alert(1)>',
        "```\n</code></pre><script>alert(1)</script>\n```",
        "`</code><script>alert(1)</script>`",
        "- [x] <script>alert(1)</script>\n- [ ] {{7*7}}",
    ]
)


def front(fields: dict[str, object], body: str = BODY) -> str:
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---\n" + body


SETTINGS = {
    "title": evil("site title"),
    "mentee": evil("mentee"),
    "mentors": [evil("mentor one"), evil("mentor two")],
    # '"', '<' and '>' are refused in a base_url (invalid-link); '&' and "'" are not
    "base_url": "https://example.com/pair/a&b='x'&amp;c/",
    "cadence": "monthly",
    "reflection_prompts": [evil("prompt")],
}
GOAL = {
    "title": evil("goal title"),
    "started": "2025-06-01",
    "due": "2025-12-31",
    "why": evil("why"),
    "outcomes": [evil("outcome")],
    "success": [evil("success")],
    "tags": [evil("tag")],
    "metrics": [
        {"id": "speed", "label": evil("metric label"), "unit": evil("unit"), "baseline": 0,
         "target": 10},
    ],
    "milestones": [
        {"title": evil("milestone done"), "due": "2025-06-05", "done": "2025-06-04"},
        {"title": evil("milestone due"), "due": "2025-09-01", "done": False},
    ],
    "contingency": [{"if": evil("contingency if"), "then": evil("contingency then")}],
}
CHECKIN = {
    "attendees": [evil("attendee")],
    "goals": {"alpha": {"status": "on-track", "metrics": {"speed": 3}, "note": evil("note")}},
    "obstacles": [evil("obstacle")],
    "adjustments": [evil("adjustment")],
    "wins": [evil("win")],
    "next": [
        {"task": evil("next task"), "owner": evil("owner"), "due": "2025-07-01"},
        {"task": evil("next task two"), "due": "2025-07-02", "done": True},
    ],
}
REFLECTION = {"title": evil("reflection title"), "goals": ["alpha"],
              "milestone": evil("reflection milestone")}
EVIDENCE = {
    "title": evil("evidence title"),
    "goals": ["alpha"],
    "kind": "feedback",
    "source": evil("source"),
    "link": 'https://example.com/?q="><script>alert(1)</script>&x=javascript:alert(1)',
    "rating": 4,
}
AUTHORS = ('Mallory" onmouseover="alert(1)', "{{7*7}} ' onfocus='alert(1)' x='y",
           "&lt;script&gt;alert(1)&lt;/script&gt; z")
"""Git drops ``<`` and ``>`` from names (and quotes at either end); everything else stays."""
HOSTILE_FILE = 'content/goals/"><img src=x onerror=alert(1)>.md'
EXPECTED_EVENTS = 5
"""The goal's due date, its two milestones, and the two next steps with a due date."""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The hostile repository, committed in several steps, built with history."""
    repo = Repo(tmp_path_factory.mktemp("xss") / "pair")
    repo.write("mentorsite.yml", yaml.safe_dump(SETTINGS, allow_unicode=True))
    repo.write("content/goals/alpha.md", front(GOAL))
    author = ("--author", f"{AUTHORS[0]} <m@example.org>")
    repo.commit(f"{evil('first subject')}\n\n{EVIL}\n", *author)
    repo.write("content/checkins/2025-06-10.md", front(CHECKIN))
    repo.write("content/reflections/2025-06-12-notes.md",
               front(REFLECTION, body="\n".join(f"# {p}" for p in SETTINGS["reflection_prompts"])
                     + "\n\n" + BODY))
    repo.write("content/evidence/2025-06-13-demo.md", front(EVIDENCE))
    repo.commit(f"{evil('second subject')}\n\nReviewed-by: {EVIL}\nApproved-by: {JINJA}\n",
                "--author", f"{AUTHORS[1]} <n@example.org>")
    moved = {**GOAL, "metrics": [{**GOAL["metrics"][0], "target": 12}]}
    repo.write("content/goals/alpha.md", front(moved))
    repo.write(HOSTILE_FILE, front(GOAL))
    repo.commit(f"{evil('squash')} (#7)", "--author", f"{AUTHORS[2]} <o@example.org>")
    (repo.root / HOSTILE_FILE).unlink()
    repo.commit("<script>alert(1)</script> removed")
    out = repo.root / "_site"
    from click.testing import CliRunner

    from mentorsite.cli.main import cli

    result = CliRunner().invoke(
        cli, ["--source", str(repo.root), "--today", TODAY, "build", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def html_pages(out: Path) -> list[Path]:
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 15
    return pages


def _unsafe_url(value: str) -> bool:
    squeezed = re.sub(r"[\x00-\x20\x7f]+", "", value).lower()
    return squeezed.startswith(("javascript:", "data:", "vbscript:", "file:"))


def assert_clean_html(markup: str, where: str) -> None:
    """No script, event handler, dangerous URL or element the theme does not use."""
    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(True):
        assert isinstance(tag, Tag)
        name = tag.name.lower()
        assert name not in FORBIDDEN_TAGS, f"{where}: <{name}> {tag}"[:300]
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith("on"), f"{where}: {attribute} on <{name}>"
            values = value if isinstance(value, list) else [value]
            if attribute.lower() in URL_ATTRIBUTES:
                assert not any(_unsafe_url(v) for v in values), f"{where}: {attribute}={value}"
        if name == "meta":
            assert tag.get("charset") or tag.get("name") in THEME_METAS or tag.get(
                "http-equiv") in THEME_METAS, f"{where}: {tag}"
            assert tag.get("http-equiv", "").lower() != "refresh"
        if name == "link":
            assert set(tag.get("rel", [])) <= THEME_LINK_RELS, f"{where}: {tag}"
        if name == "input":
            assert tag.get("type") == "checkbox" and tag.has_attr("disabled"), where


def test_html_pages_hold_no_script_handler_or_dangerous_url(built):
    for page in html_pages(built):
        assert_clean_html(page.read_text(encoding="utf-8"), str(page.relative_to(built)))


def test_every_page_carries_the_strict_content_security_policy_first(built):
    assert "default-src 'none'" in CSP and "unsafe" not in CSP and "script-src" not in CSP
    for page in html_pages(built):
        head = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
        assert head is not None
        policies = head.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert [p["content"] for p in policies] == [CSP], page
        elements = head.find_all(True)
        assert elements.index(policies[0]) < elements.index(head.title), "before any content"


@pytest.mark.parametrize(
    ("relpath", "fields"),
    [
        ("index.html", ["site title", "mentee", "mentor one", "mentor two", "goal title",
                        "win", "next task"]),
        ("goals/alpha/index.html", ["goal title", "why", "outcome", "success", "tag",
                                    "metric label", "unit", "milestone done", "milestone due",
                                    "contingency if", "contingency then", "note"]),
        ("checkins/2025-06-10/index.html", ["attendee", "note", "obstacle", "adjustment", "win",
                                            "next task", "owner"]),
        ("reflections/2025-06-12-notes/index.html", ["reflection title",
                                                     "reflection milestone"]),
        ("evidence/2025-06-13-demo/index.html", ["evidence title", "source"]),
        ("history/index.html", ["first subject", "second subject", "squash"]),
    ],
)
def test_each_field_is_shown_as_the_text_written(built, relpath, fields):
    """The payloads reach the page as the very text written: escaped, not dropped, not run."""
    text = _words(
        BeautifulSoup((built / relpath).read_text(encoding="utf-8"), "html.parser").get_text()
    )
    for field in fields:
        shown = evil(field).split("\r\n")[0] if relpath.startswith("history") else evil(field)
        assert _words(shown) in text, f"{relpath}: {field}"
    assert "looplooploop" not in text, "Jinja syntax in content is shown, never evaluated"


def _words(text: str) -> str:
    return " ".join(text.split())


def test_bodies_render_no_markup_from_the_text(built):
    page = BeautifulSoup(
        (built / "goals/alpha/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    text = page.get_text()
    for payload in ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
                    "</code></pre><script>alert(1)</script>"):
        assert payload in text
    links = [a["href"] for a in page.find_all("a", href=True)]
    assert all(not _unsafe_url(href) for href in links)
    assert "https://example.com/%22onmouseover=alert(1)" in links, "a safe link stays a link"


def test_charts_are_svg_with_escaped_labels_and_no_handlers(built):
    page = BeautifulSoup(
        (built / "goals/alpha/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    charts = page.find_all("svg", class_="chart__svg")
    assert charts
    for chart in charts:
        assert evil("metric label").split("\r\n")[0] in chart.title.get_text()
        for element in chart.find_all(True):
            assert not any(a.lower().startswith("on") for a in element.attrs)
            assert element.name.lower() not in FORBIDDEN_TAGS


def test_commit_pages_show_authors_trailers_and_file_names_as_text(built):
    commits = sorted((built / "history").glob("*/index.html"))
    assert len(commits) == 4
    text = "".join(
        BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").get_text() for p in commits
    )
    for author in AUTHORS:
        assert author in text
    assert "<script>alert(1)</script> removed" in text
    assert HOSTILE_FILE in text, "a file name in history is shown as text"
    assert JINJA in text


def test_the_feed_is_well_formed_and_its_html_is_clean(built):
    root = ET.fromstring((built / "feed.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.findtext(f"{atom}title") == _lf(evil("site title"))
    assert root.findtext(f"{atom}author/{atom}name") == _lf(evil("mentee"))
    entries = root.findall(f"{atom}entry")
    assert sorted(e.findtext(f"{atom}title") for e in entries) == sorted(
        ["Check-in 2025-06-10", _lf(evil("reflection title")),
         _lf(evil("evidence title"))]
    )
    for entry in entries:
        assert_clean_html(entry.findtext(f"{atom}content") or "", "feed entry")
        href = entry.find(f"{atom}link").get("href")
        assert href.startswith(SETTINGS["base_url"])


def _lf(text: str) -> str:
    """XML parsers read CRLF as LF (XML 1.0 §2.11); iCalendar text has only ``\\n``."""
    return text.replace("\r\n", "\n")


def test_the_sitemap_is_well_formed(built):
    root = ET.fromstring((built / "sitemap.xml").read_bytes())
    locations = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locations and all(loc.startswith(SETTINGS["base_url"]) for loc in locations)


def test_the_calendar_holds_exactly_the_expected_events(built):
    text = (built / "calendar.ics").read_bytes().decode("utf-8")
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == EXPECTED_EVENTS
    lines = text.split("\r\n")
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == EXPECTED_EVENTS
    assert not any(line.startswith("SUMMARY:injected") for line in lines)
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert summaries == sorted(
        _lf(summary)
        for summary in [f"Goal due: {evil('goal title')}",
                        f"Milestone done: {evil('milestone done')}",
                        f"Milestone due: {evil('milestone due')}",
                        f"Next step: {evil('next task')}",
                        f"Next step done: {evil('next task two')}"]
    )
    raw = str(calendar["X-WR-CALNAME"])  # icalendar leaves X- properties escaped
    name = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw)
    assert name == _lf(evil("site title"))
    for line in lines:
        assert len(line.encode("utf-8")) <= 75
        assert "\r" not in line and "\n" not in line


def test_data_json_keeps_every_string_exactly(built):
    data = json.loads((built / "data.json").read_text(encoding="utf-8"))
    assert data["site"]["title"] == evil("site title")
    assert data["site"]["mentors"] == [evil("mentor one"), evil("mentor two")]
    [goal] = data["goals"]
    assert goal["title"] == evil("goal title")
    assert goal["metrics"][0]["label"] == evil("metric label")
    assert data["checkins"][0]["obstacles"] == [evil("obstacle")]
    authors = {commit["author"] for commit in data["history"]}
    assert set(AUTHORS) <= authors
    reviewers = [name for commit in data["history"] for name in commit["reviewed_by"]]
    assert reviewers == [EVIL.split("\r\n")[0].strip(), JINJA], "a trailer ends at its line"


def test_the_dev_server_overlay_escapes_the_problems(tmp_path):
    from mentorsite.serve.live import LiveSite
    from mentorsite.serve.server import _Handler

    site = LiveSite(tmp_path, tmp_path, None, print)
    site.problems = f"content/goals/x.md:1:1: error: unknown goal '{EVIL}'"
    handler = type("H", (_Handler,), {"site": site})
    page = handler.live(handler, b"<html><head></head><body><p>hi</p></body></html>",
                        site.now())
    soup = BeautifulSoup(page.decode(), "html.parser")
    scripts = soup.find_all("script")
    assert [s.get("src") for s in scripts] == ["/__mentorsite/reload.js"]
    assert EVIL.replace("\r\n", "\n").split("\n")[0] in soup.get_text()
    assert soup.find("img") is None and soup.find("iframe") is None and soup.find("svg") is None


def test_an_unsafe_evidence_link_or_base_url_is_an_error(make_repo, check_json, valid_goal):
    root = make_repo({
        "mentorsite.yml": "base_url: javascript:alert(1)//\n",
        "content/goals/alpha.md": valid_goal,
        "content/evidence/2025-06-10-a.md": "---\ntitle: A\nlink: javascript:alert(1)//x\n---\n",
        "content/evidence/2025-06-10-b.md": "---\ntitle: B\nlink: 'data:text/html,//x'\n---\n",
        "content/evidence/2025-06-10-c.md": "---\ntitle: C\nlink: ' https://x.org/'\n---\n",
    })
    status, rows = check_json(root)
    assert status == 1
    assert [r["code"] for r in rows] == ["invalid-link"] * 4


def test_text_diagnostics_cannot_forge_lines_or_drive_the_terminal(make_repo, run_cli,
                                                                    valid_goal):
    """A key quoting ESC, a line break and a bidi override is shown escaped, on its line."""
    key = '"\\e]52;c;cHduZWQ=\\a\\e[2J\\nforged.md:1:1: error: fake [x]\\u202e\\u2028"'
    root = make_repo({"content/goals/alpha.md": valid_goal.replace("---\n\nA goal",
                                                                   f"{key}: 1\n---\n\nA goal")})
    result = run_cli("--source", root, "--today", TODAY, "check")
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert line.startswith("content/goals/alpha.md:") and line.endswith("[unknown-field]")
    assert "\\x1b]52;c;" in line and "\\n" in line and "\\u202e" in line and "\\u2028" in line
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2028\u2029]", line)
