"""The accounts layer of the dashboard's Flask server: the session guard, the security headers,
and the accounts' pages (blueprints: sign-in and password in accounts/forms.py, locks in
accounts/locks_page.py), all added by `install`.

Every request except the login page and its static files needs a live
server-side session. The Scope found from it (never anything the browser sends)
is put in `flask.g`; callbacks and downloads read it with `accounts.guard.current_scope()`.
An account whose password an administrator chose reaches nothing but the
change-password page until it is changed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from urllib.parse import quote

import flask
import werkzeug

from accounts import forms, locks_page, sessions
from accounts.forms import PASSWORD_PATH
from accounts.guard import EXTENSION, SESSION_COOKIE, Guard, trusted_networks
from accounts.scope import Scope
from core.home import Home

PUBLIC_PREFIXES = ("/login", "/logout", "/assets/", "/vendor/", "/_favicon.ico", "/favicon.ico")
WHILE_CHANGING = (PASSWORD_PATH, "/logout", "/assets/", "/vendor/")
DEFAULT_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), publickey-credentials-get=(), usb=(), xr-spatial-tracking=()"
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
    landing: Callable[[Scope], str] | None = None,
) -> Guard:
    """Add the guard, the security headers and the accounts' pages (login, logout, password,
    locks) to a Flask server. `landing`: the page a user's sign-in opens when it names none."""
    guard = Guard(
        home, idle_minutes, clock, trusted_networks(trusted_proxies), secure_cookies, landing
    )
    server.extensions[EXTENSION] = guard
    policy = csp or DEFAULT_CSP

    @server.before_request
    def require_session() -> werkzeug.Response | None:
        path = flask.request.path
        if path == "/healthz":
            return None  # dashboard/health.py: no login, no session lookup, no data
        live = sessions.live_session(
            guard.store,
            flask.request.cookies.get(SESSION_COOKIE),
            guard.clock(),
            guard.idle_seconds,
        )
        flask.g.scope = live.scope if live is not None else None
        if live is not None:
            if path.startswith(WHILE_CHANGING) or not live.must_change_password:
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

    server.register_blueprint(forms.bp)
    server.register_blueprint(locks_page.bp)

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
