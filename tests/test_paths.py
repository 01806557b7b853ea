"""Paths: content is read only from inside the repository, and output stays inside --out.

Links out of the repository are reported and not read (the text behind them appears nowhere in
the site); file names that do not fit their kind's rule never become pages; and ``--out``
refuses every folder whose replacement could destroy the repository or someone else's files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mentorsite.output.folder import MARKER

TODAY = "2025-06-15"
SECRET = "TOP-SECRET-OUTSIDE-THE-REPOSITORY"


def outside_file(tmp_path: Path) -> Path:
    """A goal-shaped file outside every repository, holding a secret."""
    path = tmp_path / "outside" / "stolen.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {SECRET}\nstarted: 2025-06-01\n---\n{SECRET}\n")
    return path


def site_text(out: Path) -> str:
    return "".join(p.read_text("utf-8", "replace") for p in out.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    "relpath",
    ["content/goals/stolen.md", "content/checkins/2025-06-10.md", "mentorsite.yml"],
)
def test_a_file_linked_out_of_the_repository_is_reported_and_not_read(
    relpath, tmp_path, make_repo, valid_goal, run_cli
):
    root = make_repo({"content/goals/alpha.md": valid_goal})
    (root / relpath).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(outside_file(tmp_path), root / relpath)
    result = run_cli("--source", root, "--today", TODAY, "check")
    assert result.exit_code == 1
    assert f"{relpath}:1:1: error: symbolic link points outside the repository" in result.output
    assert SECRET not in result.output


def test_a_folder_linked_out_of_the_repository_is_reported_and_not_read(
    tmp_path, make_repo, valid_goal, run_cli
):
    root = make_repo({"content/goals/alpha.md": valid_goal})
    os.symlink(outside_file(tmp_path).parent, root / "content" / "goals" / "more")
    result = run_cli("--source", root, "--today", TODAY, "check")
    assert result.exit_code == 1
    assert "content/goals/more:1:1: error: symbolic link points outside" in result.output
    assert SECRET not in result.output


def test_a_link_that_stays_inside_the_repository_is_read(make_repo, valid_goal, run_cli):
    root = make_repo({"content/goals/alpha.md": valid_goal})
    os.symlink("alpha.md", root / "content" / "goals" / "beta.md")
    result = run_cli("--source", root, "--today", TODAY, "check")
    assert result.exit_code == 0, result.output


def test_a_build_with_a_link_out_fails_and_publishes_nothing_of_it(
    tmp_path, make_repo, valid_goal, run_cli
):
    root = make_repo({"content/goals/alpha.md": valid_goal})
    os.symlink(outside_file(tmp_path), root / "content" / "goals" / "stolen.md")
    out = tmp_path / "site"
    result = run_cli("--source", root, "--today", TODAY, "build", "--out", out)
    assert result.exit_code == 1
    assert "symlink-escape" in result.output
    assert not out.exists()


def test_a_link_out_added_after_a_build_fails_the_next_build(
    tmp_path, make_repo, valid_goal, run_cli
):
    root = make_repo({"content/goals/alpha.md": valid_goal})
    out = tmp_path / "site"
    assert run_cli("--source", root, "--today", TODAY, "build", "--out", out).exit_code == 0
    os.symlink(outside_file(tmp_path), root / "content" / "goals" / "stolen.md")
    result = run_cli("--source", root, "--today", TODAY, "build", "--out", out)
    assert SECRET not in site_text(out)
    assert result.exit_code == 1


@pytest.mark.parametrize(
    "name",
    ["a..b", "%2e%2e", "Goal", "a b", "a\\b", "-a", "a\n", "\na", "a\t", "über", "a\u202eb",
     "\u0430bc", "a%2fb", "a;b", "con.txt", "a.md", "<script>", "a&b", "'x'", "\"x\""],
)
def test_file_names_that_break_the_rule_never_become_pages(
    name, tmp_path, make_repo, valid_goal, run_cli
):
    root = make_repo({"content/goals/alpha.md": valid_goal})
    (root / "content" / "goals" / f"{name}.md").write_text(valid_goal, encoding="utf-8")
    result = run_cli("--source", root, "--today", TODAY, "check")
    assert result.exit_code == 1
    assert "[invalid-file-name]" in result.output
    out = tmp_path / "site"
    result = run_cli("--source", root, "--today", TODAY, "build", "--out", out)
    assert result.exit_code == 1
    assert not out.exists()


@pytest.mark.parametrize("name", ["...md", "....md", ".hidden.md", "#draft.md#", "draft.md~",
                                  "alpha.md___jb_tmp___", "alpha.md___jb_old___", "4913", "5036"])
def test_hidden_and_editor_files_are_skipped_not_published(
    name, tmp_path, make_repo, valid_goal, run_cli
):
    root = make_repo({"content/goals/alpha.md": valid_goal})
    (root / "content" / "goals" / name).write_text(valid_goal, encoding="utf-8")
    out = tmp_path / "site"
    result = run_cli("--source", root, "--today", TODAY, "build", "--out", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "goals").iterdir()) == ["alpha", "index.html"]


def test_a_file_named_by_number_is_still_no_content(make_repo, valid_goal, check_json):
    """Only vim's own test names (4913, then 123 apart) are passed over."""
    root = make_repo({"content/goals/alpha.md": valid_goal, "content/goals/4914": valid_goal})
    status, rows = check_json(root)
    assert status == 1 and [row["path"] for row in rows] == ["content/goals/4914"]


