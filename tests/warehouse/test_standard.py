"""Known answers for the standard at its boundaries on hand-built clubs (docs/contract.md#standard)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from warehouse import metrics
from warehouse.build import apply_schema
from warehouse.rules import Rules, RulesError, load_rules

FY = 2559  # 1 Oct 2015 - 30 Sep 2016
FIRST, LAST = date(2015, 10, 1), date(2016, 9, 30)


class Club:
    """A club of district 6205 built row by row, straight into the warehouse tables."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, club_id: str = "6205-001", district: str = "6205"
    ) -> None:
        self.con, self.club_id, self.district = con, club_id, district
        con.execute(
            "insert into clubs values (?, ?, ?, 'ชมรมทดสอบ', 'cdv_club', ?, null, null, null, null, 'b')",
            [district[:2], district, club_id, district + "01"],
        )
        self.meetings = 0

    def members(
        self, count: int, joined: date = FIRST, left: date | None = None, role: str = "member"
    ) -> None:
        start = self.con.execute(
            "select count(*) from members where club_id = ?", [self.club_id]
        ).fetchone()[0]
        for n in range(start, start + count):
            self.con.execute(
                "insert into members values (?, ?, ?, ?, 'ชื่อ สกุล', null, null, ?, ?, ?, 'b')",
                [self.district[:2], self.district, self.club_id, f"M{n}", role, joined, left],
            )

    def committee(self) -> None:
        for role in ("chair", "secretary", "treasurer"):
            self.members(1, role=role)

    def meeting(
        self, on: date, attendees: int | None, kind: str = "regular", listed: int = 0
    ) -> None:
        self.meetings += 1
        meeting_id = f"MT{self.meetings}"
        fy = on.year + 543 + (on.month >= 10)
        self.con.execute(
            "insert into meetings values (?, ?, ?, ?, ?, ?, ?, ?, 'b')",
            [self.district[:2], self.district, self.club_id, meeting_id, on, fy, kind, attendees],
        )
        for n in range(listed):
            self.con.execute(
                "insert into attendance values (?, ?, ?, ?, ?, 'b')",
                [self.district[:2], self.district, self.club_id, meeting_id, f"M{n}"],
            )

    def activity(self, kind: str, on: date = date(2016, 3, 1), partner: str | None = None) -> None:
        fy = on.year + 543 + (on.month >= 10)
        count = self.con.execute("select count(*) from activities").fetchone()[0]
        self.con.execute(
            "insert into activities values (?, ?, ?, ?, ?, ?, ?, 'กิจกรรม', ?, null, 'b')",
            [self.district[:2], self.district, self.club_id, f"A{count}", on, fy, kind, partner],
        )

    def governance(self, kind: str, effective: date = FIRST, expires: date | None = None) -> None:
        count = self.con.execute("select count(*) from governance").fetchone()[0]
        self.con.execute(
            "insert into governance values (?, ?, ?, ?, ?, ?, ?, null, 'b')",
            [self.district[:2], self.district, self.club_id, count + 2, kind, effective, expires],
        )

    def model_year(self, roll: int = 10) -> None:
        """Everything the standard asks for in FY 2559, with `roll` members."""
        self.committee()
        self.members(roll - 3)
        self.governance("committee_appointed")
        self.governance("rules_adopted")
        for month in (11, 2, 5):
            on = date(2015 if month > 9 else 2016, month, 10)
            self.meeting(on, roll)
        self.meeting(date(2016, 1, 5), roll, kind="community_forum")
        self.meeting(date(2016, 8, 5), roll, kind="evaluation_forum")
        for kind in (
            "capacity_building",
            "capacity_building",
            "problem_solving",
            "knowledge_summary",
            "publicity",
        ):
            self.activity(kind)
        self.activity("partner_joint", partner="อบต.คลองขลุง")
        self.activity("partner_joint", partner="รพ.สต.คลองขลุง")


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    apply_schema(connection)
    return connection


