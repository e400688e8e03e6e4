"""`/healthz`: each province's warehouse and the state store, by name, with no data and no login."""

from __future__ import annotations

import flask

from accounts.store import writable
from core.home import Home
from warehouse.health import failing

PATH = "/healthz"


def report(home: Home) -> tuple[dict[str, object], int]:
    """The answer's body and status: 200 when everything is ok, 503 naming what is failing."""
    ok, bad = failing(home)
    if writable(home):
        ok.append("state")
    else:
        bad.append("state")
    body: dict[str, object] = {"ok": ok, "failing": bad, "status": "failing" if bad else "ok"}
    return body, 503 if bad else 200


def install(server: flask.Flask, home: Home) -> None:
    """Serve /healthz (exempt from login in accounts/web.py)."""

    @server.route(PATH)
    def healthz() -> flask.Response:
        body, status = report(home)
        response = flask.make_response(flask.jsonify(body), status)
        response.headers["Cache-Control"] = "no-store"
        return response
