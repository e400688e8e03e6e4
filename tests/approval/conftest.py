"""A home with the fixture districts 6205 and 6201 loaded by the real ETL, and the accounts
that move their fiscal years (FY 2559 and 2560) through sign-off: every test on the SQLite
store, then on PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("TONBAEB_FAST_HASH", "1")

from accounts.scope import Scope
from accounts.store import open_store
from accounts.users import add_user
from core.home import Home
from etl.outcome import Outcome
from etl.pipeline import run
from etl.sources import read_sources
from tests.conftest import TODAY
from tests.etl.conftest import two_districts  # noqa: F401 (the fixture, shared)
from warehouse.rules import load_rules

PASSWORD = "correct-horse-62"
ACCOUNTS = {
    "director62": Scope("director62", "director", "62"),
    "director10": Scope("director10", "director", "10"),
    "officer6205": Scope("officer6205", "officer", "62", "6205"),
    "officer6201": Scope("officer6201", "officer", "62", "6201"),
    "national": Scope("national", "national", None),
    "admin62": Scope("admin62", "admin", "62"),
}


def etl_load(home: Home, sources: Path) -> dict[str, Outcome]:
    """One ETL run of the sources (one worker), its outcomes by district."""
    found = run(home, read_sources(sources), load_rules(None), today=TODAY, workers=1)
    return {o.source.district: o for o in found}


@pytest.fixture
def home(tmp_path: Path, state_url: str | None) -> Home:
    """An empty home whose state store is SQLite's file, then (a second run) PostgreSQL."""
    return Home(tmp_path / "home", state_url)


@pytest.fixture
def loaded(home: Home, two_districts: Path) -> Home:  # noqa: F811 (the fixture imported)
    """6205 and 6201 loaded; every account of ACCOUNTS in the state store."""
    outcomes = etl_load(home, two_districts)
    assert {o.status for o in outcomes.values()} == {"loaded"}, outcomes
    store = open_store(home)
    for scope in ACCOUNTS.values():
        add_user(
            store, scope.username, scope.role, scope.province_code, scope.district_code, PASSWORD
        )
    store.close()
    return home
