"""Property-based hostile input: whatever the files say, check and build answer, never crash.

Hypothesis generates front matter (random YAML shapes, raw YAML-ish text, deep nesting, alias
bombs, escapes such as ``"\\ud800"`` and ``"\\0"``), text full of RTL marks, combining marks,
emoji, NUL and control characters, huge values, and Markdown made of the characters its parser
finds hardest. Every example runs the real ``check`` and ``build`` commands in this process and
asserts they exit 0 or 1 with diagnostics, within time and memory bounds, and that what a
build writes parses (HTML without scripts, XML, iCalendar, JSON).

The example budget comes from a profile: ``ci`` (the default: 50 examples per test, no
deadline) or ``long`` (``HYPOTHESIS_PROFILE=long``: 1,000 per test) for a soak run.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
import tracemalloc
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import icalendar
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mentorsite.cli.main import cli
from mentorsite.markdown.engine import _CUT, MAX_NESTING, _parser, nesting_cut, render
from mentorsite.read.yamlsafe import read_yaml
from tests.test_xss import assert_clean_html

_COMMON = {
    "deadline": None,
    "database": None,
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large,
                              HealthCheck.filter_too_much],
}
settings.register_profile("ci", max_examples=50, **_COMMON)
settings.register_profile("long", max_examples=1000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TODAY = "2025-06-15"
SECONDS = 20.0
"""A safety bound per command and example, not a benchmark: the slowest CI runner must fit."""
PEAK_BYTES = 200 * 1024 * 1024
DIAGNOSTIC = re.compile(r"^[^\n]+:\d+:\d+: (error|warning): .+ \[[a-z]+(-[a-z]+)*\]$")

# --- strategies -------------------------------------------------------------------------------

SPECIAL = [
    "\u202e", "\u202d", "\u200f", "\u061c", "\u0301", "\u0308\u0308\u0308", "\u200d", "🙂",
    "👩‍👩‍👧", "\ufeff", "\ufffe", "\uffff", "\U0010ffff", "\x00", "\x01", "\x1b", "\x7f", "\x85",
    "\u2028", "\u2029", "\r", "\r\n", "\t", "\v", "\f", "]]>", "<script>", "</title>", "{{7*7}}",
    "{%", "---", "...", "'", '"', "&", "\\", ":", ": ", "#", " #", "- ", "? ", "*a", "&a", "!!",
    "%", "@", "`", "|", ">", "[", "]", "{", "}", ",", "\n", "  ", "ß", "İ", "ﬃ", "Ⅻ", "٣",
    "\ud7ff", "\ue000", "\ud800", "\udfff", "javascript:alert(1)", "BEGIN:VEVENT", "\\ud800",
    "\\0",
]
"""Characters and fragments that have broken text handling somewhere before."""

text_pieces = st.one_of(st.text(max_size=12), st.sampled_from(SPECIAL))
hostile_text = st.one_of(
    st.text(max_size=40),
    st.lists(text_pieces, max_size=12).map("".join),
    st.tuples(st.sampled_from(["x", "é", "🙂", "<a>", "\u202e"]),
              st.integers(1_000, 20_000)).map(lambda pair: pair[0] * pair[1]),
)
"""Text for any field: random Unicode, the special pieces above, or one very long value."""

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True), hostile_text,
    st.dates().map(date.isoformat), st.dates(),
)
yaml_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.one_of(hostile_text, st.sampled_from(
            ["title", "id", "label", "metrics", "goals", "next", "task", "due", "done", "if",
             "then", "private", "status", "note", "<<"])), inner, max_size=5),
    ),
    max_leaves=25,
)
"""Any shape YAML can hold."""

YAML_TOKENS = [
    "---\n", "...\n", "\n", "  ", "    ", "- ", ": ", "? ", "[", "]", "{", "}", ", ", "&a ",
    "*a", "&b ", "*b", "<<: *a\n", "!!python/object:os.system ", "!!binary ", "!foo ", "! ",
    '"\\ud800"', '"\\0"', '"\\x01"', '"\\U0010ffff"', '"\\N\\L\\P"', "'it''s'", '"', "'", "|\n",
    ">-\n", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "#", "title: ", "started: 2025-06-01\n",
    "due: ", "2025-02-30", "metrics:\n", "  - id: m\n", "    label: L\n", "    target: ",
    "goals:\n", "  alpha: ", "{metrics: {speed: ", "1e999", ".nan", "0x1F", "0o17", "yes", "~",
    "\t", "\r", "\ufeff", "\x00", "\x85", "\u2028", "\U0001F600",
]
raw_yaml = st.lists(st.one_of(st.sampled_from(YAML_TOKENS), hostile_text), max_size=60).map(
    "".join
)
"""YAML-ish text: mostly broken, sometimes valid, always surprising."""


def _nest(levels: int, flow: bool) -> str:
    if flow:
        return "title: " + "[" * levels + "x" + "]" * levels + "\n"
    return "".join(" " * i + "a:\n" for i in range(levels)) + " " * levels + "x\n"


def _bomb(levels: int, fan: int) -> str:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * fan) + "]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * fan) + "]")
    return "\n".join(lines) + "\n"


deep_yaml = st.builds(_nest, st.integers(1, 300), st.booleans())
bombs = st.builds(_bomb, st.integers(1, 9), st.integers(1, 12))


def _dump(value: Any) -> str:
    try:
        return yaml.safe_dump(value, allow_unicode=True, width=1_000_000)
    except (yaml.YAMLError, ValueError, RecursionError):
        return "x: 1\n"


front_matter = st.one_of(yaml_values.map(_dump), raw_yaml, deep_yaml, bombs)

MD_TOKENS = [
    "> ", ">", "- ", "* ", "+ ", "1. ", "1) ", "  ", "    ", "\t", "\n", "\n\n", "[", "]", "(",
    ")", "![", "](", "*", "**", "_", "__", "`", "```", "~~~", "#", "## ", "<", ">", "&", "&#x",
    ";", "[^a]", "[^a]: ", "|", "|-|", "---", "===", "\\", "http://x.org", "javascript:alert(1)",
    "<script>", "- [ ] ", "- [x] ", "<http://a>", "[a]: /u\n", "[a]", "\x00", "\u202e", "🙂",
]
markdown_text = st.one_of(
    st.lists(st.one_of(st.sampled_from(MD_TOKENS), st.text(max_size=8)), max_size=300).map(
        "".join
    ),
    st.tuples(st.sampled_from(["> ", "- ", "[", "![", "*", "_", "> - ", "  - ", "[^a]: ", "1. ",
                               "\t- ", "```\n", "## x\n", "x\n=\n", "<", "`"]),
              st.integers(1, 3_000)).map(lambda pair: pair[0] * pair[1] + "text\n"),
)
"""Markdown: random mixes of what the parser finds hardest, or one construct repeated."""

KINDS = {
    "goal": "content/goals/hostile.md",
    "checkin": "content/checkins/2025-06-10.md",
    "reflection": "content/reflections/2025-06-10-hostile.md",
    "evidence": "content/evidence/2025-06-10-hostile.md",
}

# --- running the commands ---------------------------------------------------------------------


def _write(root: Path, files: dict[str, str]) -> None:
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        # lone surrogates become bytes that are not UTF-8, which check must report
        path.write_bytes(text.encode("utf-8", "surrogatepass"))


def _run(*args: str) -> tuple[Result, float]:
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["--today", TODAY, *args])
    elapsed = time.perf_counter() - started
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"mentorsite {' '.join(args)} crashed") from result.exception
    assert result.exit_code in (0, 1), (result.exit_code, result.output[-2000:])
    assert "Traceback" not in result.output
    assert elapsed < SECONDS, f"{args[2:3]} took {elapsed:.1f} s"
    return result, elapsed


def _check(root: Path) -> list[dict[str, Any]]:
    result, _ = _run("--source", str(root), "check", "--format", "json")
    rows = json.loads(result.stdout)
    errors = [row for row in rows if row["severity"] == "error"]
    assert (result.exit_code == 1) == bool(errors), rows
    for row in rows:
        assert row["line"] >= 1 and row["column"] >= 1 and row["message"]
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", row["code"])
    return rows


def _check_text_in_bounded_memory(root: Path) -> None:
    """``check`` as text: one diagnostic a line, whatever the files hold; memory measured."""
    tracemalloc.start()
    try:
        result, _ = _run("--source", str(root), "check")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < PEAK_BYTES
    for line in result.stdout.splitlines():
        assert DIAGNOSTIC.match(line), ascii(line)


def _assert_outputs_parse(out: Path) -> None:
    """Everything a build wrote is well formed for its format, and no page runs a script."""
    for page in out.rglob("*.html"):
        assert_clean_html(page.read_text(encoding="utf-8"), str(page.relative_to(out)))
    ET.fromstring((out / "feed.xml").read_bytes())
    calendar = (out / "calendar.ics").read_bytes().decode("utf-8")
    events = icalendar.Calendar.from_ical(calendar).walk("VEVENT")
    assert len(events) == calendar.split("\r\n").count("BEGIN:VEVENT")
    json.loads((out / "data.json").read_text(encoding="utf-8"))


# --- the properties ---------------------------------------------------------------------------


@given(text=st.one_of(front_matter, st.text(), st.binary().map(lambda b: b.decode("latin-1"))))
@example(text="!!python/object:os.system ")  # found in CI: a tag is read on past, as written
@example(text="a: 1\na: 2\n")
def test_reading_yaml_never_raises(text):
    """A value comes back only where every problem is one the reading goes on past (a tag, a
    duplicate key), so that one of them does not hide the document's others."""
    result = read_yaml(text)
    assert result.value is None or all(problem.read_on for problem in result.problems)
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.code and problem.message


