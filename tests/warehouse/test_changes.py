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
# Club -> criteria it FAILS in 2568 and in 2569 (the rest pass).
FAILS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "6201-001": ((), ()),  # meets both years
    "6201-002": (("meetings",), ()),  # started: meetings mended
    "6201-003": ((), ("capacity",)),  # stopped; capacity alone would lift it
    "6201-004": (("rules",), ("rules", "committee")),  # fails both years, two standard gaps
    "6201-005": (
        (),
        ("capacity", "knowledge"),
    ),  # stopped; capacity alone lifts (knowledge is a step)
    "6202-001": ((), ()),  # another district: meets both years
    "6202-002": ((), ()),
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
    assert frame.select("club_id", "change").rows() == [
        ("6201-002", "started"),
        ("6201-003", "stopped"),
        ("6201-005", "stopped"),
    ]
    mine = queries.standard_changes(province, OFFICER, None, 2569, district="6202")
    assert mine.is_empty()  # nothing changed in 6202
    assert queries.standard_changes(province, OTHER, "62", 2569).is_empty()  # not their province


def test_criteria_ranked_by_the_size_of_their_move(province: Home) -> None:
    frame = queries.criteria_moves(province, DIRECTOR, "62", 2569)
    top = frame.row(0, named=True)
    # capacity: 7/7 in 2568, 5/7 in 2569 (-2/7); meetings +1/7, committee -1/7, knowledge -1/7.
    assert top["criterion"] == "capacity"
    assert top["before"] == pytest.approx(1.0) and top["now"] == pytest.approx(5 / 7)
    moved = {r["criterion"]: r["move"] for r in frame.iter_rows(named=True)}
    assert moved["meetings"] == pytest.approx(1 / 7)
    assert moved["committee"] == pytest.approx(-1 / 7)
    assert moved["rules"] == pytest.approx(0)
    district = queries.criteria_moves(province, DIRECTOR, None, 2569, district="6201")
    assert district.row(0, named=True)["move"] == pytest.approx(-2 / 5)  # capacity, 5 clubs


def test_district_gaps_ranked_by_the_clubs_they_would_lift(province: Home) -> None:
    gaps = queries.district_gaps(province, OFFICER, "6201", 2569)
    rows = {r["criterion"]: r for r in gaps.iter_rows(named=True)}
    assert gaps["criterion"][0] == "capacity"  # two clubs fail capacity only
    assert rows["capacity"]["lifts"] == 2 and rows["capacity"]["failing"] == 2
    assert rows["capacity"]["district"] == pytest.approx(3 / 5)
    assert rows["capacity"]["province"] == pytest.approx(5 / 7)
    # 6201-004 fails rules AND committee: neither alone lifts it; knowledge is not in the standard.
    assert rows["rules"]["lifts"] == 0 and rows["rules"]["failing"] == 1
    assert rows["knowledge"]["lifts"] == 0
    assert set(rows) == {"capacity", "rules", "committee", "knowledge"}  # 6201 is behind on these
    failures = queries.criterion_failures(province, OFFICER, "6201", 2569)
    capacity = failures.filter(pl.col("criterion") == "capacity")
    assert capacity.select("club_id", "lifts").rows() == [("6201-003", True), ("6201-005", True)]
    assert queries.district_gaps(province, OTHER, "6201", 2569).is_empty()
    assert not queries.district_gaps(province, NATIONAL, "6201", 2569).is_empty()
