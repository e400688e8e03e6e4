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

NO_AUDIT = """create trigger no_audit before insert on audit
begin select raise(abort, 'disk full (a fault made by the test)'); end"""


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


def _failing_audit(home: Home) -> Store:
    store = open_store(home)
    store.execute(NO_AUDIT)  # audit entries cannot be written until the trigger is dropped
    return store


def _rows(home: Home, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(home.state / "app.sqlite")
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_decision_whose_audit_entry_fails_leaves_nothing(home_copy: Home) -> None:
    director = Scope("director62", "director", "62")
    before = _rows(home_copy, "select * from exemplar_decisions order by id")
    entries = _rows(home_copy, "select count(*) from audit")
    with pytest.raises(exc.IntegrityError, match="disk full"):
        decisions.decide(
            _failing_audit(home_copy),
            home_copy,
            director,
            "propose",
            "6205",
            "6205-001",
            2568,
            "ต้นแบบ",
            at=NOW.timestamp(),
        )
    assert _rows(home_copy, "select * from exemplar_decisions order by id") == before
    assert _rows(home_copy, "select count(*) from audit") == entries
    store = open_store(home_copy)  # and the same decision goes through once the fault is gone
    store.execute("drop trigger no_audit")
    decisions.decide(
        store, home_copy, director, "propose", "6205", "6205-001", 2568, "ต้นแบบ", at=NOW.timestamp()
    )
    assert len(_rows(home_copy, "select * from exemplar_decisions")) == len(before) + 1
    assert audit.verify(store)[1] is None


def test_a_knowledge_record_whose_audit_entry_fails_is_not_saved(home_copy: Home) -> None:
    director = Scope("director62", "director", "62")
    store = _failing_audit(home_copy)
    before = _rows(home_copy, "select * from knowledge_records order by district_code, club_id")
    fields = knowledge.record(store, home_copy, director, "6201", "6201-001", 2568).fields
    with pytest.raises(exc.IntegrityError, match="disk full"):
        knowledge.save(
            store,
            home_copy,
            director,
            "6201",
            "6201-001",
            2568,
            fields | {"assets": "ไม่ควรถูกบันทึก"},
            at=NOW.timestamp(),
        )
    assert _rows(home_copy, "select * from knowledge_records order by district_code, club_id") == (
        before
    )


def test_a_password_reset_that_fails_half_way_changes_nothing(home_copy: Home) -> None:
    store = open_store(home_copy)
    sessions.create_session(store, "officer6205", NOW.timestamp(), "127.0.0.1", "test")
    store.execute(
        "create trigger no_end before delete on sessions"
        " begin select raise(abort, 'disk full (a fault made by the test)'); end"
    )
    before = _rows(home_copy, "select password_hash, must_change_password from users")
    with pytest.raises(exc.IntegrityError, match="disk full"):
        users.reset_password(store, "officer6205", "a-new-long-password-for-6205")
    assert _rows(home_copy, "select password_hash, must_change_password from users") == before
    assert store.connection is None  # no transaction left open
    store.execute("drop trigger no_end")
    scope, outcome = users.authenticate(open_store(home_copy), "officer6205", PASSWORD, "127.0.0.1")
    assert outcome == "ok" and scope is not None  # the old password still signs in
