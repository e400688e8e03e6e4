"""Compressed responses: Brotli (or gzip) for everything worth it; Dash's bundles packed once, then tighter.

Dash's own `compress=True` calls flask-compress too, but only after fixing its
algorithm to gzip, so the settings are made here instead. Pages, layouts and callback
answers (one user's data each) are compressed afresh for every response and never kept.
A component bundle's or vendor file's bytes depend on its path alone while the process
runs, so its compressed form is kept: the first request gets quality 4 at once, and a
background thread at the lowest CPU priority repacks it at Brotli's best quality for
every later browser (Plotly's 4.8 MB bundle: 1.26 MB, then 1.08 MB after some 20 s of
otherwise idle CPU).

Only the bundles Dash registered are served, under the fingerprints Dash gives its own
files: any other name is 404 before any work, and the cache is keyed by the file itself
(not the name it was asked by) and bounded in entries and bytes (least recently used out).

This is not the dashboard's cache of what it draws (dashboard/cache.py): these bytes belong to
no tenant, scope or published version, and they are repacked in place, so they are held apart,
where Plotly's bundle can never push out a page nor a busy morning of pages push out Plotly.
"""

from __future__ import annotations

import importlib
import os
import queue
import sys
import threading
from contextlib import suppress

import brotli
import cachetools
import dash
import flask
import flask_compress
from dash import dcc
from dash.exceptions import MissingCallbackContextException
from dash.fingerprint import build_fingerprint, check_fingerprint

BUNDLES = "/_dash-component-suites/"
VENDOR = "/vendor/"  # Bootstrap's CSS and the fonts, from installed packages
SETTINGS = {
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_ALGORITHM_STREAMING": ["br", "deflate"],
    "COMPRESS_BR_LEVEL": 4,  # half the CPU of 5 on callback answers, about a tenth larger
    "COMPRESS_LEVEL": 6,
    "COMPRESS_MIN_SIZE": 500,
}
PACKED = "X-Tonbaeb-Packed"  # set by a callback whose answer carries an already compressed file
REPACK_QUALITY = 11
REPACK_WINDOW = 24
LOWEST_PRIORITY = 19
MAX_ENTRIES = 400
MAX_BYTES = 64 * 1024 * 1024


class BundleCache:
    """flask-compress's cache backend: component bundles and vendor files only, repacked in the background.

    Holds each file's compressed bytes (`data`, least recently used out), at most `max_entries`
    files and `max_bytes` bytes: the files Dash registered, a few MB in all.
    """

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.data: cachetools.LRUCache[str, bytes] = cachetools.LRUCache(
            maxsize=max_bytes, getsizeof=len
        )
        self.max_entries = max_entries
        self.lock = threading.Lock()
        self.jobs: queue.Queue[str] = queue.Queue()
        self.worker: threading.Thread | None = None

    @property
    def size(self) -> int:
        """Bytes held."""
        return int(self.data.currsize)

    def get(self, key: str) -> bytes | None:
        with self.lock:
            return self.data.get(key)

    def set(self, key: str, value: bytes) -> None:
        algorithm, _, path = key.partition(";")
        if not path.startswith((BUNDLES, VENDOR)):
            return
        with self.lock:
            if key in self.data:
                return  # flask-compress sets again on every hit; keep what is there (maybe repacked)
            self._put(key, value)
            if algorithm == "br":
                self.jobs.put(key)
                if self.worker is None:
                    self.worker = threading.Thread(
                        target=self._repack, name="bundle-repack", daemon=True
                    )
                    self.worker.start()

    def wait(self) -> None:
        """Block until every bundle seen so far is repacked (tests, benchmarks)."""
        self.jobs.join()

    def _repack(self) -> None:
        # Linux gives a thread its own priority: requests always come first
        with suppress(AttributeError, OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOWEST_PRIORITY)
        while True:
            key = self.jobs.get()
            try:
                with self.lock:
                    packed = self.data.get(key)
                if packed is None:
                    continue  # evicted before its turn
                # brotli releases the GIL while it works: request threads keep running.
                tighter = brotli.compress(
                    brotli.decompress(packed), quality=REPACK_QUALITY, lgwin=REPACK_WINDOW
                )
                with self.lock:
                    if len(tighter) < len(packed) and self.data.get(key) is packed:
                        self._put(key, tighter)
            finally:
                self.jobs.task_done()

    def _put(self, key: str, value: bytes) -> None:
        """Store under the lock, then drop the least recently used entries beyond the bounds."""
        if len(value) > self.data.maxsize:
            return  # larger than all the room there is: compressed afresh each time
        self.data[key] = value
        while len(self.data) > self.max_entries:
            self.data.popitem()


