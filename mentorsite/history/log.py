"""Read the repository's git history for the site: the commits and the versions of files.

Three cheap calls describe the repository (where it is, whether it is shallow, what is
uncommitted), then ONE ``git log`` lists every commit that touched ``content/`` with its changed
files and blob ids, and ONE ``git cat-file --batch`` reads every old file version by blob id
(a build leaves out the versions checked out, which it reads from the working tree anyway, and
reads in one more ``cat-file`` any it did not find there: :func:`read_missing`). No subprocess
runs per file or per commit. When git is missing, the folder is not a repository
or it has no commits, the result says so and the build goes on without history. What git prints
is read by :mod:`mentorsite.history.parse`.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Container, Mapping
from pathlib import Path
from typing import IO

from mentorsite.git_environment import git_environment
from mentorsite.history import cache as history_cache
from mentorsite.history import mailmap
from mentorsite.history import parse as history_parse
from mentorsite.history.command import (
    CONTENT_OF_ITS_OWN,
    OPTIONS,
    ORDER_AS_GIT,
    RENAME_LIMIT,
    GitFailed,
    HistoryError,
    describe,
    first_line,
    git_or_fail,
    no_commits,
    run_git,
    start_git,
    why_unreadable,
    without_path,
)
from mentorsite.history.commits import Commit, GitLog, WorkingTree
from mentorsite.history.repository import boundary, read_mailmap, source_prefix
from mentorsite.history.sparse import sparse_left_out
from mentorsite.read.files import Oversized


def read_history(root: Path, cache: Path | None = None, *, newest: bool = True) -> GitLog:
    """Everything :mod:`mentorsite.history.evolution` needs, from a handful of git calls.

    With a ``cache`` file, a rebuild reads only the commits made since the cached one (or
    nothing at all when HEAD has not moved); shallow clones are never cached. ``newest=False``
    leaves out the newest version of each file the log names (see :func:`_stream`): the
    caller reads the working tree, and :func:`read_missing` reads what it did not find there.
    Otherwise every version is read, those a cache lacks included.
    """
    git = shutil.which("git")
    if git is None:
        return GitLog(problem="git is not installed, so the site shows no history")
    try:
        prefix, listing, sparse = describe(git, root)
    except GitFailed as exc:
        return GitLog(problem=why_unreadable(exc))
    if (root / "content" / ".git").exists():
        return GitLog(problem=CONTENT_OF_ITS_OWN)
    shallow = listing is not None
    try:
        head = run_git(git, root, "rev-parse", "--verify", "-q", "HEAD").decode().strip()
    except GitFailed:
        return GitLog(problem=no_commits(git, root))
    people, people_key = read_mailmap(root, prefix)
    cached = (history_cache.load(cache, prefix, people_key) if cache and not shallow
              else None)
    if cached and cached.head == head:
        commits, blobs = cached.commits, cached.blobs
    else:
        since = cached.head if cached and _is_ancestor(git, root, cached.head) else None
        known = cached.blobs if since and cached else {}
        try:
            new, blobs = _log_and_blobs(git, root, _log_args(prefix, since, head), prefix,
                                        people, known, newest)
        except GitFailed as exc:
            return GitLog(problem="git could not read the history: "
                                  + without_path(first_line(exc)))
        commits = new + (cached.commits if since and cached else ())
        blobs = {**known, **blobs}
        if cache and not shallow:
            history_cache.save(cache, prefix, people_key,
                               history_cache.CachedLog(head, commits, blobs))
    tree = _working_tree(git, root, prefix)
    log = GitLog(commits, blobs, tree.uncommitted, shallow, renamed=tree.renamed,
                 boundary=boundary(listing) if listing else frozenset(),
                 left_out=sparse_left_out(git, root, prefix, sparse))
    # A cache a build saved lacks the versions the build left to its working tree.
    return read_missing(root, log) if newest and cached else log


def uncommitted_files(
    root: Path, prefix: str | None = None
) -> Callable[[], WorkingTree]:
    """Start asking git which content files have changes it has not recorded (what
    :func:`read_history` puts in ``GitLog.uncommitted`` and ``GitLog.renamed``); calling the
    result waits for the answer. ``serve`` reads the content meanwhile, while git looks at the
    working tree, and passes the :func:`source_prefix` it asked once."""
    git = shutil.which("git")
    if git is None:
        return WorkingTree
    if prefix is None:
        prefix = source_prefix(root)
        if prefix is None:
            return WorkingTree
    process = subprocess.Popen(
        [git, *OPTIONS, *_status_args(prefix)],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=git_environment(root),
    )

    def answer() -> WorkingTree:
        out, _ = process.communicate()
        return (history_parse.working_tree(out, prefix) if process.returncode == 0
                else WorkingTree())

    return answer


def _is_ancestor(git: str, root: Path, sha: str) -> bool:
    """Whether ``sha`` is still in HEAD's past (not after a rebase or a force push)."""
    try:
        run_git(git, root, "merge-base", "--is-ancestor", sha, "HEAD")
    except GitFailed:
        return False
    return True