@given(
    kind=st.sampled_from(sorted(KINDS)),
    matter=front_matter,
    body=st.one_of(hostile_text, markdown_text),
    settings_text=st.one_of(st.just(""), front_matter),
    close=st.sampled_from(["---\n", "---", "--- \n", "...\n", ""]),
    line_end=st.sampled_from(["\n", "\r\n"]),
    bom=st.booleans(),
)
def test_check_answers_any_front_matter(kind, matter, body, settings_text, close, line_end, bom):
    text = ("\ufeff" if bom else "") + ("---\n" + matter + close + body).replace("\n", line_end)
    files = {KINDS[kind]: text}
    if settings_text:
        files["mentorsite.yml"] = settings_text
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        _write(root, files)
        _check(root)
        _check_text_in_bounded_memory(root)


TEXT_FIELDS = {
    "goal": ["title", "why", "outcomes", "success", "tags"],
    "checkin": ["attendees", "obstacles", "adjustments", "wins"],
    "reflection": ["title", "milestone"],
    "evidence": ["title", "source"],
}
LIST_FIELDS = {"outcomes", "success", "tags", "attendees", "obstacles", "adjustments", "wins"}


@st.composite
def hostile_repository(draw: st.DrawFn) -> dict[str, str]:
    """A valid repository whose every text is hostile; in one of four, one field's shape is
    wrong too."""

    broken = draw(st.sampled_from([None, None, None, *sorted(LIST_FIELDS), "title", "label"]))

    def value(field: str) -> Any:
        if field == broken:
            return draw(yaml_values)  # in one example of four, a shape wrong for a field
        if field in LIST_FIELDS:
            return draw(st.lists(hostile_text, max_size=3))
        return draw(hostile_text)

    settings_fields = {"title": value("title"), "mentee": value("mentee"),
                       "mentors": draw(st.lists(hostile_text, max_size=3)),
                       "reflection_prompts": draw(st.lists(hostile_text, max_size=2))}
    if draw(st.integers(0, 7)) == 0:
        settings_fields["timezone"] = draw(st.one_of(hostile_text, st.just("Europe/London")))
    metric = {"id": "speed", "label": value("label"), "unit": value("unit"), "baseline": 0,
              "target": draw(st.one_of(st.integers(1, 10**6), st.floats(0.001, 1e300)))}
    goal = {"started": "2025-06-01", "due": "2025-12-31", "metrics": [metric],
            "milestones": [{"title": value("title"), "due": "2025-07-01",
                            "done": draw(st.sampled_from([False, "2025-06-02"]))}],
            "contingency": [{"if": value("if"), "then": value("then")}],
            **{field: value(field) for field in TEXT_FIELDS["goal"]}}
    reading = draw(st.one_of(st.integers(-(10**6), 10**6), st.floats(-1e300, 1e300)))
    checkin = {"goals": {"alpha": {"status": "on-track", "metrics": {"speed": reading},
                                   "note": value("note")}},
               "next": [{"task": value("task"), "owner": value("owner"), "due": "2025-06-20"}],
               **{field: value(field) for field in TEXT_FIELDS["checkin"]}}
    reflection = {"goals": ["alpha"], **{f: value(f) for f in TEXT_FIELDS["reflection"]}}
    evidence = {"goals": ["alpha"], "link": "https://example.com/" + draw(st.text(max_size=20)),
                **{f: value(f) for f in TEXT_FIELDS["evidence"]}}

    def entry(fields: dict[str, Any]) -> str:
        return "---\n" + _dump(fields) + "---\n" + draw(st.one_of(hostile_text, markdown_text))

    return {
        "mentorsite.yml": _dump(settings_fields),
        "content/goals/alpha.md": entry(goal),
        "content/checkins/2025-06-10.md": entry(checkin),
        "content/reflections/2025-06-11-notes.md": entry(reflection),
        "content/evidence/2025-06-12-proof.md": entry(evidence),
    }


