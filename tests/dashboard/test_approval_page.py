"""The approval page (/approval) and the figures that say whether they are approved: first views
by role, the callbacks as forged requests, the scorecard's approved and provisional figures.

This module has a home of its own (the session's has every year approved): provinces 62 and 10
as the session's, with no sign-off yet; each test moves only what it asserts about.
"""

from __future__ import annotations

from typing import Any

import pytest

from accounts.store import open_store
from tests.dashboard.conftest import (
    call,
)
from tests.dashboard.support import fires_on_mount, first_view, unsigned_app
from warehouse import approvals

STATE_62 = {"province": "62", "fy": 2568, "lang": "en"}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The dashboard on a home of this module's own: the two provinces, every role, no sign-off."""
    return unsigned_app(tmp_path_factory.mktemp("approval"))


def events(app: Any) -> list[tuple[str, int, str, str]]:
    store = open_store(app.server.config["TONBAEB_HOME"])
    try:
        found = []
        for province in ("62", "10"):
            frame = approvals.events(store, province)
            found += list(
                zip(frame["district_code"], frame["fiscal_year"], frame["action"],
                    frame["username"], strict=True)
            )  # fmt: skip
        return found
    finally:
        store.close()


def dependency(client: Any, output: str) -> dict[str, Any]:
    return next(d for d in client.get("/_dash-dependencies").json if d["output"].startswith(output))


def test_the_first_view_by_role(client_as: Any) -> None:
    director = first_view(client_as("director62"), "/approval", "?lang=en&fy=2568")
    assert "Data sign-off" in director and "Approve all submitted" in director
    assert "Districts and fiscal years" in director and "Checks before sign-off" in director
    assert "js-print" in director
    officer = first_view(client_as("officer6205"), "/approval", "?lang=en&fy=2568")
    assert "Submit or sign off" in officer and "Approve all submitted" not in officer
    national = first_view(client_as("national"), "/approval", "?province=62&lang=en&fy=2568")
    assert "Data sign-off" in national and "Submit or sign off" not in national
    thai = first_view(client_as("director62"), "/approval", "?fy=2568")
    assert "รับรองข้อมูล" in thai and "ร่าง" in thai


def test_no_approval_callback_fires_on_mount(client_as: Any) -> None:
    assert fires_on_mount(client_as("director62"), "approval-") == []


def test_forged_transitions_change_nothing(app: Any, client_as: Any) -> None:
    before = events(app)
    forged = [
        ("officer6205", "6201", "submit", STATE_62),  # another district of the province
        ("officer6205", "1001", "submit", STATE_62 | {"province": "10"}),
        ("officer6205", "6205", "approve", STATE_62),  # an officer approving
        ("director62", "1001", "approve", {"province": "10", "fy": 2568}),  # another province
        ("director10", "6201", "return", STATE_62),
        ("national", "6201", "submit", STATE_62),
        ("admin62", "6205", "submit", STATE_62),
        ("officer6205", "6205", "reopen", STATE_62),
        ("officer6205", "6205", "submit", STATE_62 | {"fy": "2568; drop table users"}),
    ]
    for username, district, action, state in forged:
        client = client_as(username)
        record = dependency(client, "..approval-feedback.children")
        values = {
            "approval-submit.n_clicks": 1,
            "approval-district.value": district,
            "approval-action.value": action,
            "approval-reason.value": "x",
            "approval-confirm.value": True,
            "approval-state.data": state,
            "approval-version.data": 0,
        }
        response = call(client, record, values)
        assert response.status_code in (200, 204), response.get_data(as_text=True)[:300]
        assert "approval-done" not in response.get_data(as_text=True), (username, district)
    for username in ("director62", "director10", "officer6205", "national"):
        client = client_as(username)
        bulk = dependency(client, "..approval-feedback.children@")
        for state in (STATE_62, {"province": "10", "fy": 2568}, {"fy": 2568}):
            values = {
                "approval-bulk.n_clicks": 1,
                "approval-bulk-confirm.value": True,
                "approval-state.data": state,
                "approval-version.data": 0,
            }
            assert call(client, bulk, values).status_code in (200, 204)
        review = dependency(client, "..approval-review-feedback.children")
        for item in ("6201/club_in_two_districts/6201-001", "1001/full_attendance/1001-001"):
            values = {
                "approval-review.n_clicks": 1,
                "approval-flagged.value": item,
                "approval-comment.value": "ok",
                "approval-state.data": STATE_62,
                "approval-version.data": 0,
            }
            answer = call(client, review, values).get_data(as_text=True)
            assert "approval-done" not in answer
    assert events(app) == before  # the director's bulk found nothing submitted in 62


def test_the_officer_submits_their_own_district_and_must_confirm(app: Any, client_as: Any) -> None:
    client = client_as("officer6205")
    record = dependency(client, "..approval-feedback.children")
    values = {
        "approval-submit.n_clicks": 1,
        "approval-district.value": "6205",
        "approval-action.value": "submit",
        "approval-reason.value": "",
        "approval-confirm.value": False,
        "approval-state.data": STATE_62 | {"fy": 2567},
        "approval-version.data": 0,
    }
    assert "Tick the box" in call(client, record, values).get_data(as_text=True)
    answer = call(client, record, values | {"approval-confirm.value": True}).get_data(as_text=True)
    assert "approval-done" in answer and "Submitted for sign-off" in answer
    assert ("6205", 2567, "submit", "officer6205") in events(app)
    actions = dependency(client_as("director62"), "..approval-action.options")
    offered = call(
        client_as("director62"), actions,
        {"approval-district.value": "6205", "approval-state.data": STATE_62 | {"fy": 2567},
         "approval-version.data": 1},
    ).get_data(as_text=True)  # fmt: skip
    assert '"approve"' in offered and '"return"' in offered and '"submit"' not in offered


