"""The content model: one typed, immutable definition per kind (SPEC §2).

Each ``*Fields`` class is exactly what a file's front matter may say; it validates input and
produces the JSON Schema that editors use. The domain classes (``Goal``, ``CheckIn`` …) extend
them with what the file's name and body give: identity, path and Markdown text. Nothing here
reads files or knows about HTML.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")

GOAL_STATUSES = ("proposed", "active", "paused", "achieved", "dropped", "pivoted")
CHECKIN_STATUSES = ("on-track", "at-risk", "off-track", "blocked", "done")
CADENCES = {"weekly": 7, "biweekly": 14, "monthly": 31}
DEFAULT_PROMPTS = ("What happened", "Why it mattered", "What I learned", "What changes next")


def _iso_date(value: Any) -> date:
    """Accept a YAML date or an ISO ``YYYY-MM-DD`` string; nothing with a time of day."""
    if isinstance(value, datetime):
        raise PydanticCustomError(
            "invalid-date", "must be a date YYYY-MM-DD without a time, got '{value}'",
            {"value": str(value)},
        )
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE_PATTERN.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
        raise PydanticCustomError(
            "invalid-date", "'{value}' is not a real date", {"value": value}
        )
    raise PydanticCustomError(
        "invalid-date", "must be a date YYYY-MM-DD, got '{value}'", {"value": str(value)}
    )


def _done_value(value: Any) -> date | Literal[False]:
    """A milestone's ``done``: false while open, else the date it was done."""
    if value is False or value is None:
        return False
    if value is True:
        raise PydanticCustomError(
            "invalid-date", "must be the date it was done (YYYY-MM-DD), or false", {}
        )
    return _iso_date(value)


def _http_url(value: str) -> str:
    """Only http and https links are published; anything else could run code in a browser."""
    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
    if scheme not in ("http", "https") or "//" not in value:
        raise PydanticCustomError(
            "invalid-link", "link must be an http or https URL, got '{value}'", {"value": value}
        )
    return value


