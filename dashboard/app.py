"""Builds the Dash app: pages, shell, local assets, and the accounts layer in front of it.

The pages are the packages of dashboard/pages/ (see there): imported before the app is made, as
their callbacks are Dash hooks (`dash.hooks.callback`, added to every app Dash makes), and
registered once it is (`dash.register_page`, each with its layout already framed). Nothing here
touches the page registry or the app's callbacks.

Everything the browser loads comes from this server: Dash's own bundles (served
locally), Bootstrap's CSS and the Sarabun font from their installed packages, and
`assets/`. The content security policy allows scripts from this server only, plus
the hashes of Dash's few inline scripts. Answers are compressed (dashboard/compression.py)
and say how long the server worked on them (Server-Timing).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import bootstrap_wrapper
import dash
import flask
import plotly.io

from accounts.forms import PASSWORD_PATH
from accounts.scope import Scope
from accounts.web import install
from core.home import Home
from dashboard import (
    brief,
    compression,
    fonts,
    health,
    identity,
    limits,
    logs,
    outage,
    pages,
    turns,
    uploads,
)
from etl import upload

ROOT = Path(__file__).resolve().parent
ASSETS = ROOT.parent / "assets"
LOG = logging.getLogger("tonbaeb.dashboard")
UNTIMED = ("/login", PASSWORD_PATH)


def create_app(
    home: Home,
    *,
    clock: Callable[[], float] | None = None,
    idle_minutes: int = 30,
    trusted_proxies: Sequence[str] = (),
    dev: bool = False,
    server_id: str | None = None,
) -> dash.Dash:
    """The dashboard for one home folder, behind login; `app.server` is its WSGI app.

    `trusted_proxies`: addresses whose X-Forwarded-For names the client; `dev`: serve source
    maps and Dash's reload hash (never in production); `server_id`: the name in every
    response's X-Tonbaeb-Server header (dashboard/identity.py; default: the host name).
    """
    # Answers hold Dash components: orjson cannot encode them, so Plotly's orjson engine walks
    # each answer in Python first (a third slower); the json module's encoder asks them itself.
    plotly.io.json.config.default_engine = "json"
    server = flask.Flask(__name__)
    server.config["TONBAEB_HOME"] = home
    server.config["TONBAEB_CLOCK"] = clock
    compression.install(server)
    logs.install(server)
    outage.install(server)
    health.install(server, home)
    brief.install(server)  # /brief: the meeting's PDF, behind login like every page
    uploads.install(
        server, home, clock or time.time
    )  # before sign-in's checks: every request may sweep
    pages.load()  # before the app: Dash adds the pages' callbacks (hooks) as it makes it
    app = dash.Dash(
        __name__,
        server=server,  # type: ignore[arg-type]  # Dash takes a Flask app; its hint omits it
        use_pages=True,
        pages_folder="",  # not scanned: each page package registers itself (pages.register)
        assets_folder=str(ASSETS),
        serve_locally=True,
        external_stylesheets=["/vendor/bootstrap.min.css"],
        external_scripts=[],
        title="ต้นแบบ · tonbaeb",
        update_title=None,  # type: ignore[arg-type]  # None: the title stays (Dash's docs)
        suppress_callback_exceptions=True,
        on_error=_log_error,
    )
    pages.register()
    app.layout = dash.page_container
    _serve_vendor_files(server)
    _finish_setup(server)
    install(
        server,
        home,
        csp=content_security_policy(app.csp_hashes()),
        clock=clock or time.time,
        idle_minutes=idle_minutes,
        trusted_proxies=trusted_proxies,
        landing=landing,
    )
    compression.guard_bundles(server, app, dev=dev)
    server.config[limits.UPLOAD_LIMIT] = (
        upload.MAX_BYTES * 4 // 3 + 64 * 1024
    )  # base64 and the request
    limits.install(server, app)
    server.wsgi_app = _server_timing(server.wsgi_app)  # type: ignore[method-assign]
    server.wsgi_app = turns.taking_turns(server.wsgi_app)  # type: ignore[method-assign]
    server.wsgi_app = identity.identified(  # type: ignore[method-assign]
        server.wsgi_app, server_id or identity.default_name()
    )
    return app


def landing(scope: Scope) -> str:
    """The page a sign-in opens: a district's officer their own district, anyone else the overview."""
    if scope.role == "officer" and scope.district_code:
        return f"/district?district={scope.district_code}"
    return "/"


def content_security_policy(script_hashes: Sequence[str]) -> str:
    """Scripts, fonts and data from this server only; Dash's inline scripts by their hashes."""
    scripts = " ".join(script_hashes)
    return (
        "default-src 'self'; "
        f"script-src 'self' {scripts}; "
        # Dash, ag-grid and Plotly set styles at run time.
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


def _server_timing(wsgi_app: Callable[..., Any]) -> Callable[..., Any]:
    """The WSGI app, telling the browser how long the server worked on each answer.

    `Server-Timing: app;dur=12.3` (milliseconds, from the request to the headers: the
    callback, its JSON and its compression), shown in the browser's network panel. Not on
    the sign-in and password pages, where it would time the password check.
    """

    def timed(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO", "").startswith(UNTIMED):
            return wsgi_app(environ, start_response)
        start = time.perf_counter()

        def starting(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            headers.append(("Server-Timing", f"app;dur={(time.perf_counter() - start) * 1000:.1f}"))
            return start_response(status, headers, exc_info)

        return wsgi_app(environ, starting)

    return timed


def _finish_setup(server: flask.Flask) -> None:
    """Run Dash's first-request setup now, so every inline script exists before hashing."""
    with server.test_request_context("/"):
        server.preprocess_request()


def _log_error(error: Exception) -> None:
    """Any callback error not handled by its page: logged here, the page keeps what it showed."""
    LOG.error("dashboard callback failed", exc_info=error)


def _serve_vendor_files(server: flask.Flask) -> None:
    """Bootstrap's CSS and the Sarabun font, from their installed packages (no CDN)."""
    bootstrap = Path(bootstrap_wrapper.get_bootstrap_dir()) / "css"

    @server.route(f"{compression.VENDOR}bootstrap.min.css")
    def bootstrap_css() -> flask.Response:
        return _in_memory(flask.send_from_directory(bootstrap, "bootstrap.min.css", max_age=86400))

    @server.route(f"{compression.VENDOR}fonts/Sarabun-<weight>.woff2")
    def font(weight: str) -> flask.Response:
        if weight not in fonts.WEIGHTS:
            flask.abort(404)
        response = flask.Response(
            fonts.woff2(weight), mimetype="font/woff2"
        )  # packed already: not compressed again
        response.cache_control.public = True
        response.cache_control.max_age = 86400
        return response


def _in_memory(response: flask.Response) -> flask.Response:
    """A file's response with its body read, so its compressed form is kept like a bundle's."""
    response.direct_passthrough = False
    response.make_sequence()
    return response