def test_a_trailing_newline_in_a_file_name_is_not_an_id(make_repo, valid_goal, check_json):
    """Regression: the name rule was a ``$``-anchored match, which allows one final newline."""
    root = make_repo({"content/goals/alpha.md": valid_goal, "content/goals/beta\n.md": valid_goal,
                      "content/checkins/2025-06-10\n.md": "---\n---\n"})
    status, rows = check_json(root)
    assert status == 1
    assert sorted(r["code"] for r in rows) == ["invalid-file-name", "invalid-file-name"]


def test_every_file_of_a_build_lies_inside_the_output_folder(
    tmp_path, make_repo, valid_goal, run_cli
):
    root = make_repo(
        {
            "content/goals/alpha.md": valid_goal,
            "content/checkins/2025-06-10-a-b-c.md": "---\ngoals: {alpha: {metrics: {speed: 1}}}\n"
            "---\n",
            "content/evidence/2025-06-11-x.md": "---\ntitle: E\nlink: https://example.com/../..\n"
            "---\n",
        }
    )
    out = tmp_path / "deep" / "site"
    assert run_cli("--source", root, "--today", TODAY, "build", "--out", out).exit_code == 0
    real_out = out.resolve()
    for path in out.rglob("*"):
        assert not path.is_symlink()
        assert real_out in path.resolve().parents
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["site"]


# --- --out ---------------------------------------------------------------------------------


def _repo_with_site(make_repo, valid_goal) -> Path:
    return make_repo({"content/goals/alpha.md": valid_goal, "notes.txt": "keep me"})


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (".", "would replace the repository itself"),
        ("..", "holds the repository, which replacing it would delete"),
        ("content", "is inside content/"),
        ("content/goals", "is inside content/"),
        ("content/new-site", "is inside content/"),
        ("notes.txt", "is a file, not a folder"),
    ],
)
def test_out_that_would_destroy_the_repository_is_refused(
    where, message, make_repo, valid_goal, run_cli
):
    root = _repo_with_site(make_repo, valid_goal)
    before = sorted(str(p.relative_to(root.parent)) for p in root.parent.rglob("*"))
    result = run_cli("--source", root, "--today", TODAY, "build", "--out", root / where)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    after = sorted(str(p.relative_to(root.parent)) for p in root.parent.rglob("*"))
    assert after == before, "nothing was written or removed"


