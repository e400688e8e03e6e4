"""Rejections a person can act on: a row whose club, meeting or member was rejected names that row's
root (`parent_rejected`, not `unknown_club`), rejections group by root, and a date that cannot be read
says why and which forms are read."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from core.home import Home
from etl import transform, validate
from etl.causes import in_cause_order, root_causes
from etl.extract import read_submission
from etl.pipeline import run
from etl.sources import read_sources
from tests.conftest import TODAY
from warehouse.connection import reading
from warehouse.rules import load_rules

FORMS_TH = "อ่านได้: 15/03/2569, 15 มี.ค. 2569, 2569-03-15, วันที่ของ Excel"
FORMS_EN = "read: 15/03/2569, 15 Mar 2569, 2569-03-15, an Excel date"
CLUBS = "club_id,name,network_type,subdistrict_code,founded_on\nC1,ก,otop,620501,\n"


def rejected(files: dict[str, str]) -> pl.DataFrame:
    """The rejected rows of a CSV submission of district 6205, as the warehouse gets them."""
    raws = {"6205": read_submission({name: text.encode() for name, text in files.items()})}
    checked = validate.submissions(raws, TODAY)
    places = transform.sheet_places(raws, {"6205": "inbox/6205"})
    return transform.rejected_rows(checked, "62", {"6205": "b1"}, places)


def meeting_on(held_on: str) -> dict[str, object]:
    files = {
        "clubs.csv": CLUBS,
        "meetings.csv": f"club_id,meeting_id,held_on,kind\nC1,M1,{held_on},regular\n",
    }
    [row] = rejected(files).to_dicts()
    return row


@pytest.mark.parametrize(
    ("held_on", "thai", "english"),
    [
        ("31/02/2569", "เดือนกุมภาพันธ์ 2569 ไม่มีวันที่ 31", "February 2569 has no 31st day"),
        ("29/02/2570", "เดือนกุมภาพันธ์ 2570 ไม่มีวันที่ 29", "February 2570 has no 29th day"),
        ("๓๑/๐๔/๒๕๖๘", "เดือนเมษายน 2568 ไม่มีวันที่ 31", "April 2568 has no 31st day"),
        ("2569-06-31", "เดือนมิถุนายน 2569 ไม่มีวันที่ 31", "June 2569 has no 31st day"),
        ("32/13/2568", "ไม่มีเดือนที่ 13", "there is no month 13"),
        ("15 มีนาคมม 2568", "ไม่รู้จักชื่อเดือน “มีนาคมม”", "month “มีนาคมม” not understood"),
        ("15/07/2492", "ปีก่อน พ.ศ. 2493", "a year before 2493 B.E."),
        (
            "42",
            "ตัวเลข 42 ไม่ใช่วันที่ของ Excel ซึ่งอ่านตั้งแต่ 18264 คือ 1 มกราคม 2493",
            "42 is no Excel date: those are read from 18264, 1 January 2493",
        ),
        ("เมื่อวาน", "ไม่ใช่รูปแบบที่อ่านได้", "not a form that is read"),
    ],
)
def test_a_date_that_cannot_be_read_says_why_and_which_forms_are_read(
    held_on: str, thai: str, english: str
) -> None:
    row = meeting_on(held_on)
    assert row["reason_code"] == "bad_date"  # the code stays; only the message is specific
    assert row["message_th"] == f"วันที่ประชุม “{held_on}”: อ่านวันที่ไม่ได้ ({thai}) — {FORMS_TH}"
    assert (
        row["message_en"]
        == f"held_on “{held_on}”: the date cannot be read ({english}) — {FORMS_EN}"
    )


def test_dates_out_of_order_and_old_founding_dates_say_so() -> None:
    files = {
        "clubs.csv": CLUBS + "C2,ข,otop,620501,01/01/2440\n",
        "members.csv": "club_id,member_id,full_name,role,joined_on,left_on\nC1,M1,ก ข,member,01/10/2565,01/10/2564\n",
    }
    messages = dict(rejected(files).select("column_name", "message_th").rows())
    assert messages["founded_on"].startswith("วันที่ก่อตั้ง “01/01/2440”: อ่านวันที่ไม่ได้ (ปีก่อน พ.ศ. 2443)")
    assert messages["left_on"] == "วันที่พ้นสภาพ “01/10/2564”: อ่านวันที่ไม่ได้ (อยู่ก่อนวันที่เข้าเป็นสมาชิก)"


def test_a_club_not_in_the_file_is_still_unknown_club() -> None:
    files = {
        "clubs.csv": CLUBS,
        "members.csv": "club_id,member_id,full_name,role,joined_on\nC9,M1,ก ข,member,01/10/2565\n",
    }
    [row] = rejected(files).to_dicts()
    assert (row["reason_code"], row["root_sheet"], row["root_row_number"]) == (
        "unknown_club",
        "members",
        2,
    )
    assert row["message_th"] == "รหัสชมรม “C9”: ไม่พบชมรมนี้ในแฟ้ม"


def test_root_causes_count_the_rows_that_fell_with_each_root() -> None:
    files = {
        "clubs.csv": CLUBS + "C2,,otop,620501,\n",
        "members.csv": "club_id,member_id,full_name,role,joined_on\n"
        + "".join(f"C2,M{n},ก ข,member,01/10/2565\n" for n in range(3))
        + "C1,M1,,member,01/10/2565\n",
        "meetings.csv": "club_id,meeting_id,held_on,kind\nC2,T1,01/11/2565,regular\n",
        "attendance.csv": "club_id,meeting_id,member_id\nC2,T1,M0\nC2,T1,M1\n",
    }
    frame = rejected(files)
    causes = root_causes(frame)
    assert causes.select("sheet", "row_number", "column_name", "reason_code", "rows").rows() == [
        (
            "clubs",
            3,
            "name",
            "missing_required",
            7,
        ),  # 1 cell → 7 rows: itself, 3 members, 1 meeting, 2 attendances
        ("members", 5, "full_name", "missing_required", 1),
    ]
    ordered = in_cause_order(frame)
    assert ordered.select("sheet", "row_number").rows() == [
        ("clubs", 3), ("members", 2), ("members", 3), ("members", 4), ("meetings", 2), ("attendance", 2),
        ("attendance", 3), ("members", 5),
    ]  # fmt: skip


def test_rows_without_roots_are_their_own_causes() -> None:
    frame = pl.DataFrame(
        {"sheet": ["members", "meetings"], "row_number": [5, 6], "column_name": ["joined_on", "attendees"],
         "raw_value": ["x", "=1+1"], "reason_code": ["bad_date", "bad_number"], "message_th": ["a", "b"],
         "message_en": ["a", "b"], "root_sheet": [None, None], "root_row_number": [None, None]},
        schema_overrides={"root_sheet": pl.String, "root_row_number": pl.Int32},
    )  # fmt: skip
    assert root_causes(frame).select("sheet", "row_number", "rows").rows() == [
        ("members", 5, 1),
        ("meetings", 6, 1),
    ]
    assert root_causes(frame.drop("root_sheet", "root_row_number")).height == 2


def test_the_warehouse_keeps_each_rejected_rows_root(home: Home, inbox: Path) -> None:
    clubs = inbox.parent / "6205" / "clubs.csv"
    lines = clubs.read_text(encoding="utf-8").splitlines()
    second = lines[2].split(",")
    lines[2] = ",".join(
        [second[0], "", *second[2:]]
    )  # 6205-002 without a name (6205-001 is there twice)
    clubs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [outcome] = run(home, read_sources(inbox), load_rules(None), today=TODAY, workers=1)
    assert (
        outcome.status == "loaded"
        and outcome.rows_read == outcome.rows_loaded + outcome.rows_rejected
    )
    with reading(home, "62") as (con, _version):
        traced = con.execute(
            "select distinct sheet, root_sheet, root_row_number, root_column_name, root_reason_code "
            "from rejected_rows where reason_code = 'parent_rejected'"
        ).fetchall()
        unknown = con.execute(
            "select raw_value from rejected_rows where reason_code = 'unknown_club'"
        ).fetchall()
    assert {t[1:] for t in traced} == {("clubs", 3, "name", "missing_required")}
    assert {t[0] for t in traced} == {
        "members",
        "meetings",
        "governance",
    }  # its activity fails for its own reason
    assert unknown == [("6205-009",)]  # the club the file really does not have
