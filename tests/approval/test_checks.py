"""Checks before sign-off: nothing flagged on clean generated data, each planted anomaly flagged."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from accounts import audit
from accounts.store import open_store
from core.home import Home
from etl.pipeline import run
from etl.sources import read_sources
from tests.approval.conftest import ACCOUNTS
from tests.conftest import TODAY
from tonbaeb.generate import generate
from warehouse import approvals, checks
from warehouse.build import apply_schema
from warehouse.connection import reading
from warehouse.rules import DEFAULT_FILE, RulesError, load_rules

DIRECTOR = ACCOUNTS["director62"]


def flagged_on(home: Home, year: int) -> pl.DataFrame:
    with reading(home, "62") as (con, _version):
        return checks.run(con, load_rules(None), year)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Home:
    """Province 62 generated clean (nothing messy, nothing invalid) and loaded."""
    root = tmp_path_factory.mktemp("checks")
    result = generate(
        root / "inbox", ["62"], [2566, 2567, 2568], fmt="csv", messy_share=0.0,
        invalid_share=0.0, clubs_per_district=(4, 6), today=TODAY, workers=1,
    )  # fmt: skip
    home = Home(root / "home")
    outcomes = run(home, read_sources(result.sources), load_rules(None), today=TODAY, workers=1)
    assert {o.status for o in outcomes} == {"loaded"}
    return home


def test_clean_generated_data_flags_nothing(generated: Home) -> None:
    for year in (2566, 2567, 2568):
        found = flagged_on(generated, year)
        assert found.is_empty(), found.head(10)


PLANTED = (  # on one club's FY 2568, {where} naming it
    "update club_year_compliance set members_end = members_end * 3, attendance_rate = 1.0"
    " where {where} and fiscal_year = 2568",
    "update meetings set held_on = (select min(held_on) from meetings"
    " where {where} and fiscal_year = 2568) where {where} and fiscal_year = 2568",
    "delete from attendance where {where} and meeting_id in"
    " (select meeting_id from meetings where {where} and fiscal_year = 2568)",
    "insert into attendance select province_code, district_code, club_id, meeting_id,"
    " 'M-PLANTED', batch_id from meetings where {where} and fiscal_year = 2568",
    "update activities set participants = 999, kind = 'capacity_building'"
    " where {where} and fiscal_year = 2568",
)
ANOTHER = (  # another district's club: no members, and the first club's name and type
    "update club_year_compliance set members_end = 0 where {other} and fiscal_year = 2568",
    "update clubs set name = (select name from clubs where {where}),"
    " network_type = (select network_type from clubs where {where}) where {other}",
)


def test_planted_anomalies_are_flagged(generated: Home, tmp_path: Path) -> None:
    copy = duckdb.connect(str(tmp_path / "planted.duckdb"))
    apply_schema(copy)
    with reading(generated, "62") as (con, _version):
        for table in ("clubs", "members", "meetings", "attendance", "activities",
                      "club_year_compliance"):  # fmt: skip
            copy.register("rows", con.sql(f"select * from {table}").pl())
            copy.execute(f"insert into {table} by name select * from rows")
            copy.unregister("rows")
    chosen = copy.execute(
        "select district_code, club_id from club_year_compliance where fiscal_year = 2568"
        " and meetings_held >= 3 and members_end >= 4 order by all limit 1"
    ).fetchone()
    assert chosen is not None
    other = copy.execute(
        "select district_code, club_id from club_year_compliance where fiscal_year = 2568"
        " and district_code <> ? order by all limit 1",
        [chosen[0]],
    ).fetchone()
    assert other is not None
    where = f"district_code = '{chosen[0]}' and club_id = '{chosen[1]}'"
    names = {"where": where, "other": f"district_code = '{other[0]}' and club_id = '{other[1]}'"}
    for statement in (*PLANTED, *ANOTHER):
        copy.execute(statement.format(**names))
    found = checks.run(copy, load_rules(None), 2568)
    flags = {
        (r["check_name"], r["district_code"], r["club_id"]) for r in found.iter_rows(named=True)
    }
    mine = {name for name, d, c in flags if (d, c) == chosen}
    assert {"members_changed", "full_attendance", "same_day_meetings", "identical_attendance",
            "activities_over_members", "club_in_two_districts"} <= mine  # fmt: skip
    assert ("meetings_without_members", *other) in flags
    assert found.filter(pl.col("fiscal_year") != 2568).is_empty()


def test_the_rules_file_versions_and_checks_the_settings(tmp_path: Path) -> None:
    assert load_rules(None).checks["version"] == "checks.1"
    bad = tmp_path / "bad.toml"
    bad.write_text(
        DEFAULT_FILE.read_text(encoding="utf-8").replace(
            "members_change_max = 0.5", "members_change_max = 50"
        ),
        encoding="utf-8",
    )
    with pytest.raises(RulesError, match="members_change_max"):
        load_rules(bad)


def test_a_flagged_club_is_marked_checked_correct_audited(loaded: Home) -> None:
    found = checks.flagged(loaded, DIRECTOR, "62", 2559)
    assert not found.is_empty()  # 6201 and 6205 send the same clubs: the same club in two districts
    row = found.filter(pl.col("check_name") == "club_in_two_districts").row(0, named=True)
    store = open_store(loaded)
    at = 1_790_000_000.0
    with pytest.raises(approvals.ApprovalError) as caught:
        checks.review(store, loaded, DIRECTOR, row["district_code"], 2559, "same_day_meetings",
                      row["club_id"], "ok", at=at)  # fmt: skip
    assert caught.value.code == "not_flagged"
    with pytest.raises(approvals.ApprovalError) as caught:
        checks.review(store, loaded, ACCOUNTS["director10"], row["district_code"], 2559,
                      row["check_name"], row["club_id"], "ok", at=at)  # fmt: skip
    assert caught.value.code in ("not_flagged", "not_your_province")
    checks.review(store, loaded, DIRECTOR, row["district_code"], 2559, row["check_name"],
                  row["club_id"], "ชมรมเดียวกันส่งสองอำเภอจริง", at=at)  # fmt: skip
    reviewed = approvals.reviews_for(store, DIRECTOR, "62", 2559)
    assert reviewed["comment"].to_list() == ["ชมรมเดียวกันส่งสองอำเภอจริง"]
    assert approvals.reviews_for(store, ACCOUNTS["director10"], "62", 2559).is_empty()
    entries = [r["action"] for r in audit.read(store, "62")]
    assert "approval_check_reviewed" in entries
    store.close()
