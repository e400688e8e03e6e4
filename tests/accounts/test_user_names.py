"""User names: one spelling per account (NFKC, case-folded), one script, no look-alike of another."""

from __future__ import annotations

import io
import os
import re
import sqlite3
from collections.abc import Callable

import flask
import pytest

os.environ.setdefault("TONBAEB_FAST_HASH", "1")

from accounts import audit, legacy, names, passwords, schema, sessions, throttle, users
from accounts.guard import current_scope
from accounts.scope import Scope
from accounts.store import connect, open_store
from accounts.web import install
from core.home import Home
from tonbaeb.cli import main

PASSWORD = "riverside-lantern-quarry"
OldStore = Callable[[Home, int], sqlite3.Connection]


def add(home: Home, name: str) -> int:
    """`tonbaeb users add NAME` for a director of province 62; its exit status."""
    sys_stdin = io.StringIO(PASSWORD + "\n")
    argv = [
        "users",
        "add",
        name,
        "--role",
        "director",
        "--province",
        "62",
        "--password-stdin",
        "--home",
        str(home.root),
    ]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", sys_stdin)
        return main(argv)


@pytest.fixture
def with_dir64(home: Home, capsys: pytest.CaptureFixture[str]) -> Home:
    assert add(home, "dir64") == 0
    capsys.readouterr()
    return home


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("d\u0456r64", "looks like the existing user 'dir64'"),  # Cyrillic і among Latin letters
        ("\u0501\u0456\u043364", "looks like the existing user 'dir64'"),  # all Cyrillic: ԁіг64
        ("\uff24\uff29\uff32\uff16\uff14", "user 'dir64' already exists"),  # full-width ＤＩＲ６４
        ("DIR64", "user 'dir64' already exists"),
        ("Dir64", "user 'dir64' already exists"),
    ],
)
def test_users_add_refuses_another_spelling_or_look_alike_of_an_account(
    with_dir64: Home, capsys: pytest.CaptureFixture[str], name: str, why: str
) -> None:
    assert add(with_dir64, name) == 2
    assert why in capsys.readouterr().err
    assert [u.username for u in users.list_users(open_store(with_dir64))] == ["dir64"]


@pytest.mark.parametrize("name", ["off\u0456cer62", "dir\u03b162", "somchai\u0e2a\u0e21"])
def test_users_add_refuses_a_name_that_mixes_scripts(
    home: Home, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    assert add(home, name) == 2
    assert "a user name is written in one script" in capsys.readouterr().err


@pytest.mark.parametrize(
    "name", ["somchai.s_62", "\u0e2a\u0e21\u0e0a\u0e32\u0e22-62", "a.b@cdd.go.th"]
)
def test_one_script_with_digits_and_common_marks_is_a_name(home: Home, name: str) -> None:
    assert add(home, name) == 0


def test_names_are_stored_folded() -> None:
    assert names.normal_name(" \uff24\uff29\uff32\uff16\uff14 ") == "dir64"
    assert names.skeleton("d\u0456r64") == names.skeleton("dir64") != names.skeleton("dlr64")


def test_sign_in_with_another_case_is_the_account(home: Home) -> None:
    users.add_user(open_store(home), "dir64", "director", "62", None, PASSWORD)
    app = flask.Flask(__name__)
    install(app, home)

    @app.route("/")
    def index() -> str:
        return current_scope().username

    client = app.test_client()
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)
    )
    form = {"username": "DIR64", "password": PASSWORD, "csrf_token": token.group(1)}  # type: ignore[union-attr]
    assert client.post("/login", data=form).status_code == 302
    assert client.get("/").get_data(as_text=True) == "dir64"


def test_every_spelling_counts_on_the_accounts_one_throttle(with_dir64: Home) -> None:
    store = open_store(with_dir64)
    for spelling in ("DIR64", "Dir64", "\uff24\uff29\uff32\uff16\uff14")[: throttle.ACCOUNT_FREE]:
        assert (
            users.authenticate(store, spelling, "a-wrong-guess", "198.51.100.30", now=1000.0)[1]
            == "invalid"
        )
    assert (
        users.authenticate(store, "dir64", PASSWORD, "198.51.100.30", now=1000.0)[1] == "invalid"
    )  # waits


def test_users_commands_take_any_spelling(with_dir64: Home) -> None:
    assert main(["users", "unlock", "DIR64", "--home", str(with_dir64.root)]) == 0
    assert (
        main(["users", "disable", "\uff24\uff29\uff32\uff16\uff14", "--home", str(with_dir64.root)])
        == 0
    )
    assert users.list_users(open_store(with_dir64))[0].disabled


def _as_before_names_were_normalised(
    home: Home, old_store: OldStore, *names_: str
) -> sqlite3.Connection:
    """A store of the version before: accounts as given, not normalised."""
    raw = old_store(home, legacy.AUDIT_CHAINED)
    for name in names_:
        raw.execute(
            "insert into users (username, role, province_code, password_hash, created_at, password_changed_at)"
            " values (?, 'director', '62', ?, 0, 0)",
            [name, passwords.hash_password(PASSWORD)],
        )
    return raw


def test_an_old_account_named_in_capitals_is_renamed_once_and_keeps_its_session(
    legacy_home: Home, old_store: OldStore
) -> None:
    _as_before_names_were_normalised(legacy_home, old_store, "Dir64").close()
    old = connect(legacy_home)  # the tables as they are, no schema check
    session = sessions.create_session(old, "Dir64", 10.0, "198.51.100.31", "ua")
    throttle.succeeded(old, "Dir64", "198.51.100.31", 10.0)
    with pytest.raises(schema.Outdated, match="tonbaeb state upgrade"):
        open_store(legacy_home)
    assert main(["state", "upgrade", "--home", str(legacy_home.root)]) == 0
    store = open_store(legacy_home)
    assert [u.username for u in users.list_users(store)] == ["dir64"]
    assert sessions.live_session(store, session, 20.0, 1800).scope == Scope(
        "dir64", "director", "62"
    )
    assert throttle.known_place(store, "dir64", "198.51.100.31")
    assert users.authenticate(store, "Dir64", PASSWORD, "198.51.100.31", now=30.0)[1] == "ok"


def test_old_accounts_that_would_become_one_stop_the_upgrade(
    legacy_home: Home, old_store: OldStore, capsys: pytest.CaptureFixture[str]
) -> None:
    _as_before_names_were_normalised(legacy_home, old_store, "Dir64", "dir64").close()
    assert main(["state", "upgrade", "--home", str(legacy_home.root)]) == 1
    assert "'Dir64' and 'dir64' are both 'dir64'" in capsys.readouterr().err
    raw = sqlite3.connect(legacy_home.state / "app.sqlite")
    assert raw.execute("pragma user_version").fetchone()[0] == legacy.AUDIT_CHAINED
    assert "alembic_version" not in {
        r[0] for r in raw.execute("select name from sqlite_master where type = 'table'")
    }
    assert sorted(r[0] for r in raw.execute("select username from users")) == ["Dir64", "dir64"]


def test_a_later_migration_does_not_reseal_the_audit_log(
    legacy_home: Home, old_store: OldStore
) -> None:
    old_store(legacy_home, legacy.AUDIT_CHAINED).close()
    store = connect(legacy_home)
    for n in range(3):
        audit.record(store, Scope("dir62", "director", "62"), "view", f"{n}", "198.51.100.32")
    store.execute("delete from audit where id = 3")  # the last entry removed, the head kept
    assert main(["state", "upgrade", "--home", str(legacy_home.root)]) == 0
    _count, problem = audit.verify(open_store(legacy_home))
    assert problem is not None
