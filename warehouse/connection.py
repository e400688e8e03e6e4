"""One way to open a tenant's published warehouse: read-only, by version."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from warehouse.home import Home
from warehouse.publish import Published, current

# A reader may touch its own tenant's file and nothing else: no ATTACH of another
# province, no read_csv of the home folder, no way to switch this back on.
READ_ONLY_CONFIG = {"enable_external_access": False, "lock_configuration": True}

_OPEN: dict[tuple[str, str, str], duckdb.DuckDBPyConnection] = {}
_LOCK = threading.Lock()


class NotPublished(LookupError):
    """The province has no published warehouse yet."""


def _connection(published: Published) -> duckdb.DuckDBPyConnection:
    key = (str(published.path.parent), published.province, published.version)
    with _LOCK:
        con = _OPEN.get(key)
        if con is None:
            # Keep the previous version open too: a query on it may still be running.
            older = sorted(k for k in _OPEN if k[:2] == key[:2])
            for stale in older[: max(0, len(older) - 1)]:
                _OPEN.pop(stale).close()
            con = duckdb.connect(str(published.path), read_only=True, config=READ_ONLY_CONFIG)
            _OPEN[key] = con
        return con


@contextmanager
def reading(home: Home, province: str) -> Iterator[tuple[duckdb.DuckDBPyConnection, str]]:
    """A read-only cursor on the province's current version, and that version's name.

    Raises NotPublished when the province has nothing published.
    """
    published = current(home, province)
    if published is None:
        raise NotPublished(province)
    cursor = _connection(published).cursor()
    try:
        yield cursor, published.version
    finally:
        cursor.close()


def version(home: Home, province: str) -> str | None:
    """The name of the province's current version (part of every cache key)."""
    published = current(home, province)
    return published.version if published else None
