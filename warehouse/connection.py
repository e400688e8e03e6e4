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

_OPEN: dict[tuple[str, str, str], tuple[duckdb.DuckDBPyConnection, BinaryIO]] = {}
_LOCK = threading.Lock()


class NotPublished(LookupError):
    """The province has no published warehouse yet."""


def _connection(published: Published) -> duckdb.DuckDBPyConnection:
    key = (str(published.path.parent), published.province, published.version)
    with _LOCK:
        held = _OPEN.get(key)
        if held is None:
            # Keep the previous version open too: a query on it may still be running.
            older = sorted(k for k in _OPEN if k[:2] == key[:2])
            for stale in older[: max(0, len(older) - 1)]:
                con, handle = _OPEN.pop(stale)
                con.close()
                handle.close()  # releases its shared lock: retention may remove it now
            handle = hold(published.path)
            try:
                con = duckdb.connect(str(published.path), read_only=True, config=READ_ONLY_CONFIG)
            except BaseException:
                handle.close()
                raise
            held = _OPEN[key] = (con, handle)
        return held[0]


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
def reading(home: Home, province: str) -> Iterator[tuple[duckdb.DuckDBPyConnection, str]]:
    """A read-only cursor on the province's current version, and that version's name.

    Raises NotPublished when the province has nothing published.
    """
    for attempt in range(3):
        published = current(home, province)
        if published is None:
            raise NotPublished(province)
        try:
            con = _connection(published)
            break
        except FileNotFoundError:
            if attempt == 2:  # removed by retention between reading CURRENT and opening it
                raise
    assert published is not None  # the loop ends only at its break
    cursor = con.cursor()
    try:
        with limited(cursor):
            yield cursor, published.version
    finally:
        cursor.close()


def version(home: Home, province: str) -> str | None:
    """The name of the province's current version (part of every cache key)."""
    published = current(home, province)
    return published.version if published else None
