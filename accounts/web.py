"""Login, logout, the session guard and security headers, for the dashboard's Flask server.

Every request except the login page and its static files needs a live
server-side session. The Scope found from it (never anything the browser sends)
is put in `flask.g`; callbacks and downloads read it with `current_scope()`.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import flask

from accounts import sessions, users
from accounts.scope import Scope
from accounts.store import open_store
from warehouse.home import Home

SESSION_COOKIE = "tonbaeb_session"
CSRF_COOKIE = "tonbaeb_login_csrf"
PUBLIC_PREFIXES = ("/login", "/logout", "/assets/", "/vendor/", "/_favicon.ico", "/favicon.ico")
DENY_ALL = Scope(username="", role="none", province_code=None)
DEFAULT_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
TEXT = {
    "th": {
        "title": "เข้าสู่ระบบ ต้นแบบ",
        "heading": "ต้นแบบ · ระบบติดตามมาตรฐานการพัฒนาชุมชน",
        "username": "ชื่อผู้ใช้",
        "password": "รหัสผ่าน",
        "submit": "เข้าสู่ระบบ",
        "invalid": "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง",
        "locked": "เข้าสู่ระบบผิดหลายครั้ง โปรดลองใหม่ภายหลัง",
        "expired": "หมดเวลาการใช้งาน โปรดเข้าสู่ระบบอีกครั้ง",
        "switch": "English",
        "other": "en",
    },
    "en": {
        "title": "Sign in to tonbaeb",
        "heading": "tonbaeb · Community Development standard",
        "username": "User name",
        "password": "Password",
        "submit": "Sign in",
        "invalid": "Wrong user name or password",
        "locked": "Too many failed sign-ins. Please try again later.",
        "expired": "Your session ended. Please sign in again.",
        "switch": "ภาษาไทย",
        "other": "th",
    },
}
LOGIN_PAGE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ t.title }}</title>
<link rel="stylesheet" href="/vendor/bootstrap.min.css"><link rel="stylesheet" href="/assets/tonbaeb.css">
</head><body class="login-page">
<main class="container" style="max-width: 26rem; padding-top: 10vh">
<h1 class="h4 mb-4">{{ t.heading }}</h1>
{% if message %}<div class="alert alert-danger" role="alert">{{ message }}</div>{% endif %}
<form method="post" action="/login?lang={{ lang }}{% if next %}&amp;next={{ next | urlencode }}{% endif %}">
<input type="hidden" name="csrf_token" value="{{ csrf }}">
<label class="form-label" for="username">{{ t.username }}</label>
<input class="form-control mb-3" id="username" name="username" autocomplete="username" required autofocus>
<label class="form-label" for="password">{{ t.password }}</label>
<input class="form-control mb-4" id="password" name="password" type="password" autocomplete="current-password" required>
<button class="btn btn-primary w-100" type="submit">{{ t.submit }}</button>
</form>
<p class="mt-4"><a href="/login?lang={{ t.other }}{% if next %}&amp;next={{ next | urlencode }}{% endif %}">{{ t.switch }}</a></p>
</main></body></html>"""


def current_scope() -> Scope:
    """The logged-in user's scope for this request; a scope that sees nothing otherwise."""
    if not flask.has_request_context():
        return DENY_ALL
    scope = flask.g.get("scope")
    return scope if isinstance(scope, Scope) else DENY_ALL


def client_ip() -> str:
    """The client's address as this server saw it (proxies' headers are not trusted)."""
    return flask.request.remote_addr or "-"


class Guard:
    """The per-server state: the home, the store (one connection per thread), the clock."""

    def __init__(self, home: Home, idle_minutes: int, clock: Callable[[], float]) -> None:
        self.home = home
        self.idle_seconds = idle_minutes * 60
        self.clock = clock
        self._local = threading.local()

    @property
    def store(self):  # type: ignore[no-untyped-def]
        """This thread's connection to the application-state store."""
        con = getattr(self._local, "store", None)
        if con is None:
            con = self._local.store = open_store(self.home)
        return con


