"""An address's failures do not delay the accounts that signed in there before, and `tonbaeb serve`
warns when many accounts share one address (a proxy not named with --trusted-proxy)."""

from __future__ import annotations

import os
import sqlite3

import pytest

os.environ.setdefault("TONBAEB_FAST_HASH", "1")

from accounts import throttle, users
from accounts.store import open_store
from core.home import Home

PASSWORD = "riverside-lantern-quarry"
OFFICE = "192.0.2.10"  # an office NAT, or a proxy the server was not told about
START = 3_000_000.0
DAY = 86400.0


@pytest.fixture
def store(home: Home) -> sqlite3.Connection:
    store = open_store(home)
    for name in ("dir62", "new62"):
        users.add_user(store, name, "director", "62", None, PASSWORD)
    return store


def test_strangers_failures_at_an_address_do_not_delay_its_known_users(
    store: sqlite3.Connection,
) -> None:
    assert (
        users.authenticate(store, "dir62", PASSWORD, OFFICE, now=START)[1] == "ok"
    )  # a usual place now
    now = START + 60
    for n in range(40):  # other people behind the same address, wrong passwords under other names
        throttle.failed(store, f"guess{n}", OFFICE, now, counted=True)
    assert throttle.known_place(store, "dir62", OFFICE)
    assert throttle.retry_at(store, "dir62", OFFICE, True, now) <= now + throttle.KNOWN_CAP_SECONDS
    assert users.authenticate(store, "dir62", PASSWORD, OFFICE, now=now)[1] == "ok"
    # ... an account that never signed in from there still waits the address's whole delay.
    assert not throttle.known_place(store, "new62", OFFICE)
    assert throttle.retry_at(store, "new62", OFFICE, False, now) == now + throttle.CAP_SECONDS
    assert users.authenticate(store, "new62", PASSWORD, OFFICE, now=now) == (None, "invalid")


def test_a_known_users_own_failures_still_wait_up_to_the_known_cap(
    store: sqlite3.Connection,
) -> None:
    assert users.authenticate(store, "dir62", PASSWORD, OFFICE, now=START)[1] == "ok"
    now = START + 60
    for n in range(40):
        throttle.failed(store, f"guess{n}", OFFICE, now, counted=True)
    for _ in range(throttle.ACCOUNT_FREE + 10):
        throttle.failed(store, "dir62", OFFICE, now, counted=True)
    assert throttle.retry_at(store, "dir62", OFFICE, True, now) == now + throttle.KNOWN_CAP_SECONDS


def _signed_in(store: sqlite3.Connection, names: list[str], ip: str, at: float) -> None:
    for name in names:
        throttle.succeeded(store, name, ip, at)


def test_addresses_of_five_accounts_in_thirty_days_are_shared(store: sqlite3.Connection) -> None:
    now = START + 40 * DAY
    _signed_in(store, [f"u{n}" for n in range(6)], "127.0.0.1", now - DAY)
    _signed_in(store, [f"u{n}" for n in range(4)], "198.51.100.7", now - DAY)  # four: an office
    _signed_in(store, [f"u{n}" for n in range(5)], "198.51.100.8", now - 31 * DAY)  # long ago
    _signed_in(store, [f"v{n}" for n in range(5)], "198.51.100.9", now - 29 * DAY)
    assert throttle.shared_addresses(store, now) == [("127.0.0.1", 6), ("198.51.100.9", 5)]


def test_serve_warns_of_a_shared_address_only_without_a_trusted_proxy(
    store: sqlite3.Connection,
) -> None:
    now = START + DAY
    assert throttle.proxy_warning(store, (), now) is None
    _signed_in(store, [f"u{n}" for n in range(7)], "127.0.0.1", now - DAY)
    line = throttle.proxy_warning(store, (), now)
    assert line is not None and "\n" not in line
    assert "7 accounts signed in from 127.0.0.1" in line
    assert "--trusted-proxy 127.0.0.1" in line and "as one client" in line
    assert throttle.proxy_warning(store, ("127.0.0.1",), now) is None
