"""A warehouse query that runs past its time limit is interrupted, and the next one works."""

from __future__ import annotations

import threading
import time
from contextlib import AbstractContextManager
from typing import Any

import duckdb
import pytest

from core.home import Home
from warehouse import connection, deadline
from warehouse.connection import reading
from warehouse.publish import new_version, province_lock


class WatchdogClock:
    """The deadline module's clock, counted in the watchdog's looks instead of measured: it moves on
    by one each time the watchdog looks and stands still for everybody else, so a deadline of N
    falls due at the watchdog's N-th look after it was set, however busy the machine is (the
    watchdog still sleeps TICK between looks). Notes what the reading thread read when it set
    its deadline."""

    def __init__(self) -> None:
        self.looks = 0
        self.reader = threading.current_thread()
        self.set_at: list[int] = []

    def monotonic(self) -> float:
        if threading.current_thread().name == "tonbaeb-deadline":
            self.looks += 1
            return self.looks
        now = self.looks
        if threading.current_thread() is self.reader:
            self.set_at.append(now)
        return now

    @staticmethod
    def sleep(seconds: float) -> None:
        time.sleep(seconds)


def test_a_runaway_query_is_interrupted(home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    with province_lock(home, "62"), new_version(home, "62") as con:
        con.execute("create table marks as select 1 as n")
    clock = WatchdogClock()
    monkeypatch.setattr(deadline, "time", clock)
    monkeypatch.setattr(deadline, "LIMIT", 2)  # two looks of the watchdog: 2 × TICK = 1 s
    interrupted: list[int] = []  # the watchdog's look at each interruption of the query

    class Watched:
        """The reader's cursor, noting at which look the watchdog interrupts it."""

        def __init__(self, cursor: Any) -> None:
            self.cursor = cursor

        def interrupt(self) -> None:
            interrupted.append(clock.looks)
            self.cursor.interrupt()

    limited = deadline.limited

    def watched(cursor: Any, seconds: float | None = None) -> AbstractContextManager[None]:
        return limited(Watched(cursor), seconds)

    monkeypatch.setattr(connection, "limited", watched)
    with pytest.raises(duckdb.InterruptException), reading(home, "62") as (cursor, _version):
        cursor.execute(
            "select count(*) from range(1000000000000) a where a.range % 7 = 3"
        ).fetchone()
    # Interrupted once, at the very look at which its time had run out (not a look later).
    [began] = clock.set_at
    assert interrupted == [began + deadline.LIMIT]
    with reading(home, "62") as (cursor, _version):
        assert cursor.execute("select n from marks").fetchone() == (1,)
