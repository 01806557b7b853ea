"""The pages that show history: ``history/``, one page per commit, and goal revision pages.

Also what every entry page is told about its own history. Routing for these pages lives here;
everything shown comes from :class:`~mentorsite.history.evolution.Evolution`, which holds nothing
private.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cached_property, partial

from mentorsite.history.body_diffs import body_diff
from mentorsite.history.evolution import Evolution, FileHistory, Revision
from mentorsite.history.field_changes import FieldChange, meaning
from mentorsite.history.version_read import Version
from mentorsite.kept import Kept
from mentorsite.model.entries import Goal
from mentorsite.model.insights import GoalView, Insights, url_of
from mentorsite.pages.page import Page, paged
from mentorsite.read.names import KIND_FOLDERS
from mentorsite.text import count

SHALLOW_FIX = (
    "this is a shallow clone, so history before its first commit is missing; in GitHub "
    "Actions use actions/checkout with 'fetch-depth: 0'"
)


def sparse_note(folders: tuple[str, ...]) -> str:
    """What a sparse checkout that leaves out the content files in ``folders`` costs the
    site, and its fix: said by the build and by ``check``, which otherwise read those files
    as never written."""
    return (f"this checkout is sparse and leaves out content files in {', '.join(folders)}, "
            "so they are not read: run 'git sparse-checkout disable' to read them all")


SESSIONS_PER_PAGE = 50
"""Review sessions on one history page: a long history is split into pages, newest first, so
no page grows with the repository."""
REVISIONS_ON_GOAL = 20
"""The newest revisions a goal's page shows itself; the rest are on its list of revisions
(:func:`revisions_url`). A goal revised 2,000 times in three years made a page of 6.4 MB,
every revision's diff inline, that a phone took seconds to open and a printer 500 pages."""
REVISIONS_PER_PAGE = 50
"""Revisions on one page of a goal's list of them, newest first."""


class Comparison:
    """A goal revision set against another version: what changed in meaning and in words.

    Worked out when first asked for (``work`` gives both): a build makes every revision page
    before it forks its render workers, and the worker that writes the page works it out,
    beside the others, where the build's serial stretch worked out every goal revision's
    twice (a third of its history pages' instructions on the 5,000-file benchmark corpus).
    Equal when what was worked out is: ``serve`` renders a revision page again only when it
    shows something else."""

    def __init__(self, work: Callable[[], tuple[tuple[FieldChange, ...], tuple[str, ...]]]
                 ) -> None:
        self._work = work

    @cached_property
    def _worked(self) -> tuple[tuple[FieldChange, ...], tuple[str, ...]]:
        return self._work()

    @property
    def changes(self) -> tuple[FieldChange, ...]:
        return self._worked[0]

    @property
    def diff(self) -> tuple[str, ...]:
        return self._worked[1]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Comparison):
            return NotImplemented
        return self is other or self._worked == other._worked

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        """What it holds, as a theme printing ``{{ to_current }}`` shows it (the object's
        address would differ from build to build)."""
        return f"Comparison(changes={self.changes!r}, diff={self.diff!r})"


WITHHELD = "its past versions are not published"
"""Said on the page of an entry whose history is withheld (private in an earlier commit): its
page showed no dates and no word of why. It does not say why, which would tell readers that it
once was private."""


def own_notes(notes: list[str], path: str, evolution: Evolution | None) -> list[str]:
    """``notes``, led by :data:`WITHHELD` for a file whose history is withheld."""
    return [WITHHELD, *notes] if evolution is not None and path in evolution.withheld else notes


def history_notes(evolution: Evolution | None) -> list[str]:
    """What the site cannot show, each with its fix: printed as warnings and shown on pages."""
    if evolution is None:
        return ["history is off (--no-history)"]
    notes = []
    if evolution.problem:
        notes.append(evolution.problem)
    if evolution.shallow:
        notes.append(SHALLOW_FIX)
    if evolution.left_out:
        notes.append(sparse_note(evolution.left_out))
    if evolution.uncommitted:
        notes.append(
            f"{count(len(evolution.uncommitted), 'content file')} with uncommitted changes: "
            "their latest edits show as 'not committed yet'"
        )
    return notes