class Bundles:
    """Which component-suite names Dash itself hands out: registered paths, with their own fingerprints."""

    def __init__(self, app: dash.Dash) -> None:
        self.app = app
        self.tags: dict[str, set[str]] = {}
        self.counted = -1

    def canonical(self, path: str) -> str | None:
        """`package/file` (fingerprint removed) for a name Dash would serve; None for any other."""
        package, _, fingerprinted = path[len(BUNDLES) :].partition("/")
        registered = self.app.registered_paths.get(package)
        if not registered or not fingerprinted:
            return None
        original, has_tag = check_fingerprint(fingerprinted)
        if original not in registered:
            return None
        if has_tag and _tag(fingerprinted) not in self._tags(package):
            return None
        return f"{package}/{original}"

    def _tags(self, package: str) -> set[str]:
        count = sum(len(paths) for paths in self.app.registered_paths.values())
        if count != self.counted:  # pages register more as they are first drawn
            self.tags = {
                name: _fingerprints(name, paths)
                for name, paths in self.app.registered_paths.items()
            }
            self.counted = count
        return self.tags.get(package, set())


def _fingerprints(package: str, paths: set[str]) -> set[str]:
    """The version-and-time tags Dash puts in the names of a package's files (as `_relative_url_path`)."""
    tags = set()
    for relative in paths:
        try:
            if relative.split("/", 1)[0] in ("dcc", "html", "dash_table"):
                version = importlib.import_module(
                    f"{package}.{os.path.split(relative)[0]}"
                ).__version__
            else:
                version = importlib.import_module(package).__version__
            modified = int(
                os.stat(
                    os.path.join(os.path.dirname(sys.modules[package].__file__ or ""), relative)
                ).st_mtime
            )
        except (ImportError, AttributeError, OSError):
            continue
        tags.add(_tag(build_fingerprint(relative, version, modified)))
    return tags


def _tag(fingerprinted: str) -> str:
    """`v4_4_1m1700000000` of `dcc/async-graph.v4_4_1m1700000000.js` (Dash's fingerprint form)."""
    parts = fingerprinted.rsplit("/", 1)[-1].split(".")
    return parts[1] if len(parts) > 2 else ""


def guard_bundles(server: flask.Flask, app: dash.Dash, dev: bool = False) -> None:
    """404 for any component-suite name Dash did not hand out, source maps and the reload hash (unless dev)."""
    bundles = Bundles(app)

    @server.before_request
    def known_bundles_only() -> flask.Response | None:
        path = flask.request.path
        if not dev and (path.endswith(".map") or path.rstrip("/").endswith("/_reload-hash")):
            return flask.Response("not found", 404, mimetype="text/plain")
        if path.startswith(BUNDLES):
            canonical = bundles.canonical(path)
            if canonical is None:
                return flask.Response("not found", 404, mimetype="text/plain")
            flask.g.bundle_key = canonical
        return None


class Compress(flask_compress.Compress):
    """flask-compress, except for answers that carry a file compressed already (see `send_packed`)."""

    def after_request(self, response: flask.Response | None) -> flask.Response:
        if response is not None and response.headers.pop(PACKED, ""):
            return response
        return super().after_request(response)


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
    with suppress(MissingCallbackContextException):  # called as a plain function: nothing to send
        dash.ctx.response.set_header(PACKED, "1")
    return dcc.send_bytes(content, filename)


def _path(request: flask.Request) -> str:
    """A response's cache key: a bundle's own file whatever its name asked, else the path without the query."""
    bundle = flask.g.get("bundle_key")
    return f"{BUNDLES}{bundle}" if bundle else request.path
