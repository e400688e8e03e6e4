"""Compressed responses: Brotli (or gzip) for everything worth it; Dash's bundles packed once, then tighter.

Dash's own `compress=True` calls flask-compress too, but only after fixing its
algorithm to gzip, so the settings are made here instead. Pages, layouts and callback
answers (one user's data each) are compressed afresh for every response and never kept.
A component bundle's bytes depend on its path alone while the process runs, so its
compressed form is kept: the first request gets quality 5 at once, and a background
thread repacks it at Brotli's best quality for every later browser (Plotly's 4.8 MB
bundle: 1.26 MB, then 1.10 MB).
"""

from __future__ import annotations

import queue
import threading

import brotli
import flask
import flask_compress

BUNDLES = "/_dash-component-suites/"
SETTINGS = {
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_ALGORITHM_STREAMING": ["br", "deflate"],
    "COMPRESS_BR_LEVEL": 5,
    "COMPRESS_LEVEL": 6,
    "COMPRESS_MIN_SIZE": 500,
}
REPACK_QUALITY = 10  # 11 saves 2% more at four times the time (20 s of one core for Plotly)
REPACK_WINDOW = 24


class BundleCache:
    """flask-compress's cache backend: component bundles only, repacked in the background."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}
        self.lock = threading.Lock()
        self.jobs: queue.Queue[str] = queue.Queue()
        self.worker: threading.Thread | None = None

    def get(self, key: str) -> bytes | None:
        return self.data.get(key)

    def set(self, key: str, value: bytes) -> None:
        algorithm, _, path = key.partition(";")
        if not path.startswith(BUNDLES):
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


def install(server: flask.Flask) -> flask_compress.Compress:
    """Compress the server's responses; the Compress object (and its cache) is in server.extensions."""
    server.config.update(SETTINGS, COMPRESS_CACHE_BACKEND=BundleCache, COMPRESS_CACHE_KEY=_path)
    compress = flask_compress.Compress(server)
    server.extensions["compress"] = compress
    return compress


def _path(request: flask.Request) -> str:
    """A response's cache key: its path, without the query (Dash answers only paths it knows)."""
    return request.path
