"""The audit log: who saw personal data or exported, when, and from where."""

from __future__ import annotations

import sqlite3
import time

from accounts.scope import Scope


def record(store: sqlite3.Connection, scope: Scope, action: str, detail: str, ip: str | None) -> None:
    """Write one audit entry."""
    store.execute(
        "insert into audit (at, username, role, province_code, action, detail, ip) values (?, ?, ?, ?, ?, ?, ?)",
        [time.time(), scope.username, scope.role, scope.province_code, action, detail, ip],
    )


def read(store: sqlite3.Connection, province: str | None, limit: int = 200) -> list[sqlite3.Row]:
    """The newest entries first, of one province (None: every province)."""
    return store.execute(
        "select * from audit where ? is null or province_code = ? order by at desc, id desc limit ?",
        [province, province, limit],
    ).fetchall()
