"""``mentorsite programme build``: every stage of a programme site, in order, in one function.

settings (``programme.yml``) → sources (globs resolved) → load (parallel, cached) → summarise
(each pair as of its own day) → site files → write (atomically, as ``mentorsite build`` does).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mentorsite.cachefile import CACHE_FOLDER
from mentorsite.clock import machine_today
from mentorsite.cores import default_jobs
from mentorsite.diagnostic_formats import bytes_shown
from mentorsite.diagnostics import Diagnostics
from mentorsite.errors import MentorsiteError, OutputError
from mentorsite.output.folder import check_not_replacing, check_ours, resolved, write_site
from mentorsite.programme.config import (
    NoSuchSource,
    Source,
    find_config,
    read_config,
    select_sources,
)
from mentorsite.programme.load import load_pairs
from mentorsite.programme.site import Unreadable, alike_names, site_files, theme_copies
from mentorsite.programme.summary import PairSummary, pair_ids, summarise
from mentorsite.read.files import located
from mentorsite.text import count


class ProgrammeInvalid(MentorsiteError):
    """``programme.yml`` has errors; nothing was read or written."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        super().__init__("programme build failed: fix the settings above; nothing was written")
        self.diagnostics = diagnostics


class NoPairs(NoSuchSource):
    """Sources were named, but not one of them is a pair that could be read (a usage error,
    exit 2, as when nothing is named); nothing was written."""

    def __init__(self, unreadable: Sequence[Unreadable], notes: Sequence[str]) -> None:
        super().__init__(
            f"no pairs to show: not one of the {count(len(unreadable), 'source')} named could "
            "be read as a pair (see above); nothing was written"
        )
        self.unreadable = tuple(unreadable)
        self.notes = tuple(notes)


@dataclass(frozen=True)
class ProgrammeResult:
    """What a programme build did."""

    out: Path
    pairs: int
    read: int
    """Pairs read this time."""
    reused: int
    """Pairs whose results were re-used from the cache, unchanged since the last build."""
    unreadable: tuple[Unreadable, ...]
    notes: tuple[str, ...]
    """What the terminal should say about single pairs (settings with errors and the like)."""
    seconds: float


def cache_file(out: Path) -> Path:
    """Where the build into ``out`` keeps what it read."""
    return out.parent / CACHE_FOLDER / f"programme-{out.name}.json"


def build_programme(
    args: Sequence[str],
    out: Path,
    *,
    config: Path | None = None,
    cwd: Path | None = None,
    today: date | None = None,
    jobs: int | None = None,
    say: Callable[[str], None] = lambda _: None,
) -> ProgrammeResult:
    """Build the programme site of the pairs ``args`` name (else those of the settings).

    Raises :class:`ProgrammeInvalid` when the settings have errors,
    :class:`~mentorsite.programme.config.NoSuchSource` when a source names nothing and
    :class:`NoPairs` when no source could be read as a pair.
    """
    started = time.perf_counter()
    here = cwd or Path.cwd()
    day = today or machine_today()  # the programme's day; each pair is judged on its own
    diagnostics = Diagnostics()
    programme = read_config(find_config(config, here), here, diagnostics)
    selection = select_sources(args, here, programme, diagnostics)
    if diagnostics.errors:
        raise ProgrammeInvalid(diagnostics)
    if not selection.sources and not selection.skipped:
        raise NoSuchSource(
            "no pairs to show: give SOURCE folders or data.json files, or list them under "
            "'sources' in programme.yml"
        )
    _check_output(out, here, programme.folder, selection.sources)
    say(f"reading {count(len(selection.sources), 'source')}")  # not all may be pairs
    loaded = load_pairs(selection.sources, today, day, cache_file(out), jobs or default_jobs())
    unreadable = [Unreadable(_shown(path, here), why) for path, why in selection.skipped]
    notes: list[str] = []
    ids = pair_ids([(_name(pair.source), str(pair.source.named)) for pair in loaded.pairs])
    pairs: list[PairSummary] = []
    for pair_id, pair in zip(ids, loaded.pairs, strict=True):
        shown = _shown(pair.source.named, here)
        notes += [f"{shown}: {note}" for note in pair.read.notes]
        if pair.read.record is None:
            unreadable.append(Unreadable(shown, pair.read.problem or "could not be read"))
            continue
        pairs.append(summarise(pair_id, pair.source.cohort, pair.read.record, pair.day))
    if not pairs:
        raise NoPairs(unreadable, notes)
    notes += [_alike(name, pairs) for name in sorted(alike_names(pairs))]
    files = site_files(pairs, unreadable, programme.settings, day)
    write_site(out, files, theme_copies())
    return ProgrammeResult(
        out, len(pairs), loaded.read, loaded.reused, tuple(unreadable), tuple(notes),
        time.perf_counter() - started,
    )


