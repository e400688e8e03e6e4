"""Accounts: add, list, disable, reset, change a password, and authenticate (throttled).

Every name given is looked up as `names.normal_name` spells it (`DIR64` is the account `dir64`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import geothai
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from accounts import names, passwords, tables, throttle
from accounts.database import Record, Store
from accounts.scope import ROLES, Scope
from core.texts import N_, Said

ALL_PROVINCES = "*"


class AccountError(Said):
    """An account request that cannot be done; the message says why (`said(lang)`: what the
    password page shows; the rest is for the command line, in English)."""


class Waiting(AccountError):
    """A password try refused unchecked: too many wrong ones just before (see throttle)."""


@dataclass(frozen=True)
class User:
    """One account as listed (never with its hash)."""

    username: str
    role: str
    province_code: str | None
    district_code: str | None
    disabled: bool


def add_user(
    store: Store,
    username: str,
    role: str,
    province: str | None,
    district: str | None,
    password: str,
    *,
    must_change: bool = False,
) -> User:
    """Create an account; raises AccountError for a bad role, scope, name or password.

    The name is kept normalised (see accounts/names.py); one that looks like an existing
    account's or mixes scripts is refused.
    `must_change`: made by an administrator, so the user must choose a new password at first login.
    """
    username = names.normal_name(username)
    if not username or len(username) > 64 or not username.isprintable() or " " in username:
        raise AccountError("a user name is 1-64 printable characters without spaces")
    _check_new_name(store, username)
    province, district = _checked_scope(role, province, district)
    _check_password(password, username)
    now = time.time()
    try:
        store.execute(
            "insert into users (username, role, province_code, district_code, password_hash,"
            " created_at, password_changed_at, must_change_password) values (:username, :role,"
            " :province, :district, :hash, :now, :now, :must_change)",
            {
                "username": username,
                "role": role,
                "province": province,
                "district": district,
                "hash": passwords.hash_password(password),
                "now": now,
                "must_change": int(must_change),
            },
        )
    except IntegrityError as error:
        raise AccountError(f"user {username!r} already exists") from error
    return User(username, role, province, district, False)


def list_users(store: Store, province: str | None = None) -> list[User]:
    """Accounts, optionally of one province, by name."""
    query = select(tables.users).order_by(tables.users.c.username)
    if province is not None:
        query = query.where(tables.users.c.province_code == province)
    rows = store.execute(query).fetchall()
    return [
        User(r["username"], r["role"], r["province_code"], r["district_code"], bool(r["disabled"]))
        for r in rows
    ]


def disable_user(store: Store, username: str) -> None:
    """Disable an account and end its sessions at once."""
    username = _require(store, username)
    with store.transaction():
        store.execute("update users set disabled = 1 where username = :name", {"name": username})
        store.execute("delete from sessions where username = :name", {"name": username})


def reset_password(store: Store, username: str, password: str, *, must_change: bool = True) -> None:
    """Set a new password (to be changed at next login), clear the throttle and end its sessions."""
    username = _require(store, username)
    _check_password(password, username)
    hashed = passwords.hash_password(password)  # slow: not while holding the writers' turn
    with store.transaction():
        store.execute(
            "update users set password_hash = :hash, password_changed_at = :now,"
            " must_change_password = :must_change where username = :name",
            {
                "hash": hashed,
                "now": time.time(),
                "must_change": int(must_change),
                "name": username,
            },
        )
        throttle.clear(store, username)
        store.execute("delete from sessions where username = :name", {"name": username})


def change_password(
    store: Store,
    username: str,
    current: str,
    new: str,
    keep_session: str,
    ip: str,
    now: float | None = None,
) -> None:
    """The user's own change: the current password, then a new strong one; other sessions end.

    The current password is checked like a sign-in, on the same throttle: wrong ones are counted
    against the account and the address, and while they wait a try raises Waiting unchecked.
    """
    now = time.time() if now is None else now
    row = store.execute(
        "select * from users where username = :name and disabled = 0", {"name": username}
    ).fetchone()
    outcome = _checked_password(store, username, row, current, ip, now)
    if outcome == "waiting":
        raise Waiting(N_("too many wrong passwords: wait a moment, then try again"))
    if outcome != "ok":
        raise AccountError(N_("the current password is wrong"))
    if new == current:
        raise AccountError(N_("the new password must differ from the current one"))
    _check_password(new, username)
    hashed = passwords.hash_password(new)  # slow: not while holding the writers' turn
    with store.transaction():
        store.execute(
            "update users set password_hash = :hash, password_changed_at = :now,"
            " must_change_password = 0 where username = :name",
            {"hash": hashed, "now": now, "name": username},
        )
        store.execute(
            "delete from sessions where username = :name and token_hash != :keep",
            {"name": username, "keep": keep_session},
        )


def authenticate(
    store: Store, username: str, password: str, ip: str, now: float | None = None
) -> tuple[Scope | None, str]:
    """(scope, "ok") on success, else (None, "invalid") whatever went wrong.

    Unknown, wrong, throttled and disabled all take one Argon2 verification and the same
    writes, so neither the answer nor its time tells them apart.
    """
    now = time.time() if now is None else now
    username = names.normal_name(username)[: throttle.KEY_LENGTH]
    row = store.execute("select * from users where username = :name", {"name": username}).fetchone()
    if _checked_password(store, username, row, password, ip, now) != "ok" or row is None:
        return None, "invalid"
    if passwords.needs_rehash(row["password_hash"]):
        store.execute(
            "update users set password_hash = :hash where username = :name",
            {"hash": passwords.hash_password(password), "name": username},
        )
    return scope_of(row), "ok"


def _checked_password(
    store: Store,
    username: str,
    row: Record | None,
    password: str,
    ip: str,
    now: float,
) -> str:
    """ "ok", "wrong" (or no such enabled account) or "waiting" (refused unchecked), counted by the throttle."""
    known = row is not None and throttle.known_place(store, username, ip)
    waiting = throttle.retry_at(store, username, ip, known, now) > now
    stored = row["password_hash"] if row is not None and not waiting else passwords.dummy_hash()
    matches = passwords.verify(stored, password)
    if row is None or waiting or row["disabled"] or not matches:
        throttle.failed(store, username, ip, now, counted=not waiting)
        return "waiting" if waiting else "wrong"
    throttle.succeeded(store, username, ip, now)
    return "ok"


def locks(store: Store, province: str | None, now: float | None = None) -> list[throttle.Lock]:
    """Accounts of a province (None: all) whose failed sign-ins are being counted."""
    usernames = [u.username for u in list_users(store, province)]
    return throttle.locks(store, usernames, time.time() if now is None else now)


def unlock(store: Store, username: str) -> bool:
    """Clear an account's failed sign-ins; whether it had any."""
    return throttle.clear(store, _require(store, username))


