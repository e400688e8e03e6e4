"""Server-side sessions: a random token in the cookie, only its hash in the store."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from accounts.database import Store
from accounts.scope import Scope
from accounts.users import scope_of

MAX_AGE_SECONDS = 12 * 3600
TOUCH_EVERY_SECONDS = 60


def token_hash(token: str) -> str:
    """What the store keeps of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_session(store: Store, username: str, now: float, ip: str, user_agent: str) -> str:
    """A new session's token (to put in the cookie)."""
    token = secrets.token_urlsafe(32)
    store.execute(
        "insert into sessions (token_hash, username, created_at, last_seen_at, ip, user_agent)"
        " values (:token_hash, :username, :now, :now, :ip, :user_agent)",
        {
            "token_hash": token_hash(token),
            "username": username,
            "now": now,
            "ip": ip,
            "user_agent": user_agent[:200],
        },
    )
    return token


@dataclass(frozen=True)
class Live:
    """A live session: its account's scope, and whether it must change its password first."""

    scope: Scope
    must_change_password: bool


def live_session(store: Store, token: str | None, now: float, idle_seconds: float) -> Live | None:
    """The live session of a token, or None (expired, ended, unknown, or user disabled).

    One statement (the session and its account together): every request asks it.
    """
    if not token:
        return None
    row = store.execute(
        "select s.token_hash, s.created_at, s.last_seen_at, u.* from sessions s"
        " join users u on u.username = s.username where s.token_hash = :token",
        {"token": token_hash(token)},
    ).fetchone()
    if row is None:
        return None
    if now - row["last_seen_at"] > idle_seconds or now - row["created_at"] > MAX_AGE_SECONDS:
        store.execute(
            "delete from sessions where token_hash = :token", {"token": row["token_hash"]}
        )
        return None
    if row["disabled"]:
        return None
    if now - row["last_seen_at"] > TOUCH_EVERY_SECONDS:
        store.execute(
            "update sessions set last_seen_at = :now where token_hash = :token",
            {"now": now, "token": row["token_hash"]},
        )
    return Live(scope_of(row), bool(row["must_change_password"]))


def end_session(store: Store, token: str | None) -> None:
    """Log out: the token stops working at once, on every server process."""
    if token:
        store.execute(
            "delete from sessions where token_hash = :token", {"token": token_hash(token)}
        )
