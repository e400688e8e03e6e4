"""A home of its own (tests here publish): districts 6205 and 6201 generated and loaded, every role;
for the browser tests, its app on a loopback server and headless Chromium (one per test).

The dashboard suite's two-province home is shared by the session and must not change, so
uploads and submissions are tested on this one.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import flask.testing
import pytest
from werkzeug.serving import make_server

os.environ.setdefault("TONBAEB_FAST_HASH", "1")

from accounts.store import open_store
from accounts.users import add_user
from core.home import Home
from etl.pipeline import run
from etl.sources import read_sources
from tests.browser import chrome
from tests.conftest import TODAY
from tests.dashboard.conftest import NOW, PASSWORD, login
from tonbaeb.generate import generate
from warehouse.rules import load_rules

ACCOUNTS = {
    "director62": ("director", "62", None),
    "officer6205": ("officer", "62", "6205"),
    "officer6201": ("officer", "62", "6201"),
    "director10": ("director", "10", None),
    "national": ("national", None, None),
    "admin62": ("admin", "62", None),
}


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Districts 6205 and 6201 as `tonbaeb generate` writes them (xlsx, with invalid rows)."""
    root = tmp_path_factory.mktemp("generated")
    result = generate(
        root,
        ["62"],
        [2566, 2567, 2568],
        districts=["6201", "6205"],
        fmt="xlsx",
        today=TODAY,
        clubs_per_district=(8, 10),
    )
    return result.sources


@pytest.fixture(scope="session")
def loaded_home(tmp_path_factory: pytest.TempPathFactory, generated: Path) -> Home:
    """The generated districts loaded, with accounts; copied by `home_copy` before anything changes it."""
    home = Home(tmp_path_factory.mktemp("submit") / "home")
    outcomes = run(home, read_sources(generated), load_rules(None), today=TODAY, workers=1)
    assert [o.status for o in outcomes] == ["loaded", "loaded"]
    store = open_store(home)
    for username, (role, province, district) in ACCOUNTS.items():
        add_user(store, username, role, province, district, PASSWORD)
    store.close()
    return home


@pytest.fixture
def home_copy(loaded_home: Home, tmp_path: Path) -> Home:
    """A private copy of the loaded home, for a test that publishes."""
    shutil.copytree(loaded_home.root, tmp_path / "home")
    return Home(tmp_path / "home")


@pytest.fixture
def submit_app(home_copy: Home) -> Any:
    from dashboard.app import create_app

    return create_app(home_copy, clock=lambda: NOW.timestamp())


@pytest.fixture
def client_for(submit_app: Any) -> Callable[[str], flask.testing.FlaskClient]:
    def make(username: str) -> flask.testing.FlaskClient:
        client = submit_app.server.test_client()
        assert login(client, username).status_code == 302
        return client

    return make


@pytest.fixture
def base_url(submit_app: Any) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, submit_app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture
def browser(tmp_path: Path, downloads: Path) -> Iterator[Any]:
    driver = chrome(tmp_path / "chrome", downloads)
    yield driver
    driver.quit()