def scope_for(store: Store, username: str) -> Scope | None:
    """The scope of an enabled account, or None."""
    row = store.execute(
        "select * from users where username = :name and disabled = 0", {"name": username}
    ).fetchone()
    return scope_of(row) if row else None


def scope_of(row: Record) -> Scope:
    """A Scope from a stored account; anything unclear gives a scope that sees nothing."""
    role = row["role"] if row["role"] in ROLES else "none"
    return Scope(row["username"], role, row["province_code"], row["district_code"])


def _checked_scope(
    role: str, province: str | None, district: str | None
) -> tuple[str | None, str | None]:
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


def _check_password(password: str, username: str) -> None:
    try:
        passwords.check_strength(password, (username, "tonbaeb", "ต้นแบบ"))
    except passwords.WeakPassword as error:
        raise AccountError(error.text, **error.values) from error


def _check_new_name(store: Store, username: str) -> None:
    """Refuse a name taken, looking like an existing one, or mixing scripts."""
    if store.execute("select 1 from users where username = :name", {"name": username}).fetchone():
        raise AccountError(f"user {username!r} already exists")
    shape = names.skeleton(username)
    for row in store.execute("select username from users"):
        if names.skeleton(row["username"]) == shape:
            raise AccountError(
                f"user name {username!r} looks like the existing user {row['username']!r}"
            )
    written_in = names.scripts(username)
    if len(written_in) > 1:
        mixed = " and ".join(script.title() for script in written_in)
        raise AccountError(
            f"a user name is written in one script; {username!r} mixes {mixed} (digits and . _ - @ go with any)"
        )


def _require(store: Store, username: str) -> str:
    """The stored name of an existing account; raises AccountError otherwise."""
    username = names.normal_name(username)
    if not store.execute(
        "select 1 from users where username = :name", {"name": username}
    ).fetchone():
        raise AccountError(f"no user {username!r}")
    return username
