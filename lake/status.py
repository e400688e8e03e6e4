"""Which warehouse version of each province the lake holds, kept in the state store's database.

One row per province in `lake_provinces` (beside pyiceberg's own `iceberg_*` catalog tables, apart
from the application's tables): the version the lake last committed, and the last failure to
commit a newer one. The run summary and the data-quality page read it; nothing here imports
pyiceberg, so reading it costs one small query.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from core.home import Home

SCHEMA = """
create table if not exists lake_provinces (
    province_code text primary key,
    warehouse_version text,      -- the version the lake holds (null: none yet)
    committed_at real,
    failure text,                -- why the last attempt to commit a newer version failed
    failed_at real
)
"""


@dataclass(frozen=True)
class Held:
    """What the lake holds of one province, and why it is behind, if it failed to catch up."""

    province: str
    version: str | None
    failure: str | None = None


def database(home: Home) -> Path:
    """The state store's SQLite file, which also holds the lake's catalog."""
    return home.state / "app.sqlite"


def enabled(home: Home) -> bool:
    """Whether publishes are committed to the lake: HOME/settings.toml [lake] enabled = true."""
    return home.settings("lake").get("enabled") is True


@contextmanager
def _connected(home: Home) -> Iterator[sqlite3.Connection]:
    home.state.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(database(home), timeout=30)) as con:
        con.execute(SCHEMA)
        with con:
            yield con


def held(home: Home) -> dict[str, Held]:
    """Per province, what the lake holds; {} when nothing was ever committed or recorded."""
    if not database(home).is_file():
        return {}
    with _connected(home) as con:
        rows = con.execute(
            "select province_code, warehouse_version, failure from lake_provinces"
        ).fetchall()
    return {row[0]: Held(row[0], row[1], row[2]) for row in rows}


def record_commit(home: Home, province: str, version: str) -> None:
    """The lake now holds this version of the province."""
    with _connected(home) as con:
        con.execute(
            "insert into lake_provinces (province_code, warehouse_version, committed_at) "
            "values (?, ?, ?) on conflict (province_code) do update set "
            "warehouse_version = excluded.warehouse_version, "
            "committed_at = excluded.committed_at, failure = null, failed_at = null",
            [province, version, time.time()],
        )


def record_failure(home: Home, province: str, why: str) -> None:
    """The lake could not commit the province's published version; best effort (the store may be
    what failed: the lake is then found behind by comparing versions all the same)."""
    with suppress(sqlite3.Error, OSError), _connected(home) as con:
        con.execute(
            "insert into lake_provinces (province_code, failure, failed_at) values (?, ?, ?) "
            "on conflict (province_code) do update set "
            "failure = excluded.failure, failed_at = excluded.failed_at",
            [province, why[:2000], time.time()],
        )


def forget(home: Home) -> None:
    """The lake holds nothing (it is being rebuilt)."""
    with _connected(home) as con:
        con.execute("delete from lake_provinces")