def read_missing(root: Path, log: GitLog, have: Container[str] = frozenset()) -> GitLog:
    """``log`` with the versions its commits name that it lacks and ``have`` does not hold
    read into it, in one ``cat-file --batch`` (none when nothing is missing).

    After :func:`read_history` with ``newest=False`` these are the versions it left to the
    working tree that the build did not find there as committed (a file edited since, or
    normalised on reading); from a cache a build saved, all it left. Versions git does not
    have (a shallow clone) stay missing, as they do in :func:`read_history`. If git fails,
    the history is a problem, never a version silently left out: a missing version cannot say
    that it was private.
    """
    wanted = dict.fromkeys(blob for commit in log.commits
                           for blob in history_parse.blob_ids(commit)
                           if blob not in log.blobs and blob not in have)
    if not wanted:
        return log
    try:
        log.blobs.update(read_packed(root, list(wanted)))
    except (GitFailed, HistoryError) as exc:
        return GitLog(problem=unread_versions(exc))
    return log


def read_packed(root: Path, ids: list[str]) -> dict[str, bytes]:
    """The versions ``ids`` as :attr:`GitLog.blobs` holds them, in one ``cat-file --batch``
    (any git does not have left out); raises :class:`GitFailed` or :class:`HistoryError`."""
    found = read_blobs(git_or_fail(), root, ids)
    return {blob: history_parse.pack(history_parse.TOO_LARGE if isinstance(text, Oversized)
                                     else text) for blob, text in found.items()}


def unread_versions(exc: Exception) -> str:
    """What is said when git fails to give the old file versions asked of it."""
    return "git could not read the old file versions: " + without_path(first_line(exc))


def _log_args(prefix: str, since: str | None = None, head: str = "HEAD") -> list[str]:
    """One log of every commit with its changed files and blob ids, and each merge's files
    that are unlike every parent's (``-c``: a conflict resolved, where a file can be marked
    private in no other commit), up to ``head``: the commit :func:`read_history` asked for
    and saves the log under. A log of whatever HEAD was when git got to it held a commit
    made in between (one saved while ``serve`` or a build started), cached under the HEAD
    before it; every later read took it for new again, and the history listed it twice.

    Renames and copies (``-C``): a file added as a copy of one the same commit changed (a
    squash merge of two renames of one file leaves both names) is withheld with it. Copies
    of files the commit left alone (``--find-copies-harder``) would cost 277 s on the
    5,000-commit corpus, against 0.46 s.

    No pathspec: limiting git to ``content/`` makes it simplify history per path, which costs
    more than the whole log; the files outside ``content/`` are dropped while parsing instead.

    ``--root`` and ``--no-relative`` undo settings a person may have that change the log:
    ``log.showRoot=false`` listed the first commit without its files (every file then read as
    created by its first edit, the first commit shown as changing nothing), and
    ``diff.relative=true`` cut the paths to the source folder, so a mentorship in a folder of
    a larger repository had no history at all, and no word why. ``--encoding=UTF-8``: under
    ``i18n.logOutputEncoding=gbk`` (advice often given for a Windows console) names and
    messages came in GBK, read here as Latin-1, and '王小明' was published as 'ÍõÐ¡Ã÷'.
    ``-O/dev/null`` (git's own way to cancel ``diff.orderFile``): a person's order file (goals
    first, say) reordered each commit's files, so the commit pages and ``data.json`` built on
    their machine, or from a history cache it saved, differed from CI's.
    """
    return [
        "log", "-z", "--raw", "-c", "--combined-all-paths", "--no-abbrev", "-C", RENAME_LIMIT,
        ORDER_AS_GIT, "--no-color",
        "--no-ext-diff", "--no-textconv", "--root", "--no-relative", "--encoding=UTF-8",
        f"--format={history_parse.FORMAT}",
        f"{since}..{head}" if since else head, "--",
    ]


def _log_and_blobs(
    git: str, root: Path, log_args: list[str], prefix: str, people: mailmap.Mailmap,
    known: Mapping[str, bytes], newest: bool = True,
) -> tuple[tuple[Commit, ...], dict[str, bytes]]:
    """The commits of one ``git log`` and every file version they name, read side by side.

    Each blob id goes to ``git cat-file --batch`` as soon as the log names it, so listing the
    commits, parsing them and reading old versions overlap (two git processes, two cores)
    instead of following one another. Blobs in ``known`` are not read again.
    """
    # Each stderr goes to a file: warnings repeated per commit could fill a pipe.
    with tempfile.TemporaryFile() as errors, tempfile.TemporaryFile() as batch_errors:
        log = start_git(git, root, log_args, stdin=subprocess.DEVNULL, stderr=errors)
        batch = start_git(git, root, ["cat-file", "--batch", "--buffer"],
                          stdin=subprocess.PIPE, stderr=batch_errors)
        commits, blobs = _stream(log, batch, prefix, people, set(known), newest)
        if log.returncode != 0:
            errors.seek(0)
            said = errors.read().decode("utf-8", "replace")
            # -C compares an edited file's versions to find a rename, fetching them too
            raise GitFailed(_PARTIAL_CLONE if _PROMISOR in said else said)
        if batch.returncode != 0:
            batch_errors.seek(0)
            raise GitFailed(_why_no_versions(batch_errors.read().decode("utf-8", "replace")))
    return tuple(history_parse.children_first(commits)), blobs


