"""Known answers for "what changed" and "why behind" (warehouse/queries/changes.py) on a
hand-built province: which clubs started and stopped meeting the standard, which criteria moved
most, and which of a district's gaps would lift the most clubs to the standard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from accounts.scope import Scope
from core.home import Home
from warehouse import queries
from warehouse.publish import new_version, province_lock
from warehouse.queries.base import CRITERIA

DIRECTOR = Scope("d62", "director", "62")
OFFICER = Scope("o6201", "officer", "62", "6201")
OTHER = Scope("d10", "director", "10")
NATIONAL = Scope("nat", "national", None)
ALL = dict.fromkeys(CRITERIA, True)
# Club -> criteria it FAILS in 2568 and in 2569 (the rest pass). 2569 by district, of 6 and 4 clubs:
# 6201 committee 4/6, rules 5/6, capacity 4/6, knowledge 5/6; 6202 committee 3/4, the rest 4/4;
# the province (10 clubs) committee 7/10, rules 9/10, capacity 8/10, knowledge 9/10.
FAILS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "6201-001": ((), ()),  # meets both years
    "6201-002": (("meetings",), ()),  # started: meetings mended
    "6201-003": ((), ("capacity",)),  # stopped; capacity alone would lift it
    "6201-004": (("rules",), ("rules", "committee")),  # fails both years, two standard gaps
    "6201-005": (
        (),
        ("capacity", "knowledge"),
    ),  # stopped; capacity alone lifts (knowledge: a step)
    "6201-006": (("committee",), ("committee",)),  # fails both years; committee alone lifts it
    "6202-001": ((), ()),  # another district: meets both years
    "6202-002": ((), ()),
    "6202-003": (("committee",), ("committee",)),  # committee alone lifts it, but 6202 is ahead
    "6202-004": ((), ()),
}


def club_year(club: str, year: int, fails: tuple[str, ...]) -> dict[str, Any]:
    criteria = {c: c not in fails for c in CRITERIA}
    return {
        "province_code": "62",
        "district_code": club[:4],
        "club_id": club,
        "fiscal_year": year,
        **criteria,
        "meets_standard": all(criteria[c] for c in CRITERIA[:5]),
        "qualifying_meetings": 3,
        "meetings_held": 3,
        "attendance_rate": 0.8,
        "score": 100.0 * sum(criteria.values()) / 9,
        "members_end": 10,
        "capacity_activities": 2,
        "problem_solving_activities": 1,
        "partner_activities": 2,
        "distinct_partners": 2,
        "rules_version": "t.1",
    }


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Home:
    home = Home(Path(tmp_path_factory.mktemp("changes")) / "home")
    club_rows = pl.DataFrame(  # noqa: F841 (read by name below)
        [
            {
                "province_code": "62",
                "district_code": c[:4],
                "club_id": c,
                "name": f"ชมรม {c}",
                "network_type": "volunteer",
                "subdistrict_code": c[:4] + "01",
                "batch_id": "b",
            }
            for c in FAILS
        ]
    )
    year_rows = pl.DataFrame(  # noqa: F841
        [
            club_year(c, year, fails[i])
            for c, fails in FAILS.items()
            for i, year in enumerate((2568, 2569))
        ]
    )
    with province_lock(home, "62"), new_version(home, "62") as con:
        con.execute("insert into clubs by name select * from club_rows")
        con.execute("insert into club_year_compliance by name select * from year_rows")
    return home


def test_clubs_that_started_and_stopped_meeting_the_standard(province: Home) -> None:
    frame = queries.standard_changes(province, DIRECTOR, "62", 2569)
    assert frame.select("district_code", "club_id", "name", "change").rows() == [
        ("6201", "6201-002", "ชมรม 6201-002", "started"),
        ("6201", "6201-003", "ชมรม 6201-003", "stopped"),
        ("6201", "6201-005", "ชมรม 6201-005", "stopped"),
    ]
    mine = queries.standard_changes(province, OFFICER, None, 2569, district="6201")
    assert mine["club_id"].to_list() == ["6201-002", "6201-003", "6201-005"]
    theirs = queries.standard_changes(province, DIRECTOR, None, 2569, district="6202")
    assert theirs.is_empty()  # 6202-003 fails committee both years: no change
    assert queries.standard_changes(province, DIRECTOR, "62", 2568).is_empty()  # no 2567
    assert queries.standard_changes(province, OTHER, "62", 2569).is_empty()  # not their province


def test_criteria_ranked_by_the_size_of_their_move(province: Home) -> None:
    frame = queries.criteria_moves(province, DIRECTOR, "62", 2569)
    # 10 clubs: capacity 10 -> 8 (-0.2); committee 8 -> 7, knowledge 10 -> 9 (-0.1); meetings
    # 9 -> 10 (+0.1); rules 9 -> 9; the other four 10 -> 10.
    assert frame["criterion"][0] == "capacity"
    assert set(frame["criterion"][1:4]) == {"committee", "knowledge", "meetings"}
    moved = {r["criterion"]: (r["before"], r["now"]) for r in frame.iter_rows(named=True)}
    assert moved["capacity"] == pytest.approx((1.0, 0.8))
    assert moved["committee"] == pytest.approx((0.8, 0.7))
    assert moved["knowledge"] == pytest.approx((1.0, 0.9))
    assert moved["meetings"] == pytest.approx((0.9, 1.0))
    assert moved["rules"] == pytest.approx((0.9, 0.9))
    assert frame["move"][4:].to_list() == pytest.approx([0.0] * 5)
    district = queries.criteria_moves(province, DIRECTOR, None, 2569, district="6201")
    assert district.row(0, named=True) == pytest.approx(
        {"criterion": "capacity", "before": 1.0, "now": 4 / 6, "move": -1 / 3}
    )


def test_district_gaps_ranked_by_the_clubs_they_would_lift(province: Home) -> None:
    gaps = queries.district_gaps(province, OFFICER, "6201", 2569)
    # lifts first (capacity 2, committee 1), then the gap (knowledge and rules: 0.9 - 5/6, equal),
    # then the criterion's name.
    expected = [
        ("capacity", 4 / 6, 0.8, 2, 2),
        ("committee", 4 / 6, 0.7, 2, 1),
        ("knowledge", 5 / 6, 0.9, 1, 0),
        ("rules", 5 / 6, 0.9, 1, 0),
    ]
    assert gaps.select("criterion", "district", "province", "failing", "lifts").rows() == [
        pytest.approx(row) for row in expected
    ]
    assert gaps["gap"].to_list() == pytest.approx(
        [0.8 - 4 / 6, 0.7 - 4 / 6, 0.9 - 5 / 6, 0.9 - 5 / 6]
    )
    failures = queries.criterion_failures(province, OFFICER, "6201", 2569)
    by = {
        c: failures.filter(pl.col("criterion") == c).select("club_id", "lifts").rows()
        for c in ("capacity", "committee", "knowledge", "rules")
    }
    assert by == {
        "capacity": [("6201-003", True), ("6201-005", True)],
        "committee": [("6201-006", True), ("6201-004", False)],
        "knowledge": [("6201-005", False)],
        "rules": [("6201-004", False)],
    }
    assert queries.district_gaps(province, OTHER, "6201", 2569).is_empty()
    assert queries.district_gaps(province, NATIONAL, "6201", 2569)["criterion"].to_list() == [
        "capacity",
        "committee",
        "knowledge",
        "rules",
    ]


def test_a_district_ahead_of_its_province_has_no_gap_even_where_a_club_fails(
    province: Home,
) -> None:
    """6202 passes committee 3 of 4 (75%), the province 7 of 10 (70%): 6202-003 fails only
    committee, but 6202 is ahead on it, so it is no reason 6202 is behind."""
    assert queries.district_gaps(province, DIRECTOR, "6202", 2569).is_empty()
    failures = queries.criterion_failures(province, DIRECTOR, "6202", 2569)
    assert failures.select("club_id", "criterion", "lifts").rows() == [
        ("6202-003", "committee", True)
    ]
