"""Moving a store's rows: a copy into another store, and a dump to a file and back (backups).

Every table is read in one transaction (a consistent picture while servers write: SQLite's
snapshot, PostgreSQL's REPEATABLE READ) and written into an empty store at the newest revision
in one transaction, parents before children. A copy is checked: the row count of every table,
and the copy's audit chain.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, func, insert, select, text

from accounts import audit, tables
from accounts.database import Store

Dump = dict[str, list[dict[str, Any]]]
BATCH = 1000
NUMBERED = ("exemplar_decisions", "expansion_plans")  # ids the store gives (PostgreSQL: sequences)


class CopyError(RuntimeError):
    """A copy that cannot be made or does not match its source; the message says which table."""


def dump(store: Store) -> Dump:
    """Every row of every table, as of one moment."""
    with _snapshot(store) as con:
        return {
            table.name: [dict(row._mapping) for row in con.execute(select(table))]
            for table in tables.metadata.sorted_tables
        }


def load(store: Store, rows: Dump) -> dict[str, int]:
    """Write a dump into an empty store; the row count of each table."""
    with store.transaction() as con:
        for table in tables.metadata.sorted_tables:
            if con.execute(select(func.count()).select_from(table)).scalar():
                raise CopyError(f"{_shown(store)}: table {table.name} is not empty")
        for table in tables.metadata.sorted_tables:
            found = rows.get(table.name, [])
            for start in range(0, len(found), BATCH):
                con.execute(insert(table), found[start : start + BATCH])
        if store.dialect == "postgresql":
            _renumber(con)
    return {table.name: len(rows.get(table.name, [])) for table in tables.metadata.sorted_tables}


def counts(store: Store) -> dict[str, int]:
    """The row count of each table."""
    with _snapshot(store) as con:
        return {
            table.name: int(con.execute(select(func.count()).select_from(table)).scalar() or 0)
            for table in tables.metadata.sorted_tables
        }


def copy(source: Store, target: Store) -> dict[str, int]:
    """Copy every row of `source` into the empty `target`, then check it; the row counts."""
    written = load(target, dump(source))
    found = counts(target)
    if found != written:
        wrong = [name for name in written if found.get(name) != written[name]]
        raise CopyError(f"{_shown(target)}: the copy's row counts differ in {', '.join(wrong)}")
    _count, problem = audit.verify(target)
    if problem is not None:
        raise CopyError(
            f"{_shown(target)}: the copy's audit log: entry {problem.entry_id}: {problem.why}"
        )
    return written


@contextmanager
def _snapshot(store: Store) -> Iterator[Connection]:
    with store.engine.connect() as con:
        if store.dialect == "postgresql":
            con = con.execution_options(isolation_level="REPEATABLE READ")
        with con.begin():
            yield con


def _renumber(con: Connection) -> None:
    """PostgreSQL: the next id each numbered table gives follows the ids copied into it."""
    for name in NUMBERED:
        con.execute(
            text(
                f"select setval(pg_get_serial_sequence('{name}', 'id'),"
                f" coalesce((select max(id) from {name}), 0) + 1, false)"
            )
        )


def _shown(store: Store) -> str:
    return store.url.render_as_string(hide_password=True)