_PROMISOR = "promisor remote"
"""What git says of a version a partial clone lacks and could not fetch."""


_PARTIAL_CLONE = ("this is a partial clone (--filter) and git could not fetch the old file "
                  "versions from its remote: reach the remote, or clone without --filter")


def _why_no_versions(said: str) -> str:
    """Why ``cat-file`` stopped. A partial clone (``--filter=blob:none``) has no old file
    versions until git fetches them from the remote it was cloned from; where that remote is
    gone or out of reach, git names it by its path or address, which the site's pages must
    not show, so the fix is given instead."""
    if _PROMISOR in said:
        return _PARTIAL_CLONE
    return "git cat-file could not read the old file versions"


def _stream(
    log: subprocess.Popen[bytes], batch: subprocess.Popen[bytes], prefix: str,
    people: mailmap.Mailmap, asked: set[str], newest: bool = True,
) -> tuple[list[Commit], dict[str, bytes]]:
    """Parse the log as it streams in, asking ``batch`` for each blob id not yet ``asked``.

    ``newest=False``: not for the first version of each path the log names (newest first),
    which is as a rule the one checked out. On a history where files are mostly added and
    seldom edited that is nearly every version: git looking them up, packing them here and
    handing them to the build cost more CPU than the rest of the history's Python, for
    versions the build has just read from disk. Another commit naming the same version still
    asks for it."""
    assert log.stdout is not None and batch.stdin is not None and batch.stdout is not None
    blobs: dict[str, bytes] = {}
    seen: set[str] = set()
    reader = threading.Thread(target=history_parse.collect_blobs,
                              args=(batch.stdout, blobs, history_parse.pack), daemon=True)
    reader.start()
    commits: list[Commit] = []
    try:
        # cat-file ending early breaks the pipe; its exit status says why, below.
        with contextlib.suppress(BrokenPipeError):
            for record in history_parse.records(log.stdout):
                commit = history_parse.parse_record(record, prefix, people)
                if commit is None:
                    continue
                commits.append(commit)
                for blob in history_parse.blob_ids(commit, None if newest else seen):
                    if blob not in asked:
                        asked.add(blob)
                        batch.stdin.write(blob.encode() + b"\n")
    finally:
        with contextlib.suppress(BrokenPipeError):
            batch.stdin.close()
        reader.join()
        batch.stdout.close()
        log.stdout.close()
        log.wait()
        batch.wait()
    return commits, blobs


def read_blobs(git: str, root: Path, ids: list[str]) -> dict[str, bytes]:
    """Every blob in one ``git cat-file --batch``; missing ones (shallow clones) are skipped,
    and one too large to be a content file is read only as far as its front matter
    (:class:`~mentorsite.read.files.Oversized`)."""
    if not ids:
        return {}
    request = "\n".join(ids).encode() + b"\n"
    blobs: dict[str, bytes] = {}
    with tempfile.TemporaryFile() as errors:
        batch = start_git(git, root, ["cat-file", "--batch", "--buffer"],
                          stdin=subprocess.PIPE, stderr=errors)
        assert batch.stdin is not None and batch.stdout is not None
        # Read as it comes, not all at once: a version too large to keep is let go of
        # (see collect_blobs), and the request is written beside it, as a long one fills
        # the pipe while cat-file waits for its answers to be read.
        writer = threading.Thread(target=_write_all, args=(batch.stdin, request), daemon=True)
        writer.start()
        try:
            history_parse.collect_blobs(batch.stdout, blobs)
        finally:
            writer.join()
            batch.stdout.close()
            batch.wait()
        if batch.returncode != 0:
            errors.seek(0)
            raise GitFailed(_why_no_versions(errors.read().decode("utf-8", "replace")))
    return blobs


def _write_all(pipe: IO[bytes], data: bytes) -> None:
    """Write ``data`` to ``pipe`` and close it; a reader gone early breaks nothing here."""
    with contextlib.suppress(BrokenPipeError):
        pipe.write(data)
    with contextlib.suppress(BrokenPipeError):
        pipe.close()


def _working_tree(git: str, root: Path, prefix: str) -> WorkingTree:
    try:
        out = run_git(git, root, *_status_args(prefix))
    except GitFailed:
        return WorkingTree()
    return history_parse.working_tree(out, prefix)


def _status_args(prefix: str) -> tuple[str, ...]:
    """``git status`` of the content, with the renames staged found whatever the person's
    settings (``diff.renames=false``, ``status.renames=false``): a file renamed and marked
    private in one change was otherwise published in full, on the commit pages, under its
    old name."""
    return ("status", "--porcelain=v1", "-z", "--renames", "--untracked-files=all", "--",
            f":/{prefix}content")
