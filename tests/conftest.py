"""Shared fixtures: a tmp home, the small fixture district, a loaded warehouse."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import tasks
from benchmarks import throwaway_postgres
from core.home import Home
from lake import follow

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2026, 11, 24)
REPO = Path(__file__).resolve().parents[1]
PROVINCES_FILE = "tha_adm1_provinces.geojson"
DISTRICTS_FILE = "tha_adm2_districts.geojson"


def shared_geo() -> Path:
    """The shared boundaries (where `tasks.shared_geo` finds them); the test fails without them."""
    found = tasks.shared_geo()
    if found is None:
        pytest.fail(
            "the shared boundaries are missing: set TONBAEB_SHARED_GEO to a folder holding "
            f"{PROVINCES_FILE} and {DISTRICTS_FILE}"
        )
    return found


def districts_of(provinces: tuple[str, ...], target: Path) -> Path:
    """A GeoJSON file of the shared districts of some provinces only (a quick load for tests)."""
    document = json.loads((shared_geo() / DISTRICTS_FILE).read_text(encoding="utf-8"))
    kept = [f for f in document["features"] if f["properties"]["code"][:2] in provinces]
    document["features"] = kept
    target.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return target


def followed() -> list[int]:
    """Wait for the national lake's followers this process started (lake/follow.py); their exit
    statuses (0: committed or held, 1: a province failed)."""
    return [process.wait() for process in follow.started()]


def waiting_follower(home: Home, province: str) -> subprocess.Popen[bytes]:
    """The one lake follower this process started: `tonbaeb lake catch-up` of this home and
    province, still running (it waits for the lake, which the test holds)."""
    [follower] = follow.started()
    assert follower.args[3:] == [
        "lake",
        "catch-up",
        "--home",
        str(home.root),
        "--province",
        province,
    ]
    assert follower.poll() is None  # the run or the upload did not wait for the lake
    return follower


@pytest.fixture(autouse=True)
def no_follower_left() -> Iterator[None]:
    """Every lake follower a test started has ended when the test ends."""
    yield
    followed()


@pytest.fixture
def home(tmp_path: Path) -> Home:
    """An empty tonbaeb home folder."""
    return Home(tmp_path / "home")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """A writable copy of the fixture submissions; returns its sources.toml."""
    target = tmp_path / "inbox"
    shutil.copytree(FIXTURES, target)
    return target / "sources.toml"


@pytest.fixture(scope="session")
def postgres() -> Iterator[throwaway_postgres.Cluster]:
    """The test run's PostgreSQL cluster (stopped and removed afterwards)."""
    try:
        with throwaway_postgres.Cluster.started() as cluster:
            yield cluster
    except LookupError as missing:
        pytest.fail(str(missing))


@pytest.fixture(params=["sqlite", "postgresql"])
def state_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str | None:
    """Each state-store test twice: on the SQLite file (None: the default) and on PostgreSQL.

    The URL is also TONBAEB_STATE_URL for the command line and the processes a test starts.
    """
    if request.param == "sqlite":
        monkeypatch.delenv("TONBAEB_STATE_URL", raising=False)
        return None
    url = request.getfixturevalue("postgres").new_database()
    monkeypatch.setenv("TONBAEB_STATE_URL", url)
    return str(url)
