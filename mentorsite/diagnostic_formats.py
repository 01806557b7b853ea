"""Print diagnostics as text, JSON or GitHub workflow annotations (SPEC §3)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path

from mentorsite.diagnostics import Diagnostic, Severity
from mentorsite.text import count, markdown_literal

FORMATS = ("text", "json", "github")


def as_text(items: Sequence[Diagnostic]) -> str:
    """``path:line:col: severity: message [code]``, one a line.

    Paths and messages quote what a file says, so line breaks, terminal escapes and bidi
    controls in them are shown as escapes (``\\n``, ``\\x1b``, ``\\u202e``): a file cannot
    fake a diagnostic line, restyle the terminal or reorder the text around it. A byte of a
    file name that is not UTF-8 is shown as that byte (``\\xff``).
    """
    return "".join(
        f"{printable(d.path)}:{d.line}:{d.column}: {d.severity.value}: "
        f"{printable(d.message)} [{d.code}]\n"
        for d in items
    )


def tally(items: Sequence[Diagnostic]) -> str:
    """``3 errors and 1 warning in 2 files``, or ``no problems``: the last line a person reads."""
    if not items:
        return "no problems"
    errors = sum(1 for d in items if d.severity is Severity.ERROR)
    kinds = [count(amount, noun) for amount, noun in
             ((errors, "error"), (len(items) - errors, "warning")) if amount]
    return f"{' and '.join(kinds)} in {count(len({d.path for d in items}), 'file')}"


_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_NOT_UTF8 = re.compile("[\ud800-\udfff]")
"""What Python makes of the bytes of a file name that are not UTF-8 (``os.fsdecode``: a lone
surrogate, U+DC80-U+DCFF for the byte 0x80-0xFF), which no UTF-8 output can hold: printing one
raised UnicodeEncodeError."""


def printable(text: str) -> str:
    """``text`` (a path, or a message quoting one) with each control character, bidi control
    and byte that was not UTF-8 shown as its escape (``\\x1b``, ``\\u202e``, ``\\xff``), for
    every format that prints diagnostics: Click strips an ANSI sequence from output that is
    not a terminal, so an annotation named a file that does not exist, and in a terminal or
    a Markdown comment the raw escape got through."""
    return _UNPRINTABLE.sub(_escape, text)


def bytes_shown(text: str) -> str:
    """``text`` with each byte that was not UTF-8 in a file name shown as ``\\xff``."""
    return _NOT_UTF8.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if "\udc80" <= char <= "\udcff":  # the byte os.fsdecode could not decode
        return f"\\x{ord(char) - 0xDC00:02x}"
    return ascii(char)[1:-1]


def as_json(items: Sequence[Diagnostic]) -> str:
    rows = [
        {
            "path": d.path,
            "line": d.line,
            "column": d.column,
            "severity": d.severity.value,
            "code": d.code,
            "message": d.message,
        }
        for d in items
    ]
    # A lone surrogate (a file name that is not UTF-8) goes out as a JSON escape, "\\udcff":
    # still the same string to a JSON reader (Python's gives back the file's name), and text
    # any UTF-8 output can hold.
    text = json.dumps(rows, indent=2, ensure_ascii=False)
    return _NOT_UTF8.sub(lambda match: ascii(match.group())[1:-1], text) + "\n"


def as_github(items: Sequence[Diagnostic], prefix: str) -> str:
    """Workflow commands; ``prefix`` is the source folder's path from the top of the git repo."""
    lines = []
    for d in items:
        props = ",".join(
            f"{key}={_escape_property(value)}"
            for key, value in (
                ("file", printable(prefix + d.path)),
                ("line", str(d.line)),
                ("col", str(d.column)),
                ("title", d.code),
            )
        )
        lines.append(f"::{d.severity.value} {props}::{_escape_data(printable(d.message))}\n")
    return "".join(lines)


def step_summary(items: Sequence[Diagnostic], prefix: str) -> str:
    """A Markdown table of every diagnostic, since GitHub shows only ten annotations of a kind."""
    if not items:
        return "### mentorsite check\n\nNo problems found.\n"
    rows = [
        f"| {_code_cell(printable(f'{prefix}{d.path}:{d.line}:{d.column}'))} | "
        f"{d.severity.value} | `{d.code}` | {markdown_literal(printable(d.message))} |"
        for d in items
    ]
    errors = sum(1 for d in items if d.severity.value == "error")
    head = (
        f"### mentorsite check: {errors} error(s), {len(items) - errors} warning(s)\n\n"
        "| where | severity | code | message |\n|---|---|---|---|\n"
    )
    return head + "\n".join(rows) + "\n"


def git_prefix(root: Path) -> str:
    """The path of ``root`` below the top of its git repository, with a trailing slash.

    Found by looking for ``.git`` upwards rather than running git: annotations must work even
    where git is not installed.
    """
    root = root.resolve()
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            rel = root.relative_to(folder).as_posix()
            return "" if rel == "." else rel + "/"
    return ""


def write_step_summary(items: Sequence[Diagnostic], prefix: str) -> str | None:
    """Append the full table to ``$GITHUB_STEP_SUMMARY`` when running in GitHub Actions.

    Returns why it could not be written, if it could not: the summary is a courtesy, so a
    wrong path in the variable must not hide the annotations or change the exit status.
    """
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(step_summary(items, prefix))
    except OSError as exc:
        return (f"cannot add the table to the step summary {target} "
                f"(GITHUB_STEP_SUMMARY): {exc.strerror or exc}")
    return None


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _escape_cell(text: str) -> str:
    """``text`` kept inside one table cell: a ``|`` would end the cell, a line break the row."""
    return " ".join(text.replace("|", "\\|").splitlines())


def _code_cell(text: str) -> str:
    """``text`` as code in one table cell."""
    return code_span(_escape_cell(text))


def code_span(text: str) -> str:
    """``text`` as Markdown code, on one line; a file name may hold backticks, so the span is
    fenced with one backtick more than the longest run in it (CommonMark code spans): one
    backtick would end it, and what followed (a mention, raw HTML) would be live."""
    text = " ".join(text.splitlines())
    if "`" not in text:
        return f"`{text}`"
    fence = "`" * (max(len(run) for run in re.findall("`+", text)) + 1)
    return f"{fence} {text} {fence}"
