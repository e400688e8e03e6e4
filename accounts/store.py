"""The application-state store: accounts, sessions, audit, decisions, plans and records.

At the address `state_url` gives: by default a SQLite file under HOME/state (one host; several
server processes write to it at once), or PostgreSQL for several hosts (docs/operations.md).
Reloading data never touches it. `open_store` makes a new store; one made by an older version
waits for `tonbaeb state upgrade` (accounts.schema).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from accounts import schema
from accounts.database import Store, engine_for
from core.home import Home


def state_url(home: Home) -> URL:
    """The store's address: the home's state URL, else [state] url in settings, else the file."""
    chosen = home.state_url or home.settings("state").get("url")
    if isinstance(chosen, str) and chosen.strip():
        return make_url(chosen.strip())
    return URL.create("sqlite", database=str(home.state / "app.sqlite"))


def made(home: Home) -> bool:
    """Whether the home's store may hold anything: a SQLite store once its file exists, a
    database server's always (it is made before the home uses it)."""
    url = state_url(home)
    return url.get_backend_name() != "sqlite" or Path(url.database or "").is_file()


def connect(home: Home) -> Store:
    """The store of a home, as it is (see accounts.schema for making or upgrading it)."""
    url = state_url(home)
    if url.get_backend_name() == "sqlite" and url.database:
        _private_file(Path(url.database))
    return Store(url)


def open_store(home: Home) -> Store:
    """The store of a home, made if it is new; raises schema.Outdated if it needs an upgrade."""
    store = connect(home)
    try:
        schema.ready(store)
    except BaseException:
        store.close()
        raise
    return store


def writable(home: Home, wait_seconds: float = 2.0) -> bool:
    """Whether the store can take a write within `wait_seconds` (for /healthz); writes nothing."""
    if not made(home):
        return False
    url = state_url(home)
    try:
        engine = engine_for(url, wait_seconds)
        try:
            with engine.connect() as con:
                con = con.execution_options(tonbaeb_writer=True)
                with con.begin() as transaction:
                    con.execute(text("select count(*) from users")).scalar()
                    transaction.rollback()
        finally:
            engine.dispose()
    except SQLAlchemyError:
        return False
    return True


def _private_file(path: Path) -> None:
    """The SQLite file and its folder, made if needed: the owner's alone."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)  # accounts, sessions and the audit log: the owner only