def test_out_through_a_link_to_the_repository_is_refused(tmp_path, make_repo, valid_goal, run_cli):
    root = _repo_with_site(make_repo, valid_goal)
    (tmp_path / "sneaky").symlink_to(root)
    result = run_cli("--source", root, "--today", TODAY, "build", "--out", tmp_path / "sneaky")
    assert result.exit_code == 1
    assert "would replace the repository itself" in result.output
    assert (root / "notes.txt").read_text() == "keep me"


@pytest.mark.parametrize("out", ["_site", "_site/sub"])
def test_an_output_link_that_leads_back_to_itself_is_refused(out, make_repo, valid_goal,
                                                             run_cli):
    """``_site`` → ``_site`` once ended the build with a RuntimeError's traceback."""
    root = _repo_with_site(make_repo, valid_goal)
    (root / "_site").symlink_to("_site")
    given = () if out == "_site" else ("--out", root / out)  # the default, then one under it
    result = run_cli("--source", root, "--today", TODAY, "build", *given)
    assert result.exit_code == 1
    assert "goes through a symbolic link that leads back to itself" in result.output
    assert "Traceback" not in result.output
    assert (root / "_site").is_symlink()


@pytest.mark.parametrize("out", ["_site", "_site/sub"])
def test_a_loop_is_refused_where_resolve_returns_a_path_through_it(out, make_repo, valid_goal,
                                                                   run_cli, monkeypatch):
    """Python 3.13's ``resolve`` no longer raises at a loop: it returns a path through it, and
    the build replaced the link ``_site`` → ``_site`` with a folder, exit 0. Here every
    Python resolves as 3.13 does."""
    root = _repo_with_site(make_repo, valid_goal)
    (root / "_site").symlink_to("_site")
    monkeypatch.setattr(Path, "resolve", lambda self, strict=False: Path(os.path.abspath(self)))
    result = run_cli("--source", root, "--today", TODAY, "build", "--out", root / out)
    assert result.exit_code == 1
    assert "goes through a symbolic link that leads back to itself" in result.output
    assert (root / "_site").is_symlink()


def test_a_programme_output_link_that_leads_back_to_itself_is_refused(tmp_path, make_repo,
                                                                      valid_goal, run_cli,
                                                                      monkeypatch):
    root = _repo_with_site(make_repo, valid_goal)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    result = run_cli("--today", TODAY, "programme", "build", str(root), "--out", "a")
    assert result.exit_code == 1
    assert "--out a goes through a symbolic link that leads back to itself" in result.output


def test_a_programme_built_beside_a_content_link_to_itself(tmp_path, make_repo, valid_goal,
                                                           run_cli, monkeypatch):
    """A coordinator's folder holding ``content`` → ``content``: programme build ended in a
    RuntimeError's traceback as it checked that its output would not land in content/."""
    root = _repo_with_site(make_repo, valid_goal)
    here = tmp_path / "programme"
    here.mkdir()
    monkeypatch.chdir(here)
    (here / "content").symlink_to("content")
    result = run_cli("--today", TODAY, "programme", "build", str(root))
    assert result.exit_code == 0, result.output
    assert (here / "_programme" / "index.html").is_file()
    assert (here / "content").is_symlink()


def test_a_foreign_non_empty_folder_is_refused_and_left_alone(
    tmp_path, make_repo, valid_goal, run_cli
):
    root = _repo_with_site(make_repo, valid_goal)
    thesis = tmp_path / "thesis"
    thesis.mkdir()
    (thesis / "chapter1.tex").write_text("years of work")
    result = run_cli("--source", root, "--today", TODAY, "build", "--out", thesis)
    assert result.exit_code == 1
    assert "is not empty and was not built by mentorsite" in result.output
    assert [p.name for p in thesis.iterdir()] == ["chapter1.tex"]
    assert (thesis / "chapter1.tex").read_text() == "years of work"


