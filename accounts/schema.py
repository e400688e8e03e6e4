"""Making and upgrading the store's schema: Alembic's revisions, run from here.

A new store (no tables) is made at the newest revision when it is first opened. A store behind
it is never changed by opening it: `tonbaeb state upgrade` (`upgrade`) does that, and until then
`open_store` raises Outdated, naming the command. A SQLite store of the migrations from before
Alembic (accounts.legacy) takes the steps it lacks, then is stamped at the baseline (which is
the schema of their last step) and upgraded from there.
"""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

from accounts import legacy
from accounts.database import Store

MIGRATIONS = Path(__file__).parent / "migrations"
BASELINE = "0001"
UPGRADE_COMMAND = "tonbaeb state upgrade"


class Outdated(RuntimeError):
    """A store that needs an upgrade (or is not a tonbaeb store); the message says what to run."""


@functools.cache
def head() -> str:
    """The newest revision."""
    found = ScriptDirectory.from_config(_config(None)).get_current_head()
    assert found is not None
    return found


def revision(store: Store) -> str | None:
    """The store's revision (None: new, or of the migrations before Alembic)."""
    with store.engine.connect() as con:
        return MigrationContext.configure(con).get_current_revision()


def ready(store: Store) -> None:
    """Make a new store at the newest revision; raise Outdated if it is behind it."""
    if revision(store) == head():
        return
    with store.transaction() as con:
        current = MigrationContext.configure(con).get_current_revision()
        if current is None and _empty(con):
            command.upgrade(_config(con), "head")
            return
        if current != head():
            raise Outdated(
                f"the state store ({_shown(store)}) is at revision {current or 'none'}, this "
                f"version of tonbaeb needs {head()}: run `{UPGRADE_COMMAND}` (with the same --home)"
            )


def upgrade(store: Store) -> tuple[str | None, str]:
    """Bring the store to the newest revision; (revision before, revision now)."""
    with store.transaction() as con:
        before = MigrationContext.configure(con).get_current_revision()
        if before is None and not _empty(con):
            if store.dialect != "sqlite" or legacy.version(con) == 0:
                raise Outdated(f"{_shown(store)}: tables but no revision: not a tonbaeb store")
            before = f"user_version {legacy.version(con)}"
            legacy.take_missing_steps(con)
            command.stamp(_config(con), BASELINE)
        command.upgrade(_config(con), "head")
    return before, head()


def _empty(con: Connection) -> bool:
    return not set(inspect(con).get_table_names()) - {"alembic_version"}


def _shown(store: Store) -> str:
    return store.url.render_as_string(hide_password=True)


def _config(con: Connection | None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = con
    return config