@given(files=hostile_repository())
def test_build_answers_and_writes_only_well_formed_files(files):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "pair"
        _write(root, files)
        rows = _check(root)
        out = Path(folder) / "site"
        result, _ = _run("--source", str(root), "build", "--no-history", "-q", "--out", str(out))
        has_errors = any(row["severity"] == "error" for row in rows)
        assert result.exit_code == (1 if has_errors else 0), result.output[-2000:]
        if has_errors:
            assert not out.exists(), "a failed build writes nothing"
        else:
            _assert_outputs_parse(out)
        assert sorted(p.name for p in Path(folder).iterdir()) == (
            ["pair"] if has_errors else ["pair", "site"]
        ), "no staging folder is left behind"


@given(text=markdown_text)
def test_markdown_renders_fast_bounded_and_inert(text):
    started = time.process_time()  # CPU seconds: a busy machine does not stretch them
    html = render(text)
    assert time.process_time() - started < SECONDS
    assert len(html) < 40 * len(text) + 10_000
    assert "<script" not in html.lower()
    assert not re.search(r"<[a-z]+[^>]*\son[a-z]+\s*=", html, re.IGNORECASE)


@given(text=markdown_text)
def test_leaving_out_rules_a_body_cannot_trigger_changes_nothing(text):
    assert render(text) == _parser().render(text)


