"""One way to open a tenant's published warehouse: read-only, by version."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import duckdb

from core.home import Home
from warehouse.deadline import limited
from warehouse.publish import Published, current

# A reader may touch its own tenant's file and nothing else: no ATTACH of another
# province, no read_csv of the home folder, no way to switch this back on.
READ_ONLY_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "enable_external_access": False,
    "lock_configuration": True,
}


class NotPublished(LookupError):
    """The province has no published warehouse yet."""


class OpenVersions:
    """Read-only DuckDB connections to published versions, one per (home, province, version), each
    with the shared flock on its file that keeps retention from removing it.

    Not a cache of answers: opening a version costs some 15 ms against a millisecond for a small
    query, so a reader keeps its connections open. Bounded by the provinces served: at most two
    versions of a province stay open (the current one, and the one before it, which a query may
    still be using); opening a newer one closes the oldest and releases its lock.
    """

    def __init__(self) -> None:
        self._held: dict[tuple[str, str, str], tuple[duckdb.DuckDBPyConnection, BinaryIO]] = {}
        self._lock = threading.Lock()

    def connection(self, published: Published) -> duckdb.DuckDBPyConnection:
        """The open connection to this version (opened now if it is not yet).

        Raises FileNotFoundError when retention removed the version first.
        """
        key = (str(published.path.parent), published.province, published.version)
        with self._lock:
            held = self._held.get(key)
            if held is None:
                older = sorted(k for k in self._held if k[:2] == key[:2])
                for stale in older[: max(0, len(older) - 1)]:
                    con, handle = self._held.pop(stale)
                    con.close()
                    handle.close()  # releases its shared lock: retention may remove it now
                handle = hold(published.path)
                try:
                    con = duckdb.connect(
                        str(published.path), read_only=True, config=READ_ONLY_CONFIG
                    )
                except BaseException:
                    handle.close()
                    raise
                held = self._held[key] = (con, handle)
            return held[0]


OPEN = OpenVersions()


def hold(path: Path) -> BinaryIO:
    """The version file opened with a shared flock, which keeps retention from removing it.

    Raises FileNotFoundError when the version was removed before the lock was taken.
    """
    handle = open(path, "rb")  # noqa: SIM115 (kept open with its version's connection: it holds the lock)
    fcntl.flock(handle, fcntl.LOCK_SH)
    try:
        if os.stat(path).st_ino != os.fstat(handle.fileno()).st_ino:
            raise FileNotFoundError(path)
    except BaseException:
        handle.close()
        raise
    return handle


@contextmanager
def reading(
    home: Home, province: str, published: Published | None = None
) -> Iterator[tuple[duckdb.DuckDBPyConnection, str]]:
    """A read-only cursor on a version of the province, and that version's name.

    The version is `published` when the caller resolved it already (so a question reads the
    version it names its answer by), else the current one. Raises NotPublished when the
    province has nothing published.
    """
    version, con = _opened(home, province, published)
    cursor = con.cursor()
    try:
        with limited(cursor):
            yield cursor, version
    finally:
        cursor.close()


def _opened(
    home: Home, province: str, published: Published | None
) -> tuple[str, duckdb.DuckDBPyConnection]:
    attempt = 0
    while True:
        chosen = published if published is not None and attempt == 0 else current(home, province)
        if chosen is None:
            raise NotPublished(province)
        try:
            return chosen.version, OPEN.connection(chosen)
        except FileNotFoundError:
            attempt += 1
            if attempt == 3:  # removed by retention between reading CURRENT and opening it
                raise
