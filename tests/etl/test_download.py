"""HTTP sources against real loopback servers: a whole-download deadline, cut-off bodies, sizes."""

from __future__ import annotations

import http.server
import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from etl.download import download
from etl.errors import FetchFailed
from etl.limits import Limits
from tonbaeb.cli import main

TRICKLE_GAP = 0.4  # seconds between bytes: far below any socket time-out
TRICKLES = 100  # bytes (or header lines) a trickling answer would send: 40 s of them
HUNG_UP: queue.Queue[tuple[str, int]] = queue.Queue()  # (path, bytes sent) as each client hung up


class Handler(http.server.BaseHTTPRequestHandler):
    """/trickle: one byte at a time; /cut: stops before its Content-Length; /chunked-cut: stops
    inside a chunk; /big: announces more than the limit; /moved: redirects to /ok; /ok: a body.
    A client that hangs up is noted in HUNG_UP with how much of the answer it had been sent."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *_args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.sent = 0
        try:
            getattr(self, "serve_" + urlsplit(self.path).path.strip("/").replace("-", "_"))()
        except (BrokenPipeError, ConnectionResetError):
            HUNG_UP.put((self.path, self.sent))  # the client gave up, as it should

    def head(self, length: int | None, status: int = 200, **extra: str) -> None:
        self.send_response(status)
        if length is not None:
            self.send_header("Content-Length", str(length))
        for name, value in extra.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()

    def serve_trickle(self) -> None:
        self.head(200)
        for _ in range(TRICKLES):  # bounded: 40 s at most, however the client behaves
            self.wfile.write(b"x")
            self.wfile.flush()
            self.sent += 1
            time.sleep(TRICKLE_GAP)  # the server's pace under test, not synchronisation

    def serve_slow_headers(self) -> None:
        self.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for n in range(TRICKLES):  # bounded: 40 s at most
            self.wfile.write(f"X-{n}: y\r\n".encode())
            self.wfile.flush()
            self.sent += 1
            time.sleep(TRICKLE_GAP)  # the server's pace under test, not synchronisation

    def serve_cut(self) -> None:
        self.head(1000)
        self.wfile.write(b"x" * 10)
        self.wfile.flush()
        self.close_connection = True

    def serve_chunked_cut(self) -> None:
        self.head(None, Transfer_Encoding="chunked")
        self.wfile.write(b"64\r\n" + b"x" * 20)
        self.wfile.flush()
        self.close_connection = True

    def serve_big(self) -> None:
        self.head(10 * 2**20)
        self.wfile.write(b"x" * 1024)

    def serve_moved(self) -> None:
        self.head(0, 302, Location="/ok")

    def serve_ok(self) -> None:
        self.head(5)
        self.wfile.write(b"hello")

    def serve_missing(self) -> None:
        self.head(0, 404)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def hung_up(path: str) -> int:
    """How much of `path`'s answer the server had sent when it saw its client hang up (waiting for
    the server to see it: at its next write or the one after)."""
    while True:
        try:
            seen, sent = HUNG_UP.get(timeout=30)
        except queue.Empty:
            raise AssertionError(f"the server never saw the client of {path} hang up") from None
        if seen == path:
            return sent


def test_a_trickling_server_cannot_hold_the_download(server: str) -> None:
    with pytest.raises(FetchFailed, match=r"not downloaded within 1\.5 s"):
        download(f"{server}/trickle?by=download", Limits(download_seconds=1.5))
    # The client hung up in the middle of the body: the deadline ended the download, not the body.
    assert hung_up("/trickle?by=download") < TRICKLES


def test_a_server_trickling_its_headers_cannot_hold_it_either(server: str) -> None:
    with pytest.raises(FetchFailed, match=r"not downloaded within 1\.5 s"):
        download(f"{server}/slow-headers", Limits(download_seconds=1.5))
    assert hung_up("/slow-headers") < TRICKLES  # in the middle of the headers


@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("cut", "the download was cut off: 10 of 1,000 bytes"),
        ("chunked-cut", "the download was cut off"),
        ("big", "larger than the limit of 1 MB"),
        ("missing", "HTTP 404"),
    ],
)
def test_a_bad_download_says_what_went_wrong(server: str, path: str, said: str) -> None:
    with pytest.raises(FetchFailed) as caught:
        download(f"{server}/{path}", Limits(max_bytes=2**20, download_seconds=10))
    assert said in str(caught.value)
    assert f"{server}/{path}" in str(caught.value)


def test_a_redirect_is_followed(server: str) -> None:
    assert download(f"{server}/moved", Limits(download_seconds=10)) == b"hello"


def test_a_run_with_a_trickling_source_still_loads_the_others(
    server: str, inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with inbox.open("a", encoding="utf-8") as sources:
        sources.write(
            f'\n[[source]]\nprovince = "62"\ndistrict = "6201"\nuri = "{server}/trickle?by=run"\n'
        )
    status = main(
        [
            "etl",
            "run",
            "--home",
            str(tmp_path / "home"),
            "--sources",
            str(inbox),
            "--workers",
            "1",
            "--download-timeout",
            "1",
        ]
    )
    assert hung_up("/trickle?by=run") < TRICKLES  # the run cut the trickling source off
    out = capsys.readouterr().out
    assert status == 1
    rows = {line.split()[1]: line for line in out.splitlines() if line.startswith("62 ")}
    assert " loaded" in rows["6205"]
    assert "failed" in rows["6201"] and "not downloaded within 1 s" in rows["6201"]
