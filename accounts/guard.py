"""The guard of one Flask server, its cookies and form tokens, and what a request may ask of it.

`Guard` holds the per-server state (the home, the store, the clock, the trusted proxies); it is
kept in `server.extensions` by `accounts.web.install` and found with `current_guard()`. The
scope of a request (`current_scope()`) was put in `flask.g` by the guard, from the server-side
session named by the session cookie, never from anything else the browser sends.

A form's CSRF token is an HMAC, under a secret of the home, of what it is bound to: a sign-in
form's to the random pre-session id kept in an HttpOnly cookie, the others' to the session.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import threading
from collections.abc import Callable, Iterable

import flask

from accounts.database import Store
from accounts.scope import Scope
from accounts.store import open_store
from core.home import Home

SESSION_COOKIE = "tonbaeb_session"
PRESESSION_COOKIE = "tonbaeb_login_presession"
EXTENSION = "tonbaeb_guard"  # the key of the server's Guard in `server.extensions`
DENY_ALL = Scope(username="", role="none", province_code=None)
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class Guard:
    """The per-server state: the home, the store (a pool of connections), the clock, the proxies."""

    def __init__(
        self,
        home: Home,
        idle_minutes: int,
        clock: Callable[[], float],
        proxies: tuple[Network, ...],
        secure_cookies: bool | None = None,
        landing: Callable[[Scope], str] | None = None,
    ) -> None:
        self.home = home
        self.landing = landing or (lambda _scope: "/")  # where a sign-in without `next` goes
        self.idle_seconds = idle_minutes * 60
        self.clock = clock
        self.proxies = proxies
        self.secure_cookies = secure_cookies
        self.secret = home.secret("forms.key")
        self._store: Store | None = None
        self._opening = threading.Lock()

    @property
    def store(self) -> Store:
        """The application-state store (opened on first use, shared by the server's threads)."""
        with self._opening:
            if self._store is None:
                self._store = open_store(self.home)
            return self._store

    def client_ip(self) -> str:
        """This request's client address (see `forwarded_client`)."""
        peer = flask.request.remote_addr or "-"
        return forwarded_client(
            peer, flask.request.headers.get("X-Forwarded-For", ""), self.proxies
        )

    def secure(self) -> bool:
        """Whether this request's cookies are Secure: as the server was told, else over HTTPS."""
        if self.secure_cookies is not None:
            return bool(self.secure_cookies)
        return flask.request.is_secure


def current_guard() -> Guard:
    """The guard of the server answering this request."""
    guard: Guard = flask.current_app.extensions[EXTENSION]
    return guard


def current_scope() -> Scope:
    """The logged-in user's scope for this request; a scope that sees nothing otherwise."""
    if not flask.has_request_context():
        return DENY_ALL
    scope = flask.g.get("scope")
    return scope if isinstance(scope, Scope) else DENY_ALL


def client_ip() -> str:
    """The client's address: the peer's, or behind a trusted proxy the one it says it forwarded for."""
    guard = flask.current_app.extensions.get(EXTENSION)
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


def token(guard: Guard, purpose: str, bound_to: str) -> str:
    """The CSRF token of a form, bound to a pre-session id or a session token."""
    return hmac.new(guard.secret, f"{purpose}\n{bound_to}".encode(), hashlib.sha256).hexdigest()


def token_ok(guard: Guard, purpose: str, bound_to: str | None) -> bool:
    sent = flask.request.form.get("csrf_token", "")
    if not (bound_to and sent):
        return False
    return hmac.compare_digest(sent, token(guard, purpose, bound_to))
