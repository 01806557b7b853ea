"""A theme's template that calls a built-in macro wrongly is told at its own line: the error
was told at the line of the built-in ``macros.html`` where the missing argument was first
needed, by its path inside the installed package (``…/site-packages/themes/default/templates/
macros.html:80:1: error: parameter 'share' was not provided``), which names no file of the
theme and not the call its author has to change."""

from __future__ import annotations

from pathlib import Path

from tests.template_failures import failures


def _failure(root: Path, source: str) -> list[str]:
    """The error of a page drawn by ``themes/ours/templates/t.html`` of the repository
    ``root``, holding ``source``."""
    return failures(root / "themes" / "ours", source, root=root)


def test_a_built_in_macro_called_wrongly_is_told_at_the_call(tmp_path):
    source = '{% import "macros.html" as m with context %}\n<p>\n{{ m.progress_bar() }}</p>\n'
    for message in _failure(tmp_path, source):
        assert message.startswith(
            "themes/ours/templates/t.html:3:1: error: parameter 'share' was not provided "
            "(in the built-in macros.html, line "), message


def test_a_failure_in_the_theme_itself_is_told_there_alone(tmp_path):
    """No built-in frame, no note: the theme's own file and line, as before."""
    for message in _failure(tmp_path, "<p>\n\n{{ 1 / 0 }}</p>\n"):
        assert message == ("themes/ours/templates/t.html:3:1: error: ZeroDivisionError: "
                           "division by zero [template-error]")
