"""What ``review`` asks git of two revisions: the content and settings as they are at a ref
(no checkout), the paths changed or renamed between two, where a pull request would start,
and the commit a ref names, refusing one git would take for an option."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from mentorsite.diagnostics import did_you_mean
from mentorsite.history.command import (
    CONTENT_OF_ITS_OWN,
    ORDER_AS_GIT,
    RENAME_LIMIT,
    GitFailed,
    HistoryError,
    NoBaseError,
    RevisionError,
    check_revision,
    decode,
    describe,
    first_line,
    git_or_fail,
    no_commits,
    run_git,
    why_unreadable,
)
from mentorsite.history.log import read_blobs


def read_trees(root: Path, *refs: str) -> list[dict[str, bytes]]:
    """``mentorsite.yml`` and every content file as they are at each of ``refs``, by path from
    the source folder: one ``ls-tree`` a ref and one ``cat-file --batch`` for them all, no
    checkout. A pull request's two sides share nearly every file, and a ``cat-file`` a side
    sent the same blobs through git twice (0.38 of review's 3.1 CPU s on the 5,000-file
    benchmark corpus, with one file changed)."""
    git = git_or_fail()
    listings: list[dict[str, str]] = []
    prefix: str | None = None
    for ref in refs:
        check_revision(ref)
        try:
            prefix = describe(git, root)[0] if prefix is None else prefix
            listings.append(_listing(git, root, prefix, ref))
        except GitFailed as exc:
            raise HistoryError(f"cannot read '{ref}': {first_line(exc)}") from None
    try:
        wanted = sorted({blob for paths in listings for blob in paths.values()})
        blobs = read_blobs(git, root, wanted)
    except GitFailed as exc:  # a partial clone out of its remote's reach: nothing to compare
        raise NoBaseError(f"cannot read '{refs[0]}': {first_line(exc)}") from None
    return [{path: blobs[blob] for path, blob in paths.items() if blob in blobs}
            for paths in listings]


def _listing(git: str, root: Path, prefix: str, ref: str) -> dict[str, str]:
    """The blob id of each content file and of the settings at ``ref``, by path from the
    source folder."""
    listing = run_git(git, root, "ls-tree", "-r", "-z", "--full-name", ref, "--",
                      f":/{prefix}content", f":/{prefix}mentorsite.yml")
    paths: dict[str, str] = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, blob = meta.decode("ascii").split(" ")
        path = decode(name)
        if kind == "commit" and path == f"{prefix}content":
            raise NoBaseError(f"cannot read '{ref}': {CONTENT_OF_ITS_OWN}, and to review it")
        if kind == "blob" and mode != "120000" and path.startswith(prefix):
            paths[path[len(prefix):]] = blob
    return paths


def changed_paths(root: Path, base: str, head: str | None) -> list[str]:
    """Content and settings paths that differ between ``base`` and ``head`` (None: the working
    tree, untracked files included)."""
    git = git_or_fail()
    for ref in (base, head):
        check_revision(ref)
    try:
        prefix, _, _ = describe(git, root)
        scope = ["--", f":/{prefix}content", f":/{prefix}mentorsite.yml"]
        names = run_git(git, root, "diff", "--name-only", "-z", "--no-renames", ORDER_AS_GIT, base,
                        *([head] if head else []), *scope)
        if head is None:
            names += run_git(git, root, "ls-files", "-z", "--others", "--exclude-standard",
                             "--full-name", *scope)
    except GitFailed as exc:
        raise HistoryError(f"cannot compare with '{base}': {first_line(exc)}") from None
    found = {decode(n) for n in names.split(b"\0") if n}
    return sorted(p[len(prefix):] for p in found if p.startswith(prefix))


def renamed_paths(root: Path, base: str, head: str | None) -> list[tuple[str, str, bool]]:
    """The content files git finds renamed or copied between ``base`` and ``head`` (None:
    the working tree), as (old path, new path, whether it is a copy), by path from the
    source folder: what a file is private under, it is under its other name too. With the
    log's :data:`~mentorsite.history.command.RENAME_LIMIT`: under ``diff.renameLimit=1`` a
    branch renaming two edited files, one marked private, had it removed under its old name
    in the review."""
    git = git_or_fail()
    try:
        prefix, _, _ = describe(git, root)
        out = run_git(git, root, "diff", "--name-status", "-z", "-M", "-C", RENAME_LIMIT,
                      ORDER_AS_GIT, base, *([head] if head else []), "--", f":/{prefix}content")
    except GitFailed as exc:
        raise HistoryError(f"cannot compare with '{base}': {first_line(exc)}") from None
    fields = [decode(field) for field in out.split(b"\0")]
    pairs, at = [], 0
    while at < len(fields) and fields[at]:
        status = fields[at]
        if status[:1] in ("R", "C"):
            old, new = fields[at + 1], fields[at + 2]
            if old.startswith(prefix) and new.startswith(prefix):
                pairs.append((old[len(prefix):], new[len(prefix):], status[:1] == "C"))
            at += 3
        else:
            at += 2
    return pairs


class DefaultBase(NamedTuple):
    """Where :func:`default_base` found a pull request to start."""

    commit: str
    """The merge base, in full."""
    branch: str
    """The branch it is on, as found (``main``, ``origin/trunk``): the commit's id alone,
    at the head of a review, told the pair nothing of what it was compared with."""


def default_base(root: Path, head: str | None = None) -> DefaultBase:
    """Where a pull request would start: the merge base of ``head`` (HEAD when None) with
    the branch it is for (GitHub Actions names it in ``GITHUB_BASE_REF`` on a pull request's
    run), else with the default branch. ``review --head pr`` run on main compared the pull
    request with main as it is, the changes main had made since read as the request's."""
    git = git_or_fail()
    tip = commit_of(root, head) if head else "HEAD"
    target = os.environ.get("GITHUB_BASE_REF", "").strip()
    wanted = [f"origin/{target}", target] if target and not target.startswith("-") else []
    if wanted and all(_commit_id(git, root, name) is None for name in wanted):
        raise NoBaseError(f"GITHUB_BASE_REF names the branch '{target}', which this clone "
                           "does not have: fetch it (actions/checkout with 'fetch-depth: 0'), "
                           "or pass --base REF")
    # The branch named is the one: where the head does not meet it (a shallow clone), a
    # guess such as origin/HEAD, which may be the pull request's own branch, is no answer.
    for branch in wanted or ["origin/HEAD", "origin/main", "origin/master", "main", "master"]:
        try:
            return DefaultBase(run_git(git, root, "merge-base", tip, branch).decode().strip(),
                               branch)
        except GitFailed:
            continue
    raise NoBaseError(_why_no_base(git, root))


