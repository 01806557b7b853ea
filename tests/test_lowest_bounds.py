"""The lower bounds pyproject.toml promises are what CI's lowest job installs and tests.

pyproject.toml said ``markdown-it-py>=3.0`` while the code imported a function that came with
4.3, so the package could not be imported with any version before it; on Python 3.10 with
pydantic 2.6 every error in a nested field ended in a traceback.
"""

from __future__ import annotations

import runpy
import subprocess
import sys
from importlib.metadata import requires

import pytest

from tests.conftest import BENCHMARKS

PROJECT = BENCHMARKS.parent


@pytest.fixture(scope="module")
def lowest():
    return runpy.run_path(str(PROJECT / ".ci" / "lowest_bounds.py"))["lowest"]


def test_every_runtime_dependency_is_pinned_at_its_bound_and_no_extra(lowest):
    assert lowest(["PyYAML>=6.0.1", "click >= 8.2", 'pytest>=8.0; extra == "dev"']) == [
        "PyYAML==6.0.1", "click==8.2"]


@pytest.mark.parametrize("requirement", ["Jinja2", "pydantic>2.6", "watchdog<5", "x>=1,<2"])
def test_a_requirement_without_one_lower_bound_is_named(lowest, requirement):
    with pytest.raises(SystemExit, match="no lower bound to pin in"):
        lowest([requirement])


def test_the_installed_package_names_a_bound_for_each_dependency():
    """Run as CI runs it: every requirement of the installed metadata without a marker."""
    done = subprocess.run([sys.executable, str(PROJECT / ".ci" / "lowest_bounds.py")],
                          capture_output=True, text=True, check=True)
    runtime = [r for r in requires("mentorsite") or [] if ";" not in r]
    pins = done.stdout.split()
    assert len(pins) == len(runtime) >= 5
    assert {pin.split("==")[0].lower() for pin in pins} >= {"pydantic", "markdown-it-py"}


def test_the_model_inside_a_tuple_is_found_on_every_python():
    """Python 3.10 takes ``tuple[Metric, ...]`` for a class, and ``issubclass`` refused it."""
    from mentorsite.model.entries import Metric, Milestone
    from mentorsite.model.pydantic_errors import nested_model

    assert nested_model(tuple[Metric, ...]) is Metric
    assert nested_model(tuple[Milestone, ...] | None) is Milestone
    assert nested_model(str) is None
