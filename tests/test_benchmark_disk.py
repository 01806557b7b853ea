"""The benchmark says what state its disk was in: the file system, and a probe at each end.

On ext4 without a journal, files deleted minutes before make every new file slow: Hugo's cold
build of the 5,000-file corpus took 1.07 s on a quiet disk and 1.72 s a minute after a
deletion, on the same machine. The report carries the probe so that two runs can be read side
by side.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

MOUNTINFO = """\
22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,discard
25 22 0:21 / /dev/shm rw,nosuid,nodev shared:4 - tmpfs tmpfs rw
27 22 254:16 / /srv/my\\040sites rw,relatime shared:5 - ext4 /dev/vdb rw
"""


@pytest.fixture
def disk(bench_script) -> ModuleType:
    return bench_script("disk")


def test_the_probe_makes_page_folders_and_sets_them_aside(disk: ModuleType, tmp_path: Path
                                                          ) -> None:
    work, spent = tmp_path / "work", tmp_path / "work" / "spent"
    took = disk.probe(work, spent, pages=40)
    assert took > 0
    assert [p.name for p in work.iterdir()] == ["spent"]  # nothing left where builds write
    pages = sorted(spent.glob("*/disk-probe-*/p*/index.html"))
    assert len(pages) == 40  # moved, not deleted: a deletion would slow the next build
    assert pages[0].read_bytes() == disk.PAGE


@pytest.mark.parametrize(("path", "journals", "expected"), [
    ("/tmp/bench", {"vda-8"}, "ext4"),
    ("/tmp/bench", set(), "ext4 without a journal"),
    ("/tmp/bench", {"vdb-8"}, "ext4 without a journal"),  # another device's journal
    ("/dev/shm/bench", set(), "tmpfs"),  # the longest mount point on the way
    ("/dev/shmx", set(), "ext4 without a journal"),  # a prefix of the name is not a folder
    ("/srv/my sites/x", {"vdb-8"}, "ext4"),  # a space in a mount point is \040
])
def test_the_file_system_of_a_path_and_whether_it_keeps_a_journal(
        disk: ModuleType, path: str, journals: set[str], expected: str) -> None:
    assert disk.file_system(Path(path), MOUNTINFO, journals) == expected


def test_a_device_named_through_a_link_is_found_under_its_kernel_name(
        disk: ModuleType, tmp_path: Path) -> None:
    """LVM mounts /dev/mapper/vg-root, a link to /dev/dm-0; the journal is listed as dm-0-8."""
    (tmp_path / "dm-0").touch()
    (tmp_path / "mapper").mkdir()
    (tmp_path / "mapper" / "vg-root").symlink_to(tmp_path / "dm-0")
    mountinfo = f"22 1 253:0 / / rw shared:1 - ext4 {tmp_path}/mapper/vg-root rw\n"
    assert disk.file_system(Path("/srv"), mountinfo, {"dm-0-8"}) == "ext4"
    assert disk.file_system(Path("/srv"), mountinfo, set()) == "ext4 without a journal"


def test_a_system_that_does_not_say_gives_unknown(disk: ModuleType) -> None:
    assert disk.file_system(Path("/tmp"), "", set()) == "unknown"


def test_the_report_prints_the_disk_beside_the_machine(bench_script) -> None:
    report = bench_script("report")
    found = report.Report(runs=1, sizes=[5000], disk=[0.08, 0.31],
                          file_system="ext4 without a journal")
    found.start()
    found.finish()
    header = found.markdown().split("### Cold builds")[0]
    assert ("- disk of the work folder: ext4 without a journal; making 1,000 folders with an "
            "11 kB page each took 0.08 s and 0.31 s of CPU before and after the cold builds"
            ) in header
    assert found.raw()["disk"] == [0.08, 0.31]


def test_a_run_probes_the_disk_before_and_after_it_measures(bench_script, tmp_path: Path
                                                           ) -> None:
    run = bench_script("run")
    args = run.arguments(["--workdir", str(tmp_path), "--tools", "mentorsite"])
    args.sizes = []  # measure nothing: only the probes are left
    bench = run.Bench(args, [])
    bench.report.start()
    run.measure_all(bench)
    assert len(bench.report.disk) == 2
    assert len(list((tmp_path / "spent").glob("*/disk-probe-*"))) == 2


def test_the_cold_builds_come_before_the_incremental_ones(
        bench_script, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """An incremental build replaces a site of 5,000 pages, and so deletes one, which slows
    the making of files for minutes: the --scaling sizes' cold builds come before it."""
    run = bench_script("run")
    args = run.arguments(["--workdir", str(tmp_path), "--sizes", "500", "--history",
                          "--incremental", "--scaling", "20000"])
    bench = run.Bench(args, [])
    done: list[str] = []
    for step in ("compare", "history", "scaling", "incremental", "probe_disk"):
        monkeypatch.setattr(bench, step, lambda *_, step=step: done.append(step))
    bench.report.start()
    run.measure_all(bench)
    assert done == ["probe_disk", "compare", "history", "scaling", "probe_disk", "incremental"]
