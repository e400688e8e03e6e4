"""Ops fixtures: `tonbaeb serve` as a real gunicorn on loopback, over the dashboard tests' home."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from core.home import Home
from tests.dashboard.conftest import PASSWORD, two_provinces  # noqa: F401  (shared fixtures)
from tests.etl.conftest import two_districts  # noqa: F401

TONBAEB = str(Path(sys.executable).with_name("tonbaeb"))


@dataclass
class Served:
    """A running `tonbaeb serve`: its address, process and log (standard error)."""

    base: str
    process: subprocess.Popen[bytes]
    log: Path

    def lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()

    @property
    def address(self) -> str:
        """host:port"""
        return self.base.removeprefix("http://")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(ready, seconds: float = 60, what: str = "condition") -> None:  # type: ignore[no-untyped-def]
    """Poll `ready()` until it is true (bounded); raises AssertionError after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.05)  # polling a condition another process brings about
    raise AssertionError(f"timed out waiting for {what}")


def launch(
    home: Home,
    log: Path,
    workers: int = 1,
    env: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
) -> Served:
    """Start `tonbaeb serve --home H --port P --workers N ARGS` in a process group of its own
    (`os.killpg` stops the server and its workers at once, as when its host dies)."""
    port = free_port()
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [
                TONBAEB,
                "serve",
                "--home",
                str(home.root),
                "--port",
                str(port),
                "--workers",
                str(workers),
                *args,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=(env or dict(os.environ)) | {"PYTHONUNBUFFERED": "1"},
            start_new_session=True,
        )
    return Served(f"http://127.0.0.1:{port}", process, log)


def answering(served: Served) -> None:
    """Wait (bounded) until the server answers its login page."""

    def answers() -> bool:
        assert served.process.poll() is None, served.log.read_text(encoding="utf-8")
        try:
            return requests.get(f"{served.base}/login", timeout=5).status_code == 200
        except requests.RequestException:  # not listening yet, or the worker still building the app
            return False

    wait_until(answers, 120, "tonbaeb serve to answer")


def stop(served: Served) -> None:
    if served.process.poll() is None:
        served.process.terminate()
        served.process.wait(timeout=60)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    """A function starting `tonbaeb serve --home H --workers N`; every server is stopped afterwards."""
    started: list[Served] = []

    def start(home: Home, workers: int = 1, env: dict[str, str] | None = None) -> Served:
        served = launch(home, tmp_path / f"serve-{len(started)}.log", workers, env)
        started.append(served)
        answering(served)
        return served

    yield start
    for served in started:
        stop(served)


@pytest.fixture
def home_copy(two_provinces: Home, tmp_path: Path) -> Home:  # noqa: F811
    """A copy of the dashboard tests' home that a test may break."""
    target = tmp_path / "copy"
    shutil.copytree(two_provinces.root, target)
    return Home(target)


def sign_in(base: str, username: str, password: str = PASSWORD) -> requests.Session:
    """A requests session logged in through the login form."""
    session = requests.Session()
    page = session.get(f"{base}/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    answer = session.post(
        f"{base}/login",
        data={"username": username, "password": password, "csrf_token": token.group(1)},
        allow_redirects=False,
        timeout=60,
    )
    assert answer.status_code == 302, answer.text
    return session


@pytest.fixture
def home_on(tmp_path: Path, state_url: str | None) -> Home:
    """An empty home whose state store is SQLite's file, then (a second run) PostgreSQL."""
    return Home(tmp_path / "home", state_url)
