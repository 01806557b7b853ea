"""``check`` parses each of a theme's templates once, and an unchanged one not at all.

``check`` runs on every save in editors and in pre-commit hooks. With a theme of its own it
parsed each of its templates twice on every run (once for its own problems, once for the
macros it calls), and the built-in templates its modules are called from: on the demo
repository, whose ``themes/default/`` holds the 25 built-in pages, most of the run's time.
What it found is kept in ``.mentorsite-cache/templates.json`` by each template's hash,
and the kept facts tell all a parse told: what compiling refuses (a block defined twice),
and the loads that always run (an include of itself).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner

from mentorsite.cachefile import committed
from mentorsite.cli.main import cli
from mentorsite.read import template_cache as checked
from tests.test_build import SMALL, write_repo
from tests.test_docs_reference import THEME

BROKEN_PAGE = '{% extends "base.html" %}{% block content %}{{ 1|nubmer }}{% endblock %}\n'
TWICE = ('{% extends "base.html" %}\n{% block content %}x{% endblock %}\n'
         '{% block content %}y{% endblock %}\n')
LOOP = '<p>loop</p>\n{% include "partials/loop.html" %}\n'
SAID = ["themes/mine/templates/broken.html:1:1: error: no filter named 'nubmer'",
        "themes/mine/templates/twice.html:3:1: error: invalid template: block 'content' "
        "defined twice [template-error]",
        "themes/mine/templates/partials/loop.html:2:1: error: the template leads back to "
        "itself without end"]


def _theme_repo(tmp_path: Path) -> Path:
    """A small pair whose theme ``mine`` holds three built-in templates (one a module the
    built-in pages call), a broken page, one only compiling refuses and one including
    itself."""
    files = dict(SMALL)
    files["mentorsite.yml"] += "theme: mine\n"
    files.update({f"themes/mine/templates/{name}":
                  (THEME / name).read_text(encoding="utf-8")
                  for name in ("base.html", "macros.html", "checkins.html")})
    files["themes/mine/templates/broken.html"] = BROKEN_PAGE
    files["themes/mine/templates/twice.html"] = TWICE
    files["themes/mine/templates/partials/loop.html"] = LOOP
    return write_repo(tmp_path / "repo", files)


def _check(repo: Path) -> str:
    result = CliRunner().invoke(cli, ["--source", str(repo), "--today", "2025-01-14", "check"])
    assert result.exit_code == 1, result.output
    return result.output


def test_check_parses_each_template_at_most_once(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _theme_repo(tmp_path)
    parsed: Counter[str] = Counter()
    parse = jinja2.Environment.parse

    def counted(self: jinja2.Environment, source: str, *args: object) -> object:
        parsed[source] += 1
        return parse(self, source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "parse", counted)
    output = _check(repo)
    assert all(said in output for said in SAID), output
    assert parsed[BROKEN_PAGE] == parsed[TWICE] == parsed[LOOP] == 1, parsed
    assert max(parsed.values()) == 1, parsed.most_common(3)


def test_a_second_check_parses_nothing_and_says_the_same(tmp_path: Path) -> None:
    """A new process (as an editor's next save starts) finds each unchanged template's facts
    in the cache: Jinja is not even loaded, and the report is the same, the compile's refusal
    and the loop included; a template changed since is parsed again."""
    repo = _theme_repo(tmp_path)
    first = _check(repo)
    assert all(said in first for said in SAID), first
    assert (repo / ".mentorsite-cache" / checked.FACTS_FILE).is_file()
    program = ("import sys\nfrom mentorsite.cli.main import cli\n"
               "try:\n"
               f"    cli(['--source', {str(repo)!r}, '--today', '2025-01-14', 'check'])\n"
               "except SystemExit:\n    pass\n"
               "print('jinja2' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          check=False)
    assert done.stdout.endswith("\nFalse\n"), done.stdout + done.stderr  # no Jinja
    said = (done.stdout + done.stderr).splitlines()
    assert sorted(said) == sorted([*first.splitlines(), "False"]), said
    (repo / "themes/mine/templates/broken.html").write_text(BROKEN_PAGE.replace("nubmer", "numbr"))
    assert "broken.html:1:1: error: no filter named 'numbr'" in _check(repo)


def test_kept_facts_are_not_trusted_once_committed(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache forced into git (in a pull request, say) was written by whoever committed it:
    kept facts saying a broken template is sound would pass its check, and fail the build
    after the merge. Not committed, the same file is the one this machine wrote."""
    repo = _theme_repo(tmp_path)
    _check(repo)
    kept = repo / ".mentorsite-cache" / checked.FACTS_FILE
    value = json.loads(kept.read_text(encoding="utf-8"))
    for facts in value["templates"].values():
        facts["problems"] = []
    kept.write_text(json.dumps(value), encoding="utf-8")
    monkeypatch.setattr(checked, "_SEEN", {})  # as a new process
    assert "nubmer" not in CliRunner().invoke(
        cli, ["--source", str(repo), "--today", "2025-01-14", "check"]).output
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-f", str(kept)], check=True)
    subprocess.run([*git, "commit", "-qm", "cache"], check=True)
    monkeypatch.setattr(checked, "_SEEN", {})
    committed.cache_clear()
    assert "broken.html:1:1: error: no filter named 'nubmer'" in _check(repo)


@pytest.mark.parametrize("edit", [
    {"problems": [[1e400, 1, "x"]]},  # was OverflowError, a traceback
    {"loads": [[1, "ab"]]},  # was taken for the names 'a' or 'b'
    {"problems": [[10**30, 1, "x"]]},
    {"problems": [[True, 0, "x"]]},
    {"always": [[1, ["base.html"], 0, 0]]},
    {"exports": 7},
])
def test_kept_facts_edited_by_hand_are_parsed_again(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     edit: dict[str, object]) -> None:
    """The kept facts are this machine's, but a file edited by hand or by another program
    is read only if it holds exactly what ``check`` writes there: any other value makes the
    template be parsed again, and the report is the one a first check gave."""
    repo = _theme_repo(tmp_path)
    first = _check(repo)
    kept = repo / ".mentorsite-cache" / checked.FACTS_FILE
    value = json.loads(kept.read_text(encoding="utf-8"))
    for facts in value["templates"].values():
        facts.update(edit)
    kept.write_text(json.dumps(value), encoding="utf-8")
    monkeypatch.setattr(checked, "_SEEN", {})  # as a new process
    result = CliRunner().invoke(cli, ["--source", str(repo), "--today", "2025-01-14", "check"])
    assert isinstance(result.exception, SystemExit), result.exception
    assert sorted(result.output.splitlines()) == sorted(first.splitlines())


def _save(path: Path, text: str) -> tuple[int, int, int, int]:
    path.write_text(text, encoding="utf-8")
    return checked.stamp(path.stat())


def _said(facts: checked.Facts) -> list[str]:
    return [message for _, _, message in facts.problems]


def test_a_template_saved_a_moment_ago_is_read_again_though_its_stamp_is_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``serve`` checks the theme on every rebuild. Two saves of the same size within one
    tick of the file system's clock leave the same size and times: facts remembered by them
    after the first said the second's problems (or none) until the template changed again."""
    monkeypatch.setattr(checked, "_SEEN", {})
    page = tmp_path / "page.html"
    first = _save(page, "{{ 1|nubmer }}")
    cache = checked.FactsCache(tmp_path / checked.FACTS_FILE)
    assert "no filter named 'nubmer'" in _said(cache.of(page, first))[0]
    page.write_text("{{ 1|numbre }}", encoding="utf-8")  # the same size, in the same tick
    assert "no filter named 'numbre'" in _said(cache.of(page, first))[0]


def test_a_settled_template_with_the_same_stamp_is_not_read_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checked, "_SEEN", {})
    page = tmp_path / "page.html"
    old = _save(page, "{{ 1|nubmer }}")
    later = time.time_ns() + 10**10
    monkeypatch.setattr(checked.time, "time_ns", lambda: later)  # saved ten seconds ago
    cache = checked.FactsCache(tmp_path / checked.FACTS_FILE)
    assert "no filter named 'nubmer'" in _said(cache.of(page, old))[0]
    page.unlink()  # the stamp stands for the bytes: nothing is read
    assert "no filter named 'nubmer'" in _said(cache.of(page, old))[0]
