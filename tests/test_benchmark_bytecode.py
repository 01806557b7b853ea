"""The benchmark times mentorsite with its modules compiled, as pip compiles the other tools'.

Under ``PYTHONDONTWRITEBYTECODE`` (set in the sandbox the record was measured in), an editable
install of mentorsite never kept its bytecode: every timed process compiled its modules again,
0.08 s of a warm rebuild's 0.25 s, while Pelican's and MkDocs' came compiled by pip.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def _package(root: Path, module: str = "x = 1\n") -> Path:
    folder = root / "mentorsite"
    folder.mkdir()
    (folder / "__init__.py").write_text("from . import parts\n")
    (folder / "parts.py").write_text(module)
    return folder


def test_a_process_that_may_not_write_bytecode_then_reads_the_compiled_modules(
        bench_script, tmp_path, monkeypatch) -> None:
    bytecode = bench_script("bytecode")
    folder = _package(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    said = bytecode.compile_package(bytecode.package_folder())
    assert said.startswith(f"mentorsite's modules ({folder}) compiled to bytecode")
    verbose = subprocess.run([sys.executable, "-v", "-c", "import mentorsite"], cwd=tmp_path,
                             capture_output=True, text=True, check=True).stderr
    assert f"code object from '{folder / '__pycache__'}/parts." in verbose


def test_a_package_that_cannot_be_compiled_is_told_not_hidden(bench_script, tmp_path,
                                                               monkeypatch) -> None:
    bytecode = bench_script("bytecode")
    folder = _package(tmp_path, module="def broken(:\n")
    said = bytecode.compile_package(folder)
    assert said.startswith(f"mentorsite's bytecode could not be written in {folder} (")
    assert "each mentorsite process compiles the modules it imports" in said


def test_the_report_says_what_was_done_with_mentorsite_s_bytecode(bench_script) -> None:
    report = bench_script("report").Report(runs=1, sizes=[500],
                                           bytecode="mentorsite's modules (here) compiled")
    report.start()
    report.finish()
    assert "\n- mentorsite's modules (here) compiled\n" in report.markdown()
    assert report.raw()["bytecode"] == "mentorsite's modules (here) compiled"


def test_the_runner_compiles_the_package_it_times_and_says_so(bench_script, tmp_path,
                                                             monkeypatch) -> None:
    run = bench_script("run")
    folder = _package(tmp_path)
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setattr(run, "package_folder", lambda: folder)
    monkeypatch.setattr(run, "measure_all", lambda bench: bench.report.finish())
    out = tmp_path / "RESULTS.md"
    run.main(["--tools", "mentorsite", "--runs", "1", "--out", str(out)])
    assert list((folder / "__pycache__").glob("parts.*.pyc"))
    assert f"- mentorsite's modules ({folder}) compiled to bytecode" in out.read_text()


def test_timeline_compiles_each_checkout_it_takes_turns_with(bench_script, tmp_path,
                                                            monkeypatch, capsys) -> None:
    timeline = bench_script("timeline")
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    checkouts = [tmp_path / name for name in ("before", "after")]
    for checkout in checkouts:
        checkout.mkdir()
        (_package(checkout) / "__main__.py").write_text("")
    (tmp_path / "corpus" / "content").mkdir(parents=True)
    timeline.main([str(tmp_path / "corpus"), "--runs", "1",
                   *[arg for checkout in checkouts for arg in ("--checkout", str(checkout))]])
    told = capsys.readouterr().out
    for checkout in checkouts:
        assert list((checkout / "mentorsite" / "__pycache__").glob("parts.*.pyc"))
        assert f"mentorsite's modules ({checkout / 'mentorsite'}) compiled" in told
