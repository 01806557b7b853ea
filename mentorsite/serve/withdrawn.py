"""Entries the last good build published that must not be served any more.

While one file has errors, ``serve`` keeps serving the last good build. An entry that the pair
marks ``private: true`` or deletes meanwhile must still leave the site at once: its page, and
its traces in the lists, the goal pages, the feed and ``data.json``. The last good content,
with those entries left out, is built in its place (see
:meth:`~mentorsite.serve.incremental.LiveBuild.build`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from mentorsite.history.private_versions import is_private_text, marks_private
from mentorsite.model.entries import Mentorship
from mentorsite.read.reread import Reader


class Withdrawn(NamedTuple):
    """Paths of entries to leave out of the last good build's site."""

    private: frozenset[str] = frozenset()
    """Marked private now (their history goes too, as a good build leaves it out)."""
    missing: frozenset[str] = frozenset()
    """Deleted, moved, or no longer readable at all (their history stays, as a good build
    keeps a deleted file's)."""

    def paths(self) -> frozenset[str]:
        return self.private | self.missing


def withdrawn(good: Mentorship, paths: Iterable[str], reader: Reader) -> Withdrawn:
    """Of ``paths`` (the content files changed since the last good build, which read
    ``good``), the entries ``good`` published that the files as ``reader`` last read them
    mark private or no longer hold. A file whose front matter cannot be read now is private if
    its text says so, by the rule the history reads broken versions by
    (:func:`~mentorsite.history.private_versions.is_private_text`): the pair may have marked it
    private and mistyped in the same save."""
    paths = set(paths)
    private, missing = set(), set()
    for entry in good.entries():
        path = entry.file.path
        if entry.private or path not in paths:
            continue
        if not reader.holds(path):
            missing.add(path)
            continue
        document = reader.document(path)
        if document is not None:
            if marks_private(document.meta):
                private.add(path)
            continue
        try:
            text = (reader.root / path).read_bytes()
        except OSError:
            missing.add(path)
            continue
        if is_private_text(text):
            private.add(path)
    return Withdrawn(frozenset(private), frozenset(missing))
