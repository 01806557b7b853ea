"""The wheel carries the default theme, so an installed mentorsite builds sites anywhere."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

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


def test_both_packages_carry_the_licence_text_and_nothing_outside_the_package(tmp_path):
    """MIT asks that its notice go with every copy: pyproject.toml said ``license = "MIT"``
    with no text in the wheel or the sdist. And the sdist's ``README.md`` matched every file
    of that name (``benchmarks/README.md`` went along, without the benchmarks)."""
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(tmp_path),
         str(PROJECT)],
        check=True, capture_output=True,
    )
    [wheel] = tmp_path.glob("mentorsite-*.whl")
    [sdist] = tmp_path.glob("mentorsite-*.tar.gz")
    licence = (PROJECT / "LICENSE").read_bytes()
    [shipped] = [name for name in zipfile.ZipFile(wheel).namelist()
                 if name.endswith(".dist-info/licenses/LICENSE")]
    assert zipfile.ZipFile(wheel).read(shipped) == licence
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
        member = archive.extractfile(f"{sdist.name[:-len('.tar.gz')]}/LICENSE")
        assert member is not None and member.read() == licence
    assert {name.split("/")[0] for name in names} == {
        "mentorsite", "themes", "tests", "README.md", "LICENSE", "pyproject.toml", "PKG-INFO",
        ".gitignore"}


def test_the_pythons_the_package_names_are_those_ci_tests():
    """The classifiers, ``requires-python`` and the Tests workflow's matrix name the same
    Python versions, so a user reading the package's page is told only what CI proves."""
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    said = [c.rsplit(" :: ", 1)[1] for c in project["classifiers"]
            if c.startswith("Programming Language :: Python :: 3.")]
    workflow = (PROJECT / ".github" / "workflows" / "tests.yml").read_text()
    [matrix] = re.findall(r'python: \[([^\]]*)\]', workflow)
    tested = [version.strip(' "') for version in matrix.split(",")]
    assert said == tested
    assert project["requires-python"] == f">={tested[0]}"
