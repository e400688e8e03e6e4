"""A time limit for warehouse queries: a cursor still running after LIMIT seconds is interrupted.

Gunicorn's gthread workers have no per-request time-out (their `timeout` only replaces a
worker that stops checking in), so a runaway query would hold a thread for as long as it
runs. One watchdog thread per process interrupts each cursor that outlives its deadline;
the query then fails with duckdb.InterruptException, which the page shows as an error.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

LIMIT = 30.0  # seconds
TICK = 0.5
_RUNNING: dict[int, tuple[float, Any]] = {}
_LOCK = threading.Lock()
_IDS = itertools.count()
_WATCHDOG: list[threading.Thread] = []


@contextmanager
def limited(cursor: Any, seconds: float | None = None) -> Iterator[None]:
    """Interrupt `cursor` if the block is still running after `seconds` (default LIMIT)."""
    key = next(_IDS)
    with _LOCK:
        _RUNNING[key] = (time.monotonic() + (LIMIT if seconds is None else seconds), cursor)
        if not _WATCHDOG or not _WATCHDOG[0].is_alive():  # none yet, or this is a forked child
            _WATCHDOG[:] = [threading.Thread(target=_watch, name="tonbaeb-deadline", daemon=True)]
            _WATCHDOG[0].start()
    try:
        yield
    finally:
        with _LOCK:
            _RUNNING.pop(key, None)


def _watch() -> None:
    while True:
        time.sleep(TICK)  # the watchdog's own pace
        now = time.monotonic()
        with _LOCK:
            overdue = [k for k, (deadline, _cursor) in _RUNNING.items() if deadline <= now]
            cursors = [_RUNNING.pop(k)[1] for k in overdue]
        for cursor in cursors:
            with suppress(Exception):
                cursor.interrupt()
