"""Kills and full disks during a load: the published version is the old or the new one exactly,
and after the next run nothing partial remains (work files, temporary archive files)."""

from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.home import Home
from tests.conftest import REPO
from tonbaeb.cli import main
from warehouse.connection import reading

KILLS = 5
SEED = 9
TABLES = ("clubs", "members", "meetings", "attendance", "activities", "governance", "rejected_rows")
NEW_CLUB = "6205-009,ชมรมใหม่บ้านวังยาง,cdv_club,620501,1/10/2560,2561,,\n"


def snapshot(home: Path) -> dict[str, list[tuple]]:
    """What a reader of the published version sees: every record row but its batch id."""
    with reading(Home(home), "62") as (con, _version):
        return {
            t: con.execute(f"select * exclude (batch_id) from {t} order by all").fetchall()
            for t in TABLES
        }


def leftovers(home: Path) -> list[Path]:
    """Anything a run that died could leave behind."""
    versions = home / "warehouse" / "62" / "versions"
    found = [*versions.glob("work-*"), *(home / "warehouse" / "62").glob(".CURRENT.*")]
    found += [p for p in (home / "archive").rglob("*") if p.name.endswith(".tmp")]
    published = (home / "warehouse" / "62" / "CURRENT").read_text(encoding="ascii").strip()
    found += [p for p in versions.glob("v*") if p.name.removesuffix(".duckdb") > published]
    return found


def etl_command(home: Path, sources: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "tonbaeb.cli",
        "etl",
        "run",
        "--home",
        str(home),
        "--sources",
        str(sources),
        "--workers",
        "1",
    ]


@pytest.fixture
def old_and_new(tmp_path: Path, inbox: Path) -> Iterator[tuple[Path, Path, dict, dict, float]]:
    """A home with the fixture published (old), its sources changed since, what a reader
    sees before the change is loaded and after it (new), and how long loading it takes."""
    base = tmp_path / "base"
    assert main(["etl", "run", "--home", str(base), "--sources", str(inbox), "--workers", "1"]) == 0
    old = snapshot(base)
    with (inbox.parent / "6205" / "clubs.csv").open("a", encoding="utf-8") as clubs:
        clubs.write(NEW_CLUB)
    reference = tmp_path / "reference"
    shutil.copytree(base, reference)
    started = time.monotonic()
    assert (
        main(["etl", "run", "--home", str(reference), "--sources", str(inbox), "--workers", "1"])
        == 0
    )
    took = time.monotonic() - started
    new = snapshot(reference)
    assert new != old
    yield base, inbox, old, new, took


def test_a_run_killed_at_any_moment_publishes_old_or_new(
    tmp_path: Path, old_and_new: tuple[Path, Path, dict, dict, float]
) -> None:
    base, sources, old, new, took = old_and_new
    chance = random.Random(SEED)
    seen = set()
    for attempt in range(KILLS):
        home = tmp_path / f"killed-{attempt}"
        shutil.copytree(base, home)
        child = subprocess.Popen(
            etl_command(home, sources),
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        work = home / "warehouse" / "62" / "versions" / f"work-{child.pid}.duckdb"
        deadline = time.monotonic() + 60
        while not work.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)  # waiting for the load to begin (its work file)
        # The stimulus, not a wait for anything: a random moment of the load, which takes
        # about as long as the reference load did (from the copy of the old version to publishing).
        time.sleep(chance.uniform(0, took))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        published = snapshot(home)
        assert published in (old, new), attempt
        seen.add("new" if published == new else "old")
        assert (
            main(["etl", "run", "--home", str(home), "--sources", str(sources), "--workers", "1"])
            == 0
        )
        assert snapshot(home) == new
        assert leftovers(home) == []
    assert "old" in seen  # at least one kill landed mid-load (not after it was done)


def test_dead_runs_leave_nothing_the_next_run_keeps(
    tmp_path: Path, old_and_new: tuple[Path, Path, dict, dict, float]
) -> None:
    """What a killed run leaves (its work file and WAL, a pointer being written, a version
    renamed but not yet current, archive files half written) goes with the next run."""
    base, sources, _old, new, _took = old_and_new
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(dead.stdout)  # a process that has ended
    versions = base / "warehouse" / "62" / "versions"
    for name in (f"work-{pid}.duckdb", f"work-{pid}.duckdb.wal", "v000002.duckdb"):
        (versions / name).write_bytes(b"partial")
    (versions / "v000002").mkdir()
    (base / "warehouse" / "62" / f".CURRENT.{pid}").write_text("v000002")
    (base / "archive" / "tmp").mkdir(exist_ok=True)
    stale = base / "archive" / "tmp" / f".{pid}.0123abcd.tmp"
    alive = base / "archive" / "tmp" / f".{os.getppid()}.0123abcd.tmp"  # a live writer's
    stale.write_bytes(b"half")
    alive.write_bytes(b"half")
    legacy = next(p for p in (base / "archive").iterdir() if len(p.name) == 2) / ".abc.0123.tmp"
    legacy.write_bytes(b"")  # where writers before archive/tmp left theirs
    assert (
        main(["etl", "run", "--home", str(base), "--sources", str(sources), "--workers", "1"]) == 0
    )
    assert snapshot(base) == new
    assert leftovers(base) == [alive]


@dataclass
class SmallDisk:
    """Where a home may run out of room: a tmpfs of its own (as root), else a file-size limit."""

    folder: Path
    mounted: bool
    limit: int = 0  # RLIMIT_FSIZE for the child, when not mounted

    def fill(self, room: int) -> Path | None:
        """Leave only `room` bytes to write; returns what to remove to free it again."""
        if not self.mounted:
            self.limit = room
            return None
        filler = self.folder / "filler"
        with open(filler, "wb") as out:
            out.write(b"\0" * (shutil.disk_usage(self.folder).free - room))
        return filler

    def limited(self) -> None:
        """Runs in the child before it starts: no file may grow past the limit."""
        if self.limit:
            resource.setrlimit(resource.RLIMIT_FSIZE, (self.limit, self.limit))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """A 24 MB file system of its own when root may mount one; else a file-size limit."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        yield SmallDisk(mount, made.returncode == 0 and os.environ.get("TONBAEB_NO_MOUNT") != "1")
    finally:
        if made.returncode == 0:
            subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_fails_the_load_in_one_line_and_keeps_the_old_version(
    small_disk: SmallDisk, old_and_new: tuple[Path, Path, dict, dict, float]
) -> None:
    base, sources, old, new, _took = old_and_new
    home = small_disk.folder / "home"
    shutil.copytree(base, home)
    version = max(home.glob("warehouse/62/versions/v*.duckdb")).stat().st_size
    filler = small_disk.fill(version + 64 * 1024)  # room to copy the old version, not to load
    done = subprocess.run(
        etl_command(home, sources),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=small_disk.limited,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    assert done.returncode == 1
    [row] = [line for line in done.stdout.splitlines() if line.startswith("62 ")]
    assert " failed could not write " in row, row
    assert "No space left on device" in row or "File too large" in row, row
    assert snapshot(home) == old
    assert list(home.glob("warehouse/62/versions/work-*")) == []
    assert [p for p in (home / "archive").rglob("*") if p.name.endswith(".tmp")] == []
    if filler is not None:
        filler.unlink()
    assert (
        main(["etl", "run", "--home", str(home), "--sources", str(sources), "--workers", "1"]) == 0
    )
    assert snapshot(home) == new
    assert leftovers(home) == []
