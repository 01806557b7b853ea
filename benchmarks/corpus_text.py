"""Realistic Markdown bodies for the benchmark corpus: seeded prose about a mentoring pair.

Every body is built from a bank of sentences about reviews, design work, incidents and
confidence, shuffled by a :class:`random.Random`, so the same seed gives the same text. Bodies
use the Markdown that real check-ins use: paragraphs, emphasis, lists, task lists, links, the
odd footnote and sub-heading. No raw HTML (mentorsite shows it as text; other tools render it).
"""

from __future__ import annotations

import random

BODY_WORDS = 290
"""Target length of every body, in words (the issue's "realistic" size)."""

PEOPLE = ("Priya Raman", "Jordan Ellis", "Sam Okafor", "Mei Lin", "Tomas Berg", "Ana Souza")
TOPICS = (
    "design reviews", "review turnaround", "incident response", "the onboarding guide",
    "the billing RFC", "on-call handover", "the roadmap", "estimation", "pairing sessions",
    "the platform migration", "stakeholder updates", "the retry policy", "capacity planning",
    "the queue service", "hiring loops", "the tech talk", "release notes", "the test suite",
)
_SENTENCES = (
    "We spent most of the session on {topic}, because it is where the week went sideways.",
    "{person} noticed that the pre-read did half of the facilitation before anyone arrived.",
    "The numbers moved in the right direction, but one good week is not yet a trend.",
    "We agreed to look at the chart again in two weeks before drawing any conclusion.",
    "It helped to write the decision in one sentence at the top of the document.",
    "The obstacle was not technical: three people needed to agree and nobody owned the call.",
    "{person} asked what would change her mind, and the room went quiet in a useful way.",
    "Most of the delay on {topic} came from waiting for reviews, not from writing code.",
    "We tried a small experiment: quiet voices first, then the usual debate.",
    "The experiment worked better than expected, so we will keep it for another month.",
    "There was a wobble mid-week when the on-call rota clashed with {topic}.",
    "Next time the agenda goes out a day earlier, with the open questions listed first.",
    "Writing things down before the meeting turned a long argument into a short decision.",
    "The team now asks for a decision record without being reminded, which is the real win.",
    "We compared this month with the baseline from September and the gap is closing.",
    "{person} rated her confidence honestly, which is the whole point of the exercise.",
    "A stakeholder asked for a summary, so we drafted one together in ten minutes.",
    "The hardest part of {topic} is saying no to good ideas that do not fit this quarter.",
    "Feedback from the retro was blunt but fair: the review queue is still too long.",
    "We moved two tasks to next week and dropped one that no longer mattered.",
    "Pairing on the tricky part of {topic} saved a day of back-and-forth in comments.",
    "I over-explain when I am nervous, and the recording made that painfully clear.",
    "The dashboard made it obvious which pull requests had been waiting longest.",
    "We celebrated the first week under the target before talking about what went wrong.",
    "Asking for help earlier would have saved most of Thursday.",
    "{person} suggested a lighter template, and three teams adopted it within a week.",
    "There is a risk that {topic} slips if the migration takes the whole team again.",
    "The contingency we wrote on day one turned out to be the plan we needed.",
    "We did not hit the number, but we learned why, and that is worth recording.",
    "A short written update on Fridays replaced a meeting nobody enjoyed.",
)
_LIST_ITEMS = (
    "Share the draft of {topic} with the team by Wednesday",
    "Ask {person} for feedback on the last review",
    "Update the chart with this week's readings",
    "Book thirty minutes with the stakeholders about {topic}",
    "Write the decision record while it is fresh",
    "Try the timer again at the next design review",
    "Move the stale pull requests to the top of the queue",
    "Draft two questions for the next retro",
)
_HEADINGS = ("Notes", "Context", "What we tried", "Open questions", "Decisions", "Follow-up")


class BodyWriter:
    """Writes seeded Markdown bodies of about :data:`BODY_WORDS` words."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.footnotes = 0

    def sentence(self) -> str:
        """One sentence with its placeholders filled in."""
        template = self.rng.choice(_SENTENCES)
        return template.format(topic=self.rng.choice(TOPICS), person=self.rng.choice(PEOPLE))

    def paragraph(self, words: int) -> str:
        """Sentences until about ``words`` words, with some inline Markdown."""
        parts: list[str] = []
        count = 0
        while count < words:
            text = self.sentence()
            roll = self.rng.random()
            if roll < 0.08:
                text = f"**{text}**"
            elif roll < 0.14:
                first, _, rest = text.partition(" ")
                text = f"*{first}* {rest}"
            elif roll < 0.17:
                text += " See [the notes](https://example.com/notes/" \
                        f"{self.rng.randrange(1000)})."
            parts.append(text)
            count += len(text.split())
        return _wrap(" ".join(parts))

    def items(self, count: int, tasks: bool) -> str:
        """A bullet list, or a task list with some items ticked."""
        lines = []
        for _ in range(count):
            item = self.rng.choice(_LIST_ITEMS).format(
                topic=self.rng.choice(TOPICS), person=self.rng.choice(PEOPLE)
            )
            box = ("[x] " if self.rng.random() < 0.5 else "[ ] ") if tasks else ""
            lines.append(f"- {box}{item}.")
        return "\n".join(lines)

    def body(self, headings: tuple[str, ...] = (), words: int = BODY_WORDS) -> str:
        """A whole body; with ``headings``, one ``##`` section each (reflection prompts)."""
        if headings:
            share = words // len(headings)
            sections = [f"## {title}\n\n{self.paragraph(share - 12)}" for title in headings]
            return "\n\n".join(sections) + "\n"
        blocks: list[str] = []
        used = 0
        while used < words - 18:
            roll = self.rng.random()
            if roll < 0.15 and blocks:
                block = self.items(self.rng.randint(2, 4), tasks=self.rng.random() < 0.5)
            elif roll < 0.22 and blocks:
                block = f"### {self.rng.choice(_HEADINGS)}"
            else:
                block = self.paragraph(min(self.rng.randint(45, 80), words - used + 10))
            blocks.append(block)
            used += len(block.split())
        if self.rng.random() < 0.1:
            blocks[0] += "[^1]"
            blocks.append("[^1]: Numbers from the team dashboard, read on the day.")
        return "\n\n".join(blocks) + "\n"


def _wrap(text: str, width: int = 96) -> str:
    """Hard-wrap prose the way people do in a text editor."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "\n".join(lines)


def short(rng: random.Random) -> str:
    """A one-line note, win, obstacle or task: no Markdown, safe as a plain YAML scalar."""
    text = rng.choice(_SENTENCES).format(topic=rng.choice(TOPICS), person=rng.choice(PEOPLE))
    return text.rstrip(".")
