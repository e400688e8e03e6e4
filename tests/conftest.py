"""Shared fixtures: a tmp home, the small fixture district, a loaded warehouse."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import tasks
from core.home import Home

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


class Postgres:
    """A throw-away PostgreSQL cluster on 127.0.0.1 (a free port), made for this test run."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        self.made = 0

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of one database of the cluster (psycopg 3)."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        import psycopg

        self.made += 1
        name = f"t{os.getpid()}_{self.made}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres", autocommit=True
        ) as con:
            con.execute(f'create database "{name}"')
        return self.url(name)


def _as_postgres(command: list[str]) -> list[str]:
    """As root, initdb and postgres refuse to run: run them as the `postgres` account."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """The test run's PostgreSQL cluster (stopped and removed afterwards)."""
    binaries = tasks.postgres_bin()
    if binaries is None:
        pytest.fail("PostgreSQL is missing: `python3 tasks.py test` installs Debian's postgresql")
    folder = Path(tempfile.mkdtemp(prefix="tonbaeb-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = folder / "data"
    subprocess.run(
        _as_postgres([str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                      "--no-sync", "-E", "UTF8", "--locale", "C"]),
        check=True, capture_output=True,
    )  # fmt: skip
    options = (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    )
    subprocess.run(
        _as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                      str(folder / "log"), "-w", "start"]),
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        yield Postgres(folder, port)
    finally:
        subprocess.run(
            _as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            check=False, capture_output=True,
        )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


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
