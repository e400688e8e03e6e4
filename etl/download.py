"""Fetch an http(s) source within a size limit and a wall-clock deadline for the whole download.

A socket time-out alone bounds each wait, not the whole: a server sending one byte every
15 s would hold a run for ever. So every wait is bounded by what is left of the deadline,
and a watchdog shuts the socket at the deadline (a server trickling its headers). A body
shorter than its Content-Length is a cut-off download, never a submission.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from contextlib import suppress
from urllib.parse import urljoin, urlsplit

from etl.errors import FetchFailed
from etl.limits import Limits

CHUNK = 1 << 16
REDIRECTS = 5
HEADERS = {"User-Agent": "tonbaeb-etl", "Accept-Encoding": "identity"}


def download(url: str, limits: Limits | None = None) -> bytes:
    """The body of an http(s) URL; raises FetchFailed with a one-line reason."""
    limits = limits or Limits()
    deadline = time.monotonic() + limits.download_seconds
    late = f"{url}: not downloaded within {limits.download_seconds:g} s"
    try:
        return _follow(url, deadline, limits)
    except TimeoutError as error:
        raise FetchFailed(late) from error
    except (FetchFailed, http.client.HTTPException, OSError, ValueError) as error:
        if time.monotonic() >= deadline:  # the watchdog shut the socket: it was too slow
            raise FetchFailed(late) from error
        if isinstance(error, FetchFailed):
            raise
        raise FetchFailed(f"{url}: cannot be fetched: {_reason(error)}") from error


def _follow(url: str, deadline: float, limits: Limits) -> bytes:
    """GET the URL, following redirects; each connection is shut at the deadline."""
    for _ in range(REDIRECTS + 1):
        connection = _connection(url, deadline)
        fired = threading.Event()
        watchdog = threading.Timer(_left(deadline), _shut, (connection, fired))
        watchdog.daemon = True
        watchdog.start()
        try:
            response = _get(connection, url, deadline)
            if response.status in (301, 302, 303, 307, 308) and response.getheader("Location"):
                url = urljoin(url, response.getheader("Location", ""))
                continue
            if response.status != 200:
                raise FetchFailed(f"{url}: HTTP {response.status} {response.reason}")
            body = _body(url, connection, response, deadline, limits)
            if fired.is_set():  # what came before the socket was shut is not the whole
                raise TimeoutError
            return body
        finally:
            watchdog.cancel()
            connection.close()
    raise FetchFailed(f"{url}: more than {REDIRECTS} redirects")


def _connection(url: str, deadline: float) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    timeout = _left(deadline)
    if parts.scheme == "https":
        context = ssl.create_default_context()
        return http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=timeout, context=context
        )
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)


def _get(
    connection: http.client.HTTPConnection, url: str, deadline: float
) -> http.client.HTTPResponse:
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection.request("GET", path, headers=HEADERS)
    _bound(connection, deadline)
    return connection.getresponse()


def _shut(connection: http.client.HTTPConnection, fired: threading.Event) -> None:
    """At the deadline: end every wait on the socket, however the server trickles."""
    fired.set()
    sock = connection.sock
    if sock is not None:
        with suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _body(
    url: str,
    connection: http.client.HTTPConnection,
    response: http.client.HTTPResponse,
    deadline: float,
    limits: Limits,
) -> bytes:
    expected = response.getheader("Content-Length")
    if expected and expected.isdigit() and int(expected) > limits.max_bytes:
        raise FetchFailed(f"{url}: larger than the limit of {limits.describe_bytes()}")
    parts: list[bytes] = []
    size = 0
    while True:
        _bound(connection, deadline)
        try:
            chunk = response.read1(CHUNK)
        except http.client.IncompleteRead as error:
            got = size + len(error.partial)
            raise FetchFailed(f"{url}: the download was cut off after {got:,} bytes") from error
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchFailed(f"{url}: larger than the limit of {limits.describe_bytes()}")
    if expected and expected.isdigit() and size < int(expected):
        raise FetchFailed(f"{url}: the download was cut off: {size:,} of {int(expected):,} bytes")
    return b"".join(parts)


def _bound(connection: http.client.HTTPConnection, deadline: float) -> None:
    """No wait on the socket may outlast the deadline."""
    if connection.sock is not None:
        connection.sock.settimeout(_left(deadline))


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _reason(error: BaseException) -> str:
    if isinstance(error, socket.gaierror):
        return "unknown host"
    text = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return " ".join(str(text).split())