def judge(
    con: duckdb.DuckDBPyConnection, rules: Rules | None = None, fy: int = FY, district: str = "6205"
) -> dict:
    metrics.refresh_district(con, district[:2], district, rules or load_rules(None))
    metrics.refresh_summaries(con, district[:2])
    row = con.execute(
        "select * from club_year_compliance where district_code = ? and fiscal_year = ?",
        [district, fy],
    ).fetchone()
    columns = [d[0] for d in con.description]
    return dict(zip(columns, row, strict=True))


def test_a_model_year_passes_every_criterion(con: duckdb.DuckDBPyConnection) -> None:
    Club(con).model_year()
    result = judge(con)
    assert result["meets_standard"] and result["score"] == 100.0
    assert result["qualifying_meetings"] == 5 and result["distinct_partners"] == 2


def test_exactly_three_meetings_at_exactly_seventy_percent_pass(
    con: duckdb.DuckDBPyConnection,
) -> None:
    club = Club(con)
    club.committee()
    club.members(7)
    for on in (date(2015, 11, 1), date(2016, 2, 1), date(2016, 5, 1)):
        club.meeting(on, 7)
    result = judge(con)
    assert (result["meetings"], result["qualifying_meetings"]) == (True, 3)
    assert result["attendance_rate"] == pytest.approx(0.7)


def test_sixty_nine_point_nine_percent_does_not_qualify(con: duckdb.DuckDBPyConnection) -> None:
    club = Club(con)
    club.members(1000)
    club.meeting(date(2015, 11, 1), 699)
    club.meeting(date(2016, 2, 1), 700)
    club.meeting(date(2016, 5, 1), 700)
    result = judge(con)
    assert (result["meetings"], result["qualifying_meetings"]) == (False, 2)


def test_attendance_is_counted_from_the_attendance_sheet_when_no_count(
    con: duckdb.DuckDBPyConnection,
) -> None:
    club = Club(con)
    club.members(10)
    for on in (date(2015, 11, 1), date(2016, 2, 1), date(2016, 5, 1)):
        club.meeting(on, None, listed=7)
    assert judge(con)["qualifying_meetings"] == 3


def test_a_member_who_left_is_not_on_the_roll(con: duckdb.DuckDBPyConnection) -> None:
    club = Club(con)
    club.members(7)
    club.members(3, left=date(2016, 1, 31))
    club.members(1, left=date(2016, 5, 1))  # leaving on the meeting day: not on that day's roll
    club.meeting(date(2015, 11, 1), 7)  # 7 of 11: fails
    club.meeting(date(2016, 2, 1), 6)  # 6 of 8 (not 6 of 11): passes
    club.meeting(date(2016, 5, 1), 5)  # 5 of 7 (not 5 of 8): passes
    assert judge(con)["qualifying_meetings"] == 2


def test_thirtieth_of_september_and_first_of_october_are_different_years(
    con: duckdb.DuckDBPyConnection,
) -> None:
    club = Club(con)
    club.members(10)
    club.meeting(date(2016, 9, 30), 10)
    club.meeting(date(2016, 10, 1), 10)
    metrics.refresh_district(con, "62", "6205", load_rules(None))
    held = con.execute(
        "select fiscal_year, meetings_held from club_year_compliance order by fiscal_year"
    ).fetchall()
    assert held == [(2559, 1), (2560, 1)]


def test_committee_missing_a_treasurer_fails(con: duckdb.DuckDBPyConnection) -> None:
    club = Club(con)
    club.members(1, role="chair")
    club.members(1, role="secretary")
    club.members(5)
    club.governance("committee_appointed")
    assert judge(con)["committee"] is False
    club.members(1, role="treasurer")
    assert judge(con)["committee"] is True


@pytest.mark.parametrize(
    ("expires", "passes"), [(LAST - timedelta(days=1), False), (LAST, True), (None, True)]
)
def test_rules_must_be_in_force_on_the_last_day(
    con: duckdb.DuckDBPyConnection, expires: date | None, passes: bool
) -> None:
    club = Club(con)
    club.members(3)
    club.governance("rules_adopted", expires=expires)
    assert judge(con)["rules"] is passes


