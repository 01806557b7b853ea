"""An evidence ``link`` leads somewhere, publishes no password, and makes a valid ``href``.

Only its scheme was checked: ``https://`` (no host) or ``https://exa mple.com/`` passed
``check``, a link with a space in its path (pasted from a file share) went into the ``href`` as
written, which the Nu Html Checker refuses, and one with a right-to-left word got the invisible
isolating marks every right-to-left text gets, inside the address.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from mentorsite.build import build
from mentorsite.render.snippets import href
from tests.conftest import assert_nu_html_valid

EVIDENCE = "---\ntitle: Feedback\nkind: feedback\nlink: '{link}'\n---\nKind words.\n"


@pytest.mark.parametrize(("link", "why"), [
    ("https://", "has no host"),
    ("http:///report", "has no host"),
    ("https://exa mple.com/", "has a space in its host, which no address holds: remove it"),
    ("http://[::1/report", "is not a valid URL"),
    ("https://ana:s3cret@example.com/report", "holds a user name or password"),
    ("https://example.com:99999/report", "has a port that is not a number"),
])
def test_a_link_that_leads_nowhere_is_refused_where_it_is_written(
    make_repo: Callable[..., Path], valid_goal: str,
    check_json: Callable[..., tuple[int, list[dict[str, Any]]]], link: str, why: str,
) -> None:
    root = make_repo({"content/goals/ship.md": valid_goal,
                      "content/evidence/2025-06-10-feedback.md": EVIDENCE.format(link=link)})
    status, problems = check_json(root)
    assert status == 1
    [problem] = [p for p in problems if p["code"] == "invalid-link"]
    assert (problem["path"], problem["line"], problem["column"]) == (
        "content/evidence/2025-06-10-feedback.md", 4, 7)
    assert why in problem["message"]


LINKS = {
    "https://example.com/my report.pdf": "https://example.com/my%20report.pdf",
    "https://example.com/a|b^c{d}`e\\f": "https://example.com/a%7Cb%5Ec%7Bd%7D%60e%5Cf",
    "https://example.com/100%/x?q=%41": "https://example.com/100%25/x?q=%41",
    "https://example.com/q?a=1&b='2'": "https://example.com/q?a=1&b='2'",
    "https://example.com/مرحبا": "https://example.com/مرحبا",
}


@pytest.mark.parametrize(("link", "expected"), LINKS.items())
def test_an_href_holds_the_link_as_a_browser_would_send_it(link: str, expected: str) -> None:
    assert BeautifulSoup(f'<a href="{href(link)}">x</a>', "html.parser").a["href"] == expected


def test_pages_with_such_links_pass_the_nu_html_checker(
    make_repo: Callable[..., Path], valid_goal: str, tmp_path: Path
) -> None:
    files = {"content/goals/ship.md": valid_goal}
    for number, link in enumerate(LINKS):
        files[f"content/evidence/2025-06-1{number}-e.md"] = EVIDENCE.format(
            link=link.replace("'", "''"))
    root = make_repo(files)
    build(root, tmp_path / "site", today=date(2025, 6, 15), history=False)
    for number, expected in enumerate(LINKS.values()):
        page = tmp_path / "site" / "evidence" / f"2025-06-1{number}-e" / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.select_one("a.external")["href"] == expected
    assert_nu_html_valid(tmp_path / "site")