def site_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be the address the site is published at, or None when it can.

    Page paths are appended to it for feeds, the sitemap and canonical links, so it needs a
    host and nothing after its path: a query, a fragment or a space would break every one.
    """
    if not url.lower().startswith(("http://", "https://")):
        return "is not an http or https URL"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "is not a valid URL"
    if not parts.hostname or any(c.isspace() for c in url) or "?" in url or "#" in url:
        return "is not the address of a folder, such as https://example.org/plan/"
    return None


def _site_url(value: str) -> str:
    problem = site_url_problem(value)
    if problem is not None:
        raise PydanticCustomError("invalid-link", "'{value}' {problem}",
                                  {"value": value, "problem": problem})
    return value


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise PydanticCustomError(
            "invalid-value",
            "unknown timezone '{value}': use an IANA name such as Europe/London",
            {"value": value},
        ) from None
    return value


def _one_or_many(value: Any) -> Any:
    """Let ``success: text`` stand for a list of one."""
    return [value] if isinstance(value, str) else value


def _empty_mapping(value: Any) -> Any:
    """Let a check-in list a goal with nothing under it."""
    return {} if value is None else value


def _cadence(value: Any) -> int | str:
    if isinstance(value, str) and value in CADENCES:
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise PydanticCustomError(
        "invalid-value",
        "cadence must be weekly, biweekly, monthly or a whole number of days, got '{value}'",
        {"value": str(value)},
    )


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _printable_text(value: str) -> str:
    """YAML's escapes (``"\\x00"``, ``"\\e"``) let a text hold characters that no page, feed
    or calendar can: HTML and XML forbid them. Tabs and line breaks are text."""
    found = _CONTROL.search(value)
    if found is not None:
        raise PydanticCustomError(
            "invalid-value", "text holds the control character {code}: remove it",
            {"code": f"U+{ord(found.group()):04X}"},
        )
    return value


Text = Annotated[str, Strict(), AfterValidator(_printable_text)]


def _not_blank(value: str) -> str:
    """A name or a heading shown as it is: blank, it shows as nothing (a reflection prompt
    that no heading can match, an attendee with no name)."""
    if not value.strip():
        raise PydanticCustomError("invalid-value", "must not be blank", {})
    return value


Name = Annotated[Text, AfterValidator(_not_blank)]
"""Text of the settings that is shown as a name or a heading."""
Id = Annotated[str, Strict(), StringConstraints(pattern=ID_PATTERN)]
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
IsoDate = Annotated[
    date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})
]
DoneDate = Annotated[
    date | Literal[False],
    BeforeValidator(_done_value),
    WithJsonSchema({"oneOf": [{"const": False}, {"type": "string", "format": "date"}]}),
]
Link = Annotated[
    str, Strict(), AfterValidator(_http_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
]
SiteUrl = Annotated[
    str, Strict(), AfterValidator(_site_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
]
TextList = tuple[Text, ...]
IdList = tuple[Id, ...]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


class Metric(_Strict):
    """A measurable indicator of a goal, read at check-ins."""

    id: Id
    label: Text
    unit: Text | None = None
    baseline: Number = 0
    target: Number
    direction: Literal["up", "down"] | None = None
    """Which way is better; defaults to up when target > baseline."""
    scale: tuple[Number, Number] | None = None
    """``[min, max]`` for ratings; readings outside it are warned about."""

    @property
    def better(self) -> Literal["up", "down"]:
        """The direction in force, explicit or implied by baseline and target."""
        if self.direction:
            return self.direction
        return "up" if self.target > self.baseline else "down"


class Milestone(_Strict):
    """A dated step on the way to a goal."""

    title: Text
    due: IsoDate | None = None
    done: DoneDate = False


class Contingency(_Strict):
    """A planned pivot: if this happens, we do that."""

    when: Text = Field(alias="if")
    then: Text


class GoalFields(_Strict):
    """Front matter of ``content/goals/<id>.md``."""

    title: Text
    status: Literal["proposed", "active", "paused", "achieved", "dropped", "pivoted"] = "active"
    started: IsoDate
    due: IsoDate | None = None
    why: Text | None = None
    """The rationale."""
    outcomes: TextList = ()
    success: Annotated[
        TextList,
        BeforeValidator(_one_or_many),
        WithJsonSchema(
            {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
        ),
    ] = ()
    """Criteria for success (one text or a list)."""
    metrics: tuple[Metric, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    contingency: tuple[Contingency, ...] = ()
    pivoted_to: Id | None = None
    """The goal that replaced this one when ``status`` is ``pivoted``."""
    tags: TextList = ()
    private: Annotated[bool, Strict()] = False


class CheckInGoal(_Strict):
    """What a check-in says about one goal."""

    status: Literal["on-track", "at-risk", "off-track", "blocked", "done"] | None = None
    metrics: dict[Id, Number] = Field(default_factory=dict)
    """Readings: metric id → value."""
    note: Text | None = None


class NextStep(_Strict):
    """A task agreed at a check-in."""

    task: Text
    owner: Text | None = None
    due: IsoDate | None = None
    done: Annotated[bool, Strict()] = False


class CheckInFields(_Strict):
    """Front matter of ``content/checkins/<date>[-<slug>].md``."""

    date: IsoDate | None = None
    """Optional: the file name gives it; if both are given they must agree."""
    attendees: TextList = ()
    goals: dict[
        Id, Annotated[CheckInGoal, BeforeValidator(_empty_mapping)]
    ] = Field(default_factory=dict)
    obstacles: TextList = ()
    adjustments: TextList = ()
    wins: TextList = ()
    next: tuple[NextStep, ...] = ()
    private: Annotated[bool, Strict()] = False


class ReflectionFields(_Strict):
    """Front matter of ``content/reflections/<date>-<slug>.md``."""

    date: IsoDate | None = None
    title: Text
    goals: IdList = ()
    goal: Id | None = None
    """A single goal, for reflections about one goal."""
    milestone: Text | None = None
    private: Annotated[bool, Strict()] = False


class EvidenceFields(_Strict):
    """Front matter of ``content/evidence/<date>-<slug>.md``."""

    date: IsoDate | None = None
    title: Text
    goals: IdList = ()
    kind: Literal["outcome", "feedback", "story", "artifact"] | None = None
    source: Text | None = None
    """Who or where it came from."""
    link: Link | None = None
    rating: Number | None = None
    private: Annotated[bool, Strict()] = False


class Settings(_Strict):
    """``mentorsite.yml``: every key optional, the defaults work."""

    title: Name = "Mentorship progress"
    mentee: Name | None = None
    mentors: tuple[Name, ...] = ()
    cadence: Annotated[
        int | str,
        BeforeValidator(_cadence),
        WithJsonSchema(
            {
                "anyOf": [
                    {"enum": list(CADENCES)},
                    {"type": "integer", "minimum": 1},
                ]
            }
        ),
    ] = "biweekly"
    """weekly, biweekly, monthly, or a number of days: drives check-in health."""
    base_url: SiteUrl | None = None
    timezone: Annotated[str, Strict(), AfterValidator(_timezone)] = "UTC"
    """An IANA name; it decides what day "today" is."""
    theme: Id = "default"
    reflection_prompts: tuple[Name, ...] = DEFAULT_PROMPTS
    programme: Literal["full", "summary", "none"] = "summary"

    @property
    def cadence_days(self) -> int:
        return self.cadence if isinstance(self.cadence, int) else CADENCES[self.cadence]


class SourceFile(BaseModel):
    """Where an entry came from; kept apart from what the entry says."""

    model_config = ConfigDict(frozen=True)

    path: str
    """Relative to the repository root, forward slashes."""
    slug: str
    """The file name without ``.md``: the goal id, or the entry's URL slug."""
    body: str
    """The Markdown after the front matter, as written."""
    body_line: int = 1
    meta: dict[str, Any] = Field(default_factory=dict)
    """A goal's front matter exactly as written, which its earlier versions are compared
    with; empty for other entries, which nothing compares (it would only hold memory)."""


