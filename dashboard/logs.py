"""Structured request logs: one JSON line per request, never personal data.

A request's line names the user, role and tenant, the path (never the query string,
which can carry a search for a person's name) or, for a callback, the outputs it
answers, its status and how long it took. Lines go to `tonbaeb.events`
(core/events.py).
"""

from __future__ import annotations

import time

import flask
from werkzeug.exceptions import HTTPException

from core.events import emit

CALLBACK = "/_dash-update-component"
QUIET = ("/assets/", "/vendor/", "/_dash-component-suites/", "/_favicon.ico")


def install(server: flask.Flask) -> None:
    """Log every request the Flask server answers (static files excepted)."""

    @server.before_request
    def started() -> None:
        flask.g.log_started = time.perf_counter()

    @server.after_request
    def logged(response: flask.Response) -> flask.Response:
        path = flask.request.path
        if path.startswith(QUIET):
            return response
        from accounts.guard import current_scope

        scope = current_scope()
        started_at = flask.g.get("log_started", time.perf_counter())
        emit(
            "request",
            user=scope.username or None,
            role=None if scope.role == "none" else scope.role,
            tenant=scope.province_code,
            method=flask.request.method,
            path=path,
            output=_output() if path == CALLBACK else None,
            status=response.status_code,
            ms=round((time.perf_counter() - started_at) * 1000, 1),
        )
        return response


def _output() -> str | None:
    """The callback's outputs (component ids and properties, never their values)."""
    try:
        body = flask.request.get_json(silent=True, cache=True)
    except (RecursionError, HTTPException):  # a hostile body, already refused (dashboard/limits.py)
        return None
    output = body.get("output") if isinstance(body, dict) else None
    return output[:200] if isinstance(output, str) else None
