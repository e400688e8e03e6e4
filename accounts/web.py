"""The session guard, the client's address and the security headers, for the dashboard's Flask server.

Every request except the login page and its static files needs a live
server-side session. The Scope found from it (never anything the browser sends)
is put in `flask.g`; callbacks and downloads read it with `current_scope()`.
An account whose password an administrator chose reaches nothing but the
change-password page until it is changed.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Callable, Iterable
from urllib.parse import quote

import flask
import werkzeug

from accounts import forms, locks_page, sessions, users
from accounts.forms import PASSWORD_PATH, SESSION_COOKIE
from accounts.scope import Scope
from accounts.store import open_store
from warehouse.home import Home

PUBLIC_PREFIXES = ("/login", "/logout", "/assets/", "/vendor/", "/_favicon.ico", "/favicon.ico")
WHILE_CHANGING = (PASSWORD_PATH, "/logout", "/assets/", "/vendor/")
DENY_ALL = Scope(username="", role="none", province_code=None)
DEFAULT_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), publickey-credentials-get=(), usb=(), xr-spatial-tracking=()"
)
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def current_scope() -> Scope:
    """The logged-in user's scope for this request; a scope that sees nothing otherwise."""
    if not flask.has_request_context():
        return DENY_ALL
    scope = flask.g.get("scope")
    return scope if isinstance(scope, Scope) else DENY_ALL


def client_ip() -> str:
    """The client's address: the peer's, or behind a trusted proxy the one it says it forwarded for."""
    guard = flask.current_app.extensions.get("tonbaeb_guard")
    return guard.client_ip() if guard else flask.request.remote_addr or "-"


def trusted_networks(addresses: Iterable[str]) -> tuple[Network, ...]:
    """Proxies' addresses or networks (`10.0.0.5`, `10.0.0.0/24`, `::1`); raises ValueError."""
    return tuple(ipaddress.ip_network(a.strip(), strict=False) for a in addresses if a.strip())


def forwarded_client(peer: str, forwarded_for: str, proxies: tuple[Network, ...]) -> str:
    """The first address from the right of X-Forwarded-For that is not a trusted proxy.

    Only a trusted peer's header is read; a hop that is not an address stops the walk there.
    """
    address = peer
    if not proxies or not _within(address, proxies):
        return address
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()][-20:]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break
        address = hop
        if not _within(hop, proxies):
            break
    return address


def _within(address: str, proxies: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


class Guard:
    """The per-server state: the home, the store (one connection per thread), the clock, the proxies."""

    def __init__(
        self,
        home: Home,
        idle_minutes: int,
        clock: Callable[[], float],
        proxies: tuple[Network, ...],
    ) -> None:
        self.home = home
        self.idle_seconds = idle_minutes * 60
        self.clock = clock
        self.proxies = proxies
        self.secret = home.secret("forms.key")
        self._local = threading.local()

    @property
    def store(self):  # type: ignore[no-untyped-def]
        """This thread's connection to the application-state store."""
        con = getattr(self._local, "store", None)
        if con is None:
            con = self._local.store = open_store(self.home)
        return con

    def client_ip(self) -> str:
        """This request's client address (see `forwarded_client`)."""
        peer = flask.request.remote_addr or "-"
        return forwarded_client(
            peer, flask.request.headers.get("X-Forwarded-For", ""), self.proxies
        )


def install(
    server: flask.Flask,
    home: Home,
    *,
    idle_minutes: int = 30,
    csp: str | None = None,
    secure_cookies: bool | None = None,
    clock: Callable[[], float] = time.time,
    trusted_proxies: Iterable[str] = (),
) -> Guard:
    """Add login, logout, the guard and the security headers to a Flask server."""
    guard = Guard(home, idle_minutes, clock, trusted_networks(trusted_proxies))
    server.extensions["tonbaeb_guard"] = guard
    policy = csp or DEFAULT_CSP

    def secure() -> bool:
        return bool(secure_cookies) if secure_cookies is not None else flask.request.is_secure

    @server.before_request
    def require_session() -> werkzeug.Response | None:
        path = flask.request.path
        if path == "/healthz":
            return None  # dashboard/health.py: no login, no session lookup, no data
        flask.g.scope = sessions.session_scope(
            guard.store,
            flask.request.cookies.get(SESSION_COOKIE),
            guard.clock(),
            guard.idle_seconds,
        )
        if flask.g.scope is not None:
            if path.startswith(WHILE_CHANGING) or not users.must_change_password(
                guard.store, flask.g.scope.username
            ):
                return None
            flask.g.scope = None  # nothing but the change-password page until it is changed
            if flask.request.method == "GET" and not path.startswith("/_dash"):
                return flask.redirect(
                    PASSWORD_PATH + ("?lang=en" if flask.request.args.get("lang") == "en" else "")
                )
            return flask.make_response(flask.jsonify(error="password change required"), 403)
        if path.startswith(PUBLIC_PREFIXES):
            return None
        if flask.request.method == "GET" and not path.startswith("/_dash"):
            expired = "&expired=1" if flask.request.cookies.get(SESSION_COOKIE) else ""
            return flask.redirect(f"/login?next={_quote(flask.request.full_path)}{expired}")
        return flask.make_response(flask.jsonify(error="login required"), 401)

    forms.register(server, guard, secure)
    locks_page.register(server, guard)

    @server.after_request
    def headers(response: flask.Response) -> flask.Response:
        response.headers["Content-Security-Policy"] = policy
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = PERMISSIONS_POLICY
        if flask.request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        if not flask.request.path.startswith(("/assets/", "/vendor/", "/_dash-component-suites/")):
            response.headers["Cache-Control"] = "no-store"
        return response

    return guard


def _quote(path: str) -> str:
    return quote(path.rstrip("?"), safe="")