@given(text=markdown_text)
def test_nesting_cut_finds_every_cut_the_parser_makes(text):
    """The cheap pre-scan in nesting_cut never hides a cut that a full parse would make."""
    env: dict[str, Any] = {}
    md = _parser()
    md.block.parse(text.replace("\0", "\ufffd"), md, env, [])
    truth = env.get(_CUT)
    assert nesting_cut(text) == (None if truth is None else truth + 1)


def test_the_nesting_limit_is_what_the_parser_uses():
    assert _parser().options["maxNesting"] == MAX_NESTING


@settings(max_examples=max(5, settings.default.max_examples // 5))
@given(days=st.integers(0, 3000), goals=st.integers(1, 3))
def test_many_dates_and_goals_still_build(days, goals):
    """Readings far apart and close together: charts and health never divide by zero."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "pair"
        files = {
            f"content/goals/g{n}.md": f"---\ntitle: G{n}\nstarted: 2020-01-01\n"
            "metrics: [{id: m, label: M, baseline: 1, target: 1.0000001}]\n---\n"
            for n in range(goals)
        }
        for offset in (0, days):
            day = date(2020, 1, 1) + timedelta(days=offset)
            readings = ", ".join(f"g{n}: {{metrics: {{m: {offset}}}}}" for n in range(goals))
            files[f"content/checkins/{day}.md"] = f"---\ngoals: {{{readings}}}\n---\n"
        _write(root, files)
        out = Path(folder) / "site"
        result, _ = _run("--source", str(root), "build", "--no-history", "-q", "--out", str(out))
        assert result.exit_code == 0, result.output
        _assert_outputs_parse(out)
