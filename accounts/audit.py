"""The audit log: who saw personal data or exported, when, and from where.

Each entry is structured (action, detail and named fields as JSON) and chained: its hash is
SHA-256 of the previous entry's hash and its own canonical fields, and `audit_head` holds the
last entry's id and hash. Changing, inserting or deleting any entry (the last one too) breaks
the chain, which `verify` finds. Text is stored as given and escaped only when shown.
"""

from __future__ import annotations

import hashlib
import json
import time
import unicodedata
from typing import Any, NamedTuple

from sqlalchemy import select

from accounts import tables
from accounts.database import Record, Store
from accounts.scope import Scope

Field = str | int | float | None


class Problem(NamedTuple):
    """The first entry where the chain breaks, and why."""

    entry_id: int
    why: str


def record(
    store: Store,
    scope: Scope,
    action: str,
    detail: str,
    ip: str | None,
    **fields: Field,
) -> None:
    """Write one audit entry (inside the caller's transaction if there is one)."""
    values = {k: v for k, v in fields.items() if isinstance(v, str | int | float) or v is None}
    with store.transaction():  # writers take turns: one chain across every process and host
        head = store.execute("select last_id, hash from audit_head where one = 1").fetchone()
        last_id, last_hash = (head["last_id"], head["hash"]) if head else (0, "")
        entry_id: int = last_id + 1
        entry = {
            "id": entry_id,
            "at": time.time(),
            "username": scope.username,
            "role": scope.role,
            "province_code": scope.province_code,
            "action": action,
            "detail": detail,
            "ip": ip,
            "fields": json.dumps(values, ensure_ascii=False, sort_keys=True),
        }
        insert_entry(store, entry | {"hash": chain_hash(last_hash, entry)})


def insert_entry(store: Store, entry: dict[str, Any]) -> None:
    """Write one chained entry and make it the head (inside `record`'s transaction)."""
    store.execute(
        "insert into audit (id, at, username, role, province_code, action, detail, ip, fields, hash)"
        " values (:id, :at, :username, :role, :province_code, :action, :detail, :ip, :fields, :hash)",
        entry,
    )
    _set_head(store, int(entry["id"]), str(entry["hash"]))


def chain_hash(previous: str, entry: Record | dict[str, object]) -> str:
    """SHA-256 of the previous hash and the entry's canonical fields."""
    canonical = json.dumps(
        [
            entry["id"],
            entry["at"],
            entry["username"],
            entry["role"],
            entry["province_code"],
            entry["action"],
            entry["detail"],
            entry["ip"],
            entry["fields"],
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(f"{previous}\n{canonical}".encode()).hexdigest()


def verify(store: Store) -> tuple[int, Problem | None]:
    """(entries checked, the first problem or None)."""
    previous, last_id, count = "", 0, 0
    for row in store.execute("select * from audit order by id"):
        count += 1
        if row["id"] != last_id + 1:
            return count, Problem(row["id"], f"entry {last_id + 1} before it is missing")
        if row["hash"] != chain_hash(previous, row):
            return count, Problem(
                row["id"], "changed (its hash does not match its fields and the entry before)"
            )
        previous, last_id = row["hash"], row["id"]
    head = store.execute("select last_id, hash from audit_head where one = 1").fetchone()
    expected = (head["last_id"], head["hash"]) if head else (0, "")
    if expected != (last_id, previous):
        return count, Problem(
            last_id + 1,
            f"the log ends at entry {last_id}, its head names entry {expected[0]}:"
            " entries at the end were deleted or the head was changed",
        )
    return count, None


def head_hash(store: Store) -> str:
    """The last entry's hash (note it elsewhere to prove later that nothing was rewritten)."""
    head = store.execute("select hash from audit_head where one = 1").fetchone()
    return head["hash"] if head else ""


def read(store: Store, province: str | None, limit: int = 200) -> list[Record]:
    """The newest entries first, of one province (None: every province)."""
    query = select(tables.audit).order_by(tables.audit.c.at.desc(), tables.audit.c.id.desc())
    if province is not None:
        query = query.where(tables.audit.c.province_code == province)
    return store.execute(query.limit(limit)).fetchall()


def shown(value: object) -> str:
    """Text safe for a terminal: control, format and separator characters (and backslash) escaped."""
    out = []
    for ch in "-" if value is None else str(value):
        if ch == "\\":
            out.append("\\\\")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            code = ord(ch)
            out.append(
                f"\\x{code:02x}"
                if code < 0x100
                else f"\\u{code:04x}"
                if code < 0x10000
                else f"\\U{code:08x}"
            )
        else:
            out.append(ch)
    return "".join(out)


def _set_head(store: Store, last_id: int, digest: str) -> None:
    store.execute(
        "insert into audit_head (one, last_id, hash) values (1, :last_id, :hash)"
        " on conflict (one) do update set last_id = excluded.last_id, hash = excluded.hash",
        {"last_id": last_id, "hash": digest},
    )