def _alike(name: str, pairs: Sequence[PairSummary]) -> str:
    """What the build says of pairs that go by the same name."""
    ids = [pair.id for pair in pairs if pair.record.name == name]
    return (f"{len(ids)} pairs are called '{name}' ({', '.join(ids)}): the table adds each "
            "one's id after it; a pair names its site with 'title' in its mentorsite.yml")


def _check_output(out: Path, cwd: Path, folder: Path, sources: Sequence[Source]) -> None:
    """The output folder must not replace the current folder, a pair or its data file, nor lie
    inside a pair's ``content/``. The pairs it would harm are named, sorted, so the message is
    the same on every run."""
    out_real = resolved(out)
    deleted: set[str] = set()
    inside: set[str] = set()
    for source in sources:
        shown = _shown(source.named, cwd)
        for path in (source.path, located(source.named)):
            if out_real == path:
                raise OutputError(f"--out {out} is the pair {shown}, which replacing it would "
                                  "delete; choose a folder outside every pair, e.g. _programme")
            if out_real in path.parents:
                deleted.add(shown)
        content = source.path / "content"
        if source.kind == "repo" and (out_real == content or content in out_real.parents):
            inside.add(shown)
    if deleted:
        raise OutputError(f"--out {out} holds {_pairs(sorted(deleted))}, which replacing it "
                          "would delete; choose a folder outside every pair, e.g. _programme")
    if inside:
        raise OutputError(f"--out {out} is inside the content/ of {_pairs(sorted(inside))}; "
                          "choose a folder outside every pair, e.g. _programme")
    check_not_replacing(out, cwd, "the current folder", "_programme")
    if folder != cwd.resolve():
        check_not_replacing(out, folder, f"the programme's folder {_shown(folder, cwd)}",
                            "_programme")
    check_ours(out)


def _pairs(names: Sequence[str], most: int = 5) -> str:
    """``the pair pairs/ana``, ``3 pairs: a, b, c``; past ``most`` names, how many more."""
    if len(names) == 1:
        return f"the pair {names[0]}"
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return f"{len(names)} pairs: {', '.join(names[:most])}{more}"


def _name(source: Source) -> str:
    """What a pair's id is made from: its folder, or its file (``x/data.json`` → ``x``), as
    the coordinator named it (a link's name, not that of what it leads to)."""
    path = source.named
    if source.kind == "data-json" and path.stem.lower() == "data":
        return path.parent.name
    return path.stem if source.kind == "data-json" else path.name


def _shown(path: Path, cwd: Path) -> str:
    """``path`` relative to ``cwd`` when it is below it, for messages and the front page's
    list of sources that could not be read; a byte of its name that is not UTF-8 is shown as
    ``\\xff`` (no UTF-8 page or terminal can hold what Python reads it as)."""
    for here in (cwd.absolute(), cwd.resolve()):
        if path.is_relative_to(here):
            return bytes_shown(os.path.relpath(path, here))
    return bytes_shown(str(path))
