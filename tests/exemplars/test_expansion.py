"""Known answers for expansion plans on a small hand-built province loaded through the real ETL,
with district boundaries from a small GeoJSON file; hand edits, outcomes, and who may do what.

Four districts in a row of half-degree squares (lat 16.0-16.5): 6201 | 6205 | 6204, so 6201 and
6204 both border 6205 but not each other; 6203 lies apart (lat 17-17.5) and borders nobody.
Every club has its own coordinates on lat 16.25 (6203's on 17.25); 0.1 degree of longitude
there is 10.67 km. FY 2568 is the plan's year; district 6205 also sent FY 2569.

    E1 6201-001 cdv_club exemplar  99.45      N1 6201-002 cdv_club  99.40  fails meetings
    E2 6204-001 women    exemplar 100.05      N5 6201-003 women     99.10  fails capacity
    N2 6205-001 cdv_club 99.55  fails meetings, capacity (and still fails in FY 2569)
    N3 6205-002 women    99.95  fails meetings (meets the standard in FY 2569)
    OK 6205-003 cdv_club 99.75  meets the standard (not in need, not selected)
    N4 6203-001 cdv_club 99.25  fails meetings (out of everybody's reach)
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from accounts import transfer
from accounts.database import Store
from accounts.scope import Scope
from accounts.store import open_store
from core.home import Home
from etl.geo import load_boundaries
from exemplars import decisions, expansion, plan_board
from exemplars.expansion import PlanError
from tests.exemplars.submission import Submission, load_districts
from tests.geo.conftest import box, polygon, write

FY = 2568
DIRECTOR = Scope("director62", "director", "62")
OFFICER = Scope("officer6205", "officer", "62", "6205")
DIRECTOR_10 = Scope("director10", "director", "10")
NATIONAL = Scope("national", "national", None)
E1, E2 = ("6201", "6201-001"), ("6204", "6204-001")
N1, N5, N2, N3 = (
    ("6201", "6201-002"),
    ("6201", "6201-003"),
    ("6205", "6205-001"),
    ("6205", "6205-002"),
)
N4, OK = ("6203", "6203-001"), ("6205", "6205-003")
KM_TENTH = 10.67  # 0.1 degree of longitude at lat 16.25
NOW = 1.9e9


def district_submissions() -> dict[str, Submission]:
    """The four districts' submissions (see the module docstring)."""
    subs = {d: Submission() for d in ("6201", "6205", "6204", "6203")}

    def club(key: tuple[str, str], name: str, kind: str, lon: float, lat: float = 16.25) -> None:
        subdistrict = {"6201": "620101", "6205": "620501", "6204": "620403", "6203": "620301"}
        subs[key[0]].club(
            key[1], name, network_type=kind, subdistrict=subdistrict[key[0]], place=(lon, lat)
        )

    club(E1, "ต้นแบบเมือง", "cdv_club", 99.45)
    club(E2, "ต้นแบบสตรีขาณุ", "women", 100.05)
    club(N1, "เครือข่ายเมืองหนึ่ง", "cdv_club", 99.40)
    club(N5, "เครือข่ายสตรีเมือง", "women", 99.10)
    club(N2, "เครือข่ายคลองขลุงหนึ่ง", "cdv_club", 99.55)
    club(N3, "เครือข่ายสตรีคลองขลุง", "women", 99.95)
    club(OK, "ชมรมผ่านแล้วคลองขลุง", "cdv_club", 99.75)
    club(N4, "เครือข่ายคลองลาน", "cdv_club", 99.25, lat=17.25)
    for year in range(2565, 2569):  # every year since the clubs' first records: candidates
        for district, club_id in (E1, E2):
            subs[district].model_year(club_id, year)
    subs["6201"].model_year(N1[1], FY, skip=("regular",))
    subs["6201"].model_year(N5[1], FY, skip=("capacity_building",))
    subs["6205"].model_year(N2[1], FY, skip=("regular", "capacity_building"))
    subs["6205"].model_year(N2[1], 2569, skip=("regular",))
    subs["6205"].model_year(N3[1], FY, skip=("regular",))
    subs["6205"].model_year(N3[1], 2569)
    subs["6205"].model_year(OK[1], FY)
    subs["6203"].model_year(N4[1], FY, skip=("regular",))
    return subs


