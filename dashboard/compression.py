"""Compressed responses: Brotli (or gzip) for everything worth it; Dash's bundles packed once, then tighter.

Dash's own `compress=True` calls flask-compress too, but only after fixing its
algorithm to gzip, so the settings are made here instead. Pages, layouts and callback
answers (one user's data each) are compressed afresh for every response and never kept.
A component bundle's or vendor file's bytes depend on its path alone while the process
runs, so its compressed form is kept: the first request gets quality 5 at once, and a
background thread at the lowest CPU priority repacks it at Brotli's best quality for
every later browser (Plotly's 4.8 MB bundle: 1.26 MB, then 1.08 MB after some 20 s of
otherwise idle CPU).
"""

from __future__ import annotations

import os
import queue
import threading

import brotli
import dash
import flask
import flask_compress
from dash import dcc
from dash.exceptions import MissingCallbackContextException

BUNDLES = "/_dash-component-suites/"
VENDOR = "/vendor/"  # Bootstrap's CSS and the fonts, from installed packages
SETTINGS = {
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_ALGORITHM_STREAMING": ["br", "deflate"],
    "COMPRESS_BR_LEVEL": 5,
    "COMPRESS_LEVEL": 6,
    "COMPRESS_MIN_SIZE": 500,
}
PACKED = "X-Tonbaeb-Packed"  # set by a callback whose answer carries an already compressed file
REPACK_QUALITY = 11
REPACK_WINDOW = 24
LOWEST_PRIORITY = 19


class BundleCache:
    """flask-compress's cache backend: component bundles and vendor files only, repacked in the background."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}
        self.lock = threading.Lock()
        self.jobs: queue.Queue[str] = queue.Queue()
        self.worker: threading.Thread | None = None

    def get(self, key: str) -> bytes | None:
        return self.data.get(key)

    def set(self, key: str, value: bytes) -> None:
        algorithm, _, path = key.partition(";")
        if not path.startswith((BUNDLES, VENDOR)):
            return
        with self.lock:
            if key in self.data:
                return  # flask-compress sets again on every hit; keep what is there (maybe repacked)
            self.data[key] = value
            if algorithm == "br":
                self.jobs.put(key)
                if self.worker is None:
                    self.worker = threading.Thread(target=self._repack, name="bundle-repack", daemon=True)
                    self.worker.start()

    def wait(self) -> None:
        """Block until every bundle seen so far is repacked (tests, benchmarks)."""
        self.jobs.join()

    def _repack(self) -> None:
        try:  # Linux gives a thread its own priority: requests always come first
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOWEST_PRIORITY)
        except (AttributeError, OSError):
            pass
        while True:
            key = self.jobs.get()
            try:
                packed = self.data[key]
                # brotli releases the GIL while it works: request threads keep running.
                tighter = brotli.compress(brotli.decompress(packed), quality=REPACK_QUALITY, lgwin=REPACK_WINDOW)
                if len(tighter) < len(packed):
                    with self.lock:
                        self.data[key] = tighter
            finally:
                self.jobs.task_done()


class Compress(flask_compress.Compress):  # type: ignore[misc]
    """flask-compress, except for answers that carry a file compressed already (see `send_packed`)."""

    def after_request(self, response: flask.Response | None) -> flask.Response:
        if response is not None and response.headers.pop(PACKED, None):
            return response
        return super().after_request(response)  # type: ignore[no-any-return]


def install(server: flask.Flask) -> Compress:
    """Compress the server's responses; the Compress object (and its cache) is in server.extensions."""
    server.config.update(SETTINGS, COMPRESS_CACHE_BACKEND=BundleCache, COMPRESS_CACHE_KEY=_path)
    compress = Compress(server)
    server.extensions["compress"] = compress
    return compress


def send_packed(content: bytes, filename: str) -> dict[str, object]:
    """A download of a file that is compressed already (.xlsx is a zip): the answer is sent as it is.

    Compressing the base64 of a national workbook again (3 MB) took longer than writing
    it from the cache and saved little.
    """
    try:
        dash.ctx.response.set_header(PACKED, "1")
    except MissingCallbackContextException:
        pass  # called as a plain function (tests): nothing to send
    return dcc.send_bytes(content, filename)  # type: ignore[no-any-return]


def _path(request: flask.Request) -> str:
    """A response's cache key: its path, without the query (Dash answers only paths it knows)."""
    return request.path
