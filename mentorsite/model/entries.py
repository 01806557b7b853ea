"""The content model: one typed, immutable definition per kind (SPEC §2).

Each ``*Fields`` class is exactly what a file's front matter may say; it validates input and
produces the JSON Schema that editors use. The domain classes (``Goal``, ``CheckIn`` …) extend
them with what the file's name and body give: identity, path and Markdown text. Nothing here
reads files or knows about HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    model_validator,
)
from pydantic.fields import FieldInfo

from mentorsite.model.field_types import (
    CADENCES,
    MAX_CADENCE,
    TEXT_SCHEMA,
    DoneDate,
    Id,
    IdList,
    IsoDate,
    JsonSchema,
    Link,
    MayBeEmpty,
    Number,
    SiteUrl,
    Text,
    TextList,
    cadence_value,
    distinct_prompts,
    empty_mapping,
    one_or_many,
    timezone_name,
)
from mentorsite.model.language_tag import LANGUAGE_TAG_PATTERN, language_tag

GOAL_STATUSES = ("proposed", "active", "paused", "achieved", "dropped", "pivoted")
CLOSED_STATUSES = ("achieved", "dropped", "pivoted")
"""A goal's statuses once it is over: its deadline no longer counts."""
CHECKIN_STATUSES = ("on-track", "at-risk", "off-track", "blocked", "done")
RISKY_STATUSES = ("at-risk", "off-track", "blocked")
"""What a check-in says of a goal that needs attention."""
DEFAULT_PROMPTS = ("What happened", "Why it mattered", "What I learned", "What changes next")


def _said_by_leaving_empty(field_name: str, field: FieldInfo) -> bool:
    """Whether a key left empty (``status:``) reads as left out, taking its default: an
    optional single value does (content.md §1); a list or mapping left empty is refused, as
    YAML reads it as nothing, not as an empty one; and ``private:`` left empty is refused, as
    taking it for ``false`` would publish what the pair may have meant to keep private."""
    return not (field.is_required() or field.default_factory is not None
                or isinstance(field.default, (tuple, list, dict)) or field_name == "private")


def _allow_empty(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """The JSON Schema's half of :meth:`_Strict._empty_is_left_out`: such a key may be null."""
    for name, field in model.model_fields.items():
        key = field.alias or name
        found = schema.get("properties", {}).get(key)
        if not _said_by_leaving_empty(name, field) or found is None or _takes_null(found):
            continue
        shared = {k: found.pop(k) for k in ("title", "description", "default") if k in found}
        schema["properties"][key] = {"anyOf": [found, {"type": "null"}], **shared}


def _takes_null(schema: dict[str, Any]) -> bool:
    """Whether a property's schema already allows null (``due: IsoDate | None``)."""
    return schema.get("type") == "null" or any(_takes_null(part)
                                                for part in schema.get("anyOf", ()))


class _Strict(BaseModel):
    # Each class's validator is built when it is first used, not at import: ``check`` validates
    # only the settings and the fields of the kinds it finds, and makes the entries and their
    # parts (goals, metrics, next steps …) without validating them again (``constructed``), so
    # eleven of the sixteen validators at least, a sixtieth of its work, were built for nothing
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False,
                              json_schema_extra=_allow_empty, defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_is_left_out(cls, data: Any) -> Any:
        """Drop the optional single values left empty, so that each takes its default (an
        empty ``status:`` is the default ``active``, as an empty ``due:`` is no due date)."""
        if not isinstance(data, dict) or None not in data.values():
            return data
        empty = {field.alias or name for name, field in cls.model_fields.items()
                 if _said_by_leaving_empty(name, field)}
        return {key: value for key, value in data.items()
                if value is not None or key not in empty}


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
        BeforeValidator(one_or_many),
        JsonSchema(
            {"anyOf": [TEXT_SCHEMA, {"type": "array", "items": TEXT_SCHEMA}]}
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

    @property
    def recorded(self) -> bool:
        """Whether it says anything: ``new checkin`` lists every active goal, with nothing."""
        return bool(self.status or self.metrics or self.note)


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
        Id, Annotated[CheckInGoal, BeforeValidator(empty_mapping), MayBeEmpty()]
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

    title: Text = "Mentorship progress"
    mentee: Text | None = None
    mentors: tuple[Text, ...] = ()
    cadence: Annotated[
        int | str,
        BeforeValidator(cadence_value),
        JsonSchema(
            {
                "anyOf": [
                    {"enum": list(CADENCES)},
                    {"type": "integer", "minimum": 1, "maximum": MAX_CADENCE},
                ]
            }
        ),
    ] = "biweekly"
    """weekly, biweekly, monthly, or a number of days: drives check-in health."""
    base_url: SiteUrl | None = None
    timezone: Annotated[str, Strict(), AfterValidator(timezone_name)] = "UTC"
    """An IANA name; it decides what day "today" is."""
    language: Annotated[
        str, Strict(), BeforeValidator(language_tag),
        JsonSchema({"type": "string", "pattern": LANGUAGE_TAG_PATTERN}),
    ] = "en"
    """The language the pair writes in, a BCP 47 tag such as ``de``, ``pt-BR`` or ``zh-Hant``:
    every page's ``<html lang>`` and the feed's ``xml:lang``. The site's own words stay
    English."""
    theme: Id = "default"
    reflection_prompts: Annotated[tuple[Text, ...], AfterValidator(distinct_prompts)] = (
        DEFAULT_PROMPTS)
    programme: Literal["full", "summary", "none"] = "summary"

    @property
    def cadence_days(self) -> int:
        return self.cadence if isinstance(self.cadence, int) else CADENCES[self.cadence]


class SourceFile(BaseModel):
    """Where an entry came from; kept apart from what the entry says."""

    model_config = ConfigDict(frozen=True, defer_build=True)  # as _Strict's: built, never validated

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
        metrics, by_id = self.metric_table
        if metrics is not self.metrics:  # a model_copy with other metrics brought ours along
            del self.__dict__["metric_table"]
            metrics, by_id = self.metric_table
        return by_id.get(metric_id)

    @cached_property
    def metric_table(self) -> tuple[tuple[Metric, ...], dict[str, Metric]]:
        """The metrics, and the metrics by id (the first of a repeated id), made on the first
        look-up: a check-in page looks up each of its readings, which a scan of the metrics
        each time made quadratic in a goal's metrics (2,000 metrics: 12,000 scans, a second
        and a half). ``model_copy`` copies it with the rest, so :meth:`metric` checks that
        it is of these metrics."""
        return self.metrics, {metric.id: metric for metric in reversed(self.metrics)}


class CheckIn(CheckInFields):
    """A check-in, as validated; ``date`` is always known."""

    file: SourceFile
    date: date

    @property
    def slug(self) -> str:
        return self.file.slug

    @property
    def steps_undone(self) -> bool:
        """Whether a next step is not done: an older check-in's page then points to the
        dashboard. Asked here, where ``checkin.next|rejectattr("done")|list`` in the template
        cost each check-in page about a twentieth of its rendering."""
        return any(not step.done for step in self.next)


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
