"""The exemplar workflow: who may propose, shortlist, select, reject, withdraw and reopen; the
history it leaves; the audit log; and decisions that outlive data reloads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from accounts.audit import read as read_audit
from accounts.database import Store
from accounts.scope import Scope
from accounts.store import open_store
from core.home import Home
from exemplars import board, decisions
from exemplars.decisions import DecisionError, Status, status_of
from tests.dashboard.conftest import publish_province
from tests.exemplars.submission import DISTRICT, MODEL, Submission, load, model_club
from warehouse.publish import current

DIRECTOR = Scope("director62", "director", "62")
OFFICER = Scope("officer6205", "officer", "62", "6205")
OTHER_OFFICER = OFFICER_6201 = Scope("officer6201", "officer", "62", "6201")
DIRECTOR_10 = Scope("director10", "director", "10")
NATIONAL = Scope("national", "national", None)
ADMIN = Scope("admin62", "admin", "62")
CANDIDATE, NOT_CANDIDATE = "6205-004", "6205-002"  # in the dashboard fixture's FY 2568
FY = 2568


@pytest.fixture
def provinces(tmp_path: Path, state_url: str | None) -> Home:
    """Provinces 62 and 10 as the dashboard tests publish them (with FY 2568 candidates)."""
    home = Home(tmp_path / "home", state_url)
    for province in ("62", "10"):
        publish_province(home, province)
    return home


@pytest.fixture
def store(provinces: Home) -> Iterator[Store]:
    con = open_store(provinces)
    yield con
    con.close()


def act(
    store: Store,
    home: Home,
    scope: Scope,
    action: str,
    club: str = CANDIDATE,
    reason: str = "เหตุผล",
) -> int:
    return decisions.decide(
        store, home, scope, action, club[:4], club, FY, reason, at=1.0e9, ip="127.0.0.1"
    )


def refused(
    store: Store,
    home: Home,
    scope: Scope,
    action: str,
    club: str = CANDIDATE,
    reason: str = "เหตุผล",
) -> str:
    with pytest.raises(DecisionError) as caught:
        act(store, home, scope, action, club, reason)
    return caught.value.code


def state(store: Store, home: Home, club: str = CANDIDATE) -> str | None:
    return decisions.club_status(store, home, DIRECTOR, club[:4], club, FY).state


def test_status_is_what_the_history_adds_up_to() -> None:
    assert status_of([]) == Status(None)
    assert status_of([("propose", "o"), ("shortlist", "d"), ("select", "d")]) == Status(
        "selected", "d", "o"
    )
    assert (
        status_of([("propose", "o"), ("shortlist", "d"), ("select", "d"), ("reopen", "d")]).state
        == "shortlisted"
    )
    assert status_of([("propose", "o"), ("withdraw", "o")]) == Status(None)
    assert status_of(
        [("propose", "o"), ("reject", "d"), ("reopen", "d"), ("withdraw", "o"), ("propose", "d")]
    ) == Status("proposed", "d", "d")


def test_officer_proposes_and_the_director_decides_each_step_reversible(
    store: Store, provinces: Home
) -> None:
    act(store, provinces, OFFICER, "propose", reason="ประชุมครบทุกเดือน")
    assert state(store, provinces) == "proposed"
    for action in ("shortlist", "select", "reject", "reopen"):
        assert (
            refused(store, provinces, OFFICER, action) == "not_allowed"
        )  # an officer cannot decide
    act(store, provinces, DIRECTOR, "shortlist")
    assert (
        refused(store, provinces, OFFICER, "withdraw") == "wrong_state"
    )  # too late: the director decided
    act(store, provinces, DIRECTOR, "select", reason="เหมาะเป็นต้นแบบ")
    assert state(store, provinces) == "selected"
    assert decisions.selected_exemplars(store, provinces, DIRECTOR, None, FY)[
        "club_id"
    ].to_list() == ["6205-004"]
    act(store, provinces, DIRECTOR, "reopen", reason="รอผลเวทีประเมินอีกครั้ง")
    assert state(store, provinces) == "shortlisted"  # back to the state before the selection
    act(store, provinces, DIRECTOR, "reopen", reason="ทบทวน")
    assert state(store, provinces) == "proposed"
    assert refused(store, provinces, DIRECTOR, "reopen") == "wrong_state"
    act(store, provinces, OFFICER, "withdraw", reason="ขอเสนอชมรมอื่นแทน")
    assert state(store, provinces) is None
    history = decisions.history(store, provinces, OFFICER, None, FY)
    assert history["action"].to_list() == [
        "propose",
        "shortlist",
        "select",
        "reopen",
        "reopen",
        "withdraw",
    ]
    assert history["reason"][0] == "ประชุมครบทุกเดือน" and history["username"].to_list()[:2] == [
        "officer6205",
        "director62",
    ]
    audited = [
        (e["action"], e["username"], e["detail"])
        for e in read_audit(store, "62")
        if e["action"].startswith("exemplar_")
    ]
    assert (
        len(audited) == 6
        and ("exemplar_select", "director62", f"6205/6205-004 fy {FY} decision 3") in audited
    )


def test_only_the_district_officer_or_the_director_may_propose_and_only_a_candidate(
    store: Store, provinces: Home
) -> None:
    assert refused(store, provinces, OTHER_OFFICER, "propose") == "not_allowed"  # another district
    assert refused(store, provinces, DIRECTOR_10, "propose") == "not_allowed"  # another province
    assert refused(store, provinces, NATIONAL, "propose") == "not_allowed"  # read-only
    assert refused(store, provinces, ADMIN, "propose") == "not_allowed"
    assert refused(store, provinces, OFFICER, "propose", NOT_CANDIDATE) == "not_candidate"
    assert refused(store, provinces, OFFICER, "propose", "6205-999") == "unknown_club"
    assert refused(store, provinces, OFFICER, "propose", reason="   ") == "no_reason"
    assert refused(store, provinces, OFFICER, "crown") == "bad_action"
    assert store.execute("select count(*) from exemplar_decisions").fetchone()[0] == 0
    act(store, provinces, DIRECTOR, "propose")  # the director may propose too
    assert refused(store, provinces, OFFICER, "withdraw") == "not_proposer"  # only whoever proposed


def test_another_province_sees_nothing_and_national_reads_only(
    store: Store, provinces: Home
) -> None:
    act(store, provinces, OFFICER, "propose", reason="เหตุผลของคลองขลุง")
    assert decisions.history(store, provinces, DIRECTOR_10, "62", FY).is_empty()
    assert decisions.statuses(store, provinces, DIRECTOR_10, "62", FY).is_empty()
    assert decisions.club_status(store, provinces, DIRECTOR_10, "6205", CANDIDATE, FY) == Status(
        None
    )
    own = board.actionable(
        store, provinces, DIRECTOR_10, "62", FY
    )  # a director's own province, whatever is asked
    assert not own.is_empty() and set(own["district_code"].str.slice(0, 2)) == {"10"}
    assert decisions.history(store, provinces, ADMIN, "62", FY).is_empty()
    national = decisions.history(store, provinces, NATIONAL, "62", FY)
    assert national["reason"].to_list() == ["เหตุผลของคลองขลุง"]
    assert board.actionable(store, provinces, NATIONAL, "62", FY).is_empty()
    assert decisions.actions_for(store, provinces, NATIONAL, "6205", CANDIDATE, FY) == []


def test_what_each_user_may_do_is_offered(store: Store, provinces: Home) -> None:
    officer = board.actionable(store, provinces, OFFICER, None, FY)
    assert set(officer["club_id"]) == {
        "6205-001",
        "6205-003",
        "6205-004",
    }  # own district's candidates
    director = board.actionable(store, provinces, DIRECTOR, None, FY)
    assert set(director["club_id"]) == {"6201-001", "6205-001", "6205-003", "6205-004"}
    act(store, provinces, OFFICER_6201, "propose", "6201-001")
    act(store, provinces, DIRECTOR, "select", "6201-001")
    assert decisions.actions_for(store, provinces, DIRECTOR, "6201", "6201-001", FY) == ["reopen"]
    assert decisions.actions_for(store, provinces, OTHER_OFFICER, "6201", "6201-001", FY) == []
    act(store, provinces, OFFICER, "propose")
    assert decisions.actions_for(store, provinces, OFFICER, "6205", CANDIDATE, FY) == ["withdraw"]
    assert decisions.actions_for(store, provinces, DIRECTOR, "6205", CANDIDATE, FY) == [
        "shortlist",
        "select",
        "reject",
    ]


def test_decisions_survive_a_data_reload(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    folder = tmp_path / "inbox" / DISTRICT
    sub = Submission()
    model_club(sub, range(2565, 2569))
    load(home, folder, sub)
    store = open_store(home)
    act(store, home, OFFICER, "propose", MODEL)
    act(store, home, DIRECTOR, "select", MODEL)
    before = current(home, "62")
    sub.activity(MODEL, sub.sheets["activities"][0]["held_on"], "other")  # a changed submission
    load(home, folder, sub)
    assert current(home, "62") != before  # a new warehouse version was published
    assert decisions.club_status(store, home, DIRECTOR, DISTRICT, MODEL, FY) == Status(
        "selected", "director62", "officer6205"
    )
    assert decisions.history(store, home, DIRECTOR, None, FY)["action"].to_list() == [
        "propose",
        "select",
    ]
    store.close()


def test_four_eyes_whoever_proposed_may_not_select_alone_and_the_refusal_is_audited(
    store: Store, provinces: Home
) -> None:
    act(store, provinces, DIRECTOR, "propose")
    assert decisions.actions_for(store, provinces, DIRECTOR, "6205", CANDIDATE, FY) == [
        "shortlist",
        "reject",
        "withdraw",
    ]  # no "select": someone else selects what the director proposed
    assert refused(store, provinces, DIRECTOR, "select") == "four_eyes"
    act(store, provinces, DIRECTOR, "shortlist")
    assert (
        refused(store, provinces, DIRECTOR, "select") == "four_eyes"
    )  # shortlisting changes nothing
    assert state(store, provinces) == "shortlisted"
    refusals = [
        (e["action"], e["username"], e["detail"])
        for e in read_audit(store, "62")
        if e["action"] == "exemplar_select_refused"
    ]
    assert (
        refusals
        == [
            (
                "exemplar_select_refused",
                "director62",
                f"6205/{CANDIDATE} fy {FY}: proposed by the same person (four eyes)",
            )
        ]
        * 2
    )
    offered = board.actionable(store, provinces, DIRECTOR, None, FY).filter(club_id=CANDIDATE)
    assert offered["actions"].to_list() == [["reject", "reopen"]]  # what the board offers


def test_four_eyes_can_be_turned_off_in_the_settings(store: Store, provinces: Home) -> None:
    (provinces.root / "settings.toml").write_text("[exemplars]\nfour_eyes = false\n")
    act(store, provinces, DIRECTOR, "propose")
    act(store, provinces, DIRECTOR, "select")  # allowed: the province chose one pair of eyes
    assert state(store, provinces) == "selected"
    assert not [e for e in read_audit(store, "62") if e["action"].endswith("_refused")]