def entry_urls(insights: Insights, last: object = None) -> dict[str, str]:
    """Published entries by file path → their page URL; ``last`` itself if it is the same
    (``serve``, after an edit: made again, 5,000 new strings and a dict of them were 470 KB
    at the peak of a rebuild on the 5,000-file benchmark corpus, held beside the last build's
    until its end; the same object also spares comparing them)."""
    model = insights.model
    if (isinstance(last, dict) and len(last) == len(model.goals) + len(model.checkins)
            + len(model.reflections) + len(model.evidence)
            and all(last.get(path) == url for path, url in _urls(insights))):
        return last
    return dict(_urls(insights))


def _urls(insights: Insights) -> Iterator[tuple[str, str]]:
    """Each published entry's file path and page URL, one at a time (compared with the last
    build's, none is held)."""
    model = insights.model
    yield from ((g.file.path, url_of("goals", g.id)) for g in model.goals)
    yield from ((c.file.path, url_of("checkins", c.slug)) for c in model.checkins)
    yield from ((r.file.path, url_of("reflections", r.slug)) for r in model.reflections)
    yield from ((e.file.path, url_of("evidence", e.slug)) for e in model.evidence)


def history_pages(
    evolution: Evolution, insights: Insights, kept: Kept[tuple[Page, ...]] | None = None
) -> list[Page]:
    """``history/``, ``history/<sha>/`` and ``goals/<id>/revisions/<sha>/``. With ``kept``
    (``serve``, asking again after each edit), the commit pages of the last call come back,
    as the same objects, while the commits and the entries' URLs are the same."""
    before = kept.sources("commits") if kept is not None else None
    urls = entry_urls(insights, before[2] if before is not None else None)
    notes = history_notes(evolution)
    pages = _index_pages(evolution, notes, urls)
    sources = (evolution.commits, evolution.revisions_by_commit, urls)
    if kept is None:
        pages += _commit_pages(evolution, urls)
    else:
        pages += kept.get("commits", sources, lambda: _commit_pages(evolution, urls))
        kept.done()
    for view in insights.goals:
        history = evolution.files.get(view.goal.file.path)
        if history is not None:
            pages += _revision_pages(view, history)
    return pages


def _index_pages(evolution: Evolution, notes: list[str], urls: dict[str, str]) -> list[Page]:
    """``history/``, then ``history/page/2/``… with :data:`SESSIONS_PER_PAGE` sessions each."""
    pages = []
    for url, chunk, pager in paged(evolution.sessions, SESSIONS_PER_PAGE, "history/"):
        title = "History" if pager.number == 1 else f"History, page {pager.number} of {pager.count}"
        pages.append(Page(url, "history.html", title, {
            # Only the first page says what history cannot show: an uncommitted edit, which
            # changes that, then changes one page, not all of them.
            "sessions": chunk, "history_notes": notes if pager.number == 1 else [],
            "entry_urls": urls, "pager": pager,
        }))
    return pages


def _commit_pages(evolution: Evolution, urls: dict[str, str]) -> tuple[Page, ...]:
    return tuple(
        Page(f"history/{commit.sha}/", "commit.html", commit.subject or commit.sha[:7],
             {"commit": commit, "revisions": evolution.revisions_by_commit.get(commit.sha, ()),
              "entry_urls": urls, "kind_of": kind_of})
        for commit in evolution.commits
    )


def kind_of(path: str) -> str:
    """``goal``, ``check-in``… from a content path: what commit pages call the file, in the
    words the rest of the site uses (``checkin`` is only the kind's key)."""
    parts = path.split("/")
    kind = KIND_FOLDERS.get(parts[1], "file") if len(parts) > 2 else "file"
    return "check-in" if kind == "checkin" else kind


_RECENT_LIMIT = 1024
_recent: dict[tuple[int, int], tuple[Goal, FileHistory, tuple[Page, ...]]] = {}
"""Revision pages made lately, by the identity of the goal and history they show: ``serve``
asks again for every goal's after each edit, mostly for the very same goal and history."""


