"""Write the site into a fresh folder beside the target, then swap it in whole.

A failed or interrupted build therefore leaves the previous site exactly as it was, and the
output folder never holds a mix of two builds. A marker file tells our own output folders from
anyone else's, so a mistyped ``--out`` can never delete a user's files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath

from mentorsite.errors import OutputError

MARKER = ".mentorsite-output"
"""Written at the top of every site we build; its presence lets us replace the folder."""


def check_output_folder(out: Path, root: Path) -> None:
    """Refuse an output folder whose replacement could destroy content or foreign files."""
    out_real, root_real = out.resolve(), root.resolve()
    content = (root / "content").resolve()
    if out_real == root_real or out_real in root_real.parents:
        raise OutputError(f"--out {out} would replace the repository itself; choose e.g. _site")
    if out_real == content or content in out_real.parents:
        raise OutputError(f"--out {out} is inside content/; choose a folder outside it")
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise OutputError(
            f"--out {out} is not empty and was not built by mentorsite; "
            "choose an empty or new folder"
        )


def safe_relpath(relpath: str) -> PurePosixPath:
    """A relative path that cannot climb out of the output folder."""
    path = PurePosixPath(relpath)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in relpath:
        raise OutputError(f"refusing to write outside the output folder: {relpath!r}")
    return path


def write_site(
    out: Path,
    files: Mapping[str, str | bytes],
    copies: Mapping[str, Path],
    produce: Callable[[Path], None] | None = None,
) -> None:
    """Write ``files`` (text or bytes), copy ``copies`` and let ``produce`` write the rest into a
    staging folder, then swap it in for ``out`` — all of it, or nothing."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        made: set[Path] = set()
        for relpath, source in copies.items():
            target = _prepare(staging, relpath, made)
            shutil.copyfile(source, target)
        for relpath, data in files.items():
            target = _prepare(staging, relpath, made)
            if isinstance(data, str):
                target.write_text(data, encoding="utf-8", newline="")
            else:
                target.write_bytes(data)
        if produce is not None:
            produce(staging)
        (staging / MARKER).write_text("This folder is built by mentorsite and replaced whole.\n")
        os.chmod(staging, 0o755)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _prepare(staging: Path, relpath: str, made: set[Path]) -> Path:
    target = staging.joinpath(*safe_relpath(relpath).parts)
    parent = target.parent
    if parent not in made:
        parent.mkdir(parents=True, exist_ok=True)
        made.add(parent)
    return target


def _swap(staging: Path, out: Path) -> None:
    """Put ``staging`` where ``out`` is; the old site is removed only once the new one is in."""
    if not out.exists():
        os.rename(staging, out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rename(out, retired / "site")
    os.rename(staging, out)
    shutil.rmtree(retired, ignore_errors=True)
