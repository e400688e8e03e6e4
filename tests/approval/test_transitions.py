"""Sign-off transitions: every role allowed and refused, reasons, audit, bulk and history."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from accounts import audit
from accounts.store import open_store
from core.home import Home
from tests.approval.conftest import ACCOUNTS
from warehouse import approvals, queries
from warehouse.approvals import ApprovalError
from warehouse.publish import current

AT = 1_790_000_000.0
OFFICER, OTHER_OFFICER = ACCOUNTS["officer6205"], ACCOUNTS["officer6201"]
DIRECTOR, OTHER_DIRECTOR = ACCOUNTS["director62"], ACCOUNTS["director10"]


def move(home: Home, who: str, action: str, district: str = "6205", year: int = 2559,
         reason: str = "") -> int:  # fmt: skip
    store = open_store(home)
    try:
        return approvals.transition(
            store, home, ACCOUNTS[who], action, district, year, reason, at=AT
        )
    finally:
        store.close()


def state(home: Home, district: str = "6205", year: int = 2559) -> str:
    store = open_store(home)
    try:
        return approvals.year_state(store, district, year).state
    finally:
        store.close()


def refused(home: Home, who: str, action: str, district: str = "6205", reason: str = "") -> str:
    with pytest.raises(ApprovalError) as caught:
        move(home, who, action, district, reason=reason)
    return caught.value.code


def test_the_full_cycle_and_its_audit(loaded: Home) -> None:
    assert state(loaded) == "draft"
    move(loaded, "officer6205", "submit")
    assert state(loaded) == "submitted"
    move(loaded, "director62", "return", reason="ตัวเลขสมาชิกไม่ตรง")
    assert state(loaded) == "draft"
    move(loaded, "officer6205", "submit")
    move(loaded, "director62", "approve")
    assert state(loaded) == "approved"
    move(loaded, "director62", "reopen", reason="แก้ไขการประชุม")
    assert state(loaded) == "draft"
    store = open_store(loaded)
    entries = [r for r in audit.read(store, None) if r["action"].startswith("approval_")]
    assert [r["action"] for r in reversed(entries)] == [
        "approval_submit", "approval_return", "approval_submit", "approval_approve",
        "approval_reopen",
    ]  # fmt: skip
    reopened = json.loads(entries[0]["fields"])
    version = current(loaded, "62")
    assert version is not None
    assert reopened["reason"] == "แก้ไขการประชุม" and reopened["district"] == "6205"
    assert reopened["warehouse_version"] == version.version
    assert reopened["batch_ids"] and "6205" in reopened["batch_ids"]
    assert audit.verify(store)[1] is None
    events = approvals.events(store, "62", "6205")
    assert events["username"].to_list() == [
        "officer6205", "director62", "officer6205", "director62", "director62",
    ]  # fmt: skip
    store.close()


@pytest.mark.parametrize(
    ("who", "action", "district", "code"),
    [
        ("director62", "submit", "6205", "not_allowed"),  # submitting is the officer's
        ("officer6201", "submit", "6205", "not_your_district"),
        ("national", "submit", "6205", "not_allowed"),
        ("admin62", "submit", "6205", "not_allowed"),
        ("director10", "submit", "6205", "not_allowed"),
    ],
)
def test_who_may_not_submit(loaded: Home, who: str, action: str, district: str, code: str) -> None:
    assert refused(loaded, who, action, district) == code
    assert state(loaded) == "draft"


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("officer6205", "not_allowed"),  # an officer approving
        ("director10", "not_your_province"),  # a director of another province
        ("national", "not_allowed"),
        ("admin62", "not_allowed"),
    ],
)
def test_who_may_not_approve_return_or_reopen(loaded: Home, who: str, code: str) -> None:
    move(loaded, "officer6205", "submit")
    assert refused(loaded, who, "approve") == code
    assert refused(loaded, who, "return", reason="x") == code
    move(loaded, "director62", "approve")
    assert refused(loaded, who, "reopen", reason="x") == code
    assert state(loaded) == "approved"


def test_reasons_and_states_are_required(loaded: Home) -> None:
    assert refused(loaded, "director62", "approve") == "wrong_state"  # still draft
    move(loaded, "officer6205", "submit")
    assert refused(loaded, "officer6205", "submit") == "wrong_state"  # already submitted
    assert refused(loaded, "director62", "return", reason="  ") == "no_reason"
    move(loaded, "director62", "approve")
    assert refused(loaded, "director62", "reopen") == "no_reason"
    assert refused(loaded, "director62", "return", reason="x") == "wrong_state"
    assert refused(loaded, "director62", "reopen", reason="x" * 2001) == "reason_too_long"
    assert state(loaded) == "approved"


def test_bulk_approval_of_a_year_audits_each_district(loaded: Home) -> None:
    move(loaded, "officer6205", "submit", "6205", 2560)
    move(loaded, "officer6201", "submit", "6201", 2560)
    store = open_store(loaded)
    with pytest.raises(ApprovalError):
        approvals.approve_all(store, loaded, OTHER_DIRECTOR, "62", 2560, at=AT)
    done = approvals.approve_all(store, loaded, DIRECTOR, "62", 2560, at=AT)
    assert done == ["6201", "6205"]
    entries = [r for r in audit.read(store, "62") if r["action"] == "approval_approve"]
    assert sorted(json.loads(r["fields"])["district"] for r in entries) == ["6201", "6205"]
    table = approvals.statuses(store, loaded, "62", 2560)
    assert table["state"].to_list() == ["approved", "approved"]
    assert approvals.approved_counts(store, loaded, "62")[2560] == (2, 2)
    store.close()


def test_history_is_approved_in_bulk_before_a_year_only(loaded: Home) -> None:
    store = open_store(loaded)
    with pytest.raises(ApprovalError):
        approvals.approve_history(store, loaded, OFFICER, "62", 2560, at=AT)
    done = approvals.approve_history(store, loaded, DIRECTOR, "62", 2560, at=AT)
    assert done == [("6201", 2559), ("6205", 2559)]
    assert approvals.year_state(store, "6205", 2560).state == "draft"
    assert approvals.year_state(store, "6205", 2559).by == "director62"
    with pytest.raises(ApprovalError) as caught:
        approvals.transition(
            store, loaded, DIRECTOR, "approve_history", "6205", 2560, at=AT, history_before=2560
        )
    assert caught.value.code == "not_history"
    store.close()


def test_a_draft_year_past_its_due_day_is_overdue(loaded: Home) -> None:
    from datetime import date

    from warehouse.rules import load_rules

    store = open_store(loaded)
    rules = load_rules(None)
    table = approvals.statuses(store, loaded, "62", rules=rules, today=date(2017, 11, 29))
    by_year = {
        r["fiscal_year"]: r["overdue"]
        for r in table.iter_rows(named=True)
        if r["district_code"] == "6205"
    }
    assert by_year == {2559: True, 2560: False}  # FY 2560 is due on 29 Nov 2017 (60 days)
    (loaded.root / "settings.toml").write_text("[approval]\ngrace_days = 10\n", encoding="utf-8")
    late = approvals.statuses(store, loaded, "62", rules=rules, today=date(2017, 12, 5))
    assert not late.filter(late["fiscal_year"] == 2560)["overdue"].any()
    store.close()


def test_a_years_status_says_which_districts_are_approved(loaded: Home) -> None:
    """The overview's and quality page's "this fiscal year" table: approved per district, now."""
    move(loaded, "officer6205", "submit", "6205", 2560)
    move(loaded, "director62", "approve", "6205", 2560)
    move(loaded, "officer6201", "submit", "6201", 2560)  # submitted, not approved
    status = queries.year_status(loaded, DIRECTOR, "62", 2560, datetime(2018, 1, 5))
    assert status["approved"].null_count() == status.height  # the warehouse does not know
    store = open_store(loaded)
    try:
        marked = approvals.with_approval(store, status)
    finally:
        store.close()
    approved = dict(zip(marked["district_code"], marked["approved"], strict=True))
    assert approved["6205"] is True and approved["6201"] is False
    assert sum(approved.values()) == 1  # every other district of the province: not approved
