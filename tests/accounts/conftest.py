"""Accounts fixtures: a clock the app reads, set by the test (no sleeping through delays)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from accounts import legacy
from core.home import Home


class Clock:
    """A settable clock: `clock.now` is what the app sees as time.time()."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def legacy_store(home: Home, version: int) -> sqlite3.Connection:
    """A store as tonbaeb made it before Alembic, at `pragma user_version` VERSION (plain sqlite3).

    The steps' SQL is accounts.legacy's (the text the old `MIGRATIONS` held); the last step only
    renamed accounts, so a store of no accounts at step 3 is the same as one at step 4.
    """
    home.state.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(home.state / "app.sqlite", isolation_level=None)
    for step in legacy.STEPS[:version]:
        if isinstance(step, str):
            con.executescript(step)
    con.execute(f"pragma user_version = {version}")
    return con


@pytest.fixture
def home(tmp_path: Path, state_url: str | None) -> Home:
    """An empty home whose state store is SQLite's file, then (a second run) PostgreSQL."""
    return Home(tmp_path / "home", state_url)


@pytest.fixture
def legacy_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    """An empty home on the SQLite file (stores from before Alembic were SQLite's only)."""
    monkeypatch.delenv("TONBAEB_STATE_URL", raising=False)
    return Home(tmp_path / "home")


@pytest.fixture
def old_store() -> Callable[[Home, int], sqlite3.Connection]:
    """`legacy_store`, for a test to call."""
    return legacy_store
