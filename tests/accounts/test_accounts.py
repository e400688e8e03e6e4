"""Accounts: real Argon2id hashes, scopes checked against DOPA codes, lockout, the CLI."""

from __future__ import annotations

import io
import os
import threading

import pytest

os.environ.setdefault("TONBAEB_FAST_HASH", "1")

from accounts import audit, sessions, throttle, users
from accounts.scope import Scope
from accounts.store import open_store
from core.home import Home
from tonbaeb.cli import main

PASSWORD = "long-enough-1"


def test_passwords_are_stored_as_argon2id(home: Home) -> None:
    store = open_store(home)
    users.add_user(store, "dir", "director", "62", None, PASSWORD)
    [stored] = store.execute("select password_hash from users").fetchall()
    assert stored[0].startswith("$argon2id$") and PASSWORD not in stored[0]


@pytest.mark.parametrize(
    ("role", "province", "district", "problem"),
    [
        ("officer", "62", "1001", "district of province 62"),
        ("officer", "62", None, "district of province 62"),
        ("director", "99", None, "DOPA province code"),
        ("director", "62", "6205", "whole province"),
        ("king", "62", None, "role must be"),
    ],
)
def test_scopes_that_do_not_exist_are_refused(
    home: Home, role: str, province: str, district: str | None, problem: str
) -> None:
    with pytest.raises(users.AccountError, match=problem):
        users.add_user(open_store(home), "x", role, province, district, PASSWORD)


def test_failures_slow_a_name_down_and_the_wait_ends(home: Home) -> None:
    store = open_store(home)
    users.add_user(store, "off", "officer", "62", "6205", PASSWORD)
    for _ in range(throttle.ACCOUNT_FREE):
        assert users.authenticate(store, "off", "wrong", "1.2.3.4", now=1000.0) == (None, "invalid")
    assert users.authenticate(store, "off", PASSWORD, "1.2.3.4", now=1000.5) == (
        None,
        "invalid",
    )  # still waiting
    scope, why = users.authenticate(
        store, "off", PASSWORD, "1.2.3.4", now=1000.0 + throttle.BASE_SECONDS
    )
    assert why == "ok" and scope == Scope("off", "officer", "62", "6205")


def test_disabled_users_cannot_log_in_and_lose_their_sessions(home: Home) -> None:
    store = open_store(home)
    users.add_user(store, "dir", "director", "62", None, PASSWORD)
    token = sessions.create_session(store, "dir", 0.0, "ip", "ua")
    assert sessions.live_session(store, token, 1.0, 1800) is not None
    users.disable_user(store, "dir")
    assert sessions.live_session(store, token, 2.0, 1800) is None
    assert users.authenticate(store, "dir", PASSWORD, "ip") == (None, "invalid")


def test_sessions_expire_when_idle(home: Home) -> None:
    store = open_store(home)
    users.add_user(store, "dir", "director", "62", None, PASSWORD)
    token = sessions.create_session(store, "dir", 0.0, "ip", "ua")
    assert sessions.live_session(store, token, 1700.0, 1800) is not None
    assert sessions.live_session(store, token, 1700.0 + 1801, 1800) is None


def test_a_live_session_is_one_statement_of_the_store(home: Home) -> None:
    """Every request asks it: the session and its account in one statement (no touch inside a minute)."""
    from sqlalchemy import event

    store = open_store(home)
    users.add_user(store, "dir", "director", "62", None, PASSWORD)
    token = sessions.create_session(store, "dir", 0.0, "ip", "ua")
    statements: list[str] = []
    event.listen(
        store.engine,
        "before_cursor_execute",
        lambda *a: statements.append(a[2]) if a[2].lower() != "begin" else None,
    )
    live = sessions.live_session(store, token, 10.0, 1800)
    assert live == sessions.Live(Scope("dir", "director", "62"), must_change_password=False)
    assert len(statements) == 1
    assert sessions.live_session(store, token, 10.0 + sessions.TOUCH_EVERY_SECONDS + 1, 1800)
    assert len(statements) == 3  # the look-up, then the touch


def test_unknown_or_unclear_roles_see_nothing() -> None:
    assert not Scope("x", "none", "62").sees_warehouse
    assert not Scope("x", "officer", "62", None).sees_warehouse
    assert not Scope("x", "officer", "62", "1001").sees_warehouse
    assert not Scope("x", "director", None).sees_warehouse
    assert not Scope("x", "admin", "62").sees_warehouse


def test_several_writers_at_once(home: Home) -> None:
    open_store(home)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            store = open_store(home)
            for k in range(40):
                audit.record(store, Scope(f"u{n}", "director", "62"), "view", f"{k}", "ip")
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(audit.read(open_store(home), "62", limit=1000)) == 160


def test_cli_users_and_audit(
    home: Home, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert (
        main(
            [
                "users",
                "add",
                "dir62",
                "--role",
                "director",
                "--province",
                "62",
                "--password-stdin",
                "--home",
                str(home.root),
            ]
        )
        == 0
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert (
        main(
            [
                "users",
                "add",
                "bad",
                "--role",
                "officer",
                "--province",
                "62",
                "--district",
                "1001",
                "--password-stdin",
                "--home",
                str(home.root),
            ]
        )
        == 2
    )
    assert main(["users", "list", "--home", str(home.root)]) == 0
    assert "dir62\tdirector\t62" in capsys.readouterr().out
    audit.record(
        open_store(home),
        Scope("dir62", "director", "62"),
        "export",
        "leaderboard 3 rows",
        "127.0.0.1",
    )
    assert main(["audit", "--province", "62", "--home", str(home.root)]) == 0
    assert "leaderboard 3 rows\t{}\t127.0.0.1" in capsys.readouterr().out
    assert main(["users", "disable", "dir62", "--home", str(home.root)]) == 0
    assert users.list_users(open_store(home))[0].disabled