def test_a_plan_adopted_counts_as_the_forum(con: duckdb.DuckDBPyConnection) -> None:
    club = Club(con)
    club.members(3)
    club.governance("plan_adopted", effective=date(2016, 3, 1), expires=date(2016, 6, 1))
    assert judge(con)["forum"] is True


def test_rows_run_from_entered_standard_year_to_the_districts_latest_year(
    con: duckdb.DuckDBPyConnection,
) -> None:
    club = Club(con)
    con.execute("update clubs set entered_standard_fy = 2557")
    club.members(3, joined=date(2016, 1, 1))
    other = Club(con, "6205-002")
    other.members(3, joined=date(2018, 1, 1))  # the district's latest year is 2561
    metrics.refresh_district(con, "62", "6205", load_rules(None))
    years = con.execute(
        "select fiscal_year from club_year_compliance where club_id = '6205-001' order by 1"
    ).fetchall()
    assert [y for (y,) in years] == [2557, 2558, 2559, 2560, 2561]


def test_a_province_override_changes_only_its_years(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    rules_file = tmp_path / "rules.toml"
    standard = (Path(metrics.__file__).parent / "rules" / "standard.toml").read_text(
        encoding="utf-8"
    )
    rules_file.write_text(
        standard.replace('version = "2559.2"', 'version = "test.1"')
        + '\n[[override]]\nprovince = "62"\nfrom_fy = 2559\nto_fy = 2559\nattendance_min = 0.6\n',
        encoding="utf-8",
    )
    club = Club(con)
    club.members(10)
    for on in (
        date(2015, 11, 1),
        date(2016, 2, 1),
        date(2016, 5, 1),
        date(2016, 11, 1),
        date(2017, 2, 1),
        date(2017, 5, 1),
    ):
        club.meeting(on, 6)
    rules = load_rules(rules_file)
    assert judge(con, rules, fy=2559)["meetings"] is True
    assert judge(con, rules, fy=2560)["meetings"] is False
    assert judge(con, rules, fy=2559)["rules_version"] == "test.1"
    assert rules.thresholds("10", 2559)["attendance_min"] == 0.7


def test_refresh_touches_only_its_district(con: duckdb.DuckDBPyConnection) -> None:
    Club(con).model_year()
    Club(con, "6201-001", district="6201").model_year()
    rules = load_rules(None)
    metrics.refresh_district(con, "62", "6201", rules)
    metrics.refresh_district(con, "62", "6205", rules)
    con.execute("delete from meetings where district_code = '6201'")
    metrics.refresh_district(con, "62", "6205", rules)
    untouched = con.execute(
        "select meets_standard from club_year_compliance where district_code = '6201'"
    ).fetchall()
    assert untouched == [(True,)]


def test_rollups_and_expectations(con: duckdb.DuckDBPyConnection) -> None:
    Club(con).model_year()
    weak = Club(con, "6205-002")
    weak.members(5)
    weak.meeting(date(2016, 1, 1), 1)
    metrics.refresh_district(con, "62", "6205", load_rules(None))
    metrics.refresh_summaries(con, "62")
    district = con.execute(
        "select clubs, clubs_meeting_standard, meets_share, members, meetings_held "
        "from district_year_summary where fiscal_year = 2559"
    ).fetchone()
    assert district == (2, 1, 0.5, 15, 6)
    province = con.execute(
        "select meets_share from province_year_summary where fiscal_year = 2559"
    ).fetchone()
    assert province == (0.5,)
    for name, query in metrics.expectations().items():
        assert con.execute(query).fetchall() == [], name


def test_rules_file_errors_name_the_file_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'version = "x"\n[defaults]\nmeetings_min = 3\nattendance_min = 7\n', encoding="utf-8"
    )
    with pytest.raises(RulesError, match=r"bad.toml.*attendance_min"):
        load_rules(bad)
