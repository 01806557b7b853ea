"""One file's versions in the git history: where a version is read from (the build's own
reading, else git, parsed by :mod:`~mentorsite.history.version_read`), without what it says of
hidden goals. :class:`Versions` works out when asked, from the blobs the history read, what
changed between two of them: in meaning (:mod:`~mentorsite.history.field_changes`) and in words
(:mod:`~mentorsite.history.body_diffs`); :mod:`~mentorsite.history.private_versions` tells
whether one is private.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, TypeVar

from mentorsite.history.body_diffs import body_diff, merge_diff
from mentorsite.history.field_changes import (
    FieldChange,
    defaults_left_out,
    flat_changes,
    flatten,
)
from mentorsite.history.version_read import Version, read_version
from mentorsite.read.load import Fronts

REMEMBERED = 256
"""File versions, and comparisons of two, that a process keeps at once (of each): enough for a
page to find again what it asks for several times, and a version for the next revision of its
file on a nearby page, few enough that rendering thousands of commit pages does not keep every
old version of the site with its diff (a third of what a render worker held)."""

K = TypeVar("K")
V = TypeVar("V")
RevisionKey = tuple[str, str]
"""A revision as (its commit's id, the file's path then)."""


class Versions:
    """File versions by blob id, and what changed between two of them, each worked out when
    asked for; the latest :data:`REMEMBERED` are kept, as the same ones are asked for again
    soon (a version is the "after" of one revision and the "before" of the next).

    The versions in ``shown_again`` (a goal's: its revisions are on its page, on their own
    pages and on their commits' pages, far apart in a build) and what is worked out from them
    are kept for good: each is read, compared and diffed once. They are few.
    """

    def __init__(self, blob: Callable[[str], bytes | None],
                 shown_again: frozenset[str] = frozenset(),
                 hidden_goals: frozenset[str] = frozenset(),
                 fronts: Fronts | None = None,
                 read_ahead: Mapping[str, Version] | None = None) -> None:
        self._version_of, self._shown = _readers(blob, fronts or {}, hidden_goals,
                                                 read_ahead or {})
        """How a version is read, and how a file's version now is shown, without references
        to the ``hidden_goals``: ids of goals that are private (now or in any revision; see
        :func:`without_goals`). ``fronts`` are the files as they are now, as the build read
        them (front matter pickled, body), by blob id (see
        :data:`~mentorsite.read.load.Fronts`): most versions a history shows are these.
        ``read_ahead``: old versions already read, by blob id (see
        :attr:`~mentorsite.history.commits.GitLog.read_ahead`).

        Each revision hands this object to the pages' templates, and a theme can print
        every attribute it reaches: the hidden ids, and the front matter as written (a
        public check-in's notes on a private goal), are held only inside these functions."""
        self.shown_again = shown_again
        self.hides = _digest(hidden_goals)
        """Which goals are hidden, as a digest keyed by this process: what :meth:`__eq__`
        compares, which names none of them."""
        self.earlier: dict[RevisionKey, tuple[str | None, RevisionKey]] = {}
        """By a revision's (commit, path): the revision before it in its file's history that
        made its old version, as that one's old version and (commit, path); filled in by
        :func:`~mentorsite.history.evolution.evolution`. A version whose front matter could not
        be read is passed over along it (see :meth:`changed`)."""
        self.read: dict[str, Version | None] = {}
        self.flat: dict[str, dict[str, str]] = {}
        self.defaulted: dict[tuple[str, str], dict[str, str]] = {}
        """A version's flattened front matter with the defaults it leaves out, by (version,
        kind of entry): itself when it leaves none out."""
        self.changes: dict[tuple[str | None, str | None, str | None,
                                 tuple[str | None, ...]], tuple[FieldChange, ...]] = {}
        self.diffs: dict[tuple[str | None, str | None, tuple[str | None, ...]],
                         tuple[str, ...]] = {}
        self.kept: dict[tuple[int, object], Any] = {}
        """What is worked out from the versions in ``shown_again``, by (the memo it would
        be in otherwise, its key there)."""

    def __eq__(self, other: object) -> bool:
        """Versions of one repository show the same when they hide the same goals (a
        revision's page is the same as long as its blobs and this are)."""
        if not isinstance(other, Versions):
            return NotImplemented
        return self is other or self.hides == other.hides

    def __hash__(self) -> int:
        return hash(self.hides)

    def _get(self, memo: dict[K, V], key: K, make: Callable[[], V], *blobs: str | None) -> V:
        """``memo[key]`` as :func:`_remembered` keeps it, or kept for good when one of
        ``blobs`` is shown again."""
        if self.shown_again.isdisjoint(blobs):
            return _remembered(memo, key, make)
        return self._kept(memo, key, make)

    def _kept(self, memo: dict[K, V], key: K, make: Callable[..., V], *args: Any) -> V:
        """``memo[key]`` kept for good, in :attr:`kept` (made when missing: ``make(*args)``)."""
        where = (id(memo), key)
        if where not in self.kept:
            self.kept[where] = make(*args)
        found: V = self.kept[where]
        return found

    def __call__(self, blob: str | None) -> Version | None:
        """Version ``blob`` (None: no file). The look-up asked for most (every comparison
        asks again for its versions), so it makes no function to read a version it finds."""
        if blob is None:
            return None
        if blob in self.shown_again:
            return self._kept(self.read, blob, self._version_of, blob)
        return _remembered(self.read, blob, self._version_of, blob)

    def shown(self, meta: Mapping[str, Any], body: str) -> Version:
        """A file's version as the build read it now, shown as its old versions are: without
        its references to hidden goals (a pivot to a private goal)."""
        return self._shown(meta, body)

    def flattened(self, blob: str | None, kind: str | None = None) -> Mapping[str, str]:
        """Version ``blob``'s front matter as
        :func:`~mentorsite.history.field_changes.meaning` compares it (None: no file), with the
        defaults of the ``kind`` of entry it is (None: as written), each worked out once for
        both revisions the version is part of."""
        if blob is None:
            return {}

        def flat_of_blob() -> dict[str, str]:
            version = self(blob)
            return flatten(version.meta) if version else {}

        flat = self._get(self.flat, blob, flat_of_blob, blob)
        if kind is None:
            return flat

        def fill_in() -> dict[str, str]:
            version = self(blob)
            left_out = defaults_left_out(version.meta, kind) if version else {}
            return {**flat, **left_out} if left_out else flat

        return self._get(self.defaulted, (blob, kind), fill_in, blob)

    def changed(self, old: str | None, new: str | None, kind: str | None = None,
                revision: RevisionKey | None = None,
                merged_with: tuple[str | None, ...] = ()) -> tuple[FieldChange, ...]:
        """The field changes from version ``old`` to ``new`` (None: no file) of an entry of
        ``kind``, made by ``revision`` (its commit and path); for a merge, ``merged_with``
        are the file's versions in its other parents.

        A merge's change counts only where the merged value is unlike every parent's (the
        merge resolved it, or made it): a target raised on a branch and merged while the
        main line changed the same file is the branch commit's change, and was shown twice,
        on the chart too. A parent without the file, or whose front matter could not be
        read, has no value to compare.

        A version whose front matter could not be read means nothing field by field: a
        revision that broke it shows no field changes, and its pages say that its front
        matter could not be read, beside its diff. Every field "removed" would say the pair
        emptied the goal, when they mistyped it; saying so is what happened, and a mistake
        left in git is easier to find by its commit than by a list of everything. The
        revision that mends it is compared with the last version before that could be read
        (found through :attr:`earlier`), so that it shows what the pair changed across the
        broken one, not every field added.

        Defaults fill in only a comparison of two versions: a file added (or deleted) lists
        the fields as written, not ``private: false`` and every other default beside them."""
        if new is not None and not self.readable(new):
            return ()
        if revision is not None:
            old = self.readable_before(old, revision)
        if old is None or new is None:
            kind = None

        def compare() -> tuple[FieldChange, ...]:
            changes = flat_changes(self.flattened(old, kind), self.flattened(new, kind))
            parents = [self.flattened(blob, kind) for blob in merged_with
                       if blob is not None and self.readable(blob)]
            if not parents:  # no parent to compare with (not a merge): every change stays
                return tuple(changes)
            return tuple(change for change in changes
                         if all(parent.get(change.field) != change.after for parent in parents))

        return self._get(self.changes, (old, new, kind, merged_with), compare,
                         old, new, *merged_with)

    def readable(self, blob: str) -> bool:
        """Whether version ``blob``'s front matter could be read (one missing is no version
        to say it could not)."""
        version = self(blob)
        return version is None or version.readable

    def closed(self, blob: str) -> bool:
        """Whether version ``blob``'s front matter is closed, so that its text is known (one
        missing is no version to say it is not)."""
        version = self(blob)
        return version is None or version.closed

    def readable_before(self, old: str | None, revision: RevisionKey,
                        good: Callable[[str], bool] | None = None) -> str | None:
        """``old``, the version ``revision`` changed, or when its front matter could not be
        read (or is not ``good``) the latest one before it that could (None: there is none)."""
        good = good or self.readable
        seen = {revision}
        while old is not None and not good(old):
            found = self.earlier.get(revision)
            if found is None or found[1] in seen:
                return None
            old, revision = found
            seen.add(revision)
        return old

    def diff(self, old: str | None, new: str | None,
             merged_with: tuple[str | None, ...] = (),
             revision: RevisionKey | None = None) -> tuple[str, ...]:
        """The body's diff lines from version ``old`` to ``new``, made by ``revision`` (its
        commit and path); for a merge, only the lines unlike every parent's (``merged_with``:
        its other parents' versions, see :func:`~mentorsite.history.body_diffs.merge_diff`), as
        :meth:`changed` counts its fields.

        A version whose front matter does not open and close has no text to compare: a
        commit that only dropped the closing ``---`` showed every line of the text removed,
        and the one that put it back every line added; one that dropped the opening ``---``
        showed the front matter as text, with what it said of private goals. The first has no
        diff (its pages say why), and the second is compared with the last version before
        whose text is known, as :meth:`changed` does with the fields."""
        if new is not None and not self.closed(new):
            return ()
        if revision is not None:
            old = self.readable_before(old, revision, self.closed)

        def make() -> tuple[str, ...]:
            if not merged_with:
                return tuple(body_diff(self(old), self(new)))
            return tuple(merge_diff(self(old), self(new), [self(b) for b in merged_with]))

        return self._get(self.diffs, (old, new, merged_with), make, old, new, *merged_with)

    def took_only(self, old: str | None, new: str | None, kind: str | None,
                  merged_with: tuple[str | None, ...]) -> bool:
        """Whether a merge's change from version ``old`` (its first parent's) to ``new``
        holds nothing unlike every parent (``merged_with``: the others'): no field and no
        line of its body that one of them did not have already, so it only took what they
        made. A version whose front matter could not be read is something to show, and so
        is the first parent's: what it is compared with is then found along :attr:`earlier`,
        which is not known yet when this is asked."""
        if any(blob is not None and not self.readable(blob) for blob in (old, new)):
            return False
        return not self.changed(old, new, kind, None, merged_with) and not self.diff(
            old, new, merged_with)


def _remembered(memo: dict[K, V], key: K, make: Callable[..., V], *args: Any) -> V:
    """``memo[key]``, made when missing (``make(*args)``); past :data:`REMEMBERED` entries the
    least recently asked for goes."""
    value: V = memo.pop(key, _MISSING)
    if value is _MISSING:
        value = make(*args)
        if len(memo) >= REMEMBERED:
            del memo[next(iter(memo))]
    memo[key] = value  # now the most recent
    return value


_MISSING: Any = object()
"""What a memo holds for a key it does not hold (a version can be None: no file)."""


_ENDINGS = {"LF": "LF (Unix)", "CRLF": "CRLF (Windows)", "CR": "CR (classic Mac)",
            "mixed": "a mix of kinds"}


def stored_change(before: Version | None, after: Version | None) -> str | None:
    """What changed in how the text is stored, its line ends and byte-order mark, said where
    the text's diff would be: git counts such a commit as a change, and its page said
    "Changed" beside "The text did not change", with nothing to show what did. None when
    neither changed (or a side is missing: the file was added or deleted)."""
    if before is None or after is None:
        return None
    said = []
    if before.endings != after.endings and before.endings and after.endings:
        said.append(f"its line endings changed from {_ENDINGS[before.endings]} "
                    f"to {_ENDINGS[after.endings]}")
    if before.bom != after.bom:
        said.append(f"a byte-order mark was {'added at' if after.bom else 'removed from'} "
                    "its start")
    return "; ".join(said) or None


def version_of(blob_id: str, blob: Callable[[str], bytes | None], fronts: Fronts,
               read: Mapping[str, Version] | None = None) -> Version | None:
    """Version ``blob_id`` as written: from ``fronts`` when the build read it from the
    working tree, else as ``read`` already
    (:attr:`~mentorsite.history.commits.GitLog.read_ahead`) or from git
    (``blob``); None when none has it."""
    known = fronts.get(blob_id)
    if known is not None:
        return Version(pickle.loads(known[0]), known[1])
    found = read.get(blob_id) if read else None
    return found if found is not None else read_version(blob(blob_id))


def said(version: Version) -> frozenset[str]:
    """Every word ``version`` says, in its body and in its front matter's fields and values:
    to tell what two files have in common, word by word, so that a line of one copied into
    the other and then changed still counts."""
    flat = flatten(version.meta)
    return frozenset(_WORD.findall(" ".join([version.body, *flat, *flat.values()])))


_WORD = re.compile(r"\w+")


_DIGEST_KEY = os.urandom(32)
"""Keys :func:`_digest` in this process (and the workers it forks): a digest of guessable
goal ids made without a secret key could be matched by trying ids."""


def _digest(ids: frozenset[str]) -> str:
    """A digest of ``ids`` that tells two sets apart and names none of them."""
    return hashlib.blake2b("\0".join(sorted(ids)).encode(), key=_DIGEST_KEY).hexdigest()


def _readers(blob: Callable[[str], bytes | None], fronts: Fronts, hidden: frozenset[str],
             ahead: Mapping[str, Version]
             ) -> tuple[Callable[[str], Version | None],
                        Callable[[Mapping[str, Any], str], Version]]:
    """For :class:`Versions`: reading version ``blob`` (from ``fronts`` when the build read
    it, else as read ``ahead`` or from git), and showing a version read now, each without
    what it says about the ``hidden`` goals. Closures, so that ``fronts`` as written, the
    versions read ``ahead`` and ``hidden`` are no attribute a template can reach."""

    def read(blob_id: str) -> Version | None:
        version = version_of(blob_id, blob, fronts, ahead)
        if version is None:
            return None
        meta = without_goals(version.meta, hidden)
        return version if meta is version.meta else replace(version, meta=meta)

    def shown(meta: Mapping[str, Any], body: str) -> Version:
        return Version(without_goals(meta, hidden), body)

    return read, shown


def without_goals(meta: Mapping[str, Any], hidden: frozenset[str]) -> Mapping[str, Any]:
    """``meta`` without what it says about the ``hidden`` goals: a check-in's readings and
    notes of them, their ids in a reflection's or evidence's goal list, a pivot to one.

    Old versions of public files are shown field by field on commit and revision pages; the
    published model leaves the same references out (:mod:`mentorsite.model.publish`), and so must
    they. ``meta`` itself comes back when it names no hidden goal.
    """
    if not hidden:
        return meta
    update: dict[str, Any] = {}
    goals = meta.get("goals")
    if isinstance(goals, Mapping) and not hidden.isdisjoint(goals):
        update["goals"] = {key: value for key, value in goals.items() if key not in hidden}
    elif isinstance(goals, list) and any(item in hidden for item in goals if type(item) is str):
        update["goals"] = [item for item in goals if type(item) is not str or item not in hidden]
    for key in ("goal", "pivoted_to"):
        if type(meta.get(key)) is str and meta[key] in hidden:
            update[key] = None
    if not update:
        return meta
    return {key: update.get(key, value) for key, value in meta.items()
            if not (key in update and update[key] is None)}
