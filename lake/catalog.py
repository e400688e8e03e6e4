"""The lake's catalog and storage: pyiceberg's SQL catalog `tonbaeb` in the state store's database,
the data under HOME/lake/ (a `file://` warehouse).

HOME/settings.toml `[lake]` may name another `uri` (the SQLAlchemy URI of a PostgreSQL state
store) or `warehouse` (an object store, `s3://bucket/tonbaeb`), and any pyiceberg catalog
property (`"s3.endpoint" = "..."`): the tables and what is committed stay the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pyiceberg.catalog.sql import SqlCatalog

from accounts.locks import exclusive
from accounts.store import open_store, state_url
from core.home import Home

NAME = "tonbaeb"  # the catalog's name, and the namespace of every table
OWN_SETTINGS = ("enabled",)


def folder(home: Home) -> Path:
    """Where the lake's files are, when the warehouse is the home's own folder."""
    return home.root / "lake"


def properties(home: Home) -> dict[str, str]:
    """The catalog's properties: the defaults, then [lake] of HOME/settings.toml."""
    chosen: dict[str, Any] = {
        "uri": state_url(home).render_as_string(hide_password=False),
        "warehouse": folder(home).as_uri(),
    }
    chosen |= {k: v for k, v in home.settings("lake").items() if k not in OWN_SETTINGS}
    return {k: str(v) for k, v in chosen.items()}


def local(home: Home) -> Path | None:
    """The lake's folder when its warehouse is on this machine (file://), else None."""
    warehouse = properties(home)["warehouse"]
    return Path(warehouse.removeprefix("file://")) if warehouse.startswith("file://") else None


def opened(home: Home) -> SqlCatalog:
    """The catalog, its tables made if missing (pyiceberg's iceberg_tables and
    iceberg_namespace_properties), and the namespace. The state store is made first, if new, so
    that the catalog's tables never make a new store look like a foreign one."""
    open_store(home).close()
    place = local(home)
    if place is not None:
        place.mkdir(parents=True, exist_ok=True)
    catalog = SqlCatalog(NAME, **properties(home))
    catalog.create_namespace_if_not_exists(NAME)
    return catalog


@contextmanager
def session(home: Home) -> Iterator[SqlCatalog]:
    """The catalog, its database connections closed after the block (a server process commits
    an upload's publish now and then: it keeps no pool open in between)."""
    catalog = opened(home)
    try:
        yield catalog
    finally:
        catalog.engine.dispose()


@contextmanager
def writing(home: Home) -> Iterator[None]:
    """The lake's one writer at a time (provinces load side by side; each commits in turn): the
    lock "lake" (accounts/locks.py: a file in the state folder with the SQLite store, an advisory
    lock across hosts with PostgreSQL). So a lake folder that cannot be written still fails at the
    commit (and is reported), not here."""
    with exclusive(home, "lake", home.state / "lake.lock", wait=True):
        yield