def _revision_pages(view: GoalView, history: FileHistory) -> list[Page]:
    goal = view.goal
    key = (id(goal), id(history))
    hit = _recent.get(key)
    if hit is None or hit[0] is not goal or hit[1] is not history:
        if len(_recent) >= _RECENT_LIMIT:
            _recent.clear()
        hit = _recent[key] = (goal, history, tuple(_made_revision_pages(goal, history)))
    return list(hit[2])


def _made_revision_pages(goal: Goal, history: FileHistory) -> list[Page]:
    """A page per revision that can be compared, and, for a goal revised more often than its
    page shows, the list of all its revisions (:func:`revision_list_pages`)."""
    current = (history.revisions[0].versions.shown(goal.file.meta, goal.file.body)
               if history.revisions else Version(goal.file.meta, goal.file.body))
    pages = revision_list_pages(goal, history)
    for revision in history.revisions:
        after = revision.after
        if after is None:
            continue
        pages.append(
            Page(
                revision_url(goal.id, revision),
                "revision.html",
                f"{goal.title} at {revision.commit.date.date().isoformat()}",
                {
                    "goal": goal,
                    "revision": revision,
                    "to_previous": Comparison(partial(_to_previous, revision)),
                    "to_current": Comparison(partial(_to_current, revision, after, current)),
                },
            )
        )
    return pages


def revision_url(goal_id: str, revision: Revision) -> str:
    return f"goals/{goal_id}/revisions/{revision.commit.sha}/"


def revisions_url(goal_id: str) -> str:
    """The first page of a goal's list of every revision (a commit id is never ``page``)."""
    return f"goals/{goal_id}/revisions/"


def goal_revisions(goal_id: str, history: FileHistory | None) -> list[tuple[Revision, str]]:
    """A goal's revisions, newest first, each with the URL of its page."""
    revisions = history.revisions if history else ()
    return [(revision, revision_url(goal_id, revision)) for revision in revisions]


def revision_list_pages(goal: Goal, history: FileHistory) -> list[Page]:
    """``goals/<id>/revisions/`` and its older pages, :data:`REVISIONS_PER_PAGE` revisions
    each, when the goal has more than its page shows (:data:`REVISIONS_ON_GOAL`); none else."""
    if len(history.revisions) <= REVISIONS_ON_GOAL:
        return []
    title = f"How {goal.title} evolved"
    return [Page(url, "goal_revisions.html",
                 title if pager.number == 1 else f"{title}, page {pager.number} of {pager.count}",
                 {"goal": goal, "revisions": chunk, "total": len(history.revisions),
                  "pager": pager})
            for url, chunk, pager in paged(goal_revisions(goal.id, history), REVISIONS_PER_PAGE,
                                           revisions_url(goal.id))]


def _to_previous(revision: Revision) -> tuple[tuple[FieldChange, ...], tuple[str, ...]]:
    """What ``revision`` changed, as :class:`Comparison` holds it."""
    return revision.changes, revision.diff


def _to_current(revision: Revision, after: Version, current: Version
                ) -> tuple[tuple[FieldChange, ...], tuple[str, ...]]:
    """``after``, the version ``revision`` made, set against ``current``, both goals (their
    defaults fill in what each leaves out), as :class:`Comparison` holds it; no changes in
    meaning from a version whose front matter could not be read."""
    changes = () if revision.unreadable else tuple(meaning(after.meta, current.meta, "goal"))
    return changes, tuple(body_diff(after, current))


def target_moves(history: FileHistory | None) -> Mapping[str, list[tuple[Revision, FieldChange]]]:
    """Per metric id, the revisions that moved its target or baseline, oldest first."""
    moves: dict[str, list[tuple[Revision, FieldChange]]] = {}
    if history is None:
        return moves
    for revision in reversed(history.revisions):
        if revision.before is None:
            continue
        for change in revision.changes:
            parts = change.field.split(".")
            if (len(parts) == 3 and parts[0] == "metrics" and parts[2] in ("target", "baseline")
                    and change.before is not None and change.after is not None):
                moves.setdefault(parts[1], []).append((revision, change))
    return moves
