"""Districts of a province are validated, loaded and judged together: each as if it were alone."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from core.home import Home
from etl import load
from etl.archive import pull
from etl.pipeline import Outcome, prepare, run
from etl.sources import read_sources, select
from tests.conftest import TODAY
from warehouse import sql
from warehouse.build import apply_schema
from warehouse.connection import reading
from warehouse.rules import load_rules

# Every relation a load writes, without what differs between two runs of the same input
# (batch ids, times) or between two homes (each home has its own secret for person_key).
RELATIONS = {
    "clubs": "select * exclude (batch_id) from clubs",
    "members": "select * exclude (batch_id, person_key), person_key is null as no_key from members",
    "meetings": "select * exclude (batch_id) from meetings",
    "attendance": "select * exclude (batch_id) from attendance",
    "activities": "select * exclude (batch_id) from activities",
    "governance": "select * exclude (batch_id) from governance",
    "rejected_rows": "select * exclude (batch_id) from rejected_rows",
    "load_sheets": "select * exclude (batch_id) from load_sheets",
    "load_batches": "select district_code, source, content_sha256, status, rows_read, "
    "rows_loaded, rows_rejected, message, latest_fiscal_year, rules_version from load_batches",
    "club_year_compliance": "select * from club_year_compliance",
    "district_year_summary": "select * from district_year_summary",
    "province_year_summary": "select * from province_year_summary",
}


def published(home: Home) -> dict[str, pl.DataFrame]:
    with reading(home, "62") as (con, _version):
        return {name: sql.frame(con, query).sort(pl.all()) for name, query in RELATIONS.items()}


def counts(outcomes: list[Outcome]) -> dict[str, tuple[str, int, int, int, dict]]:
    return {
        o.source.district: (o.status, o.rows_read, o.rows_loaded, o.rows_rejected, o.sheets)
        for o in outcomes
    }


def test_districts_loaded_together_match_each_loaded_alone(
    tmp_path: Path, two_districts: Path
) -> None:
    sources, rules = read_sources(two_districts), load_rules(None)
    together, alone = Home(tmp_path / "together"), Home(tmp_path / "alone")
    both = run(together, sources, rules, today=TODAY, workers=1)
    one_by_one = [
        outcome
        for district in ("6205", "6201")
        for outcome in run(alone, select(sources, None, district), rules, today=TODAY, workers=1)
    ]
    assert counts(both) == counts(one_by_one)
    expected, found = published(alone), published(together)
    for name in RELATIONS:
        assert found[name].height > 0, name
        assert_frame_equal(found[name], expected[name], check_exact=False)


def test_each_district_is_judged_on_its_own_rows(tmp_path: Path, two_districts: Path) -> None:
    home = Home(tmp_path / "home")
    run(home, read_sources(two_districts), load_rules(None), today=TODAY, workers=1)
    with reading(home, "62") as (con, _version):
        rejected = set(
            con.execute(
                "select district_code, sheet, row_number, column_name, reason_code "
                "from rejected_rows"
            ).fetchall()
        )
        meetings = con.execute(
            "select district_code, count(*) from meetings group by 1 order by 1"
        ).fetchall()
        club = con.execute(
            "select district_code, qualifying_meetings from club_year_compliance "
            "where club_id = '6205-001' and fiscal_year = 2559 order by 1"
        ).fetchall()
    # The same ids in another district are not duplicates, and their parents are found
    # in their own district only: 6201 sent no members, so its attendance names nobody.
    assert ("6205", "clubs", 7, "club_id", "duplicate_id") in rejected
    assert ("6201", "attendance", 2, "member_id", "unknown_member") in rejected
    assert ("6205", "attendance", 2, "member_id", "unknown_member") not in rejected
    # 40 attendees are more than 6205's roll; 6201 has no roll to compare them with.
    assert ("6205", "meetings", 8, "attendees", "attendance_exceeds_members") in rejected
    assert not any(r[0] == "6201" and r[4] == "attendance_exceeds_members" for r in rejected)
    # A column absent from one district's file rejects that district's rows only.
    assert ("6201", "governance", 2, "effective_on", "missing_required") in rejected
    assert not any(r[0] == "6205" and r[1] == "governance" for r in rejected)
    # 6201: MT3 left out, MW2 kept; 6205: MT3 kept, MW2 rejected.
    assert meetings == [("6201", 5), ("6205", 5)]
    assert club == [("6201", 0), ("6205", 3)]


@pytest.fixture
def warehouse(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    apply_schema(con)
    return con


def test_a_district_that_cannot_be_written_fails_alone_and_keeps_its_rows(
    two_districts: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    rules, key = load_rules(None), b"k" * 32
    items = [pull(source) for source in read_sources(two_districts)]
    first = prepare(items, key, TODAY, rules.version).records
    assert load.replace_districts(warehouse, first, rules) == {}
    again = prepare(items, key, TODAY, rules.version).records
    # Something the checks let through and the warehouse refuses, in 6201 only.
    nameless = pl.when(pl.col("district_code") == "6201").then(None).otherwise(pl.col("name"))
    clubs = again.tables["clubs"].with_columns(nameless.alias("name"))
    tables = again.tables | {"clubs": clubs}
    broken = load.Records(again.batches, tables, again.rejected, again.sheets)

    failed = load.replace_districts(warehouse, broken, rules)

    assert list(failed) == ["6201"] and "NOT NULL" in failed["6201"]
    old = {b.district: b.batch_id for b in first.batches}
    new = {b.district: b.batch_id for b in again.batches}
    recorded = warehouse.execute("select batch_id from load_batches").fetchall()
    assert {b for (b,) in recorded} == {old["6205"], old["6201"], new["6205"]}
    for table in ("clubs", "meetings", "rejected_rows"):
        by = warehouse.execute(
            f"select distinct district_code, batch_id from {table} order by 1"
        ).fetchall()
        assert by == [("6201", old["6201"]), ("6205", new["6205"])], table
    sheets = warehouse.execute("select distinct batch_id from load_sheets").fetchall()
    assert new["6201"] not in {b for (b,) in sheets}
    judged = warehouse.execute(
        "select count(*) from club_year_compliance where district_code = '6201'"
    ).fetchone()
    assert judged is not None and judged[0] > 0
