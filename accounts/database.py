"""Connections to the state store (SQLAlchemy Core): SQLite's file or PostgreSQL.

SQLite: WAL mode, a busy timeout (writers of several processes wait, not fail), foreign keys,
and `begin immediate` for a writing transaction. PostgreSQL (`postgresql+psycopg://`): a pool
that checks each connection before use.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, CursorResult, Row
from sqlalchemy.sql import Executable

Params = Mapping[str, Any] | Sequence[Mapping[str, Any]] | None
WRITER_LOCK = {"key": 0x746F6E62}  # PostgreSQL's advisory lock of writing transactions
SQLITE_PRAGMAS = (
    "pragma journal_mode = wal",
    "pragma busy_timeout = 30000",
    "pragma foreign_keys = on",
    "pragma synchronous = normal",
)


class Record:
    """One row, by position or by column name (`row[0]`, `row["username"]`, `dict(row)`)."""

    __slots__ = ("_row",)

    def __init__(self, row: Row[Any]) -> None:
        self._row = row

    def __getitem__(self, key: int | str) -> Any:
        return self._row[key] if isinstance(key, int) else self._row._mapping[key]

    def keys(self) -> list[str]:
        """The column names, in order."""
        return list(self._row._mapping.keys())

    def __len__(self) -> int:
        return len(self._row)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._row)

    def __repr__(self) -> str:
        return f"Record({dict(self._row._mapping)!r})"


@dataclass(frozen=True)
class Rows:
    """What a statement returned (read in full) and how many rows it changed."""

    records: list[Record]
    rowcount: int

    def fetchone(self) -> Record | None:
        """The first row, or None."""
        return self.records[0] if self.records else None

    def fetchall(self) -> list[Record]:
        """Every row."""
        return self.records

    def scalar(self) -> Any:
        """The first column of the first row (None when there is no row)."""
        return self.records[0][0] if self.records else None

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)


class Store:
    """A pool of connections to one store; each thread has its own transaction."""

    def __init__(self, url: URL, wait_seconds: float = 30.0) -> None:
        self.url = url
        self.dialect = url.get_backend_name()
        self.engine = engine_for(url, wait_seconds)
        self._local = threading.local()

    def execute(self, statement: str | Executable, params: Params = None) -> Rows:
        """Run one statement (text with :named parameters, or a Core statement).

        Inside `transaction()` it joins it; otherwise it is a transaction of its own.
        """
        query = text(statement) if isinstance(statement, str) else statement
        con = self.connection
        if con is not None:
            return _rows(con.execute(query, params))
        with self.engine.connect() as own:
            found = _rows(own.execute(query, params))
            own.commit()
        return found

    @property
    def connection(self) -> Connection | None:
        """This thread's connection while in `transaction()`, else None."""
        con: Connection | None = getattr(self._local, "connection", None)
        return con

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One writing transaction (joined when already in one): all of it is kept, or none.

        Writing transactions take turns, on every process and host: SQLite takes its writer lock
        at the start (`begin immediate`), PostgreSQL a transaction advisory lock (WRITER_LOCK).
        So what is read inside stays true until the commit (a decision's checks, the audit
        chain's head), as in one process.
        """
        joined = self.connection
        if joined is not None:
            yield joined
            return
        with self.engine.connect() as con:
            con = con.execution_options(tonbaeb_writer=True)
            self._local.connection = con
            try:
                with con.begin():
                    if self.dialect == "postgresql":
                        con.execute(text("select pg_advisory_xact_lock(:key)"), WRITER_LOCK)
                    yield con
            finally:
                self._local.connection = None

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _rows(result: CursorResult[Any]) -> Rows:
    records = [Record(row) for row in result] if result.returns_rows else []
    return Rows(records, result.rowcount)


def engine_for(url: URL, wait_seconds: float = 30.0) -> Engine:
    """An engine for the store at `url`; `wait_seconds` for a connection or SQLite's lock."""
    if url.get_backend_name() != "sqlite":
        return create_engine(
            url,
            pool_pre_ping=True,
            pool_size=5,
            max_overflow=10,
            connect_args={"connect_timeout": max(1, round(wait_seconds))},
        )
    engine = create_engine(url, connect_args={"timeout": wait_seconds, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions begin as `_begin` says
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma.replace("30000", str(round(wait_seconds * 1000))))
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(con: Connection) -> None:
        writer = con.get_execution_options().get("tonbaeb_writer")
        con.exec_driver_sql("begin immediate" if writer else "begin")

    return engine