class Goal(GoalFields):
    """A goal, as validated; ``id`` is its file name."""

    file: SourceFile

    @property
    def id(self) -> str:
        return self.file.slug

    def metric(self, metric_id: str) -> Metric | None:
        return next((m for m in self.metrics if m.id == metric_id), None)


class CheckIn(CheckInFields):
    """A check-in, as validated; ``date`` is always known."""

    file: SourceFile
    date: date

    @property
    def slug(self) -> str:
        return self.file.slug


class Reflection(ReflectionFields):
    """A reflection, as validated."""

    file: SourceFile
    date: date

    @property
    def slug(self) -> str:
        return self.file.slug

    @property
    def goal_ids(self) -> tuple[str, ...]:
        """``goals`` and ``goal`` together, in order, once each."""
        ids = (*self.goals, self.goal) if self.goal else self.goals
        return tuple(dict.fromkeys(ids))


class Evidence(EvidenceFields):
    """An evidence entry, as validated."""

    file: SourceFile
    date: date

    @property
    def slug(self) -> str:
        return self.file.slug

    @property
    def goal_ids(self) -> tuple[str, ...]:
        return self.goals


@dataclass(frozen=True)
class Mentorship:
    """Everything a repository says, validated, each list in a stable order."""

    settings: Settings
    goals: tuple[Goal, ...]
    """By id."""
    checkins: tuple[CheckIn, ...]
    """Oldest first, by date then slug."""
    reflections: tuple[Reflection, ...]
    evidence: tuple[Evidence, ...]

    def goals_by_id(self) -> Mapping[str, Goal]:
        return {goal.id: goal for goal in self.goals}

    def entries(self) -> tuple[Goal | CheckIn | Reflection | Evidence, ...]:
        """Every goal, check-in, reflection and evidence entry."""
        return (*self.goals, *self.checkins, *self.reflections, *self.evidence)

    def private_paths(self) -> set[str]:
        """The files marked ``private: true``."""
        return {entry.file.path for entry in self.entries() if entry.private}


FIELDS_BY_KIND: dict[str, type[_Strict]] = {
    "settings": Settings,
    "goal": GoalFields,
    "checkin": CheckInFields,
    "reflection": ReflectionFields,
    "evidence": EvidenceFields,
}
"""The front-matter definition of each kind, by the name ``schema`` takes."""
