"""The state store out of reach: a 503 page in Thai (or English) with Retry-After, never a
traceback; and a write that fails half-way leaves nothing of itself, its audit entry neither."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from sqlalchemy import exc

from accounts import audit, sessions, users
from accounts.database import Store
from accounts.scope import Scope
from accounts.store import open_store, state_url
from core.home import Home
from dashboard.identity import HEADER
from exemplars import decisions, knowledge
from tests.dashboard.conftest import NOW, PASSWORD, login
from tonbaeb.cli import main


@pytest.fixture
def held(home_copy: Home) -> Any:
    """Another connection holding the store's write lock for the test (released afterwards)."""
    holder = sqlite3.connect(home_copy.state / "app.sqlite", isolation_level=None)
    holder.execute("begin immediate")
    yield holder
    if holder.in_transaction:
        holder.execute("rollback")
    holder.close()


def test_a_store_locked_past_the_wait_gets_a_503_page_never_a_traceback(
    home_copy: Home, held: sqlite3.Connection
) -> None:
    from dashboard.app import create_app

    now = [NOW.timestamp()]
    app = create_app(home_copy, clock=lambda: now[0], server_id="test-server")
    guard = app.server.extensions["tonbaeb_guard"]
    held.execute("rollback")  # free while signing in
    client = app.server.test_client()
    assert login(client, "director62").status_code == 302
    assert client.get("/?lang=th").status_code == 200
    held.execute("begin immediate")
    now[0] += 600  # the session's last use is now old enough to be written again: a write

    guard._store = Store(state_url(home_copy), wait_seconds=0.02)  # not 30 s, for the test
    page = client.get("/district?district=6201")
    text = page.get_data(as_text=True)
    assert page.status_code == 503, text
    assert page.headers["Retry-After"] == "10"
    assert page.headers[HEADER].startswith("test-server:")
    assert page.headers["Content-Type"].startswith("text/html")
    assert "ขัดข้องชั่วคราว" in text and 'lang="th"' in text
    assert "Traceback" not in text and "sqlite" not in text.lower()
    assert page.headers["X-Frame-Options"] == "DENY"  # the security headers as on every page

    english = client.get("/district?district=6201&lang=en")
    assert english.status_code == 503
    assert "Temporarily unavailable" in english.get_data(as_text=True)

    callback = client.post("/_dash-update-component", json={"output": "x.children"})
    assert callback.status_code == 503 and callback.headers["Retry-After"] == "10"
    assert callback.get_json() == {"error": "the state store is unavailable; try again shortly"}

    form = login(app.server.test_client(), "director62")  # a form: the page, not JSON
    assert form.status_code == 503 and "ขัดข้องชั่วคราว" in form.get_data(as_text=True)

    held.execute("rollback")  # the store is back: the same session works again
    assert client.get("/district?district=6201").status_code == 200


def test_a_broken_statement_is_not_taken_for_an_outage(home_copy: Home) -> None:
    from dashboard.app import create_app
    from dashboard.outage import unavailable

    def wrapped(kind: type[exc.DBAPIError], error: Exception) -> exc.DBAPIError:
        return kind("select 1", {}, error)

    assert unavailable(
        wrapped(exc.OperationalError, sqlite3.OperationalError("database is locked"))
    )
    assert unavailable(wrapped(exc.DatabaseError, sqlite3.DatabaseError("not a database")))
    assert unavailable(exc.TimeoutError("QueuePool limit reached"))  # every connection in use
    assert not unavailable(wrapped(exc.IntegrityError, sqlite3.IntegrityError("UNIQUE failed")))
    assert not unavailable(wrapped(exc.ProgrammingError, sqlite3.ProgrammingError("misuse")))
    app = create_app(home_copy)

    @app.server.route("/broken-statement")
    def broken() -> str:
        raise exc.IntegrityError("insert", {}, sqlite3.IntegrityError("UNIQUE constraint failed"))

    client = app.server.test_client()
    assert login(client, "director62").status_code == 302
    answer = client.get("/broken-statement")
    assert answer.status_code == 500 and "Retry-After" not in answer.headers


