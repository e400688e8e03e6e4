"""Locks of one writer at a time: a file lock on one host, PostgreSQL's advisory locks across hosts.

Which kind follows the state store's address: with the SQLite file every writer is on this host,
so `fcntl.flock` on a lock file does; with PostgreSQL the servers and timers of several hosts
share the store, so its session advisory locks do (held on a connection of their own for as long
as the block runs; released by PostgreSQL if the process dies). Whoever holds a lock is written
down (the lock file, or the table `lock_holders`), so one who cannot wait can say who holds it.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import text

from accounts import tables
from accounts.database import Store
from accounts.store import open_store, state_url
from core.home import Home


class Held(RuntimeError):
    """A lock another process holds (raised only when not waiting); the message names it."""


def holder() -> str:
    """This process, as a lock's holder is written down: host, pid and since when."""
    since = datetime.now().isoformat(timespec="seconds")
    return f"{socket.gethostname()} pid {os.getpid()} since {since}"


@contextmanager
def exclusive(home: Home, name: str, lock_file: Path, *, wait: bool) -> Iterator[None]:
    """Hold the lock NAME for the block (`lock_file` with SQLite's store); Held if not `wait`."""
    if state_url(home).get_backend_name() != "postgresql":
        with _flock(lock_file, name, wait=wait):
            yield
        return
    store = open_store(home)
    try:
        with _advisory(store, name, wait=wait):
            yield
    finally:
        store.close()


def advisory_key(name: str) -> int:
    """A lock's 64-bit advisory key (signed, as PostgreSQL's bigint)."""
    return int.from_bytes(
        hashlib.sha256(f"tonbaeb:{name}".encode()).digest()[:8], "big", signed=True
    )


@contextmanager
def _flock(path: Path, name: str, *, wait: bool) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError as error:
            handle.seek(0)
            who = handle.read().decode("utf-8", "replace").strip() or "another process"
            raise Held(f"{name} is held by {who}") from error
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(holder().encode())
            handle.flush()
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _advisory(store: Store, name: str, *, wait: bool) -> Iterator[None]:
    key = {"key": advisory_key(name)}
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as con:
        if wait:
            con.execute(text("select pg_advisory_lock(:key)"), key)
        elif not con.execute(text("select pg_try_advisory_lock(:key)"), key).scalar():
            who = store.execute(
                tables.holders.select().where(tables.holders.c.name == name)
            ).fetchone()
            raise Held(f"{name} is held by {who['holder'] if who else 'another process'}")
        try:
            store.execute(
                "insert into lock_holders (name, holder, since) values (:name, :holder, :since)"
                " on conflict (name) do update set holder = excluded.holder, since = excluded.since",
                {"name": name, "holder": holder(), "since": time.time()},
            )
            yield
        finally:
            store.execute("delete from lock_holders where name = :name", {"name": name})
            con.execute(text("select pg_advisory_unlock(:key)"), key)
