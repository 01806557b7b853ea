"""The build profile in RESULTS.md names the stages and costs it finds: a stage or cost whose
function moved or was renamed would drop out of the tables without a word."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from types import ModuleType

import pytest

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture
def profile_build(bench_script) -> ModuleType:
    return bench_script("profile_build")


def defined_names(path: Path) -> set[str]:
    """Every function and method a module defines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}


def test_every_timed_stage_exists(profile_build: ModuleType) -> None:
    missing = [f"{module}.{name}" for module, names in profile_build.STAGES.items()
               for name in names
               if not callable(getattr(importlib.import_module(module), name, None))]
    assert not missing


def test_every_named_cost_is_a_function_of_ours(profile_build: ModuleType) -> None:
    ours = [(label, suffix, name) for label, suffix, name in profile_build.COSTS
            if suffix.startswith("mentorsite/")]
    assert len(ours) >= 10
    missing = [label for label, suffix, name in ours
               if not (PROJECT / suffix).is_file() or name not in defined_names(PROJECT / suffix)]
    assert not missing


def test_the_profile_says_what_state_the_disk_was_in(profile_build: ModuleType,
                                                      tmp_path: Path, bench_script) -> None:
    """On ext4 without a journal, a profile taken minutes after a deletion spent 5 of its
    12.6 s in ``mkdir`` and ``open``: the profile says how fast the disk made folders."""
    corpus = tmp_path / "corpus"
    bench_script("corpus").write_corpus(corpus, 24)
    told = profile_build.profile(corpus, history=False, top=3)
    head = told.split("**Stages**")[0]
    assert "The disk of the work folder: " in head
    assert "folders with an 11 kB page each took " in head
    assert head.count(" s and ") == 1  # before and after the builds
