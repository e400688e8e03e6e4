"""Is each province's published warehouse readable? (for /healthz; answers names only)."""

from __future__ import annotations

import threading
import time

import duckdb

from core.home import Home
from warehouse import pointer
from warehouse.publish import current

RECHECK = 60.0  # seconds


class SeenReadable:
    """Which version file of each (home, province) was last seen readable, and when.

    Opening every province's file costs about 15 ms each (1.3 s for 77 provinces), more than a
    load balancer's probe waits. A file seen readable is opened again only once it changes
    (another version, or the same one rewritten) or RECHECK seconds later (a disk failing under
    it). Not a cache of answers: one small entry per province of the homes served, so bounded by
    them; a province found unreadable is forgotten.
    """

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], tuple[tuple[object, ...], float]] = {}
        self._lock = threading.Lock()

    def recently(self, key: tuple[str, str], signature: tuple[object, ...]) -> bool:
        """Whether this very file was seen readable less than RECHECK seconds ago."""
        seen = self._seen.get(key)
        return bool(seen and seen[0] == signature and time.monotonic() - seen[1] < RECHECK)

    def note(self, key: tuple[str, str], signature: tuple[object, ...], readable: bool) -> None:
        with self._lock:
            if readable:
                self._seen[key] = (signature, time.monotonic())
            else:
                self._seen.pop(key, None)


SEEN = SeenReadable()


def failing(home: Home) -> tuple[list[str], list[str]]:
    """(provinces whose CURRENT version opens read-only and answers a trivial query, those that do not)."""
    good: list[str] = []
    bad: list[str] = []
    for province in home.provinces():
        (good if _readable(home, province) else bad).append(province)
    return good, bad


def _readable(home: Home, province: str) -> bool:
    published = current(home, province)
    if published is None:
        return False
    try:
        found = pointer.identity(published.path)
    except OSError:  # a folder that cannot be looked into: not readable either
        found = None
    if found is None:
        return False
    key, signature = (str(home.root), province), (str(published.path), *found)
    if SEEN.recently(key, signature):
        return True
    readable = _opens(str(published.path))
    SEEN.note(key, signature, readable)
    return readable


def _opens(path: str) -> bool:
    """Whether the file opens read-only and answers a query, on a connection of its own (so a file
    broken after the pages opened it is still seen)."""
    try:
        con = duckdb.connect(":memory:")
        try:
            con.execute(f"attach '{_quoted(path)}' as w (read_only)")
            con.execute("select count(*) from w.load_batches").fetchone()
        finally:
            con.close()
    except duckdb.Error:
        return False
    return True


def _quoted(path: str) -> str:
    return path.replace("'", "''")