def test_changes_since_approval_are_listed_or_said_to_be_pruned() -> None:
    import json

    from dashboard.pages.approval.tables import changes_list
    from warehouse.approval_changes import Changes

    found = {
        "6205": Changes("v000003", "v000005", sheets={"meetings": (0, 1, 1), "clubs": (0, 0, 0)},
                        clubs=[("6205-001", ["evaluation", "meets_standard"])]),
        "6201": Changes("v000001", "v000005", pruned=True),
    }  # fmt: skip
    text = json.dumps(changes_list(found, "en").to_plotly_json(), default=str, ensure_ascii=False)
    assert "meetings: +0 −1 ~1" in text and "clubs:" not in text
    assert "6205-001 (evaluation, meets_standard)" in text
    assert "v000001" in text and "removed by retention" in text


def test_figures_say_whether_they_are_approved(client_as: Any) -> None:
    national = client_as("national")
    assert "No province has approved figures" in first_view(
        national, "/scorecard", "?lang=en&fy=2568"
    )
    director = client_as("director62")
    record = dependency(director, "..approval-feedback.children")
    for officer in ("officer6201", "officer6205"):
        district = officer.removeprefix("officer")
        values = {
            "approval-submit.n_clicks": 1, "approval-district.value": district,
            "approval-action.value": "submit", "approval-reason.value": "",
            "approval-confirm.value": True, "approval-state.data": STATE_62,
            "approval-version.data": 0,
        }  # fmt: skip
        assert "approval-done" in call(client_as(officer), record, values).get_data(as_text=True)
    values = {
        "approval-submit.n_clicks": 1, "approval-district.value": "6201",
        "approval-action.value": "approve", "approval-reason.value": "",
        "approval-confirm.value": True, "approval-state.data": STATE_62,
        "approval-version.data": 0,
    }  # fmt: skip
    assert "approval-done" in call(director, record, values).get_data(as_text=True)
    province = first_view(director, "/scorecard", "?lang=en&fy=2568")
    assert "Approved: 1 of 2 districts" in province and "provisional" in province
    only = first_view(national, "/scorecard", "?lang=en&fy=2568")
    assert "Showing approved figures only" in only and "Include provisional figures" in only
    row_10, row_62 = "/scorecard?province=10&fy=2568", "/scorecard?province=62&fy=2568"
    assert row_62 in only and row_10 not in only  # 10 has nothing approved
    both = first_view(national, "/scorecard", "?lang=en&fy=2568&provisional=1")
    assert "Showing approved and provisional figures" in both and row_10 in both
    assert both.count("sc-provisional") == 3  # both provinces and the whole country


def test_exemplar_candidates_of_a_year_not_approved_are_marked_provisional(client_as: Any) -> None:
    text = first_view(client_as("director62"), "/exemplars", "?lang=en&fy=2568")
    assert "Provisional: FY 2568" in text and "Khlong Khlung" in text  # 6205 is never approved here


def test_the_quality_page_names_the_districts_overdue_for_sign_off(client_as: Any) -> None:
    text = first_view(client_as("director10"), "/quality", "?lang=en&fy=2567")
    assert "Overdue for sign-off (still draft)" in text  # FY 2567 was due on 29 Nov 2024
    assert "/approval?fy=2567" in text


def test_a_closed_period_is_shown_and_only_the_director_opens_it(app: Any, client_as: Any) -> None:
    home = app.server.config["TONBAEB_HOME"]
    settings = home.root / "settings.toml"
    settings.write_text("[approval]\nexpiry_days = 30\n", encoding="utf-8")
    try:
        director = client_as("director62")
        page = first_view(director, "/approval", "?lang=en&fy=2568")
        assert "period closed" in page and "29 Dec 2025" in page  # due 29 Nov 2025, + 30 days
        quality = first_view(client_as("director10"), "/quality", "?lang=en&fy=2568")
        assert "Period closed (not approved" in quality
        assert "Overdue for sign-off" not in quality  # closed is not said to be overdue
        actions = dependency(director, "..approval-action.options")
        asked = {"approval-district.value": "6205", "approval-state.data": STATE_62,
                 "approval-version.data": 0}  # fmt: skip
        assert '"open_period"' in call(director, actions, asked).get_data(as_text=True)
        officer = call(client_as("officer6205"), actions, asked).get_data(as_text=True)
        assert "open_period" not in officer
        record = dependency(director, "..approval-feedback.children")
        values = {
            "approval-submit.n_clicks": 1, "approval-district.value": "6205",
            "approval-action.value": "open_period", "approval-reason.value": "ส่งตกหล่น",
            "approval-confirm.value": True, "approval-state.data": STATE_62,
            "approval-version.data": 0,
        }  # fmt: skip
        for username in ("officer6205", "director10", "national", "admin62"):  # forged
            answer = call(client_as(username), record, values).get_data(as_text=True)
            assert "approval-done" not in answer, username
        assert granted(home) == []
        answer = call(director, record, values).get_data(as_text=True)
        assert "approval-done" in answer and "Period opened until approved" in answer
        assert granted(home) == [("6205", 2568, "director62")]
        assert '"open_period"' not in call(director, actions, asked).get_data(as_text=True)
    finally:
        settings.unlink()


def granted(home: Any) -> list[tuple[object, ...]]:
    store = open_store(home)
    try:
        rows = store.execute(
            "select district_code, fiscal_year, username from period_exceptions order by id"
        ).fetchall()
        return [tuple(r) for r in rows]
    finally:
        store.close()
