"""The sign-in and change-password pages and logout (POST only): the blueprint `bp`.

A form's CSRF token (accounts/guard.py) is bound to the pre-session id kept in an HttpOnly
cookie, for sign-in, or to the session, for the change of password: a token is good only
with the pre-session or session it was made for.
"""

from __future__ import annotations

import secrets
from urllib.parse import quote, urlsplit

import flask
import werkzeug

from accounts import sessions, users
from accounts.guard import (
    PRESESSION_COOKIE,
    SESSION_COOKIE,
    Guard,
    current_guard,
    token,
    token_ok,
)
from accounts.texts import LOGIN_PAGE, PASSWORD_PAGE, words
from core.texts import _

PASSWORD_PATH = "/account/password"
bp = flask.Blueprint("accounts", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> werkzeug.Response:
    guard = current_guard()
    secure = guard.secure
    lang = _lang()
    target = safe_next(flask.request.args.get("next"))
    message = (
        _(lang, "Your session ended. Please sign in again.")
        if flask.request.args.get("expired")
        else None
    )
    if flask.request.method == "POST":
        presession = flask.request.cookies.get(PRESESSION_COOKIE)
        if not token_ok(guard, "login", presession):
            return _login_page(guard, lang, target, _wrong(lang), 400, secure())
        username = flask.request.form.get("username", "").strip()
        scope, _why = users.authenticate(
            guard.store,
            username,
            flask.request.form.get("password", ""),
            guard.client_ip(),
            guard.clock(),
        )
        if scope is None:
            return _login_page(guard, lang, target, _wrong(lang), 401, secure())
        target = guard.landing(scope) if target == "/" else target
        response = flask.redirect(target + ("&" if "?" in target else "?") + f"lang={lang}")
        session = sessions.create_session(  # the account's own name: `DIR64` signs in as `dir64`
            guard.store,
            scope.username,
            guard.clock(),
            guard.client_ip(),
            flask.request.headers.get("User-Agent", ""),
        )
        response.set_cookie(
            SESSION_COOKIE, session, httponly=True, samesite="Lax", secure=secure(), path="/"
        )
        response.delete_cookie(PRESESSION_COOKIE, path="/login")
        return response
    return _login_page(guard, lang, target, message, 200, secure())


@bp.route("/logout", methods=["GET", "POST"])
def logout() -> werkzeug.Response:
    guard = current_guard()
    if flask.request.method != "POST":  # a link or an image must not sign anyone out
        return flask.Response(
            "sign out with the button (POST)", 405, {"Allow": "POST"}, mimetype="text/plain"
        )
    sessions.end_session(guard.store, flask.request.cookies.get(SESSION_COOKIE))
    response = flask.redirect("/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@bp.route(PASSWORD_PATH, methods=["GET", "POST"])
def change_password() -> werkzeug.Response:
    guard = current_guard()
    lang = _lang()
    scope = flask.g.get("scope")
    session = flask.request.cookies.get(SESSION_COOKIE, "")
    if scope is None:
        return flask.redirect(f"/login?next={quote(PASSWORD_PATH, safe='')}")
    if flask.request.method == "POST":
        form = flask.request.form
        if not token_ok(guard, "password", session):
            return _password_page(
                guard, lang, session, _(lang, "The form expired; please try again"), 400
            )
        if form.get("new", "") != form.get("again", ""):
            return _password_page(
                guard, lang, session, _(lang, "The two new passwords differ"), 400
            )
        try:
            users.change_password(
                guard.store,
                scope.username,
                form.get("current", ""),
                form.get("new", ""),
                sessions.token_hash(session),
                guard.client_ip(),
                guard.clock(),
            )
        except users.Waiting:
            return _password_page(
                guard,
                lang,
                session,
                _(lang, "Too many wrong current passwords: wait a moment, then try again"),
                429,
            )
        except users.AccountError as error:
            return _password_page(
                guard,
                lang,
                session,
                f"{_(lang, 'The password was not changed')}: {error.said(lang)}",
                400,
            )
        target = guard.landing(scope)
        return flask.redirect(target + ("&" if "?" in target else "?") + f"lang={lang}")
    return _password_page(guard, lang, session, None, 200)


def safe_next(value: str | None) -> str:
    """A local path to go to after login; anything else (//evil.com, http://..., control characters) is '/'."""
    if not value or len(value) > 2000 or any(ord(c) < 0x21 or 0x7F <= ord(c) < 0xA0 for c in value):
        return "/"
    if not value.isprintable():
        return "/"
    parts = urlsplit(value)
    if (
        parts.scheme
        or parts.netloc
        or not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
    ):
        return "/"
    return value.rstrip("?")


def _lang() -> str:
    return "en" if flask.request.args.get("lang") == "en" else "th"


def _wrong(lang: str) -> str:
    """What a failed sign-in says (the same whatever was wrong)."""
    return _(lang, "Wrong user name or password (after several tries, wait a moment and try again)")


def _login_page(
    guard: Guard, lang: str, target: str, message: str | None, status: int, secure: bool
) -> flask.Response:
    # Keep an existing pre-session: a second login page (another tab) must not void the first.
    presession = flask.request.cookies.get(PRESESSION_COOKIE) or ""
    if not 20 <= len(presession) <= 64:
        presession = secrets.token_urlsafe(32)
    body = flask.render_template_string(
        LOGIN_PAGE,
        lang=lang,
        t=words(lang),
        message=message,
        csrf=token(guard, "login", presession),
        next=target if target != "/" else "",
    )
    response = flask.make_response(body, status)
    response.set_cookie(
        PRESESSION_COOKIE,
        presession,
        httponly=True,
        samesite="Strict",
        secure=secure,
        path="/login",
    )
    return response


def _password_page(
    guard: Guard, lang: str, session: str, message: str | None, status: int
) -> flask.Response:
    body = flask.render_template_string(
        PASSWORD_PAGE,
        lang=lang,
        t=words(lang),
        message=message,
        csrf=token(guard, "password", session),
        path=PASSWORD_PATH,
    )
    return flask.make_response(body, status)