def install(
    server: flask.Flask,
    home: Home,
    *,
    idle_minutes: int = 30,
    csp: str | None = None,
    secure_cookies: bool | None = None,
    clock: Callable[[], float] = time.time,
) -> Guard:
    """Add login, logout, the guard and the security headers to a Flask server."""
    guard = Guard(home, idle_minutes, clock)
    server.extensions["tonbaeb_guard"] = guard
    policy = csp or DEFAULT_CSP

    def secure() -> bool:
        return bool(secure_cookies) if secure_cookies is not None else flask.request.is_secure

    @server.before_request
    def require_session() -> flask.Response | None:
        path = flask.request.path
        if path == "/healthz":
            return None  # dashboard/health.py: no login, no session lookup, no data
        flask.g.scope = sessions.session_scope(
            guard.store, flask.request.cookies.get(SESSION_COOKIE), guard.clock(), guard.idle_seconds
        )
        if flask.g.scope is not None or path.startswith(PUBLIC_PREFIXES):
            return None
        if flask.request.method == "GET" and not path.startswith("/_dash"):
            expired = "&expired=1" if flask.request.cookies.get(SESSION_COOKIE) else ""
            return flask.redirect(f"/login?next={_quote(flask.request.full_path)}{expired}")
        return flask.make_response(flask.jsonify(error="login required"), 401)

    @server.route("/login", methods=["GET", "POST"])
    def login() -> flask.Response:
        lang = "en" if flask.request.args.get("lang") == "en" else "th"
        target = _safe_next(flask.request.args.get("next"))
        message = TEXT[lang]["expired"] if flask.request.args.get("expired") else None
        if flask.request.method == "POST":
            sent = flask.request.form.get("csrf_token", "")
            cookie = flask.request.cookies.get(CSRF_COOKIE, "")
            if not sent or not secrets.compare_digest(sent, cookie):
                return _login_page(lang, target, TEXT[lang]["invalid"], 400, secure())
            username = flask.request.form.get("username", "").strip()
            scope, why = users.authenticate(
                guard.store, username, flask.request.form.get("password", ""), client_ip(), guard.clock()
            )
            if scope is None:
                text = TEXT[lang]["locked"] if why in ("locked", "throttled") else TEXT[lang]["invalid"]
                return _login_page(lang, target, text, 401, secure())
            token = sessions.create_session(
                guard.store, username, guard.clock(), client_ip(), flask.request.headers.get("User-Agent", "")
            )
            response = flask.redirect(target + ("&" if "?" in target else "?") + f"lang={lang}")
            response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="Lax", secure=secure(), path="/")
            response.delete_cookie(CSRF_COOKIE, path="/login")
            return response
        return _login_page(lang, target, message, 200, secure())

    @server.route("/logout", methods=["GET", "POST"])
    def logout() -> flask.Response:
        sessions.end_session(guard.store, flask.request.cookies.get(SESSION_COOKIE))
        response = flask.redirect("/login")
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @server.after_request
    def headers(response: flask.Response) -> flask.Response:
        response.headers["Content-Security-Policy"] = policy
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if flask.request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        if not flask.request.path.startswith(("/assets/", "/vendor/", "/_dash-component-suites/")):
            response.headers["Cache-Control"] = "no-store"
        return response

    return guard


def _login_page(lang: str, target: str, message: str | None, status: int, secure: bool) -> flask.Response:
    # Keep an existing token: a second login page (another tab) must not void the first.
    csrf = flask.request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
    body = flask.render_template_string(
        LOGIN_PAGE, lang=lang, t=TEXT[lang], message=message, csrf=csrf, next=target if target != "/" else ""
    )
    response = flask.make_response(body, status)
    response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="Strict", secure=secure, path="/login")
    return response


def _safe_next(value: str | None) -> str:
    """A local path to go to after login; anything else (//evil.com, http://...) becomes '/'."""
    if not value:
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value.rstrip("?")


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path.rstrip("?"), safe="")
