"""The state store's schema, copies, backups and locks, on SQLite's file and on PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

os.environ.setdefault("TONBAEB_FAST_HASH", "1")

from accounts import audit, legacy, schema, transfer
from accounts.database import Store
from accounts.scope import Scope
from accounts.store import connect, open_store
from accounts.users import add_user
from core.home import Home
from tests.ops.conftest import wait_until
from tonbaeb.cli import main

REPO = Path(__file__).resolve().parents[2]
DIRECTOR = Scope("dir62", "director", "62")

APPENDER = """
import sys
from pathlib import Path
from accounts import audit
from accounts.database import Store
from accounts.scope import Scope
from accounts.store import open_store
from core.home import Home
home = Home(Path(sys.argv[1]), sys.argv[2] or None)
store = open_store(home)
sys.stdin.readline()  # start together
for n in range(int(sys.argv[4])):
    audit.record(store, Scope("dir62", "director", "62"), "view_members", f"{sys.argv[3]}/{n}", "::1")
"""

HOLDER = """
import sys
from pathlib import Path
from accounts import locks
from core.home import Home
home = Home(Path(sys.argv[1]), sys.argv[2] or None)
with locks.exclusive(home, "etl run", home.state / "etl-run.lock", wait=False):
    print("held", flush=True)
    sys.stdin.readline()
"""


def legacy_tables(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as con:
        return con.execute(
            "select name, sql from sqlite_master where name not in ('alembic_version', "
            "'lock_holders') and name not like 'sqlite_autoindex_%' order by name"
        ).fetchall()


def test_a_store_of_the_last_step_before_alembic_is_stamped_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TONBAEB_STATE_URL", raising=False)
    home = Home(tmp_path / "home")
    home.state.mkdir(parents=True)
    old = sqlite3.connect(home.state / "app.sqlite", isolation_level=None)
    for step in legacy.STEPS:  # the schema as the code before Alembic left it
        if isinstance(step, str):
            old.executescript(step)
    old.execute(f"pragma user_version = {legacy.LAST}")
    old.close()
    store = connect(home)
    add_user(store, "dir62", "director", "62", None, "riverside-lantern-quarry")
    audit.record(store, DIRECTOR, "view_members", "6205/6205-001", "::1")
    store.close()
    before = legacy_tables(home.state / "app.sqlite")

    assert main(["serve", "--home", str(home.root), "--port", "1"]) == 1
    assert "run `tonbaeb state upgrade`" in capsys.readouterr().err
    assert main(["state", "upgrade", "--home", str(home.root)]) == 0
    assert f"revision {schema.head()} (was user_version 4)" in capsys.readouterr().out

    after = dict(legacy_tables(home.state / "app.sqlite"))
    assert [(name, after.get(name)) for name, _sql in before] == before  # later revisions only add
    upgraded = open_store(home)
    assert schema.revision(upgraded) == schema.head()
    assert audit.verify(upgraded) == (1, None)
    assert oct((home.state / "app.sqlite").stat().st_mode & 0o777) == "0o600"


def test_appenders_on_several_processes_keep_one_chain(home_on: Home) -> None:
    open_store(home_on).close()
    appenders = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                APPENDER,
                str(home_on.root),
                home_on.state_url or "",
                f"w{n}",
                "40",
            ],
            stdin=subprocess.PIPE,
            cwd=REPO,
            text=True,
        )
        for n in range(4)
    ]
    for appender in appenders:
        assert appender.stdin is not None
        appender.stdin.write("go\n")
        appender.stdin.flush()
    for appender in appenders:
        assert appender.wait(timeout=300) == 0
    store = open_store(home_on)
    assert audit.verify(store) == (160, None)
    ids = [r[0] for r in store.execute("select id from audit order by id")]
    assert ids == list(range(1, 161))  # one line: no gap, no fork
    details = {r[0] for r in store.execute("select detail from audit")}
    assert details == {f"w{w}/{n}" for w in range(4) for n in range(40)}


def test_a_second_etl_run_names_who_holds_the_lock(
    home_on: Home, two_districts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    open_store(home_on).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(home_on.root), home_on.state_url or ""],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=REPO,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        status = main(["etl", "run", "--home", str(home_on.root), "--sources", str(two_districts)])
        error = capsys.readouterr().err
        assert status == 1
        assert "another run is loading: etl run is held by " in error
        assert f"pid {holder.pid} since" in error
    finally:
        assert holder.stdin is not None
        holder.stdin.write("done\n")
        holder.stdin.flush()
        assert holder.wait(timeout=60) == 0
    assert not home_on.tenant("62").joinpath("CURRENT").exists()  # the refused run loaded nothing


def test_a_backup_of_either_store_restores_into_an_empty_one(
    home_on: Home, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(home_on)
    add_user(store, "dir62", "director", "62", None, "riverside-lantern-quarry")
    for n in range(3):
        audit.record(store, DIRECTOR, "view_members", f"6205/6205-00{n}", "::1")
    expected = transfer.counts(store)
    store.close()
    assert main(["backup", str(tmp_path / "kept.tar"), "--home", str(home_on.root)]) == 0

    again = Home(
        tmp_path / "again", home_on.state_url and request.getfixturevalue("postgres").new_database()
    )
    if again.state_url:
        monkeypatch.setenv("TONBAEB_STATE_URL", again.state_url)  # the restored home's store
    assert main(["restore", str(tmp_path / "kept.tar"), "--home", str(again.root)]) == 0
    restored = open_store(again)
    assert transfer.counts(restored) == expected
    assert audit.verify(restored) == (3, None)
    assert (again.state / "app.sqlite").is_file() != bool(again.state_url)


def test_writing_transactions_on_postgresql_take_turns(tmp_path: Path, postgres: Any) -> None:
    """What a writer reads holds until it commits: a second writer waits, then sees the first's
    row (PostgreSQL's read committed alone would let it read around the uncommitted write)."""
    store = open_store(Home(tmp_path / "home", postgres.new_database()))
    first_wrote, seen = threading.Event(), []

    def second() -> None:
        first_wrote.wait(timeout=60)
        with store.transaction():
            seen.append(store.execute("select count(*) from lock_holders").scalar())
            store.execute("insert into lock_holders values ('second', 'b', 2)")

    waiting = "select count(*) from pg_locks where locktype = 'advisory' and not granted"
    with ThreadPoolExecutor(1) as pool:
        with store.transaction():
            store.execute("insert into lock_holders values ('first', 'a', 1)")
            later = pool.submit(second)
            first_wrote.set()
            wait_until(lambda: store_now(store, waiting) == 1, what="the second writer to wait")
        later.result(timeout=60)
    assert seen == [1]


def store_now(store: Store, query: str) -> Any:
    """A query on a connection of its own (outside this thread's transaction)."""
    with store.engine.connect() as con:
        return con.execute(text(query)).scalar()
