"""The wheel carries the default theme, so an installed mentorsite builds sites anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def test_wheel_ships_the_default_theme(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path),
         str(PROJECT)],
        check=True, capture_output=True,
    )
    [wheel] = tmp_path.glob("mentorsite-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = PROJECT / "themes" / "default"
    expected = {
        "mentorsite/themes/default/" + path.relative_to(theme).as_posix()
        for path in theme.rglob("*") if path.is_file()
    }
    assert expected, "the theme folder is not empty"
    assert expected <= names
    assert "mentorsite/py.typed" in names
