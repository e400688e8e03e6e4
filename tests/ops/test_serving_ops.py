"""A real gunicorn: JSON request logs without personal data, keep-alive, SIGHUP losing no request,
SIGTERM finishing a request in flight."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil
import pytest
import requests

from core.home import Home
from tests.dashboard.conftest import MEMBER_6205, SECRET_MEMBER_6201
from tests.ops.conftest import sign_in, wait_until

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from dash_driver import Driver, Reply


class Http:
    """The driver's client over a logged-in requests session."""

    def __init__(self, base: str, session: Any) -> None:
        self.base, self.session = base, session

    def get(self, path: str) -> Reply:
        answer = self.session.get(self.base + path, allow_redirects=False, timeout=60)
        return Reply(answer.status_code, answer.content, 0.0)

    def post(self, path: str, body: dict[str, Any]) -> Reply:
        answer = self.session.post(self.base + path, json=body, timeout=60)
        return Reply(answer.status_code, answer.content, 0.0)


def events(lines: list[str]) -> list[dict[str, Any]]:
    """The JSON event lines of a server's log (gunicorn's own lines are not JSON)."""
    found = []
    for line in lines:
        if line.startswith("{"):
            found.append(json.loads(line))
    return found


def test_request_logs_are_json_and_carry_no_personal_data(two_provinces: Home, serve) -> None:  # type: ignore[no-untyped-def]
    served = serve(two_provinces)
    shown, posted = b"", 0
    for username, url in (
        ("officer6205", "/club?district=6205&club=6205-001"),
        ("director62", "/club?district=6201&club=6201-002"),
        ("director62", f"/leaderboard?q={MEMBER_6205}"),
    ):
        driver = Driver(Http(served.base, sign_in(served.base, username)))
        visit = driver.visit(url)
        members = next(d for d in driver.dependencies if d["output"] == "club-members.children")
        if url.startswith("/club"):  # the member list, as its fold is opened
            driver.fire(
                visit,
                members,
                "members",
                {"club-members-list-fold.active_item": "club-members-list"},
            )
        assert all(c.reply and c.reply.status == 200 for c in visit.calls), [
            (c.label, c.reply and c.reply.status) for c in visit.calls
        ]
        shown += b"".join(c.reply.body for c in visit.calls if c.reply)
        posted += sum(c.is_callback for c in visit.calls)
    text = shown.decode("utf-8", "replace")
    # The member lists really were shown: the names are in what the server sent (as JSON).
    assert _sent(MEMBER_6205, text) and _sent(SECRET_MEMBER_6201, text)
    wait_until(
        lambda: sum('"output"' in line for line in served.lines()) >= posted, 30, "log lines"
    )
    logged = events(served.lines())
    requests_ = [e for e in logged if e["kind"] == "request"]
    callbacks = [e for e in requests_ if e["path"] == "/_dash-update-component"]
    assert callbacks and all(e["output"] and e["status"] == 200 and e["ms"] >= 0 for e in callbacks)
    assert {(e["user"], e["role"], e["tenant"]) for e in callbacks} == {
        ("officer6205", "officer", "62"),
        ("director62", "director", "62"),
    }
    assert any(
        "_pages_content.children" in e["output"] for e in callbacks
    )  # the club pages, members and all
    log = served.log.read_text(encoding="utf-8")
    for secret in (MEMBER_6205, SECRET_MEMBER_6201, "k62051", "k62011"):
        assert not _sent(secret, log)
    assert not re.search(r"(?<![0-9])[0-9]{13}(?![0-9])", log)  # nothing shaped like a citizen ID


def test_an_idle_keep_alive_connection_is_still_open_after_longer_than_gunicorns_default(
    two_provinces: Home,
    serve,  # type: ignore[no-untyped-def]
) -> None:
    """gunicorn's default keep-alive (2 s) reset connections browsers reused just after."""
    served = serve(two_provinces)
    port = int(served.base.rpartition(":")[2])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/healthz")
    first = connection.getresponse()
    first.read()
    assert first.status == 200 and first.getheader("Connection", "").lower() != "close"
    time.sleep(3.5)  # the idle time under test, not synchronisation
    connection.request("GET", "/healthz")
    again = connection.getresponse()
    again.read()
    assert again.status == 200
    connection.close()


