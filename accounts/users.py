"""Accounts: add, list, disable, reset, and authenticate with lockout."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

import geothai

from accounts import passwords
from accounts.scope import ROLES, Scope

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60
IP_WINDOW_SECONDS = 15 * 60
IP_MAX_FAILURES = 30
ALL_PROVINCES = "*"


class AccountError(ValueError):
    """An account request that cannot be done; the message says why."""


@dataclass(frozen=True)
class User:
    """One account as listed (never with its hash)."""

    username: str
    role: str
    province_code: str | None
    district_code: str | None
    disabled: bool


def add_user(
    store: sqlite3.Connection,
    username: str,
    role: str,
    province: str | None,
    district: str | None,
    password: str,
) -> User:
    """Create an account; raises AccountError for a bad role, scope, name or password."""
    username = username.strip()
    if not username or len(username) > 64 or not username.isprintable() or " " in username:
        raise AccountError("a user name is 1-64 printable characters without spaces")
    province, district = _checked_scope(role, province, district)
    _check_password(password)
    now = time.time()
    try:
        store.execute(
            "insert into users (username, role, province_code, district_code, password_hash,"
            " created_at, password_changed_at) values (?, ?, ?, ?, ?, ?, ?)",
            [username, role, province, district, passwords.hash_password(password), now, now],
        )
    except sqlite3.IntegrityError as error:
        raise AccountError(f"user {username!r} already exists") from error
    return User(username, role, province, district, False)


def list_users(store: sqlite3.Connection, province: str | None = None) -> list[User]:
    """Accounts, optionally of one province, by name."""
    rows = store.execute(
        "select * from users where ? is null or province_code = ? order by username", [province, province]
    ).fetchall()
    return [User(r["username"], r["role"], r["province_code"], r["district_code"], bool(r["disabled"])) for r in rows]


def disable_user(store: sqlite3.Connection, username: str) -> None:
    """Disable an account and end its sessions at once."""
    _require(store, username)
    store.execute("update users set disabled = 1 where username = ?", [username])
    store.execute("delete from sessions where username = ?", [username])


def reset_password(store: sqlite3.Connection, username: str, password: str) -> None:
    """Set a new password, unlock the account and end its sessions."""
    _require(store, username)
    _check_password(password)
    store.execute(
        "update users set password_hash = ?, password_changed_at = ?, failed_logins = 0, locked_until = 0"
        " where username = ?",
        [passwords.hash_password(password), time.time(), username],
    )
    store.execute("delete from sessions where username = ?", [username])


def authenticate(
    store: sqlite3.Connection, username: str, password: str, ip: str, now: float | None = None
) -> tuple[Scope | None, str]:
    """(scope, "ok") on success, else (None, why): "invalid", "locked" or "throttled"."""
    now = time.time() if now is None else now
    recent = store.execute(
        "select count(*) from login_failures where ip = ? and at > ?", [ip, now - IP_WINDOW_SECONDS]
    ).fetchone()[0]
    if recent >= IP_MAX_FAILURES:
        return None, "throttled"
    row = store.execute("select * from users where username = ?", [username]).fetchone()
    if row is None:
        passwords.verify(passwords.dummy_hash(), password)
        _failed(store, None, ip, now)
        return None, "invalid"
    if row["locked_until"] > now:
        return None, "locked"
    if row["disabled"] or not passwords.verify(row["password_hash"], password):
        _failed(store, username, ip, now)
        return None, "invalid"
    if passwords.needs_rehash(row["password_hash"]):
        store.execute(
            "update users set password_hash = ? where username = ?", [passwords.hash_password(password), username]
        )
    store.execute("update users set failed_logins = 0, locked_until = 0 where username = ?", [username])
    return scope_of(row), "ok"


def scope_for(store: sqlite3.Connection, username: str) -> Scope | None:
    """The scope of an enabled account, or None."""
    row = store.execute("select * from users where username = ? and disabled = 0", [username]).fetchone()
    return scope_of(row) if row else None


def scope_of(row: sqlite3.Row) -> Scope:
    """A Scope from a stored account; anything unclear gives a scope that sees nothing."""
    role = row["role"] if row["role"] in ROLES else "none"
    return Scope(row["username"], role, row["province_code"], row["district_code"])


def _failed(store: sqlite3.Connection, username: str | None, ip: str, now: float) -> None:
    store.execute("insert into login_failures (ip, at) values (?, ?)", [ip, now])
    store.execute("delete from login_failures where at < ?", [now - IP_WINDOW_SECONDS])
    if username is None:
        return
    store.execute(
        "update users set failed_logins = failed_logins + 1,"
        " locked_until = case when failed_logins + 1 >= ? then ? else locked_until end where username = ?",
        [MAX_FAILURES, now + LOCK_SECONDS, username],
    )


def _checked_scope(role: str, province: str | None, district: str | None) -> tuple[str | None, str | None]:
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if role == "national":
        if district:
            raise AccountError("a national account has no district")
        return None, None
    if role == "admin" and province == ALL_PROVINCES:
        return ALL_PROVINCES, None
    if not province or geothai.province(province) is None:
        raise AccountError(f"{role} needs a DOPA province code (--province), not {province!r}")
    if role == "officer":
        found = geothai.district(district or "")
        if found is None or found.province_code != province:
            raise AccountError(f"an officer needs a district of province {province} (--district)")
        return province, district
    if district:
        raise AccountError(f"a {role} account covers a whole province; drop --district")
    return province, None


def _check_password(password: str) -> None:
    if len(password) < passwords.MIN_LENGTH:
        raise AccountError(f"a password has at least {passwords.MIN_LENGTH} characters")


def _require(store: sqlite3.Connection, username: str) -> None:
    if store.execute("select 1 from users where username = ?", [username]).fetchone() is None:
        raise AccountError(f"no user {username!r}")
