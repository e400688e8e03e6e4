"""Request limits: a body size per route, and callback bodies checked before Dash reads them.

A callback request that is not JSON, nests deeper than MAX_DEPTH, lacks Dash's keys, has
them of the wrong type or in another number than its callback declares, or names a callback
this app does not have is answered 400 with a short message, never a 500. Sizes:
DEFAULT_LIMIT for everything, CALLBACK_LIMIT for every callback; a route that takes uploads
adds its own prefix to `TONBAEB_REQUEST_LIMITS`.

An upload reaches the server as a callback (dcc.Upload): the one callback whose inputs hold
UPLOAD_INPUT may be as large as the largest upload, `TONBAEB_UPLOAD_LIMIT`, when its user may
send a district's data (its officer, the province's director). Which callback a body is for
is known only once it is read: a sender's body over CALLBACK_LIMIT is read (no more than the
upload limit) and refused 413 at once unless it begins as Dash's renderer begins the upload
callback's body, `{"output":"<its output>"`; once parsed, a body whose `output` is not that
one (a key given twice) is refused 400.
"""

from __future__ import annotations

import json
from typing import Any, cast

import dash
import flask

from accounts.guard import current_scope

DEFAULT_LIMIT = 256 * 1024
CALLBACK_LIMIT = 2 * 1024 * 1024
CALLBACK_PATH = "/_dash-update-component"
MAX_DEPTH = 64
LIMITS = "TONBAEB_REQUEST_LIMITS"  # server.config: {path prefix: bytes}; the longest prefix wins
UPLOAD_LIMIT = "TONBAEB_UPLOAD_LIMIT"  # server.config: bytes of a callback carrying an upload
UPLOAD_INPUT = {"id": "submit-upload", "property": "contents"}  # the dcc.Upload a file arrives by


def limit_for(server: flask.Flask, path: str) -> int:
    """The largest body this path accepts from the signed-in user (if any), before it is read."""
    limits: dict[str, int] = {CALLBACK_PATH: CALLBACK_LIMIT, **server.config.get(LIMITS, {})}
    matches = [prefix for prefix in limits if path.startswith(prefix)]
    limit = limits[max(matches, key=len)] if matches else DEFAULT_LIMIT
    if path == CALLBACK_PATH and current_scope().sends_data:
        limit = max(
            limit, server.config.get(UPLOAD_LIMIT, 0)
        )  # only for the upload's callback: see install
    return limit


def upload_output(app: dash.Dash) -> str | None:
    """The output (callback name) of the callback whose inputs hold the upload's contents."""
    for output, entry in app.callback_map.items():
        if any(
            isinstance(item, dict) and item.items() >= UPLOAD_INPUT.items()
            for item in entry.get("inputs", [])
        ):
            return output
    return None


def install(server: flask.Flask, app: dash.Dash) -> None:
    """Check every request's size, and every callback request's shape, before it is handled."""
    server.config.setdefault("MAX_CONTENT_LENGTH", DEFAULT_LIMIT)

    @server.before_request
    def bounded() -> flask.Response | None:
        request = flask.request
        limit = limit_for(server, request.path)
        request.max_content_length = limit
        if request.content_length is not None and request.content_length > limit:
            return _refuse(413, f"request body over {limit} bytes")
        if request.method == "POST" and request.path == CALLBACK_PATH:
            large = limit > CALLBACK_LIMIT and len(request.get_data(cache=True)) > CALLBACK_LIMIT
            upload = upload_output(app) if large else None
            if large and (
                upload is None or not request.get_data(cache=True).startswith(_opening(upload))
            ):
                return _refuse(
                    413, f"request body over {CALLBACK_LIMIT} bytes (only an upload may be larger)"
                )
            problem = callback_problem(app, request)
            if not problem and large:
                body = cast(dict[str, Any], request.get_json(silent=True))  # checked: an object
                if body.get("output") != upload:
                    problem = "malformed callback request: output given twice"
            if problem:
                return _refuse(400, problem)
        return None

    @server.errorhandler(413)
    def too_large(_error: Exception) -> flask.Response:
        return _refuse(413, "request body too large")


def callback_problem(app: dash.Dash, request: flask.Request) -> str | None:
    """What is wrong with a callback request's body, or None."""
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        return "malformed callback request: nested too deeply"
    if not isinstance(body, dict):
        return "malformed callback request: not a JSON object"
    if _depth(body) > MAX_DEPTH:
        return "malformed callback request: nested too deeply"
    output = body.get("output")
    if not isinstance(output, str) or output not in app.callback_map:
        return "malformed callback request: unknown output"
    declared = app.callback_map[output]
    if not _outputs(body.get("outputs"), declared.get("output")):
        return "malformed callback request: outputs"
    for key in ("inputs", "state"):
        items = body.get(key, [])
        if not _dependencies(items) or len(items) != len(declared.get(key, [])):
            return f"malformed callback request: {key}"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "malformed callback request: changedPropIds"
    return None


def _opening(output: str) -> bytes:
    """How the renderer's body of a callback begins (JSON.stringify keeps its `output` key first)."""
    return b'{"output":' + json.dumps(output).encode()


def _outputs(outputs: Any, declared: Any) -> bool:
    """Whether the body's outputs are as many as the callback's: one object, or a list of as many."""
    if isinstance(declared, list):
        return isinstance(outputs, list) and len(outputs) == len(declared)
    return isinstance(outputs, dict | list)


def _dependencies(items: Any) -> bool:
    if not isinstance(items, list):
        return False
    for item in items:
        group = item if isinstance(item, list) else [item]
        for one in group:
            if not isinstance(one, dict) or not isinstance(one.get("property"), str):
                return False
            if not isinstance(one.get("id"), str | dict):
                return False
    return True


def _depth(value: Any) -> int:
    """How deeply lists and objects nest (iteratively: no recursion limit to hit)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return deepest
            stack.extend(
                (child, depth + 1) for child in (node.values() if isinstance(node, dict) else node)
            )
    return deepest


def _refuse(status: int, message: str) -> flask.Response:
    return flask.make_response(flask.jsonify(error=message), status)
