"""The ``language`` setting: which tags it takes, what it says of the others, and where the
built site carries it (every page's ``<html lang>``, the feed's ``xml:lang``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from mentorsite.model.entries import Settings
from mentorsite.model.language_tag import LANGUAGE_TAG_PATTERN, is_language_tag, tag_meant
from tests.conftest import assert_nu_html_valid

WELL_FORMED = ["de", "pt-BR", "zh-Hant", "zh-Hant-TW", "sr-Latn-RS", "es-419", "de-CH-1996",
               "sl-rozaj-biske", "en-US-u-ca-gregory", "en-x-mine", "x-private", "zh-yue-HK",
               "EN-gb", "tlh", "fil"]
NOT_TAGS = ["German", "de_DE", "en-", "-de", "de--DE", "de DE", "", " de", "e", "abcd",
            "de-DE.UTF-8", "en-a", "en-a-b", "x", "de\x01", "ü", "i-klingon", "de-DE-x",
            "de-\u0130N"]


@pytest.mark.parametrize("tag", WELL_FORMED)
def test_a_well_formed_tag_is_taken_as_written(tag: str) -> None:
    assert Settings.model_validate({"language": tag}).language == tag
    assert re.fullmatch(LANGUAGE_TAG_PATTERN, tag)  # the schema editors get agrees


@pytest.mark.parametrize("written", NOT_TAGS)
def test_anything_else_is_refused(written: str) -> None:
    assert not is_language_tag(written)
    assert not re.search(LANGUAGE_TAG_PATTERN, written)
    with pytest.raises(ValidationError) as raised:
        Settings.model_validate({"language": written})
    assert raised.value.errors()[0]["type"] == "invalid-value"


@pytest.mark.parametrize(("written", "subtag", "meant"), [
    ("zz", "zz", None), ("zz-QQ", "zz", None), ("jp", "jp", "ja"), ("cz-CZ", "cz", "cs-CZ"),
    ("en-UK", "UK", "en-GB"), ("pt-br-x-mine", None, None), ("en-QB", "QB", None),
    ("sr-Latn-uk", "UK", "sr-Latn-GB"), ("de-CH-1996", None, None),
])
def test_two_letter_codes_are_checked_against_the_registry(
    written: str, subtag: str | None, meant: str | None
) -> None:
    assert is_language_tag(written)  # well formed: only the registry knows better
    if subtag is None:
        assert Settings.model_validate({"language": written}).language == written
        return
    with pytest.raises(ValidationError) as raised:
        Settings.model_validate({"language": written})
    error = raised.value.errors()[0]
    assert error["type"] == "invalid-value"
    assert f"{subtag} is no code in IANA's registry" in error["msg"]
    assert (f"did you mean '{meant}'?" in error["msg"]) == (meant is not None)


@pytest.mark.parametrize("tag", ["iw", "in-ID", "en-QM", "en-XZ", "en-AA", "en-ZZ", "sh-YU",
                                 "tlh-BU", "en-001", "qaa", "yue", "es-419"])
def test_deprecated_private_use_and_unlisted_kinds_of_subtag_are_taken(tag: str) -> None:
    """What the Nu Html Checker takes: deprecated and private-use codes, which IANA keeps, and
    the kinds of subtag only checked for their form (three letters, three digits)."""
    assert Settings.model_validate({"language": tag}).language == tag


def test_the_default_is_english_as_before() -> None:
    assert Settings().language == "en"
    assert Settings.model_validate({"language": None}).language == "en"  # 'language:' left empty


@pytest.mark.parametrize(("written", "meant"), [
    ("de_DE", "de-DE"), ("pt_BR.UTF-8", "pt-BR"), ("de_DE.UTF-8@euro", "de-DE"),
    ("en-", "en"), ("de--CH", "de-CH"), ("de DE", "de-DE"),
    ("German", "de"), ("turkish", "tr"), ("Deutsch", "de"), ("Türkçe", "tr"), ("日本語", "ja"),
    ("Klingon", None), ("abcd", None), ("de", None),
])
def test_the_tag_meant(written: str, meant: str | None) -> None:
    assert tag_meant(written) == meant


def test_the_schema_describes_the_setting() -> None:
    schema = Settings.model_json_schema()["properties"]["language"]
    assert schema["default"] == "en"
    assert any(part.get("pattern") == LANGUAGE_TAG_PATTERN for part in schema["anyOf"])


def _lang(page: Path) -> str | None:
    found = re.search(r'<html lang="([^"]*)">', page.read_text("utf-8"))
    return found.group(1) if found else None


@pytest.mark.parametrize("tag", ["de", "pt-BR", "zh-Hant"])
def test_every_page_and_the_feed_carry_the_language(tag, make_repo, valid_goal, run_cli,
                                                    tmp_path):
    root = make_repo({"mentorsite.yml": f"title: Unser Weg\nlanguage: {tag}\n",
                      "content/goals/alpha.md": valid_goal,
                      "content/checkins/2025-06-10.md": "---\ngoals: {alpha: {}}\n---\nGut.\n",
                      "content/reflections/2025-06-11-erste.md":
                          "---\ntitle: Erste\ngoal: alpha\n---\nText.\n"})
    out = tmp_path / "site"
    assert run_cli("--source", root, "--today", "2025-06-15", "build", "--out",
                   out).exit_code == 0
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10 and (out / "404.html") in pages
    assert {page.relative_to(out).as_posix(): _lang(page) for page in pages} == {
        page.relative_to(out).as_posix(): tag for page in pages}
    assert f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{tag}">' in (
        out / "feed.xml").read_text("utf-8")
    if tag == "pt-BR":  # once is enough: the checker takes seconds
        assert_nu_html_valid(out)


def test_without_the_setting_pages_are_english(make_repo, valid_goal, run_cli, tmp_path):
    root = make_repo({"content/goals/alpha.md": valid_goal})
    out = tmp_path / "site"
    assert run_cli("--source", root, "--today", "2025-06-15", "build", "--out",
                   out).exit_code == 0
    assert {_lang(page) for page in out.rglob("*.html")} == {"en"}
    assert 'xml:lang="en"' in (out / "feed.xml").read_text("utf-8")