class Faulty:
    """The home's store, on SQLite or (copied there) on PostgreSQL, where a test can make one
    kind of write fail as a full disk would: a trigger raising an integrity error."""

    def __init__(self, home: Home) -> None:
        self.home = home
        self.postgres = state_url(home).get_backend_name() == "postgresql"

    def break_writes(self, name: str, operation: str, table: str) -> Store:
        """From now on `operation` (insert, delete) on `table` fails until `mend(name)`."""
        store = open_store(self.home)
        if self.postgres:
            store.execute(
                "create or replace function tonbaeb_test_fault() returns trigger language plpgsql"
                " as $$ begin raise exception 'disk full (a fault made by the test)'"
                " using errcode = 'integrity_constraint_violation'; end $$"
            )
            store.execute(
                f"create trigger {name} before {operation} on {table}"
                " for each row execute function tonbaeb_test_fault()"
            )
        else:
            store.execute(
                f"create trigger {name} before {operation} on {table}"
                " begin select raise(abort, 'disk full (a fault made by the test)'); end"
            )
        return store

    def mend(self, store: Store, name: str, table: str) -> None:
        store.execute(f"drop trigger {name}" + (f" on {table}" if self.postgres else ""))

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        store = open_store(self.home)
        try:
            return [tuple(row) for row in store.execute(sql).fetchall()]
        finally:
            store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def faulty(request: pytest.FixtureRequest, home_copy: Home) -> Faulty:
    """The dashboard tests' home (a copy) on its SQLite store, then on a copy in PostgreSQL."""
    if request.param == "sqlite":
        return Faulty(home_copy)
    url = request.getfixturevalue("postgres").new_database()
    assert main(["state", "copy", "--to", url, "--home", str(home_copy.root)]) == 0
    return Faulty(Home(home_copy.root, url))


def test_a_decision_whose_audit_entry_fails_leaves_nothing(faulty: Faulty) -> None:
    home = faulty.home
    director = Scope("director62", "director", "62")
    before = faulty.rows("select * from exemplar_decisions order by id")
    entries = faulty.rows("select count(*) from audit")
    with pytest.raises(exc.IntegrityError, match="disk full"):
        decisions.decide(
            faulty.break_writes("no_audit", "insert", "audit"),
            home,
            director,
            "propose",
            "6205",
            "6205-001",
            2568,
            "ต้นแบบ",
            at=NOW.timestamp(),
        )
    assert faulty.rows("select * from exemplar_decisions order by id") == before
    assert faulty.rows("select count(*) from audit") == entries
    store = open_store(home)  # and the same decision goes through once the fault is gone
    faulty.mend(store, "no_audit", "audit")
    decisions.decide(
        store, home, director, "propose", "6205", "6205-001", 2568, "ต้นแบบ", at=NOW.timestamp()
    )
    assert len(faulty.rows("select * from exemplar_decisions")) == len(before) + 1
    assert audit.verify(store)[1] is None


def test_a_knowledge_record_whose_audit_entry_fails_is_not_saved(faulty: Faulty) -> None:
    home = faulty.home
    director = Scope("director62", "director", "62")
    store = faulty.break_writes("no_audit", "insert", "audit")
    listed = "select * from knowledge_records order by district_code, club_id"
    before = faulty.rows(listed)
    fields = knowledge.record(store, home, director, "6201", "6201-001", 2568).fields
    with pytest.raises(exc.IntegrityError, match="disk full"):
        knowledge.save(
            store,
            home,
            director,
            "6201",
            "6201-001",
            2568,
            fields | {"assets": "ไม่ควรถูกบันทึก"},
            at=NOW.timestamp(),
        )
    assert faulty.rows(listed) == before


def test_a_password_reset_that_fails_half_way_changes_nothing(faulty: Faulty) -> None:
    store = faulty.break_writes("no_end", "delete", "sessions")
    sessions.create_session(store, "officer6205", NOW.timestamp(), "127.0.0.1", "test")
    listed = "select password_hash, must_change_password from users order by username"
    before = faulty.rows(listed)
    with pytest.raises(exc.IntegrityError, match="disk full"):
        users.reset_password(store, "officer6205", "a-new-long-password-for-6205")
    assert faulty.rows(listed) == before
    assert store.connection is None  # no transaction left open
    faulty.mend(store, "no_end", "sessions")
    scope, outcome = users.authenticate(
        open_store(faulty.home), "officer6205", PASSWORD, "127.0.0.1"
    )
    assert outcome == "ok" and scope is not None  # the old password still signs in
