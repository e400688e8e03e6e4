"""Builds the Dash app: pages, shell, local assets, and the accounts layer in front of it."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

import bootstrap_wrapper
import dash
import flask
import fontpkg_sarabun

from accounts.web import install
from dashboard import shell
from warehouse.home import Home

ROOT = Path(__file__).resolve().parent
ASSETS = ROOT.parent / "assets"


def create_app(home: Home, *, clock: Callable[[], float] = time.time, idle_minutes: int = 30) -> dash.Dash:
    """The dashboard for one home folder; everything it serves comes from this machine."""
    server = flask.Flask(__name__)
    app = dash.Dash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder=str(ROOT / "pages"),
        assets_folder=str(ASSETS),
        serve_locally=True,
        title="ต้นแบบ · tonbaeb",
        update_title=None,
        suppress_callback_exceptions=True,
        external_stylesheets=["/vendor/bootstrap.min.css"],
    )
    app.layout = shell.frame(dash.page_container)
    _serve_vendor_files(server)
    scripts = " ".join(f"'{h}'" for h in app.csp_hashes())
    csp = (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        f"script-src 'self' {scripts}; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'; worker-src 'self' blob:"
    )
    install(server, home, csp=csp, clock=clock, idle_minutes=idle_minutes)
    logging.getLogger("tonbaeb.dashboard").setLevel(logging.INFO)
    return app


def _serve_vendor_files(server: flask.Flask) -> None:
    """Bootstrap's CSS and the Sarabun font, from their installed packages (no CDN)."""
    bootstrap = Path(bootstrap_wrapper.get_bootstrap_dir()) / "css"
    fonts = Path(fontpkg_sarabun.ROOT) / "files"

    @server.route("/vendor/bootstrap.min.css")
    def bootstrap_css() -> flask.Response:
        return flask.send_from_directory(bootstrap, "bootstrap.min.css", max_age=86400)

    @server.route("/vendor/fonts/<name>")
    def font(name: str) -> flask.Response:
        return flask.send_from_directory(fonts, name, max_age=86400)