def test_sighup_replaces_the_workers_without_losing_a_request(two_provinces: Home, serve) -> None:  # type: ignore[no-untyped-def]
    served = serve(two_provinces, workers=2)
    port = int(served.base.rpartition(":")[2])
    master = psutil.Process(served.process.pid)
    before = {c.pid for c in master.children()}
    results: list[int | str] = []
    stop = threading.Event()

    def stream() -> None:
        kept = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for n in range(20_000):  # bounded: stops when told, long before this
            if stop.is_set():
                break
            try:
                if n % 2:  # a new connection each time
                    fresh = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    fresh.request("GET", "/login")
                    answer = fresh.getresponse()
                    answer.read()
                    fresh.close()
                else:  # and one kept alive, as a browser does (it resends once on a closed idle one)
                    answer = _on_kept(kept, port)
                results.append(answer.status)
            except (OSError, http.client.HTTPException) as error:
                results.append(repr(error))

    thread = threading.Thread(target=stream)
    thread.start()
    try:
        wait_until(lambda: len(results) >= 50, 60, "requests before the restart")
        os.kill(served.process.pid, signal.SIGHUP)
        wait_until(
            lambda: (
                (now := {c.pid for c in master.children()}) and not (now & before) and len(now) == 2
            ),
            120,
            "new workers, old ones gone",
        )
        count = len(results)
        wait_until(lambda: len(results) >= count + 50, 60, "requests after the restart")
    finally:
        stop.set()
        thread.join(timeout=60)
    assert len(results) > 100 and all(r == 200 for r in results), [r for r in results if r != 200][
        :5
    ]
    assert served.process.poll() is None


def test_sigterm_finishes_the_request_in_flight_then_stops(two_provinces: Home, serve) -> None:  # type: ignore[no-untyped-def]
    """A request half sent when the stop comes is still read and answered; then the server exits."""
    served = serve(two_provinces, workers=1)
    port = int(served.base.rpartition(":")[2])
    (worker,) = psutil.Process(served.process.pid).children()
    client = socket.create_connection(("127.0.0.1", port), timeout=30)
    try:
        client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # the headers not yet ended
        mine = client.getsockname()[1]
        wait_until(
            lambda: any(c.raddr and c.raddr.port == mine for c in worker.net_connections("tcp")),
            30,
            "the worker to take the connection",
        )
        served.process.send_signal(signal.SIGTERM)
        wait_until(
            lambda: "Handling signal: term" in served.log.read_text(encoding="utf-8"),
            30,
            "the stop",
        )
        assert worker.is_running()
        client.sendall(b"Connection: close\r\n\r\n")
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
    finally:
        client.close()
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]
    assert json.loads(answer.partition(b"\r\n\r\n")[2])["status"] == "ok"
    assert served.process.wait(timeout=60) == 0
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()


def test_a_server_writes_nothing_outside_its_home(
    two_provinces: Home, serve, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """No control socket in the user's home (gunicorn's default): two servers would share its one path."""
    user_home = tmp_path / "user"
    user_home.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"} | {"HOME": str(user_home)}
    served = serve(two_provinces, env=env)
    assert requests.get(f"{served.base}/healthz", timeout=30).status_code == 200
    assert list(user_home.iterdir()) == []
    assert "control socket" not in served.log.read_text(encoding="utf-8").lower()


def _sent(name: str, text: str) -> bool:
    """Whether a name is in JSON the server sent, as UTF-8 or \\u-escaped."""
    return name in text or json.dumps(name)[1:-1] in text


def _on_kept(connection: http.client.HTTPConnection, port: int) -> http.client.HTTPResponse:
    """GET /login on a kept-alive connection; sent again once if the server had closed it while idle."""
    for attempt in (1, 2):
        try:
            connection.request("GET", "/login")
            answer = connection.getresponse()
            answer.read()
            return answer
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            connection.close()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")
