"""What a callback may know about the request: the home, the user and the clock, all from the server.

The page state (fiscal year, district, club, language) comes from the URL and is only
ever a wish: queries check it against the user's Scope, which comes from the session.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import flask

from accounts import audit as audit_log
from accounts.database import Store
from accounts.guard import client_ip, current_scope
from accounts.scope import Scope
from core.home import Home
from dashboard import drawing

LOG = logging.getLogger("tonbaeb.dashboard")
F = TypeVar("F", bound=Callable[..., Any])
MAX_VALUE = 200


def home() -> Home:
    """The home folder this server serves."""
    return flask.current_app.config["TONBAEB_HOME"]


def scope() -> Scope:
    """The logged-in user's scope (a scope that sees nothing when there is none)."""
    return current_scope()


def now() -> datetime:
    """The server's clock (fixed in tests)."""
    clock = flask.current_app.config.get("TONBAEB_CLOCK")
    return datetime.fromtimestamp(clock()) if clock else datetime.now()


def store() -> Store:
    """The application-state store (decisions, knowledge records, sign-off): the guard's."""
    return flask.current_app.extensions["tonbaeb_guard"].store


def ip() -> str:
    """The client's address as this server saw it (for the audit log)."""
    return client_ip()


def audit(action: str, detail: str, **fields: audit_log.Field) -> None:
    """Write an audit entry for the current user and request (call it once authorised and found).

    Never while drawing a part or page the cache would keep (it raises): what shows audited data
    is declared `@cache.personal` where it is defined.
    """
    drawing.audited(action)
    guard = flask.current_app.extensions["tonbaeb_guard"]
    audit_log.record(guard.store, current_scope(), action, detail, client_ip(), **fields)


def guarded(fallback: Callable[[], Any]) -> Callable[[F], F]:
    """Run a callback or layout; on any error, log it and return `fallback()` (never a traceback)."""

    def wrap(func: F) -> F:
        @functools.wraps(func)
        def inner(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except Exception:
                LOG.exception("dashboard: %s failed", func.__qualname__)
                drawing.failed()  # what shows the failure is sent, not kept: drawn again next time
                return fallback()

        return inner  # type: ignore[return-value]

    return wrap


def text(value: object) -> str | None:
    """A short string from the URL or the browser; anything else becomes None."""
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if 0 < len(value) <= MAX_VALUE else None


def integer(value: object) -> int | None:
    """A whole number from the URL or the browser, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    shown = text(value)
    return int(shown) if shown and shown.isdigit() and len(shown) < 6 else None


def state(data: object) -> tuple[Scope, Home, dict[str, Any]]:
    """What a callback starts from: the user's scope, the home, and the page state its Store holds."""
    return scope(), home(), view(data)


def view(query: object) -> dict[str, Any]:
    """The page state named by a URL query (or a Store holding one), normalised; values unchecked."""
    query = query if isinstance(query, dict) else {}
    clubs = query.get("clubs")
    listed = clubs if isinstance(clubs, list) else (text(clubs) or "").split(",")
    return {
        "lang": "en" if text(query.get("lang")) == "en" else "th",
        "province": text(query.get("province")),
        "fy": integer(query.get("fy")),
        "district": text(query.get("district")),
        "club": text(query.get("club")),
        "meeting": text(query.get("meeting")),
        "network": text(query.get("network")),
        "meets": text(query.get("meets")),
        "q": text(query.get("q")),
        "sort": text(query.get("sort")),
        "clubs": [c for c in (text(x) for x in listed[:4]) if c and "/" in c],
        "limited": text(query.get("limited")) == "1",  # more clubs were chosen than compare shows
        # national: with provisional figures (the URL's "1", or a page state's True)
        "provisional": query.get("provisional") is True or text(query.get("provisional")) == "1",
    }
