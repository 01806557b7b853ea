"""The seeded content of a benchmark corpus: goals, check-ins, reflections and evidence.

:func:`make_entries` decides everything (ids, dates, readings, bodies) from one seed; the
writers in ``corpus.py`` and ``corpus_git.py`` only serialise what it returns. The mix follows
the issue: about 2% goals (with metrics), 70% check-ins, 14% reflections and 14% evidence.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from corpus_text import PEOPLE, TOPICS, BodyWriter, short
from corpus_yaml import document

REVISION = "2"
"""Changed whenever what a seed makes changes (2: every fifth goal achieved), so that a corpus
cached by an earlier revision is made again (``run.py``)."""
TODAY = date(2026, 1, 15)
"""The day every benchmark judges the corpus as of (``--today`` / ``MENTORSITE_TODAY``)."""
LAST_CHECKIN = TODAY - timedelta(days=1)
MAX_SPAN_DAYS = 3650
"""Check-ins are daily over at most ten years; bigger corpora have several a day."""
PROMPTS = ("What happened", "Why it mattered", "What I learned", "What changes next")
FOLDERS = {"goal": "goals", "checkin": "checkins", "reflection": "reflections",
           "evidence": "evidence"}

_METRICS: tuple[dict[str, Any], ...] = (
    {"id": "turnaround-hours", "label": "Median review turnaround", "unit": "hours",
     "baseline": 48, "target": 12},
    {"id": "confidence", "label": "Self-rated confidence", "unit": "rating", "baseline": 2,
     "target": 4, "scale": [1, 5]},
    {"id": "reviews-facilitated", "label": "Design reviews facilitated", "baseline": 0,
     "target": 10},
    {"id": "stale-prs", "label": "Pull requests waiting over two days", "baseline": 14,
     "target": 3},
    {"id": "decision-records", "label": "Reviews with a decision record", "unit": "%",
     "baseline": 40, "target": 90},
    {"id": "incidents-led", "label": "Incidents led as commander", "baseline": 0, "target": 4},
    {"id": "guide-pages", "label": "Onboarding guide pages written", "baseline": 0,
     "target": 12},
)
_VERBS = ("lead", "run", "cut", "grow", "own", "ship", "mentor", "improve", "write", "plan",
          "speed-up", "host", "coach", "document", "streamline", "present", "review", "shape")
_SLUG_CHARS = re.compile(r"[^a-z0-9]+")
_STATUSES = ("on-track", "on-track", "on-track", "at-risk", "off-track", "blocked")
_EVIDENCE_KINDS = ("outcome", "feedback", "story", "artifact")


@dataclass
class Entry:
    """One content file: where it lives, what its front matter says, and its body."""

    kind: str
    slug: str
    day: date
    meta: dict[str, Any]
    body: str
    extra: dict[str, Any] = field(default_factory=dict)
    """Generator-only facts (e.g. a goal's metrics), never written."""

    @property
    def path(self) -> str:
        """Path from the repository root."""
        return f"content/{FOLDERS[self.kind]}/{self.slug}.md"

    @property
    def title(self) -> str:
        """A human title, for the other tools' front matter."""
        return str(self.meta.get("title") or f"Check-in {self.slug}")

    def text(self) -> str:
        """The file as written to disk."""
        return document(self.meta, self.body)


@dataclass(frozen=True)
class Mix:
    """How many files of each kind a corpus of ``files`` files holds."""

    goals: int
    checkins: int
    reflections: int
    evidence: int

    @classmethod
    def of(cls, files: int) -> Mix:
        """Split ``files`` 2 / 70 / 14 / 14 per cent, at least one goal and one check-in."""
        goals = max(1, round(files * 0.02))
        checkins = max(1, round(files * 0.70))
        reflections = round(files * 0.14)
        evidence = max(0, files - goals - checkins - reflections)
        return cls(goals, checkins, reflections, evidence)


def slugify(text: str) -> str:
    """Lowercase words joined by ``-``, at most six of them."""
    return "-".join(_SLUG_CHARS.sub(" ", text.lower()).split()[:6])


def _checkin_days(count: int) -> list[tuple[date, str]]:
    """(day, slug) of each check-in: daily up to today, several a day past ten years."""
    per_day = max(1, math.ceil(count / MAX_SPAN_DAYS))
    days = math.ceil(count / per_day)
    first = LAST_CHECKIN - timedelta(days=days - 1)
    result = []
    for index in range(count):
        day = first + timedelta(days=index // per_day)
        n = index % per_day
        result.append((day, day.isoformat() if n == 0 else f"{day.isoformat()}-{n + 1}"))
    return result


def _goal(rng: random.Random, index: int, ids: list[str], start: date) -> Entry:
    """A SMART goal with 1-3 metrics, two milestones and a contingency; every fifth is
    achieved (a long mentorship closes many goals), a tenth paused, a twenty-fifth pivoted."""
    goal_id = ids[index]
    topic = rng.choice(TOPICS)
    metrics = [dict(m) for m in rng.sample(_METRICS, rng.randint(1, 3))]
    meta: dict[str, Any] = {
        "title": f"{goal_id.split('-')[0].capitalize()} {topic}",
        "status": "paused" if index % 10 == 7 else "achieved" if index % 5 == 3 else "active",
        "started": start,
        "due": TODAY + timedelta(days=120 + index % 90),
        "why": short(rng),
        "outcomes": [short(rng), short(rng)],
        "success": short(rng),
        "metrics": metrics,
        "milestones": [
            {"title": f"First step on {topic}", "due": start + timedelta(days=40),
             "done": start + timedelta(days=30)},
            {"title": f"Share the results on {topic}", "due": TODAY + timedelta(days=60),
             "done": False},
        ],
        "contingency": [{"if": short(rng), "then": short(rng)}],
        "tags": rng.sample(["delivery", "ownership", "people", "quality", "process"], 2),
    }
    if index % 25 == 24 and len(ids) > 1:
        meta["status"] = "pivoted"
        meta["pivoted_to"] = ids[(index + 1) % len(ids)]
    body = BodyWriter(rng).body()
    return Entry("goal", goal_id, start, meta, body, {"metrics": metrics})


def _goal_ids(rng: random.Random, count: int) -> list[str]:
    ids: list[str] = []
    seen: set[str] = set()
    while len(ids) < count:
        candidate = f"{rng.choice(_VERBS)}-{slugify(rng.choice(TOPICS))}"
        if candidate in seen:
            candidate = f"{candidate}-{len(ids)}"
        seen.add(candidate)
        ids.append(candidate)
    return ids


def _reading(rng: random.Random, metric: dict[str, Any], progress: float) -> float | int:
    """A noisy reading on the way from baseline to target, inside the metric's scale."""
    base: float = metric["baseline"]
    target: float = metric["target"]
    value = base + (target - base) * progress + rng.uniform(-0.1, 0.1) * abs(target - base)
    if "scale" in metric:
        low, high = (float(bound) for bound in metric["scale"])
        return round(min(max(value, low), high), 1)
    return max(0, round(value))


def _checkin(rng: random.Random, day: date, slug: str, goals: list[Entry],
             progress: float) -> Entry:
    """A check-in with readings for 1-3 goals, wins, obstacles and next steps. An achieved
    goal is called done from the second half of the corpus's span on."""
    readings: dict[str, Any] = {}
    for goal in rng.sample(goals, min(len(goals), rng.randint(1, 3))):
        values = {m["id"]: _reading(rng, m, progress) for m in goal.extra["metrics"]}
        status = rng.choice(_STATUSES)
        if goal.meta["status"] == "achieved" and progress >= 0.5:
            status = "done"
        readings[goal.slug] = {"status": status, "metrics": values, "note": short(rng)}
    steps = []
    for _ in range(rng.randint(1, 3)):
        due = day + timedelta(days=rng.randint(3, 14))
        steps.append({"task": short(rng), "owner": rng.choice(PEOPLE[:3]), "due": due,
                      "done": due < TODAY})
    meta: dict[str, Any] = {
        "attendees": rng.sample(PEOPLE[:3], rng.randint(2, 3)),
        "goals": readings,
        "obstacles": [short(rng) for _ in range(rng.randint(0, 2))],
        "adjustments": [short(rng) for _ in range(rng.randint(0, 1))],
        "wins": [short(rng) for _ in range(rng.randint(1, 2))],
        "next": steps,
    }
    return Entry("checkin", slug, day, meta, BodyWriter(rng).body())


def _dated_slug(day: date, title: str, taken: set[str]) -> str:
    slug = f"{day.isoformat()}-{slugify(title)}"
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _reflection(rng: random.Random, day: date, goal: Entry, taken: set[str]) -> Entry:
    """A reflection on a goal's milestone, with one heading per prompt."""
    title = f"Reflecting on {rng.choice(TOPICS)}"
    meta = {"title": title, "goals": [goal.slug],
            "milestone": goal.meta["milestones"][0]["title"]}
    body = BodyWriter(rng).body(headings=PROMPTS)
    return Entry("reflection", _dated_slug(day, title, taken), day, meta, body)


def _evidence(rng: random.Random, day: date, goal: Entry, taken: set[str]) -> Entry:
    """Feedback, an outcome, a story or an artifact supporting a goal."""
    kind = rng.choice(_EVIDENCE_KINDS)
    title = f"{kind.capitalize()} about {rng.choice(TOPICS)}"
    slug = _dated_slug(day, title, taken)
    meta = {"title": title, "goals": [goal.slug], "kind": kind,
            "source": rng.choice(PEOPLE), "link": f"https://example.com/evidence/{slug}",
            "rating": rng.randint(1, 5)}
    return Entry("evidence", slug, day, meta, BodyWriter(rng).body())


def _spread(first: date, last: date, count: int, index: int) -> date:
    """The ``index``-th of ``count`` days spread evenly over [first, last]."""
    span = (last - first).days
    return first + timedelta(days=(span * (index + 1)) // (count + 1))


def make_entries(files: int, seed: int) -> list[Entry]:
    """Every entry of a ``files``-file corpus, deterministic for ``seed``, in path order."""
    rng = random.Random(seed)
    mix = Mix.of(files)
    slots = _checkin_days(mix.checkins)
    start = slots[0][0] - timedelta(days=7)
    ids = _goal_ids(rng, mix.goals)
    goals = [_goal(rng, i, ids, start) for i in range(mix.goals)]
    span = max(1, (LAST_CHECKIN - start).days)
    checkins = [_checkin(rng, day, slug, goals, (day - start).days / span)
                for day, slug in slots]
    first = start + timedelta(days=31)
    taken: set[str] = set()
    reflections = [_reflection(rng, _spread(first, LAST_CHECKIN, mix.reflections, i),
                               goals[i % len(goals)], taken) for i in range(mix.reflections)]
    evidence = [_evidence(rng, _spread(start, LAST_CHECKIN, mix.evidence, i),
                          goals[(i * 7) % len(goals)], taken) for i in range(mix.evidence)]
    return sorted(goals + checkins + reflections + evidence, key=lambda e: e.path)


SETTINGS = """title: Benchmark mentorship
mentee: Priya Raman
mentors: [Jordan Ellis, Sam Okafor]
cadence: weekly
timezone: UTC
"""
"""``mentorsite.yml`` of every corpus."""
