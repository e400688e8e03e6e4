"""A warehouse query that runs past its time limit is interrupted, and the next one works."""

from __future__ import annotations

import time

import duckdb
import pytest

from core.home import Home
from warehouse import deadline
from warehouse.connection import reading
from warehouse.publish import new_version, province_lock


def test_a_runaway_query_is_interrupted(home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    with province_lock(home, "62"), new_version(home, "62") as con:
        con.execute("create table marks as select 1 as n")
    monkeypatch.setattr(deadline, "LIMIT", 1.0)
    started = time.monotonic()
    with pytest.raises(duckdb.InterruptException), reading(home, "62") as (cursor, _version):
        cursor.execute(
            "select count(*) from range(1000000000000) a where a.range % 7 = 3"
        ).fetchone()
    assert time.monotonic() - started < 10
    with reading(home, "62") as (cursor, _version):
        assert cursor.execute("select n from marks").fetchone() == (1,)