def boundaries(path: Path) -> Path:
    return write(
        path,
        polygon({"code": "6201", "province_code": "62"}, box(99.0, 16.0, 99.5, 16.5)),
        polygon({"code": "6205", "province_code": "62"}, box(99.5, 16.0, 100.0, 16.5)),
        polygon({"code": "6204", "province_code": "62"}, box(100.0, 16.0, 100.5, 16.5)),
        polygon({"code": "6203", "province_code": "62"}, box(99.0, 17.0, 99.5, 17.5)),
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Home:
    """The province loaded, its boundaries loaded, E1 and E2 selected for FY 2568."""
    root = tmp_path_factory.mktemp("plan")
    home = Home(root / "home")
    load_districts(home, root / "inbox", district_submissions())
    load_boundaries(home, str(boundaries(root / "districts.geojson")))
    store = open_store(home)
    for district, club_id in (E1, E2):
        officer = Scope(f"officer{district}", "officer", "62", district)
        for scope, action in ((officer, "propose"), (DIRECTOR, "select")):  # four eyes
            decisions.decide(store, home, scope, action, district, club_id, FY, "ต้นแบบ", at=NOW)
    store.close()
    return home


@pytest.fixture
def home(built: Home, tmp_path: Path, state_url: str | None) -> Home:
    """A copy of the built province each test may change (its store copied to PostgreSQL too)."""
    shutil.copytree(built.root, tmp_path / "home")
    home = Home(tmp_path / "home", state_url)
    if state_url:
        transfer.copy(open_store(Home(home.root)), open_store(home))
    return home


@pytest.fixture
def store(home: Home) -> Iterator[Store]:
    con = open_store(home)
    yield con
    con.close()


def propose(store: Store, home: Home, limit: int, scope: Scope = DIRECTOR) -> int:
    made = expansion.propose_plan(store, home, scope, "62", FY, limit, now=NOW, ip="127.0.0.1")
    return made.plan_id


def pair(store: Store, home: Home, exemplar: tuple, mentee: tuple, scope: Scope = DIRECTOR) -> None:
    expansion.pair_by_hand(store, home, scope, "62", FY, exemplar, mentee, now=NOW + 60)


def refused(action: object) -> str:
    with pytest.raises(PlanError) as caught:
        action()  # type: ignore[operator]
    return caught.value.code


def pairs_of(board: plan_board.Board) -> dict[tuple[str, str], tuple[str, str]]:
    """mentee -> exemplar."""
    rows = board.pairs.iter_rows(named=True)
    return {
        (r["mentee_district"], r["mentee_club"]): (r["exemplar_district"], r["exemplar_club"])
        for r in rows
    }


def uncovered_of(board: plan_board.Board) -> dict[tuple[str, str], str]:
    return {
        (r["district_code"], r["club_id"]): r["why"] for r in board.uncovered.iter_rows(named=True)
    }


def test_the_year_knows_exemplars_networks_in_need_and_borders(store: Store, home: Home) -> None:
    year = expansion.province_year(store, home, DIRECTOR, "62", FY)
    assert year is not None and year.boundaries
    assert [e.key for e in year.exemplars] == [E1, E2]
    assert [n.key for n in year.networks] == [N1, N5, N4, N2, N3]  # OK meets the standard
    assert set(year.adjacency) == {("6201", "6205"), ("6204", "6205")}
    n2 = next(n for n in year.networks if n.key == N2)
    assert n2.failed == {"meetings", "capacity"} and n2.lon == 99.55


def test_coverage_comes_first_and_an_exemplar_mentors_across_the_border(
    store: Store, home: Home
) -> None:
    propose(store, home, 2)
    board = plan_board.board(store, home, DIRECTOR, "62", FY)
    assert board is not None and board.limit == 2 and board.may_change
    # E2's own district has nobody in need: it takes both of 6205's networks across its border,
    # so E1 keeps 6201's two and all four networks within reach are covered.
    assert pairs_of(board) == {N1: E1, N5: E1, N2: E2, N3: E2}
    assert uncovered_of(board) == {N4: plan_board.OUT_OF_REACH}
    assert (board.in_need, board.within_reach, board.pairs.height, board.uncovered.height) == (
        5,
        4,
        4,
        1,
    )
    row = board.pairs.filter(mentee_club="6205-001").row(0, named=True)
    assert (row["exemplar_name"], row["mentee_name"]) == ("ต้นแบบสตรีขาณุ", "เครือข่ายคลองขลุงหนึ่ง")
    assert row["same_type"] is False and row["helped"] == ["meetings", "capacity"]
    assert row["distance_km"] == pytest.approx(5 * KM_TENTH, abs=0.05)
    assert row["origin"] == "proposed" and row["notes"] == []
    assert board.exemplars["mentees"].to_list() == [2, 2]


def test_a_binding_capacity_keeps_same_type_and_most_criteria_helped(
    store: Store, home: Home
) -> None:
    propose(store, home, 1)
    board = plan_board.board(store, home, DIRECTOR, "62", FY)
    assert board is not None
    # One each: both same-type pairs; E1 helps N2 with two criteria, not N1 (nearer) with one.
    assert pairs_of(board) == {N2: E1, N3: E2}
    assert uncovered_of(board) == {
        N1: plan_board.FULL,
        N5: plan_board.FULL,
        N4: plan_board.OUT_OF_REACH,
    }
    assert board.pairs["distance_km"].to_list() == pytest.approx([KM_TENTH, KM_TENTH], abs=0.05)


def test_hand_edits_keep_the_rules(store: Store, home: Home) -> None:
    assert refused(lambda: pair(store, home, E1, N1)) == "no_plan"
    before = plan_board.board(store, home, DIRECTOR, "62", FY)
    assert before is not None and before.plan is None and before.limit == 3  # the rules file's
    assert before.pairs.is_empty() and before.uncovered.height == 5
    propose(store, home, 1)
    assert refused(lambda: pair(store, home, E1, N1)) == "full"
    assert refused(lambda: pair(store, home, E1, N4)) == "out_of_reach"
    assert refused(lambda: pair(store, home, N1, N5)) == "not_exemplar"
    assert refused(lambda: pair(store, home, E1, OK)) == "not_in_need"
    assert refused(lambda: pair(store, home, E1, E2)) == "not_in_need"
    expansion.remove_pair(store, home, DIRECTOR, "62", FY, N2)
    assert (
        refused(lambda: expansion.remove_pair(store, home, DIRECTOR, "62", FY, N2)) == "not_in_plan"
    )
    board = plan_board.board(store, home, DIRECTOR, "62", FY)
    assert board is not None and uncovered_of(board)[N2] == plan_board.ROOM
    offered = expansion.choices(store, home, DIRECTOR, "62", FY)
    assert offered.select("mentee_club", "mentor_club").rows() == [
        ("6205-001", None),  # same type, two criteria helped
        ("6201-002", None),  # same type, one, nearer
        ("6201-003", None),  # other type, one criterion, 37 km
        ("6205-002", "6204-001"),  # other type, one criterion, 53 km: would move from E2
    ]
    pair(store, home, E1, N1)
    board = plan_board.board(store, home, DIRECTOR, "62", FY)
    assert board is not None and pairs_of(board) == {N1: E1, N3: E2}
    by_hand = board.pairs.filter(mentee_club="6201-002").row(0, named=True)
    assert by_hand["origin"] == "manual" and by_hand["added_by"] == "director62"
    assert by_hand["distance_km"] == pytest.approx(KM_TENTH / 2, abs=0.05)
    assert expansion.choices(store, home, DIRECTOR, "62", FY).is_empty()  # both exemplars full


def test_a_hand_pair_moves_a_network_from_its_exemplar(store: Store, home: Home) -> None:
    propose(store, home, 2)
    expansion.remove_pair(store, home, DIRECTOR, "62", FY, N5)
    pair(store, home, E1, N3)
    board = plan_board.board(store, home, DIRECTOR, "62", FY)
    assert board is not None and pairs_of(board) == {N1: E1, N3: E1, N2: E2}
    assert uncovered_of(board) == {N5: plan_board.FULL, N4: plan_board.OUT_OF_REACH}


def test_later_years_show_which_mentees_now_meet_the_standard(store: Store, home: Home) -> None:
    propose(store, home, 2)
    board = plan_board.board(store, home, DIRECTOR, "62", FY)
    assert board is not None and board.later_years == (2569,)
    outcome = dict(zip(board.pairs["mentee_club"], board.pairs["meets_2569"], strict=True))
    assert outcome == {"6201-002": None, "6201-003": None, "6205-001": False, "6205-002": True}
    assert board.now_meeting == 1
    assert (
        plan_board.board(store, home, DIRECTOR, "62", 2569) is not None
    )  # a later year can plan too


def test_a_new_plan_replaces_the_view_and_earlier_plans_stay(store: Store, home: Home) -> None:
    first = propose(store, home, 2)
    second = propose(store, home, 1)
    board = plan_board.board(store, home, DIRECTOR, "62", FY)
    assert board is not None and board.plan is not None and board.plan.plan_id == second != first
    assert store.execute("select count(*) from expansion_plans").fetchone()[0] == 2


def test_limits_and_a_year_without_exemplars_are_refused(store: Store, home: Home) -> None:
    for limit in (0, expansion.MAX_LIMIT + 1, "3", True, None):
        assert refused(lambda limit=limit: propose(store, home, limit)) == "bad_limit"  # type: ignore[misc]
    assert (
        refused(lambda: expansion.propose_plan(store, home, DIRECTOR, "62", 2567, 3, now=NOW))
        == "no_exemplars"
    )
    assert (
        refused(lambda: expansion.propose_plan(store, home, DIRECTOR, "62", 2560, 3, now=NOW))
        == "no_data"
    )


def test_only_the_provinces_director_changes_plans_others_read_or_see_nothing(
    store: Store, home: Home
) -> None:
    for scope in (OFFICER, NATIONAL, DIRECTOR_10):
        assert refused(lambda scope=scope: propose(store, home, 2, scope)) == "not_allowed"
    propose(store, home, 2)
    for scope in (OFFICER, NATIONAL, DIRECTOR_10):
        assert refused(lambda scope=scope: pair(store, home, E1, N4, scope)) == "not_allowed"
        assert (
            refused(lambda scope=scope: expansion.remove_pair(store, home, scope, "62", FY, N1))
            == "not_allowed"
        )
        assert expansion.choices(store, home, scope, "62", FY).is_empty()
    for scope in (OFFICER, NATIONAL):
        board = plan_board.board(store, home, scope, "62", FY)
        assert board is not None and not board.may_change and pairs_of(board)[N2] == E2
    assert plan_board.board(store, home, DIRECTOR_10, "62", FY) is None
    assert plan_board.board(store, home, NATIONAL, "10", FY) is None


def test_without_boundaries_only_the_own_district_is_within_reach(store: Store, home: Home) -> None:
    shutil.rmtree(home.geo)
    propose(store, home, 3)
    board = plan_board.board(store, home, DIRECTOR, "62", FY)
    assert board is not None and not board.boundaries
    assert pairs_of(board) == {N1: E1, N5: E1}
    assert uncovered_of(board) == {n: plan_board.OUT_OF_REACH for n in (N4, N2, N3)}
    assert board.within_reach == 2


def test_a_pair_that_no_longer_holds_stays_in_the_plan_with_a_note(
    store: Store, home: Home
) -> None:
    propose(store, home, 2)
    decisions.decide(store, home, DIRECTOR, "reopen", E2[0], E2[1], FY, "ทบทวน", at=NOW + 1)
    board = plan_board.board(store, home, DIRECTOR, "62", FY)
    assert board is not None and board.exemplars["club_id"].to_list() == [E1[1]]
    notes = dict(zip(board.pairs["mentee_club"], board.pairs["notes"].to_list(), strict=True))
    assert notes == {
        N1[1]: [],
        N5[1]: [],
        N2[1]: [plan_board.EXEMPLAR_NOT_SELECTED],
        N3[1]: [plan_board.EXEMPLAR_NOT_SELECTED],
    }
    assert refused(lambda: pair(store, home, E2, N4)) == "not_exemplar"