@pytest.mark.parametrize("state", ["missing", "empty", "previous-build"])
def test_new_empty_and_previous_output_folders_are_accepted(
    state, tmp_path, make_repo, valid_goal, run_cli
):
    root = _repo_with_site(make_repo, valid_goal)
    out = tmp_path / "site"
    if state == "empty":
        out.mkdir()
    elif state == "previous-build":
        out.mkdir()
        (out / MARKER).write_text("")
        (out / "stale.html").write_text("from an older build")
    result = run_cli("--source", root, "--today", TODAY, "build", "--out", out)
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file() and (out / MARKER).is_file()
    assert not (out / "stale.html").exists()


@pytest.mark.parametrize(
    "relpath", ["themes/mine/static/leak.txt", "themes/mine/templates/404.html"]
)
def test_theme_files_linked_out_of_the_repository_are_not_published(
    relpath, tmp_path, make_repo, valid_goal, run_cli
):
    root = make_repo({"mentorsite.yml": "theme: mine\n", "content/goals/alpha.md": valid_goal,
                      "themes/mine/static/style-extra.css": "p {}\n"})
    (root / relpath).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(outside_file(tmp_path), root / relpath)
    out = tmp_path / "site"
    run_cli("--source", root, "--today", TODAY, "build", "--out", out)
    assert not out.exists() or SECRET not in site_text(out)


def test_a_theme_static_folder_linked_to_the_content_publishes_none_of_it(
    tmp_path, make_repo, valid_goal, run_cli
):
    """``themes/mine/static -> ../../content`` copied every content file, private ones with
    their front matter, into ``_site/static/``: the check looked at each file within the
    linked folder, not at where the folder itself leads."""
    root = make_repo({"mentorsite.yml": "theme: mine\n", "content/goals/alpha.md": valid_goal,
                      "content/reflections/2025-06-10-hard.md":
                          f"---\ntitle: Hard\nprivate: true\n---\n{SECRET}\n",
                      "themes/mine/templates/.keep": ""})
    os.symlink("../../content", root / "themes/mine/static")
    out = tmp_path / "site"
    result = run_cli("--source", root, "--today", TODAY, "build", "--out", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "static").iterdir()) == ["style.css"]
    assert SECRET not in site_text(out)


def test_a_theme_folder_linked_out_of_the_repository_is_refused(
    tmp_path, make_repo, valid_goal, run_cli
):
    """``themes/mine -> /elsewhere``: the folder elsewhere was published as the theme's.
    ``check`` says so too: it found no problem, and the build after the merge failed."""
    root = make_repo({"mentorsite.yml": "theme: mine\n", "content/goals/alpha.md": valid_goal})
    elsewhere = outside_file(tmp_path).parent
    (elsewhere / "static").mkdir()
    (elsewhere / "static" / "id_rsa").write_text(SECRET)
    (root / "themes").mkdir()
    os.symlink(elsewhere, root / "themes/mine")
    _refused_by_build_and_check(run_cli, root, tmp_path / "site", "themes/mine", elsewhere)


def test_a_theme_templates_folder_linked_out_of_the_repository_is_refused(
    tmp_path, make_repo, valid_goal, run_cli
):
    """``themes/mine/templates -> /elsewhere``: each template was checked to lie inside the
    folder it came from, and the folder itself was the link, so the files elsewhere were
    rendered into the pages. ``check`` found no problem in it."""
    root = make_repo({"mentorsite.yml": "theme: mine\n", "content/goals/alpha.md": valid_goal,
                      "themes/mine/static/x.css": "p {}\n"})
    elsewhere = outside_file(tmp_path).parent / "tpl"
    elsewhere.mkdir()
    (elsewhere / "404.html").write_text(f"<!doctype html><title>x</title><p>{SECRET}</p>")
    os.symlink(elsewhere, root / "themes/mine/templates")
    _refused_by_build_and_check(run_cli, root, tmp_path / "site", "themes/mine/templates",
                                elsewhere)


