"""The dashboard on PostgreSQL: `tonbaeb state copy` of the two-province home's store, then the
same pages from the copy, and the decision paths (forged requests too) writing only there."""

from __future__ import annotations

import json
from typing import Any

import pytest

from accounts import audit, transfer
from accounts.scope import Scope
from accounts.store import open_store
from core.home import Home
from tests.dashboard.conftest import NOW, call, login
from tests.dashboard.support import DIRECTOR, OFFICER, as_user, page
from tonbaeb.cli import main

DIRECTOR_10 = Scope("director10", "director", "10")
NATIONAL = Scope("national", "national", None)
STATE = {"fy": 2568, "lang": "th"}


@pytest.fixture
def copied(two_provinces: Home, postgres: Any) -> Home:
    """The two-province home with its store copied into a new PostgreSQL database (per test)."""
    url = postgres.new_database()
    assert main(["state", "copy", "--to", url, "--home", str(two_provinces.root)]) == 0
    return Home(two_provinces.root, url)


@pytest.fixture
def pg_app(copied: Home) -> Any:
    """The dashboard app on the same home, its state store the copy."""
    from dashboard.app import create_app

    return create_app(copied, clock=lambda: NOW.timestamp())


def store_views(app: Any, scope: Scope) -> list[str]:
    """What the exemplars and plan pages draw from the state store for one user."""
    state = STATE | ({"province": "62"} if scope.role == "national" else {})
    with as_user(app, scope):
        return [
            str(page("exemplars").show_candidates(state, 0)),
            str(page("exemplars").show_history(state, 0)),
            str(page("exemplars").show_actions("6201/6201-001", state)),
            json.dumps(page("plan").show_plan(state, 1), ensure_ascii=False, default=str),
        ]


def test_a_copy_of_a_store_with_content_serves_the_same_pages(
    app: Any, pg_app: Any, two_provinces: Home, copied: Home
) -> None:
    source, copy = open_store(two_provinces), open_store(copied)
    assert transfer.counts(copy) == transfer.counts(source)
    assert {"users", "audit", "exemplar_decisions", "expansion_pairs", "knowledge_records"} <= {
        table for table, count in transfer.counts(copy).items() if count
    }
    assert audit.verify(copy) == audit.verify(source) and audit.verify(copy)[1] is None
    scopes = (DIRECTOR, OFFICER, DIRECTOR_10, NATIONAL)
    on_file = {scope: store_views(app, scope) for scope in scopes}
    assert {scope: store_views(pg_app, scope) for scope in scopes} == on_file
    assert "ต้นแบบด้านการประชุม" in on_file[DIRECTOR][1]  # the views hold the copied decisions


def test_decisions_through_a_server_on_postgres_are_written_there_and_forgeries_nowhere(
    pg_app: Any, two_provinces: Home, copied: Home
) -> None:
    client = pg_app.server.test_client()

    assert login(client, "director10").status_code == 302  # the session is in PostgreSQL
    submit = next(
        d
        for d in client.get("/_dash-dependencies").json
        if d["output"].startswith("..exemplars-feedback.children")
    )
    forged = {
        "exemplars-submit.n_clicks": 1,
        "exemplars-club.value": "6205/6205-004",
        "exemplars-action.value": "propose",
        "exemplars-reason.value": "ปลอม",
        "exemplars-state.data": {"province": "62", "district": "6205", "fy": 2568},
        "exemplars-version.data": 0,
    }
    response = call(client, submit, forged)
    assert "ท่านไม่มีสิทธิ์" in json.dumps(response.json, ensure_ascii=False)
    officer = pg_app.server.test_client()
    assert login(officer, "officer6205").status_code == 302
    proposal = forged | {"exemplars-reason.value": "ประชุมครบทุกเดือน"}
    response = call(officer, submit, proposal)
    assert response.status_code == 200 and "ท่านไม่มีสิทธิ์" not in json.dumps(
        response.json, ensure_ascii=False
    )
    query = "select username from exemplar_decisions where club_id = '6205-004'"
    assert [r[0] for r in open_store(copied).execute(query)] == ["officer6205"]
    assert open_store(two_provinces).execute(query).fetchall() == []  # the file was not written
    assert audit.verify(open_store(copied))[1] is None