def _why_no_base(git: str, root: Path) -> str:
    """Why :func:`default_base` found nothing: run outside a repository, or before its first
    commit, no branch would do, and passing one would not help."""
    try:
        _, shallow, _ = describe(git, root)
    except GitFailed as exc:
        return _review_cannot(exc)
    try:
        run_git(git, root, "rev-parse", "--verify", "-q", "HEAD")
    except GitFailed:
        return f"{no_commits(git, root)}: review compares two commits"
    if shallow:  # the branches are there, but not the commit where they part
        return ("this is a shallow clone, so where the branch started cannot be found: in "
                "GitHub Actions use actions/checkout with 'fetch-depth: 0', or pass --base REF")
    return "no default branch to compare with: pass --base REF"


def _review_cannot(exc: GitFailed) -> str:
    """Why ``review`` has no commits to compare, git refusing to describe the source folder."""
    return f"{why_unreadable(exc)}: review compares two commits"


def commit_of(root: Path, ref: str) -> str:
    """The commit ``ref`` names, as its id, so both sides of a review stay what they were when
    it began. A tree or file (``HEAD:content``) is refused: read as the root of the
    repository, it made every entry look removed."""
    git = git_or_fail()
    check_revision(ref)
    found = _commit_id(git, root, ref)
    if found is not None:
        return found
    try:
        run_git(git, root, "rev-parse", "--verify", "-q", ref)
    except GitFailed:  # a CI checkout often holds one branch
        try:
            describe(git, root)
        except GitFailed as exc:
            raise NoBaseError(_review_cannot(exc)) from None
        close = did_you_mean(ref, _ref_names(git, root))
        raise RevisionError(ref, (
            f"this repository has no branch, tag or commit '{ref}'{close}: check the name, or "
            "fetch it first (in GitHub Actions, actions/checkout with fetch-depth: 0)")) from None
    raise RevisionError(ref, f"'{ref}' is not a commit: review compares two commits "
                             "(a branch, a tag or a commit id)")


def _commit_id(git: str, root: Path, ref: str) -> str | None:
    """The id of the commit ``ref`` names, or None where it names none."""
    try:
        named = run_git(git, root, "rev-parse", "--verify", "-q", f"{ref}^{{commit}}")
        return named.decode().strip()
    except GitFailed:
        return None


def _ref_names(git: str, root: Path) -> list[str]:
    """The short names of the repository's branches and tags (``main``, ``origin/main``,
    ``v1``), for a hint; none when git cannot list them."""
    try:
        listed = run_git(git, root, "for-each-ref", "--format=%(refname:short)",
                         "refs/heads", "refs/remotes", "refs/tags")
    except GitFailed:
        return []
    return listed.decode("utf-8", "replace").split()
