"""Known answers for club_year_compliance on hand-built clubs (docs/contract.md#standard)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from etl.normalise import fiscal_year
from warehouse import metrics, sql
from warehouse.build import apply_schema
from warehouse.rules import DEFAULT_FILE, Rules, load_rules

FY = 2559  # 1 October 2015 - 30 September 2016
FIRST, LAST = date(2015, 10, 1), date(2016, 9, 30)
CLUB = "6205-001"  # a club id starts with its district code, which starts with the province's


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    apply_schema(connection)
    yield connection
    connection.close()


def _where(club: str) -> list[str]:
    return [club[:2], club[:4], club]


def _next(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.execute(f"select count(*) + 1 from {table}").fetchone()[0]  # type: ignore[index]


def add_club(
    con: duckdb.DuckDBPyConnection, club: str = CLUB, entered_fy: int | None = None
) -> None:
    con.execute(
        "insert into clubs values (?, ?, ?, 'ชมรมทดสอบ', 'cdv_club', ?, null, ?, null, null, 'b')",
        [*_where(club), club[:4] + "01", entered_fy],
    )


def add_members(
    con: duckdb.DuckDBPyConnection,
    count: int,
    club: str = CLUB,
    role: str = "member",
    joined: date = FIRST,
    left: date | None = None,
) -> list[str]:
    first = _next(con, "members")
    ids = [f"M{n}" for n in range(first, first + count)]
    con.execute(
        "insert into members select ?, ?, ?, 'M' || i, 'ชื่อ สกุล', null, null, ?, ?::date, "
        "?::date, 'b' from range(?, ?) as r(i)",
        [*_where(club), role, joined, left, first, first + count],
    )
    return ids


def add_officers(con: duckdb.DuckDBPyConnection, club: str = CLUB, **when: Any) -> None:
    for role in ("chair", "secretary", "treasurer"):
        add_members(con, 1, club, role, **when)


def add_meeting(
    con: duckdb.DuckDBPyConnection,
    held_on: date,
    attendees: int | None,
    club: str = CLUB,
    kind: str = "regular",
    listed: list[str] | None = None,
) -> None:
    meeting = f"MT{_next(con, 'meetings')}"
    year = pl.select(fiscal_year(pl.lit(held_on))).item()  # as the ETL computes it
    con.execute(
        "insert into meetings values (?, ?, ?, ?, ?, ?, ?, ?, 'b')",
        [*_where(club), meeting, held_on, year, kind, attendees],
    )
    if listed:
        con.executemany(
            "insert into attendance values (?, ?, ?, ?, ?, 'b')",
            [[*_where(club), meeting, member] for member in listed],
        )


def add_activity(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    club: str = CLUB,
    held_on: date = date(2016, 3, 1),
    partner: str | None = None,
) -> None:
    year = pl.select(fiscal_year(pl.lit(held_on))).item()
    con.execute(
        "insert into activities values (?, ?, ?, ?, ?, ?, ?, 'กิจกรรม', ?, null, 'b')",
        [*_where(club), f"A{_next(con, 'activities')}", held_on, year, kind, partner],
    )


def add_governance(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    club: str = CLUB,
    effective: date = FIRST,
    expires: date | None = None,
) -> None:
    con.execute(
        "insert into governance values (?, ?, ?, ?, ?, ?, ?, null, 'b')",
        [*_where(club), _next(con, "governance") + 1, kind, effective, expires],
    )


def meet_everything(con: duckdb.DuckDBPyConnection, club: str = CLUB, fy: int = FY) -> None:
    """Every record the standard asks for in one fiscal year, all meetings fully attended."""
    start = date(fy - 544, 10, 1)
    query = "select count(*) from members where club_id = ?"
    roll = con.execute(query, [club]).fetchone()[0]  # type: ignore[index]
    add_governance(con, "committee_appointed", club, start)
    add_governance(con, "rules_adopted", club, start)
    meetings = ("regular", "regular", "regular", "community_forum", "evaluation_forum")
    for days, kind in zip((40, 130, 220, 100, 300), meetings, strict=True):
        add_meeting(con, start + timedelta(days=days), roll, club, kind)
    at = start + timedelta(days=150)
    for kind in ("capacity_building", "capacity_building", "problem_solving"):
        add_activity(con, kind, club, at)
    for kind in ("knowledge_summary", "publicity"):
        add_activity(con, kind, club, at)
    add_activity(con, "partner_joint", club, at, "อบต.คลองขลุง")
    add_activity(con, "partner_joint", club, at, "รพ.สต.คลองขลุง")


def judge(
    con: duckdb.DuckDBPyConnection, rules: Rules | None = None, district: str = "6205"
) -> int:
    return metrics.refresh_district(con, district[:2], district, rules or load_rules())


def result(
    con: duckdb.DuckDBPyConnection, club: str = CLUB, fy: int = FY, **judged: Any
) -> dict[str, Any]:
    """The club_year_compliance row of one club and year, after judging its district."""
    judge(con, district=club[:4], **judged)
    query = "select * from club_year_compliance where club_id = ? and fiscal_year = ?"
    [row] = sql.frame(con, query, [club, fy]).to_dicts()
    return row


def rules_with(tmp_path: Path, override: str) -> Rules:
    """The shipped rules, version "t.1", with one [[override]] table."""
    path = tmp_path / "rules.toml"
    standard = DEFAULT_FILE.read_text(encoding="utf-8").replace('"2559.2"', '"t.1"')
    path.write_text(f"{standard}\n[[override]]\n{override}\n", encoding="utf-8")
    return load_rules(path)


def years(con: duckdb.DuckDBPyConnection, club: str = CLUB) -> list[int]:
    query = "select fiscal_year from club_year_compliance where club_id = ? order by 1"
    return [y for (y,) in con.execute(query, [club]).fetchall()]


def test_a_model_year_meets_the_standard_with_every_count_filled(
    con: duckdb.DuckDBPyConnection,
) -> None:
    add_club(con)
    add_officers(con)
    add_members(con, 7)
    meet_everything(con)
    row = result(con)
    assert row | {"attendance_rate": round(row["attendance_rate"], 9)} == {
        "province_code": "62", "district_code": "6205", "club_id": CLUB, "fiscal_year": FY,
        "committee": True, "rules": True, "meetings": True, "capacity": True,
        "problem_partner": True, "forum": True, "evaluation": True, "knowledge": True,
        "publicity": True, "meets_standard": True, "qualifying_meetings": 5, "meetings_held": 5,
        "attendance_rate": 1.0, "score": 100.0, "members_end": 10, "capacity_activities": 2,
        "problem_solving_activities": 1, "partner_activities": 2, "distinct_partners": 2,
        "rules_version": "2559.2",
    }  # fmt: skip


def test_exactly_three_meetings_at_exactly_seventy_percent_pass(
    con: duckdb.DuckDBPyConnection,
) -> None:
    add_club(con)
    add_members(con, 10)
    for held_on in (date(2015, 11, 1), date(2016, 2, 1), date(2016, 5, 1)):
        add_meeting(con, held_on, 7)
    row = result(con)
    assert (row["meetings"], row["qualifying_meetings"], row["meetings_held"]) == (True, 3, 3)
    assert row["attendance_rate"] == pytest.approx(0.7)


@pytest.mark.parametrize(
    ("present", "roll", "qualifies"),
    [(7, 10, True), (69, 100, False), (699, 1000, False), (700, 1000, True), (1000, 1000, True)],
)
def test_seventy_percent_is_compared_exactly(
    con: duckdb.DuckDBPyConnection, present: int, roll: int, qualifies: bool
) -> None:
    add_club(con)
    add_members(con, roll)
    add_meeting(con, date(2016, 1, 5), present)
    assert result(con)["qualifying_meetings"] == int(qualifies)


@pytest.mark.parametrize(("present", "qualifies"), [(54, False), (55, True)])
def test_a_share_whose_double_is_above_it_is_still_compared_exactly(
    tmp_path: Path, con: duckdb.DuckDBPyConnection, present: int, qualifies: bool
) -> None:
    # 0.55 * 100 is 55.00000000000001 in doubles: 55 of 100 would fail a naive comparison
    add_club(con)
    add_members(con, 100)
    add_meeting(con, date(2016, 1, 5), present)
    rules = rules_with(tmp_path, "attendance_min = 0.55")
    assert result(con, rules=rules)["qualifying_meetings"] == int(qualifies)


def test_two_good_meetings_and_one_at_sixty_nine_point_nine_percent_fail(
    con: duckdb.DuckDBPyConnection,
) -> None:
    add_club(con)
    add_members(con, 1000)
    add_meeting(con, date(2015, 11, 1), 700)
    add_meeting(con, date(2016, 2, 1), 699)
    add_meeting(con, date(2016, 5, 1), 700)
    row = result(con)
    assert (row["meetings"], row["qualifying_meetings"]) == (False, 2)


@pytest.mark.parametrize(
    ("others_joined", "others_left", "rate"),
    [
        (FIRST, date(2016, 1, 31), 5 / 7),  # left the day before the meeting: off the roll
        (FIRST, date(2016, 2, 1), 5 / 7),  # left on the meeting day itself: off the roll
        (FIRST, date(2016, 2, 2), 5 / 10),  # left the day after: still on the roll
        (date(2016, 2, 1), None, 5 / 10),  # joined on the meeting day: on the roll
        (date(2016, 2, 2), None, 5 / 7),  # joined the day after: not yet on the roll
    ],
)
def test_the_roll_is_the_members_on_the_meeting_day(
    con: duckdb.DuckDBPyConnection, others_joined: date, others_left: date | None, rate: float
) -> None:
    add_club(con)
    add_members(con, 7)
    add_members(con, 3, joined=others_joined, left=others_left)
    add_meeting(con, date(2016, 2, 1), 5)
    row = result(con)
    assert row["attendance_rate"] == pytest.approx(rate)
    assert row["qualifying_meetings"] == int(rate >= 0.7)


def test_a_meeting_with_nobody_on_the_roll_neither_qualifies_nor_counts_in_the_rate(
    con: duckdb.DuckDBPyConnection,
) -> None:
    add_club(con)
    add_members(con, 10, joined=date(2016, 1, 1))
    add_meeting(con, date(2015, 11, 1), 4)  # before anyone joined
    add_meeting(con, date(2016, 2, 1), 8)
    row = result(con)
    assert (row["meetings_held"], row["qualifying_meetings"]) == (2, 1)
    assert row["attendance_rate"] == pytest.approx(0.8)


def test_thirtieth_of_september_and_first_of_october_fall_in_different_years(
    con: duckdb.DuckDBPyConnection,
) -> None:
    add_club(con)
    add_members(con, 1, joined=LAST)
    add_members(con, 1, joined=LAST + timedelta(days=1))
    add_meeting(con, LAST, 1)
    add_meeting(con, LAST + timedelta(days=1), 2)
    judge(con)
    held = con.execute(
        "select fiscal_year, meetings_held, members_end, attendance_rate "
        "from club_year_compliance order by fiscal_year"
    ).fetchall()
    assert held == [(2559, 1, 1, 1.0), (2560, 1, 2, 1.0)]


@pytest.mark.parametrize(
    ("roles", "treasurer_left", "expires", "passes"),
    [
        (("chair", "secretary", "treasurer"), None, None, True),
        (("chair", "secretary"), None, None, False),  # no treasurer
        (("chair", "secretary", "treasurer"), date(2016, 9, 1), None, False),  # treasurer left
        (("chair", "secretary", "treasurer"), None, LAST - timedelta(days=1), False),
        (("chair", "secretary", "treasurer"), None, LAST, True),
    ],
)
def test_committee_needs_an_appointment_and_every_role_on_the_last_day(
    con: duckdb.DuckDBPyConnection,
    roles: tuple[str, ...],
    treasurer_left: date | None,
    expires: date | None,
    passes: bool,
) -> None:
    add_club(con)
    for role in roles:
        add_members(con, 1, role=role, left=treasurer_left if role == "treasurer" else None)
    add_members(con, 5)
    add_governance(con, "committee_appointed", expires=expires)
    assert result(con)["committee"] is passes


@pytest.mark.parametrize(
    ("effective", "expires", "passes"),
    [
        (FIRST, LAST - timedelta(days=1), False),  # expires the day before the year ends
        (FIRST, LAST, True),  # expires on the last day: still in force that day
        (FIRST, None, True),
        (date(2012, 5, 1), None, True),  # adopted years before, never expired
        (LAST + timedelta(days=1), None, False),  # adopted the next fiscal year
    ],
)
def test_rules_must_be_in_force_on_the_last_day(
    con: duckdb.DuckDBPyConnection, effective: date, expires: date | None, passes: bool
) -> None:
    add_club(con, entered_fy=FY)
    add_members(con, 3)
    add_governance(con, "rules_adopted", effective=effective, expires=expires)
    assert result(con)["rules"] is passes


@pytest.mark.parametrize(
    ("effective", "expires", "passes"),
    [
        (date(2016, 3, 1), date(2016, 6, 1), True),  # in force during part of the year
        (date(2014, 3, 1), FIRST, True),  # expires on the year's first day
        (date(2014, 3, 1), FIRST - timedelta(days=1), False),  # expired before the year
    ],
)
def test_a_plan_adopted_during_the_year_counts_as_the_forum(
    con: duckdb.DuckDBPyConnection, effective: date, expires: date, passes: bool
) -> None:
    add_club(con, entered_fy=FY)
    add_members(con, 3)
    add_governance(con, "plan_adopted", effective=effective, expires=expires)
    assert result(con)["forum"] is passes


def test_attendance_is_counted_from_attendance_rows_when_attendees_is_blank(
    con: duckdb.DuckDBPyConnection,
) -> None:
    add_club(con)
    members = add_members(con, 10)
    for held_on in (date(2015, 11, 1), date(2016, 2, 1), date(2016, 5, 1)):
        add_meeting(con, held_on, None, listed=members[:7])
    add_meeting(con, date(2016, 8, 1), 5, listed=members[:7])  # a count given wins over the list
    row = result(con)
    assert (row["qualifying_meetings"], row["meetings"]) == (3, True)
    assert row["attendance_rate"] == pytest.approx((0.7 * 3 + 0.5) / 4)


def test_partners_are_counted_once_whatever_their_case_and_spaces(
    con: duckdb.DuckDBPyConnection,
) -> None:
    add_club(con)
    add_members(con, 3)
    for partner in ("อบต. คลองขลุง", "อบต.คลองขลุง", "Red Cross", " red  CROSS ", None):
        add_activity(con, "partner_joint", partner=partner)
    add_activity(con, "other", partner="โรงเรียน")
    row = result(con)
    assert (row["partner_activities"], row["distinct_partners"]) == (5, 2)


def test_rows_run_from_entered_standard_year_to_the_districts_latest_year(
    con: duckdb.DuckDBPyConnection,
) -> None:
    add_club(con, entered_fy=2557)
    add_members(con, 3, joined=date(2016, 1, 1))  # first record: FY 2559
    add_club(con, "6205-002")
    add_governance(con, "plan_adopted", "6205-002", effective=date(2017, 11, 1))  # FY 2561
    add_club(con, "6205-003", entered_fy=2560)  # no records at all
    add_club(con, "6205-004")  # no records and no entered year: no rows
    add_club(con, "6201-001")
    add_members(con, 1, "6201-001", joined=date(2020, 1, 1))  # another district's years
    assert judge(con) == 5 + 1 + 2
    assert years(con) == [2557, 2558, 2559, 2560, 2561]
    assert years(con, "6205-002") == [2561]
    assert years(con, "6205-003") == [2560, 2561]
    assert years(con, "6205-004") == []


def test_a_province_override_changes_only_its_province_and_year(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    override = 'province = "62"\nfrom_fy = 2559\nto_fy = 2559\nattendance_min = 0.6'
    rules = rules_with(tmp_path, override)
    for club in (CLUB, "1001-001"):
        add_club(con, club)
        add_members(con, 5, club)
        for year in (2015, 2016):  # FY 2559 and 2560: three meetings each, 3 of 5 attend
            for month in (11, 12, 1):
                add_meeting(con, date(year + (month < 10), month, 2), 3, club)
    judge(con, rules, "6205")
    judge(con, rules, "1001")
    met = con.execute(
        "select club_id, fiscal_year, meetings, rules_version "
        "from club_year_compliance order by 1, 2"
    ).fetchall()
    assert met == [
        ("1001-001", 2559, False, "t.1"),
        ("1001-001", 2560, False, "t.1"),
        ("6205-001", 2559, True, "t.1"),
        ("6205-001", 2560, False, "t.1"),
    ]


def test_refresh_district_rewrites_only_that_districts_rows(con: duckdb.DuckDBPyConnection) -> None:
    for club in ("6201-001", CLUB):
        add_club(con, club)
        add_officers(con, club)
        add_members(con, 7, club)
        meet_everything(con, club)
    judge(con, district="6201")
    judge(con, district="6205")
    rows_6201 = "select * from club_year_compliance where district_code = '6201'"
    before = con.execute(rows_6201).fetchall()
    for table in ("meetings", "activities", "governance", "members"):  # 6201's records go bad
        con.execute(f"delete from {table} where district_code = '6201'")
    con.execute("delete from governance where district_code = '6205' and kind = 'rules_adopted'")
    assert judge(con, district="6205") == 1
    after = con.execute(rows_6201).fetchall()
    assert after == before and before[0][13] is True  # meets_standard, untouched
    assert result(con)["rules"] is False  # 6205 was judged again


def two_district_province(con: duckdb.DuckDBPyConnection) -> None:
    """6201: a club meeting the standard in 2559 and 2560 and one that never does;
    6205: a small club meeting it in 2559 only."""
    add_club(con, "6201-001")
    add_officers(con, "6201-001")
    add_members(con, 7, "6201-001")
    meet_everything(con, "6201-001", 2559)
    meet_everything(con, "6201-001", 2560)
    add_club(con, "6201-002")
    add_members(con, 5, "6201-002")
    add_meeting(con, date(2016, 1, 10), 5, "6201-002")
    add_club(con, CLUB)
    add_officers(con, CLUB)
    add_members(con, 1, CLUB)
    meet_everything(con, CLUB, 2559)
    add_meeting(con, date(2016, 12, 1), 0, CLUB)
    rules = load_rules()
    metrics.refresh_district(con, "62", "6201", rules, summaries=False)
    metrics.refresh_district(con, "62", "6205", rules)


def test_district_and_province_roll_ups(con: duckdb.DuckDBPyConnection) -> None:
    two_district_province(con)
    columns = "clubs, clubs_meeting_standard, meets_share, committee_rate, members, "
    columns += "meetings_held, mean_attendance, meets_share_change"
    district = con.execute(
        f"select district_code, fiscal_year, {columns} from district_year_summary order by 1, 2"
    ).fetchall()
    assert district == [
        ("6201", 2559, 2, 1, 0.5, 0.5, 15, 6, 1.0, None),
        ("6201", 2560, 2, 1, 0.5, 0.5, 15, 5, 1.0, 0.0),
        ("6205", 2559, 1, 1, 1.0, 1.0, 4, 5, 1.0, None),
        ("6205", 2560, 1, 0, 0.0, 1.0, 4, 1, 0.0, -1.0),
    ]
    query = f"select province_code, fiscal_year, {columns} from province_year_summary order by 2"
    province = sql.frame(con, query)
    expected = pl.DataFrame(
        {
            "province_code": ["62", "62"],
            "fiscal_year": [2559, 2560],
            "clubs": [3, 3],
            "clubs_meeting_standard": [2, 1],
            "meets_share": [2 / 3, 1 / 3],
            "committee_rate": [2 / 3, 2 / 3],
            "members": [19, 19],
            "meetings_held": [11, 6],
            "mean_attendance": [1.0, 0.5],
            "meets_share_change": [None, -1 / 3],
        },
        schema_overrides={"fiscal_year": pl.Int32, "clubs": pl.Int32, "members": pl.Int32,
                          "clubs_meeting_standard": pl.Int32, "meetings_held": pl.Int32},
    )  # fmt: skip
    assert_frame_equal(province, expected, check_exact=False)


def test_rollup_files_are_parquet_without_personal_data(con: duckdb.DuckDBPyConnection) -> None:
    two_district_province(con)
    files = metrics.rollup_files(con, "62")
    assert set(files) == {
        "province_year_summary.parquet",
        "district_year_summary.parquet",
        "club_scores.parquet",
    }
    read = {name: pl.read_parquet(data) for name, data in files.items()}
    assert read["province_year_summary.parquet"].height == 2
    assert read["district_year_summary.parquet"].height == 4
    scores = read["club_scores.parquet"]
    assert scores.height == 6
    assert {"name", "network_type", "subdistrict_code", "score"} <= set(scores.columns)
    assert not {"full_name", "person_key", "member_id", "gender"} & set(scores.columns)


def test_expectations_hold_and_catch_a_planted_fault(con: duckdb.DuckDBPyConnection) -> None:
    two_district_province(con)
    checks = metrics.expectation_queries()
    assert {"club_year_is_unique", "score_is_between_0_and_100"} <= set(checks)
    for name, query in checks.items():
        assert con.execute(query).fetchall() == [], name
    con.execute(
        "insert into club_year_compliance "
        "select * replace (true as meets_standard, 120.0 as score) "
        "from club_year_compliance where club_id = '6201-002' and fiscal_year = 2559"
    )
    failing = {name for name, query in checks.items() if con.execute(query).fetchall()}
    assert failing == {
        "club_year_is_unique",
        "score_is_between_0_and_100",
        "meets_standard_is_its_five_criteria",
        "score_counts_the_criteria",
    }
