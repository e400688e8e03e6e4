"""End to end on the fixture district: counts balance, reruns change nothing, failures stay local."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.home import Home
from etl.pipeline import run
from etl.sources import read_sources
from tests.conftest import TODAY
from warehouse.connection import reading
from warehouse.publish import current
from warehouse.rules import load_rules


def load(home: Home, sources_file: Path) -> list:
    return run(home, read_sources(sources_file), load_rules(None), today=TODAY, workers=1)


def rows(home: Home, query: str, params: list | None = None) -> list[tuple]:
    with reading(home, "62") as (con, _version):
        return con.execute(query, params or []).fetchall()


def test_every_row_is_loaded_or_rejected(home: Home, inbox: Path) -> None:
    [outcome] = load(home, inbox)
    assert outcome.status == "loaded"
    assert outcome.rows_read == outcome.rows_loaded + outcome.rows_rejected
    for sheet, (read, loaded, rejected) in outcome.sheets.items():
        assert read == loaded + rejected, sheet
    per_sheet = dict(rows(home, "select sheet, count(*) from rejected_rows group by sheet"))
    assert per_sheet == {s: r for s, (_, _, r) in outcome.sheets.items() if r}
    assert outcome.sheets["clubs"] == (6, 3, 3)  # the blank line is not a row


def test_rejections_name_row_column_and_reason(home: Home, inbox: Path) -> None:
    load(home, inbox)
    found = set(
        rows(
            home,
            "select sheet, row_number, column_name, reason_code from rejected_rows",
        )
    )
    assert {
        ("clubs", 6, "subdistrict_code", "unknown_code"),  # row 5 is blank, still counted
        ("clubs", 7, "club_id", "duplicate_id"),
        ("clubs", 8, "network_type", "unknown_value"),
        ("members", 13, "citizen_id", "bad_citizen_id"),
        ("members", 14, "club_id", "unknown_club"),
        ("members", 15, "joined_on", "missing_required"),
        ("meetings", 7, "held_on", "bad_date"),
        ("meetings", 8, "attendees", "attendance_exceeds_members"),
        ("attendance", 23, "member_id", "unknown_member"),
        ("activities", 9, "partner_org", "missing_required"),
    } <= found
    [(message, raw)] = rows(
        home, "select message, raw_value from rejected_rows where reason_code = 'bad_citizen_id'"
    )
    assert "เลขประจำตัวประชาชน" in message and "citizen ID" in message
    assert raw == "1xxxxxxxxxxx3"  # a citizen ID is never stored in clear, even when wrong


def test_thai_digits_and_spaces_are_normalised(home: Home, inbox: Path) -> None:
    load(home, inbox)
    assert rows(
        home, "select club_id, name, subdistrict_code from clubs where club_id = '6205-003'"
    ) == [("6205-003", "กลุ่มออมทรัพย์เพื่อการผลิตบ้านวังยาง", "620506")]


def test_citizen_ids_are_stored_only_as_keyed_hashes(home: Home, inbox: Path) -> None:
    load(home, inbox)
    with reading(home, "62") as (con, _version):
        columns = con.execute(
            "select table_name, column_name from information_schema.columns "
            "where data_type = 'VARCHAR'"
        ).fetchall()
        for table, column in columns:
            hits = con.execute(
                f'select count(*) from "{table}" where "{column}" like \'%1000000000017%\''
            ).fetchone()
            assert hits == (0,), (table, column)
        keys = con.execute("select person_key from members where member_id = 'M01'").fetchall()
    assert len(keys[0][0]) == 64


def test_founding_club_meets_the_standard_in_2559(home: Home, inbox: Path) -> None:
    load(home, inbox)
    result = rows(
        home,
        "select fiscal_year, meets_standard, score, qualifying_meetings "
        "from club_year_compliance where club_id = '6205-001' order by fiscal_year",
    )
    assert result[0] == (2559, True, 100.0, 3)
    assert result[1][:2] == (2560, False)


def test_second_run_changes_nothing(home: Home, inbox: Path) -> None:
    load(home, inbox)
    before = current(home, "62")
    [outcome] = load(home, inbox)
    assert outcome.status == "unchanged"
    assert current(home, "62") == before


def test_changed_source_is_reloaded_and_replaces_the_district(home: Home, inbox: Path) -> None:
    load(home, inbox)
    clubs = inbox.parent / "6205" / "clubs.csv"
    clubs.write_text(
        clubs.read_text(encoding="utf-8").replace("ชมรมประเภทแปลก,football", "ชมรมใหม่,otop"),
        encoding="utf-8",
    )
    [outcome] = load(home, inbox)
    assert outcome.status == "loaded"
    assert rows(home, "select count(*) from clubs") == [(4,)]
    assert rows(home, "select count(distinct batch_id) from clubs") == [(1,)]


def test_unreadable_workbook_fails_its_district_and_keeps_what_it_had(
    home: Home, inbox: Path
) -> None:
    load(home, inbox)
    folder = inbox.parent / "6205"
    shutil.rmtree(folder)
    folder.with_suffix(".xlsx").write_bytes(b"PK\x03\x04 this is not really a workbook")
    inbox.write_text(inbox.read_text().replace('uri = "6205"', 'uri = "6205.xlsx"'))
    [outcome] = load(home, inbox)
    assert outcome.status == "failed"
    assert "6205.xlsx" in outcome.message
    assert rows(home, "select count(*) from clubs") == [(3,)]
    assert rows(home, "select status from load_batches order by started_at") == [
        ("loaded",),
        ("failed",),
    ]
    assert ("bad_file",) in rows(home, "select reason_code from rejected_rows")


def test_missing_source_fails_with_a_clear_message(home: Home, inbox: Path) -> None:
    shutil.rmtree(inbox.parent / "6205")
    [outcome] = load(home, inbox)
    assert outcome.status == "failed"
    assert "no such file or folder" in outcome.message


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874"])
def test_csv_encodings_load_the_same(home: Home, inbox: Path, encoding: str) -> None:
    for path in (inbox.parent / "6205").glob("*.csv"):
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    [outcome] = load(home, inbox)
    assert (outcome.rows_loaded, outcome.rows_rejected) == (50, 10)
    assert rows(home, "select name from clubs where club_id = '6205-001'") == [
        ("ชมรมอาสาพัฒนาชุมชนอำเภอคลองขลุง",)
    ]
