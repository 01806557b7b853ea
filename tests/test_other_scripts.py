"""A pair that writes in German, Turkish, Chinese or Arabic is matched, sorted and dated as an
English-speaking pair is: its words are compared as words, whatever bytes spell them."""

from __future__ import annotations

import unicodedata

from tests.conftest import VALID_GOAL

QUESTION = "\uff1f"
"""The full-width question mark of Chinese and Japanese."""

PROMPTS = [f"发生了什么{QUESTION}", f"为什么重要{QUESTION}", "Was ich gelernt habe", "Größte Hürde",
           "ما الذي تعلمته؟"]
"""Reflection prompts as a pair writes them in its language: with the question mark of its
script, or with letters that have two spellings in Unicode."""


def test_a_reflection_heading_answers_its_prompt_in_any_script(make_repo, check_json):
    """A heading answers a prompt with or without its closing mark — the full-width question
    mark and the Arabic '؟' as much as '?' — and 'Größte' typed as 'o' with a combining
    diaeresis (as text pasted from macOS is) is the same word; each was a missing-prompt
    warning."""
    headings = ["发生了什么", "为什么重要?", "Was ich gelernt habe\uff1a",
                unicodedata.normalize("NFD", "Größte Hürde"), "ما الذي تعلمته"]
    body = "".join(f"## {heading}\n\nAnswered.\n\n" for heading in headings)
    root = make_repo({
        "mentorsite.yml": f"title: t\nreflection_prompts: {PROMPTS}\n",
        "content/goals/g.md": VALID_GOAL,
        "content/checkins/2025-06-10.md": "---\ngoals: {g: {status: on-track}}\n---\n",
        "content/reflections/2025-06-12-r.md": f"---\ntitle: R\ngoal: g\n---\n{body}",
    })
    code, rows = check_json(root)
    assert code == 0
    assert [row["message"] for row in rows if row["code"] == "missing-prompt"] == []


def test_a_prompt_in_full_width_marks_is_the_same_prompt_again(make_repo, check_json):
    """Two prompts a heading answers alike are one prompt, written twice (as 'Same' and
    'same?' were already)."""
    root = make_repo({"mentorsite.yml":
                      f'title: t\nreflection_prompts: ["学到了什么{QUESTION}", 学到了什么]\n'})
    code, rows = check_json(root)
    assert code == 1
    assert [row["code"] for row in rows] == ["invalid-value"]