def _refused_by_build_and_check(run_cli, root: Path, out: Path, name: str, where: Path) -> None:
    """``build`` and ``check`` both refuse the theme's folder ``name``, a link to ``where``
    outside the repository, as the same diagnostic; the build writes nothing."""
    told = (f"{name}:1:1: error: the folder leads outside the repository, to "
            f"{where.resolve()}: a theme is read only from inside it")
    for command in (["build", "--out", out], ["check"]):
        result = run_cli("--source", root, "--today", TODAY, *command)
        assert result.exit_code == 1
        assert told in " ".join(result.output.split()), result.output
    assert not out.exists()


def test_a_template_linked_out_of_its_theme_is_an_error_that_names_it(
    tmp_path, make_repo, valid_goal, run_cli
):
    """It was "no template named '404.html' in the theme or the built-in one", though the
    built-in theme has one, with no word of the link."""
    root = make_repo({"mentorsite.yml": "theme: mine\n", "content/goals/alpha.md": valid_goal,
                      "themes/mine/templates/.keep": ""})
    target = outside_file(tmp_path)
    os.symlink(target, root / "themes/mine/templates/404.html")
    result = run_cli("--source", root, "--today", TODAY, "build", "--out", tmp_path / "site")
    assert result.exit_code == 1
    assert ("themes/mine/templates/404.html:1:1: error: the template is a link to "
            f"{target.resolve()}, outside its theme") in " ".join(result.output.split())


def test_check_reports_a_template_linked_out_of_its_theme_as_the_build_would(
    tmp_path, make_repo, valid_goal, run_cli
):
    """``check`` (a pull request's check) said "found no problems" of a template the build
    then refused, so the publishing after the merge failed instead."""
    root = make_repo({"mentorsite.yml": "theme: mine\n", "content/goals/alpha.md": valid_goal,
                      "themes/mine/templates/own.html": "<p>{{ page.title }}</p>\n"})
    target = outside_file(tmp_path)
    target.write_text("<p>{{ page.title }}</p>\n")
    os.symlink(target, root / "themes/mine/templates/404.html")
    os.symlink("own.html", root / "themes/mine/templates/again.html")  # inside: as good
    result = run_cli("--source", root, "--today", TODAY, "check")
    assert result.exit_code == 1
    assert ("themes/mine/templates/404.html:1:1: error: the template is a link to "
            f"{target.resolve()}, outside its theme") in " ".join(result.output.split())
    assert "again.html" not in result.output and "own.html" not in result.output


@pytest.mark.parametrize("command", [["build"], ["programme", "build", "."]])
def test_an_out_name_longer_than_the_system_allows_is_a_usage_error(
    command, tmp_path, make_repo, valid_goal, run_cli
):
    """Its first look at ``--out`` raised ENAMETOOLONG, with a traceback."""
    root = make_repo({"content/goals/speak.md": valid_goal})
    out = tmp_path / ("x" * 300)
    result = run_cli("--source", root, "--today", TODAY, *command, "--out", out)
    assert result.exit_code == 2
    assert f"Invalid value for '--out': cannot use '{out}': File name too long" in result.output
    assert sorted(tmp_path.iterdir()) == [root]


@pytest.mark.parametrize("command", [["build"], ["programme", "build", "."]])
@pytest.mark.parametrize("typed", ["", "  "])
def test_an_empty_out_is_a_usage_error_that_quotes_nothing_it_was_not_given(
    command, typed, tmp_path, make_repo, valid_goal, run_cli, monkeypatch
):
    """``--out ""`` was taken as '.', and refused as "--out . would replace the repository"
    (``--out "  "``, a folder named by two spaces, was made)."""
    root = make_repo({"content/goals/speak.md": valid_goal})
    monkeypatch.chdir(tmp_path)  # where a programme of '.' would be written, were it
    result = run_cli("--source", root, "--today", TODAY, *command, "--out", typed)
    assert result.exit_code == 2
    assert "Invalid value for '--out': no folder given: name one, e.g. _site" in result.output
