"""When the state store cannot be used just now: 503 with `Retry-After`, never a traceback.

The store (accounts, sessions, decisions, the audit log) may be out of reach for a while: a
writer holding it past the wait (SQLite's busy timeout), a disk error, later a database server
restarting. A request that meets it is answered 503 with `Retry-After`: a short page in Thai
(English with `?lang=en`), a JSON error for a callback, and one `store_unavailable` event in
the log. What it was writing is rolled back (every write goes with its audit entry in one
transaction), and the thread's connection is left with no transaction open.
`/healthz` (dashboard/health.py) says `state` is failing meanwhile, so a proxy that checks it
stops sending requests here.

An error that is a fault of the statement rather than of the store (a broken constraint, a
misuse) is not an outage: it stays a 500, as before.
"""

from __future__ import annotations

import flask
from sqlalchemy import exc

from accounts.forms import safe_next
from core.events import emit
from core.texts import _, lang_of

RETRY_SECONDS = 10
PAGE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>body{font-family:Sarabun,system-ui,sans-serif;max-width:34rem;margin:12vh auto;padding:0 1rem;
line-height:1.6;color:#212529}h1{font-size:1.4rem}</style>
</head><body><main>
<h1>{{ title }}</h1>
<p>{{ body }}</p>
<p><a href="{{ again }}">{{ retry }}</a></p>
</main></body></html>"""


def unavailable(error: BaseException) -> bool:
    """Whether the error means the store cannot be used now (not that a statement was wrong).

    SQLAlchemy's OperationalError (SQLite locked past the busy timeout, disk I/O, cannot open;
    PostgreSQL refusing connections or restarting), a lost connection, the pool's wait running
    out, or a bare DatabaseError (not a database, malformed).
    """
    return (
        isinstance(error, exc.OperationalError | exc.InterfaceError | exc.TimeoutError)
        or type(error) is exc.DatabaseError
    )


def install(server: flask.Flask) -> None:
    """Answer 503 to any request that meets an unavailable store (see `unavailable`)."""

    @server.errorhandler(exc.SQLAlchemyError)
    def store_down(error: Exception) -> flask.Response:
        if not unavailable(error):
            raise error  # a bug, not an outage: Flask answers 500 and logs it
        emit(
            "store_unavailable",
            method=flask.request.method,
            path=flask.request.path,
            error=type(error).__name__,
            message=str(error)[:200],
        )
        return answer(lang_of(flask.request.args.get("lang")))


def answer(lang: str) -> flask.Response:
    """The 503 itself: JSON for a callback (or any JSON request), else the page (a form's too)."""
    if flask.request.path.startswith("/_dash") or flask.request.is_json:
        response = flask.make_response(
            flask.jsonify(error="the state store is unavailable; try again shortly"), 503
        )
    else:
        title = _(lang, "Temporarily unavailable")
        body = _(
            lang,
            "The dashboard cannot reach its store of accounts and decisions just now. "
            "Nothing was saved from this request. Please try again in a minute.",
        )
        page = flask.render_template_string(
            PAGE,
            lang=lang,
            title=title,
            body=body,
            retry=_(lang, "Try again"),
            again=safe_next(flask.request.full_path),
        )
        response = flask.make_response(page, 503)
    response.headers["Retry-After"] = str(RETRY_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response
