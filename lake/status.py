"""Which warehouse version of each province the lake holds, kept in the state store.

One row per province in `lake_provinces` (accounts/tables.py; pyiceberg's own `iceberg_*` catalog
tables sit beside the application's in the same database): the version the lake last committed,
and the last failure to commit a newer one. The run summary and the data-quality page read it;
nothing here imports pyiceberg, so reading it costs one small query.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from accounts.database import Store
from accounts.store import open_store
from core.home import Home


@dataclass(frozen=True)
class Held:
    """What the lake holds of one province, and why it is behind, if it failed to catch up."""

    province: str
    version: str | None
    failure: str | None = None


def enabled(home: Home) -> bool:
    """Whether publishes are committed to the lake: HOME/settings.toml [lake] enabled = true."""
    return home.settings("lake").get("enabled") is True


@contextmanager
def _store(home: Home) -> Iterator[Store]:
    store = open_store(home)
    try:
        yield store
    finally:
        store.close()


def held(home: Home, store: Store | None = None) -> dict[str, Held]:
    """Per province, what the lake holds; {} when the lake is off or nothing was recorded.

    Read through `store` when given (a server's own), else through a store opened for the call."""
    if not enabled(home):
        return {}
    query = "select province_code, warehouse_version, failure from lake_provinces"
    if store is not None:
        rows = store.execute(query).fetchall()
    else:
        with _store(home) as opened:
            rows = opened.execute(query).fetchall()
    return {row[0]: Held(row[0], row[1], row[2]) for row in rows}


def record_commit(home: Home, province: str, version: str) -> None:
    """The lake now holds this version of the province."""
    with _store(home) as store:
        store.execute(
            "insert into lake_provinces (province_code, warehouse_version, committed_at) "
            "values (:province, :version, :now) on conflict (province_code) do update set "
            "warehouse_version = excluded.warehouse_version, "
            "committed_at = excluded.committed_at, failure = null, failed_at = null",
            {"province": province, "version": version, "now": time.time()},
        )


def record_failure(home: Home, province: str, why: str) -> None:
    """The lake could not commit the province's published version; best effort (the store may be
    what failed: the lake is then found behind by comparing versions all the same)."""
    with suppress(SQLAlchemyError, OSError), _store(home) as store:
        store.execute(
            "insert into lake_provinces (province_code, failure, failed_at) "
            "values (:province, :why, :now) on conflict (province_code) do update set "
            "failure = excluded.failure, failed_at = excluded.failed_at",
            {"province": province, "why": why[:2000], "now": time.time()},
        )


def forget(home: Home) -> None:
    """The lake holds nothing (it is being rebuilt)."""
    with _store(home) as store:
        store.execute("delete from lake_provinces")
