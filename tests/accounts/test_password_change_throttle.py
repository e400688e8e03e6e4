"""The change-password form's current password is throttled like a sign-in (Flask's test client)."""

from __future__ import annotations

import os
import re

import flask
import flask.testing
import pytest

os.environ.setdefault("TONBAEB_FAST_HASH", "1")

from accounts import throttle, users
from accounts.forms import PASSWORD_PATH
from accounts.store import open_store
from accounts.web import install
from core.home import Home
from tests.accounts.conftest import Clock

PASSWORD = "riverside-lantern-quarry"
NEW = "harbour-violet-sandstone-9"
HERE = "127.0.0.1"  # the test client's address


@pytest.fixture
def server(home: Home, clock: Clock) -> flask.Flask:
    app = flask.Flask(__name__)
    install(app, home, clock=clock)
    users.add_user(open_store(home), "dir62", "director", "62", None, PASSWORD)
    return app


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def signed_in(server: flask.Flask, ip: str = HERE) -> flask.testing.FlaskClient:
    client = server.test_client()
    token = _token(client.get("/login", environ_base={"REMOTE_ADDR": ip}).get_data(as_text=True))
    answer = client.post(
        "/login",
        data={"username": "dir62", "password": PASSWORD, "csrf_token": token},
        environ_base={"REMOTE_ADDR": ip},
    )
    assert answer.status_code == 302
    return client


def change(client: flask.testing.FlaskClient, current: str, new: str = NEW) -> flask.Response:
    token = _token(client.get(f"{PASSWORD_PATH}?lang=en").get_data(as_text=True))
    form = {"csrf_token": token, "current": current, "new": new, "again": new}
    return client.post(f"{PASSWORD_PATH}?lang=en", data=form)


def test_wrong_current_passwords_make_even_the_right_one_wait(
    server: flask.Flask, clock: Clock
) -> None:
    client = signed_in(server)
    for _ in range(throttle.ACCOUNT_FREE):
        assert change(client, "a-wrong-guess").status_code == 400
    refused = change(client, PASSWORD)  # right, but looked at only after the wait
    assert refused.status_code == 429 and "wait a moment" in refused.get_data(as_text=True)
    clock.now += throttle.BASE_SECONDS  # the refused try was not counted: the first delay is enough
    assert change(client, PASSWORD).status_code == 302
    other = server.test_client()
    token = _token(other.get("/login").get_data(as_text=True))
    assert (
        other.post(
            "/login", data={"username": "dir62", "password": NEW, "csrf_token": token}
        ).status_code
        == 302
    )


def test_the_form_counts_on_the_sign_in_throttle_of_the_account_and_the_address(
    server: flask.Flask, home: Home, clock: Clock
) -> None:
    client = signed_in(server)
    for _ in range(throttle.ACCOUNT_FREE):
        change(client, "a-wrong-guess")
    store = open_store(home)
    [lock] = users.locks(store, "62", clock.now)
    assert (lock.key, lock.failures) == ("dir62", throttle.ACCOUNT_FREE)
    address = store.execute(
        "select failures from login_throttle where key = :key", {"key": throttle.address_key(HERE)}
    )
    assert address.fetchone()[0] == throttle.ACCOUNT_FREE
    # the account waits at sign-in too: from elsewhere even the right password is refused now
    stranger = server.test_client()
    token = _token(
        stranger.get("/login", environ_base={"REMOTE_ADDR": "198.51.100.20"}).get_data(as_text=True)
    )
    answer = stranger.post(
        "/login",
        data={"username": "dir62", "password": PASSWORD, "csrf_token": token},
        environ_base={"REMOTE_ADDR": "198.51.100.20"},
    )
    assert answer.status_code == 401


def test_the_right_current_password_clears_the_count_like_a_sign_in(
    server: flask.Flask, home: Home, clock: Clock
) -> None:
    client = signed_in(server)
    for _ in range(throttle.ACCOUNT_FREE - 1):
        change(client, "a-wrong-guess")
    assert [lock.failures for lock in users.locks(open_store(home), "62", clock.now)] == [
        throttle.ACCOUNT_FREE - 1
    ]
    weak = change(
        client, PASSWORD, new="12345678"
    )  # the current one is right; the new one is refused
    assert weak.status_code == 400
    assert users.locks(open_store(home), "62", clock.now) == []
