"""One writer per province, many readers, atomic publishing.

DuckDB lets one process write a database file, and a file being written cannot
be opened by other processes. So nobody ever reads the file being written:

- the writer takes an exclusive lock on the province folder, copies the current
  published version to a private working file, writes to it, checkpoints it,
  and renames it to the next version name;
- then it replaces the `CURRENT` pointer file in one atomic rename;
- readers read `CURRENT` and open that version read-only. A published version
  never changes again, so any number of reader processes can share it, and a
  reader that opened version N keeps a complete warehouse while N+1 is built.

Retention (`retain`): the newest KEEP_VERSIONS versions (or `[retention] versions` in
HOME/settings.toml) are kept, and so is every older version some reader still has
open: readers hold a shared flock on the version file while they use it
(warehouse/connection.py), and a version is removed only under an exclusive one.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import duckdb

from accounts import locks
from core.home import Home
from warehouse import pointer
from warehouse.build import apply_schema

SideFiles = Callable[[duckdb.DuckDBPyConnection], dict[str, bytes]]
VERSION_NAME = re.compile(r"^v([0-9]{6})$")
KEEP_VERSIONS = 3
WORK_PREFIX = "work-"  # versions/work-<pid>.duckdb: the copy a writer loads into
CURRENT_TMP = ".CURRENT."  # .CURRENT.<pid>: the pointer being written


@dataclass(frozen=True)
class Published:
    """A published warehouse version of one province."""

    province: str
    version: str
    path: Path

    @property
    def folder(self) -> Path:
        """Files published beside the database (roll-ups for national views)."""
        return self.path.with_suffix("")


def current(home: Home, province: str) -> Published | None:
    """The published version of a province, or None when nothing is published."""
    folder = home.tenant(province)
    version = pointer.read(folder / "CURRENT")
    if version is None or not VERSION_NAME.match(version):
        return None
    return Published(province, version, folder / "versions" / f"{version}.duckdb")


@contextmanager
def province_lock(home: Home, province: str) -> Iterator[None]:
    """Hold the province's writer lock (blocks while another writer holds it, on any host)."""
    folder = home.tenant(province)
    folder.mkdir(parents=True, exist_ok=True)
    with locks.exclusive(home, f"province {province} writer", folder / "lock", wait=True):
        yield


@contextmanager
def new_version(
    home: Home, province: str, side_files: SideFiles | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A writable copy of the current version; published only if the block succeeds.

    Call inside `province_lock`. If the block raises, nothing is published and
    the previous version stays current. `side_files(con)` gives files (roll-ups
    for national views, the hashes last loaded) that are written beside the new
    version before it becomes current, so no reader ever sees one without them.
    """
    folder = home.tenant(province)
    versions = folder / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    before = current(home, province)
    remove_stale_work(folder)
    work = versions / f"{WORK_PREFIX}{os.getpid()}.duckdb"
    con: duckdb.DuckDBPyConnection | None = None
    try:
        if before is not None:
            shutil.copyfile(before.path, work)
        con = duckdb.connect(str(work))
        con.execute("begin transaction")
        apply_schema(con)  # in one transaction: one commit, not one per table
        con.execute("commit")
        yield con
        files = side_files(con) if side_files else {}
        con.execute("checkpoint")
        con.close()
    except BaseException:
        _close(con)
        _remove(work)
        raise
    number = int(VERSION_NAME.match(before.version).group(1)) + 1 if before else 1  # type: ignore[union-attr]
    version = f"v{number:06d}"
    final = versions / f"{version}.duckdb"
    beside = versions / version
    try:
        # Beside files first: a version file is only ever renamed into place complete.
        beside.mkdir(exist_ok=True)
        for name, content in files.items():
            (beside / name).write_bytes(content)
        os.replace(work, final)
        fsync_path(final)
        point_current(folder, version)
    except BaseException:
        _remove(work)
        if current(home, province) == before:  # not published: take the half-written parts away
            final.unlink(missing_ok=True)
            shutil.rmtree(beside, ignore_errors=True)
        raise
    retain(home, province)


def point_current(folder: Path, version: str) -> None:
    """Name `version` in folder/CURRENT, atomically and durably (readers see the old name or the new)."""
    tmp = folder / f"{CURRENT_TMP}{os.getpid()}"
    try:
        with open(tmp, "w", encoding="ascii") as out:
            out.write(version + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, folder / "CURRENT")
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_path(folder)


def remove_stale_work(folder: Path) -> list[Path]:
    """Remove what writers that died left in a province folder: work files and pointer files.

    Call holding the province's lock: then no other writer of the province is alive, so
    every work file but this process's own is a dead run's (killed, or out of disk space).
    A version file past CURRENT (a run killed between its rename and CURRENT) goes too.
    """
    versions = folder / "versions"
    mine = {f"{WORK_PREFIX}{os.getpid()}.duckdb", f"{WORK_PREFIX}{os.getpid()}.duckdb.wal"}
    stale = [p for p in versions.glob(f"{WORK_PREFIX}*") if p.name not in mine]
    stale += [p for p in folder.glob(f"{CURRENT_TMP}*") if p.name != f"{CURRENT_TMP}{os.getpid()}"]
    published = _published_number(folder)
    for path in versions.glob("v*"):
        found = VERSION_NAME.match(path.name.removesuffix(".duckdb"))
        if found and (published is None or int(found.group(1)) > published):
            stale.append(path)  # a version, or its beside folder, past CURRENT
    for path in stale:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return stale


def _published_number(folder: Path) -> int | None:
    try:
        found = VERSION_NAME.match((folder / "CURRENT").read_text(encoding="ascii").strip())
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    return int(found.group(1)) if found else None


def _close(con: duckdb.DuckDBPyConnection | None) -> None:
    """Close a connection that may be broken (an invalidated database raises on close)."""
    if con is None:
        return
    with suppress(duckdb.Error):
        con.close()


def keep_versions(home: Home) -> int:
    """How many of the newest versions retention keeps: HOME/settings.toml [retention] versions."""
    value = home.settings("retention").get("versions", KEEP_VERSIONS)
    return value if isinstance(value, int) and value >= 1 else KEEP_VERSIONS


def retain(home: Home, province: str, keep: int | None = None) -> list[str]:
    """Remove the versions older than the newest `keep` that no reader holds; returns those removed."""
    versions = home.tenant(province) / "versions"
    chosen = current(home, province)
    names = sorted(p.stem for p in versions.glob("v*.duckdb") if VERSION_NAME.match(p.stem))
    count = keep if keep is not None else keep_versions(home)
    removed = []
    for name in names[:-count]:
        if chosen is not None and name == chosen.version:
            continue
        if _remove_unheld(versions / f"{name}.duckdb"):
            shutil.rmtree(versions / name, ignore_errors=True)
            removed.append(name)
    return removed


def _remove_unheld(path: Path) -> bool:
    """Unlink a version file unless a reader holds its shared lock."""
    try:
        with open(path, "rb") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False  # a reader has it open
            _remove(path)  # missing_ok: only the open may find the file gone
            return True
    except FileNotFoundError:
        return False


def _remove(path: Path) -> None:
    for candidate in (path, Path(f"{path}.wal")):
        candidate.unlink(missing_ok=True)


def fsync_path(path: Path) -> None:
    """Flush a file or a folder (its entries) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
